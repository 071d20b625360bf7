"""Per outcome (maatschappelijk resultaat): the partners that contribute, each with its activities."""

from __future__ import annotations

from ...analysis.base import plural
from .base import Deck
from .geometry import CELL_X, to_pt
from .measure import clean, fit_text, wrap
from .paragraphs import Para, Run
from .tables import Cell, Col
from .template import LAYOUT_TABLE

SEP = " · "  # between activity names in a cell
OUTCOME_CELL_LINES = 4  # lines of activity names per partner on an outcome slide at most
MAX_OUTCOME_SLIDES = 3  # per outcome; partners that do not fit are counted in the note of the last slide


def names_fit(names: list[str], width: float, size: float, max_lines: int) -> str:
    """``names`` joined with " · ", as many as fit in ``max_lines``, then "… en N andere"."""
    text = SEP.join(names)
    if len(wrap(text, width, size)) <= max_lines:
        return text
    lo, hi = 0, len(names) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(wrap(f"{SEP.join(names[:mid])}{SEP}en {len(names) - mid} andere", width, size)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return fit_text(f"{names[0]}{SEP}en {len(names) - 1} andere", width, size, max_lines)
    return f"{SEP.join(names[:lo])}{SEP}en {len(names) - lo} andere"


def add_outcomes(deck: Deck) -> None:
    """Per outcome: the partners that contribute, each with its activities (one row per partner)."""
    ctx = deck.ctx
    state = ctx.state
    outcomes = ctx.main.fit.outcomes
    if not outcomes:
        deck.text_slides(
            "Bijdragen per maatschappelijk resultaat",
            [Para([Run("Er zijn nog geen maatschappelijke resultaten vastgelegd.")], 18.0)],
        )
        return
    lay = deck.layouts[LAYOUT_TABLE]
    cols = [Col("Partner", 0.3, max_lines=3), Col("Activiteiten", 0.7, max_lines=OUTCOME_CELL_LINES)]
    acts_width = to_pt(int(lay.area(True).w * 0.7) - 2 * CELL_X)
    for n, o in enumerate(outcomes):
        deck.report(40 + int(25 * n / len(outcomes)), f"Resultaat '{clean(o.title)}'")
        title = f"Resultaat: {o.title}"
        if not o.activities:
            deck.text_slides(
                title,
                [
                    Para(
                        [Run("Geen enkele activiteit draagt bij aan dit resultaat: een witte vlek.", bold=True)], 20.0
                    ),
                    Para([Run(f"Soort resultaat: {o.kind}.", color=deck.grey)], 16.0, space_before=12),
                ],
            )
            continue
        own: dict[str, list[str]] = {}
        helps: dict[str, list[str]] = {}
        for act_id in o.activities:
            act = state.get(act_id)
            if act is None:
                continue
            owner = act.fields["partner"]
            own.setdefault(owner, []).append(clean(act.fields["name"]))
            for p in act.fields.get("co_partners", ()):
                if p != owner:
                    helps.setdefault(p, []).append(clean(act.fields["name"]))
        order = sorted(own, key=lambda p: (-len(own[p]), str(ctx.labels.get(p, p)).lower()))
        rows: list[list[Cell]] = []
        for p in order:
            label = f"{ctx.labels.get(p, p)} ({len(own[p])})"
            rows.append([Cell(label, bold=True), Cell(names_fit(own[p], acts_width, 12.0, OUTCOME_CELL_LINES))])
        for p in sorted(set(helps) - set(own), key=lambda p: str(ctx.labels.get(p, p)).lower()):
            text = names_fit(helps[p], acts_width, 12.0, OUTCOME_CELL_LINES)
            rows.append([Cell(ctx.labels.get(p, p), bold=True), Cell(f"werkt mee aan: {text}", italic=True)])
        note = (
            f"{o.kind.capitalize()} resultaat: {plural(len(o.activities), 'activiteit', 'activiteiten')} van "
            f"{plural(len(o.partners), 'partner', 'partners')} (eigen en meewerkend). Tussen haakjes: het aantal "
            "eigen activiteiten van de partner voor dit resultaat."
        )
        deck.table_slides(
            title,
            cols,
            rows,
            note,
            max_slides=MAX_OUTCOME_SLIDES,
            more=lambda left: f"Nog {plural(left, 'partner', 'partners')} niet getoond (zie de analyse in matrixsync).",
        )
