"""Rebuilds: nothing changed makes nothing new; one changed listing rewrites only what depends on it."""

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.sites import build_site, comparison_shard

ROOT = Path(__file__).resolve().parent.parent


def build(base: Path) -> None:
    build_site(base / "output", base / "programs", IOPDIR_TODAY="2026-11-25")


def contents(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path):
    shutil.copytree(ROOT / "programs", tmp_path / "programs")
    build(tmp_path)
    return tmp_path


def test_nothing_changed_rewrites_no_listing_page(site):
    before_contents, before_times = contents(site / "output"), mtimes(site / "output")
    build(site)
    assert contents(site / "output") == before_contents
    after = mtimes(site / "output")
    rewritten = sorted(p for p in after if after[p] != before_times[p])
    # Listing pages, state pages, their data files, comparison pages and the search data are all skipped.
    assert [p for p in rewritten if p.startswith(("programs/", "search/data/", "states/nj/", "compare/data/"))] == []
    assert "states/nj/index.html" in before_times


def test_one_changed_listing_changes_only_what_depends_on_it(site):
    listing = site / "programs" / "nj" / "lanternwood-evening-iop.yaml"
    before_contents, before_times = contents(site / "output"), mtimes(site / "output")
    text = listing.read_text()
    listing.write_text(text.replace("\nsummary: ", "\nsummary: Newly reworded. ", 1))
    build(site)
    after = contents(site / "output")
    changed = {p for p in after if after[p] != before_contents.get(p)}
    assert "programs/lanternwood-evening-iop/index.html" in changed
    # Everything that changed shows this listing: its own files, its state's list and comparison, the pages that
    # list recently verified programs, and search files (a new word; every score shifts a little with the field's
    # average length, so some term files change).
    shard = comparison_shard(site / "output", "lanternwood-evening-iop")
    # The whole-directory downloads (/data/) show every listing.
    allowed = ("programs/lanternwood-evening-iop/", "states/nj/", "index.html", "search/data/terms/",
               "search/data/spell/",  # new words are spelling candidates (by length: only their lengths' files)
               "search/data/meta.json", "search/data/.build-key", shard, "data/programs.", "data/hsds/")
    # The same pages in the other languages (IOPDIR_LANGUAGES: /es/ mirrors the English paths).
    allowed += tuple(f"es/{p}" for p in ("programs/lanternwood-evening-iop/", "states/nj/", "index.html"))
    assert sorted(p for p in changed if not p.startswith(allowed)) == []
    times = mtimes(site / "output")
    other_programs = [p for p in times if p.startswith("programs/") and "lanternwood" not in p]
    assert other_programs and all(times[p] == before_times[p] for p in other_programs)  # not even rewritten
    other_states = [p for p in times if p.startswith("states/") and p.count("/") == 2 and "states/nj/" not in p]
    assert other_states and all(times[p] == before_times[p] for p in other_states)  # other states' pages neither
    other_shards = [p for p in times if p.startswith("compare/data/") and p != shard]
    assert other_shards and all(times[p] == before_times[p] for p in other_shards)
    assert "Newly reworded." in (site / "output" / "programs" / "lanternwood-evening-iop" / "index.html").read_text()


def test_files_whose_bytes_did_not_change_are_left_alone(site):
    """After one edit, every file the build wrote has new bytes: the whole files it makes again the same (the
    downloads' other tables, comparison data, the site's fixed pages, the sitemap) keep their modification time.
    The theme's static files are the exception: Pelican copies them on every build."""
    listing = site / "programs" / "nj" / "lanternwood-evening-iop.yaml"
    before_contents, before_times = contents(site / "output"), mtimes(site / "output")
    listing.write_text(listing.read_text().replace("\nsummary: ", "\nsummary: Newly reworded. ", 1))
    build(site)
    after_contents, after_times = contents(site / "output"), mtimes(site / "output")
    written = {p for p in after_times if after_times[p] != before_times.get(p)}
    changed = {p for p in after_contents if after_contents[p] != before_contents.get(p)}
    assert "data/hsds/services.csv" in changed and "data/hsds/phones.csv" not in written
    assert sorted(p for p in written - changed if not p.startswith("theme/")) == []

