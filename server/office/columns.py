"""The activity columns of the Excel workbooks, and turning field values into cell text and back.

One list of columns serves the partner template (writing), the upload (reading) and the completed workbook,
so a header, a drop-down list and the parsing of a cell can never disagree. Ids never appear in visible
cells: axis values, partners and outcomes are shown by their labels and looked up again on upload.
Conversions are lenient where Excel is (a number typed as text is still a number) and strict otherwise;
the domain rules validate the result again when it is applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..domain.axes import AXES
from ..domain.schema import FINANCING, FORMS, REACH_UNITS, STATUSES
from ..domain.state import WorkspaceState

MULTI_SEP = "; "
ENUMS: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "form": FORMS,
    "financing": FINANCING,
    "reach_unit": REACH_UNITS,
}
# Text that a spreadsheet could run as a formula; refused on upload, always written as plain text.
FORMULA_START = re.compile(r"^\s*([=+@]|-\S)")


@dataclass(frozen=True)
class Column:
    key: str  # the activity field; "_id" and "_delete" are the hidden id and the deletion mark
    header: str
    width: int
    kind: str  # id | delete | text | long | int | float | choice | multi | url
    source: str | None = None  # choice/multi: an axis key, "partner", "outcome" or an ENUMS key
    help: str = ""


ID_HEADER = "id (niet wijzigen)"
DELETE_HEADER = "Verwijderen"
DELETE_MARK = "ja"

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("_id", ID_HEADER, 12, "id"),
    Column("name", "Naam activiteit", 34, "text", help="Korte naam, zoals partners de activiteit kennen."),
    Column("description", "Omschrijving", 50, "long", help="Wat houdt de activiteit in? Voor wie?"),
    Column("partner", "Uitvoerende partner", 28, "choice", "partner", "De organisatie die de activiteit uitvoert."),
    Column("co_partners", "Medeuitvoerende partners", 28, "multi", "partner", "Meerdere: scheid met ;"),
    Column("contribution", "Bijdrage (We doen ..., zodat ...)", 50, "long", help="We doen ..., zodat ..."),
    Column("outcomes", "Maatschappelijke resultaten", 40, "multi", "outcome", "Meerdere: scheid met ;"),
    Column("prevention_level", "Preventieniveau", 16, "choice", "prevention_level"),
    Column("tier", "Soort activiteit (3B)", 30, "choice", "tier"),
    Column("po_level", "Niveau Positief Opgroeien", 22, "choice", "po_level"),
    Column("themes", "Thema's", 36, "multi", "theme", "Meerdere: scheid met ;"),
    Column("age_bands", "Leeftijd", 22, "multi", "age_band", "Meerdere: scheid met ;"),
    Column("domains", "Leefdomeinen", 24, "multi", "domain", "Meerdere: scheid met ;"),
    Column("protective_factors", "Beschermende factoren", 32, "multi", "protective_factor", "Meerdere: scheid met ;"),
    Column("form", "Vorm", 14, "choice", "form"),
    Column("reach", "Bereik per jaar (aantal)", 12, "int", help="Een heel getal, 0 of meer."),
    Column("reach_unit", "Bereik: wie", 14, "choice", "reach_unit"),
    Column("budget", "Budget (euro per jaar)", 14, "float", help="Bedrag in euro, zonder tekens."),
    Column("financing", "Financiering", 16, "choice", "financing"),
    Column("status", "Status", 14, "choice", "status"),
    Column("erkenning", "Erkenning (Databank)", 26, "choice", "erkenning"),
    Column("databank_url", "Link naar de Databank", 30, "url", help="Begint met https://"),
    Column("areas", "Wijk/gebied", 18, "multi", None, "Meerdere: scheid met ;. Leeg: hele gemeente."),
    Column("indicator_reach", "Indicator bereik", 30, "long"),
    Column("indicator_usefulness", "Indicator nut", 30, "long"),
    Column("indicator_goals", "Indicator doelrealisatie", 30, "long"),
    Column("indicator_improvement", "Indicator verbetering", 30, "long"),
    Column("_delete", DELETE_HEADER, 12, "delete", help=f"Typ '{DELETE_MARK}' om deze activiteit te verwijderen."),
)
FIELD_COLUMNS = tuple(c for c in ACTIVITY_COLUMNS if not c.key.startswith("_"))
COLUMN_BY_HEADER = {c.header.casefold(): c for c in ACTIVITY_COLUMNS}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class Vocabulary:
    """The labels a workbook shows for ids, and back, for one workspace state."""

    def __init__(self, state: WorkspaceState):
        self.options: dict[str, list[tuple[str, str]]] = {}  # source -> [(id, label)] in display order
        for key in AXES:
            values = [v for v in state.live("axis_value") if v.fields["axis"] == key and not v.fields["retired"]]
            values.sort(key=lambda v: (v.fields["position"], v.fields["label"]))
            self.options[key] = [(v.id, v.fields["label"]) for v in values]
        partners = sorted(state.live("partner"), key=lambda p: p.fields["name"].casefold())
        self.options["partner"] = [(p.id, p.fields["name"]) for p in partners]
        outcomes = sorted(state.live("outcome"), key=lambda o: (o.fields["position"], o.fields["title"]))
        self.options["outcome"] = [(o.id, o.fields["title"]) for o in outcomes]
        for key, choices in ENUMS.items():
            self.options[key] = [(c, c) for c in choices]
        # labels of everything, retired values too, so an old value still reads back as itself
        self._label = {
            obj.id: str(obj.fields.get("label") or obj.fields.get("name") or obj.fields.get("title"))
            for obj in state.objects.values()
            if obj.type in ("axis_value", "partner", "outcome")
        }
        self._lookup: dict[str, dict[str, str]] = {
            source: {_norm(label): ident for ident, label in pairs} for source, pairs in self.options.items()
        }

    def labels(self, source: str) -> list[str]:
        return [label for _, label in self.options[source]]

    def label(self, source: str, ident: str) -> str:
        if source in ENUMS:
            return ident
        return self._label.get(ident, ident)

    def ident(self, source: str, text: str) -> str | None:
        return self._lookup[source].get(_norm(text))


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message is Dutch."""


def to_cell(col: Column, value: Any, vocab: Vocabulary) -> Any:
    """The cell content for a field value (text, a number, or None)."""
    if value is None or value == "" or value == []:
        return None
    if col.kind == "choice" and col.source:
        return vocab.label(col.source, value)
    if col.kind == "multi":
        items = value if isinstance(value, list) else [value]
        return MULTI_SEP.join(vocab.label(col.source, v) if col.source else str(v) for v in items)
    return value


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def from_cell(col: Column, raw: Any, vocab: Vocabulary) -> Any:
    """The field value for a cell, or :class:`CellError`. An empty cell is the field's empty value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [] if col.kind == "multi" else (None if col.kind in ("int", "float", "choice") else "")
    if col.kind == "int":
        return _number(raw, integer=True)
    if col.kind == "float":
        return _number(raw, integer=False)
    text = _text(raw)
    if FORMULA_START.match(text):
        raise CellError(f"'{text[:30]}' begint als een formule (=, +, - of @); formules worden niet overgenomen")
    if col.kind == "choice":
        assert col.source
        ident = vocab.ident(col.source, text)
        if ident is None:
            raise CellError(f"'{text[:60]}' staat niet in de lijst; kies uit: {', '.join(vocab.labels(col.source))}")
        return ident
    if col.kind == "multi":
        parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
        if not col.source:
            return parts
        out = []
        for part in parts:
            ident = vocab.ident(col.source, part)
            if ident is None:
                raise CellError(
                    f"'{part[:60]}' staat niet in de lijst; kies uit: {', '.join(vocab.labels(col.source))}"
                )
            if ident not in out:
                out.append(ident)
        return out
    return text


def _number(raw: Any, integer: bool) -> int | float:
    if isinstance(raw, bool):
        raise CellError("moet een getal zijn, geen waar/onwaar")
    if isinstance(raw, int | float):
        value: float = float(raw)
    else:
        text = _text(raw).replace("€", "").replace(" ", "")
        # Dutch notation: 1.250,50 -> 1250.50; a lone comma is the decimal sign
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"'{_text(raw)[:40]}' is geen getal") from None
    if integer:
        if not value.is_integer():
            raise CellError(f"{_text(raw)} is geen geheel getal")
        return int(value)
    return value
