// "Deelnemers" (coordinators only): invite someone of a partner with a single-use link, see and revoke the
// open links, see the members and revoke one (with confirmation: their sessions and live connections end at
// once) or restore a revoked one (with a new link). Everything goes through the REST routes of server/transports/auth_http.py; the server decides, and
// its Dutch message is shown when it refuses. The lists follow the live state: a member created by an
// invite, or revoked elsewhere, shows up while the panel is open.

import { h, clear, newId } from "./dom.js";
import { createApi } from "./api.js";
import {
  ROLE_CHOICES,
  ROLE_HINT,
  countLabel,
  formatDateTime,
  inviteProblems,
  linkSubject,
  memberStatus,
  openLinks,
  personLabel,
  remaining,
  roleLabel,
  sortMembers,
} from "./admin-format.js";

const REFETCH_MS = 300;

function field(labelText, control, { hint = "", optional = false } = {}) {
  control.id ||= newId("adm");
  const error = h("p", { class: "field-error", id: `${control.id}-err`, hidden: true });
  const hintEl = hint ? h("p", { class: "field-hint", id: `${control.id}-hint` }, hint) : null;
  control.setAttribute("aria-describedby", [hintEl?.id, error.id].filter(Boolean).join(" "));
  const label = h("label", { for: control.id }, labelText, optional ? h("span", { class: "req" }, " (niet verplicht)") : null);
  return { wrap: h("div", { class: "field" }, label, control, hintEl, error), control, error };
}

/** A small action button in a list row; `focusKey` finds it again after a re-render, `onClick(button)`. */
function rowButton(text, label, focusKey, onClick, { danger = false } = {}) {
  const button = h(
    "button",
    { type: "button", class: `button${danger ? " button-danger" : ""} button-small`, dataset: { focusKey }, "aria-label": label },
    text,
  );
  button.addEventListener("click", () => onClick(button));
  return button;
}

function setFieldError(f, message) {
  f.error.textContent = message || "";
  f.error.hidden = !message;
  if (message) f.control.setAttribute("aria-invalid", "true");
  else f.control.removeAttribute("aria-invalid");
}

export function createMembersPanel(app) {
  const api = createApi(app);

  // --- the dialog ------------------------------------------------------------------------------------
  const toggle = h(
    "button",
    { type: "button", class: "panel-toggle", "aria-haspopup": "dialog", id: "members-toggle" },
    "Deelnemers",
  );
  const title = h("h2", { id: "members-title", tabindex: "-1" }, "Deelnemers");
  const closeTop = h("button", { type: "button", class: "button button-quiet close-x", "aria-label": "Deelnemers sluiten" }, "×");
  const closeButton = h("button", { type: "button", class: "button" }, "Sluiten");
  const intro = h(
    "p",
    { id: "members-intro", class: "members-intro" },
    "Nodig mensen van partners uit met een eenmalige link, en beheer wie toegang heeft tot deze werkruimte.",
  );

  // --- invite form ---------------------------------------------------------------------------------------
  const partnerField = field("Partner", h("select", { name: "partner", required: true }));
  const roleSelect = h("select", { name: "role" });
  for (const [value, text] of ROLE_CHOICES) roleSelect.append(h("option", { value }, text));
  const roleField = field("Rol", roleSelect, { hint: ROLE_HINT });
  const nameField = field("Naam", h("input", { type: "text", name: "name", maxlength: 200, autocomplete: "off" }), {
    optional: true,
    hint: "Zo staat de persoon op het bord; zonder naam het deel van het e-mailadres voor de @.",
  });
  const emailField = field(
    "E-mailadres",
    h("input", { type: "email", name: "email", maxlength: 254, autocomplete: "off", required: true, spellcheck: "false" }),
    { hint: "Om de persoon te herkennen (ook bij aanmelden met Microsoft). Er gaat geen e-mail uit." },
  );
  const fields = { partner: partnerField, role: roleField, name: nameField, email: emailField };
  const inviteError = h("p", { class: "form-error", id: "invite-error", role: "alert", hidden: true });
  const inviteSubmit = h("button", { type: "submit", class: "button button-primary" }, "Uitnodigingslink maken");
  const inviteHeading = h("h3", { id: "invite-title" }, "Iemand uitnodigen");
  const form = h(
    "form",
    { class: "invite-form", novalidate: true, "aria-labelledby": "invite-title" },
    h("div", { class: "invite-grid" }, partnerField.wrap, roleField.wrap, nameField.wrap, emailField.wrap),
    inviteError,
    h("div", { class: "invite-actions" }, inviteSubmit),
  );

  // --- the link, shown once ----------------------------------------------------------------------------
  const resultTitle = h("h3", { id: "link-result-title", tabindex: "-1" });
  const resultInput = h("input", { type: "text", id: "link-result-url", readOnly: true, spellcheck: "false" });
  const copyButton = h("button", { type: "button", class: "button button-primary" }, "Link kopiëren");
  const copyStatus = h("span", { class: "copy-status", role: "status" });
  const resultNote = h("p", { class: "link-result-note", id: "link-result-note" });
  resultInput.setAttribute("aria-describedby", "link-result-note");
  const resultDone = h("button", { type: "button", class: "button button-quiet" }, "Link verbergen");
  const result = h(
    "section",
    { class: "link-result", "aria-labelledby": "link-result-title", hidden: true },
    resultTitle,
    h("label", { for: "link-result-url", class: "link-result-label" }, "Link (eenmalig te gebruiken)"),
    h("div", { class: "link-result-row" }, resultInput, copyButton, copyStatus),
    resultNote,
    resultDone,
  );

  // --- open links and members ------------------------------------------------------------------------------
  const linksHeading = h("h3", { id: "links-title", tabindex: "-1" }, "Open links");
  const linksBody = h("div", { class: "admin-list" });
  const membersHeading = h("h3", { id: "member-list-title", tabindex: "-1" }, "Leden");
  const membersBody = h("div", { class: "admin-list" });
  const loadState = h("p", { class: "admin-state", role: "status" });
  const loadError = h("div", { class: "form-error", role: "alert", hidden: true });
  const retry = h("button", { type: "button", class: "button", hidden: true }, "Opnieuw proberen");

  const scroll = h(
    "div",
    { class: "admin-scroll" },
    intro,
    h("section", { class: "admin-section", "aria-labelledby": "invite-title" }, inviteHeading, form, result),
    loadState,
    h("div", { class: "admin-error-row" }, loadError, retry),
    h("section", { class: "admin-section", "aria-labelledby": "links-title" }, linksHeading, linksBody),
    h("section", { class: "admin-section", "aria-labelledby": "member-list-title" }, membersHeading, membersBody),
  );
  const dialog = h(
    "dialog",
    { class: "admin-dialog", id: "members-dialog", "aria-labelledby": "members-title", "aria-describedby": "members-intro" },
    h("div", { class: "editor-head" }, h("div", { class: "editor-heading" }, title), closeTop),
    scroll,
    h("div", { class: "editor-foot" }, h("span", { class: "spacer" }), closeButton),
  );
  document.body.append(dialog);

  // --- the confirmation of a revoke ---------------------------------------------------------------------
  const confirmTitle = h("h2", { id: "revoke-title" });
  const confirmText = h("p", { id: "revoke-desc" });
  const confirmError = h("p", { class: "form-error", role: "alert", hidden: true });
  const confirmYes = h("button", { type: "button", class: "button button-danger" }, "Toegang intrekken");
  const confirmNo = h("button", { type: "button", class: "button" }, "Annuleren");
  const confirm = h(
    "dialog",
    {
      class: "small-dialog confirm-dialog",
      role: "alertdialog",
      "aria-labelledby": "revoke-title",
      "aria-describedby": "revoke-desc",
    },
    h(
      "div",
      { class: "confirm-body" },
      confirmTitle,
      confirmText,
      confirmError,
      h("div", { class: "editor-foot" }, h("span", { class: "spacer" }), confirmYes, confirmNo),
    ),
  );
  document.body.append(confirm);

  // --- state --------------------------------------------------------------------------------------------
  let members = [];
  let links = [];
  let loaded = false;
  let inFlight = false;
  let again = false;
  let timer = null;
  let confirming = null; // the member being revoked, and the button to return to

  const memberOf = (id) => members.find((m) => m.id === id) || app.client.get("member", id);
  const partnerOf = (id) => app.client.get("partner", id, { deleted: true });
  const present = () => new Set([...(app.client.presence?.values?.() || [])].filter((e) => e && !e.left).map((e) => e.member));

  // --- loading -----------------------------------------------------------------------------------------------

  async function load() {
    if (!dialog.open) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    dialog.dataset.loading = "true";
    if (!loaded) loadState.textContent = "De deelnemers worden geladen...";
    try {
      const [m, l] = await Promise.all([api.get("/members"), api.get("/links")]);
      members = Array.isArray(m?.members) ? m.members : [];
      links = Array.isArray(l?.links) ? l.links : [];
      loaded = true;
      loadError.hidden = true;
      retry.hidden = true;
      loadState.textContent = `${countLabel(members.filter((x) => !x.revoked).length, "lid", "leden")} met toegang, ${countLabel(openLinks(links).length, "open link", "open links")}.`;
      render();
      dialog.dataset.state = "ok";
    } catch (err) {
      if (err.status === 401 || err.status === 403) {
        // refused (no longer a coordinator): what was shown is no longer theirs to see
        members = [];
        links = [];
        loaded = false;
        clear(linksBody);
        clear(membersBody);
      }
      loadError.textContent = `De deelnemers konden niet worden geladen: ${err.message}`;
      loadError.hidden = false;
      retry.hidden = false;
      loadState.textContent = "";
      dialog.dataset.state = "error";
    } finally {
      inFlight = false;
      delete dialog.dataset.loading;
      dialog.dataset.loads = String(Number(dialog.dataset.loads || 0) + 1);
    }
    if (again) {
      again = false;
      load();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      load();
    }, REFETCH_MS);
  }

  // --- rendering -------------------------------------------------------------------------------------------

  function render() {
    const focusKey = scroll.contains(document.activeElement) ? document.activeElement.dataset?.focusKey : null;
    renderLinks();
    renderMembers();
    if (focusKey) {
      const target = scroll.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (target) target.focus();
      else if (focusKey.startsWith("link:")) linksHeading.focus();
      else membersHeading.focus();
    }
  }

  function table(caption, headers, rows) {
    return h(
      "table",
      { class: "admin-table" },
      h("caption", { class: "sr-only" }, caption),
      h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows),
    );
  }

  function renderLinks() {
    clear(linksBody);
    const open = openLinks(links);
    linksHeading.textContent = `Open links (${open.length})`;
    if (!open.length) {
      linksBody.append(h("p", { class: "admin-empty" }, "Er zijn geen open uitnodigingen of inloglinks."));
      return;
    }
    const rows = open.map((link) => {
      const s = linkSubject(link, { memberOf, partnerOf });
      const revoke = rowButton("Intrekken", `${s.kind} voor ${s.name} intrekken`, `link:${link.id}`, (b) => revokeLink(link, s, b), {
        danger: true,
      });
      return h(
        "tr",
        { dataset: { link: String(link.id) } },
        h("th", { scope: "row" }, s.name, s.email ? h("span", { class: "admin-sub" }, s.email) : null),
        h("td", {}, s.kind),
        h("td", {}, s.partnerName || "–"),
        h("td", {}, s.role || "–"),
        h(
          "td",
          {},
          h("time", { datetime: link.expires_at }, formatDateTime(link.expires_at)),
          h("span", { class: "admin-sub" }, remaining(link.expires_at)),
        ),
        h("td", { class: "admin-actions" }, revoke),
      );
    });
    linksBody.append(table("Open links", ["Voor", "Soort", "Partner", "Rol", "Verloopt", "Actie"], rows));
  }

  function renderMembers() {
    clear(membersBody);
    const list = sortMembers(members);
    membersHeading.textContent = `Leden (${list.length})`;
    if (!list.length) {
      membersBody.append(h("p", { class: "admin-empty" }, "Nog geen leden."));
      return;
    }
    const here = present();
    const names = new Map();
    for (const m of list) names.set(m.name, (names.get(m.name) || 0) + 1);
    // the buttons' names say whom they are for; two members with one name are told apart
    const whom = (m) => (names.get(m.name) > 1 ? `${m.name} (${m.email || m.partner_name || m.id})` : m.name);
    const rows = list.map((m) => {
      const actions = h("td", { class: "admin-actions" });
      // the buttons' names start with their visible text (WCAG 2.5.3)
      if (!m.revoked && m.id !== app.config.member) {
        actions.append(
          rowButton("Nieuwe inloglink", `Nieuwe inloglink voor ${whom(m)}`, `newlink:${m.id}`, (b) => newLoginLink(m, b)),
          rowButton("Toegang intrekken", `Toegang intrekken van ${whom(m)}`, `revoke:${m.id}`, (b) => askRevoke(m, b), {
            danger: true,
          }),
        );
      } else if (m.revoked) {
        actions.append(
          rowButton("Toegang herstellen", `Toegang herstellen van ${whom(m)}`, `restore:${m.id}`, (b) => restoreMember(m, b)),
        );
      }
      return h(
        "tr",
        { dataset: { member: m.id }, class: m.revoked ? "is-revoked" : "" },
        h("th", { scope: "row" }, m.name, m.email ? h("span", { class: "admin-sub" }, m.email) : null),
        h("td", {}, m.partner_name || "–"),
        h("td", {}, roleLabel(m.role)),
        h(
          "td",
          { class: "member-status" },
          memberStatus(m, { self: app.config.member, present: here }),
          m.microsoft ? h("span", { class: "admin-sub" }, "Microsoft-account gekoppeld") : null,
        ),
        actions,
      );
    });
    membersBody.append(table("Leden", ["Naam", "Partner", "Rol", "Status", "Acties"], rows));
  }

  function fillPartners() {
    const select = partnerField.control;
    const keep = select.value;
    const options = app.sortedPartners();
    const signature = JSON.stringify(options.map((p) => [p.id, p.name]));
    if (select.dataset.signature !== signature) {
      clear(select);
      select.append(h("option", { value: "" }, "Kies een partner"));
      for (const p of options) select.append(h("option", { value: p.id }, p.name));
      select.dataset.signature = signature;
    }
    select.value = options.some((p) => p.id === keep) ? keep : "";
  }

  // --- the link result --------------------------------------------------------------------------------------

  function showLink(heading, url, expiresAt, note) {
    resultTitle.textContent = heading;
    resultInput.value = url;
    copyStatus.textContent = "";
    resultNote.textContent = `${note} Geldig tot ${formatDateTime(expiresAt)} (${remaining(expiresAt)}). Deze link ziet u maar één keer: kopieer hem nu.`;
    result.hidden = false;
    resultInput.focus();
    resultInput.select();
  }

  function hideLink() {
    result.hidden = true;
    resultInput.value = "";
    copyStatus.textContent = "";
  }

  async function copyLink() {
    const url = resultInput.value;
    if (!url) return;
    let done = false;
    try {
      await navigator.clipboard.writeText(url);
      done = true;
    } catch {
      resultInput.focus();
      resultInput.select();
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
    }
    copyStatus.textContent = done ? "Gekopieerd." : "Kopiëren lukte niet: de link is geselecteerd, kopieer hem met Ctrl+C.";
    if (!done) {
      resultInput.focus();
      resultInput.select();
    }
  }

  // --- actions --------------------------------------------------------------------------------------------

  async function submitInvite(ev) {
    ev.preventDefault();
    const values = {
      partner: partnerField.control.value,
      role: roleField.control.value,
      name: nameField.control.value.trim(),
      email: emailField.control.value.trim(),
    };
    const problems = inviteProblems(values);
    for (const [key, f] of Object.entries(fields)) setFieldError(f, problems[key]);
    inviteError.hidden = true;
    const first = Object.keys(fields).find((key) => problems[key]);
    if (first) {
      fields[first].control.focus();
      return;
    }
    inviteSubmit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const body = { partner: values.partner, role: values.role, email: values.email };
      if (values.name) body.name = values.name;
      const made = await api.post("/invites", body);
      const partner = partnerOf(values.partner);
      const who = personLabel(values.name || values.email, partner?.name);
      showLink(
        `Uitnodigingslink voor ${who}`,
        made.url,
        made.expires_at,
        `Wie deze link opent, komt als ${roleLabel(values.role)} van ${partner?.name || "de partner"} op het bord. Er gaat geen e-mail uit: geef de link zelf door.`,
      );
      app.messages.announce(`Uitnodigingslink voor ${who} gemaakt. De link staat geselecteerd; kopieer hem nu.`);
      form.reset();
      fillPartners();
      load();
    } catch (err) {
      const target = /e-?mail/i.test(err.message) ? emailField : /naam/i.test(err.message) ? nameField : null;
      if (target && err.status === 422) {
        setFieldError(target, err.message);
        target.control.focus();
      } else {
        inviteError.textContent = `Niet gelukt: ${err.message}`;
        inviteError.hidden = false;
      }
    } finally {
      inviteSubmit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  }

  async function revokeLink(link, subject, button) {
    button.disabled = true;
    try {
      await api.del(`/links/${encodeURIComponent(link.id)}`);
      links = links.filter((l) => l.id !== link.id);
      render();
      linksHeading.focus();
      app.messages.announce(`${subject.kind} voor ${subject.name} ingetrokken.`);
      load();
    } catch (err) {
      button.disabled = false;
      showListError(`De link kon niet worden ingetrokken: ${err.message}`);
      load();
    }
  }

  async function newLoginLink(member, button) {
    button.disabled = true;
    try {
      const made = await api.post(`/members/${encodeURIComponent(member.id)}/link`);
      showLink(
        `Nieuwe inloglink voor ${personLabel(member.name, member.partner_name)}`,
        made.url,
        made.expires_at,
        `Met deze link meldt ${member.name} zich opnieuw aan; eerdere links blijven werken tot ze gebruikt zijn of verlopen.`,
      );
      app.messages.announce(`Nieuwe inloglink voor ${member.name} gemaakt. De link staat geselecteerd; kopieer hem nu.`);
      load();
    } catch (err) {
      showListError(`Er kon geen inloglink worden gemaakt: ${err.message}`);
    } finally {
      button.disabled = false;
    }
  }

  async function restoreMember(member, button) {
    button.disabled = true;
    try {
      const made = await api.post(`/members/${encodeURIComponent(member.id)}/restore`);
      members = members.map((m) => (m.id === member.id ? { ...m, revoked: false } : m));
      render();
      showLink(
        `Toegang hersteld: inloglink voor ${personLabel(member.name, member.partner_name)}`,
        made.url,
        made.expires_at,
        `${member.name} heeft weer toegang als ${roleLabel(member.role)}; met deze link meldt ${member.name} zich opnieuw aan.`,
      );
      app.messages.announce(`Toegang van ${member.name} hersteld. De inloglink staat geselecteerd; kopieer hem nu.`);
      load();
    } catch (err) {
      button.disabled = false;
      showListError(`De toegang kon niet worden hersteld: ${err.message}`);
      load();
    }
  }

  function showListError(message) {
    loadError.textContent = message;
    loadError.hidden = false;
  }

  function askRevoke(member, button) {
    confirming = { member, button };
    const who = personLabel(member.name, member.partner_name);
    confirmTitle.textContent = `Toegang van ${member.name} intrekken?`;
    confirmText.textContent =
      `${who} kan daarna niet meer op het bord: open sessies en verbindingen worden meteen beëindigd en ` +
      "ongebruikte inloglinks vervallen. Wat deze persoon al heeft ingevoerd, blijft staan. Later kunt u de toegang " +
      "herstellen; de persoon krijgt dan een nieuwe inloglink.";
    confirmError.hidden = true;
    confirmYes.disabled = false;
    confirm.showModal();
    confirmNo.focus();
  }

  function closeConfirm({ focus = true } = {}) {
    const back = confirming?.button;
    confirming = null;
    if (confirm.open) confirm.close();
    if (focus && back?.isConnected) back.focus();
  }

  async function doRevoke() {
    if (!confirming) return;
    const { member } = confirming;
    confirmYes.disabled = true;
    confirmError.hidden = true;
    try {
      const done = await api.post(`/members/${encodeURIComponent(member.id)}/revoke`);
      closeConfirm({ focus: false });
      members = members.map((m) => (m.id === member.id ? { ...m, revoked: true } : m));
      render();
      membersHeading.focus();
      const ended = Number(done?.sessions_ended || 0);
      app.messages.announce(
        `Toegang van ${member.name} ingetrokken${ended ? `; ${countLabel(ended, "sessie", "sessies")} beëindigd` : ""}.`,
      );
      load();
    } catch (err) {
      confirmYes.disabled = false;
      confirmError.textContent = `Niet gelukt: ${err.message}`;
      confirmError.hidden = false;
    }
  }

  // --- opening and closing ----------------------------------------------------------------------------------

  function open() {
    fillPartners();
    hideLink();
    for (const f of Object.values(fields)) setFieldError(f, "");
    inviteError.hidden = true;
    loadError.hidden = true;
    if (!dialog.open) dialog.showModal();
    toggle.setAttribute("aria-expanded", "true");
    title.focus();
    load();
  }

  function close() {
    if (confirm.open) closeConfirm({ focus: false });
    clearTimeout(timer);
    timer = null;
    hideLink(); // the link is shown once: it does not come back
    if (dialog.open) dialog.close();
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "members-dialog");
  toggle.addEventListener("click", open);
  closeTop.addEventListener("click", close);
  closeButton.addEventListener("click", close);
  dialog.addEventListener("cancel", (ev) => {
    ev.preventDefault();
    close();
  });
  confirm.addEventListener("cancel", (ev) => {
    ev.preventDefault();
    closeConfirm();
  });
  confirmNo.addEventListener("click", () => closeConfirm());
  confirmYes.addEventListener("click", doRevoke);
  form.addEventListener("submit", submitInvite);
  copyButton.addEventListener("click", copyLink);
  resultDone.addEventListener("click", () => {
    hideLink();
    inviteHeading.setAttribute("tabindex", "-1");
    inviteHeading.focus();
  });
  retry.addEventListener("click", load);

  // the live state: a member created (an invite used), changed or revoked; partners renamed; presence
  app.client.addEventListener("change", (ev) => {
    if (!dialog.open) return;
    const { kind, ops } = ev.detail || {};
    if (kind === "snapshot" || (ops || []).some((op) => op.type === "member")) schedule();
    if ((ops || []).some((op) => op.type === "partner")) fillPartners();
  });
  let presentSignature = "";
  app.client.addEventListener("presence", () => {
    const signature = [...present()].sort().join(",");
    if (signature === presentSignature) return;
    presentSignature = signature;
    if (dialog.open && loaded) render();
  });

  return {
    toggle,
    dialog,
    open,
    close,
    get isOpen() {
      return dialog.open;
    },
  };
}
