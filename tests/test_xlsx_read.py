"""The upload reader against real workbooks (written with openpyxl) and hostile files (crafted with zipfile)."""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
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


# --- the streamed cells read as openpyxl's read-only cells ---------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXTRA = ["Extra 1", "Extra 2"]


def crafted(sheet_data: str, provenance_data: str | None = None) -> bytes:
    """A workbook whose Activiteiten sheet (and optionally _matrixsync sheet) holds ``sheet_data`` as written,
    with a shared-string table; ``{D}``, ``{T}`` and ``{H}`` are the style ids of a date, a time and an
    ``[h]:mm`` duration format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activiteiten"
    ws["A1"] = "x"
    ws["B1"].number_format = "yyyy-mm-dd"
    ws["C1"].number_format = "h:mm"
    ws["D1"].number_format = "[h]:mm"
    prov = wb.create_sheet("_matrixsync")
    prov.append(["k", "v"])
    prov.sheet_state = "veryHidden"
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        prov_sheet = zf.read("xl/worksheets/sheet2.xml").decode()
        types = zf.read("[Content_Types].xml")
    found = {
        key: re.search(rf'<c r="{cell}" s="(\d+)"', sheet) for key, cell in zip("DTH", ["B1", "C1", "D1"], strict=True)
    }
    styles = {key: match.group(1) for key, match in found.items() if match}
    assert len(styles) == 3, sheet
    sheet_data = sheet_data.replace("{MAIN}", MAIN_NS)
    for key, style in styles.items():
        sheet_data = sheet_data.replace("{" + key + "}", style)
    replace = {
        "xl/worksheets/sheet1.xml": re.sub(r"<sheetData>.*</sheetData>", lambda _: sheet_data, sheet).encode(),
        "[Content_Types].xml": types.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{MAIN_NS}"><si><t xml:space="preserve"> gedeeld </t></si>'
            "<si><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r></si></sst>"
        ).encode(),
    }
    if provenance_data is not None:
        replace["xl/worksheets/sheet2.xml"] = re.sub(
            r"<sheetData>.*</sheetData>", lambda _: provenance_data, prov_sheet
        ).encode()
    return rewrite(out.getvalue(), replace)


def openpyxl_reads(data: bytes) -> tuple[list[str], list[tuple[int, list[str], set[str]]], dict[str, str]]:
    """What the reader gave when it went through openpyxl's read-only cells (the reference for the fast path)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        ws = wb["Activiteiten"]
        ws.reset_dimensions()
        header_cells = next(iter(ws.iter_rows(min_row=1, max_row=1)), ())
        headers = [xlsx_read._as_text(xlsx_read._value(c.value, c.data_type)[0]) for c in header_cells]
        while headers and not headers[-1]:
            headers.pop()
        rows = []
        for number, cells in enumerate(ws.iter_rows(min_row=2, max_col=len(headers)), start=2):
            values = [xlsx_read._value(c.value, c.data_type) for c in cells]
            if any(v is not None for v, _ in values):
                formulas = {h for h, (_, f) in zip(headers, values, strict=True) if f}
                rows.append((number, [repr(v) for v, _ in values], formulas))
        prov = wb["_matrixsync"]
        prov.reset_dimensions()
        provenance: dict[str, str] = {}
        for key, value, *_ in prov.iter_rows(min_row=1, max_row=100, max_col=2, values_only=True):
            key_text = xlsx_read._as_text(key)
            if key_text and key_text not in provenance:
                provenance[key_text] = xlsx_read._as_text(value)
        wb.close()
    return headers, rows, provenance


def header_row(headers: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(headers))
    return f'<row r="1">{cells}</row>'


ODD_CELLS = (
    "<sheetData>" + header_row(HEADERS + EXTRA) + '<row r="2" spans="1:8">'
    '<c r="A2" t="inlineStr"><is><t xml:space="preserve">  A-1 </t></is></c>'
    '<c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t>vet</t></r><r><t xml:space="preserve"> en gewoon</t></r></is></c>'
    '<c r="C2"><v>120</v></c><c r="D2" t="n"><v>2.5E3</v></c><c r="E2" s="{D}"><v>46402.5</v></c>'
    '<c r="F2" t="str"><v> ja </v></c><c r="G2" t="s"><v>0</v></c><c r="H2" t="s"><v>1</v></c></row>'
    '<row r="4"><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><f>1+1</f><v>2</v></c>'
    '<c t="d"><v>2027-01-15T00:00:00</v></c><c s="{T}"><v>0.5</v></c><c s="{H}"><v>1.25</v></c>'
    '<c t="inlineStr"><v>genegeerd</v></c><c s="{D}"><v>4</v></c></row>'
    '<row r="5"><c r="C5"><f t="shared" ref="C5:C6" si="0">A5*2</f><v>0</v></c>'
    '<c r="D5"><f t="array" ref="D5">SUM(C2:C4)</f><v>1</v></c><c r="E5" s="{D}"><v>2958466</v></c></row>'
    '<row r="6"><c r="C6"><f t="shared" si="0"/><v>0</v></c><c r="E6" t="b"><v>0</v></c><c r="F6"><f/></c></row>'
    '<row r="7"><c r="B7" t="inlineStr"><is><t>eerste</t></is></c><c r="B7" t="inlineStr"><is><t>tweede</t></is></c>'
    '<c r="c7"><v>3</v></c><c r="D07"><v>-0.5</v></c><!-- opmerking --> <c r="E7" t="inlineStr"><is><t>a</t><t>b</t></is></c>'
    '<c r="F7" t="inlineStr"><is/></c><c r="G7" t="inlineStr"><is><t/></is></c></row>'
    '<row r="9"><c r="A9" t="inlineStr"><is><t>negen</t></is></c></row>'
    '<row><c r="B10" t="inlineStr" xmlns:o="urn:o" o:extra="1"><is><t>zonder rijnummer</t></is></c>'
    '<x:c xmlns:x="{MAIN}" r="C10" t="inlineStr"><x:is><x:t>met voorvoegsel</x:t></x:is></x:c>'
    '<c r="D10" t="inlineStr"><is><t>x</t><rPh sb="0" eb="1"><t>y</t></rPh></is></c></row>'
    '<row r="8"><c r="A8" t="inlineStr"><is><t>acht, na negen: overgeslagen</t></is></c></row>'
    '<row r="11"><c r="C11" s="{D}"/><c r="D11" t="n"></c><c r="I11"><v>9</v></c></row>'
    '<row r="12" ht="20" customHeight="1"><c r="A12" t="inlineStr"><is><t>  </t></is></c></row>'
    '<row r="13"><c r="H13" t="inlineStr"><is><t>laatste</t></is></c></row>'
    "</sheetData>"
)
ODD_PROVENANCE = (
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>workspace</t></is></c><c r="B1" t="s"><v>0</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>seq</t></is></c><c r="B2"><v>3.0</v></c><c r="C2"><v>7</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>seq</t></is></c><c r="B3"><v>4</v></c></row>'
    '<row r="5"><c t="inlineStr"><is><t>export</t></is></c><c><f>1+1</f><v>2</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>overgeslagen</t></is></c></row>'
    '<row r="6"><c r="A6" t="inlineStr"><is><t>partner</t></is></c><c r="B6" t="b"><v>1</v></c></row>'
    '<row r="101"><c r="A101" t="inlineStr"><is><t>te ver</t></is></c></row></sheetData>'
)


def test_cells_read_as_openpyxl_reads_them() -> None:
    """The reader streams the cells itself; the values, types, formulas and row numbers are the ones openpyxl's
    read-only cells give, for every kind of cell (openpyxl's own parse_cell reads the unusual ones)."""
    data = crafted(ODD_CELLS, ODD_PROVENANCE)
    headers, rows, provenance = openpyxl_reads(data)
    parsed = read_upload(data)
    assert parsed.headers == headers == HEADERS + EXTRA
    assert [(r.number, [repr(r.cells[h]) for h in headers], r.formulas) for r in parsed.rows] == rows
    assert parsed.provenance == provenance == {"workspace": "gedeeld", "seq": "3", "export": "=1+1", "partner": "True"}
    by_number = {r.number: r for r in parsed.rows}
    assert [r.number for r in parsed.rows] == [2, 4, 5, 6, 7, 9, 10, 13]  # 8 comes after 10: skipped
    assert by_number[2].cells[NAME] == "vet en gewoon" and by_number[2].cells[START] == datetime(2027, 1, 15, 12)
    assert by_number[2].cells["Extra 1"] == "gedeeld" and by_number[2].cells["Extra 2"] == "rich"
    assert by_number[4].cells[REACH] == "=1+1" and by_number[4].formulas == {REACH}
    assert by_number[6].cells[REACH] == "=A6*2" and by_number[6].formulas == {REACH, DELETE_HEADER}
    assert by_number[7].cells[NAME] == "tweede" and by_number[7].cells[START] == "b"
    assert by_number[10].cells[REACH] == "met voorvoegsel"


def test_libreoffice_cells_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    """Calc writes shared strings, typed formula results and its own styles: still the values openpyxl gives."""
    src = tmp_path / "in.xlsx"
    src.write_bytes(crafted(ODD_CELLS, ODD_PROVENANCE))
    data = resave_xlsx(src, tmp_path / "out").read_bytes()
    headers, rows, provenance = openpyxl_reads(data)
    parsed = read_upload(data)
    assert parsed.headers == headers
    assert [(r.number, [repr(r.cells[h]) for h in headers], r.formulas) for r in parsed.rows] == rows
    assert parsed.provenance == provenance
    assert len(rows) > 5


def test_plain_cells_are_not_read_through_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text, numbers and dates take the fast path (the speed of a 2,000-row upload depends on it); a formula
    goes to openpyxl's parse_cell."""
    calls: list[object] = []
    original = xlsx_read.WorkSheetParser.parse_cell

    def counting(self: object, element: object) -> object:
        calls.append(element)
        return original(self, element)

    monkeypatch.setattr(xlsx_read.WorkSheetParser, "parse_cell", counting)
    rows: list[list[object]] = [
        [f"A-{i}", f"Activiteit {i}", i, i * 1.5, datetime(2027, 1, 1), None] for i in range(300)
    ]
    rows.append(["A-x", "Formule", "=1+1", None, None, None])
    parsed = read_upload(workbook(rows, provenance=dict(PROVENANCE)))
    assert len(parsed.rows) == 301 and parsed.rows[0].cells[START] == datetime(2027, 1, 1)
    assert len(calls) == 1


def test_entity_expansion_in_a_sheet_second_line(valid: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the byte scan, the parser of the sheets (set up by defusedxml) still refuses a DTD."""
    monkeypatch.setattr(xlsx_read, "_DTD_PATTERNS", ())
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    lol = BILLION_LAUGHS.split(b"<sst")[0]
    hostile = lol + sheet.replace(b"<is><t>Voorlezen</t></is>", b"<is><t>&lol9;</t></is>")
    rejected(rewrite(valid, {"xl/worksheets/sheet1.xml": hostile}), "Het bestand is beschadigd of kan niet")
    rejected(rewrite(valid, {"xl/worksheets/sheet2.xml": lol + b"<worksheet/>"}), "Het bestand is beschadigd of kan")


def test_row_beyond_excel_last_row(valid: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    far = b'<row r="1048577"><c r="B1048577" t="inlineStr"><is><t>Te ver</t></is></c></row></sheetData>'
    rejected(rewrite(valid, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", far)}), "beschadigd")


def test_row_with_a_flood_of_elements(valid: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    flood = b'<row r="9">' + b"<c/>" * 300_000 + b"</row></sheetData>"
    data = rewrite(valid, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", flood)})
    rejected(data, "ongewoon veel cellen", Limits(max_ratio=1_000_000))


def test_rows_before_damaged_xml_come_first(valid: bytes) -> None:
    """As with openpyxl: what precedes damage in the XML is read first, so the header check (which needs rows 1
    and 2) and the provenance (rows 1 to 100) report as before; the damage itself makes the file unreadable."""
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
        prov = zf.read("xl/worksheets/sheet2.xml")
    unknown = re.sub(rb"<t>[^<]*</t>", b"<t>onbekend</t>", sheet, count=6)
    damaged = unknown.replace(b"</sheetData>", b"<row r='9'><c></row></sheetData>")
    rejected(rewrite(valid, {"xl/worksheets/sheet1.xml": damaged}), "geen bekende kolomkoppen")
    rejected(rewrite(valid, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", b"<c></row>")}), "beschadigd")
    late = prov.replace(b"</sheetData>", b'<row r="101"><c r="A101"/></row><row r="102"><c></row></sheetData>')
    assert read_upload(rewrite(valid, {"xl/worksheets/sheet2.xml": late})).provenance == PROVENANCE
