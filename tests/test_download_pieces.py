"""The downloads.pickle per program between builds (iopdir.build.downloads.Pieces): the files joined from kept pieces
are the bytes `iopdir export` writes for the same listings, and after one listing's edit only its piece is made."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from iopdir.build import downloads
from iopdir.build.listings import validate_paths
from iopdir.build.outputs import OutputCache
from iopdir.writing import compact_json
from iopdir.tools import directory, hsds

PROGRAMS = Path(__file__).resolve().parent.parent / "programs"
TODAY = dt.date(2026, 12, 1)
LICENCE = "CC-BY-4.0"


def published(folder: Path) -> list:
    report = validate_paths([folder], today=TODAY)
    assert report.ok, report.errors
    return sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))


def exported(programs: list, folder: Path) -> dict[str, bytes]:
    """What `iopdir export csv|json|hsds` writes for `programs`, by the downloads' paths."""
    named = directory.licence(LICENCE)
    hsds.write(programs, folder / "hsds", named, TODAY)
    files = {f"data/hsds/{p.name}": p.read_bytes() for p in (folder / "hsds").iterdir()}
    files["data/programs.csv"] = directory.csv_text(programs).encode()
    files["data/programs.json"] = compact_json(directory.json_data(programs, TODAY, named))
    return files


def written(out: Path) -> dict[str, bytes]:
    return {path: (out / path).read_bytes() for path in downloads.paths() if "schema" not in path}


@pytest.fixture
def listings(tmp_path) -> Path:
    folder = tmp_path / "programs"
    shutil.copytree(PROGRAMS, folder)
    return folder


def build(listings: Path, out: Path, cache: Path) -> None:
    outputs = OutputCache(cache / "outputs.json", out, salt="test")
    downloads.write(published(listings), out, TODAY.isoformat(), LICENCE, outputs)
    outputs.save()


def test_kept_pieces_join_into_the_exported_bytes_after_an_edit(listings, tmp_path, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(listings, out, cache)
    assert written(out) == exported(published(listings), tmp_path / "first")
    assert (cache / "downloads.pickle").is_file()

    edited = next(listings.rglob("*.yaml"))
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\nsummary: ", "\nsummary: Edited. ", 1), encoding="utf-8")
    made = []
    piece = hsds.piece
    monkeypatch.setattr(hsds, "piece", lambda p, words: made.append(p.id) or piece(p, words))
    kept = (cache / "downloads.pickle").read_bytes()
    build(listings, out, cache)
    assert made == [edited.stem]  # only the edited listing's share was made again
    # The kept file is not rewritten for one edit (100 MB at 10,000 listings): the share is made again next time.
    assert (cache / "downloads.pickle").read_bytes() == kept
    after = exported(published(listings), tmp_path / "second")
    assert written(out) == after
    assert b"Edited. " in after["data/programs.csv"] and b"Edited. " in after["data/hsds/services.csv"]


def test_pieces_of_another_day_are_not_used(listings, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(listings, out, cache)
    kept = downloads.Pieces(cache / "downloads.pickle", "2026-12-02")
    assert kept.entries == {}  # freshness and days since verified change with the day
    assert downloads.Pieces(cache / "downloads.pickle", TODAY.isoformat()).entries


def test_a_damaged_pieces_file_is_only_a_slower_build(listings, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(listings, out, cache)
    (cache / "downloads.pickle").write_bytes(b"not a signed file")
    (cache / "outputs.json").unlink()  # so the downloads are made again
    build(listings, out, cache)
    assert written(out) == exported(published(listings), tmp_path / "again")


def test_the_kept_file_is_rewritten_once_edits_add_up(listings, tmp_path, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(listings, out, cache)
    monkeypatch.setattr(downloads, "FEW", 0)
    kept = (cache / "downloads.pickle").read_bytes()
    edited = next(listings.rglob("*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Edited. ", 1),
                      encoding="utf-8")
    build(listings, out, cache)
    assert (cache / "downloads.pickle").read_bytes() != kept
    assert len(downloads.Pieces(cache / "downloads.pickle", TODAY.isoformat()).entries) == len(published(listings))
