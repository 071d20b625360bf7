"""The partner workbook: the house-style template filled with a workspace's activities.

A partner downloads it, fills it in Excel or LibreOffice (offline, without an account if need be) and
uploads it again; the upload reader (``xlsx_upload``) merges it field by field (DESIGN.md, "Offline Excel").
What this module writes is therefore also the contract for that reader:

- "Activiteiten": an Excel table (named "Activiteiten") whose header row holds the headers of
  :data:`~server.office.columns.ACTIVITY_COLUMNS` in order; column A holds the object id (hidden, locked).
  One row per live activity of the partner, then empty rows for new ones. Drop-down lists come from named
  ranges (``lijst_<source>``) on the hidden sheet "Lijsten"; list validations are re-applied here on every
  export because openpyxl and LibreOffice may drop or rewrite them (DESIGN.md, "Traps").
- "Overzicht": the other partners' activities, read only, so a partner sees overlap and can cooperate.
- "_matrixsync": very hidden; column A keys, column B values: exactly the provenance dict (signed).

Every string is written as a text cell, never as a formula (formula injection): a name such as
``=HYPERLINK(...)`` stays the literal text it is. Sheet protection is a guide against slips, not security:
it has no password and the upload validates everything again.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.axes import AXES
from ..domain.state import StoredObject, WorkspaceState
from .columns import ACTIVITY_COLUMNS, DELETE_MARK, Column, Vocabulary, to_cell
from .xlsx_fast import SheetCells, collector_paused, save_workbook

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates_office"
TEMPLATE_FILE = "partner-template.xlsx"

SHEET_INFO = "Toelichting"
SHEET_ACTIVITIES = "Activiteiten"
SHEET_OVERVIEW = "Overzicht"
SHEET_LISTS = "Lijsten"
SHEET_PROVENANCE = "_matrixsync"
SHEET_ORDER = (SHEET_INFO, SHEET_ACTIVITIES, SHEET_OVERVIEW, SHEET_LISTS, SHEET_PROVENANCE)
TABLE_NAME = "Activiteiten"
TABLE_STYLE = "TableStyleMedium2"
LIST_PREFIX = "lijst_"
CONTEXT_NAME = "matrixsync_context"  # a cell on the Toelichting sheet (see templates_office/build_templates.py)

# Named styles defined by the template; the fallbacks keep a template without them usable.
STYLE_HEADER = "matrixsync kop"
STYLE_INPUT = "matrixsync invoer"
STYLE_INPUT_LONG = "matrixsync invoer lang"
STYLE_ID = "matrixsync id"
STYLE_READONLY = "matrixsync alleen lezen"
_FALLBACK_STYLES = {
    STYLE_HEADER: dict(
        font=Font(bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor="1F4E79"),
        alignment=Alignment(wrap_text=True, vertical="center"),
        protection=Protection(locked=True),
    ),
    STYLE_INPUT: dict(alignment=Alignment(vertical="top"), protection=Protection(locked=False)),
    STYLE_INPUT_LONG: dict(alignment=Alignment(wrap_text=True, vertical="top"), protection=Protection(locked=False)),
    STYLE_ID: dict(font=Font(size=9, color="808080"), protection=Protection(locked=True)),
    STYLE_READONLY: dict(alignment=Alignment(wrap_text=True, vertical="top"), protection=Protection(locked=True)),
}

NUMBER_FORMATS = {"int": "#,##0", "float": "#,##0.00"}
SOURCE_LABELS = {"partner": "Partner", "outcome": "Maatschappelijk resultaat"} | {
    "status": "Status",
    "form": "Vorm",
    "financing": "Financiering",
    "reach_unit": "Bereik: wie",
}
# Excel's limits for data validation texts; longer texts make Excel "repair" the file.
_PROMPT_TITLE_MAX = 32
_PROMPT_MAX = 255
_SAFE = re.compile(r"[^a-z0-9]+")


def template_filename(workspace_slug: str, partner_slug: str | None, day: date | None = None) -> str:
    """The download name, e.g. ``matrixsync-demo-cjg-2026-11-23.xlsx``: lower-case letters, digits, dashes."""
    parts = ["matrixsync", workspace_slug, partner_slug or "", (day or date.today()).isoformat()]
    safe = (_SAFE.sub("-", p.casefold()).strip("-") for p in parts)
    return "-".join(p for p in safe if p) + ".xlsx"


def build_partner_template(
    state: WorkspaceState,
    partner_id: str | None,
    provenance: dict[str, str],
    extra_rows: int = 100,
    template_dir: Path | None = None,
) -> bytes:
    """The partner workbook (xlsx bytes) for ``partner_id``'s live activities, or all of them when None.

    ``provenance`` is written verbatim to the very hidden sheet (see :mod:`server.office.provenance`).
    """
    with collector_paused():
        return _build_partner_template(state, partner_id, provenance, extra_rows, template_dir)


def _build_partner_template(
    state: WorkspaceState,
    partner_id: str | None,
    provenance: dict[str, str],
    extra_rows: int,
    template_dir: Path | None,
) -> bytes:
    partner: StoredObject | None = None
    if partner_id is not None:
        partner = state.get(partner_id)
        if partner is None or partner.type != "partner" or partner.deleted:
            raise ValueError(f"onbekende partner: {partner_id}")
    vocab = Vocabulary(state)
    activities = sorted(state.live("activity"), key=lambda a: (str(a.fields.get("name", "")).casefold(), a.id))
    own = [a for a in activities if partner_id is None or a.fields.get("partner") == partner_id]
    others = [] if partner_id is None else [a for a in activities if a.fields.get("partner") != partner_id]
    others.sort(
        key=lambda a: (vocab.label("partner", a.fields.get("partner", "")).casefold(), a.fields["name"].casefold())
    )

    wb = load_workbook((template_dir or TEMPLATE_DIR) / TEMPLATE_FILE)
    _ensure_styles(wb)
    for name in wb.sheetnames:
        if name not in (SHEET_INFO, SHEET_ACTIVITIES):
            del wb[name]
    info = wb[SHEET_INFO] if SHEET_INFO in wb.sheetnames else wb.create_sheet(SHEET_INFO)
    ws = wb[SHEET_ACTIVITIES] if SHEET_ACTIVITIES in wb.sheetnames else wb.create_sheet(SHEET_ACTIVITIES)
    info.protection.sheet = True
    _write_context(wb, state, partner, provenance)

    list_names = _write_lists(wb.create_sheet(SHEET_LISTS), vocab)
    _write_activities(ws, own, vocab, list_names, partner, extra_rows)
    _write_overview(wb.create_sheet(SHEET_OVERVIEW), others, vocab)
    _write_provenance(wb.create_sheet(SHEET_PROVENANCE), provenance)

    wb._sheets.sort(key=lambda s: SHEET_ORDER.index(s.title))
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False  # several selected tabs would group the sheets in Excel
    wb.active = wb.worksheets.index(ws)
    ws.sheet_view.tabSelected = True
    wb.properties.creator = "matrixsync"
    wb.properties.lastModifiedBy = "matrixsync"
    return save_workbook(wb)


def _ensure_styles(wb: Workbook) -> None:
    for name, attrs in _FALLBACK_STYLES.items():
        if name not in wb.named_styles:
            wb.add_named_style(NamedStyle(name, **attrs))


def _clean(text: str) -> str:
    """Text without the control characters an xlsx cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _put(cell: Cell, value: Any) -> None:
    """Write ``value``; every string becomes a text cell, never a formula."""
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _write_context(wb: Workbook, state: WorkspaceState, partner: StoredObject | None, prov: dict[str, str]) -> None:
    dn = wb.defined_names.get(CONTEXT_NAME)
    if dn is None:
        return
    for sheet_title, ref in dn.destinations:
        if sheet_title in wb.sheetnames:
            who = partner.fields["name"] if partner else "alle partners"
            text = f"Werkruimte: {state.name} · Partner: {who} · Stand: wijziging {prov.get('seq', state.seq)}"
            _put(wb[sheet_title][ref.replace("$", "").split(":")[0]], text)


def _list_sources() -> list[str]:
    seen: list[str] = []
    for col in ACTIVITY_COLUMNS:
        if col.kind in ("choice", "multi") and col.source and col.source not in seen:
            seen.append(col.source)
    return seen


def _write_lists(ws: Worksheet, vocab: Vocabulary) -> dict[str, str]:
    """One column per list source, a defined name per list; returns source -> defined name."""
    names: dict[str, str] = {}
    wb = ws.parent
    for n, source in enumerate(_list_sources(), 1):
        letter = get_column_letter(n)
        label = AXES[source].label if source in AXES else SOURCE_LABELS.get(source, source)
        _put(ws.cell(1, n), label)
        ws.cell(1, n).style = STYLE_HEADER
        labels = vocab.labels(source)
        for r, text in enumerate(labels, 2):
            _put(ws.cell(r, n), text)
        last = max(2, len(labels) + 1)  # an empty list still names one (empty) cell
        ws.column_dimensions[letter].width = 40
        name = LIST_PREFIX + source
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${last}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        names[source] = name
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return names


def _validation(col: Column, list_names: dict[str, str]) -> DataValidation | None:
    title = col.header[:_PROMPT_TITLE_MAX]
    if col.kind in ("choice", "multi") and col.source:
        multi = col.kind == "multi"
        default = "Kies uit de lijst." + (" Meerdere waarden: scheid ze met ;" if multi else "")
        error = (
            "Deze waarde staat niet in de lijst. Meerdere waarden scheidt u met ; — kies 'Ja' om ze te bewaren."
            if multi
            else "Kies een waarde uit de lijst. Ontbreekt er een? Vraag de coördinator van de gemeente."
        )
        return DataValidation(
            type="list",
            formula1=list_names[col.source],
            allow_blank=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=(col.help or default)[:_PROMPT_MAX],
            showErrorMessage=True,
            errorStyle="warning" if multi else "stop",
            errorTitle="Niet in de lijst",
            error=error[:_PROMPT_MAX],
        )
    if col.kind == "delete":
        return DataValidation(
            type="list",
            formula1=f'"{DELETE_MARK}"',
            allow_blank=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=col.help[:_PROMPT_MAX],
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Verwijderen",
            error=f"Typ '{DELETE_MARK}' om de activiteit te verwijderen, of laat de cel leeg.",
        )
    if col.kind in ("int", "float"):
        return DataValidation(
            type="whole" if col.kind == "int" else "decimal",
            operator="between",
            formula1="0",
            formula2="10000000" if col.kind == "int" else "10000000000",
            allow_blank=True,
            showInputMessage=bool(col.help),
            promptTitle=title,
            prompt=col.help[:_PROMPT_MAX],
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Geen geldig getal",
            error=col.help or "Vul een getal in.",
        )
    return None


def _styled(ws: Worksheet, row: int, col: int, style: str, number_format: str | None = None) -> Cell:
    cell = ws.cell(row, col)
    cell.style = style
    if number_format:
        cell.number_format = number_format
    return cell


def _write_activities(
    ws: Worksheet,
    rows: list[StoredObject],
    vocab: Vocabulary,
    list_names: dict[str, str],
    partner: StoredObject | None,
    extra_rows: int,
) -> None:
    ncols = len(ACTIVITY_COLUMNS)
    ws.tables.pop(TABLE_NAME, None)  # a template that carries its own table or lists: replaced, not doubled
    ws.data_validations.dataValidation = []
    last_row = 1 + len(rows) + max(0, extra_rows)
    if last_row == 1:
        last_row = 2  # a table needs at least one data row
    for c, col in enumerate(ACTIVITY_COLUMNS, 1):
        _put(_styled(ws, 1, c, STYLE_HEADER), col.header)
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = col.width
        if col.kind != "id":
            # cells beyond the table stay editable too; Excel applies a column's style to new cells
            ws.column_dimensions[letter].protection = Protection(locked=False)
    ws.column_dimensions["A"].hidden = True

    # thousands of rows: written without openpyxl cells (see xlsx_fast), one style per column; whatever the
    # template file has in those rows is replaced, as writing the cells one by one would
    for key in [key for key in ws._cells if 2 <= key[0] <= last_row]:
        del ws._cells[key]
    cells = SheetCells(ws)
    styles = []
    for col in ACTIVITY_COLUMNS:
        named = STYLE_ID if col.kind == "id" else STYLE_INPUT_LONG if col.kind == "long" else STYLE_INPUT
        styles.append(cells.style(named=named, number_format=NUMBER_FORMATS.get(col.kind)))

    # (column, key, column, converted by to_cell, style); to_cell returns text and numbers as they are
    plan = [
        (c, col.key, col, col.kind in ("choice", "multi"), style)
        for c, (col, style) in enumerate(zip(ACTIVITY_COLUMNS, styles, strict=True), 1)
    ]
    for r, act in enumerate(rows, 2):
        fields = act.fields
        row = []
        for c, key, col, convert, style in plan:
            if key == "_id":
                value: Any = act.id
            elif key == "_delete":
                value = None
            else:
                value = fields.get(key)
                if value == "" or value == []:
                    value = None
                elif convert and value is not None:
                    value = to_cell(col, value, vocab)
            row.append((c, value, style))  # a string is always written as text (see SheetCells.put)
        cells.put_row(r, row)
    partner_col = next(c for c, col in enumerate(ACTIVITY_COLUMNS, 1) if col.key == "partner")
    partner_name = partner.fields["name"] if partner else None
    for r in range(len(rows) + 2, last_row + 1):
        cells.put_row(r, ((c, partner_name if c == partner_col else None, style) for c, style in enumerate(styles, 1)))

    last_letter = get_column_letter(ncols)
    table = Table(displayName=TABLE_NAME, ref=f"A1:{last_letter}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False)
    ws.add_table(table)

    for c, col in enumerate(ACTIVITY_COLUMNS, 1):
        dv = _validation(col, list_names)
        if dv is not None:
            letter = get_column_letter(c)
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)

    ws.freeze_panes = "B2"
    for selection in ws.sheet_view.selection:
        if selection.pane == "bottomRight":
            selection.activeCell = selection.sqref = "B2"
    ws.row_dimensions[1].height = 45
    prot = ws.protection
    prot.sheet = True
    prot.sort = False  # False = allowed
    prot.autoFilter = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.formatCells = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False


def _write_overview(ws: Worksheet, rows: list[StoredObject], vocab: Vocabulary) -> None:
    cols = [col for col in ACTIVITY_COLUMNS if not col.key.startswith("_")]
    for c, col in enumerate(cols, 1):
        _put(_styled(ws, 1, c, STYLE_HEADER), col.header)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    cells = SheetCells(ws)
    plan = [
        (c, col, cells.style(named=STYLE_READONLY, number_format=NUMBER_FORMATS.get(col.kind)))
        for c, col in enumerate(cols, 1)
    ]
    for r, act in enumerate(rows, 2):
        fields = act.fields
        cells.put_row(r, [(c, to_cell(col, fields.get(col.key), vocab), style) for c, col, style in plan])
    if not rows:  # the filter's empty first row, styled as the rows would be
        cells.put_row(2, [(c, None, style) for c, _, style in plan])
    last_row = max(2, len(rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last_row}"
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 45
    ws.sheet_properties.tabColor = "A6A6A6"
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False


def _write_provenance(ws: Worksheet, provenance: dict[str, str]) -> None:
    for r, (key, value) in enumerate(provenance.items(), 1):
        _put(ws.cell(r, 1), str(key))
        _put(ws.cell(r, 2), str(value))
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
