"""The fifth question of choosing in Chromium: ticked on the checklist page, checked by the compare page against each
program's outcomes (Python's verdicts, unknown kept apart from fails), and the outcomes rows shown with "Not reported"
for what a listing leaves out; axe with zero violations on a phone and a laptop."""

from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.choosing import checklist
from tests.browser import axe_violations
from tests.test_choose_browser import open_choose, stored
from tests.test_compare_browser import open_compare

ROOT = Path(__file__).resolve().parent.parent
# Outcomes in full (references: true), references: false, and no outcomes block at all.
IDS = ["lanternwood-evening-iop", "scioto-bend-evening-iop", "cotton-mill-outpatient-services"]


@pytest.fixture(scope="module")
def samples():
    return {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}


def verdict_cells(page, item):
    return page.locator(f'tr[data-item="{item}"] td').evaluate_all("tds => tds.map(td => td.dataset.verdict)")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_checklist_choice_is_checked_by_the_compare_page(page, site_url, samples, width, foreign_requests):
    page.set_viewport_size({"width": width, "height": 800})
    open_choose(page, site_url)
    item = page.locator("#item-results")
    assert item.locator("h3").inner_text() == "Who recommends the program, and can it show its results?"
    page.check("#c-results-3")  # outcomes=references: checked when comparing, not a search filter
    assert stored(page) == "outcomes=references"
    assert page.get_attribute("#choose-search", "href") == "/search/"
    assert "Checked when you compare programs" in page.locator("#choose-summary").inner_text()
    assert axe_violations(page) == []

    open_compare(page, site_url, IDS)
    assert verdict_cells(page, "results") == ["meets", "fails", "unknown"]
    sample = checklist.read(ROOT / "content" / "checklist.yaml", list(samples.values()))
    chosen = checklist.parse_choices(stored(page))
    assert page.evaluate("() => window.iopdirCompare.verdicts()") == {
        pid: sample.verdicts(samples[pid], chosen) for pid in IDS}
    row = page.locator('tr[data-item="results"]')
    assert "You chose: Puts you in touch with families or referrers" in row.locator("th").inner_text()
    assert row.locator("td").all_inner_texts() == ["✓ Meets", "✗ Does not meet", "? Not reported: ask"]
    assert axe_violations(page) == []
    assert foreign_requests == []


def test_the_compare_page_shows_the_outcomes_rows(page, site_url):
    open_compare(page, site_url, IDS)
    heading = page.locator('tbody[data-group="outcomes"] tr.group th').inner_text()
    assert heading == "Results and recommendations"
    references = page.locator('tr[data-row="references"] td')
    assert references.all_inner_texts() == ["Yes", "No", "Not reported"]
    assert references.nth(2).locator("span.unknown").count() == 1 and references.nth(1).locator(".unknown").count() == 0
    published = page.locator('tr[data-row="outcomes_published"] td').all_inner_texts()
    assert published == ["https://lanternwood.example/iop/results", "Not reported", "Not reported"]


def test_two_choices_combine_as_python_does(page, site_url, samples):
    page.goto(site_url + "/")
    page.evaluate("() => localStorage.setItem('iopdir.checklist', 'outcomes=measured&outcomes=published')")
    open_compare(page, site_url, IDS)
    # Lanternwood publishes (meets both); Scioto Bend measures but does not say it publishes (unknown, not fails).
    assert verdict_cells(page, "results") == ["meets", "unknown", "unknown"]
