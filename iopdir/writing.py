"""Output files written only when their bytes change.

A rebuild after one listing's edit makes many whole files again (the downloads' tables, the comparison data, the
site's fixed pages) whose bytes come out the same: left alone, they keep their modification time, so a publisher's
sync, a web server's caches and a reader's `If-Modified-Since` see only what changed.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import orjson


def write_if_changed(path: Path | str, *parts: bytes) -> bool:
    """Write the concatenation of `parts` to `path` unless the file there already holds exactly those bytes;
    returns whether it wrote. Compared part by part against the file's bytes (no joined copy); anything but a
    regular file at `path` (a link, say) is replaced, never read or written through."""
    path = os.fspath(path)
    size = sum(len(p) for p in parts)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            os.unlink(path)
        elif st.st_size == size and _holds(path, parts):
            return False
    try:
        f = open(path, "wb")
    except FileNotFoundError:  # its folder is new (most callers' folders exist: no mkdir on every page)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        f = open(path, "wb")
    with f:
        for part in parts:
            f.write(part)
    return True


def _holds(path: str, parts) -> bool:
    with open(path, "rb") as f:
        data = memoryview(f.read())
    at = 0
    for part in parts:
        if data[at:at + len(part)] != part:
            return False
        at += len(part)
    return True


def compact_json(data) -> bytes:
    """`data` as compact UTF-8 JSON, the way the site writes all its JSON (the search export, the downloads, the
    comparison data, each program page's JSON-LD): the bytes of json.dumps(data, separators=(",", ":"),
    ensure_ascii=False) in UTF-8, made by orjson about ten times faster (a build of 10,000 listings encodes tens of
    megabytes of it). One difference, the same number to any reader: a float's exponent has no padding zero (1e-7
    where json writes 1e-07).

    What orjson refuses is written by json.dumps: an integer beyond 64 bits (a listing may give one where the
    schema sets no maximum: a weekly cost of 10**23 dollars is valid, and a valid listing must never stop the
    build), a key that is not a string."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
