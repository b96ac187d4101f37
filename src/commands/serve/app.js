// consentry serve: the page's behaviour. Sends the form to POST /api/audits?wait=false, shows
// the audit's stage until it is done, then each channel's answers, the downloads and the report.
// Switching the language re-runs the audit with the same files, so the report is in it too.
"use strict";

const labels = JSON.parse(document.getElementById("labels").textContent);
const form = document.getElementById("audit");
const fileInput = document.getElementById("file");
const drop = document.getElementById("drop");
const stateLine = document.getElementById("state");
let lang = document.documentElement.lang === "ar" ? "ar" : "en";
let current = null; // the audit on show: its id
let lastForm = null; // what was sent, to send again in another language

const word = (key) => labels[lang][key] || key;

function setLang(next) {
  lang = next;
  document.documentElement.lang = next;
  document.documentElement.dir = next === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-t]")) {
    el.textContent = word(el.dataset.t);
  }
  for (const id of ["en", "ar"]) {
    document.getElementById("lang-" + id).setAttribute("aria-pressed", String(id === next));
  }
  if (lastForm) {
    lastForm.set("lang", next);
    start(lastForm);
  }
}

document.getElementById("lang-en").addEventListener("click", () => setLang("en"));
document.getElementById("lang-ar").addEventListener("click", () => setLang("ar"));

function showChosen() {
  const names = Array.from(fileInput.files).map((f) => f.name);
  document.getElementById("chosen").textContent = names.length ? " · " + names.join(", ") : "";
}
fileInput.addEventListener("change", showChosen);
for (const kind of ["dragenter", "dragover"]) {
  drop.addEventListener(kind, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
}
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) {
    fileInput.files = e.dataTransfer.files;
    showChosen();
  }
});

form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!fileInput.files.length) return say(word("no-file"), true);
  const channels = Array.from(form.querySelectorAll("input[name=channel]:checked")).map((c) => c.value);
  if (!channels.length) return say(word("no-channel"), true);
  const data = new FormData();
  data.append("file", fileInput.files[0]);
  for (const f of form.elements.consent.files) data.append("consent", f);
  const suppress = form.elements.suppress.files[0];
  if (suppress) {
    data.append("suppress", suppress);
    data.append("suppress-checked-at", form.elements["suppress-checked-at"].value);
    data.append("suppress-kind", form.elements["suppress-kind"].value);
  }
  data.append("channel", channels.join(","));
  for (const name of ["as-of", "region", "jurisdiction", "fail-on", "max-exclude-rate", "select", "ignore", "on-bad-record"]) {
    const value = form.elements[name].value.trim();
    if (value) data.append(name, value);
  }
  if (form.elements["split-by-channel"].checked) data.append("split-by-channel", "true");
  data.append("lang", lang);
  lastForm = data;
  start(data);
});

function say(text, failed) {
  document.getElementById("progress").hidden = false;
  stateLine.textContent = text;
  stateLine.classList.toggle("failed", Boolean(failed));
}

async function start(data) {
  const previous = current;
  current = null;
  document.getElementById("result").hidden = true;
  document.getElementById("run").disabled = true;
  say(word("running"));
  try {
    const response = await fetch("/api/audits?wait=false", { method: "POST", body: data });
    const body = await response.json();
    if (!response.ok) return fail(body);
    current = body.id;
    if (previous) fetch("/api/audits/" + previous, { method: "DELETE" });
    await follow(body.id);
  } catch (error) {
    fail({ error: String(error), help: "" });
  } finally {
    document.getElementById("run").disabled = false;
  }
}

async function follow(id) {
  for (;;) {
    const response = await fetch("/api/audits/" + id);
    const audit = await response.json();
    if (!response.ok) return fail(audit);
    if (id !== current) return; // another audit started meanwhile
    if (audit.state === "done") return show(audit);
    if (audit.state === "failed") return fail(audit.error);
    say(audit.state === "queued" ? word("queued") : word("running") + (audit.stage ? " " + audit.stage : ""));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function fail(problem) {
  say(word("failed") + ": " + problem.error + (problem.help ? " — " + problem.help : ""), true);
}

function show(audit) {
  document.getElementById("progress").hidden = true;
  const rows = document.querySelector("#channels tbody");
  rows.replaceChildren();
  for (const answer of audit.summary.by_channel) {
    const tr = rows.insertRow();
    tr.insertCell().textContent = word("ch-" + answer.channel);
    for (const key of ["keep", "review", "exclude", "none"]) {
      const td = tr.insertCell();
      td.className = "n";
      // Western digits in both languages, as the report writes them.
      td.textContent = answer[key].toLocaleString("en");
    }
  }
  document.getElementById("gate").textContent = word(audit.summary.gate.passed ? "gate-passed" : "gate-failed");
  const downloads = document.getElementById("downloads");
  downloads.replaceChildren();
  for (const file of audit.files) {
    const a = document.createElement("a");
    a.href = file.url + "?download=1";
    a.download = file.name;
    a.id = "download-" + file.name;
    const name = document.createElement("bdi");
    name.textContent = file.name;
    const bytes = document.createElement("bdi");
    bytes.textContent = size(file.bytes);
    a.append(name, " (", bytes, ")");
    downloads.append(a);
  }
  const report = audit.files.find((f) => f.name === "report.html");
  document.getElementById("report").src = report ? report.url : "about:blank";
  document.getElementById("result").hidden = false;
  document.body.dataset.audit = audit.id;
  document.body.dataset.lang = lang;
}

function size(bytes) {
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1 << 20) return (bytes / 1024).toFixed(1) + " KB";
  return (bytes / (1 << 20)).toFixed(1) + " MB";
}

setLang(lang);
