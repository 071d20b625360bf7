/**
 * The Excel side of the task pane: the workspace's activities as an Excel table in the open workbook, kept
 * in sync both ways through a SyncClient.
 *
 * - The table ("Activiteiten" on the sheet "Activiteiten") has the partner template's columns in order;
 *   column A holds the activity id (hidden). Drop-down lists come from named ranges `lijst_<bron>` on the
 *   hidden sheet "Lijsten", as in the template.
 * - User edits arrive as the sheet's `onChanged` events. Only edits made here count (`event.source` is
 *   `Excel.EventSource.local`): a co-author's edit reaches us through the server, never twice. One event
 *   (typing one cell, pasting a block of 20 rows, clearing a range) becomes ONE mutation.
 * - Everything the pane writes is written with `context.runtime.enableEvents = false`, and an edit is
 *   compared with the view (what the server has plus our pending edits), so the pane's own writes never
 *   come back as mutations (no echo).
 * - Every Excel.run goes through one queue, so an edit is read and sent before the next write happens.
 */
import { excelSafe, parseAddress, columnLetter } from "./cells.js";
import { TableModel } from "./table-model.js";

export const MAX_OPS = 2000; // per mutation (docs/protocol.md)
const MAX_ROWS_READ = 20000; // an edit of whole columns reads at most this many rows
const BULK_WRITES = 200; // more cell runs than this: write the whole body at once

/** Split ops into mutations of at most MAX_OPS operations (a paste over that size cannot be one). */
export function batches(ops, size = MAX_OPS) {
  const out = [];
  for (let i = 0; i < ops.length; i += size) out.push(ops.slice(i, i + size));
  return out;
}

export class ExcelPane extends EventTarget {
  /**
   * @param {object} options
   * @param {object} options.client a SyncClient that is connected (or connecting) to the workspace
   * @param {object} options.config the pane config from the server (columns, lists, sheet and table names)
   * @param {{partner?: string}} [options.me] the signed-in member
   * @param {object} [options.Excel] the Excel namespace (office.js; injectable for tests)
   */
  constructor({ client, config, me = {}, Excel = globalThis.Excel }) {
    super();
    Object.assign(this, { client, config, Excel });
    this.model = new TableModel(config, me);
    this._chain = Promise.resolve();
    this._renderQueued = false;
    this._listsSignature = "";
    this._handlers = [];
    this.ignored = 0; // co-author (remote) change events ignored: for the status line and the tests
    this.pending = new Map(); // n -> {labels, at}
    this._pendingNo = 0;
    this._onChange = () => this.scheduleRender();
  }

  /** Run `fn(ctx)` inside Excel.run, after everything queued before it. */
  enqueue(fn) {
    const run = this._chain.then(() => this.Excel.run((ctx) => fn(ctx)));
    this._chain = run.catch((err) => this._emit("problem", { message: `Excel: ${err?.message ?? err}` }));
    return run;
  }

  /** Create (or take over) the table, write the view into it and start listening. Call after the snapshot. */
  async start() {
    await this.enqueue(async (ctx) => {
      const { sheet, table, created } = await this._ensureTable(ctx);
      if (!created) {
        const body = table.getDataBodyRange();
        body.load("values");
        await ctx.sync();
        this.model.load(body.values);
      }
      await this._writeLists(ctx, table);
      this._handlers.push(sheet.onChanged.add((event) => this.onChanged(event)));
      if (sheet.onSelectionChanged) this._handlers.push(sheet.onSelectionChanged.add((event) => this.onSelection(event)));
      await ctx.sync();
      await this._render(ctx);
    });
    this.client.addEventListener("change", this._onChange);
  }

  /** Stop listening to Excel and to the client (the table stays in the workbook). */
  async stop() {
    this.client.removeEventListener("change", this._onChange);
    for (const h of this._handlers.splice(0)) {
      try {
        await this.Excel.run(h.context, async (ctx) => {
          h.remove();
          await ctx.sync();
        });
      } catch {
        /* the workbook is gone or the handler was removed already */
      }
    }
  }

  // --- Excel -> server ----------------------------------------------------------------------------------

  /** The sheet's onChanged handler. */
  onChanged(event) {
    if (event.source !== this.Excel.EventSource.local) {
      this.ignored++; // a co-author's change: it reaches us through the server
      return Promise.resolve();
    }
    const structural = event.changeType && event.changeType !== "RangeEdited";
    return this.enqueue(async (ctx) => {
      if (structural) await this._reload(ctx);
      else await this._edited(ctx, event.address);
      await this._render(ctx);
    });
  }

  async _edited(ctx, address) {
    const { sheet, table } = this._objects(ctx);
    const body = table.getDataBodyRange();
    body.load("rowIndex,columnIndex,rowCount");
    await ctx.sync();
    const { rowIndex: top, columnIndex: left, rowCount } = body;
    const { row0, row1, col0, col1 } = parseAddress(address);
    const width = this.model.width;
    if (col1 < left || col0 > left + width - 1 || row1 < top) return;
    if (rowCount < this.model.rowIds.length) {
      await this._reload(ctx); // rows were removed from the table meanwhile
    }
    const first = Math.max(row0, top) - top;
    const known = this.model.rowIds.length;
    if (first > Math.max(known, rowCount)) return; // below the table, not adjacent to it
    const last = Math.min(row1 - top, Math.max(known, rowCount) + MAX_ROWS_READ);
    const range = sheet.getRangeByIndexes(top + first, left, last - first + 1, width);
    range.load("values");
    await ctx.sync();
    const before = this.model.rowIds.length;
    const { ops, problems, labels } = this.model.edit({
      firstRow: first, rows: range.values, col0: col0 - left, col1: col1 - left, view: this.client,
    });
    // rows typed below the table become table rows (unless Excel already grew the table itself)
    const grow = this.model.rowIds.length - Math.max(before, rowCount);
    if (grow > 0) {
      const start = Math.max(before, rowCount);
      const rows = this.model.shadow.slice(start, start + grow);
      await this._quiet(ctx, () => {
        sheet.getRangeByIndexes(top + start, left, grow, width).clear("Contents");
        table.rows.add(null, rows.map((r) => r.map(excelSafe)));
      });
    }
    for (const p of problems) this._emit("problem", p);
    if (ops.length) this._send(ops, labels);
  }

  _send(ops, labels) {
    for (const chunk of batches(ops)) {
      const n = ++this._pendingNo;
      this.pending.set(n, { labels: chunk === ops ? labels : [`${chunk.length} wijzigingen`], at: Date.now() });
      this._emit("pending", { pending: this.pending });
      this.client.mutate(chunk).then((result) => {
        this.pending.delete(n);
        this._emit("pending", { pending: this.pending });
        if (result?.reject) {
          const reason = result.reject.reason || "De server heeft de wijziging geweigerd.";
          this._emit("problem", { message: `Teruggezet: ${reason}`, rejected: true });
        }
      });
    }
  }

  /** The selection's onSelectionChanged: tell the others which activity and field we are on. */
  onSelection(event) {
    let where;
    try {
      where = parseAddress(event.address);
    } catch {
      return;
    }
    // the table starts at A1 when the pane made it; for a taken-over table the offsets come from the body
    const top = this._top ?? 1;
    const left = this._left ?? 0;
    const id = this.model.rowIds[where.row0 - top] ?? null;
    const col = this.model.columns[where.col0 - left];
    const field = col && !col.key.startsWith("_") ? col.key : null;
    this.client.setPresence({ card: id, field: id ? field : null });
  }

  // --- server -> Excel ----------------------------------------------------------------------------------

  /** Write the view into the table soon (coalesced: one render for a burst of changes). */
  scheduleRender() {
    if (this._renderQueued) return this._chain;
    this._renderQueued = true;
    return this.enqueue(async (ctx) => {
      this._renderQueued = false;
      await this._render(ctx);
    });
  }

  async _render(ctx) {
    const { sheet, table } = this._objects(ctx);
    const body = table.getDataBodyRange();
    body.load("rowIndex,columnIndex,rowCount");
    await ctx.sync();
    if (body.rowCount !== this.model.rowIds.length) {
      await this._reload(ctx); // the table changed under us: take over what it holds
      body.load("rowIndex,columnIndex,rowCount");
      await ctx.sync();
    }
    const { rowIndex: top, columnIndex: left } = body;
    Object.assign(this, { _top: top, _left: left });
    const plan = this.model.plan(this.client);
    if (plan.vocab.signature() !== this._listsSignature) await this._writeLists(ctx, table, plan.vocab);
    if (!plan.remove.length && !plan.append.length && !plan.writes.length) return;
    const width = this.model.width;
    await this._quiet(ctx, () => {
      for (const i of plan.remove) table.rows.getItemAt(i).delete();
      if (plan.writes.length > BULK_WRITES) {
        const kept = this.model.shadow.length - plan.append.length;
        if (kept > 0) sheet.getRangeByIndexes(top, left, kept, width).values = this.model.shadow.slice(0, kept).map((r) => r.map(excelSafe));
      } else {
        for (const w of plan.writes) {
          sheet.getRangeByIndexes(top + w.row, left + w.col, 1, w.values.length).values = [w.values.map(excelSafe)];
        }
      }
      if (plan.append.length) table.rows.add(null, plan.append.map((r) => r.map(excelSafe)));
    });
    this._emit("rendered", { rows: this.model.rowIds.length });
  }

  /** Read the whole table again (rows inserted or deleted by the user, a reopened workbook). */
  async _reload(ctx) {
    const { table } = this._objects(ctx);
    const body = table.getDataBodyRange();
    body.load("values");
    await ctx.sync();
    this.model.load(body.values);
  }

  /** Run `write()` (which queues writes on ctx) with Excel's events off, so our writes raise no events. */
  async _quiet(ctx, write) {
    ctx.runtime.enableEvents = false;
    try {
      write();
      await ctx.sync();
    } finally {
      ctx.runtime.enableEvents = true;
      await ctx.sync();
    }
  }

  _objects(ctx) {
    const sheet = ctx.workbook.worksheets.getItem(this.config.sheet);
    const table = ctx.workbook.tables.getItem(this.config.table);
    return { sheet, table };
  }

  /** The sheet and table, made when missing (header plus every activity in the view, like the template). */
  async _ensureTable(ctx) {
    const { config, model } = this;
    const sheets = ctx.workbook.worksheets;
    const found = sheets.getItemOrNullObject(config.sheet);
    const foundTable = ctx.workbook.tables.getItemOrNullObject(config.table);
    await ctx.sync();
    if (!foundTable.isNullObject) {
      const header = foundTable.getHeaderRowRange();
      header.load("values");
      await ctx.sync();
      const have = (header.values[0] ?? []).map((h) => String(h).trim());
      if (have.join("\u0001") !== model.headers.join("\u0001")) {
        throw new Error(`de tabel '${config.table}' heeft andere kolommen dan de matrixsync-tabel; hernoem of verwijder haar eerst`);
      }
      return { sheet: found.isNullObject ? sheets.getItem(config.sheet) : found, table: foundTable, created: false };
    }
    const width = model.width;
    let sheet = found;
    await this._quiet(ctx, () => {
      if (found.isNullObject) sheet = sheets.add(config.sheet);
      const plan = model.plan(this.client); // every activity, in name order
      const rows = plan.append.length ? plan.append : [new Array(width).fill("")];
      if (!plan.append.length) model.load(rows);
      sheet.getRangeByIndexes(0, 0, 1, width).values = [model.headers];
      sheet.getRangeByIndexes(1, 0, rows.length, width).values = rows.map((r) => r.map(excelSafe));
      const table = sheet.tables.add(`A1:${columnLetter(width - 1)}${rows.length + 1}`, true);
      table.name = config.table;
      sheet.getRange("A:A").columnHidden = true;
      config.columns.forEach((col, c) => {
        sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = Math.round(col.width * 6.5);
      });
      sheet.freezePanes?.freezeRows?.(1);
      sheet.activate?.();
    });
    return { sheet, table: ctx.workbook.tables.getItem(config.table), created: true };
  }

  /** The drop-down lists: the hidden sheet "Lijsten" with one named range per list, and the validations. */
  async _writeLists(ctx, table, vocab = this.model.vocabulary(this.client)) {
    const { config } = this;
    const names = ctx.workbook.names;
    const found = ctx.workbook.worksheets.getItemOrNullObject(config.listsSheet);
    const existing = config.lists.map((l) => names.getItemOrNullObject(l.name));
    await ctx.sync();
    await this._quiet(ctx, () => {
      let lists = found;
      if (found.isNullObject) lists = ctx.workbook.worksheets.add(config.listsSheet);
      else lists.getRange("A:Z").clear("Contents");
      lists.visibility = "Hidden";
      config.lists.forEach((list, n) => {
        const labels = vocab.labels(list.source);
        lists.getRangeByIndexes(0, n, 1, 1).values = [[list.label]];
        if (labels.length) lists.getRangeByIndexes(1, n, labels.length, 1).values = labels.map((l) => [excelSafe(l)]);
        if (!existing[n].isNullObject) existing[n].delete();
        const letter = columnLetter(n);
        names.add(list.name, lists.getRange(`${letter}2:${letter}${Math.max(2, labels.length + 1)}`));
      });
      config.columns.forEach((col, c) => {
        const rule = validationOf(col, config);
        if (!rule) return;
        const dv = table.columns.getItemAt(c).getDataBodyRange().dataValidation;
        dv.clear();
        dv.rule = rule.rule;
        dv.errorAlert = rule.errorAlert;
        dv.prompt = rule.prompt;
      });
    });
    this._listsSignature = vocab.signature();
  }

  _emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

/** The data validation of a column, as the partner template has it (server/office/xlsx_template.py). */
export function validationOf(col, config) {
  const title = col.header.slice(0, 32);
  if ((col.kind === "choice" || col.kind === "multi") && col.source) {
    const list = config.lists.find((l) => l.source === col.source);
    const multi = col.kind === "multi";
    return {
      rule: { list: { inCellDropDown: true, source: `=${list.name}` } },
      prompt: { showPrompt: true, title, message: (col.help || `Kies uit de lijst.${multi ? " Meerdere waarden: scheid ze met ;" : ""}`).slice(0, 255) },
      errorAlert: {
        showAlert: true,
        style: multi ? "Warning" : "Stop",
        title: "Niet in de lijst",
        message: multi
          ? "Deze waarde staat niet in de lijst. Meerdere waarden scheidt u met ; — kies 'Ja' om ze te bewaren."
          : "Kies een waarde uit de lijst. Ontbreekt er een? Vraag de coördinator van de gemeente.",
      },
    };
  }
  if (col.kind === "delete") {
    return {
      rule: { list: { inCellDropDown: true, source: config.deleteMark } },
      prompt: { showPrompt: true, title, message: col.help.slice(0, 255) },
      errorAlert: { showAlert: true, style: "Stop", title: "Verwijderen", message: `Typ '${config.deleteMark}' om de activiteit te verwijderen, of laat de cel leeg.` },
    };
  }
  if (col.kind === "int" || col.kind === "float") {
    const kind = col.kind === "int" ? "wholeNumber" : "decimal";
    return {
      rule: { [kind]: { formula1: 0, formula2: col.kind === "int" ? 10000000 : 10000000000, operator: "Between" } },
      prompt: { showPrompt: !!col.help, title, message: col.help.slice(0, 255) },
      errorAlert: { showAlert: true, style: "Stop", title: "Geen geldig getal", message: col.help || "Vul een getal in." },
    };
  }
  return null;
}
