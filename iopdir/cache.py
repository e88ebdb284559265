"""Validation results kept by content, so an unchanged listing is not parsed and checked again.

An entry's key is the SHA-256 of the listing's bytes together with everything else its findings depend on: where
the file is (its name and folder), the day (future dates, expired accreditations, freshness) and the validator itself
(the schema, the vocabularies and the code that reads them). Checks across files (duplicate ids) are always redone.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from . import SCHEMA_DIR
from .memory import long_lived

CODE = Path(__file__).resolve().parent  # the core library's own files
_FILES_THAT_DECIDE = ["validation.py", "yamlstrict.py", "program.py", "geography.py", "findings.py",
                      "description.py"]  # a cached Program carries its rendered description


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
def validator_fingerprint() -> str:
    """Changes whenever the schema, the vocabularies or the validating code change."""
    return digest([SCHEMA_DIR / "program.schema.json", SCHEMA_DIR / "vocabularies.yaml",
                   *(CODE / name for name in _FILES_THAT_DECIDE)])


class ValidationCache:
    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self.entries: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        self.hits = 0
        if self.path and self.path.is_file():
            try:
                with self.path.open("rb") as f, long_lived():
                    stored = pickle.load(f)
                if stored.get("fingerprint") == validator_fingerprint():
                    self.entries = stored["entries"]
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
                self.entries = {}  # a damaged cache is only a slower build

    @staticmethod
    def key(raw: bytes, name: str, folder: str, today: str) -> str:
        h = hashlib.sha256(raw)
        h.update(f"\0{name}\0{folder}\0{today}".encode())
        return h.hexdigest()

    def get(self, key: str):
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.used[key] = entry
        return entry

    def put(self, key: str, entry: tuple) -> None:
        self.used[key] = entry

    def save(self) -> None:
        """Keep only the entries of this run (so the file does not grow), written atomically. After a save the file
        is there, even for no listings: the build's second process reads the programs from it."""
        if not self.path or (self.used == self.entries and self.path.is_file()):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".validation-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump({"fingerprint": validator_fingerprint(), "entries": self.used}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
