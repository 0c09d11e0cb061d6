/* OpenExpo gate page: scan by keyboard-wedge scanner or camera (BarcodeDetector), ask the
 * server, and when it cannot be reached decide locally with the downloaded public keys and
 * revocation list (WebCrypto Ed25519), queue the scans in localStorage and upload them later.
 * The local rules mirror openexpo/solvers/gate.py. No CDN, no framework. */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("gate-config").textContent);
  const tag = `ox-gate-${cfg.edition}-${cfg.gate}`;
  const $ = (id) => document.getElementById(id);
  const REASONS = {
    entered: ["green", "Welcome: entry granted."],
    exited: ["green", "Goodbye: exit recorded."],
    exited_unmatched: ["amber", "Exit recorded, but no entry was on record."],
    unreadable: ["red", "Not an OpenExpo badge (random or damaged code)."],
    truncated: ["red", "The badge code is incomplete (truncated)."],
    forged: ["red", "Signed by an unknown key: forged badge."],
    tampered: ["red", "The signature does not match: tampered badge."],
    wrong_edition: ["red", "This badge belongs to another edition."],
    not_yet_valid: ["red", "This badge is not valid yet."],
    expired: ["red", "This badge has expired."],
    not_valid_today: ["red", "This badge is not valid today."],
    revoked: ["red", "This badge was revoked (lost or replaced)."],
    already_inside: ["red", "Already inside: this badge has not exited (anti-passback)."],
    wrong_direction: ["red", "This gate does not allow that direction."],
  };
  const CATEGORIES = ["visitor", "exhibitor", "press", "staff", "organiser"];
  const B32 = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  const EPOCH_MS = Date.UTC(2000, 0, 1);

  const load = (k, d) => { try { return JSON.parse(localStorage.getItem(`${tag}-${k}`)) ?? d; } catch (e) { return d; } };
  const save = (k, v) => localStorage.setItem(`${tag}-${k}`, JSON.stringify(v));
  let bundle = load("bundle", null);
  let queue = load("queue", []);
  let inside = load("inside", {});
  let keys = {};
  const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";

  function b64bytes(s) { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); }

  async function importKeys() {
    keys = {};
    if (!bundle || !crypto.subtle) return;
    for (const k of bundle.keys) {
      try { keys[k.key_id] = await crypto.subtle.importKey("raw", b64bytes(k.public_key), { name: "Ed25519" }, false, ["verify"]); }
      catch (e) { console.warn("Ed25519 key import failed", e); }
    }
  }

  async function refreshBundle() {
    try {
      const r = await fetch(cfg.bundleUrl, { credentials: "same-origin" });
      if (r.ok) { bundle = await r.json(); save("bundle", bundle); await importKeys(); }
    } catch (e) { /* offline: keep the stored bundle */ }
    showStatus();
  }

  function direction() { return document.querySelector("input[name=direction]:checked").value; }
  function forcedOffline() { return $("force-offline").checked || !navigator.onLine; }
  function showStatus() {
    $("net-status").textContent = forcedOffline() ? "OFFLINE" : "online";
    $("queue-count").textContent = String(queue.length);
    $("revoked-count").textContent = bundle ? String(Object.keys(bundle.revoked).length) : "?";
  }

  function show(code, reason, colour, offline) {
    const box = $("result");
    box.className = `result ${colour}`;
    box.dataset.code = code;
    box.querySelector(".code").textContent = code.replace(/_/g, " ") + (offline ? " (offline)" : "");
    box.querySelector(".reason").textContent = reason;
  }

  function todayOrdinal() {
    const tz = (bundle && bundle.time_zone) || "Asia/Shanghai";
    const iso = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    const [y, m, d] = iso.split("-").map(Number);
    return Math.round((Date.UTC(y, m - 1, d) - EPOCH_MS) / 86400000);
  }

  function parse(text) {
    if (!text.startsWith("OX1:")) return { code: "unreadable" };
    const digits = text.slice(4).replace(/=+$/, "").toUpperCase();
    if (!/^[0-9A-Z]*$/.test(digits) || digits.length > 128) return { code: "unreadable" };
    if (digits.length < 128) return { code: "truncated" };
    const raw = new Uint8Array(80);
    let acc = 0, bits = 0, j = 0;
    for (const ch of digits) {
      const v = B32.indexOf(ch);
      if (v < 0) return { code: "unreadable" };
      acc = ((acc << 5) | v) & 0xffff; bits += 5;
      if (bits >= 8) { bits -= 8; raw[j++] = (acc >> bits) & 0xff; }
    }
    const dv = new DataView(raw.buffer);
    const ver = dv.getUint8(0), cat = dv.getUint8(9), mask = dv.getUint16(12);
    if (ver !== 1 || cat >= CATEGORIES.length || mask === 0) return { code: "tampered" };
    return {
      body: raw.slice(0, 16), sig: raw.slice(16), keyId: dv.getUint16(1), edition: dv.getUint16(3),
      badge: dv.getUint32(5), category: CATEGORIES[cat], firstDay: dv.getUint16(10), mask, revision: dv.getUint16(14),
    };
  }

  async function decideLocal(text, dir) {
    if (!bundle) return { code: "unreadable", accepted: false, badge: null };
    const g = bundle.gate;
    if (!g.directions.includes(dir)) return { code: "wrong_direction", accepted: false, badge: null };
    const c = parse(text);
    if (c.code) return { code: c.code, accepted: false, badge: null };
    if (c.edition !== bundle.edition) return { code: "wrong_edition", accepted: false, badge: null };
    const key = keys[c.keyId];
    if (!key) return { code: "forged", accepted: false, badge: null };
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, c.sig, c.body);
    if (!ok) return { code: "tampered", accepted: false, badge: null };
    const minRev = bundle.revoked[String(c.badge)] || 0;
    if (c.revision < minRev) return { code: "revoked", accepted: false, badge: c.badge };
    const i = todayOrdinal() - c.firstDay;
    if (!(i >= 0 && i < 16 && (c.mask >> i) & 1)) {
      const last = 31 - Math.clz32(c.mask);
      return { code: i < 0 ? "not_yet_valid" : i > last ? "expired" : "not_valid_today", accepted: false, badge: c.badge };
    }
    const here = Object.prototype.hasOwnProperty.call(inside, c.badge);
    if (dir === "out") return { code: here || !g.antipassback ? "exited" : "exited_unmatched", accepted: true, badge: c.badge };
    if (g.antipassback && here) return { code: "already_inside", accepted: false, badge: c.badge };
    return { code: "entered", accepted: true, badge: c.badge };
  }

  function remember(d) {
    if (!d.accepted || d.badge == null) return;
    if (d.code === "entered") inside[d.badge] = Date.now(); else delete inside[d.badge];
    save("inside", inside);
  }

  async function postJSON(url, body, timeoutMs) {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      return await fetch(url, {
        method: "POST", credentials: "same-origin", signal: ctl.signal,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify(body),
      });
    } finally { clearTimeout(t); }
  }

  let lastText = "", lastAt = 0;
  async function scan(text) {
    text = text.trim();
    if (!text) return;
    const dir = direction();
    const clientId = `${cfg.gate}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    if (!forcedOffline()) {
      try {
        const r = await postJSON(cfg.scanUrl, { edition: cfg.edition, gate: cfg.gate, payload: text, direction: dir, client_id: clientId }, 2500);
        if (r.status < 500) {
          const d = await r.json();
          if (r.ok) { show(d.code, d.reason, d.colour, false); remember({ code: d.code, accepted: d.accepted, badge: d.badge }); return; }
          show(d.code || "error", d.detail || "Refused by the server.", "red", false);
          return;
        }
      } catch (e) { /* unreachable: decide locally below */ }
    }
    const d = await decideLocal(text, dir);
    const [colour, reason] = REASONS[d.code];
    show(d.code, reason, colour, true);
    remember(d);
    queue.push({ client_id: clientId, payload: text, direction: dir, scanned_at: new Date().toISOString(), accepted: d.accepted, code: d.code });
    save("queue", queue);
    showStatus();
  }

  async function flush() {
    if (forcedOffline() || queue.length === 0) return;
    const batch = queue.slice(0, 500);
    try {
      const r = await postJSON(cfg.uploadUrl, { edition: cfg.edition, gate: cfg.gate, scans: batch }, 10000);
      if (r.ok) {
        const sent = new Set(batch.map((s) => s.client_id));
        queue = load("queue", []).filter((s) => !sent.has(s.client_id));
        save("queue", queue);
      }
    } catch (e) { /* try again later */ }
    showStatus();
  }

  $("scan-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = $("scan-input");
    const text = input.value;
    input.value = "";
    scan(text).finally(() => input.focus());
  });
  $("force-offline").addEventListener("change", () => { showStatus(); flush(); $("scan-input").focus(); });
  window.addEventListener("online", () => { showStatus(); flush(); refreshBundle(); });
  window.addEventListener("offline", showStatus);

  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    const btn = $("camera-start");
    btn.hidden = false;
    btn.addEventListener("click", async () => {
      const video = $("camera");
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.hidden = false;
      await video.play();
      const tick = async () => {
        try {
          const found = await detector.detect(video);
          const now = Date.now();
          if (found.length && (found[0].rawValue !== lastText || now - lastAt > 3000)) {
            lastText = found[0].rawValue; lastAt = now;
            await scan(lastText);
          }
        } catch (e) { /* frame not ready */ }
        setTimeout(tick, 250);
      };
      tick();
    });
  }

  window.oxGate = { scan, flush, refreshBundle, decideLocal, queue: () => queue };
  importKeys().then(refreshBundle).then(flush);
  setInterval(flush, 5000);
  setInterval(refreshBundle, 60000);
})();
