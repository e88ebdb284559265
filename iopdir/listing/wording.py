"""Facts in plain words, the same on a program page, in a comparison table and in its CSV download.

The words a value reads as are here (the facts' labels are in iopdir.listing.facts): plain strings, no HTML, so that
a message catalog can wrap them for a translation.
"""

from __future__ import annotations

NOT_REPORTED = "Not reported"
YES, NO = "Yes", "No"
NO_SESSION = "No session"  # a day of a track's week without one
NO_ONLINE_OPTION = "No online option"
ONLINE_ONLY = "Online only"  # where a program without a location is
TEMPORARILY_CLOSED = "Temporarily closed"
# A location with address_published: false. Not "Not reported": the program withholds it on purpose, and a phone call
# gets it.
NOT_PUBLISHED = "Not published"
ADDRESS_NOT_PUBLISHED = "Address not published — call the program for directions"
# The words shown beside the facts, by name: the templates and the browser scripts (facts.json) read this one table.
WORDS = {"not_reported": NOT_REPORTED, "yes": YES, "no": NO, "no_session": NO_SESSION, "online_only": ONLINE_ONLY,
         "temporarily_closed": TEMPORARILY_CLOSED, "not_published": NOT_PUBLISHED,
         "address_not_published": ADDRESS_NOT_PUBLISHED, "at_a_glance": "At a glance", "directions": "Directions",
         "call": "Call", "call_intake": "Call intake", "main_line": "Main line",
         "week_key": "Evening sessions (4 pm or later) are marked ☾ with a dashed edge; weekend days are shaded."}

#: Days of the week in a short list ("Mon, Tue, Thu"), and the hours of a week grid's side.
DAY_SHORT = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
#: Who verified a listing, after its date ("Oct 1, 2026, by the provider"): at a glance.
VERIFIED_WHO = {"provider": "by the provider", "maintainer": "by a directory maintainer", "import": "from public data"}

#: How recently a listing was checked (Program.freshness), as its badge says.
FRESHNESS = {"fresh": "Recently verified", "aging": "Verified within a year", "stale": "Not verified for over a year"}

#: Who verified a listing, in a sentence around the date ({}); the provider when the listing does not say.
VERIFIED_BY = {"provider": "Verified {} by the provider", "maintainer": "Verified {} by a directory maintainer",
               "import": "Imported from public data, as of {}"}


def yes_no(value) -> str:
    """Unknown is not no."""
    if value is None:
        return NOT_REPORTED
    return YES if value else NO


def days(count: int) -> str:
    """3 -> "3 days"; 1 -> "1 day"."""
    return f"{count} day{'' if count == 1 else 's'}"


def days_ago(count: int) -> str:
    return f"{days(count)} ago"


def hours(value: float) -> str:
    return f"{value:g}"


def hours_range(low_high: tuple[float, float] | None) -> str | None:
    """(9, 12) -> "9–12"; (9, 9) -> "9"; None stays None (not reported)."""
    if not low_high:
        return None
    low, high = low_high
    return hours(low) if low == high else f"{hours(low)}–{hours(high)}"


def clock(hhmm: str) -> str:
    """'18:00' -> '6:00 pm' (plain language; the 24-hour time stays in a datetime attribute)."""
    h, m = map(int, hhmm.split(":"))
    suffix = "am" if h < 12 else "pm"
    return f"{(h % 12) or 12}:{m:02d} {suffix}"


def hour(h: int) -> str:
    """A whole hour of the day, as a week grid's side shows it: 9 -> "9 am", 12 -> "noon", 18 -> "6 pm"."""
    if h % 24 == 12:
        return "noon"
    return f"{(h % 12) or 12} {'am' if h % 24 < 12 else 'pm'}"


def clock_range(start: str, end: str) -> str:
    """A session's times in few characters: "6–9 pm", "9:30 am–12:30 pm" (a week grid's block)."""
    def short(hhmm):
        h, m = map(int, hhmm.split(":"))
        return f"{(h % 12) or 12}" + (f":{m:02d}" if m else ""), "am" if h < 12 else "pm"
    (a, a_half), (b, b_half) = short(start), short(end)
    return f"{a}–{b} {b_half}" if a_half == b_half else f"{a} {a_half}–{b} {b_half}"


def span(value: dict | None, kind: str) -> str | None:
    """A min/max mapping in words: ages "13 to 17", "18 and older"; weeks "8–12 weeks"; dollars "$300–$650"."""
    if not value:
        return None
    lo, hi = value.get("min"), value.get("max")
    if kind == "dollars":
        lo, hi = (None if v is None else f"${v:,.0f}" for v in (lo, hi))
    if kind == "ages":
        return f"{lo} to {hi}" if lo is not None and hi is not None else (f"{lo} and older" if lo is not None else f"up to {hi}")
    unit = " weeks" if kind == "weeks" else ""
    if lo is not None and hi is not None:
        return f"{lo}{unit}" if lo == hi else f"{lo}–{hi}{unit}"
    return f"at least {lo}{unit}" if lo is not None else f"up to {hi}{unit}"
