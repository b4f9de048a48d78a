"""The compiled gazetteer: cached on disk, loaded in a fraction of a second, queried by name key."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from pathlib import Path

from kabar.errors import DataError
from kabar.geo.build import KINDS, GazetteerData, build, cache_key
from kabar.records import Place


def default_cache_dir() -> Path:
    from kabar import settings
    return Path(os.path.expanduser(str(settings.get("cache_dir"))))


class Gazetteer:
    """Read access to :class:`GazetteerData`: name keys -> place rows -> :class:`Place` records."""

    def __init__(self, data: GazetteerData):
        self.d = data
        self.iso3_to_ci = {iso3: i for i, (_, iso3, _) in enumerate(data.countries)}
        self.iso2_to_ci = {iso2: i for i, (iso2, _, _) in enumerate(data.countries)}

    # -- loading --------------------------------------------------------------------------------
    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> "Gazetteer":
        """Load the compiled index from ``cache_dir``, building and caching it on first use."""
        cdir = Path(os.path.expanduser(str(cache_dir))) if cache_dir else default_cache_dir()
        path = cdir / f"gazetteer-{cache_key()}.pkl"
        if path.exists():
            try:
                with open(path, "rb") as fh:
                    gc.disable()  # millions of small objects: the collector only slows unpickling
                    try:
                        data = pickle.load(fh)
                    finally:
                        gc.enable()
                return cls(data)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
                raise DataError(f"cannot read the compiled gazetteer: {exc}", where=str(path),
                                hint="delete the file; it is rebuilt on next use") from None
        data = build()
        try:
            cdir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cdir, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for old in cdir.glob("gazetteer-*.pkl"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # an unwritable cache only costs the next run a rebuild
        return cls(data)

    # -- look-ups -------------------------------------------------------------------------------
    def ids(self, key: str) -> tuple[int, ...]:
        """Place rows whose name normalises to ``key``, most populous first."""
        v = self.d.keys.get(key)
        if v is None:
            return ()
        if v >= 0:
            return (v,)
        p = -v
        return tuple(self.d.post[self.d.post_off[p - 1]: self.d.post_off[p]])

    def has(self, key: str) -> bool:
        return key in self.d.keys

    def kind(self, i: int) -> str:
        return KINDS[self.d.kind[i]]

    def iso3(self, i: int) -> str:
        return self.d.countries[self.d.cc[i]][1]

    def admin1_of(self, i: int) -> int:
        return self.d.admin1[i]

    def place(self, i: int, score: float = 0.0) -> Place:
        """The :class:`Place` record of row ``i``."""
        d = self.d
        _, iso3, cname = d.countries[d.cc[i]]
        a1 = d.admin1[i]
        a2 = d.admin2[i]
        return Place(
            name=d.names[i], country=cname, iso=iso3,
            admin1=d.admin1_names[a1] if a1 >= 0 else None,
            latitude=round(float(d.lat[i]), 5), longitude=round(float(d.lon[i]), 5),
            admin2=d.admin2_names[a2] if a2 >= 0 else None,
            kind=KINDS[d.kind[i]], population=int(d.pop[i]),
            geonameid=int(d.gid[i]) or None, score=round(score, 3),
        )

    def country_index(self, iso3_or_name: str) -> int | None:
        """A country by ISO alpha-3/alpha-2 code or by any of its names ("Myanmar (Burma)" too)."""
        from kabar.geo.text import norm_name
        s = (iso3_or_name or "").strip()
        if not s:
            return None
        up = s.upper()
        if up in self.iso3_to_ci:
            return self.iso3_to_ci[up]
        if len(s) == 2 and up in self.iso2_to_ci:
            return self.iso2_to_ci[up]
        for form in (s, s.split("(")[0], s.split("(")[-1].rstrip(")"), s.replace("-", " and ")):
            ci = self.d.country_keys.get(norm_name(form))
            if ci is not None:
                return ci
        return None

    def country_place(self, ci: int) -> Place:
        return self.place(self.d.country_place[ci])
