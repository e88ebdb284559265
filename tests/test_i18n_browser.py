"""Issue #13 in Chromium: the language switch keeps the person on the same page and keeps the search's state (its
words and a filter, which the search page keeps in its address as you use it); the Spanish home page and a Spanish
program page have no axe violations."""

from __future__ import annotations

from tests.browser import axe_violations


def open_search(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")


def test_the_switch_keeps_the_search_words_and_filters(page, site_url, built_site, foreign_requests):
    open_search(page, f"{site_url}/search/")
    page.locator("#q").press_sequentially("evening")
    page.locator("#filters-panel > summary").click()
    page.locator("#f-insurance-medicaid").check()
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'evening'"
                           " && location.search.includes('insurance=medicaid')")
    query = page.evaluate("() => location.search")
    page.locator("a[data-language-switch][hreflang='es']").click()
    page.wait_for_url(f"{site_url}/es/search/{query}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert page.locator("#q").input_value() == "evening"  # the Spanish search page restored them from the address
    assert page.locator("#f-insurance-medicaid").is_checked()
    # And back: the English page with the same search.
    page.locator("a[data-language-switch][hreflang='en']").click()
    page.wait_for_url(f"{site_url}/search/{query}")
    assert foreign_requests == []


def test_the_switch_keeps_the_page(page, site_url, built_site):
    program = sorted((built_site / "es" / "programs").glob("*/index.html"))[0].parent.name
    for english in (f"/programs/{program}/", "/states/nj/", "/states/nj/compare/", "/", "/choose/"):
        page.goto(site_url + english)
        page.locator("a[data-language-switch][hreflang='es']").click()
        page.wait_for_url(f"{site_url}/es{english}")
        assert page.evaluate("() => document.documentElement.lang") == "es"
        page.locator("a[data-language-switch][hreflang='en']").click()
        page.wait_for_url(site_url + english)
        assert page.evaluate("() => document.documentElement.lang") == "en"


def test_spanish_pages_have_no_axe_violations(page, site_url, built_site, foreign_requests):
    program = sorted((built_site / "es" / "programs").glob("*/index.html"), key=lambda p: p.stat().st_size)[-1]
    found = {}
    for path in ("/es/", f"/es/programs/{program.parent.name}/", "/es/states/nj/", "/es/states/nj/compare/"):
        page.goto(site_url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    assert foreign_requests == []
