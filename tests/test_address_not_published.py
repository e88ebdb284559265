"""Programs that do not publish their street address (`address_published: false`; the national directory withholds
some): the listing format allows them, the page and the comparison say so where the address would be, the audit does
not take them for duplicates, and the search finds them by city, state and ZIP code (at the ZIP code's centre)."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.choosing import comparison
from iopdir.listing import geography
from iopdir.listing.validation import validate_bytes
from iopdir.listing.wording import ADDRESS_NOT_PUBLISHED, NOT_PUBLISHED, NOT_REPORTED
from iopdir.tools.audit import audit_paths
from iopdir.tools.importer import import_nsumhss
from tests.browser import axe_violations, serve_directory, shown_ids
from tests.sites import build_site

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid-listing.yaml").read_text()
TODAY = dt.date(2026, 11, 25)
F = "programs/nj/harbor-light-evening-iop.yaml"
WITHHELD = VALID.replace("  - street: 12 Market St\n", "  - address_published: false\n")
WITHHELD_ID = "lifewell-mesa"  # the fixture's substance_311 + mental_266, street '- - -' in both directories


def findings(text: str) -> list[str]:
    return [str(f) for f in validate_bytes(text.encode(), F, Path(F), TODAY).findings]


def program(text: str):
    return validate_bytes(text.encode(), F, Path(F), TODAY).program


# --- the format ---------------------------------------------------------------------------------------------------

def test_a_location_may_leave_out_street_when_its_address_is_not_published():
    assert "street" not in WITHHELD
    assert findings(WITHHELD) == []


@pytest.mark.parametrize("text", [
    VALID.replace("  - street: 12 Market St\n", "  - city: Newark\n").replace("    city: Newark\n", "", 1),
    VALID.replace("  - street: 12 Market St\n", "  - address_published: true\n"),
])
def test_otherwise_street_is_required(text):
    assert findings(text) == [
        f"{F}:16:5: error: locations[0].street: missing required field 'street' (needed unless address_published "
        f"is false)"]


@pytest.mark.parametrize("key, line", [("street: 12 Market St", 17), ("street2: Suite 300", 17),
                                       ("geo: {lat: 40.7357, lon: -74.1724}", 17)])
def test_nothing_that_publishes_the_address_goes_with_it(key, line):
    text = WITHHELD.replace("  - address_published: false\n", f"  - address_published: false\n    {key}\n")
    name = key.split(":")[0]
    assert findings(text) == [
        f"{F}:{line}:5: error: locations[0].{name}: leave {name} out when address_published is false: this file is "
        f"public, so it would publish the address (distance uses the ZIP code's centre)"]


def test_the_program_model_has_no_street_and_is_placed_at_the_zip_codes_centre():
    (loc,) = program(WITHHELD).locations
    centre = geography.lookup("07102")
    assert (loc.street, loc.address_published, loc.city, loc.postal_code) == (None, False, "Newark", "07102")
    assert (loc.lat, loc.lon, loc.geo_source) == (centre.lat, centre.lon, "zip")
    assert program(VALID).locations[0].address_published is True  # the default


# --- the comparison and the audit ---------------------------------------------------------------------------------

def test_the_comparison_says_not_published_not_not_reported():
    shown, withheld = program(VALID), program(WITHHELD)
    rows = {row.key: row for _, rows in comparison.table([shown, withheld]) for row in rows}
    assert rows["address"].label == "Street address"
    assert rows["address"].values == ("12 Market St", NOT_PUBLISHED)
    assert NOT_PUBLISHED != NOT_REPORTED and rows["places"].values == ("Newark, NJ", "Newark, NJ")


def test_the_audit_does_not_take_two_unpublished_addresses_in_one_zip_for_duplicates(tmp_path):
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    for n, pid in enumerate(["one", "two"]):
        (folder / f"{pid}.yaml").write_text(WITHHELD.replace("id: harbor-light-evening-iop", f"id: {pid}")
                                            .replace('phone: "973-555-0142"', f'phone: "973-555-011{n}"'))
    assert [i.check for i in audit_paths([tmp_path / "programs"], today=TODAY).issues] == []


# --- on the site ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real 32-row slice imported (Lifewell's address is withheld in both directories), then built."""
    base = tmp_path_factory.mktemp("withheld")
    import_nsumhss(FIXTURES / "nsumhss" / "facilities.csv", FIXTURES / "nsumhss" / "service_definitions.csv",
                   base / "programs")
    assert validate_paths([base / "programs"]).errors == []
    return build_site(base / "output", base / "programs")


class _Elements(HTMLParser):
    """The text of every element of a kind (`tag`), markup dropped; <br> as a line break."""

    def __init__(self, tag: str):
        super().__init__()
        self.tag, self.depth, self.found = tag, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.depth += 1
            if self.depth == 1:
                self.found.append("")
        elif tag == "br" and self.depth:
            self.found[-1] += "\n"

    def handle_endtag(self, tag):
        if tag == self.tag:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def elements(html_text: str, tag: str) -> list[str]:
    parser = _Elements(tag)
    parser.feed(html_text)
    return [re.sub(r"[ \t]+", " ", text).strip() for text in parser.found]


def test_the_page_says_address_not_published_where_the_address_goes(site):
    page = (site / "programs" / WITHHELD_ID / "index.html").read_text()
    assert elements(page, "address") == [f"{ADDRESS_NOT_PUBLISHED}\nMesa, AZ 85201"]
    assert ADDRESS_NOT_PUBLISHED == "Address not published — call the program for directions"
    other = (site / "programs" / "crossroads-extension-for-women-mesa" / "index.html").read_text()
    assert elements(other, "address") == ["244 North Extension Road\nMesa, AZ 85201"]


def test_the_state_comparison_cell_says_not_published(site):
    table = (site / "states" / "az" / "compare" / "index.html").read_text()
    heads = [a for a in re.findall(r'<th scope="col" class="program-head"><a href="[^"]*/programs/([a-z0-9-]+)/"',
                                   table)]
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S) if "Street address" in r)
    cells = dict(zip(heads, elements(row, "td")))
    assert cells[WITHHELD_ID] == NOT_PUBLISHED
    assert cells["crossroads-extension-for-women-mesa"] == "244 North Extension Road"


# --- in the browser -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_url(site):
    with serve_directory(site) as url:
        yield url


def search_ids(page, site_url, query):
    page.goto(f"{site_url}/search/?{query}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    return shown_ids(page)


@pytest.mark.parametrize("query", ["q=Mesa", "state=AZ", "near=85201&miles=5", "q=Mesa&near=85201&miles=1&sort=distance"])
def test_the_search_finds_it_by_city_state_and_zip(page, site_url, query):
    assert WITHHELD_ID in search_ids(page, site_url, query)


def test_by_distance_it_stands_at_its_zip_codes_centre(page, site_url):
    page.goto(f"{site_url}/search/")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    found = page.evaluate("q => window.iopdirSearch(q)", "near=85201&miles=5&sort=distance")["results"]
    distances = {r["id"]: r["distance"] for r in found}
    assert distances[WITHHELD_ID] == 0  # its place is the ZIP code's centre, the same point the search measures from


def test_the_page_and_the_compare_page_in_chromium(page, site_url):
    page.goto(f"{site_url}/programs/{WITHHELD_ID}/")
    assert page.locator("section.location address").inner_text() == f"{ADDRESS_NOT_PUBLISHED}\nMesa, AZ 85201"
    assert axe_violations(page) == []
    page.goto(f"{site_url}/compare/?ids={WITHHELD_ID},crossroads-extension-for-women-mesa")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '2'")
    assert page.locator('#compare-table tr[data-row="address"] td').all_inner_texts() == [
        NOT_PUBLISHED, "244 North Extension Road"]
    assert axe_violations(page) == []
