"""A track's week as a grid: days across, hours down, each session a block at its day and times.

Geometry only (plain numbers and words): week_grid (iopdir.pages) lays it out as a CSS grid with classes (the
site's policy forbids inline style attributes), and compare.js draws the same blocks from the comparison data
(block() values). Rows are quarter hours: a block starts at the quarter hour at or before its start and ends at the
one at or after its end (the table beside it keeps the exact times).
"""

from __future__ import annotations

from dataclasses import dataclass

from iopdir.listing import wording
from iopdir.listing.program import DAYS, EVENING_FROM, Track, minutes

QUARTER = 15
DEFAULT_HOURS = (9, 17)  # the least a grid shows: a working day, so that a short week still reads as a week


@dataclass(frozen=True)
class Block:
    day: int  # 1 = Monday ... 7 = Sunday (the grid's column after the hours)
    row: int  # the grid row it starts on: 2 is the first quarter hour (row 1 holds the days)
    span: int  # quarter hours
    text: str  # "6–9 pm"
    evening: bool  # starts at 4 pm or later
    weekend: bool


@dataclass(frozen=True)
class Week:
    first: int  # the first hour shown
    last: int  # the hour the grid ends at
    hours: tuple[tuple[int, str], ...]  # (row, "9 am") for each hour on the side
    blocks: tuple[Block, ...]


def hour_range(tracks) -> tuple[int, int]:
    """The hours a page's (or a comparison's) grids show, the same for all of them so that they line up."""
    starts = [minutes(s.start) for t in tracks for s in t.sessions]
    ends = [minutes(s.end) for t in tracks for s in t.sessions]
    first = min([DEFAULT_HOURS[0] * 60, *starts]) // 60
    last = -(-max([DEFAULT_HOURS[1] * 60, *ends]) // 60)
    return first, last


def week(track: Track, first: int, last: int) -> Week:
    blocks = []
    for s in track.sessions:
        start, end = minutes(s.start) - first * 60, minutes(s.end) - first * 60
        row = start // QUARTER + 2
        span = max(1, -(-end // QUARTER) + 2 - row)
        for d in s.days:
            day = DAYS.index(d) + 1
            blocks.append(Block(day, row, span, wording.clock_range(s.start, s.end), minutes(s.start) >= EVENING_FROM,
                                d in ("sat", "sun")))
    blocks.sort(key=lambda b: (b.day, b.row))
    hours = tuple(((h - first) * 4 + 2, wording.hour(h)) for h in range(first, last))
    return Week(first, last, hours, tuple(blocks))


def data(program) -> list:
    """A program's tracks for the compare page (compare.js lays them out as week grids, as week_grid does):
    [[track name or None, [[day 1-7, start minute, end minute, "6–9 pm"], ...]], ...]."""
    return [[t.name, [[DAYS.index(d) + 1, minutes(s.start), minutes(s.end), wording.clock_range(s.start, s.end)]
                      for s in t.sessions for d in s.days]] for t in program.tracks]
