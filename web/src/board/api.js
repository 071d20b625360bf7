// JSON requests to the REST API with the browser session: the CSRF token goes along on every request that
// changes something (the server refuses a cookie POST without it), errors carry the server's Dutch message.
// A 401 means the session is gone: the board is told (app.signedOut) and shows it.

import { errorText } from "./admin-format.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function createApi(app) {
  const base = `/api/workspaces/${encodeURIComponent(app.config.workspace)}`;

  async function request(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = app.config.csrf || "";
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        credentials: "same-origin",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "offline", "Geen verbinding met de server.");
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      const error = new ApiError(res.status, data?.error || "error", errorText(res.status, data));
      if (res.status === 401) app.signedOut?.(error.message);
      else if (res.status === 403 && error.code === "forbidden") app.checkAccess?.();
      throw error;
    }
    return data;
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body = {}) => request("POST", path, body),
    del: (path) => request("DELETE", path),
  };
}
