"""Incremental output: a page or data file is made again only when what it is made from has changed.

A site generator rewrites every file on every build (Pelican's content cache covers only what its readers read).
Listings are ours to make incremental: each output file is recorded with a key, the SHA-256 of its inputs (the listings it shows, the
theme's templates, the settings and the day); a file whose key is unchanged and which is still on disk is skipped.
The record is signed (see iopdir.fingerprint): a planted record would keep planted pages.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from iopdir.fingerprint import read_signed, write_signed

KIND = "page record"


def _plain(value) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def fingerprint_of_settings(settings: dict) -> str:
    """The plain-data settings (a changed site name or URL remakes every page). Functions, classes and the like are
    left out: their text holds memory addresses that differ on every run."""
    plain = {k: v for k, v in settings.items() if k.isupper() and _plain(v)}
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


class OutputCache:
    def __init__(self, record: Path, output: Path, salt: str):
        self.record, self.output, self.salt = Path(record), Path(output), salt
        self._root = os.path.join(self.output, "")  # current() joins strings: a Path a page cost 0.01 ms of 0.1
        stored = read_signed(self.record, KIND)
        try:
            self.keys = json.loads(bytes(stored)) if stored is not None else {}
        except ValueError:
            self.keys = {}
        if not isinstance(self.keys, dict):
            self.keys = {}
        self.made: dict[str, str] = {}
        self.skipped = 0

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\0".join((self.salt, *parts)).encode()).hexdigest()

    def current(self, relative: str, key: str) -> bool:
        """True when `relative` was made from the same inputs and is still there (then it need not be made)."""
        self.made[relative] = key
        if self.keys.get(relative) == key and os.path.isfile(self._root + relative):
            self.skipped += 1
            return True
        return False

    def unmade(self) -> list[str]:
        """What the last build made and this one did not (call once this build's files are all recorded): the pages
        of listings since closed or removed, of states left with none."""
        return sorted(self.keys.keys() - self.made.keys())

    def save(self) -> None:
        write_signed(self.record, KIND, json.dumps(self.made, sort_keys=True).encode())
