"""The importer writes safely (issue 16, item 3): never through a planted link, ids unique against every listing
already in --out whatever states a run imports, and a malformed CSV is one clear line and exit 2 with nothing
written."""

from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.cli import main
from iopdir.tools.importer import import_nsumhss
from tests.sites import build_site, published
from tests.test_import_nsumhss import derived_csv  # the fixture with a change made to each row

FIXTURES = Path(__file__).parent / "fixtures" / "nsumhss"
FACILITIES = FIXTURES / "facilities.csv"
DEFINITIONS = FIXTURES / "service_definitions.csv"
LISTING = "nj/the-bridge-caldwell.yaml"


def cli(capsys, facilities, out, *more) -> tuple[int, str, str]:
    code = main(["import", "nsumhss", str(facilities), "--definitions", str(DEFINITIONS), "--out", str(out), *more])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "programs"


@pytest.fixture
def victim(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "victim.txt"
    path.parent.mkdir()
    path.write_text("not the importer's to write\n")
    return path


# --- never writing through a link -----------------------------------------------------------------------------------

def test_a_link_planted_at_the_temporary_name_is_not_written_through(out, victim):
    # The name the importer used to write to before renaming: predictable, so it could be planted.
    (out / "nj").mkdir(parents=True)
    planted = out / "nj" / ".the-bridge-caldwell.yaml.tmp"
    planted.symlink_to(victim)
    summary = import_nsumhss(FACILITIES, DEFINITIONS, out)
    assert victim.read_text() == "not the importer's to write\n"
    listing = out / LISTING
    assert listing.is_file() and not listing.is_symlink()
    assert listing.read_text().startswith("# yaml-language-server")
    assert planted.is_symlink()  # left as it was: not the importer's either
    assert len(summary.listings) == 20 and validate_paths([out / "nj" / "the-bridge-caldwell.yaml"]).ok


def test_a_listing_in_out_that_is_a_link_stops_the_import_before_anything_is_written(out, victim, capsys):
    (out / "nj").mkdir(parents=True)
    (out / LISTING).symlink_to(victim)
    code, stdout, err = cli(capsys, FACILITIES, out)
    assert (code, stdout) == (2, "")
    assert err == (f"iopdir import nsumhss: {out / LISTING} is a symbolic link; it must be a regular file (replace the "
                   f"link with the file itself); nothing was written\n")
    assert victim.read_text() == "not the importer's to write\n"
    assert tree(out) == ["nj", LISTING]


def test_a_state_folder_in_out_that_is_a_link_stops_the_import(out, victim, capsys):
    out.mkdir()
    (out / "nj").symlink_to(victim.parent, target_is_directory=True)
    code, _, err = cli(capsys, FACILITIES, out)
    assert code == 2 and err.count("\n") == 1
    assert f"{out / 'nj'} is a symbolic link to a folder" in err and "nothing was written" in err
    assert tree(victim.parent) == ["victim.txt"]
    assert tree(out) == ["nj"]


# --- ids unique across runs -----------------------------------------------------------------------------------------

def _a_second_bridge(row):
    # An Ohio program with the same name as one in Caldwell, NJ, in Caldwell, OH: the same id from name and city.
    if row["facility_id"] in ("mental_5752", "substance_9085"):  # Dayton VA Medical Center, OH, in both directories
        row.update(name1="The Bridge", name2="", city="Caldwell", zip="43724")
    return row


def test_states_imported_in_separate_runs_never_share_an_id_and_the_site_builds(tmp_path, out):
    facilities = derived_csv(tmp_path, _a_second_bridge)
    import_nsumhss(facilities, DEFINITIONS, out, states="NJ")
    ohio = import_nsumhss(facilities, DEFINITIONS, out, states="OH")
    assert "oh/the-bridge-caldwell-2.yaml" in [str(o.path) for o in ohio.listings]
    report = validate_paths([out])
    assert report.errors == []
    ids = [p.id for p in report.programs]
    assert len(ids) == len(set(ids)) == 6
    # Stable: the same runs again change nothing, and one run of every state agrees with them.
    for states in ("OH", "NJ"):
        again = import_nsumhss(facilities, DEFINITIONS, out, states=states)
        assert {o.action for o in again.listings} == {"unchanged"}, states
    everything = import_nsumhss(facilities, DEFINITIONS, out)
    assert {o.action for o in everything.listings if o.path.parent.name in ("nj", "oh")} == {"unchanged"}
    assert validate_paths([out]).errors == []
    site = build_site(tmp_path / "output", out, IOPDIR_TODAY="2026-11-25")
    assert {"the-bridge-caldwell", "the-bridge-caldwell-2"} <= set(published(site))


def test_an_id_held_by_a_listing_in_another_state_folder_is_not_taken(tmp_path, out):
    # A provider's own listing elsewhere (say, a telehealth-only one filed under its headquarters' state).
    (out / "ny").mkdir(parents=True)
    (out / "ny" / "the-bridge-caldwell.yaml").write_text("status: active\n")
    summary = import_nsumhss(FACILITIES, DEFINITIONS, out, states="NJ")
    assert "nj/the-bridge-caldwell-2.yaml" in [str(o.path) for o in summary.listings]
    assert (out / "ny" / "the-bridge-caldwell.yaml").read_text() == "status: active\n"


# --- malformed CSVs -------------------------------------------------------------------------------------------------

HEADER = FACILITIES.read_text(encoding="utf-8").splitlines()[0]
GOOD = FACILITIES.read_bytes()


def _cut(data: bytes) -> bytes:
    return data[: data.rindex(b",") - 5]  # mid-field, in the last row


MALFORMED = {
    "truncated": (_cut(GOOD), "fields where the header has 15 (the file is cut short or damaged)"),
    "unterminated-quote": (GOOD.replace(b"Aurora Behavioral Healthcare", b'"Aurora Behavioral Healthcare', 1),
                           "unexpected end of data (a quote left open, or the file cut short)"),
    "stray-quote": (GOOD.replace(b",Aurora Behavioral Healthcare", b',"Aurora" Behavioral Healthcare', 1),
                    "',' expected after '\"' (a quote left open, or the file cut short)"),
    "truncated-in-a-quote": (GOOD + b'mental_9999,mental,"Half a na',
                             "unexpected end of data (a quote left open, or the file cut short)"),
    "long-field": (GOOD.replace(b"Aurora Behavioral Healthcare", b"A" * 5000, 1),
                   "the field name1 is 5,000 characters long; at most 4,000 expected"),
    "over-long-field": (GOOD.replace(b"Aurora Behavioral Healthcare", b"A" * 200_000, 1),  # over csv's own limit
                        "a field is over 131,072 characters long; at most 4,000 expected"),
    # csv.DictReader kept the last of two columns of one name: the city would silently be another column's value.
    "duplicate-header": (GOOD.replace(b"service_code_info", b"service_code_info,city", 1),
                         "line 1: the header names city twice"),
    "newline-in-a-field": (GOOD.replace(b"Aurora Behavioral Healthcare", b'"Aurora\nBehavioral Healthcare"', 1),
                           "the field name1 holds a line break (a quote left open?)"),
    "not-utf8": (GOOD.replace(b"Aurora", "Aur\u00f3ra".encode("latin-1"), 1),
                 "is not UTF-8 text (byte 0xf3); expected a facilities file saved as UTF-8"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_csv_is_one_line_exit_2_and_nothing_written(tmp_path, out, capsys, case):
    data, expected = MALFORMED[case]
    facilities = tmp_path / f"{case}.csv"
    facilities.write_bytes(data)
    (out / "nj").mkdir(parents=True)
    before = tree(out)
    code, stdout, err = cli(capsys, facilities, out)
    assert (code, stdout) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"iopdir import nsumhss: {facilities} line ") or err.startswith(
        f"iopdir import nsumhss: {facilities}:")
    assert expected in err
    assert tree(out) == before


def test_a_malformed_definitions_file_is_refused_the_same_way(tmp_path, out, capsys):
    definitions = tmp_path / "definitions.csv"
    definitions.write_bytes(DEFINITIONS.read_bytes() + b'mental,XX,"Open')
    code = main(["import", "nsumhss", str(FACILITIES), "--definitions", str(definitions), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "unexpected end of data" in err
    assert not out.exists()
