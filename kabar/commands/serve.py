"""kabar serve: the API and the map dashboard over an event store."""

from __future__ import annotations

import argparse
import os
import sys

HELP = "Serve the API and the map dashboard over the event store (loopback only unless told otherwise)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kabar.server.config import DEFAULT_MAX_BODY

    parser.add_argument("--db", default=None, help="store URL (default: the db setting, sqlite:///kabar.db)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 = every interface)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY,
                        help=f"largest request body in bytes (default {DEFAULT_MAX_BODY})")
    parser.add_argument("--cache-seconds", type=float, default=5.0,
                        help="reuse read answers this long; 0 = never (default 5)")
    parser.add_argument("--pool", type=int, default=4, help="store connections serving queries (default 4)")
    parser.add_argument("--no-index", action="store_true",
                        help="answer lists and aggregates with SQL only (no in-memory event index)")
    parser.add_argument("--index-max-events", type=int, default=500_000,
                        help="do not build the event index above this many events (default 500000; ~1 KB each)")
    parser.add_argument("--title", default="conflict events", help="title shown in the dashboard")
    parser.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"),
                        help="server log level (default warning)")


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def run(args: argparse.Namespace) -> int:
    from kabar.errors import ConfigError

    try:
        import uvicorn

        from kabar.server import ServerConfig, create_app
        from kabar.server.config import LOOPBACK_HOSTS
    except ImportError as exc:
        raise ConfigError(f"kabar serve needs the server extra ({exc.name} is missing)",
                          hint="pip install 'kabar[server]'") from None
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port must be 1-65535, got {args.port}")
    if args.max_body < 1024:
        raise ConfigError(f"--max-body must be at least 1024 bytes, got {args.max_body}")
    token = os.environ.get("KABAR_TOKEN") or None
    if token is not None and len(token) < 16:
        print("kabar serve: warning: KABAR_TOKEN is shorter than 16 characters; use a long random one "
              "(python -c 'import secrets; print(secrets.token_urlsafe())')", file=sys.stderr)
    local = _loopback(args.host)
    config = ServerConfig(db=args.db, token=token, max_body=args.max_body, cache_seconds=args.cache_seconds,
                          pool_size=args.pool, title=args.title, index=not args.no_index,
                          index_max_events=args.index_max_events,
                          allowed_hosts=[*LOOPBACK_HOSTS, args.host] if local else None)
    app = create_app(config)  # opens the store now: a bad --db fails here with one line
    shown = f"[{args.host}]" if ":" in args.host else args.host
    mode = "reviews enabled (KABAR_TOKEN set)" if token else "read-only (set KABAR_TOKEN to allow reviews)"
    print(f"kabar serve: dashboard at http://{shown}:{args.port}/ over {config.db or 'the default store'}; {mode}",
          file=sys.stderr)
    if not local:
        print(f"kabar serve: warning: listening on {args.host}, not loopback: anyone who can reach this "
              "machine can read the events (reviews still need the token)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                server_header=False)
    return 0
