"""Measuring and fitting text without a renderer, and making user text safe for a slide.

Text is measured with a conservative per-character width table (DejaVu Sans, wider than Calibri, Arial or
Aptos, so what fits here fits in PowerPoint too); text that would need more lines than it has is cut off
with "…".
"""

from __future__ import annotations

import re
from typing import Any

ELLIPSIS = "…"
ZWSP = "\u200b"  # a zero-width space: where a label may break without a space (after "/")

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


def breakable(label: str) -> str:
    """A label that may break after a slash ("kinderopvang/school"), as it would at a space."""
    return clean(label).replace("/", "/" + ZWSP)


def lower_first(label: str) -> str:
    """A label inside a sentence: "Soort activiteit (3B)" -> "soort activiteit (3B)"."""
    return label[:1].lower() + label[1:]
