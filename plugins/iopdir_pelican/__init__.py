"""Pelican plugin: render the directory's listings (a thin layer over the `iopdir` core library).

Settings (defaults in brackets):
    IOPDIR_PROGRAMS_PATH  folder of listing files ["programs", relative to the working folder]
    IOPDIR_TODAY          "YYYY-MM-DD" date used for freshness and expiry checks [today]; set it for reproducible builds
    IOPDIR_INDEX_PATH     folder of the Whoosh search index [".cache/index", the same as `iopdir search` uses]
    The checklist and comparison pages' settings are in choosing.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from iopdir import description, export, index
from iopdir.program import DAYS, Program
from iopdir.validation import listing_files, validate_paths
from iopdir.vocabulary import label, vocabularies
from iopdir.wording import clock, hours, span, yes_no

from . import choosing

logger = logging.getLogger(__name__)

DEFAULTS = {"IOPDIR_PROGRAMS_PATH": "programs", "IOPDIR_TODAY": None, "IOPDIR_INDEX_PATH": ".cache/index"}


class ListingsInvalid(Exception):
    """Raised before anything is written or deleted, so a failed build leaves the previous output as it was."""

    exitcode = 1


@dataclass
class State:
    code: str
    name: str
    programs: list[Program] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def url(self) -> str:
        return f"states/{self.slug}/"


def markdown(text: str) -> Markup:
    return Markup(description.render(text))


class ListingsGenerator(Generator):
    """Loads and validates every listing when constructed, then writes program and state pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
        today = self.settings["IOPDIR_TODAY"]
        self.today = dt.date.fromisoformat(today) if today else dt.date.today()
        # Validation happens here, in the constructor, because Pelican builds all generators *before* it empties
        # the output folder (DELETE_OUTPUT_DIRECTORY): an invalid listing must stop the build before that.
        report = validate_paths([self.settings["IOPDIR_PROGRAMS_PATH"]], today=self.today)
        for w in report.warnings:
            logger.warning("%s", w)
        if not report.ok:
            # Plain lines on stderr (Pelican's log handler would wrap them): editors and CI can parse file:line:col.
            sys.stderr.write("".join(f"{f}\n" for f in report.errors))
            raise ListingsInvalid(f"{len(report.errors)} error(s) in listings; nothing was written or deleted")
        self.programs = sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))
        names = vocabularies()["states"]
        states: dict[str, State] = {}
        for p in self.programs:
            states.setdefault(p.state, State(p.state, names.get(p.state, p.state))).programs.append(p)
        self.states = sorted(states.values(), key=lambda s: s.name)
        self.checklist = choosing.load(self.settings, self.programs)  # also before anything is written
        logger.info("iopdir: %d listings valid, %d listed, %d states", len(report.programs), len(self.programs),
                    len(self.states))

    def generate_context(self):
        self.context["programs"] = self.programs
        self.context["program_states"] = self.states
        self.context["iopdir_today"] = self.today
        self.context["recently_verified"] = sorted(self.programs, key=lambda p: p.last_verified, reverse=True)[:6]

    def generate_output(self, writer):
        program_template = self.get_template("program")
        state_template = self.get_template("state")
        for state in self.states:
            for p in state.programs:
                writer.write_file(f"{p.url}index.html", program_template, self.context, program=p, state=state,
                                  url=p.url, relative_urls=self.settings["RELATIVE_URLS"])
            writer.write_file(f"{state.url}index.html", state_template, self.context, state=state,
                              url=state.url, relative_urls=self.settings["RELATIVE_URLS"])
        writer.write_file("states/index.html", self.get_template("states"), self.context, url="states/",
                          relative_urls=self.settings["RELATIVE_URLS"])
        writer.write_file("search/index.html", self.get_template("search"), self.context, url="search/",
                          relative_urls=self.settings["RELATIVE_URLS"])
        choosing.write(self, writer)
        self.write_search_data()

    def write_search_data(self):
        """The Whoosh index (also what `iopdir search` reads) and its static export for the search page."""
        index_dir = Path(self.settings["IOPDIR_INDEX_PATH"])
        index.build(self.programs, index_dir)
        index.mark_current(index_dir, listing_files([self.settings["IOPDIR_PROGRAMS_PATH"]])[0])
        ix = index.Index.open(index_dir)
        try:
            sizes = export.export(ix, Path(self.output_path) / "search" / "data")
        finally:
            ix.close()
        logger.info("iopdir: search index of %(documents)d programs, %(terms)d terms", sizes)


def get_generators(pelican):
    return ListingsGenerator


def add_template_helpers(pelican):
    """Filters and globals for every generator's Jinja environment (generators are created after this signal)."""
    settings = pelican.settings
    settings.setdefault("JINJA_FILTERS", {}).update(
        {"yes_no": yes_no, "hours": hours, "clock": clock, "markdown": markdown, "span": span})
    settings.setdefault("JINJA_GLOBALS", {}).update({"label": label, "vocab": vocabularies(), "WEEKDAYS": DAYS})


# Receivers are held weakly by blinker: they must be module-level functions, not closures in register().
def register():
    signals.initialized.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
