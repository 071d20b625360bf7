"""The opening slides: the title slide, and the key figures with what stands out."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from ...analysis.base import join, num, pct, plural
from .base import Deck
from .colors import blend, darken
from .geometry import INSET_X, Box, to_emu, to_pt
from .measure import clean, fit_text, text_width
from .meetings import decisions, dutch_date, meeting_label
from .paragraphs import Para, Run, fill_frame, paras_height, take
from .template import LAYOUT_KEYS, LAYOUT_TITLE, style_size


def add_title_slide(deck: Deck) -> None:
    ctx = deck.ctx
    lay = deck.layouts[LAYOUT_TITLE]
    slide = deck.prs.slides.add_slide(lay.layout)
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in (lay.title_idx, lay.main_idx):
            ph._element.getparent().remove(ph._element)
    deck.set_title(slide, lay, ctx.state.name)
    lines = [
        f"Bestuurlijk overleg · {dutch_date(ctx.meeting_day)}",
        "Het jeugdaanbod in cijfers: Preventiematrix en Kwaliteitskompas blok 3B",
        f"Stand van de werkruimte: wijziging {num(ctx.state.seq)}",
    ]
    size = style_size(lay.layout, lay.main_idx, "bodyStyle", 20.0)
    sizes = [size, size * 0.8, size * 0.7]
    paras = [
        Para(
            [
                Run(
                    fit_text(clean(t), to_pt(lay.main.w - 2 * INSET_X), s, 1),
                    bold=n == 0,
                    color=None if n == 0 else deck.grey,
                )
            ],
            s,
            space_before=0 if n == 0 else 4,
        )
        for n, (t, s) in enumerate(zip(lines, sizes, strict=True))
    ]
    while len(paras) > 1 and paras_height(paras, lay.main.w) > to_pt(lay.main.h):
        paras.pop()
    fill_frame(slide.placeholders[lay.main_idx].text_frame, paras)  # no footer: it would say the same


def add_key_figures(deck: Deck) -> None:
    ctx = deck.ctx
    a = ctx.main
    t = a.totals
    slide, area = deck.slide(LAYOUT_KEYS, "Kerncijfers")
    reach_label = "bereik per jaar (alle eenheden)"
    if t.reach_unknown:
        reach_label = f"bereik per jaar; bij {plural(t.reach_unknown, 'activiteit', 'activiteiten')} onbekend"
    partner_label = "partners" if t.active_partners == t.partners else f"partners, {num(t.active_partners)} actief"
    tiles = [
        (num(t.activities), "activiteiten"),
        (num(t.partners), partner_label),
        (num(t.outcomes), "maatschappelijke resultaten"),
        (num(t.reach), reach_label),
    ]
    gap = to_emu(14)
    tile_w = (area.w - gap * (len(tiles) - 1)) // len(tiles)
    tile_h = min(to_emu(118), area.h // 2)
    fill = blend(deck.accent, 0.1)
    for n, (value, label) in enumerate(tiles):
        box = Box(area.x + n * (tile_w + gap), area.y, tile_w, tile_h)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *box.emu())
        shape.adjustments[0] = 0.08
        shape.fill.solid()
        shape.fill.fore_color.rgb = fill
        shape.line.fill.background()
        shape.shadow.inherit = False
        width = to_pt(box.w - 2 * INSET_X)
        big = 40.0
        while big > 20 and text_width(value, big, True) > width:
            big -= 4
        label_size = 14.0
        paras = [
            Para(
                [Run(fit_text(value, width, big, 1, True), bold=True, color=darken(deck.accent, 0.15))],
                big,
                align=PP_ALIGN.CENTER,
            ),
            Para([Run(fit_text(label, width, label_size, 2), color=deck.text)], label_size, align=PP_ALIGN.CENTER),
        ]
        fill_frame(shape.text_frame, paras, MSO_ANCHOR.MIDDLE)

    top = area.y + tile_h + to_emu(22)
    box = Box(area.x, top, area.w, area.bottom - top)
    head = Para([Run("Wat opvalt", bold=True, color=deck.dark)], 18.0)
    paras = [head, *(Para([Run(f)], 16.0, bullet="•", space_before=6) for f in findings(deck))]
    deck.textbox(slide, box, paras[: take(paras, box)])


def findings(deck: Deck) -> list[str]:
    """Key findings as Dutch sentences: reporting, never advising."""
    ctx = deck.ctx
    a = ctx.main
    out: list[str] = []
    if not a.totals.activities:
        out.append("Er zijn nog geen activiteiten ingevuld; de cijfers vullen zich zodra partners hun aanbod invoeren.")
    for f in ctx.fits:
        if f.matrix and f.cells:
            out.append(
                f"Matrix '{f.matrix_name}': {num(len(f.empty_cells))} van de {num(f.cells)} cellen zijn leeg (witte vlekken)."
            )
            break
    if a.fit.outcomes_without_activity:
        titles = [f"'{o.title}'" for o in a.fit.outcomes_without_activity]
        out.append(f"Geen enkele activiteit draagt bij aan {join(titles, 3)}.")
    elif a.fit.outcomes and a.totals.activities:
        out.append("Aan elk maatschappelijk resultaat draagt minstens één activiteit bij.")
    pairs = ctx.main.duplicates.pairs
    if pairs:
        out.append(
            f"{plural(len(pairs), 'paar activiteiten', 'paren activiteiten')} van verschillende partners "
            f"{'lijkt' if len(pairs) == 1 else 'lijken'} op elkaar: mogelijke dubbelingen."
        )
    prev = a.prevention
    valued = [c for c in prev.levels.items if c.key and not c.retired]
    if a.totals.activities and len(valued) >= 3:
        rest = join([c.label for c in valued[2:]], 99).replace(" en ", " of ")
        out.append(
            f"{pct(prev.universal_share)} van de activiteiten is {valued[0].label}, {pct(prev.indicated_share)} is {rest}."
        )
    ch = a.changes
    if ch.since is not None:
        out.append(
            f"Sinds {meeting_label(ctx.meeting, ch.since)}: {num(len(ch.added))} toegevoegd, "
            f"{num(len(ch.changed))} gewijzigd, {num(len(ch.removed))} verwijderd."
        )
    open_ = [d for d in decisions(ctx.state) if d.fields.get("status", "open") == "open"]
    if open_:
        out.append(f"{plural(len(open_), 'besluitpunt ligt', 'besluitpunten liggen')} voor.")
    return [clean(x) for x in out]
