"""From the cells of an uploaded Activiteiten sheet to rows of field values for the merge."""

from __future__ import annotations

from typing import Any

from ..domain.merge import UploadedRow
from .columns import COLUMN_BY_HEADER, DELETE_MARK, CellError, Column, Vocabulary, from_cell
from .xlsx_read import ParsedUpload, UploadError


def _columns(headers: list[str]) -> dict[str, Column]:
    """Header text in the sheet -> column; unknown headers (a user's own notes) are ignored."""
    out = {}
    for header in headers:
        col = COLUMN_BY_HEADER.get(" ".join(str(header).split()).casefold())
        if col is not None:
            out[header] = col
    keys = {c.key for c in out.values()}
    missing = [label for key, label in (("_id", "id (niet wijzigen)"), ("name", "Naam activiteit")) if key not in keys]
    if missing:
        raise UploadError(
            f"De kolom {' en '.join(repr(m) for m in missing)} ontbreekt op het tabblad Activiteiten. "
            "Gebruik het sjabloon zoals het is gedownload; voeg geen kolommen toe of weg."
        )
    return out


# Kinds whose cells are looked up in the vocabulary: the same few labels come back row after row, so each distinct
# cell is read once per upload.
_REMEMBERED = ("choice", "multi")
_FORMULA = "bevat een formule; typ de waarde zelf in (formules worden niet overgenomen)"


def to_uploaded_rows(parsed: ParsedUpload, vocab: Vocabulary) -> tuple[list[UploadedRow], list[str]]:
    """The rows, and the fields the upload has columns for."""
    columns = _columns(parsed.headers)
    fields = [c.key for c in columns.values() if not c.key.startswith("_")]
    plan = [(header, col, col.key, col.kind in _REMEMBERED) for header, col in columns.items()]
    # (field, type of the cell, cell) -> (value, None) or (None, error); the type keeps 1, 1.0 and True apart
    seen: dict[tuple[str, type, Any], tuple[Any, str | None]] = {}
    rows = []
    for sheet_row in parsed.rows:
        ident: str | None = None
        delete = False
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        cells, formulas = sheet_row.cells, sheet_row.formulas
        for header, col, key, remembered in plan:
            raw = cells.get(header)
            if key == "_id":
                ident = str(raw).strip() if raw not in (None, "") else None
            elif key == "_delete":
                delete = isinstance(raw, str) and raw.strip().casefold() == DELETE_MARK
            elif formulas and header in formulas:
                errors[key] = _FORMULA
            elif remembered:
                memo = (key, type(raw), raw)
                known = seen.get(memo)
                if known is None:
                    try:
                        known = (from_cell(col, raw, vocab), None)
                    except CellError as exc:
                        known = (None, str(exc))
                    seen[memo] = known
                value, error = known
                if error is not None:
                    errors[key] = error
                else:
                    values[key] = list(value) if isinstance(value, list) else value  # each row its own list
            else:
                try:
                    values[key] = from_cell(col, raw, vocab)
                except CellError as exc:
                    errors[key] = str(exc)
        rows.append(UploadedRow(sheet_row.number, ident, delete, values, errors))
    return rows, fields
