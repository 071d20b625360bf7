/*
 * A fake office.js for the end-to-end tests: the part of the Office, Excel and PowerPoint JavaScript APIs the
 * matrixsync task panes use, over an in-memory workbook or presentation. The tests serve it at Microsoft's
 * CDN address (https://appsforoffice.microsoft.com/lib/1/hosted/office.js) with Playwright's page.route.
 *
 * It keeps the rules that matter for add-in code:
 * - proxies and batching: property writes and method calls are queued and happen at context.sync(), in
 *   order; reading a property that was not loaded (load() + sync()) throws PropertyNotLoaded;
 * - events: worksheet onChanged fires for every change while events are on, the pane's own API writes too
 *   (source "Local"), and never while context.runtime.enableEvents is false; a co-author's edit fires
 *   with source "Remote";
 * - text written as values is read like Excel reads typing ("120" becomes a number) unless it starts with
 *   an apostrophe; adding table rows shifts the cells below the table down.
 *
 * Test hooks are on window.fakeOffice (see the bottom of this file). The host is Excel, unless the page's
 * path mentions powerpoint or window.__FAKE_OFFICE_HOST__ says otherwise.
 */
(function () {
  "use strict";
  const HOST = window.__FAKE_OFFICE_HOST__ || (/powerpoint/i.test(location.pathname) ? "PowerPoint" : "Excel");
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const later = (fn) => setTimeout(fn, 0);

  // --- A1 addresses ---------------------------------------------------------------------------------
  function colLetter(i) {
    let s = "";
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  function colIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  const MAX_ROW = 1048575;
  const MAX_COL = 16383;
  function parse(address) {
    const bare = String(address).replace(/^.*!/, "").replace(/\$/g, "");
    const [a, b = a] = bare.split(":");
    const cell = (s) => {
      const m = /^([A-Za-z]*)(\d*)$/.exec(s);
      if (!m) throw new Error("InvalidArgument: adres " + address);
      return { col: m[1] ? colIndex(m[1]) : null, row: m[2] ? Number(m[2]) - 1 : null };
    };
    const p = cell(a);
    const q = cell(b);
    return { row0: p.row ?? 0, col0: p.col ?? 0, row1: q.row ?? MAX_ROW, col1: q.col ?? MAX_COL };
  }
  function fmt(r) {
    const a = colLetter(r.col0) + (r.row0 + 1);
    const b = colLetter(r.col1) + (r.row1 + 1);
    return a === b ? a : a + ":" + b;
  }

  /** What Excel stores for a typed or written value. */
  function stored(v) {
    if (typeof v !== "string") return v === null || v === undefined ? "" : v;
    if (v.startsWith("'")) return v.slice(1);
    if (/^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    return v;
  }

  // --- the request context and proxies ----------------------------------------------------------------
  class Context {
    constructor(app) {
      this._q = [];
      this._app = app;
      this.runtime = new Runtime(this);
      this.trackedObjects = { add() {}, remove() {} };
      this.workbook = app === "Excel" ? new Workbook(this) : undefined;
      this.presentation = app === "PowerPoint" ? new Presentation(this) : undefined;
    }
    _do(fn) {
      this._q.push(fn);
    }
    async sync() {
      const queue = this._q.splice(0);
      for (const fn of queue) fn();
      await tick();
    }
  }

  class Obj {
    constructor(ctx, resolve) {
      this._ctx = ctx;
      this._resolve = resolve;
      this._v = {};
      this._l = new Set();
    }
    get context() {
      return this._ctx;
    }
    _get(p) {
      if (!this._l.has(p)) throw new Error(`PropertyNotLoaded: '${p}' is not loaded; call load() and context.sync() first`);
      return this._v[p];
    }
    load(props) {
      let list;
      if (props === undefined) list = this.constructor.loadable || [];
      else if (typeof props === "string") list = props.split(",").map((s) => s.trim()).filter(Boolean);
      else if (Array.isArray(props)) list = props;
      else list = Object.keys(props);
      this._ctx._do(() => {
        const target = this._resolve();
        for (const p of list) {
          this._v[p] = this._read(target, p);
          this._l.add(p);
        }
      });
      return this;
    }
    _read(target, p) {
      throw new Error(`PropertyNotLoaded: '${p}' cannot be loaded in this fake`);
    }
    /** A null-object proxy: isNullObject is known after the next sync. */
    _nullable(exists) {
      this._ctx._do(() => {
        this._v.isNullObject = !exists();
        this._l.add("isNullObject");
      });
      return this;
    }
    get isNullObject() {
      return this._l.has("isNullObject") ? this._v.isNullObject : false;
    }
  }

  function properties(Cls, readable, writable) {
    for (const p of new Set([...readable, ...writable])) {
      Object.defineProperty(Cls.prototype, p, {
        configurable: true,
        get() {
          if (!readable.includes(p)) throw new Error(`'${p}' cannot be read in this fake`);
          return this._get(p);
        },
        set(v) {
          if (!writable.includes(p)) throw new Error(`'${p}' is read-only`);
          this._ctx._do(() => this._write(this._resolve(), p, v));
        },
      });
    }
  }

  class Runtime {
    constructor(ctx) {
      this._ctx = ctx;
    }
    set enableEvents(v) {
      this._ctx._do(() => {
        state.enableEvents = !!v;
      });
    }
    get enableEvents() {
      return state.enableEvents;
    }
  }

  // --- Excel: the in-memory workbook --------------------------------------------------------------------
  const state = {
    enableEvents: true,
    sheets: [],
    tables: [],
    names: new Map(),
    nextId: 1,
    eventsFired: 0,
    writesWithEventsOn: 0,
    log: [],
  };

  class MSheet {
    constructor(name) {
      this.name = name;
      this.id = `{blad-${state.nextId++}}`;
      this.cells = new Map();
      this.visibility = "Visible";
      this.handlers = { changed: [], selection: [] };
      this.hiddenColumns = new Set();
      this.widths = {};
      this.validations = [];
    }
    get(r, c) {
      const v = this.cells.get(r + "," + c);
      return v === undefined ? "" : v;
    }
    set(r, c, v) {
      const s = stored(v);
      if (s === "") this.cells.delete(r + "," + c);
      else this.cells.set(r + "," + c, s);
    }
    /** Move the cells of columns col0..col1 from row `from` down by n (n < 0: up, overwriting). */
    shift(from, col0, col1, n) {
      const moved = [];
      for (const [key, v] of this.cells) {
        const [r, c] = key.split(",").map(Number);
        if (r >= from && c >= col0 && c <= col1) moved.push([r, c, v]);
      }
      for (const [r, c] of moved) this.cells.delete(r + "," + c);
      for (const [r, c, v] of moved) if (r + n >= 0) this.cells.set(r + n + "," + c, v);
    }
  }

  const sheetByName = (name) => state.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase());
  const tableByName = (name) => state.tables.find((t) => t.name.toLowerCase() === String(name).toLowerCase());

  function fire(sheet, kind, args) {
    const handlers = sheet.handlers[kind].slice();
    if (kind === "changed") state.eventsFired++;
    later(() => handlers.forEach((h) => h(args)));
  }

  function changed(sheet, r, changeType, source) {
    fire(sheet, "changed", {
      address: fmt(r),
      changeType,
      source,
      worksheetId: sheet.id,
      type: "WorksheetChanged",
      triggerSource: "ThisLocalAddin",
    });
  }

  /** An API write: fires onChanged (source Local) when events are on, like Excel does for add-in writes. */
  function apiWrote(sheet, r, changeType = "RangeEdited") {
    state.log.push({ address: `${sheet.name}!${fmt(r)}`, changeType, events: state.enableEvents });
    if (state.enableEvents) {
      state.writesWithEventsOn++;
      changed(sheet, r, changeType, "Local");
    }
  }

  // a range target: {sheet, row0, col0, row1, col1}
  class Range extends Obj {
    get format() {
      return new RangeFormat(this._ctx, this._resolve);
    }
    get dataValidation() {
      return new DataValidation(this._ctx, this._resolve);
    }
    _read(t, p) {
      switch (p) {
        case "values": {
          const out = [];
          for (let r = t.row0; r <= t.row1; r++) {
            const row = [];
            for (let c = t.col0; c <= t.col1; c++) row.push(t.sheet.get(r, c));
            out.push(row);
          }
          return out;
        }
        case "address":
          return `${t.sheet.name}!${fmt(t)}`;
        case "rowIndex":
          return t.row0;
        case "columnIndex":
          return t.col0;
        case "rowCount":
          return t.row1 - t.row0 + 1;
        case "columnCount":
          return t.col1 - t.col0 + 1;
        default:
          return super._read(t, p);
      }
    }
    _write(t, p, v) {
      if (p === "values") {
        const rows = t.row1 - t.row0 + 1;
        const cols = t.col1 - t.col0 + 1;
        if (!Array.isArray(v) || v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw new Error(`InvalidArgument: values of ${rows}x${cols} expected for ${fmt(t)}`);
        }
        v.forEach((row, i) => row.forEach((x, j) => t.sheet.set(t.row0 + i, t.col0 + j, x)));
        apiWrote(t.sheet, t);
      } else if (p === "columnHidden") {
        for (let c = t.col0; c <= t.col1; c++) (v ? t.sheet.hiddenColumns.add(c) : t.sheet.hiddenColumns.delete(c));
      }
    }
    clear() {
      this._ctx._do(() => {
        const t = this._resolve();
        const row1 = Math.min(t.row1, 100000);
        for (const key of [...t.sheet.cells.keys()]) {
          const [r, c] = key.split(",").map(Number);
          if (r >= t.row0 && r <= row1 && c >= t.col0 && c <= t.col1) t.sheet.cells.delete(key);
        }
        apiWrote(t.sheet, t);
      });
    }
  }
  properties(Range, ["values", "address", "rowIndex", "columnIndex", "rowCount", "columnCount"], ["values", "columnHidden"]);

  class RangeFormat extends Obj {
    _write(t, p, v) {
      if (p === "columnWidth") for (let c = t.col0; c <= t.col1; c++) t.sheet.widths[c] = v;
    }
  }
  properties(RangeFormat, [], ["columnWidth"]);

  class DataValidation extends Obj {
    _write(t, p, v) {
      const address = fmt(t);
      let entry = t.sheet.validations.find((x) => x.address === address);
      if (!entry) t.sheet.validations.push((entry = { address }));
      if (p === "rule" && entry.rule) throw new Error("InvalidOperation: clear() the data validation first");
      entry[p] = JSON.parse(JSON.stringify(v));
    }
    clear() {
      this._ctx._do(() => {
        const t = this._resolve();
        const address = fmt(t);
        t.sheet.validations = t.sheet.validations.filter((x) => x.address !== address);
      });
    }
  }
  properties(DataValidation, [], ["rule", "errorAlert", "prompt"]);

  const rangeOf = (sheet, row0, col0, rows, cols) => ({ sheet, row0, col0, row1: row0 + rows - 1, col1: col0 + cols - 1 });

  class Worksheet extends Obj {
    _read(t, p) {
      if (p === "name" || p === "id" || p === "visibility") return t[p];
      return super._read(t, p);
    }
    _write(t, p, v) {
      if (p === "visibility") t.visibility = v;
      if (p === "name") t.name = v;
    }
    getRange(address) {
      return new Range(this._ctx, () => {
        const r = parse(address);
        return { sheet: this._resolve(), ...r };
      });
    }
    getRangeByIndexes(row, col, rows, cols) {
      if (rows < 1 || cols < 1) throw new Error("InvalidArgument: empty range");
      return new Range(this._ctx, () => rangeOf(this._resolve(), row, col, rows, cols));
    }
    get tables() {
      const ctx = this._ctx;
      const sheet = () => this._resolve();
      return {
        add(address, hasHeaders) {
          let made = null;
          ctx._do(() => {
            const s = sheet();
            const r = parse(address);
            if (!hasHeaders) throw new Error("the fake only makes tables with headers");
            made = { name: `Tabel${state.tables.length + 1}`, sheet: s, top: r.row0, left: r.col0, width: r.col1 - r.col0 + 1, count: Math.max(1, r.row1 - r.row0) };
            state.tables.push(made);
          });
          return new Table(ctx, () => made);
        },
      };
    }
    get onChanged() {
      return handlerSet(this, "changed");
    }
    get onSelectionChanged() {
      return handlerSet(this, "selection");
    }
    get freezePanes() {
      return { freezeRows() {} };
    }
    activate() {}
  }
  properties(Worksheet, ["name", "id", "visibility"], ["visibility", "name"]);

  function handlerSet(proxy, kind) {
    return {
      add(handler) {
        const ctx = proxy._ctx;
        let sheet = null;
        ctx._do(() => {
          sheet = proxy._resolve();
          sheet.handlers[kind].push(handler);
        });
        return {
          context: ctx,
          remove() {
            ctx._do(() => {
              sheet.handlers[kind] = sheet.handlers[kind].filter((h) => h !== handler);
            });
          },
        };
      },
    };
  }

  class Table extends Obj {
    _read(t, p) {
      if (p === "name") return t.name;
      return super._read(t, p);
    }
    _write(t, p, v) {
      if (p === "name") {
        if (state.tables.some((x) => x !== t && x.name.toLowerCase() === String(v).toLowerCase())) throw new Error("InvalidArgument: name in use");
        t.name = v;
      }
    }
    getDataBodyRange() {
      return new Range(this._ctx, () => {
        const t = this._resolve();
        return rangeOf(t.sheet, t.top + 1, t.left, t.count, t.width);
      });
    }
    getHeaderRowRange() {
      return new Range(this._ctx, () => {
        const t = this._resolve();
        return rangeOf(t.sheet, t.top, t.left, 1, t.width);
      });
    }
    getRange() {
      return new Range(this._ctx, () => {
        const t = this._resolve();
        return rangeOf(t.sheet, t.top, t.left, t.count + 1, t.width);
      });
    }
    get worksheet() {
      return new Worksheet(this._ctx, () => this._resolve().sheet);
    }
    get rows() {
      const ctx = this._ctx;
      const table = () => this._resolve();
      return {
        add(index, values) {
          ctx._do(() => {
            const t = table();
            if (index !== null && index !== undefined) throw new Error("the fake adds rows at the end only");
            const end = t.top + 1 + t.count;
            t.sheet.shift(end, t.left, t.left + t.width - 1, values.length);
            values.forEach((row, i) => {
              if (row.length !== t.width) throw new Error(`InvalidArgument: rows of ${t.width} values expected`);
              row.forEach((v, j) => t.sheet.set(end + i, t.left + j, v));
            });
            t.count += values.length;
            apiWrote(t.sheet, rangeOf(t.sheet, end, t.left, values.length, t.width), "RowInserted");
          });
        },
        getItemAt(i) {
          return {
            delete() {
              ctx._do(() => {
                const t = table();
                if (i < 0 || i >= t.count) throw new Error("ItemNotFound: table row " + i);
                const row = t.top + 1 + i;
                for (let c = t.left; c < t.left + t.width; c++) t.sheet.cells.delete(row + "," + c);
                t.sheet.shift(row + 1, t.left, t.left + t.width - 1, -1);
                if (t.count > 1) t.count -= 1; // a table keeps one (empty) row
                apiWrote(t.sheet, rangeOf(t.sheet, row, t.left, 1, t.width), "RowDeleted");
              });
            },
          };
        },
      };
    }
    get columns() {
      const ctx = this._ctx;
      const table = () => this._resolve();
      return {
        getItemAt(c) {
          return {
            getDataBodyRange() {
              return new Range(ctx, () => {
                const t = table();
                return rangeOf(t.sheet, t.top + 1, t.left + c, t.count, 1);
              });
            },
          };
        },
      };
    }
  }
  properties(Table, ["name"], ["name"]);

  class NamedItem extends Obj {
    delete() {
      this._ctx._do(() => state.names.delete(this._resolve()));
    }
  }

  class Workbook {
    constructor(ctx) {
      this._ctx = ctx;
      this.worksheets = {
        getItem: (name) =>
          new Worksheet(ctx, () => {
            const s = sheetByName(name);
            if (!s) throw new Error(`ItemNotFound: worksheet '${name}'`);
            return s;
          }),
        getItemOrNullObject: (name) => new Worksheet(ctx, () => sheetByName(name))._nullable(() => !!sheetByName(name)),
        add: (name) => {
          let made = null;
          ctx._do(() => {
            if (sheetByName(name)) throw new Error(`ItemAlreadyExists: worksheet '${name}'`);
            made = new MSheet(name);
            state.sheets.push(made);
          });
          return new Worksheet(ctx, () => made);
        },
      };
      this.tables = {
        getItem: (name) =>
          new Table(ctx, () => {
            const t = tableByName(name);
            if (!t) throw new Error(`ItemNotFound: table '${name}'`);
            return t;
          }),
        getItemOrNullObject: (name) => new Table(ctx, () => tableByName(name))._nullable(() => !!tableByName(name)),
      };
      this.names = {
        getItemOrNullObject: (name) => new NamedItem(ctx, () => name)._nullable(() => state.names.has(name)),
        add: (name, reference) => {
          ctx._do(() => {
            if (state.names.has(name)) throw new Error(`ItemAlreadyExists: name '${name}'`);
            const t = reference._resolve ? reference._resolve() : null;
            state.names.set(name, t ? `${t.sheet.name}!${fmt(t)}` : String(reference));
          });
        },
      };
    }
  }

  // --- PowerPoint: the in-memory presentation -----------------------------------------------------------
  const deck = { slides: [], nextId: 256, inserted: [], selected: [] };

  function slidesInPptx(base64) {
    const bin = atob(base64);
    const u8 = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
    const dv = new DataView(u8.buffer);
    let eocd = -1;
    for (let i = u8.length - 22; i >= Math.max(0, u8.length - 65557); i--) {
      if (dv.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error("InvalidArgument: not a .pptx (zip) file");
    const entries = dv.getUint16(eocd + 10, true);
    let p = dv.getUint32(eocd + 16, true);
    const names = [];
    for (let k = 0; k < entries; k++) {
      if (dv.getUint32(p, true) !== 0x02014b50) throw new Error("InvalidArgument: broken zip directory");
      const n = dv.getUint16(p + 28, true);
      const extra = dv.getUint16(p + 30, true);
      const comment = dv.getUint16(p + 32, true);
      names.push(new TextDecoder().decode(u8.subarray(p + 46, p + 46 + n)));
      p += 46 + n + extra + comment;
    }
    return names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
  }

  const slideById = (id) => deck.slides.find((s) => s.id === id);

  class Tag extends Obj {
    _read(t, p) {
      if (p === "key") return t.key;
      if (p === "value") return t.slide.tags.get(t.key) ?? null;
      return super._read(t, p);
    }
  }
  properties(Tag, ["key", "value"], []);

  class Slide extends Obj {
    _read(t, p) {
      if (p === "id") return t.id;
      return super._read(t, p);
    }
    get tags() {
      const ctx = this._ctx;
      const slide = () => this._resolve();
      return {
        add(key, value) {
          ctx._do(() => slide().tags.set(String(key).toUpperCase(), String(value)));
        },
        getItemOrNullObject(key) {
          const k = String(key).toUpperCase();
          return new Tag(ctx, () => ({ slide: slide(), key: k }))._nullable(() => slide().tags.has(k));
        },
      };
    }
    delete() {
      this._ctx._do(() => {
        const s = this._resolve();
        deck.slides = deck.slides.filter((x) => x !== s);
      });
    }
  }
  properties(Slide, ["id"], []);

  class SlideCollection extends Obj {
    constructor(ctx, list) {
      super(ctx, list);
    }
    load(props) {
      const text = typeof props === "string" ? props : JSON.stringify(props ?? "");
      this._ctx._do(() => {
        this._v.items = this._resolve().map((s) => {
          const proxy = new Slide(this._ctx, () => s);
          if (/id/.test(text) || !props) {
            proxy._v.id = s.id;
            proxy._l.add("id");
          }
          return proxy;
        });
        this._l.add("items");
      });
      return this;
    }
    get items() {
      return this._get("items");
    }
    getItem(id) {
      return new Slide(this._ctx, () => {
        const s = slideById(id);
        if (!s) throw new Error(`ItemNotFound: slide '${id}'`);
        return s;
      });
    }
    getItemAt(i) {
      return new Slide(this._ctx, () => {
        const s = this._resolve()[i];
        if (!s) throw new Error(`ItemNotFound: slide ${i}`);
        return s;
      });
    }
    getCount() {
      const result = { value: undefined };
      this._ctx._do(() => {
        result.value = this._resolve().length;
      });
      return result;
    }
  }

  class Presentation {
    constructor(ctx) {
      this._ctx = ctx;
      this.slides = new SlideCollection(ctx, () => deck.slides);
    }
    getSelectedSlides() {
      return new SlideCollection(this._ctx, () => deck.slides.filter((s) => deck.selected.includes(s.id)));
    }
    insertSlidesFromBase64(base64, options = {}) {
      this._ctx._do(() => {
        const count = slidesInPptx(base64);
        let at = 0;
        if (options.targetSlideId) {
          const target = deck.slides.findIndex((s) => s.id === options.targetSlideId);
          if (target < 0) throw new Error("SlideNotFound: " + options.targetSlideId);
          at = target + 1;
        }
        const fresh = [];
        for (let k = 0; k < count; k++) fresh.push({ id: `${deck.nextId++}#`, title: `Ingevoegde dia ${k + 1}`, tags: new Map() });
        deck.slides.splice(at, 0, ...fresh);
        deck.inserted.push({ base64, options: JSON.parse(JSON.stringify(options)), slides: count });
      });
    }
  }

  // --- Office -------------------------------------------------------------------------------------------
  const settings = new Map();
  const SETS = HOST === "Excel" ? { ExcelApi: "1.17" } : { PowerPointApi: "1.5" };
  const newer = (have, want) => {
    const a = String(have).split(".").map(Number);
    const b = String(want || "1.1").split(".").map(Number);
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
    return true;
  };

  window.Office = {
    HostType: { Excel: "Excel", PowerPoint: "PowerPoint", Word: "Word", Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC" },
    onReady(callback) {
      const info = { host: HOST, platform: "OfficeOnline" };
      const ready = new Promise((resolve) => setTimeout(() => resolve(info), 5));
      if (callback) ready.then(callback);
      return ready;
    },
    context: {
      host: HOST,
      displayLanguage: "nl-NL",
      requirements: { isSetSupported: (name, version) => name in SETS && newer(SETS[name], version) },
      document: {
        settings: {
          get: (k) => (settings.has(k) ? settings.get(k) : null),
          set: (k, v) => settings.set(k, v),
          remove: (k) => settings.delete(k),
          saveAsync: (cb) => later(() => cb && cb({ status: "succeeded" })),
        },
      },
    },
  };

  async function run(app, a, b) {
    const fn = typeof a === "function" ? a : b;
    const ctx = new Context(app);
    const result = await fn(ctx);
    await ctx.sync();
    return result;
  }

  if (HOST === "Excel") {
    window.Excel = {
      run: (a, b) => run("Excel", a, b),
      EventSource: { local: "Local", remote: "Remote" },
      DataChangeType: { unknown: "Unknown", rangeEdited: "RangeEdited", rowInserted: "RowInserted", rowDeleted: "RowDeleted" },
      SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
      ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
    };
  } else {
    window.PowerPoint = {
      run: (a, b) => run("PowerPoint", a, b),
      InsertSlideFormatting: { keepSourceFormatting: "KeepSourceFormatting", useDestinationTheme: "UseDestinationTheme" },
    };
  }

  // --- test hooks ---------------------------------------------------------------------------------------
  function userEdit(sheetName, address, values, source) {
    const sheet = sheetByName(sheetName);
    if (!sheet) throw new Error(`no sheet '${sheetName}'`);
    const r = parse(address);
    const rows = r.row1 - r.row0 + 1;
    const cols = r.col1 - r.col0 + 1;
    if (values.length !== rows || values.some((row) => row.length !== cols)) throw new Error(`values of ${rows}x${cols} expected`);
    values.forEach((row, i) => row.forEach((v, j) => sheet.set(r.row0 + i, r.col0 + j, v)));
    if (state.enableEvents) changed(sheet, r, "RangeEdited", source);
  }

  window.fakeOffice = {
    host: HOST,
    excel: {
      /** The user types or pastes `values` (2D) at `address`. */
      edit: (sheet, address, values) => userEdit(sheet, address, values, "Local"),
      /** A co-author edits the shared workbook (Excel reports source "Remote"). */
      coauthorEdit: (sheet, address, values) => userEdit(sheet, address, values, "Remote"),
      select(sheetName, address) {
        const sheet = sheetByName(sheetName);
        fire(sheet, "selection", { address, worksheetId: sheet.id, type: "WorksheetSelectionChanged" });
      },
      read(sheetName, address) {
        const sheet = sheetByName(sheetName);
        const r = parse(address);
        const out = [];
        for (let i = r.row0; i <= r.row1; i++) {
          const row = [];
          for (let j = r.col0; j <= r.col1; j++) row.push(sheet.get(i, j));
          out.push(row);
        }
        return out;
      },
      table(name) {
        const t = tableByName(name);
        if (!t) return null;
        const row = (r) => Array.from({ length: t.width }, (_, j) => t.sheet.get(r, t.left + j));
        return {
          sheet: t.sheet.name,
          address: fmt(rangeOf(t.sheet, t.top, t.left, t.count + 1, t.width)),
          top: t.top,
          left: t.left,
          headers: row(t.top),
          rows: Array.from({ length: t.count }, (_, i) => row(t.top + 1 + i)),
        };
      },
      sheet(name) {
        const s = sheetByName(name);
        return s && { name: s.name, visibility: s.visibility, hiddenColumns: [...s.hiddenColumns], validations: s.validations, listeners: s.handlers.changed.length };
      },
      names: () => Object.fromEntries(state.names),
      stats: () => ({ eventsFired: state.eventsFired, writesWithEventsOn: state.writesWithEventsOn, enableEvents: state.enableEvents }),
      log: () => state.log.slice(),
    },
    ppt: {
      addSlide(title) {
        const s = { id: `${deck.nextId++}#`, title, tags: new Map() };
        deck.slides.push(s);
        return s.id;
      },
      select(ids) {
        deck.selected = ids.slice();
      },
      slides: () => deck.slides.map((s) => ({ id: s.id, title: s.title, tags: Object.fromEntries(s.tags) })),
      inserted: () => deck.inserted.slice(),
    },
    settings: () => Object.fromEntries(settings),
  };
})();
