/* One alert: its text, facts, cited logs, history, actions and charts (uPlot). Live: reloads when it changes. */
"use strict";
(async () => {
  const q = new URLSearchParams(location.search);
  const plant = q.get("plant") || "", fp = q.get("fp");
  const base = `/api/alerts/${Inbox.enc(plant)}/${Inbox.enc(fp)}`;
  const $ = id => document.getElementById(id);
  const say = (text, ok) => $("message").innerHTML = `<div class="message ${ok ? "ok" : "error"}">${Inbox.esc(text)}</div>`;
  await Inbox.me();

  async function load(background) {
    let a;
    if (!plant) {                                   // a notification's link to an alert none of the person's plants has
      say(`no alert ${fp} among the alerts of your plants (unknown, closed and past the retention, or another plant's)`, false);
      $("title").textContent = "Alert not found";
      $("actions").hidden = true;
      return null;
    }
    try {
      a = await Inbox.api(base, { background: background === true });
    } catch (e) {
      say(e.message, false);
      $("title").textContent = e.status === 403 ? "Not your plant" : "Alert not found";
      $("actions").hidden = true;
      return null;
    }
    const f = a.facts || {};
    document.title = (f.title || a.kind) + " · pdm inbox";
    $("title").textContent = f.title || `${a.kind} on ${a.asset}`;
    $("band").innerHTML = Inbox.band(a);
    $("state").innerHTML = Inbox.stateText(a) + (a.shelving ? ` until ${Inbox.time(a.shelving.until)} (${Inbox.esc(a.shelving.by)}: ${Inbox.esc(a.shelving.reason)})` : "");
    $("state").dataset.state = a.stateName;
    $("text").textContent = f.text || "";
    const rl = f.remainingLife;
    const rows = [
      ["plant · asset", `${a.plant} · ${a.asset} (${a.assetType})`],
      ["kind · failure mode", `${a.kind} · ${a.failureMode || "—"}`],
      ["remaining life", rl ? `${fmt(rl.predicted)} ${unit(rl.unit)} (${Math.round(rl.coverage * 100)} % interval ${fmt(rl.lower)}–${fmt(rl.upper)})` : "—"],
      ["health stage", f.healthStage || "—"],
      ["why", f.evidence ? f.evidence.reason : "—"],
      ["base model", f.baseModel ? f.baseModel.substring(0, 12) + "…" : "none (a condition alert)"],
      ["adapter version", f.adapterVersion ?? "—"],
      ["text written by", `${f.writer || "—"} · ${f.grounded ? "grounded: every fact checked against the fact sheet" : "NOT grounded"}`],
      ["raised · last active", `${Inbox.time(a.raisedAt)} · ${Inbox.time(a.lastActiveAt)}`],
      ["fingerprint", a.fingerprint]];
    $("facts").innerHTML = rows.map(([k, v]) => `<dt>${Inbox.esc(k)}</dt><dd>${Inbox.esc(v)}</dd>`).join("");
    const ms = f.evidence ? f.evidence.measurements : [];
    document.querySelector("#measurements tbody").innerHTML = ms.map(m => `<tr><td>${Inbox.esc(m.channel)}</td>
      <td>${fmt(m.value)} ${Inbox.esc(m.unit || "")}</td><td>${m.limit != null && isFinite(m.limit) ? fmt(m.limit) : ""}</td>
      <td>${Inbox.esc(m.zone || "")} ${m.standard ? `<span class="muted">${Inbox.esc(m.standard)}</span>` : ""}</td>
      <td>${Inbox.time(m.time)}</td></tr>`).join("") || '<tr><td colspan="5" class="muted">none</td></tr>';
    $("cited").innerHTML = (f.citedLogs || []).map(id => `<li>${Inbox.esc(id)}</li>`).join("") || '<li class="muted">none</li>';
    document.querySelector("#history tbody").innerHTML = (a.history || []).slice().reverse().map(n =>
      `<tr><td>${Inbox.time(n.at)}</td><td>${Inbox.esc(n.by)}</td><td>${Inbox.esc(n.action)}</td><td>${Inbox.esc(n.text || "")}</td></tr>`)
      .join("") || '<tr><td colspan="4" class="muted">nothing yet</td></tr>';
    const closed = a.closed;
    $("btn-acknowledge").disabled = closed || a.acknowledged;
    $("btn-unshelve").disabled = closed || !a.shelved;
    ["btn-shelve", "btn-resolve", "btn-request-work", "btn-comment"].forEach(id => $(id).disabled = closed);
    return a;
  }

  function fmt(x) { return typeof x === "number" ? (Math.abs(x) >= 100 ? x.toFixed(0) : String(Number(x.toPrecision(3)))) : x; }
  function unit(u) { return ({ HOUR: "h", CYCLE: "cycles", DAY: "days" })[u] || (u || "").toLowerCase(); }

  document.querySelectorAll("#actions button[data-action]").forEach(b => b.onclick = async () => {
    const action = b.dataset.action;
    const body = { commandId: crypto.randomUUID() };     // a retried click is applied once
    if (action === "shelve") { body.duration = $("shelve-duration").value; body.reason = $("shelve-reason").value; }
    if (action === "comment") body.text = $("comment-text").value;
    b.disabled = true;
    try {
      const r = await Inbox.api(`${base}/${action}`, { method: "POST", body: JSON.stringify(body) });
      say(`${action} sent as ${r.by}; the alert updates when the lifecycle has applied it`, true);
    } catch (e) {
      say(e.message, false);
      b.disabled = false;
    }
  });

  async function charts() {
    const box = $("charts");
    let c;
    try { c = await Inbox.api(base + "/charts"); } catch (e) { c = { available: false, reason: e.message }; }
    if (!c.available) { box.innerHTML = `<span class="muted" id="charts-note">${Inbox.esc(c.reason)}</span>`; return; }
    box.innerHTML = "";
    const width = Math.max(320, box.clientWidth - 30);
    const names = Object.keys(c.features);
    if (!names.length && !c.remainingLife.length) {
      box.innerHTML = '<span class="muted" id="charts-note">no features or estimates stored for this asset yet</span>';
      return;
    }
    for (const name of names) plot(box, name, c.features[name], [{ label: name, stroke: "#2458a6", width: 1.5 }], width);
    if (c.remainingLife.length) {
      const u = unit(c.unit);
      plot(box, `remaining life (${u}) with its interval`, c.remainingLife, [
        { label: "predicted", stroke: "#b3171d", width: 2 },
        { label: "lower", stroke: "#e8a0a0", dash: [4, 4] },
        { label: "upper", stroke: "#e8a0a0", dash: [4, 4] }], width, [{ series: [2, 3], fill: "rgba(179,23,29,0.08)" }]);
    }
  }

  function plot(box, title, data, series, width, bands) {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.points = data[0].length;
    box.appendChild(div);
    // the y axis wide enough for a sign and four digits (uPlot's 50 px cut "-0.006" to "0.006")
    new uPlot({ title, width, height: 180, series: [{}].concat(series), bands: bands || [],
      axes: [{}, { size: 64 }], scales: { x: { time: true } }, legend: { live: false } }, data, div);
  }

  const alert = await load();
  if (alert) {
    charts();
    Inbox.live(change => { if (change.fingerprint === fp && change.plant === plant) load(true); }, $("live"));
  }
})();
