"""Issue 16, item 8 (in part): Windows-reserved ids are errors, `iopdir search --limit` and `--miles` take only
sensible numbers, and a development build removes the pages of listings that closed or went away."""

import datetime as dt
import json
from pathlib import Path

import pytest

from iopdir.build import outputs
from iopdir.cli import main
from iopdir.fingerprint import read_signed, write_signed
from iopdir.listing.validation import validate_bytes
from iopdir.tools.importer import assign_ids
from tests.sites import build_site, published

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = dt.date(2026, 11, 25)


def listing(pid: str) -> str:
    return VALID.replace("id: harbor-light-evening-iop", f"id: {pid}")


# --- Windows-reserved ids -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pid", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_a_windows_reserved_id_is_an_error_with_a_hint(tmp_path, pid):
    path = tmp_path / "nj" / f"{pid}.yaml"
    checked = validate_bytes(listing(pid).encode(), str(path), path, TODAY)
    assert checked.program is None
    assert [(f.field, f.message) for f in checked.findings if f.is_error] == [
        ("id", f"'{pid}' is a reserved file name on Windows ({pid}.yaml cannot be checked out there); add a word, "
               f"e.g. '{pid}-<city>'")]


@pytest.mark.parametrize("pid", ["CON", "Aux", "con.txt", "lpt1.old"])
def test_reserved_names_count_in_any_case_and_with_an_extension(pid):
    # The schema's pattern refuses these ids too; the reserved name is named as well, whatever its case.
    checked = validate_bytes(listing(pid).encode(), "x.yaml", None, TODAY)
    assert any(f.field == "id" and "reserved file name on Windows" in f.message for f in checked.findings)


@pytest.mark.parametrize("pid", ["con-newark", "console-iop", "com10", "lpt", "nul-1", "auxiliary"])
def test_ids_that_only_look_reserved_are_fine(tmp_path, pid):
    path = tmp_path / "nj" / f"{pid}.yaml"
    checked = validate_bytes(listing(pid).encode(), str(path), path, TODAY)
    assert checked.program is not None, checked.findings


def test_the_importer_numbers_a_reserved_id():
    built = [((type("Row", (), {"facility_id": "substance_1"})(),), {"name": "AUX", "locations": [{"city": "Aux",
                                                                                                  "state": "NJ"}]})]
    assert assign_ids(built) == ["aux-2"]


# --- search arguments -----------------------------------------------------------------------------------------------

@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    today = dt.date.today().isoformat()  # fresh whenever the test runs
    (folder / "harbor-light-evening-iop.yaml").write_text(VALID.replace("2026-10-01", today))
    (folder / "second-iop.yaml").write_text(listing("second-iop").replace("2026-10-01", today)
                                             .replace("name: Harbor Light Evening IOP", "name: Second IOP"))
    return folder.parent


def search(capsys, *argv):
    try:
        code = main(["search", *argv, "--programs", "programs", "--index", "index"])
    except SystemExit as exc:  # argparse refuses the value
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "all"])
def test_limit_must_be_one_or_more(programs, capsys, value):
    code, out, err = search(capsys, f"--limit={value}", "--format", "json")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"iopdir search: error: argument --limit: expected a whole number of 1 or more, " \
                                   f"got '{value}'"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-5", "ten"])
def test_miles_must_be_a_finite_positive_number(programs, capsys, value):
    code, out, err = search(capsys, "--near", "07102", f"--miles={value}", "--format", "json")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"iopdir search: error: argument --miles: expected a number of miles above 0, " \
                                   f"got '{value}'"


def test_sensible_limit_and_miles_still_work(programs, capsys):
    code, out, err = search(capsys, "--limit", "1", "--near", "07102", "--miles", "0.5", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)) == 1


# --- a development build removes the pages of closed listings -------------------------------------------------------

def build(tmp_path: Path) -> Path:
    return build_site(tmp_path / "output", tmp_path / "programs", IOPDIR_TODAY=TODAY.isoformat())


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "programs"
    (folder / "nj").mkdir(parents=True)
    (folder / "nj" / "harbor-light-evening-iop.yaml").write_text(VALID)
    (folder / "nj" / "closing-soon.yaml").write_text(listing("closing-soon"))
    ohio = (listing("buckeye-iop").replace("city: Newark", "city: Columbus").replace("state: NJ", "state: OH")
            .replace('"07102"', '"43215"').replace("[NJ]", "[OH]"))
    (folder / "oh").mkdir()
    (folder / "oh" / "buckeye-iop.yaml").write_text(ohio)
    out = build(tmp_path)
    assert sorted(published(out)) == ["buckeye-iop", "closing-soon", "harbor-light-evening-iop"]
    assert (out / "states" / "oh" / "index.html").is_file() and (out / "states" / "oh" / "compare").is_dir()
    return tmp_path


def test_a_closed_listings_page_is_removed_by_a_development_build(site):
    path = site / "programs" / "nj" / "closing-soon.yaml"
    path.write_text(path.read_text().replace("status: active", "status: closed"))
    out = build(site)
    assert sorted(published(out)) == ["buckeye-iop", "harbor-light-evening-iop"]
    assert not (out / "programs" / "closing-soon").exists()  # its folder too, once empty
    assert "closing-soon" not in (out / "states" / "nj" / "index.html").read_text()


def test_a_removed_listing_takes_its_page_and_an_emptied_state_with_it(site):
    (site / "programs" / "oh" / "buckeye-iop.yaml").unlink()
    out = build(site)
    assert sorted(published(out)) == ["closing-soon", "harbor-light-evening-iop"]
    assert not (out / "programs" / "buckeye-iop").exists()
    assert not (out / "states" / "oh").exists()  # the state page and its comparison table
    assert (out / "states" / "nj" / "index.html").is_file()


def test_only_our_pages_inside_the_output_are_ever_removed(site, tmp_path):
    # The record of what was made sits in the cache folder, signed: even a record that passes its check (written
    # here with this user's key, as a bug or a stale record might) removes nothing but our own pages.
    outside = tmp_path / "outside.html"
    outside.write_text("keep")
    cache = tmp_path / "iopdir-cache" / "outputs.json"
    record = json.loads(bytes(read_signed(cache, outputs.KIND)))
    for planted in ("index.html", "../outside.html", str(outside), "programs/../../outside.html", "theme/css/main.css",
                    "programs/x/../../index.html"):
        record[planted] = "0"
    # A page's folder that is a link out of the output: its target's index.html is not ours either.
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "index.html").write_text("keep")
    (tmp_path / "output" / "programs" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    record["programs/linked/index.html"] = "0"
    write_signed(cache, outputs.KIND, json.dumps(record).encode())
    out = build(site)
    assert outside.read_text() == "keep" and (tmp_path / "elsewhere" / "index.html").read_text() == "keep"
    assert (out / "index.html").is_file()
    assert sorted(set(published(out)) - {"linked"}) == ["buckeye-iop", "closing-soon", "harbor-light-evening-iop"]
