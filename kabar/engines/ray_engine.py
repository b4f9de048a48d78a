"""The Ray engine: extraction spread over the cores of a Ray cluster with Ray Data.

Optional: ``pip install 'kabar[ray]'``. The driver (the machine running ``kabar ingest``) cuts the
inputs into shards (:mod:`kabar.engines.sources`) and makes a Ray Dataset of them; a pool of Ray
actors, each holding one pipeline built once (language packs and gazetteer loaded once per
actor), reads its shards from shared storage and extracts them; results stream back to the
driver in input order, which hands them to the caller (the store writer). Pages are never all in
memory: Ray Data's streaming executor keeps only a few shards in flight.

Connects to an existing cluster with ``address`` (``"auto"`` on a cluster node, or
``"ray://head:10001"``); without one it starts a local Ray with ``workers`` CPUs. Every node needs
kabar installed (the same version) and must see the input paths.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
from typing import Any, Iterator, Sequence

from kabar.engines.base import DEFAULT_PIPELINE, BaseEngine, Outcome, PipelineSpec, build_pipeline, process
from kabar.engines.sources import BYTES_PER_SHARD, PAGES_PER_SHARD, Shard, plan_shards, read_shard
from kabar.errors import ConfigError, InputError
from kabar.records import Page, PageResult


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError("the ray engine needs Ray", hint="pip install 'kabar[ray]', or use --engine local") from None
    return ray


class RayEngine(BaseEngine):
    """Extraction on Ray actors, results back on the driver in input order.

    Args:
        address: cluster address (None: ``RAY_ADDRESS`` if set, else start a local Ray).
        workers: number of extraction actors (one CPU each); default every CPU of the cluster.
        pages_per_shard, bytes_per_shard: shard size (files per shard; JSONL bytes per shard).
        ordered: keep input order (on by default; off lets a fast worker run ahead).
        runtime_env: Ray runtime environment for the workers (e.g. ``{"pip": ["kabar[ray]"]}``).
    """

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None,
                 pages_per_shard: int = PAGES_PER_SHARD, bytes_per_shard: int = BYTES_PER_SHARD,
                 ordered: bool = True, runtime_env: dict[str, Any] | None = None, **_ignored: Any):
        self.address = address
        self.workers = workers
        self.pages_per_shard = pages_per_shard
        self.bytes_per_shard = bytes_per_shard
        self.ordered = ordered
        self.runtime_env = runtime_env

    def _connect(self, ray: Any) -> bool:
        """Join (or start) Ray; True when this call started it (so we shut it down after)."""
        if ray.is_initialized():
            return False
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "include_dashboard": False,
                                  "runtime_env": self.runtime_env}
        if address is None:
            kwargs["num_cpus"] = self.workers or os.cpu_count() or 1
        try:
            ray.init(address=address, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(f"cannot connect to Ray at {address or 'a new local cluster'}: {exc}",
                              hint="check --ray-address (e.g. auto, or ray://HEAD:10001)") from None
        return True

    def results(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                lang: str | None = None) -> Iterator[Outcome]:
        if "-" in inputs:
            raise ConfigError("the ray engine cannot read stdin ('-')", hint="write the pages to a file first")
        ray = _import_ray()
        shards = [s.to_json() for s in plan_shards(inputs, self.pages_per_shard, self.bytes_per_shard)]
        if not shards:
            return
        started = self._connect(ray)
        try:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            workers = max(1, min(self.workers or cpus, len(shards)))
            ctx = ray.data.DataContext.get_current()
            ctx.execution_options.preserve_order = self.ordered
            ctx.enable_progress_bars = False  # the caller shows its own progress bar
            logging.getLogger("ray.data").setLevel(logging.ERROR)
            ds = ray.data.from_items([{"shard": s} for s in shards], override_num_blocks=len(shards))
            ds = ds.map_batches(ShardExtractor, fn_constructor_args=(pipeline or DEFAULT_PIPELINE, published, lang),
                                batch_size=1, batch_format="pyarrow", num_cpus=1,
                                compute=ray.data.ActorPoolStrategy(size=workers))
            for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                for payload in batch.column("payload").to_pylist():
                    yield decode_outcome(payload)
        finally:
            if started:
                ray.shutdown()


class ShardExtractor:
    """A Ray actor's work: build the pipeline once, then extract whole shards."""

    def __init__(self, pipeline: PipelineSpec, published: str | None, lang: str | None):
        self.pipeline = build_pipeline(pipeline)
        self.published = published
        self.lang = lang

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        payloads = []
        for shard_json in batch.column("shard").to_pylist():
            for item in read_shard(Shard.from_json(shard_json), self.published, self.lang):
                payloads.append(encode_outcome(process(self.pipeline, item)))
        return pa.table({"payload": pa.array(payloads, type=pa.large_binary())})


def encode_outcome(outcome: Outcome) -> bytes:
    """An outcome as bytes for the trip back to the driver (the document slimmed to its metadata)."""
    item = outcome.item
    if isinstance(item, InputError):
        return pickle.dumps(("error", item.message, item.where, item.hint), protocol=pickle.HIGHEST_PROTOCOL)
    result = outcome.result
    if result is not None and result.document is not None:
        doc = dataclasses.replace(result.document, body=[], sentences=[])
        result = dataclasses.replace(result, document=doc)
    return pickle.dumps(("page", item, result, outcome.failure), protocol=pickle.HIGHEST_PROTOCOL)


def decode_outcome(payload: bytes) -> Outcome:
    kind, *rest = pickle.loads(payload)  # noqa: S301 - bytes our own workers made
    if kind == "error":
        message, where, hint = rest
        return Outcome(InputError(message, where=where, hint=hint))
    page, result, failure = rest
    assert isinstance(page, Page) and (result is None or isinstance(result, PageResult))
    return Outcome(page, result, failure)
