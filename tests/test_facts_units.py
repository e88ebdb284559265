"""Unit tests that kill mutants of iopdir.listing.facts (./dev mutation): how a fact's value reads (None, True, False,
empty text, each reader), a card's label, a group's heading, and what facts.json holds."""

import pytest

from iopdir.listing import facts, script_words, wording
from iopdir.listing.facts import FACTS


@pytest.mark.parametrize("key, value, words", [
    ("evening", None, None),  # not said: the page shows "Not reported"
    ("evening", True, "Yes"),
    ("evening", False, "No"),
    ("telehealth_states", False, "No online option"),  # a fact's own word for False
    ("telehealth_states", ["NJ", "NY"], "New Jersey, New York"),
    ("telehealth_states", [], None),  # an empty list says nothing
    ("ownership", "government", "Government (state, county or city)"),
    ("hours", (9, 12), "9–12"),
    ("track_hours", 7.5, "7.5"),
    ("length", {"min": 8, "max": 12}, "8–12 weeks"),
    ("ages", {"min": 18}, "18 and older"),
    ("price", {"min": 300, "max": 650}, "$300–$650"),
    ("wait", 0, "0 days"),
    ("wait", 1, "1 day"),
    ("track_days", 3, "3"),
    ("freshness", "stale", "Not verified for over a year"),
    ("phone", "(973) 555-0142", "(973) 555-0142"),
    ("phone", "", None),  # empty text is not reported
    ("walk_in", 0, "No"),  # a falsy number is not "not said": yes_no reads it
])
def test_a_value_reads_as_its_fact_says(key, value, words):
    assert FACTS[key].text(value) == words


def test_a_cards_label_is_the_short_one_when_there_is_one():
    assert FACTS["evening"].card_label == "Evening sessions"
    assert FACTS["weekend"].card_label == "Weekend sessions"  # no short label: the label


def test_headings_by_group():
    assert facts.heading("schedule") == "Schedule and hours"
    assert facts.heading("verification") == "Verification"
    with pytest.raises(StopIteration):
        facts.heading("nowhere")


def test_facts_json_holds_the_definitions():
    exported = facts.export()
    assert exported["facts"]["evening"] == {"label": "Evening sessions (4 pm or later)", "short": "Evening sessions",
                                            "group": "schedule"}
    assert exported["facts"]["weekend"]["short"] == "Weekend sessions"
    assert exported["facts"].keys() == FACTS.keys()
    assert exported["groups"][0] == ["schedule", "Schedule and hours"]
    assert len(exported["groups"]) == len(facts.GROUPS)
    assert exported["card"] == list(facts.CARD)
    assert exported["glance"][0] == ["who", "Who it is for", ["ages", "audience", "focus"]]
    assert exported["words"] == wording.WORDS and exported["words"] is not wording.WORDS
    assert exported["freshness"] == wording.FRESHNESS
    assert exported["messages"] == script_words.export() and exported["messages"]["locale"] == "en-US"
