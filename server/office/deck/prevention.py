"""Prevention: the share of activities (and of reach) per prevention level and per tier, as bar charts."""

from __future__ import annotations

from .base import Deck
from .charts import bar_chart
from .geometry import Box, to_emu, to_pt
from .measure import clean, fit_text, lower_first
from .paragraphs import Para, Run
from .template import LAYOUT_CHART


def add_prevention(deck: Deck) -> None:
    prev = deck.ctx.main.prevention
    title = "Preventie: aandeel per niveau en per soort activiteit"
    dists = [d for d in (prev.levels, prev.tiers) if d.items]
    if not deck.ctx.main.totals.activities or not dists:
        paras = [Para([Run("Er zijn nog geen activiteiten, dus nog geen verdeling over de preventieniveaus.")], 18.0)]
        paras.append(Para([Run(prev.warning, color=deck.grey)], 14.0, space_before=12))
        deck.text_slides(title, paras)
        return
    note = f"Onderaan het breedste niveau, zoals in de preventiepiramide. {prev.warning}"
    slide, area = deck.slide(LAYOUT_CHART, title, note)
    gap = to_emu(18)
    w = (area.w - gap * (len(dists) - 1)) // len(dists)
    for n, dist in enumerate(dists):
        box = Box(area.x + n * (w + gap), area.y, w, area.h)
        series = [("% van de activiteiten", [c.share for c in dist.items])]
        if dist.total_reach:
            series.append(("% van het bereik", [c.reach_share for c in dist.items]))
        label_width = to_pt(w) * 0.35
        cats = [fit_text(clean(c.label), label_width, 12, 3) for c in dist.items]
        bar_chart(slide, box, f"Per {lower_first(dist.label)}", cats, series, percent=True)
