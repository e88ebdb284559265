"""Unit tests that kill mutants of iopdir.choosing.comparison (./dev mutation): every row's value for a listing that
says everything (two tracks, two locations, licences) and for one that says little, read row by row in their own
cells — never found as a substring somewhere in the table."""

import datetime as dt
from pathlib import Path

from iopdir.choosing import comparison
from iopdir.listing.program import build
from iopdir.listing.yamlstrict import load

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = dt.date(2026, 11, 25)


def program(**changes):
    data = load(VALID.encode(), "valid-listing.yaml").data
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return build(data, "programs/nj/harbor-light-evening-iop.yaml", "nj", TODAY)


def rows(*programs):
    """Row key -> the row's values, one a program, from the comparison table."""
    return {r.key: r.values for _, table_rows in comparison.table(list(programs)) for r in table_rows}


FULL = dict(
    tracks=[
        {"name": "Evening track", "audience": "adults", "timezone": "America/New_York",
         "sessions": [{"days": ["mon", "wed"], "start": "18:00", "end": "21:00"},
                      {"days": ["sat"], "start": "09:30", "end": "12:30"}],
         "length_weeks": {"min": 8, "max": 12}},
        {"audience": "adolescents", "timezone": "America/New_York",  # no name: "Track 2"
         "sessions": [{"days": ["mon"], "start": "15:30", "end": "18:30"},
                      {"days": ["tue", "thu"], "start": "16:00", "end": "18:00"}],
         "length_weeks": {"min": 8, "max": 12}},  # the same length: said once
    ],
    locations=[
        {"label": "Main office", "street": "12 Market St", "street2": "Suite 4", "city": "Newark", "state": "NJ",
         "postal_code": "07102", "wheelchair_accessible": True},
        {"city": "Jersey City", "state": "NJ", "postal_code": "07302", "address_published": False,
         "wheelchair_accessible": False},
    ],
    licenses=[{"state": "NJ", "agency": "NJ DMHAS", "number": "1"}, {"state": "NY", "agency": "NY OASAS"}],
    accreditations=[{"body": "carf", "expires": "2035-06-30"}, {"body": "joint_commission"}],
    insurance={"medicaid": True, "medicare": False, "tricare": False, "private": True, "carriers": ["aetna"],
               "state_plan": False, "self_pay": True, "sliding_scale": True, "payment_assistance": False,
               "no_fee": False, "cost_per_week_usd": {"min": 300, "max": 650}},
    intake={"accepting_new_patients": True, "typical_wait_days": 1, "walk_in": False, "referral_required": False},
    ages={"min": 13, "max": 17},
)


def test_every_row_of_a_listing_that_says_everything():
    values = {key: v[0] for key, v in rows(program(**FULL)).items()}
    assert values["tracks"] == ("Evening track (9 hours, 3 days a week); "
                                "Track 2 (7 hours, 3 days a week)")
    assert values["length"] == "8–12 weeks"
    # Several tracks: each day names the track; a track without a session that day is left out.
    assert values["mon"] == "Evening track: 6:00 pm–9:00 pm; Track 2: 3:30 pm–6:30 pm"
    assert values["tue"] == "Track 2: 4:00 pm–6:00 pm"
    assert values["wed"] == "Evening track: 6:00 pm–9:00 pm"
    assert values["sat"] == "Evening track: 9:30 am–12:30 pm"
    assert values["fri"] == values["sun"] == "No session"
    assert values["accreditations"] == "CARF, valid until 2035-06-30; The Joint Commission"
    assert values["licences"] == "New Jersey: NJ DMHAS; New York: NY OASAS"
    assert values["places"] == "Newark, NJ; Jersey City, NJ"
    assert values["address"] == "Main office: 12 Market St, Suite 4; Jersey City: Not published"
    assert values["wheelchair"] == "Main office: Yes; Jersey City: No"
    assert values["medicaid"] == "Yes" and values["medicare"] == "No" and values["private"] == "Yes"
    assert values["carriers"] == "Aetna"
    assert values["price"] == "$300–$650"
    assert values["wait"] == "1 day"
    assert values["walk_in"] == "No" and values["accepting"] == "Yes"
    assert values["ages"] == "13 to 17"
    assert values["weekend"] == "Yes"


def test_one_location_reads_without_its_label():
    one = dict(locations=[{"label": "Main office", "street": "12 Market St", "city": "Newark", "state": "NJ",
                           "postal_code": "07102", "wheelchair_accessible": True}])
    values = {key: v[0] for key, v in rows(program(**one)).items()}
    assert values["address"] == "12 Market St"
    assert values["wheelchair"] == "Yes"
    assert values["places"] == "Newark, NJ"
    unpublished = dict(locations=[{"city": "Newark", "state": "NJ", "postal_code": "07102",
                                   "address_published": False}])
    assert rows(program(**unpublished))["address"] == ("Not published",)


def test_the_same_city_twice_is_one_place_and_unknown_access_is_not_reported():
    two = dict(locations=[{"street": "1 A St", "city": "Newark", "state": "NJ", "postal_code": "07102"},
                          {"street": "2 B St", "city": "Newark", "state": "NJ", "postal_code": "07102",
                           "wheelchair_accessible": True}])
    values = {key: v[0] for key, v in rows(program(**two)).items()}
    assert values["places"] == "Newark, NJ"
    assert values["address"] == "Newark: 1 A St; Newark: 2 B St"
    assert values["wheelchair"] == "Newark: Not reported; Newark: Yes"
    neither = dict(locations=[{"street": "1 A St", "city": "Newark", "state": "NJ", "postal_code": "07102"}])
    assert rows(program(**neither))["wheelchair"] == (None,)


def test_one_track_reads_its_times_without_its_name():
    values = {key: v[0] for key, v in rows(program()).items()}
    assert values["mon"] == "6:00 pm–9:00 pm"
    assert values["wed"] == "No session"
    assert values["tracks"] == "Evening track (9 hours, 3 days a week)"
    assert values["length"] is None
    assert values["accreditations"] == "CARF, valid until 2035-06-30"
    assert values["licences"] is None
    assert values["last_verified"] == "October 1, 2026 (55 days ago)"
    assert values["verified_by"] == "The provider"
    assert values["freshness"] == "Recently verified"


def test_an_online_only_program_without_tracks():
    p = program(tracks=None, locations=None, delivery=["telehealth"], accreditations=None)
    values = {key: v[0] for key, v in rows(p).items()}
    assert values["places"] == values["address"] == "Online only"
    assert values["tracks"] is None and values["mon"] is None and values["length"] is None
    assert values["wheelchair"] is None
    assert values["accreditations"] is None
    assert comparison.place(p) == "Online only"


def test_place_on_a_card():
    assert comparison.place(program()) == "Newark, NJ"


def test_differs_counts_not_reported_as_an_answer():
    assert comparison.differs(["Yes", "Yes"]) is False
    assert comparison.differs(["Yes", "No"]) is True
    assert comparison.differs([None, "No"]) is True
    assert comparison.differs([None, None]) is False
    assert comparison.differs(["Yes"]) is False
    table = dict((r.key, r) for _, rs in comparison.table([program(), program(**FULL)]) for r in rs)
    assert table["tracks"].differs is True and table["medicaid"].differs is False


def test_rows_have_their_facts_labels_and_groups_their_headings():
    layout = comparison.layout()
    assert [g["id"] for g in layout] == [g.id for g, _ in comparison.table([program()])]
    schedule = layout[0]
    assert schedule["heading"] == "Schedule and hours"
    assert schedule["rows"][0] == ["hours", "Hours a week"]
    contact = next(g for g in layout if g["id"] == "contact")
    assert ["address", "Street address"] in contact["rows"]
    for group, table_rows in comparison.table([program()]):
        assert all(r.label for r in table_rows), group.id


def test_program_data_is_in_layouts_order():
    p = program()
    data = comparison.program_data(p)
    assert data["id"] == "harbor-light-evening-iop" and data["name"] == "Harbor Light Evening IOP"
    assert data["url"] == "programs/harbor-light-evening-iop/"
    assert data["org"] == "Harbor Light Behavioral Health"
    assert data["place"] == "Newark, NJ"
    assert data["phone"] == {"display": "(973) 555-0142", "tel": "tel:+19735550142"}
    assert data["status"] == "active" and data["freshness"] == "fresh"
    layout = comparison.layout()
    assert [len(v) for v in data["values"]] == [len(g["rows"]) for g in layout]
    by_key = {key: value for g, values in zip(layout, data["values"]) for (key, _), value in zip(g["rows"], values)}
    assert by_key == {key: v[0] for key, v in rows(p).items()}


def test_lengths_of_tracks_are_each_said_once():
    tracks = [dict(FULL["tracks"][0]), dict(FULL["tracks"][1], length_weeks={"min": 6})]
    assert rows(program(tracks=tracks))["length"] == ("8–12 weeks, at least 6 weeks",)


def test_place_of_an_in_person_program_without_a_location_is_its_state():
    assert comparison.place(program(locations=None)) == "NJ"  # the folder's state


# The comparison data the compare page reads is split: values without words, shared by every language
# (shared_data, by the rows' `how`), and each language's words (words_data, labels_data). Checked on a sample
# listing by value, row by row.

def test_the_shared_data_holds_values_without_words(sample_programs):
    p = sample_programs["organ-peak-teen-iop"]
    data = comparison.shared_data(p)
    assert {k: v for k, v in data.items() if k != "values"} == {
        "id": "organ-peak-teen-iop", "name": "Organ Peak Teen IOP", "url": "programs/organ-peak-teen-iop/",
        "org": "Organ Peak Family Counseling", "phone": {"display": "(575) 555-0147", "tel": "tel:+15755550147"},
        "status": "temporarily_closed", "freshness": "fresh"}
    shown = {row.key: value for group, values in zip(comparison.GROUPS, data["values"])
             for row, value in zip(group.rows, values)}
    assert [len(v) for v in data["values"]] == [len(g.rows) for g in comparison.GROUPS]
    assert shown["hours"] == "7.5"  # a number's text: the same in every language
    assert shown["tracks"] == 0 and shown["price"] == 0 and shown["mon"] == 0  # rows in words: each language's
    assert (shown["evening"], shown["family"], shown["medicare"]) == (False, True, None)
    assert shown["focus"] == ["mental_health"]  # vocabulary codes, in the listing's order
    assert shown["languages"] == ["es", "en"]
    assert shown["carriers"] == ["presbyterian", "molina"]
    assert shown["aftercare_kinds"] is None
    assert shown["phone"] == "(575) 555-0147"
    assert (shown["freshness"], shown["verified_by"]) == ("fresh", "maintainer")
    assert shown["telehealth_states"] is False  # "No online option", in labels_data's words


def test_a_rows_neutral_value():
    rows = {r.key: r for g in comparison.GROUPS for r in g.rows}
    with_carriers = program(insurance={"carriers": []})
    assert rows["carriers"].neutral(with_carriers) is None  # an empty list reads as Not reported
    assert rows["carriers"].neutral(program(insurance={"carriers": ["aetna"]})) == ["aetna"]
    assert rows["medicaid"].neutral(program(insurance={"medicaid": True})) is True
    assert rows["medicaid"].neutral(program(insurance={"medicaid": False})) is False
    assert rows["medicaid"].neutral(program(insurance={"private": True})) is None
    assert rows["freshness"].neutral(program()) == program().freshness  # a code the labels give words to
    assert rows["phone"].neutral(program()) == program().phone.display


def test_each_languages_words_of_a_program(sample_programs):
    from iopdir import i18n

    p = sample_programs["organ-peak-teen-iop"]
    words = comparison.words_data(p)
    assert words["place"] == "Las Cruces, NM"
    assert words["values"][:3] == ["After-school track (7.5 hours, 3 days a week)", "8–10 weeks", "3:30 pm–6:00 pm"]
    assert len(words["values"]) == sum(r.how == comparison.WORDS for g in comparison.GROUPS for r in g.rows)
    assert words["values"] == comparison.word_values(comparison.program_data(p)["values"])
    with i18n.using("es"):
        assert comparison.words_data(p)["values"][2] == "3:30 p.m.–6:00 p.m."


def test_each_languages_labels_of_the_shared_codes():
    from iopdir import i18n

    labels = comparison.labels_data()
    assert labels["no"] == {"telehealth_states": "No online option"}
    assert labels["vocabularies"]["focus"]["mental_health"] == "Mental health"
    assert labels["vocabularies"]["verified_by"]["maintainer"] == "A directory maintainer"
    assert sorted(labels["vocabularies"]) == sorted({r.how[2:] for g in comparison.GROUPS for r in g.rows
                                                     if r.how.startswith("v:")})
    with i18n.using("es"):
        spanish = comparison.labels_data()
    assert spanish["vocabularies"]["focus"]["mental_health"] == "Salud mental"
    assert spanish["no"] == {"telehealth_states": "Sin opción en línea"}


def test_two_sessions_on_a_day_in_one_cell():
    one_track = [{"name": "Evening track", "timezone": "America/New_York",
                  "sessions": [{"days": ["mon", "tue"], "start": "18:00", "end": "21:00"},
                               {"days": ["mon"], "start": "07:30", "end": "08:15"},
                               {"days": ["mon"], "start": "07:30", "end": "07:45"}]}]  # given out of order
    assert rows(program(tracks=one_track))["mon"] == ("7:30 am–7:45 am, 7:30 am–8:15 am, 6:00 pm–9:00 pm",)


def test_a_facts_words_follow_the_language_and_its_catalog_as_installed(tmp_path):
    """The words of a row are made once a language and catalog (comparison._text): English, then Spanish, then
    English again each in their own words, and a Spanish catalog installed again (edited) gives its new words."""
    import shutil

    from iopdir import i18n

    p = program(insurance={"medicaid": True, "medicare": False}, ages={"min": 13, "max": 17})
    i18n.install(["en", "es"])
    assert rows(p)["medicaid"] == ("Yes",) and rows(p)["medicare"] == ("No",)
    with i18n.using("es"):
        assert rows(p)["medicaid"] == ("Sí",) and rows(p)["medicare"] == ("No",)
        assert rows(p)["ages"] == ("13 a 17 años",)  # a range: no cache key, made each time
    assert rows(p)["medicaid"] == ("Yes",)
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    catalog = i18n.catalog_path("es", locale)
    text = catalog.read_text(encoding="utf-8")
    old = 'msgid "Yes"\nmsgstr "Sí"'
    assert text.count(old) == 1
    catalog.write_text(text.replace(old, 'msgid "Yes"\nmsgstr "Sí, nuevo"'), encoding="utf-8")
    i18n.install(["en", "es"], locale)
    try:
        with i18n.using("es"):
            assert rows(p)["medicaid"] == ("Sí, nuevo",)
    finally:
        i18n.install(["en", "es"])


def test_a_comparison_tables_rows_as_a_state_page_shows_them():
    from iopdir import i18n, pages

    i18n.install(["en", "es"])
    first, second = program(**FULL), program(tracks=None, insurance={"medicaid": True})
    with i18n.using("en"):
        shown = str(pages.compare_rows(comparison.table([first, second]), 2))
    bodies = shown.split("  <tbody>\n")
    assert bodies[0] == "" and len(bodies) == len(comparison.GROUPS) + 1
    assert all(body.endswith("  </tbody>\n") for body in bodies[1:])
    schedule = bodies[1]
    assert schedule.startswith('    <tr class="group"><th scope="rowgroup" colspan="3"><span>Schedule and hours'
                               '</span></th></tr>\n')
    assert ('    <tr class="differs"><th scope="row">Hours a week <span class="mark">Differs</span></th>'
            '<td>7–9</td><td><span class="unknown">Not reported</span></td></tr>\n') in schedule
    insurance = bodies[[g.id for g in comparison.GROUPS].index("insurance") + 1]
    assert '    <tr><th scope="row">Medicaid</th><td>Yes</td><td>Yes</td></tr>\n' in insurance
    with i18n.using("es"):
        spanish = str(pages.compare_rows(comparison.table([first, second]), 2))
    assert ('<th scope="row">Horas por semana <span class="mark">Diferente</span></th><td>7–9</td>'
            '<td><span class="unknown">No informado</span></td></tr>') in spanish


def test_a_rows_values_for_several_programs_are_each_programs_value(sample_programs):
    """Row.values (the state comparison pages' table) gives what Row.value gives program by program, in each
    language: text made from a list (focus), from a range (ages), from a number, in words (tracks, days), None."""
    from iopdir import i18n

    programs = list(sample_programs.values())
    for lang in ("en", "es"):
        with i18n.using(lang):
            for group in comparison.GROUPS:
                for row in group.rows:
                    assert row.values(programs) == tuple(row.value(p) for p in programs), (lang, row.key)
            shown = rows(*programs)
            assert shown["ages"] == tuple(comparison.Row("ages", lambda p: p.get("ages")).value(p) for p in programs)
    assert any(v is None for v in rows(*programs)["price"])  # a listing without a price: Not reported


def test_a_programs_values_for_the_comparison_data_are_each_rows_value(sample_programs):
    """values_of (the comparison data's values of a program) and words_data's values are value() row by row, in
    each language."""
    from iopdir import i18n

    for lang in ("en", "es"):
        with i18n.using(lang):
            for p in sample_programs.values():
                assert comparison.values_of(p) == [[r.value(p) for r in g.rows] for g in comparison.GROUPS], lang
                assert comparison.words_data(p)["values"] == [r.value(p) for g in comparison.GROUPS for r in g.rows
                                                              if r.how == comparison.WORDS], lang


def test_how_a_row_gives_its_value_in_the_comparison_data():
    """Row.how, worked out afresh (the module's own rows keep theirs from the moment it is imported): a vocabulary's
    codes, a freshness code, a value as it is, or words in each language's data."""
    from iopdir.choosing.comparison import WORDS, Row

    def how(key, composed=False):
        return Row(key, lambda p: None, composed).how

    assert how("focus") == "v:focus" and how("ownership") == "v:ownership"  # labels, label
    assert how("freshness") == "freshness"
    assert how("evening") == how("tracks") == how("hours") == how("track_days") == ""  # yes/no, text, range, number
    assert how("ages") == how("price") == how("wait") == how("length") == how("track_hours") == WORDS
    assert how("evening", composed=True) == WORDS  # already in words (several tracks, days or places)
    assert how("focus") != how("conditions")  # the vocabulary named is the fact's own
