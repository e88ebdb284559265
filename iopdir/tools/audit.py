"""The audit: what in a directory's listings needs a maintainer's action, as of a given day.

- stale: not verified for more than a year (the freshness the site shows);
- accreditation: expired, or expiring within 60 days;
- duplicate: two files with the same phone number, or the same street address and ZIP code (probably one program
  listed twice; sometimes two programs of one clinic, which a maintainer can tell apart);
- telehealth: a program that offers telehealth but does not list its own state among `telehealth_states`;
- invalid: a file the audit cannot read as a listing at all (`iopdir validate` says why).

How listings are read, and why not with the validator: `iopdir validate` refuses an expired accreditation, but a
listing that has aged into one is exactly what an audit must show, among everything else about it. So the audit
reads each file with the strict YAML reader and checks it against the JSON Schema alone (the listing's shape), then
builds the Program model with the audit's own day. Calendar rules are the audit's to report; file rules (id equals
the file name, ZIP in its state) stay with `iopdir validate`, which every pull request runs. Closed listings are kept
for the record and never published, so the audit leaves them out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from iopdir.listing.findings import dotted
from iopdir.listing.program import AGING_DAYS, Program, build
from iopdir.listing.files import Refused, read_regular
from iopdir.listing.validation import display_path, fits_schema, listing_scan
from iopdir.listing.vocabulary import vocabularies
from iopdir.listing.yamlstrict import Document, load

EXPIRY_NOTICE_DAYS = 60
CHECKS = ("invalid", "stale", "accreditation", "duplicate", "telehealth")


@dataclass(frozen=True, order=True)
class Issue:
    """One thing to act on, at a place in one listing file."""

    file: str
    line: int
    column: int
    check: str  # one of CHECKS
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.check}: {self.field}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Audit:
    today: dt.date
    listings: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {check: sum(1 for i in self.issues if i.check == check) for check in CHECKS}

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        head = f"{self.listings:,} listing{'' if self.listings == 1 else 's'} audited on {self.today.isoformat()}"
        if self.ok:
            return f"{head}: nothing needs action"
        counts = ", ".join(f"{n} {check}" for check, n in self.counts.items() if n)
        return f"{head}: {len(self.issues)} to act on ({counts})"


@dataclass
class _Read:
    """A listing file that has the listing format's shape, with where each value stands."""

    name: str
    doc: Document
    program: Program
    own_state: str | None  # where the program is: its first location, else its folder (telehealth-only)

    def issue(self, check: str, path: tuple, message: str) -> Issue:
        place = self.doc.place(path)
        return Issue(self.name, place.line, place.column, check, dotted(path), message)


def audit_paths(paths, today: dt.date | None = None) -> Audit:
    """Audit every listing under `paths` as of `today`."""
    today = today or dt.date.today()
    files, _, refused = listing_scan(paths)
    result = Audit(today)
    readable: list[_Read] = []
    cwd = os.path.realpath(os.getcwd())
    for path, reason in refused:  # links, pipes, devices: never opened, never shown
        result.listings += 1
        result.issues.append(Issue(display_path(path, cwd), 1, 1, "invalid", "file", reason))
    for path in files:
        result.listings += 1
        name = display_path(path, cwd)
        read = _read(path, name, today)
        if isinstance(read, Issue):
            result.issues.append(read)
        elif read is not None:
            readable.append(read)
    for read in readable:
        result.issues += _stale(read) + _accreditations(read, today) + _telehealth(read)
    result.issues += _duplicates(readable)
    result.issues.sort()
    return result


def _read(path: Path, name: str, today: dt.date) -> _Read | Issue | None:
    """The listing, an `invalid` issue, or None for a closed listing."""
    try:
        raw = read_regular(path)
    except Refused as exc:
        return Issue(name, 1, 1, "invalid", "file", exc.reason)
    except OSError as exc:
        return Issue(name, 1, 1, "invalid", "file", f"cannot be read ({exc.strerror})")
    doc = load(raw, name)
    if not doc.ok or not isinstance(doc.data, dict) or not fits_schema(doc.data):
        where = doc.findings[0] if doc.findings else None
        return Issue(name, where.line if where else 1, where.column if where else 1, "invalid", "(listing)",
                     f"is not a readable listing; run: iopdir validate {name}")
    data = doc.data
    if data["status"] == "closed":
        return None
    folder = path.parent.name.upper()
    folder_state = folder if folder in vocabularies()["states"] else None
    locations = data.get("locations") or []
    own = locations[0]["state"] if locations else folder_state
    program = build(data, name, folder_state or own or "", today)
    return _Read(name, doc, program, own)


def _stale(read: _Read) -> list[Issue]:
    p = read.program
    if p.freshness != "stale":
        return []
    return [read.issue("stale", ("verification", "last_verified"),
                       f"last verified {p.last_verified.isoformat()}, {p.days_since_verified:,} days ago (stale after "
                       f"{AGING_DAYS}); ask the provider to check the listing and update last_verified")]


def _accreditations(read: _Read, today: dt.date) -> list[Issue]:
    out = []
    for i, acc in enumerate(read.program.accreditations):
        if not acc.expires:
            continue
        days = (dt.date.fromisoformat(acc.expires) - today).days
        body = vocabularies()["accreditation_bodies"].get(acc.body, acc.body)
        if days < 0:
            message = (f"{body} accreditation expired on {acc.expires}, {-days:,} day{'s' if days != -1 else ''} ago; "
                       f"renew the date or remove the accreditation")
        elif days <= EXPIRY_NOTICE_DAYS:
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            message = f"{body} accreditation expires on {acc.expires}, {when}; ask the provider for the renewed date"
        else:
            continue
        out.append(read.issue("accreditation", ("accreditations", i, "expires"), message))
    return out


def _telehealth(read: _Read) -> list[Issue]:
    p = read.program
    states = p.get("telehealth_states") or []
    if not p.online or not read.own_state or read.own_state in states:
        return []
    return [read.issue("telehealth", ("telehealth_states",),
                       f"does not include {read.own_state}, the program's own state; add it, or confirm that its "
                       f"clinicians cannot treat there by telehealth")]


# Street words written in several ways: "12 Market Street, Suite 3" and "12 market st. ste 3" are the same place.
_STREET_WORDS = {"street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr",
                 "lane": "ln", "place": "pl", "court": "ct", "parkway": "pkwy", "highway": "hwy", "route": "rte",
                 "north": "n", "south": "s", "east": "e", "west": "w", "suite": "ste", "floor": "fl"}


def street_key(street: str, postal_code: str) -> str:
    words = re.findall(r"[a-z0-9]+", street.lower())
    return " ".join(_STREET_WORDS.get(w, w) for w in words) + " " + postal_code[:5]


def _duplicates(reads: list[_Read]) -> list[Issue]:
    """Issues for every file that shares a phone number, or a street address and ZIP, with another file."""
    groups: dict[tuple[str, str], list[tuple[_Read, tuple, str]]] = defaultdict(list)
    for read in reads:
        p = read.program
        groups[("phone", p.phone.tel)].append((read, ("contact", "phone"), p.phone.display))
        seen = set()
        for i, loc in enumerate(p.locations):
            if loc.street is None:  # address not published: only the ZIP is known, which many programs share
                continue
            key = street_key(loc.street, loc.postal_code)
            if key not in seen:  # one file listing a place twice is not a duplicate of itself
                seen.add(key)
                groups[("address", key)].append((read, ("locations", i, "street"),
                                                 f"{loc.street}, {loc.postal_code[:5]}"))
    out = []
    for (kind, _), members in groups.items():
        if len({m[0].name for m in members}) < 2:
            continue
        for read, path, shown in members:
            others = sorted({m[0].name for m in members if m[0].name != read.name})
            what = "phone number" if kind == "phone" else "street address and ZIP code"
            out.append(read.issue("duplicate", path, f"same {what} ({shown}) as {', '.join(others)}; probably the "
                                                     f"same program listed twice: merge the files, or tell them apart"))
    return out
