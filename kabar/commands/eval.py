"""kabar eval: score kabar (or given predictions) against gold pages."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "Score extraction against gold pages (JSONL in the format of shared/data/SCHEMA.md)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold pages: id, lang, published, text, events[]")
    p.add_argument("--predictions", metavar="P.jsonl", help="score these events (one JSON per line, with "
                   "doc_id) instead of running kabar")
    p.add_argument("--lang-filter", metavar="CODE", help="only pages of this language")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--misses", action="store_true", help="also list unmatched predicted and gold events")
    p.add_argument("--save-predictions", metavar="FILE", help="write kabar's predictions here (JSONL)")


def _read_jsonl(path: str, what: str) -> list[dict]:
    """Every line of a gold or predictions file; the first bad line stops with its place named."""
    from kabar.errors import InputError
    from kabar.readers import json_lines

    try:
        rows = list(json_lines(path))
    except InputError as exc:
        raise InputError(f"cannot read {what}: {exc.message}", where=path) from None
    for _, rec in rows:
        if isinstance(rec, InputError):
            raise InputError(f"{rec.message} in {what}", where=rec.where)
    return [rec for _, rec in rows]


def evaluate(gold_rows: list[dict], predictions: dict[str, list[dict]]) -> dict:
    """Score predictions (doc_id -> events) against gold rows; returns the summary and page scores."""
    from kabar.evaluate import score_page, summarize

    pages = [score_page(str(g["id"]), g.get("lang") or "?", g.get("events") or [], predictions.get(str(g["id"]), []))
             for g in gold_rows]
    return {"summary": summarize(pages), "pages": pages}


def predict(gold_rows: list[dict], show_progress: bool) -> dict[str, list[dict]]:
    from kabar.pipeline import Pipeline
    from kabar.readers import page_from_text

    pipeline = Pipeline()
    out: dict[str, list[dict]] = {}
    rows = gold_rows
    if show_progress:
        from tqdm import tqdm

        rows = tqdm(rows, unit="page", desc="eval", file=sys.stderr)
    for g in rows:
        page = page_from_text(g.get("text") or "", str(g["id"]), origin=str(g["id"]), published=g.get("published"),
                              url=g.get("url"), title=g.get("title"))
        res = pipeline.process(page)
        if res.error:
            print(f"kabar eval: error: {res.error}", file=sys.stderr)
        out[str(g["id"])] = [e.to_dict() for e in res.events]
    return out


def run(args: argparse.Namespace) -> int:
    from kabar.evaluate import render

    gold = _read_jsonl(args.gold, "gold pages")
    if args.lang_filter:
        gold = [g for g in gold if g.get("lang") == args.lang_filter]
    if args.predictions:
        preds: dict[str, list[dict]] = {}
        for e in _read_jsonl(args.predictions, "predictions"):
            preds.setdefault(str(e.get("doc_id")), []).append(e)
    else:
        preds = predict(gold, sys.stderr.isatty())
    if args.save_predictions:
        with open(args.save_predictions, "w", encoding="utf-8") as fh:
            for evs in preds.values():
                for e in evs:
                    fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    result = evaluate(gold, preds)
    if args.json:
        print(json.dumps(result["summary"], indent=2))
    else:
        sys.stdout.write(render(result["summary"]))
    if args.misses:
        for ps in result["pages"]:
            for p in ps.unmatched_pred:
                print(f"  extra  {ps.doc_id}: {p.get('sub_event_type')} | {p.get('location')}, {p.get('admin1')}, "
                      f"{p.get('country')} | {p.get('event_date')} | {p.get('fatalities')}")
            for g in ps.unmatched_gold:
                print(f"  missed {ps.doc_id}: {g.get('sub_event_type')} | {g.get('location')}, {g.get('admin1')}, "
                      f"{g.get('country')} | {g.get('event_date')} | {g.get('fatalities')}")
    return 0
