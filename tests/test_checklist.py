"""The checklist's content file and its rules: valid and complete, errors at line:col, verdicts where unknown is not no,
the search part of a person's choices, and the build's comparison files (data shards, paginated state tables)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from iopdir.choosing import checklist
from iopdir.choosing import comparison
from iopdir.build import datafiles
from iopdir.listing.program import build
from iopdir.search.query import FACET_PARAMS
from iopdir.build.listings import validate_paths
from iopdir.listing.yamlstrict import load
from tests.browser import vnu_errors
from tests.sites import build_site, comparison_shard, published

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST = ROOT / "content" / "checklist.yaml"
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def sample():
    """The repository's checklist, read with the listed sample programs (as the build reads it)."""
    programs = [p for p in validate_paths([ROOT / "programs"]).programs if p.listed]
    return checklist.read(CHECKLIST, programs)


def listing(**changes):
    """The fixture listing as a Program, with top-level fields replaced (None removes one)."""
    data = load(VALID.encode(), "valid-listing.yaml").data
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return build(data, "programs/nj/harbor-light-evening-iop.yaml", "nj", TODAY)


def test_the_checklist_covers_every_topic_with_questions_and_sources(sample):
    ids = [item.id for item in sample.items]
    assert ids == ["accreditation", "therapies", "medications", "schedule", "location", "insurance", "family",
                   "aftercare", "results", "serves", "co_occurring", "start", "verified"]
    for item in sample.items:
        assert item.question.endswith("?") and item.ask.endswith("?"), item.id
        assert item.why and item.answers and item.choices, item.id
    sources = {item.id: item.source["title"] for item in sample.items if item.source}
    assert "five signs" in sources["accreditation"] and "Medicare" in sources["insurance"]
    assert "ASAM" in sample.sources[sample.level_of_care["source"]]["title"]
    therapies = next(i for i in sample.items if i.id == "therapies").choices[0].values
    assert set(therapies) == {"cbt", "dbt", "motivational_interviewing", "contingency_management"}


def test_level_of_care_says_information_not_advice_and_gives_988(sample):
    assert "not medical advice" in sample.level_of_care["note"]
    assert "[988](tel:988)" in sample.level_of_care["needs_more"]
    assert "detox" in sample.level_of_care["needs_more"]


def test_choice_keys_are_the_search_pages_own_or_checked_ones(sample):
    keys = {c.key for item in sample.items for c in item.choices}
    assert keys - set(checklist.SEARCH_KEYS) == {"age", "medication", "start", "verified", "outcomes"}
    assert set(FACET_PARAMS) < set(checklist.SEARCH_KEYS)


@pytest.mark.parametrize("text, message", [
    ("items:\n  - id: x\n", "2:5: error: items[0]: 'topic' is a required property"),
    ("flag: [", ": error: yaml: "),
])
def test_a_broken_checklist_is_reported_at_its_line(tmp_path, text, message):
    bad = tmp_path / "checklist.yaml"
    good = CHECKLIST.read_text()
    bad.write_text(good.split("items:")[0] + text if text.startswith("items") else text)
    with pytest.raises(checklist.ChecklistInvalid) as caught:
        checklist.read(bad)
    assert message in str(caught.value)


def test_unknown_choice_values_are_named(tmp_path):
    bad = tmp_path / "checklist.yaml"
    bad.write_text(CHECKLIST.read_text().replace("values: [cbt, dbt,", "values: [cbt, dbtt,")
                   .replace("{key: start, input: select", "{key: soon, input: select"))
    with pytest.raises(checklist.ChecklistInvalid) as caught:
        checklist.read(bad)
    text = str(caught.value)
    assert "items[1].choices[0].values: 'dbtt' is not a value of modality" in text
    assert "'soon' is not a choice key" in text


def test_unknown_is_never_fails(sample):
    nothing = listing(insurance=None, modalities=None, ages=None, intake=None, medications=None, tracks=None,
                      accreditations=None, family_programming=None)
    choices = checklist.parse_choices("flag=evening&flag=accredited&flag=family&insurance=medicaid&insurance=aetna"
                                      "&modality=cbt&age=30&start=7&medication=accepted")
    verdicts = sample.verdicts(nothing, choices)
    assert verdicts == {"accreditation": "unknown", "therapies": "unknown", "medications": "unknown",
                        "schedule": "unknown", "insurance": "unknown", "family": "unknown", "serves": "unknown",
                        "start": "unknown"}


def test_verdicts_follow_the_listing(sample):
    p = listing(insurance={"medicaid": True, "medicare": False}, ages={"min": 18},
                intake={"accepting_new_patients": True, "typical_wait_days": 3})  # and evenings Mon, Tue, Thu
    def verdict(query):
        return sample.verdicts(p, checklist.parse_choices(query))
    assert verdict("flag=evening") == {"schedule": "meets"}
    assert verdict("flag=evening&flag=weekend") == {"schedule": "fails"}  # every choice must hold
    assert verdict("insurance=medicare") == {"insurance": "fails"}
    assert verdict("age=16") == {"serves": "fails"}
    assert verdict("age=45") == {"serves": "meets"}
    assert verdict("age=130") == {"serves": "meets"}  # beyond the table: read as its last year
    assert verdict("age=old") == {"serves": "unknown"}
    assert verdict("start=7") == {"start": "meets"}
    assert verdict("start=7&flag=evening") == {"start": "meets", "schedule": "meets"}
    assert verdict("verified=90") == {"verified": "meets"}
    assert verdict("near=07102&miles=25") == {}  # a place is for the search, not a verdict


@pytest.mark.parametrize("intake, verdict", [
    ({"accepting_new_patients": True, "walk_in": True, "typical_wait_days": 30}, "meets"),  # walk in, whatever the wait
    ({"walk_in": True}, "meets"),
    ({"accepting_new_patients": False, "walk_in": True}, "fails"),  # not taking anyone: walking in does not help
    ({"accepting_new_patients": True, "typical_wait_days": 7}, "meets"),  # within the week: the bound holds
    ({"accepting_new_patients": True, "typical_wait_days": 8}, "fails"),
    ({"accepting_new_patients": True, "walk_in": False, "typical_wait_days": 30}, "fails"),
    ({"accepting_new_patients": True}, "unknown"),  # no wait given
    (None, "unknown"),
])
def test_can_start_within_a_week(sample, intake, verdict):
    assert sample.verdicts(listing(intake=intake), [("start", "7")]) == {"start": verdict}


def test_a_named_carrier_fails_only_without_private_insurance(sample):
    def carrier(**insurance):
        return sample.verdicts(listing(insurance=insurance), [("insurance", "aetna")])["insurance"]
    assert carrier(private=True, carriers=["aetna"]) == "meets"
    assert carrier(private=True, carriers=["cigna"]) == "unknown"  # a carrier list gives examples, not the whole list
    assert carrier(private=False) == "fails"


def test_atoms_are_the_rules_value_by_value(sample, tmp_path):
    """atoms() reads what a key's values share once; RULES says each verdict one value at a time: the same
    answers, for the samples and for 300 varied generated listings (missing lists, carriers, no private insurance)."""
    from iopdir.tools.synthetic import generate

    generate(300, tmp_path / "programs", seed=8, today=TODAY)
    programs = sample.programs + validate_paths([tmp_path / "programs"], today=TODAY).programs
    seen = set()
    for p in programs:
        expected = {f"{key}:{value}": checklist.RULES[key](p, value)
                    for key, values in sample.offered.items() if key in checklist.RULES for value in values}
        assert sample.atoms(p) == expected, p.id
        assert list(sample.atoms(p)) == list(expected)  # the same order: the comparison data's bytes
        seen.update(expected.items())
    for key in checklist.RULES:  # every verdict each key can give was given at least once
        verdicts = {v for k, v in seen if k.startswith(key + ":")}
        can_be_unknown = key not in ("focus", "verified")  # both are required in a listing
        assert verdicts == {"meets", "fails", "unknown"} if can_be_unknown else {"meets", "fails"}, key


def test_search_query_keeps_search_keys_and_drops_a_distance_without_a_zip():
    choices = checklist.parse_choices("flag=evening&age=30&miles=50&insurance=medicaid&start=7&medication=accepted")
    assert checklist.search_query(choices) == [("flag", "evening"), ("insurance", "medicaid")]
    with_zip = checklist.parse_choices("near=07102&miles=50&flag=online")
    assert checklist.search_query(with_zip) == [("near", "07102"), ("miles", "50"), ("flag", "online")]


def test_comparison_rows_keep_not_reported_apart_from_no():
    known, unknown = listing(insurance={"medicaid": True, "medicare": False}), listing(insurance={"medicaid": True})
    rows = {r.key: r for _, rs in comparison.table([known, unknown]) for r in rs}
    assert rows["medicare"].values == ("No", None) and rows["medicare"].differs
    assert rows["medicaid"].values == ("Yes", "Yes") and not rows["medicaid"].differs
    assert rows["mon"].values == ("6:00 pm–9:00 pm", "6:00 pm–9:00 pm")
    assert rows["sat"].values == ("No session", "No session")
    alone = {r.key: r for _, rs in comparison.table([listing(tracks=None)]) for r in rs}
    assert alone["mon"].values == (None,) and not alone["mon"].differs


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """The sample listings built with three programs to a state comparison page."""
    out = tmp_path_factory.mktemp("paged") / "output"
    return build_site(out, IOPDIR_TODAY="2026-11-25", IOPDIR_COMPARE_PAGE_SIZE=3)


def test_state_comparison_pages_are_paginated(paged_site):
    first = (paged_site / "states" / "nj" / "compare" / "index.html").read_text()
    second = (paged_site / "states" / "nj" / "compare" / "2" / "index.html").read_text()
    assert first.count('class="program-head"') == 3 and second.count('class="program-head"') == 1
    assert 'href="/states/nj/compare/2/" rel="next"' in first
    assert 'href="/states/nj/compare/" rel="prev"' in second
    assert "this page shows 4 to 4" in second
    assert not (paged_site / "states" / "nj" / "compare" / "3").exists()
    assert 'href="/states/nj/compare/"' in (paged_site / "states" / "nj" / "index.html").read_text()
    assert vnu_errors(paged_site / "states" / "nj" / "compare") == []


def test_each_program_has_its_comparison_data(paged_site, sample):
    shard = json.loads((paged_site / comparison_shard(paged_site, "lanternwood-evening-iop")).read_text())
    data = shard["programs"]["lanternwood-evening-iop"]
    assert data["name"] == "Lanternwood Evening IOP" and data["url"] == "programs/lanternwood-evening-iop/"
    assert [g[0] for g in shard["groups"]] == [g.id for g in comparison.GROUPS]
    assert [len(values) for values in data["values"]] == [len(g.rows) for g in comparison.GROUPS]
    program = next(p for p in sample.programs if p.id == "lanternwood-evening-iop")
    assert data["values"][0][0] == comparison.GROUPS[0].rows[0].value(program)  # hours a week: no words in it
    # The values in words are in the language's own shard of the same number, in the rows' order.
    words = json.loads((paged_site / comparison_shard(paged_site, "lanternwood-evening-iop").replace(
        datafiles.COMPARE_DATA, datafiles.COMPARE_WORDS)).read_text())["programs"]["lanternwood-evening-iop"]
    in_words = [r.value(program) for g in comparison.GROUPS for r in g.rows if r.how == "words"]
    assert words["values"][:-1] == in_words[:-1]  # (the last, "N days ago", is the build's day's: not `sample`'s)
    assert words["values"][-1].startswith("October 1, 2026") and words["place"] == comparison.place(program)
    assert [v for g, values in zip(shard["groups"], data["values"]) for (_, how), v in zip(g[1], values)
            if how == "words"] == [0] * len(in_words)
    atoms = dict(zip(shard["atoms"], data["atoms"]))
    assert len(atoms) == len(data["atoms"]) == len(sample.atoms(program))
    assert atoms["flag:evening"] == "m" and atoms["insurance:tricare"] == "f"
    assert len(data["ages"]) == checklist.MAX_AGE + 1 and data["ages"][17:19] == "fm"
    exported = json.loads((paged_site / "choose" / "checklist.json").read_text())
    assert [i["id"] for i in exported["items"]] == [i.id for i in sample.items if i.id != "location"]


def test_comparison_data_shards_hold_every_program_once(paged_site):
    ids = sorted(published(paged_site))
    count = datafiles.shard_count(len(ids))
    files = sorted((paged_site / "compare" / "data").glob("*.json"))
    held = {}
    for f in files:
        for pid in json.loads(f.read_text())["programs"]:
            assert pid not in held
            held[pid] = int(f.stem)
    assert sorted(held) == ids
    assert all(held[pid] == datafiles.shard_of(pid, count) for pid in ids)
    assert not list((paged_site / "programs").glob("*/data.json"))  # one file per program no more


def test_shard_counts_and_hashes():
    assert [datafiles.shard_count(n) for n in (0, 1, 8, 9, 16, 17, 10_000)] == [1, 1, 1, 2, 2, 4, 2048]
    # FNV-1a 32-bit reference values ("" and "a" are the published test vectors).
    assert datafiles.shard_of("", 2**32) == 0x811C9DC5
    assert datafiles.shard_of("a", 2**32) == 0xE40C292C
    assert datafiles.shard_of("foobar", 2**32) == 0xBF9CF968


def test_a_broken_checklist_stops_the_build_before_anything_is_written(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "checklist.yaml").write_text(CHECKLIST.read_text().replace("source: samhsa", "source: nobody", 1))
    out = tmp_path / "output"
    out.mkdir()
    (out / "keep.html").write_text("previous build")
    from pelican.plugins.iopdir.choosing import ChecklistInvalid

    with pytest.raises(ChecklistInvalid, match=r"1 error\(s\) in the checklist"):
        build_site(out, content=content, DELETE_OUTPUT_DIRECTORY=True)
    assert "checklist.yaml:" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["keep.html"]
