// The event table: sortable by clicking a column header (the store sorts, so it works on 100k
// events), paged, a row opens the event panel.
import { clear, el, fmtInt, typeColor } from "./util.js";

const COLUMNS = [
  { key: "id", label: "ID", sort: "id" },
  { key: "event_date", label: "Date", sort: "event_date" },
  { key: "event_type", label: "Type", sort: "event_type" },
  { key: "sub_event_type", label: "Sub-event", sort: "sub_event_type" },
  { key: "actor1", label: "Actor 1" },
  { key: "actor2", label: "Actor 2" },
  { key: "country", label: "Country", sort: "country" },
  { key: "admin1", label: "Admin 1", sort: "admin1" },
  { key: "location", label: "Location", sort: "location" },
  { key: "fatalities", label: "Fatalities", sort: "fatalities", num: true },
  { key: "n_sources", label: "Sources", sort: "n_sources", num: true },
  { key: "review_status", label: "Review" },
];

export const PAGE_SIZE = 50;

export class EventTable {
  constructor(container, { onSelect, onSort, onPage }) {
    this.onSelect = onSelect;
    this.onSort = onSort;
    this.onPage = onPage;
    this.order = "-event_date";
    this.selected = null;
    this.head = el("thead");
    this.body = el("tbody");
    this.pager = el("div.pager");
    container.append(el("div.table-wrap", {}, el("table.events#events-table", {}, this.head, this.body)), this.pager);
    this._head();
  }

  _head() {
    const tr = el("tr");
    for (const c of COLUMNS) {
      const active = this.order.replace("-", "") === c.sort;
      const arrow = active ? (this.order.startsWith("-") ? " ▼" : " ▲") : "";
      const th = el("th", { class: c.num ? "num" : null, "data-key": c.key }, c.label + arrow);
      if (c.sort) {
        th.classList.add("sortable");
        th.addEventListener("click", () => {
          this.order = active && !this.order.startsWith("-") ? "-" + c.sort : active ? c.sort : (c.num || c.key === "event_date" ? "-" : "") + c.sort;
          this._head();
          this.onSort(this.order);
        });
      }
      tr.appendChild(th);
    }
    clear(this.head).appendChild(tr);
  }

  setRows(page) {
    clear(this.body);
    for (const ev of page.items) {
      const tr = el("tr", { "data-id": ev.id, class: String(ev.id) === String(this.selected) ? "selected" : null,
        onclick: () => this.onSelect(ev.id) });
      for (const c of COLUMNS) {
        let v = ev[c.key];
        if (c.key === "event_type") {
          const dot = el("span.dot");
          dot.style.background = typeColor(v);
          tr.appendChild(el("td", {}, dot, v || ""));
          continue;
        }
        if (c.key === "review_status") v = v && v !== "unreviewed" ? v : "";
        tr.appendChild(el("td", { class: c.num ? "num" : null }, c.num ? fmtInt(v) : v ?? ""));
      }
      this.body.appendChild(tr);
    }
    if (!page.items.length) this.body.appendChild(el("tr", {}, el("td.empty", { colspan: COLUMNS.length }, "No events match the filters.")));
    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + page.items.length;
    this.pager.replaceChildren(
      el("button#prev-page", { disabled: page.offset <= 0, onclick: () => this.onPage(Math.max(0, page.offset - PAGE_SIZE)) }, "‹ prev"),
      el("span.count#table-count", {}, ` ${fmtInt(from)}–${fmtInt(to)} of ${fmtInt(page.total)} events `),
      el("button#next-page", { disabled: to >= page.total, onclick: () => this.onPage(page.offset + PAGE_SIZE) }, "next ›"),
    );
  }

  setSelected(id) {
    this.selected = id;
    for (const tr of this.body.querySelectorAll("tr[data-id]")) {
      tr.classList.toggle("selected", tr.dataset.id === String(id));
    }
  }
}
