"""The deck for the bestuurlijk overleg: a short PowerPoint presentation of the analysis, in Dutch.

Built with python-pptx on a house-style template (``templates_office/deck-template.pptx``, or a
municipality's own): slide layouts are looked up by NAME, so another template works when it has the same
layout names and placeholder roles (``templates_office/README.md``). Slides, in order:

1. title (workspace, meeting date); 2. key figures (activities, partners, outcomes, reach) and findings;
3. per matrix view, the matrix as a heat-map table (white spots marked); 4. prevention: share per level
and per tier as native charts, with the analysis's warning; 5. per outcome, the contributing activities
and partners; 6. white spots; 7. likely duplicates; 8. partner contributions as a native chart;
9. changes since the last meeting; 10. besluitpunten (open ones first).

Nothing may run off a slide. Text is measured with a conservative per-character width table (DejaVu Sans,
wider than Calibri, Arial or Aptos, so what fits here fits in PowerPoint too): long texts are cut off with
"…", long tables and lists go on to a next slide, and tables that would still be very long are cut off
after a few slides with a note saying how much was left out. Text boxes never grow or shrink on their own
(auto-size off), so what is measured is what is shown.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Length

from ..analysis import Analysis, analyse
from ..analysis.base import Context as AnalysisContext
from ..analysis.base import join, num, pct, plural
from ..analysis.changes import KIND_LABELS
from ..analysis.duplicates import THRESHOLD
from ..analysis.fit import Fit
from ..analysis.fit import compute as compute_fit
from ..domain.matrix import views
from ..domain.state import StoredObject, WorkspaceState

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates_office"
TEMPLATE_FILE = "deck-template.pptx"

# The layout names looked up in the template (templates_office/README.md).
LAYOUT_TITLE = "matrixsync Titel"
LAYOUT_KEYS = "matrixsync Kernpunten"
LAYOUT_TABLE = "matrixsync Tabel"
LAYOUT_CHART = "matrixsync Grafiek"
LAYOUT_TEXT = "matrixsync Tekst"
LAYOUT_NAMES = (LAYOUT_TITLE, LAYOUT_KEYS, LAYOUT_TABLE, LAYOUT_CHART, LAYOUT_TEXT)

SPOT_MARK = "—"  # a white spot (empty cell) in a heat map
ELLIPSIS = "…"
SEP = " · "  # between activity names in a cell
ZWSP = "\u200b"  # a zero-width space: where a label may break without a space (after "/")
NOTE_SIZE = 12.0  # points
NOTE_LINES = 2  # of a note, when the template has no note placeholder
OUTCOME_CELL_LINES = 4  # lines of activity names per partner on an outcome slide at most

# Slides per long list at most; what does not fit is counted in the note of the last slide.
MAX_OUTCOME_SLIDES = 3
MAX_LIST_SLIDES = 3

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
STATUS_LABELS = {"open": "open", "genomen": "genomen", "aangehouden": "aangehouden"}

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_PT = 12700
EMU_PER_IN = 914400

Progress = Callable[[int, str], None]


class DeckTemplateError(ValueError):
    """The template cannot be used (missing layout or placeholder, not a pptx); the message is Dutch."""


# --- measuring text -------------------------------------------------------------------------------
# Advance widths of DejaVu Sans in em (LibreOffice's fallback when Calibri is missing, and wider than
# Calibri, Carlito, Arial or Aptos), grouped; a character not listed counts as wide.
_WIDTH_GROUPS = (
    (0.30, " ',.IJijlï‘’·"),
    (0.35, "-/:;\\f|"),
    (0.40, "!()[]rt"),
    (0.45, '"'),
    (0.50, "*_`sz–“”"),
    (0.55, "?Lcç"),
    (0.60, "FPTYaekovxyéëöèóáàäêíìîòôúùûñ"),
    (0.65, "$0123456789EKSbdghnpqu{}ü€"),
    (0.70, "ABCRVXZÉÈ"),
    (0.75, "DHNU"),
    (0.80, "&GOQw"),
    (0.85, "#+<=>M^~×"),
    (0.95, "%m"),
    (1.00, "@W—…"),
)
_WIDTHS = {ch: w for w, chars in _WIDTH_GROUPS for ch in chars}
_WIDE = 0.70
WIDTH_MARGIN = 1.06  # on top of the table: kerning, hinting and rounding differences between renderers
BOLD_FACTOR = 1.12  # DejaVu Sans Bold against Regular
LINE_HEIGHT = 1.22  # line pitch / font size (DejaVu Sans 1.164, Calibri 1.22)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in points of ``text`` on one line at ``size`` points."""
    width = sum(_WIDTHS.get(ch, _WIDE) for ch in text) * size * WIDTH_MARGIN
    return width * BOLD_FACTOR if bold else width


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The lines ``text`` wraps into in a box ``width`` points wide (greedy, at spaces and zero-width
    spaces; a word longer than a line is broken, as PowerPoint and LibreOffice do)."""
    text = text.replace(ZWSP, " ")
    lines: list[str] = []
    space = text_width(" ", size, bold)
    cur, cur_w = "", 0.0
    for word in text.split(" "):
        ww = text_width(word, size, bold)
        if cur and cur_w + space + ww <= width:
            cur, cur_w = f"{cur} {word}", cur_w + space + ww
            continue
        if cur:
            lines.append(cur)
        while ww > width and len(word) > 1:
            n = len(word) - 1
            while n > 1 and text_width(word[:n], size, bold) > width:
                n -= 1
            lines.append(word[:n])
            word = word[n:]
            ww = text_width(word, size, bold)
        cur, cur_w = word, ww
    lines.append(cur)
    return lines


def fit_text(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> str:
    """``text``, cut off with "…" where it would need more than ``max_lines`` lines."""
    if len(wrap(text, width, size, bold)) <= max_lines:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if len(wrap(text[:mid].rstrip() + ELLIPSIS, width, size, bold)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo]
    space = cut.rfind(" ")
    if space > 0 and lo - space < 20:  # end on a whole word when that loses little
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + ELLIPSIS


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: Any) -> str:
    """User text made safe for a slide: no characters XML cannot hold, whitespace collapsed to spaces."""
    return " ".join(_ILLEGAL.sub("", str(text)).split())


def _breakable(label: str) -> str:
    """A label that may break after a slash ("kinderopvang/school"), as it would at a space."""
    return clean(label).replace("/", "/" + ZWSP)


def _lower_first(label: str) -> str:
    """A label inside a sentence: "Soort activiteit (3B)" -> "soort activiteit (3B)"."""
    return label[:1].lower() + label[1:]


def dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def deck_filename(slug: str, day: date | None = None) -> str:
    """The download name, e.g. ``bestuurlijk-overleg-demo-2026-11-23.pptx``: lower-case letters, digits, dashes."""
    parts = ["bestuurlijk-overleg", slug, (day or date.today()).isoformat()]
    safe = (re.sub(r"[^a-z0-9]+", "-", p.casefold()).strip("-") for p in parts)
    return "-".join(p for p in safe if p) + ".pptx"


# --- geometry and colour --------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def emu(self) -> tuple[Length, Length, Length, Length]:
        """left, top, width, height, as python-pptx takes them."""
        return Emu(self.x), Emu(self.y), Emu(self.w), Emu(self.h)


def _pt(emu: float) -> float:
    return emu / EMU_PER_PT


def _emu(pt: float) -> int:
    return int(round(pt * EMU_PER_PT))


INSET_X = Emu(_emu(7.2))  # text frame insets: PowerPoint's defaults (0.1 in, 0.05 in)
INSET_Y = Emu(_emu(3.6))
CELL_X = _emu(5.76)  # table cell margins (0.08 in, 0.04 in)
CELL_Y = _emu(2.88)


def _blend(color: RGBColor, t: float) -> RGBColor:
    """``color`` mixed with white: t=1 the colour itself, t=0 white."""
    r, g, b = color
    return RGBColor(*(round(255 - (255 - c) * t) for c in (r, g, b)))


def _darken(color: RGBColor, t: float) -> RGBColor:
    r, g, b = color
    return RGBColor(*(round(c * (1 - t)) for c in (r, g, b)))


def _luminance(color: RGBColor) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = color
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _on(fill: RGBColor, dark: RGBColor) -> RGBColor:
    """A readable text colour on ``fill``: white or ``dark``."""
    return RGBColor(0xFF, 0xFF, 0xFF) if _luminance(fill) < 0.35 else dark


_DEFAULT_COLORS = {
    "dk1": RGBColor(0x00, 0x00, 0x00),
    "lt1": RGBColor(0xFF, 0xFF, 0xFF),
    "dk2": RGBColor(0x1F, 0x3A, 0x5F),
    "lt2": RGBColor(0xEE, 0xF2, 0xF6),
    "accent1": RGBColor(0x1F, 0x6F, 0xB2),
    "accent2": RGBColor(0xE0, 0x7B, 0x39),
}


def _theme_colors(prs: PresentationType) -> dict[str, RGBColor]:
    """The template's theme colours (dk1, lt1, dk2, lt2, accent1 ...), so tables follow the house style."""
    out = dict(_DEFAULT_COLORS)
    try:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme.blob)
    except (KeyError, etree.XMLSyntaxError):
        return out
    scheme = root.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    if scheme is None:
        return out
    for slot in scheme:
        key = etree.QName(slot).localname
        for child in slot:
            value = child.get("val") if etree.QName(child).localname == "srgbClr" else child.get("lastClr")
            if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                out[key] = RGBColor.from_string(value.upper())
    return out


def _theme_font(prs: PresentationType) -> str:
    """The template's body font (the theme's minor Latin font)."""
    try:
        root = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return "Calibri"
    found = root.xpath("//a:fontScheme/a:minorFont/a:latin/@typeface", namespaces={"a": _A})
    return str(found[0]) if found and str(found[0]) else "Calibri"


# --- text -----------------------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    color: RGBColor | None = None


@dataclass
class Para:
    runs: list[Run]
    size: float
    bullet: str = ""  # "" none, "•" a bullet, "#" numbered
    number: int = 1  # for "#": the number of this paragraph
    space_before: float = 0.0  # points
    align: PP_ALIGN | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        return any(r.bold for r in self.runs)

    def indent(self) -> float:
        """Hanging indent in points for a bullet or number."""
        return 0.0 if not self.bullet else self.size * (1.1 if self.bullet == "•" else 1.7)


def _para_lines(p: Para, width: float) -> int:
    return len(wrap(p.text, width - p.indent(), p.size, p.bold))


def paras_height(paras: Sequence[Para], width_emu: int) -> float:
    """Points the paragraphs take in a text frame ``width_emu`` wide (insets included)."""
    width = _pt(width_emu - 2 * INSET_X)
    total = 2 * _pt(INSET_Y)
    for p in paras:
        total += p.space_before + _para_lines(p, width) * p.size * LINE_HEIGHT
    return total


def _fit_para(p: Para, width_emu: int, max_lines: int) -> Para:
    """The paragraph with its last run cut off so it takes at most ``max_lines`` lines."""
    width = _pt(width_emu - 2 * INSET_X) - p.indent()
    if len(wrap(p.text, width, p.size, p.bold)) <= max_lines:
        return p
    head = "".join(r.text for r in p.runs[:-1])
    full = fit_text(p.text, width, p.size, max_lines, p.bold)
    last = p.runs[-1]
    tail = full[len(head) :] if full.startswith(head) and len(full) > len(head) else ELLIPSIS
    runs = [*p.runs[:-1], Run(tail, last.bold, last.italic, last.color)]
    return Para(runs, p.size, p.bullet, p.number, p.space_before, p.align)


def _take(paras: Sequence[Para], box: Box) -> int:
    """How many of ``paras`` (from the first) fit in ``box``; at least one, cut off to fit if need be."""
    n = 0
    while n < len(paras) and paras_height(paras[: n + 1], box.w) <= _pt(box.h):
        n += 1
    return max(n, 1)


def _fill_frame(tf: TextFrame, paras: Sequence[Para], anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Write paragraphs into a text frame that neither grows nor shrinks, with known insets."""
    tf.clear()
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = INSET_X
    tf.margin_top = tf.margin_bottom = INSET_Y
    tf.vertical_anchor = anchor
    for n, para in enumerate(paras):
        p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        if para.space_before:
            p.space_before = _emu(para.space_before)
        p.line_spacing = 1.0
        if para.align is not None:
            p.alignment = para.align
        _bullet(p._p, para)
        for r in para.runs:
            run = p.add_run()
            run.text = r.text
            run.font.size = _emu(para.size)
            run.font.bold = r.bold
            if r.italic:
                run.font.italic = True
            if r.color is not None:
                run.font.color.rgb = r.color


def _bullet(p: Any, para: Para) -> None:
    ppr = p.get_or_add_pPr()
    indent = _emu(para.indent())
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent))
    for tag in ("a:buNone", "a:buAutoNum", "a:buChar", "a:buFont", "a:buClr"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if para.bullet == "•":
        clr = etree.SubElement(ppr, qn("a:buClr"))
        etree.SubElement(clr, qn("a:schemeClr"), val="accent2")
        etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(ppr, qn("a:buChar"), char="•")
    elif para.bullet == "#":
        etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
        etree.SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(para.number))
    else:
        etree.SubElement(ppr, qn("a:buNone"))


# --- tables ---------------------------------------------------------------------------------------


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


def _cell_lines(text: str, width_emu: int, size: float, bold: bool, max_lines: int) -> tuple[str, int]:
    width = _pt(width_emu - 2 * CELL_X)
    text = fit_text(text, width, size, max_lines, bold)
    return text, len(wrap(text, width, size, bold))


def _row_height(lines: int, size: float) -> int:
    return _emu(lines * size * LINE_HEIGHT + 2 * _pt(CELL_Y) + 1.0)


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


def _add_table(
    slide: Slide, box: Box, widths: list[int], rows: list[list[Cell]], heights: list[int], size: float
) -> Any:
    """A table at the top left of ``box`` with the given column widths and row heights (EMU)."""
    shape = slide.shapes.add_table(1, len(widths), Emu(box.x), Emu(box.y), Emu(sum(widths)), Emu(sum(heights)))
    tbl: Any = cast(Any, shape._element).graphic.graphicData.tbl
    for child in list(tbl):
        if child.tag != f"{{{_A}}}tblPr":
            tbl.remove(child)
    tbl.tblPr.set("firstRow", "1")
    tbl.tblPr.set("bandRow", "0")
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = "".join(
        f'<a:tr h="{h}">' + "".join(_cell_xml(spec, size) for spec in row) + "</a:tr>"
        for row, h in zip(rows, heights, strict=True)
    )
    parsed = etree.fromstring(f'<a:tbl xmlns:a="{_A}"><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl>')
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


# --- the template ---------------------------------------------------------------------------------

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
_TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


@dataclass
class _Layout:
    layout: SlideLayout
    name: str
    title: Box
    title_idx: int
    title_size: float
    main: Box  # the content area (for the title layout: the subtitle)
    main_idx: int
    note: Box | None = None  # a text area below the content, for a toelichting
    note_idx: int | None = None
    footer: Any = None  # the layout's footer placeholder, if any
    slide_number: Any = None

    def note_box(self) -> Box:
        """Where the note goes: the layout's note placeholder, else a strip at the bottom of the content."""
        if self.note is not None:
            return self.note
        h = _emu(NOTE_LINES * NOTE_SIZE * LINE_HEIGHT + 2 * _pt(INSET_Y))
        return Box(self.main.x, self.main.bottom - h, self.main.w, h)

    def area(self, with_note: bool) -> Box:
        """The content area: with a note, what the note leaves free; without, also the note's place."""
        main = self.main
        if self.note is None:
            if not with_note:
                return main
            return Box(main.x, main.y, main.w, self.note_box().y - _emu(6) - main.y)
        if with_note:
            return main
        return Box(main.x, main.y, main.w, max(main.bottom, self.note.bottom) - main.y)


def _box(shape: Any) -> Box:
    return Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))


def _style_size(layout: SlideLayout, idx: int, style: str, default: float) -> float:
    """The font size a placeholder inherits: its lstStyle on the layout, else the master's text style."""
    for ph in cast(Any, layout.placeholders):
        if ph.placeholder_format.idx == idx:
            found = ph._element.xpath("./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@sz")
            if found:
                return int(found[0]) / 100
    found = layout.slide_master._element.xpath(f"./p:txStyles/p:{style}/a:lvl1pPr/a:defRPr/@sz")
    return int(found[0]) / 100 if found else default


def _roles(layout: SlideLayout) -> _Layout:
    name = layout.name
    title = main = note = None
    others = []
    footer = number = None
    for ph in cast(Any, layout.placeholders):
        kind = ph.placeholder_format.type
        if kind in _TITLE_TYPES and title is None:
            title = ph
        elif kind == PP_PLACEHOLDER.FOOTER:
            footer = ph
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            number = ph
        elif kind not in _FURNITURE:
            others.append(ph)
    if title is None:
        raise DeckTemplateError(
            f"De dia-indeling '{name}' in het sjabloon heeft geen titelvak; voeg een tijdelijke aanduiding "
            "voor de titel toe (zie templates_office/README.md)."
        )
    others.sort(key=lambda ph: -int(ph.width or 0) * int(ph.height or 0))
    if name == LAYOUT_TITLE:
        main = next((ph for ph in others if ph.placeholder_format.type in _TEXT_TYPES), None)
    else:
        main = others[0] if others else None
        note = next((ph for ph in others[1:] if ph.placeholder_format.type in _TEXT_TYPES), None)
    if main is None:
        what = "ondertitel" if name == LAYOUT_TITLE else "de inhoud (tekst, inhoud, tabel of grafiek)"
        raise DeckTemplateError(
            f"De dia-indeling '{name}' in het sjabloon heeft geen vak voor {what}; voeg die tijdelijke "
            "aanduiding toe (zie templates_office/README.md)."
        )
    return _Layout(
        layout,
        name,
        _box(title),
        title.placeholder_format.idx,
        _style_size(layout, title.placeholder_format.idx, "titleStyle", 28.0),
        _box(main),
        main.placeholder_format.idx,
        _box(note) if note is not None else None,
        note.placeholder_format.idx if note is not None else None,
        footer,
        number,
    )


def _open_template(path: Path) -> PresentationType:
    try:
        prs = Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise DeckTemplateError(
            f"Het sjabloon '{path.name}' kan niet worden geopend als PowerPoint-presentatie (.pptx): {exc}"
        ) from exc
    # a house-style template may hold example slides: the deck starts empty
    ids = prs.slides._sldIdLst
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)
    return prs


# --- the deck -------------------------------------------------------------------------------------


@dataclass
class _Context:
    state: WorkspaceState
    main: Analysis  # of the first view: key figures, prevention, outcomes, duplicates, partners, changes
    fits: list[Fit]  # per matrix view, in view order: heat maps and white spots
    meeting: StoredObject | None  # the meeting changes are counted from
    meeting_day: date
    labels: dict[str, str] = field(default_factory=dict)


class _Deck:
    def __init__(self, prs: PresentationType, ctx: _Context, progress: Progress | None):
        self.prs = prs
        self.ctx = ctx
        self.progress = progress
        missing = [n for n in LAYOUT_NAMES if n not in {lay.name for lay in prs.slide_layouts}]
        if missing:
            names = join([f"'{m}'" for m in missing], 99)
            raise DeckTemplateError(
                f"Het sjabloon mist de dia-indeling{'en' if len(missing) > 1 else ''} {names}. Geef in het "
                f"diamodel elke indeling precies de naam die de presentatie zoekt ({', '.join(LAYOUT_NAMES)}); "
                "zie templates_office/README.md."
            )
        self.layouts = {lay.name: _roles(lay) for lay in prs.slide_layouts if lay.name in LAYOUT_NAMES}
        colors = _theme_colors(prs)
        self.dark = colors["dk2"] if _luminance(colors["dk2"]) < 0.2 else RGBColor(0x1F, 0x1F, 0x1F)
        self.text = colors["dk1"] if _luminance(colors["dk1"]) < 0.2 else RGBColor(0x1F, 0x1F, 0x1F)
        self.grey = RGBColor(0x59, 0x59, 0x59)
        self.accent = colors["accent1"]
        self.spot = colors["accent2"]
        self.light = colors["lt2"] if _luminance(colors["lt2"]) > 0.7 else RGBColor(0xEE, 0xF2, 0xF6)
        self.band = RGBColor(0xF6, 0xF8, 0xFA)
        self.font = _theme_font(prs)
        self.footer = clean(f"{ctx.state.name} · bestuurlijk overleg {dutch_date(ctx.meeting_day)}")

    # slides

    def slide(self, layout_name: str, title: str, note: str = "") -> tuple[Slide, Box]:
        """A new slide with its title (fitted) and note; returns the slide and its free content area."""
        lay = self.layouts[layout_name]
        slide = self.prs.slides.add_slide(lay.layout)
        keep = {lay.title_idx} | ({lay.note_idx} if note and lay.note_idx is not None else set())
        for sp in list(slide.shapes._spTree.iter_ph_elms()):
            if sp.ph_idx not in keep:
                sp.getparent().remove(sp)
        self._title(slide, lay, title)
        if note:
            box = lay.note_box()
            if lay.note_idx is not None:
                frame = slide.placeholders[lay.note_idx].text_frame
            else:  # a template without a note placeholder: a text box at the bottom of the content area
                frame = slide.shapes.add_textbox(*box.emu()).text_frame
            self.text_in(frame, box, note, NOTE_SIZE, self.grey)
        self._furniture(slide, lay)
        return slide, lay.area(bool(note))

    def _title(self, slide: Slide, lay: _Layout, title: str) -> None:
        title = clean(title)
        width = _pt(lay.title.w - 2 * INSET_X)
        height = _pt(lay.title.h - 2 * INSET_Y)
        size = lay.title_size
        while True:
            lines = max(1, int(height // (size * LINE_HEIGHT)))
            if len(wrap(title, width, size, True)) <= lines or size <= 18:
                break
            size -= 2
        text = fit_text(title, width, size, max(1, int(height // (size * LINE_HEIGHT))), True)
        tf = slide.placeholders[lay.title_idx].text_frame
        tf.clear()
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left = tf.margin_right = INSET_X
        tf.margin_top = tf.margin_bottom = INSET_Y
        run = tf.paragraphs[0].add_run()
        run.text = text
        run.font.size = _emu(size)

    def _furniture(self, slide: Slide, lay: _Layout) -> None:
        """The layout's footer and slide number, filled (python-pptx leaves them out)."""
        # Formatted in full (size, colour, font, alignment): LibreOffice does not pass the layout's
        # footer style on to a slide's footer.
        tree = slide.shapes._spTree
        if lay.footer is not None:
            slide.shapes.clone_placeholder(lay.footer)
            size = _style_size(lay.layout, lay.footer.placeholder_format.idx, "otherStyle", 10.0)
            width = _pt(_box(lay.footer).w - 2 * INSET_X)
            text = escape(fit_text(self.footer, width, size, 1))
            run = f"<a:r>{self._rpr(size)}<a:t>{text}</a:t></a:r>"
            self._furniture_text(tree[-1], run, "l")
        if lay.slide_number is not None:
            slide.shapes.clone_placeholder(lay.slide_number)
            size = _style_size(lay.layout, lay.slide_number.placeholder_format.idx, "otherStyle", 10.0)
            number = len(self.prs.slides)
            fld = f'<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">{self._rpr(size)}<a:t>{number}</a:t></a:fld>'
            self._furniture_text(tree[-1], fld, "r")

    def _rpr(self, size: float) -> str:
        return (
            f'<a:rPr lang="nl-NL" sz="{int(size * 100)}" dirty="0"><a:solidFill><a:srgbClr val="{self.grey}"/>'
            f'</a:solidFill><a:latin typeface="{escape(self.font, {chr(34): "&quot;"})}"/></a:rPr>'
        )

    @staticmethod
    def _furniture_text(sp: Any, content: str, align: str) -> None:
        body = sp.find(qn("p:txBody"))
        if body is None:  # python-pptx clones a footer placeholder without a text body
            body = etree.SubElement(sp, qn("p:txBody"))
            etree.SubElement(body, qn("a:bodyPr"))
            etree.SubElement(body, qn("a:lstStyle"))
        for p in body.findall(qn("a:p")):
            body.remove(p)
        body.append(etree.fromstring(f'<a:p xmlns:a="{_A}"><a:pPr algn="{align}"/>{content}</a:p>'))

    def text_in(self, tf: TextFrame, box: Box, text: str, size: float, color: RGBColor | None = None) -> None:
        width = _pt(box.w - 2 * INSET_X)
        lines = max(1, int(_pt(box.h - 2 * INSET_Y) // (size * LINE_HEIGHT)))
        fitted = fit_text(clean(text), width, size, lines)
        _fill_frame(tf, [Para([Run(fitted, color=color)], size)])

    def textbox(self, slide: Slide, box: Box, paras: Sequence[Para], anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> Any:
        shape = slide.shapes.add_textbox(*box.emu())
        _fill_frame(shape.text_frame, paras, anchor)
        return shape

    def report(self, percent: int, message: str) -> None:
        if self.progress is not None:
            self.progress(max(0, min(100, percent)), message)

    # generic slides

    def text_slides(self, title: str, paras: list[Para], note: str = "") -> int:
        """Paragraphs over as many text slides as they need (numbering continues); returns the count."""
        pages: list[list[Para]] = []
        lay = self.layouts[LAYOUT_TEXT]
        area = lay.area(bool(note))
        rest = list(paras)
        while rest:
            n = _take(rest, area)
            page = rest[:n]
            if paras_height(page, area.w) > _pt(area.h):  # one paragraph alone too long: cut it off
                max_lines = int((_pt(area.h - 2 * INSET_Y) - page[0].space_before) // (page[0].size * LINE_HEIGHT))
                page = [_fit_para(page[0], area.w, max(1, max_lines))]
            pages.append(page)
            rest = rest[n:]
        for i, page in enumerate(pages or [[]]):
            suffix = f" ({i + 1}/{len(pages)})" if len(pages) > 1 else ""
            slide, box = self.slide(LAYOUT_TEXT, title + suffix, note)
            if page:
                page[0] = Para(page[0].runs, page[0].size, page[0].bullet, page[0].number, 0.0, page[0].align)
                self.textbox(slide, box, page)
        return max(1, len(pages))

    def table_slides(
        self,
        title: str,
        cols: list[Col],
        rows: list[list[Cell]],
        note: str = "",
        size: float = 12.0,
        max_slides: int = MAX_LIST_SLIDES,
        more: Callable[[int], str] | None = None,
        min_size: float = 10.0,
    ) -> int:
        """A table over as many slides as it needs (at most ``max_slides``; the rest is counted in the note).
        A table a little too long for one slide is set smaller (down to ``min_size``) to fit on one."""
        lay = self.layouts[LAYOUT_TABLE]
        area = lay.area(True)
        total = sum(c.weight for c in cols)
        widths = [int(area.w * c.weight / total) for c in cols]
        # rows beyond what ``max_slides`` slides could hold even at one line each are not measured
        limit = max_slides * (area.h // _row_height(1, min_size)) + 1
        shown, unmeasured = rows[:limit], len(rows) - min(len(rows), limit)

        def measure(at: float) -> tuple[list[Cell], int, list[tuple[list[Cell], int]]]:
            header: list[Cell] = []
            header_lines = 1
            for c, w in zip(cols, widths, strict=True):
                text, lines = _cell_lines(clean(c.header), w, at, True, 2)
                header.append(Cell(text, bold=True, fill=self.dark, color=_on(self.dark, self.text), align=c.align))
                header_lines = max(header_lines, lines)
            body: list[tuple[list[Cell], int]] = []
            for n, row in enumerate(shown):
                cells: list[Cell] = []
                lines = 1
                for spec, c, w in zip(row, cols, widths, strict=True):
                    text, k = _cell_lines(clean(spec.text), w, at, spec.bold, c.max_lines)
                    fill = spec.fill or (self.band if n % 2 else None)
                    cells.append(Cell(text, spec.bold, spec.italic, fill, spec.color, spec.align or c.align))
                    lines = max(lines, k)
                body.append((cells, _row_height(lines, at)))
            return header, _row_height(header_lines, at), body

        header, header_h, body = measure(size)
        need = header_h + sum(h for _, h in body)
        if need > area.h and need < area.h * (size / min_size) ** 2:  # a smaller size may fit it on one slide
            at = size - 1
            while at >= min_size:
                smaller = measure(at)
                if smaller[1] + sum(h for _, h in smaller[2]) <= area.h:
                    header, header_h, body = smaller
                    size = at
                    break
                at -= 1
        chunks = paginate([h for _, h in body], area.h - header_h, max_slides)
        pages = [[body[i] for i in chunk] for chunk in chunks[:max_slides]]
        left = sum(len(chunk) for chunk in chunks[max_slides:]) + unmeasured
        for i, page in enumerate(pages):
            suffix = f" ({i + 1}/{len(pages)})" if len(pages) > 1 else ""
            page_note = note
            if left and i == len(pages) - 1 and more is not None:
                page_note = f"{more(left)} {note}".strip()
            slide, box = self.slide(LAYOUT_TABLE, title + suffix, page_note)
            if page:
                _add_table(
                    slide,
                    box,
                    widths,
                    [header, *(cells for cells, _ in page)],
                    [header_h, *(h for _, h in page)],
                    size,
                )
        return len(pages)


# --- the slides -----------------------------------------------------------------------------------


def _title_slide(deck: _Deck) -> None:
    ctx = deck.ctx
    lay = deck.layouts[LAYOUT_TITLE]
    slide = deck.prs.slides.add_slide(lay.layout)
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in (lay.title_idx, lay.main_idx):
            ph._element.getparent().remove(ph._element)
    deck._title(slide, lay, ctx.state.name)
    lines = [
        f"Bestuurlijk overleg · {dutch_date(ctx.meeting_day)}",
        "Het jeugdaanbod in cijfers: Preventiematrix en Kwaliteitskompas blok 3B",
        f"Stand van de werkruimte: wijziging {num(ctx.state.seq)}",
    ]
    size = _style_size(lay.layout, lay.main_idx, "bodyStyle", 20.0)
    sizes = [size, size * 0.8, size * 0.7]
    paras = [
        Para(
            [
                Run(
                    fit_text(clean(t), _pt(lay.main.w - 2 * INSET_X), s, 1),
                    bold=n == 0,
                    color=None if n == 0 else deck.grey,
                )
            ],
            s,
            space_before=0 if n == 0 else 4,
        )
        for n, (t, s) in enumerate(zip(lines, sizes, strict=True))
    ]
    while len(paras) > 1 and paras_height(paras, lay.main.w) > _pt(lay.main.h):
        paras.pop()
    _fill_frame(slide.placeholders[lay.main_idx].text_frame, paras)  # no footer: it would say the same


def _key_figures(deck: _Deck) -> None:
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
    gap = _emu(14)
    tile_w = (area.w - gap * (len(tiles) - 1)) // len(tiles)
    tile_h = min(_emu(118), area.h // 2)
    fill = _blend(deck.accent, 0.1)
    for n, (value, label) in enumerate(tiles):
        box = Box(area.x + n * (tile_w + gap), area.y, tile_w, tile_h)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *box.emu())
        shape.adjustments[0] = 0.08
        shape.fill.solid()
        shape.fill.fore_color.rgb = fill
        shape.line.fill.background()
        shape.shadow.inherit = False
        width = _pt(box.w - 2 * INSET_X)
        big = 40.0
        while big > 20 and text_width(value, big, True) > width:
            big -= 4
        label_size = 14.0
        paras = [
            Para(
                [Run(fit_text(value, width, big, 1, True), bold=True, color=_darken(deck.accent, 0.15))],
                big,
                align=PP_ALIGN.CENTER,
            ),
            Para([Run(fit_text(label, width, label_size, 2), color=deck.text)], label_size, align=PP_ALIGN.CENTER),
        ]
        _fill_frame(shape.text_frame, paras, MSO_ANCHOR.MIDDLE)

    findings = _findings(deck)
    top = area.y + tile_h + _emu(22)
    box = Box(area.x, top, area.w, area.bottom - top)
    head = Para([Run("Wat opvalt", bold=True, color=deck.dark)], 18.0)
    paras = [head, *(Para([Run(f)], 16.0, bullet="•", space_before=6) for f in findings)]
    n = _take(paras, box)
    paras = paras[:n]
    if paras_height(paras, box.w) > _pt(box.h):
        paras = paras[:1]
    deck.textbox(slide, box, paras)


def _findings(deck: _Deck) -> list[str]:
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
            f"Sinds {_meeting_label(ctx)}: {num(len(ch.added))} toegevoegd, {num(len(ch.changed))} gewijzigd, "
            f"{num(len(ch.removed))} verwijderd."
        )
    open_ = [d for d in _decisions(ctx.state) if d.fields.get("status", "open") == "open"]
    if open_:
        out.append(f"{plural(len(open_), 'besluitpunt ligt', 'besluitpunten liggen')} voor.")
    return [clean(x) for x in out]


def _meeting_label(ctx: _Context) -> str:
    m = ctx.meeting
    if m is None:
        return f"wijziging {num(ctx.main.changes.since or 0)}"
    day = m.fields.get("date") or ""
    try:
        when = f" ({dutch_date(date.fromisoformat(day))})" if day else ""
    except ValueError:  # the schema checks the pattern, not the calendar: "2026-02-30" gets through
        when = f" ({day})"
    return clean(f"{m.fields.get('name') or 'het vorige overleg'}{when}")


def _heat_maps(deck: _Deck, f: Fit) -> None:
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
            f"({_lower_first(f.row_label)} of {_lower_first(f.col_label)} niet ingevuld)."
        )
    lay = deck.layouts[LAYOUT_TABLE]
    area = lay.area(True)
    peak = max((n for row in f.grid for n in row), default=0)
    min_col = _emu(0.8 * 72)
    max_col = _emu(1.9 * 72)

    def plan(size: float) -> tuple[int, list[int], int, list[int]]:
        """(label width, column chunks, header height, row heights) at ``size``."""
        longest = max(text_width(clean(r.label), size) for r in f.rows) + 2 * _pt(CELL_X) + 2
        widest = max(_emu(1.6 * 72), min(_emu(5.2 * 72), area.w - len(f.cols) * min_col))
        label_w = int(min(max(_emu(longest), _emu(1.6 * 72)), widest))
        per = max(1, int((area.w - label_w) // min_col))
        col_w = int(min(max_col, (area.w - label_w) // min(per, len(f.cols))))
        header_lines = max(
            [len(wrap(_breakable(c.label), _pt(col_w - 2 * CELL_X), size, True)) for c in f.cols]
            + [len(wrap(clean(f.row_label), _pt(label_w - 2 * CELL_X), size, True))]
        )
        header_h = _row_height(min(header_lines, 3), size)
        rows = [_row_height(min(2, len(wrap(clean(r.label), _pt(label_w - 2 * CELL_X), size))), size) for r in f.rows]
        return label_w, [per, col_w], header_h, rows

    chosen = None
    for size in (16.0, 14.0, 12.0, 11.0, 10.0):
        label_w, (per, col_w), header_h, rows = plan(size)
        if per >= len(f.cols) and header_h + sum(rows) <= area.h:
            chosen = size
            break
    size = chosen or 11.0
    label_w, (per, col_w), header_h, rows = plan(size)
    if chosen is not None:  # all on one slide: rows of one height, with some air
        even = (area.h - header_h) // len(rows)
        if even >= max(rows):
            rows = [max(max(rows), min(even, _emu(0.55 * 72)))] * len(rows)
    row_pages = paginate(rows, area.h - header_h)
    # a column label with a word wider than its column gets a smaller size rather than a broken word
    header_size = size
    words = [w for c in f.cols for w in _breakable(c.label).replace(ZWSP, " ").split(" ")]
    while header_size > 8 and any(text_width(w, header_size, True) > _pt(col_w - 2 * CELL_X) for w in words):
        header_size -= 1
    col_pages = [list(range(i, min(i + per, len(f.cols)))) for i in range(0, len(f.cols), per)]
    pages = [(rp, cp) for rp in row_pages for cp in col_pages]
    dark = deck.text
    for i, (rp, cp) in enumerate(pages):
        suffix = f" ({i + 1}/{len(pages)})" if len(pages) > 1 else ""
        slide, box = deck.slide(LAYOUT_TABLE, title + suffix, note)
        width = _pt(col_w - 2 * CELL_X)
        label_width = _pt(label_w - 2 * CELL_X)
        header = [
            Cell(
                fit_text(clean(f.row_label), label_width, size, 3, True),
                True,
                fill=deck.dark,
                color=_on(deck.dark, dark),
            )
        ]
        for c in cp:
            header.append(
                Cell(
                    fit_text(_breakable(f.cols[c].label), width, header_size, 3, True),
                    True,
                    fill=deck.dark,
                    color=_on(deck.dark, dark),
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
                    fill = _blend(deck.spot, 0.22)
                    row.append(Cell(SPOT_MARK, True, fill=fill, color=_darken(deck.spot, 0.35), align=PP_ALIGN.CENTER))
                else:
                    fill = _blend(deck.accent, 0.18 + 0.82 * count / peak)
                    row.append(Cell(num(count), count == peak, fill=fill, color=_on(fill, dark), align=PP_ALIGN.CENTER))
            table.append(row)
        _add_table(slide, box, [label_w] + [col_w] * len(cp), table, [header_h] + [rows[r] for r in rp], size)


def _chart(
    slide: Slide,
    box: Box,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    percent: bool,
) -> Any:
    data = CategoryChartData(number_format='0"%"' if percent else "0")
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    # python-pptx's annotations say add_chart returns the chart; it returns the graphic frame holding it
    frame: Any = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box.emu(), cast(Any, data))
    chart = frame.chart
    chart.font.size = _emu(12)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = _emu(14)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = _emu(12)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = '0"%"' if percent else "0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = _emu(11)
    for n, s in enumerate(plot.series):
        s.format.fill.solid()
        s.format.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1 if n == 0 else MSO_THEME_COLOR.ACCENT_2
        s.invert_if_negative = False
    axis = chart.value_axis
    peak = max((v for _, values in series for v in values), default=0.0)
    axis.minimum_scale = 0
    if percent:
        axis.maximum_scale = min(100.0, max(10.0, (int(peak // 10) + 2) * 10.0))
    else:
        axis.maximum_scale = max(5.0, float(int(peak * 1.2) + 1))
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    axis.format.line.fill.background()
    axis.tick_labels.font.size = _emu(11)
    axis.tick_labels.number_format = '0"%"' if percent else "0"
    axis.tick_labels.number_format_is_linked = False
    cat = chart.category_axis
    cat.tick_labels.font.size = _emu(12)
    cat.has_major_gridlines = False
    return frame


def _prevention(deck: _Deck) -> None:
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
    gap = _emu(18)
    w = (area.w - gap * (len(dists) - 1)) // len(dists)
    for n, dist in enumerate(dists):
        box = Box(area.x + n * (w + gap), area.y, w, area.h)
        series = [("% van de activiteiten", [c.share for c in dist.items])]
        if dist.total_reach:
            series.append(("% van het bereik", [c.reach_share for c in dist.items]))
        label_width = _pt(w) * 0.35
        cats = [fit_text(clean(c.label), label_width, 12, 3) for c in dist.items]
        _chart(slide, box, f"Per {_lower_first(dist.label)}", cats, series, percent=True)


def _names_fit(names: list[str], width: float, size: float, max_lines: int) -> str:
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


def _outcomes(deck: _Deck) -> None:
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
    acts_width = _pt(int(lay.area(True).w * 0.7) - 2 * CELL_X)
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
            rows.append([Cell(label, bold=True), Cell(_names_fit(own[p], acts_width, 12.0, OUTCOME_CELL_LINES))])
        for p in sorted(set(helps) - set(own), key=lambda p: str(ctx.labels.get(p, p)).lower()):
            text = _names_fit(helps[p], acts_width, 12.0, OUTCOME_CELL_LINES)
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


def _white_spots(deck: _Deck) -> None:
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


def _duplicates(deck: _Deck) -> None:
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


def _partners(deck: _Deck) -> None:
    con = deck.ctx.main.contribution
    title = "Bijdrage per partner"
    if not con.partners:
        deck.text_slides(title, [Para([Run("Er zijn nog geen partners in deze werkruimte.")], 18.0)])
        return
    area = deck.layouts[LAYOUT_CHART].area(True)
    most = max(5, int((_pt(area.h) / 72 - 0.9) / 0.22))  # partners per chart: two bars each, readable
    count = -(-len(con.partners) // most)
    per = -(-len(con.partners) // count)
    pages = [con.partners[i : i + per] for i in range(0, len(con.partners), per)]
    note = (
        "Eigen activiteiten: die de partner zelf uitvoert. Mede uitgevoerd: activiteiten van een andere partner "
        "waaraan hij meewerkt."
    )
    peak = max(max(pc.total.activities, len(pc.co_delivered)) for pc in con.partners)
    for i, page in enumerate(pages):
        suffix = f" ({i + 1}/{len(pages)})" if len(pages) > 1 else ""
        slide, box = deck.slide(LAYOUT_CHART, title + suffix, note)
        # a bar chart draws its first category at the bottom: give them in reverse, the largest on top
        page = list(reversed(page))
        cats = [fit_text(clean(pc.name), _pt(box.w) * 0.3, 12, 1) for pc in page]
        frame = _chart(
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


def _changes(deck: _Deck) -> None:
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
    since = _meeting_label(ctx)
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


def _decisions(state: WorkspaceState) -> list[StoredObject]:
    """The besluitpunten: open ones first, then by position."""
    items = list(state.live("decision"))
    items.sort(key=lambda d: (d.fields.get("status", "open") != "open", float(d.fields.get("position", 0.0)), d.id))
    return items


def _besluitpunten(deck: _Deck) -> None:
    items = _decisions(deck.ctx.state)
    title = "Besluitpunten"
    if not items:
        deck.text_slides(title, [Para([Run("Er zijn nog geen besluitpunten vastgelegd.")], 18.0)])
        return
    lay = deck.layouts[LAYOUT_TEXT]
    area = lay.area(False)
    paras = []
    for n, d in enumerate(items, 1):
        status = d.fields.get("status", "open")
        runs = [Run(clean(d.fields["text"]))]
        if status != "open":
            runs.append(Run(f" ({STATUS_LABELS.get(status, status)})", italic=True, color=deck.grey))
        para = Para(runs, 16.0, bullet="#", number=n, space_before=12)
        max_lines = int((_pt(area.h - 2 * INSET_Y)) // (16.0 * LINE_HEIGHT)) // 2
        paras.append(_fit_para(para, area.w, max(2, max_lines)))
    deck.text_slides(title, paras)


# --- entry points ---------------------------------------------------------------------------------


def latest_meeting(state: WorkspaceState) -> StoredObject | None:
    """The last meeting that took place: the highest start seq (a meeting not yet held has seq 0)."""
    held = [m for m in state.live("meeting") if int(m.fields.get("seq") or 0) > 0]
    return max(held, key=lambda m: (int(m.fields["seq"]), m.fields.get("date") or ""), default=None)


def _meeting_for(state: WorkspaceState, since: int | None) -> StoredObject | None:
    if since is None:
        return None
    same = [m for m in state.live("meeting") if int(m.fields.get("seq") or 0) == since]
    return max(same, key=lambda m: m.fields.get("date") or "", default=None)


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
    prs = _open_template(template or TEMPLATE_DIR / TEMPLATE_FILE)
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
    meeting = _meeting_for(state, main.changes.since)
    ctx = _Context(state, main, fits, meeting, meeting_date or date.today())
    for obj in state.objects.values():
        if obj.type == "partner":
            ctx.labels[obj.id] = obj.fields["name"]
        elif obj.type == "axis_value":
            ctx.labels[obj.id] = obj.fields["label"]
    deck = _Deck(prs, ctx, progress)

    deck.report(5, "Titeldia")
    _title_slide(deck)
    deck.report(8, "Kerncijfers")
    _key_figures(deck)
    shown = [f for f in fits if f.matrix]
    for n, f in enumerate(shown):
        deck.report(12 + int(20 * n / len(shown)), f"Matrix '{clean(f.matrix_name)}'")
        _heat_maps(deck, f)
    deck.report(34, "Preventie")
    _prevention(deck)
    _outcomes(deck)
    deck.report(66, "Witte vlekken")
    _white_spots(deck)
    deck.report(72, "Dubbelingen")
    _duplicates(deck)
    deck.report(80, "Bijdrage per partner")
    _partners(deck)
    deck.report(86, "Wijzigingen sinds het vorige overleg")
    _changes(deck)
    deck.report(92, "Besluitpunten")
    _besluitpunten(deck)

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
