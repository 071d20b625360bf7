"""Tables: cells measured and cut off to fit, rows spread over pages, and the table written as DrawingML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from xml.sax.saxutils import escape

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import nsdecls, qn
from pptx.slide import Slide
from pptx.util import Emu

from .geometry import CELL_X, CELL_Y, Box, to_emu, to_pt
from .measure import LINE_HEIGHT, fit_text, wrap


@dataclass
class Cell:
    text: str
    bold: bool = False
    italic: bool = False
    fill: RGBColor | None = None
    color: RGBColor | None = None
    align: PP_ALIGN | None = None
    size: float | None = None  # points; the table's size when None


@dataclass
class Col:
    header: str
    weight: float
    align: PP_ALIGN = PP_ALIGN.LEFT
    max_lines: int = 2


def cell_lines(text: str, width_emu: int, size: float, bold: bool, max_lines: int) -> tuple[str, int]:
    """``text`` fitted to a cell ``width_emu`` wide, and the lines it takes there."""
    width = to_pt(width_emu - 2 * CELL_X)
    text = fit_text(text, width, size, max_lines, bold)
    return text, len(wrap(text, width, size, bold))


def row_height(lines: int, size: float) -> int:
    return to_emu(lines * size * LINE_HEIGHT + 2 * to_pt(CELL_Y) + 1.0)


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def _cell_xml(spec: Cell, size: float) -> str:
    """One table cell as DrawingML: written as text, since python-pptx's cell API is slow for big tables.
    The text is escaped here (``clean`` removed what XML cannot hold)."""
    algn = f' algn="{_ALIGN[spec.align]}"' if spec.align in _ALIGN else ""
    attrs = f' sz="{int(round((spec.size or size) * 100))}" b="{1 if spec.bold else 0}"' + (
        ' i="1"' if spec.italic else ""
    )
    color = f'<a:solidFill><a:srgbClr val="{spec.color}"/></a:solidFill>' if spec.color is not None else ""
    fill = f'<a:solidFill><a:srgbClr val="{spec.fill}"/></a:solidFill>' if spec.fill is not None else ""
    return (
        f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr{algn}/><a:r><a:rPr lang="nl-NL"{attrs} dirty="0">'
        f"{color}</a:rPr><a:t>{escape(spec.text)}</a:t></a:r></a:p></a:txBody>"
        f'<a:tcPr marL="{CELL_X}" marR="{CELL_X}" marT="{CELL_Y}" marB="{CELL_Y}" anchor="ctr">{fill}</a:tcPr></a:tc>'
    )


def add_table(
    slide: Slide, box: Box, widths: list[int], rows: list[list[Cell]], heights: list[int], size: float
) -> Any:
    """A table at the top left of ``box`` with the given column widths and row heights (EMU)."""
    shape = slide.shapes.add_table(1, len(widths), Emu(box.x), Emu(box.y), Emu(sum(widths)), Emu(sum(heights)))
    tbl: Any = cast(Any, shape._element).graphic.graphicData.tbl
    for child in list(tbl):
        if child.tag != qn("a:tblPr"):
            tbl.remove(child)
    tbl.tblPr.set("firstRow", "1")
    tbl.tblPr.set("bandRow", "0")
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = "".join(
        f'<a:tr h="{h}">' + "".join(_cell_xml(spec, size) for spec in row) + "</a:tr>"
        for row, h in zip(rows, heights, strict=True)
    )
    parsed = etree.fromstring(f"<a:tbl {nsdecls('a')}><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl>")
    for child in parsed:
        tbl.append(child)
    return shape


def paginate(heights: Sequence[int], room: int, max_pages: int | None = None) -> list[list[int]]:
    """Row indexes per page so that each page's rows fit in ``room``. When the rows take several pages
    (and no more than ``max_pages``), they are spread evenly rather than leaving a last page nearly empty."""

    def greedy(limit: int) -> list[list[int]]:
        pages: list[list[int]] = [[]]
        used = 0
        for i, h in enumerate(heights):
            if pages[-1] and used + h > limit:
                pages.append([])
                used = 0
            pages[-1].append(i)
            used += h
        return pages

    pages = greedy(room)
    if len(pages) > 1 and (max_pages is None or len(pages) <= max_pages):
        lo, hi = max(max(heights), sum(heights) // len(pages)), room
        while lo < hi:
            mid = (lo + hi) // 2
            if len(greedy(mid)) <= len(pages):
                hi = mid
            else:
                lo = mid + 1
        pages = greedy(max(lo, 1))
    return pages
