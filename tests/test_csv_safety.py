"""Every CSV the directory writes is safe to open in a spreadsheet (OWASP's CSV injection advice): every cell quoted,
and no cell that a spreadsheet would run as a formula, whichever separator it splits on. Listings are written by
strangers: a name such as `Harbor IOP;=1+1`, opened where ';' is the list separator, must not run `=1+1`.

The CLI (`iopdir search --format csv`), the search page's download and the compare page's download are checked on
the same hostile listings; the search page's CSV is also byte for byte the CLI's.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from iopdir.cli import main
from iopdir.cli.search import _defused
from tests.browser import serve_directory
from tests.sites import build_site

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text(encoding="utf-8")

# id -> name: each starts a formula, at the start or after a separator a spreadsheet may split on.
HOSTILE = {
    "semicolon-iop": "Harbor IOP;=1+1",
    "equals-iop": "=1+1 Harbor IOP",
    "plus-iop": "+1 Harbor IOP",
    "minus-iop": "-1 Harbor IOP",
    "at-iop": "@SUM(1) Harbor IOP",
    "comma-iop": "Harbor IOP,=1+1",
    "quote-iop": 'Harbor IOP;"=1+1',
    "space-iop": "Harbor IOP; -1+1",
}
# What a spreadsheet that honours the quotes then shows: the name, with an apostrophe before each formula start.
SHOWN = {
    "semicolon-iop": "Harbor IOP;'=1+1",
    "equals-iop": "'=1+1 Harbor IOP",
    "plus-iop": "'+1 Harbor IOP",
    "minus-iop": "'-1 Harbor IOP",
    "at-iop": "'@SUM(1) Harbor IOP",
    "comma-iop": "Harbor IOP,'=1+1",
    "quote-iop": "Harbor IOP;'\"=1+1",
    "space-iop": "Harbor IOP;' -1+1",
}
ORGANIZATION = "=cmd|' /C calc'!A0"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def listing(pid: str, name: str) -> str:
    text = VALID.replace("id: harbor-light-evening-iop", f"id: {pid}")
    text = text.replace("name: Harbor Light Evening IOP", "name: '" + name.replace("'", "''") + "'")
    return text.replace("  name: Harbor Light Behavioral Health", "  name: '" + ORGANIZATION.replace("'", "''") + "'")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("csv")
    folder = base / "programs" / "nj"
    folder.mkdir(parents=True)
    for pid, name in HOSTILE.items():
        (folder / f"{pid}.yaml").write_text(listing(pid, name), encoding="utf-8")
    return base


def cli_csv(base: Path, capsys, *argv: str) -> str:
    code = main(["search", *argv, "--format", "csv", "--programs", str(base / "programs"),
                 "--index", str(base / "index")])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def quoted_lines(text: str, end: str) -> list[str]:
    """The lines of a CSV that are not made of quoted cells only (none of ours has a line break in a cell)."""
    cell = r'"(?:[^"]|"")*"'
    return [line for line in text.split(end)[:-1] if not re.fullmatch(f"{cell}(?:,{cell})*", line)]


def formula_cells(text: str) -> list[str]:
    """Cells that start like a formula, as three kinds of reader see the file: a CSV reader splitting on ',', ';' or
    a tab, and one that splits on any of them (and at line breaks) whatever the quotes, past spaces and quotes."""
    found = []
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            found += [f"{delimiter!r}: {cell!r}" for cell in row if cell.startswith(FORMULA)]
    found += [f"any: {piece!r}" for piece in re.split(r"[,;\t\r\n]", text) if piece.lstrip(' "').startswith(FORMULA)]
    return found


def names(text: str) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {row[0]: row[1] for row in rows[1:]}


CASES = [
    ("Harbor IOP", "Harbor IOP"),
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(1)", "'@SUM(1)"), ("\t=1", "'\t'=1"), ("\r=1", "'\r'=1"),
    ("Harbor IOP;=1+1", "Harbor IOP;'=1+1"), ("a,=1", "a,'=1"), ("a\t-1", "a\t'-1"), ("a\n@x", "a\n'@x"),
    ('a;"=1', "a;'\"=1"), ("a; =1", "a;' =1"), ('"=1', "'\"=1"),
    ("Medicaid, Medicare", "Medicaid, Medicare"), ("6-9", "6-9"), ("Mon; Wed", "Mon; Wed"), ("", ""),
]


@pytest.mark.parametrize("value, expected", CASES)
def test_a_formula_start_gets_an_apostrophe(value, expected):
    assert _defused(value) == expected


def test_cli_csv_quotes_every_cell_and_runs_no_formula(hostile, capsys):
    out = cli_csv(hostile, capsys, "harbor")
    assert quoted_lines(out, "\n") == []
    assert formula_cells(out) == []
    assert names(out) == SHOWN


@pytest.fixture(scope="module")
def hostile_site(hostile):
    out = build_site(hostile / "output", hostile / "programs")
    with serve_directory(out) as url:
        yield url


def test_search_download_quotes_every_cell_and_runs_no_formula(page, hostile_site, hostile, capsys):
    page.goto(f"{hostile_site}/search/?q=harbor")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    with page.expect_download() as download:
        page.locator("#results-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert quoted_lines(text, "\n") == []
    assert formula_cells(text) == []
    assert names(text) == SHOWN
    assert text == cli_csv(hostile, capsys, "harbor")  # the page's CSV is the command line's


def test_compare_download_quotes_every_cell_and_runs_no_formula(page, hostile_site):
    ids = ["semicolon-iop", "equals-iop", "quote-iop", "space-iop"]
    page.goto(f"{hostile_site}/compare/?ids={','.join(ids)}")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '4'")
    with page.expect_download() as download:
        page.click("#compare-csv")
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert quoted_lines(text, "\r\n") == []
    assert formula_cells(text) == []
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0][2:6] == [SHOWN[i] for i in ids]
    assert [row[2:6] for row in table if row[1] == "Organization"] == [["'" + ORGANIZATION] * 4]


def test_the_browser_writes_cells_as_the_command_line_does(page, hostile_site):
    """shared.js's csvLine (both downloads) and the CLI's writer give the same bytes, cell for cell."""
    values = [value for value, _ in CASES] + ['say "hi"', "line\nbreak", "x\r\n=1"]
    page.goto(f"{hostile_site}/search/")
    got = page.evaluate("async values => (await import('/theme/js/shared.js')).csvLine(values)", values)
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow([_defused(v) for v in values])
    assert got + "\n" == buffer.getvalue()
