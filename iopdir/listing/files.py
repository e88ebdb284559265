"""Input files from strangers are regular files inside the folder they were given in.

A pull request can commit a symbolic link (git stores them), so a "listing" may point at a file elsewhere on the
machine that reads it, or a named pipe could make a read wait forever. Everything here decides from lstat (the entry
itself, never what it points to) and opens with O_NOFOLLOW | O_NONBLOCK, then checks again on the open file: a link
or a pipe swapped in between is refused too. Reasons never show a link's target or any of its contents.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_BINARY", 0)


class Refused(OSError):
    """Not a regular file inside its folder: the reason, fit for a one-line message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def kind(mode: int) -> str | None:
    """Why an entry of this lstat mode is not a readable input file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symbolic link; it must be a regular file (replace the link with the file itself)"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def escapes(path) -> bool:
    """True when `path` is, as written, inside the working folder (the repository) but resolves outside it: a
    folder on the way is a symbolic link out (a committed `programs -> /home/...`)."""
    cwd = os.getcwd()
    written = os.path.abspath(path)
    if not (written == cwd or written.startswith(cwd + os.sep)):
        return False  # a path outside the repository given on purpose, e.g. a test's temporary folder
    real, real_cwd = os.path.realpath(path), os.path.realpath(cwd)
    return not (real == real_cwd or real.startswith(real_cwd + os.sep))


def read_regular(path, *, whole_path: bool = False, dir_fd: int | None = None) -> bytes:
    """The bytes of a regular file, or Refused (a link, a pipe, a device...). Never blocks, never follows the last
    component. `whole_path`: also refuse a path inside the working folder whose folders lead outside it (for a single
    file such as the checklist; files found by `scan` are inside their folder already)."""
    if whole_path and dir_fd is None and escapes(path):
        raise Refused("resolves outside the repository (a folder on its way is a symbolic link)")
    reason = kind(os.lstat(path, dir_fd=dir_fd).st_mode)
    if reason:
        raise Refused(reason)
    try:
        fd = os.open(path, READ_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # a link put there since the lstat (EMLINK on FreeBSD)
            raise Refused(kind(stat.S_IFLNK)) from None
        raise
    with open(fd, "rb", closefd=True) as f:
        reason = kind(os.fstat(fd).st_mode)
        if reason:
            raise Refused(reason)
        return f.read()


class Scan(NamedTuple):
    found: list[Path]  # regular files with a listing's suffix, sorted
    missing: list[str]  # given paths that do not exist
    refused: list[tuple[Path, str]]  # entries that look like listings (or are linked folders) and why they are refused


def scan(paths, suffixes: tuple[str, ...]) -> Scan:
    """Files ending in `suffixes` under the given files and folders. Inside a folder, links are never followed:
    linked folders and linked or special files named like listings are refused, with their reason."""
    found, missing, refused = [], [], []
    for given in map(str, paths):
        try:
            mode = os.lstat(given).st_mode
        except FileNotFoundError:
            missing.append(given)
            continue
        except OSError as exc:
            refused.append((Path(given), f"cannot be read ({exc.strerror})"))
            continue
        if escapes(given):  # e.g. a committed `programs -> /home/...`: a pull request brings in files from elsewhere
            refused.append((Path(given), "resolves outside the repository (it or a folder on its way is a "
                                         "symbolic link)"))
            continue
        if stat.S_ISLNK(mode) and not os.path.isdir(given):  # a folder given by a link is the caller's choice
            refused.append((Path(given), kind(mode)))
            continue
        if os.path.isdir(given):
            names = []
            _walk(given, suffixes, names, refused)
            found.extend(Path(name) for name in sorted(names))
        elif stat.S_ISREG(mode):
            found.append(Path(given))
        else:
            refused.append((Path(given), kind(mode)))
    return Scan(found, missing, sorted(refused))


def _walk(top: str, suffixes, names: list[str], refused: list) -> None:
    # scandir rather than os.walk: the entry's own type comes with the listing (no stat per file at 10,000 files),
    # and nothing is followed. A stack, not recursion: a pull request can nest folders deeper than Python recurses.
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            refused.append((Path(folder), f"cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_symlink():
                if entry.name.endswith(suffixes):
                    refused.append((Path(entry.path), kind(stat.S_IFLNK)))
                elif entry.is_dir():  # a linked folder would bring in files from anywhere: reported, not entered
                    refused.append((Path(entry.path), "is a symbolic link to a folder; listings must be regular "
                                                      "files in real folders"))
            elif entry.name.endswith(suffixes):
                if entry.is_file(follow_symlinks=False):
                    names.append(entry.path)
                else:
                    refused.append((Path(entry.path), kind(entry.stat(follow_symlinks=False).st_mode)))
