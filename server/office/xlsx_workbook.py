"""The completed Preventiematrix workbook: the live state of a workspace as one readable Excel file.

Made for the people in the room (OOGO, bestuurlijk overleg) and for whoever reads it afterwards; it is an
output only, never read back. Sheets, in order:

- "Overzicht": workspace, generation date, key figures, the matrices at a glance, the legend;
- one sheet per matrix view (:func:`server.domain.matrix.views`): row labels down column A, column labels
  across row 1, each cell listing its activities ("name (partner)", one per line) with a heat-map fill by
  count; empty cells are white spots ("witte vlek"), cells that depend on a single partner are marked;
  distinct-activity totals per row and column; the activities the view cannot place are listed below;
- "Activiteiten": every live activity as a filterable Excel table (the partner template's columns, labels
  instead of ids, numbers as numbers);
- "Resultaten": per maatschappelijk resultaat its indicator and the activities and partners behind it;
- "Partners": per partner its activities, reach and budget, and its activities per resultaat;
- "Analyse": the sections of the analysis (the six questions), rendered generically.

Every string goes in as a text cell (never a formula: formula injection), numbers and dates are typed.
Cells are computed once, by :func:`~server.domain.matrix.build_view`; nothing here re-derives them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..analysis.model import Section
from ..domain.matrix import MatrixView, activities, values_on, views
from ..domain.state import StoredObject, WorkspaceState
from .columns import FIELD_COLUMNS, Vocabulary, to_cell
from .xlsx_fast import SheetCells, collector_paused, save_workbook

SHEET_OVERVIEW = "Overzicht"
SHEET_ACTIVITIES = "Activiteiten"
SHEET_OUTCOMES = "Resultaten"
SHEET_PARTNERS = "Partners"
SHEET_ANALYSIS = "Analyse"
FIXED_SHEETS = (SHEET_OVERVIEW, SHEET_ACTIVITIES, SHEET_OUTCOMES, SHEET_PARTNERS, SHEET_ANALYSIS)
ACTIVITIES_TABLE = "Activiteiten"

WHITE_SPOT = "witte vlek"
SINGLE_PARTNER = "— 1 partner"
TOTAL = "Totaal"
NO_ACTIVITY = "Geen activiteiten: witte vlek"

# Heat-map steps: (lowest count, fill colour, legend text). Light enough for black text at every step.
HEAT_STEPS: tuple[tuple[int, str, str], ...] = (
    (1, "EAF3FB", "1 activiteit"),
    (2, "CFE2F3", "2 of 3 activiteiten"),
    (4, "A9CCE8", "4 tot 6 activiteiten"),
    (7, "7FB2DC", "7 of meer activiteiten"),
)
WHITE_SPOT_FILL = PatternFill("lightUp", fgColor="D0D0D0", bgColor="FFFFFF")
WHITE_SPOT_FONT = Font(italic=True, color="808080", size=9)
WHITE_SPOT_BORDER = Border(*(Side("dashed", color="A0A0A0") for _ in range(4)))
SINGLE_BORDER = Border(*(Side("medium", color="E46C0A") for _ in range(4)))
THIN_BORDER = Border(*(Side("thin", color="BFBFBF") for _ in range(4)))
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TOTAL_FILL = PatternFill("solid", fgColor="E4EAF1")
CELL_FONT = Font(size=9)
TITLE_FONT = Font(bold=True, size=16, color="1F4E79")
HEADING_FONT = Font(bold=True, size=13, color="1F4E79")
BOLD = Font(bold=True)
ZERO_FONT = Font(color="A0A0A0")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER_WRAP = Alignment(wrap_text=True, vertical="center")
CENTER_TOP = Alignment(horizontal="center", vertical="top")

INT_FORMAT = "#,##0"
MONEY_FORMAT = '"€" #,##0'
NUMBER_FORMATS = {"int": INT_FORMAT, "float": "#,##0.00"}
DATE_FORMAT = "dd-mm-yyyy hh:mm"

MAX_CELL_TEXT = 32_767  # Excel's limit; a longer text makes Excel repair the file
MAX_ROW_HEIGHT = 409  # points, Excel's limit
MATRIX_COL_WIDTH = 40
MATRIX_LABEL_WIDTH = 34
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_SAFE = re.compile(r"[^a-z0-9]+")
TIMEZONE = "Europe/Amsterdam"


# ---------------------------------------------------------------- public API


def workbook_filename(slug: str, day: date | None = None) -> str:
    """The download name, e.g. ``preventiematrix-demo-2026-11-23.xlsx``: lower-case letters, digits, dashes."""
    parts = ["preventiematrix", slug, (day or date.today()).isoformat()]
    safe = (_SAFE.sub("-", p.casefold()).strip("-") for p in parts)
    return "-".join(p for p in safe if p) + ".xlsx"


def build_workbook(
    state: WorkspaceState,
    analysis_sections: list[Section] | None = None,
    generated_at: datetime | None = None,
) -> bytes:
    """The completed Preventiematrix workbook (xlsx bytes) for the live ``state``.

    ``analysis_sections`` fills the "Analyse" sheet; when None, :func:`server.analysis.analyse` is asked
    for them (if it exists). ``generated_at`` (default: now) is shown as a date on "Overzicht".
    """
    with collector_paused():
        return _build_workbook(state, analysis_sections, generated_at)


def _build_workbook(
    state: WorkspaceState, analysis_sections: list[Section] | None, generated_at: datetime | None
) -> bytes:
    when = _local(generated_at)
    if analysis_sections is None:
        analysis_sections = _default_sections(state)
    vocab = Vocabulary(state)
    acts = activities(state)
    matrix_views = views(state)

    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = SHEET_OVERVIEW
    taken = {name.casefold() for name in FIXED_SHEETS}
    view_sheets = []
    for view in matrix_views:
        ws = wb.create_sheet(sheet_title(view.name, taken))
        _write_matrix(ws, view, vocab)
        view_sheets.append((ws.title, view))
    _write_activities(wb.create_sheet(SHEET_ACTIVITIES), acts, vocab)
    _write_outcomes(wb.create_sheet(SHEET_OUTCOMES), state, acts, vocab)
    _write_partners(wb.create_sheet(SHEET_PARTNERS), state, acts, vocab)
    _write_analysis(wb.create_sheet(SHEET_ANALYSIS), analysis_sections)
    _write_overview(overview, state, acts, view_sheets, when)

    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    overview.sheet_view.tabSelected = True
    wb.active = 0
    wb.properties.creator = "matrixsync"
    wb.properties.lastModifiedBy = "matrixsync"
    wb.properties.title = _clean(f"Preventiematrix {state.name}")[:250]
    return save_workbook(wb)


def sheet_title(name: str, taken: set[str]) -> str:
    """``name`` as a valid, unique Excel sheet name (at most 31 characters, none of ``[]:*?/\\``, not
    starting or ending with an apostrophe); ``taken`` holds the case-folded names in use and is updated."""
    base = " ".join(_SHEET_BAD.sub(" ", _clean(name)).split()).strip("'").strip()
    base = base[:31].rstrip().rstrip("'").rstrip() or "Matrix"
    title, n = base, 2
    while title.casefold() in taken or title.casefold() == "history":  # "History" is reserved by Excel
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip().rstrip("'") + suffix
        n += 1
    taken.add(title.casefold())
    return title


def matrix_cell_text(view: MatrixView, row: str, col: str, vocab: Vocabulary) -> str:
    """What a matrix cell shows: its activities as "name (partner)", one per line, and a note when a single
    partner serves the cell; ``WHITE_SPOT`` for an empty cell. Cut short (with a count) at Excel's limit."""
    acts = view.cell(row, col)
    if not acts:
        return WHITE_SPOT
    lines = [activity_line(a, vocab) for a in acts]
    note = [SINGLE_PARTNER] if len(view.partners_in(row, col)) == 1 else []
    return _fit_lines(lines, note)


def activity_line(act: StoredObject, vocab: Vocabulary) -> str:
    return f"{act.fields['name']} ({vocab.label('partner', act.fields['partner'])})"


# ---------------------------------------------------------------- cells and helpers


def _clean(text: str) -> str:
    """Text without the control characters an xlsx cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def put(cell: Cell, value: Any) -> Cell:
    """Write ``value``: a string always becomes a text cell (never a formula, never an error code such as
    ``#N/A``), cut at Excel's limit; an int or float a number; anything else (a date) goes through openpyxl.

    Text and numbers are stored directly, as openpyxl's own value setter does at its end: the setter would
    check the text a second time and guess a type we already know (measurably slower for 2,000 activities)."""
    if isinstance(value, str):
        text = _clean(value)
        if len(text) > MAX_CELL_TEXT:
            text = text[: MAX_CELL_TEXT - 1] + "…"
        cell._value = text
        cell.data_type = "s"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        cell._value = value
        cell.data_type = "n"
    else:
        cell.value = value
    return cell


# Per workbook: (the cell's style array, ids of the style objects, number format) -> the resulting style array.
# openpyxl looks a font, fill or border up by hashing it, field by field, on every assignment; the same constants
# are assigned thousands of times. The objects themselves stay referenced here, so their ids are not reused.
_STYLE_CACHE: WeakKeyDictionary[Workbook, dict[Any, tuple[Any, tuple[Any, ...]]]] = WeakKeyDictionary()


def _style(
    cell: Cell,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
    border: Border | None = None,
    number_format: str | None = None,
) -> Cell:
    cache = _STYLE_CACHE.setdefault(cell.parent.parent, {})
    base = cell._style
    key = (None if base is None else tuple(base), id(font), id(fill), id(alignment), id(border), number_format)
    hit = cache.get(key)
    if hit is not None:
        cell._style = copy(hit[0])
        return cell
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    cache[key] = (copy(cell._style), (font, fill, alignment, border))
    return cell


def _header(ws: Worksheet, row: int, headers: Sequence[str], height: float | None = None) -> None:
    for c, text in enumerate(headers, 1):
        _style(put(ws.cell(row, c), text), HEADER_FONT, HEADER_FILL, CENTER_WRAP, THIN_BORDER)
    if height:
        ws.row_dimensions[row].height = height


def _fit_lines(lines: list[str], tail: list[str]) -> str:
    """``lines`` joined by newlines, cut short with "… en nog N" so the whole stays under Excel's limit."""
    budget = MAX_CELL_TEXT - 200 - sum(len(t) + 1 for t in tail)
    kept: list[str] = []
    used = 0
    for n, line in enumerate(lines):
        if used + len(line) + 1 > budget:
            kept.append(f"… en nog {len(lines) - n} (zie het blad {SHEET_ACTIVITIES})")
            break
        kept.append(line)
        used += len(line) + 1
    return _clean("\n".join(kept + tail))


def _text_lines(text: str, width: float, chars_per_unit: float = 1.1) -> int:
    """About how many lines ``text`` takes when wrapped in a column ``width`` wide."""
    per_line = max(1, int(width * chars_per_unit) - 1)
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _height(lines: int, line_height: float = 15.0, pad: float = 4.0, minimum: float = 15.0) -> float:
    return min(MAX_ROW_HEIGHT, max(minimum, lines * line_height + pad))


_HEAT_FILLS = tuple((lowest, PatternFill("solid", fgColor=colour)) for lowest, colour, _ in HEAT_STEPS)


def heat_fill(count: int) -> PatternFill | None:
    fill = None
    for lowest, step in _HEAT_FILLS:
        if count >= lowest:
            fill = step
    return fill


def _local(when: datetime | None) -> datetime:
    """A naive local (Dutch) time: xlsx has no time zones."""
    try:
        from zoneinfo import ZoneInfo

        zone: Any = ZoneInfo(TIMEZONE)
    except Exception:  # no tz database on this machine: the server's local time
        zone = None
    if when is None:
        when = datetime.now(zone) if zone else datetime.now().astimezone()
    if when.tzinfo is not None:
        when = when.astimezone(zone) if zone else when.astimezone()
    return when.replace(tzinfo=None, microsecond=0)


def _default_sections(state: WorkspaceState) -> list[Section] | None:
    try:
        from ..analysis import analyse
    except ImportError:
        return None
    sections: list[Section] = analyse(state).sections()
    return sections


def _print_setup(ws: Worksheet, landscape: bool = True, fit_width: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _partner_names(ids: Iterable[str], vocab: Vocabulary) -> list[str]:
    return sorted({vocab.label("partner", p) for p in ids}, key=str.casefold)


# ---------------------------------------------------------------- matrix sheets


def _write_matrix(ws: Worksheet, view: MatrixView, vocab: Vocabulary) -> None:
    ncols = len(view.cols)
    total_col = ncols + 2
    put(ws.cell(1, 1), f"{view.row_label} ↓ · {view.col_label} →")
    _style(ws.cell(1, 1), HEADER_FONT, HEADER_FILL, CENTER_WRAP, THIN_BORDER)
    header_lines = 1
    for c, band in enumerate(view.cols, 2):
        _style(put(ws.cell(1, c), band.label), HEADER_FONT, HEADER_FILL, CENTER_WRAP, THIN_BORDER)
        header_lines = max(header_lines, _text_lines(band.label, MATRIX_COL_WIDTH))
    _style(put(ws.cell(1, total_col), TOTAL), HEADER_FONT, HEADER_FILL, CENTER_WRAP, THIN_BORDER)
    ws.row_dimensions[1].height = _height(header_lines, pad=8, minimum=30)

    for r, row in enumerate(view.rows, 2):
        _style(put(ws.cell(r, 1), row.label), BOLD, TOTAL_FILL, TOP_WRAP, THIN_BORDER)
        lines = _text_lines(row.label, MATRIX_LABEL_WIDTH)
        for c, col in enumerate(view.cols, 2):
            cell = ws.cell(r, c)
            text = matrix_cell_text(view, row.id, col.id, vocab)
            put(cell, text)
            acts = view.cell(row.id, col.id)
            if not acts:
                _style(cell, WHITE_SPOT_FONT, WHITE_SPOT_FILL, TOP_WRAP, WHITE_SPOT_BORDER)
            else:
                single = len(view.partners_in(row.id, col.id)) == 1
                _style(cell, CELL_FONT, heat_fill(len(acts)), TOP_WRAP, SINGLE_BORDER if single else THIN_BORDER)
            lines = max(lines, _text_lines(text, MATRIX_COL_WIDTH, 1.4))
        _style(put(ws.cell(r, total_col), view.row_count(row.id)), BOLD, TOTAL_FILL, TOP, THIN_BORDER)
        ws.row_dimensions[r].height = _height(lines, line_height=11.5, pad=6, minimum=30)

    total_row = len(view.rows) + 2
    _style(put(ws.cell(total_row, 1), TOTAL), BOLD, TOTAL_FILL, TOP, THIN_BORDER)
    for c, col in enumerate(view.cols, 2):
        _style(put(ws.cell(total_row, c), view.col_count(col.id)), BOLD, TOTAL_FILL, TOP, THIN_BORDER)
    placed = len({a.id for acts in view.cells.values() for a in acts})
    _style(put(ws.cell(total_row, total_col), placed), BOLD, TOTAL_FILL, TOP, THIN_BORDER)

    r = total_row + 2
    row_ids = {b.id for b in view.rows}
    col_ids = {b.id for b in view.cols}
    if view.unplaced:
        title = (
            f"Niet in deze matrix: {len(view.unplaced)} "
            f"{'activiteit' if len(view.unplaced) == 1 else 'activiteiten'} zonder "
            f"{view.row_label.lower()} of {view.col_label.lower()}"
        )
        _style(put(ws.cell(r, 1), title), HEADING_FONT)
        for act in view.unplaced:
            r += 1
            missing = []
            if not any(v in row_ids for v in values_on(act, view.row_axis)):
                missing.append(view.row_label.lower())
            if not any(v in col_ids for v in values_on(act, view.col_axis)):
                missing.append(view.col_label.lower())
            put(ws.cell(r, 1), f"{activity_line(act, vocab)}: geen {' en geen '.join(missing)}")
    else:
        _style(put(ws.cell(r, 1), "Alle activiteiten staan in deze matrix."), Font(italic=True, color="808080"))

    ws.column_dimensions["A"].width = MATRIX_LABEL_WIDTH
    for c in range(2, total_col):
        ws.column_dimensions[get_column_letter(c)].width = MATRIX_COL_WIDTH
    ws.column_dimensions[get_column_letter(total_col)].width = 10
    ws.freeze_panes = "B2"
    _print_setup(ws)
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"
    ws.oddHeader.center.text = _clean(view.name).replace("&", "&&")
    ws.oddFooter.center.text = "Pagina &P van &N"


# ---------------------------------------------------------------- Activiteiten


_AS_IS = ("text", "long", "url")  # kinds whose value to_cell returns unchanged


def _write_activities(ws: Worksheet, acts: list[StoredObject], vocab: Vocabulary) -> None:
    _header(ws, 1, [c.header for c in FIELD_COLUMNS], height=45)
    for c, col in enumerate(FIELD_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    cells = SheetCells(ws)  # thousands of rows: written without openpyxl cells (see xlsx_fast)
    # text keeps the default style: one line per activity, the table style does the rest
    styles = {kind: cells.style(number_format=fmt) for kind, fmt in NUMBER_FORMATS.items()}
    plan = [(c, col.key, col, col.kind, styles.get(col.kind, 0)) for c, col in enumerate(FIELD_COLUMNS, 1)]
    for r, act in enumerate(acts, 2):
        fields = act.fields
        row = []
        for c, key, col, kind, style in plan:
            value = fields.get(key)
            if value is None or value == "" or value == []:
                continue  # an empty cell is not written at all
            if kind == "int":
                value = int(value)
            elif kind == "float":
                value = float(value)
            elif kind not in _AS_IS:
                value = to_cell(col, value, vocab)
            row.append((c, value, style))
        cells.put_row(r, row)
    last_row = max(2, len(acts) + 1)  # a table needs one data row, even an empty one
    ref = f"A1:{get_column_letter(len(FIELD_COLUMNS))}{last_row}"
    table = XlTable(displayName=ACTIVITIES_TABLE, ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False)
    ws.add_table(table)
    ws.freeze_panes = "B2"
    _print_setup(ws, fit_width=False)


# ---------------------------------------------------------------- Resultaten

OUTCOME_HEADERS = (
    ("Maatschappelijk resultaat", 36),
    ("Soort", 16),
    ("Indicator", 40),
    ("Nulmeting", 14),
    ("Streefwaarde", 14),
    ("Streefjaar", 10),
    ("Databron", 24),
    ("Aantal activiteiten", 12),
    ("Activiteiten", 46),
    ("Partners", 34),
)


def _write_outcomes(ws: Worksheet, state: WorkspaceState, acts: list[StoredObject], vocab: Vocabulary) -> None:
    _header(ws, 1, [h for h, _ in OUTCOME_HEADERS], height=32)
    widths = [w for _, w in OUTCOME_HEADERS]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    by_outcome: dict[str, list[StoredObject]] = {}
    for act in acts:
        for oid in dict.fromkeys(act.fields.get("outcomes", ())):
            by_outcome.setdefault(oid, []).append(act)
    outcomes = sorted(state.live("outcome"), key=lambda o: (o.fields["position"], o.fields["title"]))
    r = 1
    for outcome in outcomes:
        r += 1
        f = outcome.fields
        contributing = by_outcome.get(outcome.id, [])
        partners = _partner_names(
            [p for a in contributing for p in (a.fields["partner"], *a.fields.get("co_partners", ()))], vocab
        )
        values: list[Any] = [
            f["title"],
            f.get("kind") or None,
            f.get("indicator") or None,
            f.get("baseline") or None,
            f.get("target") or None,
            f.get("target_year"),
            f.get("data_source") or None,
            len(contributing),
            _fit_lines([a.fields["name"] for a in contributing], []) if contributing else NO_ACTIVITY,
            "\n".join(partners) if partners else None,
        ]
        lines = 1
        for c, value in enumerate(values, 1):
            cell = _style(ws.cell(r, c), alignment=TOP_WRAP, border=THIN_BORDER)
            if value is not None:
                put(cell, value)
            if isinstance(value, str):
                lines = max(lines, _text_lines(value, widths[c - 1]))
        _style(ws.cell(r, 1), font=BOLD)
        ws.cell(r, 6).number_format = "0"
        if not contributing:
            for c in (8, 9):
                _style(ws.cell(r, c), WHITE_SPOT_FONT, WHITE_SPOT_FILL, border=WHITE_SPOT_BORDER)
        ws.row_dimensions[r].height = _height(lines)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(OUTCOME_HEADERS))}{max(2, r)}"
    ws.freeze_panes = "B2"

    loose = [a for a in acts if not a.fields.get("outcomes")]
    r += 2
    if not outcomes:
        _style(put(ws.cell(2, 1), "Er zijn nog geen maatschappelijke resultaten."), WHITE_SPOT_FONT)
        r = 4
    _style(
        put(ws.cell(r, 1), f"Activiteiten zonder maatschappelijk resultaat: {len(loose)}"),
        HEADING_FONT,
    )
    for act in loose:
        r += 1
        put(ws.cell(r, 1), activity_line(act, vocab))
    _print_setup(ws)


# ---------------------------------------------------------------- Partners

PARTNER_FIXED = (
    ("Partner", 34),
    ("Type", 14),
    ("Activiteiten (uitvoerend)", 13),
    ("Medeuitvoerend bij", 13),
    ("Bereik per jaar (som)", 13),
    ("Budget per jaar (som)", 15),
)
OUTCOME_COL_WIDTH = 16


def partner_outcome_counts(state: WorkspaceState) -> dict[str, dict[str, int]]:
    """Per partner id, per outcome id: how many of the live activities it leads contribute to that outcome."""
    counts: dict[str, dict[str, int]] = {}
    for act in state.live("activity"):
        row = counts.setdefault(act.fields["partner"], {})
        for oid in dict.fromkeys(act.fields.get("outcomes", ())):
            row[oid] = row.get(oid, 0) + 1
    return counts


def _write_partners(ws: Worksheet, state: WorkspaceState, acts: list[StoredObject], vocab: Vocabulary) -> None:
    partners = sorted(state.live("partner"), key=lambda p: p.fields["name"].casefold())
    outcomes = sorted(state.live("outcome"), key=lambda o: (o.fields["position"], o.fields["title"]))
    headers = [h for h, _ in PARTNER_FIXED] + [o.fields["title"] for o in outcomes] + ["Zonder resultaat"]
    widths = [w for _, w in PARTNER_FIXED] + [OUTCOME_COL_WIDTH] * (len(outcomes) + 1)
    header_lines = max(_text_lines(h, w) for h, w in zip(headers, widths, strict=True))
    _header(ws, 1, headers, height=_height(header_lines, pad=8, minimum=30))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w

    lead: dict[str, list[StoredObject]] = {}
    co: dict[str, int] = {}
    for act in acts:
        lead.setdefault(act.fields["partner"], []).append(act)
        for p in dict.fromkeys(act.fields.get("co_partners", ())):
            co[p] = co.get(p, 0) + 1
    counts = partner_outcome_counts(state)
    first_outcome_col = len(PARTNER_FIXED) + 1
    r = 1
    for partner in partners:
        r += 1
        own = lead.get(partner.id, [])
        reach = sum(int(a.fields["reach"]) for a in own if a.fields.get("reach") is not None)
        budget = sum(float(a.fields["budget"]) for a in own if a.fields.get("budget") is not None)
        fixed: list[Any] = [partner.fields["name"], partner.fields.get("type"), len(own), co.get(partner.id, 0)]
        fixed += [reach, budget]
        for c, value in enumerate(fixed, 1):
            put(_style(ws.cell(r, c), alignment=TOP_WRAP, border=THIN_BORDER), value)
        _style(ws.cell(r, 1), font=BOLD)
        ws.cell(r, 5).number_format = INT_FORMAT
        ws.cell(r, 6).number_format = MONEY_FORMAT
        row_counts = counts.get(partner.id, {})
        for c, outcome in enumerate(outcomes, first_outcome_col):
            n = row_counts.get(outcome.id, 0)
            font = ZERO_FONT if n == 0 else None
            put(_style(ws.cell(r, c), font, heat_fill(n), CENTER_TOP, THIN_BORDER), n)
        loose = sum(1 for a in own if not a.fields.get("outcomes"))
        put(_style(ws.cell(r, first_outcome_col + len(outcomes)), alignment=CENTER_TOP, border=THIN_BORDER), loose)
        ws.row_dimensions[r].height = _height(_text_lines(partner.fields["name"], widths[0]))
    last = r
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(2, last)}"

    r += 1
    total_row: list[Any] = [TOTAL, None, len(acts), sum(co.values())]
    total_row += [
        sum(int(a.fields["reach"]) for a in acts if a.fields.get("reach") is not None),
        sum(float(a.fields["budget"]) for a in acts if a.fields.get("budget") is not None),
    ]
    total_row += [sum(counts.get(p.id, {}).get(o.id, 0) for p in partners) for o in outcomes]
    total_row += [sum(1 for a in acts if not a.fields.get("outcomes"))]
    for c, value in enumerate(total_row, 1):
        cell = _style(ws.cell(r, c), BOLD, TOTAL_FILL, border=THIN_BORDER)
        if value is not None:
            put(cell, value)
    ws.cell(r, 5).number_format = INT_FORMAT
    ws.cell(r, 6).number_format = MONEY_FORMAT
    note = (
        "Per resultaat: het aantal activiteiten dat de partner uitvoert en dat bijdraagt aan dat resultaat. "
        "Een activiteit kan aan meer resultaten bijdragen. Bereik telt kinderen, ouders en professionals bij elkaar op."
    )
    _style(put(ws.cell(r + 2, 1), note), Font(italic=True, color="606060"))
    ws.freeze_panes = "B2"
    _print_setup(ws)


# ---------------------------------------------------------------- Analyse

ANALYSIS_WIDTH = 8  # columns a heading, question or finding spans
ANALYSIS_COL_WIDTHS = (40, 18)  # column A, the others


def _write_analysis(ws: Worksheet, sections: list[Section] | None) -> None:
    widest = max([ANALYSIS_WIDTH] + [len(t.headers) for s in sections or [] for t in s.tables])
    ws.column_dimensions["A"].width = ANALYSIS_COL_WIDTHS[0]
    for c in range(2, widest + 1):
        ws.column_dimensions[get_column_letter(c)].width = ANALYSIS_COL_WIDTHS[1]
    span_width = ANALYSIS_COL_WIDTHS[0] + ANALYSIS_COL_WIDTHS[1] * (ANALYSIS_WIDTH - 1)
    span_end = get_column_letter(ANALYSIS_WIDTH)
    cells = SheetCells(ws)  # tens of thousands of cells: written without openpyxl cells (see xlsx_fast)
    muted = Font(italic=True, color="808080")
    s_title, s_heading, s_bold = cells.style(TITLE_FONT), cells.style(HEADING_FONT), cells.style(BOLD)
    s_muted = cells.style(muted)
    s_header = cells.style(HEADER_FONT, HEADER_FILL, CENTER_WRAP, THIN_BORDER)
    s_value = {
        fmt: cells.style(alignment=TOP_WRAP, border=THIN_BORDER, number_format=fmt)
        for fmt in (None, "#,##0.0", INT_FORMAT)
    }

    def paragraph(row: int, text: str, font: Font | None = None) -> None:
        cells.put(row, 1, text, cells.style(font, alignment=TOP_WRAP))
        # as ws.merge_cells, without the empty cells it would make for the rest of the range
        ws.merged_cells.add(MergedCellRange(ws, f"A{row}:{span_end}{row}"))
        cells.height(row, _height(_text_lines(text, span_width)))

    _print_setup(ws, landscape=False)
    cells.put(1, 1, "Analyse van het aanbod", s_title)
    cells.height(1, 24)
    r = 2
    if sections is None:
        paragraph(3, "De analyse is (nog) niet beschikbaar in deze versie.", muted)
        return
    if not sections:
        paragraph(3, "Er zijn geen analyseresultaten.", muted)
        return
    question_font = Font(italic=True, color="404040")
    for section in sections:
        r += 1
        cells.put(r, 1, section.title, s_heading)
        cells.height(r, 20)
        if section.question:
            r += 1
            paragraph(r, section.question, question_font)
        for line in section.lines:
            r += 1
            paragraph(r, f"• {line}")
        for table in section.tables:
            r += 2
            cells.put(r, 1, table.title, s_bold)
            r += 1
            header_lines = max([1] + [_text_lines(h, ANALYSIS_COL_WIDTHS[c > 0]) for c, h in enumerate(table.headers)])
            cells.put_row(r, ((c, h, s_header) for c, h in enumerate(table.headers, 1)))
            cells.height(r, _height(header_lines))
            for values in table.rows:
                r += 1
                lines = 1
                row = []
                for c, value in enumerate(values, 1):
                    if isinstance(value, float) and not value.is_integer():
                        fmt: str | None = "#,##0.0"
                    elif isinstance(value, int | float):
                        fmt = INT_FORMAT
                    else:
                        fmt = None
                        if value is not None:
                            value = str(value)
                            lines = max(lines, _text_lines(value, ANALYSIS_COL_WIDTHS[c > 1]))
                    row.append((c, value, s_value[fmt]))
                cells.put_row(r, row)
                if lines > 1:  # a one-line row keeps the default height
                    cells.height(r, _height(lines))
            if not table.rows:
                r += 1
                cells.put(r, 1, "(geen rijen)", s_muted)
        r += 1


# ---------------------------------------------------------------- Overzicht


def _write_overview(
    ws: Worksheet,
    state: WorkspaceState,
    acts: list[StoredObject],
    view_sheets: list[tuple[str, MatrixView]],
    when: datetime,
) -> None:
    ws.column_dimensions["A"].width = 44
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 16
    _style(put(ws.cell(1, 1), state.name), TITLE_FONT)
    ws.row_dimensions[1].height = 26
    put(ws.cell(2, 1), "Preventiematrix: het volledige aanbod (Kwaliteitskompas blok 3B)")
    put(ws.cell(3, 1), "Gemaakt op")
    _style(put(ws.cell(3, 2), when), alignment=Alignment(horizontal="left"), number_format=DATE_FORMAT)
    put(ws.cell(4, 1), "Stand (wijzigingsnummer)")
    _style(put(ws.cell(4, 2), state.seq), alignment=Alignment(horizontal="left"), number_format="0")

    partners = list(state.live("partner"))
    outcomes = list(state.live("outcome"))
    with_outcome = {o for a in acts for o in a.fields.get("outcomes", ())}
    live_partners = {p.id for p in partners}
    involved = {p for a in acts for p in (a.fields["partner"], *a.fields.get("co_partners", ()))} & live_partners
    figures: list[tuple[str, Any, str | None]] = [
        ("Activiteiten", len(acts), INT_FORMAT),
        ("Partners", len(partners), INT_FORMAT),
        ("Partners met activiteiten (uitvoerend of mede)", len(involved), INT_FORMAT),
        ("Maatschappelijke resultaten", len(outcomes), INT_FORMAT),
        ("Resultaten zonder activiteit", sum(1 for o in outcomes if o.id not in with_outcome), INT_FORMAT),
        (
            "Totaal bereik per jaar (som)",
            sum(int(a.fields["reach"]) for a in acts if a.fields.get("reach") is not None),
            INT_FORMAT,
        ),
        (
            "Totaal budget per jaar (euro)",
            sum(float(a.fields["budget"]) for a in acts if a.fields.get("budget") is not None),
            MONEY_FORMAT,
        ),
    ]
    r = 6
    _style(put(ws.cell(r, 1), "Kerncijfers"), HEADING_FONT)
    for label, value, fmt in figures:
        r += 1
        put(ws.cell(r, 1), label)
        _style(put(ws.cell(r, 2), value), BOLD, number_format=fmt)
    r += 1
    note = "Bereik telt kinderen, jongeren, ouders en professionals bij elkaar op; activiteiten zonder bereik tellen niet mee."
    _style(put(ws.cell(r, 1), note), Font(italic=True, size=9, color="606060"))

    r += 2
    _style(put(ws.cell(r, 1), "Matrices"), HEADING_FONT)
    r += 1
    _header(ws, r, ["Blad", "Cellen", "Gevuld", "Witte vlekken", "Eén partner", "Niet geplaatst"], height=30)
    for title, view in view_sheets:
        r += 1
        cells = len(view.rows) * len(view.cols)
        empty = len(view.empty_cells())
        single = sum(1 for row in view.rows for col in view.cols if len(view.partners_in(row.id, col.id)) == 1)
        for c, value in enumerate([title, cells, cells - empty, empty, single, len(view.unplaced)], 1):
            _style(put(ws.cell(r, c), value), border=THIN_BORDER)
    if not view_sheets:
        r += 1
        _style(put(ws.cell(r, 1), "Er zijn nog geen matrices."), Font(italic=True, color="808080"))

    r += 2
    _style(put(ws.cell(r, 1), "Legenda"), HEADING_FONT)
    for _, colour, text in HEAT_STEPS:
        r += 1
        _style(put(ws.cell(r, 1), text), CELL_FONT, PatternFill("solid", fgColor=colour), border=THIN_BORDER)
        put(ws.cell(r, 2), "Kleur van een cel: hoe meer activiteiten, hoe donkerder.")
    r += 1
    _style(put(ws.cell(r, 1), WHITE_SPOT), WHITE_SPOT_FONT, WHITE_SPOT_FILL, border=WHITE_SPOT_BORDER)
    put(ws.cell(r, 2), "Witte vlek: geen enkele activiteit in deze cel.")
    r += 1
    _style(put(ws.cell(r, 1), f"Activiteit (partner)\n{SINGLE_PARTNER}"), CELL_FONT, border=SINGLE_BORDER)
    _style(ws.cell(r, 1), alignment=TOP_WRAP)
    ws.row_dimensions[r].height = 28
    put(ws.cell(r, 2), "Oranje rand en '— 1 partner': alle activiteiten in de cel komen van één partner.")
    r += 1
    put(ws.cell(r, 1), TOTAL)
    put(ws.cell(r, 2), "Aantal verschillende activiteiten in de rij of kolom (elke activiteit telt één keer).")

    r += 2
    _style(put(ws.cell(r, 1), "Bladen"), HEADING_FONT)
    descriptions = [(title, f"Matrix: {view.row_label} x {view.col_label}") for title, view in view_sheets]
    descriptions += [
        (SHEET_ACTIVITIES, "Alle activiteiten als filterbare tabel."),
        (SHEET_OUTCOMES, "Per maatschappelijk resultaat: indicator, activiteiten en partners."),
        (SHEET_PARTNERS, "Per partner: activiteiten, bereik, budget en bijdrage per resultaat."),
        (SHEET_ANALYSIS, "De zes vragen van het Kwaliteitskompas, met cijfers."),
    ]
    for title, text in descriptions:
        r += 1
        _style(put(ws.cell(r, 1), title), BOLD)
        put(ws.cell(r, 2), text)
    _print_setup(ws, landscape=False)
