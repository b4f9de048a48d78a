"""Executors that run extraction over many pages: ``local`` (default) and ``ray`` (optional).

Choose one by name::

    from kabar.engines import get_engine
    engine = get_engine("ray", address="auto", workers=8)
    stats = engine.run(["corpus.jsonl"], "kabar.pipeline:default_pipeline", sink=print)

See :mod:`kabar.engines.base` for the contract and docs/SCALING.md for clusters.
"""

from __future__ import annotations

import importlib
from typing import Any

from kabar.engines.base import (
    DEFAULT_PIPELINE,
    Engine,
    Outcome,
    PrecomputedPipeline,
    RunStats,
    Sink,
    process,
    resolve_pipeline,
)
from kabar.errors import ConfigError

# name -> "module:class". A new executor registers here.
ENGINES: dict[str, str] = {
    "local": "kabar.engines.local:LocalEngine",
    "ray": "kabar.engines.ray_engine:RayEngine",
}

__all__ = ["ENGINES", "DEFAULT_PIPELINE", "Engine", "Outcome", "PrecomputedPipeline", "RunStats", "Sink",
           "get_engine", "process", "resolve_pipeline"]


def get_engine(name: str | None = None, **options: Any) -> Engine:
    """The engine called ``name`` (None = the ``engine`` setting, default ``local``).

    Options (unknown ones are ignored by engines that do not use them):
        address: Ray cluster address (``auto``, ``ray://host:10001``); None starts a local Ray.
        workers: how many extraction workers (Ray: actors, one CPU each; default all CPUs).
    """
    from kabar import settings

    name = settings.get("engine", name)
    target = ENGINES.get(name)
    if target is None:
        raise ConfigError(f"unknown engine {name!r}", hint=f"choose among {', '.join(ENGINES)}")
    mod_name, _, cls_name = target.partition(":")
    cls = getattr(importlib.import_module(mod_name), cls_name)
    return cls(**options)
