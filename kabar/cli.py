"""kabar's command line: a thin layer that parses arguments and calls pure functions.

Each command lives in ``kabar/commands/<name>.py`` with ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Command modules keep their heavy imports inside ``run`` so that
``kabar --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kabar.errors import KabarError

# The registry of commands, in the order `kabar --help` lists them.
COMMANDS = (
    "extract",
    "eval",
    "geocode",
    "ingest",
    "errors",
    "events",
    "explain",
    "export",
    "serve",
    "report",
    "bench",
)


def _load(name: str):
    try:
        return importlib.import_module(f"kabar.commands.{name}")
    except ModuleNotFoundError as exc:  # a command whose module is not installed
        if exc.name == f"kabar.commands.{name}":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    from kabar import __version__

    parser = argparse.ArgumentParser(
        prog="kabar",
        description="Turn raw multilingual news pages into ACLED-style conflict events.",
    )
    parser.add_argument("--version", action="version", version=f"kabar {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        mod = _load(name)
        if mod is None:
            continue
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except KabarError as exc:
        print(f"kabar {args.command}: error: {exc.render()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kabar {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
