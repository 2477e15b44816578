/* The alert list: filters, paging (newest first) and live arrival over server-sent events. */
"use strict";
(async () => {
  const form = document.getElementById("filters");
  const tbody = document.querySelector("#alerts tbody");
  const info = document.getElementById("page-info");
  const size = 50;
  let page = 0, timer = null;
  const fresh = new Set();

  const user = await Inbox.me();
  const plantSelect = document.getElementById("f-plant");
  user.plants.forEach(p => plantSelect.insertAdjacentHTML("beforeend", `<option>${Inbox.esc(p)}</option>`));

  async function load(background) {
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    params.set("page", page);
    params.set("size", size);
    try {
      const result = await Inbox.api("/api/alerts?" + params, { background: background === true });
      tbody.innerHTML = result.alerts.map(row).join("") ||
        '<tr><td colspan="5" class="muted">No alerts match.</td></tr>';
      const last = Math.max(0, Math.ceil(result.total / size) - 1);
      info.textContent = `${result.total} alert${result.total === 1 ? "" : "s"} · page ${page + 1} of ${last + 1}`;
      document.getElementById("prev").disabled = page === 0;
      document.getElementById("next").disabled = page >= last;
      fresh.clear();
      document.getElementById("message").innerHTML = "";
    } catch (e) {
      document.getElementById("message").innerHTML = `<div class="message error">${Inbox.esc(e.message)}</div>`;
    }
  }

  function row(a) {
    const href = `/alert.html?plant=${Inbox.enc(a.plant)}&fp=${Inbox.enc(a.fingerprint)}`;
    const title = a.facts && a.facts.title ? a.facts.title : a.kind;
    return `<tr data-fp="${Inbox.esc(a.fingerprint)}" data-href="${href}" class="${fresh.has(a.fingerprint) ? "fresh" : ""}">
      <td>${Inbox.band(a)}</td>
      <td><a href="${href}">${Inbox.esc(title)}</a></td>
      <td>${Inbox.esc(a.plant)} · ${Inbox.esc(a.asset)}</td>
      <td class="state">${Inbox.stateText(a)}</td>
      <td>${Inbox.time(a.raisedAt)}</td></tr>`;
  }

  tbody.addEventListener("click", e => {
    const tr = e.target.closest("tr[data-href]");
    if (tr && e.target.tagName !== "A") location.href = tr.dataset.href;
  });
  form.addEventListener("submit", e => { e.preventDefault(); page = 0; load(); });
  document.getElementById("prev").onclick = () => { page = Math.max(0, page - 1); load(); };
  document.getElementById("next").onclick = () => { page++; load(); };

  // a change of any visible alert: reload the page shown (a burst of changes is one reload) and mark what changed
  Inbox.live(change => {
    fresh.add(change.fingerprint);
    clearTimeout(timer);
    timer = setTimeout(() => load(true), 250);
  }, document.getElementById("live"));
  load();
})();
