"""The partner workbook on the demo workspace: what a partner sees, what is locked, what LibreOffice keeps.

The workbook is built once per module and converted by LibreOffice once per kind (PDF, xlsx re-save), in
parallel; each conversion takes seconds, every check reads the shared files.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from server.demo import load_demo
from server.domain.state import StoredObject, WorkspaceState
from server.office.columns import ACTIVITY_COLUMNS, DELETE_MARK, ID_HEADER, Vocabulary, to_cell
from server.office.provenance import Provenance
from server.office.xlsx_template import (
    SHEET_ORDER,
    TEMPLATE_DIR,
    TEMPLATE_FILE,
    build_partner_template,
    template_filename,
)
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import run_system, stable_id
from tests.libreoffice import resave_xlsx, to_pdf

EXTRA = 25
INJECTIONS = ('=HYPERLINK("http://x")', "@SUM(1)")
LAST_COL = get_column_letter(len(ACTIVITY_COLUMNS))


@dataclass
class Built:
    state: WorkspaceState
    partner_id: str
    provenance: dict[str, str]
    path: Path
    wb: Workbook

    def own(self) -> list[StoredObject]:
        return [a for a in self.state.live("activity") if a.fields["partner"] == self.partner_id]

    def others(self) -> list[StoredObject]:
        return [a for a in self.state.live("activity") if a.fields["partner"] != self.partner_id]


def demo_state(url: str) -> WorkspaceState:
    """The demo workspace plus two cjg activities whose names look like formulas."""
    store = Store(url)
    upgrade(store.engine)
    core = SyncCore(store)
    load_demo(core)
    cjg = stable_id("demo", "partner", "cjg")
    ops: list[dict[str, Any]] = [
        {"op": "create", "type": "activity", "id": f"inj-{n}", "fields": {"name": name, "partner": cjg}}
        for n, name in enumerate(INJECTIONS)
    ]
    run_system(core, "demo", "test-xlsx-template", 1, ops)
    state = core.state("demo")
    store.dispose()
    return state


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("xlsx")
    state = demo_state(f"sqlite:///{tmp / 'demo.db'}")
    cjg = stable_id("demo", "partner", "cjg")
    prov = Provenance("demo", "export-1", state.seq, "cjg").as_dict("secret")
    data = build_partner_template(state, cjg, prov, extra_rows=EXTRA)
    path = tmp / "partner.xlsx"
    path.write_bytes(data)
    return Built(state, cjg, prov, path, load_workbook(path))


@pytest.fixture(scope="module")
def converted(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workbook as LibreOffice prints it (PDF) and re-saves it (xlsx), made in parallel."""
    out = tmp_path_factory.mktemp("lo")
    with ThreadPoolExecutor(2) as pool:
        pdf = pool.submit(to_pdf, built.path, out / "pdf")
        xlsx = pool.submit(resave_xlsx, built.path, out / "xlsx")
        return {"pdf": pdf.result(), "xlsx": xlsx.result()}


@pytest.fixture(scope="module")
def resaved(converted: dict[str, Path]) -> Workbook:
    # LibreOffice may write extension blocks (x14 validations, loext) that openpyxl drops with a UserWarning
    # ("... extension is not supported and will be removed"). Calc 7.4 writes none here, other versions do;
    # the loss is expected (the export re-applies what it needs) and pytest turns warnings into errors, so
    # they are silenced for this one read only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(converted["xlsx"])


def data_rows(ws: Worksheet) -> Iterator[tuple[Any, ...]]:
    return ws.iter_rows(min_row=2, values_only=True)


def validations_by_column(ws: Worksheet) -> dict[str, Any]:
    """Column letter -> the data validation covering rows 2.. of that column."""
    out: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(rng.coord)
            for c in range(min_col, max_col + 1):
                out[get_column_letter(c)] = (dv, min_row, max_row)
    return out


def list_values(wb: Workbook, name: str) -> list[str]:
    dn = wb.defined_names[name]
    values: list[str] = []
    for title, ref in dn.destinations:
        values.extend(c.value for row in wb[title][ref.replace("$", "")] for c in row if c.value is not None)
    return values


def test_sheets_order_visibility_and_active_sheet(built: Built) -> None:
    wb = built.wb
    assert wb.sheetnames == list(SHEET_ORDER) == ["Toelichting", "Activiteiten", "Overzicht", "Lijsten", "_matrixsync"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "visible", "hidden", "veryHidden"]
    assert wb.active is not None and wb.active.title == "Activiteiten"
    # one selected tab only: several would group the sheets in Excel, and typing would change them all
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Activiteiten"]
    info = wb["Toelichting"]
    text = " ".join(str(c.value) for row in info.iter_rows() for c in row if c.value)
    for phrase in ("3B Activiteiten", "Preventiematrix", "We doen ..., zodat ...", "puntkomma", "Verwijderen"):
        assert phrase in text
    assert "Werkruimte: Gemeente Voorbeeld 2027 · Partner: Centrum voor Jeugd en Gezin Voorbeeld" in text


def test_activiteiten_rows_are_the_partners_activities_as_labels(built: Built) -> None:
    ws = built.wb["Activiteiten"]
    vocab = Vocabulary(built.state)
    assert [c.value for c in ws[1]] == [c.header for c in ACTIVITY_COLUMNS]
    own = sorted(built.own(), key=lambda a: (a.fields["name"].casefold(), a.id))
    rows = list(data_rows(ws))
    assert len(own) == 10  # eight demo activities and the two formula-looking ones
    filled, empty = rows[: len(own)], rows[len(own) :]
    assert [r[0] for r in filled] == [a.id for a in own]
    assert [r[1] for r in filled] == [a.fields["name"] for a in own]
    for row, act in zip(filled, own, strict=True):
        for value, col in zip(row, ACTIVITY_COLUMNS, strict=True):
            if not col.key.startswith("_"):
                assert value == to_cell(col, act.fields.get(col.key), vocab), (act.fields["name"], col.key)
    partner_name = built.state.objects[built.partner_id].fields["name"]
    assert {r[3] for r in filled} == {partner_name}  # the label, not the id
    joined = [r[12] for r in filled if r[12] and "; " in r[12]]
    assert joined, "a multi-valued column shows its labels joined by '; '"
    assert all(part in vocab.labels("domain") for cell in joined for part in cell.split("; "))
    assert not any(str(v).count("-") == 4 and len(str(v)) == 36 for r in filled for v in r[1:] if v)  # no uuids
    # the empty rows for new activities: no id, the partner filled in, the rest empty
    assert len(empty) == EXTRA
    assert all(r[0] is None and r[3] == partner_name and not any(r[4:]) and not any(r[1:3]) for r in empty)


def test_activiteiten_is_a_table_with_hidden_ids_and_formats(built: Built) -> None:
    ws = built.wb["Activiteiten"]
    last = 1 + len(built.own()) + EXTRA
    assert ws.max_row == last
    table = ws.tables["Activiteiten"]
    assert table.ref == f"A1:{LAST_COL}{last}"
    assert table.tableStyleInfo is not None and table.tableStyleInfo.name
    assert ws.column_dimensions["A"].hidden
    assert ws.freeze_panes in ("A2", "B2")
    assert ws["A1"].value == ID_HEADER
    for n, col in enumerate(ACTIVITY_COLUMNS, 1):
        letter = get_column_letter(n)
        assert ws.column_dimensions[letter].width == col.width
        cell = ws[f"{letter}2"]
        assert bool(cell.alignment.wrap_text) == (col.kind == "long"), col.key
        if col.key == "budget":
            assert cell.number_format == "#,##0.00"
        elif col.kind == "int":
            assert cell.number_format in ("0", "#,##0")
    budgets = [r[17] for r in data_rows(ws) if r[17] is not None]
    assert budgets and all(isinstance(b, int | float) for b in budgets)


def test_every_list_column_has_a_validation_on_a_named_list(built: Built) -> None:
    wb, ws = built.wb, built.wb["Activiteiten"]
    vocab = Vocabulary(built.state)
    last = 1 + len(built.own()) + EXTRA
    by_col = validations_by_column(ws)
    lists = wb["Lijsten"]
    assert lists.sheet_state == "hidden"
    for n, col in enumerate(ACTIVITY_COLUMNS, 1):
        if col.kind not in ("choice", "multi") or not col.source:
            continue
        dv, first, end = by_col[get_column_letter(n)]
        assert (first, end) == (2, last), col.key
        assert dv.type == "list"
        name = dv.formula1
        assert name == f"lijst_{col.source}"
        assert name in wb.defined_names
        assert list_values(wb, name) == vocab.labels(col.source)
        assert dv.errorStyle == ("stop" if col.kind == "choice" else "warning"), col.key
        assert dv.showErrorMessage and dv.showInputMessage and dv.prompt
        assert len(dv.promptTitle) <= 32  # Excel's limit; longer makes Excel "repair" the file
    assert list_values(wb, "lijst_partner")[0:1] and "lijst_status" in wb.defined_names
    delete, first, end = by_col[LAST_COL]
    assert delete.type == "list" and delete.formula1 == f'"{DELETE_MARK}"' and delete.allow_blank
    assert delete.errorStyle == "stop" and (first, end) == (2, last)


def test_overzicht_shows_exactly_the_other_partners_read_only(built: Built) -> None:
    ws = built.wb["Overzicht"]
    visible = [c for c in ACTIVITY_COLUMNS if not c.key.startswith("_")]
    assert [c.value for c in ws[1]] == [c.header for c in visible]
    names = sorted(r[0] for r in data_rows(ws))
    assert names == sorted(a.fields["name"] for a in built.others())
    partner_name = built.state.objects[built.partner_id].fields["name"]
    assert partner_name not in {r[2] for r in data_rows(ws)}
    assert ws.protection.sheet
    assert ws.freeze_panes in ("A2", "B2")
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(visible))}{ws.max_row}"


def test_provenance_is_very_hidden_text(built: Built) -> None:
    ws = built.wb["_matrixsync"]
    assert ws.sheet_state == "veryHidden"
    assert {r[0].value: r[1].value for r in ws.iter_rows()} == built.provenance
    assert all(r[1].data_type == "s" for r in ws.iter_rows())  # seq "12" stays text, not a number


def test_protection_locks_header_and_ids_and_frees_the_rest(built: Built) -> None:
    wb = built.wb
    ws = wb["Activiteiten"]
    prot = ws.protection
    assert prot.sheet and not prot.password
    assert prot.sort is False and prot.autoFilter is False and prot.formatColumns is False  # False = allowed
    assert all(c.protection.locked for c in ws[1])
    for row in ws.iter_rows(min_row=2):
        assert row[0].protection.locked
        assert not any(c.protection.locked for c in row[1:]), row[0].row
    assert wb["Lijsten"].protection.sheet and wb["Toelichting"].protection.sheet


def test_formula_looking_text_is_stored_as_text(built: Built) -> None:
    ws = built.wb["Activiteiten"]
    cells = {c.value: c for c in ws["B"] if c.value in INJECTIONS}
    assert set(cells) == set(INJECTIONS)
    assert all(c.data_type == "s" for c in cells.values())
    with zipfile.ZipFile(built.path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(re.search(rb"<f[ >]", z.read(n)) for n in sheets), "no formula anywhere"


def test_all_partners_export_and_empty_provenance_partner(built: Built) -> None:
    prov = Provenance("demo", "export-2", built.state.seq, "").as_dict("secret")
    wb = load_workbook(io.BytesIO(build_partner_template(built.state, None, prov, extra_rows=0)))
    ws = wb["Activiteiten"]
    assert len([r for r in data_rows(ws) if r[0]]) == len(list(built.state.live("activity")))
    assert ws.max_row == 1 + len(list(built.state.live("activity")))
    assert wb["Overzicht"].max_row <= 2 and not any(v for r in data_rows(wb["Overzicht"]) for v in r)
    got = {r[0].value: r[1].value for r in wb["_matrixsync"].iter_rows()}
    assert {k: v or "" for k, v in got.items()} == prov


def test_rows_a_template_file_brings_are_replaced(built: Built, tmp_path: Path) -> None:
    """The activity rows are written without openpyxl cells (xlsx_fast): what the template file itself has in
    those rows (an example row, say) is replaced, not written twice."""
    wb = load_workbook(TEMPLATE_DIR / TEMPLATE_FILE)
    wb["Activiteiten"]["B2"] = "voorbeeld"
    wb["Activiteiten"]["C3"] = "nog een voorbeeld"
    wb.save(tmp_path / TEMPLATE_FILE)
    data = build_partner_template(
        built.state, built.partner_id, built.provenance, extra_rows=EXTRA, template_dir=tmp_path
    )
    ws = load_workbook(io.BytesIO(data))["Activiteiten"]
    assert [r[1:3] for r in data_rows(ws)] == [r[1:3] for r in data_rows(built.wb["Activiteiten"])]


def test_unknown_partner_is_refused(built: Built) -> None:
    with pytest.raises(ValueError):
        build_partner_template(built.state, "no-such-partner", built.provenance)


def test_template_filename_is_safe() -> None:
    day = date(2026, 11, 23)
    assert template_filename("demo", "cjg", day) == "matrixsync-demo-cjg-2026-11-23.xlsx"
    assert template_filename("demo", None, day) == "matrixsync-demo-2026-11-23.xlsx"
    assert template_filename("Demo ../x", "a/b\\c", day) == "matrixsync-demo-x-a-b-c-2026-11-23.xlsx"
    assert re.fullmatch(r"[a-z0-9-]+\.xlsx", template_filename("demo", "cjg"))


def test_committed_template_is_current() -> None:
    from templates_office import build_templates

    buf = io.BytesIO()
    build_templates.build().save(buf)
    fresh = build_templates.reproducible(buf.getvalue())
    assert fresh == (TEMPLATE_DIR / TEMPLATE_FILE).read_bytes(), (
        "templates_office/partner-template.xlsx is stale: run python -m templates_office.build_templates"
    )


def test_libreoffice_opens_the_workbook(converted: dict[str, Path]) -> None:
    assert converted["pdf"].read_bytes().startswith(b"%PDF")


def test_libreoffice_resave_keeps_what_the_upload_needs(built: Built, resaved: Workbook) -> None:
    wb = resaved
    prov = wb["_matrixsync"]
    assert prov.sheet_state in ("hidden", "veryHidden")  # Calc has no "very hidden"; it must stay hidden
    assert {r[0].value: r[1].value for r in prov.iter_rows()} == built.provenance
    ws = wb["Activiteiten"]
    assert [c.value for c in ws[1]] == [c.header for c in ACTIVITY_COLUMNS]
    original = list(data_rows(built.wb["Activiteiten"]))
    again = [r for r in data_rows(ws)][: len(original)]
    assert [r[0] for r in again] == [r[0] for r in original]  # the ids in column A
    assert [r[1] for r in again] == [r[1] for r in original]  # the names
    by_col = validations_by_column(ws)
    for n, col in enumerate(ACTIVITY_COLUMNS, 1):
        if col.kind in ("choice", "multi") and col.source:
            dv = by_col[get_column_letter(n)][0]
            assert dv.type == "list" and dv.formula1 == f"lijst_{col.source}", col.key
            assert list_values(wb, dv.formula1) == list_values(built.wb, dv.formula1)
    assert ws.protection.sheet and ws.column_dimensions["A"].hidden


def test_libreoffice_does_not_evaluate_formula_looking_names(resaved: Workbook) -> None:
    # Had Calc read them as formulas, it would write them back as formulas (or their results).
    cells = {c.value: c for c in resaved["Activiteiten"]["B"] if c.value in INJECTIONS}
    assert set(cells) == set(INJECTIONS)
    assert all(c.data_type == "s" for c in cells.values())


def test_a_template_without_house_styles_still_works(built: Built, tmp_path: Path) -> None:
    Workbook().save(tmp_path / TEMPLATE_FILE)  # one sheet "Sheet", no named styles, no context cell
    data = build_partner_template(built.state, built.partner_id, built.provenance, extra_rows=1, template_dir=tmp_path)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == list(SHEET_ORDER)
    assert wb["Activiteiten"]["A1"].protection.locked and not wb["Activiteiten"]["B2"].protection.locked
