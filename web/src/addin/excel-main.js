/** The Excel task pane page: sign in, pick the workspace, and keep the activities table in sync. */
import { SyncClient } from "../sync-client.js";
import { ExcelPane } from "./excel-pane.js";
import {
  PaneShell, h, officeReady, pickWorkspace, readConfig, rememberWorkspace, showAccount, signIn, supported,
} from "./pane-ui.js";

const MAX_PROBLEMS = 6;

async function main() {
  const shell = new PaneShell(document.getElementById("app"), "matrixsync in Excel");
  const config = readConfig();
  const info = await officeReady();
  if (info.host !== "Excel" && info.host !== globalThis.Office?.HostType?.Excel) {
    shell.say("Open dit taakvenster in Excel (Start > Invoegtoepassingen > matrixsync).", "error");
    return;
  }
  if (!supported("ExcelApi", "1.8")) {
    shell.say("Deze versie van Excel is te oud voor matrixsync (ExcelApi 1.8 nodig). Gebruik Excel voor het web of Microsoft 365.", "error");
    return;
  }
  const signedIn = await signIn(shell);
  const entry = await pickWorkspace(shell, signedIn, "Openen in deze werkmap");
  showAccount(shell, entry, signedIn.provider);
  await open(shell, config, entry, signedIn.provider);
}

async function open(shell, config, entry, provider) {
  const token = await provider.getToken();
  const client = new SyncClient({ workspace: entry.slug, token, member: entry.member, clientIdPrefix: "excel" });
  const view = layout(shell, entry);
  client.addEventListener("status", ({ detail }) => {
    const text = { online: "Verbonden", connecting: "Verbinden...", offline: "Offline" }[detail.status];
    shell.setStatus(text, detail.status);
    view.pendingCount.textContent = detail.pendingCount
      ? `${detail.pendingCount} wijziging${detail.pendingCount === 1 ? "" : "en"} wacht${detail.pendingCount === 1 ? "" : "en"} op de server`
      : "Alles is opgeslagen";
  });
  client.addEventListener("error", ({ detail }) => shell.say(detail.message || "De verbinding werd geweigerd.", "error"));
  client.addEventListener("presence", () => showPresence(view, client));
  const snapshot = new Promise((resolve) => {
    const first = ({ detail }) => {
      if (detail.kind !== "snapshot") return;
      client.removeEventListener("change", first);
      resolve();
    };
    client.addEventListener("change", first);
  });
  client.connect();
  shell.say("De werkruimte wordt geladen...");
  await snapshot;
  const pane = new ExcelPane({ client, config, me: { partner: entry.partner } });
  const problems = [];
  pane.addEventListener("problem", ({ detail }) => {
    problems.unshift(detail);
    problems.splice(MAX_PROBLEMS);
    view.problems.replaceChildren(
      ...problems.map((p) => h("li", { class: p.draft ? "draft" : p.rejected ? "rejected" : "problem", text: p.message })),
    );
    if (!detail.draft) shell.say(detail.message, "error");
  });
  pane.addEventListener("pending", ({ detail }) => {
    view.pending.replaceChildren(...[...detail.pending.values()].map((p) => h("li", { text: p.labels.join(", ") })));
  });
  pane.addEventListener("rendered", ({ detail }) => {
    view.rows.textContent = `${detail.rows} rijen in de tabel '${config.table}'`;
  });
  client.addEventListener("change", () => showPresence(view, client));
  await pane.start();
  rememberWorkspace(entry.slug);
  shell.say(`De activiteiten van ${client.name || entry.name} staan in het blad '${config.sheet}'. Wat u daar wijzigt, gaat direct naar de gedeelde matrix.`);
  view.rows.textContent = `${pane.model.rowIds.length} rijen in de tabel '${config.table}'`;
  showPresence(view, client);
  document.body.dataset.ready = "true";
  globalThis.matrixsyncAddin = { client, pane, entry };
}

function layout(shell, entry) {
  const view = {
    rows: h("p", { id: "rijen" }),
    pendingCount: h("p", { id: "wachtend-aantal", text: "Alles is opgeslagen" }),
    pending: h("ul", { id: "wachtend", class: "list" }),
    problems: h("ul", { id: "problemen", class: "list" }),
    presence: h("ul", { id: "aanwezig", class: "list" }),
  };
  shell.main.replaceChildren(
    h("section", { "aria-labelledby": "t-werkruimte" }, h("h2", { id: "t-werkruimte", text: entry.name }), view.rows),
    h("section", { "aria-labelledby": "t-wachtend" }, h("h2", { id: "t-wachtend", text: "Wijzigingen" }), view.pendingCount, view.pending),
    h("section", { "aria-labelledby": "t-aanwezig" }, h("h2", { id: "t-aanwezig", text: "Ook bezig" }), view.presence),
    h("section", { "aria-labelledby": "t-problemen" }, h("h2", { id: "t-problemen", text: "Meldingen" }), view.problems),
  );
  return view;
}

function showPresence(view, client) {
  const others = [...client.presence.values()].filter((e) => e.sid !== client.sid);
  if (!others.length) {
    view.presence.replaceChildren(h("li", { class: "empty", text: "Niemand anders werkt nu in deze werkruimte." }));
    return;
  }
  const partners = new Map(client.list("partner").map((p) => [p.id, p.name]));
  view.presence.replaceChildren(
    ...others.map((e) => {
      const card = e.card ? client.get("activity", e.card) : null;
      const where = card ? ` · bij '${card.name}'` : "";
      return h("li", { text: `${e.name || "Onbekend"}${partners.get(e.partner) ? ` (${partners.get(e.partner)})` : ""}${where}` });
    }),
  );
}

main().catch((err) => {
  console.error(err);
  const el = document.getElementById("melding");
  if (el) el.textContent = `Er ging iets mis: ${err?.message ?? err}`;
});
