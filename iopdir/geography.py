"""Offline US geography: ZIP code -> state, city, centre and time zone (the `zipcodes` package's table)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Zip:
    code: str
    state: str
    city: str
    lat: float
    lon: float
    timezone: str


@lru_cache(maxsize=1)
def zip_table() -> dict[str, Zip]:
    """All ZIP codes, loaded once (about 0.3 s); lookups are then a dict access."""
    import zipcodes  # deferred: the table is only needed when a listing is validated or located

    table = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        table[row["zip_code"]] = Zip(row["zip_code"], row["state"], row["city"], lat, lon, row.get("timezone") or "")
    return table


def lookup(postal_code: str) -> Zip | None:
    """The ZIP of a 5-digit or ZIP+4 code, or None when unknown."""
    return zip_table().get(postal_code[:5])


RADIANS = math.pi / 180
EARTH_MILES = 3958.8


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles (haversine; plenty for "within 25 miles").

    Written operation for operation like milesBetween() in theme/static/js/search.js, so that the browser and
    `iopdir search` get the same floating-point result."""
    p1, p2 = lat1 * RADIANS, lat2 * RADIANS
    dp, dl = p2 - p1, (lon2 - lon1) * RADIANS
    s1, s2 = math.sin(dp / 2), math.sin(dl / 2)
    a = s1 * s1 + math.cos(p1) * math.cos(p2) * s2 * s2
    return 2 * EARTH_MILES * math.asin(math.sqrt(a))


CENTRE_DECIMALS = 4  # about 11 m: ZIP centres are shipped (to the browser and the index) rounded to this


def centre_shards() -> dict[str, dict[str, list[float]]]:
    """ZIP centres grouped by the code's first two digits: {"07": {"07102": [40.732, -74.1765], ...}, ...}."""
    shards: dict[str, dict[str, list[float]]] = {}
    for code, z in sorted(zip_table().items()):
        shards.setdefault(code[:2], {})[code] = [round(z.lat, CENTRE_DECIMALS), round(z.lon, CENTRE_DECIMALS)]
    return shards


def read_centre(folder, code: str) -> tuple[float, float] | None:
    """A ZIP centre from shards written by `centre_shards` into `folder` (no need to load the whole table)."""
    import json
    from pathlib import Path

    if not (len(code) == 5 and code.isdigit()):
        return None
    try:
        found = json.loads((Path(folder) / f"{code[:2]}.json").read_text()).get(code)
    except (OSError, ValueError):
        return None
    return (found[0], found[1]) if found else None

