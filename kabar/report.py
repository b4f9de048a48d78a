"""A self-contained HTML report: the dashboard's map, timeline and table with the events inlined.

One file, no network: the dashboard's built script and style, Natural Earth country shapes and
the events (with their sources and evidence snippets) are all inside it, so an analyst can mail it
and open it anywhere. The same front-end code as ``kabar serve`` runs it, reading the embedded
events instead of the API.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kabar import __version__
from kabar.errors import DataError

STATIC_DIR = Path(__file__).resolve().parent / "server" / "static"

# Fields of an event the report keeps (the table, the panel, the filters).
EVENT_FIELDS = (
    "id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "fatalities_note", "n_sources", "review_status", "notes", "confidence",
)
SOURCE_FIELDS = ("source_id", "document_id", "doc_key", "outlet", "lang", "url", "published", "title",
                 "snippets")

# The report may run scripts and styles written into it, load images from data: URLs, and reach
# nothing on the network.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def _asset(name: str) -> str:
    path = STATIC_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"the dashboard's {name} is not built", where=str(path),
                        hint="run scripts/setup.d/30-frontend.sh (needs Node and npm), or install a kabar wheel") from None


def _json_for_html(obj: Any) -> str:
    """JSON safe inside a <script> element (no '<' that could close it)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).replace("<", "\\u003c")


def _event(row: dict[str, Any], full: dict[str, Any] | None) -> dict[str, Any]:
    ev = {k: row.get(k) for k in EVENT_FIELDS}
    if full is not None:
        ev["sources"] = []
        for s in full.get("sources") or []:
            src = {k: s.get(k) for k in SOURCE_FIELDS}
            src["report"] = {"fatalities": (s.get("report") or {}).get("fatalities")}
            ev["sources"].append(src)
    return ev


def build_report(store: Any, filters: Any = None, limit: int = 10_000, evidence: bool = True,
                 title: str | None = None, progress: bool = False) -> tuple[str, dict[str, int]]:
    """The report's HTML and counts ``{"events": n written, "matching": n matching}``.

    Args:
        store: an open Store.
        filters: an EventFilter (None = every active event).
        limit: at most this many events, newest first.
        evidence: include each event's sources and evidence snippets.
        title: the report's title (default: "kabar report").
        progress: show a progress bar (stderr) while events are read.
    """
    script, style, shapes = _asset("app.js"), _asset("app.css"), _asset("countries.json")
    matching = store.count_events(filters)
    rows: list[dict[str, Any]] = []
    offset = 0
    while len(rows) < limit:
        page = store.list_events(filters, limit=min(10_000, limit - len(rows)), offset=offset, order="-event_date")
        rows += page
        if len(page) < 10_000:
            break
        offset += len(page)
    it: Any = rows
    if progress and evidence:
        from tqdm import tqdm

        it = tqdm(rows, unit="event", desc="report")
    events = [_event(r, store.get_event(r["id"]) if evidence else None) for r in it]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = title or "kabar report"
    data = {"version": __version__, "generated": now, "title": title, "events": events,
            "filters": {k: v for k, v in vars(filters).items() if v not in (None, False)} if filters else {}}
    if "</script" in script.lower() or "</style" in style.lower():  # pragma: no cover - build guard
        raise DataError("the built dashboard contains a closing tag that cannot be inlined")
    from html import escape

    shapes_json = shapes.replace("<", "\\u003c")
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="generator" content="kabar {escape(__version__)}">
<title>{escape(title)}</title>
<style>{style}</style>
</head>
<body>
<div id="kabar-app"></div>
<script type="application/json" id="kabar-data">{_json_for_html(data)}</script>
<script type="application/json" id="kabar-countries">{shapes_json}</script>
<script>{script}</script>
</body>
</html>
"""
    return html, {"events": len(events), "matching": matching}
