"""The whole-directory downloads at /data/ (iopdir.tools.directory, iopdir.build.downloads): one CSV row per
published program with the facts of iopdir.listing.facts as columns, documented on the /data/ page; JSON with every
listing and its computed facts; the listing format's schema; the licence and SAMHSA's credit; made again only when
what they show changed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iopdir.cli import main
from iopdir.listing.facts import FACTS
from iopdir.listing.vocabulary import SCHEMA_FILE
from iopdir.tools import directory
from tests.sites import build_site, published

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid-listing.yaml"
TODAY = "2026-12-01"


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


class _Tables(HTMLParser):
    """The text of each <table>'s cells, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def page_tables(path: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def test_the_columns_are_the_facts_by_key():
    """A fact added to iopdir.listing.facts needs a column (or a place in PER_TRACK): the CSV cannot fall behind."""
    keys = [c.key for c in directory.COLUMNS]
    assert keys[:6] == ["id", "name", "url", "state", "status", "summary"]
    assert keys[6:] == [k for k in FACTS if k not in directory.PER_TRACK]
    # Only a single track's facts are left out (the tracks and timetable columns give every track's).
    assert [k for k in FACTS if k not in keys] == [k for k in FACTS if k.startswith("track_")]
    assert len(set(keys)) == len(keys)
    assert all(c.about for c in directory.COLUMNS)


def test_the_data_page_documents_exactly_the_csv_columns(built_site):
    header = read_csv(built_site / "data" / "programs.csv")[0]
    columns = page_tables(built_site / "data" / "index.html")[0]
    assert columns[0] == ["Column", "What it holds"]
    assert [row[0] for row in columns[1:]] == header
    assert dict((row[0], row[1]) for row in columns[1:])["medicaid"] == FACTS["medicaid"].label


def test_the_data_page_states_the_licence_and_credits_samhsa(built_site):
    text = " ".join((built_site / "data" / "index.html").read_text(encoding="utf-8").split())
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0' in text
    assert "Substance Abuse and Mental Health Services Administration (SAMHSA)" in text
    for name in ("programs.csv", "programs.json", "program.schema.json", "hsds/datapackage.json"):
        assert f'/data/{name}" download>' in text and (built_site / "data" / name).is_file()
    assert (built_site / "data" / "program.schema.json").read_bytes() == SCHEMA_FILE.read_bytes()
    assert 'href="/data/">Download the data</a>' in (built_site / "index.html").read_text(encoding="utf-8")


def test_one_row_and_one_json_entry_per_published_program(built_site):
    ids = sorted(published(built_site))
    table = read_csv(built_site / "data" / "programs.csv")
    assert sorted(row[0] for row in table[1:]) == ids
    assert all(len(row) == len(table[0]) for row in table)
    data = json.loads((built_site / "data" / "programs.json").read_text(encoding="utf-8"))
    assert data["count"] == len(ids) and data["license"]["name"] == "CC-BY-4.0"
    assert sorted(p["listing"]["id"] for p in data["programs"]) == ids
    for entry in data["programs"]:
        assert entry["computed"]["url"] == f"programs/{entry['listing']['id']}/"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Two listings: the fixture as it is, and one that leaves most facts out; and a closed one."""
    base = tmp_path_factory.mktemp("downloads")
    folder = base / "programs" / "nj"
    folder.mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8")
    (folder / "harbor-light-evening-iop.yaml").write_text(text, encoding="utf-8")
    (folder / "closed-iop.yaml").write_text(text.replace("id: harbor-light-evening-iop", "id: closed-iop")
                                            .replace("status: active", "status: closed"), encoding="utf-8")
    return base


def test_values_read_as_the_page_reads_them_and_not_reported_is_not_no(small, tmp_path):
    assert main(["export", "csv", str(tmp_path / "p.csv"), "--programs", str(small / "programs"),
                 "--today", TODAY]) == 0
    header, *body = read_csv(tmp_path / "p.csv")
    assert [row[0] for row in body] == ["harbor-light-evening-iop"]  # the closed listing is left out
    row = dict(zip(header, body[0]))
    assert row["medicaid"] == "Yes" and row["medicare"] == "Not reported"
    assert row["hours"] == "9" and row["evening"] == "Yes" and row["weekend"] == "No"
    assert row["mon"] == "6:00 pm–9:00 pm" and row["wed"] == "No session" and row["timezone"] == "America/New_York"
    assert row["telehealth_states"] == "New Jersey, New York" and row["places"] == "Newark, NJ"
    assert row["organization"] == "Harbor Light Behavioral Health" and row["ownership"] == "Private nonprofit"


def test_json_keeps_the_listing_as_written_with_its_computed_facts(small, tmp_path):
    assert main(["export", "json", str(tmp_path / "p.json"), "--programs", str(small / "programs"),
                 "--today", TODAY, "--license", "CC0-1.0"]) == 0
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["license"] == {"name": "CC0-1.0", "title": "CC0 1.0 Universal (public domain dedication)",
                               "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
    entry, = data["programs"]
    assert entry["listing"]["tracks"][0]["sessions"] == [{"days": ["mon", "tue", "thu"], "start": "18:00",
                                                           "end": "21:00"}]
    computed = entry["computed"]
    assert computed["hours_per_week"] == {"min": 9.0, "max": 9.0}
    assert (computed["evening"], computed["weekend"], computed["online"]) == (True, False, True)
    assert computed["accredited"] is True and computed["freshness"] == "fresh" and computed["days_since_verified"] == 61
    assert computed["phone"] == {"display": "(973) 555-0142", "tel": "tel:+19735550142"}
    assert computed["places"][0]["geo_source"] == "zip"


def digests(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_downloads_are_made_again_only_when_a_listing_changed(small, tmp_path):
    shutil.copytree(small / "programs", tmp_path / "programs")
    out = tmp_path / "output"
    build_site(out, tmp_path / "programs", IOPDIR_TODAY=TODAY)
    before = digests(out / "data")
    build_site(out, tmp_path / "programs", IOPDIR_TODAY=TODAY)
    after = digests(out / "data")
    # Nothing changed: no download is rewritten (the /data/ page itself is, as every page Pelican writes).
    assert {k: v for k, v in after.items() if k != "index.html"} == \
           {k: v for k, v in before.items() if k != "index.html"}
    listing = tmp_path / "programs" / "nj" / "harbor-light-evening-iop.yaml"
    listing.write_text(listing.read_text().replace("name: Harbor Light Evening IOP", "name: Harbor Light IOP"))
    build_site(out, tmp_path / "programs", IOPDIR_TODAY=TODAY)
    changed = digests(out / "data")
    assert "Harbor Light IOP" in (out / "data" / "programs.csv").read_text(encoding="utf-8")
    assert changed["hsds/services.csv"][0] != after["hsds/services.csv"][0]
    assert changed["program.schema.json"][0] == after["program.schema.json"][0]


def test_the_sites_downloads_are_the_command_lines(tmp_path):
    """The build reuses the comparison's values it has just made (iopdir.build.datafiles); `iopdir export` makes
    its own: the same files."""
    out = build_site(tmp_path / "output", ROOT / "programs", IOPDIR_TODAY=TODAY)
    assert main(["export", "csv", str(tmp_path / "p.csv"), "--programs", str(ROOT / "programs"), "--today", TODAY]) == 0
    assert main(["export", "json", str(tmp_path / "p.json"), "--programs", str(ROOT / "programs"),
                 "--today", TODAY]) == 0
    assert main(["export", "hsds", str(tmp_path / "hsds"), "--programs", str(ROOT / "programs"),
                 "--today", TODAY]) == 0
    assert (tmp_path / "p.csv").read_bytes() == (out / "data" / "programs.csv").read_bytes()
    assert (tmp_path / "p.json").read_bytes() == (out / "data" / "programs.json").read_bytes()
    for f in (tmp_path / "hsds").iterdir():
        assert f.read_bytes() == (out / "data" / "hsds" / f.name).read_bytes(), f.name
