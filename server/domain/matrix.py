"""A matrix view of the live state: which activities fall in which (row, column) cell.

Used by everything that draws a matrix (the completed workbook, the deck, the board, the analysis), so the
cells are computed in one place. An activity with several values on a multi-valued axis (themes, age
bands) appears in each of those rows; an activity with no value on an axis appears in no cell of the view
and is listed as ``unplaced``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .axes import AXES, DERIVED_AXES
from .state import StoredObject, WorkspaceState


@dataclass(frozen=True)
class Band:
    """One row or column of a view: an axis value, an outcome or a partner."""

    id: str
    label: str


@dataclass
class MatrixView:
    id: str
    name: str
    row_axis: str
    col_axis: str
    row_label: str
    col_label: str
    rows: list[Band]
    cols: list[Band]
    cells: dict[tuple[str, str], list[StoredObject]] = field(default_factory=dict)
    unplaced: list[StoredObject] = field(default_factory=list)

    def cell(self, row: str, col: str) -> list[StoredObject]:
        return self.cells.get((row, col), [])

    def partners_in(self, row: str, col: str) -> set[str]:
        out = set()
        for act in self.cell(row, col):
            out.add(act.fields["partner"])
            out.update(act.fields.get("co_partners", ()))
        return out

    def row_count(self, row: str) -> int:
        return len({a.id for c in self.cols for a in self.cell(row, c.id)})

    def col_count(self, col: str) -> int:
        return len({a.id for r in self.rows for a in self.cell(r.id, col)})

    def empty_cells(self) -> list[tuple[Band, Band]]:
        return [(r, c) for r in self.rows for c in self.cols if not self.cell(r.id, c.id)]


def axis_label(key: str) -> str:
    return AXES[key].label if key in AXES else DERIVED_AXES.get(key, key)


def bands(state: WorkspaceState, axis: str) -> list[Band]:
    """The ordered rows or columns of an axis (retired values left out)."""
    if axis == "outcomes":
        items = sorted(state.live("outcome"), key=lambda o: (o.fields["position"], o.fields["title"]))
        return [Band(o.id, o.fields["title"]) for o in items]
    if axis == "partner":
        return [Band(p.id, p.fields["name"]) for p in sorted(state.live("partner"), key=lambda p: p.fields["name"])]
    values = [v for v in state.live("axis_value") if v.fields["axis"] == axis and not v.fields["retired"]]
    values.sort(key=lambda v: (v.fields["position"], v.fields["label"]))
    return [Band(v.id, v.fields["label"]) for v in values]


def values_on(activity: StoredObject, axis: str) -> list[str]:
    """The ids an activity has on an axis (one or more; empty when unset)."""
    if axis == "outcomes":
        return list(activity.fields.get("outcomes", ()))
    if axis == "partner":
        return [activity.fields["partner"]]
    value = activity.fields.get(AXES[axis].field)
    if isinstance(value, list):
        return list(value)
    return [value] if value else []


def activities(state: WorkspaceState) -> list[StoredObject]:
    return sorted(state.live("activity"), key=lambda a: a.fields["name"].lower())


def build_view(state: WorkspaceState, matrix: StoredObject, only: Iterable[StoredObject] | None = None) -> MatrixView:
    f = matrix.fields
    view = MatrixView(
        matrix.id,
        f["name"],
        f["row_axis"],
        f["col_axis"],
        axis_label(f["row_axis"]),
        axis_label(f["col_axis"]),
        bands(state, f["row_axis"]),
        bands(state, f["col_axis"]),
    )
    row_ids = {b.id for b in view.rows}
    col_ids = {b.id for b in view.cols}
    for act in only if only is not None else activities(state):
        rows = [r for r in values_on(act, view.row_axis) if r in row_ids]
        cols = [c for c in values_on(act, view.col_axis) if c in col_ids]
        if not rows or not cols:
            view.unplaced.append(act)
        for r in rows:
            for c in cols:
                view.cells.setdefault((r, c), []).append(act)
    return view


def views(state: WorkspaceState) -> list[MatrixView]:
    matrices = sorted(state.live("matrix"), key=lambda m: (m.fields["position"], m.fields["name"]))
    return [build_view(state, m) for m in matrices]
