"""A state page's program cards, kept between builds.

A state page shows every one of its programs' cards, so one edited listing makes its state's pages again: at 10,000
listings a state has about 600 programs, and rendering their cards was most of the time a one-listing rebuild spent
on pages. Each card is kept with a key (the OutputCache's: the program's digest, the language and its catalog, the
templates, the settings, the day and the code), so the page is made again from the kept cards and the edited one.

One file per state and language: a state's page is written by one process (the second process writes whole states),
so two processes never write the same file. The file is signed like the other caches: a planted card would be
served as the site's own HTML.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from iopdir.fingerprint import read_signed, write_signed

KIND = "state page cards"


class KeptCards:
    """The cards of one state page in one language. `key_of(program)` is a card's key; `get(program)` its kept HTML
    (None when its key has changed), `keep(program, html)` a card just made; `save()` writes the file when a card
    was made or one is no longer shown. `wrap` marks kept HTML as safe for the template that shows it."""

    def __init__(self, path: Path, key_of, wrap=str):
        self.path, self.key_of, self.wrap = Path(path), key_of, wrap
        stored = read_signed(self.path, KIND)
        try:
            kept = marshal.loads(stored) if stored is not None else {}
        except (ValueError, EOFError, TypeError):
            kept = {}
        self.kept: dict[str, str] = kept if isinstance(kept, dict) else {}
        self.used: dict[str, str] = {}

    def get(self, program):
        key = self.key_of(program)
        html = self.kept.get(key)
        if not isinstance(html, str):
            return None
        self.used[key] = html
        return self.wrap(html)

    def keep(self, program, html):
        self.used[self.key_of(program)] = str(html)
        return html

    def save(self) -> None:
        # Only the cards this page showed: a closed or moved program's card is not kept for ever.
        if self.used != self.kept:
            write_signed(self.path, KIND, marshal.dumps(self.used))
