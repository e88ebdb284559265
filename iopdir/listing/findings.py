"""A finding is one thing wrong (error) or doubtful (warning) about one place in one listing file."""

from __future__ import annotations

import re
from dataclasses import dataclass, asdict

ERROR = "error"
WARNING = "warning"

# What a listing's text must not carry raw onto a terminal or into a CI log: control characters (a newline would let
# a value start a line of its own, such as "::add-mask::..." that the GitHub runner obeys; ESC drives the terminal),
# Unicode line breaks, invisible and direction-changing characters, lone surrogates (undecodable file names), and
# "##[", the runner's older command form, which it finds anywhere in a line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                     "\ufff9-\ufffb\ud800-\udfff]|##\\[")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` as one harmless line: what could act on a terminal or a CI log is shown escaped (\\n, \\x1b, \\u2028;
    "##[" as "##\\x5b")."""
    return _UNSAFE.sub(lambda m: "##\\x5b" if m.group() == "##[" else _SHORT.get(m.group()) or _escape(m.group()),
                       str(text))


def inert_json(document: str) -> str:
    """A JSON document (from json.dumps) with the same characters escaped as JSON escapes, so it means the same.
    json.dumps escapes only U+0000-U+001F inside strings; the other characters can stand only there."""
    def escape(m):
        char = m.group()
        if char == "\n":
            return char  # between values (indent=2): json.dumps writes a newline inside a string as \\n
        return "##\\u005b" if char == "##[" else f"\\u{ord(char):04x}"

    return _UNSAFE.sub(escape, document)


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    severity: str  # "error" | "warning"
    field: str  # dotted path such as "insurance.medicaid" or "tracks[0].sessions[1].end"
    message: str

    def __str__(self) -> str:
        # Every part can come from a listing (the file name, an unknown key, a value quoted in the message).
        return inert(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.field}: {self.message}")

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def too_long(length: int, limit: int) -> str:
    """What a finding says of a text over its limit (listings, the checklist, `iopdir new`'s answers alike)."""
    return f"is {length:,} characters long; at most {limit:,} allowed"


def dotted(path) -> str:
    """('tracks', 0, 'sessions', 1, 'end') -> 'tracks[0].sessions[1].end'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(listing)"
