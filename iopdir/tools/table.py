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
# (nor a run of spaces and quotes before one) and that has no separator or line break has nothing to defuse.
_MAY_START = ' "=+-@\t\r'
_SEPARATOR = re.compile(r"[,;\t\r\n]")


def defused(text: str) -> str:
    """An apostrophe before every formula start (OWASP's advice), so a spreadsheet shows the cell as text. The quotes
    around every cell are not enough: where ';' is the list separator, or in a reader that ignores quotes,
    `Harbor IOP;=1+1` is two cells, the second `=1+1`. Twin of csvCell() in theme/static/js/shared.js (the site's
    CSV downloads), which must write the same bytes."""
    if text[:1] not in _MAY_START and not _SEPARATOR.search(text):
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
    # One writer for every call, writing into a list (a program's share is made of some ten calls, 100,000 at
    # 10,000 programs: a StringIO and a writer each cost more than the rows). Its list is emptied before each use.
    written = _LINES_WRITTEN
    written.clear()
    if ready:
        _LINES_WRITER.writerows(rows)
    else:
        _LINES_WRITER.writerows([defused(v) if v.__class__ is str else v if v is None or v.__class__ in _NUMBERS
                                 else cell(v) for v in row] for row in rows)
    made = "".join(written)
    written.clear()
    return made


class _Appender:
    __slots__ = ("write",)

    def __init__(self, into: list):
        self.write = into.append


_LINES_WRITTEN: list[str] = []
_LINES_WRITER = csv.writer(_Appender(_LINES_WRITTEN), lineterminator="\n", quoting=csv.QUOTE_ALL)


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
