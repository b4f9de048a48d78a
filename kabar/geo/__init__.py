"""Offline geocoding: a gazetteer compiled from GeoNames data shipped by PyPI packages, plus ours.

Import is cheap; the gazetteer is loaded by ``Geocoder.load()`` (built and cached on first use).
GeoNames data (https://www.geonames.org/) is licensed CC BY 4.0.
"""

from __future__ import annotations

__all__ = ["Geocoder", "PlaceMention", "Candidate"]


def __getattr__(name: str):
    if name in __all__:
        from kabar.geo import geocoder
        return getattr(geocoder, name)
    raise AttributeError(f"module 'kabar.geo' has no attribute {name!r}")
