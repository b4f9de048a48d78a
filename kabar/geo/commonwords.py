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


def common_keys(place_keys) -> dict[str, float]:
    """Place keys that are frequent words, with their highest Zipf frequency in our languages."""
    import wordfreq
    out: dict[str, float] = {}
    for lang in LANGS:
        for w in wordfreq.top_n_list(lang, 60000):
            z = wordfreq.zipf_frequency(w, lang)
            if z < MIN_ZIPF:
                break
            k = norm_name(w)
            if k in place_keys and " " not in k and len(k) >= 3:
                out[k] = max(out.get(k, 0.0), z)
    return out


def main() -> int:
    from kabar.geo.gazetteer import Gazetteer
    path = DATA_DIR / "common_words.txt"
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    keys = common_keys(Gazetteer.load().d.keys)
    lines = [f"{k}\t{z:.1f}" for k, z in sorted(keys.items())]
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(keys)} common words written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
