"""Lengths and boxes on a slide: python-pptx counts in EMU, text is measured in points."""

from __future__ import annotations

from dataclasses import dataclass

from pptx.util import Emu, Length

EMU_PER_PT = 12700


def to_pt(emu: float) -> float:
    return emu / EMU_PER_PT


def to_emu(pt: float) -> int:
    return int(round(pt * EMU_PER_PT))


INSET_X = Emu(to_emu(7.2))  # text frame insets: PowerPoint's defaults (0.1 in, 0.05 in)
INSET_Y = Emu(to_emu(3.6))
CELL_X = to_emu(5.76)  # table cell margins (0.08 in, 0.04 in)
CELL_Y = to_emu(2.88)


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
