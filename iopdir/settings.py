"""Every IOPDIR_* setting in one table: its name, default, type and what it does.

The Pelican plugin applies it to a site's settings (`apply`: defaults filled in, values checked against their type,
a warning for an unknown IOPDIR_* name with the nearest known one), and the command line takes its defaults from it
(the listings folder, the search index). The README's table of settings is `markdown()` (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Kind:
    """A setting's type: what it reads as in an error and the docs, and the test a value must pass."""

    text: str
    accepts: Callable[[Any], bool]


def _path(value) -> bool:
    return isinstance(value, (str, os.PathLike)) and str(value) != ""


def _date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


PATH = Kind("a path (text)", _path)
PATH_OR_NONE = Kind("a path (text) or None", lambda v: v is None or _path(v))
DATE_OR_NONE = Kind('a date as text, "YYYY-MM-DD", or None', lambda v: v is None or _date(v))
POSITIVE_INT = Kind("a whole number, 1 or more", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1)
SLUG_PATH_OR_NONE = Kind('a path (text) with "{slug}" in it, or None',
                         lambda v: v is None or (_path(v) and "{slug}" in str(v)))
GITHUB_REPOSITORY = Kind('a GitHub repository\'s address, "https://github.com/OWNER/NAME", or None',
                         lambda v: v is None or (isinstance(v, str) and re.fullmatch(
                             r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", v) is not None))
BRANCH = Kind("a branch name (text)", lambda v: isinstance(v, str) and re.fullmatch(r"[A-Za-z0-9_./-]+", v) is not None)
TEXT = Kind("text", lambda v: isinstance(v, str) and v.strip() != "")
LANGUAGES = Kind('a list of language codes, the default language ("en") first, such as ["en", "es"]',
                 lambda v: isinstance(v, (list, tuple)) and len(v) >= 1 and v[0] == "en" and len(set(v)) == len(v)
                 and all(isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}", x) for x in v))
AUTO_OR_BOOL = Kind('"auto", True or False', lambda v: v is True or v is False or v == "auto")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    kind: Kind
    doc: str
    shown: str = ""  # how the default reads in the docs, when its value alone would not say it (None)

    @property
    def default_text(self) -> str:
        if self.shown:
            return self.shown
        return f'`"{self.default}"`' if isinstance(self.default, str) else f"`{self.default!r}`"


#: The table. Paths are relative to the folder `pelican` (or `iopdir`) runs in.
SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("IOPDIR_PROGRAMS_PATH", "programs", PATH, "the folder of listing files (the same default as the commands')"),
    Setting("IOPDIR_TODAY", None, DATE_OR_NONE,
            "the date of freshness and expiry checks; set it for reproducible builds", shown="today"),
    Setting("IOPDIR_INDEX_PATH", None, PATH_OR_NONE,
            "the folder of the Whoosh search index, shared with `iopdir search`", shown="`index` in `IOPDIR_CACHE_PATH`"),
    Setting("IOPDIR_CACHE_PATH", None, PATH_OR_NONE,
            "what makes rebuilds fast: validation results by content, the inputs of every written page, each state "
            "page's program cards, the downloads' bodies, the search postings and the compiled templates of each "
            "language (deleting it only makes the next build a full one; `./dev clean` does). Every file kept there is signed "
            "with a key in the user's cache folder: one a checkout carries is ignored with a warning, never loaded",
            shown="outside the checkout: `$XDG_CACHE_HOME/iopdir/` (or `~/.cache/iopdir/`), a folder per site "
                  "(`iopdir.fingerprint.site_cache`)"),
    Setting("IOPDIR_PARALLEL", "auto", AUTO_OR_BOOL,
            "share the work with a second process: listings validated in two parts, then the data files, made while "
            "the pages are written. `\"auto\"`: with 2 or more CPUs, for at least 4,000 listings to check and 1,000 "
            "to publish (below that a second process costs more than it saves); `True`: always; `False`: never. The "
            "output is the same either way"),
    Setting("IOPDIR_CHECKLIST_PATH", None, PATH_OR_NONE, "the checklist's content file (the /choose/ page)",
            shown="`checklist.yaml` in the content folder (`PATH`)"),
    Setting("IOPDIR_COMPARE_PAGE_SIZE", 25, POSITIVE_INT, "programs per page of a state's comparison table"),
    Setting("IOPDIR_FEED_ATOM", "feeds/programs.atom.xml", PATH_OR_NONE,
            "the Atom feed of listings added or re-verified, newest first (Pelican's `FEED_MAX_ITEMS` of them); None: "
            "none. Feeds and `sitemap.xml` are written only with an absolute `SITEURL` (as `publishconf.py` sets it)"),
    Setting("IOPDIR_STATE_FEED_ATOM", "feeds/{slug}.atom.xml", SLUG_PATH_OR_NONE,
            "the same feed for each state (`{slug}`: its code in lower case, such as `nj`), linked from its pages; "
            "None: none"),
    Setting("IOPDIR_REPOSITORY", None, GITHUB_REPOSITORY,
            "the directory's repository on GitHub, its listings at `programs/<state>/<id>.yaml`: the list-your-program "
            "form opens its new-file page, every program page links to its edit page and to a prefilled problem "
            "report (`.github/ISSUE_TEMPLATE/listing-problem.yml`). None: those links are left out"),
    Setting("IOPDIR_BRANCH", "main", BRANCH, "the branch of `IOPDIR_REPOSITORY` that listings are added to and edited on"),
    Setting("IOPDIR_LANGUAGES", ["en", "es"], LANGUAGES,
            "the site's languages: the first at the site's root, each other one under `/<code>/` (its pages, search, "
            "checklist and comparison), from the catalog `iopdir/locale/<code>/LC_MESSAGES/messages.po`"),
    Setting("IOPDIR_LOCALE_PATH", None, PATH_OR_NONE,
            "a folder of the site's own catalogs, `<code>/LC_MESSAGES/messages.po` for each language but the first "
            "(`iopdir i18n check --locale-path` checks them): a language the package has no catalog for, or other "
            "words", shown="the package's `iopdir/locale`"),
    Setting("IOPDIR_DATA_LICENSE", "CC-BY-4.0", TEXT,
            "the licence of the downloads at /data/ (an SPDX id: `CC0-1.0`, `CC-BY-4.0`, `CC-BY-SA-4.0`, `ODbL-1.0` "
            "and `PDDL-1.0` are shown with their names and links), stated on the /data/ page and in the files"),
]}

DEFAULTS: dict[str, Any] = {name: s.default for name, s in SETTINGS.items()}
PREFIX = "IOPDIR_"


class SettingsInvalid(ValueError):
    """Values of the wrong type; `problems` has one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def default(name: str):
    return SETTINGS[name].default


def problems(settings: dict) -> list[str]:
    """A sentence for each IOPDIR_* value of the wrong type."""
    return [f"{name} = {settings[name]!r}: expected {s.kind.text}" for name, s in SETTINGS.items()
            if name in settings and not s.kind.accepts(settings[name])]


def unknown(settings: dict) -> list[str]:
    """A warning for each IOPDIR_* name that is no setting (a misspelt one would otherwise be silently ignored),
    naming the nearest known setting."""
    found = []
    for name in sorted(k for k in settings if isinstance(k, str) and k.startswith(PREFIX) and k not in SETTINGS):
        nearest = difflib.get_close_matches(name, list(SETTINGS), n=1, cutoff=0.0)[0]
        found.append(f"{name} is not an iopdir setting and is ignored; did you mean {nearest}?")
    return found


def apply(settings: dict) -> list[str]:
    """Fill in the defaults of the settings `settings` leaves out, in place; return the warnings of `unknown`.
    Raises SettingsInvalid, before anything is filled in, when a value is of the wrong type."""
    wrong = problems(settings)
    if wrong:
        raise SettingsInvalid(wrong)
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    return unknown(settings)


def markdown() -> str:
    """The table of settings for the README."""
    rows = [f"| `{s.name}` | {s.default_text} | {s.kind.text} | {s.doc} |" for s in SETTINGS.values()]
    return "\n".join(["| Setting | Default | Type | What it does |", "| --- | --- | --- | --- |", *rows]) + "\n"


if __name__ == "__main__":  # python -m iopdir.settings: the README's table, to paste
    print(markdown(), end="")
