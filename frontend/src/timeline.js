// The timeline: events per day/week/month as bars, fatalities as a line. Dragging across it
// (a brush) selects a date range that filters the map and the table; a click clears it.
import { dayNum, el, fmtInt, isoDay } from "./util.js";

const SVG = "http://www.w3.org/2000/svg";
const H = 120;
const PAD = { l: 34, r: 34, t: 8, b: 18 };

function svg(tag, attrs) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
  return n;
}

function span(by) {
  return by === "day" ? 1 : by === "week" ? 7 : 31;
}

export class Timeline {
  constructor(container, { onBrush }) {
    this.onBrush = onBrush;
    this.node = el("div.timeline");
    this.caption = el("div.timeline-caption", {}, "");
    container.appendChild(this.caption);
    container.appendChild(this.node);
    this.groups = [];
    this.by = "day";
    this.brush = null; // [dayFrom, dayTo]
    new ResizeObserver(() => this.render()).observe(this.node);
  }

  setData(groups, by) {
    this.groups = groups.filter((g) => g.key);
    this.by = by;
    this.render();
  }

  clearBrush(silent) {
    this.brush = null;
    this.render();
    if (!silent) this.onBrush(null);
  }

  render() {
    const w = Math.max(200, this.node.clientWidth || 600);
    const root = svg("svg", { width: w, height: H, class: "timeline-svg" });
    this.node.replaceChildren(root);
    if (!this.groups.length) {
      const t = svg("text", { x: w / 2, y: H / 2, "text-anchor": "middle", class: "axis" });
      t.textContent = "no dated events";
      root.appendChild(t);
      this.caption.textContent = "Timeline";
      return;
    }
    const step = span(this.by);
    const d0 = dayNum(this.groups[0].key);
    const d1 = dayNum(this.groups[this.groups.length - 1].key) + step;
    const iw = w - PAD.l - PAD.r;
    const ih = H - PAD.t - PAD.b;
    const x = (d) => PAD.l + ((d - d0) / Math.max(1, d1 - d0)) * iw;
    const xInv = (px) => d0 + ((px - PAD.l) / iw) * (d1 - d0);
    const maxE = Math.max(...this.groups.map((g) => g.events), 1);
    const maxF = Math.max(...this.groups.map((g) => g.fatalities), 1);
    const yE = (v) => PAD.t + ih - (v / maxE) * ih;
    const yF = (v) => PAD.t + ih - (v / maxF) * ih;

    const bars = svg("g", { class: "bars" });
    for (const g of this.groups) {
      const a = x(dayNum(g.key));
      const bw = Math.max(1, x(dayNum(g.key) + step) - a - 1);
      const r = svg("rect", { x: a, y: yE(g.events), width: bw, height: PAD.t + ih - yE(g.events) });
      const tip = svg("title");
      tip.textContent = `${g.key}: ${fmtInt(g.events)} events, ${fmtInt(g.fatalities)} fatalities`;
      r.appendChild(tip);
      bars.appendChild(r);
    }
    root.appendChild(bars);
    const pts = this.groups.map((g) => `${x(dayNum(g.key) + step / 2).toFixed(1)},${yF(g.fatalities).toFixed(1)}`);
    root.appendChild(svg("polyline", { points: pts.join(" "), class: "fatal-line" }));
    this._axis(root, d0, d1, x, w);
    const lE = svg("text", { x: 2, y: PAD.t + 8, class: "axis axis-events" });
    lE.textContent = fmtInt(maxE);
    const lF = svg("text", { x: w - 2, y: PAD.t + 8, "text-anchor": "end", class: "axis axis-fatal" });
    lF.textContent = fmtInt(maxF);
    root.append(lE, lF);

    const sel = svg("rect", { class: "brush", y: PAD.t, height: ih, x: 0, width: 0 });
    root.appendChild(sel);
    if (this.brush) {
      sel.setAttribute("x", x(this.brush[0]));
      sel.setAttribute("width", Math.max(2, x(this.brush[1] + 1) - x(this.brush[0])));
    }
    const overlay = svg("rect", { class: "brush-overlay", x: PAD.l, y: PAD.t, width: iw, height: ih });
    root.appendChild(overlay);
    let start = null;
    const px = (e) => e.clientX - root.getBoundingClientRect().left;
    overlay.addEventListener("pointerdown", (e) => {
      start = px(e);
      overlay.setPointerCapture(e.pointerId);
    });
    overlay.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const a = Math.min(start, px(e));
      sel.setAttribute("x", a);
      sel.setAttribute("width", Math.abs(px(e) - start));
    });
    overlay.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const a = Math.min(start, px(e));
      const b = Math.max(start, px(e));
      start = null;
      if (b - a < 3) {
        this.clearBrush();
        return;
      }
      this.brush = [Math.floor(xInv(a)), Math.max(Math.floor(xInv(a)), Math.ceil(xInv(b)) - 1)];
      this.render();
      this.onBrush({ since: isoDay(this.brush[0]), until: isoDay(this.brush[1]) });
    });
    const by = { day: "day", week: "week", month: "month" }[this.by];
    this.caption.replaceChildren(
      el("span.key-events", {}, "▮ events"), " ", el("span.key-fatal", {}, "— fatalities"),
      ` per ${by} · drag to select dates`,
      this.brush ? el("span.brush-label", {}, ` · ${isoDay(this.brush[0])} – ${isoDay(this.brush[1])} `) : "",
      this.brush ? el("button.link#clear-brush", { onclick: () => this.clearBrush() }, "clear") : "",
    );
  }

  _axis(root, d0, d1, x, w) {
    const n = Math.max(2, Math.floor(w / 110));
    for (let i = 0; i <= n; i++) {
      const d = Math.round(d0 + ((d1 - d0) * i) / n);
      const t = svg("text", { x: x(d), y: H - 4, "text-anchor": i === 0 ? "start" : i === n ? "end" : "middle", class: "axis" });
      t.textContent = isoDay(d);
      root.appendChild(t);
    }
  }
}
