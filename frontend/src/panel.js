// The event panel: one event's fields, its sources, the source page with the evidence spans
// highlighted, the review buttons (accept, reject, edit, merge, split) and the audit trail.
import { EVENT_TYPES, SUB_EVENT_TYPES, clear, el, fmtInt, segmentSpans, typeColor } from "./util.js";

const EDIT_FIELDS = [
  ["event_date", "Date (YYYY-MM-DD)"], ["event_type", "Event type"], ["sub_event_type", "Sub-event type"],
  ["actor1", "Actor 1"], ["actor2", "Actor 2"], ["country", "Country"], ["admin1", "Admin 1"],
  ["location", "Location"], ["latitude", "Latitude"], ["longitude", "Longitude"],
  ["fatalities", "Fatalities"], ["notes", "Notes"],
];
const NUMERIC = new Set(["latitude", "longitude", "fatalities"]);

export class EventPanel {
  constructor(container, { source, canWrite, onChanged, onClose }) {
    this.source = source;
    this.canWrite = canWrite;
    this.onChanged = onChanged;
    this.onClose = onClose;
    this.node = el("aside.panel#event-panel", { hidden: true });
    container.appendChild(this.node);
    this.event = null;
  }

  close() {
    this.node.hidden = true;
    this.event = null;
    this.onClose();
  }

  async open(id) {
    this.node.hidden = false;
    clear(this.node).appendChild(el("div.loading", {}, "Loading event…"));
    try {
      this.event = await this.source.event(id);
    } catch (err) {
      clear(this.node).append(this._header(`Event ${id}`), el("div.error", {}, String(err.message)));
      return;
    }
    this.render();
  }

  render() {
    const ev = this.event;
    const body = el("div.panel-body");
    clear(this.node).append(this._header(`Event #${ev.id}`), body);
    // The audit trail sits under the buttons: a reviewer sees their change logged at once.
    body.append(this._summary(ev), this._actions(ev), el("div#panel-form"), el("section.audit#audit"),
      this._sources(ev), el("section.doc#doc-view"));
    const first = (ev.sources || [])[0];
    if (first) this.showSource(first);
    this.loadAudit();
  }

  _header(title) {
    return el("div.panel-head", {}, el("h2", {}, title),
      el("button.close#panel-close", { title: "Close", onclick: () => this.close() }, "×"));
  }

  _summary(ev) {
    const dot = el("span.dot");
    dot.style.background = typeColor(ev.event_type);
    const rows = [
      ["Date", `${ev.event_date || "?"}${ev.date_precision && ev.date_precision !== "day" ? ` (${ev.date_precision})` : ""}`],
      ["Type", [dot, ev.event_type || "?", ev.sub_event_type ? ` › ${ev.sub_event_type}` : ""]],
      ["Actors", [ev.actor1 || "?", ev.actor2 ? ` vs ${ev.actor2}` : ""]],
      ["Where", [ev.location, ev.admin1, ev.country].filter(Boolean).join(", ") +
        (ev.latitude !== null && ev.latitude !== undefined ? ` (${(+ev.latitude).toFixed(3)}, ${(+ev.longitude).toFixed(3)}; precision ${ev.geo_precision ?? "?"})` : "")],
      ["Fatalities", [el("strong#ev-fatalities", {}, fmtInt(ev.fatalities)), ev.fatalities_note ? ` · ${ev.fatalities_note}` : ""]],
      ["Review", el(`span.badge.status-${ev.review_status || "unreviewed"}#ev-status`, {}, ev.review_status || "unreviewed")],
      ["Confidence", ev.confidence !== undefined && ev.confidence !== null ? (+ev.confidence).toFixed(2) : ""],
      ["Notes", ev.notes || ""],
    ];
    return el("dl.fields", {}, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  _actions(ev) {
    if (!this.source.live) return el("div.actions.muted", {}, "Read-only report.");
    const ok = this.canWrite();
    const hint = ok ? null : "Read-only: enter the review token at the top to review.";
    const b = (id, label, fn) => el(`button#${id}`, { disabled: !ok, title: hint, onclick: () => this._guard(fn) }, label);
    return el("div.actions", {},
      b("btn-accept", "Accept", () => this.source.review(ev.id, "accepted")),
      b("btn-reject", "Reject", () => this.source.review(ev.id, "rejected")),
      b("btn-edit", "Edit…", () => this._editForm(ev)),
      b("btn-merge", "Merge…", () => this._mergeForm(ev)),
      b("btn-split", "Split…", () => this._splitForm(ev)),
      ok ? null : el("div.muted", {}, hint));
  }

  async _guard(fn) {
    try {
      const r = await fn();
      if (r && r.id !== undefined) {
        this.event = await this.source.event(r.id);
        this.render();
        this.onChanged(this.event);
      }
    } catch (err) {
      const box = this.node.querySelector("#panel-form");
      if (box) box.replaceChildren(el("div.error#panel-error", {}, `${err.status || ""} ${err.message}`));
    }
  }

  _form(title, fields, submit) {
    const box = this.node.querySelector("#panel-form");
    const form = el("form.review-form", {}, el("h3", {}, title), fields,
      el("div.form-buttons", {}, el("button#form-save", { type: "submit" }, "Save"),
        el("button", { type: "button", onclick: () => clear(box) }, "Cancel")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this._guard(() => submit(form));
    });
    box.replaceChildren(form);
    return null;
  }

  _editForm(ev) {
    const inputs = EDIT_FIELDS.map(([k, label]) => {
      let input;
      if (k === "event_type" || k === "sub_event_type") {
        const opts = k === "event_type" ? EVENT_TYPES : Object.values(SUB_EVENT_TYPES).flat();
        input = el("select", { name: k }, el("option", { value: "" }, ""), opts.map((o) => el("option", { value: o, selected: o === ev[k] }, o)));
      } else {
        input = el(k === "notes" ? "textarea" : "input", { name: k, id: `edit-${k}`, type: NUMERIC.has(k) ? "number" : "text",
          step: k === "fatalities" ? "1" : "any", min: k === "fatalities" ? "0" : null, value: ev[k] ?? "" });
      }
      return el("label", {}, el("span", {}, label), input);
    });
    return this._form("Edit fields", inputs, (form) => {
      const changes = {};
      for (const [k] of EDIT_FIELDS) {
        const raw = form.elements[k].value;
        const old = ev[k] ?? "";
        if (String(raw) === String(old)) continue;
        changes[k] = raw === "" ? null : NUMERIC.has(k) ? Number(raw) : raw;
      }
      if (!Object.keys(changes).length) return null;
      return this.source.edit(ev.id, changes);
    });
  }

  _mergeForm(ev) {
    const input = el("input#merge-ids", { name: "ids", placeholder: "e.g. 12, 15" });
    return this._form(`Merge other events into #${ev.id}`, [el("label", {}, el("span", {}, "Event ids"), input)], () => {
      const ids = input.value.split(/[\s,;]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n !== ev.id);
      if (!ids.length) return null;
      return this.source.merge([ev.id, ...ids]);
    });
  }

  _splitForm(ev) {
    const boxes = (ev.sources || []).map((s) => el("label.check", {},
      el("input", { type: "checkbox", name: "src", value: s.source_id }), ` ${s.outlet || s.doc_key || "document " + s.document_id}`));
    return this._form("Move these sources into a new event", boxes, (form) => {
      const ids = [...form.querySelectorAll("input[name=src]:checked")].map((i) => Number(i.value));
      if (!ids.length) return null;
      // Stay on this event after the split (the new event shows up on the map and in the table).
      return this.source.split(ev.id, ids).then(() => ({ id: ev.id }));
    });
  }

  _sources(ev) {
    const list = el("ol.sources#sources");
    for (const s of ev.sources || []) {
      const meta = [s.outlet, s.lang, s.published].filter(Boolean).join(" · ");
      const link = s.url && /^https?:\/\//i.test(s.url) ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.url) : null;
      list.appendChild(el("li", { "data-source": s.source_id }, el("button.link.show-source", { onclick: () => this.showSource(s) }, meta || `document ${s.document_id}`),
        link ? el("div.url", {}, link) : null,
        s.report && s.report.fatalities !== undefined && s.report.fatalities !== null ? el("div.muted", {}, `this report: ${fmtInt(s.report.fatalities)} killed`) : null));
    }
    return el("section", {}, el("h3", {}, `Sources (${(ev.sources || []).length})`), list,
      this._mergeLog(ev));
  }

  _mergeLog(ev) {
    const log = ev.merge_log || [];
    if (!log.length) return null;
    return el("details.merge-log", {}, el("summary", {}, "Why these reports were merged"),
      el("ul", {}, log.map((m) => el("li", {}, `${m.action}${m.source_id ? " source " + m.source_id : ""}${m.score !== undefined && m.score !== null ? ` (score ${(+m.score).toFixed(2)})` : ""}: ${fmtReasons(m.reasons)}`))));
  }

  async showSource(s) {
    const view = this.node.querySelector("#doc-view");
    if (!view) return;
    for (const li of this.node.querySelectorAll("#sources li")) li.classList.toggle("active", li.dataset.source === String(s.source_id));
    if (!this.source.live) {
      view.replaceChildren(el("h3", {}, "Evidence"), snippetList(s.snippets));
      return;
    }
    view.replaceChildren(el("div.loading", {}, "Loading page…"));
    let doc;
    try {
      doc = await this.source.document(s.document_id);
    } catch (err) {
      view.replaceChildren(el("h3", {}, "Evidence"), snippetList(s.snippets), el("div.error", {}, err.message));
      return;
    }
    const spans = [];
    for (const [field, list] of Object.entries(s.evidence || {})) {
      for (const [a, b] of list) spans.push({ start: a, end: b, field, mine: true });
    }
    for (const other of doc.events || []) {
      if (other.source_id === s.source_id) continue;
      for (const [field, list] of Object.entries(other.evidence || {})) {
        for (const [a, b] of list) spans.push({ start: a, end: b, field, mine: false });
      }
    }
    const text = el("div.doc-text#doc-text");
    let first = null;
    for (const seg of segmentSpans(doc.text || "", spans)) {
      if (!seg.spans.length) {
        text.appendChild(document.createTextNode(seg.text));
        continue;
      }
      const mine = seg.spans.filter((x) => x.mine);
      const fields = [...new Set((mine.length ? mine : seg.spans).map((x) => x.field))];
      const m = el(mine.length ? "mark.evidence" : "mark.evidence-other", { title: fields.join(", "), "data-fields": fields.join(" ") }, seg.text);
      if (mine.length && !first) first = m;
      text.appendChild(m);
    }
    const title = doc.title || doc.doc_key || `document ${doc.id}`;
    view.replaceChildren(el("h3", {}, "Source page: ", title),
      el("div.muted", {}, [doc.url, doc.lang, doc.published].filter(Boolean).join(" · ")),
      el("div.muted", {}, el("mark.evidence", {}, "evidence for this event"), " ", el("mark.evidence-other", {}, "other events on the page")),
      text);
    // Scroll the page text (only it, not the panel) to the first piece of evidence.
    if (first) text.scrollTop = Math.max(0, first.offsetTop - text.offsetTop - 40);
  }

  async loadAudit() {
    const box = this.node.querySelector("#audit");
    if (!box || !this.source.live) return;
    let items = [];
    try {
      items = await this.source.audit(this.event.id);
    } catch {
      return;
    }
    if (!items.length) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(el("h3", {}, `Audit log (${items.length})`),
      items.length ? el("ul.audit-list#audit-list", {}, items.map((a) => el("li", {},
        el("strong", {}, a.action), ` by ${a.user || "?"} at ${a.at || "?"}: `, diff(a.before, a.after)))) : el("div.muted", {}, "No reviews yet."));
  }
}

function fmtReasons(r) {
  if (!r) return "";
  if (typeof r === "string") return r;
  if (Array.isArray(r)) return r.join("; ");
  return Object.entries(r).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("; ");
}

function diff(before, after) {
  const b = before || {};
  const a = after || {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  if (!keys.length) return "no field changed";
  return keys.slice(0, 6).map((k) => `${k}: ${fmtVal(b[k])} → ${fmtVal(a[k])}`).join("; ");
}

function fmtVal(v) {
  if (v === null || v === undefined) return "∅";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.length > 40 ? s.slice(0, 37) + "…" : s;
}

function snippetList(snippets) {
  const items = [];
  for (const [field, list] of Object.entries(snippets || {})) {
    for (const t of list) items.push(el("li", {}, el("span.muted", {}, field + ": "), el("mark.evidence", {}, t)));
  }
  return items.length ? el("ul.snippets", {}, items) : el("div.muted", {}, "No evidence spans stored.");
}
