"""The house-style template: its slide layouts, looked up by NAME, with the role of each placeholder, and
its theme colours and font.

Another template works when it has the same layout names and placeholder roles
(``templates_office/README.md``); what is missing is reported in Dutch as a :class:`DeckTemplateError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import nsmap, qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

from ...analysis.base import join
from .geometry import INSET_Y, Box, to_emu, to_pt
from .measure import LINE_HEIGHT

TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "templates_office"
TEMPLATE_FILE = "deck-template.pptx"

# The layout names looked up in the template (templates_office/README.md).
LAYOUT_TITLE = "matrixsync Titel"
LAYOUT_KEYS = "matrixsync Kernpunten"
LAYOUT_TABLE = "matrixsync Tabel"
LAYOUT_CHART = "matrixsync Grafiek"
LAYOUT_TEXT = "matrixsync Tekst"
LAYOUT_NAMES = (LAYOUT_TITLE, LAYOUT_KEYS, LAYOUT_TABLE, LAYOUT_CHART, LAYOUT_TEXT)

NOTE_SIZE = 12.0  # points
NOTE_LINES = 2  # of a note, when the template has no note placeholder


class DeckTemplateError(ValueError):
    """The template cannot be used (missing layout or placeholder, not a pptx); the message is Dutch."""


def open_template(path: Path) -> PresentationType:
    """The template, without any slides it holds."""
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


# --- layouts --------------------------------------------------------------------------------------

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
_TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


@dataclass
class Layout:
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
        h = to_emu(NOTE_LINES * NOTE_SIZE * LINE_HEIGHT + 2 * to_pt(INSET_Y))
        return Box(self.main.x, self.main.bottom - h, self.main.w, h)

    def area(self, with_note: bool) -> Box:
        """The content area: with a note, what the note leaves free; without, also the note's place."""
        main = self.main
        if self.note is None:
            if not with_note:
                return main
            return Box(main.x, main.y, main.w, self.note_box().y - to_emu(6) - main.y)
        if with_note:
            return main
        return Box(main.x, main.y, main.w, max(main.bottom, self.note.bottom) - main.y)


def layouts(prs: PresentationType) -> dict[str, Layout]:
    """The layouts the deck uses, by name, with their placeholders' roles."""
    missing = [n for n in LAYOUT_NAMES if n not in {lay.name for lay in prs.slide_layouts}]
    if missing:
        names = join([f"'{m}'" for m in missing], 99)
        raise DeckTemplateError(
            f"Het sjabloon mist de dia-indeling{'en' if len(missing) > 1 else ''} {names}. Geef in het "
            f"diamodel elke indeling precies de naam die de presentatie zoekt ({', '.join(LAYOUT_NAMES)}); "
            "zie templates_office/README.md."
        )
    return {lay.name: _roles(lay) for lay in prs.slide_layouts if lay.name in LAYOUT_NAMES}


def box_of(shape: Any) -> Box:
    return Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))


def style_size(layout: SlideLayout, idx: int, style: str, default: float) -> float:
    """The font size a placeholder inherits: its lstStyle on the layout, else the master's text style."""
    for ph in cast(Any, layout.placeholders):
        if ph.placeholder_format.idx == idx:
            found = ph._element.xpath("./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@sz")
            if found:
                return int(found[0]) / 100
    found = layout.slide_master._element.xpath(f"./p:txStyles/p:{style}/a:lvl1pPr/a:defRPr/@sz")
    return int(found[0]) / 100 if found else default


def _roles(layout: SlideLayout) -> Layout:
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
    return Layout(
        layout,
        name,
        box_of(title),
        title.placeholder_format.idx,
        style_size(layout, title.placeholder_format.idx, "titleStyle", 28.0),
        box_of(main),
        main.placeholder_format.idx,
        box_of(note) if note is not None else None,
        note.placeholder_format.idx if note is not None else None,
        footer,
        number,
    )


# --- theme ----------------------------------------------------------------------------------------

_DEFAULT_COLORS = {
    "dk1": RGBColor(0x00, 0x00, 0x00),
    "lt1": RGBColor(0xFF, 0xFF, 0xFF),
    "dk2": RGBColor(0x1F, 0x3A, 0x5F),
    "lt2": RGBColor(0xEE, 0xF2, 0xF6),
    "accent1": RGBColor(0x1F, 0x6F, 0xB2),
    "accent2": RGBColor(0xE0, 0x7B, 0x39),
}


def _theme(prs: PresentationType) -> Any:
    """The theme part of the slide master, parsed; None when there is none or it is not XML."""
    try:
        return etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None


def theme_colors(prs: PresentationType) -> dict[str, RGBColor]:
    """The template's theme colours (dk1, lt1, dk2, lt2, accent1 ...), so tables follow the house style."""
    out = dict(_DEFAULT_COLORS)
    root = _theme(prs)
    if root is None:
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


def theme_font(prs: PresentationType) -> str:
    """The template's body font (the theme's minor Latin font)."""
    root = _theme(prs)
    if root is None:
        return "Calibri"
    found = root.xpath("//a:fontScheme/a:minorFont/a:latin/@typeface", namespaces=nsmap("a"))
    return str(found[0]) if found and str(found[0]) else "Calibri"
