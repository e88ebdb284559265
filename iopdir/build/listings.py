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
from iopdir.listing.validation import Checked, Report, display_path, listing_scan, validate_bytes

# Listings to check before a second process pays (see iopdir.build.beside): it must also load the ZIP table (0.3 s).
# Measured on 2 CPUs: slower at 1,000 (0.64 s against 0.34 s), even at 3,000, 0.7 s faster at 10,000.
PARALLEL_MIN = 4000


def validate_paths(paths, today: dt.date | None = None, cache: Path | str | None = None,
                   save_cache: bool = True, parallel="auto") -> Report:
    """Validate every listing under `paths`; also checks that no two files share an id.

    With `cache` (a file), results are kept by content (see iopdir.build.cache) and an unchanged listing is not
    checked again. `parallel` (see iopdir.build.beside.usable): listings not in the cache are shared with a second process
    when that pays; the report is the same either way."""
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
    for (_, name, _), checked in zip(todo, _check_all(todo, today, parallel)):
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


def _check_all(items: list[tuple], today: dt.date, parallel) -> list["Checked"]:
    """validate_bytes of each (raw, name, path), in order; the second half in a second process when that pays
    (parsing is pure Python: two processes on two CPUs take about 60% of the time of one, results included)."""
    if not beside.usable(len(items), parallel, minimum=PARALLEL_MIN):
        return _check_part(items, today)
    half = len(items) * 11 // 20  # the child has less: it first starts Python and imports (~0.3 s)
    child = beside.Beside(_check_part, items[half:], today)
    try:
        mine = _check_part(items[:half], today)
    except BaseException:
        child.stop()
        raise
    return mine + child.result()


def _check_part(items: list[tuple], today: dt.date) -> list["Checked"]:
    with long_lived():  # about a hundred objects a listing (see iopdir.build.memory)
        return [validate_bytes(raw, name, path, today) for raw, name, path in items]
