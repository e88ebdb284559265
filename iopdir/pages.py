"""A program's pieces of HTML as the site's pages show them: its facts as <dt>/<dd> pairs (by the facts' keys in
iopdir.listing.facts), a card's key facts, links, a track's timetable and week grid, a comparison row's cells, the
freshness badge and the verified line, "at a glance", and the program's own words (summary and description). The
Pelican plugin (pelican.plugins.iopdir) puts them in its templates' globals; they are here, in the core, so that they
are tested like the rest of it (mutation testing included: scripts/mutation.py) and know nothing of Pelican or Jinja.

Python rather than Jinja macros: a program page calls them about sixty times; a macro call makes a new template
context and each `{% from ... import %}` makes the imported template's module again for every page (for "at a
glance", the week grid and the program's own words that was a quarter of a program page's time). Everything from a
listing is escaped here; the markup is the one glance.js and compare.js draw in the browser. Everything is written
in the language being written (i18n.current()): each cache of made text is keyed by it, as _language() gives it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from markupsafe import Markup, escape

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing import glance as glance_values
from iopdir.listing import week
from iopdir.listing.facts import CARD, FACTS, GLANCE, GROUPS, Fact
from iopdir.listing.program import DAYS, Program
from iopdir.listing.vocabulary import label
from iopdir.listing.wording import (DAY_NAMES, DAY_SHORT, FRESHNESS, NO, NOT_REPORTED, ONLINE_ONLY, TEMPORARILY_CLOSED,
                                    VERIFIED_BY, clock, date, days_ago, shown)
from iopdir.search.index import insurance_summary

# markupsafe's own escaping, without the Markup object escape() wraps it in: a private name of the pinned markupsafe,
# held to escape() by tests/test_esc.py.
try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe without its C extension
    from markupsafe._native import _escape_inner


def esc(value) -> str:
    """str(escape(value)), for text put into an f-string: the same characters (a Markup value as it is), without
    the Markup object escape() makes and the f-string throws away. The page helpers escape some 300 values a
    program (its two pages, its card, the comparison tables): escape() takes 0.6 µs, this a tenth of that."""
    if value.__class__ is str:
        return _escape_inner(value)
    return str(escape(value))


# fact(), facts(), link() and labels() are the program page's helpers (about 60 facts a page). Python rather than
# Jinja macros: a macro call builds a new template context each time. And facts() takes a <dl>'s worth at once:
# each call from a template goes through Jinja's Context.call, which costs as much as the fact itself.
# (A template's undefined value reaches these as None: the plugin's wrappers turn Jinja's Undefined into None.)
# A fact is named by its key in iopdir.listing.facts, which gives its label and how its value reads.
# Everything here is written in the language being written (i18n.current()): each cache of made text is keyed by it,
# as _language() gives it.
def _language() -> tuple:
    """The language being written and its catalog as installed: a cache key, so that a catalog installed again
    (edited, in a process that builds twice) makes its words again. (The catalog object itself, not its id(): kept
    alive by the cache, it cannot be mistaken for a later one.)"""
    lang = i18n.current()
    return lang, i18n._translations.get(lang)


def _make_not_reported(language: tuple) -> Markup:
    return Markup(f'<span class="unknown">{esc(i18n.gettext(NOT_REPORTED))}</span>')


_not_reported = lru_cache(maxsize=64)(_make_not_reported)


def lang_en() -> Markup:
    """' lang="en"' on a page in another language than English, for an element that holds a listing's own words
    (its program wrote them in English): a screen reader switches voice. Nothing on an English page."""
    return Markup("") if i18n.current() == i18n.DEFAULT else Markup(' lang="en"')


class Translated(dict):
    """A table of English message ids (iopdir.listing.wording.WORDS, the groups' headings) that the templates read
    by key (`words['no']`): each value in the language being written."""

    def __getitem__(self, key):
        return i18n.gettext(super().__getitem__(key))


class PerLanguage:
    """Markup made once a language (the program page's table of contents), for a template's {{ }}."""

    def __init__(self, make):
        self._make, self._made = make, {}

    def __html__(self) -> str:
        lang = _language()
        if lang not in self._made:
            self._made[lang] = str(self._make())
        return self._made[lang]

    __str__ = __html__


def _fact(key, value) -> str:
    if value.__class__ is list:  # a listing's list of vocabulary values: a tuple can be a cache key
        value = tuple(value)
    definition = FACTS[key]  # a key the definitions lack is the theme's mistake: a KeyError says which
    lang = _language()
    if value.__class__ is dict:  # a min/max mapping (ages, weeks, dollars) cannot be a cache key
        return _fact_once.__wrapped__(definition, value, lang)
    try:
        return _fact_once(definition, value, lang)
    except TypeError:  # another value that cannot be a cache key
        return _fact_once.__wrapped__(definition, value, lang)


# Most facts repeat from page to page ("Medicaid: Yes", "Evening sessions: Not reported"): each is made once, by
# definition (a Fact is hashed by identity), value and language (`lang`: _language(), the one being written, which
# the text is made in). Typed, so that text equal to a Markup value (already safe) is never answered with the Markup's unescaped
# HTML.
def _make_fact_once(definition: Fact, value, lang: tuple) -> str:
    shown = definition.text(value)
    # A listing's own sentences stay as its program wrote them (English): marked so on another language's page.
    own = lang[0] != i18n.DEFAULT and shown is not None and definition.key in _LISTING_WORDS
    dd = '<dd lang="en">' if own else "<dd>"
    # escape() leaves a Markup value (already safe: a link, a time) as it is. (Markup's own % formatting gives the
    # same at twice the cost: it wraps each argument in a helper object.)
    return (f'<div class="fact"><dt>{esc(definition.shown_label)}</dt>'
            f'{dd}{_not_reported(lang) if shown is None else esc(shown)}</dd></div>')


_fact_once = lru_cache(maxsize=4096, typed=True)(_make_fact_once)


_LISTING_WORDS = {"family_notes", "aftercare_notes", "outcomes_notes"}  # facts that are a listing's free text


def fact(key, value) -> Markup:
    """One fact as a <dt>/<dd> pair: its label and its value as the definition (iopdir.listing.facts) reads it.
    Absent (None, undefined, empty) is "Not reported", never "No"."""
    return Markup(_fact(key, value))


def facts(*pairs) -> Markup:
    """fact(key, value) for each (key, value) pair, in order; a pair given as none is left out (a fact shown
    only when the listing has it)."""
    return Markup("\n".join(_fact(key, value) for key, value in filter(None, pairs)))


def contents() -> PerLanguage:
    """A program page's table of contents: a link to each of its sections (the facts' groups shown on the page).
    The same on every page: made once a build and language."""
    return PerLanguage(lambda: "\n".join(f'<li><a href="#{esc(g.id)}">{esc(g.shown_heading)}</a></li>'
                                          for g in GROUPS if g.on_page))


def card(program: Program, lang_root: str, heading: str = "h3") -> Markup:
    """A program's card (a state page lists them; the home page shows the recently verified): its name linked to its
    page, who runs it and where, its summary (in the page's language when the listing gives it), at a glance
    (headings a level below `heading`), a notice when it is temporarily closed, and when it was verified."""
    name, pid = esc(program.name), esc(program.id)
    # (A listing without a place meets online only: one that meets in person must give its locations.)
    where = (f" · {esc(program.city)}, {esc(program.state)}" if program.city
             else f" · {esc(i18n.gettext(ONLINE_ONLY))}")
    closed = (f'<p class="warn">{esc(i18n.gettext(TEMPORARILY_CLOSED))}</p>'
              if program.status == "temporarily_closed" else "")
    text, english = _own_summary(program, i18n.current())
    summary = f'<p lang="en">{esc(text)}</p>' if english else f"<p>{esc(text)}</p>"
    return Markup(
        f'<article class="card" aria-labelledby="card-{pid}">\n'
        f'  <{heading} id="card-{pid}"><a href="{esc(lang_root)}/{esc(program.url)}">{name}</a></{heading}>\n'
        f'  <p class="org">{esc(program.organization["name"])}{where}</p>\n'
        f"  {summary}\n"
        f"  {glance(program, int(heading[1]) + 1)}\n"
        f'{closed}  <p class="verified">{freshness(program)} {verified_line(program)}</p>\n</article>')


def card_facts(program: Program) -> Markup:
    """A program card's key facts as list items (what it treats, then facts.CARD as "Short label: value"): the
    same as a search result's card in the browser (search.js, from facts.json)."""
    items = [f"<li>{esc(labels('focus', program.get('focus')))}</li>"]
    lang = _language()
    items += [_card_fact(FACTS[key], _CARD_VALUES[key](program), lang) for key in CARD]
    if program.status == "temporarily_closed":
        items.append(f'<li class="warn">{esc(i18n.gettext(TEMPORARILY_CLOSED))}</li>')
    return Markup("\n".join(items))


_CARD_VALUES = {"hours": lambda p: p.hours_per_week, "evening": lambda p: p.evening, "weekend": lambda p: p.weekend,
                "online": lambda p: p.online, "insurance": insurance_summary}


def _make_card_fact(definition: Fact, value, lang: tuple) -> str:
    shown = definition.text(value)
    # (insurance_summary says "Not reported" in English: the words of the language being written replace it.)
    if shown is None or shown == NOT_REPORTED:
        shown = i18n.gettext(NOT_REPORTED)
    return f"<li>{esc(definition.shown_card_label)}: {esc(shown)}</li>"


_card_fact = lru_cache(maxsize=1024)(_make_card_fact)


def link(href, text, rel=None) -> Markup:
    """<a href="href">text</a>, both escaped (listings give only http(s), mailto and tel addresses)."""
    extra = f' rel="{esc(rel)}"' if rel else ""
    return Markup(f'<a href="{esc(href)}"{extra}>{esc(text)}</a>')


def timetable(track) -> list[tuple[str, Markup]]:
    """A track's week, Monday first: (day name, that day's sessions) with the sessions as
    "9:00 am–12:00 pm, 6:00 pm–9:00 pm" (24-hour times in datetime attributes), "" on a day without one; in the
    language being written ("lunes", "6:00 p.m.")."""
    return [(i18n.gettext(DAY_NAMES[day]),
             Markup(", ".join(f'<time datetime="{esc(s.start)}">{clock(s.start)}</time>–'
                              f'<time datetime="{esc(s.end)}">{clock(s.end)}</time>' for s in sessions)))
            for day, sessions in track.timetable().items()]


def cells(values) -> Markup:
    """A comparison row's values as table cells, None as "Not reported" (a state's comparison page has 25
    programs × 50 rows of them: one call a row, not a template test and an output a cell)."""
    lang = _language()
    return Markup("".join(_cell(value, lang) for value in values))


def _make_cell(value, lang: tuple) -> str:
    # Most cells repeat ("Yes", "No", "Not reported", a day's times): each is escaped once a language.
    return f"<td>{_not_reported(lang) if value is None else esc(value)}</td>"


_cell = lru_cache(maxsize=4096, typed=True)(_make_cell)


_DIFFERS = N_("Differs")


def compare_rows(table, columns: int) -> Markup:
    """A comparison table's bodies (comparison.table(): its groups, each with its rows), `columns` programs wide:
    a group's heading, then each row's label (marked when the programs differ on it) and cells."""
    lang = _language()
    mark = f' <span class="mark">{esc(i18n.gettext(_DIFFERS))}</span>'
    out = []
    for group, rows in table:
        out.append(f'  <tbody>\n    <tr class="group"><th scope="rowgroup" colspan="{columns + 1}"><span>'
                   f"{esc(group.heading)}</span></th></tr>\n")
        for row in rows:
            cells = "".join([_cell(value, lang) for value in row.values])
            if row.differs:
                out.append(f'    <tr class="differs"><th scope="row">{esc(row.label)}{mark}</th>{cells}</tr>\n')
            else:
                out.append(f'    <tr><th scope="row">{esc(row.label)}</th>{cells}</tr>\n')
        out.append("  </tbody>\n")
    return Markup("".join(out))


_PAGER_LABELS = {"top": N_("Pages of the comparison (top)"), "bottom": N_("Pages of the comparison (bottom)")}
_PREVIOUS_PAGE, _NEXT_PAGE, _PAGE = N_("Previous page"), N_("Next page"), N_("Page %(number)s")


def pager(page, where: str, root: str) -> Markup:
    """The links to a paged table's pages (a state's comparison: `page` has its `number`, the `count` of pages and
    `url_of(number)`), above (`where` "top") or below ("bottom") the table, addresses under `root` (LANG_ROOT);
    nothing when there is one page. Python rather than a macro: at 10,000 listings a state's comparison has some 25
    pages, each with two of these of 25 links, and the macro was half of such a page's time. As a template's
    `_()` gives it, a message is the catalog's text as it is (a number fills it in)."""
    if page.count <= 1:
        return Markup("")
    base = f"{esc(root)}/"
    number, count = page.number, page.count
    out = [f'<nav class="pager" aria-label="{i18n.gettext(_PAGER_LABELS[where])}">\n  <ul>\n']
    if number > 1:
        out.append(f'<li><a href="{base}{esc(page.url_of(number - 1))}" rel="prev">{i18n.gettext(_PREVIOUS_PAGE)}'
                   f"</a></li>")
    each = i18n.gettext(_PAGE)
    for n in range(1, count + 1):
        current = ' aria-current="page"' if n == number else ""
        out.append(f'<li><a href="{base}{esc(page.url_of(n))}"{current}>{each % {"number": n}}</a></li>')
    if number < count:
        out.append(f'<li><a href="{base}{esc(page.url_of(number + 1))}" rel="next">{i18n.gettext(_NEXT_PAGE)}</a></li>')
    out.append("  </ul>\n</nav>\n")
    return Markup("".join(out))


def freshness(program: Program) -> Markup:
    """How recently the listing was checked, as a badge (its class says which: fresh, aging or stale)."""
    shown = i18n.gettext(FRESHNESS[program.freshness])
    return Markup(f'<span class="badge badge-{program.freshness}">{esc(shown)}</span>')


def _date(when) -> str:
    """A date in the language being written ("December 3, 2026", "3 de diciembre de 2026"), ISO in its attribute."""
    return f'<time datetime="{when.isoformat()}">{esc(date(when))}</time>'


def verified_line(program: Program) -> Markup:
    """When and by whom the listing was verified, in a sentence (every listing shows it): "Verified December 3,
    2026 by the provider", "Verificado el 3 de diciembre de 2026 por el programa"."""
    sentence = VERIFIED_BY.get(program.get("verification", "verified_by"), VERIFIED_BY["provider"])
    return escape(i18n.gettext(sentence)).replace("%(date)s", Markup(_date(program.last_verified)))


def verified_when(program: Program) -> Markup:
    """The date the listing was last verified and how long ago, as the "last_verified" fact shows it."""
    return Markup(f"{_date(program.last_verified)} ({esc(days_ago(program.days_since_verified))})")


def weeks(program: Program) -> list:
    """Each track's week grid (iopdir.listing.week), all over the same hours so that they line up."""
    first, last = week.hour_range(program.tracks)
    return [week.week(t, first, last) for t in program.tracks]


# Google Maps' cross-platform link: Android opens the Maps app (or the one the person chose for such links), iOS
# the Google Maps app when installed, else the map in the browser; nothing is loaded until it is tapped.
# (maps.apple.com opens Apple Maps on iOS but only a web map on Android; geo: does nothing on iOS.)
MAPS = "https://www.google.com/maps/search/?api=1&query="


def directions(location) -> str | None:
    """A "Directions" link's address for a location, or None when its street address is not published."""
    if getattr(location, "address_published", True) is False or not location.street:
        return None
    return MAPS + quote_plus(f"{location.street}, {location.city}, {location.state} {location.postal_code}")


def labels(vocabulary: str, slugs) -> str:
    """The plain-language labels of a list of vocabulary values, joined with commas ("" when absent or empty,
    which a fact shows as "Not reported")."""
    return "" if slugs is None else ", ".join(label(vocabulary, s) for s in slugs)


def glance(program, level: int = 3) -> Markup:
    """At a glance (facts.GLANCE's groups; iopdir.listing.glance.values): a value the listing does not give is
    "Not reported" (class nr), a "No" has class no, so that neither reads like the other."""
    values = _values(program)
    lang = _language()
    parts = _glance_parts(lang, level)
    out = ['<div class="glance">']
    for start, keys in parts:
        out.append(start)
        out += [f"{label}{_glance_value(values[key], lang)}" for key, label in keys]
        out.append("</dl></div>")
    out.append("</div>")
    return Markup("".join(out))


def _make_glance_parts(lang: tuple, level: int) -> list:
    """At a glance's fixed text in a language: each group's start and its facts' keys with their <dt>s."""
    return [(f"<div><h{level}>{esc(shown(heading))}</h{level}><dl>",
             [(key, f"<dt>{esc(FACTS[key].shown_card_label)}</dt>") for key in keys])
            for _id, heading, keys in GLANCE]


_glance_parts = lru_cache(maxsize=32)(_make_glance_parts)


def _make_glance_value(value, lang: tuple) -> str:
    """A value's <dd> (most repeat: "Yes", "Not reported", a number of hours), made once a language."""
    if value is None:
        return f'<dd class="nr">{esc(i18n.gettext(NOT_REPORTED))}</dd>'
    if value == i18n.gettext(NO):
        return f'<dd class="no">{esc(value)}</dd>'
    return f"<dd>{esc(value)}</dd>"


_glance_value = lru_cache(maxsize=4096, typed=True)(_make_glance_value)  # typed: a str is never answered with a Markup's <dd>


def _values(program) -> dict:
    """glance.values(program) in the language being written, made once (a program page and its state page's card
    both show them)."""
    language = (i18n.current(), i18n._translations.get(i18n.current()))
    made = program.__dict__.get("_glance")
    if made is None or made[0] != language:  # only the language being written kept: 10,000 programs' worth
        made = program.__dict__["_glance"] = (language, glance_values.values(program))
    return made[1]


def week_grid(w) -> Markup:
    """A track's week as a picture (iopdir.listing.week): a CSS grid, days across and quarter hours down, laid out
    by classes (c = day column, r = first row, s = rows spanned; week.css), since the page allows no style
    attributes. Hidden from screen readers: the timetable beside it says the same in words."""
    out = ['<div class="wk" aria-hidden="true">']
    out += [f'<b class="c{n}">{esc(i18n.gettext(DAY_SHORT[d]))}</b>' for n, d in enumerate(DAYS, 1)]
    out += [f'<i class="r{row}">{esc(text)}</i>' for row, text in w.hours]
    out += [f'<span class="c{b.day} r{b.row} s{b.span}{" ev" if b.evening else ""}">{esc(b.text)}</span>'
            for b in w.blocks]
    out.append("</div>")
    return Markup("".join(out))


def own_summary(program, lang: str) -> Markup:
    """The program's summary in the page's language: the listing's translation when it gives one, else the English
    it was written in, marked lang="en" (a screen reader switches voice) with a note saying so."""
    text, english = _own_summary(program, lang)
    if not english:
        return Markup(f'<p class="lead">{esc(text)}</p>')
    note = esc(i18n.gettext("The program wrote this in English."))
    return Markup(f'<p class="lead" lang="en">{esc(text)}</p>\n<p class="own-words-note">{note}</p>')


def _own_summary(program, lang: str) -> tuple[str, bool]:
    """(the summary in `lang`, whether it is the English it was written in on a page in another language): the
    listing's translation when it gives one (a program page's lead and its card both read it)."""
    return program.summary_in(lang), _in_english(program, lang, "summary")


def _in_english(program, lang: str, field: str) -> bool:
    """Whether a page in `lang` shows the listing's own English for `field` (a language but the first, which the
    listing does not translate it into): the one rule for the summary, the card and the description."""
    return lang != i18n.DEFAULT and not program.translated(lang, field)


def own_description(program, lang: str) -> Markup:
    """The description likewise (rendered by iopdir.listing.description: raw HTML shown as text, only
    http(s)/mailto/tel links); nothing when the listing has none."""
    html = program.description_in(lang)
    if not html:
        return Markup("")
    if not _in_english(program, lang, "description"):
        return Markup(f'<div class="description">{html}</div>')
    note = esc(i18n.gettext("The program wrote its description in English."))
    return Markup(f'<p class="own-words-note">{note}</p>\n<div class="description" lang="en">{html}</div>')
