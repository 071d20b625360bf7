// The card editor: a modal dialog with a control for every activity field. Edits go out as you make
// them (text after a short pause or on leaving the field); refusals from the server appear next to the
// field; others' presence on a field is marked; partners see other partners' cards read-only.

import { h, clear, sameValue } from "./dom.js";
import { partnerColor, textOn } from "./colors.js";
import { SECTIONS, FIELD_LABELS, ACTIVITY_DEFAULTS } from "./schema.js";
import { buildControl, optionsSignature, INVALID } from "./controls.js";
import { createComments } from "./comments.js";
import { createHistory } from "./history.js";
import { othersPresent, avatar } from "./presence.js";

const TYPE_PAUSE_MS = 700;

export function createEditor(app) {
  const title = h("h2", { id: "editor-title", tabindex: "-1" });
  const owner = h("p", { class: "editor-owner" });
  const note = h("p", { class: "editor-note", hidden: true });
  const generalError = h("div", { class: "editor-error", id: "editor-error", hidden: true, tabindex: "-1" });
  const viewers = h("p", { class: "editor-viewers", hidden: true });
  const closeTop = h("button", { type: "button", class: "button button-quiet close-x", "aria-label": "Sluiten" }, "×");
  const body = h("div", { class: "editor-body" });
  const comments = createComments(app);
  const history = createHistory(app); // coordinators: who changed what, when
  const deleteButton = h("button", { type: "button", class: "button button-danger" }, "Verwijderen");
  const restoreButton = h("button", { type: "button", class: "button", hidden: true }, "Terugzetten");
  const createButton = h("button", { type: "button", class: "button button-primary" }, "Aanmaken");
  const closeButton = h("button", { type: "button", class: "button" }, "Sluiten");
  const dialog = h(
    "dialog",
    { class: "editor", "aria-labelledby": "editor-title" },
    h(
      "div",
      { class: "editor-head" },
      h("div", { class: "editor-heading" }, title, owner, viewers),
      closeTop,
    ),
    note,
    generalError,
    h("div", { class: "editor-scroll" }, body, comments.el, history.el),
    h(
      "div",
      { class: "editor-foot" },
      deleteButton,
      restoreButton,
      history.button,
      h("span", { class: "spacer" }),
      createButton,
      closeButton,
    ),
  );
  note.id = "editor-note";
  document.body.append(dialog);

  let cur = null; // {id, draft, returnKey, controls: Map, signature, readOnly, timers: Map, dirty: Set}

  // --- building ----------------------------------------------------------------------------------

  function build() {
    clear(body);
    cur.controls = new Map();
    cur.signature = optionsSignature(app);
    for (const section of SECTIONS) {
      const fs = h("fieldset", { class: "section" }, h("legend", {}, section.title));
      const grid = h("div", { class: "section-grid" });
      for (const spec of section.fields) {
        const control = buildControl(app, spec, {
          onInput: () => onInput(spec.name),
          onCommit: () => commit(spec.name),
        });
        if (["textarea", "partners", "outcomes"].includes(spec.kind) || (spec.kind === "axis" && app.axis(spec.axis).multi)) {
          control.wrap.classList.add("field-wide");
        }
        for (const f of control.focusables) {
          f.addEventListener("focus", () => app.client.setPresence({ card: cur?.id || null, field: spec.name }));
        }
        cur.controls.set(spec.name, control);
        grid.append(control.wrap);
      }
      fs.append(grid);
      body.append(fs);
    }
  }

  function values() {
    if (!cur) return null;
    return cur.id ? app.client.get("activity", cur.id) : cur.draft;
  }

  // --- refreshing from the shared state --------------------------------------------------------------

  function refresh({ force = [] } = {}) {
    if (!cur) return;
    if (optionsSignature(app) !== cur.signature) {
      const focused = document.activeElement?.name;
      build();
      force = [...cur.controls.keys()];
      if (focused) cur.controls.get(focused)?.focusables[0]?.focus();
    }
    const obj = values();
    const gone = cur.id && !obj;
    const editable = !gone && (cur.id ? app.canEdit(obj) : true);
    cur.readOnly = !editable;
    const partner = app.client.get("partner", obj?.partner ?? cur.draft?.partner);
    title.textContent = cur.id ? obj?.name || "Verwijderde activiteit" : "Nieuwe activiteit";
    clear(owner);
    if (partner) {
      const bg = partnerColor(partner);
      owner.append(h("span", { class: "chip chip-static", style: { background: bg, color: textOn(bg) } }, partner.name));
    }
    if (gone) {
      note.textContent = "Deze activiteit is verwijderd. U ziet de laatste bekende waarden.";
    } else if (!editable) {
      note.textContent =
        app.config.role === "viewer"
          ? "Alleen lezen: als kijker kunt u niets wijzigen."
          : `Alleen lezen: deze activiteit is van ${partner?.name || "een andere partner"}. U kunt wel een opmerking plaatsen.`;
    } else note.textContent = "";
    note.hidden = !note.textContent;
    if (note.hidden) dialog.removeAttribute("aria-describedby");
    else dialog.setAttribute("aria-describedby", "editor-note");

    if (obj) cur.last = obj;
    const shown = obj || cur.last || {};
    for (const [field, control] of cur.controls) {
      const focused = control.wrap.contains(document.activeElement);
      if (force.includes(field) || !(focused && cur.dirty.has(field))) {
        control.write(shown[field]);
        if (force.includes(field)) cur.dirty.delete(field);
      }
      let off = !editable;
      if (field === "partner" && !app.isCoordinator) off = true;
      control.disable(off);
    }
    deleteButton.hidden = !cur.id || gone || !editable;
    restoreButton.hidden = !gone || !app.canEditDeleted(cur.last);
    createButton.hidden = Boolean(cur.id);
    comments.show(cur.id && !gone ? cur.id : null);
    history.show(cur.id);
    updatePresence();
  }

  function updatePresence() {
    if (!cur) return;
    const others = othersPresent(app).filter((e) => cur.id && e.card === cur.id);
    clear(viewers);
    viewers.hidden = !others.length;
    if (others.length) {
      viewers.append("Ook open bij: ");
      others.forEach((e, i) => {
        viewers.append(avatar(app, e, { small: true }), ` ${e.name}${i < others.length - 1 ? ", " : ""}`);
      });
    }
    for (const [field, control] of cur.controls) {
      const editing = others.filter((e) => e.field === field);
      control.wrap.classList.toggle("in-use", editing.length > 0);
      control.who.hidden = !editing.length;
      if (editing.length) {
        const bg = partnerColor(app.client.get("partner", editing[0].partner));
        control.wrap.style.setProperty("--who", bg);
        control.who.textContent = `${editing.map((e) => e.name).join(" en ")} ${editing.length > 1 ? "bewerken" : "bewerkt"} dit veld`;
      }
    }
  }

  // --- editing -----------------------------------------------------------------------------------

  function setError(field, message) {
    const control = cur?.controls.get(field);
    if (!control) return false;
    control.error.textContent = message || "";
    control.error.hidden = !message;
    for (const f of control.focusables) {
      if (message) f.setAttribute("aria-invalid", "true");
      else f.removeAttribute("aria-invalid");
    }
    return true;
  }

  function clearErrors() {
    if (!cur) return;
    for (const field of cur.controls.keys()) setError(field, "");
    generalError.hidden = true;
    generalError.textContent = "";
  }

  function onInput(field) {
    if (!cur || cur.readOnly) return;
    cur.dirty.add(field);
    const control = cur.controls.get(field);
    if (!control.typing) return;
    clearTimeout(cur.timers.get(field));
    if (control.input.type === "number") return; // numbers go out on change: half-typed numbers mislead
    cur.timers.set(
      field,
      setTimeout(() => commit(field), TYPE_PAUSE_MS),
    );
  }

  function commit(field) {
    if (!cur || cur.readOnly) return;
    clearTimeout(cur.timers.get(field));
    const control = cur.controls.get(field);
    const value = control.read();
    if (value === INVALID) {
      setError(field, control.invalidMessage || "Deze waarde is ongeldig.");
      return;
    }
    if (!cur.id) {
      cur.draft[field] = value;
      cur.dirty.delete(field);
      setError(field, "");
      if (field === "partner") refresh();
      return;
    }
    const obj = app.client.get("activity", cur.id);
    if (!obj) return;
    cur.dirty.delete(field);
    if (sameValue(obj[field], value)) return;
    setError(field, "");
    app.setFields("activity", cur.id, [{ field, value }]);
  }

  function flush() {
    if (!cur) return;
    for (const field of [...cur.dirty]) commit(field);
  }

  function create() {
    flush();
    const draft = cur.draft;
    if (!String(draft.name || "").trim()) {
      setError("name", "Geef de activiteit een naam.");
      cur.controls.get("name").focusables[0].focus();
      return;
    }
    const fields = {};
    for (const [key, value] of Object.entries(draft)) {
      if (!sameValue(value, ACTIVITY_DEFAULTS[key])) fields[key] = value;
    }
    const id = app.client.create("activity", fields);
    cur.id = id;
    cur.createdFrom = { ...draft };
    app.client.setPresence({ card: id, field: null });
    app.messages.announce(`Activiteit '${fields.name}' aangemaakt.`);
    refresh();
    title.focus();
  }

  function remove() {
    const obj = app.client.get("activity", cur.id);
    if (!obj) return;
    const id = cur.id;
    app.client.delete("activity", id);
    close({ silent: true }); // focus goes to the notice's undo button, not back to the (gone) card
    app.messages.notice(`'${obj.name}' is verwijderd.`, {
      kind: "undo",
      focus: true,
      action: {
        label: "Ongedaan maken",
        run: () => {
          app.client.restore("activity", id);
          app.messages.announce(`'${obj.name}' is teruggezet.`);
          app.focusCard(id);
        },
        after: () => app.focusMatrix(),
      },
    });
  }

  // --- server refusals -----------------------------------------------------------------------------

  // A mutation touching the open card was refused: the client has rolled it back; show why, where.
  function rejected(detail) {
    if (!cur) return false;
    const ops = detail?.mutation?.ops || [];
    const mine = ops.filter((op) => op.id === cur.id);
    if (!mine.length) return false;
    const created = mine.find((op) => op.op === "create");
    if (created) {
      // the new card was refused: back to the draft, so nothing typed is lost
      cur.draft = { ...cur.createdFrom };
      cur.id = null;
    }
    const fields = mine.filter((op) => op.op === "set").map((op) => op.field);
    refresh({ force: fields });
    const issues = detail.issues || [];
    let placed = false;
    for (const issue of issues) placed = setError(issue.field, issue.message) || placed;
    if (!placed) {
      const field = fields.find((f) => cur.controls.has(f));
      if (field) placed = setError(field, detail.reason);
    }
    if (!placed || created) {
      generalError.textContent = `Niet opgeslagen: ${detail.reason}`;
      generalError.hidden = false;
    }
    return true;
  }

  // --- opening and closing -----------------------------------------------------------------------

  function open(id, returnKey, draft = null) {
    if (cur) close({ silent: true });
    cur = { id, draft, returnKey, controls: new Map(), timers: new Map(), dirty: new Set(), last: null };
    build();
    clearErrors();
    refresh({ force: [...cur.controls.keys()] });
    dialog.showModal();
    app.client.setPresence({ card: id, field: null });
    const first = cur.controls.get("name").focusables[0];
    if (!cur.readOnly) first.focus();
    else title.focus();
    dialog.querySelector(".editor-scroll").scrollTop = 0;
  }

  function openNew(fields, returnKey) {
    const draft = { ...ACTIVITY_DEFAULTS, ...fields, partner: app.defaultPartnerFor(fields) };
    open(null, returnKey, draft);
  }

  function close({ silent = false } = {}) {
    if (!cur) return;
    flush();
    for (const t of cur.timers.values()) clearTimeout(t);
    const { returnKey, id } = cur;
    cur = null;
    comments.show(null);
    history.show(null);
    if (dialog.open) dialog.close();
    app.client.setPresence({ card: null, field: null });
    if (!silent) app.restoreFocus(returnKey, id);
  }

  dialog.addEventListener("cancel", (ev) => {
    ev.preventDefault();
    close();
  });
  dialog.addEventListener("focusout", (ev) => {
    if (cur && !dialog.contains(ev.relatedTarget)) app.client.setPresence({ card: cur.id, field: null });
  });
  dialog.addEventListener("focusin", (ev) => {
    if (cur && !ev.target.closest(".field")) app.client.setPresence({ card: cur.id, field: null });
  });
  closeTop.addEventListener("click", () => close());
  closeButton.addEventListener("click", () => close());
  createButton.addEventListener("click", create);
  deleteButton.addEventListener("click", remove);
  restoreButton.addEventListener("click", () => {
    app.client.restore("activity", cur.id);
    app.messages.announce("Activiteit teruggezet.");
  });

  return {
    open,
    openNew,
    close,
    refresh: () => refresh(),
    updatePresence,
    rejected,
    get openId() {
      return cur?.id ?? null;
    },
    get isOpen() {
      return Boolean(cur);
    },
    fieldLabel: (f) => FIELD_LABELS[f] || f,
  };
}
