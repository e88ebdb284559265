"""Everything the search needs, made in one go from validated programs: the Whoosh index and its export.

Used by the Pelican plugin (possibly in a second process, beside page writing); knows nothing of Pelican.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from iopdir.search import export
from iopdir.search import index
from iopdir.fingerprint import code_fingerprint, signed_text, unsigned_text
from iopdir.listing.validation import listing_files


def make(programs_path, index_path, export_path, today: str, programs, files=None) -> dict:
    """Build the index of the listed `programs` (validated by the caller) and its export, unless nothing they
    depend on changed; returns what was done. `files`: the listing files, when the caller has them already."""
    started = time.perf_counter()
    files = files if files is not None else listing_files([programs_path])[0]
    if current(programs_path, index_path, export_path, today, programs, files):
        return {"unchanged": True}
    index_dir, export_dir = Path(index_path), Path(export_path)
    index.build(programs, index_dir)
    index.mark_current(index_dir, files)
    ix = index.Index.open(index_dir)
    try:
        sizes = export.export(ix, export_dir)
    finally:
        ix.close()
    (export_dir / BUILD_KEY).write_text(signed_text(BUILD_KEY, _key(programs, today)))
    return {**sizes, "seconds": time.perf_counter() - started}


BUILD_KEY = ".build-key"  # signed (see iopdir.fingerprint): an export carried by a checkout is made again


def current(programs_path, index_path, export_path, today: str, programs, files=None) -> bool:
    """Whether the index and the export were made from these listings, this day and this code (then `make`
    has nothing to do). `files`: the listing files, when the caller has them already."""
    if unsigned_text(Path(export_path) / BUILD_KEY, BUILD_KEY) != _key(programs, today):
        return False
    return index.is_current(Path(index_path), files if files is not None else listing_files([programs_path])[0])


def _key(programs, today: str) -> str:
    code = code_fingerprint()
    return hashlib.sha256("\0".join(sorted(p.digest for p in programs) + [today, code]).encode()).hexdigest()
