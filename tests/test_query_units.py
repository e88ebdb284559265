"""Unit tests that kill mutants of iopdir.search.query (./dev mutation): the query rules on a small index whose
programs differ in place, facts and words — filters (all at once), distance and its radius, the three orders, the
notes for long and empty queries, spelling corrections, the filters to drop, the filters offered, and the search
page's query string."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.listing.validation import validate_bytes
from iopdir.listing.yamlstrict import dump, load
from iopdir.search import index, query
from iopdir.search.query import Filters, SearchError

TODAY = dt.date(2026, 11, 25)
FIXTURE = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_bytes()


def listing(pid, name, summary, city, state, zip_code, **changes):
    data = load(FIXTURE, "f.yaml").data
    data.update(id=pid, name=name, summary=summary, **changes)
    data["locations"] = [{"street": "1 Main St", "city": city, "state": state, "postal_code": zip_code}]
    checked = validate_bytes(dump(data).encode(), f"{pid}.yaml", Path(f"programs/{state.lower()}/{pid}.yaml"),
                             TODAY)
    assert checked.program is not None, checked.findings
    return checked.program


PROGRAMS = [
    # Newark: the fixture's evening program (Medicaid), a little about families.
    ("alder-iop", "Alder IOP", "Group sessions for adults. Family night.", "Newark", "NJ", "07102", {}),
    # Manhattan, 9 miles from Newark: much about families, and Medicare too.
    ("birch-iop", "Birch IOP", "Family therapy, family sessions, family first.", "New York", "NY", "10001",
     {"insurance": {"medicaid": True, "medicare": True}}),
    # Philadelphia, about 80 miles from Newark: nothing about families; no Medicaid.
    ("cedar-iop", "Cedar IOP", "Anxiety and depression treatment for adults.", "Philadelphia", "PA", "19103",
     {"insurance": {"medicaid": False}}),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    directory = tmp_path_factory.mktemp("query-units") / "index"
    index.build([listing(*p[:6], **p[6]) for p in PROGRAMS], directory)
    opened = index.Index.open(directory)
    yield opened
    opened.close()


def ids(results):
    return [r.id for r in results]


def test_filters_add_and_pairs():
    f = Filters().add("flag", "evening").add("insurance", "medicaid").add("flag", "online")
    assert f.require == {"flag": ["evening", "online"], "insurance": ["medicaid"]}
    assert f.pairs() == [("flag", "evening"), ("flag", "online"), ("insurance", "medicaid")]
    assert Filters().pairs() == []


def test_every_filter_must_hold(ix):
    assert ids(query.run(ix, filters=Filters().add("insurance", "medicaid"))) == ["alder-iop", "birch-iop"]
    both = Filters().add("insurance", "medicaid").add("insurance", "medicare")
    assert ids(query.run(ix, filters=both)) == ["birch-iop"]
    assert ids(query.run(ix, filters=Filters().add("state", "PA"))) == ["cedar-iop"]


def test_words_order_by_score_then_name(ix):
    results = query.run(ix, "family")
    assert ids(results) == ["birch-iop", "alder-iop"]
    assert results[0].score > results[1].score > 0
    assert [r.order for r in results] != sorted(r.order for r in results)


def test_near_keeps_what_lies_within_the_radius(ix):
    near = query.run(ix, near="07102", radius=25)
    assert ids(near) == ["alder-iop", "birch-iop"]  # no words: nearest first
    assert near[0].distance < near[1].distance < 25
    assert near[1].distance == pytest.approx(9, abs=1.5)
    far = query.run(ix, near="07102", radius=100)
    assert ids(far) == ["alder-iop", "birch-iop", "cedar-iop"]
    exactly = far[2].distance  # a program at the radius itself is within it
    assert ids(query.run(ix, near="07102", radius=exactly)) == ids(far)
    assert ids(query.run(ix, near="07102", radius=exactly - 0.1)) == ["alder-iop", "birch-iop"]
    assert all(r.distance is None for r in query.run(ix, "family"))


def test_distance_sort_with_words_and_name_order_without(ix):
    by_distance = query.run(ix, "family", near="19103", radius=200, sort="distance")
    assert ids(by_distance) == ["alder-iop", "birch-iop"]  # Newark is nearer Philadelphia; birch scores higher
    assert ids(query.run(ix, "family", near="07102", radius=200, sort="distance")) == ["alder-iop", "birch-iop"]
    assert ids(query.run(ix, "family", near="07102", radius=200)) == ["birch-iop", "alder-iop"]  # relevance
    assert ids(query.run(ix, near="19103", radius=200)) == ["cedar-iop", "alder-iop", "birch-iop"]
    assert ids(query.run(ix)) == ["alder-iop", "birch-iop", "cedar-iop"]  # by name
    with pytest.raises(SearchError, match="needs a ZIP code"):
        query.run(ix, "family", sort="distance")
    with pytest.raises(SearchError, match="unknown ZIP code '00000'"):
        query.run(ix, near="00000")


def test_limit(ix):
    assert ids(query.run(ix, limit=2)) == ["alder-iop", "birch-iop"]
    assert len(query.run(ix, limit=None)) == 3


def test_notes_for_a_long_query_and_one_without_words(ix):
    long = query.answer(ix, " ".join(["family"] * 21))
    assert long.notes == ["only the first 20 words of the query were searched"] and len(long.words) == 20
    twenty = query.answer(ix, " ".join(["family"] * 20))
    assert twenty.notes == [] and len(twenty.words) == 20
    empty = query.answer(ix, "!!! ???")
    assert len(empty.notes) == 1 and empty.notes[0].startswith("the query has no words to search for")
    assert ids(empty.results) == ["alder-iop", "birch-iop", "cedar-iop"]
    assert query.answer(ix, "").notes == [] and query.answer(ix, "   ").notes == []


def test_a_misspelt_word_is_corrected_only_when_nothing_matches(ix):
    found = query.answer(ix, "famly")
    assert found.corrected == "family" and found.words == ["family"]
    assert ids(found.results) == ["birch-iop", "alder-iop"]
    assert query.answer(ix, "family").corrected is None
    nothing = query.answer(ix, "zzzzzzzz")
    assert nothing.corrected is None and nothing.results == [] and nothing.words == ["zzzzzzzz"]


def test_drops_say_which_filter_leaves_results(ix):
    strict = Filters().add("state", "PA").add("insurance", "medicaid")
    found = query.answer(ix, filters=strict)
    assert found.results == []
    assert [(d.facet, d.value, d.count) for d in found.drops] == [("state", "PA", 2), ("insurance", "medicaid", 1)]
    assert found.drops[0].label and found.drops[1].label
    # A filter whose removal still leaves nothing is not offered as one to drop.
    assert [(d.facet, d.value) for d in query.answer(ix, "zzzzzzzz", filters=strict).drops] == []
    assert query.answer(ix, "zzzzzzzz").drops == []


def test_offers_name_filters_the_words_say(ix):
    found = query.answer(ix, "medicaid")
    assert [(o.facet, o.value, o.count) for o in found.offers] == [("insurance", "medicaid", 2)]
    assert "Medicaid" in found.offers[0].text
    on = query.answer(ix, "medicaid", filters=Filters().add("insurance", "medicaid"))
    assert on.offers == []  # already on


def test_edit_distance_and_allowed_edits():
    assert query.distance("anxeity", "anxiety") == 1  # a transposition is one edit
    assert query.distance("", "abc") == 3 and query.distance("abc", "") == 3
    assert query.distance("kitten", "sitting") == 3
    assert query.distance("ab", "ba") == 1 and query.distance("abc", "abc") == 0
    assert query.distance("abcd", "abc") == 1 and query.distance("abc", "abcd") == 1  # a deletion, an insertion
    assert query.distance("ca", "abc") == 3  # optimal string alignment, not Damerau's unrestricted distance
    assert [query.allowed_edits(w) for w in ("ab", "abc", "abcd", "abcde", "abcdefghij")] == [0, 1, 1, 2, 2]


def test_spelling_picks_fewest_edits_then_most_programs_then_alphabet(ix):
    assert query.spelling(ix, "famly") == "family"
    assert query.spelling(ix, "ab") is None  # too short to correct
    assert query.spelling(ix, "xyzq") is None
    assert query.spelling(ix, "cat", {"cab", "car", "cut"}) == "cab"  # all one edit, none in the index: alphabet
    assert query.spelling(ix, "cat", {"cat"}) is None  # never the word itself
    assert query.spelling(ix, "famliy", {"family", "famil"}) == "family"  # one edit beats two
    assert query.spelling(ix, "abcd", {"abcdef"}) is None  # too long a difference for a 4-letter word
    assert query.spelling(ix, "abcde", {"abcdefg"}) == "abcdefg"


def test_known_and_frequency(ix):
    assert query.known(ix, "fam") and query.known(ix, "medicaid") and not query.known(ix, "zzz")
    assert query.frequency(ix, "family") == 2
    assert query.frequency(ix, "medicaid") >= 2
    assert query.frequency(ix, "zzz") == 0


def test_open_and_run(ix, tmp_path):
    directory = tmp_path / "index"
    index.build([listing(*PROGRAMS[0][:6]), listing(*PROGRAMS[2][:6], **PROGRAMS[2][6])], directory)
    assert ids(query.open_and_run(directory, "family")) == ["alder-iop"]  # the words are passed on
    assert ids(query.open_and_run(directory, "", None, "19103", 10.0)) == ["cedar-iop"]
    assert query.open_and_answer(directory, "famly").corrected == "family"


def test_from_query_string():
    kwargs = query.from_query_string("?q=teen+anxiety&flag=evening&near=07102&miles=50&sort=distance"
                                     "&insurance=medicaid&medication=accepted&page=2&near=")
    assert kwargs["query"] == "teen anxiety" and kwargs["near"] == "07102" and kwargs["radius"] == 50.0
    assert kwargs["sort"] == "distance"
    assert kwargs["filters"].pairs() == [("flag", "evening"), ("insurance", "medicaid"), ("medication", "accepted")]
    plain = query.from_query_string("sort=name")
    assert plain == {"query": "", "filters": plain["filters"], "near": None, "radius": 25.0, "sort": "relevance"}
    assert plain["filters"].pairs() == []


def test_more_edit_distances():
    assert query.distance("aaa", "a") == 2  # no transposition at the first letter of b


def test_a_word_is_known_by_the_start_of_a_facts_word(ix):
    assert query.known(ix, "medicai")  # no text term starts so, but "medicaid" names a filter
    assert not ix.vocabulary("medicai")


def test_spelling_prefers_the_candidate_more_programs_name(ix):
    assert query.spelling(ix, "famile", {"famils", "family"}) == "family"  # both one edit; "family" names two


def test_spelling_candidates_are_words_not_concepts(ix):
    assert any(t.startswith("_") for t in ix.vocabulary(""))
    assert not any(c.startswith("_") for c in query.spelling_candidates(ix))

