"""The offline Excel round trip as partners live it: download, edit for days, upload, and nothing is lost.

Real workbooks through the real REST API (Flask test client) on SQLite and PostgreSQL, and LibreOffice
Calc re-saving an edited template, which must merge exactly like the original.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from server.demo import load_demo
from server.office.columns import DELETE_HEADER, ID_HEADER, Vocabulary
from server.office.upload_rows import to_uploaded_rows
from server.office.xlsx_read import read_upload
from server.sync.workspaces import ensure_member
from tests.conftest import SECRET
from tests.libreoffice import resave_xlsx

NAME = "Naam activiteit"
REACH = "Bereik per jaar (aantal)"
STATUS = "Status"
LEVEL = "Preventieniveau"


class Partner:
    """A person of one partner organisation with a browser: downloads and uploads over REST."""

    def __init__(self, app: Any, partner: str, role: str = "partner"):
        from server.auth.tokens import issue_token

        core = app.extensions["matrixsync"]
        self.member = ensure_member(core, "demo", partner, role)
        self.client = app.test_client()
        self.headers = {"Authorization": "Bearer " + issue_token(SECRET, "demo", self.member)}
        self.partner = partner

    def download(self, partner: str | None = None) -> bytes:
        res = self.client.get(
            f"/api/workspaces/demo/partner-template.xlsx?partner={partner or self.partner}", headers=self.headers
        )
        assert res.status_code == 200, res.get_data(as_text=True)
        assert res.headers["Content-Type"].startswith("application/vnd.openxmlformats")
        return bytes(res.data)

    def upload(self, data: bytes, filename: str = "activiteiten.xlsx") -> Any:
        return self.client.post(
            "/api/workspaces/demo/uploads",
            data={"file": (io.BytesIO(data), filename)},
            headers=self.headers,
            content_type="multipart/form-data",
        )

    def activities(self) -> dict[str, dict[str, Any]]:
        snap = self.client.get("/api/workspaces/demo", headers=self.headers).json
        return {a["id"]: a for a in snap["objects"]["activity"]}


class Sheet:
    """Edit the Activiteiten sheet of a workbook like a user in Excel would."""

    def __init__(self, data: bytes):
        self.wb = openpyxl.load_workbook(io.BytesIO(data))
        self.ws = self.wb["Activiteiten"]
        self.headers = [c.value for c in self.ws[1]]

    def col(self, header: str) -> int:
        return self.headers.index(header) + 1

    def rows(self) -> list[int]:
        return [r for r in range(2, self.ws.max_row + 1) if self.ws.cell(r, self.col(ID_HEADER)).value]

    def row_of(self, activity_id: str) -> int:
        return next(r for r in self.rows() if self.ws.cell(r, self.col(ID_HEADER)).value == activity_id)

    def id_at(self, row: int) -> str:
        return str(self.ws.cell(row, self.col(ID_HEADER)).value)

    def set(self, row: int, header: str, value: Any) -> None:
        self.ws.cell(row, self.col(header)).value = value

    def first_empty_row(self) -> int:
        return max(self.rows()) + 1

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


@pytest.fixture
def demo_app(app: Any) -> Any:
    load_demo(app.extensions["matrixsync"])
    return app


def test_a_partner_edits_offline_and_the_upload_merges_field_by_field(demo_app: Any) -> None:
    cjg = Partner(demo_app, "cjg")
    coordinator = Partner(demo_app, "gemeente", "coordinator")
    sheet = Sheet(cjg.download())
    first, second, third = sheet.rows()[:3]
    a1, a2, a3 = sheet.id_at(first), sheet.id_at(second), sheet.id_at(third)

    # while the file is offline, the coordinator changes a2's reach and a3's status live
    for n, (ident, field, value) in enumerate([(a2, "reach", 77), (a3, "status", "uitbreiden")], 1):
        op = {"op": "set", "type": "activity", "id": ident, "field": field, "value": value}
        res = coordinator.client.post(
            "/api/workspaces/demo/mutations",
            json={"client_id": "board-coord", "mutation_id": n, "ops": [op]},
            headers=coordinator.headers,
        )
        assert res.status_code == 200

    sheet.set(first, REACH, 321)  # only in the upload: applied
    sheet.set(third, STATUS, "afbouwen")  # in both, differently: conflict
    sheet.set(second, LEVEL, "bestaat niet")  # not an axis value: rejected cell
    new_row = sheet.first_empty_row()
    sheet.set(new_row, NAME, "Ouderavond mediawijsheid")
    res = cjg.upload(sheet.save())
    assert res.status_code == 200, res.get_data(as_text=True)
    report = res.json
    assert report["summary"]["applied"] == 1 and report["summary"]["conflict"] == 1
    assert report["summary"]["created"] == 1 and report["summary"]["rejected"] == 1

    live = cjg.activities()
    assert live[a1]["reach"] == 321
    assert live[a2]["reach"] == 77  # the live change elsewhere in the row survives
    assert live[a3]["status"] == "uitbreiden"  # the conflict keeps the live value
    created = [a for a in live.values() if a["name"] == "Ouderavond mediawijsheid"]
    assert len(created) == 1 and created[0]["partner"] == live[a1]["partner"]

    conflict = next(e for e in report["entries"] if e["outcome"] == "conflict")
    assert (conflict["base"], conflict["live"], conflict["uploaded"]) == ("bestaand", "uitbreiden", "afbouwen")
    assert conflict["live_actor"] == "Gemeente Voorbeeld (coordinator)" and conflict["live_at"]
    rejected = next(e for e in report["entries"] if e["outcome"] == "rejected")
    assert rejected["field"] == "prevention_level" and "staat niet in de lijst" in rejected["reason"]

    # the same file again changes nothing
    seq = coordinator.client.get("/api/workspaces/demo", headers=coordinator.headers).json["seq"]
    again = cjg.upload(sheet.save()).json
    assert again["seq"] is None and again["summary"]["applied"] == 0 and again["summary"]["created"] == 0
    assert coordinator.client.get("/api/workspaces/demo", headers=coordinator.headers).json["seq"] == seq

    # the coordinator sees the conflict and resolves it by taking the uploaded value
    open_conflicts = coordinator.client.get("/api/workspaces/demo/conflicts", headers=coordinator.headers).json
    [stored] = open_conflicts["conflicts"]
    assert stored["activity"] == a3 and stored["field"] == "status"
    res = coordinator.client.post(
        f"/api/workspaces/demo/conflicts/{stored['id']}/resolve",
        json={"choice": "uploaded"},
        headers=coordinator.headers,
    )
    assert res.status_code == 200
    assert cjg.activities()[a3]["status"] == "afbouwen"
    assert coordinator.client.get("/api/workspaces/demo/conflicts", headers=coordinator.headers).json["conflicts"] == []


def test_deleting_takes_the_mark_and_a_partner_cannot_touch_others(demo_app: Any) -> None:
    cjg = Partner(demo_app, "cjg")
    sheet = Sheet(cjg.download())
    row = sheet.rows()[0]
    gone = sheet.id_at(row)
    sheet.set(row, DELETE_HEADER, "ja")
    # a foreign activity's id pasted into the cjg sheet
    jgz_sheet = Sheet(Partner(demo_app, "jgz").download())
    foreign = jgz_sheet.id_at(jgz_sheet.rows()[0])
    extra = sheet.first_empty_row()
    sheet.set(extra, ID_HEADER, foreign)
    sheet.set(extra, NAME, "Overgenomen")
    report = cjg.upload(sheet.save()).json
    assert gone not in cjg.activities()
    assert report["summary"]["deleted"] == 1
    bad = next(e for e in report["entries"] if e["activity"] == foreign)
    assert bad["outcome"] == "rejected" and "hoort niet bij dit sjabloon" in bad["reason"]
    assert cjg.activities()[foreign]["name"] != "Overgenomen"


def _rows(core: Any, data: bytes) -> list[Any]:
    state = core.state("demo")
    rows, _fields = to_uploaded_rows(read_upload(data), Vocabulary(state))
    return [r for r in rows if r.id or any(v not in (None, "", []) for k, v in r.values.items() if k != "partner")]


def test_a_workbook_resaved_by_libreoffice_merges_exactly_like_the_original(demo_app: Any, tmp_path: Path) -> None:
    cjg = Partner(demo_app, "cjg")
    sheet = Sheet(cjg.download())
    rows = sheet.rows()
    sheet.set(rows[0], REACH, 1234)
    sheet.set(rows[1], STATUS, "nieuw")
    sheet.set(rows[2], "Thema's", "van plagen tot pesten; van dip tot depressie")
    sheet.set(rows[3], "Budget (euro per jaar)", 12500.5)
    sheet.set(sheet.first_empty_row(), NAME, "Weerbaarheid online")
    original = sheet.save()
    src = tmp_path / "bewerkt.xlsx"
    src.write_bytes(original)
    resaved = resave_xlsx(src, tmp_path / "lo").read_bytes()
    assert resaved != original

    core = demo_app.extensions["matrixsync"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl may note LibreOffice's own extension blocks
        assert _rows(core, resaved) == _rows(core, original)  # the merge sees exactly the same rows
        report = cjg.upload(resaved).json
    assert report["summary"]["applied"] == 4 and report["summary"]["created"] == 1, report
    assert report["summary"]["rejected"] == 0
    live = cjg.activities()
    assert live[sheet.id_at(rows[0])]["reach"] == 1234 and live[sheet.id_at(rows[3])]["budget"] == 12500.5
    again = cjg.upload(original).json  # the original after its LibreOffice twin: nothing left to do
    assert again["seq"] is None and again["summary"]["created"] == 0


@pytest.mark.parametrize(
    ("mangle", "phrase"),
    [
        (lambda d: b"", "leeg"),
        (lambda d: b"PK\x03\x04" + d[4:200], "beschadigd"),
        (lambda d: d[: len(d) // 2], "beschadigd"),
        (lambda d: b"Dit is gewoon tekst, geen spreadsheet.", "geen Excel-bestand"),
    ],
)
def test_broken_files_get_a_dutch_error_and_change_nothing(demo_app: Any, mangle: Any, phrase: str) -> None:
    cjg = Partner(demo_app, "cjg")
    data = cjg.download()
    before = cjg.activities()
    res = cjg.upload(mangle(data))
    assert res.status_code == 422
    assert phrase in res.json["message"]
    assert cjg.activities() == before


def test_tampered_foreign_and_unsigned_workbooks_are_refused(demo_app: Any) -> None:
    cjg = Partner(demo_app, "cjg")
    before = cjg.activities()
    sheet = Sheet(cjg.download())
    sheet.set(sheet.rows()[0], REACH, 5)
    prov = sheet.wb["_matrixsync"]
    for row in prov.iter_rows():
        if row[0].value == "seq":
            row[1].value = "0"  # pretend to be older, to win every field
    res = cjg.upload(sheet.save())
    assert res.status_code == 422 and "gewijzigd" in res.json["message"]

    jgz_file = Partner(demo_app, "jgz").download()
    res = cjg.upload(jgz_file)
    assert res.status_code == 422 and "andere organisatie" in res.json["message"]

    plain = openpyxl.Workbook()
    plain.active.title = "Activiteiten"
    plain.active.append([ID_HEADER, NAME])
    plain.active.append(["", "Zelfgemaakt"])
    buf = io.BytesIO()
    plain.save(buf)
    res = cjg.upload(buf.getvalue())
    assert res.status_code == 422 and "herkomstgegevens ontbreken" in res.json["message"]
    assert cjg.activities() == before


def test_formulas_are_not_taken_over(demo_app: Any) -> None:
    cjg = Partner(demo_app, "cjg")
    sheet = Sheet(cjg.download())
    row = sheet.rows()[0]
    sheet.set(row, REACH, "=1+1")
    sheet.set(row, "Omschrijving", "@SUM(A1)")
    report = cjg.upload(sheet.save()).json
    reasons = {e["field"]: e["reason"] for e in report["entries"] if e["outcome"] == "rejected"}
    assert "formule" in reasons["reach"] and "formule" in reasons["description"]


def test_only_your_own_template_and_viewers_upload_nothing(demo_app: Any) -> None:
    cjg = Partner(demo_app, "cjg")
    res = cjg.client.get("/api/workspaces/demo/partner-template.xlsx?partner=jgz", headers=cjg.headers)
    assert res.status_code == 403 and "eigen organisatie" in res.json["message"]
    viewer = Partner(demo_app, "politie", "viewer")
    res = viewer.upload(cjg.download())
    assert res.status_code == 422 and "kijker" in res.json["message"]
