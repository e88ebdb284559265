"""Search in Spanish (issue #13): the Spanish labels and synonyms are words of the facts like the English ones,
accents are optional both ways, `iopdir search --lang es` answers in Spanish, the search data carries each
language's cards and filter labels, and the scripts' words are complete in Spanish."""

import json
import re
from pathlib import Path

import pytest

from iopdir import i18n
from iopdir.cli import main
from iopdir.listing import facts, script_words
from iopdir.listing.vocabulary import label, translations
from iopdir.search import export, index, words
from iopdir.search.analysis import terms
from iopdir.search.index import Index

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "programs"


@pytest.fixture(scope="module")
def expander():
    every = [words.token(kind, value) for kind, value in words.vocabulary_values()]
    return words.Expander(words.phrase_table(set(every) - set(words.ALIASES)))


def meaning(expander, text):
    """The concepts of a query that is one clause (a phrase or a word of the facts)."""
    clauses = expander.clauses(terms(text))
    assert len(clauses) == 1, (text, clauses)
    return set(clauses[0][1])


@pytest.mark.parametrize("typed, concept", [
    ("adolescentes", "_population.adolescents"),
    ("español", "_language.es"),
    ("espanol", "_language.es"),  # accents optional: without...
    ("ESPAÑOL", "_language.es"),
    ("terapia familiar", "_modality.family_therapy"),
    ("seguro médico", "_insurance.private"),
    ("seguro medico", "_insurance.private"),
    ("Medicaid", "_insurance.medicaid"),
    ("en línea", "_flag.online"),
    ("tarde", "_flag.evening"),
    ("noche", "_flag.evening"),
    ("alcohol", "_condition.alcohol"),
    ("opioides", "_condition.opioids"),
    ("Nueva Jersey", "_state.NJ"),
    ("Carolina del Norte", "_state.NC"),
    ("depresión", "_condition.depression"),
    ("depresion", "_condition.depression"),
    ("buprenorfina", "_medication.buprenorphine"),
    ("lengua de señas americana", "_language.ase"),
])
def test_spanish_words_mean_their_facts(expander, typed, concept):
    assert concept in meaning(expander, typed)


def test_accents_are_optional_both_ways():
    assert terms("Español, depresión, línea") == terms("espanol, depresion, linea") == ["espanol", "depresion", "linea"]
    # ...and typed with an accent, a word without one in the listing is found (the index holds folded terms).
    assert terms("Rehabilitación") == terms("rehabilitacion")


def test_every_value_is_found_by_its_spanish_label(expander):
    """The twin of test_search_words' English test: each value's Spanish label, typed as a query, names it."""
    missing = []
    for kind, value in words.vocabulary_values():
        vocabulary = words.KINDS[kind][0]
        if vocabulary == "facts" or (kind, value) in {("medication", v) for v in words.MEDICATION_FACTS} | {
                ("insurance", v) for v in words.facets.INSURANCE_PROGRAMS}:
            continue  # the facts' labels come from the catalog (their translations are another part of #13)
        concept = words.ALIASES.get(words.token(kind, value), words.token(kind, value))
        text = label(vocabulary, value, "es")
        clauses = expander.clauses(terms(text))
        if not clauses or any(concept not in meant for _, meant, _ in clauses):
            missing.append(f"{kind}.{value}: {text!r}")
    assert missing == []


def test_spanish_stop_words_do_not_mean_facts(expander):
    # "de" is in dozens of Spanish labels; alone it means nothing (else it would fetch every one of them).
    assert terms("terapia de grupo") == ["terapia", "grupo"]
    assert "de" not in expander.table and "de" not in expander.by_word  # (as a prefix it still starts "depresión")


@pytest.fixture(scope="module")
def samples_index(tmp_path_factory):
    from iopdir.build.listings import validate_paths

    folder = tmp_path_factory.mktemp("samples") / "index"
    index.build([p for p in validate_paths([SAMPLES]).programs if p.listed], folder)
    ix = Index.open(folder)
    yield ix
    ix.close()


def test_cli_search_in_spanish(samples_index, capsys):
    directory = str(samples_index.directory)
    assert main(["search", "--population", "adolescents", "--format", "json", "--programs", str(SAMPLES),
                 "--index", directory]) == 0
    teens = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert teens
    assert main(["search", "--lang", "es", "adolescentes", "--format", "json", "--programs", str(SAMPLES),
                 "--index", directory]) == 0
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == teens
    assert main(["search", "--lang", "es", "adolescentes", "--programs", str(SAMPLES), "--index", directory]) == 0
    out, err = capsys.readouterr()
    head = out.splitlines()[0]
    assert "Programa" in head and "Lugar" in head and "Millas" in head
    assert out.splitlines()[-1] == f"{len(teens)} programas"
    assert "Solo programas con servicios para: Adolescentes" in err  # the offer, with the Spanish label
    # English words work on the Spanish table, Spanish words on the English one: the same programs.
    assert main(["search", "--lang", "es", "teen", "--format", "json", "--programs", str(SAMPLES),
                 "--index", directory]) == 0
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == teens
    assert main(["search", "espanol", "--format", "json", "--programs", str(SAMPLES), "--index", directory]) == 0
    spanish = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert spanish and spanish == samples_index_ids(samples_index, "language", "es")


def samples_index_ids(ix, facet, value):
    return {ix.stored(doc)["id"] for doc in ix.docs_with(facet, value)}


def test_cli_rejects_a_language_without_a_catalog(samples_index, capsys):
    assert main(["search", "--lang", "xx", "teen", "--programs", str(SAMPLES),
                 "--index", str(samples_index.directory)]) == 2
    assert "--lang xx" in capsys.readouterr().err


@pytest.mark.parametrize("arguments, error", [
    (["--miles", "5"], "iopdir search: --miles necesita --near con un código postal\n"),
    (["--near", "123"], "iopdir search: --near lleva un código postal de cinco dígitos\n"),
    (["--near", "00000"], "iopdir search: código postal desconocido: '00000'\n"),
    (["--modality", "cbtt"], "iopdir search: valor desconocido para --modality: 'cbtt' (¿quiso decir cbt?)\n"),
    (["--focus", "zzzz"], "iopdir search: valor desconocido para --focus: 'zzzz'; uno de estos: "),
])
def test_cli_argument_errors_in_spanish(samples_index, capsys, arguments, error):
    """The search's own argument errors are in --lang (argparse's, made before --lang is read, stay English)."""
    assert main(["search", "--lang", "es", *arguments, "--programs", str(SAMPLES),
                 "--index", str(samples_index.directory)]) == 2
    assert capsys.readouterr().err.startswith(error)


def test_cli_insurance_summary_in_spanish(samples_index, capsys):
    assert main(["search", "--lang", "es", "--format", "json", "--programs", str(SAMPLES),
                 "--index", str(samples_index.directory)]) == 0
    found = json.loads(capsys.readouterr().out)
    carriers = [r["insurance"] for r in found if "aseguradora" in r["insurance"]]
    assert carriers and not any("named carrier" in r["insurance"] for r in found)


def test_the_search_data_has_each_language_cards_and_labels(samples_index, tmp_path):
    out = tmp_path / "data"
    export.export(samples_index, out)
    meta = json.loads((out / "meta.json").read_text())
    assert set(meta["languages"]) == set(translations()) == {"es"}
    es = meta["languages"]["es"]
    for facet, values in meta["facets"].items():
        assert len(es["labels"][facet]) == len(values)
    labels = dict(zip([v for v, _ in meta["facets"]["population"]], es["labels"]["population"]))
    assert labels["adolescents"] == "Adolescentes"
    assert es["offers"]["insurance"] == "Solo programas que aceptan {}"
    english = sorted((out / "docs").iterdir())
    spanish = sorted((out / "docs-es").iterdir())
    assert [p.name for p in english] == [p.name for p in spanish]
    en_cards = [c for p in english for c in json.loads(p.read_text())]
    es_cards = [c for p in spanish for c in json.loads(p.read_text())]
    assert [c["id"] for c in en_cards] == [c["id"] for c in es_cards]
    focus = {f for c in es_cards for f in c["focus"]}
    assert "Salud mental" in focus and "Mental health" not in focus
    assert "Mental health" in {f for c in en_cards for f in c["focus"]}


def test_an_english_build_inside_a_spanish_block_keeps_english_cards(samples_index, tmp_path):
    # The English card is made in English whatever language the caller is writing.
    from iopdir.build.listings import validate_paths

    program = next(p for p in validate_paths([SAMPLES]).programs if p.listed and "mental_health" in (p.get("focus") or []))
    with i18n.using("es"):
        doc = index.document(0, program)
    assert "Mental health" in json.loads(doc["card"])["focus"]
    assert "Salud mental" in json.loads(doc["cards"])["es"]["focus"]


def test_every_script_message_is_translated():
    with i18n.using("es"):
        spanish = script_words.export()
    english = script_words.export()
    assert set(spanish) == set(english)
    same = [k for k in script_words.MESSAGES if spanish[k] == english[k]]
    assert same == [], same
    plural = [k for k, v in english.items() if isinstance(v, list) and k != "days" and spanish[k] == v]
    assert plural == []
    # The places a script fills are the same in both languages.
    for key, text in english.items():
        if isinstance(text, str):
            assert sorted(re.findall(r"{\w+}", text)) == sorted(re.findall(r"{\w+}", spanish[key])), key


def test_facts_json_carries_the_messages_in_the_language_written():
    assert facts.export()["messages"]["add_to_comparison"] == "Add to comparison"
    with i18n.using("es"):
        assert facts.export()["messages"]["add_to_comparison"] == "Agregar a la comparación"


# A quoted text that reads as English: a capitalised word, or words with a common English one among them. Paths,
# selectors and class names ("search/data/", "thead .remove", "secondary remove") are not read by people.
_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")
_ENGLISH = re.compile(r"\b(the|a|an|to|of|is|are|and|or|in|for|with|you|your|no|not|could|programs?|match|miles|away)\b",
                      re.I)
# The CSV's machine values, the twins of `iopdir search --format csv` (iopdir/cli/search.py _yes): data, not words.
_MACHINE = {"not reported", "yes", "no"}


def _reads_as_english(literal: str) -> bool:
    if literal in _MACHINE or re.search(r"[/#\[\]=]", literal):
        return False
    return bool(re.match(r"[A-Z][a-z]+", literal) or (" " in literal.strip() and _ENGLISH.search(literal)))


@pytest.mark.parametrize("script", ["search.js", "compare.js", "choose.js", "glance.js", "shared.js", "tray.js",
                                    "week.js"])
def test_scripts_hold_no_words_of_their_own(script):
    """Every word a person reads comes from facts.json: the scripts carry no English sentences or labels."""
    text = (ROOT / "theme" / "static" / "js" / script).read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)  # comments may be English
    literals = [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(code)]
    found = [text for text in literals if _reads_as_english(text)]
    assert found == [], found
