"""The upload reader against real workbooks (written with openpyxl) and hostile files (crafted with zipfile)."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import openpyxl.xml
import openpyxl.xml.functions
import pytest
from openpyxl.worksheet.table import Table

from server.office import xlsx_read
from server.office.columns import DELETE_HEADER, ID_HEADER
from server.office.xlsx_read import Limits, UploadError, read_upload
from tests.libreoffice import resave_xlsx

NAME = "Naam activiteit"
REACH = "Bereik per jaar (aantal)"
BUDGET = "Budget (euro per jaar)"
START = "Startdatum"
HEADERS = [ID_HEADER, NAME, REACH, BUDGET, START, DELETE_HEADER]
DEFAULT = Limits()
PROVENANCE = {"workspace": "ws-1", "export": "exp-9", "seq": "3", "partner": "bibliotheek", "signature": "ab" * 32}


def workbook(
    rows: list[list[object]],
    headers: list[str] | None = HEADERS,
    provenance: dict[str, object] | None = None,
    state: str = "veryHidden",
    sheet: str = "Activiteiten",
    table_rows: int = 0,
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    if headers is not None:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if table_rows:  # an Excel table with pre-made empty rows below the data
        ws.add_table(Table(displayName="Activiteiten", ref=f"A1:F{table_rows}"))
    if provenance is not None:
        prov = wb.create_sheet("_matrixsync")
        for key, value in provenance.items():
            prov.append([key, value])
        prov.sheet_state = state
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The same zip with some members replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            content = replace.pop(info.filename, None)
            dst.writestr(info.filename, src.read(info) if content is None else content)
        for name, content in replace.items():
            dst.writestr(name, content)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def with_zeros(data: bytes, name: str, megabytes: int, zip64: bool = True) -> bytes:
    """``data`` plus a member of ``megabytes`` MB of zeros, compressed while streaming (fast, little memory)."""
    out = io.BytesIO(data)
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w", force_zip64=zip64) as member:
        for _ in range(megabytes):
            member.write(chunk)
    return out.getvalue()


def rejected(data: bytes, phrase: str, limits: Limits = DEFAULT, sheet: str = "Activiteiten") -> str:
    with pytest.raises(UploadError) as caught:
        read_upload(data, limits, sheet)
    message = str(caught.value)
    assert phrase in message, message
    assert_dutch(message)
    return message


def assert_dutch(message: str) -> None:
    assert re.search(r"\b(het|de|een|dit|is|niet)\b", message), message
    for word in ("Error", "Exception", "Traceback", "zipfile", "openpyxl", 'File "', "KeyError", "errno"):
        assert word not in message, message


@pytest.fixture(scope="module")
def valid() -> bytes:
    return workbook(
        [["A-1", "Voorlezen", 120, 2500.5, datetime(2027, 1, 15), None], [None, "Huiswerkklas", 0, None, None, "ja"]],
        provenance=dict(PROVENANCE),
    )


# --- valid workbooks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["veryHidden", "hidden", "visible"])
def test_valid_workbook_round_trips(state: str) -> None:
    rows: list[list[object]] = [
        ["A-1", "  Voorlezen  ", 120, 2500.5, datetime(2027, 1, 15), None],
        ["", "   ", None, None, None, ""],  # only whitespace: not a row
        [None, "Huiswerkklas", 0, None, None, "ja"],
        ["A-3", "42", "7", 1000, None, None],  # numbers typed as text stay text, numbers stay numbers
    ]
    data = workbook(rows, provenance={**PROVENANCE, "seq": 3}, state=state, table_rows=40)
    parsed = read_upload(data)
    assert parsed.headers == HEADERS
    assert parsed.provenance == PROVENANCE  # the number 3 reads back as the text "3"
    assert [r.number for r in parsed.rows] == [2, 4, 5]  # the table's empty rows 6..40 are ignored
    first, second, third = parsed.rows
    assert first.cells == {
        ID_HEADER: "A-1",
        NAME: "Voorlezen",
        REACH: 120,
        BUDGET: 2500.5,
        START: datetime(2027, 1, 15),
        DELETE_HEADER: None,
    }
    assert type(first.cells[REACH]) is int and type(first.cells[BUDGET]) is float
    assert second.cells[ID_HEADER] is None and second.cells[DELETE_HEADER] == "ja" and second.cells[REACH] == 0
    assert third.cells[NAME] == "42" and third.cells[REACH] == "7" and third.cells[BUDGET] == 1000
    assert all(not r.formulas for r in parsed.rows)


def test_libreoffice_resave_reads_the_same(tmp_path: Path) -> None:
    """Calc writes shared strings, turns veryHidden into hidden and keeps formulas: the result reads the same."""
    rows: list[list[object]] = [
        ["A-1", "Voorlezen", 120, 2500.5, None, None],
        [None, "Huiswerkklas", "=1+1", 7, None, "ja"],
    ]
    src = tmp_path / "in.xlsx"
    src.write_bytes(workbook(rows, provenance=dict(PROVENANCE), table_rows=20))
    parsed = read_upload(resave_xlsx(src, tmp_path / "out").read_bytes())
    assert parsed.provenance == PROVENANCE
    assert parsed.headers == HEADERS
    assert [r.number for r in parsed.rows] == [2, 3]
    assert parsed.rows[0].cells[NAME] == "Voorlezen" and parsed.rows[0].cells[REACH] == 120
    assert parsed.rows[1].formulas == {REACH} and parsed.rows[1].cells[REACH] == "=1+1"


def test_missing_provenance_sheet_is_empty_dict() -> None:
    parsed = read_upload(workbook([["A-1", "Voorlezen", 1, 2, None, None]]))
    assert parsed.provenance == {}
    assert len(parsed.rows) == 1


def test_trailing_formatted_rows_and_columns_without_header_are_ignored() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activiteiten"
    ws.append([ID_HEADER, NAME, None, REACH])
    ws.append(["A-1", "Voorlezen", "notitie naast de tabel", 5])
    ws.append([None, None, "alleen een notitie", None])
    for row in range(3, 500):  # formatted but empty cells, as Excel leaves them
        ws.cell(row=row, column=2).number_format = "0.00"
    ws.cell(row=1, column=30, value="  ")  # a header cell of spaces is no header
    out = io.BytesIO()
    wb.save(out)
    parsed = read_upload(out.getvalue())
    assert parsed.headers == [ID_HEADER, NAME, REACH]
    assert [(r.number, r.cells) for r in parsed.rows] == [(2, {ID_HEADER: "A-1", NAME: "Voorlezen", REACH: 5})]


def test_sheet_without_dimension_and_row_far_below(valid: bytes) -> None:
    wb = openpyxl.Workbook(write_only=True)  # write-only mode stores no <dimension> element
    ws = wb.create_sheet("Activiteiten")
    ws.append([ID_HEADER, NAME])
    ws.append(["A-1", "Voorlezen"])
    out = io.BytesIO()
    wb.save(out)
    assert [(r.number, r.cells) for r in read_upload(out.getvalue()).rows] == [
        (2, {ID_HEADER: "A-1", NAME: "Voorlezen"})
    ]

    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    far = b'<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>Onderaan</t></is></c></row></sheetData>'
    parsed = read_upload(rewrite(valid, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", far)}))
    assert [r.number for r in parsed.rows] == [2, 3, 1048576]
    assert parsed.rows[-1].cells[NAME] == "Onderaan"


def test_formula_is_reported_and_formula_like_text_is_not() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activiteiten"
    ws.append(HEADERS)
    ws.append(["A-1", "=SUM(A1)", "=1+1", 10, None, None])
    ws["B2"].data_type = "s"  # typed as text, e.g. with a leading apostrophe: not a formula
    assert ws["C2"].data_type == "f"
    out = io.BytesIO()
    wb.save(out)
    (row,) = read_upload(out.getvalue()).rows
    assert row.formulas == {REACH}
    assert row.cells[REACH] == "=1+1"
    assert row.cells[NAME] == "=SUM(A1)"


def test_two_thousand_rows_parse() -> None:
    rows: list[list[object]] = [[f"A-{i}", f"Activiteit {i}", i, i * 1.5, None, None] for i in range(2000)]
    parsed = read_upload(workbook(rows, provenance=dict(PROVENANCE)))
    assert len(parsed.rows) == 2000
    assert parsed.rows[-1].number == 2001 and parsed.rows[-1].cells[REACH] == 1999


def test_row_limit_is_inclusive() -> None:
    rows: list[list[object]] = [[f"A-{i}", "x", i, None, None, None] for i in range(3)]
    assert len(read_upload(workbook(rows), Limits(max_rows=3)).rows) == 3
    rejected(workbook([*rows, ["A-9", "y", 1, None, None, None]]), "meer dan 3 ingevulde rijen", Limits(max_rows=3))


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


# --- hostile or wrong files --------------------------------------------------------------------------------


def test_empty_file() -> None:
    rejected(b"", "leeg")


def test_too_large_upload(valid: bytes) -> None:
    rejected(valid, "te groot", Limits(max_bytes=1000))


def test_random_bytes() -> None:
    rejected(random.Random(7).randbytes(5000), "Dit is geen Excel-bestand (.xlsx)")
    rejected(b"naam;bereik\nVoorlezen;12\n", "Dit is geen Excel-bestand (.xlsx)")  # a .csv renamed to .xlsx


def test_old_xls_and_encrypted_workbook() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    rejected(ole2, "ouder Excel-bestand (.xls)")
    rejected(ole2 + "EncryptedPackage".encode("utf-16-le"), "wachtwoord")


@pytest.mark.parametrize(
    ("members", "phrase"),
    [
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, "Word-document"),
        ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"}, "PowerPoint"),
        (
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<x/>",
                "META-INF/manifest.xml": b"<m/>",
            },
            "OpenDocument",
        ),  # fmt: skip
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01"}, ".xlsb"),
        ({"notes.txt": b"hallo"}, "geen Excel-werkmap"),
    ],
)
def test_other_zip_documents(members: dict[str, bytes], phrase: str) -> None:
    rejected(make_zip(members), phrase)


def test_truncated_workbook(valid: bytes) -> None:
    rejected(valid[: len(valid) // 2], "beschadigd of onvolledig")


def test_crc_error(valid: bytes) -> None:
    stored = rewrite(valid, {}, compression=zipfile.ZIP_STORED)
    assert stored.count(b"Voorlezen") == 1
    rejected(stored.replace(b"Voorlezen", b"Voorlezeo"), "beschadigd")


def test_invalid_xml_in_workbook_part(valid: bytes) -> None:
    rejected(rewrite(valid, {"xl/workbook.xml": b"<workbook><sheets>"}), "Het bestand is beschadigd of kan niet")
    rejected(rewrite(valid, {"xl/workbook.xml": b""}), "Het bestand is beschadigd of kan niet")


def test_too_many_members(valid: bytes) -> None:
    rejected(valid, "te veel onderdelen", Limits(max_members=5))
    many = {f"xl/media/{i}.bin": b"" for i in range(600)}
    rejected(rewrite(valid, many, compression=zipfile.ZIP_STORED), "te veel onderdelen (6")


@pytest.fixture(scope="module")
def bomb(valid: bytes) -> bytes:
    return with_zeros(valid, "xl/media/image1.png", 200)


def test_zip_bomb(bomb: bytes) -> None:
    assert len(bomb) < 1024 * 1024
    rejected(bomb, "zip-bom")


def test_zip_bomb_by_ratio_alone(valid: bytes) -> None:
    # 5 MB of zeros stays far below the 100 MB total, but compresses about 1000:1
    rejected(with_zeros(valid, "xl/media/image1.png", 5, zip64=False), "zip-bom")


def test_total_size_limit(valid: bytes) -> None:
    rejected(valid, "meer dan 1 kB", Limits(max_uncompressed=1024))


def test_lying_member_size_is_not_trusted(valid: bytes) -> None:
    data = bytearray(with_zeros(valid, "xl/media/image1.png", 20, zip64=False))
    name = b"xl/media/image1.png"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    local = data.rfind(b"PK\x03\x04", 0, data.find(name))
    assert struct.unpack_from("<L", data, central + 24)[0] == 20 * 1024 * 1024
    struct.pack_into("<L", data, central + 24, 1000)  # the directory claims 1000 bytes
    struct.pack_into("<L", data, local + 22, 1000)
    rejected(bytes(data), "beschadigd")


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""


def with_shared_strings(valid: bytes, sst: bytes) -> bytes:
    """``valid`` with a shared-string table that openpyxl really reads: registered in the content types and
    used by cell B2 (openpyxl itself writes inline strings only)."""
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        types = zf.read("[Content_Types].xml")
        sheet = zf.read("xl/worksheets/sheet1.xml")
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    inline = b'<c r="B2" t="inlineStr"><is><t>Voorlezen</t></is></c>'
    assert inline in sheet
    return rewrite(
        valid,
        {
            "[Content_Types].xml": types.replace(b"</Types>", override),
            "xl/worksheets/sheet1.xml": sheet.replace(inline, b'<c r="B2" t="s"><v>0</v></c>'),
            "xl/sharedStrings.xml": sst,
        },
    )


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Gedeeld</t></si></sst>'


def test_shared_strings_are_read(valid: bytes) -> None:
    """The control for the entity tests below: the replaced shared-string table is really parsed."""
    assert read_upload(with_shared_strings(valid, SST)).rows[0].cells[NAME] == "Gedeeld"


def test_entity_expansion(valid: bytes) -> None:
    rejected(with_shared_strings(valid, BILLION_LAUGHS), "DOCTYPE")
    utf16 = BILLION_LAUGHS.replace(b"UTF-8", b"UTF-16").decode().encode("utf-16")
    rejected(with_shared_strings(valid, utf16), "DOCTYPE")
    lower = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!doctype")
    rejected(with_shared_strings(valid, lower), "DOCTYPE")
    rejected(rewrite(valid, {"docProps/custom.xml": BILLION_LAUGHS}), "DOCTYPE")  # any member, referenced or not


def test_entity_expansion_second_line(valid: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the byte scan, openpyxl's defusedxml parser still refuses the entities."""
    monkeypatch.setattr(xlsx_read, "_DTD_PATTERNS", ())
    rejected(with_shared_strings(valid, BILLION_LAUGHS), "Het bestand is beschadigd of kan niet")


def test_foreign_xml_encoding(valid: bytes) -> None:
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-sst/+AD4-'
    rejected(with_shared_strings(valid, utf7), "beschadigd")
    rejected(with_shared_strings(valid, SST.decode().encode("utf-32")), "beschadigd")
    latin1 = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + SST.replace(b"Gedeeld", "Gedeeld \xe9".encode("latin-1"))
    assert read_upload(with_shared_strings(valid, latin1)).rows[0].cells[NAME] == "Gedeeld \u00e9"


def test_missing_sheet() -> None:
    message = rejected(
        workbook([["A-1", "x", 1, 2, None, None]], sheet="Blad1"), "Het tabblad 'Activiteiten' ontbreekt"
    )
    assert "'Blad1'" in message


def test_sheet_name_in_other_case_is_accepted() -> None:
    assert len(read_upload(workbook([["A-1", "x", 1, 2, None, None]], sheet="activiteiten")).rows) == 1


def test_header_row_missing() -> None:
    rejected(workbook([], headers=None), "De eerste rij van het tabblad 'Activiteiten' is leeg")
    rejected(workbook([["A-2", "y", 1, None, None, None]], headers=["A-1", "x", "1"]), "geen bekende kolomkoppen")


def test_duplicate_header() -> None:
    rejected(workbook([], headers=[ID_HEADER, NAME, " naam  activiteit"]), "komt meer dan één keer voor")


def test_too_many_columns() -> None:
    rejected(workbook([], headers=HEADERS), "meer dan 3 kolommen", Limits(max_columns=3))


def test_time_limit(valid: bytes) -> None:
    rejected(valid, "duurde te lang", Limits(max_seconds=0))


def test_time_limit_interrupts_openpyxl(valid: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared-string table is parsed inside openpyxl; the time is still checked on every read."""

    class Ticks:  # every look at the clock takes a millisecond: deterministic, whatever the machine
        now = 0.0

        def monotonic(self) -> float:
            self.now += 0.001
            return self.now

    sst = b"".join(b"<si><t>%d</t></si>" % i for i in range(100_000))  # about 2 MB: some 120 reads of 16 kB
    data = with_shared_strings(valid, SST.replace(b"<si><t>Gedeeld</t></si>", sst))
    monkeypatch.setattr(xlsx_read, "time", Ticks())
    with pytest.raises(UploadError, match="duurde te lang") as caught:
        read_upload(data, Limits(max_seconds=0.05))
    assert any(str(entry.path).endswith("openpyxl/reader/strings.py") for entry in caught.traceback)


def test_bloated_styles_part(valid: bytes) -> None:
    rng = random.Random(3)
    xfs = b"".join(
        b'<xf numFmtId="%d" fontId="0" fillId="0" applyAlignment="%d"/>' % (rng.randrange(50), rng.randrange(2))
        for _ in range(100_000)
    )
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        styles = zf.read("xl/styles.xml")
    bloated = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="100000">' + xfs, styles)
    assert len(bloated) > 5 * 1024 * 1024
    rejected(rewrite(valid, {"xl/styles.xml": bloated}), "ongewoon veel opmaak")


def test_hundred_thousand_rows() -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Activiteiten")
    ws.append([ID_HEADER, NAME, REACH])
    for i in range(100_000):
        ws.append([f"A-{i}", f"Activiteit {i}", i])
    out = io.BytesIO()
    wb.save(out)
    rejected(out.getvalue(), "meer dan 5.000 ingevulde rijen")


def test_mutated_bytes_never_escape_as_raw_exceptions(valid: bytes) -> None:
    rng = random.Random(2027)
    for _ in range(150):
        data = bytearray(valid)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_upload(bytes(data))
        except UploadError as exc:
            assert_dutch(str(exc))
