"""Likely duplicates: pairs of activities of different partners that look alike, with why."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from ...analysis.base import join, plural
from ...analysis.duplicates import THRESHOLD
from .base import Deck
from .paragraphs import Para, Run
from .tables import Cell, Col


def add_duplicates(deck: Deck) -> None:
    # the pairs of the first view: pairs are compared per cell, so each view finds its own
    pairs = deck.ctx.main.duplicates.pairs
    title = "Mogelijke dubbelingen"
    note = (
        f"Score: gemiddelde van de overeenkomst in naam, omschrijving en bijdrage en van de gedeelde kenmerken; "
        f"gemeld vanaf {THRESHOLD}%. Het overleg beoordeelt of het echt om dubbel aanbod gaat."
    )
    if not pairs:
        deck.text_slides(
            title, [Para([Run("Er zijn geen activiteiten gevonden die sterk op elkaar lijken.")], 18.0)], note
        )
        return
    rows = []
    for p in pairs:
        why = [f"tekst {p.text_score}% gelijk", f"{p.profile_score}% van de kenmerken gedeeld"]
        if p.shared_age_bands:
            why.append(f"beide voor {join(p.shared_age_bands, 3)}")
        if p.cells:
            why.append(f"{'cel' if len(p.cells) == 1 else 'cellen'} {join(p.cells, 2)}")
        rows.append(
            [
                Cell(f"{p.a_name} ({p.a_partner_name})"),
                Cell(f"{p.b_name} ({p.b_partner_name})"),
                Cell(f"{p.score}%", bold=True),
                Cell("; ".join(why)),
            ]
        )
    deck.table_slides(
        title,
        [
            Col("Activiteit", 0.25, max_lines=3),
            Col("Lijkt op", 0.25, max_lines=3),
            Col("Score", 0.08, PP_ALIGN.CENTER),
            Col("Waarom", 0.42, max_lines=3),
        ],
        rows,
        note,
        max_slides=2,
        more=lambda left: f"Nog {plural(left, 'paar', 'paren')} met een lagere score niet getoond.",
    )
