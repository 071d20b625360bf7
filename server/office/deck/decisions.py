"""Besluitpunten: numbered, open ones first, the status of the others beside them."""

from __future__ import annotations

from .base import Deck
from .geometry import INSET_Y, to_pt
from .measure import LINE_HEIGHT, clean
from .meetings import decisions
from .paragraphs import Para, Run, fit_para
from .template import LAYOUT_TEXT

STATUS_LABELS = {"open": "open", "genomen": "genomen", "aangehouden": "aangehouden"}


def add_decisions(deck: Deck) -> None:
    items = decisions(deck.ctx.state)
    title = "Besluitpunten"
    if not items:
        deck.text_slides(title, [Para([Run("Er zijn nog geen besluitpunten vastgelegd.")], 18.0)])
        return
    area = deck.layouts[LAYOUT_TEXT].area(False)
    # a besluitpunt takes at most half a slide
    max_lines = max(2, int((to_pt(area.h - 2 * INSET_Y)) // (16.0 * LINE_HEIGHT)) // 2)
    paras = []
    for n, d in enumerate(items, 1):
        status = d.fields.get("status", "open")
        runs = [Run(clean(d.fields["text"]))]
        if status != "open":
            runs.append(Run(f" ({STATUS_LABELS.get(status, status)})", italic=True, color=deck.grey))
        paras.append(fit_para(Para(runs, 16.0, bullet="#", number=n, space_before=12), area.w, max_lines))
    deck.text_slides(title, paras)
