"""The HSDS 3.0 export (iopdir.tools.hsds, `iopdir export hsds`): it validates against Open Referral's official
tabular data package (vendored in tests/hsds/, see its README) with frictionless, the validator Open Referral's own
checks use; a listing's fields can be read back from the tables; ids are stable; unreported facts are left out."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from frictionless import validate
from referencing import Registry, Resource

from iopdir.build.listings import validate_paths
from iopdir.cli import main
from iopdir.listing.program import DAYS
from iopdir.tools import directory, hsds

HERE = Path(__file__).resolve().parent
OFFICIAL = HERE / "hsds" / "datapackage.json"
PROGRAMS = HERE.parent / "programs"
FIXTURE = HERE / "fixtures" / "valid-listing.yaml"
TODAY = dt.date(2026, 12, 1)
LICENCE = directory.licence("CC-BY-4.0")


def published(folder: Path) -> list:
    report = validate_paths([folder], today=TODAY)
    assert report.ok, report.errors
    return sorted((p for p in report.programs if p.listed), key=lambda p: p.id)


def official_check(folder: Path) -> list[str]:
    """The errors of frictionless on the CSVs of `folder`, read by the *official* datapackage.json (not ours)."""
    check = folder.parent / f"{folder.name}-official"
    shutil.copytree(folder, check)
    shutil.copy(OFFICIAL, check / "datapackage.json")
    limit = csv.field_size_limit()
    try:
        report = validate(str(check / "datapackage.json"))
    finally:
        # frictionless's CSV parser raises the csv module's limit for the whole process when first imported; the
        # importer's tests rely on the default (iopdir.tools.nsumhss reports a field over it).
        csv.field_size_limit(limit)
    return [f"{e.type}: {e.note}" for e in report.errors] + \
           [f"{t.name}: {e.type}: {e.note}" for t in report.tasks for e in t.errors]


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory) -> Path:
    """The repository's sample listings, exported."""
    out = tmp_path_factory.mktemp("hsds") / "sample"
    hsds.write(published(PROGRAMS), out, LICENCE, TODAY)
    return out


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_sample_directory_validates_against_the_official_hsds_schemas(sample_export):
    assert official_check(sample_export) == []
    # Not a package of empty tables: each table the listings have something for is filled.
    for name in ("organizations.csv", "services.csv", "locations.csv", "addresses.csv", "service_at_location.csv",
                 "phones.csv", "schedules.csv", "languages.csv", "cost_options.csv", "accessibility.csv",
                 "service_areas.csv", "attributes.csv", "taxonomy_terms.csv", "taxonomies.csv"):
        assert rows(sample_export, name), name


def json_schema_errors(folder: Path) -> list[str]:
    """Each row of each table, typed as the official package types its columns, checked against the official JSON
    schema of its object (tests/hsds/schema/<table>.json): the specification's other form, with its formats."""
    schemas = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in (HERE / "hsds" / "schema").glob("*.json")}
    registry = Registry().with_resources((name, Resource.opaque(s)) for name, s in schemas.items())
    typed = {"number": float, "integer": int}
    errors = []
    for resource in json.loads(OFFICIAL.read_text(encoding="utf-8"))["resources"]:
        fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        validator = jsonschema.Draft202012Validator(schemas[f"{resource['name']}.json"], registry=registry,
                                                    format_checker=jsonschema.FormatChecker())
        for n, row in enumerate(rows(folder, resource["path"]), 2):
            value = {k: typed.get(fields[k], str)(v) for k, v in row.items() if v != ""}
            errors += [f"{resource['path']}:{n}: {e.message}" for e in validator.iter_errors(value)]
    return errors


def test_every_row_is_valid_by_the_official_json_schemas(sample_export):
    assert json_schema_errors(sample_export) == []


def test_a_broken_table_fails_the_check(sample_export, tmp_path):
    """The check can fail: an id that is not a UUID and a schedule time HSDS cannot read are each caught."""
    broken = tmp_path / "broken"
    shutil.copytree(sample_export, broken)
    text = (broken / "schedules.csv").read_text(encoding="utf-8")
    first = rows(broken, "schedules.csv")[0]
    (broken / "schedules.csv").write_text(text.replace(f'"{first["opens_at"]}"', '"6 pm"', 1), encoding="utf-8")
    services = (broken / "services.csv").read_text(encoding="utf-8")
    service_id = rows(broken, "services.csv")[0]["id"]
    (broken / "services.csv").write_text(services.replace(service_id, "harbor-light", 1), encoding="utf-8")
    errors = official_check(broken)
    assert any("schedule" in e and "type-error" in e for e in errors), errors
    assert 'service: type-error: type is "string/uuid"' in errors, errors
    assert any("services.csv:2: 'harbor-light' is not a 'uuid'" in e for e in json_schema_errors(broken))


def test_our_package_describes_the_official_tables(sample_export):
    ours = json.loads((sample_export / "datapackage.json").read_text(encoding="utf-8"))
    official = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    assert ours["resources"] == official["resources"]
    assert hsds.official_package() == official  # the package's copy is the vendored one
    assert ours["licenses"] == [LICENCE] and ours["version"] == "3.0.0"
    assert sorted(p.name for p in sample_export.iterdir()) == sorted(
        [r["path"] for r in official["resources"]] + ["datapackage.json"])


def test_ids_are_stable_from_one_export_to_the_next(sample_export, tmp_path):
    hsds.write(published(PROGRAMS), tmp_path / "again", LICENCE, TODAY)
    for f in sample_export.iterdir():
        assert (tmp_path / "again" / f.name).read_bytes() == f.read_bytes(), f.name


def _attributes(folder: Path, link_id: str) -> dict[str, list[str]]:
    """term code -> values of the attributes linked to `link_id` (a child term's code is 'fact:value')."""
    terms = {t["id"]: t["code"] for t in rows(folder, "taxonomy_terms.csv")}
    found: dict[str, list[str]] = {}
    for a in rows(folder, "attributes.csv"):
        if a["link_id"] == link_id:
            found.setdefault(terms[a["taxonomy_term_id"]], []).append(a["value"])
    return found


def read_back(folder: Path) -> dict:
    """The listing's fields as read from the HSDS tables alone (one service)."""
    service, = rows(folder, "services.csv")
    organization, = rows(folder, "organizations.csv")
    sid = service["id"]
    places = [loc for loc in rows(folder, "locations.csv") if loc["location_type"] == "physical"]
    addresses = {a["location_id"]: a for a in rows(folder, "addresses.csv")}
    facts = _attributes(folder, sid)
    byday = {v: k for k, v in {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA",
                               "sun": "SU"}.items()}
    tracks = []
    for s in rows(folder, "schedules.csv"):
        zone, = _attributes(folder, s["id"])["timezone"]
        assert s["freq"] == "WEEKLY" and s["service_id"] == sid
        tracks.append({"name": s["description"].split(" (")[0], "timezone": zone,
                       "sessions": [{"days": [byday[d] for d in s["byday"].split(",")],
                                     "start": s["opens_at"][:5], "end": s["closes_at"][:5]}]})
    return {
        "name": service["name"],
        "organization": {"name": organization["name"], "ownership": organization["legal_status"]},
        "summary": service["description"],
        "contact": {"phone": next(p["number"] for p in rows(folder, "phones.csv") if p["service_id"] == sid),
                    "website": service["url"]},
        "locations": [{k: addresses[loc["id"]][c] for k, c in (("street", "address_1"), ("city", "city"),
                                                                ("state", "state_province"),
                                                                ("postal_code", "postal_code"))} for loc in places],
        "online": [loc["name"] for loc in rows(folder, "locations.csv") if loc["location_type"] == "virtual"],
        "telehealth_states": [a["extent"] for a in rows(folder, "service_areas.csv")],
        "languages": [lang["code"] for lang in rows(folder, "languages.csv")],
        "tracks": tracks,
        "focus": [k.split(":")[1] for k in facts if k.startswith("focus:")],
        "conditions": [k.split(":")[1] for k in facts if k.startswith("conditions:")],
        "medicaid": facts["medicaid"],
        "accredited": facts["accredited"],
        "accreditations": service["accreditations"],
        "verified": (service["assured_date"], facts["verified_by"]),
        "status": service["status"],
        "unreported": sorted(k for k in ("medicare", "tricare", "private", "self_pay", "family")
                             if k in facts),
    }


def test_a_listing_round_trips_through_the_tables(tmp_path):
    """What each field of tests/fixtures/valid-listing.yaml became, read back from the tables alone."""
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE, folder / "harbor-light-evening-iop.yaml")
    listing = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    hsds.write(published(tmp_path / "programs"), tmp_path / "hsds", LICENCE, TODAY)
    assert official_check(tmp_path / "hsds") == []
    back = read_back(tmp_path / "hsds")
    assert back["name"] == listing["name"]
    assert back["organization"] == {"name": "Harbor Light Behavioral Health", "ownership": "Private nonprofit"}
    assert back["summary"] == listing["summary"]
    assert back["contact"] == {"phone": "(973) 555-0142", "website": listing["contact"]["website"]}
    assert back["locations"] == [{k: listing["locations"][0][k] for k in ("street", "city", "state", "postal_code")}]
    assert back["online"] == ["Harbor Light Evening IOP (online)"]  # telehealth: a virtual location
    assert back["telehealth_states"] == listing["telehealth_states"]
    assert back["languages"] == listing["languages"]
    assert back["tracks"] == [{k: t[k] for k in ("name", "timezone", "sessions")} for t in listing["tracks"]]
    assert back["focus"] == listing["focus"] and back["conditions"] == listing["conditions"]
    assert back["medicaid"] == ["Yes"] and back["accredited"] == ["Yes"]
    assert back["accreditations"] == "CARF, valid until 2035-06-30"
    assert back["verified"] == ("2026-10-01", ["The provider"])
    assert back["status"] == "active"
    assert back["unreported"] == []  # not reported: no attribute at all, never "No"


def test_each_day_of_a_session_is_in_its_weekly_rule(sample_export):
    """Every session of every track is one schedule row, its days in byday in the week's order."""
    programs = published(PROGRAMS)
    sessions = sum(len(t.sessions) for p in programs for t in p.tracks)
    schedules = rows(sample_export, "schedules.csv")
    assert len(schedules) == sessions
    order = [d.upper()[:2] for d in DAYS]
    for s in schedules:
        days = s["byday"].split(",")
        assert days == sorted(days, key=order.index) and s["interval"] == "1" and s["wkst"] == "MO"
        assert s["timezone"] == ""  # HSDS's is a UTC offset: the IANA zone is an attribute and in the description
        assert s["notes"].startswith("Times are local, in the time zone ")


def test_cli_writes_the_package_and_refuses_wrong_usage(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "hsds", str(out), "--programs", str(PROGRAMS), "--today", TODAY.isoformat()]) == 0
    assert "written as HSDS 3.0.0" in capsys.readouterr().out
    assert official_check(out) == []
    (tmp_path / "file").write_text("x")
    assert main(["export", "hsds", str(tmp_path / "file"), "--programs", str(PROGRAMS)]) == 2
    assert main(["export", "csv", str(out), "--programs", str(PROGRAMS)]) == 2
    assert main(["export", "hsds", str(out), "--programs", str(tmp_path / "none")]) == 2
    bad = tmp_path / "bad" / "nj"
    bad.mkdir(parents=True)
    (bad / "x.yaml").write_text("id: x\n")
    assert main(["export", "hsds", str(tmp_path / "o2"), "--programs", str(tmp_path / "bad")]) == 1
    assert not (tmp_path / "o2").exists()


def test_a_listing_that_reports_no_insurance_has_no_insurance_attribute(tmp_path):
    """The card's summary says "Not reported" in words: that is no attribute and no fees text, never a value."""
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8").replace("insurance:\n  medicaid: true\n", "")
    (folder / "harbor-light-evening-iop.yaml").write_text(text, encoding="utf-8")
    hsds.write(published(tmp_path / "programs"), tmp_path / "hsds", LICENCE, TODAY)
    service, = rows(tmp_path / "hsds", "services.csv")
    facts = _attributes(tmp_path / "hsds", service["id"])
    assert "insurance" not in facts and "medicaid" not in facts and "evening" in facts
    assert service["fees_description"] == ""
