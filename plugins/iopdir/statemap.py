"""The home page's map of programs by state: a tile grid map (an equal square per state, DC and territory, laid out in
iopdir/data/state-tiles.tsv), drawn at build time as inline SVG from the number of programs in each.

Each state with programs is a link to its page, named by its name, code and count ("New Jersey, NJ: 4 programs")
and showing its code and count on the tile, so the shading (classes s1..s4, darker for more; s0 for none) is never
the only cue; its colours are in site.css. The states without a program have no page: their tiles are drawn, hidden
from screen readers, and not links. The home page keeps its list of states, for keyboard and screen reader use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

import iopdir
from iopdir import i18n
from iopdir.listing.vocabulary import vocabularies

TILES = Path(iopdir.__file__).resolve().parent / "data" / "state-tiles.tsv"  # package data (see pyproject.toml)
SIZE, GAP = 44, 4  # a tile and the space between tiles, in the SVG's units
SHADES = 4  # classes s1..s4 for states with programs


@lru_cache(maxsize=1)
def tiles() -> dict[str, tuple[int, int]]:
    """State code -> (row, column), in reading order (north to south, west to east): the links' keyboard order."""
    rows = [line.split("\t") for line in TILES.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    found = {code: (int(row), int(column)) for code, row, column in rows[1:]}
    return dict(sorted(found.items(), key=lambda item: item[1]))


@dataclass(frozen=True)
class Band:
    """A shade of the map: the counts from `low` to `high` programs."""

    shade: int
    low: int
    high: int

    @property
    def words(self) -> str:
        if self.low == self.high:
            return programs(self.low)
        return i18n.gettext("%(low)s–%(high)s programs") % {"low": self.low, "high": self.high}


def programs(count: int) -> str:
    return i18n.ngettext("%(count)s program", "%(count)s programs", count) % {"count": count}


def bands(counts) -> list[Band]:
    """Up to SHADES bands of the states' counts (zero left out), split at quartiles of the states, so that one state
    with many programs does not leave every other state in the palest shade. The darkest shade is the top band."""
    values = sorted(c for c in counts if c > 0)
    if not values:
        return []
    tops = sorted({values[math.ceil(k * len(values) / SHADES) - 1] for k in range(1, SHADES + 1)})
    first = SHADES - len(tops) + 1
    out, low = [], 1
    for i, high in enumerate(tops):
        out.append(Band(first + i, low, high))
        low = high + 1
    return out


def shade(count: int, found: list[Band]) -> int:
    return 0 if count <= 0 else next(b.shade for b in found if count <= b.high)


def state_map(states, siteurl: str = "") -> Markup:
    """The map as a <figure>: the SVG of tiles and its legend. `states`: the site's states with programs (code, name,
    programs, url)."""
    listed = {s.code: s for s in states}
    counts = {code: len(s.programs) for code, s in listed.items()}
    found = bands(counts.values())
    names = vocabularies()["states"]
    placed = tiles()
    width = max(c for _, c in placed.values()) + 1
    height = max(r for r, _ in placed.values()) + 1
    step = SIZE + GAP
    named = escape(i18n.gettext("Map of the states: each state with programs links to them"))
    parts = [f'<svg class="tiles" viewBox="0 0 {width * step - GAP} {height * step - GAP}" role="group" '
             f'aria-label="{named}">']
    for code, (row, column) in placed.items():
        x, y = column * step, row * step
        count = counts.get(code, 0)
        # One text, its two lines apart by a space: what a tile shows reads "NJ 4", which its link's name contains
        # ("New Jersey, NJ: 4 programs"), so that a person who speaks what they see can follow it (label in name).
        middle = x + SIZE // 2
        body = (f'<rect x="{x}" y="{y}" width="{SIZE}" height="{SIZE}"/>'
                f'<text><tspan x="{middle}" y="{y + 20}">{code}</tspan> '
                f'<tspan x="{middle}" y="{y + 38}" class="n">{count}</tspan></text>')
        if code in listed:
            name = escape(f"{names.get(code, code)}, {code}: {programs(count)}")
            parts.append(f'<a href="{escape(siteurl)}/{escape(listed[code].url)}" class="s{shade(count, found)}" '
                         f'aria-label="{name}">{body}</a>')
        else:
            parts.append(f'<g class="s0" aria-hidden="true">{body}</g>')
    parts.append("</svg>")
    legend = "".join(f'<li><span class="swatch s{b.shade}"></span>{escape(b.words)}</li>' for b in found)
    none = escape(i18n.gettext("No programs listed yet"))
    legend += f'<li><span class="swatch s0"></span>{none}</li>'
    caption = escape(i18n.gettext("Programs in each state: a darker square has more. Each state with programs is a "
                                  "link."))
    return Markup(f'<figure class="state-map">{"".join(parts)}<figcaption><p>{caption}</p>'
                  f'<ul class="map-legend">{legend}</ul></figcaption></figure>')
