/* A plant's alarm-system page (ISA-18.2 measures), refreshed every 30 s. */
"use strict";
(async () => {
  const plant = new URLSearchParams(location.search).get("plant");
  const $ = id => document.getElementById(id);
  await Inbox.me();
  $("title").textContent = `Alarm system · ${plant}`;
  const pct = x => (x * 100).toFixed(1) + " %";
  // an alert by its title (kind and failure mode in words); the fingerprint is the link and its tooltip
  const link = a => `<a href="/alert.html?plant=${Inbox.enc(plant)}&fp=${Inbox.enc(a.fingerprint)}"
      title="fingerprint ${Inbox.esc(a.fingerprint)}" data-fp="${Inbox.esc(a.fingerprint)}">${Inbox.esc(a.title)}</a>
      <span class="fp">${Inbox.esc(a.fingerprint)}</span>`;

  async function load(background) {
    let r;
    try {
      r = await Inbox.api(`/api/alarm-system/${Inbox.enc(plant)}?hours=${$("hours").value}`, { background: background === true });
    } catch (e) {
      $("message").innerHTML = `<div class="message error">${Inbox.esc(e.message)}</div>`;
      return;
    }
    const m = (label, value, bad) => `<div class="card measure ${bad ? "bad" : ""}"><div class="muted">${label}</div><div class="value">${value}</div></div>`;
    $("measures").innerHTML =
      m("alerts per 10 minutes", r.alertsPer10Minutes.toFixed(2), r.alertsPer10Minutes > 2) +
      m("periods in flood", pct(r.floodShare), r.floodShare > 0.01) +
      m("peak in 10 minutes", r.peakPer10Minutes, r.peakPer10Minutes > 10) +
      m("top-10 share of the load", pct(r.badActorShare), r.badActorShare > 0.5) +
      m("activations", r.activations, false) +
      m("stale alerts", r.stale.length, r.stale.length > 0) +
      m("chattering alerts", r.chattering.length, r.chattering.length > 0) +
      m("10-minute periods", r.periods, false);
    document.querySelector("#bad tbody").innerHTML = r.badActors.map(b =>
      `<tr><td>${link(b)}</td><td>${Inbox.esc(b.asset)}</td><td>${b.activations}</td><td>${pct(b.share)}</td></tr>`)
      .join("") || '<tr><td colspan="4" class="muted">no activations</td></tr>';
    document.querySelector("#stale tbody").innerHTML = r.stale.map(s =>
      `<tr><td>${link(s)}</td><td>${Inbox.esc(s.asset)}</td><td>${Inbox.time(s.since)}</td></tr>`)
      .join("") || '<tr><td colspan="3" class="muted">none</td></tr>';
    $("chattering").innerHTML = r.chattering.map(c => `<li>${link(c)} <span class="muted">${Inbox.esc(c.asset || "")}</span></li>`).join("") || '<li class="muted">none</li>';
  }
  $("hours").onchange = load;
  load();
  setInterval(() => load(true), 30000);
})();
