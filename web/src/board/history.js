// "Geschiedenis" of a card in the editor (coordinators only, as the server's access table says): every
// change of the activity from GET /api/workspaces/<slug>/history?object=<id>, newest first: who (and for
// which partner), when, through which channel, and each field's old -> new value with its Dutch label.
// While it is open it follows the card: a change by anyone is fetched again after a short pause.

import { h, clear } from "./dom.js";
import { createApi } from "./api.js";
import { countLabel, describeHistory } from "./admin-format.js";

const REFETCH_MS = 400;
const LABEL_FIELDS = { partner: "name", outcome: "title", axis_value: "label", member: "name" };

export function createHistory(app) {
  const api = createApi(app);
  const button = h(
    "button",
    { type: "button", class: "button", "aria-expanded": "false", "aria-controls": "history-section", hidden: true },
    "Geschiedenis",
  );
  const title = h("h3", { id: "history-title", tabindex: "-1" }, "Geschiedenis");
  const refresh = h("button", { type: "button", class: "button button-small" }, "Vernieuwen");
  const status = h("p", { class: "history-status", role: "status" });
  const list = h("ol", { class: "history-list", "aria-labelledby": "history-title" });
  const el = h(
    "section",
    { class: "history", id: "history-section", "aria-labelledby": "history-title", hidden: true },
    h("div", { class: "history-head" }, title, refresh),
    status,
    list,
  );

  let target = null; // the card shown
  let open = false;
  let inFlight = false;
  let again = false;
  let timer = null;
  let signature = "";

  function lookup(type, id) {
    const obj = app.client.get(type, id, { deleted: true });
    const value = obj?.[LABEL_FIELDS[type] || "name"];
    return value ? String(value) : null;
  }

  async function load() {
    if (!open || !target) return;
    if (inFlight) {
      again = true;
      return;
    }
    const id = target;
    inFlight = true;
    el.setAttribute("aria-busy", "true");
    if (!signature) status.textContent = "De geschiedenis wordt geladen...";
    try {
      const data = await api.get(`/history?object=${encodeURIComponent(id)}`);
      if (id !== target || !open) return;
      show(describeHistory(data, { lookup }));
      el.dataset.state = "ok";
    } catch (err) {
      if (id !== target) return;
      status.textContent = `De geschiedenis kon niet worden geladen: ${err.message}`;
      el.dataset.state = "error";
    } finally {
      inFlight = false;
      el.removeAttribute("aria-busy");
      el.dataset.loads = String(Number(el.dataset.loads || 0) + 1);
      if (again) {
        again = false;
        load();
      }
    }
  }

  function show(entries) {
    const next = JSON.stringify(entries);
    status.textContent = entries.length
      ? `${countLabel(entries.length, "wijziging", "wijzigingen")}, de nieuwste bovenaan.`
      : "Nog geen wijzigingen bekend.";
    if (next === signature) return;
    signature = next;
    clear(list);
    for (const e of entries) list.append(renderEntry(e));
  }

  function change(c, op) {
    if (op === "create" || op === "restore") {
      return h("li", { class: "history-change" }, h("span", { class: "change-label" }, `${c.label}: `), h("span", { class: "change-new" }, c.new));
    }
    return h(
      "li",
      { class: "history-change", dataset: { field: c.field } },
      h("span", { class: "change-label" }, `${c.label}: `),
      h("span", { class: "sr-only" }, "van "),
      h("span", { class: "change-old" }, c.old),
      h("span", { class: "change-arrow", "aria-hidden": "true" }, " → "),
      h("span", { class: "sr-only" }, " naar "),
      h("span", { class: "change-new" }, c.new),
    );
  }

  function renderEntry(e) {
    const meta = h(
      "p",
      { class: "history-meta" },
      h("strong", { class: "history-who" }, e.who),
      " · ",
      h("time", { datetime: e.at }, e.when),
      " · via ",
      h("span", { class: "history-channel" }, e.channel),
    );
    const item = h("li", { class: "history-entry", dataset: { seq: String(e.seq), op: e.op || "" } }, meta);
    if (e.op === "create" && e.changes.length) {
      item.append(
        h(
          "details",
          { class: "history-initial" },
          h("summary", {}, `${e.title} met ${countLabel(e.changes.length, "ingevuld veld", "ingevulde velden")}`),
          h("ul", { class: "history-changes" }, e.changes.map((c) => change(c, e.op))),
        ),
      );
    } else {
      item.append(h("p", { class: "history-what" }, e.title));
      if (e.changes.length) item.append(h("ul", { class: "history-changes" }, e.changes.map((c) => change(c, e.op))));
    }
    return item;
  }

  function setOpen(value, { focus = true } = {}) {
    open = value && Boolean(target);
    el.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      load();
      if (focus) {
        el.scrollIntoView({ block: "start" });
        title.focus();
      }
    } else {
      clearTimeout(timer);
      timer = null;
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      load();
    }, REFETCH_MS);
  }

  button.addEventListener("click", () => setOpen(!open));
  refresh.addEventListener("click", () => load());

  // a change of the shown card, by anyone: fetch again once the server has it (remote or confirmed)
  app.client.addEventListener("change", (ev) => {
    if (!open || !target) return;
    const { kind, ops } = ev.detail || {};
    if (kind === "snapshot" || ((kind === "remote" || kind === "confirm") && (ops || []).some((op) => op.id === target))) {
      schedule();
    }
  });

  return {
    button,
    el,
    /** The editor shows card `id` (null: a new card, or the editor closed). */
    show(id) {
      const allowed = app.isCoordinator && Boolean(id);
      button.hidden = !allowed;
      if (id === target) return;
      target = allowed ? id : null;
      signature = "";
      clear(list);
      status.textContent = "";
      setOpen(false, { focus: false });
    },
  };
}
