"""Question 1, fit: white spots of the matrix view, what contributes to each outcome, and what is loose.

White spots are the empty cells of the view; cells served by one partner only are reported beside them.
Cells come from ``server.domain.matrix``, never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.matrix import MatrixView
from .base import ActivityRef, Context, Ref, activities_word, involved, join, num, plural, quoted
from .model import Section, Table

PHASING_OUT = ("afbouwen", "stoppen")


@dataclass
class CellRef:
    row: str
    row_label: str
    col: str
    col_label: str
    activities: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # owning and co-delivering partners


@dataclass
class OutcomeLink:
    outcome: str
    title: str
    kind: str
    activities: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # owning and co-delivering partners


@dataclass
class Fit:
    matrix: str  # id of the view
    matrix_name: str
    row_label: str
    col_label: str
    rows: list[Ref]
    cols: list[Ref]
    grid: list[list[int]]  # activities per cell, rows x cols, for a heat map
    cells: int  # rows x cols
    empty_cells: list[CellRef]  # the white spots
    single_partner_cells: list[CellRef]
    empty_rows: list[Ref]  # rows without any activity
    empty_cols: list[Ref]
    unplaced: list[ActivityRef]  # live activities without a value on one of the view's axes
    outcomes: list[OutcomeLink]
    outcomes_without_activity: list[OutcomeLink]
    unlinked: list[ActivityRef]  # activities linked to no outcome
    phasing_out: list[ActivityRef]  # status afbouwen or stoppen


def compute(ctx: Context, view: MatrixView | None) -> Fit:
    by_outcome: dict[str, OutcomeLink] = {
        o.id: OutcomeLink(o.id, o.fields["title"], o.fields["kind"]) for o in ctx.outcomes
    }
    for act in ctx.acts:
        for oid in act.fields.get("outcomes", ()):
            link = by_outcome.get(oid)
            if link is None:  # an outcome that is gone; cannot happen through the rules
                continue
            link.activities.append(act.id)
            for p in involved(act):
                if p not in link.partners:
                    link.partners.append(p)
    outcomes = list(by_outcome.values())
    fit = Fit(
        matrix=view.id if view else "",
        matrix_name=view.name if view else "",
        row_label=view.row_label if view else "",
        col_label=view.col_label if view else "",
        rows=[Ref(b.id, b.label) for b in view.rows] if view else [],
        cols=[Ref(b.id, b.label) for b in view.cols] if view else [],
        grid=[],
        cells=len(view.rows) * len(view.cols) if view else 0,
        empty_cells=[],
        single_partner_cells=[],
        empty_rows=[],
        empty_cols=[],
        unplaced=[ctx.ref(a) for a in view.unplaced] if view else [],
        outcomes=outcomes,
        outcomes_without_activity=[o for o in outcomes if not o.activities],
        unlinked=[ctx.ref(a) for a in ctx.acts if not a.fields.get("outcomes")],
        phasing_out=[ctx.ref(a) for a in ctx.acts if a.fields.get("status") in PHASING_OUT],
    )
    if view is None:
        return fit
    for r in view.rows:
        fit.grid.append([len(view.cell(r.id, c.id)) for c in view.cols])
        for c in view.cols:
            acts = view.cell(r.id, c.id)
            ref = CellRef(r.id, r.label, c.id, c.label, [a.id for a in acts], sorted(view.partners_in(r.id, c.id)))
            if not acts:
                fit.empty_cells.append(ref)
            elif len(ref.partners) == 1:
                fit.single_partner_cells.append(ref)
        if not view.row_count(r.id):
            fit.empty_rows.append(Ref(r.id, r.label))
    fit.empty_cols = [Ref(c.id, c.label) for c in view.cols if not view.col_count(c.id)]
    return fit


def section(ctx: Context, fit: Fit) -> Section:
    sec = Section(
        "fit",
        "Past het aanbod bij wat nodig is?",
        "Sluit het aanbod aan bij wat nodig is? Wat ontbreekt (witte vlekken), wat draagt weinig bij, "
        "wat kan stoppen en wat moet worden ontwikkeld?",
    )
    lines = sec.lines
    if not ctx.acts:
        lines.append("Er zijn nog geen activiteiten ingevuld; er valt nog niets te analyseren.")
    if fit.matrix:
        lines.append(
            f"In de matrix '{fit.matrix_name}' ({fit.row_label} x {fit.col_label}) zijn "
            f"{num(len(fit.empty_cells))} van de {num(fit.cells)} cellen leeg: witte vlekken."
        )
        if fit.empty_rows and ctx.acts:
            lines.append(
                f"Geen enkele activiteit heeft als {fit.row_label.lower()} {quoted([r.label for r in fit.empty_rows])}."
            )
        if fit.empty_cols and ctx.acts:
            lines.append(
                f"Geen enkele activiteit heeft als {fit.col_label.lower()} {quoted([c.label for c in fit.empty_cols])}."
            )
        if fit.single_partner_cells:
            lines.append(
                f"{plural(len(fit.single_partner_cells), 'cel wordt', 'cellen worden')} door maar één partner bediend."
            )
        if fit.unplaced:
            lines.append(
                f"{activities_word(len(fit.unplaced)).capitalize()} "
                f"{'staat' if len(fit.unplaced) == 1 else 'staan'} niet in deze matrix, omdat "
                f"{fit.row_label.lower()} of {fit.col_label.lower()} niet (meer) is ingevuld."
            )
    else:
        lines.append("Er is geen matrix om witte vlekken in te zoeken.")
    if fit.outcomes_without_activity:
        lines.append(
            f"Geen enkele activiteit draagt bij aan {quoted([o.title for o in fit.outcomes_without_activity])}."
        )
    elif fit.outcomes:
        lines.append("Aan elk maatschappelijk resultaat draagt minstens één activiteit bij.")
    else:
        lines.append("Er zijn nog geen maatschappelijke resultaten vastgelegd.")
    if fit.unlinked:
        lines.append(
            f"{activities_word(len(fit.unlinked)).capitalize()} "
            f"{'is' if len(fit.unlinked) == 1 else 'zijn'} aan geen enkel resultaat gekoppeld."
        )
    if fit.phasing_out:
        lines.append(
            f"{activities_word(len(fit.phasing_out)).capitalize()} "
            f"{'wordt' if len(fit.phasing_out) == 1 else 'worden'} afgebouwd of gestopt: "
            f"{join([a.name for a in fit.phasing_out])}."
        )

    spots = Table("Witte vlekken", [fit.row_label or "Rij", fit.col_label or "Kolom"])
    for c in fit.empty_cells:
        spots.rows.append([c.row_label, c.col_label])
        spots.sources.append([])
    single = Table(
        "Cellen met één partner", [fit.row_label or "Rij", fit.col_label or "Kolom", "Partner", "Activiteiten"]
    )
    for c in fit.single_partner_cells:
        single.rows.append([c.row_label, c.col_label, ctx.label(c.partners[0]), len(c.activities)])
        single.sources.append(list(c.activities))
    per_outcome = Table("Bijdragen per resultaat", ["Maatschappelijk resultaat", "Activiteiten", "Partners"])
    for o in fit.outcomes:
        per_outcome.rows.append([o.title, len(o.activities), len(o.partners)])
        per_outcome.sources.append(list(o.activities))
    loose = Table("Activiteiten zonder resultaat, en wat wordt afgebouwd", ["Activiteit", "Partner", "Bijzonderheid"])
    for a in fit.unlinked:
        loose.rows.append([a.name, a.partner_name, "geen resultaat gekoppeld"])
        loose.sources.append([a.id])
    for a in fit.phasing_out:
        loose.rows.append([a.name, a.partner_name, f"status: {a.status}"])
        loose.sources.append([a.id])
    sec.tables.extend([spots, single, per_outcome, loose])
    return sec
