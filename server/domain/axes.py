"""The matrix axes and their default values (see shared DOMAIN.md).

An axis is a dimension of an activity. Its *values* are workspace objects (type ``axis_value``) so a
municipality can rename, add, reorder and retire them; the axes themselves, and which activity field each
one fills, are fixed here. Two further axes are derived from other objects: ``outcomes`` (the linked
maatschappelijke resultaten) and ``partner`` (the owning partner); a matrix may use them as rows or columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Axis:
    key: str
    label: str  # Dutch, shown to users
    field: str  # the activity field holding value ids
    multi: bool
    defaults: tuple[str, ...] = ()


AXES: dict[str, Axis] = {
    a.key: a
    for a in (
        Axis(
            "prevention_level",
            "Preventieniveau",
            "prevention_level",
            False,
            ("universeel", "selectief", "geïndiceerd", "zorggericht"),
        ),
        Axis(
            "age_band",
            "Leeftijd",
            "age_bands",
            True,
            ("zwangerschap (-9 mnd)", "0-4 jaar", "4-12 jaar", "12-18 jaar", "18-23 jaar"),
        ),
        Axis(
            "domain",
            "Leefdomein",
            "domains",
            True,
            ("gezin", "kinderopvang/school", "wijk", "vrije tijd", "online"),
        ),
        Axis(
            "tier",
            "Soort activiteit (3B)",
            "tier",
            False,
            (
                "versterken van de basis",
                "preventieve activiteiten",
                "activiteiten bij hulpvragen",
                "intensieve en gespecialiseerde ondersteuning",
            ),
        ),
        Axis(
            "po_level",
            "Niveau Positief Opgroeien",
            "po_level",
            False,
            (
                "universeel",
                "selectief",
                "licht",
                "intensief",
                "specialistisch",
                "intensief en specialistisch",
                "overname van opvoeding",
            ),
        ),
        Axis(
            "theme",
            "Thema",
            "themes",
            True,
            (
                "van bang tot angststoornis",
                "van ongezond gewicht tot overgewicht",
                "van experimenteren tot middelenmisbruik",
                "van lastig tot gedragsprobleem",
                "van druk kind tot ADHD",
                "van spijbelen tot voortijdig schoolverlaten",
                "van pedagogische tik tot kindermishandeling",
                "van dip tot depressie",
                "van plagen tot pesten",
                "van opvoedingsonzeker tot opvoedprobleem",
            ),
        ),
        Axis(
            "protective_factor",
            "Beschermende factor",
            "protective_factors",
            True,
            (
                "sociale binding",
                "kansen voor betrokkenheid en participatie",
                "prosociale normen",
                "erkenning en waardering voor positief gedrag",
                "sociale steun",
                "constructieve tijdsbesteding",
                "competenties",
                "cognitieve vaardigheden",
                "schoolmotivatie",
                "positieve identiteit",
            ),
        ),
        Axis(
            "erkenning",
            "Erkenning (Databank)",
            "erkenning",
            False,
            (
                "goed beschreven",
                "goed onderbouwd",
                "effectief volgens eerste aanwijzingen",
                "effectief volgens goede aanwijzingen",
                "effectief volgens sterke aanwijzingen",
                "niet erkend",
                "niet beoordeeld",
            ),
        ),
    )
}

# Axes a matrix may use that are not value axes.
DERIVED_AXES: dict[str, str] = {"outcomes": "Maatschappelijk resultaat", "partner": "Partner"}

AXIS_BY_FIELD: dict[str, Axis] = {a.field: a for a in AXES.values()}

# Matrix views every new workspace starts with: (name, row axis, column axis).
DEFAULT_MATRICES: tuple[tuple[str, str, str], ...] = (
    ("Preventiematrix", "theme", "prevention_level"),
    ("Activiteiten (3B)", "outcomes", "tier"),
    ("Leeftijd en leefdomein", "age_band", "domain"),
)


def matrix_axis_keys() -> set[str]:
    return set(AXES) | set(DERIVED_AXES)
