"""Computed facts of the program model: hours, evening, weekend, online, accredited, freshness, phone, coordinates."""

import datetime as dt

import pytest

from iopdir.listing.program import Phone, build

TODAY = dt.date(2026, 11, 25)


def listing(**changes):
    data = {
        "id": "p", "name": "P", "status": "active", "summary": "S", "organization": {"name": "O"},
        "focus": ["mental_health"], "contact": {"phone": "973-555-0142"}, "delivery": ["in_person"],
        "locations": [{"street": "1 A St", "city": "Newark", "state": "NJ", "postal_code": "07102"}],
        "verification": {"last_verified": "2026-10-01", "verified_by": "provider"},
    }
    data.update(changes)
    return data


def track(*sessions, audience="adults"):
    return {"timezone": "America/New_York", "audience": audience,
            "sessions": [{"days": d, "start": s, "end": e} for d, s, e in sessions]}


def test_hours_per_week_is_days_times_length():
    p = build(listing(tracks=[track((["mon", "wed", "fri"], "09:00", "12:00"), (["tue"], "13:30", "15:00"))]), "f", "NJ", TODAY)
    assert p.tracks[0].hours_per_week == 10.5
    assert p.tracks[0].days_per_week == 4
    assert p.hours_per_week == (10.5, 10.5)


def test_hours_range_over_tracks():
    p = build(listing(tracks=[track((["mon", "tue", "wed"], "09:00", "12:00")),
                              track((["mon", "tue", "wed", "thu"], "16:00", "19:00"))]), "f", "NJ", TODAY)
    assert p.hours_per_week == (9.0, 12.0)


@pytest.mark.parametrize("start, evening", [("15:59", False), ("16:00", True), ("18:30", True), ("09:00", False)])
def test_evening_means_starting_at_four_pm_or_later(start, evening):
    p = build(listing(tracks=[track((["mon"], start, "21:00"))]), "f", "NJ", TODAY)
    assert p.evening is evening


def test_weekend():
    assert build(listing(tracks=[track((["sat"], "09:00", "12:00"))]), "f", "NJ", TODAY).weekend is True
    assert build(listing(tracks=[track((["fri"], "09:00", "12:00"))]), "f", "NJ", TODAY).weekend is False


def test_without_tracks_schedule_facts_are_unknown():
    p = build(listing(), "f", "NJ", TODAY)
    assert (p.evening, p.weekend, p.hours_per_week) == (None, None, None)


def test_online_is_telehealth_in_delivery():
    assert build(listing(delivery=["in_person", "telehealth"]), "f", "NJ", TODAY).online is True
    assert build(listing(), "f", "NJ", TODAY).online is False
    assert build(listing(delivery=["telehealth"], locations=[]), "f", "NJ", TODAY).telehealth_only is True


def test_accredited():
    assert build(listing(), "f", "NJ", TODAY).accredited is None  # not reported
    assert build(listing(accreditations=[{"body": "carf", "expires": "2027-01-01"}]), "f", "NJ", TODAY).accredited is True
    assert build(listing(accreditations=[{"body": "carf"}]), "f", "NJ", TODAY).accredited is True
    assert build(listing(accreditations=[{"body": "carf", "expires": "2026-11-24"}]), "f", "NJ", TODAY).accredited is False
    assert build(listing(accreditations=[]), "f", "NJ", TODAY).accredited is False


@pytest.mark.parametrize("verified, freshness", [
    ("2026-11-25", "fresh"), ("2026-08-27", "fresh"), ("2026-08-26", "aging"),
    ("2025-11-25", "aging"), ("2025-11-24", "stale")])
def test_freshness_bands(verified, freshness):
    p = build(listing(verification={"last_verified": verified, "verified_by": "provider"}), "f", "NJ", TODAY)
    assert p.freshness == freshness


@pytest.mark.parametrize("written, display, tel", [
    ("973-555-0142", "(973) 555-0142", "tel:+19735550142"),
    ("(973) 555-0142", "(973) 555-0142", "tel:+19735550142"),
    ("973.555.0142", "(973) 555-0142", "tel:+19735550142"),
    ("+1 973 555 0142", "(973) 555-0142", "tel:+19735550142"),
    ("1-973-555-0142 ext. 12", "(973) 555-0142 ext. 12", "tel:+19735550142;ext=12"),
    ("9735550142 x7", "(973) 555-0142 ext. 7", "tel:+19735550142;ext=7"),
])
def test_phone_normalised(written, display, tel):
    assert (Phone(written).display, Phone(written).tel) == (display, tel)


def test_coordinates_given_or_zip_centre():
    given = listing(locations=[{"street": "1 A St", "city": "Newark", "state": "NJ", "postal_code": "07102",
                                "geo": {"lat": 40.7357, "lon": -74.1724}}])
    p = build(given, "f", "NJ", TODAY)
    assert p.coordinates == (40.7357, -74.1724) and p.locations[0].geo_source == "listing"
    p = build(listing(), "f", "NJ", TODAY)
    assert p.coordinates == (40.732, -74.1765) and p.locations[0].geo_source == "zip"
    assert build(listing(delivery=["telehealth"], locations=[]), "f", "NJ", TODAY).coordinates is None


def test_closed_programs_are_not_listed():
    assert build(listing(status="closed"), "f", "NJ", TODAY).listed is False
    assert build(listing(status="temporarily_closed"), "f", "NJ", TODAY).listed is True


def test_timetable_is_monday_first_with_every_day():
    p = build(listing(tracks=[track((["thu", "mon"], "18:00", "21:00"))]), "f", "NJ", TODAY)
    table = p.tracks[0].timetable()
    assert list(table) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert [len(v) for v in table.values()] == [1, 0, 0, 1, 0, 0, 0]
