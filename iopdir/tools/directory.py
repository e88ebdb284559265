"""The whole published directory as downloads: one CSV row per program, and JSON with every listing and its
computed facts (the site's /data/ page offers both; `iopdir export` writes them too).

The CSV's columns are the facts of iopdir.listing.facts, by key, after a few that name the program (COLUMNS): a fact
added there needs a column here (or a reason in PER_TRACK to have none), or tests/test_export.py fails. A value reads
as the program page and the comparison read it ("Yes", "8–12 weeks"); "Not reported" is never "No". The columns are
stable: a new one is added at the end of its group, none is renamed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from iopdir.choosing import comparison
from iopdir.listing import glance
from iopdir.listing.facts import FACTS
from iopdir.listing.program import Program
from iopdir.listing.wording import NOT_REPORTED
from iopdir.search.index import insurance_summary
from iopdir.tools import table

CSV_NAME, JSON_NAME = "programs.csv", "programs.json"


@dataclass(frozen=True)
class Column:
    key: str
    about: str  # what the column holds, for the /data/ page
    of: Callable[[Program], str | None]


# The columns that name a program, before its facts.
_NAMING = (
    Column("id", "The listing's id; its page is programs/<id>/", lambda p: p.id),
    Column("name", "The program's name", lambda p: p.name),
    Column("url", "Its page, from the site's root", lambda p: p.url),
    Column("state", "The state whose folder holds the listing (USPS code)", lambda p: p.state),
    Column("status", "active or temporarily_closed (closed programs are not published)", lambda p: p.status),
    Column("summary", "The listing's one-sentence summary", lambda p: p.summary),
)

#: Facts of a single track: the `tracks` column gives every track's name, hours and days, the timetable columns
#: each day's sessions.
PER_TRACK = ("track_audience", "track_hours", "track_days", "track_length")


def _reported(text: str) -> str | None:
    return None if text == NOT_REPORTED else text  # (a card's summary says it in words)


def _timezones(p: Program) -> str | None:
    return ", ".join(dict.fromkeys(t.timezone for t in p.tracks)) or None


# Facts the comparison has no row for: how to read each from a program (the value its fact's definition reads).
_OTHER = {
    "timezone": lambda p: _timezones(p),
    "family_notes": lambda p: p.get("family_programming", "notes"),
    "aftercare_notes": lambda p: p.get("aftercare", "notes"),
    "outcomes_notes": lambda p: p.outcomes.get("notes"),
    "insurance": lambda p: _reported(insurance_summary(p)),
    "organization": lambda p: p.organization.get("name"),
    "ownership": lambda p: p.organization.get("ownership"),
    "intake_phone": lambda p: p.intake_phone.display if p.intake_phone else None,
    "email": lambda p: p.get("contact", "email"),
    "website": lambda p: p.get("contact", "website"),
    "source": lambda p: p.get("verification", "source"),
    # At a glance's own facts (iopdir.listing.glance), read as the glance reads them.
    "days": lambda p: glance._days(p),
    "audience": lambda p: glance._audience(p),
    "insurance_programs": lambda p: glance._insurance(p.get("insurance") or {}),
    "verified": lambda p: glance._verified(p),
}


def _fact_column(key: str) -> Column:
    rows = {r.key: r for g in comparison.GROUPS for r in g.rows}
    if key in rows:
        return Column(key, FACTS[key].label, rows[key].value)
    if key not in _OTHER:  # a new fact: every download would lack it
        raise LookupError(f"the fact {key!r} of iopdir.listing.facts has no comparison row and no reader in "
                          f"iopdir.tools.directory._OTHER: give it one")
    of = _OTHER[key]
    return Column(key, FACTS[key].label, lambda p: FACTS[key].text(of(p)))


#: Every column of programs.csv, in order.
COLUMNS: tuple[Column, ...] = _NAMING + tuple(_fact_column(k) for k in FACTS if k not in PER_TRACK)


def values(p: Program, comparison_values: list[list] | None = None) -> list[str | None]:
    """A program's value in every column, in words; None when the listing does not say. (Made once a program for
    all the downloads.) `comparison_values`: comparison.program_data(p)["values"], when the build has made them
    already for the comparison data: they are most of the cost, and the same words."""
    if comparison_values is None:
        return [c.of(p) or None for c in COLUMNS]
    known = [v for found in comparison_values for v in found]
    return [(c.of(p) if at is None else known[at]) or None for c, at in _places()]


@lru_cache(maxsize=1)
def _places() -> list[tuple[Column, int | None]]:
    """Each column with the place of its value among comparison.program_data's values, every group's in turn (None:
    the comparison has no row for it). Found once, not a dict of each program's values by key: values() took 37 µs
    a program with the dict, 30 without."""
    at = {r.key: n for n, r in enumerate(r for g in comparison.GROUPS for r in g.rows)}
    return [(c, at.get(c.key)) for c in COLUMNS]


def row(found: list[str | None]) -> list[str]:
    """A CSV row from values(): "Not reported" where the listing does not say."""
    return [NOT_REPORTED if v is None else v for v in found]


def csv_line(found: list[str | None]) -> str:
    """One program's line of programs.csv, from values() (csv_text's lines, one at a time)."""
    return table.lines([row(found)])


def csv_header() -> str:
    return table.header(c.key for c in COLUMNS)


def json_record(p: Program) -> dict:
    """One program as programs.json holds it."""
    return {"listing": p.data, "computed": computed(p)}


def json_head(count: int, today: dt.date, licence: dict) -> dict:
    """programs.json without its programs (json_data's other keys, in its order)."""
    return {"generated": today.isoformat(), "license": licence, "count": count}


def csv_text(programs: list[Program], found: list[list[str | None]] | None = None) -> str:
    """programs.csv; `found`: values() of each program, when the caller has them."""
    found = found if found is not None else [values(p) for p in programs]
    return table.text([c.key for c in COLUMNS], map(row, found))


def computed(p: Program) -> dict:
    """What the site works out from a listing rather than trusting it (iopdir.listing.program), as plain JSON."""
    hours = p.hours_per_week
    return {
        "url": p.url,
        "state": p.state,
        "hours_per_week": None if hours is None else {"min": hours[0], "max": hours[1]},
        "tracks": [{"name": t.name, "hours_per_week": t.hours_per_week, "days_per_week": t.days_per_week,
                    "evening": t.evening, "weekend": t.weekend} for t in p.tracks],
        "evening": p.evening,
        "weekend": p.weekend,
        "online": p.online,
        "in_person": p.in_person,
        "telehealth_states": p.telehealth_states,
        "accredited": p.accredited,
        "freshness": p.freshness,
        "days_since_verified": p.days_since_verified,
        "phone": {"display": p.phone.display, "tel": p.phone.tel},
        "intake_phone": None if p.intake_phone is None else {"display": p.intake_phone.display,
                                                             "tel": p.intake_phone.tel},
        "places": [{"city": loc.city, "state": loc.state, "lat": loc.lat, "lon": loc.lon, "geo_source": loc.geo_source}
                   for loc in p.locations],
        "insurance_summary": insurance_summary(p),
    }


def json_data(programs: list[Program], today: dt.date, licence: dict) -> dict:
    """Every published listing as written (`listing`), with what the site computes from it (`computed`). (The facts
    in words are the CSV's: not repeated here, where they would double the file.)"""
    return {**json_head(len(programs), today, licence), "programs": [json_record(p) for p in programs]}


# The data licences a directory is likely to choose (IOPDIR_DATA_LICENSE, an SPDX id): their names and texts. Another
# id is shown as it is, without a link.
LICENSES = {
    "CC0-1.0": ("CC0 1.0 Universal (public domain dedication)", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0",
                 "https://opendatacommons.org/licenses/pddl/1-0/"),
}


def licence(spdx: str) -> dict:
    """A licence as a data package names it: {"name": SPDX id, "title": ..., "path": its text} (no path when the id
    is not one of LICENSES)."""
    title, path = LICENSES.get(spdx, (spdx, None))
    return {"name": spdx, "title": title, **({"path": path} if path else {})}
