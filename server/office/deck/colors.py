"""Colour arithmetic for fills and text: tints of the theme colours, and a readable text colour on a fill."""

from __future__ import annotations

from pptx.dml.color import RGBColor

WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def blend(color: RGBColor, t: float) -> RGBColor:
    """``color`` mixed with white: t=1 the colour itself, t=0 white."""
    r, g, b = color
    return RGBColor(*(round(255 - (255 - c) * t) for c in (r, g, b)))


def darken(color: RGBColor, t: float) -> RGBColor:
    r, g, b = color
    return RGBColor(*(round(c * (1 - t)) for c in (r, g, b)))


def luminance(color: RGBColor) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = color
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def readable_on(fill: RGBColor, dark: RGBColor) -> RGBColor:
    """A readable text colour on ``fill``: white or ``dark``."""
    return WHITE if luminance(fill) < 0.35 else dark
