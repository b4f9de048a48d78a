#!/usr/bin/env python3
"""Quality gate: score kabar on the golden pages (and the shared dev pages when present).

    python scripts/eval_gate.py              # print figures and the floors they are held to
    python scripts/eval_gate.py --update     # raise floors to the current figures (minus a margin)
    python scripts/eval_gate.py --update --allow-lower   # also lower them (say why in the commit)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = ROOT / "tests" / "golden" / "baseline.json"
SETS = {"golden": ROOT / "tests" / "golden" / "pages.jsonl",
        "dev": ROOT.parent / "shared" / "data" / "dev" / "articles.jsonl"}
MARGIN = 0.02  # floors sit this far under the figures, so harmless noise does not fail CI


def figures(path: Path) -> dict[str, float]:
    from kabar.commands.eval import _read_jsonl, evaluate, predict

    gold = _read_jsonl(str(path), "gold pages")
    summary = evaluate(gold, predict(gold, False))["summary"]
    out = {"f1": summary["overall"]["f1"]}
    for lang, b in summary["by_language"].items():
        out[f"f1_{lang}"] = b["f1"]
    out["negatives_with_events"] = summary["negatives"]["with_events"]
    return out


def check(name: str, figs: dict, floors: dict) -> list[str]:
    failures = []
    for key, floor in floors.items():
        got = figs.get(key)
        if got is None:
            continue
        if key == "negatives_with_events":
            if got > floor:
                failures.append(f"{name}: {key} = {got}, more than the allowed {floor}")
        elif got < floor:
            failures.append(f"{name}: {key} = {got:.3f}, under the floor {floor:.3f}")
    return failures


def updated_floors(figs: dict, floors: dict, allow_lower: bool) -> dict:
    """Floors raised to the figures (less a margin); never lowered unless allowed."""
    new = {}
    for k, v in figs.items():
        old = floors.get(k)
        if k == "negatives_with_events":  # a ceiling: lowering the bar means allowing more
            new[k] = v if (old is None or v <= old or allow_lower) else old
            continue
        cand = round(max(0.0, v - MARGIN), 3)
        new[k] = old if (old is not None and cand < old and not allow_lower) else cand
    return new


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="raise floors to the current figures")
    ap.add_argument("--allow-lower", action="store_true", help="with --update, also lower floors")
    args = ap.parse_args()
    baseline = json.loads(BASELINE.read_text())
    failures = []
    for name, path in SETS.items():
        if not path.is_file():
            print(f"{name}: {path} not present, skipped")
            continue
        figs = figures(path)
        floors = baseline.get(name, {})
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figs.items()))
        failures += check(name, figs, floors)
        if args.update:
            new = updated_floors(figs, floors, args.allow_lower)
            lowered = updated_floors(figs, floors, True)
            for k in new:
                if lowered.get(k) != new[k]:
                    print(f"  {k}: keeping floor {floors[k]} (figure {figs.get(k)}); lowering needs --allow-lower")
            baseline[name] = new
    if args.update:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n")
        print(f"floors written to {BASELINE.relative_to(ROOT)}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
