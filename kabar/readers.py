"""Reading raw pages: files (.txt, .html, .jsonl), directories, stdin; encodings detected.

``iter_pages`` yields a ``Page`` per page, or an ``InputError`` for one that cannot be read, so a
batch goes on past a bad document. Extra formats (WARC) register a reader by file suffix.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from kabar import settings
from kabar.errors import InputError
from kabar.records import Page

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

# suffix -> function(path) yielding Page | InputError; WARC support registers here.
_EXTRA_READERS: dict[str, Callable[[str], Iterator["Page | InputError"]]] = {}


def register_reader(suffix: str, reader: Callable[[str], Iterator["Page | InputError"]]) -> None:
    """Let a format module (e.g. kabar.warc) read files with ``suffix``."""
    _EXTRA_READERS[suffix.lower()] = reader


def _load_optional_readers() -> None:
    if ".warc" in _EXTRA_READERS:
        return
    try:
        from kabar import warc  # noqa: F401  (registers .warc / .warc.gz readers)
    except ImportError:
        pass


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a page's bytes: UTF-8 (with or without BOM) first, else the detected legacy encoding."""
    if not data.strip():
        raise InputError("empty input: nothing to read", where=where)
    if b"\x00" in data[:8192] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise InputError("binary file, not a text or HTML page", where=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # the legacy encodings of our languages' pages: Western European and Arabic
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "cp1256", "iso8859_6", "utf_16",
                                                     "iso8859_15"]).best()
    if best is None:
        raise InputError("cannot detect the text encoding (binary data?)", where=where)
    text = data.decode(best.encoding, errors="replace")
    bad = sum(1 for c in text[:5000] if (ord(c) < 32 and c not in "\r\n\t\f") or c == "\ufffd")
    if bad > max(10, len(text[:5000]) // 50):
        raise InputError("binary file, not a text or HTML page", where=where)
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or ("<body" in head and "</" in head) \
        or (head.startswith("<") and ("<p>" in text[:20000].lower() or "<div" in head))


def _read_bytes(path: Path, where: str) -> bytes:
    limit = int(settings.get("max_page_bytes"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where) from None
    if size > limit:
        raise InputError(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one page",
                         where=where, hint="split it, or raise KABAR_MAX_PAGE_BYTES")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where) from None


def page_from_text(text: str, doc_id: str, *, origin: str, published: str | None = None,
                   lang: str | None = None, url: str | None = None, title: str | None = None,
                   force_html: bool = False) -> Page:
    """A Page from raw text or HTML (HTML is recognised and its main text extracted)."""
    if force_html or looks_like_html(text):
        from kabar.htmlpage import page_from_html

        return page_from_html(text, doc_id, origin=origin, published=published, lang=lang, url=url, title=title)
    return Page(doc_id=doc_id, text=text, url=url, published=published, lang=lang, title=title, origin=origin)


def _file_pages(path: Path, published: str | None, lang: str | None) -> Iterator[Page | InputError]:
    where = str(path)
    suffix = path.suffix.lower()
    name = path.name.lower()
    for suf, reader in _EXTRA_READERS.items():
        if name.endswith(suf):
            yield from reader(str(path))
            return
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_pages(path, published, lang)
        return
    try:
        text = decode_bytes(_read_bytes(path, where), where)
        yield page_from_text(text, where, origin=where, published=published, lang=lang,
                             force_html=suffix in HTML_SUFFIXES)
    except InputError as exc:
        yield exc


def json_lines(path: str) -> Iterator[tuple[str, "dict | InputError"]]:
    """Each non-blank line of a JSONL file ("-" for standard input): its place ("file:line") and the
    object, or an InputError naming the place for a line that is not a JSON object (so a batch can
    record it and go on). A file that cannot be opened raises InputError."""
    if path == "-":
        fh = contextlib.nullcontext(sys.stdin.buffer)
    else:
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            raise InputError("no such file", where=path) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", where=path) from None
    with fh as lines:
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            loc = f"{path}:{lineno}"
            try:
                rec = json.loads(decode_bytes(raw, loc))
            except InputError as exc:
                yield loc, exc
                continue
            except json.JSONDecodeError as exc:
                yield loc, InputError(f"malformed JSON line ({exc.msg} at column {exc.colno})", where=loc)
                continue
            yield loc, rec if isinstance(rec, dict) else InputError("JSON line is not an object", where=loc)


def _jsonl_pages(path: Path, published: str | None, lang: str | None) -> Iterator[Page | InputError]:
    try:
        for loc, rec in json_lines(str(path)):
            if isinstance(rec, InputError):
                yield rec
                continue
            doc_id = str(rec.get("id") if rec.get("id") is not None else loc)
            text, html = rec.get("text"), rec.get("html")
            if not isinstance(text, str) and not isinstance(html, str):
                yield InputError(f"document '{doc_id}' has no 'text' or 'html' string", where=loc)
                continue
            body = text if isinstance(text, str) and text.strip() else html
            if not body or not body.strip():
                yield InputError(f"document '{doc_id}' is empty", where=loc)
                continue
            if len(body.encode("utf-8", "ignore")) > int(settings.get("max_page_bytes")):
                yield InputError(f"document '{doc_id}' is over the page size limit", where=loc)
                continue
            try:
                yield page_from_text(body, doc_id, origin=loc, published=_date_or_none(rec.get("published")) or published,
                                     lang=rec.get("lang") or lang, url=rec.get("url"), title=rec.get("title"),
                                     force_html=not (isinstance(text, str) and text.strip()))
            except InputError as exc:
                yield exc
    except InputError as exc:  # the file itself cannot be opened
        yield exc


def _date_or_none(value) -> str | None:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


def iter_pages(paths: list[str], published: str | None = None, lang: str | None = None) -> Iterator[Page | InputError]:
    """Every page under ``paths`` (files, directories recursively, ``-`` for stdin), in order."""
    _load_optional_readers()
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            try:
                text = decode_bytes(data, "<stdin>")
                if text.lstrip().startswith("{") and "\n{" in text.strip():
                    # a JSONL stream on stdin
                    import tempfile

                    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
                        tmp.write(text)
                    try:
                        yield from _jsonl_pages(Path(tmp.name), published, lang)
                    finally:
                        os.unlink(tmp.name)
                else:
                    yield page_from_text(text, "-", origin="<stdin>", published=published, lang=lang)
            except InputError as exc:
                yield exc
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
            if not files:
                yield InputError("directory has no files", where=p)
            for f in files:
                yield from _file_pages(f, published, lang)
        elif path.is_file():
            yield from _file_pages(path, published, lang)
        elif path.exists():
            yield InputError("not a regular file or directory", where=p)
        else:
            yield InputError("no such file or directory", where=p)
