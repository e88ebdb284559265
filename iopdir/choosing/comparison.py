"""A side-by-side comparison of programs: the program page's facts as rows, grouped as that page groups them (labels,
groups and how a value reads are the facts' definitions, iopdir.listing.facts; the rows say where each value is).

Every value is text or None; None is "Not reported", which is never the same as "No". The rows are computed here once,
for the state pages' comparison tables (rendered at build time) and for the comparison data files
(iopdir.build.datafiles), which the compare page reads in the browser.

The data files are shared by every language, so a row's value there is language-neutral where it can be (how():
true/false for Yes and the fact's No, a vocabulary's codes, a freshness code, a number or a phone as it is; the
compare page finds the words in its language's compare/labels.json and facts.json); only the values made of words
(several tracks, a day's sessions, "8–12 weeks", dates) are written once a language (words_data()).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial

from iopdir import i18n
from iopdir.listing.facts import FACTS, heading
from iopdir.listing.wording import (NO_SESSION, NOT_PUBLISHED, ONLINE_ONLY, clock, date, days_ago, hours, span,
                                    yes_no)
from iopdir.listing.program import DAYS, Program
from iopdir.listing import wording
from iopdir.listing.vocabulary import label, vocabularies


def _tracks(p: Program) -> str | None:
    if not p.tracks:
        return None
    about = i18n.gettext("%(name)s (%(hours)s hours, %(days)s days a week)")
    return "; ".join(about % {"name": _track_name(t, i), "hours": hours(t.hours_per_week), "days": t.days_per_week}
                     for i, t in enumerate(p.tracks, 1))


def _track_name(t, i: int) -> str:
    return t.name or i18n.gettext("Track %(number)s") % {"number": i}


def _lengths(p: Program) -> str | None:
    found = [span(t.length_weeks, "weeks") for t in p.tracks if t.length_weeks]
    return ", ".join(dict.fromkeys(found)) or None


def _sessions_on(p: Program, day: str) -> str | None:
    """The row of the timetable for `day` (partial(_sessions_on, day=...) in GROUPS): functions the rows call, not
    functions made while the module is imported, so that mutation testing can change them (see
    tests/mutation-survivors.md)."""
    if not p.tracks:
        return None
    parts = []
    for i, t in enumerate(p.tracks, 1):
        times = ", ".join(f"{clock(s.start)}–{clock(s.end)}" for s in t.sessions_on(day))
        if times:
            parts.append(f"{_track_name(t, i)}: {times}" if len(p.tracks) > 1 else times)
    return "; ".join(parts) or i18n.gettext(NO_SESSION)


def _accreditations(p: Program) -> str | None:
    if not p.accreditations:
        return None
    until = i18n.gettext(", valid until %(date)s")
    return "; ".join(label("accreditation_bodies", a.body) + (until % {"date": a.expires} if a.expires else "")
                     for a in p.accreditations)


def _licences(p: Program) -> str | None:
    found = p.get("licenses")
    return "; ".join(f"{label('states', lic['state'])}: {lic['agency']}" for lic in found) if found else None


def _places(p: Program) -> str:
    if not p.locations:
        return i18n.gettext(ONLINE_ONLY)
    return "; ".join(dict.fromkeys(f"{loc.city}, {loc.state}" for loc in p.locations))


def _addresses(p: Program) -> str:
    """Each location's street ("Not published" where the program withholds it), by label or city when several."""
    if not p.locations:
        return i18n.gettext(ONLINE_ONLY)

    def street(loc) -> str:
        if not loc.address_published:
            return i18n.gettext(NOT_PUBLISHED)
        return f"{loc.street}, {loc.street2}" if loc.street2 else loc.street

    if len(p.locations) == 1:
        return street(p.locations[0])
    return "; ".join(f"{loc.label or loc.city}: {street(loc)}" for loc in p.locations)


def _wheelchair(p: Program) -> str | None:
    known = [loc for loc in p.locations if loc.wheelchair_accessible is not None]
    if not known:
        return None
    if len(p.locations) == 1:
        return yes_no(known[0].wheelchair_accessible)
    return "; ".join(f"{loc.label or loc.city}: {yes_no(loc.wheelchair_accessible)}" for loc in p.locations)


def _verified(p: Program) -> str:
    return f"{date(p.last_verified)} ({days_ago(p.days_since_verified)})"


@dataclass(frozen=True)
class Row:
    """A fact of the comparison: its key in iopdir.listing.facts (which gives its label and how its value reads)
    and its value in a listing; a `composed` value is already in words (several tracks, days or locations)."""

    key: str
    of: Callable[[Program], object]
    composed: bool = False

    def _label(self) -> str:
        return FACTS[self.key].shown_label

    label = property(_label)

    def value(self, p: Program) -> str | None:
        return self.value_in(p, _catalog())

    def value_in(self, p: Program, catalog) -> str | None:
        """value(p) in the language whose catalog is `catalog` (_catalog(), found once for many values)."""
        return self.of(p) if self.composed else _text_in(self.key, self.of(p), catalog)

    def values(self, programs) -> tuple:
        """value(p) of each of `programs`, the language's catalog found once a row, not once a value (a state's
        comparison pages read 55 rows of every program in each language)."""
        of = self.of
        if self.composed:
            return tuple([of(p) for p in programs])
        key, catalog = self.key, _catalog()
        return tuple([_text_in(key, of(p), catalog) for p in programs])

    def _how(self) -> str:
        """How the comparison data gives this row's value (see the module's docstring): "words" (in each language's
        own data), "v:<vocabulary>" (a code or a list of codes), "freshness" (a code) or "" (as it is: null, true,
        false, or text without words)."""
        if self.composed:
            return WORDS
        fact = FACTS[self.key]
        if fact.reads in ("labels", "label"):
            return f"v:{fact.vocabulary}"
        if fact.reads == "freshness":
            return "freshness"
        return "" if fact.reads in _AS_IT_IS else WORDS

    how = cached_property(_how)  # asked for each program by shared_data

    def _reads(self) -> str:
        """How the fact's value reads (iopdir.listing.facts.READERS)."""
        return FACTS[self.key].reads

    reads = cached_property(_reads)

    def neutral(self, p: Program):
        """The value as the shared comparison data gives it (a row whose how is not "words")."""
        found = self.of(p)
        if found is None or found is True or found is False:
            return found
        reads = self.reads
        if reads == "labels":
            return list(found) or None  # an empty list reads as "Not reported", as text() has it
        if reads in ("label", "freshness"):
            return found
        return FACTS[self.key].text(found)  # a number, a phone, an address on the web: the same in every language


def _catalog():
    """The language being written's catalog as installed: the key of its words in _text_once."""
    return i18n._translations.get(i18n.current())


def _text_in(key: str, value, catalog) -> str | None:
    """FACTS[key].text(value) in the language whose catalog is `catalog`: most values repeat from program to program
    ("Yes", a list of labels), so each is made once a language (a state's comparison tables and the comparison data
    read 55 rows of every program in each)."""
    if value.__class__ is list:  # a list of vocabulary values, read the same as a tuple
        value = tuple(value)
    elif value.__class__ is dict:  # a range (ages, weeks, dollars) is no cache key
        return FACTS[key].text(value)
    return _text_once(key, value, catalog)


# Keyed by the language's catalog object as installed (each language has its own; one installed again makes its
# words again); typed, so that 1 and True are not answered alike.
def _make_text_once(key: str, value, catalog) -> str | None:
    return FACTS[key].text(value)


_text_once = lru_cache(maxsize=8192, typed=True)(_make_text_once)


WORDS = "words"
# How facts read whose text has no words (iopdir.listing.facts.READERS): "9–12" hours, a phone, a web address.
_AS_IT_IS = ("yes_no", "text", "hours_range", "number")


@dataclass(frozen=True)
class Group:
    id: str  # the program page's section id (facts.GROUPS), so a row can link to its place there
    rows: tuple[Row, ...]

    def _heading(self) -> str:
        return heading(self.id)

    heading = property(_heading)


def _insurance(p: Program, key: str):
    return p.get("insurance", key)


# The rows are written out here rather than made by helper functions: the module's own code runs once, at import,
# where mutation testing cannot switch a change on (what a row reads is in the functions it calls).
GROUPS = (
    Group("schedule", (
        Row("hours", lambda p: p.hours_per_week),
        Row("tracks", _tracks, composed=True),
        Row("evening", lambda p: p.evening),
        Row("weekend", lambda p: p.weekend),
        Row("online", lambda p: p.online),
        Row("length", _lengths, composed=True),
    )),
    Group("timetable", tuple(Row(day, partial(_sessions_on, day=day), composed=True) for day in DAYS)),
    Group("treatment", (
        Row("focus", lambda p: p.get("focus")),
        Row("conditions", lambda p: p.get("conditions")),
        Row("modalities", lambda p: p.get("modalities")),
        Row("prescribes", lambda p: p.get("medications", "prescribes")),
        Row("accepts_medication", lambda p: p.get("medications", "accepts_patients_on_medication")),
    )),
    Group("family", (
        Row("family", lambda p: p.get("family_programming", "offered")),
        Row("family_kinds", lambda p: p.get("family_programming", "kinds")),
        Row("aftercare", lambda p: p.get("aftercare", "offered")),
        Row("aftercare_kinds", lambda p: p.get("aftercare", "kinds")),
    )),
    Group("insurance", (
        *(Row(key, partial(_insurance, key=key)) for key in ("medicaid", "medicare", "tricare", "private", "carriers",
                                                             "state_plan", "self_pay", "sliding_scale",
                                                             "payment_assistance", "no_fee")),
        Row("price", lambda p: p.get("insurance", "cost_per_week_usd")),
    )),
    Group("accreditation", (
        Row("accredited", lambda p: p.accredited),
        Row("accreditations", _accreditations, composed=True),
        Row("licences", _licences, composed=True),
    )),
    Group("outcomes", (
        Row("outcome_measures", lambda p: p.outcomes.get("measures")),
        Row("outcomes_published", lambda p: p.outcomes.get("published_url")),
        Row("references", lambda p: p.outcomes.get("references_on_request")),
    )),
    Group("serves", (
        Row("ages", lambda p: p.get("ages")),
        Row("populations", lambda p: p.get("populations")),
        Row("languages", lambda p: p.get("languages")),
    )),
    Group("contact", (
        Row("phone", lambda p: p.phone.display),
        Row("places", _places, composed=True),
        Row("address", _addresses, composed=True),
        Row("wheelchair", _wheelchair, composed=True),
        Row("delivery", lambda p: p.get("delivery")),
        Row("telehealth_states", lambda p: p.telehealth_states),
        Row("accepting", lambda p: p.get("intake", "accepting_new_patients")),
        Row("wait", lambda p: p.get("intake", "typical_wait_days")),
        Row("walk_in", lambda p: p.get("intake", "walk_in")),
        Row("referral", lambda p: p.get("intake", "referral_required")),
    )),
    Group("verification", (
        Row("freshness", lambda p: p.freshness),
        Row("last_verified", _verified, composed=True),
        Row("verified_by", lambda p: p.get("verification", "verified_by")),
    )),
)


def place(p: Program) -> str:
    """Where a program is, in a few words, as its cards say it."""
    if p.city:
        return f"{p.city}, {p.state}"
    return i18n.gettext(ONLINE_ONLY) if p.telehealth_only else p.state


def differs(values: list[str | None]) -> bool:
    """Whether the programs differ on a row; "Not reported" differs from every answer, "No" included."""
    return len(set(values)) > 1


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    values: tuple[str | None, ...]

    def _differs(self) -> bool:
        return differs(list(self.values))

    differs = cached_property(_differs)  # asked twice a row by the state comparison pages


def table(programs: list[Program]) -> list[tuple[Group, list[TableRow]]]:
    """The comparison of `programs`, one value per program in every row."""
    return [(g, [TableRow(r.key, r.label, r.values(programs)) for r in g.rows]) for g in GROUPS]


def layout() -> list[dict]:
    """The comparison's groups and rows, without values, in the language being written (the tests' view of it)."""
    return [{"id": g.id, "heading": g.heading, "rows": [[r.key, r.label] for r in g.rows]} for g in GROUPS]


def shared_layout() -> list[list]:
    """The groups and rows as the shared comparison data gives them once a file: [group id, [[row key, how], ...]]
    (no words: the compare page takes headings and labels from its language's facts.json)."""
    return [[g.id, [[r.key, r.how] for r in g.rows]] for g in GROUPS]


def program_data(p: Program) -> dict:
    """One program's comparison facts, for the comparison data (the checklist adds its verdicts): its values
    row by row, group by group, in layout()'s order, in the language being written (the /data/ downloads read them)."""
    return {
        "id": p.id,
        "name": p.name,
        "url": p.url,
        "org": p.organization.get("name", ""),
        "place": place(p),
        "phone": {"display": p.phone.display, "tel": p.phone.tel},
        "status": p.status,
        "freshness": p.freshness,
        "values": values_of(p),
    }


def values_of(p: Program) -> list[list]:
    """[[r.value(p) for r in g.rows] for g in GROUPS], the language's catalog found once (the comparison data reads
    every program's 55 rows)."""
    catalog = _catalog()
    return [[r.value_in(p, catalog) for r in g.rows] for g in GROUPS]


def shared_data(p: Program) -> dict:
    """What the shared comparison data holds of a program: program_data() without words. `values`: each row's
    neutral value in shared_layout()'s order, 0 where the row is in words (words_data())."""
    return {
        "id": p.id,
        "name": p.name,
        "url": p.url,
        "org": p.organization.get("name", ""),
        "phone": {"display": p.phone.display, "tel": p.phone.tel},
        "status": p.status,
        "freshness": p.freshness,
        "values": [[0 if r.how == WORDS else r.neutral(p) for r in g.rows] for g in GROUPS],
    }


_WORD_ROWS = tuple(r for g in GROUPS for r in g.rows if r.how == WORDS)
_WORD_PLACES = tuple((gi, ri) for gi, g in enumerate(GROUPS) for ri, r in enumerate(g.rows) if r.how == WORDS)


def word_values(values: list[list]) -> list:
    """The values of the rows in words, taken from program_data()'s `values` (made already in that language)."""
    return [values[gi][ri] for gi, ri in _WORD_PLACES]


def words_data(p: Program) -> dict:
    """What a language's comparison data holds of a program, in the language being written: where it is ("Online
    only") and the values of the rows in words, in shared_layout()'s order."""
    catalog = _catalog()
    return {"place": place(p), "values": [r.value_in(p, catalog) for r in _WORD_ROWS]}


def labels_data() -> dict:
    """The words of the shared data's codes in the language being written: each vocabulary's labels, and what False
    reads as where a fact says it otherwise ("No online option")."""
    used = sorted({r.how[2:] for g in GROUPS for r in g.rows if r.how.startswith("v:")})
    return {"vocabularies": {v: {code: label(v, code) for code in vocabularies()[v]} for v in used},
            "no": {r.key: i18n.gettext(FACTS[r.key].no) for g in GROUPS for r in g.rows
                   if r.how != WORDS and FACTS[r.key].no != wording.NO}}
