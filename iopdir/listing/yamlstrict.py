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
from typing import NamedTuple

import yaml

from iopdir.listing.findings import ERROR, Finding, dotted

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


# Only plain scalars starting with one of these can be anything but text: most words skip the patterns below.
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(text: str):
    """The value of an unquoted scalar under the YAML 1.2 core schema."""
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_TEXT:
        return text
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


class Place(NamedTuple):
    """Where a value stands in the file (1-based), and how it was written. (A tuple: one is made per value.)"""

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
    loader = None
    try:
        loader = _Loader(text)  # (the pure-Python reader refuses a control character here already)
        # The parser's events one by one until it has none (None): iter() calls it directly, where yaml.parse
        # asks check_event() then get_event() from a generator, for every value of every listing.
        doc.data = _build(iter(loader.get_event, None), doc)
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
    finally:
        if loader is not None:
            loader.dispose()
    return doc


def _build(events, doc: Document):
    """Turn the event stream of a one-document YAML file into plain dicts, lists and scalars.

    This loop runs for every value of every listing, so it avoids per-event function calls: the path of an event is
    only worked out when there is something to refuse."""
    root = None
    documents = 0
    places = doc.places
    # Each stack frame: [container, path, pending key, pending key's place, {key: (line, column)}]
    stack: list[list] = []

    def refuse(event, message):
        mark = event.start_mark
        raise _Stop(Finding(doc.file, mark.line + 1, mark.column + 1, ERROR, dotted(_current_path(stack)), message))

    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None:
                refuse(event, f"anchors (&{event.anchor}) are not allowed in listings; write the value out")
            tag = event.tag
            if tag is not None and tag != "!":
                implicit = event.implicit
                # Collections report implicit=True when untagged; scalars a (plain, quoted) pair.
                if implicit is False or (kind is yaml.ScalarEvent and not any(implicit)):
                    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
                    refuse(event, f"tags ({shown}) are not allowed in listings; remove it")
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if kind is yaml.ScalarEvent:
                raw = event.value
                plain = not event.style  # the C parser says '' for plain, the Python one None
                value = resolve_plain(raw) if plain else raw
                if value.__class__ is float and not math.isfinite(value):
                    # .nan slips through every JSON Schema bound (NaN < x is false) and is not JSON: refuse it here.
                    refuse(event, f"'{raw}' is not a number a listing can use; write a real number")
                container = None
            else:
                raw, plain = None, False
                if stack and stack[-1][2] is _NO_KEY and stack[-1][0].__class__ is dict:
                    refuse(event, f"field names must be text, got {_describe(event)}")
                if len(stack) >= MAX_DEPTH:
                    refuse(event, f"nested more than {MAX_DEPTH} levels deep; a listing never needs that")
                value = container = {} if kind is yaml.MappingStartEvent else []
            # Attach the value to its parent.
            if not stack:
                root, child = value, ()
                places[()] = Place(line, col, line, col, raw, plain)
            else:
                frame = stack[-1]
                parent, path = frame[0], frame[1]
                if parent.__class__ is list:
                    child = path + (len(parent),)
                    parent.append(value)
                    places[child] = Place(line, col, line, col, raw, plain)
                elif frame[2] is _NO_KEY:  # this scalar is a key
                    if value.__class__ is not str:
                        refuse(event, f"field names must be text, got {_describe(event)}")
                    if value in frame[4]:
                        stack[-1][2] = value  # so the message names the repeated key
                        refuse(event, f"duplicate key '{value}' (first at line {frame[4][value][0]})")
                    frame[2], frame[3] = value, (line, col)
                    continue
                else:
                    key, (key_line, key_col) = frame[2], frame[3]
                    child = path + (key,)
                    parent[key] = value
                    frame[4][key] = (key_line, key_col)
                    places[child] = Place(line, col, key_line, key_col, raw, plain)
                    frame[2] = _NO_KEY
            if container is not None:
                stack.append([container, child, _NO_KEY, None, {}])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            refuse(event, f"aliases (*{event.anchor}) are not allowed in listings; write the value out")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(event, "a listing file holds one YAML document; remove the extra '---'")
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
