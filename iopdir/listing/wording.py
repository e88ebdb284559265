"""Facts in plain words, the same on a program page, in a comparison table and in its CSV download.

The words a value reads as are here (the facts' labels are in iopdir.listing.facts): plain strings, no HTML. The
tables hold English message ids, marked N_ where they are defined; the functions give text in the language being
written (iopdir.i18n.current()), looked up when they are called, never at import time.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from iopdir import i18n
from iopdir.i18n import N_

NOT_REPORTED = N_("Not reported")
YES, NO = N_("Yes"), N_("No")
NO_SESSION = N_("No session")  # a day of a track's week without one
NO_ONLINE_OPTION = N_("No online option")
ONLINE_ONLY = N_("Online only")  # where a program without a location is
TEMPORARILY_CLOSED = N_("Temporarily closed")
# A location with address_published: false. Not "Not reported": the program withholds it on purpose, and a phone call
# gets it.
NOT_PUBLISHED = N_("Not published")
ADDRESS_NOT_PUBLISHED = N_("Address not published — call the program for directions")
# The words shown beside the facts, by name: the templates and the browser scripts (facts.json) read this one table.
WORDS = {"not_reported": NOT_REPORTED, "yes": YES, "no": NO, "no_session": NO_SESSION, "online_only": ONLINE_ONLY,
         "temporarily_closed": TEMPORARILY_CLOSED, "not_published": NOT_PUBLISHED,
         "address_not_published": ADDRESS_NOT_PUBLISHED, "at_a_glance": N_("At a glance"),
         "directions": N_("Directions"), "call": N_("Call"), "call_intake": N_("Call intake"),
         "main_line": N_("Main line"),
         "week_key": N_("Evening sessions (4 pm or later) are marked ☾ with a dashed edge; weekend days are shaded.")}

#: Days of the week in a short list ("Mon, Tue, Thu"), and the hours of a week grid's side.
DAY_SHORT = {"mon": N_("Mon"), "tue": N_("Tue"), "wed": N_("Wed"), "thu": N_("Thu"), "fri": N_("Fri"),
             "sat": N_("Sat"), "sun": N_("Sun")}
#: Days of the week in full (a timetable's rows, the comparison's rows). Spanish writes them in lower case.
DAY_NAMES = {"mon": N_("Monday"), "tue": N_("Tuesday"), "wed": N_("Wednesday"), "thu": N_("Thursday"),
             "fri": N_("Friday"), "sat": N_("Saturday"), "sun": N_("Sunday")}
#: Who verified a listing, after its date ("Oct 1, 2026, by the provider"): at a glance.
VERIFIED_WHO = {"provider": N_("by the provider"), "maintainer": N_("by a directory maintainer"),
                "import": N_("from public data")}

#: How recently a listing was checked (Program.freshness), as its badge says.
FRESHNESS = {"fresh": N_("Recently verified"), "aging": N_("Verified within a year"),
             "stale": N_("Not verified for over a year")}

#: Who verified a listing, in a sentence around the date (%(date)s); the provider when the listing does not say.
VERIFIED_BY = {"provider": N_("Verified %(date)s by the provider"),
               "maintainer": N_("Verified %(date)s by a directory maintainer"),
               "import": N_("Imported from public data, as of %(date)s")}


def shown(message: str) -> str:
    """A message of the tables above in the language being written."""
    return i18n.gettext(message)


def yes_no(value) -> str:
    """Unknown is not no."""
    if value is None:
        return i18n.gettext(NOT_REPORTED)
    return i18n.gettext(YES if value else NO)


def days(count: int) -> str:
    """3 -> "3 days"; 1 -> "1 day"."""
    return i18n.ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def days_ago(count: int) -> str:
    return i18n.gettext("%(days)s ago") % {"days": days(count)}


def _make_date(value, format: str, lang: str) -> str:
    return i18n.format_date(value, format, lang)


_date = lru_cache(maxsize=4096)(_make_date)


def date(value, format: str = "long") -> str:
    """A date as the language writes it ("December 3, 2026", "3 de diciembre de 2026"; "medium": "Dec 3, 2026",
    "3 dic 2026"), by Babel; each date made once a language."""
    return _date(value, format, i18n.current())


def hours(value: float) -> str:
    return f"{value:g}"


def hours_range(low_high: tuple[float, float] | None) -> str | None:
    """(9, 12) -> "9–12"; (9, 9) -> "9"; None stays None (not reported)."""
    if not low_high:
        return None
    low, high = low_high
    return hours(low) if low == high else f"{hours(low)}–{hours(high)}"


def _make_periods(lang: str) -> tuple[str, str]:
    # English keeps its own "am"/"pm"; another language takes Babel's abbreviated day periods for its locale
    # (es_US: "a.m.", "p.m."), so that a new language needs no table here (every locale Babel has names both).
    if lang == i18n.DEFAULT:
        return "am", "pm"
    found = Locale.parse(i18n.locale(lang)).day_periods["format"]["abbreviated"]
    return found["am"], found["pm"]


_periods = lru_cache(maxsize=None)(_make_periods)


def clock(hhmm: str) -> str:
    """'18:00' -> '6:00 pm', '6:00 p.m.' in Spanish (plain language; the 24-hour time stays in a datetime
    attribute)."""
    return _clock(hhmm, i18n.current())


def _clock_words(hhmm: str, lang: str) -> str:
    h, m = map(int, hhmm.split(":"))
    return f"{(h % 12) or 12}:{m:02d} {_periods(lang)[h >= 12]}"


# Kept: a build writes some 30 times a listing (61,168 at 2,000 generated listings), but only a few dozen distinct
# ones (a minute of the day at most, in each language); the words of a time depend on nothing else (_periods: the
# locale's, not the catalog's). Wrapped here rather than decorated: mutation testing leaves decorated functions out.
_clock = lru_cache(maxsize=4096)(_clock_words)


def hour(h: int) -> str:
    """A whole hour of the day, as a week grid's side shows it: 9 -> "9 am", 12 -> "noon", 18 -> "6 pm"."""
    if h % 24 == 12:
        return i18n.gettext("noon")
    return f"{(h % 12) or 12} {_periods(i18n.current())[h % 24 >= 12]}"


def clock_range(start: str, end: str) -> str:
    """A session's times in few characters: "6–9 pm", "9:30 am–12:30 pm" (a week grid's block)."""
    return _clock_range(start, end, i18n.current())


def _clock_range_words(start: str, end: str, lang: str) -> str:
    periods = _periods(lang)

    def short(hhmm):
        h, m = map(int, hhmm.split(":"))
        return f"{(h % 12) or 12}" + (f":{m:02d}" if m else ""), periods[h >= 12]
    (a, a_half), (b, b_half) = short(start), short(end)
    return f"{a}–{b} {b_half}" if a_half == b_half else f"{a} {a_half}–{b} {b_half}"


_clock_range = lru_cache(maxsize=4096)(_clock_range_words)  # as _clock: few distinct sessions' times


def span(value: dict | None, kind: str) -> str | None:
    """A min/max mapping in words: ages "13 to 17", "18 and older" ("13 a 17 años", "18 años o más"); weeks
    "8–12 weeks"; dollars "$300–$650"."""
    if not value:
        return None
    lo, hi = value.get("min"), value.get("max")
    if kind == "dollars":
        lo, hi = (None if v is None else f"${v:,.0f}" for v in (lo, hi))
    both = {"low": lo, "high": hi}
    if kind == "ages":
        if lo is not None and hi is not None:
            return i18n.pgettext("ages", "%(low)s to %(high)s") % both
        if lo is not None:
            return i18n.pgettext("ages", "%(low)s and older") % both
        return i18n.pgettext("ages", "up to %(high)s") % both
    if kind == "weeks":
        if lo is not None and hi is not None:
            return (i18n.gettext("%(low)s weeks") if lo == hi else i18n.gettext("%(low)s–%(high)s weeks")) % both
        if lo is not None:
            return i18n.gettext("at least %(low)s weeks") % both
        return i18n.gettext("up to %(high)s weeks") % both
    if lo is not None and hi is not None:
        return f"{lo}" if lo == hi else f"{lo}–{hi}"
    return (i18n.gettext("at least %(low)s") if lo is not None else i18n.gettext("up to %(high)s")) % both
