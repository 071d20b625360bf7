// The bar above the matrix: the view switcher, filters, highlight mode, the partner legend and meetings.

import { h, clear, newId } from "./dom.js";
import { partnerColor, textOn } from "./colors.js";
import { STATUSES, capitalize } from "./schema.js";
import { bands } from "./matrix.js";
import { EMPTY_FILTERS, activeCriteria } from "./filters.js";

function labelled(labelText, control, extraClass = "") {
  control.id ||= newId("ctl");
  return h("div", { class: `tool ${extraClass}` }, h("label", { for: control.id }, labelText), control);
}

// Replace a select's options only when they changed (keeps focus and the open state).
function setOptions(select, options, value) {
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    clear(select);
    for (const [v, text] of options) select.append(h("option", { value: v }, text));
    select.dataset.signature = signature;
  }
  const known = options.some(([v]) => v === value);
  select.value = known ? value : options[0]?.[0] ?? "";
}

export function partnerShortName(partner) {
  if (!partner) return "?";
  const slug = String(partner.slug || partner.name || "?");
  return slug.length <= 3 ? slug.toUpperCase() : capitalize(slug.replace(/-/g, " "));
}

export function createToolbar(app) {
  const viewSelect = h("select", { class: "view-select" });
  viewSelect.addEventListener("change", () => app.setState({ matrixId: viewSelect.value }));

  const outcomeSelect = h("select");
  const ageSelect = h("select");
  const statusSelect = h("select");
  const search = h("input", { type: "search", placeholder: "Naam, omschrijving, partner...", autocomplete: "off" });
  const onFilter = () =>
    app.setFilters({
      partner: app.state.filters.partner,
      outcome: outcomeSelect.value,
      ageBand: ageSelect.value,
      status: statusSelect.value,
      text: search.value,
    });
  for (const s of [outcomeSelect, ageSelect, statusSelect]) s.addEventListener("change", onFilter);
  let searchTimer = null;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(onFilter, 200);
  });

  const modeSelect = h(
    "select",
    {},
    h("option", { value: "highlight" }, "Treffers markeren"),
    h("option", { value: "filter" }, "Alleen treffers"),
  );
  modeSelect.addEventListener("change", () => app.setState({ mode: modeSelect.value }));

  const compact = h("input", { type: "checkbox", id: newId("compact") });
  compact.addEventListener("change", () => app.setState({ compact: compact.checked }));

  const meetingSelect = h("select");
  meetingSelect.addEventListener("change", () => app.setState({ meetingId: meetingSelect.value }));
  const startMeeting = h("button", { type: "button", class: "button" }, "Overleg starten");
  startMeeting.addEventListener("click", () => app.startMeeting(startMeeting));

  const reset = h("button", { type: "button", class: "button button-quiet" }, "Filters wissen");
  reset.addEventListener("click", () => {
    search.value = "";
    app.setState({ filters: { ...EMPTY_FILTERS }, meetingId: "" });
    app.messages.announce("Filters gewist.");
  });

  const legend = h("ul", { class: "legend", "aria-labelledby": "legend-label" });

  const viewTool = labelled("Matrix", viewSelect, "tool-view");
  const el = h(
    "section",
    { class: "toolbar", "aria-label": "Filters en markeren" },
    h(
      "div",
      { class: "tools" },
      labelled("Maatschappelijk resultaat", outcomeSelect, "tool-wide"),
      labelled("Leeftijd", ageSelect),
      labelled("Status", statusSelect),
      labelled("Zoeken", search, "tool-search"),
      labelled("Gewijzigd sinds overleg", meetingSelect, "tool-meeting"),
      labelled("Weergave", modeSelect, "tool-mode"),
      app.isCoordinator ? h("div", { class: "tool tool-button" }, startMeeting) : null,
    ),
    h(
      "div",
      { class: "legend-row" },
      h("span", { class: "legend-label", id: "legend-label" }, "Partners"),
      legend,
      h("span", { class: "topbar-spacer" }),
      h("span", { class: "check compact-toggle" }, compact, h("label", { for: compact.id }, "Compact")),
      reset,
    ),
  );

  function updateLegend(partners) {
    const signature = JSON.stringify(partners.map((p) => [p.id, p.name, p.color, p.slug])) + app.state.filters.partner;
    if (legend.dataset.signature === signature) return;
    legend.dataset.signature = signature;
    const hadFocus = legend.contains(document.activeElement) ? document.activeElement.dataset.partner : null;
    clear(legend);
    for (const p of partners) {
      const bg = partnerColor(p);
      const pressed = app.state.filters.partner === p.id;
      const button = h(
        "button",
        {
          type: "button",
          class: "chip",
          "aria-pressed": String(pressed),
          dataset: { partner: p.id },
          style: { background: bg, color: textOn(bg) },
          title: p.name,
        },
        partnerShortName(p),
        h("span", { class: "sr-only" }, `: ${p.name}`),
      );
      button.addEventListener("click", () => {
        app.setFilters({ ...app.state.filters, partner: pressed ? "" : p.id });
      });
      legend.append(h("li", {}, button));
      if (hadFocus === p.id) button.focus();
    }
  }

  function update() {
    const { client, state } = app;
    const matrices = client
      .list("matrix")
      .slice()
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || String(a.name).localeCompare(String(b.name), "nl"));
    setOptions(
      viewSelect,
      matrices.map((m) => [m.id, m.name]),
      state.matrixId,
    );
    const partners = client
      .list("partner")
      .slice()
      .sort((a, b) => String(a.name).localeCompare(String(b.name), "nl"));
    setOptions(
      outcomeSelect,
      [["", "Alle resultaten"], ...bands(client, "outcomes").map((b) => [b.id, b.label])],
      state.filters.outcome,
    );
    setOptions(
      ageSelect,
      [["", "Alle leeftijden"], ...bands(client, "age_band").map((b) => [b.id, b.label])],
      state.filters.ageBand,
    );
    setOptions(statusSelect, [["", "Alle statussen"], ...STATUSES.map((s) => [s, capitalize(s)])], state.filters.status);
    if (document.activeElement !== search && search.value !== state.filters.text) search.value = state.filters.text;
    modeSelect.value = state.mode === "filter" ? "filter" : "highlight";
    compact.checked = Boolean(state.compact);
    document.body.classList.toggle("compact", Boolean(state.compact));
    const meetings = client
      .list("meeting")
      .slice()
      .sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
    setOptions(
      meetingSelect,
      [["", "Niet markeren"], ...meetings.map((m) => [m.id, `${m.name}${m.date ? ` (${formatDate(m.date)})` : ""}`])],
      state.meetingId,
    );
    updateLegend(partners);
    reset.disabled = !activeCriteria(app);
  }

  return { el, viewTool, update };
}

export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${Number(m[3])}-${Number(m[2])}-${m[1]}` : iso;
}
