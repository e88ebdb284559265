"""Validation results kept by content, so an unchanged listing is not parsed and checked again.

An entry's key is the SHA-256 of the listing's bytes together with everything else its findings depend on: where
the file is (its name and folder), the day (future dates, expired accreditations, freshness) and the validator itself
(the schema, the vocabularies and the code that reads them). Checks across files (duplicate ids) are always redone.

The file is a pickle (loading validated programs any other way was several times slower), so it is signed (see
iopdir.fingerprint): only a file this user's build wrote is ever unpickled.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from iopdir.fingerprint import code_fingerprint, read_signed, write_signed
from iopdir.build.memory import long_lived


class ValidationCache:
    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self.entries: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        self.hits = 0
        # A file that fails its check is removed (iopdir.fingerprint.rejected), so save() writes it again.
        payload = read_signed(self.path, KIND) if self.path else None
        if payload is not None:
            try:
                with long_lived():
                    stored = pickle.loads(payload)
                if stored.get("fingerprint") == code_fingerprint():
                    self.entries = stored["entries"]
            except (EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
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
        stored = {"fingerprint": code_fingerprint(), "entries": self.used}
        write_signed(self.path, KIND, lambda f: pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL))


KIND = "validation cache"
