"""The Spanish search page (issue #13): Spanish words find programs ("adolescentes", "espanol" without its accent),
the result cards, filters, offers and status line are in Spanish, the answers are those of `iopdir search --lang es`,
and axe finds nothing.

Until the build writes /es/ (the site's language loop), the test makes the Spanish search page as that loop will:
the English page with <html lang="es" data-lang-root="/es/">, beside es/facts.json written in Spanish."""

import re
from pathlib import Path

import pytest

from iopdir import i18n
from iopdir.build.listings import validate_paths
from iopdir.listing import glance, wording
from iopdir.search.export import write_json
from iopdir.listing import facts
from iopdir.search import query as search
from tests.browser import axe_violations, serve_directory, shown_ids
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("spanish-search")
    out = build_site(base / "output", IOPDIR_PARALLEL=False)
    page = out / "es" / "search" / "index.html"
    if not page.exists():  # the language loop is not in this build yet: the page it will write
        english = (out / "search" / "index.html").read_text()
        page.parent.mkdir(parents=True)
        page.write_text(re.sub(r"<html lang=\"en\"[^>]*>", '<html lang="es" data-lang-root="/es/">', english, count=1))
    if not (out / "es" / "facts.json").exists():
        with i18n.using("es"):
            write_json(out / "es" / "facts.json", facts.export())
    with serve_directory(out) as url:
        yield url, base / "index"


def open_search(page, url, query=""):
    page.goto(f"{url}{query}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")


def docs_ids(index_dir, facet, value):
    ix = search.Index.open(index_dir)
    try:
        return {ix.stored(d)["id"] for d in ix.docs_with(facet, value)}
    finally:
        ix.close()


def test_spanish_words_find_programs_on_the_spanish_page(page, spanish_site):
    url, index_dir = spanish_site
    page.set_viewport_size({"width": 1280, "height": 900})
    open_search(page, url, "/es/search/?q=adolescentes")
    teens = docs_ids(index_dir, "population", "adolescents") | docs_ids(index_dir, "audience", "adolescents")
    assert teens and set(shown_ids(page)) == teens
    status = page.locator("#status").inner_text()
    assert status == f"{len(teens)} programas coinciden."
    # The offer and the cards in Spanish: the filter's label, and the cards' vocabulary values.
    assert page.locator("#search-help .offer").first.inner_text().startswith(
        "Solo programas con servicios para: Adolescentes")
    cards = page.locator("#results").inner_text()
    assert "Agregar a la comparación" in cards
    assert re.search(r"Salud mental|Consumo de sustancias|Trastornos", cards)
    assert "Mental health" not in cards and "Substance use" not in cards
    # Result links stay in the language.
    href = page.locator("#results > li h2 a").first.get_attribute("href")
    assert href.startswith("/es/programs/")
    # The filters' words.
    page.locator("#filters-panel > summary").click()
    filters = page.locator("#filters").inner_text()
    assert "Horario" in filters and "Cualquier estado" in filters
    assert axe_violations(page) == []


def test_accents_are_optional_in_the_browser(page, spanish_site):
    url, index_dir = spanish_site
    spanish = docs_ids(index_dir, "language", "es")
    for typed in ("espanol", "espa%C3%B1ol", "ESPA%C3%91OL"):
        open_search(page, url, f"/es/search/?q={typed}")
        assert set(shown_ids(page)) == spanish, typed
        # ...found by the word itself, not by a spelling correction of it
        assert page.evaluate("q => window.iopdirSearch(q)", f"q={typed}")["corrected"] is None, typed


@pytest.mark.parametrize("combination", ["q=adolescentes", "q=terapia%20familiar", "q=seguro%20m%C3%A9dico",
                                         "q=opioides&state=NJ", "q=en%20linea", "q=tarde&insurance=medicaid",
                                         "q=xyzzy&flag=online", "q=adolescentes&state=NM&medication=methadone"])
def test_the_spanish_page_and_iopdir_search_lang_es_agree(page, spanish_site, combination):
    url, index_dir = spanish_site
    open_search(page, url, "/es/search/")
    found = page.evaluate("q => window.iopdirSearch(q)", combination)
    with i18n.using("es"):
        expected = search.open_and_answer(index_dir, **search.from_query_string(combination))
    assert [r["id"] for r in found["results"]] == [r.id for r in expected.results]
    assert [(o["text"], o["count"]) for o in found["offers"]] == [(o.text, o.count) for o in expected.offers]
    assert [(d["label"], d["count"]) for d in found["drops"]] == [(d.label, d.count) for d in expected.drops]


def test_the_english_page_stays_english(page, spanish_site):
    url, _ = spanish_site
    open_search(page, url, "/search/?q=adolescentes")
    assert page.locator("#status").inner_text().endswith("programs match.")
    assert "Add to comparison" in page.locator("#results").inner_text()


def test_numbers_are_written_as_in_the_us(page, spanish_site):
    # es-US, as the Python side (iopdir.i18n.LOCALES): "a 3.4 millas", not the "3,4" of plain "es".
    url, _ = spanish_site
    open_search(page, url, "/es/search/?near=07102&miles=200")
    places = page.locator("#results .org").all_inner_texts()
    assert places and all(re.search(r" · a \d+\.\d millas$", p) for p in places), places


def test_the_comparison_tray_speaks_spanish(page, spanish_site):
    url, _ = spanish_site
    open_search(page, url, "/es/search/?q=adolescentes")
    page.locator("#results .compare-toggle").first.click()
    tray = page.locator(".compare-tray")
    tray.wait_for(state="visible")
    assert tray.get_attribute("aria-label") == "Programas para comparar"
    assert "Para comparar" in tray.inner_text() and "(1 de 4)" in tray.inner_text()
    link = tray.locator(".tray-link")
    assert link.inner_text() == "Abrir la comparación"
    assert link.get_attribute("href").startswith(f"/es/compare/?ids=") or "/es/compare/?ids=" in link.get_attribute("href")
    assert page.locator("#results .compare-toggle").first.inner_text().startswith("Quitar de la comparación")
    assert axe_violations(page) == []


def test_the_spanish_cards_say_what_the_spanish_program_pages_say(page, spanish_site):
    """A result card's facts at a glance on /es/search/ are Python's in Spanish (iopdir.listing.glance, as the
    Spanish program page shows them), from the search data's Spanish cards (docs-es/), with no English word left."""
    url, _ = spanish_site
    programs = {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}
    open_search(page, url, "/es/search/?q=adolescentes")
    results = page.locator("#results > li")
    assert results.count() > 1
    with i18n.using("es"):
        not_reported = i18n.gettext(wording.NOT_REPORTED)
        for n, pid in enumerate(shown_ids(page)):
            expected = [not_reported if v is None else v for v in glance.values(programs[pid]).values()]
            assert results.nth(n).locator(".glance dd").all_inner_texts() == expected, pid
            assert results.nth(n).locator(".glance h3").all_inner_texts()[0] == i18n.gettext(facts.GLANCE[0][1])
    shown = page.locator("#results").inner_text()
    for english in ("Not reported", "named carrier", "Private insurance", "by the provider", "Yes\n", "Adults"):
        assert english not in shown, english
