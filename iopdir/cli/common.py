"""What the commands share: the default listings folder and index (the site's defaults, from iopdir.settings), plural
wording, dates as arguments, paths that exist."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

from iopdir.settings import default

DEFAULT_PROGRAMS = default("IOPDIR_PROGRAMS_PATH")
DEFAULT_INDEX = default("IOPDIR_INDEX_PATH")


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD, or None. Only that form: Python 3.11's fromisoformat also takes 20261203."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def date_arg(text: str) -> dt.date:
    """An argparse type: a date YYYY-MM-DD."""
    date = parse_date(text)
    if date is None:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{text}'")
    return date


def existing_paths(command: str, paths) -> list[str] | None:
    """The listing files and folders to read (default: programs/), or None after saying which do not exist."""
    from iopdir.listing.validation import listing_files

    paths = paths or [DEFAULT_PROGRAMS]
    _, missing = listing_files(paths)
    if missing:
        print(f"iopdir {command}: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    return paths
