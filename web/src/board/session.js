// Signed out: when the live connection is refused (a revoked member, an ended session), the board asks the
// REST API whether this browser still has access. If not, the board stops reconnecting and shows, in
// Dutch, that the person is signed out, instead of the (no longer allowed) matrix.

import { h, clear } from "./dom.js";
import { errorText } from "./admin-format.js";

export function createSessionGuard(app, root) {
  const probe = `/api/workspaces/${encodeURIComponent(app.config.workspace)}/objects/matrix`;
  let checking = false;
  let out = false;

  /** Ask the server whether this browser may still see the workspace; sign out when it may not. */
  async function check() {
    if (checking || out) return;
    checking = true;
    try {
      const res = await fetch(probe, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (res.status === 401 || res.status === 403) {
        let body = null;
        try {
          body = await res.json();
        } catch {
          body = null;
        }
        signedOut(errorText(res.status, body));
      }
    } catch {
      // no connection: the client keeps trying, nothing to conclude
    } finally {
      checking = false;
    }
  }

  function signedOut(message) {
    if (out) return;
    out = true;
    app.client.close();
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
    app.messages.clearNotices();
    const title = h("h1", { id: "signed-out-title", tabindex: "-1" }, "U bent afgemeld");
    const main = h(
      "main",
      { class: "signed-out", "aria-labelledby": "signed-out-title" },
      title,
      h(
        "p",
        {},
        "U heeft geen toegang meer tot dit bord: de regisseur heeft uw toegang ingetrokken, of uw sessie is beëindigd.",
      ),
      message ? h("p", { class: "signed-out-detail" }, `Melding van de server: ${message}`) : null,
      h("p", {}, "Vraag de regisseur van uw gemeente om een nieuwe inloglink als u weer mee wilt werken."),
    );
    clear(root);
    root.append(main);
    document.title = "Afgemeld: matrixsync";
    document.body.dataset.access = "signed-out";
    document.body.dataset.status = "signed-out";
    title.focus();
    app.messages.alert("U bent afgemeld: u heeft geen toegang meer tot dit bord.");
  }

  return {
    check,
    signedOut,
    get isSignedOut() {
      return out;
    },
  };
}
