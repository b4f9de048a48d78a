"""Error types. Each message says what was wrong, where (file, line, document) and what to do."""

from __future__ import annotations


class KabarError(Exception):
    """Base class: an error kabar reports to the user as one line, never as a traceback."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        out = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            out += f" ({self.hint})"
        return out


class InputError(KabarError):
    """A page or file that cannot be read: missing, empty, binary, too large, malformed."""


class ConfigError(KabarError):
    """A setting, option or backend name that is not valid."""


class StoreError(KabarError):
    """The event store cannot be opened or written."""


class DataError(KabarError):
    """Bundled data (a language pack, the gazetteer) is missing or malformed."""
