"""Validate listing files: strict YAML, the JSON Schema, then the rules a schema cannot say.

Every finding names file, line, column, the field, what was expected and what was found. All findings of all files
are collected in one run, so a provider fixes everything at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import unicodedata
import zoneinfo
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import fastjsonschema
import jsonschema

from iopdir.listing import files, geography
from iopdir.listing.description import link_problem, markdown_problem
from iopdir.listing.findings import ERROR, WARNING, Finding, dotted, too_long
from iopdir.listing.program import Program, build, hours_band_warning, hours_per_week, minutes
from iopdir.listing.vocabulary import program_schema, vocabularies
from iopdir.listing.yamlstrict import Document, load

LISTING_SUFFIXES = (".yaml", ".yml")

# Invisible or direction-changing characters have no place in a name, phone or address: they can make one program
# look like another ("Trojan Source"-style spoofing).
_SNEAKY = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Single-line fields (names, summaries, addresses) refuse line breaks too: "Harbor\nstatus: closed" is not a name.
_CONTROL_OR_BREAK = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")  # U+2028/9: Unicode line breaks
_MULTILINE_FIELDS = {"description"}
# The descriptions a listing gives: its own, and each translation's (checked alike: Markdown, links, HTML, lines).
_DESCRIPTIONS = (("description",), ("translations", "es", "description"))
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# Names Windows keeps for devices, whatever the case or extension: a file so named cannot be checked out there.
_WINDOWS_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)")


def _make_validator():
    schema = program_schema()
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


_validator = lru_cache(maxsize=1)(_make_validator)


def _make_fast_check():
    """A compiled yes/no check of the same schema, about ten times faster than jsonschema.

    Most listings are valid: they pass this check and skip jsonschema. A listing that fails it goes through
    jsonschema, whose errors carry the paths our messages need. Formats use jsonschema's own checkers, so both agree
    on what a date, an e-mail address or a URI is (tests/test_validation_speed.py checks the two verdicts agree)."""
    import copy

    source = program_schema()

    def inline(node):
        # $refs become copies of their definitions: fastjsonschema turns each $ref into a function call that
        # formats a name with **locals(), which was the slowest part of checking a valid listing.
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(source["definitions"][node["$ref"].rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items() if k != "definitions"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    schema = inline(copy.deepcopy(source))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"  # the keywords we use mean the same in both drafts
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    formats = {name: (lambda n: lambda value: checker.conforms(value, n))(name) for name in ("date", "email", "uri")}
    return fastjsonschema.compile(schema, formats=formats)


_fast_check = lru_cache(maxsize=1)(_make_fast_check)


def fits_schema(data) -> bool:
    """Whether `data` has the listing format's shape: the JSON Schema alone, without the calendar or file rules.
    (The compiled check: the same verdict as jsonschema, ten times sooner.)"""
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@dataclass
class Report:
    """The outcome of validating some listing files."""

    findings: list[Finding] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    files: int = 0
    cache_hits: int = 0
    paths: list[Path] = field(default_factory=list)  # the listing files read (a later step need not scan again)

    def _errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]
    errors = property(_errors)

    def _warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]
    warnings = property(_warnings)

    def _ok(self) -> bool:
        return not self.errors
    ok = property(_ok)


def listing_files(paths) -> tuple[list[Path], list[str]]:
    """Listing files under the given files and folders (sorted), and the paths that do not exist. Only regular files:
    links and pipes are left out here and reported by `listing_scan` (iopdir.listing.files)."""
    found, missing, _ = listing_scan(paths)
    return found, missing


def listing_scan(paths) -> files.Scan:
    """`listing_files` and the entries refused as listings (links, pipes, devices, links out of the repository)."""
    return files.scan(paths, LISTING_SUFFIXES)


def display_path(path: Path, cwd: str | None = None) -> str:
    """Paths relative to the working folder when possible: that is what an editor or CI annotation wants. `cwd`:
    the working folder's real path, when a caller names many files."""
    cwd = cwd or os.path.realpath(os.getcwd())
    full = os.path.abspath(path)
    return full[len(cwd) + 1:] if full.startswith(cwd + os.sep) else str(path)


class Checked(NamedTuple):
    findings: list[Finding]
    program: Program | None  # None when there are errors
    id_place: tuple[int, int] = (1, 1)  # where the id stands, for the duplicate-id message


def validate_bytes(raw: bytes, name: str, path: Path | None = None, today: dt.date | None = None) -> Checked:
    """Findings for one file's bytes, and the Program when there are no errors."""
    today = today or dt.date.today()
    suggested = _suggested.set(set())
    try:
        return _validate(raw, name, path, today)
    finally:
        _suggested.reset(suggested)


def _validate(raw: bytes, name: str, path: Path | None, today: dt.date) -> Checked:
    doc = load(raw, name)
    if not doc.ok:
        return Checked(doc.findings, None)
    if not isinstance(doc.data, dict):
        found = "an empty file" if doc.data is None else f"{_found(doc.data)}"
        return Checked([Finding(name, 1, 1, ERROR, "(listing)", f"expected a mapping of fields, got {found}")], None)
    findings = _schema_findings(doc) + _text_findings(doc)
    findings += _rule_findings(doc, path, today)
    if any(f.is_error for f in findings):
        return Checked(_dedupe(findings), None)
    state = _folder_state(path) or _primary_state(doc.data)
    place = doc.place(("id",))
    program = build(doc.data, name, state, today)
    program.digest = hashlib.sha256(raw).hexdigest()
    return Checked(_dedupe(findings), program, (place.line, place.column))


def _dedupe(findings):
    seen, out = set(), []
    for f in sorted(findings, key=lambda f: (f.line, f.column)):
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


# --- JSON Schema --------------------------------------------------------------------------------------------------

_TYPE_WORDS = {"boolean": "true or false", "string": "text", "integer": "a whole number", "number": "a number",
               "object": "a mapping of fields", "array": "a list", "null": "nothing"}


def _found(value, place=None) -> str:
    """How a found value is shown in a message: as written in the file where we know it."""
    if place is not None and place.raw is not None:
        return f"'{place.raw}'" if not place.plain or isinstance(value, str) else place.raw
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "..."
        return repr(short)
    return str(value)


# "Did you mean" costs a difflib pass over every option (about 600 time zones): a 64 KiB listing of tracks with
# unknown time zones took 17 s. Each distinct wrong value is looked at once, only short values are, and a file gets
# at most SUGGESTIONS_PER_FILE of them (the first ones; enough to show the kind of mistake).
SUGGESTIONS_PER_FILE = 10
SUGGEST_MAX_LENGTH = 64  # longer than any option; difflib's time grows with the value's length
_suggested: ContextVar[set] = ContextVar("suggested")  # per file (set by validate_bytes): the (value, options) suggested for


def _suggest(word, options) -> str:
    if not isinstance(word, str) or len(word) > SUGGEST_MAX_LENGTH:
        return ""
    options = options if isinstance(options, frozenset) else tuple(options)
    seen = _suggested.get()
    key = (word, options)
    if key not in seen:
        if len(seen) >= SUGGESTIONS_PER_FILE:
            return ""
        seen.add(key)
    return _closest(word, options)  # each distinct (value, options) worked out once: lru_cache


def _make_closest(word: str, options: frozenset | tuple) -> str:
    # As written, then as a key is written: in lower case, spaces and hyphens as underscores ("SUBSTANCE USE",
    # "America/Knox IN"; difflib tells letters of two cases apart).
    for tried in (word, word.lower().replace(" ", "_").replace("-", "_")):
        close = difflib.get_close_matches(tried, list(options), n=1, cutoff=0.6)
        if close:
            return f" (did you mean '{close[0]}'?)"
    return ""


_closest = lru_cache(maxsize=1024)(_make_closest)


def _schema_findings(doc: Document) -> list[Finding]:
    if fits_schema(doc.data):
        return []
    # One finding a field: a web address that fails both the "uri" format and the http(s) pattern is one mistake.
    # Format errors are the vaguer ones, so they give way to any other error on the same field.
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: e.validator == "format")
    seen, out = set(), []
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator == "format" and path in seen:
            continue
        seen.add(path)
        out.append(_translate(err, doc))
    return out


def _translate(err, doc: Document) -> Finding:
    path = tuple(err.absolute_path)
    place = doc.place(path)
    value = err.instance
    kind = err.validator
    at_value = (place.line, place.column)
    at_key = (place.key_line, place.key_column)
    where, message, fpath = at_value, err.message, path

    if kind == "type":
        expected = err.validator_value
        words = _TYPE_WORDS.get(expected, expected)
        message = f"expected {words}, got {_found(value, place)}"
        if expected == "string" and place.plain and place.raw is not None:
            message += f' (put it in quotes: "{place.raw}")'
        elif expected == "boolean" and isinstance(value, str):
            message = f"expected true or false, got '{value}'"
    elif kind == "enum":
        vocab = err.schema.get("x-vocabulary")
        options = err.validator_value
        if len(options) <= 8:
            choices = " | ".join(map(str, options))
            message = f"expected one of {choices}, got {_found(value, place)}"
        else:
            message = f"'{value}' is not in the {vocab} vocabulary" if vocab else f"{_found(value, place)} is not allowed"
        message += _suggest(value, options)
    elif kind == "const":
        message = f"expected {err.validator_value}, got {_found(value, place)}"
    elif kind == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        extras = [k for k in value if k not in allowed]
        extra = extras[0] if extras else "?"
        fpath = path + (extra,)
        key_place = doc.place(fpath)
        where = (key_place.key_line, key_place.key_column)
        message = f"unknown field '{extra}'" + (_suggest(extra, allowed) or f"; allowed here: {', '.join(allowed)}")
    elif kind == "required":
        missing = re.match(r"'(.+?)' is a required property", err.message)
        name = missing.group(1) if missing else err.message
        fpath = path + (name,)
        where = at_key if path else (1, 1)
        message = f"missing required field '{name}'" + _required_why(path, name)
    elif kind == "pattern":
        message = f"{err.schema.get('errorMessage', 'does not match ' + err.validator_value)}, got {_found(value, place)}"
    elif kind == "format":
        fmt = err.validator_value
        expected = {"uri": "a web address such as https://example.org/", "email": "an e-mail address such as intake@clinic.example",
                    "date": 'a real date "YYYY-MM-DD"'}.get(fmt, fmt)
        message = f"expected {expected}, got {_found(value, place)}"
    elif kind in ("minLength", "maxLength"):
        n = len(value)
        if kind == "minLength":
            message = "must not be empty"
        else:
            message = too_long(n, err.validator_value)
    elif kind in ("minItems", "maxItems"):
        n = err.validator_value
        message = f"needs at least {n} item{'s' if n != 1 else ''}, got {len(value)}" if kind == "minItems" else \
            f"allows at most {n} items, got {len(value)}"
    elif kind == "uniqueItems":
        dupes = [x for i, x in enumerate(value) if x in value[:i]]
        message = f"lists {_found(dupes[0]) if dupes else 'an item'} more than once"
    elif kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        message = f"expected {bound} {err.validator_value}, got {_found(value, place)}"
    return Finding(doc.file, where[0], where[1], ERROR, dotted(fpath), message)


def _required_why(path, name) -> str:
    if not path and name == "locations":
        return " (needed unless delivery is [telehealth] only)"
    if not path and name == "telehealth_states":
        return " (needed when delivery includes telehealth: where clinicians are licensed to treat)"
    if path == ("verification",) and name == "source":
        return " (needed when verified_by is import)"
    if len(path) == 2 and path[0] == "locations" and name == "street":
        return " (needed unless address_published is false)"
    return ""


# --- text hygiene -------------------------------------------------------------------------------------------------

def _text_findings(doc: Document) -> list[Finding]:
    out = []

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))
        elif isinstance(value, str):
            sneaky = _SNEAKY.search(value)
            if sneaky:
                place = doc.place(path)
                ch = sneaky.group()
                out.append(Finding(doc.file, place.line, place.column, ERROR, dotted(path),
                                   f"contains the invisible character U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')}) "
                                   f"at position {sneaky.start() + 1}; remove it"))
            multiline = path in _DESCRIPTIONS or bool(path) and path[0] in _MULTILINE_FIELDS
            bad = _CONTROL.search(value.replace("\n", "").replace("\t", "")) if multiline else _CONTROL_OR_BREAK.search(value)
            if bad:
                place = doc.place(path)
                what = "a line break" if bad.group() in "\n\r\u2028\u2029" else f"the control character U+{ord(bad.group()):04X}"
                why = "remove it" if multiline else "this field is a single line of text"
                out.append(Finding(doc.file, place.line, place.column, ERROR, dotted(path), f"contains {what}; {why}"))
            if multiline and _HTML_TAG.search(value):
                place = doc.place(path)
                out.append(Finding(doc.file, place.line, place.column, WARNING, dotted(path),
                                   f"contains HTML ({_HTML_TAG.search(value).group()[:40]}); raw HTML is not rendered, "
                                   f"use Markdown instead"))

    walk(doc.data, ())
    out += _markdown_findings(doc) + _link_findings(doc) + _mixed_script_findings(doc)
    return out


def _markdown_findings(doc: Document) -> list[Finding]:
    out = []
    for where in _DESCRIPTIONS:
        text = _get(doc.data, *where)
        problem = markdown_problem(text) if isinstance(text, str) else None
        if problem:
            place = doc.place(where)
            out.append(Finding(doc.file, place.line, place.column, ERROR, dotted(where), problem))
    return out


# An http(s) address in a description: a link's target, an autolink or a bare address (Markdown makes each a link).
_HTTP_IN_TEXT = re.compile(r"(?<![A-Za-z0-9+.-])https?:[^\s<>()\[\]\"']*", re.I)


def _link_findings(doc: Document) -> list[Finding]:
    """http(s) addresses must name a host: "https:/search/" or "https:\\evil.example" open pages of this site."""
    out = []
    for fpath in _uri_fields():
        value = _get(doc.data, *fpath)
        # Not a URI at all is the schema's finding; this one is for URIs that pass it.
        problem = link_problem(value) if isinstance(value, str) else None
        if problem and _is_uri(value):
            place = doc.place(fpath)
            out.append(Finding(doc.file, place.line, place.column, ERROR, dotted(fpath), f"{problem}, got {_found(value)}"))
    for where in _DESCRIPTIONS:
        text = _get(doc.data, *where)
        # Read as a browser reads an address: without tabs and line breaks ("ht<TAB>tps:/search" is "https:/search").
        for address in _HTTP_IN_TEXT.findall(re.sub("[\t\r\n]", "", text)) if isinstance(text, str) else ():
            problem = link_problem(address)
            if problem:
                place = doc.place(where)
                out.append(Finding(doc.file, place.line, place.column, ERROR, dotted(where),
                                   f"the link {_found(address)} {problem}"))
                break  # one is enough to show the mistake
    return out


def _is_uri(value: str) -> bool:
    return jsonschema.Draft202012Validator.FORMAT_CHECKER.conforms(value, "uri")


def _make_uri_fields() -> tuple[tuple[str, ...], ...]:
    """Paths of the schema's "format": "uri" fields outside lists (contact.website)."""
    schema = program_schema()
    found = []

    def walk(node, path):
        if "$ref" in node:
            node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
        if node.get("format") == "uri":
            found.append(path)
        for key, sub in node.get("properties", {}).items():
            walk(sub, path + (key,))

    walk(schema, ())
    return tuple(found)


_uri_fields = lru_cache(maxsize=1)(_make_uri_fields)


# Letters of two scripts in one word ("Hаrbor" with a Cyrillic а) make one program's name look like another's.
# The script is the first word of a letter's Unicode name; Japanese and Korean words mix theirs by nature.
_MIXED_SCRIPT_FIELDS = (("name",), ("organization", "name"))
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK"}
_NOT_A_SCRIPT = {"MODIFIER", "MICRO", "FEMININE", "MASCULINE"}


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None
    first = unicodedata.name(char, "").split(" ", 1)[0]
    return None if not first or first in _NOT_A_SCRIPT else _SCRIPT_GROUPS.get(first, first)


def _mixed_script_findings(doc: Document) -> list[Finding]:
    out = []
    for fpath in _MIXED_SCRIPT_FIELDS:
        value = _get(doc.data, *fpath)
        if not isinstance(value, str) or value.isascii():
            continue
        for word in re.findall(r"\w+", value):
            scripts = [(ch, _script(ch)) for ch in word]
            counts: dict[str, int] = {}
            for _, script in scripts:
                if script:
                    counts[script] = counts.get(script, 0) + 1
            if len(counts) < 2:
                continue
            main = max(counts, key=counts.get)  # ties: the first script seen
            ch, script = next((ch, script) for ch, script in scripts if script and script != main)
            place = doc.place(fpath)
            out.append(Finding(doc.file, place.line, place.column, WARNING, dotted(fpath),
                               f"the word '{word}' mixes {main.title()} letters with the {script.title()} '{ch}' "
                               f"(U+{ord(ch):04X} {unicodedata.name(ch, '')}); a look-alike letter can make one "
                               f"program pass for another: type the word again in one script"))
            break
    return out


# --- rules a schema cannot say ------------------------------------------------------------------------------------

def _folder_state(path: Path | None) -> str | None:
    if path is None:
        return None
    folder = path.parent.name
    return folder.upper() if folder.upper() in vocabularies()["states"] else None


def _primary_state(data: dict) -> str:
    locs = data.get("locations")
    if isinstance(locs, list) and locs and isinstance(locs[0], dict) and isinstance(locs[0].get("state"), str):
        return locs[0]["state"]
    return ""


def _get(data, *path):
    for step in path:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def _items(data: dict, key: str) -> list:
    """A list field's items, or none when it is not a list: the schema reports a wrong type ('tracks: true'); the
    rules below must not stumble over it first."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def _rule_findings(doc: Document, path: Path | None, today: dt.date) -> list[Finding]:
    """Rules that need the file's place, a table or the calendar. Each rule checks its own inputs' shapes, so a
    schema error elsewhere does not hide an unrelated rule error."""
    data, out = doc.data, []

    def add(fpath, message, severity=ERROR, at_key=False):
        place = doc.place(fpath)
        where = (place.key_line, place.key_column) if at_key else (place.line, place.column)
        out.append(Finding(doc.file, where[0], where[1], severity, dotted(fpath), message))

    # id equals the file name; the folder is the state.
    pid = data.get("id")
    reserved = _WINDOWS_RESERVED.match(pid) if isinstance(pid, str) else None
    if reserved:
        name = reserved.group(1)
        add(("id",), f"'{name}' is a reserved file name on Windows ({name}.yaml cannot be checked out there); add a "
                     f"word, e.g. '{name.lower()}-<city>'")
    if path is not None and isinstance(pid, str):
        if path.suffix != ".yaml":
            add(("id",), f"listing files end in .yaml, not {path.suffix}", at_key=True)
        elif pid != path.stem:
            add(("id",), f"must equal the file name: expected '{path.stem}', got '{pid}' (rename the file or change the id)")
    if path is not None:
        folder = path.parent.name
        primary = _primary_state(data)
        tele_only = isinstance(data.get("delivery"), list) and "in_person" not in data["delivery"]
        if primary:
            if folder != primary.lower():
                add(("locations", 0, "state"),
                    f"the file is in programs/{folder}/ but the first location is in {primary}; "
                    f"move it to programs/{primary.lower()}/")
        elif tele_only and folder.upper() not in vocabularies()["states"]:
            add(("id",), f"a telehealth-only listing goes in the folder of its headquarters' state "
                         f"(programs/<state>/), not programs/{folder}/", at_key=True)

    # ZIP belongs to its state.
    for i, loc in enumerate(_items(data, "locations")):
        if not isinstance(loc, dict):
            continue
        code, state = loc.get("postal_code"), loc.get("state")
        if isinstance(code, str) and re.fullmatch(r"[0-9]{5}(-[0-9]{4})?", code) and isinstance(state, str):
            z = geography.lookup(code)
            if z is None:
                add(("locations", i, "postal_code"), f"'{code}' is not a known US ZIP code")
            elif z.state != state and state in vocabularies()["states"]:
                add(("locations", i, "postal_code"), f"ZIP code '{code}' is in {z.state} ({z.city}), not {state}")

    # A location whose address is not published says nothing that would publish it: the listing itself is public.
    for i, loc in enumerate(_items(data, "locations")):
        if isinstance(loc, dict) and loc.get("address_published") is False:
            for key in ("street", "street2", "geo"):
                if key in loc:
                    add(("locations", i, key), f"leave {key} out when address_published is false: this file is "
                                               f"public, so it would publish the address (distance uses the ZIP "
                                               f"code's centre)", at_key=True)

    # Dates against the calendar.
    last = _get(data, "verification", "last_verified")
    if isinstance(last, str) and _is_date(last) and dt.date.fromisoformat(last) > today:
        add(("verification", "last_verified"), f"'{last}' is in the future (today is {today.isoformat()})")
    for i, acc in enumerate(_items(data, "accreditations")):
        exp = _get(acc, "expires")
        if isinstance(exp, str) and _is_date(exp) and dt.date.fromisoformat(exp) < today:
            add(("accreditations", i, "expires"),
                f"this accreditation expired on {exp}; renew the date or remove the accreditation")

    # Ranges: min not above max.
    for fpath in [("ages",), ("insurance", "cost_per_week_usd")] + \
            [("tracks", i, "length_weeks") for i in range(len(_items(data, "tracks")))]:
        lo, hi = _get(data, *fpath, "min"), _get(data, *fpath, "max")
        if _is_number(lo) and _is_number(hi) and lo > hi:
            add(fpath + ("max",), f"expected max ({hi}) to be at least min ({lo})")

    # Tracks: time zone, session times, weekly hours.
    for i, track in enumerate(_items(data, "tracks")):
        if not isinstance(track, dict):
            continue
        tz = track.get("timezone")
        if isinstance(tz, str) and tz not in _time_zones():
            add(("tracks", i, "timezone"),
                f"'{tz}' is not an IANA time zone" + (_suggest(tz, _time_zones()) or " such as America/New_York"))
        sessions = track.get("sessions")
        if not isinstance(sessions, list):
            continue
        good = True
        for j, s in enumerate(sessions):
            start, end = _get(s, "start"), _get(s, "end")
            if not (_is_time(start) and _is_time(end) and isinstance(_get(s, "days"), list) and _get(s, "days")):
                good = False
                continue
            if minutes(end) <= minutes(start):
                add(("tracks", i, "sessions", j, "end"),
                    f"expected an end after the start ({start}), got '{end}' (sessions end on the day they start)")
                good = False
        if good and sessions:
            hours = hours_per_week(sessions)
            doubt = hours_band_warning(track.get("audience"), hours)
            if doubt:
                add(("tracks", i), doubt, severity=WARNING, at_key=True)
    return out


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))


def _is_time(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _make_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


_time_zones = lru_cache(maxsize=1)(_make_time_zones)
