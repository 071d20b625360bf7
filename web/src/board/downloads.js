// Download buttons: the partner template, the completed workbook and the deck.

import { h, newId } from "./dom.js";

export function createDownloads(app) {
  const base = `/api/workspaces/${encodeURIComponent(app.config.workspace)}`;
  const panel = h("div", { class: "menu-panel" }, h("h2", { class: "menu-title" }, "Downloads"));
  const list = h("ul", { class: "download-list" });
  const ownPartner = app.client.get("partner", app.config.partner);

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
    h("li", {}, h("a", { class: "button", href: `${base}/deck.pptx`, download: "" }, "Presentatie voor het bestuurlijk overleg (PowerPoint)")),
  );
  panel.append(list);
  const el = h("details", { class: "menu downloads" }, h("summary", {}, "Downloads"), panel);
  return { el };
}
