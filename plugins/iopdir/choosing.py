"""The checklist and comparison pages: /choose/, /compare/ and the states' comparison tables.

Settings: IOPDIR_CHECKLIST_PATH and IOPDIR_COMPARE_PAGE_SIZE (see iopdir.settings; applied by the generator).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

from iopdir import i18n
from iopdir.choosing import checklist
from iopdir.choosing import comparison
from iopdir.listing.program import Program
from iopdir.search.export import write_json

from .errors import BuildStopped


class ChecklistInvalid(BuildStopped):
    """Raised while the generator is constructed, so a bad checklist leaves the previous output as it was."""


def load(settings: dict, programs: list[Program]) -> checklist.Checklist:
    path = settings["IOPDIR_CHECKLIST_PATH"] or str(Path(settings["PATH"]) / "checklist.yaml")
    try:  # with its translations (content/checklist.<lang>.yaml), all checked before anything is written
        return checklist.read(path, programs, settings.get("IOPDIR_LANGUAGES") or ())
    except checklist.ChecklistInvalid as exc:
        sys.stderr.write("".join(f"{f}\n" for f in exc.findings))
        files = sorted({f.file for f in exc.findings})
        raise ChecklistInvalid(f"{len(exc.findings)} error(s) in the checklist {', '.join(files)}; "
                               f"nothing was written") from None


@dataclass(frozen=True)
class ComparePage:
    """One page of a state's comparison table."""

    number: int
    count: int  # pages in all
    first: int  # the position of its first program in the state's list, from 1
    programs: list[Program]
    state_url: str

    def url_of(self, number: int) -> str:
        return f"{self.state_url}compare/" + (f"{number}/" if number > 1 else "")

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def last(self) -> int:
        return self.first + len(self.programs) - 1


def compare_pages(state, size: int) -> list[ComparePage]:
    count = max(1, math.ceil(len(state.programs) / size))
    return [ComparePage(n + 1, count, n * size + 1, state.programs[n * size:(n + 1) * size], state.url)
            for n in range(count)]


def write(generator, writer, folder: str = "") -> None:
    """Write the pages of choosing and comparing, /choose/ and /compare/, in the language being written (a state's
    comparison tables: write_state_tables; the comparison data: iopdir.build.datafiles)."""
    settings, context = generator.settings, generator.context
    found = generator.checklist.in_language(i18n.current())  # the pages are written once per language
    relative = settings["RELATIVE_URLS"]
    writer.write_file("choose/index.html", generator.get_template("choose"), context, url="choose/",
                      relative_urls=relative, checklist=found)
    writer.write_file("compare/index.html", generator.get_template("compare"), context, url="compare/",
                      relative_urls=relative, checklist=found)
    # What the compare page reads of the checklist (its topics and choices' labels), in this language, beside it.
    write_json(Path(generator.output_path) / folder / "choose" / "checklist.json", found.export())


def write_state_tables(generator, writer, outputs, state) -> None:
    """A state's comparison tables (pages of IOPDIR_COMPARE_PAGE_SIZE programs), each made again only when the
    listings it shows (or the checklist, the theme, the settings or the day) changed (`outputs`: an OutputCache)."""
    settings, context = generator.settings, generator.context
    checklist_digest = generator.checklist.in_language(i18n.current()).digest()
    relative = settings["RELATIVE_URLS"]
    template = generator.get_template("state_compare")
    pages = compare_pages(state, settings["IOPDIR_COMPARE_PAGE_SIZE"])
    for page in pages:
        path = f"{page.url}index.html"
        inputs = [state.name, str(page.number), str(len(pages))] + [p.digest for p in page.programs]
        if not outputs.current(path, outputs.key(checklist_digest, "compare", *inputs)):
            writer.write_file(path, template, context, url=page.url, relative_urls=relative,
                              state=state, compare_page=page, table=comparison.table(page.programs))
