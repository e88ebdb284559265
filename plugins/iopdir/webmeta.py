"""What search engines and feed readers read: sitemap.xml, robots.txt, the Atom feeds of listings added or
re-verified (site-wide and per state), and the templates' helpers for each page's head (json_ld, feeds).

A sitemap and an Atom feed are made of absolute addresses (the sitemap protocol and Atom's ids say so): without an
absolute SITEURL (the development settings) neither is written, and robots.txt names no sitemap. Pelican's own
quickstart leaves feeds off in development for the same reason.

Settings: IOPDIR_FEED_ATOM and IOPDIR_STATE_FEED_ATOM (iopdir.settings); Pelican's FEED_MAX_ITEMS (the newest
entries a feed keeps, 100 by default) and TIMEZONE (the feed's dates).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup
from pelican.generators import Generator

from iopdir.writing import write_if_changed
from iopdir import i18n
from iopdir import settings as iopdir_settings
from iopdir.build.outputs import OutputCache, fingerprint_of_settings
from iopdir.fingerprint import code_fingerprint, digest_of_folder
from iopdir.listing import jsonld
from iopdir.listing.program import Program
from iopdir.listing.wording import ONLINE_ONLY, VERIFIED_BY, date
from iopdir.pages import esc

from . import choosing
from . import languages

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# Pages that are no page of the directory: the error page says nothing a search should find.
_NOT_IN_SITEMAP = {"404.html"}


def site_address(settings: dict) -> str:
    """SITEURL when it is an absolute http(s) address, else "" (nothing absolute can be made)."""
    url = settings.get("SITEURL") or ""
    return url.rstrip("/") if re.match(r"https?://[^/]", url) else ""


def feed_paths(settings: dict) -> tuple[str | None, str | None]:
    """Where the site-wide and the per-state feed go (the latter with {slug}), each None when not written."""
    if not site_address(settings):
        return None, None
    # (read before the generator fills in the defaults, when the templates' helpers are made)
    return tuple(settings.get(name, iopdir_settings.default(name)) or None
                 for name in ("IOPDIR_FEED_ATOM", "IOPDIR_STATE_FEED_ATOM"))


def json_ld(program: Program, url: str, lang: str = i18n.DEFAULT) -> Markup:
    """A program page's JSON-LD (iopdir.listing.jsonld) in the page's language: a data block, which the CSP's
    script-src does not govern (a browser runs no script of this type)."""
    return Markup(f'<script type="application/ld+json">{jsonld.script(jsonld.program(program, url, lang))}</script>')


def og_locale(lang: str) -> str | None:
    """Open Graph's og:locale of a page in another language than English ("es_US"; English, Open Graph's default,
    says none)."""
    return None if lang == i18n.DEFAULT else i18n.locale(lang)


def feed_title(state=None) -> str:
    """A feed's title (Pelican puts the site's name before it), and its link's text on the pages."""
    # In the language being written: each language has its feeds (under its folder), and a page links to its own.
    if state is not None:
        return i18n._("Programs in %(state)s added or re-verified") % {"state": state.name}
    return i18n._("Programs added or re-verified")


def feed_links(settings: dict):
    """The Jinja global `feeds(state=None)`: [(title, href)] of the feeds a page links to: the site-wide one, and its
    state's when the page is of a state (href relative to the site's root, like the theme's other links)."""
    paths = []  # worked out at the first page (every page asks)

    def feeds(state=None) -> list[tuple[str, str]]:
        if not paths:
            paths.extend(feed_paths(settings))
        everywhere, per_state = paths
        folder = languages.prefix(i18n.current(), settings) if i18n.current() in languages.languages(settings) else ""
        found = []
        if everywhere:
            found.append((feed_title(), folder + everywhere))
        if per_state and state is not None and getattr(state, "slug", None):
            found.append((feed_title(state), folder + per_state.format(slug=state.slug)))
        return found

    return feeds


def head_meta(settings: dict):
    """The Jinja global `head_meta(output_file, lang, alternates, title, description, siteurl, state=None,
    program=None)`: what search engines, link previews and feed readers read in a page's head. The page's canonical
    address (absolute with an absolute SITEURL), its address in each language it exists in and the first language's
    as the default (`alternates`: plugins/iopdir/languages.py), Open Graph, the feeds of listings added or re-verified
    (its state's too on a state's pages) and, on a program's page, its JSON-LD. The error page asks not to be indexed
    instead. `title` and `description` are the page's own (its blocks, already escaped).

    Python rather than a template include: every page has it, and as an include it was a fifth of a program page's
    time."""
    absolute = site_address(settings)
    feeds = feed_links(settings)

    def meta(output_file: str, lang, alternates, title, description, siteurl: str, state=None, program=None) -> Markup:
        lang = lang or i18n.DEFAULT
        here = output_file[:-10] if output_file.endswith("index.html") else output_file
        address = f"{absolute or siteurl}/{here}"
        error_page = output_file.split("/")[-1] == "404.html"
        out = []
        if error_page:
            out.append('<meta name="robots" content="noindex">')
        else:
            out.append(f'<link rel="canonical" href="{esc(address)}">')
            if alternates and len(alternates) > 1:
                def absolute_href(href: str) -> str:
                    return absolute + href[len(siteurl):] if absolute and href.startswith(siteurl) else href
                out += [f'<link rel="alternate" hreflang="{esc(code)}" href="{esc(absolute_href(href))}">'
                        for code, href, _name in alternates]
                out.append(f'<link rel="alternate" hreflang="x-default" '
                           f'href="{esc(absolute_href(alternates[0][1]))}">')
        out += ['<meta property="og:type" content="website">',
                f'<meta property="og:site_name" content="{esc(settings.get("SITENAME", ""))}">',
                f'<meta property="og:title" content="{esc(title)}">',
                f'<meta property="og:description" content="{esc(description)}">']
        locale = og_locale(lang)
        if locale:
            out.append(f'<meta property="og:locale" content="{esc(locale)}">')
        if absolute and not error_page:
            out.append(f'<meta property="og:url" content="{esc(address)}">')
        out += [f'<link rel="alternate" type="application/atom+xml" title="{esc(feed)}" '
                f'href="{esc(siteurl)}/{esc(href)}">' for feed, href in feeds(state)]
        if program:
            out.append(f"{json_ld(program, address, lang)}")
        return Markup("\n".join(out))  # (the template's line ends the last one)

    return meta


class FeedEntry:
    """A listing as Pelican's feed writer reads an article (pelican.writers.Writer._add_item_to_the_feed): its
    title and content are HTML to Pelican, so the listing's words are escaped here. Made in the language being
    written, its page in that language's `folder`; the listing's summary is its own translation when it gives one
    (then marked with its language where it is not the feed's)."""

    def __init__(self, program: Program, publisher: str, folder: str = ""):
        self.program = program
        self.author = publisher  # Atom wants an author: the directory that publishes the entry
        self.url = folder + program.url
        # Pelican strips tags from the title and unescapes it: escaped here, the name comes out as written.
        self.title = esc(program.name)
        self.lang = i18n.current()
        self.summary = esc(program.summary_in(self.lang))
        # A re-verified listing is a new entry: Pelican's entry id is the address and this date.
        self.date = dt.datetime.combine(program.last_verified, dt.time())

    def get_content(self, siteurl: str) -> str:
        p = self.program
        place = f"{p.city}, {p.locations[0].state}" if p.city else i18n.gettext(ONLINE_ONLY)
        sentence = VERIFIED_BY.get(p.get("verification", "verified_by"), VERIFIED_BY["provider"])
        when = p.last_verified.strftime("%B %-d, %Y") if self.lang == i18n.DEFAULT else date(p.last_verified)
        own = p.get("translations", self.lang, "summary") if self.lang != i18n.DEFAULT else p.summary
        summary = (f"<p>{esc(own)}</p>" if own else f'<p lang="{i18n.DEFAULT}">{esc(p.summary)}</p>')
        return (f"{summary}<p>{esc(p.organization.get('name', ''))} · {esc(place)} · "
                f"{esc(p.phone.display)}</p><p>{esc(i18n.gettext(sentence) % {'date': when})}.</p>")


def _newest(programs: list[Program]) -> list[Program]:
    return sorted(programs, key=lambda p: (-p.last_verified.toordinal(), p.name.lower(), p.id))


class WebMetaGenerator(Generator):
    """Writes the feeds (after the listings' pages) and, when every page is written (Pelican's finalized signal),
    sitemap.xml and robots.txt. Reads the listings from the context the ListingsGenerator fills."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written: set[str] = set()  # the HTML files written by any generator in this run
        self.writing_feeds = False  # while this generator writes its feeds (see feed_made)
        self.feed_lang = i18n.DEFAULT  # the language of the feeds being written
        global _active
        _active = self

    def generate_output(self, writer):
        started = time.perf_counter()
        self.writing_feeds = True
        try:
            self.write_feeds(writer)
        finally:
            self.writing_feeds = False
        if any(feed_paths(self.settings)):
            logger.info("iopdir: feeds in %.2f s", time.perf_counter() - started)

    def write_feeds(self, writer):
        everywhere, per_state = feed_paths(self.settings)
        if not (everywhere or per_state):
            return
        # A feed whose entries did not change is not written again (a rebuild with nothing changed would otherwise
        # spend most of its time on feeds): its key is its entries' listings and dates, the settings and the code
        # (and, for a language's feeds, its catalog).
        outputs = OutputCache(Path(self.settings["IOPDIR_CACHE_PATH"]) / "feeds.json", Path(self.output_path),
                              salt="\0".join([fingerprint_of_settings(self.settings), code_fingerprint(),
                                              digest_of_folder(Path(__file__).resolve().parent, "*.py")]))
        locale_dir = self.settings.get("IOPDIR_LOCALE_PATH") or i18n.LOCALE_DIR
        for lang in languages.languages(self.settings):  # each language's feeds, under its folder
            folder = languages.prefix(lang, self.settings)
            with i18n.using(lang):
                feeds = []
                if everywhere:
                    feeds.append((folder + everywhere, feed_title(), self.context.get("programs", [])))
                if per_state:
                    feeds += [(folder + per_state.format(slug=state.slug), feed_title(state), state.programs)
                              for state in self.context.get("program_states", [])]
                salt = [lang, languages.catalog_digest(lang, locale_dir)] if folder else []
                self.feed_lang = lang
                for path, title, programs in feeds:
                    shown = _newest(programs)[:self.settings.get("FEED_MAX_ITEMS")]
                    key = outputs.key(*salt, title, *(f"{p.id} {p.digest} {p.last_verified}" for p in shown))
                    if not outputs.current(path, key):
                        writer.write_feed([FeedEntry(p, self.settings["SITENAME"], folder) for p in shown],
                                          self.context, path, feed_title=title)
        outputs.save()

    def record(self, path: str) -> None:
        relative = os.path.relpath(path, self.output_path)
        if relative.endswith(".html") and not relative.startswith(".."):
            self.written.add(relative.replace(os.sep, "/"))

    def pages(self) -> dict[str, dt.date | None]:
        """Every published page's address (relative to the site) and when its listings were last verified (None
        for a page that shows none): the listings' pages from the listings themselves (a page unchanged since the
        last build is not written again, so not seen written), and every other page written in this run."""
        found: dict[str, dt.date | None] = {}
        programs = self.context.get("programs", [])
        newest = max((p.last_verified for p in programs), default=None)
        for relative in self.written:
            if languages.split(relative, self.settings)[1] not in _NOT_IN_SITEMAP:  # es/404.html too
                found[relative[:-len("index.html")] if relative.endswith("index.html") else relative] = None
        found[""] = newest  # the home page shows the recently verified
        found["states/"] = newest
        size = self.settings["IOPDIR_COMPARE_PAGE_SIZE"]
        folders = [languages.prefix(lang, self.settings) for lang in languages.languages(self.settings)]
        for folder in folders:  # every language has the listings' pages
            found[folder] = found[f"{folder}states/"] = newest
            for state in self.context.get("program_states", []):
                found[folder + state.url] = max(p.last_verified for p in state.programs)
                for page in choosing.compare_pages(state, size):
                    found[folder + page.url] = max((p.last_verified for p in page.programs), default=None)
                for p in state.programs:
                    found[folder + p.url] = p.last_verified
        return found

    def finish(self) -> None:
        started = time.perf_counter()
        root = site_address(self.settings)
        output = Path(self.output_path)
        if root:
            write_if_changed(output / SITEMAP, sitemap(root, self.pages(), self.settings).encode("utf-8"))
            logger.info("iopdir: sitemap.xml in %.2f s", time.perf_counter() - started)
        else:
            logger.info("iopdir: no sitemap.xml or feeds: they need an absolute SITEURL (publishconf.py sets it)")
        write_if_changed(output / ROBOTS, robots(root).encode("utf-8"))


_active: WebMetaGenerator | None = None


def sitemap(root: str, pages: dict[str, dt.date | None], settings: dict | None = None) -> str:
    """The sitemap protocol's urlset: the home page first, then in order of address. A page that exists in more
    than one language lists each (its own address too) as an xhtml:link alternate, and the first language's as
    x-default, as search engines read a sitemap's translations."""
    settings = settings or {}
    codes = languages.languages(settings)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in sorted(pages, key=lambda path: (path != "", path)):
        when = pages[path]
        lastmod = f"<lastmod>{when.isoformat()}</lastmod>" if when else ""
        _, first = languages.split(path, settings)
        versions = [(code, languages.prefix(code, settings) + first) for code in codes]
        versions = [(code, where) for code, where in versions if where in pages]
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{xml_escape(f"{root}/{where}")}"/>'
                        for code, where in versions + [("x-default", versions[0][1])]) if len(versions) > 1 else ""
        lines.append(f"<url><loc>{xml_escape(f'{root}/{path}')}</loc>{lastmod}{links}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def robots(root: str) -> str:
    """Every page may be read; the sitemap named when there is one (it must be an absolute address)."""
    text = "User-agent: *\nAllow: /\n"
    return text + (f"\nSitemap: {root}/{SITEMAP}\n" if root else "")


# Receivers (module level: blinker holds them weakly).
def feed_made(context, feed):
    """Each of our feeds its own Atom id, its address (Pelican gives every feed the site's address as its id)."""
    if _active is not None and _active.writing_feeds:
        feed.feed["id"] = feed.feed["feed_url"]
        if _active.feed_lang != i18n.DEFAULT:  # the feed's xml:lang (an English feed says none, as before)
            feed.feed["language"] = _active.feed_lang


def page_written(path, context=None):
    if _active is not None:
        _active.record(path)


def site_finished(pelican):
    global _active
    if _active is not None:
        generator, _active = _active, None
        generator.finish()
