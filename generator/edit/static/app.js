// gen edit: sends each change to the server as it is typed, and shows what comes back: the
// preview, the budget, the review, and each problem at its field. No framework, no inline
// script (the page's Content-Security-Policy forbids it); user text is set as text, and the
// server's HTML fragments are escaped where they are made.
"use strict";

(function () {
  const form = document.getElementById("form");
  const status = document.getElementById("status");
  let version = document.querySelector('meta[name="gen-version"]').content;
  let structure = null; // the shape of the lists the form shows (the server refuses older ones)
  let words = {};
  let busy = false;
  let pending = null; // the latest change not yet sent: {name, value}
  let activeStep = "idea";

  function valueOf(el) {
    if (el.dataset.kind === "checkbox") return el.checked;
    if (el.dataset.kind === "choices") {
      return Array.from(form.querySelectorAll('input[data-kind="choices"]'))
        .filter((c) => c.name === el.name && c.checked)
        .map((c) => c.value);
    }
    return el.value;
  }

  function setStatus(text, cls) {
    status.textContent = text || "";
    status.className = "status " + (cls || "");
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (response.status === 400 || response.status === 403 || response.status === 415) {
      throw new Error(await response.text());
    }
    return response.json();
  }

  async function send() {
    if (busy || !pending) return;
    const change = pending;
    pending = null;
    busy = true;
    setStatus(words.saving || "…", "busy");
    try {
      const state = await post("/api/change", change);
      if (change.reload) { window.location.reload(); return; }
      apply(state, change.form && !pending);
    } catch (error) {
      setStatus((words.not_saved || "Not saved") + ": " + error.message, "bad");
    } finally {
      busy = false;
      if (pending) send();
    }
  }

  function changed(event) {
    const el = event.target;
    if (!el.name || !form.contains(el)) return;
    // A change to an id, the action or the call changes what the form offers: it comes back.
    const structural = /(^|\.)id$|^(action|call)$/.test(el.name);
    pending = { name: el.name, value: valueOf(el), form: structural, structure: structure };
    if (el.name === "language") pending.reload = true;
    send();
  }

  async function listOp(button) {
    if (busy) return;
    busy = true;
    try {
      const state = await post("/api/list", {
        name: button.dataset.list,
        op: button.dataset.op,
        index: Number(button.dataset.index),
        structure: structure,
      });
      apply(state, true);
      if (button.dataset.op === "add") {
        const items = form.querySelectorAll('.item[data-path^="' + CSS.escape(button.dataset.list) + '["]');
        const last = items[items.length - 1];
        const first = last && last.querySelector("input:not([type=checkbox]), textarea, select");
        if (first) first.focus();
      }
    } catch (error) {
      setStatus((words.not_saved || "Not saved") + ": " + error.message, "bad");
    } finally {
      busy = false;
    }
  }

  function replaceForm(html) {
    const focused = document.activeElement;
    const name = focused && form.contains(focused) ? focused.name : null;
    const start = focused && "selectionStart" in focused ? focused.selectionStart : null;
    // Which folded parts were open: optional groups by their key path, "more keys" by step.
    const open = Array.from(form.querySelectorAll("details[open]")).map((d) => d.dataset.path || d.closest("section").id);
    form.innerHTML = html;
    showStep(activeStep);
    open.forEach((id) => {
      const details = form.querySelector('details[data-path="' + CSS.escape(id) + '"]') ||
        form.querySelector("#" + CSS.escape(id) + " > details.more");
      if (details) details.open = true;
    });
    if (name) {
      const again = form.querySelector('[name="' + CSS.escape(name) + '"]');
      if (again) {
        again.focus();
        if (start !== null && "setSelectionRange" in again) {
          try { again.setSelectionRange(start, start); } catch (e) { /* not a text field */ }
        }
      }
    }
  }

  function apply(state, withForm) {
    words = state.words || words;
    version = String(state.version);
    structure = state.structure;
    if (state.form && (withForm || state.unsaved)) replaceForm(state.form);
    document.getElementById("preview").innerHTML = state.preview;
    document.getElementById("stale").hidden = state.valid;
    document.getElementById("budget").textContent = state.budget;
    document.getElementById("review").innerHTML = state.review;
    const write = document.getElementById("write");
    if (write) write.innerHTML = state.write;
    const count = state.counts.error + state.counts.warning;
    document.getElementById("review-count").textContent = count ? String(count) : "";
    const outside = document.getElementById("outside");
    outside.hidden = !state.outside;
    outside.textContent = state.outside ? (words.broken_outside || "") + " " + state.outside : "";
    showProblems(state.problems);
    if (state.unsaved) setStatus((words.not_saved || "Not saved") + ": " + state.unsaved, "bad");
    else setStatus(words.saved || "Saved", "ok");
  }

  // The slot of a problem's key: its own field, else the nearest list or group holding it.
  function slotFor(key) {
    let path = key;
    while (path) {
      const slot = form.querySelector('.problems[data-for="' + CSS.escape(path) + '"]');
      if (slot) return slot;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    return null;
  }

  function showProblems(problems) {
    form.querySelectorAll(".problems").forEach((slot) => { slot.textContent = ""; });
    form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    problems.forEach((p) => {
      const slot = slotFor(p.key);
      if (!slot) return;
      const line = document.createElement("div");
      line.className = "problem " + p.level;
      line.textContent = p.message;
      if (p.hint) {
        const hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = p.hint;
        line.appendChild(hint);
      }
      slot.appendChild(line);
      const field = form.querySelector('[name="' + CSS.escape(p.key) + '"]');
      if (field && p.level === "error") field.classList.add("invalid");
    });
  }

  function showStep(step) {
    activeStep = step;
    document.querySelectorAll(".step").forEach((s) => { s.hidden = s.dataset.step !== step; });
    document.querySelectorAll(".step-tab").forEach((b) => b.classList.toggle("active", b.dataset.step === step));
  }

  function goTo(key) {
    let path = key;
    let el = null;
    while (path && !el) {
      el = form.querySelector('[name="' + CSS.escape(path) + '"]') ||
        form.querySelector('[data-path="' + CSS.escape(path) + '"]');
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    if (!el) return;
    const section = el.closest(".step");
    if (section) showStep(section.dataset.step);
    const details = el.closest("details");
    if (details) details.open = true;
    el.scrollIntoView({ block: "center" });
    if (el.focus) el.focus();
  }

  async function copy(button) {
    const area = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(area.value);
    } catch (error) {
      area.select();
      document.execCommand("copy");
    }
    button.textContent = words.copied || "Copied";
    setTimeout(() => { button.textContent = words.copy || "Copy"; }, 1500);
  }

  async function poll() {
    try {
      const response = await fetch("/api/poll?version=" + encodeURIComponent(version), { credentials: "same-origin" });
      if (response.status === 200 && !busy && !pending) apply(await response.json(), true);
    } catch (error) { /* the server stopped: nothing to do */ }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT") changed(event);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  document.addEventListener("click", (event) => {
    const target = event.target.closest("button, a.goto");
    if (!target) return;
    if (target.classList.contains("op")) listOp(target);
    else if (target.classList.contains("step-tab")) showStep(target.dataset.step);
    else if (target.classList.contains("copy")) copy(target);
    else if (target.classList.contains("goto")) { event.preventDefault(); goTo(target.dataset.key); }
    else if (target.classList.contains("tab")) {
      document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === target));
      document.querySelectorAll(".panel").forEach((p) => { p.hidden = p.id !== target.dataset.panel; });
    }
  });

  fetch("/api/state", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((state) => apply(state, false));
  setInterval(poll, 1500);
})();
