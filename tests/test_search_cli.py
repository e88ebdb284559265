"""`iopdir search`: ranked results, filters that never match unknown facts, distance, and exact output."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from iopdir.cli import main

# Verified ten days ago, whenever the test runs: the freshness shown is then always "fresh".
VERIFIED = (dt.date.today() - dt.timedelta(days=10)).isoformat()
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text().replace("2026-10-01", VERIFIED)


def variant(pid, name, **swaps):
    text = VALID.replace("id: harbor-light-evening-iop", f"id: {pid}").replace("name: Harbor Light Evening IOP", f"name: {name}")
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def programs(tmp_path, monkeypatch):
    """Three New Jersey programs: evening + Medicaid (Newark), daytime with Medicaid unknown (Trenton), and one
    whose listing says nothing of insurance or schedule."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / "harbor-light-evening-iop.yaml").write_text(VALID)
    (folder / "trenton-day-iop.yaml").write_text(variant(
        "trenton-day-iop", "Trenton Day IOP", **{
            'start: "18:00"': 'start: "09:00"', 'end: "21:00"': 'end: "12:00"', "  medicaid: true\n": "  private: true\n",
            "city: Newark": "city: Trenton", '"07102"': '"08608"', "[alcohol, opioids]": "[depression, anxiety]",
            "summary: Evening IOP for working adults with alcohol or opioid use.": "summary: Daytime counseling for adults with depression."}))
    (folder / "quiet-listing-iop.yaml").write_text(variant(
        "quiet-listing-iop", "Quiet Listing IOP", **{
            "insurance:\n  medicaid: true\n": "",
            "tracks:\n  - name: Evening track\n    audience: adults\n    timezone: America/New_York\n    sessions:\n"
            '      - days: [mon, tue, thu]\n        start: "18:00"\n        end: "21:00"\n': ""}))
    return tmp_path / "programs"


def search(capsys, *argv):
    code = main(["search", *argv, "--programs", "programs", "--index", "index"])
    out, err = capsys.readouterr()
    return code, out, err


def ids(capsys, *argv):
    code, out, err = search(capsys, *argv, "--format", "json")
    assert code == 0, err
    return [r["id"] for r in json.loads(out)]


def test_empty_query_lists_everything_by_name(programs, capsys):
    assert ids(capsys) == ["harbor-light-evening-iop", "quiet-listing-iop", "trenton-day-iop"]


def test_words_rank_by_bm25f(programs, capsys):
    # "Evening" is in Harbor Light's name and summary, and only in Quiet Listing's summary.
    assert ids(capsys, "evening") == ["harbor-light-evening-iop", "quiet-listing-iop"]
    assert ids(capsys, "depression") == ["trenton-day-iop"]
    # Every word must match.
    assert ids(capsys, "evening depression") == []


def test_prefix_matches(programs, capsys):
    assert ids(capsys, "counsel") == ["trenton-day-iop"]  # "counseling"
    assert ids(capsys, "tren") == ["trenton-day-iop"]


def test_unknown_never_matches_a_filter(programs, capsys):
    # Quiet Listing IOP reports neither a schedule nor insurance: it matches neither filter.
    assert ids(capsys, "--evening") == ["harbor-light-evening-iop"]
    assert ids(capsys, "--insurance", "medicaid") == ["harbor-light-evening-iop"]
    assert ids(capsys, "--insurance", "private") == ["trenton-day-iop"]
    assert ids(capsys, "--online", "--state", "nj") == ["harbor-light-evening-iop", "quiet-listing-iop", "trenton-day-iop"]
    assert ids(capsys, "--state", "ny") == []


def test_filters_combine(programs, capsys):
    assert ids(capsys, "--evening", "--insurance", "private") == []
    assert ids(capsys, "--accredited", "--language", "es", "--condition", "depression") == ["trenton-day-iop"]


def test_near_and_distance_sort(programs, capsys):
    code, out, _ = search(capsys, "--near", "08608", "--miles", "100", "--format", "json")
    found = [(r["id"], r["miles"]) for r in json.loads(out)]
    assert found[0] == ("trenton-day-iop", 0.0)
    assert {i for i, _ in found[1:]} == {"harbor-light-evening-iop", "quiet-listing-iop"}
    assert all(m > 40 for _, m in found[1:])
    assert ids(capsys, "--near", "08608", "--miles", "10") == ["trenton-day-iop"]


def test_table_output(programs, capsys):
    code, out, err = search(capsys, "evening")
    # The word names a filter: standard error offers it (iopdir.search.query.offers), standard output is the table.
    assert (code, err) == (0, "Filters your words name:\n  Only programs with evening sessions — 1   (--evening)\n")
    # The headers and values are a card's (iopdir.listing.facts): the words of the site's cards.
    assert out.splitlines() == [
        "  #  Program                             Place                 Miles  Hours a week  Evening sessions  "
        "Weekend sessions  Online option  Insurance                   Last verified",
        "  1  Harbor Light Evening IOP            Newark, NJ                   9             Yes               "
        f"No                Yes            Medicaid                    {VERIFIED} (Recently verified)",
        "  2  Quiet Listing IOP                   Newark, NJ                   Not reported  Not reported      "
        f"Not reported      Yes            Not reported                {VERIFIED} (Recently verified)",
        "2 programs",
    ]


def test_csv_output(programs, capsys):
    code, out, _ = search(capsys, "--format", "csv", "--insurance", "medicaid")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["harbor-light-evening-iop"]
    assert rows[0]["evening"] == "yes" and rows[0]["weekend"] == "no" and rows[0]["hours_per_week"] == "9"


def test_unknown_schedule_reads_not_reported(programs, capsys):
    code, out, _ = search(capsys, "quiet", "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["evening"], row["weekend"], row["hours_per_week"], row["insurance"]) == (
        "not reported", "not reported", "", "Not reported")


def test_no_results(programs, capsys):
    assert search(capsys, "xyzzy") == (0, "No programs match.\n", "")


def test_usage_errors_exit_2(programs, capsys):
    assert search(capsys, "--near", "00000") == (2, "", "iopdir search: unknown ZIP code '00000'\n")
    assert search(capsys, "--miles", "5") == (2, "", "iopdir search: --miles needs --near ZIP\n")
    assert search(capsys, "--sort", "distance") == (2, "", "iopdir search: sorting by distance needs a ZIP code (--near)\n")


def test_index_follows_the_listings(programs, capsys):
    assert ids(capsys, "trenton") == ["trenton-day-iop"]
    (programs / "nj" / "trenton-day-iop.yaml").unlink()
    assert ids(capsys, "trenton") == []


def test_invalid_listings_stop_the_search(programs, capsys):
    (programs / "nj" / "trenton-day-iop.yaml").write_text("id: trenton-day-iop\n")
    code, out, err = search(capsys, "x")
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "iopdir: 10 errors in listings; fix them to search"


def test_an_index_from_other_code_is_rebuilt(programs, capsys, monkeypatch):
    """A newer version of the software may index differently: its first search rebuilds an older index."""
    from iopdir.search import index

    assert ids(capsys, "trenton") == ["trenton-day-iop"]
    before = (Path("index") / index.FINGERPRINT).read_text()
    monkeypatch.setattr(index, "code_key", lambda: "another version")
    assert ids(capsys, "trenton") == ["trenton-day-iop"]
    assert (Path("index") / index.FINGERPRINT).read_text() != before
