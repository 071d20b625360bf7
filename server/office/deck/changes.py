"""Changes since the last meeting: activities added, changed and removed, with the fields that changed."""

from __future__ import annotations

from ...analysis.base import num, plural
from ...analysis.changes import KIND_LABELS
from .base import Deck
from .meetings import meeting_label
from .paragraphs import Para, Run
from .tables import Cell, Col


def add_changes(deck: Deck) -> None:
    ctx = deck.ctx
    ch = ctx.main.changes
    title = "Wijzigingen sinds het vorige overleg"
    if ch.since is None:
        deck.text_slides(
            title,
            [
                Para(
                    [Run("Er is nog geen eerder overleg vastgelegd om mee te vergelijken.")],
                    18.0,
                ),
                Para(
                    [
                        Run(
                            "Leg in matrixsync een overleg vast; de volgende presentatie toont dan wat er sindsdien is veranderd.",
                            color=deck.grey,
                        )
                    ],
                    16.0,
                    space_before=10,
                ),
            ],
        )
        return
    since = meeting_label(ctx.meeting, ch.since)
    items = [*ch.added, *ch.changed, *ch.removed]
    if not items:
        deck.text_slides(
            title,
            [Para([Run(f"Sinds {since} zijn er geen activiteiten toegevoegd, gewijzigd of verwijderd.")], 18.0)],
        )
        return
    note = (
        f"Sinds {since}: {num(len(ch.added))} toegevoegd, {num(len(ch.changed))} gewijzigd en "
        f"{num(len(ch.removed))} verwijderd."
    )
    rows = []
    for c in items:
        what = ", ".join(c.field_labels + (["teruggezet"] if c.restored else []))
        rows.append(
            [Cell(c.name), Cell(c.partner_name), Cell(KIND_LABELS[c.kind], bold=c.kind != "changed"), Cell(what)]
        )
    deck.table_slides(
        title,
        [Col("Activiteit", 0.34), Col("Partner", 0.28), Col("Wijziging", 0.12), Col("Velden", 0.26)],
        rows,
        note,
        more=lambda left: f"Nog {plural(left, 'wijziging', 'wijzigingen')} niet getoond.",
    )
