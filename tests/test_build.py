"""The Pelican build: a page per listed program and per state; a failed build keeps the previous output."""

import datetime as dt
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import build_site, pelican_command

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()


def write(programs: Path, state: str, pid: str, text: str) -> None:
    folder = programs / state
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{pid}.yaml").write_text(text)


@pytest.fixture
def programs(tmp_path):
    """Three listings: an active one, a closed one and a telehealth-only one (in the same state)."""
    folder = tmp_path / "programs"
    write(folder, "nj", "harbor-light-evening-iop", VALID)
    write(folder, "nj", "closed-one", VALID.replace("id: harbor-light-evening-iop", "id: closed-one")
          .replace("status: active", "status: closed"))
    online = (VALID.replace("id: harbor-light-evening-iop", "id: online-only").replace("[in_person, telehealth]", "[telehealth]")
              .replace('locations:\n  - street: 12 Market St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n', ""))
    write(folder, "nj", "online-only", online)
    return folder


def build(programs: Path, output: Path, **extra):
    build_site(output, programs, IOPDIR_TODAY="2026-11-25", **extra)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_for_listed_programs_and_states(programs, tmp_path):
    out = tmp_path / "output"
    build(programs, out)
    assert (out / "programs" / "harbor-light-evening-iop" / "index.html").is_file()
    assert (out / "programs" / "online-only" / "index.html").is_file()
    assert not (out / "programs" / "closed-one").exists()  # closed: kept in the repository, not listed
    state = (out / "states" / "nj" / "index.html").read_text()
    assert "Harbor Light Evening IOP" in state and "closed-one" not in state
    assert 'href="/programs/online-only/"' in state
    assert "New Jersey" in (out / "states" / "index.html").read_text()
    home = (out / "index.html").read_text()
    assert "This directory lists 2 programs in 1 state," in home


def test_program_page_shows_computed_facts_and_not_reported(programs, tmp_path):
    out = tmp_path / "output"
    build(programs, out)
    page = (out / "programs" / "harbor-light-evening-iop" / "index.html").read_text()
    assert '<a href="tel:+19735550142">(973) 555-0142</a>' in page
    assert "<dt>Hours a week</dt><dd>9</dd>" in page
    assert "<dt>Evening sessions (4 pm or later)</dt><dd>Yes</dd>" in page
    assert "<dt>Weekend sessions</dt><dd>No</dd>" in page
    assert '<dt>Medicare</dt><dd><span class="unknown">Not reported</span></dd>' in page
    assert "<dt>Medicaid</dt><dd>Yes</dd>" in page
    assert 'class="badge badge-fresh"' in page and "(55 days ago)" in page


def test_invalid_listing_stops_the_build_and_keeps_the_previous_output(programs, tmp_path, capsys):
    out = tmp_path / "output"
    build(programs, out)
    before = snapshot(out)
    write(programs, "nj", "broken", VALID.replace("id: harbor-light-evening-iop", "id: broken").replace("medicaid: true", "medicaid: yes"))
    from pelican.plugins.iopdir import ListingsInvalid

    # DELETE_OUTPUT_DIRECTORY as in publishconf.py: validation must still come before the folder is emptied.
    with pytest.raises(ListingsInvalid, match=r"1 error\(s\) in listings; nothing was written or deleted"):
        build(programs, out, DELETE_OUTPUT_DIRECTORY=True)
    assert f"{programs}/nj/broken.yaml:32:13: error: insurance.medicaid: expected true or false, got 'yes'" in capsys.readouterr().err
    assert snapshot(out) == before


def test_pelican_command_line_from_the_repository_root(tmp_path):
    """Pelican's own convention: `pelican content -s pelicanconf.py -o DIR` from the repository root."""
    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    listed = [p for p in (ROOT / "programs").rglob("*.yaml") if "status: closed" not in p.read_text()]
    assert len(listed) >= 24
    for listing in listed:
        assert (out / "programs" / listing.stem / "index.html").is_file(), listing


def test_failed_command_line_build_exits_1_without_traceback(tmp_path):
    programs = tmp_path / "programs"
    write(programs, "nj", "harbor-light-evening-iop", VALID.replace("medicaid: true", "medicaid: yes"))
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("previous build")
    done = pelican_command(tmp_path, out, IOPDIR_PROGRAMS_PATH=str(programs))
    assert done.returncode == 1
    assert "programs/nj/harbor-light-evening-iop.yaml:32:13: error: insurance.medicaid: expected true or false, got 'yes'" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr  # pelican logs an Exception's traceback, even without -v
    assert done.stderr.strip().endswith("1 error(s) in listings; nothing was written or deleted")
    assert [p.name for p in out.iterdir()] == ["keep.html"]


def _build_in_own_process(programs: Path, base: Path, parallel, ok: bool = True, verbose: bool = True,
                          **settings) -> subprocess.CompletedProcess:
    """`pelican` as its own process, as a publisher runs it (with its progress spinner's thread)."""
    done = pelican_command(base, base / "output", *(["-v"] if verbose else []), IOPDIR_PROGRAMS_PATH=str(programs),
                           IOPDIR_TODAY="2026-11-25", IOPDIR_INDEX_PATH=str(base / "index"),
                           IOPDIR_CACHE_PATH=str(base / "cache"), CACHE_PATH=str(base / "pelican-cache"),
                           IOPDIR_PARALLEL=parallel, **settings)
    assert (done.returncode == 0) == ok, done.stdout + done.stderr
    return done


def test_a_build_shared_with_a_second_process_is_the_same(tmp_path):
    """IOPDIR_PARALLEL: validation in two parts; the data files made by a second process while this one writes the
    pages. Every file of the site must be byte for byte that of a build in one process."""
    programs = tmp_path / "programs"
    from iopdir.tools.synthetic import generate

    generate(60, programs, seed=3, today=dt.date(2026, 11, 25))
    one = _build_in_own_process(programs, tmp_path / "one", False)
    two = _build_in_own_process(programs, tmp_path / "two", True)
    said = " ".join((two.stdout + two.stderr).split())  # Pelican's log wraps long lines
    assert "; data files beside them, in a second process (then waited" in said
    assert "beside them" not in one.stdout + one.stderr
    files_one, files_two = snapshot(tmp_path / "one" / "output"), snapshot(tmp_path / "two" / "output")
    assert len([f for f in files_one if f.startswith("compare/data/")]) == 8  # 60 programs in 8 shards
    assert len([f for f in files_one if f.startswith("search/data/")]) > 50
    assert files_two == files_one
    # The files the child made are recorded like the others: a rebuild skips as many files either way.
    skipped = [re.search(r"pages in [0-9.]+ s \((\d+) unchanged, skipped\)", done.stdout + done.stderr).group(1)
               for done in (_build_in_own_process(programs, tmp_path / "one", False),
                            _build_in_own_process(programs, tmp_path / "two", True))]
    assert skipped[0] == skipped[1]
    assert int(skipped[0]) >= 68  # 60 pages and 8 comparison data shards at least


def test_when_the_second_process_fails_the_build_says_why_in_one_line(tmp_path):
    programs = tmp_path / "programs"
    from iopdir.tools.synthetic import generate

    generate(20, programs, seed=4, today=dt.date(2026, 11, 25))
    base = tmp_path / "site"
    base.mkdir()
    (base / "index").write_text("a file where the index folder should be")
    done = _build_in_own_process(programs, base, True, ok=False, verbose=False)  # -v shows every traceback
    said = " ".join((done.stdout + done.stderr).split())  # Pelican's log wraps long lines
    assert done.returncode == 1
    assert "the search and comparison data could not be made: NotADirectoryError: [Errno 20] Not a directory:" in said
    assert "Traceback" not in said
