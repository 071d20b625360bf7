"""The entry point: :func:`build_deck` runs the analysis when it is not given, opens the template, adds
the slides in order and saves the deck."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ...analysis import Analysis, analyse
from ...analysis.base import Context as AnalysisContext
from ...analysis.fit import compute as compute_fit
from ...domain.matrix import views
from ...domain.state import WorkspaceState
from .base import Context, Deck, Progress
from .changes import add_changes
from .decisions import add_decisions
from .duplicates import add_duplicates
from .heat_maps import add_heat_maps, add_white_spots
from .measure import clean
from .meetings import dutch_date, latest_meeting, meeting_for
from .opening import add_key_figures, add_title_slide
from .outcomes import add_outcomes
from .partners import add_partners
from .prevention import add_prevention
from .template import TEMPLATE_DIR, TEMPLATE_FILE, open_template


def deck_filename(slug: str, day: date | None = None) -> str:
    """The download name, e.g. ``bestuurlijk-overleg-demo-2026-11-23.pptx``: lower-case letters, digits, dashes."""
    parts = ["bestuurlijk-overleg", slug, (day or date.today()).isoformat()]
    safe = (re.sub(r"[^a-z0-9]+", "-", p.casefold()).strip("-") for p in parts)
    return "-".join(p for p in safe if p) + ".pptx"


def build_deck(
    state: WorkspaceState,
    analysis_by_view: dict[str, Analysis] | None = None,
    since: int | None = None,
    changes: list[dict[str, Any]] | None = None,
    meeting_date: date | None = None,
    template: Path | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The deck (pptx bytes) for the bestuurlijk overleg over the live ``state``.

    ``analysis_by_view`` maps matrix ids to their analysis, in view order: the first one gives the key
    figures, prevention, outcomes, duplicates, partners and changes; every one gives a heat map and its
    white spots. Without it, :func:`server.analysis.analyse` is run for the first view, and only the fit
    (cells and white spots) for the others. ``since`` (default: the seq of the last meeting held) and
    ``changes`` (the mutation log after it) are passed to that analysis for "changes since the last
    meeting"; they are not used when the analyses are given. ``meeting_date`` (default today) is the date
    on the title slide. ``progress(percent, message)`` is called as the slides are built. Raises
    :class:`DeckTemplateError` when the template lacks a layout or placeholder the deck needs.
    """

    def report(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    report(0, "Sjabloon openen")
    prs = open_template(template or TEMPLATE_DIR / TEMPLATE_FILE)
    if since is None and not analysis_by_view:
        latest = latest_meeting(state)
        since = int(latest.fields["seq"]) if latest is not None else None
    if analysis_by_view:
        analyses = list(analysis_by_view.values())
        main, fits = analyses[0], [a.fit for a in analyses]
    else:
        report(2, "Analyse maken")
        matrices = views(state)
        main = analyse(state, matrices[0].id if matrices else None, since, changes)
        # the other views are drawn as heat maps and searched for white spots: their fit is all the deck
        # shows of them, so the rest of their analysis (the duplicate search above all) is not made
        lookups = AnalysisContext(state)
        fits = [main.fit, *(compute_fit(lookups, view) for view in matrices[1:])]
    meeting = meeting_for(state, main.changes.since)
    ctx = Context(state, main, fits, meeting, meeting_date or date.today())
    for obj in state.objects.values():
        if obj.type == "partner":
            ctx.labels[obj.id] = obj.fields["name"]
        elif obj.type == "axis_value":
            ctx.labels[obj.id] = obj.fields["label"]
    deck = Deck(prs, ctx, progress)

    deck.report(5, "Titeldia")
    add_title_slide(deck)
    deck.report(8, "Kerncijfers")
    add_key_figures(deck)
    shown = [f for f in fits if f.matrix]
    for n, f in enumerate(shown):
        deck.report(12 + int(20 * n / len(shown)), f"Matrix '{clean(f.matrix_name)}'")
        add_heat_maps(deck, f)
    deck.report(34, "Preventie")
    add_prevention(deck)
    add_outcomes(deck)
    deck.report(66, "Witte vlekken")
    add_white_spots(deck)
    deck.report(72, "Dubbelingen")
    add_duplicates(deck)
    deck.report(80, "Bijdrage per partner")
    add_partners(deck)
    deck.report(86, "Wijzigingen sinds het vorige overleg")
    add_changes(deck)
    deck.report(92, "Besluitpunten")
    add_decisions(deck)

    deck.report(96, "Presentatie opslaan")
    props = prs.core_properties
    props.title = clean(f"{state.name}: bestuurlijk overleg {dutch_date(ctx.meeting_day)}")[:255]
    props.author = props.last_modified_by = "matrixsync"
    props.subject = "Analyse van het jeugdaanbod (Preventiematrix, Kwaliteitskompas blok 3B)"
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    out = io.BytesIO()
    prs.save(out)
    deck.report(100, "Presentatie klaar")
    return out.getvalue()
