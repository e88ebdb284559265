"""Pelican plugin: render the directory's listings (a thin layer over the `iopdir` core library).

Settings: every IOPDIR_* setting, with its default and type, is in the table of iopdir.settings (and the README's).
They are applied when the generator is made: defaults filled in, a value of the wrong type stops the build before
anything is written or deleted, and an unknown IOPDIR_* name is a warning naming the nearest setting.

For themes (add_template_helpers): Jinja globals fact, facts (by the facts' keys in iopdir.listing.facts), card,
card_facts, link, label, labels, timetable, cells, compare_rows, pager (a state comparison's links to its pages),
freshness, verified_line, verified_when, contents and headings (the program page's sections), FACTS, words, vocab,
WEEKDAYS, lang_en, once (plugins/iopdir/fragments.py); filters yes_no, hours, hours_range, clock, span, markdown,
shown (an English message id, such as a fact's label, in the language being written); the program page's header and
sections (iopdir.sections): header, schedule, treatment, family, insurance, accreditation, outcomes, serves, contact,
verification; and, in the context, listing_actions(program, LANG_ROOT) (_listing_actions.html for one listing).
They are Python, not macros, because a program page calls them about sixty times and each call from a template costs as
much as the work.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Undefined
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from iopdir import i18n, pages, sections
from iopdir import settings as iopdir_settings
from iopdir.build import beside
from iopdir.build.cards import KeptCards
from iopdir.build import datafiles
from iopdir.build import forge
from iopdir.listing import description, files
from iopdir.build import search_data
from iopdir.fingerprint import code_fingerprint, digest_of_folder, site_cache
from iopdir.build.outputs import OutputCache, fingerprint_of_settings
from iopdir.listing.program import DAYS, Program
from iopdir.build.listings import validate_paths
from iopdir.listing.vocabulary import label, vocabularies
from iopdir.listing.facts import FACTS, GROUPS
from iopdir.listing.facts import export as export_facts
from iopdir.search.export import write_json
from iopdir.listing.wording import WORDS, clock, hours, hours_range, shown, span, yes_no
from iopdir.tools import form as listing_form

from . import choosing
from . import jinja_i18n
from . import languages
from . import webmeta
from . import downloads
from . import fragments
from . import frames
from .errors import BuildStopped
from .statemap import state_map

logger = logging.getLogger(__name__)


class SettingsInvalid(BuildStopped):
    """An IOPDIR_* setting of the wrong type: found before anything is written or deleted."""


class CatalogsInvalid(BuildStopped):
    """A message catalog that is malformed or has untranslated or fuzzy entries: found before anything is written."""


class ListingsInvalid(BuildStopped):
    """Raised before anything is written or deleted, so a failed build leaves the previous output as it was."""


class ContentRefused(BuildStopped):
    """A link, a pipe or a device in the content or theme folder: Pelican would publish what a link points to."""


def refuse_links(*folders) -> None:
    """Stop the build (before anything is written) when the content or theme folder holds anything but regular
    files in real folders: a committed link to a file of the building machine would be rendered or copied into the
    site. Listings and the checklist are checked where they are read (iopdir.listing.files)."""
    refused = [(path, reason) for folder in folders if folder and os.path.isdir(folder)
               for path, reason in files.scan([folder], ("",)).refused]
    if refused:
        sys.stderr.write("".join(f"{path}:1:1: error: file: {reason}\n" for path, reason in refused))
        raise ContentRefused(f"{len(refused)} file(s) in the content or theme folder are not regular files; nothing "
                             f"was written or deleted")


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


# The page helpers are the core's (iopdir.pages); a template's undefined value reaches them as None.
def _defined(value):
    return None if isinstance(value, Undefined) else value  # (a StrictUndefined would raise as a cache key)


def fact(key, value) -> Markup:
    """pages.fact: one fact as a <dt>/<dd> pair; absent (None, undefined, empty) is "Not reported", never "No"."""
    return pages.fact(key, _defined(value))


def facts(*pairs) -> Markup:
    """pages.facts: fact(key, value) for each (key, value) pair, in order; a pair given as none is left out."""
    return pages.facts(*((key, _defined(value)) for key, value in filter(None, pairs)))


def labels(vocabulary: str, slugs) -> str:
    """pages.labels: the labels of a list of vocabulary values, joined with commas ("" when absent)."""
    return pages.labels(vocabulary, _defined(slugs))


def states_of(programs: list[Program]) -> list[State]:
    """The states of the programs, by name, each with its programs in their order."""
    names = vocabularies()["states"]
    states: dict[str, State] = {}
    for p in programs:
        states.setdefault(p.state, State(p.state, names.get(p.state, p.state))).programs.append(p)
    return sorted(states.values(), key=lambda s: s.name)


class ListingsGenerator(Generator):
    """Loads and validates every listing when constructed, then writes program and state pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            for warning in iopdir_settings.apply(self.settings):
                logger.warning("%s", warning)
        except iopdir_settings.SettingsInvalid as exc:
            raise SettingsInvalid(f"iopdir: {exc} (in the site's settings); nothing was written or deleted") from None
        self._language_envs, self._language_templates, self._program_frames = {}, {}, {}
        # Caches by default in the user's cache folder, where no checkout can put a file (iopdir.fingerprint).
        # The languages' catalogs, before anything is written: a broken one names its file and line.
        self.locale_dir = self.settings["IOPDIR_LOCALE_PATH"] or i18n.LOCALE_DIR
        try:
            i18n.install(self.settings["IOPDIR_LANGUAGES"], self.locale_dir)
        except i18n.CatalogInvalid as exc:
            sys.stderr.write("".join(f"{f}\n" for f in exc.findings))
            raise CatalogsInvalid(f"{len(exc.findings)} error(s) in the message catalogs; nothing was written or "
                                  f"deleted") from None
        kept = self.settings["IOPDIR_CACHE_PATH"] or site_cache(self.settings["IOPDIR_PROGRAMS_PATH"])
        self.settings["IOPDIR_CACHE_PATH"] = str(kept)
        self.settings["IOPDIR_INDEX_PATH"] = self.settings["IOPDIR_INDEX_PATH"] or str(Path(kept) / "index")
        today = self.settings["IOPDIR_TODAY"]
        self.today = dt.date.fromisoformat(today) if today else dt.date.today()
        # Validation happens here, in the constructor, because Pelican builds all generators *before* it empties
        # the output folder (DELETE_OUTPUT_DIRECTORY): an invalid listing must stop the build before that.
        self.cache_dir = Path(self.settings["IOPDIR_CACHE_PATH"])
        started = time.perf_counter()
        refuse_links(self.settings["PATH"], self.settings["THEME"])
        self.validation_cache = self.cache_dir / "validation.pickle"
        report = validate_paths([self.settings["IOPDIR_PROGRAMS_PATH"]], today=self.today,
                                cache=self.validation_cache, parallel=self.settings["IOPDIR_PARALLEL"])
        for w in report.warnings:
            logger.warning("%s", w)
        if not report.ok:
            # Plain lines on stderr (Pelican's log handler would wrap them): editors and CI can parse file:line:col.
            sys.stderr.write("".join(f"{f}\n" for f in report.errors))
            raise ListingsInvalid(f"{len(report.errors)} error(s) in listings; nothing was written or deleted")
        self.programs = sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))
        self.listing_paths = report.paths  # scanned once: the search data's currency check reads them too
        self.states = states_of(self.programs)
        self.checklist = choosing.load(self.settings, self.programs)  # also before anything is written
        logger.info("iopdir: %d listings valid (%d unchanged), %d listed, %d states in %.1f s", len(report.programs),
                    report.cache_hits, len(self.programs), len(self.states), time.perf_counter() - started)

    def get_template(self, name):
        """The template `name` compiled for the language being written (jinja_i18n.for_language: its constant
        messages translated once), by the language and its catalog as installed."""
        language = pages._language()
        found = self._language_templates.get((language, name))
        if found is None:
            env = self._language_envs.get(language)
            if env is None:
                env = self._language_envs[language] = jinja_i18n.for_language(self.env, language[0],
                                                                              self.cache_dir / "templates")
            plain, self.env, self._templates = (self.env, self._templates), env, {}
            try:  # Pelican's own lookup (its template extensions, its error) in the language's environment
                found = super().get_template(name)
            finally:
                self.env, self._templates = plain
            # Jinja gives a template its globals as a ChainMap over the environment's, and copies them into a new
            # dict at every render: 38 us a page through ChainMap's lookups, 9 us from a dict (20,000 program pages).
            # A dict of them as they are now: Jinja's contract is that an environment's globals do not change once
            # a template is loaded.
            found.globals = dict(found.globals)
            self._language_templates[(language, name)] = found
        return found

    def program_frame(self) -> frames.Framed:
        """The program template of the language being written, as a frame its pages fill (plugins/iopdir/frames.py):
        only a page's program, state, addresses and language switch are its own; the rest of what it is given is the
        generator's context."""
        key = pages._language()
        found = self._program_frames.get(key)
        if found is None:
            found = self._program_frames[key] = frames.Framed(
                self.get_template("program"), self.context, own=("program", "state", "alternates"),
                names=("output_file",), lists=("language_switch",))
        return found

    def listing_actions(self, program, lang_root: str) -> Markup:
        """`{{ listing_actions(p, LANG_ROOT) }}`: _listing_actions.html (the forge's links, and how an imported
        listing is taken over) for `program`, in the language being written. A function rather than an include, so
        that program.html leaves it a hole in its frame (frames.py): the part tests the listing's own values."""
        return Markup(self.get_template("_listing_actions").render(
            {**self.context, "p": program, "program": program, "LANG_ROOT": lang_root, "lang": i18n.current()}))

    def generate_context(self):
        self.context["programs"] = self.programs
        self.context["program_states"] = self.states
        self.context["iopdir_today"] = self.today
        self.context["compare_shards"] = datafiles.shard_count(len(self.programs))  # the compare page's data files
        self.context["recently_verified"] = sorted(self.programs, key=lambda p: p.last_verified, reverse=True)[:6]
        # The repository's links (program pages' "Update this listing", the list-your-program form); None: none.
        self.context["forge"] = forge.from_settings(self.settings)
        self.context["listing_actions"] = self.listing_actions
        self.context["listing_form"] = listing_form

    def generate_output(self, writer):
        started = time.perf_counter()
        outputs = OutputCache(self.cache_dir / "outputs.json", Path(self.output_path),
                              salt="\0".join([digest_of_folder(Path(self.theme) / "templates"),
                                              fingerprint_of_settings(self.settings), self.today.isoformat(),
                                              _code_fingerprint()]))
        # Order matters: the data files (search index and export, comparison data) are handed to a second process
        # *before* any page is written, so that they are made on the second CPU while this one writes pages.
        # Without a second CPU, or with few listings, this process makes them itself after the pages; the files
        # are the same either way (a test checks).
        programs_path, index_path = self.settings["IOPDIR_PROGRAMS_PATH"], self.settings["IOPDIR_INDEX_PATH"]
        today = self.today.isoformat()
        # Each language's comparison words are keyed with its catalog (a changed catalog remakes them).
        data_languages = tuple((lang, languages.prefix(lang, self.settings),
                                languages.catalog_digest(lang, self.locale_dir))
                               for lang in self.settings["IOPDIR_LANGUAGES"])
        work = (self.programs, self.checklist, self.output_path, outputs, programs_path, index_path, today,
                self.settings["IOPDIR_DATA_LICENSE"], data_languages)
        second = None
        if (beside.usable(len(self.programs), self.settings["IOPDIR_PARALLEL"]) and search_data.costly(
                programs_path, index_path, Path(self.output_path) / datafiles.SEARCH_DATA, today, self.programs,
                self.listing_paths)):
            # Only when the search data must be made whole: else what is left is quick, and sending every program
            # to a second process would cost more than it saves. The programs go by the validation cache just
            # written: their ids in order travel, not the programs. It makes the data files only: writing pages
            # too (the smallest states', once its data files were made) saved 1-2 s of wall time at 10,000 listings
            # but cost more CPU time than that (its own Pelican, templates and frames): 2.4-3.6 % of the build's.
            second = beside.Beside(datafiles.make_from_cache, str(self.validation_cache),
                                   [p.id for p in self.programs], *work[1:])
        try:
            # Each language's pages in turn (only the rendering is repeated: validation, the search index and the
            # data files are made once), each under its folder and with its own page records.
            for lang in self.settings["IOPDIR_LANGUAGES"]:
                with i18n.using(lang):
                    in_writer, in_outputs, folder = self.in_language(lang, writer, outputs)
                    for state in self.states:
                        self.write_state(in_writer, in_outputs, state)
                    self.write_pages(in_writer, folder)
        except BaseException:
            if second is not None:
                second.stop()
            raise
        pages_done = time.perf_counter()
        for (lang, _), frame in self._program_frames.items():
            if frame.refused:  # a theme's choice, not an error: its pages are right, only slower to make
                logger.info("iopdir: program pages (%s) made by Jinja one by one, not from a frame (%s)", lang,
                            frame.refused)
        if second is None:
            done = datafiles.make(*work, files=self.listing_paths)
        else:
            try:
                done = second.result()
            except beside.ChildFailed as exc:
                raise SearchDataFailed(f"the search and comparison data could not be made: {exc}") from None
            outputs.made.update(done["made"])  # the child recorded its files in its own copy of `outputs`
            outputs.skipped += done["skipped"]
        removed = remove_unmade(Path(self.output_path), outputs.unmade())
        if removed:
            logger.info("iopdir: removed %d page(s) of listings no longer published", removed)
        outputs.save()
        waited = time.perf_counter() - pages_done
        logger.info("iopdir: pages in %.1f s (%d unchanged, skipped)%s", pages_done - started, outputs.skipped,
                    f"; data files beside them, in a second process (then waited {waited:.1f} s for it)"
                    if second is not None else f"; then data files in {waited:.1f} s")
        search = done["search"]
        if search.get("unchanged"):
            logger.info("iopdir: search index unchanged")
        else:
            logger.info("iopdir: search index of %(documents)d programs, %(terms)d terms in %(seconds).1f s", search)

    def in_language(self, lang: str, writer, outputs: OutputCache):
        """(writer, outputs, folder) for the pages of `lang` (to call inside i18n.using(lang)): its files under its
        folder, their keys made with the language and its catalog's digest."""
        folder = languages.prefix(lang, self.settings)
        salt = f"{lang} {languages.catalog_digest(lang, self.locale_dir) if folder else ''}"
        return languages.InLanguage(writer, folder), languages.OutputsInLanguage(outputs, folder, salt), folder

    def write_pages(self, writer, folder: str = "") -> None:
        """The pages of the language being written that are no state's (write_state writes those): the states,
        search, choose and compare pages (`writer` puts them in its `folder`; the first language's home page is
        Pelican's own, the others' are written here). Each is written every build: they are few."""
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file("states/index.html", self.get_template("states"), self.context, url="states/",
                          relative_urls=relative)
        writer.write_file("search/index.html", self.get_template("search"), self.context, url="search/",
                          relative_urls=relative)
        # The facts' labels and words, which the browser scripts show (search results' cards, the compare page).
        write_json(Path(self.output_path) / folder / "facts.json", export_facts())
        if folder:
            writer.write_file("index.html", self.get_template("index"), self.context, url="",
                              relative_urls=relative)
            # The error page in this language, when the site has one (the first language's is Pelican's, a
            # DIRECT_TEMPLATE): a host shows it for a missing address under the language's folder when told to.
            if "404" in self.settings.get("DIRECT_TEMPLATES", ()):
                error_page = self.settings.get("SAVE_AS_404") or "404.html"
                writer.write_file(error_page, self.get_template("404"), self.context, url=error_page,
                                  relative_urls=relative)
        choosing.write(self, writer, folder)
        downloads.write(self, writer)  # the /data/ page (its files are made with the data files)

    def write_state(self, writer, outputs: OutputCache, state) -> None:
        """One state's pages in the language being written: each of its programs', its own (its programs' cards)
        and its comparison tables (choosing.write_state_tables)."""
        relative = self.settings["RELATIVE_URLS"]
        program_template = self.program_frame()
        for p in state.programs:
            path = f"{p.url}index.html"
            if not outputs.current(path, outputs.key("program", p.digest, state.name)):
                writer.write_file(path, program_template, self.context, program=p, state=state, url=p.url,
                                  relative_urls=relative)
        # A state page lists its programs' cards: made again when one of them (or the list) changed, from the
        # cards of the others kept since the last build.
        path = f"{state.url}index.html"
        if not outputs.current(path, outputs.key("state", state.name, *(p.digest for p in state.programs))):
            cards = KeptCards(self.cache_dir / "cards" / f"{state.code}-{outputs.folder.strip('/') or 'first'}",
                              key_of=lambda p: outputs.key("card", p.digest), wrap=Markup)
            writer.write_file(path, self.get_template("state"), self.context, state=state, url=state.url,
                              relative_urls=relative, cards=cards)
            cards.save()
        for p in state.programs:  # their glance values (pages._values) served both pages: not kept
            p.__dict__.pop("_glance", None)
        choosing.write_state_tables(self, writer, outputs, state)


# The pages write_pages makes for a program or a state: the only files remove_unmade may remove (the record of what
# was made is read from the cache folder; whatever it says, nothing else of the site is touched).
_OUR_PAGES = re.compile(r"([a-z]{2,3}/)?(programs|states)/[a-z0-9]+(-[a-z0-9]+)*/(compare/([0-9]+/)?)?index\.html")


def remove_unmade(output: Path, unmade: list[str]) -> int:
    """Remove the pages the last build made and this one did not: a closed or removed listing's page would
    otherwise stay online in a development build (a publish empties the output folder anyway). Only our page files,
    only inside `output`, never through a link; their folders go when left empty. Returns how many were removed."""
    real_output = os.path.realpath(output)
    removed = 0
    for relative in unmade:
        if not _OUR_PAGES.fullmatch(relative):
            continue
        path = output / relative
        if os.path.realpath(path.parent) != os.path.join(real_output, *relative.split("/")[:-1]):
            continue  # a folder on the way is a link
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
        folder = path.parent
        while folder != output:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed


class SearchDataFailed(BuildStopped):
    """The search or comparison data could not be made (a disk full, a folder that cannot be written)."""


def _code_fingerprint() -> str:
    """The Python that shapes pages (the core library and this plugin): editing it remakes every page."""
    return code_fingerprint() + digest_of_folder(Path(__file__).resolve().parent, "*.py")


def get_generators(pelican):
    return ListingsGenerator, webmeta.WebMetaGenerator  # in this order: the second reads what the first read


def get_writer(pelican):
    return languages.Writer  # each file written in its language (plugins/iopdir/languages.py)


def language_paths(pelican):
    languages.page_paths(pelican.settings)


def add_template_helpers(pelican):
    """Filters and globals for every generator's Jinja environment (generators are created after this signal)."""
    settings = pelican.settings
    settings.setdefault("JINJA_FILTERS", {}).update(
        {"yes_no": yes_no, "hours": hours, "hours_range": hours_range, "clock": clock, "markdown": markdown,
         "span": span, "shown": shown})
    settings.setdefault("JINJA_GLOBALS", {}).update({"label": label, "labels": labels, "fact": fact,
                                                     "facts": facts, "link": pages.link,
                                                     "card": pages.card, "card_facts": pages.card_facts,
                                                     "verified_when": pages.verified_when,
                                                     "contents": pages.contents(),
                                                     "headings": pages.Translated({g.id: g.heading for g in GROUPS}),
                                                     "FACTS": FACTS, "words": pages.Translated(WORDS),
                                                     "timetable": pages.timetable, "cells": pages.cells,
                                                     "compare_rows": pages.compare_rows, "pager": pages.pager,
                                                     "freshness": pages.freshness,
                                                     "verified_line": pages.verified_line,
                                                     "state_map": state_map,
                                                     "glance": pages.glance, "week_grid": pages.week_grid,
                                                     "own_summary": pages.own_summary,
                                                     "own_description": pages.own_description,
                                                     "weeks": pages.weeks,
                                                     "directions": pages.directions, "lang_en": pages.lang_en,
                                                     "vocab": vocabularies(), "WEEKDAYS": DAYS})
    # The program page's sections (iopdir.sections): schedule(program), treatment(program, lang), ...
    settings["JINJA_GLOBALS"].update({name: getattr(sections, name) for name in sections.__all__})
    jinja_i18n.install(settings)  # {{ _("...") }} and {% trans %} in the templates
    # {% call once("name", key) %}: a part made once a build and language (fragments.py), new for each build.
    settings["JINJA_GLOBALS"]["once"] = fragments.Once()
    # The head's canonical link, Open Graph, JSON-LD and feed links (webmeta.head_meta); the feeds' links for a
    # page's own use (theme/templates/_feed_link.html).
    settings["JINJA_GLOBALS"].update({"json_ld": webmeta.json_ld, "og_locale": webmeta.og_locale,
                                      "feeds": webmeta.feed_links(settings), "head_meta": webmeta.head_meta(settings),
                                      "site_address": webmeta.site_address(settings)})


# Receivers are held weakly by blinker: they must be module-level functions, not closures in register().
def register():
    signals.initialized.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.initialized.connect(language_paths)
    signals.content_written.connect(webmeta.page_written)
    signals.finalized.connect(webmeta.site_finished)
    signals.feed_generated.connect(webmeta.feed_made)
