"""Writes ``templates_office/deck-template.pptx``, the house-style base of the deck for the bestuurlijk overleg.

Run ``.venv/bin/python -m templates_office.build_deck_template`` after changing the styles below, and commit
the script and the .pptx together. The output is byte-for-byte reproducible (fixed timestamps in the
document properties and the zip entries), so an unchanged script gives an unchanged file.

The template is python-pptx's default template made 16:9 (13.333 x 7.5 in) with a clean house style: a
colour and font scheme, a master with the title at the top left, an accent bar and a footer line, and five
slide layouts whose NAMES the deck looks up (``server/office/deck/template.py``; see README.md here):

- ``matrixsync Titel``: title and subtitle on a dark band;
- ``matrixsync Kernpunten``: title and one content area (key figures and findings);
- ``matrixsync Tabel``: title, a table area and a note (toelichting) below it;
- ``matrixsync Grafiek``: title, a chart area and a note below it;
- ``matrixsync Tekst``: title and a text area.

All layouts but the title have a footer and a slide number placeholder; the deck fills them.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent / "deck-template.pptx"
FIXED_TIME = datetime(2025, 1, 1)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)

# The layout names the deck looks up; keep them in step with server/office/deck/template.py.
LAYOUT_TITLE = "matrixsync Titel"
LAYOUT_KEYS = "matrixsync Kernpunten"
LAYOUT_TABLE = "matrixsync Tabel"
LAYOUT_CHART = "matrixsync Grafiek"
LAYOUT_TEXT = "matrixsync Tekst"

FONT = "Calibri"  # Office's default: on every Windows and Mac; LibreOffice substitutes Carlito (same metrics)
COLORS = {  # the theme's colour scheme: the deck's tables, heat maps and charts take their colours from it
    "dk2": "1F3A5F",  # deep navy: titles, table headers
    "lt2": "EEF2F6",  # light grey-blue: row labels, tiles
    "accent1": "1F6FB2",  # blue: heat map, first chart series
    "accent2": "E07B39",  # orange: accent bar, white spots, second chart series
    "accent3": "2E8B57",
    "accent4": "7A5BA8",
    "accent5": "3BA7C4",
    "accent6": "B23A48",
    "hlink": "1F6FB2",
    "folHlink": "7A5BA8",
}

W, H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
MARGIN = Inches(0.6)
INNER = W - 2 * MARGIN
TITLE_BOX = (MARGIN, Inches(0.3), INNER, Inches(1.0))
CONTENT = (MARGIN, Inches(1.65), INNER, Inches(5.05))  # to 6.70 in
CONTENT_ABOVE_NOTE = (MARGIN, Inches(1.65), INNER, Inches(4.25))  # to 5.90 in
NOTE = (MARGIN, Inches(5.95), INNER, Inches(0.8))  # to 6.75 in
FOOTER = (MARGIN, Inches(6.98), Inches(8.5), Inches(0.34))
SLIDE_NUMBER = (W - MARGIN - Inches(1.5), Inches(6.98), Inches(1.5), Inches(0.34))

NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)


def _xfrm(box: tuple[int, int, int, int]) -> str:
    x, y, cx, cy = (int(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def _ph(
    sp_id: int,
    name: str,
    ph: str,
    box: tuple[int, int, int, int],
    prompt: str,
    lst_style: str = "",
    anchor: str = "t",
    size_attr: str = "",
) -> str:
    """A placeholder shape for a layout or the master; ``ph`` holds the attributes of <p:ph>."""
    text = (
        f'<a:p><a:r><a:rPr lang="nl-NL"/><a:t>{prompt}</a:t></a:r></a:p>'
        if prompt
        else '<a:p><a:endParaRPr lang="nl-NL"/></a:p>'
    )
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {ph}{size_attr}/></p:nvPr></p:nvSpPr>"
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0" '
        f'anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle>{lst_style}</a:lstStyle>{text}</p:txBody></p:sp>'
    )


def _rect(sp_id: int, name: str, box: tuple[int, int, int, int], fill: str) -> str:
    """A decoration (not a placeholder): a filled rectangle without outline; ``fill`` is a colour element."""
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>{fill}</a:solidFill>'
        f"<a:ln><a:noFill/></a:ln></p:spPr>"
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="nl-NL"/></a:p></p:txBody></p:sp>'
    )


def _lvl1(size: int, color: str, bold: bool = False, algn: str = "l") -> str:
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:buNone/>'
        f'<a:defRPr sz="{size * 100}"{b}><a:solidFill>{color}</a:solidFill></a:defRPr></a:lvl1pPr>'
    )


GREY = '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'
NAVY = '<a:schemeClr val="tx2"/>'
WHITE = '<a:schemeClr val="bg1"/>'
ACCENT = '<a:schemeClr val="accent2"/>'
RULE = '<a:schemeClr val="bg1"><a:lumMod val="85000"/></a:schemeClr>'


def _footer_shapes(first_id: int) -> list[str]:
    return [
        _ph(first_id, "Voettekst", 'type="ftr" sz="quarter" idx="11"', FOOTER, "", _lvl1(10, GREY), "ctr"),
        _slide_number_text(
            _ph(
                first_id + 1,
                "Dianummer",
                'type="sldNum" sz="quarter" idx="12"',
                SLIDE_NUMBER,
                "",
                _lvl1(10, GREY, algn="r"),
                "ctr",
            )
        ),
    ]


def _slide_number_text(sp: str) -> str:
    return sp.replace(
        '<a:p><a:endParaRPr lang="nl-NL"/></a:p>',
        '<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="nl-NL"/>'
        '<a:t>‹#›</a:t></a:fld><a:endParaRPr lang="nl-NL"/></a:p>',
    )


def _set_tree(element: etree._Element, shapes: list[str]) -> None:
    """Replace the shapes of a master's or layout's spTree (keeping its group properties)."""
    tree = element.find(qn("p:cSld")).find(qn("p:spTree"))
    for child in list(tree):
        if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")):
            tree.remove(child)
    for xml in shapes:
        tree.append(etree.fromstring(xml))


def _theme(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    root.set("name", "matrixsync")
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    scheme.set("name", "matrixsync")
    for key, rgb in COLORS.items():
        slot = scheme.find(f"{a}{key}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{a}srgbClr", val=rgb)
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    fonts.set("name", "matrixsync")
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"{a}{kind}/{a}latin").set("typeface", FONT)
    root.find(f"{a}themeElements/{a}fmtScheme").set("name", "matrixsync")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _master(prs: Presentation) -> None:
    master = prs.slide_master
    el = master._element
    shapes = [
        _ph(2, "Titel", 'type="title"', TITLE_BOX, "Klik om de titelstijl te bewerken", anchor="b"),
        _ph(
            3,
            "Tekst",
            'type="body" idx="1"',
            CONTENT,
            "Klik om de tekststijl te bewerken",
        ),
        _ph(
            4,
            "Datum",
            'type="dt" sz="half" idx="2"',
            (W - MARGIN - Inches(3), Inches(6.98), Inches(1.4), Inches(0.34)),
            "",
            _lvl1(10, GREY),
            "ctr",
        ),
        _ph(5, "Voettekst", 'type="ftr" sz="quarter" idx="3"', FOOTER, "", _lvl1(10, GREY), "ctr"),
        _slide_number_text(
            _ph(
                6, "Dianummer", 'type="sldNum" sz="quarter" idx="4"', SLIDE_NUMBER, "", _lvl1(10, GREY, algn="r"), "ctr"
            )
        ),
        _rect(7, "Accentbalk", (MARGIN, Inches(1.38), Inches(0.9), Inches(0.06)), ACCENT),
        _rect(8, "Voetlijn", (MARGIN, Inches(6.92), INNER, Emu(9525)), RULE),
    ]
    _set_tree(el, shapes)
    styles = el.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", "2800")
    rpr.set("b", "1")
    fill = rpr.find(qn("a:solidFill"))
    for child in list(fill):
        fill.remove(child)
    fill.append(etree.fromstring(f"<root {NS}>{NAVY}</root>")[0])
    body = styles.find(qn("p:bodyStyle"))
    for n, size in enumerate((20, 18, 16, 14, 14), 1):
        lvl = body.find(qn(f"a:lvl{n}pPr"))
        lvl.find(qn("a:defRPr")).set("sz", str(size * 100))
        spc = lvl.find(qn("a:spcBef"))
        for child in list(spc):
            spc.remove(child)
        etree.SubElement(spc, qn("a:spcPts"), val="600")
        bu_font = lvl.find(qn("a:buFont"))
        if bu_font is not None:
            clr = etree.Element(qn("a:buClr"))
            clr.append(etree.fromstring(f"<root {NS}>{ACCENT}</root>")[0])
            bu_font.addprevious(clr)


def _layout(layout: SlideLayout, name: str, kind: str, shapes: list[str], show_master: bool = True) -> None:
    el = layout._element
    el.find(qn("p:cSld")).set("name", name)
    el.set("type", kind)
    el.set("preserve", "1")
    if show_master:
        el.attrib.pop("showMasterSp", None)
    else:
        el.set("showMasterSp", "0")
    _set_tree(el, shapes)


def _note(sp_id: int) -> str:
    return _ph(sp_id, "Toelichting", 'type="body" sz="quarter" idx="2"', NOTE, "Toelichting", _lvl1(12, GREY))


def build() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = _theme(theme.blob)
    _master(prs)

    layouts = list(prs.slide_layouts)
    keep = {0: LAYOUT_TITLE, 1: LAYOUT_TEXT, 3: LAYOUT_KEYS, 4: LAYOUT_TABLE, 5: LAYOUT_CHART}
    for n, layout in enumerate(layouts):
        if n not in keep:
            prs.slide_layouts.remove(layout)
    title_band = (0, 0, W, Inches(4.55))
    _layout(
        layouts[0],
        LAYOUT_TITLE,
        "title",
        [
            _rect(2, "Band", title_band, NAVY),
            _rect(3, "Accentbalk", (MARGIN, Inches(4.55), Inches(1.6), Inches(0.1)), ACCENT),
            _ph(
                4,
                "Titel",
                'type="ctrTitle"',
                (MARGIN, Inches(1.2), INNER, Inches(3.0)),
                "Klik om de titel te bewerken",
                _lvl1(40, WHITE, bold=True),
                "b",
            ),
            _ph(
                5,
                "Ondertitel",
                'type="subTitle" idx="1"',
                (MARGIN, Inches(4.95), INNER, Inches(1.6)),
                "Klik om de ondertitel te bewerken",
                _lvl1(20, NAVY),
            ),
            _ph(6, "Voettekst", 'type="ftr" sz="quarter" idx="11"', FOOTER, "", _lvl1(10, GREY), "ctr"),
        ],
        show_master=False,
    )
    _layout(
        layouts[1],
        LAYOUT_TEXT,
        "obj",
        [
            _ph(2, "Titel", 'type="title"', TITLE_BOX, "Klik om de titel te bewerken", anchor="b"),
            _ph(3, "Tekst", 'idx="1"', CONTENT, "Klik om tekst toe te voegen"),
            *_footer_shapes(4),
        ],
    )
    _layout(
        layouts[3],
        LAYOUT_KEYS,
        "obj",
        [
            _ph(2, "Titel", 'type="title"', TITLE_BOX, "Klik om de titel te bewerken", anchor="b"),
            _ph(3, "Inhoud", 'idx="1"', CONTENT, "Kerncijfers en kernpunten"),
            *_footer_shapes(4),
        ],
    )
    _layout(
        layouts[4],
        LAYOUT_TABLE,
        "tbl",
        [
            _ph(2, "Titel", 'type="title"', TITLE_BOX, "Klik om de titel te bewerken", anchor="b"),
            _ph(3, "Tabel", 'type="tbl" idx="1"', CONTENT_ABOVE_NOTE, "Klik om een tabel toe te voegen"),
            _note(4),
            *_footer_shapes(5),
        ],
    )
    _layout(
        layouts[5],
        LAYOUT_CHART,
        "chart",
        [
            _ph(2, "Titel", 'type="title"', TITLE_BOX, "Klik om de titel te bewerken", anchor="b"),
            _ph(3, "Grafiek", 'type="chart" idx="1"', CONTENT_ABOVE_NOTE, "Klik om een grafiek toe te voegen"),
            _note(4),
            *_footer_shapes(5),
        ],
    )
    props = prs.core_properties
    props.title = "matrixsync: huisstijl voor het bestuurlijk overleg"
    props.author = "matrixsync"
    props.last_modified_by = "matrixsync"
    props.comments = "Sjabloon voor de presentatie van het bestuurlijk overleg (templates_office/README.md)"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return prs


def reproducible(data: bytes) -> bytes:
    """The same package with fixed zip timestamps, so regenerating an unchanged template changes no byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # a 4:3 picture of a blank slide; PowerPoint makes a new one on saving
            content = src.read(info.filename)
            if info.filename == "_rels/.rels":
                content = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', b"", content)
            if info.filename == "docProps/app.xml":  # python-pptx's default template describes itself
                content = content.replace(b"On-screen Show (4:3)", b"Widescreen").replace(
                    b"Office Theme", b"matrixsync"
                )
                content = content.replace(b"Microsoft Macintosh PowerPoint", b"matrixsync")
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    buf = io.BytesIO()
    build().save(buf)
    OUT.write_bytes(reproducible(buf.getvalue()))
    print(f"geschreven: {OUT}")


if __name__ == "__main__":
    main()
