/**
 * The activities table as the Excel pane keeps it, without Excel: which activity each table row holds, what
 * the cells hold, which user edits become which operations, and what must be written to show the view.
 *
 * - `rowIds[i]` is the activity of body row i, or null for a *draft* row (typed by the user, not an activity
 *   yet: it becomes one once it has a name).
 * - `shadow[i]` is what body row i holds, cell by cell, as far as the pane knows (what it wrote or read).
 *
 * User edits are compared with the *view* (SyncClient: server state plus our pending edits), never with
 * the shadow: a cell that reads back as what the view says is no change, so the pane's own writes can never
 * come back as mutations (echo), whatever Excel reports. A cell that cannot be read (a label not in the list,
 * text in a number column) is not sent: the next render writes the view's value back (rolled back) and the
 * reason is reported.
 */
import { uuid } from "../sync-client.js";
import { CellError, Vocabulary, fromCell, sameValue, toCell } from "./cells.js";

const blank = (v) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
const cellEq = (a, b) => String(a ?? "") === String(b ?? "");

export class TableModel {
  /**
   * @param {object} config the pane config (columns, lists, enums, deleteMark, multiSep)
   * @param {{partner?: string}} [me] the signed-in member: new rows without a partner get theirs
   */
  constructor(config, me = {}) {
    this.config = config;
    this.me = me;
    this.columns = config.columns;
    this.width = this.columns.length;
    this.idCol = this.columns.findIndex((c) => c.kind === "id");
    this.deleteCol = this.columns.findIndex((c) => c.kind === "delete");
    this.nameCol = this.columns.findIndex((c) => c.key === "name");
    this.headers = this.columns.map((c) => c.header);
    this.rowIds = [];
    this.shadow = [];
  }

  vocabulary(view) {
    return new Vocabulary(view, this.config);
  }

  /** The cells of one activity's row. */
  rowValues(activity, vocab) {
    return this.columns.map((col) => {
      if (col.kind === "id") return activity.id;
      if (col.kind === "delete") return "";
      return toCell(col, activity[col.key], vocab, this.config.multiSep);
    });
  }

  /** Take over what the table holds (start, reopened workbook, rows inserted or deleted by the user). */
  load(bodyValues) {
    const seen = new Set();
    this.rowIds = bodyValues.map((row) => {
      const id = blank(row[this.idCol]) ? null : String(row[this.idCol]);
      if (id === null || seen.has(id)) return null; // a copied row (with its hidden id) is a new draft
      seen.add(id);
      return id;
    });
    this.shadow = bodyValues.map((row) => [...row]);
  }

  rowOf(id) {
    return this.rowIds.indexOf(id);
  }

  /**
   * Turn an edit of the sheet into operations.
   * @param {object} edit
   * @param {number} edit.firstRow body index of `edit.rows[0]` (may be >= rowIds.length: rows below the table)
   * @param {any[][]} edit.rows full-width rows as read from the sheet (table columns only)
   * @param {number} edit.col0 first changed column (table column index)
   * @param {number} edit.col1 last changed column
   * @param {object} view the SyncClient (get/list)
   * @returns {{ops: object[], problems: {row: number, col: number, message: string}[], added: number,
   *   labels: string[]}} `added`: how many rows below the table now belong to it (rowIds grew by that many)
   */
  edit({ firstRow, rows, col0, col1, view }) {
    const vocab = this.vocabulary(view);
    const ops = [];
    const problems = [];
    const labels = [];
    const before = this.rowIds.length;
    const lo = Math.max(0, col0);
    const hi = Math.min(this.width - 1, col1);
    rows.forEach((values, k) => {
      const i = firstRow + k;
      if (i > this.rowIds.length) return; // not adjacent to the table: not ours
      if (i === this.rowIds.length) {
        if (values.every(blank)) return; // an empty row below the table stays outside it
        this.rowIds.push(null);
        this.shadow.push(new Array(this.width).fill(""));
      }
      const id = this.rowIds[i];
      const activity = id === null ? undefined : view.get("activity", id);
      if (id === null || !activity) {
        // a draft (or a row whose activity is gone): the whole row is read; a name makes it an activity
        this.shadow[i] = values.map((v, c) => (c === this.idCol ? this.shadow[i][c] : v));
        if (id !== null) return; // deleted meanwhile: the render removes the row
        const created = this._create(i, values, vocab, problems);
        if (created) {
          ops.push(created);
          labels.push(`nieuwe activiteit '${created.fields.name}'`);
        }
        return;
      }
      for (let c = lo; c <= hi; c++) {
        if (c === this.idCol) {
          this.shadow[i][c] = values[c]; // never read as a change: the render writes the id back
          continue;
        }
        const raw = values[c];
        this.shadow[i][c] = raw;
        const col = this.columns[c];
        if (c === this.deleteCol) {
          if (blank(raw)) continue;
          if (String(raw).trim().toLowerCase() === this.config.deleteMark) {
            ops.push({ op: "delete", type: "activity", id });
            labels.push(`'${activity.name}' verwijderd`);
          } else {
            problems.push({ row: i, col: c, message: `Typ '${this.config.deleteMark}' om de activiteit te verwijderen.` });
          }
          continue;
        }
        let value;
        try {
          value = fromCell(col, raw, vocab);
        } catch (err) {
          if (!(err instanceof CellError)) throw err;
          problems.push({ row: i, col: c, message: `${col.header} van '${activity.name}': ${err.message}` });
          continue;
        }
        if (!sameValue(value, activity[col.key])) {
          ops.push({ op: "set", type: "activity", id, field: col.key, value });
          labels.push(`${col.header} van '${activity.name}'`);
        }
      }
    });
    // an activity deleted in this edit is not also changed
    const deleted = new Set(ops.filter((o) => o.op === "delete").map((o) => o.id));
    const kept = ops.filter((o) => o.op !== "set" || !deleted.has(o.id));
    return { ops: kept, problems, added: this.rowIds.length - before, labels };
  }

  _create(i, values, vocab, problems) {
    const fields = {};
    for (let c = 0; c < this.width; c++) {
      const col = this.columns[c];
      if (col.kind === "id" || col.kind === "delete" || blank(values[c])) continue;
      try {
        fields[col.key] = fromCell(col, values[c], vocab);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        problems.push({ row: i, col: c, message: `${col.header} in rij ${i + 1}: ${err.message}` });
      }
    }
    if (blank(fields.name)) {
      if (Object.keys(fields).length) {
        problems.push({ row: i, col: this.nameCol, message: `Rij ${i + 1} wordt een activiteit zodra er een naam staat.`, draft: true });
      }
      return null;
    }
    if (!fields.partner && this.me.partner) fields.partner = this.me.partner;
    const id = uuid();
    this.rowIds[i] = id;
    return { op: "create", type: "activity", id, fields };
  }

  /**
   * What must change in the table to show the view: rows to delete (body indexes, highest first), rows to
   * append (values), and cell writes `{row, col, values: [...]}` (runs of adjacent cells in one row).
   * The model (rowIds, shadow) is updated as if all of it was written.
   */
  plan(view) {
    const vocab = this.vocabulary(view);
    const remove = [];
    this.rowIds.forEach((id, i) => {
      if (id !== null && !view.get("activity", id)) remove.push(i);
    });
    remove.sort((a, b) => b - a);
    for (const i of remove) {
      this.rowIds.splice(i, 1);
      this.shadow.splice(i, 1);
    }
    const present = new Set(this.rowIds);
    const fresh = view
      .list("activity")
      .filter((a) => !present.has(a.id))
      .sort((a, b) => String(a.name ?? "").localeCompare(String(b.name ?? ""), "nl") || a.id.localeCompare(b.id));
    const append = fresh.map((a) => this.rowValues(a, vocab));
    const writes = [];
    this.rowIds.forEach((id, i) => {
      if (id === null) return;
      const want = this.rowValues(view.get("activity", id), vocab);
      const have = this.shadow[i];
      let run = null;
      for (let c = 0; c <= this.width; c++) {
        const differs = c < this.width && !cellEq(want[c], have[c]);
        if (differs && !run) run = { row: i, col: c, values: [] };
        if (differs) run.values.push(want[c]);
        else if (run) {
          writes.push(run);
          run = null;
        }
      }
      this.shadow[i] = want;
    });
    for (const [k, a] of fresh.entries()) {
      this.rowIds.push(a.id);
      this.shadow.push([...append[k]]);
    }
    return { remove, append, writes, vocab };
  }
}
