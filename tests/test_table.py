"""table.lines makes the csv module's lines itself (the downloads' speed): the same bytes as the csv module writes
(QUOTE_ALL), for any text, None and numbers; and, not ready, every cell made by cell(), with the defusing of a line
that holds no formula start skipped."""

from __future__ import annotations

import csv
import io
import random

import pytest

from iopdir.tools import table

# What the csv module treats apart (quotes, separators, line breaks, NUL), what defused() looks for, and other text.
CHARACTERS = ['"', ",", ";", "\n", "\r", "\t", "\0", " ", "=", "+", "-", "@", "'", "a", "é", "–", "\u2028", "\ud800"]


def module_lines(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return out.getvalue()


def random_rows(seed: int) -> list[list]:
    rng = random.Random(seed)
    others = [None, 0, 7, -3, 2.5, -74.1, 1e20, -0.0, True]

    def value():
        if rng.random() < 0.2:
            return rng.choice(others)
        return "".join(rng.choice(CHARACTERS) for _ in range(rng.randrange(0, 7)))
    return [[value() for _ in range(rng.randrange(0, 5))] for _ in range(200)]


@pytest.mark.parametrize("seed", range(20))
def test_ready_lines_are_the_csv_modules(seed):
    rows = random_rows(seed)
    assert table.lines(rows, ready=True) == module_lines(rows)


@pytest.mark.parametrize("seed", range(20))
def test_lines_are_the_csv_modules_of_every_cell_made_by_cell(seed):
    rows = random_rows(seed)
    assert table.lines(rows) == module_lines([[table.cell(v) for v in row] for row in rows])


@pytest.mark.parametrize("row, line", [
    (["Harbor IOP", "Yes, evenings"], '"Harbor IOP","Yes, evenings"\n'),  # nothing to defuse
    (["=1+1", "a"], '"\'=1+1","a"\n'),  # the first cell's start
    (["a", ' "@SUM(1)'], '"a","\' ""@SUM(1)"\n'),  # another cell's start, past spaces and quotes
    (["Harbor IOP;=1+1"], '"Harbor IOP;\'=1+1"\n'),  # after a separator inside a cell
    (["a,", "b"], '"a,","b"\n'),  # a separator at a cell's end
    ([-74.1, None, "-1"], '"-74.1","","\'-1"\n'),  # a number stays a number, text is defused
    (("a", "=b"), '"a","\'=b"\n'),
])
def test_a_line_is_defused_only_where_a_formula_could_start(row, line):
    assert table.lines([row]) == line
    assert table.lines(iter([iter(row)])) == line  # any iterables


def test_an_empty_row_is_an_empty_line():
    assert table.lines([[]]) == table.lines([[]], ready=True) == module_lines([[]]) == "\n"


@pytest.mark.parametrize("seed", range(5))
def test_the_quick_test_skips_only_text_with_nothing_to_defuse(seed):
    """defused() returns most text without its two patterns' work: the same as applying them to every text."""
    rng = random.Random(seed)
    for _ in range(2000):
        text = "".join(rng.choice(CHARACTERS) for _ in range(rng.randrange(0, 8)))
        inside = table._FORMULA_AFTER.sub(r"\1'", text)
        assert table.defused(text) == ("'" + inside if table._FORMULA_AT_START.match(text) else inside)
