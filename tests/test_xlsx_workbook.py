"""The completed Preventiematrix workbook on the demo workspace: every matrix cell, white spot and total as
the matrix views compute them, the tables a policy officer filters, and what LibreOffice makes of it.

The workbook is built once per module and converted by LibreOffice once per kind (PDF and xlsx re-save of
the demo, PDF of an empty workspace), in parallel; every check reads the shared files.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from server.analysis.model import Section, Table
from server.demo import load_demo
from server.domain.matrix import Band, MatrixView, values_on, views
from server.domain.state import StoredObject, WorkspaceState
from server.office.columns import FIELD_COLUMNS, Vocabulary, to_cell
from server.office.xlsx_workbook import (
    HEAT_STEPS,
    MAX_CELL_TEXT,
    NO_ACTIVITY,
    SINGLE_PARTNER,
    WHITE_SPOT,
    build_workbook,
    matrix_cell_text,
    sheet_title,
    workbook_filename,
)
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import create_workspace, run_system, stable_id
from tests.libreoffice import resave_xlsx, to_pdf

INJECTIONS = ('=HYPERLINK("http://x","klik")', "+1", "@SUM(A1)", "-2+3")
GENERATED = datetime(2026, 11, 23, 14, 30)
FIXED_AFTER_VIEWS = ["Activiteiten", "Resultaten", "Partners", "Analyse"]


@dataclass
class Built:
    state: WorkspaceState
    path: Path
    wb: Workbook
    empty_state: WorkspaceState
    empty_path: Path

    def partner_name(self, act: StoredObject) -> str:
        return str(self.state.objects[act.fields["partner"]].fields["name"])

    def line(self, act: StoredObject) -> str:
        return f"{act.fields['name']} ({self.partner_name(act)})"


def _core(url: str) -> tuple[Store, SyncCore]:
    store = Store(url)
    upgrade(store.engine)
    return store, SyncCore(store)


def demo_state(url: str) -> WorkspaceState:
    """The demo workspace plus four cjg activities whose names look like formulas, placed in the
    Preventiematrix (theme "van plagen tot pesten", level "universeel") so they show in a matrix cell too."""
    store, core = _core(url)
    load_demo(core)
    state = core.state("demo")
    theme = next(v.id for v in state.live("axis_value") if v.fields["label"] == "van plagen tot pesten")
    level = next(v.id for v in state.live("axis_value") if v.fields["label"] == "universeel")
    cjg = stable_id("demo", "partner", "cjg")
    ops: list[dict[str, Any]] = [
        {
            "op": "create",
            "type": "activity",
            "id": f"inj-{n}",
            "fields": {"name": name, "partner": cjg, "themes": [theme], "prevention_level": level, "reach": n},
        }
        for n, name in enumerate(INJECTIONS)
    ]
    run_system(core, "demo", "test-xlsx-workbook", 1, ops)
    state = core.state("demo")
    store.dispose()
    return state


def empty_state(url: str) -> WorkspaceState:
    """A new workspace (default axes and views, no partners, no activities) with two matrices whose names
    are no valid sheet names as they stand."""
    store, core = _core(url)
    create_workspace(core, "leeg", "Gemeente Leeg")
    ops: list[dict[str, Any]] = [
        {
            "op": "create",
            "type": "matrix",
            "id": f"m-{n}",
            "fields": {"name": name, "row_axis": "theme", "col_axis": "prevention_level", "position": 10.0 + n},
        }
        for n, name in enumerate(["activiteiten", "Thema's: jong/oud [alle] * wijken? en nog veel meer tekst"])
    ]
    run_system(core, "leeg", "test-xlsx-workbook", 1, ops)
    state = core.state("leeg")
    store.dispose()
    return state


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("workbook")
    state = demo_state(f"sqlite:///{tmp / 'demo.db'}")
    path = tmp / "preventiematrix.xlsx"
    path.write_bytes(build_workbook(state, generated_at=GENERATED))  # the analysis made by the workbook
    empty = empty_state(f"sqlite:///{tmp / 'leeg.db'}")
    empty_path = tmp / "leeg.xlsx"
    empty_path.write_bytes(build_workbook(empty))
    return Built(state, path, load_workbook(path), empty, empty_path)


@pytest.fixture(scope="module")
def converted(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo workbook as LibreOffice prints it (PDF) and re-saves it (xlsx), and the empty one as PDF."""
    out = tmp_path_factory.mktemp("lo")
    with ThreadPoolExecutor(3) as pool:
        pdf = pool.submit(to_pdf, built.path, out / "pdf")
        xlsx = pool.submit(resave_xlsx, built.path, out / "xlsx")
        empty = pool.submit(to_pdf, built.empty_path, out / "empty")
        return {"pdf": pdf.result(), "xlsx": xlsx.result(), "empty": empty.result()}


@pytest.fixture(scope="module")
def resaved(converted: dict[str, Path]) -> Workbook:
    # LibreOffice may write extension blocks openpyxl drops with a UserWarning; expected, silenced here only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(converted["xlsx"])


def view_sheets(built: Built) -> list[tuple[Worksheet, MatrixView]]:
    return [(built.wb.worksheets[n], view) for n, view in enumerate(views(built.state), 1)]


def heat_colour(count: int) -> str:
    colour = ""
    for lowest, fill, _ in HEAT_STEPS:
        if count >= lowest:
            colour = fill
    return colour


def rgb(colour: Any) -> str:
    return str(colour.rgb)[-6:].upper()


def is_white_spot(cell: Any) -> bool:
    return (
        cell.value == WHITE_SPOT
        and bool(cell.font.italic)
        and rgb(cell.font.color) == "808080"
        and cell.fill.patternType not in (None, "solid")
        and cell.border.left.style == "dashed"
    )


def key_figures(ws: Worksheet) -> dict[str, Any]:
    """Label -> value of the first block of "Overzicht" (the key figures); later blocks reuse labels."""
    out: dict[str, Any] = {}
    for label, value in ws.iter_rows(max_col=2, values_only=True):
        if isinstance(label, str):
            out.setdefault(label, value)
    return out


# ---------------------------------------------------------------- sheets


def test_sheet_names_order_and_active_sheet(built: Built) -> None:
    names = [v.name for v in views(built.state)]
    assert names == ["Preventiematrix", "Activiteiten (3B)", "Leeftijd en leefdomein"]
    assert built.wb.sheetnames == ["Overzicht", *names, *FIXED_AFTER_VIEWS]
    assert built.wb.active is not None and built.wb.active.title == "Overzicht"
    assert [ws.title for ws in built.wb.worksheets if ws.sheet_view.tabSelected] == ["Overzicht"]


def test_sheet_titles_are_valid_and_unique_for_any_view_name(built: Built) -> None:
    wb = load_workbook(built.empty_path)
    assert wb.sheetnames[0] == "Overzicht" and wb.sheetnames[-4:] == FIXED_AFTER_VIEWS
    matrices = wb.sheetnames[1:-4]
    assert "activiteiten (2)" in matrices  # clashes (case-insensitively) with the Activiteiten sheet
    for name in wb.sheetnames:
        assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
        assert not name.startswith("'") and not name.endswith("'")
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)

    taken = {"overzicht"}
    assert sheet_title("Overzicht", taken) == "Overzicht (2)"
    assert sheet_title("a/b:c", taken) == "a b c"
    assert sheet_title("'[]*?'", taken) == "Matrix"
    assert sheet_title("History", taken) == "History (2)"
    long = sheet_title("x" * 40, taken)
    assert long == "x" * 31 and sheet_title("x" * 40, taken) == "x" * 27 + " (2)"


def test_workbook_filename_is_safe() -> None:
    assert workbook_filename("demo", date(2026, 11, 23)) == "preventiematrix-demo-2026-11-23.xlsx"
    assert workbook_filename("Demo ../x", date(2026, 1, 2)) == "preventiematrix-demo-x-2026-01-02.xlsx"
    assert re.fullmatch(r"[a-z0-9-]+\.xlsx", workbook_filename("demo"))


# ---------------------------------------------------------------- matrix sheets


def test_every_matrix_cell_lists_exactly_the_activities_of_its_view(built: Built) -> None:
    for ws, view in view_sheets(built):
        assert view.row_label in ws["A1"].value and view.col_label in ws["A1"].value
        assert [c.value for c in ws[1]] == [ws["A1"].value, *[c.label for c in view.cols], "Totaal"]
        labels = [ws.cell(r, 1).value for r in range(2, len(view.rows) + 3)]
        assert labels == [r.label for r in view.rows] + ["Totaal"]
        for r, row in enumerate(view.rows, 2):
            for c, col in enumerate(view.cols, 2):
                cell = ws.cell(r, c)
                acts = view.cell(row.id, col.id)
                assert cell.data_type == "s"
                if not acts:
                    assert is_white_spot(cell), (view.name, row.label, col.label)
                    continue
                lines = cell.value.split("\n")
                partners = {a.fields["partner"] for a in acts} | {p for a in acts for p in a.fields["co_partners"]}
                if len(partners) == 1:
                    assert lines.pop() == SINGLE_PARTNER
                    assert cell.border.left.style == "medium"
                else:
                    assert SINGLE_PARTNER not in lines
                assert lines == [built.line(a) for a in acts], (view.name, row.label, col.label)
                assert not is_white_spot(cell) and cell.fill.patternType == "solid"
                assert rgb(cell.fill.fgColor) == heat_colour(len(acts))
                assert cell.alignment.wrap_text


def test_white_spots_are_marked_exactly_where_the_view_is_empty(built: Built) -> None:
    total = 0
    for ws, view in view_sheets(built):
        marked = {
            (view.rows[r - 2].label, view.cols[c - 2].label)
            for r in range(2, len(view.rows) + 2)
            for c in range(2, len(view.cols) + 2)
            if is_white_spot(ws.cell(r, c))
        }
        assert marked == {(r.label, c.label) for r, c in view.empty_cells()}
        total += len(marked)
    assert total > 0
    prevention = built.wb["Preventiematrix"]
    assert is_white_spot(prevention.cell(2 + 2, 2 + 1))  # van experimenteren tot middelenmisbruik, selectief


def test_matrix_totals_count_distinct_activities(built: Built) -> None:
    for ws, view in view_sheets(built):
        total_col, total_row = len(view.cols) + 2, len(view.rows) + 2
        for r, row in enumerate(view.rows, 2):
            expected = len({a.id for col in view.cols for a in view.cell(row.id, col.id)})
            assert ws.cell(r, total_col).value == expected
        for c, col in enumerate(view.cols, 2):
            expected = len({a.id for row in view.rows for a in view.cell(row.id, col.id)})
            assert ws.cell(total_row, c).value == expected
        placed = {a.id for acts in view.cells.values() for a in acts}
        assert ws.cell(total_row, total_col).value == len(placed)
        assert len(placed) + len(view.unplaced) == len(list(built.state.live("activity")))
    # an activity with two age bands counts once in its column, not twice
    leeftijd = next(v for v in views(built.state) if v.name == "Leeftijd en leefdomein")
    assert any(
        sum(len(leeftijd.cell(r.id, c.id)) for r in leeftijd.rows) > leeftijd.col_count(c.id) for c in leeftijd.cols
    )


def test_unplaced_activities_are_listed_below_the_matrix(built: Built) -> None:
    for ws, view in view_sheets(built):
        below = [ws.cell(r, 1).value for r in range(len(view.rows) + 4, ws.max_row + 1)]
        if not view.unplaced:
            assert below == ["Alle activiteiten staan in deze matrix."]
            continue
        assert below[0].startswith(f"Niet in deze matrix: {len(view.unplaced)} ")
        assert len(below) == 1 + len(view.unplaced)
        for text, act in zip(below[1:], view.unplaced, strict=True):
            assert text.startswith(built.line(act) + ": geen ")
            if not values_on(act, view.row_axis):
                assert view.row_label.lower() in text


def test_matrix_sheet_layout(built: Built) -> None:
    for ws, view in view_sheets(built):
        assert ws.freeze_panes == "B2"
        assert ws.column_dimensions["B"].width >= 30 and ws.column_dimensions["A"].width >= 25
        heights = [ws.row_dimensions[r].height for r in range(2, len(view.rows) + 2)]
        assert all(h and 30 <= h <= 409 for h in heights)
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert not ws.merged_cells.ranges


def test_a_huge_cell_is_cut_short_under_excels_limit(built: Built) -> None:
    template = next(built.state.live("activity"))
    acts = []
    for n in range(2000):
        act = template.copy()
        act.id = f"big-{n}"
        act.fields["name"] = f"Activiteit {n} " + "x" * 40
        acts.append(act)
    view = MatrixView("m", "m", "theme", "prevention_level", "Thema", "Niveau", [Band("r", "r")], [Band("c", "c")])
    view.cells[("r", "c")] = acts
    text = matrix_cell_text(view, "r", "c", Vocabulary(built.state))
    assert len(text) <= MAX_CELL_TEXT
    assert re.search(r"… en nog \d+ \(zie het blad Activiteiten\)", text)


# ---------------------------------------------------------------- Activiteiten


def test_activiteiten_is_a_filterable_table_of_labels_and_typed_numbers(built: Built) -> None:
    ws = built.wb["Activiteiten"]
    vocab = Vocabulary(built.state)
    live = sorted(built.state.live("activity"), key=lambda a: a.fields["name"].lower())
    assert [c.value for c in ws[1]] == [c.header for c in FIELD_COLUMNS]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(live) == 84
    assert [r[0] for r in rows] == [a.fields["name"] for a in live]
    for row, act in zip(rows, live, strict=True):
        for value, col in zip(row, FIELD_COLUMNS, strict=True):
            assert value == to_cell(col, act.fields.get(col.key), vocab), (act.fields["name"], col.key)
    ids = set(built.state.objects)
    assert not any(v in ids for r in rows for v in r if isinstance(v, str)), "labels, not ids"
    partner = [c.key for c in FIELD_COLUMNS].index("partner")
    assert {r[partner] for r in rows} <= set(vocab.labels("partner"))

    table = ws.tables["Activiteiten"]
    assert table.ref == f"A1:{ws.cell(1, len(FIELD_COLUMNS)).column_letter}{len(live) + 1}"
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    assert ws.freeze_panes in ("A2", "B2")
    reach = [c.key for c in FIELD_COLUMNS].index("reach") + 1
    budget = [c.key for c in FIELD_COLUMNS].index("budget") + 1
    reach_cells = [ws.cell(r, reach) for r in range(2, len(live) + 2) if ws.cell(r, reach).value is not None]
    budget_cells = [ws.cell(r, budget) for r in range(2, len(live) + 2) if ws.cell(r, budget).value is not None]
    assert reach_cells and all(c.data_type == "n" and isinstance(c.value, int) for c in reach_cells)
    assert budget_cells and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in budget_cells)


def test_injection_strings_stay_text_everywhere(built: Built) -> None:
    ws = built.wb["Activiteiten"]
    cells = {c.value: c for c in ws["A"] if c.value in INJECTIONS}
    assert set(cells) == set(INJECTIONS)
    assert all(c.data_type == "s" for c in cells.values())
    matrix = built.wb["Preventiematrix"]
    texts = [c.value for row in matrix.iter_rows() for c in row if isinstance(c.value, str)]
    for name in INJECTIONS:
        assert any(f"{name} (Centrum voor Jeugd en Gezin Voorbeeld)" in t.split("\n") for t in texts), name
    with zipfile.ZipFile(built.path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(re.search(rb"<f[ >]", z.read(n)) for n in sheets), "no formula anywhere"


# ---------------------------------------------------------------- Resultaten, Partners, Overzicht


def test_resultaten_lists_each_outcome_with_its_activities_and_marks_the_empty_one(built: Built) -> None:
    ws = built.wb["Resultaten"]
    outcomes = sorted(built.state.live("outcome"), key=lambda o: o.fields["position"])
    live = list(built.state.live("activity"))
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Maatschappelijk resultaat", "Soort", "Indicator"]
    for r, outcome in enumerate(outcomes, 2):
        row = {h: ws.cell(r, c).value for c, h in enumerate(header, 1)}
        mine = [a for a in live if outcome.id in a.fields["outcomes"]]
        assert row["Maatschappelijk resultaat"] == outcome.fields["title"]
        assert row["Indicator"] == outcome.fields["indicator"]
        assert row["Streefjaar"] == outcome.fields["target_year"]
        assert row["Aantal activiteiten"] == len(mine)
        if not mine:
            assert row["Activiteiten"] == NO_ACTIVITY
            assert ws.cell(r, header.index("Activiteiten") + 1).fill.patternType not in (None, "solid")
            assert outcome.fields["title"] == "Minder jongeren drinken alcohol of roken"
        else:
            assert sorted(row["Activiteiten"].split("\n")) == sorted(a.fields["name"] for a in mine)
            names = {built.partner_name(a) for a in mine}
            assert names <= set(row["Partners"].split("\n"))
    assert sum(1 for r in range(2, len(outcomes) + 2) if ws.cell(r, 8).value == 0) == 1
    assert ws.auto_filter.ref and ws.freeze_panes == "B2"


def test_partners_per_outcome_counts_match_a_direct_count(built: Built) -> None:
    ws = built.wb["Partners"]
    outcomes = sorted(built.state.live("outcome"), key=lambda o: o.fields["position"])
    partners = sorted(built.state.live("partner"), key=lambda p: p.fields["name"].casefold())
    live = list(built.state.live("activity"))
    header = [c.value for c in ws[1]]
    first = header.index(outcomes[0].fields["title"]) + 1
    assert header[first - 1 : first - 1 + len(outcomes)] == [o.fields["title"] for o in outcomes]
    for r, partner in enumerate(partners, 2):
        own = [a for a in live if a.fields["partner"] == partner.id]
        assert ws.cell(r, 1).value == partner.fields["name"]
        assert ws.cell(r, 2).value == partner.fields["type"]
        assert ws.cell(r, 3).value == len(own)
        assert ws.cell(r, 5).value == sum(a.fields["reach"] or 0 for a in own)
        assert ws.cell(r, 6).value == pytest.approx(sum(a.fields["budget"] or 0 for a in own))
        for c, outcome in enumerate(outcomes, first):
            expected = sum(1 for a in own if outcome.id in a.fields["outcomes"])
            assert ws.cell(r, c).value == expected, (partner.fields["name"], outcome.fields["title"])
    total = len(partners) + 2
    assert ws.cell(total, 1).value == "Totaal" and ws.cell(total, 3).value == len(live)


def test_overzicht_has_title_date_key_figures_and_legend(built: Built) -> None:
    ws = built.wb["Overzicht"]
    assert ws["A1"].value == built.state.name
    date_cell = ws["B3"]
    assert date_cell.is_date and date_cell.value == GENERATED and "yy" in date_cell.number_format
    figures = key_figures(ws)
    live = list(built.state.live("activity"))
    assert figures["Activiteiten"] == len(live)
    assert figures["Partners"] == len(list(built.state.live("partner")))
    assert figures["Maatschappelijke resultaten"] == 8
    assert figures["Resultaten zonder activiteit"] == 1
    assert figures["Totaal bereik per jaar (som)"] == sum(a.fields["reach"] or 0 for a in live)
    assert figures["Totaal budget per jaar (euro)"] == pytest.approx(sum(a.fields["budget"] or 0 for a in live))
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert WHITE_SPOT in texts and any(SINGLE_PARTNER in t for t in texts)
    assert [t for _, _, t in HEAT_STEPS] == [t for t in texts if t in {s for _, _, s in HEAT_STEPS}]


# ---------------------------------------------------------------- Analyse


def test_analyse_sheet_renders_the_analysis_sections(built: Built) -> None:
    from server.analysis import analyse

    ws = built.wb["Analyse"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    sections = analyse(built.state).sections()
    assert len(sections) >= 6
    for section in sections:
        assert section.title in texts and section.question in texts
        assert all(f"• {line}" in texts for line in section.lines)
        for table in section.tables:
            assert table.title in texts
            assert all(h in texts for h in table.headers)


def test_analyse_sheet_renders_any_section_generically() -> None:
    sections = [
        Section(
            "x",
            "Een kop",
            "Een vraag?",
            ["=1+1", "gewone zin"],
            [Table("Tabel", ["Naam", "Aantal", "Aandeel"], [["@x", 3, 12.5], [None, 0, None]])],
        ),
        Section("y", "Leeg", "", [], [Table("Niets", ["A"], [])]),
    ]
    state = WorkspaceState(1, "x", "X")
    wb = load_workbook(io.BytesIO(build_workbook(state, sections)))
    ws = wb["Analyse"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert cells["• =1+1"].data_type == "s" and cells["@x"].data_type == "s"
    assert cells["Een vraag?"].font.italic
    assert cells[12.5].data_type == "n" and cells[3].data_type == "n"
    assert "(geen rijen)" in cells
    ranges = [range_boundaries(str(r)) for r in ws.merged_cells.ranges]
    rows = [r[1] for r in ranges]
    assert len(rows) == len(set(rows)) and all(r[1] == r[3] for r in ranges)  # one row each: never overlapping


def test_analyse_sheet_says_so_without_an_analysis() -> None:
    wb = load_workbook(io.BytesIO(build_workbook(WorkspaceState(1, "x", "X"), [])))
    assert "Er zijn geen analyseresultaten." in [c.value for row in wb["Analyse"].iter_rows() for c in row]


# ---------------------------------------------------------------- validity and LibreOffice


def test_workbook_structure_is_valid(built: Built) -> None:
    for path in (built.path, built.empty_path):
        wb = load_workbook(path)
        names = [t for ws in wb.worksheets for t in ws.tables]
        assert len(names) == len(set(names)) and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", n) for n in names)
        for ws in wb.worksheets:
            for table in ws.tables.values():
                min_col, min_row, max_col, _ = range_boundaries(table.ref)
                headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
                assert all(isinstance(h, str) and h for h in headers) and len(set(headers)) == len(headers)
            cells = [
                (r, c)
                for rng in ws.merged_cells.ranges
                for r in range(rng.min_row, rng.max_row + 1)
                for c in range(rng.min_col, rng.max_col + 1)
            ]
            assert len(cells) == len(set(cells)), f"overlapping merged cells on {ws.title}"
            assert all(len(str(c.value)) <= MAX_CELL_TEXT for row in ws.iter_rows() for c in row)


def test_a_workspace_without_activities_gives_a_complete_workbook(built: Built, converted: dict[str, Path]) -> None:
    wb = load_workbook(built.empty_path)
    assert wb["Activiteiten"].tables["Activiteiten"].ref.endswith("2")  # an empty data row: a table needs one
    assert wb["Activiteiten"].max_row <= 2 and not any(c.value for c in wb["Activiteiten"][2])
    matrix = wb[wb.sheetnames[1]]
    view = views(built.empty_state)[0]
    assert all(
        matrix.cell(r, c).value == WHITE_SPOT
        for r in range(2, len(view.rows) + 2)
        for c in range(2, len(view.cols) + 2)
    )
    figures = key_figures(wb["Overzicht"])
    assert figures["Activiteiten"] == 0 and figures["Totaal budget per jaar (euro)"] == 0
    assert converted["empty"].read_bytes().startswith(b"%PDF")


def test_libreoffice_opens_the_workbook(converted: dict[str, Path]) -> None:
    pdf = converted["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_libreoffice_resave_keeps_sheets_and_matrix_texts(built: Built, resaved: Workbook) -> None:
    assert resaved.sheetnames == built.wb.sheetnames
    for ws, view in view_sheets(built):
        again = resaved[ws.title]
        rows, cols = len(view.rows) + 2, len(view.cols) + 2
        original = [[ws.cell(r, c).value for c in range(1, cols + 1)] for r in range(1, rows + 1)]
        assert [[again.cell(r, c).value for c in range(1, cols + 1)] for r in range(1, rows + 1)] == original
    cells = {c.value: c for c in resaved["Activiteiten"]["A"] if c.value in INJECTIONS}
    assert set(cells) == set(INJECTIONS) and all(c.data_type == "s" for c in cells.values())
    assert resaved["Overzicht"]["B3"].is_date and resaved["Overzicht"]["B3"].value == GENERATED
