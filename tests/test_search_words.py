"""Search understands the words people type: labels and synonyms of every fact, phrases, brand names, Spanish,
misspellings; the medication filter; filter offers; "did you mean"; bad input. The browser's twin is tested in
tests/test_search_words_browser.py."""

import datetime as dt
import re
from pathlib import Path

import pytest

from iopdir.cli import main
from iopdir.listing.vocabulary import synonyms, vocabularies
from iopdir.search import query, words
from iopdir.search.analysis import terms
from iopdir.search.index import Index
from tests.search_devset import DEV_SET, KINDS, evaluate, summary

ROOT = Path(__file__).resolve().parent.parent
VERIFIED = (dt.date.today() - dt.timedelta(days=10)).isoformat()
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text().replace("2026-10-01", VERIFIED)


def test_the_dev_set_covers_every_kind():
    assert len(DEV_SET) >= 60
    by_kind = {kind: sum(k == kind for _, k, _ in DEV_SET) for kind in KINDS}
    assert min(by_kind.values()) >= 8, by_kind


def test_dev_set_on_imported_listings(imported_index):
    rows = evaluate(imported_index)
    recall, precision = summary(rows)
    assert len(rows) >= 60
    assert recall >= 0.95 and precision >= 0.90, (recall, precision)


def test_dev_set_on_the_samples(built_site):
    ix = Index.open(built_site.parent / "index")
    try:
        rows = evaluate(ix)
    finally:
        ix.close()
    recall, precision = summary(rows)
    assert len(rows) >= 60
    assert recall >= 0.95 and precision >= 0.90, (recall, precision)


def test_every_value_is_found_by_its_label():
    """Each value's label, typed as a query, means that value: every clause of it names the value's concept."""
    every = [words.token(kind, value) for kind, value in words.vocabulary_values()]
    expand = words.Expander(words.phrase_table(set(every) - set(words.ALIASES)))
    missing = []
    for kind, value in words.vocabulary_values():
        concept = words.ALIASES.get(words.token(kind, value), words.token(kind, value))
        for label in words._labels(kind, value)[:1]:
            clauses = expand.clauses(terms(label))
            if not clauses or any(concept not in meant for _, meant, _ in clauses):
                missing.append(f"{kind}.{value}: {label!r}")
    assert missing == []
    assert len(every) > 300  # every language, state, carrier... not a sample of them


def test_synonyms_name_real_values_and_read_as_words():
    from iopdir.listing.facts import FACTS

    for vocabulary, values in synonyms().items():
        known = FACTS if vocabulary == "facts" else vocabularies()[vocabulary]
        for slug, entries in values.items():
            assert slug in known, f"{vocabulary}.{slug}"
            assert all(terms(e) for e in entries), f"{vocabulary}.{slug}: {entries}"


def test_the_readme_lists_the_synonyms():
    assert words.documentation() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_search_box_examples_are_proven_by_the_dev_set():
    html = (ROOT / "theme" / "templates" / "search.html").read_text()
    hint = re.search(r'id="q-hint">(?:\{\{ _\(")?For example: (.*?), a town', html).group(1)  # (the English msgid)
    examples = [e.strip() for e in hint.split(",")]
    proven = {q.lower() for q, _, _ in DEV_SET}
    assert len(examples) >= 4 and all(e.lower() in proven for e in examples), examples


def test_words_that_name_a_filter_offer_it(imported_index):
    found = query.answer(imported_index, "medicaid")
    medicaid = imported_index.docs_with("insurance", "medicaid")
    assert [(o.facet, o.value, o.count) for o in found.offers] == [("insurance", "medicaid", len(medicaid))]
    assert found.offers[0].text == "Only programs that accept Medicaid"
    # The offer narrows, it never hides: the words alone find at least as many.
    assert len(found.results) >= len(medicaid)
    # A filter already on is not offered again.
    on = query.Filters().add("insurance", "medicaid")
    assert query.answer(imported_index, "medicaid", on).offers == []


def test_a_typo_is_corrected_from_the_index_own_words(imported_index):
    found = query.answer(imported_index, "adolesent")
    assert found.corrected == "adolescent"
    assert {r.docnum for r in found.results} >= imported_index.docs_with("population", "adolescents")
    assert query.answer(imported_index, "teen").corrected is None
    assert query.distance("anxeity", "anxiety") == 1 and query.distance("kitten", "sitting") == 3


def test_no_results_with_filters_says_which_to_drop(imported_index):
    filters = query.Filters().add("state", "NM").add("medication", "methadone")
    found = query.answer(imported_index, "teen", filters)
    assert found.results == []
    counts = {(d.facet, d.value): d.count for d in found.drops}
    assert set(counts) == {("state", "NM"), ("medication", "methadone")}
    assert counts[("state", "NM")] == len(query.run(imported_index, "teen", query.Filters().add("medication", "methadone")))


def test_medication_facet(imported_index):
    bup = imported_index.docs_with("medication", "buprenorphine")
    assert bup and bup <= imported_index.docs_with("medication", "prescribes")
    accepted = imported_index.docs_with("medication", "accepted")
    assert accepted and accepted != bup


def test_zip_only_orders_by_distance(imported_index):
    found = query.run(imported_index, "", near="07102", radius=25)
    assert len(found) > 5
    assert [r.distance for r in found] == sorted(r.distance for r in found)


@pytest.fixture
def listings(tmp_path, monkeypatch):
    """Two programs for teens: one only for them, one among many groups."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    focused = VALID.replace("languages: [en, es]", "languages: [en, es]\npopulations: [adolescents]")
    broad = (VALID.replace("id: harbor-light-evening-iop", "id: aaa-broad-iop").replace(
        "name: Harbor Light Evening IOP", "name: AAA Broad IOP").replace(
        "languages: [en, es]", "languages: [en]\npopulations: [adolescents, adults, women, men, veterans, lgbtq]")
        + "medications:\n  prescribes: [buprenorphine]\n  accepts_patients_on_medication: true\n")
    (folder / "harbor-light-evening-iop.yaml").write_text(focused)
    (folder / "aaa-broad-iop.yaml").write_text(broad)
    return tmp_path


def cli(capsys, *argv):
    code = main(["search", *argv, "--programs", "programs", "--index", "index"])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_program_about_teens_outranks_one_that_mentions_them(listings, capsys):
    code, out, _ = cli(capsys, "teen", "--format", "json")
    assert code == 0 and [line.split('"')[3] for line in out.splitlines() if '"id"' in line] == [
        "harbor-light-evening-iop", "aaa-broad-iop"]


def test_cli_medication_filter(listings, capsys):
    import json

    def ids(*argv):
        code, out, err = cli(capsys, *argv, "--format", "json")
        assert code == 0, err
        return [r["id"] for r in json.loads(out)]

    assert ids("--medication", "buprenorphine") == ["aaa-broad-iop"]
    assert ids("--medication", "buprenorphine", "--medication", "methadone") == []
    assert ids("--accepts-medication") == ids("--medication", "accepted") == ["aaa-broad-iop"]
    assert ids("suboxone") == ["aaa-broad-iop"]


def test_cli_offers_on_standard_error(listings, capsys):
    code, out, err = cli(capsys, "spanish")
    assert code == 0 and "Harbor Light" in out
    assert err == "Filters your words name:\n  Only programs that offer treatment in Spanish — 1   (--language es)\n"


def test_cli_did_you_mean_and_drops(listings, capsys):
    code, out, err = cli(capsys, "adolesent")
    assert code == 0 and "2 programs" in out
    assert 'did you mean "adolescent"?' in err
    code, out, err = cli(capsys, "veterans", "--language", "es")
    assert (code, out) == (0, "No programs match.\n")
    assert 'without "Spanish" (--language es): 1 program' in err


@pytest.mark.parametrize("typed, note", [
    ("x" * 10_000, None), ("teen " * 2_000, "only the first 20 words"), ("!!! ... ???", "no words to search for"),
    ("the and of", "no words to search for"), ("😀🙂", "no words to search for"), ("\u0000\u202e", "no words"),
])
def test_cli_bad_queries_get_a_message_not_a_traceback(listings, capsys, typed, note):
    code, out, err = cli(capsys, typed)
    assert code == 0 and "Traceback" not in err
    if note:
        assert note in err


@pytest.mark.parametrize("argv, message", [
    (["--insurance", "medicaide"], "unknown --insurance value 'medicaide' (did you mean medicaid?)"),
    (["--medication", "suboxone"], "unknown --medication value 'suboxone'"),
    (["--language", "spanish"], "unknown --language value 'spanish'"),
    (["--near", "abc"], "--near takes a five-digit ZIP code"),
])
def test_cli_unknown_filter_values_exit_2(listings, capsys, argv, message):
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == "" and message in err and "Traceback" not in err
