// Messages: a polite live region for news, an assertive one for refusals, visible notices (with an
// optional action such as "Ongedaan maken"), and the connection/pending indicator.

import { h, clear } from "./dom.js";

export function createMessages() {
  const polite = h("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true", id: "announcer" });
  const assertive = h("div", { class: "sr-only", role: "alert", "aria-atomic": "true", id: "alerter" });
  const notices = h("section", { class: "notices", "aria-label": "Meldingen" });
  document.body.append(polite, assertive, notices);

  let politeTimer = null;
  function speak(region, text) {
    // clear first, so the same sentence twice is read twice
    region.textContent = "";
    clearTimeout(politeTimer);
    politeTimer = setTimeout(() => {
      region.textContent = text;
    }, 60);
  }

  function notice(text, { kind = "info", action = null, focus = false, timeout = 0 } = {}) {
    const close = h("button", { type: "button", class: "notice-close", "aria-label": "Melding sluiten" }, "×");
    const actionButton = action
      ? h("button", { type: "button", class: "notice-action" }, action.label)
      : null;
    const el = h("div", { class: `notice notice-${kind}`, dataset: { kind } }, h("p", {}, text), actionButton, close);
    const remove = () => {
      const hadFocus = el.contains(document.activeElement);
      el.remove();
      if (hadFocus) action?.after?.();
    };
    close.addEventListener("click", remove);
    if (actionButton) {
      actionButton.addEventListener("click", () => {
        remove();
        action.run();
      });
    }
    // one notice of a kind with an action at a time (e.g. the last undo), and no repeats
    for (const n of notices.querySelectorAll(".notice")) {
      if ((action && n.dataset.kind === kind) || n.firstChild.textContent === text) n.remove();
    }
    notices.append(el);
    while (notices.children.length > 4) notices.firstElementChild.remove();
    if (timeout) setTimeout(() => el.isConnected && !el.contains(document.activeElement) && el.remove(), timeout);
    if (focus && actionButton) actionButton.focus();
    return el;
  }

  return {
    announce: (text) => speak(polite, text),
    alert(text) {
      assertive.textContent = "";
      setTimeout(() => {
        assertive.textContent = text;
      }, 60);
    },
    notice,
    clearNotices: () => clear(notices),
  };
}

const STATUS_TEXT = {
  online: "Verbonden",
  connected: "Verbonden",
  synced: "Verbonden",
  connecting: "Verbinding maken...",
  reconnecting: "Opnieuw verbinden...",
  syncing: "Bijwerken...",
  offline: "Geen verbinding",
  disconnected: "Geen verbinding",
};

export function statusKind(status) {
  if (["online", "connected", "synced"].includes(status)) return "online";
  if (["connecting", "reconnecting", "syncing"].includes(status)) return "busy";
  return "offline";
}

export function createConnectionIndicator(app) {
  const dot = h("span", { class: "conn-dot", "aria-hidden": "true" });
  const text = h("span", { class: "conn-text" });
  const pending = h("span", { class: "conn-pending" });
  const el = h("div", { class: "conn", id: "connection" }, dot, text, pending);
  let lastKind = null;

  function update() {
    const status = app.client.status || "connecting";
    const kind = statusKind(status);
    const count = app.client.pendingCount || 0;
    el.dataset.state = kind;
    text.textContent = STATUS_TEXT[status] || status;
    pending.textContent = count
      ? ` · ${count} ${count === 1 ? "wijziging wacht" : "wijzigingen wachten"}${kind === "offline" ? " (bewaard)" : ""}`
      : "";
    el.dataset.pending = String(count);
    if (lastKind && kind !== lastKind) {
      if (kind === "offline") {
        app.messages.announce("Geen verbinding. Uw wijzigingen worden bewaard en verstuurd zodra de verbinding terug is.");
      } else if (kind === "online") {
        app.messages.announce(count ? "Weer verbonden. Wachtende wijzigingen worden verstuurd." : "Weer verbonden.");
      }
    }
    lastKind = kind;
  }
  return { el, update };
}
