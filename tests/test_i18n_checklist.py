"""The checklist in Spanish: content/checklist.es.yaml gives the words of content/checklist.yaml, item by item.

The items, their choices and what each choice means stay in the English file, so a person's saved choices are the
same in both languages; a Spanish file missing a text, or naming what the English file lacks, stops the build with
file, line and what is missing, before anything is written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from iopdir import i18n
from iopdir.choosing import checklist
from iopdir.listing.facts import FACTS, GROUPS
from iopdir.listing.yamlstrict import load

from tests.sites import ROOT, build_site

CONTENT = ROOT / "content"
ENGLISH = CONTENT / "checklist.yaml"
SPANISH = CONTENT / "checklist.es.yaml"


@pytest.fixture(scope="module")
def both():
    return checklist.read(ENGLISH, languages=["en", "es"])


def test_the_repository_has_a_complete_spanish_checklist(both):
    es = both.in_language("es")
    assert es is not both and es.lang == "es" and both.in_language("en") is both
    assert es.title == "Cómo elegir un programa ambulatorio intensivo"
    pairs = [(both.title, es.title), (both.intro, es.intro),
             *((both.level_of_care[k], es.level_of_care[k]) for k in ("heading", "suits", "needs_more", "note")),
             *((s["title"], es.sources[k]["title"]) for k, s in both.sources.items())]
    for en_item, es_item in zip(both.items, es.items, strict=True):
        pairs += [(getattr(en_item, k), getattr(es_item, k)) for k in ("topic", "question", "why", "ask")]
        for en_choice, es_choice in zip(en_item.choices, es_item.choices, strict=True):
            pairs.append((en_choice.label, es_choice.label))
            if en_choice.hint:
                pairs.append((en_choice.hint, es_choice.hint))
    for english, spanish in pairs:
        assert spanish and spanish != english, english
    assert "oprima 2" in es.level_of_care["needs_more"]  # the crisis line, in Spanish


def test_choices_saved_in_one_language_mean_the_same_in_the_other(both):
    """Same ids, keys, values and inputs: the export the compare page reads differs only in its words."""
    es = both.in_language("es")
    shape = lambda c: [(i.id, [(x.key, x.value, x.values, x.input, x.kind) for x in i.choices]) for i in c.items]
    assert shape(es) == shape(both)
    assert [i["owns"] for i in es.export()["items"]] == [i["owns"] for i in both.export()["items"]]
    saved = checklist.parse_choices("flag=evening&insurance=medicaid&age=16&medication=accepted&near=07102&miles=25")
    assert [i.chosen(saved) for i in es.items] == [i.chosen(saved) for i in both.items]
    assert checklist.search_query(saved) == [("flag", "evening"), ("insurance", "medicaid"), ("near", "07102"),
                                             ("miles", "25")]
    assert es.atom_names() == both.atom_names()


def test_answers_are_the_facts_labels_translated_where_the_facts_are(both, tmp_path):
    """The answers need nothing in the Spanish file: each is a fact's label (or its short label, or a group's
    heading), as the program page names it, which the catalog translates where the facts are."""
    labels = {fact.label for fact in FACTS.values()} | {fact.short for fact in FACTS.values()} | {
        group.heading for group in GROUPS}
    assert {a for item in both.items for a in item.answers} <= labels
    locale = tmp_path / "locale"
    po = i18n.catalog_path("es", locale)
    po.parent.mkdir(parents=True)
    po.write_text(i18n.catalog_path("es").read_text(encoding="utf-8")
                  + '\nmsgid "Accredited"\nmsgstr "Acreditado"\n', encoding="utf-8")
    try:
        i18n.install(["es"], locale)
        es = checklist.read(ENGLISH, languages=["es"]).in_language("es")
    finally:
        i18n.install(["es"])  # the repository's catalog again, for the tests after this one
    assert es.items[0].answers == ("Acreditado", "Licencias estatales")  # (both labels are in the catalog now)


def spanish_with(tmp_path, old: str, new: str) -> Path:
    text = SPANISH.read_text(encoding="utf-8")
    assert old in text, old
    (tmp_path / "checklist.yaml").write_text(ENGLISH.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "checklist.es.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "checklist.yaml"


def findings(path: Path) -> list[str]:
    with pytest.raises(checklist.ChecklistInvalid) as caught:
        checklist.read(path, languages=["en", "es"])
    return [str(f).replace(str(path.parent) + "/", "") for f in caught.value.findings]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_missing_text_is_named_at_its_item(tmp_path):
    path = spanish_with(tmp_path, "    question: ¿El horario se ajusta a su trabajo, sus estudios y su familia?\n", "")
    line = line_of(path.with_name("checklist.es.yaml"), "  schedule:") + 1  # the item's first line
    assert findings(path) == [
        f"checklist.es.yaml:{line}:5: error: items.schedule: missing: items.schedule.question, the 'es' of "
        f"'Does the schedule fit your work, school and family?'"]


def test_a_missing_choice_label_and_hint_are_named(tmp_path):
    path = spanish_with(tmp_path, "      flag=weekend: Necesito sesiones de fin de semana\n", "")
    path.with_name("checklist.es.yaml").write_text(path.with_name("checklist.es.yaml").read_text(encoding="utf-8")
                                                   .replace("    hints:\n      near: Cinco dígitos. Se queda en este "
                                                            "dispositivo.\n", ""), encoding="utf-8")
    es = path.with_name("checklist.es.yaml")
    assert findings(path) == [
        f"checklist.es.yaml:{line_of(es, '      flag=evening:')}:7: error: items.schedule.choices: missing: "
        f"items.schedule.choices.flag=weekend, the 'es' of 'I need weekend sessions'",
        f"checklist.es.yaml:{line_of(es, '  location:') + 1}:5: error: items.location: missing: "
        f"items.location.hints.near, the 'es' of 'Five digits. It stays on this device.'"]


def test_a_missing_item_is_one_finding(tmp_path):
    text = SPANISH.read_text(encoding="utf-8")
    start, end = text.index("  family:\n"), text.index("  aftercare:\n")
    path = spanish_with(tmp_path, text[start:end], "")
    line = line_of(path.with_name("checklist.es.yaml"), "  accreditation:")  # where the items begin
    assert findings(path) == [
        f"checklist.es.yaml:{line}:3: error: items: missing: items.family, the 'es' of the item 'Family involvement' "
        f"(its topic, question, why, ask and choices)"]


@pytest.mark.parametrize("old, new, expected", [
    ("  accreditation:\n", "  acreditation:\n",
     "items.acreditation: 'acreditation' is not an item in the English checklist (accreditation, therapies, "),
    ("      flag=accredited:", "      flag=acredited:",
     "items.accreditation.choices.flag=acredited: 'flag=acredited' is not a choice of 'accreditation' in the "
     "English checklist (flag=accredited)"),
    ("  asam:\n", "  asma:\n", "sources.asma: 'asma' is not a source in the English checklist (samhsa, asam, medicare)"),
    ("      modality: Terapias que quiero\n", "      - Terapias que quiero\n",
     "items.therapies.choices: ['Terapias que quiero'] is not of type 'object'"),
    ("title: Cómo elegir", "titulo: Cómo elegir", "Additional properties are not allowed ('titulo' was unexpected)"),
], ids=["unknown-item", "unknown-choice", "unknown-source", "wrong-type", "unknown-field"])
def test_unknown_names_and_wrong_types_are_findings(tmp_path, old, new, expected):
    found = findings(spanish_with(tmp_path, old, new))
    assert any(expected in f for f in found), found
    assert all(f.startswith("checklist.es.yaml:") and ": error: " in f for f in found), found


def test_broken_yaml_is_a_finding_with_its_line(tmp_path):
    found = findings(spanish_with(tmp_path, "title: Cómo elegir", "title: [Cómo elegir"))
    assert found and found[0].startswith("checklist.es.yaml:") and "Traceback" not in found[0]


def test_a_language_without_a_checklist_file_shows_the_english_one(tmp_path, capsys):
    (tmp_path / "checklist.yaml").write_text(ENGLISH.read_text(encoding="utf-8"), encoding="utf-8")
    found = checklist.read(tmp_path / "checklist.yaml", languages=["en", "fr"])
    assert found.in_language("fr") is found
    assert "checklist.fr.yaml: warning: no checklist in 'fr'" in capsys.readouterr().err


def test_the_choose_page_is_written_with_the_checklist_of_the_language_being_written(both, tmp_path):
    from pelican.plugins.iopdir import choosing

    written = []
    writer = SimpleNamespace(write_file=lambda path, template, context, **kw: written.append((path, kw)))
    generator = SimpleNamespace(settings={"RELATIVE_URLS": False, "IOPDIR_COMPARE_PAGE_SIZE": 25}, context={},
                                checklist=both, states=[], get_template=lambda name: name, output_path=tmp_path)
    for lang, folder in (("en", ""), ("es", "es/")):
        with i18n.using(lang):
            choosing.write(generator, writer, folder=folder)
    titles = [kw["checklist"].title for path, kw in written if path.endswith("choose/index.html")]
    assert titles == ["How to choose an IOP", "Cómo elegir un programa ambulatorio intensivo"]
    # What the compare page reads of the checklist, beside each language's choose page, in that language.
    english = json.loads((tmp_path / "choose" / "checklist.json").read_text())
    spanish = json.loads((tmp_path / "es" / "choose" / "checklist.json").read_text())
    assert [i["id"] for i in spanish["items"]] == [i["id"] for i in english["items"]]  # the same keys: choices carry
    with i18n.using("es"):
        expected = both.in_language("es")
        assert spanish["items"][0]["topic"] == next(i.topic for i in expected.items if i.has_verdict)
        assert spanish["labels"]["start"]["7"] == i18n.gettext("Within a week") != "Within a week"
    assert spanish["items"][0]["topic"] != english["items"][0]["topic"]


def test_a_broken_spanish_checklist_stops_the_build_and_leaves_the_output(tmp_path, capsys):
    programs = tmp_path / "programs"
    shutil.copytree(ROOT / "programs" / "nj", programs / "nj")
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    shutil.copy(ENGLISH, content / "checklist.yaml")
    shutil.copy(SPANISH, content / "checklist.es.yaml")
    out = tmp_path / "output"
    build_site(out, programs, content, IOPDIR_TODAY="2026-11-25", IOPDIR_LANGUAGES=["en", "es"])
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert (out / "choose" / "index.html").exists()
    spanish = (content / "checklist.es.yaml").read_text(encoding="utf-8")
    (content / "checklist.es.yaml").write_text(spanish.replace("      flag=online: Quiero poder participar en línea\n",
                                                               ""), encoding="utf-8")
    from pelican.plugins.iopdir.choosing import ChecklistInvalid

    with pytest.raises(ChecklistInvalid, match=r"1 error\(s\) in the checklist .*checklist\.es\.yaml; nothing was "
                                               r"written"):
        build_site(out, programs, content, IOPDIR_TODAY="2026-11-25", IOPDIR_LANGUAGES=["en", "es"],
                   DELETE_OUTPUT_DIRECTORY=True)
    err = capsys.readouterr().err
    assert "checklist.es.yaml:" in err and "items.schedule.choices.flag=online, the 'es' of" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_spanish_file_is_strict_yaml():
    assert load(SPANISH.read_bytes(), str(SPANISH)).ok
