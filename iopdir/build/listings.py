"""Validating a folder of listings for a build or a command: results kept by content (see iopdir.build.cache), and
the listings the cache does not know shared with a second process when that pays (see iopdir.build.beside).

The checks themselves are iopdir.listing.validation's; this adds what a whole run needs: the cache, the second
process, and the one check across files (no two listings share an id).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from iopdir.build import beside
from iopdir.build.cache import ValidationCache
from iopdir.build.memory import long_lived
from iopdir.listing.findings import ERROR, Finding
from iopdir.listing.files import Refused, read_regular
from iopdir.listing.program import Program
from iopdir.listing.validation import Checked, Report, display_path, listing_scan, validate_bytes

# Listings to check before a second process pays (see iopdir.build.beside): it must also load the ZIP table (0.3 s).
# Measured on 2 CPUs: slower at 1,000 (0.64 s against 0.34 s), even at 3,000, 0.7 s faster at 10,000.
PARALLEL_MIN = 4000


def validate_paths(paths, today: dt.date | None = None, cache: Path | str | None = None,
                   save_cache: bool = True, parallel="auto", keep_second: bool = False) -> Report:
    """Validate every listing under `paths`; also checks that no two files share an id.

    With `cache` (a file), results are kept by content (see iopdir.build.cache) and an unchanged listing is not
    checked again. `parallel` (see iopdir.build.beside.usable): listings not in the cache are shared with a second process
    when that pays; the report is the same either way. With `keep_second`, that process is kept for more work, as
    the report's `second` (a Second; None when no second process checked any), holding the programs it checked;
    the caller must close() it."""
    today = today or dt.date.today()
    files, _, refused = listing_scan(paths)
    report = Report(paths=files)
    cwd = os.path.realpath(os.getcwd())
    for path, reason in refused:  # links, pipes, devices: never opened, and what they point to is never shown
        report.files += 1
        report.findings.append(Finding(display_path(path, cwd), 1, 1, ERROR, "file", reason))
    store = ValidationCache(cache)
    results: dict[str, Checked] = {}  # file name -> its findings and program, in file order
    todo, keys = [], {}  # the files the cache does not know, checked together below (perhaps in two processes)
    for path in files:
        report.files += 1
        name = display_path(path, cwd)
        try:
            raw = read_regular(path)
        except Refused as exc:  # became a link or a pipe since the scan
            report.findings.append(Finding(name, 1, 1, ERROR, "file", exc.reason))
            continue
        except OSError as exc:
            report.findings.append(Finding(name, 1, 1, ERROR, "file", f"cannot be read ({exc.strerror})"))
            continue
        keys[name] = store.key(raw, name, path.parent.name, today.isoformat())
        results[name] = store.get(keys[name])
        if results[name] is None:
            todo.append((raw, name, path))
    checked_all, report.second = _check_all(todo, today, parallel, keep_second)
    for (_, name, _), checked in zip(todo, checked_all):
        results[name] = checked
        store.put(keys[name], checked)
    seen_ids: dict[str, tuple[str, int, int]] = {}
    for name, checked in results.items():
        report.findings.extend(checked.findings)
        program, doc_place = checked.program, checked.id_place
        if program is None:
            continue
        if program.id in seen_ids:
            other, line, _ = seen_ids[program.id]
            report.findings.append(Finding(name, doc_place[0], doc_place[1], ERROR, "id",
                                           f"'{program.id}' is already used by {other}:{line}; ids must be unique"))
            continue
        seen_ids[program.id] = (name, *doc_place)
        report.programs.append(program)
    report.findings.sort(key=lambda f: (f.file, f.line, f.column))
    report.cache_hits = store.hits
    if save_cache:  # a second process reading the same cache at the same time leaves the writing to one
        store.save()
    return report


def _check_all(items: list[tuple], today: dt.date, parallel, keep: bool = False) -> tuple[list["Checked"], "Second | None"]:
    """validate_bytes of each (raw, name, path), in order; the second half in a second process when that pays
    (parsing is pure Python: two processes on two CPUs take about 60% of the time of one, results included). With
    `keep`, that process is kept (see validate_paths)."""
    if not items or not beside.usable(len(items), parallel, minimum=PARALLEL_MIN):
        return _check_part(items, today), None
    half = len(items) * 11 // 20  # the child has less: it first starts Python and imports (~0.3 s)
    child = beside.Beside(_check_and_hold if keep else _check_part, items[half:], today, keep=keep)
    try:
        mine = _check_part(items[:half], today)
        theirs = child.result()
    except BaseException:
        child.stop()
        raise
    if not keep:
        return mine + theirs, None
    return mine + theirs, Second(child, frozenset(c.program.id for c in theirs if c.program is not None))


def _check_part(items: list[tuple], today: dt.date) -> list["Checked"]:
    with long_lived():  # about a hundred objects a listing (see iopdir.build.memory)
        return [validate_bytes(raw, name, path, today) for raw, name, path in items]


class Second:
    """A second process that checked part of a build's listings, kept for more work (validate_paths(keep_second=True)):
    `process`, the iopdir.build.beside.Beside; `holds`, the ids of the programs it checked, which it keeps
    (held(), there). A build then makes its data files in it from those and the ones it is sent, rather than
    starting another Python and reading every program back from the validation cache (0.4 s and 0.3 s of CPU
    time at 10,000 listings)."""

    def __init__(self, process: beside.Beside, holds: frozenset[str]):
        self.process, self.holds = process, holds

    def close(self) -> None:
        self.process.close()


_held: dict[str, Program] = {}  # in a kept second process: the programs it checked, by id


def _check_and_hold(items: list[tuple], today: dt.date) -> list["Checked"]:
    """_check_part in a kept second process, which holds on to the programs for its next work (held())."""
    checked = _check_part(items, today)
    _held.clear()
    _held.update((c.program.id, c.program) for c in checked if c.program is not None)
    return checked


def held() -> dict:
    """The programs this process checked as a kept second process (by id); empty elsewhere."""
    return _held
