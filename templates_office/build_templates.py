"""Writes ``templates_office/partner-template.xlsx``, the house-style base of the partner workbook.

Run ``.venv/bin/python -m templates_office.build_templates`` after changing the texts or styles below, and
commit the script and the .xlsx together. The output is byte-for-byte reproducible (fixed timestamps in the
document properties and the zip entries), so an unchanged script gives an unchanged file.

The template holds what does not depend on a workspace: the "Toelichting" sheet (instructions in Dutch),
an empty "Activiteiten" sheet, and the named cell styles the server applies when it fills the workbook
(``server/office/xlsx_template.py``). The cell ``Toelichting!B2`` carries the defined name
``matrixsync_context``; the server writes there which workspace, partner and moment the file is for.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName

from server.office.columns import ACTIVITY_COLUMNS, DELETE_MARK, ID_HEADER

OUT = Path(__file__).resolve().parent / "partner-template.xlsx"
FIXED_TIME = datetime(2025, 1, 1)  # document properties and zip entries: reproducible output
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
CHARS_PER_LINE = 100  # of body text in column B (width 110); a little under, so rows rather fit loosely

# The named styles the filler uses; keep the names in step with server/office/xlsx_template.py.
STYLE_HEADER = "matrixsync kop"
STYLE_INPUT = "matrixsync invoer"
STYLE_INPUT_LONG = "matrixsync invoer lang"
STYLE_ID = "matrixsync id"
STYLE_READONLY = "matrixsync alleen lezen"
CONTEXT_NAME = "matrixsync_context"

DARK = "1F4E79"
THIN = Side(style="thin", color="BFBFBF")

TITLE = "Activiteiten voor jeugd en gezin: invullen en terugsturen"
INTRO = (
    "Uw gemeente brengt samen met haar partners het aanbod voor jeugd en gezin in kaart. Dit bestand hoort bij "
    "blok 3B Activiteiten van het Kwaliteitskompas van het Nederlands Jeugdinstituut (NJi) en vult de "
    "Preventiematrix: welke activiteiten er zijn, voor wie, op welk preventieniveau, door welke partner en "
    "aan welk maatschappelijk resultaat ze bijdragen. Op het blad Activiteiten staan de activiteiten van uw "
    "organisatie zoals ze nu in matrixsync staan. Vul ze aan, verbeter ze en stuur het bestand terug: uw "
    "wijzigingen worden samengevoegd met wat anderen intussen hebben aangepast."
)
STEPS = (
    "Elke rij op het blad Activiteiten is één activiteit, dienst of interventie.",
    "Waar een cel een keuzelijst heeft, kiest u een waarde uit de lijst (klik op de cel en dan op het pijltje). "
    "Bij het kiezen ziet u een korte uitleg van de kolom.",
    "Meerdere waarden in één cel scheidt u met een puntkomma (;), bijvoorbeeld: 0-4 jaar; 4-12 jaar. Excel "
    "waarschuwt dan dat de waarde niet in de lijst staat; kies 'Ja' om hem toch te bewaren.",
    "Schrijf de bijdrage als één zin: 'We doen ..., zodat ...'. Bijvoorbeeld: 'We doen een wekelijks "
    "opvoedspreekuur op het consultatiebureau, zodat ouders met vragen over opvoeden snel en dichtbij "
    "antwoord krijgen.'",
    "Een nieuwe activiteit vult u in op een lege rij onderaan de tabel. Een rij zonder id is een nieuwe activiteit.",
    f"Een activiteit verwijderen: typ '{DELETE_MARK}' in de kolom Verwijderen. Een rij die u leegmaakt of "
    "weghaalt, wordt niet verwijderd.",
    f"Verander de verborgen eerste kolom ('{ID_HEADER}') niet en kopieer geen rijen met een id naar een "
    "andere rij: aan het id herkent matrixsync welke activiteit welke is.",
    "Het blad Overzicht toont de activiteiten van de andere partners, zodat u dubbelingen en kansen om samen "
    "te werken ziet. Dat blad kunt u niet wijzigen.",
    "Sla het bestand op als Excel-werkmap (.xlsx) en upload het daarna in matrixsync. U ziet meteen wat is "
    "overgenomen, en waar iemand anders intussen hetzelfde veld heeft gewijzigd.",
    "Zet geen gegevens van kinderen, ouders of gezinnen in dit bestand: het gaat over het aanbod, niet over personen.",
)
QUESTIONS_INTRO = "Met de ingevulde activiteiten beantwoordt de analyse, met cijfers, de zes vragen van het NJi:"
QUESTIONS = (
    "Past het aanbod bij wat nodig is? Wat ontbreekt (witte vlekken), wat is dubbel (dubbelingen), wat draagt "
    "weinig bij; waarmee stoppen we en wat ontwikkelen we?",
    "Is het aanbod divers genoeg: voor alle leeftijden, individueel en in groepen, voor verschillende doelen, "
    "problemen, risicofactoren en beschermende factoren?",
    "Is het aanbod samenhangend: welke partners werken samen aan welk resultaat, van preventief tot intensief?",
    "Is het aanbod preventief genoeg: kan lichte hulp door lokale teams groeien, kan residentiële zorg "
    "verschuiven naar ambulante hulp?",
    "Zijn de randvoorwaarden op orde?",
    "Wat draagt elke partner bij aan elk resultaat?",
)
QUESTIONS_OUTRO = (
    "Hoe vollediger de kolommen zijn ingevuld (vooral maatschappelijke resultaten, preventieniveau, leeftijd, "
    "thema's, bereik en budget), hoe beter de analyse deze vragen kan beantwoorden."
)


def named_styles() -> list[NamedStyle]:
    top = Alignment(vertical="top")
    return [
        NamedStyle(
            STYLE_HEADER,
            font=Font(name="Calibri", size=11, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=DARK),
            alignment=Alignment(wrap_text=True, vertical="center"),
            border=Border(bottom=Side(style="medium", color="000000")),
            protection=Protection(locked=True),
        ),
        NamedStyle(STYLE_INPUT, font=Font(name="Calibri", size=11), alignment=top, protection=Protection(locked=False)),
        NamedStyle(
            STYLE_INPUT_LONG,
            font=Font(name="Calibri", size=11),
            alignment=Alignment(wrap_text=True, vertical="top"),
            protection=Protection(locked=False),
        ),
        NamedStyle(
            STYLE_ID,
            font=Font(name="Calibri", size=9, color="808080"),
            alignment=top,
            protection=Protection(locked=True),
        ),
        NamedStyle(
            STYLE_READONLY,
            font=Font(name="Calibri", size=11),
            alignment=Alignment(wrap_text=True, vertical="top"),
            border=Border(bottom=THIN),
            protection=Protection(locked=True),
        ),
    ]


def build() -> Workbook:
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    wb.properties.creator = "matrixsync"
    wb.properties.lastModifiedBy = "matrixsync"
    wb.properties.title = "Activiteiten (Kwaliteitskompas blok 3B)"
    wb.properties.created = FIXED_TIME

    ws = wb.active
    assert ws is not None
    ws.title = "Toelichting"
    ws.sheet_properties.tabColor = DARK
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 110
    wrap = Alignment(wrap_text=True, vertical="top")
    heading = Font(name="Calibri", size=13, bold=True, color=DARK)
    body = Font(name="Calibri", size=11)
    row = 1

    def put(text: str, font: Font = body, number: str = "") -> None:
        nonlocal row
        if number:
            ws.cell(row, 1, number).font = Font(name="Calibri", size=11, bold=True)
            ws.cell(row, 1).alignment = Alignment(horizontal="right", vertical="top")
        cell = ws.cell(row, 2, text)
        cell.font = font
        cell.alignment = wrap
        fit(row, text, font)
        row += 1

    def fit(r: int, text: str, font: Font) -> None:
        # Neither Excel nor Calc grows a row for wrapped text on opening a file: set the height here.
        lines = max(1, math.ceil(len(text) / CHARS_PER_LINE))
        ws.row_dimensions[r].height = round(lines * (font.size or 11) * 1.35 + 3, 1)

    put(TITLE, Font(name="Calibri", size=16, bold=True, color=DARK))
    put("", Font(name="Calibri", size=11, italic=True, color="595959"))  # filled per workbook (CONTEXT_NAME)
    wb.defined_names[CONTEXT_NAME] = DefinedName(CONTEXT_NAME, attr_text="Toelichting!$B$2")
    row += 1
    put("Waar dit bestand voor is", heading)
    put(INTRO)
    row += 1
    put("Zo vult u het blad Activiteiten in", heading)
    for n, text in enumerate(STEPS, 1):
        put(text, number=f"{n}.")
    row += 1
    put("Wat de analyse beantwoordt", heading)
    put(QUESTIONS_INTRO)
    for n, text in enumerate(QUESTIONS, 1):
        put(text, number=f"{n}.")
    put(QUESTIONS_OUTRO)
    row += 1
    put("De kolommen", heading)
    for col in ACTIVITY_COLUMNS:
        if col.kind == "id":
            continue
        put(f"{col.header}: {col.help}" if col.help else col.header)
    ws.protection.sheet = True
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    act = wb.create_sheet("Activiteiten")
    act.sheet_properties.tabColor = "2E75B6"
    act.row_dimensions[1].height = 45
    return wb


def reproducible(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so regenerating an unchanged template changes no byte."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    buf = io.BytesIO()
    build().save(buf)
    OUT.write_bytes(reproducible(buf.getvalue()))
    print(f"geschreven: {OUT}")


if __name__ == "__main__":
    main()
