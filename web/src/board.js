// The live board: the workspace's matrix views with every activity as a card, edited together.
// Protocol work is the SyncClient's (./sync-client.js); this file wires the UI modules in ./board/.

import { SyncClient } from "./sync-client.js";
import { h, clear } from "./board/dom.js";
import { AXES, axisInfo, FIELD_LABELS, ROLE_LABELS } from "./board/schema.js";
import { bands } from "./board/matrix.js";
import { EMPTY_FILTERS } from "./board/filters.js";
import { createMessages, createConnectionIndicator } from "./board/status.js";
import { createPresence } from "./board/presence.js";
import { createToolbar } from "./board/toolbar.js";
import { createGrid } from "./board/grid.js";
import { createEditor } from "./board/editor.js";
import { createMeetingDialog } from "./board/meetings.js";
import { createDownloads } from "./board/downloads.js";
import { createAnalysisPanel } from "./board/analysis.js";
import { createMembersPanel } from "./board/members.js";
import { createSessionGuard } from "./board/session.js";

function readConfig() {
  const el = document.getElementById("matrixsync-config");
  return JSON.parse(el?.textContent || "{}");
}

function start() {
  const config = readConfig();
  const root = document.getElementById("app");
  root.removeAttribute("aria-live"); // the shell's live region would read the whole board on every change
  const client = new SyncClient({ workspace: config.workspace, member: config.member, clientIdPrefix: "board" });
  const stateKey = `matrixsync:board:${config.workspace}:${config.member}`;
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(stateKey) || "{}") || {};
  } catch {
    saved = {};
  }

  const app = {
    config,
    client,
    isCoordinator: config.role === "coordinator",
    state: {
      matrixId: saved.matrixId || "",
      mode: saved.mode === "filter" ? "filter" : "highlight",
      meetingId: saved.meetingId || "",
      compact: Boolean(saved.compact),
      filters: { ...EMPTY_FILTERS },
      traced: null, // Set of activity ids marked from the analysis panel
      analysisOpen: Boolean(saved.analysisOpen),
    },
    messages: createMessages(),
    axis: (key) => axisInfo(key),
    axes: () => AXES,
    bands: (axis) => bands(client, axis),
    fieldLabel: (f) => FIELD_LABELS[f] || f,
    isOwnSid: (sid) => Boolean(sid) && sid === client.sid,
    sortedPartners: () =>
      client
        .list("partner")
        .slice()
        .sort((a, b) => String(a.name).localeCompare(String(b.name), "nl")),
    canEdit(act) {
      if (!act || config.role === "viewer") return false;
      return config.role === "coordinator" || act.partner === config.partner;
    },
    canEditDeleted(act) {
      return app.canEdit(act);
    },
    canCreateIn(view, row, col) {
      if (config.role === "viewer") return false;
      if (config.role === "coordinator") return true;
      if (view.rowAxis === "partner") return row === config.partner;
      if (view.colAxis === "partner") return col === config.partner;
      return true;
    },
    defaultPartnerFor(fields) {
      if (fields.partner) return fields.partner;
      return config.partner;
    },
    currentMatrix() {
      const matrices = client
        .list("matrix")
        .slice()
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || String(a.name).localeCompare(String(b.name), "nl"));
      return matrices.find((m) => m.id === app.state.matrixId) || matrices[0] || null;
    },
    setState(patch) {
      Object.assign(app.state, patch);
      try {
        const { matrixId, mode, meetingId, compact, analysisOpen } = app.state;
        localStorage.setItem(stateKey, JSON.stringify({ matrixId, mode, meetingId, compact, analysisOpen }));
      } catch {
        // storage blocked: the choice lasts for this page only
      }
      if ("matrixId" in patch) {
        const m = app.currentMatrix();
        if (m) app.messages.announce(`Matrix '${m.name}' getoond.`);
      }
      app.requestRender();
    },
    /** Mark these activities' cards (from a row of the analysis), or none. */
    setTrace(ids) {
      app.state.traced = ids && ids.size ? ids : null;
      app.requestRender();
    },
    savePanel(open) {
      if (app.state.analysisOpen !== open) app.setState({ analysisOpen: open });
    },
    setFilters(filters) {
      app.state.filters = { ...EMPTY_FILTERS, ...filters };
      app.requestRender();
    },
    setFields(type, id, changes) {
      if (changes.length === 1) return client.set(type, id, changes[0].field, changes[0].value);
      return client.update(type, id, Object.fromEntries(changes.map((c) => [c.field, c.value])));
    },
    openEditor: (id, returnKey) => editor.open(id, returnKey),
    openNew: (fields, returnKey) => editor.openNew(fields, returnKey),
    startMeeting: (trigger) => meetingDialog.open(trigger),
    focusCard(id) {
      app.requestRender(() => {
        const card = document.querySelector(`.card[data-id="${CSS.escape(id)}"]`);
        if (card) card.focus();
        else app.focusMatrix();
      });
    },
    focusMatrix() {
      grid.el.focus();
    },
    restoreFocus(returnKey, id) {
      app.requestRender(() => {
        const byKey = returnKey && document.querySelector(`[data-focus-key="${CSS.escape(returnKey)}"]`);
        const byId = id && document.querySelector(`.card[data-id="${CSS.escape(id)}"]`);
        const target = byKey || byId;
        if (target) target.focus();
        else app.focusMatrix();
      });
    },
  };

  // --- layout --------------------------------------------------------------------------------------
  const connection = createConnectionIndicator(app);
  const presence = createPresence(app);
  const toolbar = createToolbar(app);
  const grid = createGrid(app);
  const editor = createEditor(app);
  const meetingDialog = createMeetingDialog(app);
  const analysis = createAnalysisPanel(app);
  const session = createSessionGuard(app, root); // a revoked member or an ended session: shown as signed out
  app.signedOut = session.signedOut;
  app.checkAccess = session.check;
  const members = app.isCoordinator ? createMembersPanel(app) : null; // invites, members (coordinators)
  const workspaceName = h("span", { class: "ws-name" }, config.workspace);
  const downloadsSlot = h("div", { class: "downloads-slot" });
  const me = h(
    "p",
    { class: "me" },
    h("span", { class: "me-name" }, config.name),
    h("span", { class: "me-role" }, ` (${ROLE_LABELS[config.role] || config.role})`),
  );
  const header = h(
    "header",
    { class: "topbar" },
    h("h1", { class: "brand" }, workspaceName),
    toolbar.viewTool,
    h("div", { class: "topbar-spacer" }),
    connection.el,
    presence.el,
    analysis.toggle,
    members?.toggle,
    downloadsSlot,
    me,
  );
  const skip = h("a", { class: "skip-link", href: "#matrix" }, "Naar de matrix");
  skip.addEventListener("click", (ev) => {
    ev.preventDefault();
    grid.el.focus();
  });
  const loading = h("p", { class: "loading" }, "Het bord wordt geladen...");
  clear(root);
  const body = h("div", { class: "board-body" }, grid.el, analysis.el);
  root.append(skip, header, toolbar.el, loading, body);
  grid.el.hidden = true;

  // --- rendering ---------------------------------------------------------------------------------------
  // Changes are batched: all that come before the next frame give one render. A render of a big workspace
  // also costs the browser style, layout and paint in that frame; while changes keep coming (a paste of 180
  // cells arrives over a second or more), the next render waits as long as the last frame took, so at
  // most about half of the main thread goes to rendering and typing and scrolling stay responsive. After a
  // quiet moment a change is rendered in the next frame.
  const MAX_RENDER_WAIT = 500; // ms
  let scheduled = false;
  let afterRender = [];
  let downloadsBuilt = false;
  let frameStart = 0; // when the last render began
  let frameEnd = 0; // when its frame (style, layout, paint) was done
  const afterFrame = (fn) => {
    // a task posted from a frame callback runs after that frame's style, layout and paint
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn();
    channel.port2.postMessage(null);
  };
  function renderNow() {
    scheduled = false;
    frameStart = performance.now();
    afterFrame(() => {
      frameEnd = performance.now();
    });
    workspaceName.textContent = client.name || config.workspace;
    document.title = `${client.name || config.workspace}: matrixsync`;
    if (!downloadsBuilt && client.list("partner").length) {
      downloadsSlot.append(createDownloads(app).el);
      downloadsBuilt = true;
    }
    toolbar.update();
    grid.render();
    presence.update();
    connection.update();
    if (editor.isOpen) editor.refresh();
    analysis.update();
    document.body.dataset.seq = String(client.seq);
    document.body.dataset.pending = String(client.pendingCount);
    const callbacks = afterRender;
    afterRender = [];
    for (const fn of callbacks) fn();
  }
  app.requestRender = (fn) => {
    if (fn) afterRender.push(fn);
    if (scheduled) return;
    scheduled = true;
    const wait = Math.min(MAX_RENDER_WAIT, frameEnd + (frameEnd - frameStart) - performance.now());
    if (wait > 1) setTimeout(() => requestAnimationFrame(renderNow), wait);
    else requestAnimationFrame(renderNow);
  };

  let ready = false;
  client.addEventListener("change", (ev) => {
    analysis.changed(); // refetched when open, debounced
    if (!ready && ev.detail.kind === "snapshot") {
      ready = true;
      loading.remove();
      grid.el.hidden = false;
      document.body.dataset.ready = "true";
      if (app.state.analysisOpen) analysis.setOpen(true, { focus: false });
    }
    if (ev.detail.kind === "remote" && editor.isOpen) {
      const added = (ev.detail.ops || []).find(
        (op) => op.op === "create" && op.type === "comment" && op.fields?.target === editor.openId,
      );
      if (added) {
        const author = client.get("member", added.fields.author);
        app.messages.announce(`Nieuwe opmerking van ${author?.name || "iemand"}.`);
      }
    }
    app.requestRender();
  });
  client.addEventListener("reject", (ev) => {
    const detail = ev.detail;
    editor.rejected(detail);
    const text = `Wijziging niet opgeslagen: ${detail.reason}`;
    app.messages.notice(text, { kind: "error" });
    app.messages.alert(text);
    app.requestRender();
  });
  client.addEventListener("status", () => {
    connection.update();
    document.body.dataset.pending = String(client.pendingCount);
    document.body.dataset.status = client.status;
    analysis.statusChanged(client.status);
  });
  client.addEventListener("presence", () => {
    presence.update();
    editor.updatePresence();
    app.requestRender();
  });
  client.addEventListener("error", (ev) => {
    const { code, message } = ev.detail;
    if (code === "connect_error") session.check(); // refused: is this browser still signed in?
    if (code === "connect_error" && /toegang|aangemeld|ingetrokken|refused|verlopen/i.test(message)) {
      app.messages.notice(`Geen toegang: ${message}`, { kind: "error" });
    } else if (code !== "connect_error") {
      app.messages.notice(message || "Er ging iets mis op de server.", { kind: "error" });
    }
  });

  // the menus (who is here, downloads) close with Escape or a click elsewhere
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape" || document.querySelector("dialog[open]")) return;
    const menu = document.querySelector("details.menu[open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (ev) => {
    for (const menu of document.querySelectorAll("details.menu[open]")) if (!menu.contains(ev.target)) menu.open = false;
  });

  // for the end-to-end tests and for debugging in the browser console
  window.matrixsyncBoard = { client, app };
  connection.update();
  document.body.dataset.status = client.status;
  client.connect();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
