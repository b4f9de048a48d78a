"""Language identification behind a small contract: ``detector(text) -> code``.

The default backend is lingua, restricted to the languages kabar has packs for and run on a sample
of the main text only (full-accuracy detection over a whole page is the slowest thing we could do).
Arabic script is decided without lingua.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Protocol

from kabar.errors import ConfigError
from kabar.text import script_of

_LINGUA_NAMES = {
    "id": "INDONESIAN", "ms": "MALAY", "en": "ENGLISH", "ar": "ARABIC", "fr": "FRENCH", "es": "SPANISH",
    "de": "GERMAN", "pt": "PORTUGUESE", "tr": "TURKISH", "ru": "RUSSIAN", "sw": "SWAHILI", "tl": "TAGALOG",
}

# Words that tell Malay from Indonesian; lingua confuses the two on short news text. A tuning table,
# checked against our own fixtures in tests/test_langid.py.
_MALAY_MARKERS = ("polis", "askar", "semalam", "kerajaan", "daripada", "iaitu", "kenyataan", "beliau",
                  "disember", "ogos", "khamis", "jumaat", "isnin", "penceroboh", "bukan sahaja", "boleh",
                  "mereka yang", "berkata", "kerana", "bahawa", "selepas", "sahaja", "manakala", "kenderaan",
                  "hospital", "mac", "julai")
_INDONESIAN_MARKERS = ("polisi", "tentara", "kemarin", "pemerintah", "dari pada", "yaitu", "pernyataan",
                       "desember", "agustus", "kamis", "jumat", "senin", "bisa", "mengatakan", "kabupaten",
                       "tni", "polri", "warga", "karena", "bahwa", "setelah", "saja", "kendaraan", "rumah sakit",
                       "aparat", "maret", "juli")


class LanguageDetector(Protocol):
    def __call__(self, text: str) -> str: ...


class LinguaDetector:
    """lingua over the installed packs' languages, on a sample of the text."""

    def __init__(self, codes: list[str], sample_chars: int = 1500):
        self.codes = [c for c in codes if c in _LINGUA_NAMES]
        self.sample_chars = sample_chars
        self._detector = None
        self.votes = StopwordVote(self.codes)

    def _build(self):
        from lingua import Language, LanguageDetectorBuilder

        langs = [getattr(Language, _LINGUA_NAMES[c]) for c in self.codes if c != "ar"]
        if len(langs) < 2:
            langs.append(Language.ENGLISH if Language.ENGLISH not in langs else Language.FRENCH)
        self._detector = LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()
        self._reverse = {getattr(Language, _LINGUA_NAMES[c]): c for c in self.codes}

    def __call__(self, text: str) -> str:
        sample = text[: self.sample_chars]
        if "ar" in self.codes and script_of(sample) == "arabic":
            return "ar"
        code = self.votes.decide(sample)
        if code is None:  # no clear vote: ask lingua
            if self._detector is None:
                self._build()
            lang = self._detector.detect_language_of(sample)
            code = self._reverse.get(lang, self.codes[0] if self.codes else "en")
        if code in ("id", "ms") and "id" in self.codes and "ms" in self.codes:
            code = _malay_or_indonesian(text[:4000])
        return code


def _malay_or_indonesian(text: str) -> str:
    """Which of the two the text's marker words vote for (Indonesian on a tie)."""
    low = text.lower()
    words = Counter(low.split(" "))  # one pass, then a look-up per one-word marker
    padded = " " + low + " "

    def hits(markers: tuple[str, ...]) -> int:
        return sum(padded.count(f" {w} ") if " " in w else words[w] for w in markers)

    return "ms" if hits(_MALAY_MARKERS) > hits(_INDONESIAN_MARKERS) else "id"


class StopwordVote:
    """A quick vote by each pack's frequent function words (``stopwords.yaml``).

    Decides only when one language clearly leads; Indonesian and Malay share most function words,
    so they vote together and markers split them afterwards.
    """

    MIN_HITS = 8  # tuned on our fixtures: a 1,500-character news sample has 30+ function words
    MARGIN = 2.0  # the leader needs twice the runner-up's hits

    def __init__(self, codes: list[str]):
        import re

        from kabar import yamlio

        from kabar.lang import LANG_DIR

        self._word = re.compile(r"[^\W\d_]+")
        self.words: dict[str, str] = {}
        for code in codes:
            path = LANG_DIR / code / "stopwords.yaml"
            if not path.is_file():
                continue
            group = "id" if code in ("id", "ms") else code
            for w in (yamlio.load(path.read_text(encoding="utf-8")) or {}).get("words", []):
                w = str(w).lower()
                if w in self.words and self.words[w] != group:
                    self.words[w] = ""  # shared by two groups: no vote
                else:
                    self.words[w] = group

    def decide(self, sample: str) -> str | None:
        counts = Counter(map(self.words.get, self._word.findall(sample.lower())))
        counts = {g: n for g, n in counts.items() if g}
        if not counts:
            return None
        ranked = sorted(counts.values(), reverse=True)
        best = max(counts, key=counts.get)
        if ranked[0] >= self.MIN_HITS and (len(ranked) == 1 or ranked[0] >= self.MARGIN * ranked[1]):
            return best
        return None


class ScriptDetector:
    """A dependency-free fallback: Arabic script -> ar, else the first Latin-script language."""

    def __init__(self, codes: list[str]):
        self.codes = codes

    def __call__(self, text: str) -> str:
        if "ar" in self.codes and script_of(text) == "arabic":
            return "ar"
        return next((c for c in self.codes if c != "ar"), "en")


DETECTORS: dict[str, Callable[[list[str]], LanguageDetector]] = {
    "lingua": LinguaDetector,
    "script": ScriptDetector,
}


def make_detector(name: str, codes: list[str]) -> LanguageDetector:
    try:
        return DETECTORS[name](codes)
    except KeyError:
        raise ConfigError(f"unknown language detector '{name}'", hint=f"choose from {', '.join(DETECTORS)}") from None
