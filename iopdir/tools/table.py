"""CSV the way every CSV of the directory is written: safe to open in a spreadsheet.

Listings are written by strangers, and a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula (OWASP's "CSV injection"). Every cell is quoted, and an apostrophe goes before every
place a formula could start, at the start of a value or after a separator a spreadsheet may split on (see defused).
Used by `iopdir search --format csv`, the whole-directory download and the HSDS export; the browser's downloads
write the same bytes with csvCell() in theme/static/js/shared.js.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

# Where a spreadsheet may start a cell that runs as a formula: at the start of the value, or after a separator it
# may split on (',' ';' tab) or a line break inside the value; past spaces and quotes, a = + - @ tab or CR.
# Two patterns that each match a character, not one with `^|`: an empty match is followed differently by Python
# and by JavaScript ("\t=1" would differ), and the browser's twin must write the same bytes.
_FORMULA_AT_START = re.compile(r"""[ "]*[=+\-@\t\r]""")
_FORMULA_AFTER = re.compile(r"""([,;\t\r\n])(?=[ "]*[=+\-@\t\r])""")
# A quick test first (the directory writes millions of cells): a value whose first character cannot start a formula
# (nor a run of spaces and quotes before one) and with no formula start after a separator has nothing to defuse.
# (Searched for, not any separator: a list in words, "Depression, Anxiety", then costs 0.5 µs, not the 1.6 µs of
# sub() finding nothing.)
_MAY_START = ' "=+-@\t\r'


def defused(text: str) -> str:
    """An apostrophe before every formula start (OWASP's advice), so a spreadsheet shows the cell as text. The quotes
    around every cell are not enough: where ';' is the list separator, or in a reader that ignores quotes,
    `Harbor IOP;=1+1` is two cells, the second `=1+1`. Twin of csvCell() in theme/static/js/shared.js (the site's
    CSV downloads), which must write the same bytes."""
    if text[:1] not in _MAY_START and not _FORMULA_AFTER.search(text):
        return text
    inside = _FORMULA_AFTER.sub(r"\1'", text)
    return "'" + inside if _FORMULA_AT_START.match(text) else inside


_NUMBERS = (int, float)


def cell(value) -> str:
    """A value as a CSV cell: None is empty; a number the code computed (a longitude, an age) stays a number, so a
    negative one is not turned into text; any text is defused."""
    if value.__class__ is str:
        return defused(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    return defused(str(value))


def ready(value):
    """`value` as rows written with ready=True give it: text defused, None and numbers as they are (the csv module
    writes them as cell() would), anything else made a cell. (write() and lines() do the same inline, per cell.)"""
    if value.__class__ is str:
        return defused(value)
    return value if value is None or value.__class__ in _NUMBERS else cell(value)


def write(stream, header: Iterable[str], rows: Iterable[Iterable], ready: bool = False) -> None:
    """A header and rows as CSV on `stream`: every cell quoted (a quoted cell keeps its separators and line
    breaks), every cell made by cell(). `ready`: the rows' cells are made already (by cell() or defused(), or are
    the writer's own words), and are written as they are."""
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([cell(h) for h in header])
    if ready:
        writer.writerows(rows)
        return
    # cell() inlined for the common cases (millions of cells): text is defused; the csv module writes None as an
    # empty cell and a number as str() does, as cell() would.
    writer.writerows([defused(v) if v.__class__ is str else v if v is None or v.__class__ in _NUMBERS else cell(v)
                      for v in row] for row in rows)


def header(names: Iterable[str]) -> str:
    """A CSV's header line, as write() writes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow([cell(h) for h in names])
    return out.getvalue()


def lines(rows: Iterable[Iterable], ready: bool = False) -> str:
    """Rows as write() writes them after its header: the pieces of a download kept per program
    (iopdir.build.downloads), which join into the same bytes as write() gives for all the rows at once."""
    if ready:
        return "".join([_line(row) for row in rows])
    return "".join([_defused_line(row) for row in rows])


# The csv module's QUOTE_ALL line, made here: each cell as str() gives it (repr() for a float, "" for None) in
# quotes, its quotes doubled (tests/test_table.py checks it against the csv module). The downloads write some
# 300,000 lines at 10,000 programs: the csv module took 17 µs for a line of programs.csv, this 4.5 µs.
def _line(row) -> str:
    cells = [v.replace('"', '""') if v.__class__ is str else "" if v is None else _text(v) for v in row]
    return '"' + '","'.join(cells) + '"\n' if cells else "\n"


def _text(value) -> str:
    """A cell that is not text nor None, as the csv module writes it."""
    return (repr(value) if isinstance(value, float) else str(value)).replace('"', '""')


# In a line as _line makes it, every place defused() looks at: a formula start after a separator (the quotes around
# a cell and the doubled quotes in it are in the run of spaces and quotes before it), or at the start of the first
# cell (after its opening quote).
_FORMULA_IN_LINE = re.compile(r"""[,;\t\r\n][ "]*[=+\-@\t\r]""")


def _defused_line(row) -> str:
    """A row's line with every cell made by cell(). Most lines have no place a formula could start: such a line
    is the line of its cells as they are, found with one search of the line (9 µs for a line of programs.csv,
    where defusing its 76 cells one by one took 30 µs)."""
    row = row if isinstance(row, (list, tuple)) else list(row)
    made = _line(row)
    if _FORMULA_AT_START.match(made, 1) is None and _FORMULA_IN_LINE.search(made) is None:
        return made
    return _line([defused(v) if v.__class__ is str else v if v is None or v.__class__ in _NUMBERS else cell(v)
                  for v in row])


def text(header: Iterable[str], rows: Iterable[Iterable], ready: bool = False) -> str:
    out = io.StringIO()
    write(out, header, rows, ready)
    return out.getvalue()


def write_file(path: Path, header: Iterable[str], rows: Iterable[Iterable], ready: bool = False) -> int:
    """Write the CSV to `path` (UTF-8, its folder made); returns its size in bytes."""
    data = text(header, rows, ready).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)
