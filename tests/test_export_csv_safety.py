"""A listing named `=HYPERLINK("http://x.example","y")` comes out inert in every CSV the directory writes: the site's
files (/data/programs.csv, every HSDS table), the command line's (`iopdir export csv|hsds`, `iopdir search --format
csv`) and the browser's downloads (the search page's, the compare page's, and /data/programs.csv fetched through
the page's link), as the rule of tests/test_csv_safety.py reads them: every cell quoted, and no cell a spreadsheet
splitting on ',', ';' or a tab (or ignoring the quotes) would start as a formula.

The one exception is a number the code computed, such as a negative longitude (`-74.1`): a spreadsheet reads it as
the number it is, and an apostrophe would make HSDS's number column text.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest

from iopdir.cli import main
from tests.browser import serve_directory
from tests.sites import build_site
from tests.test_csv_safety import formula_cells, quoted_lines

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "valid-listing.yaml"
NAME = '=HYPERLINK("http://x.example","y")'
SHOWN = "'" + NAME  # what a spreadsheet that honours the quotes shows
ORGANIZATION = "@SUM(1) Health"
SUMMARY = "+1 Evening IOP;=1+1 for adults."
STREET = "-12 Market St"
NUMBER = re.compile(r"-\d+(\.\d+)?")


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hyperlink")
    folder = base / "programs" / "nj"
    folder.mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("name: Harbor Light Evening IOP", f"name: {quoted(NAME)}")
    text = text.replace("  name: Harbor Light Behavioral Health", f"  name: {quoted(ORGANIZATION)}")
    text = text.replace("summary: Evening IOP for working adults with alcohol or opioid use.", f"summary: {quoted(SUMMARY)}")
    text = text.replace("  - street: 12 Market St", f"  - street: {quoted(STREET)}\n    geo: {{lat: 40.73, lon: -74.17}}")
    text += f"family_programming:\n  offered: true\n  notes: {quoted(NAME)}\n"  # an HSDS attribute's value
    (folder / "hyperlink-iop.yaml").write_text(text.replace("id: harbor-light-evening-iop", "id: hyperlink-iop"),
                                               encoding="utf-8")
    # A second program, for the compare page (it compares two or more).
    (folder / "harbor-light-evening-iop.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return base


def formulas(text: str) -> list[str]:
    """formula_cells, less the computed negative numbers."""
    return [c for c in formula_cells(text) if not NUMBER.fullmatch(ast.literal_eval(c.split(": ", 1)[1]).strip(' "'))]


def assert_inert(text: str, name: str) -> None:
    assert quoted_lines(text, "\r\n" if "\r\n" in text else "\n") == [], name
    assert formulas(text) == [], name


def cells(text: str) -> set[str]:
    return {c for row in csv.reader(io.StringIO(text, newline="")) for c in row}


@pytest.fixture(scope="module")
def site(hostile) -> Path:
    return build_site(hostile / "output", hostile / "programs", IOPDIR_TODAY="2026-12-01")


def test_every_csv_of_the_site_is_inert(site):
    files = sorted(site.rglob("*.csv"))
    assert len(files) == 22  # /data/programs.csv and the 21 HSDS tables
    for f in files:
        assert_inert(f.read_text(encoding="utf-8"), f.name)
    assert SHOWN in cells((site / "data" / "programs.csv").read_text(encoding="utf-8"))
    assert SHOWN in cells((site / "data" / "hsds" / "services.csv").read_text(encoding="utf-8"))
    assert SHOWN in cells((site / "data" / "hsds" / "attributes.csv").read_text(encoding="utf-8"))
    assert "'" + STREET in cells((site / "data" / "hsds" / "addresses.csv").read_text(encoding="utf-8"))
    assert "'" + ORGANIZATION in cells((site / "data" / "hsds" / "organizations.csv").read_text(encoding="utf-8"))
    locations = (site / "data" / "hsds" / "locations.csv").read_text(encoding="utf-8")
    assert "-74.17" in cells(locations)  # a computed number stays a number


def test_every_csv_of_the_command_line_is_inert(hostile, tmp_path, capsys):
    programs = str(hostile / "programs")
    assert main(["export", "csv", str(tmp_path / "p.csv"), "--programs", programs]) == 0
    assert main(["export", "hsds", str(tmp_path / "hsds"), "--programs", programs]) == 0
    capsys.readouterr()
    assert main(["search", "hyperlink", "--format", "csv", "--programs", programs,
                 "--index", str(tmp_path / "index")]) == 0
    searched = capsys.readouterr().out
    for name, text in [("search", searched), ("export csv", (tmp_path / "p.csv").read_text(encoding="utf-8")),
                       *((f.name, f.read_text(encoding="utf-8")) for f in sorted((tmp_path / "hsds").glob("*.csv")))]:
        assert_inert(text, name)
    assert SHOWN in cells(searched) and SHOWN in cells((tmp_path / "p.csv").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_url(site):
    with serve_directory(site) as url:
        yield url


def download(page, selector: str) -> str:
    with page.expect_download() as found:
        page.click(selector)
    return Path(found.value.path()).read_bytes().decode("utf-8-sig")


def test_the_browsers_downloads_are_inert(page, site_url):
    page.goto(f"{site_url}/search/?q=hyperlink")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    text = download(page, "#results-csv")
    assert_inert(text, "search page")
    assert SHOWN in cells(text)

    page.goto(f"{site_url}/compare/?ids=hyperlink-iop,harbor-light-evening-iop")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '2'")
    text = download(page, "#compare-csv")
    assert_inert(text, "compare page")
    assert SHOWN in cells(text) and "'" + ORGANIZATION in cells(text)

    page.goto(f"{site_url}/data/")
    text = download(page, "a[href$='/data/programs.csv']")
    assert_inert(text, "/data/ download")
    assert SHOWN in cells(text)
