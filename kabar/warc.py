"""WARC input: the HTML and text pages a crawler stored, read with warcio.

Importing this module registers :func:`iter_warc` with :mod:`kabar.readers` for ``.warc``,
``.warc.gz`` (and ``.arc``/``.arc.gz``) files, so ``kabar ingest crawl.warc.gz`` just works.
"""

from __future__ import annotations

from typing import Iterator

from kabar.errors import InputError
from kabar.records import Page

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _content_type(record) -> str:
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    return ctype.split(";")[0].strip().lower()


def iter_warc(path: str) -> Iterator[Page | InputError]:
    """Each HTML or text page stored in a WARC file (``response`` and ``resource`` records with
    status 200), in file order; an unreadable file or record yields an InputError naming it."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield InputError("reading WARC files needs warcio", where=path, hint="pip install 'kabar[warc]'")
        return
    from kabar import settings
    from kabar.readers import decode_bytes, page_from_text

    limit = int(settings.get("max_page_bytes"))
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", where=path)
        return
    with fh:
        magic = fh.read(11)
        fh.seek(0)
        if not (magic.startswith(b"\x1f\x8b") or magic.startswith(b"WARC/") or magic.startswith(b"filedesc://")):
            yield InputError("not a WARC or ARC file (no WARC header)", where=path)
            return
        n = 0
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                if record.rec_type not in ("response", "resource"):
                    continue
                if record.http_headers is not None and record.http_headers.get_statuscode() not in ("200", None):
                    continue
                ctype = _content_type(record)
                if ctype and ctype not in _PAGE_TYPES:
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                rid = record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{n}"
                where = f"{path}#{n} ({url})" if url else f"{path}#{n}"
                data = record.content_stream().read(limit + 1)
                if len(data) > limit:
                    yield InputError(f"record is over the {limit / 1e6:.0f} MB page limit", where=where)
                    continue
                try:
                    text = decode_bytes(data, where)
                    yield page_from_text(text, url or rid.strip("<>"), origin=where, url=url,
                                         force_html=ctype in ("text/html", "application/xhtml+xml"))
                except InputError as exc:
                    yield exc
        except ArchiveLoadFailed as exc:
            yield InputError(f"not a readable WARC file ({str(exc).strip().splitlines()[0]})", where=path)
        except (OSError, ValueError, EOFError) as exc:
            yield InputError(f"WARC file is damaged or cut off ({exc})", where=path)
            return
        if n == 0:
            yield InputError("no HTML or text pages in this WARC file", where=path)


def _register() -> None:
    from kabar.readers import register_reader

    for suffix in WARC_SUFFIXES:
        register_reader(suffix, iter_warc)


_register()
