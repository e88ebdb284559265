"""Strict YAML reading for listings written by strangers.

PyYAML's own constructors follow YAML 1.1 (``no`` is False, ``0755`` is octal, ``2024-02-01`` is a date), keep the last
of two duplicate keys, expand aliases (billion laughs) and honour tags. Instead we build Python values ourselves from
the parser's *events*: that way we see every anchor, alias and tag before anything is expanded or constructed, resolve
plain scalars by the YAML 1.2 core schema, and remember the line and column of every key and value for error messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from .findings import ERROR, Finding, dotted

MAX_BYTES = 64 * 1024
# A listing nests six levels at most (tracks > sessions > days); deeper input is hostile, and the validator's
# recursive walks must never meet a RecursionError.
MAX_DEPTH = 20

# The C parser is about 14x faster; the pure-Python one gives the same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema), plain scalars only.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_plain(text: str):
    """The value of an unquoted scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text, 10)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass(frozen=True)
class Place:
    """Where a value stands in the file (1-based), and how it was written."""

    line: int
    column: int
    key_line: int  # the mapping key that leads to it (same as line for list items and the root)
    key_column: int
    raw: str | None = None  # source text of a scalar
    plain: bool = False  # written without quotes


@dataclass
class Document:
    """A listing file read strictly: its data, and the place of every value by path tuple."""

    file: str
    data: object = None
    places: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    def place(self, path) -> Place:
        """The place of `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.places and path:
            path = path[:-1]
        return self.places.get(path, Place(1, 1, 1, 1))


class _Stop(Exception):
    def __init__(self, finding: Finding):
        self.finding = finding


def _mark(m) -> tuple[int, int]:
    return m.line + 1, m.column + 1


def _describe(event) -> str:
    if isinstance(event, yaml.ScalarEvent):
        return f"'{event.value}'"
    if isinstance(event, yaml.MappingStartEvent):
        return "a mapping"
    if isinstance(event, yaml.SequenceStartEvent):
        return "a list"
    return "something else"


def read_text(raw: bytes, name: str) -> tuple[str | None, Finding | None]:
    """Bytes -> text, refusing what a listing must not be: too big, not UTF-8, a byte-order mark."""
    if len(raw) > MAX_BYTES:
        return None, Finding(name, 1, 1, ERROR, "file", f"is {len(raw):,} bytes; a listing may be at most {MAX_BYTES // 1024} KiB")
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, Finding(name, 1, 1, ERROR, "file", "starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Finding(name, line, col, ERROR, "file", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")
    return text, None


def load(raw: bytes, name: str) -> Document:
    """Read one listing file. Never raises for bad input: problems become findings on the document."""
    doc = Document(name)
    text, problem = read_text(raw, name)
    if problem:
        doc.findings.append(problem)
        return doc
    try:
        doc.data = _build(yaml.parse(text, Loader=_Loader), doc)
    except _Stop as stop:
        doc.findings.append(stop.finding)
        doc.data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark else (1, 1)
        problem = (exc.problem or str(exc)).strip()
        context = f" ({exc.context})" if exc.context and exc.context != problem else ""
        doc.findings.append(Finding(name, line, col, ERROR, "yaml", f"{problem}{context}"))
        doc.data = None
    except yaml.reader.ReaderError as exc:  # a control character: it has an offset, not a mark
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        doc.findings.append(Finding(name, line, col, ERROR, "yaml", f"control character U+{ord(char):04X} is not allowed"))
        doc.data = None
    except yaml.YAMLError as exc:
        doc.findings.append(Finding(name, 1, 1, ERROR, "yaml", str(exc).splitlines()[0]))
        doc.data = None
    return doc


def _build(events, doc: Document):
    """Turn the event stream of a one-document YAML file into plain dicts, lists and scalars."""
    root = None
    documents = 0
    # Each stack frame: [container, path, pending_key, pending_key_place]
    stack: list[list] = []

    def refuse(event, field_path, message):
        line, col = _mark(event.start_mark)
        raise _Stop(Finding(doc.file, line, col, ERROR, dotted(field_path), message))

    def attach(value, event, place_of_value):
        nonlocal root
        if not stack:
            root = value
            doc.places[()] = place_of_value
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            container.append(value)
            doc.places[child] = place_of_value
            return child
        if frame[2] is _NO_KEY:  # this value is a key
            if not isinstance(value, str):
                refuse(event, path, f"field names must be text, got {_describe(event)}")
            if value in container or value in frame[4]:
                first = frame[4].get(value)
                where = f" (first at line {first[0]})" if first else ""
                refuse(event, path + (value,), f"duplicate key '{value}'{where}")
            frame[2] = value
            frame[3] = place_of_value
            return None
        key, key_place = frame[2], frame[3]
        child = path + (key,)
        container[key] = value
        frame[4][key] = (key_place.line, key_place.column)
        doc.places[child] = Place(place_of_value.line, place_of_value.column, key_place.line, key_place.column,
                                  place_of_value.raw, place_of_value.plain)
        frame[2] = _NO_KEY
        return child

    def is_key_position() -> bool:
        return bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                refuse(event, (), "a listing file holds one YAML document; remove the extra '---'")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        path_here = _current_path(stack)
        if isinstance(event, yaml.AliasEvent):
            refuse(event, path_here, f"aliases (*{event.anchor}) are not allowed in listings; write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            refuse(event, path_here, f"anchors (&{anchor}) are not allowed in listings; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            implicit = getattr(event, "implicit", True)
            # Collections report implicit=True when untagged; scalars a (plain, quoted) pair.
            explicit = (implicit is False) or (isinstance(implicit, tuple) and not any(implicit))
            if explicit:
                refuse(event, path_here, f"tags ({tag}) are not allowed in listings; remove it")
        line, col = _mark(event.start_mark) if hasattr(event, "start_mark") else (1, 1)
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style  # the C parser says '' for plain, the Python one None
            value = resolve_plain(event.value) if plain else event.value
            if isinstance(value, float) and not math.isfinite(value):
                # .nan slips through every JSON Schema bound (NaN < x is false) and is not JSON: refuse it here.
                refuse(event, path_here, f"'{event.value}' is not a number a listing can use; write a real number")
            attach(value, event, Place(line, col, line, col, event.value, plain))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if is_key_position():
                refuse(event, path_here, f"field names must be text, got {_describe(event)}")
            if len(stack) >= MAX_DEPTH:
                refuse(event, path_here, f"nested more than {MAX_DEPTH} levels deep; a listing never needs that")
            container = {} if isinstance(event, yaml.MappingStartEvent) else []
            child = attach(container, event, Place(line, col, line, col))
            stack.append([container, child, _NO_KEY, None, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return root


def _current_path(stack) -> tuple:
    """The path of the value the parser is about to give us (for messages)."""
    if not stack:
        return ()
    container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
    if isinstance(container, list):
        return path + (len(container),)
    return path if key is _NO_KEY else path + (key,)


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()


class _Dumper(yaml.SafeDumper):
    """Writes listings that read back the same under the strict reader (and under YAML 1.1 readers too)."""


def _represent_str(dumper, value: str):
    # SafeDumper already quotes what YAML 1.1 would misread ("no", dates, "18:00"); also quote what the 1.2 core
    # schema reads as a number, such as the ZIP code 08055 (not octal in 1.1, so left plain by PyYAML).
    style = '"' if not isinstance(resolve_plain(value), str) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data) -> str:
    """YAML text for `data`: block style, keys in the order given, Unicode as is."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
