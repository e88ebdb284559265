"""The checklist page in Chromium: ticks and values become the search page's URL, choices stay on the device, the
page reads without JavaScript, prints as one sheet of questions, and passes axe."""

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from iopdir.choosing import checklist
from tests.browser import axe_violations
from tests.test_search_browser import python_results, shown_ids

ROOT = Path(__file__).resolve().parent.parent


def open_choose(page, site_url):
    page.goto(site_url + "/choose/")
    page.wait_for_selector("#checklist-form[data-ready]")


def stored(page) -> str:
    return page.evaluate("() => localStorage.getItem('iopdir.checklist') || ''")


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of each page of a PDF from Chromium (its page objects are not compressed)."""
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]


def make_choices(page):
    page.check("#c-accreditation-1")  # flag=accredited
    page.check("#c-therapies-1-cbt")  # modality=cbt
    page.check("#c-schedule-1")  # flag=evening
    page.fill("#c-location-1", "07102")  # near
    page.select_option("#c-location-2", "100")  # miles
    page.select_option("#c-insurance-1", "medicaid")
    page.fill("#c-serves-1", "34")  # age: checked on the compare page, not a search filter
    page.check("#c-medications-1")  # medication=accepted: likewise


def test_ticks_and_values_build_the_search_url(page, site_url, built_site, foreign_requests):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_choose(page, site_url)
    assert page.get_attribute("#choose-search", "href") == "/search/"
    make_choices(page)
    expected = "flag=accredited&modality=cbt&flag=evening&near=07102&miles=100&insurance=medicaid"
    assert page.get_attribute("#choose-search", "href") == "/search/?" + expected
    # The same as iopdir.choosing.checklist makes of the stored choices.
    choices = checklist.parse_choices(stored(page))
    assert ("age", "34") in choices and ("medication", "accepted") in choices
    assert checklist.search_query(choices) == parse_qsl(expected)
    summary = page.locator("#choose-summary").inner_text()
    assert "My insurance is: Medicaid" in summary and "Checked when you compare programs" in summary
    # Nothing was sent: the page asked for its own files only, never with a query.
    assert [u for u in requests if urlsplit(u).query] == [] and foreign_requests == []

    page.click("#choose-search")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    assert sorted(parse_qsl(urlsplit(page.url).query)) == sorted(parse_qsl(expected))  # the page orders its own
    assert page.locator("#f-flag-accredited").is_checked() and page.locator("#f-flag-evening").is_checked()
    assert page.locator("#f-insurance-medicaid").is_checked() and page.locator("#near").input_value() == "07102"
    found = [r[0] for r in python_results(built_site.parent / "index", expected)]
    assert shown_ids(page) == found[:20]


def test_a_distance_without_a_zip_and_a_bad_zip_stay_out(page, site_url):
    open_choose(page, site_url)
    page.select_option("#c-location-2", "50")
    page.check("#c-family-1")
    assert page.get_attribute("#choose-search", "href") == "/search/?flag=family"
    page.fill("#c-location-1", "071")
    assert page.get_attribute("#choose-search", "href") == "/search/?flag=family"
    assert "a ZIP code has five digits" in page.locator("#choose-summary").inner_text()


def test_choices_stay_on_this_device_and_can_be_cleared(page, site_url):
    open_choose(page, site_url)
    make_choices(page)
    page.reload()
    page.wait_for_selector("#checklist-form[data-ready]")
    assert page.locator("#c-therapies-1-cbt").is_checked()
    assert page.locator("#c-insurance-1").input_value() == "medicaid"
    assert page.locator("#c-serves-1").input_value() == "34"
    assert page.locator("#c-location-2").input_value() == "100"
    page.click("#choose-clear")
    assert stored(page) == ""
    assert not page.locator("#c-therapies-1-cbt").is_checked()
    assert page.get_attribute("#choose-search", "href") == "/search/"
    assert "cleared" in page.locator("#choose-summary").inner_text()


def test_without_javascript_it_is_a_readable_list(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/choose/")
    items = page.locator("ol.checklist > li")
    assert items.count() == 13
    assert items.first.locator("h3").is_visible() and items.first.locator(".ask").is_visible()
    assert not page.locator("fieldset.choices").first.is_visible()  # controls that need JavaScript are hidden
    assert not page.locator("#choose-search").is_visible()
    assert page.locator(".level-of-care").is_visible()
    assert page.locator('.level-of-care a[href="tel:988"]').is_visible()
    context.close()


def test_prints_as_one_sheet_of_questions(page, site_url):
    open_choose(page, site_url)
    make_choices(page)
    page.emulate_media(media="print")
    assert page.locator(".sheet-head").is_visible()
    assert page.locator(".checklist .ask").nth(11).is_visible()
    for hidden in ["fieldset.choices", ".choose-result", ".level-of-care", ".checklist .why", ".site-header nav"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    sizes = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert len(sizes) == 1
    width, height = sizes[0]
    assert width < height  # portrait


@pytest.mark.parametrize("width", [320, 375])
def test_small_screens_do_not_scroll_sideways(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_choose(page, site_url)
    make_choices(page)
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_home_page_and_navigation_link_to_the_checklist(page, site_url):
    page.goto(site_url + "/")
    assert page.locator('main a[href="/choose/"]').count() == 1
    page.locator('.site-header nav a[href="/choose/"]').click()
    page.wait_for_url("**/choose/")
    assert page.locator('.site-header nav a[href="/choose/"]').get_attribute("aria-current") == "page"


@pytest.mark.parametrize("with_choices", [False, True])
def test_axe(page, site_url, with_choices):
    open_choose(page, site_url)
    if with_choices:
        make_choices(page)
        page.fill("#c-location-1", "07")  # and one invalid value, with its message
    assert axe_violations(page) == []
