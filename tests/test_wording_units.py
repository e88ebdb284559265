"""Unit tests that kill mutants of iopdir.listing.wording (./dev mutation): each reading of a value, exactly, at the
edges where a changed comparison or constant would show (noon and midnight, one day, equal ends of a range)."""

import pytest

from iopdir.listing import wording


@pytest.mark.parametrize("value, words", [(None, "Not reported"), (True, "Yes"), (False, "No"), (0, "No"),
                                          (1, "Yes")])
def test_yes_no_keeps_unknown_apart_from_no(value, words):
    assert wording.yes_no(value) == words


@pytest.mark.parametrize("count, words", [(0, "0 days"), (1, "1 day"), (2, "2 days"), (30, "30 days")])
def test_days_is_singular_for_one_only(count, words):
    assert wording.days(count) == words


def test_days_ago():
    assert wording.days_ago(1) == "1 day ago"
    assert wording.days_ago(12) == "12 days ago"


@pytest.mark.parametrize("value, words", [(9, "9"), (9.0, "9"), (9.5, "9.5"), (12.25, "12.25")])
def test_hours_drop_a_whole_numbers_point(value, words):
    assert wording.hours(value) == words


@pytest.mark.parametrize("low_high, words", [((9, 12), "9–12"), ((9, 9), "9"), ((9.5, 12), "9.5–12"), (None, None),
                                             ((), None)])
def test_hours_range(low_high, words):
    assert wording.hours_range(low_high) == words


@pytest.mark.parametrize("hhmm, words", [("00:00", "12:00 am"), ("00:30", "12:30 am"), ("09:05", "9:05 am"),
                                         ("11:59", "11:59 am"), ("12:00", "12:00 pm"), ("12:45", "12:45 pm"),
                                         ("13:00", "1:00 pm"), ("18:00", "6:00 pm"), ("23:15", "11:15 pm")])
def test_clock_reads_twelve_hour_time(hhmm, words):
    assert wording.clock(hhmm) == words


@pytest.mark.parametrize("h, words", [(0, "12 am"), (1, "1 am"), (9, "9 am"), (11, "11 am"), (12, "noon"),
                                      (13, "1 pm"), (18, "6 pm"), (23, "11 pm"), (24, "12 am"), (36, "noon")])
def test_hour_on_a_week_grids_side(h, words):
    assert wording.hour(h) == words


@pytest.mark.parametrize("start, end, words", [
    ("18:00", "21:00", "6–9 pm"),  # both in the afternoon: one "pm"
    ("09:00", "11:30", "9–11:30 am"),
    ("09:30", "12:30", "9:30 am–12:30 pm"),  # across noon: each end its own
    ("11:00", "12:00", "11 am–12 pm"),
    ("00:00", "01:05", "12–1:05 am"),
    ("12:00", "13:00", "12–1 pm"),
])
def test_clock_range_in_few_characters(start, end, words):
    assert wording.clock_range(start, end) == words


@pytest.mark.parametrize("value, kind, words", [
    ({"min": 13, "max": 17}, "ages", "13 to 17"),
    ({"min": 18}, "ages", "18 and older"),
    ({"min": 18, "max": None}, "ages", "18 and older"),
    ({"max": 17}, "ages", "up to 17"),
    ({"min": 0, "max": 17}, "ages", "0 to 17"),  # a minimum of 0 is a minimum, not "not said"
    ({"min": 8, "max": 12}, "weeks", "8–12 weeks"),
    ({"min": 8, "max": 8}, "weeks", "8 weeks"),
    ({"min": 6}, "weeks", "at least 6 weeks"),
    ({"max": 10}, "weeks", "up to 10 weeks"),
    ({"min": 0, "max": 4}, "weeks", "0–4 weeks"),
    ({"min": 300, "max": 650}, "dollars", "$300–$650"),
    ({"min": 1500, "max": 12000.4}, "dollars", "$1,500–$12,000"),
    ({"min": 0}, "dollars", "at least $0"),
    ({"max": 650}, "dollars", "up to $650"),
    ({"min": 400, "max": 400}, "dollars", "$400"),
    ({"min": 2, "max": 5}, "sessions", "2–5"),  # another kind: no unit
    (None, "weeks", None),
    ({}, "ages", None),
])
def test_span_in_words(value, kind, words):
    assert wording.span(value, kind) == words
