"""Pieces of a program's HTML that every program page and every card repeats: at a glance, a track's week grid,
and the program's own words (its summary and description). Python rather than Jinja macros: a macro call makes a new
template context and each `{% from ... import %}` makes the imported template's module again for every page; for
these four that was a quarter of a program page's time. The markup is the same as the macros wrote (glance.js and
compare.js draw the same in the browser); everything from a listing is escaped here.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from iopdir import i18n
from iopdir.listing import glance as glance_values
from iopdir.listing.facts import FACTS, GLANCE
from iopdir.listing.program import DAYS
from iopdir.listing.wording import DAY_SHORT, NO, NOT_REPORTED, shown


def glance(program, level: int = 3) -> Markup:
    """At a glance (facts.GLANCE's groups; iopdir.listing.glance.values): a value the listing does not give is
    "Not reported" (class nr), a "No" has class no, so that neither reads like the other."""
    values = _values(program)
    no, not_reported = i18n.gettext(NO), escape(i18n.gettext(NOT_REPORTED))
    out = ['<div class="glance">']
    for _id, heading, keys in GLANCE:
        out.append(f"<div><h{level}>{escape(shown(heading))}</h{level}><dl>")
        for key in keys:
            out.append(f"<dt>{escape(FACTS[key].shown_card_label)}</dt>")
            v = values[key]
            if v is None:
                out.append(f'<dd class="nr">{not_reported}</dd>')
            elif v == no:
                out.append(f'<dd class="no">{escape(v)}</dd>')
            else:
                out.append(f"<dd>{escape(v)}</dd>")
        out.append("</dl></div>")
    out.append("</div>")
    return Markup("".join(out))


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
    out += [f'<b class="c{n}">{escape(i18n.gettext(DAY_SHORT[d]))}</b>' for n, d in enumerate(DAYS, 1)]
    out += [f'<i class="r{row}">{escape(text)}</i>' for row, text in w.hours]
    out += [f'<span class="c{b.day} r{b.row} s{b.span}{" ev" if b.evening else ""}">{escape(b.text)}</span>'
            for b in w.blocks]
    out.append("</div>")
    return Markup("".join(out))


def own_summary(program, lang: str) -> Markup:
    """The program's summary in the page's language: the listing's translation when it gives one, else the English
    it was written in, marked lang="en" (a screen reader switches voice) with a note saying so."""
    if lang == "en" or program.translated(lang):
        return Markup(f'<p class="lead">{escape(program.summary_in(lang))}</p>')
    note = escape(i18n.gettext("The program wrote this in English."))
    return Markup(f'<p class="lead" lang="en">{escape(program.summary)}</p>\n<p class="own-words-note">{note}</p>')


def own_description(program, lang: str) -> Markup:
    """The description likewise (rendered by iopdir.listing.description: raw HTML shown as text, only
    http(s)/mailto/tel links); nothing when the listing has none."""
    html = program.description_in(lang)
    if not html:
        return Markup("")
    if lang == "en" or program.translated(lang, "description"):
        return Markup(f'<div class="description">{html}</div>')
    note = escape(i18n.gettext("The program wrote its description in English."))
    return Markup(f'<p class="own-words-note">{note}</p>\n<div class="description" lang="en">{html}</div>')
