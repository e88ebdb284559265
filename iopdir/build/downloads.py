"""The site's downloads, /data/: the whole published directory as CSV and JSON, the listing format's JSON Schema and
the HSDS 3.0 data package (iopdir.tools.directory, iopdir.tools.hsds). Made in the build's data-file step
(iopdir.build.datafiles), beside the pages.

They depend on every published listing, the day (freshness), the licence and the code: made again only when one of
those changed (the output record's key; its salt has the day, the settings and the code), so a build with no change
rewrites none of them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iopdir.build.outputs import OutputCache
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import SCHEMA_FILE
from iopdir.search.export import write_json
from iopdir.tools import directory, hsds

FOLDER = "data"
SCHEMA_NAME = "program.schema.json"
HSDS_FOLDER = "hsds"


def paths() -> list[str]:
    """Every file this writes, relative to the output folder."""
    tables = [r["path"] for r in hsds.official_package()["resources"]] + ["datapackage.json"]
    return [f"{FOLDER}/{n}" for n in (directory.CSV_NAME, directory.JSON_NAME, SCHEMA_NAME)] + \
           [f"{FOLDER}/{HSDS_FOLDER}/{n}" for n in tables]


def write(programs: list[Program], out: Path, today: str, licence: str, outputs: OutputCache | None = None,
          comparison_values: dict | None = None) -> dict:
    """Write the downloads of `programs` (the published ones) under `out`/data/, unless they are current; returns
    the sizes of what was written ({} when nothing was). `comparison_values`: program id -> its comparison values
    (comparison.program_data's), for those the caller has made already."""
    wanted = paths()
    if outputs is not None:
        key = outputs.key("downloads", licence, *sorted(p.digest for p in programs))
        if all([outputs.current(path, key) for path in wanted]):  # a list: every file is recorded
            return {}
    day, named = dt.date.fromisoformat(today), directory.licence(licence)
    folder = out / FOLDER
    sizes = {}
    known = comparison_values or {}
    found = [directory.values(p, known.get(p.id)) for p in programs]  # once, for the CSV and the HSDS tables
    data = directory.csv_text(programs, found).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / directory.CSV_NAME).write_bytes(data)
    sizes[directory.CSV_NAME] = len(data)
    sizes[directory.JSON_NAME] = write_json(folder / directory.JSON_NAME, directory.json_data(programs, day, named))
    (folder / SCHEMA_NAME).write_bytes(SCHEMA_FILE.read_bytes())
    sizes.update({f"{HSDS_FOLDER}/{k}": v for k, v in hsds.write(programs, folder / HSDS_FOLDER, named, day, found).items()})
    return sizes
