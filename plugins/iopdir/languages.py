"""The site in every language of IOPDIR_LANGUAGES, from one Pelican run.

The first language is at the site's root; each other one under `/<code>/`, mirroring the first's paths exactly
(`/es/programs/<id>/`, `/es/search/`, `/es/` the home page). Shared assets (the theme, the search data, /data/'s
files) stay at the root. Pelican's own pages are translated by Pelican's conventions: a page with the same slug and
`lang: es` is the English page's translation, saved at `es/<slug>/index.html` (PAGE_LANG_SAVE_AS).

Why one run and not the i18n_subsites plugin: that plugin runs Pelican once per language, and this plugin's
generator validates every listing, indexes them for search and makes the data files in its constructor; once per
language would do all of that again for pages that differ only in their words. Here only page rendering is repeated.

Every file is written through `Writer` (Pelican's get_writer signal): it renders the file inside
`i18n.using(lang)` (the language told by the file's path, or by a Pelican page's `lang`), and gives its template
`lang`, `LANG_ROOT` (the address prefix of that language's pages), `alternates` (the page in every language it
exists in: hreflang and the sitemap) and `language_switch` (the same page in each other language, or that
language's home page when the page has no counterpart).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os

from pelican.utils import get_relative_path, path_to_url
from pelican.writers import FileOverwriteFailedError, Writer as PelicanWriter

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.writing import write_if_changed

logger = logging.getLogger(__name__)

# The development settings' site name and tagline (pelicanconf.py), which the templates translate (`_(SITENAME)`):
# marked here so that `iopdir i18n extract` finds them. A site with another name adds it to its own catalogs.
SITE_WORDS = (N_("IOP Directory"), N_("Find an intensive outpatient program for mental health or substance use"))


def languages(settings: dict) -> list[str]:
    return list(settings.get("IOPDIR_LANGUAGES") or [i18n.DEFAULT])


def prefix(lang: str, settings: dict) -> str:
    """Where a language's pages are, relative to the site's root: "" for the first language, "es/" for Spanish."""
    return "" if lang == languages(settings)[0] else f"{lang}/"


def split(name: str, settings: dict) -> tuple[str, str]:
    """An output path's language and its path in the first language: "es/search/index.html" -> ("es",
    "search/index.html")."""
    first, slash, rest = name.partition("/")
    codes = languages(settings)
    if slash and first in codes[1:]:
        return first, rest
    return codes[0], name


def _address(path: str) -> str:
    return path[:-len("index.html")] if path.endswith("index.html") else path


# Files that are no counterpart of each other: the server's error page (each language has its own, but a server
# shows it at any address, so its language switch goes to the other language's home page).
_ONE_LANGUAGE = {"404.html"}


def page_languages(settings: dict, name: str, root: str, item=None):
    """(lang, alternates, switch) of the file `name`; `item` a Pelican page or article when it is one."""
    codes = languages(settings)
    if item is not None and getattr(item, "lang", None):
        lang = item.lang if item.lang in codes else codes[0]
        found = {c.lang: f"{root}/{c.url}" for c in [item, *getattr(item, "translations", [])] if c.lang in codes}
    else:
        lang, path = split(name, settings)
        found = ({lang: f"{root}/{_address(name)}"} if path in _ONE_LANGUAGE
                 else {code: f"{root}/{prefix(code, settings)}{_address(path)}" for code in codes})
    alternates = [(code, found[code], i18n.language_name(code)) for code in codes if code in found]
    switch = [(code, found.get(code) or f"{root}/{prefix(code, settings)}", i18n.language_name(code))
              for code in codes if code != lang]
    return lang, alternates, switch


class Writer(PelicanWriter):
    """Pelican's writer, writing each file in its language (see the module's docstring), and only when its bytes
    changed (iopdir.writing): a rebuild leaves the pages it made the same alone."""

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own bookkeeping (pelican.writers.Writer._open_w, Pelican pinned in pyproject.toml): a second write
        # of a file is an error unless one of them overrides; then, instead of the file opened for writing, a buffer
        # written to it on closing when its bytes differ from the file's.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time '
                                               "(was previously overwritten)")
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already written to '
                                               "it previously (set `override=True` if intended)")
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _WrittenIfChanged(filename, encoding)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        # The same root the templates' SITEURL is for this file (Pelican makes it relative with RELATIVE_URLS).
        root = path_to_url(get_relative_path(name)) if relative_urls else context.get("SITEURL", "")
        lang, alternates, switch = page_languages(self.settings, name, root,
                                                  kwargs.get("page") or kwargs.get("article"))
        kwargs.setdefault("lang", lang)
        kwargs.setdefault("LANG_ROOT", root + ("" if not prefix(lang, self.settings) else f"/{lang}"))
        kwargs.setdefault("alternates", alternates)
        kwargs.setdefault("language_switch", switch)
        with i18n.using(lang):
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)


class _WrittenIfChanged(io.StringIO):
    """A text file to write that, when closed, is written to `path` only if its bytes are not already there."""

    def __init__(self, path, encoding: str):
        super().__init__()
        self.path, self.charset = path, encoding

    def close(self) -> None:
        if not self.closed:
            write_if_changed(self.path, self.getvalue().encode(self.charset))
        super().close()


class InLanguage:
    """The generator's writer for one language: its files under the language's folder."""

    def __init__(self, writer, folder: str):
        self.writer, self.folder = writer, folder

    def write_file(self, name, template, context, **kwargs):
        if kwargs.get("url") is not None:
            kwargs["url"] = self.folder + kwargs["url"]
        return self.writer.write_file(self.folder + name, template, context, **kwargs)


class OutputsInLanguage:
    """An OutputCache seen from one language: its paths under the language's folder, its keys made with the language
    and its catalog's digest (a Spanish page is made again when the Spanish catalog changes, not the English ones)."""

    def __init__(self, outputs, folder: str, salt: str):
        self.outputs, self.folder, self.salt = outputs, folder, salt

    def key(self, *parts: str) -> str:
        return self.outputs.key(self.salt, *parts)

    def current(self, relative: str, key: str) -> bool:
        return self.outputs.current(self.folder + relative, key)


def catalog_digest(lang: str, locale_dir) -> str:
    """The language's catalog's bytes as a digest ("" for the first language, which has none)."""
    try:
        return hashlib.sha256(i18n.catalog_path(lang, locale_dir).read_bytes()).hexdigest()
    except OSError:
        return ""


def page_paths(settings: dict) -> None:
    """A translated page mirrors its page's path under its language's folder (/es/about/), unless the site's
    settings say otherwise: Pelican's own default (pages/about-es.html) is not where the language switch and the
    hreflang links of the listings' pages say a Spanish page is."""
    from pelican.settings import DEFAULT_CONFIG

    for name, ours in (("PAGE_LANG_URL", "{lang}/{slug}/"), ("PAGE_LANG_SAVE_AS", "{lang}/{slug}/index.html")):
        if settings.get(name, DEFAULT_CONFIG[name]) == DEFAULT_CONFIG[name]:
            settings[name] = ours
