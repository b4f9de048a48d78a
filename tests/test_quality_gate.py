"""The quality gate: extraction must not fall under the floors in tests/golden/baseline.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import eval_gate  # noqa: E402

BASELINE = json.loads((ROOT / "tests" / "golden" / "baseline.json").read_text())


def test_quality_gate_golden_pages_hold_their_floors():
    figs = eval_gate.figures(eval_gate.SETS["golden"])
    assert eval_gate.check("golden", figs, BASELINE["golden"]) == []


@pytest.mark.benchdata
def test_quality_gate_dev_pages_hold_their_floors():
    path = eval_gate.SETS["dev"]
    if not path.is_file():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    figs = eval_gate.figures(path)
    assert eval_gate.check("dev", figs, BASELINE["dev"]) == []


def test_quality_gate_reports_figures_under_their_floors():
    assert eval_gate.check("x", {"f1": 0.5}, {"f1": 0.9}) == ["x: f1 = 0.500, under the floor 0.900"]
    assert eval_gate.check("x", {"negatives_with_events": 3}, {"negatives_with_events": 1})
    assert eval_gate.check("x", {"f1": 0.95}, {"f1": 0.9}) == []


def test_quality_gate_update_refuses_to_lower_floors_without_flag():
    floors = {"f1": 0.8, "negatives_with_events": 1}
    worse = {"f1": 0.6, "negatives_with_events": 3}
    assert eval_gate.updated_floors(worse, floors, allow_lower=False) == floors
    assert eval_gate.updated_floors(worse, floors, allow_lower=True) == {"f1": 0.58, "negatives_with_events": 3}
    better = {"f1": 0.9, "negatives_with_events": 0}
    assert eval_gate.updated_floors(better, floors, allow_lower=False) == {"f1": 0.88, "negatives_with_events": 0}
