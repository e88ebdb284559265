"""Unit tests that kill mutants of iopdir.search.query (./dev mutation): the query rules on a small index whose
programs differ in place, facts and words — filters (all at once), distance and its radius, the three orders, the
scores (a word's best term, a clause's words summed, the clauses summed), the cards per language, the notes for long
and empty queries, spelling corrections, the filters to drop, the filters offered, and the search page's query
string."""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from iopdir import i18n
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



def build(directory, *programs):
    index.build(list(programs), directory)
    return index.Index.open(directory)


def test_card_in_the_language_asked_when_the_index_has_it():
    english, spanish = {"id": "alder-iop", "focus": ["Substance use"]}, {"id": "alder-iop", "focus": ["Consumo"]}
    stored = {"card": json.dumps(english), "cards": json.dumps({"es": spanish})}
    assert query._card(stored, "es") == spanish
    assert query._card(stored, "en") == english
    assert query._card(stored, "fr") == english  # no French card: English
    assert query._card({"card": json.dumps(english)}, "es") == english  # no translated cards at all


def test_results_carry_the_card_of_the_language_being_written(ix):
    with i18n.using("es"):
        spanish = query.run(ix)
    assert [r.card for r in spanish] == [json.loads(ix.stored(r.docnum)["cards"])["es"] for r in spanish]
    assert spanish[0].card["focus"] == ["Consumo de sustancias",
                                        "Trastornos concurrentes (salud mental y consumo de sustancias)"]
    assert query.run(ix)[0].card["focus"] == ["Substance use", "Co-occurring mental health and substance use"]


class Scores:
    """An index reduced to what the scoring reads: the text terms a word starts, and each term's scores."""

    def __init__(self, scores):
        self.scores = scores

    def vocabulary(self, prefix=""):
        return sorted(t for t in self.scores if t.startswith(prefix))

    def term_scores(self, term):
        return dict(self.scores.get(term, {}))


def test_a_word_scores_its_best_term_in_each_program():
    ix = Scores({"fam": {1: 5}, "family": {1: 300, 2: 0}, "famous": {1: 40, 3: 1}})
    # A score of 0 or 1 still matches: in a big index a word said once in a long text rounds to 0 hundredths.
    assert query._text_scores(ix, "fam") == {1: 300, 2: 0, 3: 1}


def test_a_clause_sums_its_words_and_keeps_the_better_of_text_and_concept():
    ix = Scores({"dual": {1: 10, 2: 5}, "diagnosis": {1: 3, 3: 7}, "_focus.co_occurring": {1: 8, 4: 1, 5: 0}})
    # Programs 2 and 3 lack one of the words; program 1's text (10 + 3) beats its concept score (8).
    assert query._clause_scores(ix, ["dual", "diagnosis"], ["_focus.co_occurring"]) == {1: 13, 4: 1, 5: 0}


def test_scores_are_the_sum_of_the_clauses_and_zero_without_words(ix):
    family = query.run(ix, "family")
    assert [(r.id, r.score) for r in family] == [("birch-iop", 226), ("alder-iop", 150)]
    assert {r.docnum: r.score for r in family} == ix.term_scores("family")
    both = query.run(ix, "family sessions")  # family 226 + sessions 139; 150 + 150
    assert [(r.id, r.score) for r in both] == [("birch-iop", 365), ("alder-iop", 300)]
    assert [r.score for r in query.run(ix)] == [0, 0, 0]


def test_a_program_with_no_known_place_is_never_near(tmp_path):
    placed = listing(*PROGRAMS[0][:6])
    unplaced = listing("elm-iop", "Elm IOP", "Online groups.", "Newark", "NJ", "07102")
    # A ZIP code the table no longer knows: the index holds no place for it.
    unplaced.locations = (dataclasses.replace(unplaced.locations[0], lat=None, lon=None, geo_source=None),)
    small = build(tmp_path / "index", placed, unplaced)
    try:
        assert ids(query.run(small, near="07102", radius=100)) == ["alder-iop"]
        assert ids(query.run(small)) == ["alder-iop", "elm-iop"]
    finally:
        small.close()


def test_default_radius_is_25_miles(ix):
    # 07931's centre is 25.1 miles from Alder, more than 30 from the others.
    assert ids(query.run(ix, near="07931", radius=26)) == ["alder-iop"]
    assert ids(query.run(ix, near="07931")) == [] == ids(query.run(ix, near="07931", radius=25))
    assert query.answer(ix, near="07931").results == []
    assert ids(query.answer(ix, near="07931", radius=26).results) == ["alder-iop"]


def test_limit_zero_means_no_limit(ix):
    assert ids(query.run(ix, limit=0)) == ["alder-iop", "birch-iop", "cedar-iop"]


def test_note_for_a_query_without_words_word_for_word(ix):
    assert query.answer(ix, "!!!").notes == [
        "the query has no words to search for (only punctuation, symbols or very common words), so every program "
        "that meets the other choices is listed"]


def test_a_corrected_query_keeps_the_place_and_radius(ix):
    found = query.answer(ix, "famly", near="07102", radius=5)
    assert found.corrected == "family"
    assert [(r.id, r.distance) for r in found.results] == [("alder-iop", 0.0)]


def test_several_misspelt_words_are_corrected_together(ix, monkeypatch):
    gathered = []
    real = query.spelling_candidates
    monkeypatch.setattr(query, "spelling_candidates", lambda i: gathered.append(1) or real(i))
    found = query.answer(ix, "famly thrapy")
    assert found.corrected == "family therapy" and found.words == ["family", "therapy"]
    assert ids(found.results) == ["birch-iop"]
    assert len(gathered) == 1  # the candidates (every word of the index) are gathered once a query, not once a word


def test_offers_after_a_word_that_names_no_filter_and_several_filters(ix):
    found = query.answer(ix, "group medicaid")  # "group" names no filter; "medicaid" is still offered
    assert [(o.facet, o.value, o.count) for o in found.offers] == [("insurance", "medicaid", 1)]
    both = query.answer(ix, "medicaid medicare")
    assert [(o.facet, o.value, o.count) for o in both.offers] == [("insurance", "medicaid", 1),
                                                                    ("insurance", "medicare", 1)]


def test_offers_skip_a_concept_that_is_no_filter_and_keep_looking(tmp_path):
    # "adults" means two concepts: the tracks' audience (no search filter), then the population (a filter).
    small = build(tmp_path / "index", listing("elm-iop", "Elm IOP", "Groups.", "Newark", "NJ", "07102",
                                              populations=["adults"]))
    try:
        assert query.expander(small).clauses(["adults"]) == [
            (["adults"], ["_audience.adults", "_population.adults"], True)]
        assert [(o.facet, o.value, o.count) for o in query.answer(small, "adults").offers] == [
            ("population", "adults", 1)]
    finally:
        small.close()


def test_open_and_run_passes_keyword_arguments_on(tmp_path):
    directory = tmp_path / "index"
    index.build([listing(*PROGRAMS[0][:6]), listing(*PROGRAMS[2][:6], **PROGRAMS[2][6])], directory)
    assert ids(query.open_and_run(directory, near="19103", radius=10.0)) == ["cedar-iop"]
    assert ids(query.open_and_run(directory, query="family")) == ["alder-iop"]
