/** The PowerPoint task pane page: sign in, pick the workspace, insert or refresh the deck. */
import { authHeaders } from "./auth.js";
import {
  PaneShell, h, officeReady, pickWorkspace, rememberWorkspace, showAccount, signIn, supported,
} from "./pane-ui.js";
import { countDeckSlides, fetchDeck, insertDeck } from "./powerpoint-pane.js";

async function main() {
  const shell = new PaneShell(document.getElementById("app"), "matrixsync in PowerPoint");
  const info = await officeReady();
  if (info.host !== "PowerPoint" && info.host !== globalThis.Office?.HostType?.PowerPoint) {
    shell.say("Open dit taakvenster in PowerPoint (Start > Invoegtoepassingen > matrixsync).", "error");
    return;
  }
  if (!supported("PowerPointApi", "1.3")) {
    shell.say("Deze versie van PowerPoint kan geen dia's invoegen (PowerPointApi 1.3 nodig). Gebruik PowerPoint voor het web of Microsoft 365.", "error");
    return;
  }
  const signedIn = await signIn(shell);
  const entry = await pickWorkspace(shell, signedIn, "Kiezen", { auto: true });
  showAccount(shell, entry, signedIn.provider);
  rememberWorkspace(entry.slug);

  const insert = h("button", { type: "button", id: "invoegen", text: "Presentatie invoegen" });
  const refresh = h("button", { type: "button", id: "vernieuwen", text: "Vernieuwen" });
  const state = h("p", { id: "dias" });
  shell.main.replaceChildren(
    h(
      "section",
      { "aria-labelledby": "t-deck" },
      h("h2", { id: "t-deck", text: entry.name }),
      h("p", { text: "De presentatie voor het bestuurlijk overleg, gemaakt uit de live matrix. Vernieuwen vervangt alleen de dia's die matrixsync eerder invoegde; uw eigen dia's blijven staan." }),
      state,
      h("div", { class: "buttons" }, insert, refresh),
    ),
  );

  const showCount = async () => {
    const n = await countDeckSlides({ slug: entry.slug });
    state.textContent = n ? `${n} dia's van matrixsync in deze presentatie.` : "Nog geen dia's van matrixsync in deze presentatie.";
    refresh.disabled = n === 0;
    return n;
  };

  const run = async () => {
    insert.disabled = refresh.disabled = true;
    shell.setStatus("Bezig...", "connecting");
    shell.say("De presentatie wordt gemaakt en ingevoegd...");
    try {
      const base64 = await fetchDeck(entry.slug, { headers: await authHeaders(signedIn.provider) });
      const result = await insertDeck({ slug: entry.slug, base64 });
      shell.say(
        result.replaced
          ? `${result.inserted} dia's vernieuwd (${result.replaced} oude vervangen).`
          : `${result.inserted} dia's ingevoegd.`,
      );
      globalThis.matrixsyncAddin = { ...globalThis.matrixsyncAddin, last: result };
      shell.setStatus("Klaar", "online");
    } catch (err) {
      shell.say(err?.message || "Invoegen is niet gelukt.", "error");
      shell.setStatus("Fout", "offline");
    } finally {
      insert.disabled = false;
      await showCount();
      document.body.dataset.busy = "false";
    }
  };
  insert.addEventListener("click", () => {
    document.body.dataset.busy = "true";
    run();
  });
  refresh.addEventListener("click", () => {
    document.body.dataset.busy = "true";
    run();
  });
  await showCount();
  shell.setStatus("Klaar", "online");
  globalThis.matrixsyncAddin = { entry };
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  console.error(err);
  const el = document.getElementById("melding");
  if (el) el.textContent = `Er ging iets mis: ${err?.message ?? err}`;
});
