// Starting a meeting (coordinators): a `meeting` object whose `seq` marks "from here on", for the
// "changed since the meeting" highlight.

import { h } from "./dom.js";

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function createMeetingDialog(app) {
  const name = h("input", { id: "meeting-name", type: "text", maxlength: 200, required: true, autocomplete: "off" });
  const date = h("input", { id: "meeting-date", type: "date" });
  const error = h("p", { class: "field-error", id: "meeting-err", hidden: true });
  name.setAttribute("aria-describedby", "meeting-err");
  const start = h("button", { type: "submit", class: "button button-primary" }, "Starten");
  const cancel = h("button", { type: "button", class: "button" }, "Annuleren");
  const form = h(
    "form",
    { method: "dialog", novalidate: true },
    h("h2", { id: "meeting-title" }, "Overleg starten"),
    h(
      "p",
      { id: "meeting-desc" },
      "Vanaf nu worden wijzigingen gemarkeerd als 'gewijzigd sinds dit overleg'.",
    ),
    h("div", { class: "field" }, h("label", { for: "meeting-name" }, "Naam van het overleg"), name, error),
    h("div", { class: "field" }, h("label", { for: "meeting-date" }, "Datum"), date),
    h("div", { class: "editor-foot" }, h("span", { class: "spacer" }), start, cancel),
  );
  const dialog = h(
    "dialog",
    { class: "small-dialog", "aria-labelledby": "meeting-title", "aria-describedby": "meeting-desc" },
    form,
  );
  document.body.append(dialog);
  let returnTo = null;

  function close() {
    dialog.close();
    returnTo?.focus();
  }
  cancel.addEventListener("click", close);
  dialog.addEventListener("cancel", (ev) => {
    ev.preventDefault();
    close();
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = name.value.trim();
    if (!text) {
      error.textContent = "Geef het overleg een naam.";
      error.hidden = false;
      name.setAttribute("aria-invalid", "true");
      name.focus();
      return;
    }
    const id = app.client.create("meeting", { name: text, date: date.value || "", seq: app.client.seq });
    app.setState({ meetingId: id });
    app.messages.announce(`Overleg '${text}' gestart. Wijzigingen vanaf nu worden gemarkeerd.`);
    close();
  });

  return {
    open(trigger) {
      returnTo = trigger;
      name.value = `Overleg ${today().split("-").reverse().join("-")}`;
      date.value = today();
      error.hidden = true;
      name.removeAttribute("aria-invalid");
      dialog.showModal();
      name.focus();
      name.select();
    },
  };
}
