"""The directory as Open Referral's Human Services Data Specification (HSDS 3.0), tabular form: a `datapackage.json`
and one CSV per table, which 211 and state referral systems can load (`iopdir export hsds OUT`; the site's
/data/hsds/).

Every table of the official data package is written, empty ones with their header only, in the official column
order: a validator (and a loader) finds every file the package names. The package's tables are the official ones,
unchanged (iopdir/data/hsds/datapackage.json, a copy of Open Referral's; tests/hsds/ holds the copy the tests check
against); only the package's own name, title, licence and sources are ours.

Where a listing's fields go (tests/test_export_hsds.py shows a listing's round trip):

- a listing is an `organization` (the organisation that runs it; its ownership as `legal_status`) and a `service`
  (name; summary and description; website, e-mail; status; ages as minimum/maximum_age; intake, fees, wait,
  accreditations and licences in words; `assured_date` is the last verification);
- each of its places is a `location` (`physical`; coordinates only when the listing gives them, not a ZIP's
  centre) with its `address` (none when the street is not published), its `accessibility` (wheelchair) and a
  `service_at_location`; an online option is a `virtual` location, and the states it treats online in are
  `service_area` rows;
- its phone and intake phone are `phone` rows, its languages `language` rows (the ISO 639 code and its name),
  its self-pay price, sliding scale and free care `cost_option` rows (US dollars a week);
- each session of a track is a weekly `schedule` row (freq WEEKLY, byday, opens_at and closes_at in local time);
  HSDS gives a schedule only a UTC offset, which a time zone with summer time does not have, so the IANA zone is
  kept in the schedule's description and as a `timezone` attribute of the schedule;
- every other fact (what it treats, therapies, medications, family and aftercare, insurance, hours a week, evening
  and weekend sessions, freshness, who verified it...) is an `attribute` of the service, under a taxonomy of the
  directory's own (`taxonomy` and `taxonomy_term`, one term per fact, with a child term per vocabulary value for
  facts that are lists, so a system can filter on them). A fact the listing does not report has no attribute.

Identifiers are UUIDs made from the listing's id (uuid5), so the same listing keeps the same ids from one export to
the next.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from functools import lru_cache
from importlib import resources
from pathlib import Path

from iopdir.listing.facts import FACTS
from iopdir.listing.program import DAYS, Program
from iopdir.listing.vocabulary import label
from iopdir.listing.wording import clock
from iopdir.tools import directory, table
from iopdir.writing import write_if_changed

NAMESPACE = uuid.UUID("6f1d3c58-2f0e-5a7b-9a64-3b1e1f0f6c2a")  # the directory's: ids are uuid5(NAMESPACE, ...)
TAXONOMY = "IOP Directory facts"
_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "closed": "defunct"}
# Facts already in a table of their own (or in the service's columns): no attribute for them.
_IN_TABLES = {"phone", "intake_phone", "email", "website", "places", "wheelchair", "telehealth_states", "languages",
              "organization", "ownership", "ages", "accreditations", "licences", "wait", "price", "timezone",
              "mon", "tue", "wed", "thu", "fri", "sat", "sun"}


def official_package() -> dict:
    """Open Referral's HSDS 3.0 data package (its tables' schemas), as published."""
    return json.loads(resources.files("iopdir").joinpath("data/hsds/datapackage.json").read_text(encoding="utf-8"))


def _id(*parts: str) -> str:
    """uuid.uuid5(NAMESPACE, the parts joined by NUL), as text: written out, as the uuid module takes 50 µs an id
    (some 35 ids a program)."""
    h = hashlib.sha1(_NAMESPACE_BYTES + "\0".join(parts).encode()).hexdigest()
    # Version 5 in the 13th hex digit, the RFC 4122 variant (binary 10) in the top bits of the 17th.
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_NAMESPACE_BYTES = NAMESPACE.bytes
_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}


@lru_cache(maxsize=1)
def _columns() -> dict[str, list[str]]:
    """Each official table's columns, in order."""
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in official_package()["resources"]}


@lru_cache(maxsize=1)
def _positions() -> dict[str, dict[str, int]]:
    """Each table's column positions by name."""
    return {name: {c: i for i, c in enumerate(columns)} for name, columns in _columns().items()}


@lru_cache(maxsize=1)
def _our_columns() -> frozenset[str]:
    """The columns whose text is always ours, never a listing's: the ids (UUIDs we make), nothing to defuse."""
    return frozenset(c for columns in _columns().values() for c in columns if c == "id" or c.endswith("_id"))


class _Tables:
    """The tables' rows as lists in the official column order, each cell as its CSV cell will be (table.ready:
    text defused, a number kept), so that they are written as they are (table.lines(ready=True))."""

    def __init__(self):
        self.columns = _columns()
        self.rows: dict[str, list[list]] = {name: [] for name in self.columns}
        self.terms: dict[str, str] = {}  # term code -> id
        self._at = _positions()
        self._ours = _our_columns()

    def add(self, table_name: str, **row) -> None:
        at, made, ours = self._at[table_name], [None] * len(self.columns[table_name]), self._ours
        for column, value in row.items():
            i = at[column]  # a column HSDS lacks is a KeyError: tests/test_export_hsds.py writes them all
            if value.__class__ is str:  # most cells: table.ready's text without the call
                made[i] = value if column in ours else table.defused(value)
            elif value is not None:
                made[i] = table.ready(value)
        self.rows[table_name].append(made)

    def term(self, code: str, name: str, description: str, parent: str | None = None, parent_name: str = "") -> str:
        """The id of the directory taxonomy's term `code`, added the first time it is used (and its parent's, named
        `parent_name`)."""
        return self.use(_term_entries(code, name, description, parent, parent_name))

    def use(self, entries: tuple) -> str:
        """The id of the last term of `entries` (_term_entries'), adding those the program has not used yet."""
        for code, term_id, row in entries:
            if code not in self.terms:
                self.terms[code] = term_id
                self.rows["taxonomy_term"].append(row)
        return term_id

    def attribute(self, link_id: str, entity: str, term_id: str, cell: str, n: str) -> None:
        """`cell`: the attribute's value as its CSV cell (table.defused)."""
        # Most rows of the package (25 a program): made in column order directly (id, link_id, taxonomy_term_id,
        # link_type, link_entity, value), as the CSV cells they become: our own UUIDs and words, and the value,
        # defused by the caller (a vocabulary value's once for all programs, _value_term). write() writes these
        # rows as they are.
        self.rows["attribute"].append((_id("attribute", link_id, n), link_id, term_id, "iopdir_fact", entity, cell))


@lru_cache(maxsize=4096)
def _term_entries(code: str, name: str, description: str, parent: str | None, parent_name: str) -> tuple:
    """The term's (code, id, row), after its parent's when it has one: the same for every program that uses the
    term (some 30 a program), made once. (Found by term() for each use, its parent's and its row looked up each
    time, a program's piece took 229 µs; 214 with these.)"""
    own = (code, _id("term", code), _term_row(code, name, description, parent))
    return (own,) if parent is None else (*_term_entries(parent, parent_name, _about(parent), None, ""), own)


@lru_cache(maxsize=4096)
def _term_row(code: str, name: str, description: str, parent: str | None) -> tuple:
    """A taxonomy term's row (every program that uses the term has the same: made once)."""
    made = _Tables()
    made.add("taxonomy_term", id=_id("term", code), code=code, name=name, description=description,
             parent_id=_id("term", parent) if parent else None, taxonomy="iopdir", language="en",
             taxonomy_id=_id("taxonomy"))
    return tuple(made.rows["taxonomy_term"][0])


def _phone(tables: _Tables, p: Program, service_id: str, phone, kind: str) -> None:
    number, _, ext = phone.display.partition(" ext. ")
    tables.add("phone", id=_id("phone", p.id, kind), service_id=service_id, number=number,
               extension=int(ext) if ext.isdigit() else None, type="voice",
               description="Intake" if kind == "intake" else "Main number")


def _service_text(words: dict) -> dict:
    """The service's columns that HSDS keeps as text, in the words of the program page."""
    intake = [f"{FACTS[k].label}: {words[k]}" for k in ("accepting", "walk_in", "referral") if words[k]]
    fees = [f"{FACTS[k].label}: {words[k]}" for k in ("insurance", "price") if words[k]]
    eligible = [f"{FACTS[k].label}: {words[k]}" for k in ("ages", "populations") if words[k]]
    return {"application_process": ". ".join(intake) or None, "fees_description": ". ".join(fees) or None,
            "wait_time": words["wait"], "accreditations": words["accreditations"], "licenses": words["licences"],
            "eligibility_description": ". ".join(eligible) or None}


def _program(tables: _Tables, p: Program, words: dict) -> None:
    """`words`: the program's values by column of the directory's CSV (None: not reported)."""
    org_id, service_id = _id("organization", p.id), _id("service", p.id)
    ownership = p.organization.get("ownership")
    tables.add("organization", id=org_id, name=p.organization.get("name") or p.name,
               description=f"The organization that runs {p.name}.",
               legal_status=label("ownership", ownership) if ownership else None)
    ages = p.get("ages") or {}
    text = p.get("description")
    tables.add("service", id=service_id, organization_id=org_id, name=p.name,
               description=p.summary + (f"\n\n{text}" if text else ""), url=p.get("contact", "website"),
               email=p.get("contact", "email"), status=_STATUS[p.status], minimum_age=ages.get("min"),
               maximum_age=ages.get("max"), assured_date=p.last_verified.isoformat(), **_service_text(words))
    _phone(tables, p, service_id, p.phone, "main")
    if p.intake_phone:
        _phone(tables, p, service_id, p.intake_phone, "intake")
    for i, (written, loc) in enumerate(zip(p.data.get("locations", []), p.locations)):
        location_id = _id("location", p.id, str(i))
        given = loc.geo_source == "listing"  # a ZIP's centre is not where the program is
        tables.add("location", id=location_id, location_type="physical", organization_id=org_id,
                   name=loc.label or f"{p.name}, {loc.city}", latitude=loc.lat if given else None,
                   longitude=loc.lon if given else None)
        if written.get("street"):
            tables.add("address", id=_id("address", p.id, str(i)), location_id=location_id,
                       address_1=written["street"], address_2=written.get("street2"), city=loc.city,
                       state_province=loc.state, postal_code=loc.postal_code, country="US", address_type="physical")
        if loc.wheelchair_accessible is not None:
            tables.add("accessibility", id=_id("accessibility", p.id, str(i)), location_id=location_id,
                       description="Wheelchair accessible" if loc.wheelchair_accessible
                       else "Not wheelchair accessible")
        tables.add("service_at_location", id=_id("service_at_location", p.id, str(i)), service_id=service_id,
                   location_id=location_id)
    if p.online:
        location_id = _id("location", p.id, "online")
        tables.add("location", id=location_id, location_type="virtual", organization_id=org_id,
                   name=f"{p.name} (online)", url=p.get("contact", "website"))
        tables.add("service_at_location", id=_id("service_at_location", p.id, "online"), service_id=service_id,
                   location_id=location_id)
        for state in p.get("telehealth_states") or []:
            tables.add("service_area", id=_id("service_area", p.id, state), service_id=service_id,
                       name=label("states", state), extent=state, extent_type="USPS state code",
                       description="Online treatment available in this state")
    for code in p.get("languages") or []:
        tables.add("language", id=_id("language", p.id, code), service_id=service_id, name=label("languages", code),
                   code=code)
    _costs(tables, p, service_id)
    _schedules(tables, p, service_id)
    _attributes(tables, p, service_id, words)


def _costs(tables: _Tables, p: Program, service_id: str) -> None:
    price = p.get("insurance", "cost_per_week_usd")
    if price:
        tables.add("cost_option", id=_id("cost_option", p.id, "price"), service_id=service_id,
                   option="Self-pay, a week", currency="USD", amount=price.get("min", price.get("max")),
                   amount_description=FACTS["price"].text(price) + " a week")
    for key in ("sliding_scale", "no_fee"):
        if p.get("insurance", key) is True:
            tables.add("cost_option", id=_id("cost_option", p.id, key), service_id=service_id,
                       option=FACTS[key].label, currency="USD", amount=0 if key == "no_fee" else None)


def _schedules(tables: _Tables, p: Program, service_id: str) -> None:
    zone = tables.term("timezone", "Time zone", "The IANA time zone of a schedule's local times")
    attending = ", ".join(label("delivery", d) for d in p.get("delivery") or [])
    for t_n, track in enumerate(p.tracks, 1):
        name = track.name or f"Track {t_n}"
        for s_n, s in enumerate(track.sessions, 1):
            schedule_id = _id("schedule", p.id, str(t_n), str(s_n))
            days = ", ".join(label("days", d) for d in DAYS if d in s.days)
            tables.add("schedule", id=schedule_id, service_id=service_id, freq="WEEKLY", interval=1, wkst="MO",
                       byday=",".join(_BYDAY[d] for d in DAYS if d in s.days),
                       opens_at=f"{s.start}:00", closes_at=f"{s.end}:00", attending_type=attending or None,
                       description=f"{name}"
                                   + (f" ({label('audience', track.audience)})" if track.audience else "")
                                   + f": {days}, {clock(s.start)}–{clock(s.end)}, {track.timezone} time",
                       notes=f"Times are local, in the time zone {track.timezone}")
            tables.attribute(schedule_id, "schedule", zone, table.defused(track.timezone), "timezone")


def _attributes(tables: _Tables, p: Program, service_id: str, words: dict) -> None:
    """Every fact HSDS has no column or table for, as the service's attributes (not reported: none)."""
    for key, fact, where, own in _attribute_facts():
        if where is not None:  # a list of vocabulary values: an attribute for each, under the value's own term
            for slug in p.get(*where) or ():
                code, cell, terms = _value_term(key, fact.vocabulary, fact.label, slug)
                tables.attribute(service_id, "service", tables.use(terms), cell, code)
        elif words[key] is not None:
            tables.attribute(service_id, "service", tables.use(own), table.defused(words[key]), key)


@lru_cache(maxsize=4096)
def _value_term(key: str, vocabulary: str, fact_label: str, slug: str) -> tuple[str, str, tuple]:
    """A vocabulary value's term under the fact `key`: (code, its name as a CSV cell, _term_entries), the same for
    every program."""
    shown = label(vocabulary, slug)
    code = f"{key}:{slug}"
    return code, table.defused(shown), _term_entries(code, shown, f"{fact_label}: {shown}", key, fact_label)


def _about(key: str) -> str:
    return f"{FACTS[key].label} (the IOP Directory's fact `{key}`)"


@lru_cache(maxsize=1)
def _attribute_facts() -> list[tuple]:
    """(key, fact, where a list fact is in a listing or None, its term's _term_entries) for every fact that becomes
    an attribute."""
    return [(c.key, FACTS[c.key], _LISTS.get(c.key) if FACTS[c.key].reads == "labels" else None,
             _term_entries(c.key, FACTS[c.key].label, _about(c.key), None, "")) for c in directory.COLUMNS
            if c.key in FACTS and c.key not in _IN_TABLES]


# Where each fact that is a list of vocabulary values is in a listing.
_LISTS = {"focus": ("focus",), "conditions": ("conditions",), "modalities": ("modalities",),
          "prescribes": ("medications", "prescribes"), "family_kinds": ("family_programming", "kinds"),
          "aftercare_kinds": ("aftercare", "kinds"), "carriers": ("insurance", "carriers"),
          "populations": ("populations",), "delivery": ("delivery",), "outcome_measures": ("outcomes", "measures")}


def program_rows(p: Program, words: dict) -> tuple[dict[str, list], list[tuple[str, list]]]:
    """One program's rows by table (taxonomy terms apart), and the taxonomy terms it uses as (code, row), parents
    before their children, in the order it uses them."""
    found = _Tables()
    _program(found, p, words)
    terms = found.rows.pop("taxonomy_term")
    return found.rows, list(zip(found.terms, terms))


def _taxonomy_row() -> list:
    row = _Tables()
    row.add("taxonomy", id=_id("taxonomy"), name=TAXONOMY,
            description="The facts of the IOP Directory's listing format that HSDS has no column for, as "
                        "attributes: one term per fact, a child term per vocabulary value",
            version="1")
    return row.rows["taxonomy"][0]


# A program's share of the package, as CSV text kept between builds (iopdir.build.downloads): its lines of each
# table, and the taxonomy terms it uses as (code, line).
Piece = tuple[dict[str, str], list[tuple[str, str]]]


def piece(p: Program, words: list[str | None]) -> Piece:
    """`words`: directory.values(p)."""
    rows, used = program_rows(p, dict(zip(_keys(), words)))
    return ({name: table.lines(made, ready=True) for name, made in rows.items() if made},
            [(code, _term_line(row)) for code, row in used])


@lru_cache(maxsize=4096)
def _term_line(row: tuple) -> str:
    return table.lines([row], ready=True)


@lru_cache(maxsize=1)
def _keys() -> list[str]:
    return [c.key for c in directory.COLUMNS]


def write_pieces(pieces: list[Piece], folder: Path, licence: dict, today: dt.date) -> dict[str, int]:
    """The data package from its programs' pieces, in order: the same bytes as write() makes."""
    bodies = {name: "".join(tabled.get(name, "") for tabled, _ in pieces).encode("utf-8") for name in table_names()}
    return write_bodies(bodies, [used for _, used in pieces], folder, licence, today)


_TAXONOMY = ("taxonomy", "taxonomy_term")  # made from the terms the programs use, not from their rows


def write_bodies(bodies: dict[str, bytes], used: list, folder: Path, licence: dict, today: dt.date) -> dict[str, int]:
    """The data package from each table's rows joined (`bodies`: table name -> its lines as UTF-8, without the
    header; the taxonomy's tables are made here) and each program's terms (`used`: each program's (code, line)
    list, in order). Returns each file's size."""
    meta = package(licence, today)
    columns = _columns()
    terms: dict[str, str] = {}
    for program_terms in used:
        for code, line in program_terms:
            terms.setdefault(code, line)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for resource in meta["resources"]:
        name = resource["name"]
        if name == "taxonomy_term":
            body = "".join(terms.values()).encode("utf-8")
        elif name == "taxonomy":
            body = table.lines([_taxonomy_row()], ready=True).encode("utf-8") if terms else b""
        else:
            body = bodies.get(name, b"")
        head = table.header(columns[name]).encode("utf-8")
        write_if_changed(folder / resource["path"], head, body)  # not a copy of the two joined; unchanged, left alone
        sizes[resource["path"]] = len(head) + len(body)
    text = json.dumps(meta, indent=1, ensure_ascii=False).encode()
    write_if_changed(folder / "datapackage.json", text)
    sizes["datapackage.json"] = len(text)
    return sizes


def table_names() -> list[str]:
    """The tables made from the programs' rows (every official table but the taxonomy's)."""
    return [name for name in _columns() if name not in _TAXONOMY]


def package(licence: dict, today: dt.date) -> dict:
    """Our datapackage.json: the official tables, with our name, licence and sources."""
    official = official_package()
    return {
        "name": "iop-directory-hsds", "title": "IOP Directory (HSDS 3.0)",
        "description": "Intensive outpatient programs of the IOP Directory, as Open Referral's Human Services Data "
                       "Specification 3.0 (tabular data package).",
        "profile": official["profile"], "version": official["version"], "created": f"{today.isoformat()}T00:00:00Z",
        "licenses": [licence],
        "sources": [{"title": "HSDS 3.0, an Open Referral resource", "path": "https://openreferral.org/"}],
        "resources": official["resources"],
    }


def write(programs: list[Program], folder: Path, licence: dict, today: dt.date,
          values: list[list] | None = None) -> dict[str, int]:
    """Write the data package into `folder`: every official table as CSV, and datapackage.json. Returns the size
    of each file in bytes. `values`: directory.values() of each program, when the caller has them."""
    return write_pieces([piece(p, values[n] if values is not None else directory.values(p))
                         for n, p in enumerate(programs)], folder, licence, today)
