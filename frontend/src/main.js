// kabar's dashboard: filters, map, timeline, table and event panel, wired to one data source
// (the live API, or the events embedded by `kabar report --html`).
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { ApiSource, FILTER_KEYS, StaticSource } from "./source.js";
import { EventTable, PAGE_SIZE } from "./table.js";
import { Timeline } from "./timeline.js";
import { EVENT_TYPES, SUB_EVENT_TYPES, dayNum, debounce, el, fmtInt, isoDay } from "./util.js";

class Dashboard {
  constructor(root, source, embedded) {
    this.source = source;
    this.embedded = embedded;
    this.filters = {};
    this.brush = null;
    this.points = [];
    this.order = "-event_date";
    this.offset = 0;
    this.info = {};
    this.selected = null;
    this._build(root);
  }

  _build(root) {
    this.status = el("span.status#status", {}, "");
    const header = el("header.top", {}, el("h1", {}, "kabar"), el("span.subtitle#subtitle", {}, "conflict events"), this.status,
      this.source.live ? this._tokenBox() : el("span.muted", {}, "Report generated " + (this.embedded.generated || "")));
    this.filterBar = el("form.filters#filters");
    this._filterInputs();
    const mapBox = el("div.map-box");
    const timeBox = el("div.time-box");
    const tableBox = el("section.table-box");
    const left = el("div.left", {}, mapBox, timeBox);
    this.main = el("main.main", {}, left);
    root.append(header, this.filterBar, this.main, tableBox);
    this.map = new EventMap(mapBox, { onSelect: (id) => this.select(id) });
    this.timeline = new Timeline(timeBox, { onBrush: (b) => this.setBrush(b) });
    this.table = new EventTable(tableBox, {
      onSelect: (id) => this.select(id),
      onSort: (o) => { this.order = o; this.offset = 0; this.loadTable(); },
      onPage: (off) => { this.offset = off; this.loadTable(); },
    });
    this.panel = new EventPanel(this.main, {
      source: this.source,
      canWrite: () => Boolean(this.info.writable && this.source.token),
      onChanged: () => this.refresh(false),
      onClose: () => this._selected(null),
    });
  }

  _tokenBox() {
    const token = el("input#token", { type: "password", placeholder: "review token", autocomplete: "off", value: this.source.token });
    const user = el("input#reviewer", { type: "text", placeholder: "your name", value: this.source.user, maxlength: 64 });
    this.tokenState = el("span.token-state#token-state", {}, "");
    const form = el("form.token-box#token-form", {}, user, token, el("button#token-save", { type: "submit" }, "Use token"), this.tokenState);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      this.source.setCredentials(token.value.trim(), user.value.trim());
      await this.checkToken();
      if (this.panel.event) this.panel.render();
    });
    return form;
  }

  async checkToken() {
    if (!this.tokenState) return;
    if (!this.info.writable) {
      this.tokenState.textContent = "read-only server";
      return;
    }
    if (!this.source.token) {
      this.tokenState.textContent = "read-only";
      return;
    }
    const r = await fetch("/api/auth", { headers: { Authorization: "Bearer " + this.source.token } });
    this.tokenState.textContent = r.ok ? "✓ can review" : "✗ wrong token";
    if (!r.ok) this.source.setCredentials("", this.source.user);
  }

  _filterInputs() {
    const f = this.filterBar;
    const input = (name, attrs) => el("input", { name, id: `f-${name}`, ...attrs });
    this.countrySel = el("select#f-country", { name: "country" }, el("option", { value: "" }, "All countries"));
    this.admin1Sel = el("select#f-admin1", { name: "admin1" }, el("option", { value: "" }, "All regions"));
    this.typeSel = el("select#f-event_type", { name: "event_type" }, el("option", { value: "" }, "All event types"),
      EVENT_TYPES.map((t) => el("option", { value: t }, t)));
    this.subSel = el("select#f-sub_event_type", { name: "sub_event_type" }, el("option", { value: "" }, "All sub-event types"));
    this._subOptions("");
    const status = el("select#f-review_status", { name: "review_status" }, el("option", { value: "" }, "Any review status"),
      ["unreviewed", "accepted", "rejected"].map((s) => el("option", { value: s }, s)));
    f.append(
      el("label", {}, "From ", input("since", { type: "date" })),
      el("label", {}, "to ", input("until", { type: "date" })),
      this.countrySel, this.admin1Sel, this.typeSel, this.subSel,
      input("actor", { type: "search", placeholder: "actor" }),
      input("text", { type: "search", placeholder: "text (notes, place, actor)" }),
      status,
      el("button#f-reset", { type: "button", onclick: () => this.reset() }, "Reset"),
    );
    const changed = (e) => {
      if (e.target === this.countrySel) this.admin1Sel.value = "";
      if (e.target === this.typeSel) this._subOptions(this.typeSel.value);
      this.readFilters(e.target === this.countrySel);
    };
    f.addEventListener("change", changed);
    f.addEventListener("input", debounce((e) => { if (e.target.type === "search") changed(e); }, 350));
    f.addEventListener("submit", (e) => e.preventDefault());
  }

  _subOptions(type) {
    const subs = type ? SUB_EVENT_TYPES[type] || [] : Object.values(SUB_EVENT_TYPES).flat();
    this.subSel.replaceChildren(el("option", { value: "" }, "All sub-event types"), subs.map((s) => el("option", { value: s }, s)));
  }

  readFilters(fit) {
    const data = new FormData(this.filterBar);
    const f = {};
    for (const k of FILTER_KEYS) {
      const v = (data.get(k) || "").toString().trim();
      if (v) f[k] = v;
    }
    this.filters = f;
    this.offset = 0;
    this.timeline.clearBrush(true);
    this.brush = null;
    this.refresh(fit);
    if (fit) this.loadAdmin1();
  }

  reset() {
    this.filterBar.reset();
    this._subOptions("");
    this.readFilters(true);
  }

  async start() {
    try {
      this.info = await this.source.info();
    } catch (err) {
      this.status.textContent = "API unreachable: " + err.message;
      return;
    }
    if (this.info.title) document.getElementById("subtitle").textContent = this.info.title;
    await this.checkToken();
    const basemap = this.embedded ? this.map.loadBasemap(null, this.embedded.countries) : this.map.loadBasemap("static/countries.json");
    const countries = await this.source.facets({}, "country");
    this.countrySel.append(...countries.map((g) => el("option", { value: g.key }, `${g.key} (${fmtInt(g.events)})`)));
    await basemap;
    await this.refresh(true);
  }

  async loadAdmin1() {
    this.admin1Sel.replaceChildren(el("option", { value: "" }, "All regions"));
    if (!this.filters.country) return;
    const groups = await this.source.facets({ country: this.filters.country }, "admin1");
    this.admin1Sel.append(...groups.map((g) => el("option", { value: g.key }, `${g.key} (${fmtInt(g.events)})`)));
  }

  _tableFilters() {
    if (!this.brush) return this.filters;
    const f = { ...this.filters };
    f.since = f.since && f.since > this.brush.since ? f.since : this.brush.since;
    f.until = f.until && f.until < this.brush.until ? f.until : this.brush.until;
    return f;
  }

  async refresh(fit) {
    this.status.textContent = "loading…";
    const seq = (this._seq = (this._seq || 0) + 1);
    try {
      const [pts, days] = await Promise.all([this.source.points(this.filters), this.source.timeline(this.filters, "day")]);
      if (seq !== this._seq) return;
      this.points = pts.rows;
      this.truncated = pts.truncated;
      this.pointsTotal = pts.total;
      this._drawMap(fit);
      this._drawTimeline(days);
      await this.loadTable();
    } catch (err) {
      this.status.textContent = "error: " + err.message;
    }
  }

  _drawMap(fit) {
    let rows = this.points;
    if (this.brush) rows = rows.filter((r) => r[5] && r[5] >= this.brush.since && r[5] <= this.brush.until);
    this.map.setPoints(rows, fit);
    this.status.textContent = `${fmtInt(rows.length)} events on the map` + (this.truncated ? ` (first ${fmtInt(this.points.length)} of ${fmtInt(this.pointsTotal)})` : "");
  }

  _drawTimeline(days) {
    const dated = days.filter((g) => g.key);
    let by = "day";
    if (dated.length) {
      const span = dayNum(dated[dated.length - 1].key) - dayNum(dated[0].key);
      by = span > 5 * 365 ? "month" : span > 240 ? "week" : "day";
    }
    this.timeline.setData(regroup(dated, by), by);
  }

  async loadTable() {
    const page = await this.source.list(this._tableFilters(), this.order, this.offset, PAGE_SIZE);
    this.table.setRows(page);
  }

  setBrush(b) {
    this.brush = b;
    this.offset = 0;
    this._drawMap(false);
    this.loadTable();
  }

  select(id) {
    this._selected(id);
    this.panel.open(id);
  }

  _selected(id) {
    this.selected = id;
    this.map.setSelected(id);
    this.table.setSelected(id);
  }
}

function regroup(days, by) {
  if (by === "day") return days;
  const out = new Map();
  for (const g of days) {
    let key;
    if (by === "month") key = g.key.slice(0, 8) + "01";
    else {
      const n = dayNum(g.key);
      key = isoDay(n - ((new Date(n * 86400000).getUTCDay() + 6) % 7));
    }
    const o = out.get(key) || { key, events: 0, fatalities: 0 };
    o.events += g.events;
    o.fatalities += g.fatalities;
    out.set(key, o);
  }
  return [...out.values()];
}

function boot() {
  const root = document.getElementById("kabar-app");
  const script = document.getElementById("kabar-data");
  const embedded = script ? JSON.parse(script.textContent) : null;
  const shapes = document.getElementById("kabar-countries");
  if (embedded && shapes) embedded.countries = JSON.parse(shapes.textContent);
  const source = embedded ? new StaticSource(embedded) : new ApiSource("");
  const dash = new Dashboard(root, source, embedded);
  window.kabarDashboard = dash; // for the browser tests and the curious
  dash.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
