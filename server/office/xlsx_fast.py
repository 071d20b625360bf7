"""Big sheets written fast: their cells kept as plain tuples and serialized here, the rest by openpyxl.

openpyxl spends some 25 microseconds on every cell it writes: a ``Cell`` object with descriptor-checked style
attributes, then an lxml element per cell at save time. For the sheets with thousands of rows (the activities of
the partner template and of the completed workbook, the analysis) that was most of the time of an export. Such a
sheet gets a :class:`SheetCells`: its cells are ``(column, value, style id)`` tuples, and :func:`save_workbook`
writes their ``<sheetData>`` as text, as openpyxl would write the same cells (inline strings, ``%.16g`` numbers).
Everything else of the sheet (columns, views, tables, validations, protection, merged ranges, print settings) and
of the workbook (styles, defined names, the other sheets) stays openpyxl's: the sheet is written by openpyxl's own
``WorksheetWriter`` with an empty ``<sheetData>``, which is then filled in.

Cells that were written the usual way on such a sheet (``ws.cell(...)``: a header row, say) and row heights in
``ws.row_dimensions`` are written along with the fast ones; a cell must not be written both ways.
"""

from __future__ import annotations

import gc
import io
import math
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

MAX_CELL_TEXT = 32_767  # Excel's limit; a longer text makes Excel repair the file
# What an xlsx cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, and what XML 1.0 cannot hold either (lone surrogates,
# U+FFFE, U+FFFF), which would otherwise fail the whole export.
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"  # what lxml's xmlfile writes for the empty element
_PIECE = 8192  # cells (and row tags) joined and encoded at a time

FastCell = tuple[int, Any, int]  # column (1-based), value (str, int, float, bool, datetime, date or None), style id

_ATTRIBUTE = "_matrixsync_cells"  # the worksheet's SheetCells (an attribute: it lives and dies with the sheet)


def clean_text(text: str) -> str:
    """Text as a cell can hold it: without the characters an xlsx cannot hold, cut at Excel's limit."""
    if BAD_CHARACTERS.search(text):
        text = BAD_CHARACTERS.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


class SheetCells:
    """The cells of one worksheet, kept outside openpyxl and written by :func:`save_workbook`."""

    def __init__(self, ws: Worksheet):
        if getattr(ws, _ATTRIBUTE, None) is not None:
            raise ValueError(f"sheet {ws.title!r} has fast cells already")
        self.ws = ws
        self.rows: dict[int, list[FastCell]] = {}
        self.heights: dict[int, float] = {}
        self._styles: dict[Any, int] = {}
        setattr(ws, _ATTRIBUTE, self)

    def style(
        self,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
        border: Border | None = None,
        number_format: str | None = None,
        protection: Protection | None = None,
        named: str | None = None,
    ) -> int:
        """The workbook's id of a cell style (0: the default); ask once per style, not per cell."""
        key = (font, fill, alignment, border, number_format, protection, named)
        style_id = self._styles.get(key)
        if style_id is None:
            cell = Cell(self.ws)
            if named is not None:
                cell.style = named
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
            if protection is not None:
                cell.protection = protection
            style_id = self._styles[key] = cell.style_id if cell.has_style else 0
        return style_id

    def put(self, row: int, column: int, value: Any, style: int = 0) -> None:
        """Write a cell: a string is always text (never a formula), cleaned and cut as :func:`clean_text`; a date
        or time is a number, shown as a date only when ``style`` has a date format (openpyxl would give it one)."""
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = []
        cells.append((column, value, style))

    def put_row(self, row: int, cells: Iterable[FastCell]) -> None:
        self.rows.setdefault(row, []).extend(cells)

    def height(self, row: int, points: float) -> None:
        self.heights[row] = points


# zlib level 3 instead of openpyxl's 6: a third of the compression time of 4 to 8 MB of sheet XML, for a file
# about 13% larger (2,000 activities: 0.09 s -> 0.03 s, 380 kB -> 433 kB for the completed workbook).
COMPRESS_LEVEL = 3


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off for a bounded burst of work that allocates hundreds of thousands
    of objects without cycles (building a workbook's rows, reading an upload, decoding an export's base).

    Every 700 allocations the collector would look at the young objects, and now and then at all of them (the
    workspace states included): for 2,000 activities a tenth to a fifth of a second per export or upload.
    Objects without cycles are freed by reference counting meanwhile; cycles made in the meantime, here or in
    another thread, wait until the burst is over. Safe to nest and to overlap between threads: whoever found the
    collector enabled enables it again (an overlapping burst may then finish with it enabled, only slower), and a
    collector that was disabled on purpose stays disabled.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def save_workbook(wb: Workbook, compresslevel: int = COMPRESS_LEVEL) -> bytes:
    """``wb.save`` to bytes, writing the sheets that have :class:`SheetCells` fast."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=compresslevel) as archive:
        wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        _ExcelWriter(wb, archive).write_data()
    return out.getvalue()


class _ExcelWriter(ExcelWriter):
    def write_worksheet(self, ws: Worksheet) -> None:
        cells: SheetCells | None = getattr(ws, _ATTRIBUTE, None)
        if cells is None or self.workbook.write_only:
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        data, dimension, rows = _sheet_data(ws, cells)
        writer = _SheetWriter(ws, dimension, rows)
        writer.write()
        xml = writer.read()
        head, marker, tail = xml.partition(_EMPTY_SHEET_DATA)
        if not marker:
            raise RuntimeError("openpyxl wrote the sheet's rows differently than expected")
        ws._rels = writer._rels
        # streamed into the archive: the sheet's XML (megabytes) is never in memory in one piece
        member = zipfile.ZipInfo(ws.path[1:], date_time=time.localtime(time.time())[:6])
        member.compress_type = self._archive.compression
        member._compresslevel = self._archive.compresslevel  # type: ignore[attr-defined]  # what open(name) sets
        member.external_attr = 0o600 << 16  # as ZipFile.writestr gives its members
        with self._archive.open(member, "w") as out:
            out.write(head + b"<sheetData>")
            for chunk in data:
                out.write(chunk)
            out.write(b"</sheetData>" + tail)
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer with an empty ``<sheetData>`` and the dimension and table headers of the fast cells."""

    def __init__(self, ws: Worksheet, dimension: str, rows: dict[int, list[FastCell]]):
        super().__init__(ws, out=io.BytesIO())
        self.dimension = dimension
        self.fast_rows = rows

    def write_dimensions(self) -> None:
        self.xf.send(SheetDimension(self.dimension).to_tree())

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)

    def write_tables(self) -> None:
        # openpyxl names a table's columns after its header cells, which it looks up with ws[ref] (creating every
        # cell of the table): here they come from the fast cells.
        for table in self.ws.tables.values():
            if not table.tableColumns and table.headerRowCount:
                table._initialise_columns()
                first_row, first_col = coordinate_to_tuple(table.ref.split(":")[0])
                header = {c: v for c, v, _ in self.fast_rows.get(first_row, [])}
                for n, column in enumerate(table.tableColumns):
                    column.name = str(header.get(first_col + n))
        super().write_tables()


def _sheet_data(ws: Worksheet, fast: SheetCells) -> tuple[list[bytes], str, dict[int, list[FastCell]]]:
    """The ``<row>`` elements of the sheet (UTF-8, in pieces of some hundred rows), its dimension, and its cells by
    row (sorted by column)."""
    rows: dict[int, list[FastCell]] = {r: list(cells) for r, cells in fast.rows.items()}
    for (r, c), cell in ws._cells.items():
        styled = cell.has_style
        if cell._value is None and not styled:
            continue
        if cell.data_type not in ("s", "n", "b", "d") or cell.hyperlink is not None or cell.comment is not None:
            raise ValueError(f"cell {cell.coordinate} of {ws.title!r}: only values and styles on a fast sheet")
        rows.setdefault(r, []).append((c, cell._value, cell.style_id if styled else 0))
    row_attrs: dict[int, str] = {}
    for r, dim in ws.row_dimensions.items():
        attrs = "".join(f' {k}="{v}"' for k, v in dict(dim).items())
        if attrs:
            row_attrs[r] = attrs
            rows.setdefault(r, [])
    for r, points in fast.heights.items():
        row_attrs[r] = f' ht="{points:.16g}" customHeight="1"'
        rows.setdefault(r, [])

    epoch = ws.parent.epoch
    letters: list[str] = [""]
    style_attr: dict[int, str] = {0: ""}
    out: list[str] = []
    append = out.append
    chunks: list[bytes] = []
    bad_search, bad_sub = BAD_CHARACTERS.search, BAD_CHARACTERS.sub
    min_col = max_col = 0
    for r in sorted(rows):
        cells = rows[r]
        row_start = len(out)
        number = str(r)
        append(f'<row r="{number}"{row_attrs.get(r, "")}>')
        previous = 0
        index = 0
        while index < len(cells):
            column, value, style = cells[index]
            index += 1
            if column <= previous:  # out of order (cells written the usual way, or by the caller): sort, redo
                if column == previous:  # after sorting, the only way to be out of order
                    raise ValueError(f"cell {get_column_letter(column)}{r} of {ws.title!r} is written twice")
                cells.sort(key=_first)
                del out[row_start + 1 :]
                previous, index = 0, 0
                continue
            previous = column
            while len(letters) <= column:
                letters.append(get_column_letter(len(letters)))
            s = style_attr.get(style)
            if s is None:
                s = style_attr[style] = f' s="{style}"'
            kind = type(value)
            if kind is str:
                text = value
                if bad_search(text):
                    text = bad_sub("", text)
                if len(text) > MAX_CELL_TEXT:
                    text = text[: MAX_CELL_TEXT - 1] + "…"
                if not text:
                    if s:
                        append(f'<c r="{letters[column]}{number}"{s}/>')
                    continue
                if "&" in text:
                    text = text.replace("&", "&amp;")
                if "<" in text:
                    text = text.replace("<", "&lt;")
                if ">" in text:
                    text = text.replace(">", "&gt;")
                if "\r" in text:
                    text = text.replace("\r", "&#13;")
                if text[0].isspace() or text[-1].isspace():
                    append(
                        f'<c r="{letters[column]}{number}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                    )
                else:
                    append(f'<c r="{letters[column]}{number}"{s} t="inlineStr"><is><t>{text}</t></is></c>')
            elif kind is int or kind is float:
                if math.isfinite(value):
                    append(f'<c r="{letters[column]}{number}"{s} t="n"><v>{value:.16g}</v></c>')
                else:
                    append(f'<c r="{letters[column]}{number}"{s} t="n"></c>')
            elif value is None:
                if s:
                    append(f'<c r="{letters[column]}{number}"{s}/>')
                else:
                    continue
            elif kind is bool:
                append(f'<c r="{letters[column]}{number}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime | date):
                if isinstance(value, datetime) and value.tzinfo is not None:
                    raise TypeError("Excel does not support time zones")
                append(f'<c r="{letters[column]}{number}"{s} t="n"><v>{to_excel(value, epoch):.16g}</v></c>')
            elif isinstance(value, int | float):  # a subclass (an IntEnum, say)
                append(f'<c r="{letters[column]}{number}"{s} t="n"><v>{value:.16g}</v></c>')
            else:
                raise TypeError(f"cell {letters[column]}{number} of {ws.title!r}: cannot write a {kind.__name__}")
            if not min_col or column < min_col:
                min_col = column
            if column > max_col:
                max_col = column
        append("</row>")
        if len(out) > _PIECE:
            chunks.append("".join(out).encode("utf-8"))
            out.clear()
    chunks.append("".join(out).encode("utf-8"))
    filled = [r for r, cells in rows.items() if cells]
    if filled and min_col:
        dimension = f"{get_column_letter(min_col)}{min(filled)}:{get_column_letter(max_col)}{max(filled)}"
    else:
        dimension = "A1:A1"
    return chunks, dimension, rows


def _first(cell: FastCell) -> int:
    return cell[0]
