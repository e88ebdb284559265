"""A listing's outcomes block (what a program measures about its results and whether it shares them): the validator's
messages, the program page's own section, the comparison's rows and the checklist's fifth question of choosing, where
what a listing leaves out stays unknown. Facts only: no ratings or reviews anywhere."""

import datetime as dt
import re
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.choosing import checklist, comparison
from iopdir.listing.facts import FACTS
from iopdir.listing.program import build
from iopdir.listing.yamlstrict import load
from tests.test_facts import dt_dd

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
NAME = "harbor-light-evening-iop"
F = f"programs/nj/{NAME}.yaml"
LINE = VALID.count("\n") + 1  # the outcomes block is added at the end of the fixture: its first line
OUTCOMES = ("outcomes:\n"
            "  measures: [completion_rate, symptom_scales]\n"
            "  published_url: https://harborlight.example/results\n"
            "  notes: We survey everyone at discharge.\n"
            "  references_on_request: true\n")


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # findings name files relative to the working folder
    (tmp_path / "programs" / "nj").mkdir(parents=True)
    return tmp_path / "programs"


def check(programs, block: str) -> list[str]:
    (programs / "nj" / f"{NAME}.yaml").write_text(VALID + block)
    return [str(f) for f in validate_paths([programs], today=TODAY).findings]


def with_outcome(old: str, new: str) -> str:
    assert old in OUTCOMES, old
    return OUTCOMES.replace(old, new, 1)


# ---- The validator ----

def test_a_full_outcomes_block_is_valid(programs):
    assert check(programs, OUTCOMES) == []


@pytest.mark.parametrize("url, message", [
    ("our results page", "expected a web address starting with https:// or http://, got 'our results page'"),
    ("javascript:alert(1)", "expected a web address starting with https:// or http://, got 'javascript:alert(1)'"),
    ("ftp://harborlight.example/results", "expected a web address starting with https:// or http://, "
                                          "got 'ftp://harborlight.example/results'"),
])
def test_a_bad_published_url(programs, url, message):
    text = with_outcome("https://harborlight.example/results", url)
    assert check(programs, text) == [f"{F}:{LINE + 2}:18: error: outcomes.published_url: {message}"]


def test_a_published_url_without_a_host(programs):
    """An address that would open a page of this site, not the program's: refused as contact.website's is."""
    found = check(programs, with_outcome("https://harborlight.example/results", "https:///results"))
    assert found == [f"{F}:{LINE + 2}:18: error: outcomes.published_url: needs a host (without one, a browser opens "
                     f"it as a page of this site); write scheme://host/..., such as https://example.org/page, "
                     f"got 'https:///results'"]


def test_an_unknown_measure_says_which_and_suggests(programs):
    assert check(programs, with_outcome("symptom_scales", "symptom_scale")) == [
        f"{F}:{LINE + 1}:31: error: outcomes.measures[1]: expected one of completion_rate | patient_satisfaction | "
        f"symptom_scales | substance_use_after | readmission | employment_housing, got 'symptom_scale' "
        f"(did you mean 'symptom_scales'?)"]


def test_star_ratings_are_no_field(programs):
    assert check(programs, OUTCOMES + "  rating: 5\n") == [
        f"{F}:{LINE + 5}:3: error: outcomes.rating: unknown field 'rating'; allowed here: measures, published_url, "
        f"notes, references_on_request"]


def test_over_long_notes(programs):
    notes = "a" * 501
    found = check(programs, with_outcome("We survey everyone at discharge.", notes))
    assert found == [f"{F}:{LINE + 3}:10: error: outcomes.notes: is 501 characters long; at most 500 allowed"]
    assert check(programs, with_outcome("We survey everyone at discharge.", "a" * 500)) == []


def test_notes_are_one_line_and_references_a_boolean(programs):
    text = with_outcome("We survey everyone at discharge.", '"We survey.\\nThen we call."').replace(
        "references_on_request: true", "references_on_request: yes")
    assert check(programs, text) == [
        f"{F}:{LINE + 3}:10: error: outcomes.notes: contains a line break; this field is a single line of text",
        f"{F}:{LINE + 4}:26: error: outcomes.references_on_request: expected true or false, got 'yes'"]


# ---- The program page, the comparison ----

@pytest.fixture(scope="module")
def samples():
    return {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}


def outcomes_shown(built_site, program_id):
    page = (built_site / "programs" / program_id / "index.html").read_text()
    return [(term, value) for group, term, value in dt_dd(page) if group == "outcomes"], page


def test_the_program_page_shows_them_in_their_own_section(built_site, samples):
    shown, page = outcomes_shown(built_site, "lanternwood-evening-iop")
    outcomes = samples["lanternwood-evening-iop"].get("outcomes")
    assert shown == [
        ("Results it measures", "How many finish the program, Patient satisfaction surveys, "
                                "Substance use after treatment"),
        ("Published results", outcomes["published_url"]),
        ("About its results", outcomes["notes"]),
        ("Puts you in touch with families or referrers", "Yes")]
    section = page.split('<h2 id="outcomes">')[1].split("</section>")[0]
    assert (f'<a href="{outcomes["published_url"]}" rel="nofollow noopener noreferrer">'
            f'{outcomes["published_url"]}</a>') in section
    assert not re.search(r"(?i)stars?\b|rating:|review:", section)


def test_absent_outcomes_read_not_reported_and_false_reads_no(built_site, samples):
    absent = next(pid for pid, p in sorted(samples.items()) if p.get("outcomes") is None)
    shown, _ = outcomes_shown(built_site, absent)
    assert shown == [("Results it measures", "Not reported"), ("Published results", "Not reported"),
                     ("Puts you in touch with families or referrers", "Not reported")]  # notes only when given
    shown, _ = outcomes_shown(built_site, "scioto-bend-evening-iop")
    assert shown[-1] == ("Puts you in touch with families or referrers", "No")


def test_the_comparison_has_their_rows(samples):
    ids = ["lanternwood-evening-iop", "scioto-bend-evening-iop", "cotton-mill-outpatient-services"]
    assert samples[ids[2]].get("outcomes") is None
    rows = {r.key: r for group, rs in comparison.table([samples[i] for i in ids]) if group.id == "outcomes"
            for r in rs}
    assert list(rows) == ["outcome_measures", "outcomes_published", "references"]
    assert rows["outcome_measures"].values == (
        "How many finish the program, Patient satisfaction surveys, Substance use after treatment",
        "How many finish the program", None)
    assert rows["outcomes_published"].values == ("https://lanternwood.example/iop/results", None, None)
    assert rows["references"].values == ("Yes", "No", None)
    assert rows["references"].label == FACTS["references"].label


def test_the_state_comparison_page_shows_not_reported(built_site):
    page = (built_site / "states" / "oh" / "compare" / "index.html").read_text()
    row = re.search(r"<tr[^>]*>\s*<th scope=\"row\">Puts you in touch with families or referrers.*?</tr>", page, re.S)
    assert row, "the references row"
    assert "<td>No</td>" in row.group() and '<span class="unknown">Not reported</span>' in row.group()


# ---- The checklist's question ----

@pytest.fixture(scope="module")
def sample_checklist(samples):
    return checklist.read(ROOT / "content" / "checklist.yaml", list(samples.values()))


def program(outcomes):
    data = load(VALID.encode(), "valid-listing.yaml").data
    if outcomes is not None:
        data["outcomes"] = outcomes
    return build(data, F, "nj", TODAY)


def test_the_fifth_question_asks_what_the_guides_say(sample_checklist):
    item = next(i for i in sample_checklist.items if i.id == "results")
    ids = [i.id for i in sample_checklist.items]
    assert ids.index("results") == ids.index("aftercare") + 1
    assert "referr" in item.ask and "measure your results" in item.ask and "share them" in item.ask
    assert "doctor" in item.why and "cannot be checked" in item.why
    assert set(item.answers) == {FACTS[k].label for k in ("outcome_measures", "outcomes_published", "references")}
    assert [(c.key, c.value) for c in item.choices] == [("outcomes", "measured"), ("outcomes", "published"),
                                                         ("outcomes", "references")]


@pytest.mark.parametrize("outcomes, expected", [
    (None, ("unknown", "unknown", "unknown")),  # unknown stays unknown
    ({}, ("unknown", "unknown", "unknown")),
    ({"measures": []}, ("unknown", "unknown", "unknown")),
    ({"measures": ["completion_rate"]}, ("meets", "unknown", "unknown")),
    ({"published_url": "https://x.example/r"}, ("meets", "meets", "unknown")),  # publishing is measuring
    ({"references_on_request": False}, ("unknown", "unknown", "fails")),
    ({"references_on_request": True, "notes": "Asked at discharge."}, ("unknown", "unknown", "meets")),
])
def test_verdicts_unknown_stays_unknown(sample_checklist, outcomes, expected):
    p = program(outcomes)
    got = tuple(sample_checklist.verdicts(p, [("outcomes", v)])["results"] for v in ("measured", "published",
                                                                                   "references"))
    assert got == expected
    atoms = sample_checklist.atoms(p)
    assert tuple(atoms[f"outcomes:{v}"] for v in ("measured", "published", "references")) == expected
    assert sample_checklist.verdicts(p, [("outcomes", "measured"), ("outcomes", "references")])["results"] == (
        checklist.combine([expected[0], expected[2]]))
