"""The site's data files, made apart from its pages (in a second process when that pays, see iopdir.beside):
the search index and its export, the checklist, and each program's comparison data.

Nothing here knows Pelican: the plugin hands over the validated programs, the checklist and where things go.
"""

from __future__ import annotations

from pathlib import Path

from . import checklist, comparison, search_data
from .export import write_json
from .outputs import OutputCache
from .program import Program


def make(programs: list[Program], found: checklist.Checklist, output: str, outputs: OutputCache,
         programs_path: str, index_path: str, today: str) -> dict:
    """Make every data file; returns what was done and the files recorded in `outputs` (when this runs in a
    second process, `outputs` is its copy: the caller merges `made` and `skipped` into its own)."""
    out = Path(output)
    skipped_before = outputs.skipped
    search = search_data.make(programs_path, index_path, str(out / "search" / "data"), today, programs=programs)
    write_comparison_data(programs, found, out, outputs)
    return {"search": search, "made": outputs.made, "skipped": outputs.skipped - skipped_before}


def write_comparison_data(programs: list[Program], found: checklist.Checklist, out: Path,
                          outputs: OutputCache | None = None) -> None:
    """The checklist and each program's data.json (what the checklist and the comparison read in the browser).
    With `outputs`, a program's file is made again only when its listing or the checklist changed."""
    write_json(out / "choose" / "checklist.json", found.export())
    digest = found.digest()
    for p in programs:
        path = f"{p.url}data.json"
        if outputs is not None and outputs.current(path, outputs.key(digest, "data", p.digest)):
            continue
        write_json(out / path, {**comparison.program_data(p), "atoms": found.atoms(p), "ages": checklist.ages(p)})
