"""Import listings from public data: SAMHSA's National Directories -> one listing file per intensive outpatient program.

Imported listings carry `verified_by: import`. A listing someone else has verified (a provider, a maintainer) is
never overwritten. Re-running an import on the same input changes no byte: ids, key order, quoting and the files
written are all fixed by the input alone.

A newer directory keeps the listings current: an imported listing whose facility is no longer in the file (or no
longer offers intensive outpatient treatment) becomes `status: closed`, its summary saying why and its
`last_verified` when; it stays in the folder, unpublished. One a provider or maintainer has taken over is reported
for a maintainer instead. A closed listing whose facility comes back is reopened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iopdir.listing import files, geography
from iopdir.listing.findings import inert
from iopdir.tools import nsumhss
from iopdir.tools.nsumhss import Row
from iopdir.listing.vocabulary import program_schema, vocabularies
from iopdir.listing.yamlstrict import load

SOURCE = "SAMHSA 2024 National Directory"
# What every source this import has written starts with (next year's says 2025): the mark of a listing that came
# from the directory, kept when a provider takes the listing over. A listing without it is not the import's concern.
SOURCE_PREFIX = "SAMHSA "
# The 2024 directories list what facilities reported to the 2023 N-SUMHSS survey as of its reference date; the
# facts are no fresher than that. Overridable with --as-of.
DIRECTORY_AS_OF = dt.date(2023, 3, 31)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/program.schema.json\n"
MAX_ID = 80
SUMMARY_MAX = 200

CREATED, UPDATED, UNCHANGED, CLOSED, REOPENED, SKIPPED = \
    "created", "updated", "unchanged", "closed", "reopened", "skipped"
ACTIONS = (CREATED, UPDATED, UNCHANGED, CLOSED, REOPENED, SKIPPED)

# progress(what, done, total): told when a step starts (done 0) and after each item; the command shows it.
Progress = Callable[[str, int, int], None]


# --- the outcome ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What became of one listing."""

    id: str
    path: Path
    action: str  # one of ACTIONS
    sources: tuple[str, ...]  # facility ids, OIT row first; () for a listing whose facility is not in the file
    why: str = ""  # for skipped and closed


@dataclass(frozen=True)
class NotImported:
    """An intensive outpatient row that could not become a valid listing, and why."""

    facility_id: str
    name: str
    place: str
    reason: str


@dataclass
class ImportSummary:
    rows_read: int = 0
    states: tuple[str, ...] = ()  # the states asked for; () for all
    rows: int = 0  # rows in those states
    iop_rows: int = 0  # of which offer intensive outpatient treatment
    listings: list[Outcome] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
    unknown_codes: tuple[str, ...] = ()  # "directory:code" found in rows but not in the definitions

    def count(self, action: str) -> int:
        return sum(1 for o in self.listings if o.action == action)

    def _merged(self) -> int:
        """Listings built from a row in each directory."""
        return sum(1 for o in self.listings if len(o.sources) > 1)
    merged = property(_merged)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def format_summary(summary: ImportSummary) -> str:
    chosen = f" ({summary.rows:,} in {', '.join(summary.states)})" if summary.states else ""
    lines = [
        f"{_plural(summary.rows_read, 'row')} read{chosen}, {summary.iop_rows:,} with intensive outpatient treatment "
        "(OIT)",
        f"{_plural(len(summary.listings), 'listing')}: "
        + ", ".join(f"{summary.count(action):,} {action}" for action in ACTIONS)
        + f"; {summary.merged:,} merged from both directories",
    ]
    lines += [f"{o.action} {o.path}: {o.why}" for o in summary.listings if o.action in (CLOSED, SKIPPED)]
    lines += [f"reopened {o.path}" for o in summary.listings if o.action == REOPENED]
    if summary.unknown_codes:
        lines.append(f"codes not in the definitions (ignored): {' '.join(summary.unknown_codes)}")
    lines.append(f"{_plural(len(summary.not_imported), 'row')} not imported" + (":" if summary.not_imported else ""))
    lines += [f"  {n.facility_id} {n.name} ({n.place}): {n.reason}" for n in summary.not_imported]
    # Names and reasons come from the file: each line stays one harmless line in a terminal or a CI log.
    return "\n".join(map(inert, lines))


# --- the import -----------------------------------------------------------------------------------------------------

def import_nsumhss(facilities, definitions, out_dir, states=None, as_of: dt.date | None = None,
                   progress: Progress | None = None) -> ImportSummary:
    """Write one listing per intensive outpatient facility of `facilities` (the directory's CSV) under
    `out_dir/<state>/<id>.yaml`, and close the imported listings of those states whose facility is gone.
    `states`: USPS codes to import (default all); `as_of`: the verification date; `progress`: see Progress."""
    from iopdir.listing.validation import validate_bytes  # the validator is the gate: nothing invalid is written

    progress = progress or (lambda what, done, total: None)

    as_of = as_of or DIRECTORY_AS_OF
    wanted = _states(states)
    defs = nsumhss.read_definitions(Path(definitions))
    every_row = nsumhss.read_facilities(Path(facilities))
    rows = [r for r in every_row if wanted is None or r.state in wanted]
    out_dir = Path(out_dir)
    summary = ImportSummary(rows_read=len(every_row), states=tuple(sorted(wanted or ())), rows=len(rows),
                            iop_rows=sum(r.offers_iop for r in rows))
    summary.unknown_codes = tuple(sorted({f"{r.directory}:{c}" for r in rows for c in r.codes
                                          if not defs.knows(r.directory, c)}))

    existing = _existing(out_dir)  # before writing anything: a link or a pipe in --out stops the import

    built: list[tuple[tuple[Row, ...], dict]] = []
    # The facilities in the file that have no listing this time, by the id their listing would start with: an
    # earlier listing of theirs is kept as it is (not imported: the reason is reported) or closed (no OIT now).
    not_built, no_iop = _Bases(), _Bases()
    for group in nsumhss.pair_directories(rows):
        if not any(r.offers_iop for r in group):
            for r in group:
                no_iop.add(r)
            continue
        group = tuple(sorted(group, key=lambda r: (not r.offers_iop, r.directory != nsumhss.SUBSTANCE)))
        data = listing(group, as_of)
        if isinstance(data, str):
            summary.not_imported.append(_not_imported(group[0], data))
            not_built.add(group[0])
        else:
            built.append((group, data))

    ready = []
    made: set[tuple[str, str]] = set()  # (folder, id) of every listing of a facility in the file
    progress("checking listings", 0, len(built))
    for n, ((group, data), pid) in enumerate(zip(built, assign_ids(built, existing)), 1):
        data["id"] = pid
        data = _in_format_order(data)
        state = data["locations"][0]["state"].lower()
        made.add((state, pid))
        path = out_dir / state / f"{pid}.yaml"
        text = emit(data)
        checked = validate_bytes(text.encode("utf-8"), str(path), path)
        errors = [f for f in checked.findings if f.is_error]
        progress("checking listings", n, len(built))
        if errors:
            summary.not_imported.append(_not_imported(group[0], f"{errors[0].field}: {errors[0].message}"))
            continue
        ready.append((state, pid, text, tuple(r.facility_id for r in group)))
    gone = sorted((folder, pid) for pid, folders in existing.items() for folder in folders
                  if _is_state_folder(folder, wanted) and (folder, pid) not in made
                  and not not_built.holds(folder, pid))
    with _Folders(out_dir) as folders:
        progress("writing listings", 0, len(ready))
        for n, (state, pid, text, sources) in enumerate(ready, 1):
            summary.listings.append(_write(folders, state, pid, text, sources))
            progress("writing listings", n, len(ready))
        if gone:
            progress("closing listings no longer in the directory", 0, len(gone))
        for n, (folder, pid) in enumerate(gone, 1):
            why = NO_IOP_NOW if no_iop.holds(folder, pid) else NOT_IN_FILE
            outcome = _close(folders, folder, pid, why, as_of)
            if outcome is not None:
                summary.listings.append(outcome)
            progress("closing listings no longer in the directory", n, len(gone))
    summary.not_imported.sort(key=lambda n: nsumhss.facility_sort_key(n.facility_id))
    return summary


class _Bases:
    """Facilities by the id their listing would have before numbering (name and city), per state folder: holds()
    tells whether a listing id is such a facility's ("name-city" or a numbered "name-city-2")."""

    def __init__(self):
        self.by_folder: dict[str, set[str]] = {}

    def add(self, row: Row) -> None:
        base = base_id(nsumhss.names(row.name1, row.name2).program, row.city)
        self.by_folder.setdefault(row.state.lower(), set()).add(base)

    def holds(self, folder: str, pid: str) -> bool:
        bases = self.by_folder.get(folder, ())
        unnumbered = re.sub(r"-[0-9]+$", "", pid)
        return pid in bases or unnumbered in bases


def _is_state_folder(folder: str, wanted: set[str] | None) -> bool:
    """Whether listings in `folder` (relative to --out) are this import's to close: a state folder, of a state
    imported this time."""
    code = folder.upper()
    return folder == folder.lower() and code in vocabularies()["states"] and (wanted is None or code in wanted)


@dataclass(frozen=True)
class Gone:
    """Why an imported listing is closed: in the import's summary, and in the listing's own summary ({date}: the
    directory's date; at most 200 characters)."""

    reason: str
    summary: str


NOT_IN_FILE = Gone("not in the directory any more",
                   "Closed: no longer in SAMHSA's national directory as of {date}. Imported listing, kept for the "
                   "record.")
NO_IOP_NOW = Gone("the directory no longer lists intensive outpatient treatment there",
                  "Closed: SAMHSA's national directory as of {date} no longer lists intensive outpatient treatment "
                  "here. Imported listing, kept for the record.")


def _existing(out_dir: Path) -> dict[str, set[str]]:
    """The ids of the listings already in `out_dir` -> the folders they are in (relative): the ids a new listing
    must not take (they may come from other states' imports, or from providers). A link, a pipe or a device named
    like a listing, or a linked folder, stops the import before anything is written: writing through it could
    write outside --out, and reading it could block."""
    from iopdir.listing.validation import listing_scan

    if not out_dir.exists():
        return {}
    found, _, refused = listing_scan([out_dir])
    if refused:
        path, reason = refused[0]
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise ValueError(f"{path} {reason}{more}; nothing was written")
    ids: dict[str, set[str]] = {}
    for path in found:
        ids.setdefault(path.stem, set()).add(str(path.parent.relative_to(out_dir)))
    return ids


def _states(states) -> set[str] | None:
    if not states:
        return None
    if isinstance(states, str):
        states = states.split(",")
    wanted = {s.strip().upper() for s in states if s.strip()}
    unknown = sorted(wanted - set(vocabularies()["states"]))
    if unknown:
        raise ValueError(f"unknown state code{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
    return wanted


def _not_imported(row: Row, reason: str) -> NotImported:
    name = nsumhss.names(row.name1, row.name2).program or "(no name)"
    return NotImported(row.facility_id, name, f"{row.city}, {row.state}", reason)


class _Folders:
    """The state folders of --out, each opened once, never through a link: files are then made and renamed
    relative to the open folder, so a link put in place of a folder (or of a file) is never written through."""

    def __init__(self, out_dir: Path):
        self.out_dir, self.fds, self.top = out_dir, {}, None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for fd in [*self.fds.values(), self.top]:
            if fd is not None:
                os.close(fd)

    def open(self, state: str) -> int:
        if state not in self.fds:
            if self.top is None:
                self.out_dir.mkdir(parents=True, exist_ok=True)  # --out itself is the caller's to choose
                self.top = os.open(self.out_dir, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.mkdir(state, dir_fd=self.top)
            except FileExistsError:
                pass
            try:
                self.fds[state] = os.open(state, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.top)
            except OSError as exc:  # ELOOP, ENOTDIR: a link or a file where the state's folder should be
                raise ValueError(f"{self.out_dir / state} is not a folder ({exc.strerror}); nothing more was "
                                 f"written") from None
        return self.fds[state]


def _write(folders: _Folders, state: str, pid: str, text: str, sources: tuple[str, ...]) -> Outcome:
    shown = Path(state) / f"{pid}.yaml"
    name = shown.name
    folder = folders.open(state)
    new = text.encode("utf-8")
    try:
        old = files.read_regular(name, dir_fd=folder)
    except FileNotFoundError:
        action = CREATED
    except files.Refused as exc:
        return Outcome(pid, shown, SKIPPED, sources, f"{exc.reason.split(';')[0]}; not overwritten")
    else:
        found = _read_listing(old, str(folders.out_dir / shown))
        owner = _verified_by(found)
        if owner != "import":
            return Outcome(pid, shown, SKIPPED, sources, f"{owner}; not overwritten")
        if old == new:
            return Outcome(pid, shown, UNCHANGED, sources)
        action = REOPENED if found.get("status") == "closed" else UPDATED
    _replace(folders, state, name, new)
    return Outcome(pid, shown, action, sources)


def _close(folders: _Folders, folder: str, pid: str, why: Gone, as_of: dt.date) -> Outcome | None:
    """Close the imported listing `folder/pid.yaml`, whose facility is not in the file; report it when someone has
    taken it over; None when it is not a listing the import made (a provider's own, an unreadable file)."""
    from iopdir.listing.validation import validate_bytes

    shown = Path(folder) / f"{pid}.yaml"
    try:
        old = files.read_regular(shown.name, dir_fd=folders.open(folder))
    except (files.Refused, FileNotFoundError):  # scanned before writing as a regular file; changed since
        return None
    data = _read_listing(old, str(folders.out_dir / shown))
    source = data.get("verification", {}).get("source") if isinstance(data.get("verification"), dict) else None
    if not isinstance(source, str) or not source.startswith(SOURCE_PREFIX):
        return None
    if data.get("status") == "closed":
        return Outcome(pid, shown, UNCHANGED, ())  # closed before: its date says when
    owner = _verified_by(data)
    if owner != "import":
        return Outcome(pid, shown, SKIPPED, (), f"{why.reason}, but {owner}: not closed; a maintainer should check "
                                                f"whether the program has closed")
    data["status"] = "closed"
    data["summary"] = why.summary.format(date=as_of.isoformat())
    data["verification"]["last_verified"] = as_of.isoformat()
    text = emit(_in_format_order(data))
    path = folders.out_dir / shown
    errors = [f for f in validate_bytes(text.encode("utf-8"), str(path), path).findings if f.is_error]
    if errors:  # a listing edited by hand since its import, and wrongly: closing it must not publish a broken file
        return Outcome(pid, shown, SKIPPED, (), f"{why.reason}, but it cannot be closed ({errors[0].field}: "
                                                f"{errors[0].message})")
    _replace(folders, folder, shown.name, text.encode("utf-8"))
    return Outcome(pid, shown, CLOSED, (), why.reason)


def _replace(folders: _Folders, state: str, name: str, new: bytes) -> None:
    """Put `new` in place of `state/name`."""
    folder = folders.open(state)
    # Write beside and rename: an interrupted import never leaves half a listing. The temporary name is new each
    # time and made exclusively (O_EXCL, O_NOFOLLOW): a file or a link planted at a predictable name is never
    # written through, and never becomes the listing.
    for _ in range(100):
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=folder)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"{folders.out_dir / state}: cannot make a temporary file")
    try:
        with open(fd, "wb", closefd=True) as f:
            f.write(new)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
        raise


def _read_listing(raw: bytes, name: str) -> dict:
    """The listing in a file, or {} when it is not a readable one."""
    doc = load(raw, name)
    return doc.data if doc.ok and isinstance(doc.data, dict) else {}


def _verified_by(data: dict) -> str:
    """"import", "verified by provider", or why we cannot tell (then the file is not ours to overwrite)."""
    if not data:
        return "not a readable listing"
    who = data.get("verification", {}).get("verified_by") if isinstance(data.get("verification"), dict) else None
    if who == "import":
        return who
    return f"verified by {who}" if isinstance(who, str) else "says nothing of who verified it"


# --- one listing ----------------------------------------------------------------------------------------------------

def listing(group: tuple[Row, ...], as_of: dt.date) -> dict | str:
    """The listing for rows describing one location (the OIT row first), or why there cannot be one."""
    main = group[0]
    if main.state not in vocabularies()["states"]:
        return f"unknown state '{main.state}'"
    if not main.city:
        return "no city"
    postal = nsumhss.zip5(main.zip)
    if postal is None:
        return f"ZIP code '{main.zip}' is not a ZIP code"
    place = geography.lookup(postal)
    if place is None:
        return f"ZIP code '{postal}' is not a known US ZIP code"
    if place.state != main.state:
        return f"ZIP code '{postal}' is in {place.state} ({place.city}), not {main.state}"
    phones = _phones(group)
    if not phones:
        shown = ", ".join(p for r in group for p in r.phones)
        return f"no usable phone number ({shown})" if shown else "no phone number"

    codes = frozenset().union(*(r.codes for r in group))
    directories = {r.directory for r in group}
    named = nsumhss.names(main.name1, main.name2)
    data: dict = {"schema_version": 1, "id": "", "status": "active", "name": named.program,
                  "organization": {"name": named.organization}}
    ownership = next((o for r in group if (o := _ownership(r.codes))), None)
    if ownership:
        data["organization"]["ownership"] = ownership
    focus = _focus(directories, codes)
    data["summary"] = summary_text(focus, main.city, main.state, main.directory, len(directories) > 1)
    data["focus"] = focus
    _put_list(data, "conditions", _conditions(codes), "conditions")
    data["contact"] = {"phone": phones[0]}
    if len(phones) > 1:
        data["contact"]["intake_phone"] = phones[1]
    if nsumhss.has_street(main.street1):
        location = {"street": main.street1}
        street2 = main.street2 or next((r.street2 for r in group[1:] if r.street2 and r.street1 == main.street1), "")
        if street2:
            location["street2"] = street2
    else:
        # The directory withholds this address ("---"; FindTreatment.gov shows the city only): the listing does too,
        # a suite included. Found by city and ZIP, at the ZIP code's centre for distance.
        location = {"address_published": False}
    location.update(city=main.city, state=main.state, postal_code=postal)
    data["locations"] = [location]
    data["delivery"] = ["in_person", "telehealth"] if nsumhss.TELEHEALTH in codes else ["in_person"]
    if nsumhss.TELEHEALTH in codes:
        # The directory does not say where clinicians are licensed; their own state is the one we know.
        data["telehealth_states"] = [main.state]
    _put_list(data, "populations", _mapped(codes, nsumhss.POPULATIONS), "populations")
    _put_list(data, "languages", _mapped(codes, nsumhss.LANGUAGES), "languages")
    _put_list(data, "modalities", _mapped(codes, nsumhss.MODALITIES), "modalities")
    medications = {}
    _put_list(medications, "prescribes", _mapped(codes, nsumhss.PRESCRIBES), "medications")
    if codes & nsumhss.ACCEPTS_MEDICATION:
        medications["accepts_patients_on_medication"] = True
    if medications:
        data["medications"] = medications
    family = _mapped(codes, nsumhss.FAMILY)
    if family:
        data["family_programming"] = {"offered": True, "kinds": _in_vocabulary_order(family, "family_kinds")}
    aftercare = _mapped(codes, nsumhss.AFTERCARE)
    if aftercare or codes & nsumhss.AFTERCARE_OFFERED:
        data["aftercare"] = {"offered": True}
        _put_list(data["aftercare"], "kinds", aftercare, "aftercare_kinds")
    insurance = {slug: True for code, slug in nsumhss.INSURANCE.items() if code in codes}
    if insurance:
        data["insurance"] = insurance
    bodies = _in_vocabulary_order(_mapped(codes, nsumhss.ACCREDITATIONS), "accreditation_bodies")
    if bodies:
        data["accreditations"] = [{"body": b} for b in bodies]
    licenses = [{"state": main.state, "agency": agency} for code, agency in nsumhss.LICENSES.items() if code in codes]
    if licenses:
        data["licenses"] = licenses
    data["verification"] = {"last_verified": as_of.isoformat(), "verified_by": "import", "source": SOURCE}
    return data


def _phones(group: tuple[Row, ...]) -> list[str]:
    """The main number (the OIT row's phone, else another row's, else the first intake line) and, when there is a
    different one, the first intake line."""
    mains = [p for p in (nsumhss.phone(r.phone) for r in group) if p]
    intakes = [p for p in (nsumhss.phone(i) for r in group for i in r.intakes) if p]
    if not mains and not intakes:
        return []
    main = mains[0] if mains else intakes[0]
    intake = next((i for i in intakes if i != main), None)
    return [main, intake] if intake else [main]


def _ownership(codes: frozenset[str]) -> str | None:
    return next((slug for code, slug in nsumhss.OWNERSHIP if code in codes), None)


def _focus(directories: set[str], codes: frozenset[str]) -> list[str]:
    focus = set()
    if nsumhss.SUBSTANCE in directories:
        focus.add("substance_use")
    if nsumhss.MENTAL in directories:
        focus.add("mental_health")
    if codes & nsumhss.CO_OCCURRING_FOCUS:
        focus.add("co_occurring")
    return _in_vocabulary_order(focus, "focus")


def _conditions(codes: frozenset[str]) -> set[str]:
    found = _mapped(codes, nsumhss.CONDITIONS)
    return found - {slug for code, slug in nsumhss.NOT_TREATED.items() if code in codes}


def _mapped(codes: frozenset[str], table: dict[str, str]) -> set[str]:
    return {table[code] for code in codes if code in table}


def _in_vocabulary_order(slugs, vocabulary: str) -> list[str]:
    return [s for s in vocabularies()[vocabulary] if s in slugs]


def _put_list(data: dict, key: str, slugs: set[str], vocabulary: str) -> None:
    if slugs:
        data[key] = _in_vocabulary_order(slugs, vocabulary)


_TAIL = "Imported from SAMHSA's 2024 directory; details not yet verified by the program."
_TAIL_SHORT = "Imported from SAMHSA's 2024 directory; not yet verified."


def summary_text(focus: list[str], city: str, state: str, iop_directory: str, both_directories: bool) -> str:
    """An honest one-line summary from what is known: the IOP is in the directory of the row that carries OIT, the
    other directory's row adds care on the same site. The fullest wording that fits 200 characters wins: the long
    closing sentence first, then the mention of the other care, then the shorter what-it-treats."""
    place = f"{city}, {state}"
    treats, other = ("substance use", "mental health") if iop_directory == nsumhss.SUBSTANCE \
        else ("mental health", "substance use")
    whats = [f"treatment for {treats} and co-occurring {other} conditions",
             f"treatment for {treats} and co-occurring disorders"] if "co_occurring" in focus else []
    whats.append(f"{treats} treatment")
    alsos = [f"; also {other} care", ""] if both_directories else [""]
    for tail in (_TAIL, _TAIL_SHORT):
        for also in alsos:
            for what in whats:
                text = f"Intensive outpatient {what} in {place}{also}. {tail}"
                if len(text) <= SUMMARY_MAX:
                    return text
    return f"Intensive outpatient program in {state}. {_TAIL_SHORT}"


# --- ids --------------------------------------------------------------------------------------------------------------

def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("&", " and ")).strip("-")


# Windows keeps these names for devices (the validator refuses them as ids): a program so named is numbered instead.
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[1-9]|lpt[1-9])$")

_DANGLING = {"and", "of", "the", "for", "at", "in", "on", "to", "a"}


def base_id(name: str, city: str) -> str:
    """Name and city ("copper-springs-avondale"), the city left out when the name already says it. A long name is cut
    at a word boundary, keeping the city and room for a "-NN" suffix."""
    name_slug, city_slug = slug(name) or "program", slug(city)
    if not city_slug or f"-{city_slug}-" in f"-{name_slug}-":
        city_slug = ""
    limit = MAX_ID - 3 - (len(city_slug) + 1 if city_slug else 0)
    if len(name_slug) > limit:
        cut = name_slug[: limit + 1]
        words = (cut[: cut.rfind("-")] if "-" in cut else cut[:limit]).split("-")
        while len(words) > 1 and words[-1] in _DANGLING:  # not "...-md-and-columbus"
            words.pop()
        name_slug = "-".join(words)
    return f"{name_slug.strip('-')}-{city_slug}" if city_slug else name_slug.strip("-")


def assign_ids(built: list[tuple[tuple[Row, ...], dict]], existing: dict[str, set[str]] | None = None) -> list[str]:
    """Ids for the built listings (same order). Listings that would share an id are numbered -2, -3 ... in the order
    of their facility ids, so the same input always gives the same ids. `existing`: ids already in the listings
    folder -> the folders holding them; an id held in another folder (another state's import, a provider's listing)
    is taken, so imports of one state at a time never collide. An id held in the listing's own folder is the same
    listing imported before (or one not ours, which the import then skips)."""
    existing = existing or {}
    bases = [base_id(data["name"], data["locations"][0]["city"]) for _, data in built]
    folders = [data["locations"][0]["state"].lower() for _, data in built]
    order = sorted(range(len(built)), key=lambda i: (bases[i], nsumhss.facility_sort_key(built[i][0][0].facility_id)))
    taken = set(bases)
    ids: list[str | None] = [None] * len(built)
    seen: set[str] = set()

    def free(candidate: str, folder: str) -> bool:
        return candidate not in seen and not (existing.get(candidate, set()) - {folder}) \
            and not _WINDOWS_RESERVED.match(candidate)

    for i in order:
        candidate, n = bases[i], 1
        if not free(candidate, folders[i]):
            while not free(candidate, folders[i]) or candidate in taken:
                n += 1
                candidate = f"{bases[i]}-{n}"
        seen.add(candidate)
        ids[i] = candidate
    return ids


# --- YAML -------------------------------------------------------------------------------------------------------------

def _in_format_order(data, schema=None, root=None):
    """Keys in the order the listing format gives them (the schema's property order), recursively."""
    root = root or program_schema()
    schema = schema if schema is not None else root
    if "$ref" in schema:
        schema = root["definitions"][schema["$ref"].rsplit("/", 1)[1]]
    if isinstance(data, dict):
        props = schema.get("properties", {})
        order = {k: i for i, k in enumerate(props)}
        keys = sorted(data, key=lambda k: (order.get(k, len(order)), k))
        return {k: _in_format_order(data[k], props.get(k, {}), root) for k in keys}
    if isinstance(data, list):
        return [_in_format_order(v, schema.get("items", {}), root) for v in data]
    return data


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;'()/&+-]*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(value, in_flow: bool = False) -> str:
    """A scalar as YAML text, quoted whenever YAML 1.1 or 1.2 could read it as anything but the same string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):  # floats: a geo a maintainer added to an imported listing that is closed
        return repr(value)
    text = str(value)
    plain = (_PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML11_WORDS
             and not (in_flow and "," in text))
    return text if plain else json.dumps(text, ensure_ascii=False)


def emit(data: dict) -> str:
    """The listing as YAML: block mappings, flow lists of slugs, block lists of mappings, no anchors."""
    lines = [SCHEMA_COMMENT.rstrip("\n")]
    _emit_mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _emit_mapping(data: dict, indent: int, lines: list[str], first_prefix: str | None = None) -> None:
    for i, (key, value) in enumerate(data.items()):
        pad = first_prefix if (i == 0 and first_prefix is not None) else " " * indent
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            _emit_mapping(value, indent + 2, lines)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{pad}{key}:")
            for item in value:
                _emit_mapping(item, indent + 4, lines, first_prefix=" " * (indent + 2) + "- ")
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(scalar(v, in_flow=True) for v in value)}]")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
