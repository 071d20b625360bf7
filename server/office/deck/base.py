"""The deck being built: what it shows (:class:`Context`), and :class:`Deck` with the template's layouts
and colours and the kinds of slide every slide module uses: a titled slide with its note, footer and
number, text over as many slides as it needs, and a table over as many slides as it needs.

Nothing may run off a slide: long texts are cut off with "…", long tables and lists go on to a next
slide, and tables that would still be very long are cut off after a few slides with a note saying how
much was left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import TextFrame

from ...analysis import Analysis
from ...analysis.fit import Fit
from ...domain.state import StoredObject, WorkspaceState
from .colors import luminance, readable_on
from .geometry import INSET_X, INSET_Y, Box, to_emu, to_pt
from .measure import LINE_HEIGHT, clean, fit_text, wrap
from .meetings import dutch_date
from .paragraphs import Para, Run, clear_frame, fill_frame, fit_para, paras_height, take
from .tables import Cell, Col, add_table, cell_lines, paginate, row_height
from .template import (
    LAYOUT_TABLE,
    LAYOUT_TEXT,
    NOTE_SIZE,
    Layout,
    box_of,
    layouts,
    style_size,
    theme_colors,
    theme_font,
)

MAX_LIST_SLIDES = 3  # slides per long list at most; what does not fit is counted in the note of the last slide

Progress = Callable[[int, str], None]


def numbered(title: str, i: int, count: int) -> str:
    """The title of page ``i`` (from 0) of ``count``: "Besluitpunten (2/3)"; alone, just the title."""
    return f"{title} ({i + 1}/{count})" if count > 1 else title


@dataclass
class Context:
    state: WorkspaceState
    main: Analysis  # of the first view: key figures, prevention, outcomes, duplicates, partners, changes
    fits: list[Fit]  # per matrix view, in view order: heat maps and white spots
    meeting: StoredObject | None  # the meeting changes are counted from
    meeting_day: date
    labels: dict[str, str] = field(default_factory=dict)


class Deck:
    def __init__(self, prs: PresentationType, ctx: Context, progress: Progress | None):
        self.prs = prs
        self.ctx = ctx
        self.progress = progress
        self.layouts = layouts(prs)
        colors = theme_colors(prs)
        self.dark = colors["dk2"] if luminance(colors["dk2"]) < 0.2 else RGBColor(0x1F, 0x1F, 0x1F)
        self.text = colors["dk1"] if luminance(colors["dk1"]) < 0.2 else RGBColor(0x1F, 0x1F, 0x1F)
        self.grey = RGBColor(0x59, 0x59, 0x59)
        self.accent = colors["accent1"]
        self.spot = colors["accent2"]
        self.light = colors["lt2"] if luminance(colors["lt2"]) > 0.7 else RGBColor(0xEE, 0xF2, 0xF6)
        self.band = RGBColor(0xF6, 0xF8, 0xFA)
        self.font = theme_font(prs)
        self.footer = clean(f"{ctx.state.name} · bestuurlijk overleg {dutch_date(ctx.meeting_day)}")

    def report(self, percent: int, message: str) -> None:
        if self.progress is not None:
            self.progress(max(0, min(100, percent)), message)

    # slides

    def slide(self, layout_name: str, title: str, note: str = "") -> tuple[Slide, Box]:
        """A new slide with its title (fitted) and note; returns the slide and its free content area."""
        lay = self.layouts[layout_name]
        slide = self.prs.slides.add_slide(lay.layout)
        keep = {lay.title_idx} | ({lay.note_idx} if note and lay.note_idx is not None else set())
        for sp in list(slide.shapes._spTree.iter_ph_elms()):
            if sp.ph_idx not in keep:
                sp.getparent().remove(sp)
        self.set_title(slide, lay, title)
        if note:
            box = lay.note_box()
            if lay.note_idx is not None:
                frame = slide.placeholders[lay.note_idx].text_frame
            else:  # a template without a note placeholder: a text box at the bottom of the content area
                frame = slide.shapes.add_textbox(*box.emu()).text_frame
            self.text_in(frame, box, note, NOTE_SIZE, self.grey)
        self._furniture(slide, lay)
        return slide, lay.area(bool(note))

    def set_title(self, slide: Slide, lay: Layout, title: str) -> None:
        """The slide's title, set smaller (down to 18 pt) before it is cut off."""
        title = clean(title)
        width = to_pt(lay.title.w - 2 * INSET_X)
        height = to_pt(lay.title.h - 2 * INSET_Y)
        size = lay.title_size
        while True:
            lines = max(1, int(height // (size * LINE_HEIGHT)))
            if len(wrap(title, width, size, True)) <= lines or size <= 18:
                break
            size -= 2
        text = fit_text(title, width, size, max(1, int(height // (size * LINE_HEIGHT))), True)
        tf = slide.placeholders[lay.title_idx].text_frame
        clear_frame(tf)
        run = tf.paragraphs[0].add_run()
        run.text = text
        run.font.size = to_emu(size)

    def _furniture(self, slide: Slide, lay: Layout) -> None:
        """The layout's footer and slide number, filled (python-pptx leaves them out)."""
        # Formatted in full (size, colour, font, alignment): LibreOffice does not pass the layout's
        # footer style on to a slide's footer.
        tree = slide.shapes._spTree
        if lay.footer is not None:
            slide.shapes.clone_placeholder(lay.footer)
            size = style_size(lay.layout, lay.footer.placeholder_format.idx, "otherStyle", 10.0)
            width = to_pt(box_of(lay.footer).w - 2 * INSET_X)
            text = escape(fit_text(self.footer, width, size, 1))
            run = f"<a:r>{self._rpr(size)}<a:t>{text}</a:t></a:r>"
            self._furniture_text(tree[-1], run, "l")
        if lay.slide_number is not None:
            slide.shapes.clone_placeholder(lay.slide_number)
            size = style_size(lay.layout, lay.slide_number.placeholder_format.idx, "otherStyle", 10.0)
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
        body.append(etree.fromstring(f'<a:p {nsdecls("a")}><a:pPr algn="{align}"/>{content}</a:p>'))

    def text_in(self, tf: TextFrame, box: Box, text: str, size: float, color: RGBColor | None = None) -> None:
        """``text`` in one paragraph, cut off to fit ``box``."""
        width = to_pt(box.w - 2 * INSET_X)
        lines = max(1, int(to_pt(box.h - 2 * INSET_Y) // (size * LINE_HEIGHT)))
        fitted = fit_text(clean(text), width, size, lines)
        fill_frame(tf, [Para([Run(fitted, color=color)], size)])

    def textbox(self, slide: Slide, box: Box, paras: Sequence[Para]) -> None:
        fill_frame(slide.shapes.add_textbox(*box.emu()).text_frame, paras)

    # slides that go on to a next one

    def text_slides(self, title: str, paras: list[Para], note: str = "") -> None:
        """Paragraphs over as many text slides as they need (numbering continues)."""
        pages: list[list[Para]] = []
        lay = self.layouts[LAYOUT_TEXT]
        area = lay.area(bool(note))
        rest = list(paras)
        while rest:
            n = take(rest, area)
            page = rest[:n]
            if paras_height(page, area.w) > to_pt(area.h):  # one paragraph alone too long: cut it off
                max_lines = int((to_pt(area.h - 2 * INSET_Y) - page[0].space_before) // (page[0].size * LINE_HEIGHT))
                page = [fit_para(page[0], area.w, max(1, max_lines))]
            pages.append(page)
            rest = rest[n:]
        for i, page in enumerate(pages or [[]]):
            slide, box = self.slide(LAYOUT_TEXT, numbered(title, i, len(pages)), note)
            if page:
                page[0] = Para(page[0].runs, page[0].size, page[0].bullet, page[0].number, 0.0, page[0].align)
                self.textbox(slide, box, page)

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
    ) -> None:
        """A table over as many slides as it needs (at most ``max_slides``; the rest is counted in the note).
        A table a little too long for one slide is set smaller (down to ``min_size``) to fit on one."""
        lay = self.layouts[LAYOUT_TABLE]
        area = lay.area(True)
        total = sum(c.weight for c in cols)
        widths = [int(area.w * c.weight / total) for c in cols]
        # rows beyond what ``max_slides`` slides could hold even at one line each are not measured
        limit = max_slides * (area.h // row_height(1, min_size)) + 1
        shown, unmeasured = rows[:limit], len(rows) - min(len(rows), limit)

        def measure(at: float) -> tuple[list[Cell], int, list[tuple[list[Cell], int]]]:
            header: list[Cell] = []
            header_lines = 1
            for c, w in zip(cols, widths, strict=True):
                text, lines = cell_lines(clean(c.header), w, at, True, 2)
                header.append(
                    Cell(text, bold=True, fill=self.dark, color=readable_on(self.dark, self.text), align=c.align)
                )
                header_lines = max(header_lines, lines)
            body: list[tuple[list[Cell], int]] = []
            for n, row in enumerate(shown):
                cells: list[Cell] = []
                lines = 1
                for spec, c, w in zip(row, cols, widths, strict=True):
                    text, k = cell_lines(clean(spec.text), w, at, spec.bold, c.max_lines)
                    fill = spec.fill or (self.band if n % 2 else None)
                    cells.append(Cell(text, spec.bold, spec.italic, fill, spec.color, spec.align or c.align))
                    lines = max(lines, k)
                body.append((cells, row_height(lines, at)))
            return header, row_height(header_lines, at), body

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
            page_note = note
            if left and i == len(pages) - 1 and more is not None:
                page_note = f"{more(left)} {note}".strip()
            slide, box = self.slide(LAYOUT_TABLE, numbered(title, i, len(pages)), page_note)
            if page:
                add_table(
                    slide,
                    box,
                    widths,
                    [header, *(cells for cells, _ in page)],
                    [header_h, *(h for _, h in page)],
                    size,
                )
