// Small DOM and formatting helpers. Text always goes in through textContent, never innerHTML:
// page text and event fields come from the web and must not become markup.

export const EVENT_TYPES = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];

export const SUB_EVENT_TYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  "Riots": ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other"],
};

// Colour-blind-safe-ish palette (Okabe-Ito order), one per ACLED event type; grey for unknown.
const COLORS = ["#d55e00", "#e69f00", "#cc79a7", "#0072b2", "#009e73", "#6b6b6b"];
export const UNKNOWN_COLOR = "#333333";

export function typeIndex(type) {
  const i = EVENT_TYPES.indexOf(type);
  return i < 0 ? EVENT_TYPES.length : i;
}

export function typeColor(type) {
  const i = typeIndex(type);
  return i < COLORS.length ? COLORS[i] : UNKNOWN_COLOR;
}

export function colorAt(i) {
  return i < COLORS.length ? COLORS[i] : UNKNOWN_COLOR;
}

/** el("div.cls#id", {attr: v, onclick: f}, child, "text", ...) -> HTMLElement */
export function el(spec, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(spec);
  const node = document.createElement(m ? m[1] : "div");
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === ".") node.classList.add(part.slice(1));
      else node.id = part.slice(1);
    }
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "value") node.value = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function fmtInt(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** ISO date "YYYY-MM-DD" -> days since epoch (UTC), and back. */
export function dayNum(iso) {
  return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000);
}

export function isoDay(n) {
  return new Date(n * 86400000).toISOString().slice(0, 10);
}

/** The text of a page cut into segments, each with the set of evidence labels covering it. */
export function segmentSpans(text, spans) {
  const cuts = new Set([0, text.length]);
  const clean = [];
  for (const s of spans) {
    const a = Math.max(0, Math.min(text.length, s.start | 0));
    const b = Math.max(a, Math.min(text.length, s.end | 0));
    if (b > a) {
      clean.push({ ...s, start: a, end: b });
      cuts.add(a);
      cuts.add(b);
    }
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const cover = clean.filter((s) => s.start <= a && s.end >= b);
    out.push({ start: a, end: b, text: text.slice(a, b), spans: cover });
  }
  return out;
}
