"""The order of results: by score when there are words, with names that sort the other way (so a sort by name
cannot pass); and distances held to known straight-line mileages between ZIP codes."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.listing import geography
from iopdir.listing.validation import validate_bytes
from iopdir.listing.yamlstrict import dump, load
from iopdir.search import index, query

TODAY = dt.date(2026, 11, 25)
FIXTURE = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_bytes()

# Name first in the alphabet, least about the word; last in the alphabet, most about it.
PROGRAMS = [
    ("aaron-street-iop", "Aaron Street IOP", "Group sessions for adults. Family meetings are offered."),
    ("middle-road-iop", "Middle Road IOP", "Group sessions for adults. Family meetings are offered. Family night."),
    ("zephyr-family-iop", "Zephyr Family IOP", "Family therapy for families: family sessions every week, family first."),
]


def listing(pid: str, name: str, summary: str):
    data = load(FIXTURE, "f.yaml").data
    data.update(id=pid, name=name, summary=summary)
    checked = validate_bytes(dump(data).encode(), f"{pid}.yaml", Path(f"programs/nj/{pid}.yaml"), TODAY)
    assert checked.program is not None, checked.findings
    return checked.program


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    directory = tmp_path_factory.mktemp("ranking") / "index"
    index.build([listing(*p) for p in PROGRAMS], directory)
    opened = index.Index.open(directory)
    yield opened
    opened.close()


def test_words_order_results_by_score_not_by_name(ix):
    results = query.run(ix, "family")
    assert [r.id for r in results] == ["zephyr-family-iop", "middle-road-iop", "aaron-street-iop"]
    assert results[0].score > results[1].score > results[2].score


def test_without_words_results_are_in_name_order(ix):
    assert [r.id for r in query.run(ix, "")] == ["aaron-street-iop", "middle-road-iop", "zephyr-family-iop"]


# Straight-line distances between ZIP code centres, as published distance tables give them (miles, rounded).
KNOWN = [
    ("07102", "10001", 9),     # Newark NJ - Manhattan
    ("10001", "19103", 81),    # Manhattan - Center City Philadelphia
    ("10001", "02134", 185),   # Manhattan - Allston, Boston
    ("60601", "98101", 1733),  # Chicago Loop - Seattle
    ("85004", "87102", 330),   # Phoenix - Albuquerque
]


@pytest.mark.parametrize("a, b, expected", KNOWN)
def test_distances_match_known_mileages(a, b, expected):
    za, zb = geography.lookup(a), geography.lookup(b)
    got = query.miles(za.lat, za.lon, zb.lat, zb.lon)
    assert got == pytest.approx(expected, rel=0.03, abs=1.0)
    assert query.miles(zb.lat, zb.lon, za.lat, za.lon) == got
