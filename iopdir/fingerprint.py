"""Digests of files: the keys of everything a build or a command keeps between runs (caches of validation, pages,
the search index). Knows nothing of what is cached."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from iopdir import SCHEMA_DIR

CODE = Path(__file__).resolve().parent  # the package: its code and its data files (the ZIP table)


def digest(paths, root: Path | None = None) -> str:
    """SHA-256 of files' names (relative to `root` when given) and contents, in the order given: the key of
    anything made from them (caches of validation, pages, the search index)."""
    h = hashlib.sha256()
    for path in map(Path, paths):
        name = path.relative_to(root) if root else path.name
        h.update(str(name).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def digest_of_folder(folder: Path, pattern: str = "*") -> str:
    """`digest` of every file under `folder` matching `pattern` (compiled Python caches left out)."""
    folder = Path(folder)
    return digest(sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts), folder)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever anything a cache may depend on changes: every module of the package, every data file it
    reads (the ZIP table), the schema and the vocabularies. Whole, not hand-kept lists of the files that matter:
    such a list missed the ZIP table once (a cached run accepted a ZIP that an uncached run refused)."""
    return digest_of_folder(CODE) + digest_of_folder(SCHEMA_DIR)
