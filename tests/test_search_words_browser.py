"""The search page understands words as `iopdir search` does, on the listings imported from the real seven-state
extract: the same programs in the same order, the same offers, spelling and drops; and they work in one click, by
keyboard, with zero axe violations."""

from urllib.parse import quote

import pytest

from iopdir.search import query as search
from tests.browser import axe_violations, serve_directory, shown_ids
from tests.sites import build_site

# Words, synonyms, brand names, abbreviations, Spanish, phrases, typos, filters and ZIP codes, mixed.
COMBINATIONS = [
    "q=teen", "q=spanish", "q=medicaid", "q=online", "q=telehealth", "q=virtual", "q=drinking", "q=heroin",
    "q=fentanyl", "q=sign%20language", "q=deaf", "q=dual%20diagnosis", "q=suboxone", "q=MAT", "q=ASL",
    "q=adolesent", "q=alchohol", "q=terapia%20familiar", "q=espa%C3%B1ol", "q=medication%20assisted%20treatment",
    "q=teen%20dbt", "q=heroin%20suboxone&state=NJ", "q=teen&insurance=medicaid&flag=online",
    "q=spanish&near=85004&miles=50", "near=60601&miles=10", "near=07102&miles=25", "near=44113&miles=25&flag=online",
    "medication=buprenorphine", "medication=accepted&state=OH", "medication=methadone&medication=naltrexone",
    "q=vivitrol&near=98101&miles=50", "q=counsel", "q=recovery%20center", "q=veterans%20ptsd",
    "q=teen&state=NM&medication=methadone", "q=xyzzy&flag=online", "q=court%20ordered&state=WA",
    "q=lgbt&near=30303&miles=100", "q=mental%20health&focus=mental_health", "q=gambling%20medicare",
]


@pytest.fixture(scope="module")
def imported_site(imported_programs, tmp_path_factory):
    base = tmp_path_factory.mktemp("imported-site")
    # One process: in the full suite a build sharing its work with a second process found its validation cache
    # without these listings ("was it rewritten by another build?"), which a build alone never did; reported.
    out = build_site(base / "output", imported_programs, IOPDIR_PARALLEL=False)
    with serve_directory(out) as url:
        yield url, base / "index"


def open_search(page, url, query=""):
    page.goto(f"{url}/search/{'?' + query if query else ''}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")


def python_answer(index_dir, combination):
    found = search.open_and_answer(index_dir, **search.from_query_string(combination))
    return {"ids": [r.id for r in found.results], "scores": [(r.score, r.distance) for r in found.results],
            "corrected": found.corrected, "offers": [(o.facet, o.value, o.text, o.count) for o in found.offers],
            "drops": [(d.facet, d.value, d.label, d.count) for d in found.drops]}


def browser_answer(page, combination):
    found = page.evaluate("q => window.iopdirSearch(q)", combination)
    return {"ids": [r["id"] for r in found["results"]], "scores": [(r["score"], r["distance"]) for r in found["results"]],
            "corrected": found["corrected"], "offers": [(o["facet"], o["value"], o["text"], o["count"]) for o in found["offers"]],
            "drops": [(d["facet"], d["value"], d["label"], d["count"]) for d in found["drops"]]}


def test_cli_and_page_agree_on_imported_listings(page, imported_site):
    url, index_dir = imported_site
    open_search(page, url)
    nonempty = 0
    for combination in COMBINATIONS:
        expected, got = python_answer(index_dir, combination), browser_answer(page, combination)
        nonempty += bool(expected["ids"])
        # Count and first 20 ids, as the issue asks; then everything else, which is stricter.
        assert (len(got["ids"]), got["ids"][:20]) == (len(expected["ids"]), expected["ids"][:20]), combination
        assert got == expected, combination
    assert nonempty >= 30


def test_a_filter_offer_applies_in_one_click(page, imported_site):
    url, index_dir = imported_site
    open_search(page, url, "q=medicaid")
    count = len(search.open_and_run(index_dir, **search.from_query_string("q=medicaid&insurance=medicaid")))
    offer = page.locator("#search-help button.offer")
    assert offer.inner_text() == f"Only programs that accept Medicaid — {count:,}"
    offer.click()
    page.wait_for_function("() => location.search.includes('insurance=medicaid')")
    page.wait_for_function("n => document.querySelector('#status').textContent === n + ' programs match.'", arg=count)
    assert page.locator("#f-insurance-medicaid").is_checked()
    assert page.locator("#q").input_value() == "medicaid"  # the words stay: the offer narrows, it never hides
    assert page.locator("#search-help button.offer").count() == 0  # on now: not offered again


def test_did_you_mean_appears_on_a_typo_and_its_link_works(page, imported_site):
    url, index_dir = imported_site
    open_search(page, url, "q=adolesent")
    link = page.locator("#did-you-mean")
    assert link.inner_text() == "adolescent"
    assert "Did you mean" in page.locator("#search-help").inner_text()
    expected = [r.id for r in search.open_and_run(index_dir, "adolescent")]
    assert shown_ids(page) == expected[:20]  # no dead end: the corrected words' programs are shown at once
    link.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'adolescent'")
    page.wait_for_function("() => !document.querySelector('#did-you-mean')")
    assert page.locator("#q").input_value() == "adolescent"
    assert shown_ids(page) == expected[:20]


def test_no_results_offers_which_filter_to_drop(page, imported_site):
    url, index_dir = imported_site
    open_search(page, url, "q=teen&state=NM&medication=methadone")
    assert shown_ids(page) == []
    drops = page.locator("#search-help button.drop")
    assert drops.count() == 2
    without_state = len(search.open_and_run(index_dir, "teen", search.Filters().add("medication", "methadone")))
    button = page.locator("#search-help button.drop[data-filter='state=NM']")
    assert button.inner_text() == f"Without “New Mexico”: {without_state} program{'s' if without_state != 1 else ''}"
    button.click()
    page.wait_for_function("() => !location.search.includes('state=NM')")
    page.wait_for_function("n => document.querySelectorAll('#results > li').length === Math.min(n, 20)", arg=without_state)


def test_the_medication_facet(page, imported_site):
    url, index_dir = imported_site
    open_search(page, url)
    page.locator("#filters-panel > summary").click()
    page.locator("details[data-facet='medication'] > summary").click()
    expected = [r.id for r in search.open_and_run(index_dir, "", search.Filters().add("medication", "buprenorphine"))]
    count = page.locator("label[for='f-medication-buprenorphine'] .count")
    page.wait_for_function("() => document.querySelector(\"label[for='f-medication-buprenorphine'] .count\").textContent !== ''")
    assert count.inner_text() == f"({len(expected)})"
    assert page.locator("label[for='f-medication-accepted']").inner_text().startswith(
        "Accepts people taking a medication for addiction")
    page.locator("#f-medication-buprenorphine").check()
    page.wait_for_function("() => location.search.includes('medication=buprenorphine')")
    page.wait_for_function("n => document.querySelector('#status').textContent === n + ' programs match.'",
                           arg=len(expected))
    assert shown_ids(page) == expected[:20]


def test_keyboard_reaches_and_applies_an_offer(page, imported_site):
    url, _ = imported_site
    open_search(page, url)
    page.locator("#q").focus()
    page.keyboard.type("suboxone")
    page.wait_for_function("() => document.querySelector('#search-help button.offer')")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('#search-help button.offer')"):
            break
    assert page.evaluate("() => document.activeElement.matches('#search-help button.offer')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('medication=')")


@pytest.mark.parametrize("query", ["q=medicaid", "q=adolesent", "q=teen&state=NM&medication=methadone",
                                   "q=%21%21%21", "medication=buprenorphine"])
def test_axe_with_search_help(page, imported_site, query):
    url, _ = imported_site
    open_search(page, url, query)
    page.locator("#filters-panel > summary").click()
    page.locator("details[data-facet='medication'] > summary").click()
    assert axe_violations(page) == []


@pytest.mark.parametrize("query, note", [
    ("q=" + "teen%20" * 2000, "Only the first 20 words were searched."),
    ("q=" + "x" * 10_000, None),
    ("q=%21%21%21%20%3F%3F", "no words to look for"),
    ("q=the%20and%20of", "no words to look for"),
    ("q=" + quote("😀🙂"), "no words to look for"),
    ("insurance=nosuchplan", "No program here has the filter insurance = nosuchplan, so it was left out."),
])
def test_bad_input_gets_a_message_and_never_freezes(page, imported_site, query, note):
    url, _ = imported_site
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_search(page, url, query)
    if note:
        assert note in page.locator("#search-help").inner_text()
    assert page.locator("#status").inner_text()
    assert errors == []
