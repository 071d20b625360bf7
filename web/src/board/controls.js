// Form controls for activity fields: each returns {field, wrap, focusables, read(), write(v), disable(b), ...}.
// read() returns INVALID (and sets a local message) when the browser cannot make sense of the input.

import { h, newId } from "./dom.js";
import { FIELD_LABELS, capitalize } from "./schema.js";

export const INVALID = Symbol("invalid");

function shell(field, labelEl, control, { group = false, hint = null } = {}) {
  const error = h("p", { class: "field-error", id: `ed-${field}-err`, hidden: true });
  const who = h("p", { class: "field-who", id: `ed-${field}-who`, hidden: true });
  const hintEl = hint ? h("p", { class: "field-hint", id: `ed-${field}-hint` }, hint) : null;
  const describedBy = [hintEl ? hintEl.id : null, who.id, error.id].filter(Boolean).join(" ");
  const wrap = group
    ? h("fieldset", { class: "field field-group", dataset: { field }, "aria-describedby": describedBy }, labelEl, who, hintEl, control, error)
    : h("div", { class: "field", dataset: { field } }, labelEl, who, hintEl, control, error);
  return { wrap, error, who, describedBy };
}

function textControl(spec, onInput, onCommit) {
  const id = `ed-${spec.name}`;
  const multiline = spec.kind === "textarea";
  const input = multiline
    ? h("textarea", { id, name: spec.name, rows: 3, maxlength: spec.max || null })
    : h("input", {
        id,
        name: spec.name,
        type: spec.kind === "url" ? "url" : "text",
        maxlength: spec.max || null,
        required: spec.required || null,
        autocomplete: "off",
        inputmode: spec.kind === "url" ? "url" : null,
      });
  const label = h("label", { for: id }, FIELD_LABELS[spec.name] || spec.name, spec.required ? h("span", { class: "req" }, " (verplicht)") : null);
  const s = shell(spec.name, label, input, {
    hint: spec.kind === "list" ? null : spec.kind === "url" ? "Begint met https://" : null,
  });
  input.setAttribute("aria-describedby", s.describedBy);
  input.addEventListener("input", onInput);
  input.addEventListener("change", onCommit);
  const isList = spec.kind === "list";
  return {
    ...s,
    field: spec.name,
    input,
    focusables: [input],
    typing: true,
    read: () => (isList ? input.value.split(",").map((v) => v.trim()).filter(Boolean) : input.value),
    write(value) {
      const text = isList ? (value || []).join(", ") : value ?? "";
      if (input.value !== text) input.value = text;
    },
    disable(off) {
      input.readOnly = off;
      input.setAttribute("aria-readonly", String(off));
    },
  };
}

function numberControl(spec, onInput, onCommit) {
  const id = `ed-${spec.name}`;
  const input = h("input", {
    id,
    name: spec.name,
    type: "number",
    min: "0",
    step: spec.integer ? "1" : "any",
    inputmode: spec.integer ? "numeric" : "decimal",
  });
  const label = h("label", { for: id }, FIELD_LABELS[spec.name]);
  const s = shell(spec.name, label, input);
  input.setAttribute("aria-describedby", s.describedBy);
  input.addEventListener("input", onInput);
  input.addEventListener("change", onCommit);
  return {
    ...s,
    field: spec.name,
    input,
    focusables: [input],
    typing: true,
    read() {
      if (input.validity.badInput) return INVALID;
      return input.value === "" ? null : Number(input.value);
    },
    invalidMessage: "Vul een getal in (cijfers, zonder punt voor duizendtallen).",
    write(value) {
      const text = value === null || value === undefined ? "" : String(value);
      if (input.value !== text || input.validity.badInput) input.value = text;
    },
    disable(off) {
      input.readOnly = off;
      input.setAttribute("aria-readonly", String(off));
    },
  };
}

function selectControl(spec, options, onCommit) {
  const id = `ed-${spec.name}`;
  const select = h("select", { id, name: spec.name });
  if (!spec.required) select.append(h("option", { value: "" }, "(niet ingevuld)"));
  for (const [value, text] of options) select.append(h("option", { value }, text));
  const label = h("label", { for: id }, FIELD_LABELS[spec.name]);
  const s = shell(spec.name, label, select);
  select.setAttribute("aria-describedby", s.describedBy);
  select.addEventListener("change", onCommit);
  return {
    ...s,
    field: spec.name,
    input: select,
    focusables: [select],
    read: () => (select.value === "" ? null : select.value),
    write(value) {
      const v = value ?? "";
      if (v && ![...select.options].some((o) => o.value === v)) {
        select.append(h("option", { value: v }, "(onbekende of vervallen waarde)"));
      }
      if (select.value !== v) select.value = v;
    },
    disable(off) {
      select.disabled = off;
    },
  };
}

function checkboxControl(spec, options, onCommit) {
  const legend = h("legend", {}, FIELD_LABELS[spec.name]);
  const boxes = [];
  const list = h("div", { class: options.length > 6 ? "checks checks-2" : "checks" });
  for (const [value, text] of options) {
    const id = newId(`ed-${spec.name}`);
    const box = h("input", { type: "checkbox", id, value, name: spec.name });
    box.addEventListener("change", onCommit);
    boxes.push(box);
    list.append(h("span", { class: "check" }, box, h("label", { for: id }, text)));
  }
  const s = shell(spec.name, legend, list, { group: true });
  let order = [];
  return {
    ...s,
    field: spec.name,
    input: list,
    focusables: boxes,
    read() {
      // keep the stored order; newly ticked values go at the end
      const ticked = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
      const kept = order.filter((v) => ticked.has(v));
      for (const b of boxes) if (b.checked && !kept.includes(b.value)) kept.push(b.value);
      return kept;
    },
    write(value) {
      order = [...(value || [])];
      const set = new Set(order);
      for (const b of boxes) b.checked = set.has(b.value);
    },
    disable(off) {
      for (const b of boxes) b.disabled = off;
    },
  };
}

export function buildControl(app, spec, handlers) {
  const { onInput, onCommit } = handlers;
  switch (spec.kind) {
    case "text":
    case "url":
    case "list":
    case "textarea":
      return textControl(spec, onInput, onCommit);
    case "number":
      return numberControl(spec, onInput, onCommit);
    case "enum":
      return selectControl(spec, spec.options.map((o) => [o, capitalize(o)]), onCommit);
    case "partner":
      return selectControl(
        { ...spec, required: true },
        app.sortedPartners().map((p) => [p.id, p.name]),
        onCommit,
      );
    case "partners":
      return checkboxControl(spec, app.sortedPartners().map((p) => [p.id, p.name]), onCommit);
    case "outcomes":
      return checkboxControl(
        spec,
        app.bands("outcomes").map((b) => [b.id, b.label]),
        onCommit,
      );
    case "axis": {
      const info = app.axis(spec.axis);
      const options = app.bands(spec.axis).map((b) => [b.id, b.label]);
      return info.multi ? checkboxControl(spec, options, onCommit) : selectControl(spec, options, onCommit);
    }
    default:
      throw new Error(`unknown control kind ${spec.kind}`);
  }
}

export function optionsSignature(app) {
  return JSON.stringify([
    app.sortedPartners().map((p) => [p.id, p.name]),
    app.bands("outcomes"),
    Object.keys(app.axes()).map((k) => app.bands(k)),
  ]);
}
