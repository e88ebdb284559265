"""Offline US geography: ZIP code -> state, city, centre and time zone (the `zipcodes` package's table)."""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Zip:
    code: str
    state: str
    city: str
    lat: float
    lon: float
    timezone: str


# The rows this needs of the `zipcodes` package's table, kept in the repository as a small tab-separated file.
# zipcodes builds a dict of 15 fields for each of its 42,789 codes before it can answer (0.36 s); this file is read
# in 0.02 s, once in each process that validates listings. Its first line is the zipcodes version it was made from;
# a test remakes it from the installed zipcodes and compares (`python -m iopdir.listing.geography` writes it again).
TABLE = Path(__file__).resolve().parent.parent / "data" / "zips.tsv.gz"  # package data (see pyproject.toml)
_FIELDS = ("zip_code", "state", "city", "lat", "long", "timezone")


def table_text() -> str:
    """The table file's text, made from the installed zipcodes package: the version, then one code a line."""
    import zipcodes

    lines = [zipcodes.__version__]
    for row in zipcodes.list_all():
        try:
            float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue  # a code without a centre is not one a listing can be placed by
        lines.append("\t".join(str(row.get(name) or "") for name in _FIELDS))
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _lines() -> dict[str, str]:
    body = gzip.decompress(TABLE.read_bytes()).decode("utf-8").split("\n", 1)[1]
    return {line[:5]: line for line in body.splitlines()}


def _zip(line: str) -> Zip:
    code, state, city, lat, lon, timezone = line.split("\t")
    return Zip(code, state, city, float(lat), float(lon), timezone)


@lru_cache(maxsize=1)
def zip_table() -> dict[str, Zip]:
    """All ZIP codes with a centre (lookup() reads one at a time)."""
    return {code: _zip(line) for code, line in _lines().items()}


def lookup(postal_code: str) -> Zip | None:
    """The ZIP of a 5-digit or ZIP+4 code, or None when unknown."""
    line = _lines().get(postal_code[:5])
    return _zip(line) if line else None


RADIANS = math.pi / 180
EARTH_MILES = 3958.8


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles (haversine; plenty for "within 25 miles").

    Written operation for operation like milesBetween() in theme/static/js/shared.js, so that the browser and
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



if __name__ == "__main__":  # python -m iopdir.listing.geography: write the table file again (after upgrading zipcodes)
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_bytes(gzip.compress(table_text().encode("utf-8"), mtime=0))
    print(f"{TABLE}: {len(_lines.__wrapped__()):,} ZIP codes")
