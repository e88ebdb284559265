"""Importing the whole seven-state extract, then a trimmed copy of it as "next year's" directory: no intensive
outpatient row is lost without a reason; listings whose facility left the file are closed (with why and when),
listings providers took over are left alone (one whose facility left is reported), a second run changes no byte,
and the facilities that come back are reopened as a fresh import would write them."""

import contextlib
import csv
import datetime as dt
import gzip
import io
import shutil
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.cli import main
from iopdir.listing.yamlstrict import load
from iopdir.tools import nsumhss
from iopdir.tools.importer import format_summary, import_nsumhss

FIXTURES = Path(__file__).parent / "fixtures"
DEFINITIONS = FIXTURES / "nsumhss" / "service_definitions.csv"
THIS_YEAR, NEXT_YEAR = dt.date(2023, 3, 31), dt.date(2024, 3, 31)

# Facilities of the extract and what next year's file does with them.
GONE = {"substance_7358": "nj/east-orange-substance-abuse-trt-prog.yaml",
        "substance_311": "az/lifewell-mesa.yaml", "mental_266": "az/lifewell-mesa.yaml"}  # address withheld
NO_MORE_IOP = {"substance_11745": "wa/programa-ser-renton.yaml"}  # still in the file, without OIT
TAKEN_OVER_GONE = {"substance_303": "az/crossroads-extension-for-women-mesa.yaml"}  # a provider's now; left the file
TAKEN_OVER = "nj/the-bridge-caldwell.yaml"  # a provider's now; still in the file
PROVIDERS_OWN = "nj/harbor-light-evening-iop.yaml"  # never imported: no SAMHSA source

CLOSED = {path: "no longer in SAMHSA's national directory as of 2024-03-31" for path in GONE.values()} | {
    path: "SAMHSA's national directory as of 2024-03-31 no longer lists intensive outpatient treatment here"
    for path in NO_MORE_IOP.values()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("next-year")


@pytest.fixture(scope="module")
def extract(folder) -> Path:
    """The shared seven-state extract (tests/fixtures/nsumhss/README.md), unpacked."""
    path = folder / "facilities-7-states.csv"
    path.write_bytes(gzip.decompress((FIXTURES / "nsumhss" / "facilities-7-states.csv.gz").read_bytes()))
    return path


def rewrite(source: Path, path: Path, change) -> Path:
    """`source` with `change(row)` applied to each row (None: the row is left out)."""
    with open(source, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        writer.writerows(filter(None, map(change, rows)))
    return path


@pytest.fixture(scope="module")
def next_year(folder, extract) -> Path:
    def change(row):
        if row["facility_id"] in GONE or row["facility_id"] in TAKEN_OVER_GONE:
            return None
        if row["facility_id"] in NO_MORE_IOP:
            assert " OIT " in row["service_code_info"]
            row["service_code_info"] = row["service_code_info"].replace(" OIT ", " ")
        return row

    return rewrite(extract, folder / "next-year.csv", change)


def cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", "nsumhss", *map(str, argv), "--definitions", str(DEFINITIONS)])
    return code, out.getvalue(), err.getvalue()


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*"))
            if p.is_file()}


def data(out: Path, path: str) -> dict:
    return load((out / path).read_bytes(), path).data


def take_over(path: Path) -> None:
    """What a provider's pull request does: their own check, their date; the SAMHSA source line stays."""
    path.write_text(path.read_text().replace("verified_by: import", "verified_by: provider")
                    .replace('last_verified: "2023-03-31"', 'last_verified: "2024-01-15"'))


@pytest.fixture(scope="module")
def years(folder, extract, next_year):
    """This year's import (by the command), next year's twice, then this year's file again, in one folder."""
    out = folder / "programs"
    first = cli(extract, "--out", out)
    after_first = snapshot(out)
    take_over(out / TAKEN_OVER)
    take_over(out / TAKEN_OVER_GONE["substance_303"])
    shutil.copy(FIXTURES / "valid-listing.yaml", out / PROVIDERS_OWN)
    before = snapshot(out)
    second = import_nsumhss(next_year, DEFINITIONS, out, as_of=NEXT_YEAR)
    after_second = snapshot(out)
    shutil.copytree(out, folder / "second")  # as next year's import left it, for the tests to read
    third = import_nsumhss(next_year, DEFINITIONS, out, as_of=NEXT_YEAR)
    after_third = snapshot(out)
    fourth = import_nsumhss(extract, DEFINITIONS, out, as_of=NEXT_YEAR)
    return {"first": first, "after_first": after_first, "before": before, "second": second,
            "after_second": after_second, "third": third, "after_third": after_third, "fourth": fourth,
            "after_fourth": snapshot(out), "second_folder": folder / "second"}


# --- this year: every intensive outpatient row ----------------------------------------------------------------------

def test_every_iop_row_of_the_extract_is_imported(years, extract):
    code, stdout, stderr = years["first"]
    assert (code, stdout) == (0, """\
3,831 rows read, 1,139 with intensive outpatient treatment (OIT)
1,139 listings: 1,139 created, 0 updated, 0 unchanged, 0 closed, 0 reopened, 0 skipped; 360 merged from both \
directories
0 rows not imported
""")
    # Without a terminal, progress is a line a step and one every 1,000 listings.
    assert stderr == ("checking listings (1,139)\nchecking listings: 1,000 of 1,139\n"
                      "writing listings (1,139)\nwriting listings: 1,000 of 1,139\n")
    rows = nsumhss.read_facilities(extract)
    iop = {r.facility_id for r in rows if r.offers_iop}
    assert len(iop) == 1139
    first = {path: load(raw, path).data for path, (raw, _) in years["after_first"].items()}
    withheld = sorted(p for p, d in first.items() if d["locations"][0].get("address_published") is False)
    no_street = {r.facility_id for r in rows if r.offers_iop and not nsumhss.has_street(r.street1)}
    assert len(no_street) == 15 and len(withheld) == 15  # the rows a street-only import lost
    assert all("street" not in d["locations"][0] and "street2" not in d["locations"][0]
               for p, d in first.items() if p in withheld)


# --- next year --------------------------------------------------------------------------------------------------------

def test_next_years_summary(years):
    lines = format_summary(years["second"]).splitlines()
    assert lines[:2] == [
        "3,827 rows read, 1,135 with intensive outpatient treatment (OIT)",
        "1,139 listings: 0 created, 1,134 updated, 0 unchanged, 3 closed, 0 reopened, 2 skipped; 359 merged from "
        "both directories"]
    assert sorted(lines[2:-1]) == sorted([
        *(f"closed {path}: {why}" for path, why in {
            "nj/east-orange-substance-abuse-trt-prog.yaml": "not in the directory any more",
            "az/lifewell-mesa.yaml": "not in the directory any more",
            "wa/programa-ser-renton.yaml": "the directory no longer lists intensive outpatient treatment there",
        }.items()),
        "skipped az/crossroads-extension-for-women-mesa.yaml: not in the directory any more, but verified by "
        "provider: not closed; a maintainer should check whether the program has closed",
        f"skipped {TAKEN_OVER}: verified by provider; not overwritten"])
    assert lines[-1] == "0 rows not imported"


@pytest.mark.parametrize("path", sorted(CLOSED))
def test_a_listing_whose_facility_left_is_closed_with_why_and_when(years, path):
    before, after = load(years["before"][path][0], path).data, data(years["second_folder"], path)
    assert after["status"] == "closed"
    assert after["summary"] == f"Closed: {CLOSED[path]}. Imported listing, kept for the record."
    assert after["verification"] == {**before["verification"], "last_verified": "2024-03-31"}
    unchanged = {k: v for k, v in after.items() if k not in ("status", "summary", "verification")}
    assert unchanged == {k: v for k, v in before.items() if k not in ("status", "summary", "verification")}


def test_closed_listings_stay_in_the_folder_unpublished(years):
    second = years["second_folder"]
    report = validate_paths([second])
    assert report.errors == []
    unlisted = sorted(str(Path(p.source_path).relative_to(second)) for p in report.programs if not p.listed)
    assert unlisted == sorted(CLOSED)


def test_listings_providers_took_over_are_untouched(years):
    for path in (TAKEN_OVER, *TAKEN_OVER_GONE.values(), PROVIDERS_OWN):
        assert years["after_second"][path] == years["before"][path], path
        assert years["after_fourth"][path] == years["before"][path], path


def test_a_second_run_of_next_year_changes_no_byte(years):
    assert years["after_third"] == years["after_second"]  # same bytes, same modification times
    assert format_summary(years["third"]).splitlines()[1] == (
        "1,139 listings: 0 created, 0 updated, 1,137 unchanged, 0 closed, 0 reopened, 2 skipped; 359 merged from both "
        "directories")


def test_facilities_that_come_back_are_reopened_as_a_fresh_import_writes_them(years):
    assert format_summary(years["fourth"]).splitlines()[1] == (
        "1,139 listings: 0 created, 0 updated, 1,134 unchanged, 0 closed, 3 reopened, 2 skipped; 360 merged from both "
        "directories")
    assert sorted(str(o.path) for o in years["fourth"].listings if o.action == "reopened") == sorted(CLOSED)
    # Every listing not a provider's is this year's import again, but for the date: what a fresh import writes.
    providers = {TAKEN_OVER, *TAKEN_OVER_GONE.values(), PROVIDERS_OWN}
    assert {p: raw for p, (raw, _) in years["after_fourth"].items() if p not in providers} == \
        {p: raw.replace(b'last_verified: "2023-03-31"', b'last_verified: "2024-03-31"')
         for p, (raw, _) in years["after_first"].items() if p not in providers}


def test_closing_looks_only_at_the_states_imported(years, next_year, folder):
    out = folder / "states"
    shutil.copytree(folder / "programs", out)  # all open again
    summary = import_nsumhss(next_year, DEFINITIONS, out, states="WA", as_of=NEXT_YEAR)
    assert sorted(str(o.path) for o in summary.listings if o.action == "closed") == ["wa/programa-ser-renton.yaml"]


def test_a_facility_in_the_file_that_cannot_be_imported_keeps_its_listing(tmp_path):
    """Its row is reported with why; its listing of last year is neither closed nor changed (the slice, for speed)."""
    from tests.test_import_nsumhss import FACILITIES, derived_csv

    out = tmp_path / "programs"
    import_nsumhss(FACILITIES, DEFINITIONS, out)
    path = out / "wa" / "programa-ser-renton.yaml"
    before = path.read_bytes()

    def no_phone(row):
        if row["facility_id"] == "substance_11745":
            row["phone"] = row["intake1"] = row["intake2"] = ""
        return row

    summary = import_nsumhss(derived_csv(tmp_path, no_phone), DEFINITIONS, out)
    assert [(n.facility_id, n.reason) for n in summary.not_imported] == [("substance_11745", "no phone number")]
    assert [o.action for o in summary.listings].count("closed") == 0
    assert path.read_bytes() == before
