// Download buttons: the partner template, the completed workbook and the deck.

import { h, newId } from "./dom.js";

export function createDownloads(app) {
  const base = `/api/workspaces/${encodeURIComponent(app.config.workspace)}`;
  const panel = h("div", { class: "menu-panel" }, h("h2", { class: "menu-title" }, "Downloads"));
  const list = h("ul", { class: "download-list" });
  const ownPartner = app.client.get("partner", app.config.partner);
  const summaryProgress = h("span", { class: "summary-progress" });
  const summary = h("summary", {}, "Downloads", summaryProgress);
  const deck = createDeckDownload(app, `${base}/deck.pptx`, (value) => {
    summaryProgress.textContent = value ? ` ${value}` : "";
  });

  if (app.isCoordinator) {
    const select = h("select", { id: newId("tpl") });
    select.append(h("option", { value: "" }, "Alle partners"));
    for (const p of app.sortedPartners()) select.append(h("option", { value: p.slug }, p.name));
    const link = h("a", { class: "button", href: `${base}/partner-template.xlsx`, download: "" }, "Sjabloon downloaden (Excel)");
    select.addEventListener("change", () => {
      link.href = `${base}/partner-template.xlsx${select.value ? `?partner=${encodeURIComponent(select.value)}` : ""}`;
    });
    list.append(
      h("li", { class: "download-template" }, h("label", { for: select.id }, "Partnersjabloon voor"), select, link),
    );
  } else if (app.config.role === "partner" && ownPartner) {
    list.append(
      h(
        "li",
        {},
        h(
          "a",
          {
            class: "button",
            href: `${base}/partner-template.xlsx?partner=${encodeURIComponent(ownPartner.slug)}`,
            download: "",
          },
          `Sjabloon ${ownPartner.name} (Excel)`,
        ),
      ),
    );
  }
  list.append(
    h("li", {}, h("a", { class: "button", href: `${base}/preventiematrix.xlsx`, download: "" }, "Ingevulde preventiematrix (Excel)")),
    h("li", { class: "download-deck" }, deck.button, deck.box),
  );
  panel.append(list);
  const el = h("details", { class: "menu downloads" }, summary, panel);
  return { el };
}

/** The file name in a Content-Disposition header (filename* first), or `fallback`. */
export function dispositionFilename(header, fallback) {
  const value = String(header || "");
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(value);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      // a malformed encoding: try the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(value);
  const name = plain ? (plain[2] ?? plain[1]).trim() : "";
  return name.replace(/[\\/]/g, "_") || fallback;
}

/** Hand a blob to the browser as a download named `filename` (the link goes in `parent`, and its click
 * stops there: a click outside the downloads menu would close it). */
function saveBlob(blob, filename, parent) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  a.addEventListener("click", (ev) => ev.stopPropagation());
  parent.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The deck button: fetches the deck (it takes a while), shows the server's progress events for this member
 * in a progress bar, then saves the file under the server's name. Errors show the server's message.
 */
function createDeckDownload(app, url, summaryState) {
  const label = "Presentatie voor het bestuurlijk overleg (PowerPoint)";
  const button = h("button", { type: "button", class: "button deck-button" }, label);
  const textId = newId("deck-progress");
  const fill = h("span", { class: "progress-fill" });
  const bar = h(
    "div",
    {
      class: "progress-bar",
      role: "progressbar",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": "0",
      "aria-labelledby": textId,
    },
    fill,
  );
  const text = h("p", { class: "progress-text", id: textId });
  const box = h("div", { class: "deck-progress", hidden: true }, text, bar);
  let running = false;
  let failure = null; // the notice of the last failure, gone when trying again

  function setProgress(percent, message) {
    const p = Math.max(0, Math.min(100, Math.round(percent)));
    bar.setAttribute("aria-valuenow", String(p));
    bar.setAttribute("aria-valuetext", `${p}%${message ? `: ${message}` : ""}`);
    fill.style.width = `${p}%`;
    text.textContent = `Presentatie maken: ${p}%${message ? ` · ${message}` : ""}`;
    summaryState(running ? `${p}%` : "");
  }

  app.client.addEventListener("progress", (ev) => {
    const { task, member, percent, message } = ev.detail;
    if (!running || task !== "deck" || member !== app.config.member) return;
    // events may come out of order with the download itself: the bar never goes back
    if (percent < Number(bar.getAttribute("aria-valuenow"))) return;
    setProgress(percent, typeof message === "string" ? message : "");
  });

  button.addEventListener("click", async () => {
    if (running) return;
    running = true;
    failure?.remove();
    button.disabled = true;
    button.setAttribute("aria-describedby", textId);
    box.hidden = false;
    box.dataset.state = "running";
    setProgress(0, "Wordt gestart");
    app.messages.announce("De presentatie wordt gemaakt. Dit kan even duren.");
    try {
      const res = await fetch(url, { credentials: "same-origin" });
      if (!res.ok) {
        let message = `De server antwoordde met status ${res.status}.`;
        try {
          const body = await res.json();
          if (typeof body?.message === "string" && body.message) message = body.message;
        } catch {
          // no JSON body
        }
        throw new Error(message);
      }
      const blob = await res.blob();
      const fallback = `${app.config.workspace}-bestuurlijk-overleg.pptx`;
      const filename = dispositionFilename(res.headers.get("Content-Disposition"), fallback);
      running = false;
      setProgress(100, "Presentatie klaar");
      box.dataset.state = "done";
      saveBlob(blob, filename, box);
      app.messages.announce(`De presentatie is klaar: ${filename}.`);
    } catch (err) {
      running = false;
      const message = err instanceof TypeError ? "Geen verbinding met de server." : err.message;
      box.dataset.state = "error";
      box.hidden = true;
      summaryState("");
      const full = `De presentatie kon niet worden gemaakt: ${message}`;
      failure = app.messages.notice(full, { kind: "error" });
      app.messages.alert(full);
    } finally {
      running = false;
      button.disabled = false;
    }
  });

  return { button, box };
}
