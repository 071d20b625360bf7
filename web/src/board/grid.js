// The matrix: a table of cells with cards, counts per row and column, white spots, drag and drop,
// and moving a card with the keyboard (Space picks it up, arrows choose a cell, Enter drops, Escape cancels).

import { h, srOnly, initials } from "./dom.js";
import { partnerColor, textOn } from "./colors.js";
import {
  buildView,
  cell,
  rowCount,
  colCount,
  moveChanges,
  cellFields,
  createActivitySorter,
  viewSignature,
} from "./matrix.js";
import { matches, changedSince, activeCriteria } from "./filters.js";
import { partnerShortName } from "./toolbar.js";
import { othersPresent } from "./presence.js";
import { capitalize } from "./schema.js";

const CARD_HELP_EDIT =
  "Enter: openen. Spatie: oppakken om te verplaatsen; kies met de pijltjestoetsen een cel, Enter zet neer, Escape annuleert.";
const CARD_HELP_READ = "Enter: openen (alleen lezen).";

/** The key of an activity's card in a cell (row and col null: the unplaced list); also its focus key. */
export function cardKey(id, row, col) {
  return `card:${id}:${row ?? "-"}:${col ?? "-"}`;
}

/**
 * Make `parent`'s children exactly `desired` (nodes, in order), touching as few as possible: nodes not
 * wanted go, wanted nodes already in place stay where they are (a focused card keeps its focus), the
 * others are inserted or moved. Returns the number of DOM operations.
 */
export function reconcileChildren(parent, desired) {
  let ops = 0;
  const wanted = new Set(desired);
  for (let node = parent.firstChild; node; ) {
    const next = node.nextSibling;
    if (!wanted.has(node)) {
      parent.removeChild(node);
      ops += 1;
    }
    node = next;
  }
  let cur = parent.firstChild;
  for (const node of desired) {
    if (node === cur) {
      cur = cur.nextSibling;
      continue;
    }
    parent.insertBefore(node, cur);
    ops += 1;
  }
  return ops;
}

/** Set an element's text only when it differs (an equal write still replaces the text node). */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function createGrid(app) {
  const heading = h("h2", { class: "matrix-title", id: "matrix-title" });
  const stats = h("p", { class: "matrix-stats", id: "matrix-stats" });
  const tip =
    app.config.role === "viewer"
      ? null
      : h("p", { class: "matrix-tip", "aria-hidden": "true" }, "Verplaatsen: sleep een kaart, of Spatie en pijltjestoetsen");
  const wrap = h("div", { class: "table-wrap", tabindex: "-1" });
  const unplaced = h("section", { class: "unplaced", "aria-labelledby": "unplaced-title" });
  const el = h(
    "main",
    { id: "matrix", class: "matrix-area", tabindex: "-1", "aria-labelledby": "matrix-title" },
    h("div", { class: "matrix-head" }, heading, stats, tip),
    h("p", { class: "sr-only", id: "card-help-edit" }, CARD_HELP_EDIT),
    h("p", { class: "sr-only", id: "card-help-read" }, CARD_HELP_READ),
    wrap,
    unplaced,
  );

  let view = null;
  let moving = null; // {id, from: {row, col} | null, to: {row, col}}
  let dragging = null; // {id, from}
  let lastWhiteSpots = null;

  // --- rendering ----------------------------------------------------------------------------------

  // activity id -> {list: presence entries (one per member), names: their names, for comparing}
  function viewersOf() {
    const map = new Map();
    for (const entry of othersPresent(app)) {
      if (!entry.card) continue;
      if (!map.has(entry.card)) map.set(entry.card, { list: [], names: "" });
      const seen = map.get(entry.card);
      if (!seen.list.some((e) => e.member === entry.member)) {
        seen.list.push(entry);
        seen.names += `${entry.name}\n`;
      }
    }
    return map;
  }

  // Cards are kept between renders, one per (activity, cell): a card is built again only when something
  // it shows changed (the client's objects are frozen and replaced on every change, so comparing the
  // activity and its partner by identity is enough), so an edit touches a few cards, not the whole matrix.
  const cards = new Map(); // cardKey -> {act, partner, highlighting, hit, changed, traced, names, lifted, li, gen}
  let generation = 0;
  const NOBODY = { list: [], names: "" };

  function cardFor(act, row, col, ctx) {
    const partner = app.client.get("partner", act.partner);
    const { highlighting } = ctx;
    const hit = highlighting ? matches(app, act) : true;
    const changed = changedSince(app, act);
    const traced = Boolean(app.state.traced?.has(act.id));
    const viewers = ctx.viewers.get(act.id) || NOBODY;
    const key = cardKey(act.id, row, col);
    let e = cards.get(key);
    if (
      !e ||
      e.act !== act ||
      e.partner !== partner ||
      e.highlighting !== highlighting ||
      e.hit !== hit ||
      e.changed !== changed ||
      e.traced !== traced ||
      e.names !== viewers.names
    ) {
      const li = card(act, row, col, { partner, hit, changed, traced, viewers: viewers.list, highlighting });
      e = { act, partner, highlighting, hit, changed, traced, names: viewers.names, lifted: false, li };
      cards.set(key, e);
    }
    e.gen = generation;
    // picked up with the keyboard: a class of the moment, not part of what the card shows
    const lifted = Boolean(moving && moving.id === act.id);
    if (e.lifted !== lifted) {
      e.li.firstChild.classList.toggle("lifted", lifted);
      e.lifted = lifted;
    }
    return e.li;
  }

  function card(act, row, col, { partner, hit, changed, traced, viewers, highlighting }) {
    const bg = partnerColor(partner);
    const editable = app.canEdit(act);
    const key = cardKey(act.id, row, col);
    const classes = ["card"];
    if (highlighting) classes.push(hit ? "hit" : "muted");
    if (changed) classes.push("changed");
    if (traced) classes.push("traced");
    if (viewers.length) classes.push("watched");
    if (act._pending) classes.push("pending");
    const srBits = [partner ? partner.name : "onbekende partner"];
    if (act.status && act.status !== "bestaand") srBits.push(`status ${act.status}`);
    if (changed) srBits.push("gewijzigd sinds het overleg");
    if (highlighting && hit) srBits.push("gemarkeerd");
    if (traced) srBits.push("gemarkeerd vanuit de analyse");
    if (viewers.length) srBits.push(`open bij ${viewers.map((v) => v.name).join(", ")}`);
    if (act._pending) srBits.push("wijziging wacht op de server");
    if (!editable) srBits.push("alleen lezen");
    const button = h(
      "button",
      {
        type: "button",
        class: classes.join(" "),
        draggable: editable ? "true" : "false",
        title: act.name,
        style: highlighting && !hit ? { "--pc": bg } : { "--pc": bg, background: bg, color: textOn(bg) },
        dataset: { id: act.id, row: row ?? "", col: col ?? "", focusKey: key },
        "aria-describedby": editable ? "card-help-edit" : "card-help-read",
      },
      h("span", { class: "card-name" }, act.name),
      srOnly(`, ${srBits.join(", ")}`),
      h(
        "span",
        { class: "card-meta", "aria-hidden": "true" },
        h("span", { class: "card-partner" }, partnerShortName(partner)),
        act.status && act.status !== "bestaand" ? h("span", { class: "tag" }, capitalize(act.status)) : null,
        changed ? h("span", { class: "tag tag-changed" }, "Gewijzigd") : null,
        traced ? h("span", { class: "tag tag-traced" }, "Analyse") : null,
        act._pending ? h("span", { class: "tag tag-pending", title: "wacht op de server" }, "Wacht") : null,
        viewers.length
          ? h("span", { class: "card-viewers" }, viewers.slice(0, 3).map((v) => h("span", { class: "mini" }, initials(v.name))))
          : null,
      ),
    );
    button.addEventListener("click", () => app.openEditor(act.id, key));
    if (editable) {
      button.addEventListener("keydown", (ev) => onCardKey(ev, act, row, col));
      button.addEventListener("dragstart", (ev) => {
        dragging = { id: act.id, from: row == null ? null : { row, col } };
        ev.dataTransfer.effectAllowed = "move";
        ev.dataTransfer.setData("text/plain", act.id);
        button.classList.add("dragging");
      });
      button.addEventListener("dragend", () => {
        dragging = null;
        button.classList.remove("dragging"); // the card may stay (dropped where it was): it is kept now
        el.querySelectorAll(".drop-over").forEach((c) => c.classList.remove("drop-over"));
        if (deferred) app.requestRender();
      });
    }
    return h("li", {}, button);
  }

  function dropCell(td, row, col) {
    td.addEventListener("dragover", (ev) => {
      if (!dragging) return;
      const act = app.client.get("activity", dragging.id);
      if (!act || !canDrop(act, { row, col })) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
      td.classList.add("drop-over");
    });
    td.addEventListener("dragleave", (ev) => {
      if (!td.contains(ev.relatedTarget)) td.classList.remove("drop-over");
    });
    td.addEventListener("drop", (ev) => {
      ev.preventDefault();
      td.classList.remove("drop-over");
      if (!dragging) return;
      const { id, from } = dragging;
      dragging = null;
      moveTo(id, from, { row, col }, null);
      app.requestRender();
    });
  }

  function canDrop(act, to) {
    if (!app.canEdit(act)) return false;
    // a partner cannot hand an activity to another partner
    if (!app.isCoordinator && (view.rowAxis === "partner" || view.colAxis === "partner")) {
      const target = view.rowAxis === "partner" ? to.row : to.col;
      if (target !== act.partner) return false;
    }
    return true;
  }

  // The table stays while the matrix's rows and columns stay (same axes, bands and labels); a render then
  // updates the counts, the cells whose cards changed and the texts, and leaves the rest of the DOM alone.
  const sortActivities = createActivitySorter();
  let table = null; // {signature, el, caption, colCounts, rowCounts, cells}
  const unplacedTitle = h("h3", { id: "unplaced-title" });
  const unplacedHint = h("p", { class: "hint" });
  const unplacedList = h("ul", { class: "cards cards-unplaced" });

  function countBadge(n) {
    return [String(n), srOnly(n === 1 ? " activiteit" : " activiteiten")];
  }

  function setCount(entry, n) {
    if (entry.n === n) return;
    entry.n = n;
    entry.span.replaceChildren(...countBadge(n));
  }

  function buildTable(signature) {
    const caption = h("caption", { class: "sr-only" });
    const el = h("table", { class: "matrix" }, caption);
    const colCounts = new Map();
    const rowCounts = new Map();
    const cells = []; // [row index][col index] -> the cell's state (the rows and columns are the signature's)
    const headRow = h(
      "tr",
      {},
      h(
        "th",
        { scope: "col", class: "corner" },
        h("span", { class: "corner-rows" }, view.rowLabel),
        h("span", { class: "corner-sep", "aria-hidden": "true" }, " \\ "),
        srOnly(" in de rijen, "),
        h("span", { class: "corner-cols" }, view.colLabel),
        srOnly(" in de kolommen"),
      ),
    );
    const countSpan = () => h("span", { class: "count", title: "aantal activiteiten" });
    for (const c of view.cols) {
      const span = countSpan();
      colCounts.set(c.id, { span, n: null });
      headRow.append(h("th", { scope: "col", dataset: { col: c.id } }, h("span", { class: "band-label" }, c.label), span));
    }
    el.append(h("thead", {}, headRow));
    const body = h("tbody");
    for (const r of view.rows) {
      const span = countSpan();
      rowCounts.set(r.id, { span, n: null });
      const rowCells = [];
      cells.push(rowCells);
      const tr = h("tr", {}, h("th", { scope: "row", dataset: { row: r.id } }, h("span", { class: "band-label" }, r.label), span));
      for (const c of view.cols) {
        const td = h("td", { class: "cell", dataset: { row: r.id, col: c.id } });
        let add = null;
        if (app.canCreateIn(view, r.id, c.id)) {
          add = h(
            "button",
            {
              type: "button",
              class: "add",
              dataset: { focusKey: `add:${r.id}:${c.id}` },
              "aria-label": `Nieuwe activiteit in ${r.label}, ${c.label}`,
              title: "Nieuwe activiteit in deze cel",
              onclick: () => app.openNew(cellFields(view, r.id, c.id), `add:${r.id}:${c.id}`),
            },
            "+",
          );
          td.append(add);
        }
        dropCell(td, r.id, c.id);
        rowCells.push({ td, add, kind: null, content: [], ul: null });
        tr.append(td);
      }
      body.append(tr);
    }
    el.append(body);
    return { signature, el, caption, colCounts, rowCounts, cells };
  }

  // One cell: a white spot, "n hidden by the filter", or its cards (kept; only changed ones are replaced).
  function renderCell(st, acts, shown, row, col, ctx) {
    const kind = !acts.length ? "spot" : !shown.length ? `filtered:${acts.length}` : "cards";
    if (kind !== st.kind) {
      for (const node of st.content) node.remove();
      if (st.kind === "cards") st.ul.replaceChildren();
      st.td.classList.toggle("white-spot", kind === "spot");
      st.td.classList.toggle("filtered-empty", kind !== "spot" && kind !== "cards");
      if (kind === "spot") {
        st.content = [h("span", { class: "white-spot-label" }, "Witte vlek"), srOnly(": geen activiteiten in deze cel")];
      } else if (kind === "cards") {
        st.ul ||= h("ul", { class: "cards" });
        st.content = [st.ul];
      } else {
        st.content = [h("span", { class: "filtered-label" }, `${acts.length} verborgen door filter`)];
      }
      for (const node of st.content) st.td.insertBefore(node, st.add);
      st.kind = kind;
    }
    if (kind === "cards") reconcileChildren(st.ul, shown.map((a) => cardFor(a, row, col, ctx)));
    st.td.classList.toggle("drop-target", Boolean(moving && moving.to.row === row && moving.to.col === col));
  }

  let deferred = false;
  function render() {
    // never rebuild under a drag: the browser would lose the dragged element and the drop target
    if (dragging) {
      deferred = true;
      return;
    }
    deferred = false;
    const focusKey = document.activeElement?.dataset?.focusKey;
    const matrix = app.currentMatrix();
    if (!matrix) {
      table = null;
      cards.clear();
      wrap.replaceChildren();
      unplaced.replaceChildren();
      setText(heading, "Geen matrix");
      setText(stats, "Deze werkruimte heeft nog geen matrixweergave.");
      return;
    }
    generation += 1;
    const filtering = app.state.mode === "filter" && activeCriteria(app);
    const highlighting = app.state.mode !== "filter" && activeCriteria(app);
    const all = sortActivities(app.client);
    view = buildView(app.client, matrix, all);
    const keep = filtering ? (a) => matches(app, a) : () => true;
    const ctx = { highlighting, viewers: viewersOf() };

    setText(heading, matrix.name);
    const signature = viewSignature(view);
    if (!table || table.signature !== signature) {
      table = buildTable(signature);
      wrap.replaceChildren(table.el);
    }
    const totalShown = all.filter(keep).length;
    let whiteSpots = 0;
    for (const r of view.rows) for (const c of view.cols) if (!cell(view, r.id, c.id).length) whiteSpots += 1;
    setText(
      table.caption,
      `${matrix.name}: rijen ${view.rowLabel}, kolommen ${view.colLabel}. ${whiteSpots} witte ${whiteSpots === 1 ? "vlek" : "vlekken"}.`,
    );
    for (const c of view.cols) setCount(table.colCounts.get(c.id), colCount(view, c.id, keep));
    view.rows.forEach((r, i) => {
      setCount(table.rowCounts.get(r.id), rowCount(view, r.id, keep));
      view.cols.forEach((c, j) => {
        const acts = cell(view, r.id, c.id);
        renderCell(table.cells[i][j], acts, filtering ? acts.filter(keep) : acts, r.id, c.id, ctx);
      });
    });

    const unplacedShown = view.unplaced.filter(keep);
    if (unplacedShown.length) {
      setText(unplacedTitle, `Niet in deze matrix (${unplacedShown.length})`);
      setText(
        unplacedHint,
        `Deze activiteiten hebben geen waarde voor ${view.rowLabel.toLowerCase()} of ${view.colLabel.toLowerCase()}. Sleep ze naar een cel of open ze om ze in te delen.`,
      );
      reconcileChildren(unplacedList, unplacedShown.map((a) => cardFor(a, null, null, ctx)));
      if (!unplaced.firstChild) unplaced.append(unplacedTitle, unplacedHint, unplacedList);
    } else if (unplaced.firstChild) {
      unplaced.replaceChildren();
      unplacedList.replaceChildren();
    }
    // cards no longer shown are dropped (and built afresh should they come back)
    for (const [key, entry] of cards) if (entry.gen !== generation) cards.delete(key);

    const hits = highlighting ? all.filter((a) => matches(app, a)).length : null;
    const parts = [`${totalShown} ${totalShown === 1 ? "activiteit" : "activiteiten"}`];
    if (hits !== null) parts.push(`${hits} gemarkeerd`);
    parts.push(`${whiteSpots} witte ${whiteSpots === 1 ? "vlek" : "vlekken"}`);
    if (view.unplaced.length) parts.push(`${view.unplaced.length} niet ingedeeld`);
    setText(stats, `${view.rowLabel} × ${view.colLabel} · ${parts.join(" · ")}`);
    if (lastWhiteSpots !== null && lastWhiteSpots !== whiteSpots && lastWhiteSpots !== -1) {
      app.messages.announce(`Nu ${whiteSpots} witte ${whiteSpots === 1 ? "vlek" : "vlekken"} in ${matrix.name}.`);
    }
    lastWhiteSpots = whiteSpots;

    if (focusKey) restoreFocus(focusKey);
  }

  function restoreFocus(key) {
    if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return;
    const target = el.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (target) {
      target.focus({ preventScroll: true });
      return;
    }
    // the card moved or vanished: keep focus near where it was
    const [kind, id] = key.split(":");
    const same = kind === "card" ? el.querySelector(`.card[data-id="${CSS.escape(id)}"]`) : null;
    (same || wrap).focus({ preventScroll: !same });
  }

  // --- moving ------------------------------------------------------------------------------------

  function moveTo(id, from, to, focusAfter) {
    const act = app.client.get("activity", id);
    if (!act) return;
    if (!canDrop(act, to)) {
      app.messages.notice("U kunt deze activiteit niet naar die cel verplaatsen.", { kind: "error" });
      return;
    }
    const changes = moveChanges(act, view, from || { row: null, col: null }, to);
    if (!changes.length) {
      app.messages.announce("De kaart staat al in die cel.");
      return;
    }
    app.setFields("activity", id, changes);
    const rowLabel = view.rows.find((b) => b.id === to.row)?.label;
    const colLabel = view.cols.find((b) => b.id === to.col)?.label;
    app.messages.announce(`'${act.name}' verplaatst naar ${rowLabel}, ${colLabel}.`);
    if (focusAfter) {
      app.requestRender(() => {
        const target = el.querySelector(`[data-focus-key="${CSS.escape(`card:${id}:${to.row}:${to.col}`)}"]`);
        target?.focus();
      });
    }
  }

  function describeTarget() {
    const r = view.rows.find((b) => b.id === moving.to.row);
    const c = view.cols.find((b) => b.id === moving.to.col);
    const n = cell(view, moving.to.row, moving.to.col).length;
    return `${r?.label}, ${c?.label}: ${n ? `${n} ${n === 1 ? "activiteit" : "activiteiten"}` : "witte vlek"}`;
  }

  function markTarget() {
    el.querySelectorAll(".drop-target").forEach((c) => c.classList.remove("drop-target"));
    if (!moving) return;
    const td = el.querySelector(
      `td[data-row="${CSS.escape(moving.to.row)}"][data-col="${CSS.escape(moving.to.col)}"]`,
    );
    td?.classList.add("drop-target");
    td?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function onCardKey(ev, act, row, col) {
    if (moving) return; // handled by the document listener
    if (ev.key === " " || ev.key === "Spacebar") {
      ev.preventDefault();
      if (!view.rows.length || !view.cols.length) return;
      const from = row == null ? null : { row, col };
      moving = { id: act.id, from, to: from ? { ...from } : { row: view.rows[0].id, col: view.cols[0].id } };
      ev.currentTarget.classList.add("lifted");
      markTarget();
      app.messages.announce(
        `'${act.name}' opgepakt. Kies een cel met de pijltjestoetsen, Enter zet neer, Escape annuleert. Nu: ${describeTarget()}.`,
      );
    }
  }

  document.addEventListener(
    "keydown",
    (ev) => {
      if (!moving) return;
      const rows = view.rows.map((b) => b.id);
      const cols = view.cols.map((b) => b.id);
      let ri = rows.indexOf(moving.to.row);
      let ci = cols.indexOf(moving.to.col);
      const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[ev.key];
      if (step) {
        ev.preventDefault();
        ev.stopPropagation();
        ri = Math.max(0, Math.min(rows.length - 1, ri + step[0]));
        ci = Math.max(0, Math.min(cols.length - 1, ci + step[1]));
        moving.to = { row: rows[ri], col: cols[ci] };
        markTarget();
        app.messages.announce(describeTarget());
      } else if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        ev.stopPropagation();
        const { id, from, to } = moving;
        moving = null;
        markTarget();
        el.querySelectorAll(".lifted").forEach((c) => c.classList.remove("lifted"));
        moveTo(id, from, to, true);
      } else if (ev.key === "Escape" || ev.key === "Tab") {
        if (ev.key === "Escape") ev.preventDefault();
        moving = null;
        markTarget();
        el.querySelectorAll(".lifted").forEach((c) => c.classList.remove("lifted"));
        app.messages.announce("Verplaatsen geannuleerd.");
      }
    },
    true,
  );
  // a click elsewhere puts a carried card back
  document.addEventListener(
    "pointerdown",
    () => {
      if (!moving) return;
      moving = null;
      markTarget();
      el.querySelectorAll(".lifted").forEach((c) => c.classList.remove("lifted"));
    },
    true,
  );
  // Enter on a lifted card must not also "click" it open
  document.addEventListener(
    "keyup",
    (ev) => {
      if (ev.key === " " && ev.target?.classList?.contains("card")) ev.preventDefault();
    },
    true,
  );

  return { el, render, get view() { return view; } };
}
