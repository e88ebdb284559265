"""The site's data files, made apart from its pages (in a second process when that pays, see iopdir.build.beside):
the search index and its export, the programs' comparison data and the downloads (/data/).

Comparison data comes in shards, `compare/data/<n>.json`, at most eight programs a shard on average (between four and
eight: 4.9 at 10,000 listings, 7.8 at 1,000, as shard_count rounds up to a power of two): ten thousand files of one
program each cost more to create than everything else in them (a file and a folder each). A shard is
`{"groups": comparison.shared_layout(), "atoms": [atom name, ...], "programs": {id: data}}`: what all programs share
once, then each program's facts (`values`, row by row in the layout's order, language-neutral: codes, true/false,
numbers) and its checklist verdicts as letters (`atoms`, one letter m/f/u per atom name; `ages`, one per year).
Written out per program, labels and atom names were four-fifths of the bytes (58 MB at 10,000 programs). A program's
shard is FNV-1a of its id modulo the shard count, which the compare page is given (theme/static/js/shared.js repeats
the hash). The count is a power of two, so it changes only when the number of programs doubles or halves; one
listing's edit rewrites only its own shard.

What is made of words is written once a language, under its folder (the first language's at the root):
`compare/words/<n>.json` (the same shards: each program's place, the values of the rows in words, its week's blocks)
and `compare/labels.json` (the vocabularies' labels for the shared codes). The checklist's JSON is a page's, written
per language with the choose page (plugins/iopdir/choosing.py).

Nothing here knows Pelican: the plugin hands over the validated programs, the checklist and where things go.
"""

from __future__ import annotations

from pathlib import Path

from iopdir import i18n
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
COMPARE_WORDS = "compare/words"  # a language's, under its folder (the first language's at the root)
COMPARE_LABELS = "compare/labels.json"  # a language's, as COMPARE_WORDS
#: The site's languages as the data files are made for them: (language, its folder, e.g. "es/", and the salt of its
#: files' keys: its catalog's digest, so that a changed catalog remakes that language's words).
Languages = tuple[tuple[str, str, str], ...]
ENGLISH_ONLY: Languages = (("en", "", ""),)
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
         languages: Languages = ENGLISH_ONLY, files=None) -> dict:
    """Make every data file; returns what was done and the files recorded in `outputs` (when this runs in a
    second process, `outputs` is its copy: the caller merges `made` and `skipped` into its own). `files`: the
    listing files, when the caller has scanned them already."""
    out = Path(output)
    skipped_before = outputs.skipped
    with memory.long_lived():  # a million postings and JSON values, no cycles: 0.35 s of collection at 10,000
        search = search_data.make(programs_path, index_path, str(out / SEARCH_DATA), today, programs, files)
        rows: dict[str, list] = {}  # the comparison's values of the programs whose shards are made, for /data/
        write_comparison_data(programs, found, out, outputs, rows, languages)
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
                          outputs: OutputCache | None = None, rows: dict | None = None,
                          languages: Languages = ENGLISH_ONLY) -> None:
    """The comparison data shards (what the compare page reads in the browser): the shared shards, and each
    language's shards of words and its labels (see the module's docstring). With `outputs`, a shard is made again
    only when one of its listings or the checklist changed (a language's, also when its catalog changed); shards left
    from a different shard count are removed."""
    count = shard_count(len(programs))
    shards: dict[int, list[Program]] = {}
    for p in sorted(programs, key=lambda p: p.id):
        shards.setdefault(shard_of(p.id, count), []).append(p)
    digest = found.digest()
    wanted = {f"{n}.json" for n in shards}
    for folder in [COMPARE_DATA] + [f"{where}{COMPARE_WORDS}" for _, where, _ in languages]:
        if (out / folder).is_dir():
            for stale in (f for f in (out / folder).iterdir() if f.name not in wanted):
                stale.unlink()
    # What every program shares goes once a shard: the rows' groups and how each gives its value, and the
    # checklist's atom names.
    shared = {"groups": comparison.shared_layout(), "atoms": found.atom_names()}
    for n, members in shards.items():
        path = f"{COMPARE_DATA}/{n}.json"
        if outputs is not None and outputs.current(path, outputs.key(digest, "data", *(p.digest for p in members))):
            continue
        write_json(out / path, {**shared, "programs": {p.id: program_data(p, found) for p in members}})
    for lang, where, salt in languages:
        with i18n.using(lang):
            write_json(out / where / COMPARE_LABELS, comparison.labels_data())
            for n, members in shards.items():
                path = f"{where}{COMPARE_WORDS}/{n}.json"
                if outputs is not None and outputs.current(path, outputs.key(salt, lang, "words",
                                                                             *(p.digest for p in members))):
                    continue
                made = {}
                for p in members:
                    if lang == i18n.DEFAULT:  # the whole of the English values: the /data/ downloads reuse them
                        values = comparison.program_data(p)["values"]
                        if rows is not None:
                            rows[p.id] = values
                        made[p.id] = {"place": comparison.place(p), "values": comparison.word_values(values)}
                    else:
                        made[p.id] = comparison.words_data(p)
                    made[p.id]["week"] = week.data(p)  # the compare page draws each track's week
                write_json(out / path, {"programs": made})


def program_data(p: Program, found: checklist.Checklist) -> dict:
    """One program's shared comparison facts with the checklist's verdicts on it (as the compare page reads them)."""
    return {**comparison.shared_data(p), "atoms": found.atom_letters(p), "ages": checklist.ages(p)}
