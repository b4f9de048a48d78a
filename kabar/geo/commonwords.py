"""Regenerate ``kabar/data/gazetteer/common_words.txt`` (needs the optional ``wordfreq`` package).

    python -m kabar.geo.commonwords

Keeps the single-word gazetteer keys that are frequent words (Zipf >= 3.3) in any of our languages.
"""

from __future__ import annotations

import sys

from kabar.geo.build import DATA_DIR
from kabar.geo.text import norm_name

LANGS = ("en", "fr", "es", "id", "ms", "ar")
MIN_ZIPF = 3.3


def common_keys(place_keys) -> set[str]:
    import wordfreq
    out: set[str] = set()
    for lang in LANGS:
        for w in wordfreq.top_n_list(lang, 60000):
            if wordfreq.zipf_frequency(w, lang) < MIN_ZIPF:
                break
            k = norm_name(w)
            if k in place_keys and " " not in k and len(k) >= 3:
                out.add(k)
    return out


def main() -> int:
    from kabar.geo.gazetteer import Gazetteer
    path = DATA_DIR / "common_words.txt"
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    keys = common_keys(Gazetteer.load().d.keys)
    path.write_text("\n".join(header + sorted(keys)) + "\n", encoding="utf-8")
    print(f"{len(keys)} common words written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
