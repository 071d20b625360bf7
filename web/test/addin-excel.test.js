// The Excel task pane's logic under node --test: cells <-> field values (the twin of columns.py), the table
// model (edits -> one mutation, echo-free, roll back), and the ExcelPane against office-addin-mock.
import { test } from "node:test";
import assert from "node:assert/strict";
import officeAddinMock from "office-addin-mock";

import { CellError, Vocabulary, columnLetter, excelSafe, formatAddress, fromCell, parseAddress, toCell } from "../src/addin/cells.js";
import { ExcelPane, MAX_OPS, batches, validationOf } from "../src/addin/excel-pane.js";
import { TableModel } from "../src/addin/table-model.js";

const { OfficeMockObject } = officeAddinMock;

// --- test data: the pane config as the server sends it, and a view (what a SyncClient offers) ------------

const CONFIG = {
  columns: [
    { key: "_id", header: "id (niet wijzigen)", width: 12, kind: "id", source: null, help: "" },
    { key: "name", header: "Naam activiteit", width: 34, kind: "text", source: null, help: "" },
    { key: "description", header: "Omschrijving", width: 50, kind: "long", source: null, help: "" },
    { key: "partner", header: "Uitvoerende partner", width: 28, kind: "choice", source: "partner", help: "" },
    { key: "themes", header: "Thema's", width: 36, kind: "multi", source: "theme", help: "Meerdere: scheid met ;" },
    { key: "reach", header: "Bereik per jaar (aantal)", width: 12, kind: "int", source: null, help: "Een heel getal, 0 of meer." },
    { key: "budget", header: "Budget (euro per jaar)", width: 14, kind: "float", source: null, help: "Bedrag in euro, zonder tekens." },
    { key: "status", header: "Status", width: 14, kind: "choice", source: "status", help: "" },
    { key: "areas", header: "Wijk/gebied", width: 18, kind: "multi", source: null, help: "" },
    { key: "_delete", header: "Verwijderen", width: 12, kind: "delete", source: null, help: "Typ 'ja' om deze activiteit te verwijderen." },
  ],
  lists: [
    { source: "partner", label: "Partner", name: "lijst_partner" },
    { source: "theme", label: "Thema", name: "lijst_theme" },
    { source: "status", label: "Status", name: "lijst_status" },
  ],
  axes: ["theme"],
  enums: { status: ["bestaand", "nieuw", "uitbreiden", "afbouwen", "stoppen"] },
  deleteMark: "ja",
  multiSep: "; ",
  sheet: "Activiteiten",
  table: "Activiteiten",
  listsSheet: "Lijsten",
};

/** The part of SyncClient the pane reads (get/list) plus a recorded mutate(). */
class FakeView extends EventTarget {
  constructor(objects = {}) {
    super();
    this.objects = new Map();
    for (const [type, list] of Object.entries(objects)) for (const o of list) this.objects.set(o.id, { ...o, _type: type });
    this.mutations = [];
    this.presence = new Map();
    this.presenceSent = [];
    this.reject = null; // set to make the next mutate() be refused
  }

  get(type, id) {
    const o = this.objects.get(id);
    return o && o._type === type && !o._deleted ? o : undefined;
  }

  list(type, { deleted = false } = {}) {
    return [...this.objects.values()].filter((o) => o._type === type && (deleted || !o._deleted));
  }

  /** Apply optimistically, like SyncClient's view. */
  mutate(ops) {
    this.mutations.push(ops);
    if (this.reject) {
      const reason = this.reject;
      this.reject = null;
      return Promise.resolve({ reject: { reason } });
    }
    for (const op of ops) {
      if (op.op === "create") this.objects.set(op.id, { ...op.fields, id: op.id, _type: op.type });
      if (op.op === "set") this.objects.set(op.id, { ...this.objects.get(op.id), [op.field]: op.value });
      if (op.op === "delete") this.objects.set(op.id, { ...this.objects.get(op.id), _deleted: true });
    }
    return Promise.resolve({ ack: { seq: 1 } });
  }

  setPresence(p) {
    this.presenceSent.push(p);
  }
}

function demoView() {
  return new FakeView({
    partner: [
      { id: "p-cjg", name: "CJG Voorbeeld" },
      { id: "p-jgz", name: "JGZ Voorbeeld" },
    ],
    axis_value: [
      { id: "t-1", axis: "theme", label: "Opvoeden", position: 1, retired: false },
      { id: "t-2", axis: "theme", label: "Mentale gezondheid", position: 2, retired: false },
      { id: "t-old", axis: "theme", label: "Vervallen thema", position: 3, retired: true },
    ],
    outcome: [],
    activity: [
      { id: "a-1", name: "Opvoedspreekuur", description: "Elke dinsdag", partner: "p-cjg", themes: ["t-1"], reach: 120, budget: 1500.5, status: "bestaand", areas: [] },
      { id: "a-2", name: "Consultatiebureau", description: "", partner: "p-jgz", themes: [], reach: null, budget: null, status: null, areas: ["Noord", "Zuid"] },
    ],
  });
}

const column = (key) => CONFIG.columns.find((c) => c.key === key);
const at = (key) => CONFIG.columns.findIndex((c) => c.key === key);

// --- cells ---------------------------------------------------------------------------------------------

test("field values become cells and read back as themselves", () => {
  const view = demoView();
  const vocab = new Vocabulary(view, CONFIG);
  const a1 = view.get("activity", "a-1");
  for (const key of ["name", "partner", "themes", "reach", "budget", "status", "areas"]) {
    const cell = toCell(column(key), a1[key], vocab);
    assert.deepEqual(fromCell(column(key), cell, vocab), a1[key] ?? (key === "areas" ? [] : a1[key]), key);
  }
  assert.equal(toCell(column("partner"), "p-cjg", vocab), "CJG Voorbeeld");
  assert.equal(toCell(column("areas"), ["Noord", "Zuid"], vocab), "Noord; Zuid");
  assert.equal(toCell(column("reach"), null, vocab), "");
});

test("cells are read leniently where Excel is and strictly otherwise, with Dutch messages", () => {
  const vocab = new Vocabulary(demoView(), CONFIG);
  assert.equal(fromCell(column("partner"), "  cjg   VOORBEELD ", vocab), "p-cjg");
  assert.deepEqual(fromCell(column("themes"), "Mentale gezondheid;opvoeden; Opvoeden", vocab), ["t-2", "t-1"]);
  assert.equal(fromCell(column("reach"), "1250", vocab), 1250);
  assert.equal(fromCell(column("reach"), 1250, vocab), 1250);
  assert.equal(fromCell(column("budget"), "€ 1.250,50", vocab), 1250.5);
  assert.equal(fromCell(column("reach"), "", vocab), null);
  assert.deepEqual(fromCell(column("themes"), " ", vocab), []);
  assert.throws(() => fromCell(column("reach"), "veel", vocab), (e) => e instanceof CellError && /geen getal/.test(e.message));
  assert.throws(() => fromCell(column("reach"), 12.5, vocab), /geen geheel getal/);
  assert.throws(() => fromCell(column("partner"), "Politie", vocab), /staat niet in de lijst; kies uit: CJG Voorbeeld, JGZ Voorbeeld/);
  assert.throws(() => fromCell(column("themes"), "Vervallen thema", vocab), /staat niet in de lijst/, "retired values are not offered");
  assert.throws(() => fromCell(column("name"), "=HYPERLINK(1)", vocab), /formule/);
  assert.equal(vocab.label("theme", "t-old"), "Vervallen thema", "an old value still shows as itself");
});

test("text that Excel would change gets the apostrophe; addresses", () => {
  assert.equal(excelSafe("=1+1"), "'=1+1");
  assert.equal(excelSafe("0123"), "'0123");
  assert.equal(excelSafe("WAAR"), "'WAAR");
  assert.equal(excelSafe("Opvoedspreekuur"), "Opvoedspreekuur");
  assert.equal(excelSafe(120), 120);
  assert.equal(columnLetter(0), "A");
  assert.equal(columnLetter(27), "AB");
  assert.deepEqual(parseAddress("Activiteiten!B5:D24"), { row0: 4, col0: 1, row1: 23, col1: 3 });
  assert.deepEqual(parseAddress("C7"), { row0: 6, col0: 2, row1: 6, col1: 2 });
  assert.equal(parseAddress("'Mijn blad'!A:C").row1, 1048575);
  assert.equal(formatAddress({ row0: 0, col0: 0, row1: 80, col1: 27 }), "A1:AB81");
});

// --- the table model -----------------------------------------------------------------------------------

function loaded(view = demoView()) {
  const model = new TableModel(CONFIG, { partner: "p-cjg" });
  const plan = model.plan(view); // an empty table: every activity is appended
  return { model, view, rows: plan.append };
}

test("the first plan appends every activity in name order, with the id in the hidden column", () => {
  const { model, rows } = loaded();
  assert.deepEqual(rows.map((r) => r[0]), ["a-2", "a-1"]); // Consultatiebureau, Opvoedspreekuur
  assert.deepEqual(model.rowIds, ["a-2", "a-1"]);
  assert.equal(rows[1][at("partner")], "CJG Voorbeeld");
  assert.equal(rows[1][at("themes")], "Opvoeden");
});

test("typing a cell is one set op; writing back what the view has is no op (no echo)", () => {
  const { model, view, rows } = loaded();
  const reach = at("reach");
  const edited = rows.map((r) => [...r]);
  edited[1][reach] = 99;
  const out = model.edit({ firstRow: 1, rows: [edited[1]], col0: reach, col1: reach, view });
  assert.deepEqual(out.ops, [{ op: "set", type: "activity", id: "a-1", field: "reach", value: 99 }]);
  assert.deepEqual(out.problems, []);
  // the same cells as the view has them (our own write, or a co-author's identical one): nothing to send
  const again = model.edit({ firstRow: 0, rows, col0: 0, col1: model.width - 1, view });
  assert.deepEqual(again.ops, []);
});

test("a paste of 20 rows below the table is one batch of 20 creates, partner defaulting to the member's", () => {
  const { model, view } = loaded();
  const block = Array.from({ length: 20 }, (_, i) => {
    const row = new Array(model.width).fill("");
    row[at("name")] = `Nieuw ${i}`;
    row[at("reach")] = i;
    if (i % 2) row[at("partner")] = "JGZ Voorbeeld";
    return row;
  });
  const out = model.edit({ firstRow: 2, rows: block, col0: at("name"), col1: at("reach"), view });
  assert.equal(out.ops.length, 20);
  assert.ok(out.ops.every((op) => op.op === "create" && op.type === "activity"));
  assert.equal(out.ops[0].fields.partner, "p-cjg");
  assert.equal(out.ops[1].fields.partner, "p-jgz");
  assert.equal(out.ops[3].fields.reach, 3);
  assert.equal(model.rowIds.length, 22);
  assert.deepEqual(model.rowIds.slice(2), out.ops.map((op) => op.id));
  assert.deepEqual(batches(out.ops).length, 1);
  assert.equal(batches(new Array(MAX_OPS * 2 + 1).fill(0)).length, 3, "over 2,000 ops: split");
});

test("rows not adjacent to the table are not taken; a row without a name stays a draft", () => {
  const { model, view } = loaded();
  const row = new Array(model.width).fill("");
  row[at("description")] = "Nog zonder naam";
  const far = model.edit({ firstRow: 5, rows: [row], col0: 0, col1: model.width - 1, view });
  assert.deepEqual(far, { ops: [], problems: [], added: 0, labels: [] });
  const draft = model.edit({ firstRow: 2, rows: [row], col0: at("description"), col1: at("description"), view });
  assert.deepEqual(draft.ops, []);
  assert.equal(draft.added, 1);
  assert.equal(model.rowIds[2], null);
  assert.match(draft.problems[0].message, /zodra er een naam staat/);
  const named = [...row];
  named[at("name")] = "Nu met naam";
  const made = model.edit({ firstRow: 2, rows: [named], col0: at("name"), col1: at("name"), view });
  assert.equal(made.ops.length, 1);
  assert.equal(made.ops[0].fields.description, "Nog zonder naam");
});

test("a cell that cannot be read is not sent and the next plan writes the view's value back", () => {
  const { model, view, rows } = loaded();
  const reach = at("reach");
  const row = [...rows[1]];
  row[reach] = "heel veel";
  const out = model.edit({ firstRow: 1, rows: [row], col0: reach, col1: reach, view });
  assert.deepEqual(out.ops, []);
  assert.match(out.problems[0].message, /Bereik per jaar \(aantal\) van 'Opvoedspreekuur': 'heel veel' is geen getal/);
  const plan = model.plan(view);
  assert.deepEqual(plan.writes, [{ row: 1, col: reach, values: [120] }]);
});

test("a refused edit is rolled back: the view falls back, the plan rewrites the cell", async () => {
  const { model, view, rows } = loaded();
  const name = at("name");
  const row = [...rows[1]];
  row[name] = "Andere naam";
  const out = model.edit({ firstRow: 1, rows: [row], col0: name, col1: name, view });
  assert.equal(out.ops.length, 1);
  // the pane applies nothing itself: the SyncClient's view did not change because the server refused
  assert.deepEqual(model.plan(view).writes, [{ row: 1, col: name, values: ["Opvoedspreekuur"] }]);
});

test("remote changes are planned as cell writes, new and deleted activities as rows", () => {
  const { model, view } = loaded();
  view.objects.set("a-1", { ...view.get("activity", "a-1"), reach: 300, description: "Nu ook op donderdag" });
  view.objects.set("a-3", { id: "a-3", _type: "activity", name: "Aaa eerst", partner: "p-jgz" });
  view.objects.set("a-2", { ...view.get("activity", "a-2"), _deleted: true });
  const plan = model.plan(view);
  assert.deepEqual(plan.remove, [0]);
  assert.deepEqual(plan.writes, [
    { row: 0, col: at("description"), values: ["Nu ook op donderdag"] },
    { row: 0, col: at("reach"), values: [300] },
  ]);
  assert.equal(plan.append.length, 1);
  assert.deepEqual(model.rowIds, ["a-1", "a-3"]);
  assert.deepEqual(model.plan(view), { remove: [], append: [], writes: [], vocab: model.plan(view).vocab });
});

test("typing the delete mark deletes; a reopened table is taken over by its ids", () => {
  const { model, view, rows } = loaded();
  const row = [...rows[0]];
  row[at("_delete")] = "JA";
  row[at("reach")] = 5;
  const out = model.edit({ firstRow: 0, rows: [row], col0: at("reach"), col1: at("_delete"), view });
  assert.deepEqual(out.ops, [{ op: "delete", type: "activity", id: "a-2" }]);
  const reopened = new TableModel(CONFIG);
  reopened.load([rows[1], rows[0], [...rows[0]], new Array(model.width).fill("")]);
  assert.deepEqual(reopened.rowIds, ["a-1", "a-2", null, null], "a copied row is a draft, not the same activity");
});

// --- the ExcelPane against office-addin-mock ----------------------------------------------------------------

/**
 * A mock Excel (office-addin-mock) over a small grid: Excel.run, the request context with sync and
 * runtime.enableEvents, the worksheet and table, with ranges that record writes (and whether events were on).
 */
function mockExcel(grid, top = 1) {
  const writes = [];
  const log = [];
  const width = CONFIG.columns.length;
  let body = grid.length;
  let runtime;
  const range = (r, c, rows, cols) => ({
    load() {},
    get values() {
      return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => grid[r - top + i]?.[c + j] ?? ""));
    },
    set values(v) {
      writes.push({ r, c, v, events: runtime.enableEvents });
      v.forEach((row, i) => row.forEach((x, j) => {
        grid[r - top + i] ??= new Array(width).fill("");
        grid[r - top + i][c + j] = x;
      }));
    },
    clear() {
      log.push(["clear", r, rows]);
    },
  });
  const excel = new OfficeMockObject({
    context: {
      runtime: { enableEvents: true },
      workbook: {
        worksheets: { getItem() { return { getRangeByIndexes: range }; } },
        tables: {
          getItem() {
            return {
              getDataBodyRange() {
                return { load() {}, rowIndex: top, columnIndex: 0, rowCount: body };
              },
              rows: {
                add(_, values) {
                  log.push(["add", values.length, runtime.enableEvents]);
                  body += values.length;
                },
                getItemAt(i) {
                  return { delete() { log.push(["delete", i, runtime.enableEvents]); grid.splice(i, 1); body--; } };
                },
              },
            };
          },
        },
      },
    },
    run: async function (fn) {
      return fn(this.context);
    },
  });
  runtime = excel.context.runtime;
  // a scalar in office-addin-mock must be loaded before it is read; Excel's enums are plain values
  excel.EventSource = { local: "Local", remote: "Remote" };
  return { excel, writes, log, grid };
}

test("ExcelPane: a local paste below the table is one mutation, written back with events off", async () => {
  const view = demoView();
  const pane = new ExcelPane({ client: view, config: CONFIG, me: { partner: "p-cjg" }, Excel: null });
  const plan = pane.model.plan(view);
  const grid = plan.append.map((r) => [...r]);
  const { excel, writes, log } = mockExcel(grid);
  pane.Excel = excel;
  pane._listsSignature = pane.model.vocabulary(view).signature(); // as start() leaves it: lists written
  const width = CONFIG.columns.length;
  for (let i = 0; i < 3; i++) {
    const row = new Array(width).fill("");
    row[at("name")] = `Geplakt ${i}`;
    grid.push(row);
  }
  await pane.onChanged({ source: "Local", changeType: "RangeEdited", address: "B4:B6" });
  assert.equal(view.mutations.length, 1);
  assert.deepEqual(view.mutations[0].map((op) => op.op), ["create", "create", "create"]);
  assert.deepEqual(log.filter((l) => l[0] === "add"), [["add", 3, false]], "the rows joined the table with events off");
  assert.ok(writes.length > 0 && writes.every((w) => w.events === false), "every write with events off");
  assert.equal(excel.context.runtime.enableEvents, true, "events are on again afterwards");
  assert.deepEqual(grid.slice(2).map((r) => r[0]), view.mutations[0].map((op) => op.id), "ids written into column A");
});

test("ExcelPane: a co-author's change (source Remote) is ignored without touching Excel", async () => {
  const view = demoView();
  let runs = 0;
  const pane = new ExcelPane({ client: view, config: CONFIG, Excel: { EventSource: { local: "Local" }, run: async () => runs++ } });
  await pane.onChanged({ source: "Remote", changeType: "RangeEdited", address: "B2" });
  assert.equal(runs, 0);
  assert.equal(pane.ignored, 1);
  assert.equal(view.mutations.length, 0);
});

test("ExcelPane: a refused edit is rolled back in the cell and the reason is reported", async () => {
  const view = demoView();
  const pane = new ExcelPane({ client: view, config: CONFIG, Excel: null });
  const grid = pane.model.plan(view).append.map((r) => [...r]);
  const { excel } = mockExcel(grid);
  pane.Excel = excel;
  pane._listsSignature = pane.model.vocabulary(view).signature(); // as start() leaves it: lists written
  const problems = [];
  pane.addEventListener("problem", (e) => problems.push(e.detail.message));
  view.reject = "Activiteit: u mag alleen activiteiten van uw eigen organisatie wijzigen";
  grid[1][at("name")] = "Overgenomen";
  await pane.onChanged({ source: "Local", changeType: "RangeEdited", address: "B3" });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(problems, ["Teruggezet: Activiteit: u mag alleen activiteiten van uw eigen organisatie wijzigen"]);
  await pane.scheduleRender();
  assert.equal(grid[1][at("name")], "Opvoedspreekuur", "the cell shows the server's value again");
});

test("ExcelPane: the selection tells the others which activity and field", () => {
  const view = demoView();
  const pane = new ExcelPane({ client: view, config: CONFIG, Excel: null });
  pane.model.plan(view);
  pane.onSelection({ address: `${columnLetter(at("reach"))}3` });
  assert.deepEqual(view.presenceSent.at(-1), { card: "a-1", field: "reach" });
  pane.onSelection({ address: "A1" });
  assert.deepEqual(view.presenceSent.at(-1), { card: null, field: null });
});

test("the drop-down lists and checks are the partner template's", () => {
  assert.deepEqual(validationOf(column("partner"), CONFIG).rule, { list: { inCellDropDown: true, source: "=lijst_partner" } });
  assert.equal(validationOf(column("partner"), CONFIG).errorAlert.style, "Stop");
  assert.equal(validationOf(column("themes"), CONFIG).errorAlert.style, "Warning");
  assert.deepEqual(validationOf(column("_delete"), CONFIG).rule, { list: { inCellDropDown: true, source: "ja" } });
  assert.deepEqual(validationOf(column("reach"), CONFIG).rule, { wholeNumber: { formula1: 0, formula2: 10000000, operator: "Between" } });
  assert.ok(validationOf(column("budget"), CONFIG).rule.decimal);
  assert.equal(validationOf(column("name"), CONFIG), null);
});
