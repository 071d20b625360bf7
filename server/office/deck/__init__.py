"""The deck for the bestuurlijk overleg: a short PowerPoint presentation of the analysis, in Dutch.

Built with python-pptx on a house-style template (``templates_office/deck-template.pptx``, or a
municipality's own): slide layouts are looked up by NAME, so another template works when it has the same
layout names and placeholder roles (``templates_office/README.md``). Slides, in order:

1. title (workspace, meeting date); 2. key figures (activities, partners, outcomes, reach) and findings;
3. per matrix view, the matrix as a heat-map table (white spots marked); 4. prevention: share per level
and per tier as native charts, with the analysis's warning; 5. per outcome, the contributing activities
and partners; 6. white spots; 7. likely duplicates; 8. partner contributions as a native chart;
9. changes since the last meeting; 10. besluitpunten (open ones first).

Nothing may run off a slide: text is measured before it is placed (``measure``), text boxes never grow
or shrink on their own, and long tables and lists go on to a next slide (``base``).

The modules, each depending only on those above it:

- ``geometry``, ``colors``, ``measure``: lengths and boxes, colour tints, measuring and fitting text
- ``paragraphs``, ``tables``, ``charts``: text frames, tables and bar charts on a slide
- ``template``: the template's layouts by name, their placeholders' roles, its theme colours and font
- ``meetings``: meetings, besluitpunten and Dutch dates as the deck reads them
- ``base``: the deck being built, and the generic titled, text and table slides
- ``opening``, ``heat_maps``, ``prevention``, ``outcomes``, ``duplicates``, ``partners``, ``changes``,
  ``decisions``: one module per kind of slide
- ``build``: :func:`build_deck`, which puts the slides in order
"""

from .build import build_deck, deck_filename
from .heat_maps import SPOT_MARK
from .measure import ZWSP
from .meetings import latest_meeting
from .template import (
    LAYOUT_CHART,
    LAYOUT_KEYS,
    LAYOUT_NAMES,
    LAYOUT_TABLE,
    LAYOUT_TEXT,
    LAYOUT_TITLE,
    TEMPLATE_DIR,
    TEMPLATE_FILE,
    DeckTemplateError,
)

__all__ = [
    "LAYOUT_CHART",
    "LAYOUT_KEYS",
    "LAYOUT_NAMES",
    "LAYOUT_TABLE",
    "LAYOUT_TEXT",
    "LAYOUT_TITLE",
    "SPOT_MARK",
    "TEMPLATE_DIR",
    "TEMPLATE_FILE",
    "ZWSP",
    "DeckTemplateError",
    "build_deck",
    "deck_filename",
    "latest_meeting",
]
