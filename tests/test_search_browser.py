"""The search page in Chromium, and one truth: the page and `iopdir search` give the same programs in the same order."""

from pathlib import Path

import pytest

from iopdir.search import query as search
from iopdir.tools.synthetic import generate
from tests.browser import axe_violations, serve_directory, shown_ids
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent

# At least 30 query/filter combinations: words, prefixes, every kind of filter, distance, zero results.
COMBINATIONS = [
    "", "q=evening", "q=teen", "q=counsel", "q=dbt", "q=opioids", "q=spanish", "q=co", "q=group therapy",
    "q=alcohol depression", "q=xyzzy", "q=family", "q=vet", "q=IOP", "q=Recovery%20IOP",
    "flag=evening", "flag=weekend", "flag=online", "flag=accredited", "flag=family", "flag=aftercare",
    "flag=evening&flag=online", "q=counseling&flag=evening&insurance=medicaid", "insurance=medicare",
    "insurance=aetna", "insurance=private&flag=accredited", "state=NJ", "state=WA&flag=online",
    "modality=dbt", "modality=cbt&population=adolescents", "population=veterans", "language=es",
    "focus=substance_use", "focus=mental_health&flag=evening", "condition=opioids&insurance=medicaid",
    "near=07102&miles=25", "near=07102&miles=100&sort=distance", "q=iop&near=98101&miles=50",
    "near=85004&miles=100&flag=online&sort=distance", "near=30303&miles=50", "sort=distance",
]


def python_results(index_dir, combination):
    try:
        results = search.open_and_run(index_dir, **search.from_query_string(combination))
    except search.SearchError:
        return []
    return [(r.id, r.score, r.distance) for r in results]


def browser_results(page, combination):
    found = page.evaluate("q => window.iopdirSearch(q)", combination)
    return [(r["id"], r["score"], r["distance"]) for r in found["results"]]


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    """A site of 400 synthetic listings in 17 states."""
    base = tmp_path_factory.mktemp("generated")
    generate(400, base / "programs", seed=7)
    out = build_site(base / "output", base / "programs")
    with serve_directory(out) as url:
        yield url, base / "index"


def open_search(page, url, query=""):
    page.goto(f"{url}/search/{'?' + query if query else ''}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")


def open_filters(page):
    """Open the filters; their counts load then (they need every facet's documents)."""
    page.locator("#filters-panel > summary").click()
    page.wait_for_function("() => document.querySelector('#filters-panel').hasAttribute('data-counts-ready')")


def test_one_truth_on_the_sample_listings(page, site_url, built_site):
    open_search(page, site_url)
    index_dir = built_site.parent / "index"
    for combination in COMBINATIONS:
        assert browser_results(page, combination) == python_results(index_dir, combination), combination


def test_one_truth_on_a_generated_set(page, generated_site):
    url, index_dir = generated_site
    open_search(page, url)
    nonempty = 0
    for combination in COMBINATIONS:
        expected = python_results(index_dir, combination)
        nonempty += bool(expected)
        assert browser_results(page, combination) == expected, combination
    assert nonempty >= 30  # the combinations really exercise the data


def test_typing_updates_results_and_url(page, site_url, built_site, foreign_requests):
    open_search(page, site_url)
    everything = page.locator("#status").inner_text()
    page.locator("#q").press_sequentially("evening")
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'evening'")
    page.wait_for_function("s => document.querySelector('#status').textContent !== s", arg=everything)
    expected = [r[0] for r in python_results(built_site.parent / "index", "q=evening")][:20]
    assert shown_ids(page) == expected
    assert foreign_requests == []


def test_the_results_are_busy_until_their_own_cards_are_drawn(page, site_url, built_site):
    """From a search's start until its cards are drawn the list says it is busy (aria-busy: a screen reader waits
    rather than read the last search's cards under the new count), and not a moment longer."""
    open_search(page, site_url)
    results = page.locator("#results")
    before = page.locator("#results > li").evaluate_all("items => items.map(i => i.dataset.id)")
    assert results.get_attribute("aria-busy") is None
    held = []
    page.route("**/search/data/terms/**", lambda route: held.append(route))  # the typed word's postings, held back
    with page.expect_request("**/search/data/terms/**"):
        page.locator("#q").fill("evening")
    assert results.get_attribute("aria-busy") == "true"
    assert page.locator("#results > li").evaluate_all("items => items.map(i => i.dataset.id)") == before
    for route in held:
        route.continue_()
    page.wait_for_selector("#results:not([aria-busy])", state="attached")
    expected = [r[0] for r in python_results(built_site.parent / "index", "q=evening")][:20]
    assert expected != before[:len(expected)]
    assert page.locator("#results > li").evaluate_all("items => items.map(i => i.dataset.id)") == expected
    assert axe_violations(page) == []


def test_prefix_while_typing(page, site_url, built_site):
    open_search(page, site_url, "q=counsel")
    expected = [r[0] for r in python_results(built_site.parent / "index", "q=counsel")]
    assert expected and shown_ids(page) == expected[:20]


@pytest.mark.parametrize("control, facet", [("#f-flag-evening", "flag=evening"), ("#f-flag-online", "flag=online"),
                                            ("#f-insurance-medicaid", "insurance=medicaid"),
                                            ("#f-focus-substance_use", "focus=substance_use")])
def test_each_kind_of_checkbox_filter(page, site_url, built_site, control, facet):
    open_search(page, site_url)
    open_filters(page)
    count_text = page.locator(f"label[for='{control[1:]}'] .count").inner_text()
    page.locator(control).check()
    page.wait_for_function("f => location.search.includes(f)", arg=facet)
    page.wait_for_function("() => document.querySelector('#results > li') !== null || /No programs/.test(document.querySelector('#status').textContent)")
    expected = [r[0] for r in python_results(built_site.parent / "index", facet)]
    assert shown_ids(page) == expected[:20]
    assert count_text == f"({len(expected)})"  # the count shown before ticking is what ticking gives
    assert page.locator("#status").inner_text() == f"{len(expected)} programs match."


@pytest.mark.parametrize("select, value", [("#f-state-select", "NJ"), ("#f-language-select", "es")])
def test_select_filters(page, site_url, built_site, select, value):
    open_search(page, site_url)
    page.locator("#filters-panel > summary").click()
    page.locator(select).select_option(value)
    facet = select.split("-")[1]
    page.wait_for_function("f => location.search.includes(f)", arg=f"{facet}={value}")
    expected = [r[0] for r in python_results(built_site.parent / "index", f"{facet}={value}")]
    # Wait for the results of this filter (their count in the status line), not for a fixed time.
    page.wait_for_function("s => document.querySelector('#status').textContent === s",
                           arg=f"{len(expected)} programs match.")
    assert shown_ids(page) == expected[:20]


def test_zip_distance(page, site_url, built_site):
    open_search(page, site_url)
    page.locator("#miles").select_option("100")
    page.locator("#near").fill("07102")
    page.locator("#sort").select_option("distance")
    page.wait_for_function("() => location.search.includes('sort=distance')")
    page.wait_for_function("() => document.querySelector('#results > li .org')?.textContent.includes('miles away')")
    expected = python_results(built_site.parent / "index", "near=07102&miles=100&sort=distance")
    assert shown_ids(page) == [r[0] for r in expected][:20]
    first = page.locator("#results > li .org").first.inner_text()
    assert f"{expected[0][2]:.1f} miles away" in first


def test_shareable_url_round_trip(page, site_url, built_site):
    query = "q=iop&flag=online&insurance=medicaid&near=07102&miles=100&sort=distance"
    open_search(page, site_url, query)
    assert page.locator("#q").input_value() == "iop"
    assert page.locator("#f-flag-online").is_checked() and page.locator("#f-insurance-medicaid").is_checked()
    assert page.locator("#near").input_value() == "07102" and page.locator("#sort").input_value() == "distance"
    assert page.locator("#filters-active").inner_text() == "(2 on: Online option, Medicaid)"
    expected = [r[0] for r in python_results(built_site.parent / "index", query)]
    assert shown_ids(page) == expected[:20]


def test_back_button_restores_the_previous_search(page, site_url):
    open_search(page, site_url, "q=evening")
    before = shown_ids(page)
    page.locator("#filters-panel > summary").click()
    page.locator("#f-flag-weekend").check()
    page.wait_for_function("() => location.search.includes('flag=weekend')")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('flag=weekend')")
    page.wait_for_function("ids => JSON.stringify([...document.querySelectorAll('#results > li')].map(i => i.dataset.id)) === JSON.stringify(ids)", arg=before)
    assert not page.locator("#f-flag-weekend").is_checked()
    assert page.locator("#q").input_value() == "evening"


def test_zero_results(page, site_url):
    open_search(page, site_url, "q=xyzzy")
    assert page.locator("#status").inner_text() == "No programs match. Try fewer filters, other words, or a wider distance."
    assert page.locator("#results > li").count() == 0
    assert page.locator("#status").get_attribute("role") == "status"


def test_home_search_box_leads_to_the_search_page(page, site_url):
    page.goto(site_url + "/")
    page.locator("#home-q").fill("evening")
    page.locator("#home-q").press("Enter")
    page.wait_for_url("**/search/?q=evening")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    assert page.locator("#q").input_value() == "evening"


def test_keyboard_only(page, site_url):
    open_search(page, site_url)
    page.locator("#q").focus()
    page.keyboard.type("evening")
    page.wait_for_function("() => location.search.includes('q=evening')")
    # Tab to the filters' disclosure, open it with the keyboard, tick a box with the space bar.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('#filters-panel > summary')"):
            break
    assert page.evaluate("() => document.activeElement.matches('#filters-panel > summary')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "f-flag-evening"
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('flag=evening')")
    # Then on to the first result.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('#results')"):
            break
    assert page.evaluate("() => !!document.activeElement.closest('#results')")


@pytest.mark.parametrize("query", ["", "q=evening&flag=online", "q=xyzzy"])
def test_search_page_axe(page, site_url, query):
    open_search(page, site_url, query)
    open_filters(page)
    assert axe_violations(page) == []


def test_show_more(page, generated_site):
    url, index_dir = generated_site
    open_search(page, url)
    assert page.locator("#results > li").count() == 20
    page.locator("#more").click()
    page.wait_for_function("() => document.querySelectorAll('#results > li').length === 40")
    assert page.evaluate("() => document.activeElement.closest('li') === document.querySelectorAll('#results > li')[20]")
    expected = [r[0] for r in python_results(index_dir, "")]
    assert shown_ids(page) == expected[:40]


def test_folded_filters_load_their_counts_when_unfolded(page, site_url, built_site):
    """A folded group's counts (and its facet file) load only when the group is opened: less to fetch at first."""
    open_search(page, site_url, "q=iop")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/search/data/", 1)[-1]))
    open_filters(page)
    assert "facets/flag.json" in fetched and "facets/condition.json" not in fetched
    count = page.locator("label[for='f-condition-opioids'] .count")
    page.locator("details[data-facet='condition'] > summary").click()
    page.wait_for_function("() => document.querySelector(\"label[for='f-condition-opioids'] .count\").textContent !== ''")
    expected = python_results(built_site.parent / "index", "q=iop&condition=opioids")
    assert count.inner_text() == f"({len(expected)})"
    assert "facets/condition.json" in fetched


CSV_COMBINATIONS = ["q=evening", "flag=online&insurance=medicaid", "near=07102&miles=100&sort=distance",
                    "q=counsel&flag=accredited", "state=WA"]


@pytest.mark.parametrize("combination", CSV_COMBINATIONS)
def test_results_csv_equals_the_command_line_csv(page, site_url, built_site, combination, capsys):
    """The page's CSV of a search is byte for byte what `iopdir search --format csv` prints for it."""
    from iopdir.cli import main

    open_search(page, site_url)
    from_page = page.evaluate("q => window.iopdirSearchCsv(q)", combination)
    args = search.from_query_string(combination)
    argv = ["search", args["query"], "--format", "csv", "--programs", str(ROOT / "programs"),
            "--index", str(built_site.parent / "index")]
    for facet, values in args["filters"].require.items():
        for value in values:
            argv += [f"--{facet}", value] if facet != "flag" else [f"--{value}"]
    if args["near"]:
        argv += ["--near", args["near"], "--miles", str(args["radius"]), "--sort", args["sort"]]
    assert main(argv) == 0
    assert from_page == capsys.readouterr().out
    assert from_page.count("\n") > 1


def test_download_and_print_results(page, site_url):
    open_search(page, site_url, "flag=online")
    assert page.locator("#result-actions").is_visible()
    with page.expect_download() as download:
        page.locator("#results-csv").click()
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == '"id","name","city","state","miles","hours_per_week","evening","weekend",' \
                                   '"online","insurance","freshness","last_verified","url"'
    assert len(text.splitlines()) == 1 + int(page.locator("#status").inner_text().split()[0])
    page.emulate_media(media="print")
    assert not page.locator("#search-form").is_visible() and not page.locator("#result-actions").is_visible()
    assert page.locator("#results > li").first.is_visible()


def test_print_button_prints_every_result(page, generated_site):
    """More results than a page shows: printing lays out all of them, then opens the print dialog."""
    url, index_dir = generated_site
    open_search(page, url, "flag=online")
    total = len(python_results(index_dir, "flag=online"))
    assert total > 20 and page.locator("#results > li").count() == 20
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.locator("#results-print").click()
    page.wait_for_function("() => window.__printed === 1")
    assert page.locator("#results > li").count() == total


def test_no_result_actions_without_results(page, site_url):
    open_search(page, site_url, "q=xyzzy")
    assert not page.locator("#result-actions").is_visible()
