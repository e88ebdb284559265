"""A side-by-side comparison of programs: the program page's facts as rows, grouped as that page groups them.

Every value is text or None; None is "Not reported", which is never the same as "No". The rows are computed here once,
for the state pages' comparison tables (rendered at build time) and for the comparison data files
(iopdir.build.datafiles), which the compare page reads in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from iopdir.listing.program import DAYS, Program
from iopdir.listing.vocabulary import label
from iopdir.choosing.wording import clock, hours, hours_range, span, yes_no

FRESHNESS = {"fresh": "Recently verified", "aging": "Verified within a year", "stale": "Not verified for over a year"}


def _tri(value) -> str | None:
    return None if value is None else yes_no(value)


def _labels(vocabulary: str, slugs) -> str | None:
    return ", ".join(label(vocabulary, s) for s in slugs) if slugs else None


def _tracks(p: Program) -> str | None:
    if not p.tracks:
        return None
    return "; ".join(f"{t.name or f'Track {i}'} ({hours(t.hours_per_week)} hours, {t.days_per_week} days a week)"
                     for i, t in enumerate(p.tracks, 1))


def _lengths(p: Program) -> str | None:
    found = [span(t.length_weeks, "weeks") for t in p.tracks if t.length_weeks]
    return ", ".join(dict.fromkeys(found)) or None


def _day(day: str) -> Callable[[Program], str | None]:
    def value(p: Program) -> str | None:
        if not p.tracks:
            return None
        parts = []
        for i, t in enumerate(p.tracks, 1):
            times = ", ".join(f"{clock(s.start)}–{clock(s.end)}" for s in t.sessions if day in s.days)
            if times:
                parts.append(f"{t.name or f'Track {i}'}: {times}" if len(p.tracks) > 1 else times)
        return "; ".join(parts) or "No session"
    return value


def _accreditations(p: Program) -> str | None:
    if not p.accreditations:
        return None
    return "; ".join(label("accreditation_bodies", a.body) + (f", valid until {a.expires}" if a.expires else "")
                     for a in p.accreditations)


def _licences(p: Program) -> str | None:
    found = p.get("licenses")
    return "; ".join(f"{label('states', lic['state'])}: {lic['agency']}" for lic in found) if found else None


def _places(p: Program) -> str:
    if not p.locations:
        return "Online only"
    return "; ".join(dict.fromkeys(f"{loc.city}, {loc.state}" for loc in p.locations))


def _wheelchair(p: Program) -> str | None:
    known = [loc for loc in p.locations if loc.wheelchair_accessible is not None]
    if not known:
        return None
    if len(p.locations) == 1:
        return yes_no(known[0].wheelchair_accessible)
    return "; ".join(f"{loc.label or loc.city}: {yes_no(loc.wheelchair_accessible)}" for loc in p.locations)


def _telehealth_states(p: Program) -> str | None:
    if p.get("telehealth_states"):
        return _labels("states", p.get("telehealth_states"))
    return None if p.online else "No online option"


def _wait(p: Program) -> str | None:
    wait = p.get("intake", "typical_wait_days")
    return None if wait is None else f"{wait} day{'' if wait == 1 else 's'}"


def _verified(p: Program) -> str:
    days = p.days_since_verified
    return f"{p.last_verified.strftime('%B %-d, %Y')} ({days} day{'' if days == 1 else 's'} ago)"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: Callable[[Program], str | None]


@dataclass(frozen=True)
class Group:
    id: str  # the program page's section id, so a row can link to its place there
    heading: str
    rows: tuple[Row, ...]


def _ins(key: str) -> Callable[[Program], str | None]:
    return lambda p: _tri(p.get("insurance", key))


GROUPS = (
    Group("schedule", "Schedule and hours", (
        Row("hours", "Hours a week", lambda p: hours_range(p.hours_per_week)),
        Row("tracks", "Tracks", _tracks),
        Row("evening", "Evening sessions (4 pm or later)", lambda p: _tri(p.evening)),
        Row("weekend", "Weekend sessions", lambda p: _tri(p.weekend)),
        Row("online", "Online option (telehealth)", lambda p: _tri(p.online)),
        Row("length", "Typical length", _lengths),
    )),
    Group("timetable", "Weekly timetable", tuple(Row(day, label("days", day), _day(day)) for day in DAYS)),
    Group("treatment", "Treatment", (
        Row("focus", "Treats", lambda p: _labels("focus", p.get("focus"))),
        Row("conditions", "Conditions", lambda p: _labels("conditions", p.get("conditions"))),
        Row("modalities", "Therapies and approaches", lambda p: _labels("modalities", p.get("modalities"))),
        Row("prescribes", "Prescribes medications for addiction",
            lambda p: _labels("medications", p.get("medications", "prescribes"))),
        Row("accepts_medication", "Accepts people taking a medication for addiction",
            lambda p: _tri(p.get("medications", "accepts_patients_on_medication"))),
    )),
    Group("family", "Family and aftercare", (
        Row("family", "Family programming", lambda p: _tri(p.get("family_programming", "offered"))),
        Row("family_kinds", "Kinds of family programming",
            lambda p: _labels("family_kinds", p.get("family_programming", "kinds"))),
        Row("aftercare", "Aftercare", lambda p: _tri(p.get("aftercare", "offered"))),
        Row("aftercare_kinds", "Kinds of aftercare", lambda p: _labels("aftercare_kinds", p.get("aftercare", "kinds"))),
    )),
    Group("insurance", "Insurance and cost", (
        Row("medicaid", "Medicaid", _ins("medicaid")),
        Row("medicare", "Medicare", _ins("medicare")),
        Row("tricare", "TRICARE", _ins("tricare")),
        Row("private", "Private insurance", _ins("private")),
        Row("carriers", "Named carriers", lambda p: _labels("carriers", p.get("insurance", "carriers"))),
        Row("state_plan", "Other state-funded plan", _ins("state_plan")),
        Row("self_pay", "Self-pay", _ins("self_pay")),
        Row("sliding_scale", "Sliding fee scale", _ins("sliding_scale")),
        Row("payment_assistance", "Help paying", _ins("payment_assistance")),
        Row("no_fee", "Free of charge", _ins("no_fee")),
        Row("price", "Self-pay price a week", lambda p: span(p.get("insurance", "cost_per_week_usd"), "dollars")),
    )),
    Group("accreditation", "Accreditation and licences", (
        Row("accredited", "Accredited", lambda p: _tri(p.accredited)),
        Row("accreditations", "Accrediting bodies", _accreditations),
        Row("licences", "State licences", _licences),
    )),
    Group("serves", "Who it serves", (
        Row("ages", "Ages", lambda p: span(p.get("ages"), "ages")),
        Row("populations", "Groups with dedicated services", lambda p: _labels("populations", p.get("populations"))),
        Row("languages", "Languages", lambda p: _labels("languages", p.get("languages"))),
    )),
    Group("contact", "Contact and locations", (
        Row("phone", "Phone", lambda p: p.phone.display),
        Row("places", "Locations", _places),
        Row("wheelchair", "Wheelchair accessible", _wheelchair),
        Row("delivery", "How sessions are offered", lambda p: _labels("delivery", p.get("delivery"))),
        Row("telehealth_states", "Online treatment available in", _telehealth_states),
        Row("accepting", "Accepting new patients", lambda p: _tri(p.get("intake", "accepting_new_patients"))),
        Row("wait", "Typical wait to start", _wait),
        Row("walk_in", "Walk-in assessments", lambda p: _tri(p.get("intake", "walk_in"))),
        Row("referral", "Referral required", lambda p: _tri(p.get("intake", "referral_required"))),
    )),
    Group("verification", "Verification", (
        Row("freshness", "Listing checked", lambda p: FRESHNESS[p.freshness]),
        Row("last_verified", "Last verified", _verified),
        Row("verified_by", "Verified by", lambda p: label("verified_by", p.get("verification", "verified_by"))),
    )),
)


def place(p: Program) -> str:
    """Where a program is, in a few words, as its cards say it."""
    if p.city:
        return f"{p.city}, {p.state}"
    return "Online only" if p.telehealth_only else p.state


def differs(values: list[str | None]) -> bool:
    """Whether the programs differ on a row; "Not reported" differs from every answer, "No" included."""
    return len(set(values)) > 1


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    values: tuple[str | None, ...]

    @cached_property  # asked twice a row by the state comparison pages
    def differs(self) -> bool:
        return differs(list(self.values))


def table(programs: list[Program]) -> list[tuple[Group, list[TableRow]]]:
    """The comparison of `programs`, one value per program in every row."""
    return [(g, [TableRow(r.key, r.label, tuple(r.value(p) for p in programs)) for r in g.rows]) for g in GROUPS]


def layout() -> list[dict]:
    """The comparison's groups and rows, without values: given once to the compare page (in each data shard)."""
    return [{"id": g.id, "heading": g.heading, "rows": [[r.key, r.label] for r in g.rows]} for g in GROUPS]


def program_data(p: Program) -> dict:
    """One program's comparison facts, for the comparison data (the checklist adds its verdicts): its values
    row by row, group by group, in layout()'s order."""
    return {
        "id": p.id,
        "name": p.name,
        "url": p.url,
        "org": p.organization.get("name", ""),
        "place": place(p),
        "phone": {"display": p.phone.display, "tel": p.phone.tel},
        "status": p.status,
        "freshness": p.freshness,
        "values": [[r.value(p) for r in g.rows] for g in GROUPS],
    }
