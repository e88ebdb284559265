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
from pathlib import Path

from iopdir.build.memory import long_lived
from iopdir.build.outputs import OutputCache
from iopdir.fingerprint import code_fingerprint, read_signed, write_signed
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import SCHEMA_FILE
from iopdir.search.export import encode
from iopdir.tools import directory, hsds

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


class Pieces:
    """Each program's share of the downloads, by its digest, for one day and one version of the code: a signed
    pickle in the build's cache folder (only a file this user's build wrote is unpickled, see
    iopdir.fingerprint). Kept: the pieces of this build's programs only, so the file does not grow."""

    def __init__(self, path: Path | None, day: str):
        self.path, self.day = path, day
        self.entries: dict[str, tuple] = {}
        self.used: dict[str, tuple] = {}
        payload = read_signed(path, PIECES_KIND) if path is not None else None
        if payload is not None:
            try:
                with long_lived():
                    stored = pickle.loads(payload)
                if stored.get("fingerprint") == code_fingerprint() and stored.get("day") == day:
                    self.entries = stored["entries"]
            except (EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
                self.entries = {}  # a damaged cache is only a slower build

    def of(self, p: Program, values) -> tuple:
        """(CSV line, JSON text, HSDS piece) of `p`; `values`: a function giving directory.values(p), called only
        when the piece is not kept."""
        key = f"{p.digest}\0{p.state}"  # the file's bytes, and its folder's state
        found = self.entries.get(key)
        if found is None:
            words = values()
            found = (directory.csv_line(words), encode(directory.json_record(p)).decode("utf-8"),
                     hsds.piece(p, words))
        self.used[key] = found
        return found

    def save(self) -> None:
        if self.path is None:
            return
        made, unused = len(self.used.keys() - self.entries.keys()), len(self.entries.keys() - self.used.keys())
        # Not after a few edits: rewriting every program's share (some 100 MB at 10,000 listings) would cost more
        # than making those few shares again next time. The file is rewritten (pruned) once edits add up.
        if made + unused == 0 or (self.entries and made <= FEW and unused <= max(FEW, len(self.entries) // 10)):
            return
        stored = {"fingerprint": code_fingerprint(), "day": self.day, "entries": self.used}
        write_signed(self.path, PIECES_KIND, lambda f: pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL))


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
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    data = (directory.csv_header() + "".join(m[0] for m in made)).encode("utf-8")
    (folder / directory.CSV_NAME).write_bytes(data)
    sizes[directory.CSV_NAME] = len(data)
    # programs.json as encode(directory.json_data(...)) writes it: its head's keys, then the programs.
    head = encode(directory.json_head(len(programs), day, named))
    data = head[:-1] + b',"programs":[' + ",".join(m[1] for m in made).encode("utf-8") + b"]}"
    (folder / directory.JSON_NAME).write_bytes(data)
    sizes[directory.JSON_NAME] = len(data)
    (folder / SCHEMA_NAME).write_bytes(SCHEMA_FILE.read_bytes())
    sizes.update({f"{HSDS_FOLDER}/{k}": v
                  for k, v in hsds.write_pieces([m[2] for m in made], folder / HSDS_FOLDER, named, day).items()})
    pieces.save()
    return sizes
