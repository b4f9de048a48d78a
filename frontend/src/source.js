// Where the dashboard gets its data: the kabar API (live server) or the events embedded in a
// self-contained report (`kabar report --html`). Both answer the same questions, so the map,
// timeline and table code does not know which one it talks to.
import { dayNum, isoDay } from "./util.js";

export const FILTER_KEYS = ["since", "until", "country", "admin1", "event_type", "sub_event_type",
  "actor", "text", "review_status"];

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export class ApiSource {
  constructor(base = "") {
    this.base = base;
    this.live = true;
    this.token = sessionStorage.getItem("kabar-token") || "";
    this.user = sessionStorage.getItem("kabar-user") || "";
  }

  setCredentials(token, user) {
    this.token = token || "";
    this.user = user || "";
    sessionStorage.setItem("kabar-token", this.token);
    sessionStorage.setItem("kabar-user", this.user);
  }

  async _get(path, params = {}) {
    const r = await fetch(this.base + path + query(params), { headers: { Accept: "application/json" } });
    if (!r.ok) throw new ApiError(r.status, await detail(r));
    return r.json();
  }

  async _send(method, path, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (this.token) headers.Authorization = "Bearer " + this.token;
    if (this.user) headers["X-Kabar-User"] = this.user;
    const r = await fetch(this.base + path, { method, headers, body: JSON.stringify(body || {}) });
    if (!r.ok) throw new ApiError(r.status, await detail(r));
    return r.json();
  }

  info() { return this._get("/api/health"); }
  facets(filters, by) { return this._get("/api/aggregates", { ...filters, by }).then((r) => r.groups); }
  points(filters) { return this._get("/api/events/points", filters); }
  timeline(filters, by) { return this._get("/api/aggregates", { ...filters, by }).then((r) => r.groups); }
  list(filters, order, offset, limit) { return this._get("/api/events", { ...filters, order, offset, limit }); }
  event(id) { return this._get(`/api/events/${encodeURIComponent(id)}`); }
  document(id) { return this._get(`/api/documents/${encodeURIComponent(id)}`); }
  audit(eventId) { return this._get("/api/audit", { event_id: eventId, limit: 50 }).then((r) => r.items); }
  edit(id, changes) { return this._send("PATCH", `/api/events/${encodeURIComponent(id)}`, { changes }); }
  review(id, status) { return this._send("POST", `/api/events/${encodeURIComponent(id)}/review`, { status }); }
  merge(ids) { return this._send("POST", "/api/events/merge", { event_ids: ids }); }
  split(id, sourceIds) {
    return this._send("POST", `/api/events/${encodeURIComponent(id)}/split`, { source_ids: sourceIds });
  }
}

async function detail(r) {
  try {
    const j = await r.json();
    return typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail);
  } catch {
    return `HTTP ${r.status}`;
  }
}

/** Does a flat event dict pass the filters? (The same rules as the store's EventFilter.) */
export function matches(ev, f) {
  const lc = (s) => (s || "").toLowerCase();
  if (f.since && (!ev.event_date || ev.event_date < f.since)) return false;
  if (f.until && (!ev.event_date || ev.event_date > f.until)) return false;
  if (f.country && lc(ev.country) !== lc(f.country) && lc(ev.iso) !== lc(f.country)) return false;
  if (f.admin1 && lc(ev.admin1) !== lc(f.admin1)) return false;
  if (f.event_type && ev.event_type !== f.event_type) return false;
  if (f.sub_event_type && ev.sub_event_type !== f.sub_event_type) return false;
  if (f.review_status && ev.review_status !== f.review_status) return false;
  if (f.actor) {
    const a = lc(f.actor);
    if (!lc(ev.actor1).includes(a) && !lc(ev.actor2).includes(a)) return false;
  }
  if (f.text) {
    const t = lc(f.text);
    const hay = [ev.notes, ev.location, ev.actor1, ev.actor2, ev.admin1].map(lc);
    if (!hay.some((h) => h.includes(t))) return false;
  }
  return true;
}

function bucket(date, by) {
  if (by === "day") return date;
  if (by === "month") return date.slice(0, 8) + "01";
  const n = dayNum(date);
  const dow = (new Date(n * 86400000).getUTCDay() + 6) % 7; // Monday = 0
  return isoDay(n - dow);
}

/** The events embedded in a report: same questions, answered in memory. */
export class StaticSource {
  constructor(data) {
    this.data = data;
    this.live = false;
    this.events = data.events || [];
    this.byId = new Map(this.events.map((e) => [String(e.id), e]));
  }

  _filter(f) { return this.events.filter((e) => matches(e, f)); }

  async info() {
    return { version: this.data.version, events: this.events.length, writable: false, title: this.data.title };
  }

  async facets(filters, by) { return this.timeline(filters, by); }

  async timeline(filters, by) {
    const groups = new Map();
    for (const e of this._filter(filters)) {
      let key = e[by];
      if (by === "day" || by === "week" || by === "month") {
        if (!e.event_date) continue;
        key = bucket(e.event_date, by);
      }
      if (key === undefined || key === null || key === "") continue;
      const g = groups.get(key) || { key, events: 0, fatalities: 0 };
      g.events += 1;
      g.fatalities += e.fatalities || 0;
      groups.set(key, g);
    }
    return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async points(filters) {
    const rows = [];
    for (const e of this._filter(filters)) {
      if (e.latitude === null || e.longitude === null || e.latitude === undefined) continue;
      rows.push([e.id, e.latitude, e.longitude, e.event_type, e.fatalities || 0, e.event_date]);
    }
    return { total: rows.length, truncated: false, rows };
  }

  async list(filters, order, offset, limit) {
    const desc = order.startsWith("-");
    const key = desc ? order.slice(1) : order;
    const items = this._filter(filters).slice().sort((a, b) => {
      const x = a[key] ?? "";
      const y = b[key] ?? "";
      const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return desc ? -c : c;
    });
    return { total: items.length, offset, limit, items: items.slice(offset, offset + limit) };
  }

  async event(id) {
    const e = this.byId.get(String(id));
    if (!e) throw new ApiError(404, "no such event");
    return e;
  }

  async document() { throw new ApiError(404, "documents are not embedded in a report"); }
  async audit() { return []; }
}
