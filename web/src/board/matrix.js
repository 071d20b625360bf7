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

// One collator for every sort: `a.localeCompare(b, "nl")` is defined as `new Intl.Collator("nl").compare(a, b)`,
// but builds (or looks up) a collator on every call
const dutch = new Intl.Collator("nl");
const nameKey = (a) => String(a.name).toLowerCase();

/** The activities by name (case-insensitive, Dutch collation); equal names keep the client's order. */
export function sortedActivities(client) {
  return client
    .list("activity")
    .map((a) => [nameKey(a), a])
    .sort((x, y) => dutch.compare(x[0], y[0]))
    .map((pair) => pair[1]);
}

const RESORT = 100; // more renamed activities than this: sort all again

/**
 * sortedActivities(client) with a memory: the same order, but when the client lists the same activities in
 * the same order as last time, only the renamed ones are taken out and put back in their place (a binary
 * search), instead of sorting thousands of names again on every render. Exact: the order is by (name key,
 * position in the client's list), which is what the stable sort gives, and the positions did not change.
 */
export function createActivitySorter() {
  let memo = null; // {ids: list order, keys: id -> name key, objs: id -> object, order: sorted ids}
  return function sorted(client) {
    const list = client.list("activity");
    const objs = new Map();
    for (const a of list) objs.set(a.id, a);
    let renamed = null;
    if (memo && memo.ids.length === list.length && list.every((a, i) => memo.ids[i] === a.id)) {
      renamed = [];
      for (const a of list) {
        if (memo.objs.get(a.id) === a) continue; // the client replaces an object when it changes
        const key = nameKey(a);
        if (key !== memo.keys.get(a.id)) {
          memo.keys.set(a.id, key);
          renamed.push(a.id);
        }
      }
      if (renamed.length > RESORT) renamed = null;
    }
    if (renamed === null) {
      const keys = new Map(list.map((a) => [a.id, nameKey(a)]));
      const order = list.map((a) => a.id).sort((x, y) => dutch.compare(keys.get(x), keys.get(y)));
      memo = { ids: list.map((a) => a.id), keys, objs, order };
    } else {
      if (renamed.length) {
        const index = new Map(list.map((a, i) => [a.id, i]));
        const cmp = (x, y) => dutch.compare(memo.keys.get(x), memo.keys.get(y)) || index.get(x) - index.get(y);
        const out = new Set(renamed);
        const order = memo.order.filter((id) => !out.has(id));
        for (const id of renamed) {
          let lo = 0;
          let hi = order.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cmp(order[mid], id) < 0) lo = mid + 1;
            else hi = mid;
          }
          order.splice(lo, 0, id);
        }
        memo.order = order;
      }
      memo.objs = objs;
    }
    return memo.order.map((id) => objs.get(id));
  };
}


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
    cells: new Map(), // row id -> Map(col id -> activities)
    unplaced: [],
  };
  const rowIds = new Set(view.rows.map((b) => b.id));
  const colIds = new Set(view.cols.map((b) => b.id));
  for (const act of activities) {
    const rows = valuesOn(act, view.rowAxis).filter((r) => rowIds.has(r));
    const cols = valuesOn(act, view.colAxis).filter((c) => colIds.has(c));
    if (!rows.length || !cols.length) view.unplaced.push(act);
    for (const r of rows) {
      let row = view.cells.get(r);
      if (!row) view.cells.set(r, (row = new Map()));
      for (const c of cols) {
        const list = row.get(c);
        if (list) list.push(act);
        else row.set(c, [act]);
      }
    }
  }
  return view;
}

/**
 * What a view's table is made of besides its cards: the axes and the rows' and columns' ids and labels.
 * The board keeps its table (and updates only the cells) while this stays the same.
 */
export function viewSignature(view) {
  const bandsOf = (list) => list.map((b) => [b.id, b.label]);
  return JSON.stringify([view.rowAxis, view.colAxis, bandsOf(view.rows), bandsOf(view.cols)]);
}

const NONE = Object.freeze([]);

/** The activities in a cell (a frozen empty list for a white spot). */
export function cell(view, row, col) {
  return view.cells.get(row)?.get(col) || NONE;
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
