/**
 * Activity fields as Excel cells and back: the JavaScript twin of server/office/columns.py.
 *
 * The columns (header, kind, list source) come from the server with the pane page, so the table in the
 * workbook has exactly the partner template's columns. Ids never appear in visible cells: partners,
 * outcomes and axis values show as their labels and are looked up again when a cell is read. Reading is
 * lenient where Excel is (a number typed as text is a number, Dutch "1.250,50" is 1250.5) and strict
 * otherwise; the server validates everything again.
 */

export const FORMULA_START = /^\s*([=+@]|-\S)/;

/** A cell that cannot be read as its column's kind; the message is Dutch and shown in the pane. */
export class CellError extends Error {}

const norm = (text) => String(text).split(/\s+/).filter(Boolean).join(" ").toLowerCase();
const byPosition = (labelOf) => (a, b) =>
  (a.position ?? 0) - (b.position ?? 0) || labelOf(a).localeCompare(labelOf(b), "nl");

/**
 * The labels a table shows for ids, and back, for one view of the workspace (a SyncClient, or anything
 * with `list(type, {deleted})`).
 */
export class Vocabulary {
  constructor(view, config) {
    this.options = {}; // source -> [[id, label]] in display order
    for (const axis of config.axes) {
      const values = view.list("axis_value").filter((v) => v.axis === axis && !v.retired);
      values.sort(byPosition((v) => v.label ?? ""));
      this.options[axis] = values.map((v) => [v.id, v.label]);
    }
    const partners = [...view.list("partner")].sort((a, b) => norm(a.name).localeCompare(norm(b.name), "nl"));
    this.options.partner = partners.map((p) => [p.id, p.name]);
    const outcomes = [...view.list("outcome")].sort(byPosition((o) => o.title ?? ""));
    this.options.outcome = outcomes.map((o) => [o.id, o.title]);
    this.enums = new Set(Object.keys(config.enums));
    for (const [key, choices] of Object.entries(config.enums)) this.options[key] = choices.map((c) => [c, c]);
    // every label, of retired and deleted values too, so an old value still reads as itself
    this._label = new Map();
    for (const type of ["axis_value", "partner", "outcome"]) {
      for (const o of view.list(type, { deleted: true })) this._label.set(o.id, String(o.label ?? o.name ?? o.title ?? o.id));
    }
    this._lookup = {};
    for (const [source, pairs] of Object.entries(this.options)) {
      this._lookup[source] = new Map(pairs.map(([id, label]) => [norm(label), id]));
    }
  }

  labels(source) {
    return (this.options[source] ?? []).map(([, label]) => label);
  }

  label(source, id) {
    return this.enums.has(source) ? id : this._label.get(id) ?? id;
  }

  ident(source, text) {
    return this._lookup[source]?.get(norm(text));
  }

  /** A fingerprint of every list, to know when the drop-down lists in the workbook must be rewritten. */
  signature() {
    return JSON.stringify(this.options);
  }
}

/** The cell content for a field value: a string, a number, or "" for empty. */
export function toCell(col, value, vocab, multiSep = "; ") {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "";
  if (col.kind === "choice" && col.source) return vocab.label(col.source, value);
  if (col.kind === "multi") {
    const items = Array.isArray(value) ? value : [value];
    return items.map((v) => (col.source ? vocab.label(col.source, v) : String(v))).join(multiSep);
  }
  return value;
}

function cellText(raw) {
  if (typeof raw === "number" && Number.isInteger(raw)) return String(raw);
  return String(raw).trim();
}

function number(raw, integer) {
  if (typeof raw === "boolean") throw new CellError("moet een getal zijn, geen waar/onwaar");
  let value;
  if (typeof raw === "number") value = raw;
  else {
    let text = cellText(raw).replace(/€/g, "").replace(/\s/g, "");
    if (text.includes(",")) text = text.replace(/\./g, "").replace(",", "."); // Dutch: 1.250,50
    value = text === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? NaN : Number(text);
    if (Number.isNaN(value)) throw new CellError(`'${cellText(raw).slice(0, 40)}' is geen getal`);
  }
  if (!Number.isFinite(value)) throw new CellError(`'${cellText(raw).slice(0, 40)}' is geen getal`);
  if (integer && !Number.isInteger(value)) throw new CellError(`${cellText(raw)} is geen geheel getal`);
  return value;
}

const isBlank = (raw) => raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "");

/** The field value for a cell, or a thrown CellError (Dutch). An empty cell is the field's empty value. */
export function fromCell(col, raw, vocab) {
  if (isBlank(raw)) return col.kind === "multi" ? [] : ["int", "float", "choice"].includes(col.kind) ? null : "";
  if (col.kind === "int") return number(raw, true);
  if (col.kind === "float") return number(raw, false);
  const text = cellText(raw);
  if (FORMULA_START.test(text)) {
    throw new CellError(`'${text.slice(0, 30)}' begint als een formule (=, +, - of @); formules worden niet overgenomen`);
  }
  const notInList = (part) =>
    new CellError(`'${part.slice(0, 60)}' staat niet in de lijst; kies uit: ${vocab.labels(col.source).join(", ")}`);
  if (col.kind === "choice") {
    const id = vocab.ident(col.source, text);
    if (id === undefined) throw notInList(text);
    return id;
  }
  if (col.kind === "multi") {
    const parts = text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean);
    if (!col.source) return parts;
    const out = [];
    for (const part of parts) {
      const id = vocab.ident(col.source, part);
      if (id === undefined) throw notInList(part);
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }
  return text;
}

/** Field values compare as JSON (lists in order, numbers as numbers). */
export function sameValue(a, b) {
  const empty = (v) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The value to put in a cell so Excel keeps it as it is: text that Excel would read as a formula, a number,
 * a date or a truth value gets the leading apostrophe (Excel stores the text; reading gives it back without).
 */
export function excelSafe(value) {
  if (typeof value !== "string" || value === "") return value;
  if (FORMULA_START.test(value) || /^[\s\d.,:/%€$+-]+$/.test(value) || /^(true|false|waar|onwaar)$/i.test(value.trim())) {
    return `'${value}`;
  }
  return value;
}

// --- A1 addresses ------------------------------------------------------------------------------------------

/** Column letters for a zero-based column index: 0 -> A, 27 -> AB. */
export function columnLetter(index) {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnIndex(letters) {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * A range address ("B5", "Blad1!B5:D24", "'Mijn blad'!A:C", "3:4") as zero-based, inclusive bounds:
 * `{row0, col0, row1, col1}`; whole columns or rows run to Excel's limits.
 */
export function parseAddress(address) {
  const bare = String(address).replace(/^.*!/, "").replace(/\$/g, "");
  const [a, b = a] = bare.split(":");
  const cell = (s) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(s);
    if (!m) throw new Error(`onbekend adres: ${address}`);
    return { col: m[1] ? columnIndex(m[1]) : null, row: m[2] ? Number(m[2]) - 1 : null };
  };
  const p = cell(a);
  const q = cell(b);
  return {
    row0: p.row ?? 0,
    col0: p.col ?? 0,
    row1: q.row ?? 1048575,
    col1: q.col ?? 16383,
  };
}

/** "A1:C3" for zero-based bounds. */
export function formatAddress({ row0, col0, row1, col1 }) {
  const a = `${columnLetter(col0)}${row0 + 1}`;
  const b = `${columnLetter(col1)}${row1 + 1}`;
  return a === b ? a : `${a}:${b}`;
}
