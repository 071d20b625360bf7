"""Partner contributions: own and co-delivered activities per partner, as bar charts."""

from __future__ import annotations

from .base import Deck, numbered
from .charts import bar_chart
from .geometry import to_pt
from .measure import clean, fit_text
from .paragraphs import Para, Run
from .template import LAYOUT_CHART


def add_partners(deck: Deck) -> None:
    con = deck.ctx.main.contribution
    title = "Bijdrage per partner"
    if not con.partners:
        deck.text_slides(title, [Para([Run("Er zijn nog geen partners in deze werkruimte.")], 18.0)])
        return
    area = deck.layouts[LAYOUT_CHART].area(True)
    most = max(5, int((to_pt(area.h) / 72 - 0.9) / 0.22))  # partners per chart: two bars each, readable
    count = -(-len(con.partners) // most)
    per = -(-len(con.partners) // count)
    pages = [con.partners[i : i + per] for i in range(0, len(con.partners), per)]
    note = (
        "Eigen activiteiten: die de partner zelf uitvoert. Mede uitgevoerd: activiteiten van een andere partner "
        "waaraan hij meewerkt."
    )
    peak = max(max(pc.total.activities, len(pc.co_delivered)) for pc in con.partners)
    for i, page in enumerate(pages):
        slide, box = deck.slide(LAYOUT_CHART, numbered(title, i, len(pages)), note)
        # a bar chart draws its first category at the bottom: give them in reverse, the largest on top
        page = list(reversed(page))
        cats = [fit_text(clean(pc.name), to_pt(box.w) * 0.3, 12, 1) for pc in page]
        frame = bar_chart(
            slide,
            box,
            "Activiteiten per partner",
            cats,
            [
                ("Eigen activiteiten", [float(pc.total.activities) for pc in page]),
                ("Mede uitgevoerd", [float(len(pc.co_delivered)) for pc in page]),
            ],
            percent=False,
        )
        frame.chart.value_axis.maximum_scale = max(5.0, float(int(peak * 1.15) + 1))
