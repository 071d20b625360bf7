/**
 * What the Excel and PowerPoint panes share on screen: reading the page config, waiting for Office, signing
 * in, picking the workspace, the status line and messages. Everything a user sees is Dutch.
 */
import {
  fetchWorkspaces, parseCredential, sessionProvider, signInWithLink, storedTokenProvider, tokenProvider,
} from "./auth.js";

const SETTING = "matrixsync.werkruimte";

export function readConfig(doc = document) {
  const el = doc.getElementById("matrixsync-addin-config");
  return el ? JSON.parse(el.textContent) : null;
}

/** `h("p", {class: "x"}, "tekst", child)`: a small element builder (text is never parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** Office.onReady, or `{host: null}` when office.js is not there (the page opened outside Office). */
export function officeReady(timeoutMs = 8000) {
  const Office = globalThis.Office;
  if (!Office?.onReady) return Promise.resolve({ host: null });
  return Promise.race([
    Office.onReady(),
    new Promise((resolve) => setTimeout(() => resolve({ host: null }), timeoutMs)),
  ]);
}

export function supported(set, version) {
  try {
    return !!globalThis.Office?.context?.requirements?.isSetSupported(set, version);
  } catch {
    return false;
  }
}

/** The workspace this document was last opened with (document settings travel with the file). */
export function rememberedWorkspace() {
  try {
    return globalThis.Office?.context?.document?.settings?.get(SETTING) ?? null;
  } catch {
    return null;
  }
}

export function rememberWorkspace(slug) {
  const settings = globalThis.Office?.context?.document?.settings;
  if (!settings) return;
  settings.set(SETTING, slug);
  settings.saveAsync?.(() => {});
}

/** The page skeleton: header with status, a message area, and the main section. */
export class PaneShell {
  constructor(root, title) {
    this.status = h("span", { class: "status", id: "status", text: "Niet verbonden" });
    this.message = h("div", { class: "message", id: "melding", role: "alert", "aria-live": "assertive" });
    this.main = h("div", { class: "main", id: "inhoud" });
    this.account = h("div", { class: "account", id: "account" });
    root.replaceChildren(
      h("header", { class: "top" }, h("h1", { text: title }), this.status),
      this.account,
      this.message,
      this.main,
    );
  }

  setStatus(text, kind = "") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
    document.body.dataset.status = kind;
  }

  say(text, kind = "info") {
    this.message.replaceChildren(text ? h("p", { class: `note ${kind}`, text }) : "");
  }
}

/**
 * Sign in: a stored token, or the session cookie, or the form (sign-in link or token). Resolves with
 * `{provider, workspaces, current}` once the server knows who we are.
 */
export async function signIn(shell, { storage = globalThis.localStorage } = {}) {
  for (const provider of [storedTokenProvider(storage), sessionProvider()]) {
    if (!provider) continue;
    try {
      return { provider, ...(await fetchWorkspaces(provider)) };
    } catch {
      /* not signed in that way */
    }
  }
  return new Promise((resolve) => {
    const input = h("input", { id: "aanmelden-invoer", type: "text", autocomplete: "off", spellcheck: "false" });
    const button = h("button", { type: "submit", id: "aanmelden", text: "Aanmelden" });
    const form = h(
      "form",
      { class: "signin", "aria-labelledby": "aanmelden-titel" },
      h("h2", { id: "aanmelden-titel", text: "Aanmelden" }),
      h("p", { text: "Plak de inloglink of het toegangsbewijs (token) dat u van de regisseur van uw gemeente kreeg." }),
      h("label", { for: "aanmelden-invoer", text: "Inloglink of toegangsbewijs" }),
      input,
      button,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const cred = parseCredential(input.value, location.origin);
      if (cred.kind === "error") return shell.say(cred.message, "error");
      button.disabled = true;
      shell.say("Bezig met aanmelden...");
      try {
        const provider = cred.kind === "link" ? await signInWithLink(cred.url) : tokenProvider(storage, cred.token);
        const found = await fetchWorkspaces(provider);
        shell.say("");
        resolve({ provider, ...found });
      } catch (err) {
        if (cred.kind === "token") await tokenProvider(storage).signOut();
        shell.say(err.message || "Aanmelden is niet gelukt.", "error");
        button.disabled = false;
      }
    });
    shell.main.replaceChildren(form);
    input.focus();
  });
}

/** Show who is signed in, with "Afmelden" (forgets the token or ends the session, then reloads). */
export function showAccount(shell, entry, provider) {
  const out = h("button", { type: "button", class: "link", id: "afmelden", text: "Afmelden" });
  out.addEventListener("click", async () => {
    await provider.signOut();
    location.reload();
  });
  shell.account.replaceChildren(
    h("span", { text: `${entry.member_name} (${entry.partner_name || entry.role}) · via ${provider.label}` }),
    out,
  );
}

/**
 * Pick the workspace. With a workspace remembered by this document that the user may open, that one is
 * opened at once (a reopened workbook resyncs); otherwise the user chooses and presses `buttonText`.
 */
export function pickWorkspace(shell, { workspaces, current }, buttonText, { auto = true } = {}) {
  const remembered = rememberedWorkspace();
  const known = workspaces.find((w) => w.slug === remembered);
  if (auto && known) return Promise.resolve(known);
  return new Promise((resolve) => {
    const select = h(
      "select",
      { id: "werkruimte" },
      workspaces.map((w) => h("option", { value: w.slug, selected: w.slug === (remembered || current), text: `${w.name} (${w.slug})` })),
    );
    const button = h("button", { type: "submit", id: "openen", text: buttonText });
    const form = h(
      "form",
      { class: "pick" },
      h("label", { for: "werkruimte", text: "Werkruimte" }),
      select,
      button,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      resolve(workspaces.find((w) => w.slug === select.value));
    });
    shell.main.replaceChildren(form);
  });
}
