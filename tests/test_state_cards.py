"""A state page's cards kept between builds (iopdir/build/cards.py): the page made from kept cards is the page a
build from scratch makes, an edited program's card is made again, and a kept card that fails its check is not
served."""

import marshal
import shutil
from pathlib import Path

import pytest

from iopdir.build.cards import KIND
from iopdir.fingerprint import read_signed, write_signed
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
EDITED = "lanternwood-evening-iop"


def build(base: Path, output: str = "output") -> Path:
    return build_site(base / output, base / "programs", IOPDIR_TODAY="2026-11-25")


def card(page: str, program_id: str) -> str:
    """The card of `program_id` on a state page: from its <article> to the next </article>."""
    start = page.index(f'<article class="card" aria-labelledby="card-{program_id}">')
    return page[start:page.index("</article>", start)]


def kept_cards(base: Path, name: str) -> dict:
    return marshal.loads(read_signed(base / "iopdir-cache" / "cards" / name, KIND))


@pytest.fixture
def site(tmp_path):
    shutil.copytree(ROOT / "programs", tmp_path / "programs")
    build(tmp_path)
    return tmp_path


def edit(site: Path) -> None:
    listing = site / "programs" / "nj" / f"{EDITED}.yaml"
    listing.write_text(listing.read_text().replace("\nsummary: ", "\nsummary: Newly reworded. ", 1))


def fresh_page(site: Path, tmp_path_factory, path: str) -> str:
    """The page at `path` of the same listings built from scratch: another folder, no kept cards."""
    other = tmp_path_factory.mktemp("fresh")
    shutil.copytree(site / "programs", other / "programs")
    return (build(other) / path).read_text()


def test_each_state_page_keeps_its_cards_per_language(site):
    nj, nj_es = kept_cards(site, "NJ-first"), kept_cards(site, "NJ-es")
    page = (site / "output" / "states" / "nj" / "index.html").read_text()
    assert len(nj) == page.count('<article class="card"') > 1
    assert sorted(nj.values()) != sorted(nj_es.values())  # the Spanish cards are Spanish
    assert any(f'id="card-{EDITED}"' in html and "Lanternwood" in html for html in nj.values())


@pytest.mark.parametrize("state_page", ["states/nj/index.html", "es/states/nj/index.html"])
def test_a_page_made_from_kept_cards_is_the_page_made_from_scratch(site, tmp_path_factory, state_page):
    edit(site)
    build(site)
    after = (site / "output" / state_page).read_text()
    assert "Newly reworded." in card(after, EDITED)
    assert after == fresh_page(site, tmp_path_factory, state_page)


def test_kept_cards_are_what_the_page_shows(site):
    # A kept card marked by hand (signed with this user's key, as the build signs it) is served for an unchanged
    # program: the page is made from the kept cards, not from the template.
    path = site / "iopdir-cache" / "cards" / "NJ-first"
    kept = kept_cards(site, "NJ-first")
    other = next(key for key, html in kept.items() if f'card-{EDITED}"' not in html)
    kept[other] = kept[other].replace('<p class="verified">', '<p class="verified">KEPT-CARD ')
    write_signed(path, KIND, marshal.dumps(kept))
    edit(site)  # the state page is made again
    build(site)
    page = (site / "output" / "states" / "nj" / "index.html").read_text()
    assert page.count("KEPT-CARD") == 1
    assert "Newly reworded." in card(page, EDITED)
    assert "KEPT-CARD" not in card(page, EDITED)


def test_a_tampered_file_of_cards_is_not_served(site, tmp_path_factory, caplog):
    path = site / "iopdir-cache" / "cards" / "NJ-first"
    data = path.read_bytes()
    path.write_bytes(data.replace(b'<p class="verified">', b'<p class="verified">PLANTED ', 1))
    edit(site)
    build(site)
    page = (site / "output" / "states" / "nj" / "index.html").read_text()
    assert "PLANTED" not in page
    assert page == fresh_page(site, tmp_path_factory, "states/nj/index.html")


def test_a_card_no_longer_shown_is_not_kept(site):
    removed = site / "programs" / "nj" / f"{EDITED}.yaml"
    removed.unlink()
    build(site)
    assert not any(f'card-{EDITED}"' in html for html in kept_cards(site, "NJ-first").values())
