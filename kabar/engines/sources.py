"""Inputs cut into shards a worker can read on its own, and shards read back into pages.

A shard is a few hundred pages: a run of ordinary files (.txt, .html, WARC...), a byte range of
a JSONL file, or row groups of a Parquet file. Reading every shard in order yields exactly the
pages ``kabar.readers.iter_pages`` yields for the same inputs (same ids, origins and errors), so
every engine sees the same pages. Workers open the files themselves: on a cluster, the inputs
must be on storage every node sees (NFS, a shared volume, a mounted bucket).

Parquet input: one page per row, with the JSONL columns (``id``, ``text`` or ``html``, optional
``url``, ``published``, ``lang``, ``title``); needs pyarrow (``kabar[parquet]``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from kabar.errors import InputError
from kabar.records import Page

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

# Pages per shard: big enough that per-shard overhead (a task, a file open) is noise, small enough
# that two workers stay busy on a 10k-page corpus. Set against `kabar bench --engine ray`.
PAGES_PER_SHARD = 200
# Bytes per JSONL shard when cutting a file (~3 KB pages x PAGES_PER_SHARD).
BYTES_PER_SHARD = 600_000


@dataclass(frozen=True)
class Shard:
    """A piece of the input one worker reads: ``files`` | ``jsonl`` (byte range) | ``parquet`` (row groups)."""

    kind: str
    path: str = ""
    files: tuple[str, ...] = ()
    start: int = 0  # jsonl: first byte; parquet: first row group
    end: int = -1  # jsonl: end byte (exclusive); parquet: end row group (exclusive)
    first_line: int = 1  # jsonl: the line number of ``start``; parquet: the row number of its first row

    def to_json(self) -> str:
        d = asdict(self)
        d["files"] = list(self.files)
        return json.dumps(d)

    @classmethod
    def from_json(cls, s: str) -> "Shard":
        d = json.loads(s)
        d["files"] = tuple(d["files"])
        return cls(**d)


def _expand(paths: Sequence[str]) -> Iterator[str]:
    """Files under ``paths`` in the order the readers take them (directories sorted, recursively)."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
            if not files:
                yield p  # the reader reports the empty directory
            for f in files:
                yield str(f)
        else:
            yield p


def plan_shards(paths: Sequence[str], pages_per_shard: int | None = PAGES_PER_SHARD,
                bytes_per_shard: int | None = BYTES_PER_SHARD) -> Iterator[Shard]:
    """Cut the inputs into shards, in input order (None sizes: one shard per file, no cutting)."""
    run: list[str] = []
    for p in _expand(paths):
        low = p.lower()
        is_file = p != "-" and os.path.isfile(p)
        if is_file and low.endswith(JSONL_SUFFIXES) or is_file and low.endswith(PARQUET_SUFFIXES):
            if run:
                yield Shard("files", files=tuple(run))
                run = []
            if low.endswith(JSONL_SUFFIXES):
                yield from _jsonl_shards(p, bytes_per_shard)
            else:
                yield from _parquet_shards(p, pages_per_shard)
            continue
        if low.endswith(ARCHIVE_SUFFIXES):  # a WARC file holds many pages: a shard of its own
            if run:
                yield Shard("files", files=tuple(run))
            yield Shard("files", files=(p,))
            run = []
            continue
        run.append(p)
        if pages_per_shard is not None and len(run) >= pages_per_shard:
            yield Shard("files", files=tuple(run))
            run = []
    if run:
        yield Shard("files", files=tuple(run))


def _jsonl_shards(path: str, bytes_per_shard: int | None) -> Iterator[Shard]:
    """Byte ranges of whole lines, about ``bytes_per_shard`` each."""
    size = os.path.getsize(path)
    if bytes_per_shard is None or size <= bytes_per_shard:
        yield Shard("jsonl", path=path, start=0, end=size)
        return
    start, line, first_line = 0, 1, 1
    pos = 0
    with open(path, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            line += 1
            if pos - start >= bytes_per_shard:
                yield Shard("jsonl", path=path, start=start, end=pos, first_line=first_line)
                start, first_line = pos, line
    if pos > start or pos == 0:
        yield Shard("jsonl", path=path, start=start, end=pos, first_line=first_line)


def _parquet_shards(path: str, pages_per_shard: int | None) -> Iterator[Shard]:
    """Runs of row groups, about ``pages_per_shard`` rows each."""
    if pages_per_shard is None:
        yield Shard("parquet", path=path, start=0, end=-1)
        return
    try:
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - the reader reports the unreadable file on its own
        yield Shard("parquet", path=path, start=0, end=-1)
        return
    first, rows, row = 0, 0, 1
    for g in range(meta.num_row_groups):
        rows += meta.row_group(g).num_rows
        if rows >= pages_per_shard:
            yield Shard("parquet", path=path, start=first, end=g + 1, first_line=row)
            first, row, rows = g + 1, row + rows, 0
    if first < meta.num_row_groups or meta.num_row_groups == 0:
        yield Shard("parquet", path=path, start=first, end=meta.num_row_groups, first_line=row)


def read_shard(shard: Shard, published: str | None = None, lang: str | None = None
               ) -> Iterator[Page | InputError]:
    """The pages (or input errors) of one shard, in order."""
    from kabar.readers import iter_pages

    if shard.kind == "files":
        yield from iter_pages(list(shard.files), published=published, lang=lang)
    elif shard.kind == "jsonl":
        if shard.start == 0 and shard.end == os.path.getsize(shard.path):
            yield from iter_pages([shard.path], published=published, lang=lang)
            return
        with open(shard.path, "rb") as fh:
            fh.seek(shard.start)
            data = fh.read(shard.end - shard.start)
        lines = data.splitlines(keepends=True)
        locs = [f"{shard.path}:{shard.first_line + k}" for k in range(len(lines))]
        yield from records_as_pages(lines, locs, published, lang)
    elif shard.kind == "parquet":
        yield from parquet_pages(shard.path, published, lang, shard.start, shard.end, shard.first_line)
    else:
        raise ValueError(f"unknown shard kind {shard.kind!r}")


def parquet_pages(path: str, published: str | None = None, lang: str | None = None, first_group: int = 0,
                  end_group: int = -1, first_row: int = 1) -> Iterator[Page | InputError]:
    """Pages from a Parquet file's rows (one page per row, JSONL columns); origins are ``path:row``."""
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
    except ImportError:
        yield InputError("reading Parquet needs pyarrow", where=path, hint="pip install 'kabar[parquet]'")
        return
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        yield InputError(f"cannot read Parquet file: {exc}", where=path)
        return
    end_group = pf.metadata.num_row_groups if end_group < 0 else end_group
    row = first_row
    for g in range(first_group, end_group):
        records = pf.read_row_group(g).to_pylist()
        lines = [(json.dumps(_jsonable(r), ensure_ascii=False) + "\n").encode("utf-8") for r in records]
        locs = [f"{path}:{row + k}" for k in range(len(records))]
        row += len(records)
        yield from records_as_pages(lines, locs, published, lang)


def _jsonable(rec: dict[str, Any]) -> dict[str, Any]:
    """Parquet values as JSON ones (dates as ISO strings)."""
    out = {}
    for k, v in rec.items():
        out[k] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


def records_as_pages(lines: list[bytes], locs: list[str], published: str | None, lang: str | None
                     ) -> Iterator[Page | InputError]:
    """JSONL lines read as the JSONL reader reads them, each located at ``locs[k]``.

    Uses ``kabar.readers.page_from_jsonl_line`` when the readers provide it; otherwise the lines go
    through ``iter_pages`` via a temporary file and the locations are mapped back.
    """
    from kabar import readers

    one_line = getattr(readers, "page_from_jsonl_line", None)
    if one_line is not None:
        for raw, loc in zip(lines, locs):
            item = one_line(raw, loc, published=published, lang=lang)
            if item is not None:
                yield item
        return
    fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="kabar-shard-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(raw if raw.endswith(b"\n") else raw + b"\n" for raw in lines)
        for item in readers.iter_pages([tmp], published=published, lang=lang):
            yield _relocate(item, tmp, locs)
    finally:
        os.unlink(tmp)


def _relocate(item: Page | InputError, tmp: str, locs: list[str]) -> Page | InputError:
    """Replace ``tmp:N`` locations (origin, id, error place) by the real ones."""
    def fix(s: str | None) -> str | None:
        if s is None or not s.startswith(tmp + ":"):
            return s
        rest = s[len(tmp) + 1:]
        digits = rest.split("'", 1)[0] if "'" in rest else rest
        if not digits.isdigit():
            return s
        return locs[int(digits) - 1] + rest[len(digits):]

    if isinstance(item, InputError):
        message = item.message
        if tmp in message:
            idx = message.index(tmp)
            message = message[:idx] + (fix(message[idx:]) or "")
        return InputError(message, where=fix(item.where), hint=item.hint)
    if item.origin and item.origin.startswith(tmp):
        loc = fix(item.origin)
        if item.doc_id == item.origin:
            item.doc_id = loc or item.doc_id
        item.origin = loc
    return item


def iter_shard_pages(shards: Iterable[Shard], published: str | None = None, lang: str | None = None
                     ) -> Iterator[Page | InputError]:
    """All pages of the shards, in order."""
    for shard in shards:
        yield from read_shard(shard, published, lang)
