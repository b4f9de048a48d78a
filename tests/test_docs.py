"""Every CLI command and every setting is documented in README.md or docs/*.md (after datasette's
test_docs.py): a command as `kabar <name>`, a setting by its name or its KABAR_<NAME> variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kabar.cli import COMMANDS
from kabar.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def _docs_text() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in files if p.is_file())


@pytest.fixture(scope="module")
def docs():
    if not (ROOT / "README.md").is_file():
        pytest.xfail("README.md not written yet")
    return _docs_text()


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_every_command_is_documented(docs, name):
    assert re.search(rf"\bkabar {re.escape(name)}\b", docs), f"`kabar {name}` is in no doc (README.md, docs/*.md)"


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_docs_every_setting_is_documented(docs, name):
    assert name in docs or f"KABAR_{name.upper()}" in docs, f"setting '{name}' is in no doc"


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_docs_every_setting_has_help(name):
    s = next(x for x in SETTINGS if x.name == name)
    assert s.help and s.help.endswith(".")
