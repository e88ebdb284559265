"""Everything the search needs, from validated programs: the index and its export for the browser.

Used by the Pelican plugin (possibly in a second process, beside page writing); knows nothing of Pelican.

The export is made from the postings kept between builds (iopdir.search.postings): when listings are only edited,
they are updated in place and only the terms whose scores can change are scored again, so a rebuild after one
listing changed rewrites only the export files that depend on it, in a fraction of the time. When listings are
added or removed (every document number and idf changes) or nothing is kept, the postings are made whole and the
Whoosh index is written too; after an update in place the Whoosh index is left stale (its marker removed), and
`iopdir search` makes it again when it is next used.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from iopdir.search import export
from iopdir.search import index
from iopdir.search import postings
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
    kept_path = postings_path(index_dir)
    kept = postings.load(kept_path, index_dir)
    made, updated = postings.update(kept, programs, index_dir, _postings_key(today))
    if updated is None:
        # For `iopdir search` (the export is made from the postings), from the postings' documents and terms.
        index.build(programs, index_dir, made.docs, made.terms)
        index.mark_current(index_dir, files)
    else:
        # Not rewritten: `iopdir search` sees it is not current and makes it again when it is used.
        (index_dir / index.FINGERPRINT).unlink(missing_ok=True)
    indexed = time.perf_counter()
    sizes = export.export(made, export_dir, made.memo)
    exported = time.perf_counter()
    # After a few documents were updated in place the kept postings are not written again (42 MB at 10,000
    # listings: a fifth of a second of a one-edit rebuild). The next build updates them with those documents again,
    # to the same postings: an update is a function of the postings and the programs (a test checks). Written once
    # edits add up, and whenever they are made whole.
    if updated is None or updated > FEW:
        postings.save(made, kept_path)
    _shape_path(kept_path).write_text(signed_text(SHAPE, _shape(programs, today)))
    (export_dir / BUILD_KEY).write_text(signed_text(BUILD_KEY, _key(programs, today)))
    # (The two parts' seconds are for bench/: the search step's share of a build, as the build makes it.)
    return {**sizes, "seconds": time.perf_counter() - started, "updated": updated,
            "index_seconds": indexed - started, "export_seconds": exported - indexed}


FEW = 50  # documents updated in place that do not rewrite the kept postings
BUILD_KEY = ".build-key"  # signed (see iopdir.fingerprint): an export carried by a checkout is made again


def postings_path(index_dir: Path) -> Path:
    """Beside the index's folder (whose every file its signed manifest names)."""
    return index_dir.with_name(index_dir.name + ".postings")


def current(programs_path, index_path, export_path, today: str, programs, files=None) -> bool:
    """Whether the export was made from these listings, this day and this code (then `make` has nothing to do),
    and the postings it was made from are still there. `files`: unused (the listings are known by their digests)."""
    if unsigned_text(Path(export_path) / BUILD_KEY, BUILD_KEY) != _key(programs, today):
        return False
    return postings_path(Path(index_path)).is_file()


def costly(programs_path, index_path, export_path, today: str, programs, files=None) -> bool:
    """Whether `make` has the postings to make whole (and the Whoosh index to write): listings were added or removed,
    renamed, or nothing is kept. Then a build makes the search data in a second process beside its pages; an
    update in place is quicker done in the build's own process than handing it the programs."""
    if current(programs_path, index_path, export_path, today, programs, files):
        return False
    return unsigned_text(_shape_path(postings_path(Path(index_path))), SHAPE) != _shape(programs, today)


SHAPE = "search postings shape"


def _shape_path(kept: Path) -> Path:
    return kept.with_name(kept.name + ".shape")


def _shape(programs, today: str) -> str:
    """The listings in name order and the postings' key: kept postings with the same shape are updated in place."""
    ids = [p.id for p in index.name_order(programs)]
    return hashlib.sha256("\0".join([_postings_key(today), *ids]).encode()).hexdigest()


def _key(programs, today: str) -> str:
    code = code_fingerprint()
    return hashlib.sha256("\0".join(sorted(p.digest for p in programs) + [today, code]).encode()).hexdigest()


def _postings_key(today: str) -> str:
    """What kept postings must have been made with: this code (document() and the analysis) and this day (a
    card's freshness)."""
    return hashlib.sha256(f"{today}\0{code_fingerprint()}".encode()).hexdigest()
