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


# --- found by mutation testing (./dev mutation): each computed fact at its edges ------------------------------------

from iopdir.listing import program as program_module  # noqa: E402
import pickle  # noqa: E402


@pytest.mark.parametrize("audience, hours, warning", [
    ("adults", 9, None), ("adults", 19.5, None), ("adults", 8.5, "8.5 hours a week looks like standard outpatient "
                                                                 "care; an IOP for adults is 9–19 hours"),
    ("adolescents", 6, None), ("adolescents", 5, "5 hours a week looks like standard outpatient care; an IOP for "
                                                 "adolescents is 6–19 hours"),
    (None, 8, "8 hours a week looks like standard outpatient care; an IOP for adults is 9–19 hours"),
    ("adults", 20, "20 hours a week looks like partial hospitalization (20 hours or more), not an IOP (9–19 hours)"),
    ("adolescents", 25, "25 hours a week looks like partial hospitalization (20 hours or more), not an IOP "
                        "(6–19 hours)"),
])
def test_hours_band_warning(audience, hours, warning):
    assert program_module.hours_band_warning(audience, hours) == warning


def test_minutes_and_hours_per_week():
    assert program_module.minutes("09:05") == 545 and program_module.minutes("00:00") == 0
    assert program_module.hours_per_week([{"days": ["mon", "tue"], "start": "09:00", "end": "10:20"}]) == 2.67
    assert program_module.hours_per_week([]) == 0


def test_a_session_and_a_track():
    p = build(listing(tracks=[track((["mon", "sat"], "09:15", "12:00"), (["mon"], "17:00", "18:30"))]), "f", "NJ",
              TODAY)
    t = p.tracks[0]
    assert [s.hours for s in t.sessions] == [2.75, 1.5]
    assert program_module.Session(("mon",), "09:00", "09:50").hours == 0.83  # to the hundredth of an hour
    assert [s.evening for s in t.sessions] == [False, True] and t.evening is True
    assert [s.weekend for s in t.sessions] == [True, False] and t.weekend is True
    assert t.days_per_week == 2 and t.hours_per_week == 7.0
    sunday = build(listing(tracks=[track((["sun"], "09:00", "12:00"))]), "f", "NJ", TODAY)
    assert sunday.weekend is True and sunday.evening is False


@pytest.mark.parametrize("written, display, tel", [
    ("555-0142", "555-0142", "tel:+15550142"),  # not ten digits: shown as written
    ("21-973-555-0142", "21-973-555-0142", "tel:+1219735550142"),  # twelve digits
    ("2-973-555-0142", "2-973-555-0142", "tel:+129735550142"),  # eleven digits not starting with 1: kept whole
    ("123-555-0142", "(123) 555-0142", "tel:+11235550142"),  # ten digits starting with 1: no country code to drop
    ("973-555-0142 extension 9", "(973) 555-0142 ext. 9", "tel:+19735550142;ext=9"),
    ("973-555-0142 ext 301", "(973) 555-0142 ext. 301", "tel:+19735550142;ext=301"),
])
def test_phone_edges(written, display, tel):
    assert (Phone(written).display, Phone(written).tel) == (display, tel)


def test_an_accreditation_is_current_on_its_expiry_day():
    assert program_module.Accreditation("carf", expires="2026-11-25").current(TODAY) is True
    assert program_module.Accreditation("carf", expires="2026-11-24").current(TODAY) is False
    assert program_module.Accreditation("carf").current(TODAY) is True
    p = build(listing(accreditations=[{"body": "carf", "expires": "2026-11-24"}, {"body": "joint_commission"}]), "f",
              "NJ", TODAY)
    assert p.accredited is True  # one current accreditation is enough


def test_plain_fields_and_nested_get():
    p = build(listing(insurance={"medicaid": False}, outcomes={"measures": ["completion"]}), "programs/nj/p.yaml",
              "nj", TODAY)
    assert (p.id, p.name, p.status, p.summary, p.organization) == ("p", "P", "active", "S", {"name": "O"})
    assert p.state == "NJ" and p.url == "programs/p/" and p.listed is True
    assert p.get("insurance", "medicaid") is False  # a False value is returned, not the default
    assert p.get("insurance", "medicare") is None and p.get("insurance", "medicare", default=0) == 0
    assert p.get("organization", "name", "x") is None  # a step into a string
    assert p.get() is p.data
    assert p.outcomes == {"measures": ["completion"]} and p.measures_results is True
    assert build(listing(), "f", "NJ", TODAY).outcomes == {}
    assert build(listing(), "f", "NJ", TODAY).measures_results is None
    assert build(listing(outcomes={"published_url": "https://p.example/r"}), "f", "NJ", TODAY).measures_results
    assert build(listing(outcomes={"references_on_request": True}), "f", "NJ", TODAY).measures_results is None


def test_phones_and_online_facts():
    p = build(listing(contact={"phone": "973-555-0142", "intake_phone": "973-555-0199"}), "f", "NJ", TODAY)
    assert p.phone.display == "(973) 555-0142" and p.intake_phone.display == "(973) 555-0199"
    assert build(listing(), "f", "NJ", TODAY).intake_phone is None
    assert build(listing(), "f", "NJ", TODAY).telehealth_states is False  # no online option
    online = build(listing(delivery=["in_person", "telehealth"]), "f", "NJ", TODAY)
    assert online.telehealth_states is None  # online, states not said
    assert build(listing(delivery=["telehealth"], telehealth_states=["NJ"]), "f", "NJ", TODAY).telehealth_states == [
        "NJ"]
    assert online.in_person is True and online.telehealth_only is False


def test_days_since_verified_and_city():
    p = build(listing(), "f", "NJ", TODAY)
    assert p.last_verified == dt.date(2026, 10, 1) and p.days_since_verified == 55
    assert p.city == "Newark"
    assert build(listing(delivery=["telehealth"], locations=[]), "f", "NJ", TODAY).city is None


def test_labels_of_a_list_field():
    p = build(listing(modalities=["cbt", "dbt"]), "f", "NJ", TODAY)
    assert p.labels("modalities", "modalities") == ["Cognitive behavioral therapy (CBT)",
                                                    "Dialectical behavior therapy (DBT)"]
    assert p.labels("modalities", "conditions") == []


def test_coordinates_skip_an_unknown_zip_and_places_already_known():
    two = listing(locations=[{"street": "1 A St", "city": "Nowhere", "state": "NJ", "postal_code": "00000"},
                             {"street": "2 B St", "city": "Newark", "state": "NJ", "postal_code": "07102",
                              "label": "Second", "street2": "Floor 2", "wheelchair_accessible": False}])
    p = build(two, "f", "NJ", TODAY)
    assert p.locations[0].lat is None and p.locations[0].geo_source is None
    assert p.coordinates == (40.732, -74.1765)
    loc = p.locations[1]
    assert (loc.street, loc.city, loc.state, loc.postal_code, loc.label, loc.street2, loc.wheelchair_accessible,
            loc.address_published) == ("2 B St", "Newark", "NJ", "07102", "Second", "Floor 2", False, True)
    known = build(two, "f", "NJ", TODAY, places=[(1.0, 2.0, "zip"), (3.0, 4.0, "listing")])
    assert [(l.lat, l.lon, l.geo_source) for l in known.locations] == [(1.0, 2.0, "zip"), (3.0, 4.0, "listing")]
    hidden = build(listing(locations=[{"city": "Newark", "state": "NJ", "postal_code": "07102",
                                       "address_published": False}]), "f", "NJ", TODAY)
    assert hidden.locations[0].address_published is False and hidden.locations[0].street is None


def test_a_track_reads_every_field_and_a_pickled_program_is_the_same():
    data = listing(tracks=[{**track((["mon"], "18:00", "21:00")), "name": "Evenings",
                            "length_weeks": {"min": 8, "max": 12}}],
                   accreditations=[{"body": "carf", "id": "C-1", "expires": "2030-01-01"}],
                   description="Some **bold** words.")
    p = build(data, "programs/nj/p.yaml", "nj", TODAY)
    assert (p.source_path, p.state) == ("programs/nj/p.yaml", "NJ")
    t = p.tracks[0]
    assert (t.name, t.audience, t.timezone, t.length_weeks) == ("Evenings", "adults", "America/New_York",
                                                                 {"min": 8, "max": 12})
    assert p.accreditations[0] == program_module.Accreditation("carf", "C-1", "2030-01-01")
    assert "<strong>bold</strong>" in p.description_html
    assert build(listing(), "f", "NJ", TODAY).description_html is None
    assert build(data, "f", "NJ", TODAY, description_html="<p>given</p>").description_html == "<p>given</p>"
    p.digest = "abc"
    again = pickle.loads(pickle.dumps(p))
    assert (again.data, again.source_path, again.state, again.today, again.digest, again.description_html) == (
        p.data, p.source_path, p.state, p.today, "abc", p.description_html)
    assert again.locations == p.locations and again.tracks == p.tracks and again.accreditations == p.accreditations


def test_a_pickled_program_loads_without_looking_up_places_or_rendering_again(monkeypatch):
    """The validation cache and the second process load 10,000 programs: a ZIP lookup would load the ZIP table
    (0.3 s) and a description would be rendered again. Both travel with the program."""
    from iopdir.listing import description, geography

    p = build(listing(description="Some **bold** words."), "f", "NJ", TODAY)  # located by its ZIP code
    assert p.locations[0].geo_source == "zip"
    data = pickle.dumps(p)

    def refused(*args, **kwargs):
        raise AssertionError("done again on loading")

    monkeypatch.setattr(geography, "lookup", refused)
    monkeypatch.setattr(description, "render", refused)
    again = pickle.loads(data)
    assert again.locations == p.locations and again.description_html == p.description_html


def test_build_today_defaults_to_the_date():
    assert build(listing(), "f", "NJ").today == dt.date.today()
