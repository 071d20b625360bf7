// Comments on a card, live: the list follows every change; anyone but a viewer can write one.

import { h, clear } from "./dom.js";

function when(iso) {
  if (!iso) return "wordt verstuurd...";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("nl-NL", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function createComments(app) {
  const list = h("ol", { class: "comment-list" });
  const textarea = h("textarea", { id: "comment-text", rows: 2, maxlength: 2000 });
  const error = h("p", { class: "field-error", id: "comment-err", hidden: true });
  textarea.setAttribute("aria-describedby", "comment-err");
  const post = h("button", { type: "button", class: "button button-primary" }, "Plaatsen");
  const heading = h("h3", { id: "comments-title" }, "Opmerkingen");
  const form = h(
    "div",
    { class: "comment-form" },
    h("label", { for: "comment-text" }, "Nieuwe opmerking"),
    textarea,
    error,
    post,
  );
  const el = h("section", { class: "comments", "aria-labelledby": "comments-title" }, heading, list, form);
  let target = null;
  let signature = "";

  function submit() {
    const text = textarea.value.trim();
    if (!text) {
      error.textContent = "Typ eerst een opmerking.";
      error.hidden = false;
      textarea.setAttribute("aria-invalid", "true");
      textarea.focus();
      return;
    }
    error.hidden = true;
    textarea.removeAttribute("aria-invalid");
    app.client.create("comment", { target, text });
    textarea.value = "";
    app.messages.announce("Opmerking geplaatst.");
    textarea.focus();
  }
  post.addEventListener("click", submit);
  textarea.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    }
  });

  function update() {
    if (!target) return;
    const items = app.client
      .list("comment")
      .filter((c) => c.target === target)
      .sort((a, b) => String(a.created_at || "~").localeCompare(String(b.created_at || "~")) || (a._seq ?? 1e15) - (b._seq ?? 1e15));
    const sig = JSON.stringify(items.map((c) => [c.id, c.text, c.created_at, c.author]));
    heading.textContent = `Opmerkingen (${items.length})`;
    if (sig === signature) return;
    signature = sig;
    const focusedId = list.contains(document.activeElement) ? document.activeElement.dataset.comment : null;
    clear(list);
    if (!items.length) list.append(h("li", { class: "comment-empty" }, "Nog geen opmerkingen."));
    for (const c of items) {
      const author = c.author ? app.client.get("member", c.author) : null;
      const mine = c.author === app.config.member || (!c.author && !c.created_at);
      const removable = app.config.role !== "viewer" && (mine || app.isCoordinator);
      const remove = removable
        ? h(
            "button",
            {
              type: "button",
              class: "link-button",
              dataset: { comment: c.id },
              "aria-label": `Opmerking van ${author?.name || "u"} verwijderen`,
              onclick: () => {
                app.client.delete("comment", c.id);
                app.messages.notice("Opmerking verwijderd.", {
                  kind: "undo",
                  action: { label: "Ongedaan maken", run: () => app.client.restore("comment", c.id) },
                });
                textarea.focus();
              },
            },
            "Verwijderen",
          )
        : null;
      list.append(
        h(
          "li",
          { class: "comment", dataset: { id: c.id } },
          h(
            "p",
            { class: "comment-meta" },
            h("strong", {}, author?.name || (mine ? app.config.name : "Onbekend")),
            " · ",
            h("span", {}, when(c.created_at)),
          ),
          h("p", { class: "comment-text" }, c.text),
          remove,
        ),
      );
      if (focusedId === c.id) remove?.focus();
    }
  }

  function show(id) {
    if (id !== target) {
      // another card: start afresh (the same card keeps what is being typed)
      target = id;
      signature = "";
      textarea.value = "";
      error.hidden = true;
      textarea.removeAttribute("aria-invalid");
    }
    el.hidden = !id;
    const canWrite = app.config.role !== "viewer";
    textarea.disabled = !canWrite;
    post.disabled = !canWrite;
    form.hidden = !canWrite;
    update();
  }

  return { el, show, update };
}
