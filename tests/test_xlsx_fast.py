"""Big sheets written as text (xlsx_fast): what openpyxl reads back is what openpyxl itself would have written."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.table import Table, TableStyleInfo

from server.office.xlsx_fast import MAX_CELL_TEXT, SheetCells, save_workbook

FONT = Font(bold=True, color="1F4E79")
FILL = PatternFill("solid", fgColor="EAF3FB")
BORDER = Border(*(Side("thin", color="BFBFBF") for _ in range(4)))
WRAP = Alignment(wrap_text=True, vertical="top")

VALUES: list[Any] = [
    "gewone tekst",
    '=HYPERLINK("http://x")',  # text that looks like a formula stays text
    "  spaties eromheen ",
    "a & b < c > d",
    "regel 1\nregel 2\r\nregel 3",
    "é ü € — 漢字 🙂",
    42,
    -0.5,
    12345678.123,
    True,
    datetime(2027, 1, 15, 12, 30),
    "#N/A",
]
STYLES = [
    {},
    {"font": FONT},
    {"font": FONT, "fill": FILL, "border": BORDER, "alignment": WRAP},
    {"number_format": "#,##0"},
]


def both_ways() -> tuple[bytes, bytes]:
    """The same sheet written with openpyxl cells, and with fast cells."""
    books = []
    for fast in (False, True):
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Blad"
        cells = SheetCells(ws) if fast else None
        for c, header in enumerate(["Kop A", "Kop B", "Kop C"], 1):
            ws.cell(1, c).value = header  # written the usual way on both: a fast sheet takes them along
        ws.row_dimensions[1].height = 30
        for r in range(2, 40):
            for c, value in enumerate(VALUES, 1):
                attrs = STYLES[(r + c) % len(STYLES)]
                if isinstance(value, datetime):  # a fast cell's date needs a date format of its style
                    attrs = {**attrs, "number_format": "yyyy-mm-dd h:mm:ss"}
                if cells is not None:
                    style = cells.style(**attrs)
                    cells.put(r, c, value, style)
                else:
                    cell = ws.cell(r, c)
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"
                    for name, attr in attrs.items():
                        setattr(cell, name, attr)
            if r % 5 == 0:
                if cells is not None:
                    cells.height(r, 44.5)
                else:
                    ws.row_dimensions[r].height = 44.5
        if cells is not None:
            cells.put(41, 1, "samengevoegd", cells.style(alignment=WRAP))
            ws.merged_cells.add(MergedCellRange(ws, "A41:D41"))
        else:
            ws.cell(41, 1).value = "samengevoegd"
            ws.cell(41, 1).alignment = WRAP
            ws.merge_cells("A41:D41")
        table = Table(displayName="Tabel", ref="A1:C39")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "B2"
        books.append(save_workbook(wb))
    return books[0], books[1]


def described(data: bytes) -> dict[str, Any]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Blad"]
    cells = {
        key: (
            cell.value,
            cell.data_type,
            repr(cell.font),
            repr(cell.fill),
            repr(cell.border),
            repr(cell.alignment),
            cell.number_format,
        )
        for key, cell in ws._cells.items()
        if cell.value is not None or cell.has_style
    }
    return {
        "cells": cells,
        "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        "merged": sorted(str(m) for m in ws.merged_cells.ranges),
        "tables": {t.name: (t.ref, [c.name for c in t.tableColumns]) for t in ws.tables.values()},
        "dimensions": ws.dimensions,
        "freeze": ws.freeze_panes,
    }


def test_fast_cells_read_back_as_openpyxl_cells() -> None:
    usual, fast = both_ways()
    assert described(fast) == described(usual)
    cells = described(fast)["cells"]
    assert cells[(2, 2)][:2] == ('=HYPERLINK("http://x")', "s")
    assert cells[(2, 3)][0] == "  spaties eromheen "
    assert cells[(2, 5)][0] == "regel 1\nregel 2\r\nregel 3"
    assert cells[(2, 10)][:2] == (True, "b")
    assert cells[(2, 12)][:2] == ("#N/A", "s")
    assert described(fast)["tables"] == {"Tabel": ("A1:C39", ["Kop A", "Kop B", "Kop C"])}


def test_libreoffice_opens_a_fast_sheet(tmp_path: Any) -> None:
    from tests.libreoffice import resave_xlsx

    _, fast = both_ways()
    src = tmp_path / "fast.xlsx"
    src.write_bytes(fast)
    again = openpyxl.load_workbook(resave_xlsx(src, tmp_path / "out"))["Blad"]
    assert again["A2"].value == "gewone tekst" and again["B2"].value == '=HYPERLINK("http://x")'
    assert again["D3"].value == "a & b < c > d" and again["G2"].value == 42


def sheet(fill: Any) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    fill(ws, SheetCells(ws))
    return openpyxl.load_workbook(io.BytesIO(save_workbook(wb)))


def test_what_a_cell_cannot_hold_is_removed_and_long_text_cut() -> None:
    def fill(ws: Any, cells: SheetCells) -> None:
        cells.put(1, 1, "a\x00b\x1fc\ud800d\ufffe")
        cells.put(1, 2, "x" * (MAX_CELL_TEXT + 10))
        cells.put(1, 3, float("nan"))
        cells.put(1, 4, "")
        cells.put(1, 5, None, cells.style(font=FONT))

    ws = sheet(fill).active
    assert ws is not None
    assert ws["A1"].value == "abcd"
    assert len(ws["B1"].value) == MAX_CELL_TEXT and ws["B1"].value.endswith("…")
    assert ws["C1"].value is None and ws["D1"].value is None
    assert ws["E1"].font.b and ws["E1"].value is None


def test_cells_out_of_order_are_sorted_and_a_cell_written_twice_is_refused() -> None:
    def fill(ws: Any, cells: SheetCells) -> None:
        cells.put_row(1, [(3, "c", 0), (1, "a", 0), (2, "b", 0)])
        ws.cell(2, 2).value = "gewoon"
        cells.put(2, 1, "snel")

    ws = sheet(fill).active
    assert ws is not None
    assert [c.value for c in ws[1]] == ["a", "b", "c"] and [c.value for c in ws[2]][:2] == ["snel", "gewoon"]

    def twice(ws: Any, cells: SheetCells) -> None:
        ws.cell(1, 1).value = "gewoon"
        cells.put(1, 1, "snel")

    with pytest.raises(ValueError, match="written twice"):
        sheet(twice)


def test_a_formula_written_the_usual_way_on_a_fast_sheet_is_refused() -> None:
    def fill(ws: Any, cells: SheetCells) -> None:
        ws.cell(1, 1).value = "=1+1"

    with pytest.raises(ValueError, match="only values and styles"):
        sheet(fill)


def test_collector_paused_nests_and_leaves_a_disabled_collector_alone() -> None:
    import gc

    from server.office.xlsx_fast import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("stopt halverwege")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
