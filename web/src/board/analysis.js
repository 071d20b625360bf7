// The analysis side panel: the six questions (and the changes since a meeting) for the current matrix view,
// from GET /api/workspaces/<slug>/analysis. It follows the live state: refetched 1.5 s after the last change
// (never more than one request at a time) and at once when the view or the compared meeting changes.
// A table row that names activities (its `sources`) marks those cards on the board.

import { h, clear, newId, srOnly } from "./dom.js";

const DEBOUNCE_MS = 1500;
const NUMBER = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

function formatCell(value) {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "number") return NUMBER.format(value);
  return String(value);
}

function timeNow() {
  return new Date().toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** The Dutch message of an error answer ({error, message}), or a general one. */
async function errorMessage(res) {
  try {
    const body = await res.json();
    if (body && typeof body.message === "string" && body.message) return body.message;
  } catch {
    // not JSON
  }
  return `De server antwoordde met status ${res.status}.`;
}

export function createAnalysisPanel(app) {
  const panelId = "analysis-panel";
  const toggle = h(
    "button",
    { type: "button", class: "panel-toggle", "aria-expanded": "false", "aria-controls": panelId },
    "Analyse",
  );
  const title = h("h2", { id: "analysis-title", class: "analysis-title", tabindex: "-1" }, "Analyse");
  const close = h("button", { type: "button", class: "button button-quiet", "aria-label": "Analyse sluiten" }, "Sluiten");
  const status = h("p", { class: "analysis-status" });
  const retry = h("button", { type: "button", class: "button", hidden: true }, "Opnieuw proberen");
  const traceBar = h("div", { class: "trace-bar", hidden: true });
  const traceText = h("p", { class: "trace-text" });
  const traceClear = h("button", { type: "button", class: "button button-quiet" }, "Markering wissen");
  traceBar.append(traceText, traceClear);
  const body = h("div", { class: "analysis-body", "aria-busy": "false" });
  const el = h(
    "aside",
    { id: panelId, class: "analysis-panel", "aria-labelledby": "analysis-title", hidden: true },
    h("div", { class: "analysis-head" }, title, close),
    h(
      "p",
      { class: "analysis-intro" },
      "Antwoorden op de zes vragen voor de getoonde matrix; ze worden bijgewerkt terwijl er wordt gewerkt. Kies een rij in een tabel om de activiteiten erachter op het bord te markeren.",
    ),
    h("div", { class: "analysis-state" }, status, retry),
    traceBar,
    body,
  );

  let open = false;
  let inFlight = false;
  let timer = null;
  let fetchedUrl = ""; // the request the shown result answers
  let dirty = true; // the state changed since that request was sent
  let signature = "";
  const openTables = new Set(); // "section|table" keys of expanded tables
  let tracedKey = ""; // the row whose activities are marked

  function wantedUrl() {
    const params = new URLSearchParams();
    const matrix = app.currentMatrix();
    if (matrix) params.set("matrix", matrix.id);
    // "changes since": the meeting chosen on the board, or else the last one held (as the deck does)
    const chosen = app.state.meetingId ? app.client.get("meeting", app.state.meetingId) : null;
    const meetings = app.client.list("meeting").filter((m) => Number.isInteger(m.seq));
    const meeting = chosen || meetings.sort((a, b) => b.seq - a.seq)[0];
    if (meeting && Number.isInteger(meeting.seq)) params.set("since", String(meeting.seq));
    return `/api/workspaces/${encodeURIComponent(app.config.workspace)}/analysis?${params}`;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, delay);
  }

  async function refresh() {
    if (!open) return;
    if (inFlight) return; // the answer's arrival looks again
    const url = wantedUrl();
    inFlight = true;
    dirty = false;
    body.setAttribute("aria-busy", "true");
    el.dataset.loading = "true";
    status.textContent = signature ? "Bijwerken..." : "De analyse wordt geladen...";
    retry.hidden = true;
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(await errorMessage(res));
      const data = await res.json();
      fetchedUrl = url;
      if (url === wantedUrl()) {
        show(data);
        status.textContent = `Bijgewerkt om ${timeNow()}.`;
      }
      el.dataset.state = "ok";
    } catch (err) {
      const message = err instanceof TypeError ? "Geen verbinding met de server." : err.message;
      status.textContent = `De analyse kon niet worden bijgewerkt: ${message}`;
      retry.hidden = false;
      el.dataset.state = "error";
      fetchedUrl = "";
      dirty = false; // no retry loop: the next change or the button tries again
    } finally {
      inFlight = false;
      body.setAttribute("aria-busy", "false");
      delete el.dataset.loading;
      el.dataset.fetches = String(Number(el.dataset.fetches || 0) + 1);
    }
    if (!open) return;
    if (el.dataset.state === "ok" && wantedUrl() !== fetchedUrl) refresh(); // the view changed meanwhile
    else if (dirty && !timer) schedule(DEBOUNCE_MS);
  }

  // --- rendering ------------------------------------------------------------------------------------

  function show(data) {
    const sections = Array.isArray(data?.sections) ? data.sections : [];
    const next = JSON.stringify(sections);
    if (next === signature) return;
    signature = next;
    const focusKey = el.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    const scroll = el.scrollTop;
    clear(body);
    if (!sections.length) body.append(h("p", {}, "Er is (nog) geen analyse voor deze werkruimte."));
    for (const section of sections) body.append(renderSection(section));
    el.scrollTop = scroll;
    if (focusKey) {
      const target = body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      (target || title).focus({ preventScroll: true });
    }
    if (tracedKey && !body.querySelector(`tr[data-trace-key="${CSS.escape(tracedKey)}"]`)) tracedKey = "";
    markRow();
  }

  function renderSection(section) {
    const headingId = newId("analysis-section");
    const out = h(
      "section",
      { class: "analysis-section", dataset: { key: String(section.key ?? "") }, "aria-labelledby": headingId },
      h("h3", { id: headingId }, String(section.title ?? "")),
      section.question ? h("p", { class: "analysis-question" }, String(section.question)) : null,
    );
    const lines = Array.isArray(section.lines) ? section.lines : [];
    if (lines.length) out.append(h("ul", { class: "analysis-lines" }, lines.map((line) => h("li", {}, String(line)))));
    const tables = Array.isArray(section.tables) ? section.tables : [];
    for (const table of tables) out.append(renderTable(section, table));
    return out;
  }

  function renderTable(section, table) {
    const key = `${section.key}|${table.title}`;
    const rows = Array.isArray(table.rows) ? table.rows : [];
    const headers = Array.isArray(table.headers) ? table.headers : [];
    const sources = Array.isArray(table.sources) ? table.sources : [];
    const details = h("details", { class: "analysis-table", open: openTables.has(key) });
    const summary = h(
      "summary",
      { dataset: { focusKey: `table:${key}` } },
      h("span", { class: "analysis-table-title" }, String(table.title ?? "")),
      h("span", { class: "analysis-table-count" }, ` (${rows.length} ${rows.length === 1 ? "rij" : "rijen"})`),
    );
    details.append(summary);
    details.addEventListener("toggle", () => {
      if (details.open) openTables.add(key);
      else openTables.delete(key);
    });
    if (!rows.length) {
      details.append(h("p", { class: "analysis-empty" }, "Niets te melden."));
      return details;
    }
    const tableEl = h(
      "table",
      { class: "analysis-data" },
      h("caption", { class: "sr-only" }, String(table.title ?? "")),
      h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, String(text))))),
    );
    const tbody = h("tbody");
    rows.forEach((row, i) => {
      const cells = Array.isArray(row) ? row : [];
      const ids = Array.isArray(sources[i]) ? [...new Set(sources[i].filter((id) => typeof id === "string" && id))] : [];
      const rowKey = `${key}|${cells.map(formatCell).join("|")}`;
      const tr = h("tr", { dataset: { traceKey: rowKey } });
      cells.forEach((value, j) => {
        const text = formatCell(value);
        const td = h("td", { class: typeof value === "number" ? "num" : "" });
        if (j === 0 && ids.length) {
          const n = ids.length;
          td.append(
            h(
              "button",
              {
                type: "button",
                class: "trace",
                "aria-pressed": "false",
                dataset: { focusKey: `row:${rowKey}` },
              },
              text,
              srOnly(`: ${n === 1 ? "de activiteit" : `de ${n} activiteiten`} op het bord markeren`),
            ),
          );
        } else td.append(text);
        tr.append(td);
      });
      if (ids.length) {
        tr.classList.add("traceable");
        tr.addEventListener("click", () => trace(rowKey, ids, cells.map(formatCell)[0] ?? ""));
      }
      tbody.append(tr);
    });
    tableEl.append(tbody);
    const scroller = h(
      "div",
      { class: "analysis-scroll", tabindex: "0", role: "region", "aria-label": `Tabel ${table.title ?? ""}` },
      tableEl,
    );
    details.append(scroller);
    return details;
  }

  // --- traceability -----------------------------------------------------------------------------------

  function markRow() {
    for (const tr of body.querySelectorAll("tr.traced-row")) {
      tr.classList.remove("traced-row");
      tr.querySelector("button.trace")?.setAttribute("aria-pressed", "false");
    }
    if (!tracedKey) return;
    const tr = body.querySelector(`tr[data-trace-key="${CSS.escape(tracedKey)}"]`);
    tr?.classList.add("traced-row");
    tr?.querySelector("button.trace")?.setAttribute("aria-pressed", "true");
  }

  function trace(rowKey, ids, label) {
    if (tracedKey === rowKey) {
      clearTrace(true);
      return;
    }
    tracedKey = rowKey;
    markRow();
    app.setTrace(new Set(ids));
    const live = ids.filter((id) => app.client.get("activity", id));
    app.requestRender(() => {
      const shown = new Set([...document.querySelectorAll("#matrix .card.traced")].map((c) => c.dataset.id));
      const missing = live.length - shown.size;
      const what = `${shown.size} ${shown.size === 1 ? "activiteit" : "activiteiten"} gemarkeerd`;
      const rest = missing > 0 ? `; ${missing} niet zichtbaar in deze matrix of door een filter` : "";
      traceText.textContent = `'${label}': ${what}${rest}.`;
      traceBar.hidden = false;
      app.messages.announce(`${what} op het bord${rest}.`);
      document.querySelector("#matrix .card.traced")?.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
  }

  function clearTrace(announce) {
    const had = Boolean(tracedKey) || app.state.traced;
    tracedKey = "";
    markRow();
    traceBar.hidden = true;
    if (app.state.traced) app.setTrace(null);
    if (announce && had) app.messages.announce("Markering gewist.");
  }

  traceClear.addEventListener("click", () => {
    clearTrace(true);
    title.focus();
  });

  // --- opening and closing ----------------------------------------------------------------------------

  function setOpen(value, { focus = true } = {}) {
    open = value;
    el.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("analysis-open", open);
    if (open) {
      if (focus) title.focus();
      if (dirty || wantedUrl() !== fetchedUrl) refresh();
    } else {
      clearTimeout(timer);
      timer = null;
      clearTrace(false);
      if (focus) toggle.focus();
    }
    app.savePanel?.(open);
  }

  toggle.addEventListener("click", () => setOpen(!open));
  close.addEventListener("click", () => setOpen(false));
  retry.addEventListener("click", () => {
    dirty = true;
    refresh();
  });
  el.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !document.querySelector("dialog[open]")) {
      ev.preventDefault();
      setOpen(false);
    }
  });

  return {
    el,
    toggle,
    get isOpen() {
      return open;
    },
    setOpen,
    /** The live state changed: refetch 1.5 s after the last change. */
    changed() {
      dirty = true;
      if (open) schedule(DEBOUNCE_MS);
    },
    /** Back online after a failed request: try again. */
    statusChanged(status) {
      if (open && status === "online" && el.dataset.state === "error" && !inFlight) refresh();
    },
    /** After a render: a new view or compared meeting is fetched at once. */
    update() {
      if (!open || inFlight) return;
      if (fetchedUrl && wantedUrl() !== fetchedUrl) {
        clearTimeout(timer);
        timer = null;
        refresh();
      }
    },
  };
}
