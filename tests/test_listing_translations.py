"""A listing's own words in Spanish: the optional `translations: {es: {summary, description}}`.

Checked as the English summary and description are (findings with file, line and field; no traceback); shown on a
Spanish page when given, else the English text marked lang="en" with a note that the program wrote it in English.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from iopdir import i18n
from iopdir.build.listings import validate_paths
from iopdir.listing.program import build
from iopdir.listing.yamlstrict import load

from tests.sites import ROOT, build_site

TODAY = dt.date(2026, 11, 25)
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
NAME = "harbor-light-evening-iop"
F = f"programs/nj/{NAME}.yaml"
SPANISH = ("translations:\n  es:\n    summary: Programa por la noche para adultos que trabajan.\n"
           "    description: |\n      Los grupos se reúnen **tres** noches por semana.\n")


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # findings name files relative to the working folder
    (tmp_path / "programs" / "nj").mkdir(parents=True)
    return tmp_path / "programs"


def check(programs, tail: str) -> list[str]:
    (programs / "nj" / f"{NAME}.yaml").write_text(VALID.rstrip("\n") + "\n" + tail)
    return [str(f) for f in validate_paths([programs], today=TODAY).findings]


def test_a_spanish_summary_and_description_are_valid(programs):
    assert check(programs, SPANISH) == []


@pytest.mark.parametrize("tail, expected", [
    ("translations:\n  fr:\n    summary: Programme du soir.\n",
     [f"{F}:40:3: error: translations.fr: unknown field 'fr'; allowed here: es"]),
    ("translations:\n  es:\n    summary: " + "a" * 201 + "\n",
     [f"{F}:41:14: error: translations.es.summary: is 201 characters long; at most 200 allowed"]),
    ("translations:\n  es:\n    summary: Hola.\n    description: |\n      <script>alert(1)</script> Hola\n",
     [f"{F}:42:18: warning: translations.es.description: contains HTML (<script>); raw HTML is not rendered, "
      f"use Markdown instead"]),
    ("translations:\n  es:\n    summary: [a, b]\n    description: 7\n",
     [f"{F}:41:14: error: translations.es.summary: expected text, got a list",
      f'{F}:42:18: error: translations.es.description: expected text, got 7 (put it in quotes: "7")']),
    ("translations: hola\n", [f"{F}:39:15: error: translations: expected a mapping of fields, got 'hola'"]),
    ("translations:\n  es:\n    description: Hola.\n",
     [f"{F}:40:3: error: translations.es.summary: missing required field 'summary'"]),
    ('translations:\n  es:\n    summary: "Hola\\nstatus: closed"\n',
     [f"{F}:41:14: error: translations.es.summary: contains a line break; this field is a single line of text"]),
    ('translations:\n  es:\n    summary: Hola.\n    description: "Vea https:/search/ ahora"\n',
     [f"{F}:42:18: error: translations.es.description: the link 'https:/search/' needs a host (without one, a "
      f"browser opens it as a page of this site); write scheme://host/..., such as https://example.org/page"]),
], ids=["unknown-language", "long-summary", "raw-html", "wrong-types", "not-a-mapping", "no-summary",
        "line-break", "hostless-link"])
def test_bad_translations_are_findings_not_tracebacks(programs, tail, expected):
    assert check(programs, tail) == expected


@pytest.mark.parametrize("wrong", ["true", "7", "[a]", "{a: 1}", "null"])
def test_every_wrong_type_of_translations_is_a_finding(programs, wrong):
    """tests/test_wrong_types.py only reaches fields the fixture has: these are its variants for translations."""
    for tail in (f"translations: {wrong}\n", f"translations:\n  es: {wrong}\n",
                 f"translations:\n  es:\n    summary: {wrong}\n",
                 f"translations:\n  es:\n    summary: Hola.\n    description: {wrong}\n"):
        found = check(programs, tail)
        assert any(": error: translations" in f for f in found), (tail, found)


ENGLISH = "description: |\n  Groups meet **three** evenings a week.\n"  # the fixture has no description


def program(tail: str = ""):
    data = load((VALID.rstrip("\n") + "\n" + ENGLISH + tail).encode(), "x.yaml").data
    return build(data, "x.yaml", "nj", TODAY)


def test_program_gives_its_words_in_a_language_or_the_english():
    p = program(SPANISH)
    assert p.summary_in("es") == "Programa por la noche para adultos que trabajan."
    assert p.summary_in("en") == p.summary == "Evening IOP for working adults with alcohol or opioid use."
    assert p.translated("es") and p.translated("es", "description") and not p.translated("en")
    assert p.description_in("es") == "<p>Los grupos se reúnen <strong>tres</strong> noches por semana.</p>"
    assert p.description_in("en") == p.description_html
    plain = program()
    assert plain.summary_in("es") == plain.summary and not plain.translated("es") and plain.description_html
    assert plain.description_html == "<p>Groups meet <strong>three</strong> evenings a week.</p>"
    assert plain.description_in("es") == plain.description_html


def test_a_translated_description_is_made_safe_as_the_english_one_is():
    p = program("translations:\n  es:\n    summary: Hola.\n    description: |\n"
                "      <img src=x onerror=alert(1)> [clic](javascript:alert(1))\n")
    html = p.description_in("es")
    assert "<img" not in html and "javascript:" not in html and "&lt;img" in html


# The summary and description as the program page shows them (iopdir.pages), in the language being
# written (i18n.using(lang)).
def render(p, lang: str) -> str:
    from iopdir import pages

    with i18n.using(lang):
        return pages.own_summary(p, lang) + pages.own_description(p, lang)


def test_a_spanish_page_shows_the_spanish_words_when_the_listing_gives_them():
    html = render(program(SPANISH), "es")
    assert '<p class="lead">Programa por la noche para adultos que trabajan.</p>' in html
    assert '<div class="description"><p>Los grupos se reúnen' in html
    assert 'lang="en"' not in html and "inglés" not in html


def test_a_spanish_page_marks_english_words_and_says_the_program_wrote_them():
    p = program()
    html = render(p, "es")
    assert f'<p class="lead" lang="en">{p.summary}</p>' in html
    assert '<p class="own-words-note">El programa escribió este texto en inglés.</p>' in html
    assert '<p class="own-words-note">El programa escribió su descripción en inglés.</p>' in html
    assert f'<div class="description" lang="en">{p.description_html}</div>' in html


def test_a_spanish_summary_without_a_spanish_description_marks_only_the_description():
    html = render(program("translations:\n  es:\n    summary: Hola a todos.\n"), "es")
    assert '<p class="lead">Hola a todos.</p>' in html
    assert html.count('lang="en"') == 1 and '<div class="description" lang="en">' in html


def test_an_english_page_is_as_before():
    p = program(SPANISH)
    html = render(p, "en")
    assert f'<p class="lead">{p.summary}</p>' in html and "Programa" not in html and 'lang="en"' not in html
    assert f'<div class="description">{p.description_html}</div>' in html


def test_the_program_pages_of_a_built_site(tmp_path):
    """The built English page shows the English words; the Spanish page (written by i18n-site's language loop, in
    es/programs/<id>/) the Spanish ones."""
    listings = tmp_path / "programs"
    shutil.copytree(ROOT / "programs" / "nj", listings / "nj")
    target = next(iter(sorted((listings / "nj").glob("*.yaml"))))
    target.write_text(target.read_text().rstrip("\n") + "\n" + SPANISH)
    site = build_site(tmp_path / "out", listings, IOPDIR_LANGUAGES=["en", "es"])
    english = (site / "programs" / target.stem / "index.html").read_text()
    assert "Programa por la noche" not in english and "El programa escribió" not in english
    spanish = site / "es" / "programs" / target.stem / "index.html"
    if not spanish.exists():
        pytest.skip("no Spanish program pages yet: i18n-site's language loop writes them")
    assert '<p class="lead">Programa por la noche para adultos que trabajan.</p>' in spanish.read_text()
    other = next(p for p in sorted((listings / "nj").glob("*.yaml")) if p != target)
    assert '<p class="lead" lang="en">' in (site / "es" / "programs" / other.stem / "index.html").read_text()


def test_iopdir_new_writes_the_spanish_summary(tmp_path, monkeypatch, capsys):
    from iopdir.cli import main

    monkeypatch.chdir(tmp_path)
    essentials = ["new", "--name", "Harbor Light Evening IOP", "--organization", "Harbor Light", "--city", "Newark",
                  "--state", "NJ", "--street", "12 Market St", "--postal-code", "07102", "--phone", "973-555-0142",
                  "--focus", "substance_use", "--summary", "Evening IOP for adults.", "--today", "2026-11-25"]
    assert main([*essentials, "--summary-es", "Programa por la noche para adultos."]) == 0
    path = tmp_path / "programs" / "nj" / "harbor-light-evening-iop-newark.yaml"
    data = load(path.read_bytes(), str(path)).data
    assert data["translations"] == {"es": {"summary": "Programa por la noche para adultos."}}
    assert [str(f) for f in validate_paths([tmp_path / "programs"], today=TODAY).findings] == []
    capsys.readouterr()
    assert main([*essentials, "--id", "other", "--summary-es", "a" * 201]) == 2
    assert capsys.readouterr().err == "iopdir new: --summary-es: is 201 characters long; at most 200 allowed\n"


def test_some_samples_give_their_words_in_spanish():
    from iopdir.listing.yamlstrict import load as read

    translated = [p.stem for p in sorted((ROOT / "programs").glob("*/*.yaml"))
                  if "es" in (read(p.read_bytes(), str(p)).data.get("translations") or {})]
    assert len(translated) >= 2, translated


def _head(page: Path) -> tuple[dict, str, list[str]]:
    """A built page's JSON-LD, its meta description and its og:locale values."""
    text = page.read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    description = html.unescape(re.search(r'<meta name="description" content="([^"]*)">', text).group(1))
    return json.loads(block), description, re.findall(r'<meta property="og:locale" content="([^"]*)">', text)


def test_a_spanish_program_pages_head_describes_it_in_the_words_the_listing_gives(built_site):
    """The meta description and the JSON-LD of /es/programs/<id>/: the listing's Spanish summary when it gives one,
    else its English one, the JSON-LD saying which language it is in; og:locale es_US. English pages as before."""
    listed = {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}
    translated = sorted(i for i, p in listed.items() if p.get("translations", "es", "summary"))
    english_only = sorted(i for i, p in listed.items() if not p.get("translations", "es", "summary"))
    assert translated and english_only
    for pid in (translated[0], english_only[0]):
        p = listed[pid]
        spanish = p.get("translations", "es", "summary")
        data, description, locales = _head(built_site / "es" / "programs" / pid / "index.html")
        assert data["description"] == ({"@value": spanish, "@language": "es"} if spanish
                                       else {"@value": p.summary, "@language": "en"}), pid
        assert description == (spanish or p.summary).strip() and locales == ["es_US"], pid
        data, description, locales = _head(built_site / "programs" / pid / "index.html")
        assert data["description"] == p.summary and description == p.summary.strip() and locales == [], pid
