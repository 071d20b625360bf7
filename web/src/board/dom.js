// A tiny element builder: h("button", {class: "x", onclick: fn}, "text", child, [more]).

const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden", "readOnly", "required", "open"]);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      if (PROPS.has(key)) el[key] = false;
      continue;
    }
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) {
        if (prop.startsWith("--")) el.style.setProperty(prop, v);
        else el.style[prop] = v;
      }
    }
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPS.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let uid = 0;
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function srOnly(text) {
  return h("span", { class: "sr-only" }, text);
}

export function initials(name) {
  const words = String(name || "?")
    .replace(/\(.*?\)/g, "")
    .split(/[\s-]+/)
    .filter((w) => w && /[A-Za-zÀ-ÿ]/.test(w[0]));
  const skip = new Set(["van", "de", "der", "den", "het", "el", "la", "le", "ten", "ter", "te"]);
  const main = words.filter((w) => !skip.has(w.toLowerCase()));
  const picked = main.length >= 2 ? [main[0], main[main.length - 1]] : main.length ? [main[0]] : words.slice(0, 1);
  return picked.map((w) => w[0].toUpperCase()).join("") || "?";
}

export function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return (a ?? null) === (b ?? null);
}
