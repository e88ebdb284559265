"""The site's downloads, /data/: the whole published directory as CSV and JSON, the listing format's JSON Schema and
the HSDS 3.0 data package (iopdir.tools.directory, iopdir.tools.hsds). Made in the build's data-file step
(iopdir.build.datafiles), beside the pages.

They depend on every published listing, the day (freshness), the licence and the code: made again only when one of
those changed (the output record's key; its salt has the day, the settings and the code), so a build with no change
rewrites none of them. Each program's share of every file (its CSV line, its JSON, its rows of each HSDS table) is
kept between builds (Pieces), by the listing's digest and the day: after one listing's edit only its share is made
again, and the files are the others' shares joined (a whole build of 10,000 made them all again: 7 s of 10).
"""

from __future__ import annotations

import datetime as dt
import pickle
from itertools import accumulate
from pathlib import Path

from iopdir.build.memory import long_lived
from iopdir.build.outputs import OutputCache
from iopdir.fingerprint import code_fingerprint, read_signed, write_signed
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import SCHEMA_FILE
from iopdir.tools import directory, hsds
from iopdir.writing import compact_json, write_if_changed

FOLDER = "data"
SCHEMA_NAME = "program.schema.json"
HSDS_FOLDER = "hsds"


def paths() -> list[str]:
    """Every file this writes, relative to the output folder."""
    tables = [r["path"] for r in hsds.official_package()["resources"]] + ["datapackage.json"]
    return [f"{FOLDER}/{n}" for n in (directory.CSV_NAME, directory.JSON_NAME, SCHEMA_NAME)] + \
           [f"{FOLDER}/{HSDS_FOLDER}/{n}" for n in tables]


PIECES_KIND = "downloads cache"
FEW = 50  # shares made again that do not rewrite the kept file (Pieces.save)
CSV, JSON = "csv", "json"  # the whole-directory files among the kept bodies (the others: HSDS tables by name)


class Pieces:
    """Each program's share of the downloads, kept between builds for one day and one version of the code: each
    file's body (its lines without the header) as one bytes object with the end of every program's share in it,
    by the program's key (its digest and state), and the taxonomy terms each program uses. A signed pickle in the
    build's cache folder (only a file this user's build wrote is unpickled, see iopdir.fingerprint).

    Kept as whole bodies, not as each program's strings: loading 100 MB of bodies at 10,000 listings is reading
    and checking the file (0.1 s), where some 200,000 strings took 0.3 s to make again; and the files are the kept
    bodies' slices joined. Kept: this build's programs only, so the file does not grow."""

    def __init__(self, path: Path | None, day: str):
        self.path, self.day = path, day
        self.entries: dict[str, int] = {}  # key -> its place among the kept shares
        self.bodies: dict[str, bytes] = {}
        self.ends: dict[str, list[int]] = {}
        self.terms: list[list] = []
        self.used: list[str] = []  # this build's keys, in order
        payload = read_signed(path, PIECES_KIND) if path is not None else None
        if payload is not None:
            try:
                stored = pickle.loads(payload)
                if stored.get("fingerprint") == code_fingerprint() and stored.get("day") == day:
                    keys, bodies, ends, terms = stored["keys"], stored["bodies"], stored["ends"], stored["terms"]
                    if (set(bodies) == set(ends) == set(_files()) and len(terms) == len(keys)
                            and all(len(e) == len(keys) and (not e or e[-1] == len(bodies[f]))
                                    for f, e in ends.items())):
                        self.bodies, self.ends, self.terms = bodies, ends, terms
                        self.entries = {key: n for n, key in enumerate(keys)}
            except (EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
                self.entries = {}  # a damaged cache is only a slower build

    def of(self, p: Program, values):
        """`p`'s share: the place of a kept one (an int), or ({file: its bytes}, its terms) made now. `values`: a
        function giving directory.values(p), called only when the share is not kept."""
        key = f"{p.digest}\0{p.state}"  # the file's bytes, and its folder's state
        self.used.append(key)
        found = self.entries.get(key)
        if found is not None:
            return found
        words = values()
        tables, terms = hsds.piece(p, words)
        share = {name: text.encode("utf-8") for name, text in tables.items()}
        share[CSV] = directory.csv_line(words).encode("utf-8")
        share[JSON] = compact_json(directory.json_record(p))
        return share, terms

    def join(self, made: list) -> tuple[dict[str, list], dict[str, list[int]], list[list]]:
        """Each file's shares in the order of `made` (what of() gave), the ends of the shares in their file's body,
        and each program's terms."""
        parts: dict[str, list] = {}
        ends: dict[str, list[int]] = {}
        for name in _files():
            kept = memoryview(self.bodies[name]) if name in self.bodies else None
            kept_ends = self.ends.get(name)
            shares = [kept[kept_ends[m - 1] if m else 0:kept_ends[m]] if m.__class__ is int else m[0].get(name, b"")
                      for m in made]
            parts[name], ends[name] = shares, list(accumulate(map(len, shares)))
        terms = [self.terms[m] if m.__class__ is int else m[1] for m in made]
        return parts, ends, terms

    def save(self, bodies: dict[str, bytes], ends: dict[str, list[int]], terms: list[list]) -> None:
        """Keep this build's bodies (each file's shares joined), unless only a few shares were made or left out."""
        if self.path is None:
            return
        made = sum(1 for key in self.used if key not in self.entries)
        unused = len(self.entries) - (len(self.used) - made)
        # Not after a few edits: rewriting every program's share (some 100 MB at 10,000 listings) would cost more
        # than making those few shares again next time. The file is rewritten (pruned) once edits add up.
        if made + unused == 0 or (self.entries and made <= FEW and unused <= max(FEW, len(self.entries) // 10)):
            return
        stored = {"fingerprint": code_fingerprint(), "day": self.day, "keys": self.used, "bodies": bodies,
                  "ends": ends, "terms": terms}
        write_signed(self.path, PIECES_KIND, lambda f: pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL))


def _files() -> list[str]:
    return [CSV, JSON, *hsds.table_names()]


def write(programs: list[Program], out: Path, today: str, licence: str, outputs: OutputCache | None = None,
          comparison_values: dict | None = None) -> dict:
    """Write the downloads of `programs` (the published ones) under `out`/data/, unless they are current; returns
    the sizes of what was written ({} when nothing was). `comparison_values`: program id -> its comparison values
    (comparison.program_data's), for those the caller has made already. With `outputs`, each program's share is
    kept in its cache folder (Pieces)."""
    wanted = paths()
    if outputs is not None:
        key = outputs.key("downloads", licence, *sorted(p.digest for p in programs))
        if all([outputs.current(path, key) for path in wanted]):  # a list: every file is recorded
            return {}
    day, named = dt.date.fromisoformat(today), directory.licence(licence)
    folder = out / FOLDER
    known = comparison_values or {}
    pieces = Pieces(outputs.record.parent / "downloads.pickle" if outputs is not None else None, today)
    with long_lived():  # some 200,000 strings at 10,000 programs, no cycles
        made = [pieces.of(p, lambda p=p: directory.values(p, known.get(p.id))) for p in programs]
    parts, ends, terms = pieces.join(made)
    del made
    bodies = {name: b"".join(shares) for name, shares in parts.items()}
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    # Each file written only when its bytes changed (iopdir.writing): after one edit, the tables it does not touch
    # are left alone.
    head = directory.csv_header().encode("utf-8")
    write_if_changed(folder / directory.CSV_NAME, head, bodies[CSV])
    sizes[directory.CSV_NAME] = len(head) + len(bodies[CSV])
    # programs.json as compact_json(directory.json_data(...)) writes it: its head's keys, then the programs.
    head = compact_json(directory.json_head(len(programs), day, named))
    data = head[:-1] + b',"programs":[' + b",".join(parts[JSON]) + b"]}"
    del parts
    write_if_changed(folder / directory.JSON_NAME, data)
    sizes[directory.JSON_NAME] = len(data)
    del data
    write_if_changed(folder / SCHEMA_NAME, SCHEMA_FILE.read_bytes())
    sizes.update({f"{HSDS_FOLDER}/{k}": v
                  for k, v in hsds.write_bodies(bodies, terms, folder / HSDS_FOLDER, named, day).items()})
    pieces.save(bodies, ends, terms)
    return sizes
