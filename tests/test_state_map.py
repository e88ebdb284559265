"""The home page's map of programs by state: a tile for every state, DC and territory; each state with programs a link
named by its name and count, as the listings say; the shading bands and their legend; the list of states kept."""

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.listing.vocabulary import vocabularies
from pelican.plugins.iopdir import statemap

ROOT = Path(__file__).resolve().parent.parent


def test_every_state_dc_and_territory_has_its_own_square():
    placed = statemap.tiles()
    assert set(placed) == set(vocabularies()["states"])  # the 50 states, DC, PR and the other territories
    assert len(set(placed.values())) == len(placed) == 56  # no two on one square
    assert list(placed.values()) == sorted(placed.values())  # reading order: the links' keyboard order


def test_the_data_says_where_it_comes_from_and_its_licence():
    readme = (statemap.TILES.parent / "README.md").read_text()
    section = readme.split("## state-tiles.tsv")[1].split("\n## ")[0]
    assert "**Source**" in section and "**Licence**" in section and "MIT" in section


@pytest.mark.parametrize("counts, expected", [
    ([], []),
    ([0, 0], []),
    ([4, 4, 4], [(4, 1, 4)]),  # one band: the darkest
    ([4, 4, 3, 4], [(3, 1, 3), (4, 4, 4)]),
    ([1, 2], [(3, 1, 1), (4, 2, 2)]),
    ([1, 2, 3, 4, 5, 6, 7, 800], [(1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 800)]),  # quartiles: one big state
    ([5, 5, 5, 9, 0], [(3, 1, 5), (4, 6, 9)]),
])
def test_bands_split_the_states_at_quartiles(counts, expected):
    found = statemap.bands(counts)
    assert [(b.shade, b.low, b.high) for b in found] == expected
    for count in counts:  # every count has a shade, and only zero has none
        shade = statemap.shade(count, found)
        assert (shade == 0) == (count == 0)
        assert count == 0 or next(b for b in found if b.shade == shade).low <= count <= found[-1].high


def test_band_words():
    assert [b.words for b in statemap.bands([1, 2, 3, 4, 5, 6, 7, 800])] == [
        "1–2 programs", "3–4 programs", "5–6 programs", "7–800 programs"]
    assert statemap.bands([1])[0].words == "1 program"


@pytest.fixture(scope="module")
def home(built_site):
    return (built_site / "index.html").read_text()


def test_names_and_counts_are_the_listings(home, built_site):
    listed = Counter(p.state for p in validate_paths([ROOT / "programs"]).programs if p.listed)
    names = vocabularies()["states"]
    svg = re.search(r'<svg class="tiles".*?</svg>', home, re.S).group()
    links = re.findall(r'<a href="([^"]+)" class="s(\d)" aria-label="([^"]+)"><rect[^>]*/><text><tspan[^>]*>(\w+)'
                       r'</tspan> <tspan[^>]*>(\d+)</tspan></text></a>', svg)
    # The name says what the tile shows ("NJ 4") inside it, for people who speak what they see.
    assert {code: label for _, _, label, code, _ in links} == {
        code: f"{names[code]}, {code}: {n} program{'s' if n != 1 else ''}" for code, n in listed.items()}
    for href, shade, label, code, shown in links:
        assert href == f"/states/{code.lower()}/" and (built_site / href.strip("/") / "index.html").is_file()
        assert int(shown) == listed[code] and shade != "0"
    # The others: drawn, with their 0, hidden from screen readers and no links (they have no page).
    others = re.findall(r'<g class="s0" aria-hidden="true"><rect[^>]*/><text><tspan[^>]*>(\w+)</tspan> '
                        r'<tspan[^>]*>0</tspan></text></g>', svg)
    assert sorted(others + [code for *_, code, _ in links]) == sorted(statemap.tiles())


def test_the_legend_names_each_shade_used_and_the_list_stays(home):
    figure = re.search(r'<figure class="state-map">.*?</figure>', home, re.S).group()
    used = set(re.findall(r'<a [^>]*class="s(\d)"', figure))
    legend = re.findall(r'<li><span class="swatch s(\d)"></span>([^<]+)</li>', figure)
    assert {shade for shade, _ in legend} == used | {"0"}
    assert unescape(legend[-1][1]) == "No programs listed yet"
    assert "a darker square has more" in figure
    # The list of states, for keyboard and screen reader use, after the map.
    after = home.split("</figure>", 1)[1]
    assert re.search(r'<ul class="state-list">.*?<a href="/states/nj/">New Jersey</a>', after, re.S)
