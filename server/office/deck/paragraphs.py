"""Paragraphs in text frames: measured before they are written, so what is measured is what is shown.

Text frames never grow or shrink on their own (auto-size off) and have known insets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import TextFrame

from .geometry import INSET_X, INSET_Y, Box, to_emu, to_pt
from .measure import ELLIPSIS, LINE_HEIGHT, fit_text, wrap


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


def paras_height(paras: Sequence[Para], width_emu: int) -> float:
    """Points the paragraphs take in a text frame ``width_emu`` wide (insets included)."""
    width = to_pt(width_emu - 2 * INSET_X)
    total = 2 * to_pt(INSET_Y)
    for p in paras:
        total += p.space_before + len(wrap(p.text, width - p.indent(), p.size, p.bold)) * p.size * LINE_HEIGHT
    return total


def fit_para(p: Para, width_emu: int, max_lines: int) -> Para:
    """The paragraph with its last run cut off so it takes at most ``max_lines`` lines."""
    width = to_pt(width_emu - 2 * INSET_X) - p.indent()
    if len(wrap(p.text, width, p.size, p.bold)) <= max_lines:
        return p
    head = "".join(r.text for r in p.runs[:-1])
    full = fit_text(p.text, width, p.size, max_lines, p.bold)
    last = p.runs[-1]
    tail = full[len(head) :] if full.startswith(head) and len(full) > len(head) else ELLIPSIS
    runs = [*p.runs[:-1], Run(tail, last.bold, last.italic, last.color)]
    return Para(runs, p.size, p.bullet, p.number, p.space_before, p.align)


def take(paras: Sequence[Para], box: Box) -> int:
    """How many of ``paras`` (from the first) fit in ``box``; at least one, cut off to fit if need be."""
    n = 0
    while n < len(paras) and paras_height(paras[: n + 1], box.w) <= to_pt(box.h):
        n += 1
    return max(n, 1)


def clear_frame(tf: TextFrame) -> None:
    """Empty the text frame, and make it wrap, neither grow nor shrink, and have known insets."""
    tf.clear()
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = INSET_X
    tf.margin_top = tf.margin_bottom = INSET_Y


def fill_frame(tf: TextFrame, paras: Sequence[Para], anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Write paragraphs into a text frame that neither grows nor shrinks, with known insets."""
    clear_frame(tf)
    tf.vertical_anchor = anchor
    for n, para in enumerate(paras):
        p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        if para.space_before:
            p.space_before = to_emu(para.space_before)
        p.line_spacing = 1.0
        if para.align is not None:
            p.alignment = para.align
        _bullet(p._p, para)
        for r in para.runs:
            run = p.add_run()
            run.text = r.text
            run.font.size = to_emu(para.size)
            run.font.bold = r.bold
            if r.italic:
                run.font.italic = True
            if r.color is not None:
                run.font.color.rgb = r.color


def _bullet(p: Any, para: Para) -> None:
    ppr = p.get_or_add_pPr()
    indent = to_emu(para.indent())
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
