"""The object types of a workspace and the one place that validates their fields.

Every object is a map of fields. Each type is a pydantic model (strict: no silent coercion of a string
into a number), used to validate a whole object on create and a single field on set. Errors come back as
:class:`Issue` with a Dutch message naming the field, the value and why. References between objects
(a partner id, an axis value id) are checked against the workspace state in ``rules.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
OptId = Id | None
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=r"^(https?://\S+)?$")]
IdList = Annotated[list[Id], Field(max_length=100)]
Color = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6})?$")]

PARTNER_TYPES = (
    "gemeente",
    "wijkteam",
    "cjg",
    "jgz",
    "school",
    "swv",
    "kinderopvang",
    "jongerenwerk",
    "huisarts",
    "politie",
    "zorgaanbieder",
    "bedrijfsleven",
    "vrijwilligers",
    "jongerenraad",
    "overig",
)
ROLES = ("coordinator", "partner", "viewer")
OUTCOME_KINDS = ("inhoudelijk", "proces", "randvoorwaardelijk")
FORMS = ("individueel", "groep", "collectief")
FINANCING = ("inkoop", "subsidie", "eigen middelen")
STATUSES = ("bestaand", "nieuw", "uitbreiden", "afbouwen", "stoppen")
REACH_UNITS = ("kinderen", "jongeren", "ouders", "gezinnen", "professionals")


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class AxisValueFields(_Fields):
    axis: Annotated[str, StringConstraints(max_length=40)]
    label: Name
    position: float = 0.0
    retired: bool = False
    description: Text = ""


class MatrixFields(_Fields):
    name: Name
    row_axis: Annotated[str, StringConstraints(max_length=40)]
    col_axis: Annotated[str, StringConstraints(max_length=40)]
    position: float = 0.0


class PartnerFields(_Fields):
    name: Name
    slug: Slug
    type: Literal[PARTNER_TYPES] = "overig"  # type: ignore[valid-type]
    color: Color = ""
    description: Text = ""


class MemberFields(_Fields):
    name: Name
    partner: Id
    role: Literal[ROLES] = "partner"  # type: ignore[valid-type]
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] = ""
    revoked: bool = False


class OutcomeFields(_Fields):
    title: Name
    kind: Literal[OUTCOME_KINDS] = "inhoudelijk"  # type: ignore[valid-type]
    description: Text = ""
    indicator: Text = ""
    baseline: Short = ""
    target: Short = ""
    target_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    data_source: Short = ""
    position: float = 0.0


class ActivityFields(_Fields):
    name: Name
    description: Text = ""
    partner: Id
    co_partners: IdList = []
    contribution: Text = ""  # "We doen ..., zodat ..."
    prevention_level: OptId = None
    age_bands: IdList = []
    domains: IdList = []
    tier: OptId = None
    po_level: OptId = None
    themes: IdList = []
    protective_factors: IdList = []
    erkenning: OptId = None
    form: Literal[FORMS] | None = None  # type: ignore[valid-type]
    outcomes: IdList = []
    reach: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    reach_unit: Literal[REACH_UNITS] | None = None  # type: ignore[valid-type]
    budget: Annotated[float, Field(ge=0, le=1e10)] | None = None
    financing: Literal[FINANCING] | None = None  # type: ignore[valid-type]
    status: Literal[STATUSES] = "bestaand"  # type: ignore[valid-type]
    databank_url: Url = ""
    areas: Annotated[list[Short], Field(max_length=50)] = []
    # block 5 of the Kwaliteitskompas
    indicator_reach: Text = ""
    indicator_usefulness: Text = ""
    indicator_goals: Text = ""
    indicator_improvement: Text = ""


class CommentFields(_Fields):
    target: Id
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    author: Id = ""  # set by the server
    created_at: Short = ""  # set by the server


class MeetingFields(_Fields):
    """A meeting (OOGO, bestuurlijk overleg); ``seq`` marks where it started, for "changed since"."""

    name: Name
    date: Annotated[str, StringConstraints(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = ""
    seq: Annotated[int, Field(ge=0)] = 0
    notes: Text = ""


class DecisionFields(_Fields):
    """A besluitpunt for the bestuurlijk overleg."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    status: Literal["open", "genomen", "aangehouden"] = "open"
    meeting: Id | None = None
    position: float = 0.0


class ConflictFields(_Fields):
    """A field changed both in an uploaded workbook and live; kept until a coordinator resolves it."""

    activity: Id
    field: Annotated[str, StringConstraints(max_length=60)]
    base: Any = None
    live: Any = None
    uploaded: Any = None
    live_actor: Short = ""
    live_seq: int = 0
    uploader: Short = ""
    export: Short = ""
    resolved: bool = False
    resolution: Literal["", "live", "uploaded", "new"] = ""


MODELS: dict[str, type[_Fields]] = {
    "axis_value": AxisValueFields,
    "matrix": MatrixFields,
    "partner": PartnerFields,
    "member": MemberFields,
    "outcome": OutcomeFields,
    "activity": ActivityFields,
    "comment": CommentFields,
    "conflict": ConflictFields,
    "meeting": MeetingFields,
    "decision": DecisionFields,
}

TYPE_LABELS = {
    "axis_value": "aswaarde",
    "matrix": "matrix",
    "partner": "partner",
    "member": "lid",
    "outcome": "maatschappelijk resultaat",
    "activity": "activiteit",
    "comment": "opmerking",
    "conflict": "conflict",
    "meeting": "overleg",
    "decision": "besluitpunt",
}

# Fields only the server fills in; a client that sends one is refused.
SERVER_FIELDS: dict[str, frozenset[str]] = {"comment": frozenset({"author", "created_at"})}

FIELD_LABELS = {
    "name": "naam",
    "description": "omschrijving",
    "partner": "partner",
    "co_partners": "medeuitvoerende partners",
    "contribution": "bijdrage (We doen ..., zodat ...)",
    "prevention_level": "preventieniveau",
    "age_bands": "leeftijd",
    "domains": "leefdomeinen",
    "tier": "soort activiteit",
    "po_level": "niveau Positief Opgroeien",
    "themes": "thema's",
    "protective_factors": "beschermende factoren",
    "erkenning": "erkenning",
    "form": "vorm",
    "outcomes": "maatschappelijke resultaten",
    "reach": "bereik (aantal per jaar)",
    "reach_unit": "bereik (wie)",
    "budget": "budget",
    "financing": "financiering",
    "status": "status",
    "databank_url": "link naar de Databank",
    "areas": "wijk/gebied",
    "title": "titel",
    "kind": "soort",
    "indicator": "indicator",
    "baseline": "nulmeting",
    "target": "streefwaarde",
    "target_year": "streefjaar",
    "data_source": "bron",
    "label": "naam",
    "axis": "as",
    "retired": "vervallen",
    "position": "volgorde",
    "row_axis": "rijen",
    "col_axis": "kolommen",
    "slug": "korte naam",
    "type": "soort organisatie",
    "color": "kleur",
    "role": "rol",
    "email": "e-mailadres",
    "revoked": "ingetrokken",
    "text": "tekst",
    "author": "auteur",
    "created_at": "tijdstip",
    "resolved": "opgelost",
    "date": "datum",
    "seq": "volgnummer",
    "notes": "aantekeningen",
    "meeting": "overleg",
    "resolution": "oplossing",
}


@dataclass(frozen=True)
class Issue:
    """One validation problem: which field, which value, and why (in Dutch)."""

    field: str
    value: Any
    message: str

    def text(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        return f"{label}: {self.message}" if self.field else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": _short(self.value), "message": self.text()}


class Invalid(Exception):
    """Raised with one or more issues; ``str()`` is a Dutch sentence for the user."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(i.text() for i in issues))


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    if isinstance(value, list | dict) and len(repr(value)) > 200:
        return f"<{type(value).__name__} van {len(value)} elementen>"
    return value


def _dutch(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is verplicht"
    if kind == "extra_forbidden":
        return "is geen bekend veld"
    if kind == "string_type":
        return "moet tekst zijn"
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind == "string_too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if kind == "string_pattern_mismatch":
        return "heeft een ongeldige vorm"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "moet een geheel getal zijn"
    if kind in ("float_type", "float_parsing"):
        return "moet een getal zijn"
    if kind in ("greater_than_equal", "greater_than"):
        return f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
    if kind in ("less_than_equal", "less_than"):
        return f"mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn"
    if kind == "literal_error":
        return f"moet een van deze waarden zijn: {ctx.get('expected')}"
    if kind == "list_type":
        return "moet een lijst zijn"
    if kind == "too_long":
        return f"heeft te veel waarden (hoogstens {ctx.get('max_length')})"
    if kind == "bool_type":
        return "moet waar of onwaar zijn"
    if kind == "none_required":
        return "moet leeg zijn"
    return "is ongeldig"


def _issues(exc: ValidationError, field: str | None = None) -> list[Issue]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        # Unions report one error per branch ("int", "none"); the field name is what matters.
        name = field or (loc[0] if loc else "")
        out.append(Issue(name, err.get("input"), _dutch(err)))
    # one message per field is enough; unions produce near-duplicates
    seen: dict[str, Issue] = {}
    for issue in out:
        seen.setdefault(issue.field, issue)
    return list(seen.values())


def known_type(obj_type: Any) -> bool:
    return isinstance(obj_type, str) and obj_type in MODELS


def validate_object(obj_type: str, fields: Any) -> dict[str, Any]:
    """Validate all fields of a new object; returns them normalized, with defaults filled in."""
    if not isinstance(fields, dict):
        raise Invalid([Issue("fields", fields, "velden moeten een object zijn")])
    model = MODELS[obj_type]
    try:
        return model.model_validate(fields).model_dump()
    except ValidationError as exc:
        raise Invalid(_issues(exc)) from None


@cache
def _field_adapter(obj_type: str, field: str) -> TypeAdapter[Any]:
    info = MODELS[obj_type].model_fields[field]
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(strict=True))


def validate_field(obj_type: str, field: Any, value: Any) -> Any:
    """Validate one field of an existing object; returns the normalized value."""
    if not isinstance(field, str) or field not in MODELS[obj_type].model_fields:
        raise Invalid([Issue(str(field)[:60], value, "is geen bekend veld")])
    try:
        return _field_adapter(obj_type, field).validate_python(value)
    except ValidationError as exc:
        raise Invalid(_issues(exc, field)) from None


def field_names(obj_type: str) -> list[str]:
    return list(MODELS[obj_type].model_fields)
