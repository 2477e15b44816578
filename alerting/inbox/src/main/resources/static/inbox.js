/* Shared by the inbox's pages: the API with the CSRF header, the user, formatting. No framework, no build step. */
"use strict";
const Inbox = (() => {
  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  async function api(path, options = {}) {
    const headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (options.background) headers["X-PDM-Background"] = "1";  // a refresh of the page's own: not activity
    if (options.method && options.method !== "GET") {
      headers["Content-Type"] = "application/json";
      const token = cookie("XSRF-TOKEN");           // Spring Security's single-page CSRF: cookie in, header out
      if (token) headers["X-XSRF-TOKEN"] = token;
    }
    const r = await fetch(path, Object.assign({}, options, { headers, credentials: "same-origin" }));
    const body = r.headers.get("Content-Type")?.includes("json") ? await r.json() : null;
    if (r.status === 401) {                          // to the login page, saying why when the session expired
      location.href = body && body.title === "Session expired" ? "/login?expired" : "/login";
      throw new Error("logged out");
    }
    if (!r.ok) {
      const e = new Error(body && body.detail ? body.detail : r.status + " " + r.statusText);
      e.status = r.status;
      throw e;
    }
    return body;
  }
  async function me() {
    const user = await api("/api/me");
    document.querySelectorAll("[data-user]").forEach(el => el.textContent = user.user + (user.admin ? " (admin)" : ""));
    const nav = document.getElementById("alarm-links");
    if (nav) nav.innerHTML = user.plants.map(p => `<a href="/alarms.html?plant=${enc(p)}">alarm system ${esc(p)}</a>`).join(" ");
    const logout = document.getElementById("logout");
    if (logout) logout.onclick = async () => {
      await fetch("/logout", { method: "POST", headers: { "X-XSRF-TOKEN": cookie("XSRF-TOKEN") || "" } });
      location.href = "/login?logout";
    };
    return user;
  }
  function esc(s) {
    return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function enc(s) { return encodeURIComponent(s); }
  function time(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
  }
  function band(alert) {
    return `<span class="band band-${esc(alert.band)}" title="severity ${alert.severity} of 1000">${esc(alert.band)} ${alert.severity}</span>`;
  }
  function stateText(a) {
    const words = { ACTIVE_UNACKNOWLEDGED: "active, unacknowledged", ACTIVE_ACKNOWLEDGED: "active, acknowledged",
      CLEARED_UNACKNOWLEDGED: "cleared, unacknowledged", CLEARED_ACKNOWLEDGED: "closed", RESOLVED: "resolved" };
    let s = words[a.stateName] || a.stateName;
    if (a.shelved) s += ' <span class="tag">shelved</span>';
    if (a.suppressed) s += ` <span class="tag" title="${esc(a.suppressedBy.join(", "))}">suppressed</span>`;
    if (a.chattering) s += ' <span class="tag">chattering</span>';
    return s;
  }
  /** The live stream: calls onAlert({plant, fingerprint, alert}) for every change the user may see. */
  function live(onAlert, indicator) {
    const source = new EventSource("/api/stream");
    source.addEventListener("hello", () => indicator && indicator.classList.add("on"));
    source.addEventListener("alert", e => onAlert(JSON.parse(e.data)));
    source.onerror = () => {
      indicator && indicator.classList.remove("on");
      // the browser reconnects by itself after a stream ends; it gives up (CLOSED) when the answer was not a stream,
      // e.g. 401 after the session expired: ask the API why, which takes the page to the login
      if (source.readyState === EventSource.CLOSED) setTimeout(() => api("/api/me", { background: true }).catch(() => {}), 500);
    };
    return source;
  }
  return { api, me, esc, enc, time, band, stateText, live };
})();
