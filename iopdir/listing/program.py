"""The program model: a validated listing as typed objects, with the facts the format says to compute, not trust.

Computed facts are cached on first use (a listing does not change once built): a program page, its card, its
comparison rows and its search entry each read them several times.

Every yes/no fact is ``True``, ``False`` or ``None``; ``None`` means *not reported* and must never be shown as "No".
"""

from __future__ import annotations

import datetime as dt
import marshal
import re
from dataclasses import dataclass, field
from functools import cached_property

from iopdir.listing import description
from iopdir.listing import geography
from iopdir.listing.vocabulary import label

_ABSENT = object()  # Program.get: a step not in the listing

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVENING_FROM = 16 * 60  # a session starting at 16:00 or later makes a track "evening"
FRESH_DAYS, AGING_DAYS = 90, 365

# ASAM level 2.1 / Medicare IOP: hours per week that look like an IOP, by audience.
IOP_HOURS = {"adults": (9, 19), "adolescents": (6, 19)}
PARTIAL_HOSPITALIZATION_HOURS = 20


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hours_per_week(sessions: list[dict]) -> float:
    """Σ days × (end − start), in hours."""
    total = sum(len(s["days"]) * (minutes(s["end"]) - minutes(s["start"])) for s in sessions)
    return round(total / 60, 2)


def hours_band_warning(audience: str | None, hours: float) -> str | None:
    """A plain-language doubt about a track's weekly hours, or None when they look like an IOP."""
    low, high = IOP_HOURS["adolescents" if audience == "adolescents" else "adults"]
    if hours >= PARTIAL_HOSPITALIZATION_HOURS:
        return (f"{hours:g} hours a week looks like partial hospitalization (20 hours or more), "
                f"not an IOP ({low}–{high} hours)")
    if hours < low:
        who = "adolescents" if audience == "adolescents" else "adults"
        return (f"{hours:g} hours a week looks like standard outpatient care; an IOP for {who} "
                f"is {low}–{high} hours")
    return None


# Computed facts and plain fields are made by a function and wrapped (`evening = cached_property(_evening)`), not
# decorated: mutation testing (./dev mutation) leaves decorated functions out, and these are the listing's facts.
_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*")


@dataclass(frozen=True)
class Phone:
    """A US phone number as written, normalised for display and for a tel: link."""

    written: str

    def _make_parts(self) -> tuple[str, str]:
        number = _EXTENSION.split(self.written)[0]
        ext = self.written[len(number):]
        digits = "".join(_DIGITS.findall(number))
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        return digits, "".join(_DIGITS.findall(ext))

    _parts = cached_property(_make_parts)

    def _display(self) -> str:
        digits, ext = self._parts
        if len(digits) != 10:
            return self.written
        text = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        return f"{text} ext. {ext}" if ext else text

    display = cached_property(_display)

    def _tel(self) -> str:
        digits, ext = self._parts
        return f"tel:+1{digits}" + (f";ext={ext}" if ext else "")

    tel = cached_property(_tel)


@dataclass(frozen=True)
class Session:
    days: tuple[str, ...]
    start: str
    end: str

    def _hours(self) -> float:
        return round((minutes(self.end) - minutes(self.start)) / 60, 2)

    hours = cached_property(_hours)

    def _evening(self) -> bool:
        return minutes(self.start) >= EVENING_FROM

    evening = cached_property(_evening)

    def _weekend(self) -> bool:
        return any(d in ("sat", "sun") for d in self.days)

    weekend = cached_property(_weekend)


@dataclass(frozen=True)
class Track:
    name: str | None
    audience: str | None
    timezone: str
    sessions: tuple[Session, ...]
    length_weeks: dict | None = None

    def _hours_per_week(self) -> float:
        return hours_per_week([{"days": s.days, "start": s.start, "end": s.end} for s in self.sessions])

    hours_per_week = cached_property(_hours_per_week)

    def _days_per_week(self) -> int:
        return len({d for s in self.sessions for d in s.days})

    days_per_week = cached_property(_days_per_week)

    def _evening(self) -> bool:
        return any(s.evening for s in self.sessions)

    evening = cached_property(_evening)

    def _weekend(self) -> bool:
        return any(s.weekend for s in self.sessions)

    weekend = cached_property(_weekend)

    def timetable(self) -> dict[str, list[Session]]:
        """Day -> sessions on that day, Monday first (the weekly timetable)."""
        return {d: self.sessions_on(d) for d in DAYS}

    def sessions_on(self, day: str) -> list[Session]:
        """The sessions on `day` (one of DAYS) by the time they start (a listing may give its evening group before
        its morning one); times are 24-hour "HH:MM", which sort as text."""
        return list(self._by_day[day])

    def _sessions_by_day(self) -> dict[str, tuple[Session, ...]]:
        ordered = sorted(self.sessions, key=lambda s: (s.start, s.end))
        return {d: tuple(s for s in ordered if d in s.days) for d in DAYS}

    # Worked out once: a program's pages, its comparison rows and its data read each day's sessions some 30 times
    # in a build.
    _by_day = cached_property(_sessions_by_day)


@dataclass(frozen=True)
class Location:
    street: str | None  # None when the program does not publish its address (address_published false)
    city: str
    state: str
    postal_code: str
    label: str | None = None
    street2: str | None = None
    wheelchair_accessible: bool | None = None
    lat: float | None = None
    lon: float | None = None
    geo_source: str | None = None  # "listing" (given) | "zip" (the ZIP's centre) | None (unknown ZIP)
    address_published: bool = True  # False: the street stays unsaid everywhere; city, state and ZIP are shown


@dataclass(frozen=True)
class Accreditation:
    body: str
    id: str | None = None
    expires: str | None = None

    def current(self, today: dt.date) -> bool:
        return self.expires is None or dt.date.fromisoformat(self.expires) >= today


@dataclass
class Program:
    """One listing, validated. ``data`` keeps the listing as written, for templates that show every field."""

    data: dict
    source_path: str
    state: str  # the folder's state code, upper case
    today: dt.date
    tracks: tuple[Track, ...] = field(default=())
    locations: tuple[Location, ...] = field(default=())
    accreditations: tuple[Accreditation, ...] = field(default=())
    digest: str = ""  # SHA-256 of the listing file: what a page built from it depends on
    # The description as safe HTML (iopdir.listing.description), rendered once when the listing is built: Markdown is the
    # slowest part of a program page, and listings are built in parallel and cached by content.
    description_html: str | None = None

    def __reduce__(self):
        # Pickled as the listing and made again on loading: eight times faster to load than its typed parts
        # (the validation cache and a second process's results are read this way, 10,000 at a time).
        # The places go too: looking them up would load the ZIP table (0.3 s) in a build that needs none.
        # The listing goes marshalled: it is plain YAML values (text, numbers, booleans, lists, mappings), which
        # marshal writes twice as fast as pickle (the validation cache and the second process's answer).
        places = [(loc.lat, loc.lon, loc.geo_source) for loc in self.locations]
        return _rebuild, (marshal.dumps(self.data), self.source_path, self.state, self.today, self.digest,
                          self.description_html, places)

    # Plain fields, read through so templates and code can say program.name.
    def _id(self) -> str:
        return self.data["id"]

    id = property(_id)

    def _name(self) -> str:
        return self.data["name"]

    name = property(_name)

    def _status(self) -> str:
        return self.data["status"]

    status = property(_status)

    def _listed(self) -> bool:
        """Closed programs are kept in the repository but not published."""
        return self.status != "closed"

    listed = property(_listed)

    def _summary(self) -> str:
        return self.data["summary"]

    summary = property(_summary)

    # The program's own words in a language: the listing's translations (translations: {es: {summary, description}})
    # when it gives them, else the English it was written in. `translated` says which, so a page can mark English
    # text lang="en" and say the program wrote it in English.
    def translated(self, lang: str, field: str = "summary") -> bool:
        return bool(self.get("translations", lang, field))

    def summary_in(self, lang: str) -> str:
        return self.get("translations", lang, "summary") or self.summary

    def description_in(self, lang: str) -> str | None:
        """The description as safe HTML in `lang` (as description_html is), or the English one."""
        text = self.get("translations", lang, "description")
        if not text:
            return self.description_html
        rendered = self.__dict__.setdefault("_descriptions", {})  # rendered once per language, on first use
        if lang not in rendered:
            rendered[lang] = description.render(text)
        return rendered[lang]

    def _organization(self) -> dict:
        return self.data["organization"]

    organization = property(_organization)

    def get(self, *path, default=None):
        """A nested field, or `default` when any step is absent: program.get("insurance", "medicaid")."""
        value = self.data
        for step in path:
            # One lookup a step: this runs some 280 times a listing in a build.
            if not isinstance(value, dict):
                return default
            value = value.get(step, _ABSENT)
            if value is _ABSENT:
                return default
        return value

    # Computed facts.
    def _phone(self) -> Phone:
        return Phone(self.data["contact"]["phone"])

    phone = cached_property(_phone)

    def _intake_phone(self) -> Phone | None:
        written = self.get("contact", "intake_phone")
        return Phone(written) if written else None

    intake_phone = cached_property(_intake_phone)

    def _online(self) -> bool:
        return "telehealth" in self.data["delivery"]

    online = cached_property(_online)

    def _telehealth_states(self) -> list[str] | bool | None:
        """The states it treats online in (a list), False when it has no online option, None when unknown."""
        return self.get("telehealth_states") or (None if self.online else False)

    telehealth_states = property(_telehealth_states)

    def _in_person(self) -> bool:
        return "in_person" in self.data["delivery"]

    in_person = cached_property(_in_person)

    def _telehealth_only(self) -> bool:
        return not self.in_person

    telehealth_only = cached_property(_telehealth_only)

    def _evening(self) -> bool | None:
        return any(t.evening for t in self.tracks) if self.tracks else None

    evening = cached_property(_evening)

    def _weekend(self) -> bool | None:
        return any(t.weekend for t in self.tracks) if self.tracks else None

    weekend = cached_property(_weekend)

    def _hours_per_week(self) -> tuple[float, float] | None:
        """The lowest and highest weekly hours over the tracks, or None without tracks."""
        if not self.tracks:
            return None
        hours = [t.hours_per_week for t in self.tracks]
        return min(hours), max(hours)

    hours_per_week = cached_property(_hours_per_week)

    def _accredited(self) -> bool | None:
        """At least one unexpired accreditation; None when the listing says nothing about accreditation."""
        if "accreditations" not in self.data:
            return None
        return any(a.current(self.today) for a in self.accreditations)

    accredited = cached_property(_accredited)

    def _last_verified(self) -> dt.date:
        return dt.date.fromisoformat(self.data["verification"]["last_verified"])

    last_verified = cached_property(_last_verified)

    def _days_since_verified(self) -> int:
        return (self.today - self.last_verified).days

    days_since_verified = cached_property(_days_since_verified)

    def _freshness(self) -> str:
        days = self.days_since_verified
        if days <= FRESH_DAYS:
            return "fresh"
        return "aging" if days <= AGING_DAYS else "stale"

    freshness = cached_property(_freshness)

    def _outcomes(self) -> dict:
        """What the program measures about its results and whether it shares them (the listing's outcomes block);
        {} when the listing says nothing."""
        return self.data.get("outcomes") or {}

    outcomes = property(_outcomes)

    def _measures_results(self) -> bool | None:
        """True when the listing names what the program measures or where it publishes its results; else None: the
        format has no way to say that a program measures nothing, so it is never False."""
        return True if self.outcomes.get("measures") or self.outcomes.get("published_url") else None

    measures_results = property(_measures_results)

    def _city(self) -> str | None:
        return self.locations[0].city if self.locations else None

    city = cached_property(_city)

    def _coordinates(self) -> tuple[float, float] | None:
        """The first located place, for distance sorting; None for telehealth-only or unknown ZIPs."""
        for loc in self.locations:
            if loc.lat is not None:
                return loc.lat, loc.lon
        return None

    coordinates = cached_property(_coordinates)

    def _url(self) -> str:
        return f"programs/{self.id}/"

    url = property(_url)

    def labels(self, vocabulary: str, *path) -> list[str]:
        """Display labels of a slug list field: program.labels("modalities", "modalities")."""
        return [label(vocabulary, s) for s in (self.get(*path) or [])]


def build(data: dict, source_path: str, state: str, today: dt.date | None = None, **known) -> Program:
    """A Program from a listing that passed validation. `known`: what is already worked out, when it is
    (description_html; places, the (lat, lon, source) of each location)."""
    today = today or dt.date.today()
    tracks = tuple(
        Track(
            name=t.get("name"),
            audience=t.get("audience"),
            timezone=t["timezone"],
            sessions=tuple(Session(tuple(s["days"]), s["start"], s["end"]) for s in t["sessions"]),
            length_weeks=t.get("length_weeks"),
        )
        for t in data.get("tracks", [])
    )
    locations = []
    places = known.get("places")  # (lat, lon, source) of each location, when already looked up
    for i, loc in enumerate(data.get("locations", [])):
        geo, source = loc.get("geo"), None
        lat = lon = None
        if places is not None:
            lat, lon, source = places[i]
        elif geo:
            lat, lon, source = float(geo["lat"]), float(geo["lon"]), "listing"
        else:
            z = geography.lookup(loc["postal_code"])
            if z:
                lat, lon, source = z.lat, z.lon, "zip"
        locations.append(Location(
            street=loc.get("street"), city=loc["city"], state=loc["state"], postal_code=loc["postal_code"],
            label=loc.get("label"), street2=loc.get("street2"),
            wheelchair_accessible=loc.get("wheelchair_accessible"), lat=lat, lon=lon, geo_source=source,
            address_published=loc.get("address_published", True),
        ))
    accreditations = tuple(Accreditation(a["body"], a.get("id"), a.get("expires")) for a in data.get("accreditations", []))
    text = data.get("description")
    return Program(data=data, source_path=source_path, state=state.upper(), today=today,
                   tracks=tracks, locations=tuple(locations), accreditations=accreditations,
                   description_html=known["description_html"] if "description_html" in known
                   else (description.render(text) if text else None))


def _rebuild(data: bytes, source_path: str, state: str, today: dt.date, digest: str,
             description_html: str | None, places: list[tuple]) -> Program:
    program = build(marshal.loads(data), source_path, state, today, description_html=description_html,
                    places=places)
    program.digest = digest
    return program
