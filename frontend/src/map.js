// The event map: Natural Earth country shapes (no tiles, works offline), events as circles
// coloured by event type and sized by fatalities, clustered by supercluster where they are dense.
import L from "leaflet";
import Supercluster from "supercluster";
import { feature } from "topojson-client";
import { EVENT_TYPES, colorAt, el, fmtInt, typeColor, typeIndex } from "./util.js";

const N_TYPES = EVENT_TYPES.length + 1; // + "unknown"

function radius(fatalities) {
  return Math.min(22, 4 + 2.2 * Math.sqrt(fatalities || 0));
}

function pointProps(p) {
  const o = { fat: p.fat };
  for (let i = 0; i < N_TYPES; i++) o["t" + i] = 0;
  o["t" + p.ti] = 1;
  return o;
}

function reduceProps(acc, p) {
  acc.fat += p.fat;
  for (let i = 0; i < N_TYPES; i++) acc["t" + i] += p["t" + i];
}

export class EventMap {
  constructor(container, { onSelect }) {
    this.onSelect = onSelect;
    this.node = el("div.map");
    container.appendChild(this.node);
    this.map = L.map(this.node, {
      preferCanvas: true,
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 14,
      zoomSnap: 0.5,
      attributionControl: true,
    }).setView([10, 40], 2);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Country shapes: Natural Earth (world-atlas)");
    this.renderer = L.canvas({ padding: 0.3 });
    this.layer = L.layerGroup().addTo(this.map);
    this.index = null;
    this.selected = null;
    this.map.on("moveend", () => this.render());
    // The event panel opening or closing changes the map's width: tell Leaflet, and keep the
    // events in view unless the analyst has moved the map since it was fitted to them.
    this.lastFit = null;
    new ResizeObserver(() => {
      this.map.invalidateSize({ pan: false });
      if (this.lastFit) this.map.fitBounds(this.lastFit, { maxZoom: 8, animate: false });
    }).observe(this.node);
    const moved = () => { this.lastFit = null; };
    this.map.on("dragstart", moved);
    this.node.addEventListener("wheel", moved, { passive: true });
    this.node.addEventListener("dblclick", moved);
    this.byId = new Map();
    this._legend();
  }

  async loadBasemap(url, inline) {
    const topo = inline || (await (await fetch(url)).json());
    const countries = feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      renderer: this.renderer,
      interactive: false,
      style: { color: "#9c9585", weight: 0.6, fillColor: "#efebe2", fillOpacity: 1 },
    }).addTo(this.map);
    this.layer.remove();
    this.layer.addTo(this.map); // keep events above the countries
  }

  _legend() {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => el("div.legend", {},
      EVENT_TYPES.map((t, i) => el("div", {}, swatch(colorAt(i)), " ", t)),
      el("div.legend-note", {}, "size = fatalities; rings = clusters"));
    legend.addTo(this.map);
  }

  /** rows: [[id, lat, lon, event_type, fatalities, date], ...] */
  setPoints(rows, fit) {
    const features = [];
    for (const r of rows) {
      if (r[1] === null || r[2] === null) continue;
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [r[2], r[1]] },
        properties: { id: r[0], type: r[3], ti: typeIndex(r[3]), fat: r[4] || 0, date: r[5] },
      });
    }
    this.index = new Supercluster({ radius: 44, maxZoom: 12, minPoints: 4, map: pointProps, reduce: reduceProps });
    this.index.load(features);
    this.byId = new Map(features.map((f) => [String(f.properties.id), f]));
    if (fit && features.length) {
      const b = L.latLngBounds(features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
      this.lastFit = b.pad(0.15);
      this.map.fitBounds(this.lastFit, { maxZoom: 8, animate: false });
    }
    this.render();
  }

  setSelected(id) {
    this.selected = id;
    this.render();
  }

  render() {
    this.layer.clearLayers();
    if (!this.index) return;
    const b = this.map.getBounds();
    const bbox = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
    const zoom = Math.floor(this.map.getZoom());
    for (const f of this.index.getClusters(bbox, zoom)) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      if (p.cluster) this._cluster(f, lat, lon);
      else this._point(p, lat, lon);
    }
    // The selected event gets a ring even when it sits inside a cluster.
    const sel = this.selected === null ? null : this.byId.get(String(this.selected));
    if (sel) {
      const [lon, lat] = sel.geometry.coordinates;
      L.circleMarker([lat, lon], { renderer: this.renderer, radius: radius(sel.properties.fat) + 5, color: "#111",
        weight: 3, fill: false, interactive: false }).addTo(this.layer);
    }
  }

  _point(p, lat, lon) {
    const selected = String(p.id) === String(this.selected);
    const m = L.circleMarker([lat, lon], {
      renderer: this.renderer,
      radius: radius(p.fat),
      color: selected ? "#000" : "#fff",
      weight: selected ? 2.5 : 1,
      fillColor: typeColor(p.type),
      fillOpacity: 0.85,
    });
    m.bindTooltip(`${p.date || "?"} · ${p.type || "unknown type"} · ${fmtInt(p.fat)} killed`);
    m.on("click", () => this.onSelect(p.id));
    m.addTo(this.layer);
  }

  _cluster(f, lat, lon) {
    const p = f.properties;
    // A ring showing the mix of event types (conic gradient), the count in the middle.
    const stops = [];
    let acc = 0;
    for (let i = 0; i < N_TYPES; i++) {
      const n = p["t" + i];
      if (!n) continue;
      const a = (acc / p.point_count) * 360;
      acc += n;
      const b = (acc / p.point_count) * 360;
      stops.push(`${colorAt(i)} ${a}deg ${b}deg`);
    }
    const size = Math.round(Math.min(64, 26 + 6 * Math.log10(p.point_count)));
    const node = el("div.cluster", { title: `${fmtInt(p.point_count)} events, ${fmtInt(p.fat)} fatalities` },
      el("span", {}, p.point_count_abbreviated));
    node.style.width = node.style.height = size + "px";
    node.style.background = `conic-gradient(${stops.join(", ")})`;
    const icon = L.divIcon({ html: node, className: "cluster-icon", iconSize: [size, size] });
    const m = L.marker([lat, lon], { icon, keyboard: false });
    m.on("click", () => {
      const z = Math.min(this.index.getClusterExpansionZoom(p.cluster_id), 14);
      this.map.setView([lat, lon], z);
    });
    m.addTo(this.layer);
  }
}

function swatch(color) {
  const s = el("span.swatch");
  s.style.background = color;
  return s;
}
