#!/usr/bin/env python3
"""Load benchmark of kabar's API: list and aggregate endpoints under concurrent clients.

    .venv/bin/python scripts/bench_api.py --events 100000 --clients 50 --requests 4000

Builds (once, then reuses) a store of synthetic events (kabar.server.sample), starts
``kabar serve`` on a loopback port as a separate process, and sends a fixed number of requests
from ``--clients`` concurrent keep-alive connections (asyncio, raw HTTP/1.1: the client costs
little CPU next to the server). Requests are drawn from a seeded pool of several hundred distinct
dashboard questions (filters by country, region, type, actor, text, dates, bounding box; sorts;
pages; aggregates by type, country, region, day, week, month), so with ``--cache-seconds 0`` every
request is computed. Prints latency percentiles per endpoint and the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kabar.server.sample import ACTORS, KINDS, PLACES  # noqa: E402

ORDERS = ["-event_date", "event_date", "-fatalities", "country", "-n_sources", "admin1", "id"]
BYS = ["event_type", "country", "admin1", "day", "week", "month", "sub_event_type"]


def query_pool(seed: int, n: int, start_year: int, years: int) -> list[tuple[str, str]]:
    """``n`` distinct (kind, path) dashboard requests: half lists, half aggregates."""
    rng = random.Random(seed)
    countries = sorted({p[0] for p in PLACES})
    admin1s = sorted({p[2] for p in PLACES})
    towns = sorted({p[3] for p in PLACES})
    types = sorted({k[0] for k in KINDS})
    subs = sorted({k[1] for k in KINDS})
    words = sorted({w for names in ACTORS.values() for n in names for w in n.split() if len(w) > 4})

    def filters() -> dict[str, str]:
        f: dict[str, str] = {}
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            k = rng.choice(("country", "admin1", "event_type", "sub_event_type", "actor", "text", "dates", "bbox"))
            if k == "country":
                f["country"] = rng.choice(countries)
            elif k == "admin1":
                f["admin1"] = rng.choice(admin1s)
            elif k == "event_type":
                f["event_type"] = rng.choice(types)
            elif k == "sub_event_type":
                f["sub_event_type"] = rng.choice(subs)
            elif k == "actor":
                f["actor"] = rng.choice(words).lower()
            elif k == "text":
                f["text"] = rng.choice(towns + words).lower()
            elif k == "dates":
                y = start_year + rng.randrange(years)
                m = rng.randrange(1, 13)
                span = rng.choice((1, 3, 12))
                f["since"] = f"{y}-{m:02d}-01"
                end_m = m + span - 1
                f["until"] = f"{y + (end_m - 1) // 12}-{(end_m - 1) % 12 + 1:02d}-28"
            else:
                p = rng.choice(PLACES)
                f["bbox"] = f"{p[5] - 3:.1f},{p[4] - 3:.1f},{p[5] + 3:.1f},{p[4] + 3:.1f}"
        return f

    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n:
        if len(out) % 2 == 0:
            params = {**filters(), "limit": 50, "offset": rng.choice((0, 0, 0, 50, 100, 500, 2000)),
                      "order": rng.choice(ORDERS)}
            item = ("list", "/api/events?" + urlencode(params))
        else:
            params = {"by": rng.choice(BYS), **filters()}
            item = ("aggregate", "/api/aggregates?" + urlencode(params))
        if item[1] not in seen:
            seen.add(item[1])
            out.append(item)
    return out


def ensure_store(url: str, events: int) -> int:
    from kabar.server.sample import fill_store
    from kabar.store import open_store

    with open_store(url) as store:
        have = store.count_events(None)
        if have < events:
            print(f"bench_api: filling the store with {events - have} synthetic events (once)...", file=sys.stderr)
            fill_store(store, int((events - have) * 1.01) + 10, seed=1000 + have, dedup=False, days=3650,
                       start="2015-01-01", progress=sys.stderr.isatty())
            have = store.count_events(None)
    return have


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, cache: float, index: bool) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "kabar.cli", "serve", "--db", db, "--port", str(port),
           "--cache-seconds", str(cache)]
    if not index:
        cmd.append("--no-index")
    env = {k: v for k, v in os.environ.items() if k != "KABAR_TOKEN"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"bench_api: server exited: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as r:
                health = json.loads(r.read())
            if health["index"] in ("ready", "off", "too_big"):
                return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("bench_api: server not ready in 600 s")
        time.sleep(0.5)


async def _client(port: int, work: list[tuple[str, str]], lat: dict[str, list[float]], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while work:
            kind, path = work.pop()
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            lat[kind].append(time.perf_counter() - t0)
            if b" 200 " not in status:
                errors.append(f"{status.decode().strip()} {path}")
    finally:
        writer.close()


async def load(port: int, pool: list[tuple[str, str]], clients: int, requests: int, seed: int) -> tuple[dict, float, list]:
    rng = random.Random(seed)
    work = [rng.choice(pool) for _ in range(requests)]
    lat: dict[str, list[float]] = {"list": [], "aggregate": []}
    errors: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(port, work, lat, errors) for _ in range(clients)))
    return lat, time.perf_counter() - t0, errors


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="sqlite:////tmp/kabar-api-bench/bench.db", help="store URL (filled once)")
    ap.add_argument("--events", type=int, default=100_000, help="events in the store (default 100000)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent connections (default 50)")
    ap.add_argument("--requests", type=int, default=4000, help="requests per scenario (default 4000)")
    ap.add_argument("--pool", type=int, default=600, help="distinct requests drawn from (default 600)")
    ap.add_argument("--scenarios", default="index,sql,index+cache",
                    help="comma list of: index (cache off), sql (no index, cache off), index+cache (defaults)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.db.startswith("sqlite:///"):
        Path(args.db[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    n = ensure_store(args.db, args.events)
    pool = query_pool(args.seed, args.pool, 2015, 10)
    print(f"bench_api: {n} events in {args.db}; {len(pool)} distinct requests; {args.clients} clients; "
          f"{args.requests} requests per scenario; {os.cpu_count()} cores; load average before "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'scenario':14s} {'endpoint':10s} {'n':>6s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    for scenario in args.scenarios.split(","):
        index = scenario != "sql"
        cache = 5.0 if scenario == "index+cache" else 0.0
        port = free_port()
        proc = start_server(args.db, port, cache, index)
        try:
            lat, seconds, errors = asyncio.run(load(port, pool, args.clients, args.requests, args.seed))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        total = sum(len(v) for v in lat.values())
        for kind, xs in lat.items():
            if xs:
                print(f"{scenario:14s} {kind:10s} {len(xs):6d} {total / seconds:7.0f} {pct(xs, 50):8.1f} "
                      f"{pct(xs, 95):8.1f} {pct(xs, 99):8.1f} {max(xs) * 1000:8.1f}")
        if errors:
            print(f"bench_api: {len(errors)} non-200 answers, first: {errors[0]}", file=sys.stderr)
        print(f"{'':14s} load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
