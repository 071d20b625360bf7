// Which activities fall in which cell of a matrix view (the same rules as server/domain/matrix.py):
// an activity with several values on a multi-valued axis appears in each of those rows/columns; one
// without a value on an axis is "unplaced". `outcomes` and `partner` are derived axes.

import { AXES, axisInfo } from "./schema.js";

const byPosition = (a, b, key) => (a.position ?? 0) - (b.position ?? 0) || String(a[key]).localeCompare(String(b[key]), "nl");

export function bands(client, axis) {
  if (axis === "outcomes") {
    return client
      .list("outcome")
      .slice()
      .sort((a, b) => byPosition(a, b, "title"))
      .map((o) => ({ id: o.id, label: o.title }));
  }
  if (axis === "partner") {
    return client
      .list("partner")
      .slice()
      .sort((a, b) => String(a.name).localeCompare(String(b.name), "nl"))
      .map((p) => ({ id: p.id, label: p.name, partner: p }));
  }
  return client
    .list("axis_value")
    .filter((v) => v.axis === axis && !v.retired)
    .sort((a, b) => byPosition(a, b, "label"))
    .map((v) => ({ id: v.id, label: v.label }));
}

export function valuesOn(activity, axis) {
  if (axis === "outcomes") return [...(activity.outcomes || [])];
  if (axis === "partner") return activity.partner ? [activity.partner] : [];
  const value = activity[AXES[axis]?.field ?? axis];
  if (Array.isArray(value)) return [...value];
  return value ? [value] : [];
}

export function sortedActivities(client) {
  return client
    .list("activity")
    .slice()
    .sort((a, b) => String(a.name).toLowerCase().localeCompare(String(b.name).toLowerCase(), "nl"));
}

export const cellKey = (row, col) => `${row}\u241f${col}`;

export function buildView(client, matrix, activities) {
  const view = {
    id: matrix.id,
    name: matrix.name,
    rowAxis: matrix.row_axis,
    colAxis: matrix.col_axis,
    rowLabel: axisInfo(matrix.row_axis).label,
    colLabel: axisInfo(matrix.col_axis).label,
    rows: bands(client, matrix.row_axis),
    cols: bands(client, matrix.col_axis),
    cells: new Map(),
    unplaced: [],
  };
  const rowIds = new Set(view.rows.map((b) => b.id));
  const colIds = new Set(view.cols.map((b) => b.id));
  for (const act of activities) {
    const rows = valuesOn(act, view.rowAxis).filter((r) => rowIds.has(r));
    const cols = valuesOn(act, view.colAxis).filter((c) => colIds.has(c));
    if (!rows.length || !cols.length) view.unplaced.push(act);
    for (const r of rows) {
      for (const c of cols) {
        const key = cellKey(r, c);
        if (!view.cells.has(key)) view.cells.set(key, []);
        view.cells.get(key).push(act);
      }
    }
  }
  return view;
}

export function cell(view, row, col) {
  return view.cells.get(cellKey(row, col)) || [];
}

export function rowCount(view, row, keep = () => true) {
  const ids = new Set();
  for (const c of view.cols) for (const a of cell(view, row, c.id)) if (keep(a)) ids.add(a.id);
  return ids.size;
}

export function colCount(view, col, keep = () => true) {
  const ids = new Set();
  for (const r of view.rows) for (const a of cell(view, r.id, col)) if (keep(a)) ids.add(a.id);
  return ids.size;
}

// The new value of an activity's axis field when it moves from band `from` to band `to`
// (from may be null for an unplaced card). Multi-valued: the source value is replaced by the target's.
function movedValue(activity, axis, from, to) {
  const info = axisInfo(axis);
  if (!info.multi) return to;
  const current = valuesOn(activity, axis);
  const out = [];
  let placed = false;
  for (const v of current) {
    if (v === from || v === to) {
      if (!placed) out.push(to);
      placed = true;
    } else out.push(v);
  }
  if (!placed) out.push(to);
  return out;
}

// The field changes (as [{field, value}]) that move an activity from one cell to another.
export function moveChanges(activity, view, from, to) {
  const changes = [];
  for (const [axis, a, b] of [
    [view.rowAxis, from.row, to.row],
    [view.colAxis, from.col, to.col],
  ]) {
    if (a === b && valuesOn(activity, axis).includes(b)) continue;
    const field = axisInfo(axis).field;
    const value = movedValue(activity, axis, a, b);
    const before = activity[field];
    if (JSON.stringify(before ?? null) !== JSON.stringify(value)) changes.push({ field, value });
  }
  return changes;
}

// Field values that put a new activity in a cell.
export function cellFields(view, row, col) {
  const fields = {};
  for (const [axis, value] of [
    [view.rowAxis, row],
    [view.colAxis, col],
  ]) {
    const info = axisInfo(axis);
    fields[info.field] = info.multi ? [value] : value;
  }
  return fields;
}
