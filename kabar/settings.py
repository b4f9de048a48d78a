"""The one list of kabar's settings with their defaults and help text.

CLI options, the API and docs/SETTINGS.md read from here; `tests/test_docs.py` checks that each
setting is documented. A setting can also be given in the environment as ``KABAR_<NAME>``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_page_bytes", 20_000_000, "Pages larger than this many bytes are refused with an error."),
    Setting("max_chars_extracted", 200_000, "Only the first this many characters of a page's main text are analysed."),
    Setting("langs", "id,ms,en,ar,fr,es", "Languages kabar detects among (comma-separated ISO 639-1 codes with a pack)."),
    # 0.5: on the dev pages no matched event scored under 0.55 and 4 of 23 unmatched did (kabar eval)
    Setting("min_confidence", 0.5, "Events below this confidence are dropped."),
    Setting("geocoder", "gazetteer", "Geocoder backend by name."),
    Setting("language_detector", "lingua", "Language detector backend by name ('lingua' or 'script')."),
    Setting("db", "sqlite:///kabar.db", "Event store URL: sqlite:///PATH or postgresql://..."),
    Setting("engine", "local", "Execution engine for ingest: 'local' or 'ray'."),
    Setting("cache_dir", "~/.cache/kabar", "Where compiled indexes (the gazetteer) are cached."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, override: Any = None) -> Any:
    """The value of a setting: an explicit override, else KABAR_<NAME>, else the default."""
    if override is not None:
        return override
    s = _BY_NAME[name]
    env = os.environ.get("KABAR_" + name.upper())
    if env is None:
        return s.default
    if isinstance(s.default, bool):
        return env.lower() in ("1", "true", "yes")
    if isinstance(s.default, int):
        return int(env)
    if isinstance(s.default, float):
        return float(env)
    return env
