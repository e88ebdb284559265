"""The site's data files, made apart from its pages (in a second process when that pays, see iopdir.build.beside):
the search index and its export, the checklist, the programs' comparison data and the downloads (/data/).

Comparison data comes in shards, `compare/data/<n>.json`, about eight programs a shard: ten thousand files of one
program each cost more to create than everything else in them (a file and a folder each). A shard is
`{"groups": comparison.layout(), "atoms": [atom name, ...], "programs": {id: data}}`: what all programs share once,
then each program's facts (`values`, row by row in the layout's order) and its checklist verdicts as letters (`atoms`,
one letter m/f/u per atom name; `ages`, one per year). Written out per program, labels and atom names were four-fifths
of the bytes (58 MB at 10,000 programs). A program's shard is FNV-1a of its id modulo the shard count,
which the compare page is given (theme/static/js/shared.js repeats the hash). The count is a power of two, so it changes only when
the number of programs doubles or halves; one listing's edit rewrites only its own shard.

Nothing here knows Pelican: the plugin hands over the validated programs, the checklist and where things go.
"""

from __future__ import annotations

from pathlib import Path

from iopdir.choosing import checklist
from iopdir.choosing import comparison
from iopdir.build import downloads
from iopdir.build import memory
from iopdir.build import search_data
from iopdir.build.cache import ValidationCache
from iopdir.search.export import write_json
from iopdir.build.outputs import OutputCache
from iopdir.listing.program import Program
from iopdir.listing import week
from iopdir.settings import default

PROGRAMS_PER_SHARD = 8
COMPARE_DATA = "compare/data"
SEARCH_DATA = "search/data"


def shard_count(programs: int) -> int:
    """The smallest power of two that keeps shards at PROGRAMS_PER_SHARD programs or fewer on average."""
    count = 1
    while count * PROGRAMS_PER_SHARD < programs:
        count *= 2
    return count


def shard_of(program_id: str, count: int) -> int:
    """FNV-1a (32 bits) of the id's UTF-8 bytes, modulo `count`: the same as shardOf() in shared.js."""
    h = 0x811C9DC5
    for byte in program_id.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % count


def make(programs: list[Program], found: checklist.Checklist, output: str, outputs: OutputCache,
         programs_path: str, index_path: str, today: str, licence: str = default("IOPDIR_DATA_LICENSE"),
         files=None) -> dict:
    """Make every data file; returns what was done and the files recorded in `outputs` (when this runs in a
    second process, `outputs` is its copy: the caller merges `made` and `skipped` into its own). `files`: the
    listing files, when the caller has scanned them already."""
    out = Path(output)
    skipped_before = outputs.skipped
    with memory.long_lived():  # a million postings and JSON values, no cycles: 0.35 s of collection at 10,000
        search = search_data.make(programs_path, index_path, str(out / SEARCH_DATA), today, programs, files)
        rows: dict[str, list] = {}  # the comparison's values of the programs whose shards are made, for /data/
        write_comparison_data(programs, found, out, outputs, rows)
        made = downloads.write(programs, out, today, licence, outputs, rows)  # /data/: the whole directory's downloads
    return {"search": search, "downloads": made, "made": outputs.made, "skipped": outputs.skipped - skipped_before}


def make_from_cache(cache: str, ids: list[str], found: checklist.Checklist, *rest) -> dict:
    """`make` for the programs `ids` (in that order), read from the validation cache this build has just written
    (iopdir.build.cache): what a second process is given instead of the programs themselves, which the build would
    otherwise pickle a second time (0.3 s at 10,000 listings). `rest`: make's arguments after the checklist."""
    return make(programs_from_cache(cache, ids), found, *rest)


def programs_from_cache(cache: str, ids: list[str]) -> list[Program]:
    """The programs `ids` (in that order) from the validation cache this build has just written."""
    by_id = {checked.program.id: checked.program for checked in ValidationCache(cache).entries.values()
             if checked.program is not None}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise LookupError(f"{len(missing)} listing(s) missing from the validation cache {cache} (was it rewritten "
                          f"by another build?), such as {missing[0]}")
    return [by_id[i] for i in ids]


def write_comparison_data(programs: list[Program], found: checklist.Checklist, out: Path,
                          outputs: OutputCache | None = None, rows: dict | None = None) -> None:
    """The checklist and the comparison data shards (what the checklist and the compare page read in the browser).
    With `outputs`, a shard is made again only when one of its listings or the checklist changed; shards left
    from a different shard count are removed."""
    write_json(out / "choose" / "checklist.json", found.export())
    count = shard_count(len(programs))
    shards: dict[int, list[Program]] = {}
    for p in sorted(programs, key=lambda p: p.id):
        shards.setdefault(shard_of(p.id, count), []).append(p)
    digest = found.digest()
    folder = out / COMPARE_DATA
    wanted = {f"{n}.json" for n in shards}
    if folder.is_dir():
        for stale in (f for f in folder.iterdir() if f.name not in wanted):
            stale.unlink()
    # What every program shares goes once a shard: the rows' groups and labels, and the checklist's atom names.
    shared = {"groups": comparison.layout(), "atoms": found.atom_names()}
    for n, members in shards.items():
        path = f"{COMPARE_DATA}/{n}.json"
        if outputs is not None and outputs.current(path, outputs.key(digest, "data", *(p.digest for p in members))):
            continue
        made = {p.id: program_data(p, found) for p in members}
        write_json(out / path, {**shared, "programs": made})
        if rows is not None:  # `rows`: the values made, by program id (the downloads reuse them)
            rows.update((pid, data["values"]) for pid, data in made.items())


def program_data(p: Program, found: checklist.Checklist) -> dict:
    """One program's comparison facts with the checklist's verdicts on it (as the compare page reads them)."""
    return {**comparison.program_data(p), "atoms": found.atom_letters(p), "ages": checklist.ages(p),
            "week": week.data(p)}  # the compare page draws each track's week
