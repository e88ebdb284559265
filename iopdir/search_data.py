"""Everything the search needs, made in one go: validate the listings, build the Whoosh index, export it.

Used by the Pelican plugin (possibly in a second process, beside page writing); knows nothing of Pelican.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

from . import export, index
from .cache import CODE, digest
from .validation import listing_files, validate_paths


def make(programs_path, index_path, export_path, today: str, cache_path=None, programs=None) -> dict:
    """Build the index and the export unless nothing they depend on changed; returns what was done.

    `programs`: the listed programs when the caller has validated them already; else they are read here."""
    started = time.perf_counter()
    if programs is None:
        report = validate_paths([programs_path], today=dt.date.fromisoformat(today), cache=cache_path,
                                save_cache=False)
        if not report.ok:
            return {"unchanged": True, "invalid": True}  # whoever asked reports the errors
        programs = [p for p in report.programs if p.listed]
    if current(programs_path, index_path, export_path, today, programs):
        return {"unchanged": True}
    index_dir, export_dir = Path(index_path), Path(export_path)
    index.build(programs, index_dir)
    index.mark_current(index_dir, listing_files([programs_path])[0])
    ix = index.Index.open(index_dir)
    try:
        sizes = export.export(ix, export_dir)
    finally:
        ix.close()
    (export_dir / BUILD_KEY).write_text(_key(programs, today))
    return {**sizes, "seconds": time.perf_counter() - started}


BUILD_KEY = ".build-key"


def current(programs_path, index_path, export_path, today: str, programs) -> bool:
    """Whether the index and the export were made from these listings, this day and this code (then `make`
    has nothing to do)."""
    marker = Path(export_path) / BUILD_KEY
    return (index.is_current(Path(index_path), listing_files([programs_path])[0]) and marker.is_file()
            and marker.read_text() == _key(programs, today))


def _key(programs, today: str) -> str:
    code = digest([CODE / name for name in (*index.CODE_FILES, "export.py", "search_data.py")])
    return hashlib.sha256("\0".join(sorted(p.digest for p in programs) + [today, code]).encode()).hexdigest()
