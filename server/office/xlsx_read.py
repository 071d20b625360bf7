"""Reading an uploaded .xlsx: the only code that opens uploaded workbook bytes, all of which are hostile.

``read_upload`` checks the bytes in layers, cheapest first, and turns every problem into an
:class:`UploadError` with a Dutch message that a user can act on (never a raw exception, never a 500):

1. the raw bytes: empty, too large, not a zip at all (an old .xls or a password-protected workbook is
   recognized by its OLE2 signature);
2. the zip directory, before anything is decompressed: the number of members (also read from the
   end-of-central-directory record before :mod:`zipfile` builds its member list), the kind of document
   (Word, PowerPoint, OpenDocument, .xlsb, a zip without a workbook), encryption and compression methods
   (only stored and deflate: other decompressors in :mod:`zipfile` do not bound their output per read),
   the declared total size and the compression ratio of every member (zip bombs);
3. every member, streamed in bounded chunks with a running cap on the bytes actually produced: CRC
   errors and truncation surface here, and the raw XML is scanned for ``<!DOCTYPE`` / ``<!ENTITY``
   (in UTF-8 and UTF-16, case-insensitively) and for character encodings that could hide them;
4. only then openpyxl, in read-only mode with formulas visible, on an archive that checks the time on
   every read and refuses a large part that openpyxl would build in one piece (``_GuardedZip``), with
   sheets that are not parsed in full just to find their stored size (``_UnsizedSheet``). openpyxl reads
   the workbook part, its relationships, the styles (which number formats are dates) and the shared
   strings, parsing with defusedxml (checked at import) as a second line against entity expansion;
5. the cells of the two sheets read (``Activiteiten`` and ``_matrixsync``) are streamed from the same
   guarded archive by an expat parser that defusedxml sets up (its refusal of DTDs, entity declarations and
   external references stays installed, checked at import): only the ``<row>`` elements are built, in C,
   and their cells are read as openpyxl's ``WorkSheetParser`` reads them, handing any cell that is not a
   plain number, shared string or inline string to openpyxl's own ``parse_cell`` (see ``_parse_row``).
   A row numbered beyond Excel's last row, or holding an absurd number of elements, is refused; reading
   stops as soon as a limit is passed, so 100,000 rows are never loaded into memory.

The work is CPU-bound and never yields: under gevent it would hold the event loop for its duration (at most
about ``max_seconds``), so the REST route runs it in a worker thread (``office_http.off_loop_parse``), one upload at
a time. It touches no shared state except the warning filters (see ``_read_workbook``).
"""

from __future__ import annotations

import io
import itertools
import math
import re
import struct
import time
import warnings
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import IO, Any, cast
from xml.etree.ElementTree import TreeBuilder
from xml.parsers.expat import ExpatError

import defusedxml  # noqa: F401  (a hard dependency: openpyxl parses through it when it is importable)
import openpyxl.xml
import openpyxl.xml.functions
from defusedxml import DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import SHEET_MAIN_NS

from .columns import ACTIVITY_COLUMNS, ID_HEADER

# openpyxl decides at import time whether to parse through defusedxml (it does when the package is
# importable and OPENPYXL_DEFUSEDXML is not "False"). Refuse to run without that second line of defence.
if not (openpyxl.xml.DEFUSEDXML and openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")):
    raise ImportError("openpyxl must parse through defusedxml: install defusedxml and do not set OPENPYXL_DEFUSEDXML")

PROVENANCE_SHEET = "_matrixsync"
PROVENANCE_MAX_ROWS = 100
CHUNK = 1024 * 1024
# A member smaller than this cannot be a bomb, whatever its compression ratio (tiny XML parts of real
# workbooks, such as a sheet of empty styled cells, can compress very well).
RATIO_FLOOR = 1024 * 1024
# openpyxl builds some parts in one piece, outside any time check (styles, the workbook part, relationships,
# properties): such a part must stay below this size. Real ones are kilobytes; a 16 MB styles part of a
# 0.4 MB upload costs about 10 s and 500 MB. Worksheets and the shared-string table are streamed instead,
# with the time checked on every read.
WHOLE_PART_MAX = 4 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD_SIG = b"PK\x05\x06"
ZIP64_EOCD_SIG = b"PK\x06\x06"
CENTRAL_ENTRY_MAX = 46 + 1024  # a central-directory entry: fixed part plus a generous name/extra allowance

# Declarations that let XML define its own entities; Excel never writes them.
_DTD_PATTERNS = tuple(
    word.encode(codec) for word in ("<!doctype", "<!entity") for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_DTD_OVERLAP = max(len(p) for p in _DTD_PATTERNS) - 1
# Encodings in which "<!DOCTYPE" is not spelled in ASCII or UTF-16 bytes (UTF-32, EBCDIC): refused.
_FOREIGN_SIGNATURES = (
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x00\x00<\x00",
    b"\x00<\x00\x00",
    b"\x4c\x6f\xa7\x94",
)
_XML_DECL_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
_SAFE_ENCODING = re.compile(
    r"(utf-?8|utf-?16(-?[lb]e)?|ucs-?2|us-ascii|ascii|iso-?8859-\d{1,2}|latin-?1|(windows|cp)-?125\d)", re.I
)
_KNOWN_HEADERS = {" ".join(c.header.split()).casefold() for c in ACTIVITY_COLUMNS}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024  # the upload itself
    max_uncompressed: int = 100 * 1024 * 1024  # sum of member sizes in the zip
    max_ratio: int = 200  # per member: uncompressed / compressed
    max_members: int = 500
    max_rows: int = 5000  # non-empty data rows on the Activiteiten sheet
    max_columns: int = 200
    max_seconds: float = 30.0


@dataclass
class SheetRow:
    number: int  # the row number in the sheet (1-based, header is row 1)
    cells: dict[str, Any]  # header text (as in the sheet, stripped) -> value (str/int/float/bool/datetime/None)
    formulas: set[str] = field(default_factory=set)  # headers whose cell holds a formula (value: the formula text)


@dataclass
class ParsedUpload:
    provenance: dict[str, str]  # key -> value from the hidden sheet "_matrixsync"; {} if the sheet is missing
    headers: list[str]
    rows: list[SheetRow]  # only rows with at least one non-empty cell


class UploadError(ValueError):
    """An upload that cannot be read; the message is Dutch and safe to show to a user."""


RESAVE = "Open het in Excel of LibreOffice, sla het opnieuw op als Excel-werkmap (.xlsx) en upload het nog eens."
MSG_CORRUPT = f"Het bestand is beschadigd of kan niet worden gelezen. {RESAVE}"
MSG_TRUNCATED = (
    "Het bestand is beschadigd of onvolledig (misschien is het downloaden, kopiëren of uploaden onderbroken). " + RESAVE
)
MSG_NOT_XLSX = (
    "Dit is geen Excel-bestand (.xlsx). Upload het ingevulde sjabloon als Excel-werkmap (.xlsx); "
    "andere bestandstypen, zoals .csv, .pdf of .docx, kunnen niet worden gelezen."
)
MSG_XLS = (
    "Dit is een ouder Excel-bestand (.xls). Open het in Excel of LibreOffice, kies 'Opslaan als' "
    "en dan 'Excel-werkmap (.xlsx)', en upload dat bestand."
)
MSG_PASSWORD = (
    "Dit bestand is met een wachtwoord beveiligd en kan daardoor niet worden gelezen. Verwijder het wachtwoord "
    "(in Excel: Bestand > Info > Werkmap beveiligen), sla het op als .xlsx en upload het opnieuw."
)
MSG_DOCX = "Dit is een Word-document, geen Excel-bestand. Upload het ingevulde Excel-sjabloon (.xlsx)."
MSG_PPTX = "Dit is een PowerPoint-presentatie, geen Excel-bestand. Upload het ingevulde Excel-sjabloon (.xlsx)."
MSG_ODS = (
    "Dit is een OpenDocument-bestand (zoals .ods uit LibreOffice), geen Excel-werkmap. Kies in LibreOffice "
    "'Opslaan als' en dan 'Excel 2007-365 (.xlsx)', en upload dat bestand."
)
MSG_XLSB = (
    "Dit is een binaire Excel-werkmap (.xlsb). Kies in Excel 'Opslaan als' en dan 'Excel-werkmap (.xlsx)', "
    "en upload dat bestand."
)
MSG_NO_WORKBOOK = (
    "Dit is een zip-bestand, maar geen Excel-werkmap (.xlsx): de werkmap zelf ontbreekt erin. "
    "Upload het ingevulde Excel-sjabloon (.xlsx)."
)
MSG_ROW_TOO_LARGE = (
    "Een rij in het bestand bevat ongewoon veel cellen of opmaak en wordt uit voorzorg niet gelezen. Kopieer de "
    "activiteiten naar een nieuw sjabloon, of verwijder overbodige opmaak, en probeer het opnieuw."
)
MSG_ENTITIES = (
    "Het bestand bevat XML-definities (DOCTYPE of ENTITY) die Excel zelf nooit schrijft; uit voorzorg wordt het "
    f"niet gelezen. {RESAVE}"
)


def _dutch_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        text, unit = f"{n / (1024 * 1024):.1f}", "MB"
    elif n >= 1024:
        text, unit = f"{n / 1024:.1f}", "kB"
    else:
        return f"{_dutch_int(n)} bytes"
    return f"{text.removesuffix('.0').replace('.', ',')} {unit}"


def _bomb(limits: Limits) -> UploadError:
    return UploadError(
        f"Het bestand wordt uitgepakt onredelijk groot (meer dan {_size(limits.max_uncompressed)}) of is ongewoon "
        "sterk ingepakt; uit voorzorg wordt het niet gelezen (het lijkt op een zogenaamde zip-bom). Upload het "
        "ingevulde sjabloon zonder extra tabbladen, afbeeldingen of opmaak."
    )


class _Clock:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise UploadError(
                f"Het lezen van het bestand duurde te lang (meer dan {f'{self.limits.max_seconds:g}'.replace('.', ',')} seconden) en is "
                "afgebroken. Controleer of het bestand geen overbodige inhoud heeft, zoals duizenden opgemaakte "
                "lege rijen of grote afbeeldingen, en probeer het opnieuw."
            )


def read_upload(data: bytes, limits: Limits = Limits(), sheet: str = "Activiteiten") -> ParsedUpload:
    """The Activiteiten sheet and the provenance of an uploaded workbook, or :class:`UploadError`."""
    clock = _Clock(limits)
    try:
        data = bytes(data)
        _check_bytes(data, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive, limits)
            _check_members(archive, limits, clock)
        clock.check()
        return _read_workbook(data, limits, sheet, clock)
    except UploadError:
        raise
    except MemoryError:
        raise
    except zipfile.BadZipFile:
        raise UploadError(MSG_TRUNCATED) from None
    except Exception as exc:
        # openpyxl wraps a ValueError (such as our time limit, raised while it reads) in a ValueError of its own
        cause = _upload_error_in(exc)
        if cause is not None:
            raise cause from None
        # Anything else that hostile bytes provoke in zipfile, the XML parsers or openpyxl (KeyError for a
        # missing part, ValueError for invalid XML, defusedxml's EntitiesForbidden, ...).
        raise UploadError(MSG_CORRUPT) from None


def _upload_error_in(exc: BaseException) -> UploadError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, UploadError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _check_bytes(data: bytes, limits: Limits) -> None:
    if not data:
        raise UploadError(
            "Het bestand is leeg (0 bytes). Kies het ingevulde Excel-bestand (.xlsx) en upload het opnieuw."
        )
    if len(data) > limits.max_bytes:
        raise UploadError(
            f"Het bestand is te groot ({_size(len(data))}; het maximum is {_size(limits.max_bytes)}). Verwijder "
            "overbodige tabbladen, afbeeldingen of opmaak, of verdeel de activiteiten over meer bestanden."
        )
    if data.startswith(OLE2_MAGIC):
        # An OLE2 compound file is an old .xls, or an .xlsx encrypted with a password (stream "EncryptedPackage").
        raise UploadError(MSG_PASSWORD if "EncryptedPackage".encode("utf-16-le") in data else MSG_XLS)
    if not data.startswith(b"PK"):
        raise UploadError(MSG_NOT_XLSX)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        # It starts like a zip, but the directory at the end is missing: cut off somewhere.
        raise UploadError(MSG_TRUNCATED)
    declared = _declared_entries(data)
    if declared is not None and declared[0] > limits.max_members:
        raise _too_many(declared[0], limits)
    if declared is not None and declared[1] > limits.max_members * CENTRAL_ENTRY_MAX:
        raise _too_many(declared[1] // 46, limits)


def _declared_entries(data: bytes) -> tuple[int, int] | None:
    """Entry count and central-directory size from the end record, read before zipfile builds its member list."""
    pos = data.rfind(EOCD_SIG, max(0, len(data) - 22 - 65535))
    if pos < 0 or pos + 22 > len(data):
        return None
    entries, size_cd = struct.unpack_from("<HL", data, pos + 10)
    if entries == 0xFFFF or size_cd == 0xFFFFFFFF:
        z64 = pos - 20 - 56  # zip64 end record, normally just before its 20-byte locator
        if z64 < 0 or data[z64 : z64 + 4] != ZIP64_EOCD_SIG:
            return None
        entries, size_cd = struct.unpack_from("<QQ", data, z64 + 32)
    return entries, size_cd


def _too_many(count: int, limits: Limits) -> UploadError:
    return UploadError(
        f"Het bestand bestaat uit te veel onderdelen ({_dutch_int(count)}; het maximum is "
        f"{_dutch_int(limits.max_members)}). Een ingevuld sjabloon heeft er veel minder; upload het sjabloon "
        "zonder extra tabbladen, afbeeldingen of bijlagen."
    )


def _check_directory(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Everything the zip directory tells, before a single byte is decompressed."""
    infos = archive.infolist()
    names = {info.filename for info in infos}
    no_workbook = "xl/workbook.xml" not in names
    if "word/document.xml" in names or (no_workbook and any(n.startswith("word/") for n in names)):
        raise UploadError(MSG_DOCX)
    if "ppt/presentation.xml" in names or (no_workbook and any(n.startswith("ppt/") for n in names)):
        raise UploadError(MSG_PPTX)
    if "content.xml" in names and "META-INF/manifest.xml" in names:
        raise UploadError(MSG_ODS)
    if "xl/workbook.bin" in names:
        raise UploadError(MSG_XLSB)
    if no_workbook:
        raise UploadError(MSG_NO_WORKBOOK)
    if len(infos) > limits.max_members:
        raise _too_many(len(infos), limits)
    if any(info.flag_bits & 0x1 for info in infos):
        raise UploadError(MSG_PASSWORD)
    if any(info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for info in infos):
        raise UploadError(MSG_CORRUPT)
    if sum(info.file_size for info in infos) > limits.max_uncompressed:
        raise _bomb(limits)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _bomb(limits)


def _check_members(archive: zipfile.ZipFile, limits: Limits, clock: _Clock) -> None:
    """Decompress every member in bounded chunks (CRC errors surface here) and scan its raw XML."""
    total = 0
    for info in archive.infolist():
        produced = 0
        tail = b""
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                if produced == 0:
                    _check_encoding(chunk)
                produced += len(chunk)
                total += len(chunk)
                if produced > info.file_size or total > limits.max_uncompressed:
                    raise _bomb(limits)
                window = tail + chunk.lower()
                if any(pattern in window for pattern in _DTD_PATTERNS):
                    raise UploadError(MSG_ENTITIES)
                tail = window[-_DTD_OVERLAP:]
                clock.check()


def _check_encoding(head: bytes) -> None:
    """Refuse XML in an encoding where a DTD would not be spelled in ASCII or UTF-16 bytes."""
    if head[:4] in _FOREIGN_SIGNATURES:
        raise UploadError(MSG_CORRUPT)
    start = head[:1024]
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = start.decode("utf-16", errors="ignore")  # the byte-order mark tells the byte order
    elif start[:2] in (b"<\x00", b"\x00<"):
        text = start.decode("utf-16-le" if start[0] == 0x3C else "utf-16-be", errors="ignore")
    else:
        text = start.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    text = text.lstrip()
    if not text.startswith("<?xml"):
        return
    end = text.find("?>")
    if end < 0:
        raise UploadError(MSG_CORRUPT)
    match = _XML_DECL_ENCODING.search(text[:end])
    if match and not _SAFE_ENCODING.fullmatch(match.group(1).strip()):
        raise UploadError(MSG_CORRUPT)


def _read_workbook(data: bytes, limits: Limits, sheet: str, clock: _Clock) -> ParsedUpload:
    with warnings.catch_warnings():
        # openpyxl warns about parts it drops when reading (data-validation extensions, unknown extensions,
        # a missing default style, dates out of range that become errors): none matters for reading values,
        # and a warning must not turn into a failure when warnings are errors (the tests run that way).
        # The filters are process-wide: read_upload runs either on the event loop (it never yields to another
        # greenlet) or in the one worker thread of the REST route, so no two reads change them at once; what else
        # warns meanwhile from openpyxl is at worst not shown.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        workbook = _load_workbook(data, clock)
        try:
            clock.check()
            ws = _find_sheet(workbook, sheet)
            provenance = _read_provenance(workbook)
            return _read_sheet(ws, sheet, limits, clock, provenance)
        finally:
            workbook.close()  # a read-only workbook keeps its zip open


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its stored dimensions when it is opened.

    openpyxl's ReadOnlyWorksheet parses its XML up to the ``<dimension>`` element when it is created, for
    every sheet of the workbook; a sheet without that element (openpyxl's own write-only mode leaves it out,
    and so can a hostile file) is then parsed in full before a single row is read, outside the time checks.
    The stored dimensions are not trusted anyway (see ``_find_sheet``).
    """

    def _get_size(self) -> None:
        pass


class _GuardedMember:
    """A member of the archive as openpyxl and the sheet reader read it: the time is checked on every read (both
    read 16 kB at a time), and a part that is read in one piece must be small (see WHOLE_PART_MAX)."""

    def __init__(self, member: IO[bytes], size: int, clock: _Clock):
        self._member, self._size, self._clock = member, size, clock

    def read(self, n: int | None = -1) -> bytes:
        self._clock.check()
        if (n is None or n < 0) and self._size > WHOLE_PART_MAX:
            raise UploadError(
                f"Het bestand bevat ongewoon veel opmaak of andere gegevens buiten de cellen ({_size(self._size)} in "
                f"één onderdeel; het maximum is {_size(WHOLE_PART_MAX)}) en wordt uit voorzorg niet gelezen. Kopieer "
                "de activiteiten naar een nieuw sjabloon, of verwijder overbodige opmaak, en probeer het opnieuw."
            )
        return self._member.read(-1 if n is None else n)

    def close(self) -> None:
        self._member.close()

    def __enter__(self) -> _GuardedMember:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _GuardedZip(zipfile.ZipFile):
    """The archive handed to openpyxl; ``ZipFile.read`` goes through ``open`` as well."""

    clock: _Clock

    def open(self, name: Any, mode: Any = "r", pwd: bytes | None = None, *, force_zip64: bool = False) -> IO[bytes]:
        member = super().open(name, mode, pwd, force_zip64=force_zip64)
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return cast(IO[bytes], _GuardedMember(member, info.file_size, self.clock))


def _load_workbook(data: bytes, clock: _Clock) -> Any:
    """``openpyxl.load_workbook(read_only=True, data_only=False, keep_links=False)``, guarded and unsized.

    This is the one place that relies on openpyxl internals (ExcelReader, 3.1): the reader gets a guarded
    archive, and ``read_worksheets`` is replaced on this reader instance only, registering the worksheets
    as openpyxl does in read-only mode but unsized (chart sheets are skipped: they hold no cells).
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.archive.close()
    reader.archive = _GuardedZip(io.BytesIO(data))
    reader.archive.clock = clock
    reader.valid_files = reader.archive.namelist()

    def read_worksheets() -> None:
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                ws = _UnsizedSheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
                ws.sheet_state = sheet.state
                reader.wb._sheets.append(ws)

    reader.read_worksheets = read_worksheets
    reader.read()
    return reader.wb


def _find_sheet(workbook: Any, sheet: str) -> ReadOnlyWorksheet:
    names: list[str] = list(workbook.sheetnames)
    name = sheet if sheet in names else next((n for n in names if n.strip().casefold() == sheet.casefold()), None)
    if name is None:
        found = [n for n in names if n != PROVENANCE_SHEET][:8]
        listed = ", ".join(f"'{n[:31]}'" for n in found) or "geen"
        raise UploadError(
            f"Het tabblad '{sheet}' ontbreekt in dit bestand (gevonden tabbladen: {listed}). Vul de activiteiten in "
            f"op het tabblad '{sheet}' van het sjabloon en wijzig de naam van dat tabblad niet."
        )
    ws = workbook[name]
    if not isinstance(ws, ReadOnlyWorksheet):
        raise UploadError(
            f"Het tabblad '{sheet}' is geen gewoon werkblad (maar bijvoorbeeld een grafiek). Gebruik het sjabloon "
            f"en vul de activiteiten in op het werkblad '{sheet}'."
        )
    # The stored dimensions may lie (or claim a million rows): they are never used, the rows that are really
    # there are read (``_sheet_rows``).
    return ws


def _read_provenance(workbook: Any) -> dict[str, str]:
    if PROVENANCE_SHEET not in workbook.sheetnames:
        return {}
    ws = workbook[PROVENANCE_SHEET]  # hidden or veryHidden: read_only reads every sheet regardless
    if not isinstance(ws, ReadOnlyWorksheet):
        return {}
    provenance: dict[str, str] = {}
    # As openpyxl's ws.iter_rows(min_row=1, max_row=PROVENANCE_MAX_ROWS, max_col=2, values_only=True): the raw
    # values of columns A and B, rows in increasing order, reading stops at the first row below the range.
    rows = _sheet_rows(ws)
    try:
        following = 1
        for number, cells in rows:
            if number > PROVENANCE_MAX_ROWS:
                break
            if number < following:
                continue
            following = number + 1
            by_column = {column: value for column, value, _ in cells if column <= 2}
            key_text = _as_text(by_column.get(1))
            if key_text and key_text not in provenance:
                provenance[key_text] = _as_text(by_column.get(2))
    finally:
        rows.close()
    return provenance


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "text", value)).strip()


def _read_sheet(
    ws: ReadOnlyWorksheet, sheet: str, limits: Limits, clock: _Clock, provenance: dict[str, str]
) -> ParsedUpload:
    rows = _sheet_rows(ws)
    try:
        return _read_rows(rows, sheet, limits, clock, provenance)
    finally:
        rows.close()  # stops reading the sheet when a limit is passed


def _read_rows(
    rows: Iterator[tuple[int, list[Cell]]], sheet: str, limits: Limits, clock: _Clock, provenance: dict[str, str]
) -> ParsedUpload:
    # The header is what openpyxl's ws.iter_rows(min_row=1, max_row=1) gives: the first row numbered 1 that comes
    # before any row numbered higher, as wide as its last cell.
    header: list[Cell] = []
    first: tuple[int, list[Cell]] | None = None
    found = False
    for number, cells in rows:
        if number > 1:
            first = (number, cells)
            break
        if number == 1 and not found:
            header, found = cells, True
    slots: list[tuple[Any, str]] = [(None, "n")] * (header[-1][0] if header else 0)
    for column, value, data_type in header:
        if 1 <= column <= len(slots):
            slots[column - 1] = (value, data_type)
    raw_headers = [_as_text(_value(value, data_type)[0]) for value, data_type in slots]
    while raw_headers and not raw_headers[-1]:
        raw_headers.pop()
    width = len(raw_headers)
    if width > limits.max_columns:
        raise UploadError(
            f"Het tabblad '{sheet}' heeft meer dan {limits.max_columns} kolommen in de kopregel. Gebruik het "
            "sjabloon en voeg geen kolommen toe."
        )
    if not any(" ".join(h.split()).casefold() in _KNOWN_HEADERS for h in raw_headers):
        state = "is leeg" if not width else "bevat geen bekende kolomkoppen"
        raise UploadError(
            f"De eerste rij van het tabblad '{sheet}' {state}; daar horen de kolomkoppen van het sjabloon te staan "
            f"(zoals '{ID_HEADER}' en '{ACTIVITY_COLUMNS[1].header}'). Gebruik het sjabloon en verwijder of "
            "verplaats de kopregel niet."
        )
    seen: set[str] = set()
    for header_text in raw_headers:
        key = " ".join(header_text.split()).casefold()
        if key and key in seen:
            raise UploadError(
                f"De kolom '{header_text[:60]}' komt meer dan één keer voor in de kopregel van het tabblad '{sheet}'. "
                "Verwijder de dubbele kolom en upload het bestand opnieuw."
            )
        seen.add(key)
    headers = [h for h in raw_headers if h]
    # Columns without a header (notes beside the table) are not read.
    columns = [(index + 1, h) for index, h in enumerate(raw_headers) if h]
    result: list[SheetRow] = []
    # As openpyxl's ws.iter_rows(min_row=2): rows in increasing order (a row numbered at or below one already
    # read is skipped); the numbers between them are empty rows, which are not looked at.
    following = 2
    for count, (number, cells) in enumerate(itertools.chain((first,) if first else (), rows), start=1):
        if count % 256 == 0:
            clock.check()
        if number < following:
            continue
        if number > EXCEL_MAX_ROW:
            raise UploadError(MSG_CORRUPT)
        following = number + 1
        row = _sheet_row(number, cells, columns)
        if row is None:
            continue
        if len(result) >= limits.max_rows:
            raise UploadError(
                f"Het tabblad '{sheet}' bevat meer dan {_dutch_int(limits.max_rows)} ingevulde rijen; zo veel "
                "activiteiten kunnen niet in één keer worden geüpload. Controleer of er geen rijen per ongeluk zijn "
                "gevuld (bijvoorbeeld een doorgetrokken kolom) of verdeel de activiteiten over meer bestanden."
            )
        result.append(row)
    clock.check()
    return ParsedUpload(provenance=provenance, headers=headers, rows=result)


def _sheet_row(number: int, cells: list[Cell], columns: list[tuple[int, str]]) -> SheetRow | None:
    by_column = {cell[0]: cell for cell in cells}  # the last cell of a column wins, as in openpyxl
    values: dict[str, Any] = {}
    formulas: set[str] = set()
    filled = False
    for column, header in columns:
        cell = by_column.get(column)
        if cell is None:
            value = None
        elif type(cell[1]) is str and cell[2] != "f":  # the usual cell, as _value reads it
            value = cell[1].strip() or None
        else:
            value, is_formula = _value(cell[1], cell[2])
            if is_formula:
                formulas.add(header)
        values[header] = value
        filled = filled or value is not None
    return SheetRow(number=number, cells=values, formulas=formulas) if filled else None


def _value(value: Any, data_type: str) -> tuple[Any, bool]:
    """A cell's value as str/int/float/bool/datetime/None, and whether it holds a formula."""
    if data_type == "f":
        # A formula: its text ("=1+1"); array and data-table formulas are objects carrying the text.
        text = value if isinstance(value, str) else getattr(value, "text", None)
        return (text.strip() if isinstance(text, str) and text.strip() else "="), True
    if isinstance(value, str):
        return (value.strip() or None), False
    if isinstance(value, bool | int | datetime) or value is None:
        return value, False
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UploadError(MSG_CORRUPT)
        return value, False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    if isinstance(value, dtime):
        return value.isoformat(timespec="seconds" if value.second else "minutes"), False
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}", False
    return str(value).strip() or None, False


# --- the cells of a sheet -------------------------------------------------------------------------------------
#
# openpyxl's read-only sheets cost some 20 microseconds a cell: ElementTree's pure-Python parser (the one
# defusedxml extends) calls back into Python for every element, and every inline string becomes a tree of
# descriptor-checked objects. Here expat calls ElementTree's C TreeBuilder directly and only inside <row>
# elements; the cells are then read as openpyxl's WorkSheetParser reads them (parse_row, parse_cell), and a cell
# that is not a plain number, shared string or inline string is handed to openpyxl's own parse_cell.

_NS = SHEET_MAIN_NS + "}"  # expat reports "namespace}local"; ElementTree's names add a "{"
_ROW, _VALUE, _FORMULA, _INLINE, _TEXT = (_NS + tag for tag in ("row", "v", "f", "is", "t"))
READ_CHUNK = 16 * 1024  # as openpyxl's iterparse reads; the guarded archive checks the time on every read
EXCEL_MAX_ROW = 1_048_576
# A row is built in one piece before its cells are read. Excel's widest row has 16,384 cells; a cell is an element
# or two, a few more with rich text. The parser is fast enough to fill memory with a flood of elements in one row
# well within the time limit, so the elements of one row are counted.
ROW_ELEMENTS_MAX = 16_384 * 16
_DIGITS = "0123456789"
# What ElementTree's XMLParser installs on expat (defusedxml's parser is one); the rest stays defusedxml's.
_TREE_HANDLERS = (
    "StartElementHandler",
    "EndElementHandler",
    "CharacterDataHandler",
    "CommentHandler",
    "ProcessingInstructionHandler",
    "DefaultHandlerExpand",
    "StartNamespaceDeclHandler",
    "EndNamespaceDeclHandler",
)
_GUARDS = ("StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler", "ExternalEntityRefHandler")

Cell = tuple[int, Any, str]  # column (1-based), value and data type, as openpyxl's parse_cell gives them
# Column letters already read (only letters that column_index_from_string accepted), and their column; bounded.
_LETTER_COLUMNS: dict[str, int] = {}
_LETTER_COLUMNS_MAX = 4096


def _expat() -> Any:
    """An expat parser (names as "namespace}local") carrying defusedxml's handlers that refuse DTDs, entity
    declarations and external references, and no other handlers."""
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True).parser
    for handler in _TREE_HANDLERS:
        setattr(parser, handler, None)
    parser.ordered_attributes = False
    parser.buffer_text = True
    return parser


def _check_guards() -> None:
    parser = _expat()
    if not all(getattr(parser, guard, None) for guard in _GUARDS):
        raise ImportError("defusedxml no longer guards the expat parser it sets up: the sheet reader needs it")
    try:
        parser.Parse(b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', True)
    except DTDForbidden:
        return
    raise ImportError("defusedxml's expat parser accepted a DTD: the sheet reader needs it refused")


_check_guards()


def _sheet_rows(ws: ReadOnlyWorksheet) -> Generator[tuple[int, list[Cell]], None, None]:
    """(row number, cells) for every row element of a sheet, as openpyxl's ``WorkSheetParser.parse`` yields them.

    The parts of the sheet outside the rows (column widths, views, validations, conditional formats, margins)
    are not interpreted; openpyxl would build them and refuse the sheet if it could not.
    """
    workbook = ws.parent
    parser = WorkSheetParser(
        None,
        ws._shared_strings,
        data_only=False,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    with ws._get_source() as source:
        for element in _row_elements(source):
            yield _parse_row(element, parser)
            element.clear()


def _row_elements(source: IO[bytes]) -> Iterator[Any]:
    """Every <row> element of a sheet part (at any depth, as openpyxl finds them) in the order they end.

    Nothing is built outside the rows. The elements keep expat's names ("namespace}local"): see ``_braced``.
    """
    parser = _expat()
    done: list[Any] = []
    outer: Any = None  # the row being built
    end: Any = None
    size = 0  # elements closed in it so far

    def start_outside(name: str, attrs: dict[str, str]) -> None:
        nonlocal outer, end, size
        if name == _ROW:
            builder = TreeBuilder()
            outer, end, size = builder.start(name, attrs), builder.end, 0
            parser.StartElementHandler = builder.start
            parser.EndElementHandler = end_inside
            parser.CharacterDataHandler = builder.data

    def end_inside(name: str) -> None:
        nonlocal size
        element = end(name)
        size += 1
        if size > ROW_ELEMENTS_MAX:
            raise UploadError(MSG_ROW_TOO_LARGE)
        if name == _ROW:  # a row inside a row is a row as well (openpyxl reads it first)
            done.append(element)
            if element is outer:
                parser.StartElementHandler = start_outside
                parser.EndElementHandler = None
                parser.CharacterDataHandler = None

    parser.StartElementHandler = start_outside
    while chunk := source.read(READ_CHUNK):
        try:
            parser.Parse(chunk, False)
        except ExpatError:
            yield from done  # as ElementTree's pull parser (openpyxl's iterparse): the rows before the error first
            raise
        yield from done
        done.clear()
    parser.Parse(b"", True)
    yield from done


def _parse_row(row: Any, parser: WorkSheetParser) -> tuple[int, list[Cell]]:
    """openpyxl's ``WorkSheetParser.parse_row`` and ``parse_cell`` (openpyxl 3.1), for a row with expat's names.

    Numbers (with the workbook's date formats), shared strings and plain inline strings are read here exactly as
    parse_cell reads them; any other cell (a formula, rich text, a boolean, an error, an ISO date, another type)
    goes to parse_cell itself.
    """
    attrs = row.attrib
    if "r" in attrs:
        try:
            parser.row_counter = int(attrs["r"])
        except ValueError:
            number = float(attrs["r"])
            if not number.is_integer():
                raise
            parser.row_counter = int(number)
    else:
        parser.row_counter += 1
    shared_strings, date_formats = parser.shared_strings, parser.date_formats
    value_tag, inline_tag, formula_tag, text_tag = _VALUE, _INLINE, _FORMULA, _TEXT
    letter_columns = _LETTER_COLUMNS
    column = 0
    cells: list[Cell] = []
    for cell in row:  # every child is a cell, whatever its name
        get = cell.get
        data_type = get("t", "n")
        value_element = formula = inline = None
        if len(cell) == 1:  # the usual cell: one <v> or <is>
            child = cell[0]
            tag = child.tag
            if tag == value_tag:
                value_element = child
            elif tag == inline_tag:
                inline = child
            elif tag == formula_tag:
                formula = child
        else:
            for child in cell:  # the first <v>, <is> and <f>, as Element.find gives them
                tag = child.tag
                if tag == value_tag:
                    if value_element is None:
                        value_element = child
                elif tag == inline_tag:
                    if inline is None:
                        inline = child
                elif tag == formula_tag and formula is None:
                    formula = child
        if data_type == "inlineStr" and inline is not None:
            if len(inline) == 1 and inline[0].tag == text_tag and not inline.attrib:
                text = inline[0].text or ""
            elif _plain(inline):
                text = (inline[-1].text or "") if len(inline) else ""  # Text.from_tree: the last <t> wins
            else:
                text = None
            plain = text is not None
        else:
            text, plain = None, data_type == "n" or data_type == "s" or data_type == "inlineStr"
        if formula is not None or not plain:
            parser.col_counter = column
            parsed = parser.parse_cell(_braced(cell))
            column = parser.col_counter
            cells.append((parsed["column"], parsed["value"], parsed["data_type"]))
            continue
        style = get("s", 0)
        if style:
            style = int(style)
        coordinate = get("r")
        if coordinate:
            letters = coordinate.rstrip(_DIGITS)
            if len(letters) < len(coordinate) and letters in letter_columns:
                column = letter_columns[letters]
            elif letters.isalpha() and len(letters) < len(coordinate):
                column = column_index_from_string(letters)  # what coordinate_to_tuple does for such a coordinate
                if len(letter_columns) < _LETTER_COLUMNS_MAX:
                    letter_columns[letters] = column
            else:
                column = coordinate_to_tuple(coordinate)[1]
        else:
            column += 1
        value: Any = None
        if data_type == "inlineStr":
            if text is not None:
                data_type, value = "s", text
        elif value_element is not None and value_element.text:
            value = value_element.text
            if data_type == "s":
                value = shared_strings[int(value)]
            else:
                value = _cast_number(value)
                if style in date_formats:
                    data_type = "d"
                    try:
                        value = from_excel(value, parser.epoch, timedelta=style in parser.timedelta_formats)
                    except (OverflowError, ValueError):  # openpyxl warns, and makes it an error cell
                        data_type, value = "e", "#VALUE!"
        cells.append((column, value, data_type))
    return parser.row_counter, cells


def _plain(inline: Any) -> bool:
    """An inline string without attributes or rich-text runs: only <t> elements."""
    return not inline.attrib and all(child.tag == _TEXT for child in inline)


def _braced(element: Any) -> Any:
    """The element with ElementTree's names ("{namespace}local") throughout, for openpyxl's own code."""
    for node in element.iter():
        tag = node.tag
        if "}" in tag and tag[0] != "{":
            node.tag = "{" + tag
        if any("}" in key and key[0] != "{" for key in node.attrib):
            node.attrib = {("{" + k if "}" in k and k[0] != "{" else k): v for k, v in node.attrib.items()}
    return element
