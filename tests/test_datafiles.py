"""The second process's way to the programs: the validation cache the build has just written, read by ids."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.choosing import checklist
from iopdir.build import datafiles
from iopdir.build.outputs import OutputCache
from iopdir.tools.synthetic import generate
from iopdir.build.listings import validate_paths

TODAY = dt.date(2026, 11, 25)
CHECKLIST = Path(__file__).resolve().parent.parent / "content" / "checklist.yaml"


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    base = tmp_path_factory.mktemp("datafiles")
    generate(12, base / "programs", seed=4, today=TODAY)
    report = validate_paths([base / "programs"], today=TODAY, cache=base / "validation.pickle")
    return base, report.programs


def after_checklist(base: Path, out: Path) -> tuple:
    """make()'s arguments after the programs and the checklist, writing into `out`."""
    return str(out), OutputCache(out / "rec.json", out, "salt"), str(base / "programs"), str(out / "index"), \
        TODAY.isoformat()


def test_make_from_cache_is_make_on_the_programs_of_those_ids(validated, tmp_path):
    base, programs = validated
    chosen = sorted(programs, key=lambda p: p.name)[:5]
    found = checklist.read(CHECKLIST, programs)
    datafiles.make_from_cache(str(base / "validation.pickle"), [p.id for p in chosen], found,
                              *after_checklist(base, tmp_path / "a"))
    datafiles.make(chosen, found, *after_checklist(base, tmp_path / "b"))
    made = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.json"))
    assert made and made == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.json"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in made)


def test_an_id_the_cache_does_not_hold_is_named(validated):
    base, programs = validated
    with pytest.raises(LookupError, match=r"1 listing\(s\) missing from the validation cache .* such as no-such-iop"):
        datafiles.make_from_cache(str(base / "validation.pickle"), [programs[0].id, "no-such-iop"], None)


def test_the_cache_file_is_there_after_validating_no_listings(tmp_path):
    (tmp_path / "programs").mkdir()
    validate_paths([tmp_path / "programs"], today=TODAY, cache=tmp_path / "validation.pickle")
    assert (tmp_path / "validation.pickle").is_file()
    found = checklist.read(CHECKLIST, [])
    done = datafiles.make_from_cache(str(tmp_path / "validation.pickle"), [], found,
                                     *after_checklist(tmp_path, tmp_path / "out"))
    assert done["search"]["documents"] == 0
