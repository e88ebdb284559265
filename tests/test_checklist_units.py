"""Unit tests that kill mutants of iopdir.choosing.checklist (./dev mutation): each verdict rule on its own, at the
edges where a changed comparison shows (the wait equal to the bound, an age at each end of the range), and the
pieces the compare page combines (atoms, ages as letters, choices)."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.choosing import checklist
from iopdir.choosing.checklist import FAILS, MEETS, UNKNOWN
from iopdir.listing.program import build
from iopdir.listing.yamlstrict import load

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = dt.date(2026, 11, 25)


def listing(**changes):
    data = load(VALID.encode(), "valid-listing.yaml").data
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return build(data, "programs/nj/harbor-light-evening-iop.yaml", "nj", TODAY)


@pytest.fixture(scope="module")
def sample():
    return checklist.read(ROOT / "content" / "checklist.yaml", [listing()])


@pytest.mark.parametrize("intake, days, verdict", [
    ({"accepting_new_patients": True, "walk_in": True, "typical_wait_days": 30}, "7", MEETS),  # the walk-in rule
    ({"walk_in": True, "typical_wait_days": 30}, "14", MEETS),
    ({"accepting_new_patients": False, "walk_in": True}, "30", FAILS),
    ({"typical_wait_days": 14}, "14", MEETS),  # the bound itself holds
    ({"typical_wait_days": 15}, "14", FAILS),
    ({"typical_wait_days": 0}, "7", MEETS),  # a wait of 0 is a wait, not "not said"
    ({"walk_in": False}, "7", UNKNOWN),
    ({}, "7", UNKNOWN),
    (None, "30", UNKNOWN),
])
def test_start_rule(intake, days, verdict):
    assert checklist._start(listing(intake=intake), days) == verdict
    assert checklist.RULES["start"](listing(intake=intake), days) == verdict


@pytest.mark.parametrize("ages, age, verdict", [
    ({"min": 13, "max": 17}, 12, FAILS), ({"min": 13, "max": 17}, 13, MEETS), ({"min": 13, "max": 17}, 17, MEETS),
    ({"min": 13, "max": 17}, 18, FAILS), ({"min": 18}, 17, FAILS), ({"min": 18}, 90, MEETS),
    ({"max": 25}, 0, MEETS), ({"max": 25}, 26, FAILS), ({"min": 0, "max": 0}, 0, MEETS),
    ({"min": 0, "max": 0}, 1, FAILS), (None, 30, UNKNOWN),
])
def test_age_verdict_and_the_age_letters_agree(ages, age, verdict):
    p = listing(ages=ages)
    assert checklist.age_verdict(p, age) == verdict
    letters = checklist.ages(p)
    assert len(letters) == checklist.MAX_AGE + 1
    assert letters[age] == verdict[0]
    assert checklist.atom({}, letters, "age", str(age)) == verdict


def test_age_letters_read_the_range_once():
    assert checklist.ages(listing(ages={"min": 13, "max": 17})) == "f" * 13 + "m" * 5 + "f" * 103
    assert checklist.ages(listing(ages=None)) == "u" * 121


@pytest.mark.parametrize("value, verdict", [("30", "m"), ("0", "f"), ("120", "f"), ("999", "f"), ("1234", "u"),
                                            ("", "u"), ("-1", "u"), ("3 0", "u"), ("١٢", "u")])
def test_a_typed_age(value, verdict):
    letters = "f" + "m" * 119 + "f"  # 0 and 120 fail
    assert checklist.atom({}, letters, "age", value) == checklist._VERDICT_OF[verdict]


def test_an_atom_not_given_is_unknown():
    assert checklist.atom({"flag:evening": FAILS}, "", "flag", "evening") == FAILS
    assert checklist.atom({"flag:evening": FAILS}, "", "flag", "weekend") == UNKNOWN


@pytest.mark.parametrize("verdicts, combined", [
    ([MEETS, MEETS], MEETS), ([MEETS, UNKNOWN], UNKNOWN), ([UNKNOWN, FAILS, MEETS], FAILS), ([FAILS], FAILS),
    ([], MEETS), (iter([MEETS, UNKNOWN]), UNKNOWN),
])
def test_combine(verdicts, combined):
    assert checklist.combine(verdicts) == combined


@pytest.mark.parametrize("medications, value, verdict", [
    ({"accepts_patients_on_medication": True}, "accepted", MEETS),
    ({"accepts_patients_on_medication": False}, "accepted", FAILS),
    ({"prescribes": ["buprenorphine"]}, "accepted", UNKNOWN),
    ({"prescribes": ["buprenorphine"]}, "prescribes", MEETS),
    ({"prescribes": []}, "prescribes", FAILS),  # an empty list: prescribes none
    ({"accepts_patients_on_medication": True}, "prescribes", UNKNOWN),
    (None, "prescribes", UNKNOWN),
    (None, "accepted", UNKNOWN),
])
def test_medication_rule(medications, value, verdict):
    assert checklist._medication(listing(medications=medications), value) == verdict


@pytest.mark.parametrize("insurance, value, verdict", [
    ({"medicaid": True}, "medicaid", MEETS), ({"medicaid": False}, "medicaid", FAILS), ({}, "medicaid", UNKNOWN),
    ({"state_plan": True}, "state_plan", MEETS),
    ({"carriers": ["aetna"]}, "aetna", MEETS), ({"carriers": ["aetna"], "private": False}, "aetna", MEETS),
    ({"private": False}, "aetna", FAILS), ({"private": True}, "aetna", UNKNOWN), ({}, "aetna", UNKNOWN),
    (None, "aetna", UNKNOWN), (None, "medicare", UNKNOWN),
])
def test_insurance_rule(insurance, value, verdict):
    assert checklist._insurance(listing(insurance=insurance), value) == verdict


@pytest.mark.parametrize("outcomes, value, verdict", [
    ({"references_on_request": True}, "references", MEETS),
    ({"references_on_request": False}, "references", FAILS),
    ({}, "references", UNKNOWN),
    ({"published_url": "https://harborlight.example/results"}, "published", MEETS),
    ({"measures": ["completion"]}, "published", UNKNOWN),  # measured, not said to be published
    ({"measures": ["completion"]}, "measured", MEETS),
    ({"published_url": "https://harborlight.example/results"}, "measured", MEETS),
    ({}, "measured", UNKNOWN),  # never fails: the format cannot say "measures nothing"
])
def test_outcomes_rule(outcomes, value, verdict):
    assert checklist._outcomes(listing(outcomes=outcomes or None), value) == verdict


def test_listed_and_tri():
    assert checklist._listed(None, "cbt") == UNKNOWN
    assert checklist._listed([], "cbt") == FAILS
    assert checklist._listed(["cbt"], "cbt") == MEETS
    assert [checklist._tri(v) for v in (None, True, False, 0, 1)] == [UNKNOWN, MEETS, FAILS, FAILS, MEETS]


@pytest.mark.parametrize("verified, days, verdict", [("2026-08-27", "90", MEETS), ("2026-08-26", "90", FAILS),
                                                     ("2025-11-25", "365", MEETS), ("2025-11-24", "365", FAILS)])
def test_verified_within(verified, days, verdict):
    p = listing(verification={"last_verified": verified, "verified_by": "provider"})
    assert checklist.RULES["verified"](p, days) == verdict


def test_list_rules_read_their_own_fields():
    p = listing(modalities=["cbt"], populations=["veterans"], languages=["es"], conditions=["alcohol"],
                focus=["substance_use"])
    for key, value in (("modality", "cbt"), ("population", "veterans"), ("language", "es"),
                       ("condition", "alcohol"), ("focus", "substance_use")):
        assert checklist.RULES[key](p, value) == MEETS, key
        assert checklist.RULES[key](p, "other") == FAILS, key
    assert checklist.RULES["flag"](p, "evening") == MEETS
    assert checklist.RULES["flag"](p, "weekend") == FAILS


def test_parse_choices_drops_empty_values_and_a_leading_question_mark():
    assert checklist.parse_choices("?flag=evening&age=&insurance=medicaid") == [("flag", "evening"),
                                                                                ("insurance", "medicaid")]
    assert checklist.parse_choices("") == []


def test_search_query_keeps_miles_only_with_near():
    assert checklist.search_query([("miles", "25"), ("flag", "evening")]) == [("flag", "evening")]
    assert checklist.search_query([("miles", "25"), ("near", "07102")]) == [("miles", "25"), ("near", "07102")]
    assert checklist.search_query([("age", "30"), ("start", "7")]) == []


def test_a_choice_owns_its_values():
    one = checklist.Choice(key="flag", label="Evenings", value="evening")
    several = checklist.Choice(key="modality", label="Therapies", values=("cbt", "dbt"))
    typed = checklist.Choice(key="age", label="Age", input="age")
    menu = checklist.Choice(key="language", label="Language", input="select")
    assert (one.kind, several.kind, typed.kind, menu.kind) == ("checkbox", "checkboxes", "age", "select")
    assert one.owns("flag", "evening") and not one.owns("flag", "weekend") and not one.owns("modality", "evening")
    assert several.owns("modality", "dbt") and not several.owns("modality", "emdr")
    assert typed.owns("age", "44") and not typed.owns("flag", "44")
    item = checklist.Item(id="x", topic="t", question="q?", why="w", ask="a?", answers=("a",),
                          choices=(one, checklist.Choice(key="near", label="ZIP", input="zip")))
    assert item.has_verdict
    assert item.chosen([("flag", "evening"), ("near", "07102"), ("flag", "weekend")]) == [("flag", "evening")]
    assert item.verdict({"flag:evening": FAILS}, "", [("flag", "evening")]) == FAILS
    assert item.verdict({"flag:evening": FAILS}, "", [("near", "07102")]) is None
    place_only = checklist.Item(id="p", topic="t", question="q?", why="w", ask="a?", answers=("a",),
                                choices=(checklist.Choice(key="near", label="ZIP", input="zip"),
                                         checklist.Choice(key="miles", label="Miles", input="select")))
    assert not place_only.has_verdict


def test_options_by_key():
    p = listing(languages=["es", "en", "vi"])
    assert list(checklist.options("language", [p])) == ["en", "es", "vi"]  # by label: English, Spanish, Vietnamese
    assert checklist.options("language", []) == {}
    assert checklist.options("start") == {"7": "Within a week", "14": "Within two weeks", "30": "Within a month"}
    assert checklist.options("verified") == {"90": "In the last 90 days", "365": "In the last year"}
    assert checklist.options("miles") == {"10": "10 miles", "25": "25 miles", "50": "50 miles", "100": "100 miles"}
    assert checklist.options("medication")["prescribes"] == "Prescribes medication for addiction"
    assert checklist.options("outcomes") == checklist.OUTCOMES
    assert "cbt" in checklist.options("modality") and "veterans" in checklist.options("population")
    assert "alcohol" in checklist.options("condition") and "substance_use" in checklist.options("focus")
    assert "medicaid" in checklist.options("insurance") and "aetna" in checklist.options("insurance")
    assert set(checklist.options("flag")) == {"evening", "weekend", "online", "accredited", "family", "aftercare"}
    assert checklist.options("age") == {}


def test_atom_letters_and_names_line_up(sample):
    p = listing()
    atoms = sample.atoms(p)
    assert sample.atom_names() == list(atoms)
    assert sample.atom_letters(p) == "".join(v[0] for v in atoms.values())
    assert atoms["flag:evening"] == MEETS and atoms["flag:weekend"] == FAILS
    assert atoms["insurance:medicaid"] == MEETS and atoms["insurance:medicare"] == UNKNOWN
    assert atoms["modality:cbt"] == UNKNOWN  # the fixture names no therapies
    assert atoms["focus:co_occurring"] == MEETS and atoms["condition:adhd"] == FAILS


def test_export_names_what_each_item_owns(sample):
    exported = sample.export()
    assert exported["search_keys"] == list(checklist.SEARCH_KEYS)
    assert exported["place_keys"] == ["near", "miles"] and exported["max_age"] == 120
    items = {i["id"]: i for i in exported["items"]}
    assert "location" not in items  # a place only: no verdict
    assert ["age", None] in items["serves"]["owns"]
    assert items["start"]["topic"] and items["start"]["question"].endswith("?")
    assert exported["labels"] == sample.offered
    assert len(sample.digest()) == 64 and sample.digest() == checklist.read(
        ROOT / "content" / "checklist.yaml", [listing()]).digest()


def test_choice_keys_are_kept_as_written():
    assert checklist.parse_choices("?X=1&flag=evening") == [("X", "1"), ("flag", "evening")]


def test_a_broken_checklist_names_each_finding_on_a_line(tmp_path):
    broken = tmp_path / "checklist.yaml"
    broken.write_text("title: T\nintro: I\n")
    with pytest.raises(checklist.ChecklistInvalid) as caught:
        checklist.read(broken)
    findings = caught.value.findings
    assert len(findings) >= 3 and all(f.file == str(broken) for f in findings)
    assert str(caught.value).split("\n") == [str(f) for f in findings]


def test_a_pickled_checklist_carries_what_it_offers_not_the_programs(sample):
    import pickle

    again = pickle.loads(pickle.dumps(sample))
    assert again.programs == [] and sample.programs != []
    assert again.offered == sample.offered
    assert again.atoms(listing()) == sample.atoms(listing())


def test_digest_is_of_the_export_with_sorted_keys(sample):
    import hashlib
    import json

    assert sample.digest() == hashlib.sha256(json.dumps(sample.export(), sort_keys=True).encode()).hexdigest()
