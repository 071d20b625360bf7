"""The matrix views: each as a heat-map table (a count per cell, white spots marked), and the white spots
of all views listed."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from ...analysis.base import join, num, plural
from ...analysis.fit import Fit
from .base import Deck, numbered
from .colors import blend, darken, readable_on
from .geometry import CELL_X, to_emu, to_pt
from .measure import ZWSP, breakable, clean, fit_text, lower_first, text_width, wrap
from .paragraphs import Para, Run
from .tables import Cell, Col, add_table, paginate, row_height
from .template import LAYOUT_TABLE

SPOT_MARK = "—"  # a white spot (empty cell) in a heat map


def add_heat_maps(deck: Deck, f: Fit) -> None:
    """The matrix of one view, over as many slides as its rows and columns need."""
    title = f"Matrix {f.matrix_name}: {f.row_label} × {f.col_label}"
    if not f.rows or not f.cols:
        deck.text_slides(title, [Para([Run("Deze matrix heeft nog geen rijen of kolommen.")], 18.0)])
        return
    note = (
        f"Getal: aantal activiteiten in de cel; een activiteit met meer waarden telt in elke cel mee. "
        f"{SPOT_MARK} is een witte vlek: geen activiteit. {num(len(f.empty_cells))} van de {num(f.cells)} cellen zijn leeg."
    )
    if f.unplaced:
        note += (
            f" {plural(len(f.unplaced), 'activiteit staat', 'activiteiten staan')} niet in deze matrix "
            f"({lower_first(f.row_label)} of {lower_first(f.col_label)} niet ingevuld)."
        )
    lay = deck.layouts[LAYOUT_TABLE]
    area = lay.area(True)
    peak = max((n for row in f.grid for n in row), default=0)
    min_col = to_emu(0.8 * 72)
    max_col = to_emu(1.9 * 72)

    def plan(size: float) -> tuple[int, int, int, int, list[int]]:
        """(label width, columns per slide, column width, header height, row heights) at ``size``."""
        longest = max(text_width(clean(r.label), size) for r in f.rows) + 2 * to_pt(CELL_X) + 2
        widest = max(to_emu(1.6 * 72), min(to_emu(5.2 * 72), area.w - len(f.cols) * min_col))
        label_w = int(min(max(to_emu(longest), to_emu(1.6 * 72)), widest))
        per = max(1, int((area.w - label_w) // min_col))
        col_w = int(min(max_col, (area.w - label_w) // min(per, len(f.cols))))
        header_lines = max(
            [len(wrap(breakable(c.label), to_pt(col_w - 2 * CELL_X), size, True)) for c in f.cols]
            + [len(wrap(clean(f.row_label), to_pt(label_w - 2 * CELL_X), size, True))]
        )
        header_h = row_height(min(header_lines, 3), size)
        rows = [row_height(min(2, len(wrap(clean(r.label), to_pt(label_w - 2 * CELL_X), size))), size) for r in f.rows]
        return label_w, per, col_w, header_h, rows

    chosen = None
    for size in (16.0, 14.0, 12.0, 11.0, 10.0):
        label_w, per, col_w, header_h, rows = plan(size)
        if per >= len(f.cols) and header_h + sum(rows) <= area.h:
            chosen = size
            break
    size = chosen or 11.0
    label_w, per, col_w, header_h, rows = plan(size)
    if chosen is not None:  # all on one slide: rows of one height, with some air
        even = (area.h - header_h) // len(rows)
        if even >= max(rows):
            rows = [max(max(rows), min(even, to_emu(0.55 * 72)))] * len(rows)
    row_pages = paginate(rows, area.h - header_h)
    # a column label with a word wider than its column gets a smaller size rather than a broken word
    header_size = size
    words = [w for c in f.cols for w in breakable(c.label).replace(ZWSP, " ").split(" ")]
    while header_size > 8 and any(text_width(w, header_size, True) > to_pt(col_w - 2 * CELL_X) for w in words):
        header_size -= 1
    col_pages = [list(range(i, min(i + per, len(f.cols)))) for i in range(0, len(f.cols), per)]
    pages = [(rp, cp) for rp in row_pages for cp in col_pages]
    dark = deck.text
    for i, (rp, cp) in enumerate(pages):
        slide, box = deck.slide(LAYOUT_TABLE, numbered(title, i, len(pages)), note)
        width = to_pt(col_w - 2 * CELL_X)
        label_width = to_pt(label_w - 2 * CELL_X)
        header = [
            Cell(
                fit_text(clean(f.row_label), label_width, size, 3, True),
                True,
                fill=deck.dark,
                color=readable_on(deck.dark, dark),
            )
        ]
        for c in cp:
            header.append(
                Cell(
                    fit_text(breakable(f.cols[c].label), width, header_size, 3, True),
                    True,
                    fill=deck.dark,
                    color=readable_on(deck.dark, dark),
                    align=PP_ALIGN.CENTER,
                    size=header_size,
                )
            )
        table = [header]
        for r in rp:
            row = [Cell(fit_text(clean(f.rows[r].label), label_width, size, 2), fill=deck.light, color=dark)]
            for c in cp:
                count = f.grid[r][c]
                if count == 0:
                    fill = blend(deck.spot, 0.22)
                    row.append(Cell(SPOT_MARK, True, fill=fill, color=darken(deck.spot, 0.35), align=PP_ALIGN.CENTER))
                else:
                    fill = blend(deck.accent, 0.18 + 0.82 * count / peak)
                    row.append(
                        Cell(num(count), count == peak, fill=fill, color=readable_on(fill, dark), align=PP_ALIGN.CENTER)
                    )
            table.append(row)
        add_table(slide, box, [label_w] + [col_w] * len(cp), table, [header_h] + [rows[r] for r in rp], size)


def add_white_spots(deck: Deck) -> None:
    """The empty cells of every view, a row of a matrix per table row."""
    ctx = deck.ctx
    rows: list[list[Cell]] = []
    total = 0
    for f in ctx.fits:
        if not f.matrix:
            continue
        by_row: dict[str, list[str]] = {}
        for c in f.empty_cells:
            by_row.setdefault(c.row_label, []).append(c.col_label)
        total += len(f.empty_cells)
        for r in f.rows:
            if r.label in by_row:
                cols = by_row[r.label]
                every = len(cols) == len(f.cols)
                rows.append(
                    [
                        Cell(f.matrix_name),
                        Cell(r.label, bold=every),
                        Cell("alle kolommen" if every and len(cols) > 1 else ", ".join(cols), bold=every),
                    ]
                )
    a = ctx.main
    parts = []
    if a.fit.outcomes_without_activity:
        parts.append(
            f"Geen activiteit draagt bij aan {join([repr(o.title) for o in a.fit.outcomes_without_activity], 4)}."
        )
    if a.fit.single_partner_cells:
        parts.append(
            f"In '{a.fit.matrix_name}' {plural(len(a.fit.single_partner_cells), 'cel wordt', 'cellen worden')} door "
            "maar één partner bediend."
        )
    note = " ".join(parts).replace('"', "'")
    title = "Witte vlekken: lege cellen"
    if not rows:
        deck.text_slides(title, [Para([Run("Er zijn geen lege cellen in de matrices.")], 18.0)], note)
        return
    deck.table_slides(
        title,
        [Col("Matrix", 0.22), Col("Rij", 0.33), Col("Lege cellen (kolommen zonder activiteit)", 0.45, max_lines=3)],
        rows,
        f"{num(total)} lege cellen. {note}".strip(),
        more=lambda left: f"Nog {plural(left, 'rij', 'rijen')} niet getoond.",
    )
