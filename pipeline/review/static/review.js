// The review page of `produce review`: the take's waveform with every cut a region, a switch per
// cut, moves and new cuts, listening across a cut, the script beside what was said, Save and Render.
// The page holds only the host's decisions (the edits.toml tables keep / move / cut); what they do to
// the episode (the cuts, the script words lost, the edited length) is asked of the server, which runs
// the same code as `produce episode`.
"use strict";

const COLOURS = {head: "120,120,120", tail: "120,120,120", pause: "66,135,245", filler: "245,166,35",
                 retake: "220,50,47", off_script: "155,89,182", manual: "38,166,91"};
const NAMES = {head: "head", tail: "tail", pause: "pause", filler: "filler", retake: "retake",
               off_script: "ad-lib", manual: "yours"};
const token = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);

let S = null;               // the episode as the server gave it (words, script, the editor's plan)
let items = [];             // one per cut: {key, auto, reason, detail, action, orig, start, end, on, note}
let extraKeeps = [];        // keeps written by hand that match no single cut: saved as they are
let preview = null;         // the server's answer for the current decisions
let ws = null, regions = null, adding = false, dirty = false, selectedKey = null;

async function api(path, body) {
  const response = await fetch(path, {method: body === undefined ? "GET" : "POST", headers:
    {"X-Review-Token": token, "Content-Type": "application/json"}, body: body === undefined ? undefined : JSON.stringify(body)});
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

const clock = (t) => `${Math.floor(t / 60)}:${(t % 60).toFixed(1).padStart(4, "0")}`;
const touches = (a0, a1, b0, b1) => a0 < b1 && a1 > b0;
const near = (a, b) => Math.abs(a - b) < 0.0015;
const colour = (reason, alpha) => `rgba(${COLOURS[reason] || "0,0,0"},${alpha})`;
const escape = (text) => text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]);

// --- the decisions ---------------------------------------------------------------------------

function itemsFrom(state) {
  const manual = state.manual;
  const auto = state.auto.map((e) => {
    const moved = manual.move.find((m) => m.reason === e.reason && touches(m.start, m.end, e.start, e.end));
    const kept = manual.keep.some((k) => touches(k.start, k.end, e.start, e.end));
    return {key: `a${e.id}`, auto: true, reason: e.reason, detail: e.detail, action: e.action,
            orig: [e.start, e.end], start: moved ? moved.new_start : e.start, end: moved ? moved.new_end : e.end,
            on: !kept, note: ""};
  });
  extraKeeps = manual.keep.filter((k) => !state.auto.some((e) => near(k.start, e.start) && near(k.end, e.end)));
  const host = manual.cut.map((c, i) => ({key: `h${i}`, auto: false, reason: "manual", detail: c.note || c.words || "",
                                          action: "cut", orig: null, start: c.start, end: c.end, on: true, note: c.note || (c.words ? `“${c.words}”` : "")}));
  return auto.concat(host).sort((a, b) => a.start - b.start);
}

function decisions() {
  const keep = extraKeeps.concat(items.filter((i) => i.auto && !i.on).map((i) =>
    ({start: i.orig[0], end: i.orig[1], note: `${NAMES[i.reason] || i.reason}: ${i.detail}`.slice(0, 200)})));
  const move = items.filter((i) => i.auto && i.on && !(near(i.start, i.orig[0]) && near(i.end, i.orig[1]))).map((i) =>
    ({reason: i.reason, start: i.orig[0], end: i.orig[1], new_start: i.start, new_end: i.end}));
  const cut = items.filter((i) => !i.auto).map((i) => ({start: i.start, end: i.end, note: i.note}));
  return {keep, move, cut};
}

function changes() {
  const d = decisions();
  return d.keep.length + d.move.length + d.cut.length;
}

let previewSeq = 0, previewTimer = null;
function changed() {
  dirty = true;
  $("save").disabled = false;
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refresh, 40);
}

async function refresh() {
  const seq = ++previewSeq;
  try {
    const answer = await api("/api/preview", {manual: decisions()});
    if (seq !== previewSeq) return;
    preview = answer;
    showPreview();
  } catch (error) {
    say(`error: ${error.message}`);
  }
}

async function snap(times) {
  return (await api("/api/snap", {times})).times;
}

// --- the waveform ----------------------------------------------------------------------------

function regionColour(item) {
  return item.on ? colour(item.reason, 0.32) : "rgba(0,0,0,0.05)";
}

function drawRegion(item) {
  adding = true;
  item.region = regions.addRegion({id: item.key, start: item.start, end: item.end, color: regionColour(item),
                                   drag: !item.auto, resize: true, minLength: 0.02,
                                   content: item.on ? (NAMES[item.reason] || item.reason) : "kept"});
  adding = false;
}

function restyle(item) {
  item.region.setOptions({color: regionColour(item), start: item.start, end: item.end,
                          content: item.on ? (NAMES[item.reason] || item.reason) : "kept"});
}

async function moved(item, start, end) {
  const [a, b] = await snap([start, end]);
  if (b - a < 0.02) { restyle(item); return; }
  item.start = a; item.end = b;
  restyle(item);
  updateRow(item);
  changed();
}

function makeWaveform(peakBytes) {
  const peaks = new Float32Array(peakBytes.length);
  for (let i = 0; i < peakBytes.length; i++) peaks[i] = peakBytes[i] / 255;
  const media = new Audio();
  media.preload = "metadata";
  media.src = `/media/recording?token=${encodeURIComponent(token)}`;
  ws = WaveSurfer.create({container: "#waveform", height: 140, waveColor: "#555", progressColor: "#222",
                          cursorColor: "#c00", media, peaks: [peaks], duration: S.duration, normalize: false,
                          minPxPerSec: 1, autoScroll: true, autoCenter: false, dragToSeek: false,
                          plugins: [WaveSurfer.Timeline.create({height: 18})]});
  regions = ws.registerPlugin(WaveSurfer.Regions.create());
  regions.enableDragSelection({color: colour("manual", 0.32)});
  regions.on("region-created", async (region) => {
    if (adding) return;                          // one the page drew, not one the host dragged out
    const [a, b] = await snap([region.start, region.end]);
    region.remove();
    if (b - a < 0.05) return;
    const item = {key: `h${Date.now()}`, auto: false, reason: "manual", detail: "", action: "cut", orig: null,
                  start: a, end: b, on: true, note: `${clock(a)}–${clock(b)}`};
    addItem(item);
  });
  regions.on("region-updated", (region) => {
    const item = items.find((i) => i.key === region.id);
    if (item) moved(item, region.start, region.end);
  });
  regions.on("region-clicked", (region, event) => {
    event.stopPropagation();
    select(region.id, true);
  });
  ws.on("timeupdate", (t) => { $("clock").textContent = clock(t); });
  ws.on("play", () => { $("play").textContent = "❚❚ Pause"; watch(); });
  ws.on("pause", () => { $("play").textContent = "▶ Play"; });
  return new Promise((resolve) => ws.on("ready", resolve));
}

function zoomTo(value) {
  const width = $("waveform").clientWidth || 1000;
  const fit = width / S.duration, most = 400;
  const px = fit * Math.pow(most / fit, value / 1000);     // from the whole take to 400 px a second
  ws.zoom(Math.max(fit, px));
}

// --- listening ---------------------------------------------------------------------------------

let windowEnd = null, skipping = [];
function activeCuts(except) {
  return items.filter((i) => i.on && i !== except).map((i) => [i.start, i.end]).sort((a, b) => a[0] - b[0]);
}

function watch() {                       // jumps over the cuts while the take plays (every frame, not 4 times a second)
  const media = ws.getMediaElement();
  const tick = () => {
    if (media.paused) return;
    const t = media.currentTime;
    const cuts = windowEnd === null ? ($("skip").checked ? activeCuts(null) : []) : skipping;
    for (const [a, b] of cuts) if (t >= a && t < b - 0.01) { media.currentTime = b; break; }
    if (windowEnd !== null && t >= windowEnd) { media.pause(); windowEnd = null; }
    highlightWord(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function playAcross(item, withCut) {
  skipping = activeCuts(withCut ? null : item);
  windowEnd = item.end + 2;
  ws.setTime(Math.max(0, item.start - 2));
  ws.play();
}

let lit = null;
function highlightWord(t) {
  const words = S.words;
  let lo = 0, hi = words.length - 1, found = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (words[mid].start <= t) { found = mid; lo = mid + 1; } else hi = mid - 1; }
  const span = found >= 0 && t <= words[found].end ? $("said").children[found] : null;
  if (span === lit) return;
  if (lit) lit.classList.remove("playing");
  if (span) span.classList.add("playing");
  lit = span;
}

// --- the list of cuts -----------------------------------------------------------------------------

function row(item) {
  const tr = document.createElement("tr");
  tr.dataset.key = item.key;
  tr.dataset.reason = item.reason;
  tr.innerHTML = `<td><input class="switch" type="checkbox" aria-label="cut"></td>
    <td><span class="chip" style="background:${colour(item.reason, 0.9)}">${NAMES[item.reason] || item.reason}</span></td>
    <td><input class="start" type="number" step="0.01" min="0"></td><td><input class="end" type="number" step="0.01" min="0"></td>
    <td class="length"></td><td class="what"></td>
    <td><button type="button" class="with">▶ with the cut</button> <button type="button" class="without">▶ without</button>
    ${item.auto ? "" : '<button type="button" class="remove" title="remove this cut">✕</button>'}</td>`;
  tr.querySelector(".switch").addEventListener("change", (e) => {
    item.on = e.target.checked;
    if (!item.auto && !item.on) return removeItem(item);
    restyle(item); updateRow(item); changed();
  });
  for (const side of ["start", "end"]) {
    tr.querySelector(`.${side}`).addEventListener("change", (e) => {
      const value = Number(e.target.value);
      if (!Number.isFinite(value)) return updateRow(item);
      moved(item, side === "start" ? value : item.start, side === "end" ? value : item.end);
    });
  }
  tr.querySelector(".with").addEventListener("click", () => playAcross(item, true));
  tr.querySelector(".without").addEventListener("click", () => playAcross(item, false));
  const remove = tr.querySelector(".remove");
  if (remove) remove.addEventListener("click", () => removeItem(item));
  tr.addEventListener("click", (e) => { if (e.target.tagName !== "INPUT" && e.target.tagName !== "BUTTON") select(item.key, false); });
  item.row = tr;
  updateRow(item);
  return tr;
}

function updateRow(item) {
  const tr = item.row;
  tr.classList.toggle("off", !item.on);
  tr.querySelector(".switch").checked = item.on;
  tr.querySelector(".start").value = item.start.toFixed(2);
  tr.querySelector(".end").value = item.end.toFixed(2);
  tr.querySelector(".length").textContent = `${(item.end - item.start).toFixed(2)} s`;
  const movedNote = item.auto && item.orig && !(near(item.start, item.orig[0]) && near(item.end, item.orig[1]))
    ? ` (moved; planned ${item.orig[0].toFixed(2)}–${item.orig[1].toFixed(2)})` : "";
  tr.querySelector(".what").textContent = (item.auto ? item.detail : item.note || "your cut") + movedNote;
}

function listCuts() {
  const body = document.querySelector("#cuts tbody");
  body.replaceChildren(...items.map(row));
  $("cut-count").textContent = `(${items.length})`;
}

function addItem(item) {
  items.push(item);
  items.sort((a, b) => a.start - b.start);
  drawRegion(item);
  const body = document.querySelector("#cuts tbody");
  const next = items[items.indexOf(item) + 1];
  body.insertBefore(row(item), next ? next.row : null);
  $("cut-count").textContent = `(${items.length})`;
  select(item.key, false);
  changed();
}

function removeItem(item) {
  items = items.filter((i) => i !== item);
  item.region.remove();
  item.row.remove();
  $("cut-count").textContent = `(${items.length})`;
  changed();
}

function select(key, fromWaveform) {
  if (selectedKey) { const old = items.find((i) => i.key === selectedKey); if (old) old.row.classList.remove("selected"); }
  selectedKey = key;
  const item = items.find((i) => i.key === key);
  if (!item) return;
  item.row.classList.add("selected");
  if (fromWaveform) item.row.scrollIntoView({block: "nearest"});
  else ws.setScrollTime(Math.max(0, item.start - 3));
}

// --- what was said, and the script -----------------------------------------------------------------

function listWords() {
  $("said").innerHTML = S.words.map((w, i) => `<span data-i="${i}">${escape(w.text)}</span>`).join(" ");
  $("said").addEventListener("click", (e) => {
    const i = e.target.dataset && e.target.dataset.i;
    if (i === undefined || !window.getSelection().isCollapsed) return;
    windowEnd = null;
    ws.setTime(S.words[Number(i)].start);
    ws.play();
  });
  const blocks = [];
  S.script.forEach((w, k) => { (blocks[w.block] = blocks[w.block] || []).push(`<span data-k="${k}">${escape(w.text)}</span>`); });
  $("script").innerHTML = blocks.map((spans, b) => S.headings.includes(b) ? `<h3>${spans.join(" ")}</h3>` : `<p>${spans.join(" ")}</p>`).join("");
}

async function cutSelectedWords() {
  const selection = window.getSelection();
  if (selection.isCollapsed) { say("select some words in “What was said” first"); return; }
  const chosen = [...$("said").children].filter((span) => selection.containsNode(span, true));
  if (!chosen.length) { say("select some words in “What was said” first"); return; }
  const first = Number(chosen[0].dataset.i), last = Number(chosen[chosen.length - 1].dataset.i);
  const [a, b] = await snap([S.words[first].start, S.words[last].end]);
  const text = S.words.slice(first, last + 1).map((w) => w.text).join(" ");
  selection.removeAllRanges();
  addItem({key: `h${Date.now()}`, auto: false, reason: "manual", detail: "", action: "cut", orig: null,
           start: a, end: b, on: true, note: `“${text.slice(0, 150)}”`});
}

let shownReasons = [], shownStates = [];
function showPreview() {                  // touches only the words whose mark changed: an hour has 7,000 of each
  const spans = $("said").children;
  preview.word_reasons.forEach((reason, i) => {
    if (shownReasons[i] === reason) return;
    const adlib = !reason && S.words[i].script < 0;
    spans[i].className = reason ? "cut" : adlib ? "adlib" : "";
    spans[i].style.color = reason ? colour(reason, 1) : "";
    spans[i].title = reason ? `cut: ${NAMES[reason] || reason}` : adlib ? "not matched to the script: misheard, or an ad-lib" : "";
  });
  shownReasons = preview.word_reasons;
  const script = $("script").querySelectorAll("span");
  preview.script_states.forEach((state, k) => {
    if (shownStates[k] !== state) script[k].className = state === "kept" ? "" : state === "cut" ? "lost" : "unheard";
  });
  shownStates = preview.script_states;
  const warnings = S.warnings.map((w) => `<li>${escape(w)}</li>`).concat(preview.lost.map((l) =>
    `<li class="lost-warning">A cut takes “${escape(l.text)}” at ${clock(l.at)}, read nowhere else in the take.
     <button type="button" data-at="${l.at}">show</button></li>`));
  $("warnings").innerHTML = warnings.join("");
  const cuts = preview.edits.length, unheard = preview.script_states.filter((s) => s === "unheard").length;
  $("summary").textContent = `${clock(S.duration)} recorded → ${clock(preview.edited_duration)} edited ` +
    `(${preview.removed.toFixed(1)} s removed by ${cuts} edit${cuts === 1 ? "" : "s"})` +
    (unheard ? ` · ${unheard} script word${unheard === 1 ? "" : "s"} not heard` : "") +
    (dirty ? ` · ${changes()} change${changes() === 1 ? "" : "s"} to the editor's plan, not saved` : "");
  document.body.dataset.edited = preview.edited_duration.toFixed(3);
}

// --- save and render -------------------------------------------------------------------------------

function say(text) { $("status").textContent = text; }

async function save() {
  const answer = await api("/api/save", {manual: decisions()});
  dirty = false;
  $("save").disabled = true;
  document.body.dataset.saved = String(answer.decisions);
  say(`saved ${answer.decisions} change${answer.decisions === 1 ? "" : "s"} to ${answer.path}`);
  showPreview();
  return answer;
}

async function render() {
  $("render").disabled = true;
  document.body.dataset.rendered = "running";
  try {
    const started = await api("/api/render", {manual: decisions()});
    dirty = false;
    $("save").disabled = true;
    document.body.dataset.saved = String(started.saved ? started.saved.decisions : 0);
    for (;;) {
      await new Promise((r) => setTimeout(r, 400));
      const state = await api("/api/render");
      const stages = Object.entries(state.stages).map(([name, how]) => `${name} ${how === "cached" ? "(cached)" : "✓"}`);
      const running = Object.entries(state.progress).map(([name, f]) => `${name} ${Math.round(f * 100)} %`);
      say(`rendering (${state.seconds} s): ${stages.concat(running).join(" · ")}`);
      if (state.state === "running") continue;
      if (state.state === "failed") throw new Error(state.message);
      $("episode").src = `/media/episode.mp3?token=${encodeURIComponent(token)}&v=${Date.now()}`;
      $("episode").load();
      $("rendered-note").textContent = `rendered ${clock(state.duration)} (the transcript was not made again: ` +
        `${state.stages.transcribe === "cached" ? "cached" : "made"})`;
      document.body.dataset.rendered = "yes";
      document.body.dataset.renderedDuration = String(state.duration);
      say(`rendered: ${stages.join(" · ")}`);
      break;
    }
  } catch (error) {
    document.body.dataset.rendered = "failed";
    say(`render failed: ${error.message}`);
  } finally {
    $("render").disabled = false;
  }
}

// --- start -----------------------------------------------------------------------------------------

async function start() {
  S = await api("/api/state");
  document.title = `Review: ${S.title}`;
  $("title").textContent = S.title;
  $("legend").innerHTML = Object.entries(NAMES).filter(([r]) => r !== "tail").map(([r, name]) =>
    `<span><i style="background:${colour(r, 0.5)}"></i>${name === "head" ? "head and tail" : name}</span>`).join("");
  const peakBytes = new Uint8Array(await (await fetch(`/api/peaks?token=${encodeURIComponent(token)}`)).arrayBuffer());
  const ready = makeWaveform(peakBytes);
  items = itemsFrom(S);
  listWords();
  await ready;
  zoomTo(Number($("zoom").value));
  items.forEach(drawRegion);
  listCuts();
  if (S.rendered) {
    $("episode").src = `/media/episode.mp3?token=${encodeURIComponent(token)}`;
    $("rendered-note").textContent = "as last rendered";
  } else {
    $("rendered-note").textContent = "not rendered yet: press Save and render";
  }
  $("zoom").addEventListener("input", (e) => zoomTo(Number(e.target.value)));
  $("play").addEventListener("click", () => { windowEnd = null; ws.playPause(); });
  $("save").addEventListener("click", () => save().catch((e) => say(`save failed: ${e.message}`)));
  $("render").addEventListener("click", render);
  $("cut-words").addEventListener("click", () => cutSelectedWords().catch((e) => say(e.message)));
  $("warnings").addEventListener("click", (e) => { if (e.target.dataset.at) ws.setScrollTime(Math.max(0, Number(e.target.dataset.at) - 3)); });
  document.addEventListener("keydown", (e) => {
    if (e.code === "Space" && !["INPUT", "BUTTON", "TEXTAREA"].includes(e.target.tagName)) { e.preventDefault(); windowEnd = null; ws.playPause(); }
  });
  window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  await refresh();
  document.body.dataset.ready = "yes";
}

start().catch((error) => { say(`could not load the episode: ${error.message}`); document.body.dataset.ready = "failed"; });
