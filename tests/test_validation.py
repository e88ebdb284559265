"""The validator: exact messages, at the line and column of the offending key or value."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.listing.validation import validate_bytes
from iopdir.listing.yamlstrict import dump, load

TODAY = dt.date(2026, 11, 25)
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
NAME = "harbor-light-evening-iop"


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # findings name files relative to the working folder
    (tmp_path / "programs" / "nj").mkdir(parents=True)
    return tmp_path / "programs"


def check(programs, text, name=NAME, state="nj"):
    path = programs / state / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return [str(f) for f in validate_paths([programs], today=TODAY).findings]


def edit(old, new, text=VALID):
    assert old in text, old
    return text.replace(old, new, 1)


F = f"programs/nj/{NAME}.yaml"


def test_valid_listing_has_no_findings(programs):
    assert check(programs, VALID) == []


def test_wrong_boolean(programs):
    assert check(programs, edit("medicaid: true", "medicaid: yes")) == [
        f"{F}:32:13: error: insurance.medicaid: expected true or false, got 'yes'"]


def test_unquoted_zip_lost_its_zero(programs):
    assert check(programs, edit('postal_code: "07102"', "postal_code: 07102")) == [
        f'{F}:19:18: error: locations[0].postal_code: expected text, got 07102 (put it in quotes: "07102")']


def test_unknown_field_did_you_mean(programs):
    assert check(programs, edit("conditions:", "condtions:")) == [
        f"{F}:11:1: error: condtions: unknown field 'condtions' (did you mean 'conditions'?)"]


def test_unknown_slug_did_you_mean(programs):
    assert check(programs, edit("[alcohol, opioids]", "[alcohol, opiods]")) == [
        f"{F}:11:23: error: conditions[1]: 'opiods' is not in the conditions vocabulary (did you mean 'opioids'?)"]


def test_short_vocabulary_lists_choices(programs):
    assert check(programs, edit("status: active", "status: open")) == [
        f"{F}:4:9: error: status: expected one of active | temporarily_closed | closed, got 'open'"]


def test_missing_required_field(programs):
    assert check(programs, edit("summary: Evening IOP for working adults with alcohol or opioid use.\n", "")) == [
        f"{F}:1:1: error: summary: missing required field 'summary'"]


def test_missing_nested_required_field(programs):
    assert check(programs, edit('  phone: "973-555-0142"\n', "")) == [
        f"{F}:12:1: error: contact.phone: missing required field 'phone'"]


def test_id_must_match_file_name(programs):
    assert check(programs, VALID, name="harbor-light") == [
        "programs/nj/harbor-light.yaml:3:5: error: id: must equal the file name: expected 'harbor-light', "
        f"got '{NAME}' (rename the file or change the id)"]


def test_folder_must_be_the_state(programs):
    assert check(programs, VALID, state="ny") == [
        f"programs/ny/{NAME}.yaml:18:12: error: locations[0].state: the file is in programs/ny/ but the first "
        "location is in NJ; move it to programs/nj/"]


def test_zip_must_belong_to_state(programs):
    assert check(programs, edit('"07102"', '"10001"')) == [
        f"{F}:19:18: error: locations[0].postal_code: ZIP code '10001' is in NY (New York), not NJ"]


def test_unknown_zip(programs):
    assert check(programs, edit('"07102"', '"00001"')) == [
        f"{F}:19:18: error: locations[0].postal_code: '00001' is not a known US ZIP code"]


def test_last_verified_in_future(programs):
    assert check(programs, edit('"2026-10-01"', '"2026-12-01"')) == [
        f"{F}:37:18: error: verification.last_verified: '2026-12-01' is in the future (today is 2026-11-25)"]


def test_impossible_date(programs):
    assert check(programs, edit('"2026-10-01"', '"2026-02-30"')) == [
        f"{F}:37:18: error: verification.last_verified: expected a real date \"YYYY-MM-DD\", got '2026-02-30'"]


def test_accreditation_expired(programs):
    assert check(programs, edit('"2035-06-30"', '"2026-06-30"')) == [
        f"{F}:35:14: error: accreditations[0].expires: this accreditation expired on 2026-06-30; renew the date or "
        "remove the accreditation"]


def test_telehealth_states_required_with_telehealth(programs):
    assert check(programs, edit("telehealth_states: [NJ, NY]\n", "")) == [
        f"{F}:1:1: error: telehealth_states: missing required field 'telehealth_states' (needed when delivery "
        "includes telehealth: where clinicians are licensed to treat)"]


def test_locations_optional_only_for_telehealth_only(programs):
    no_locations = edit('  - street: 12 Market St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n', "")
    no_locations = edit("locations:\n", "", no_locations)
    assert check(programs, no_locations) == [
        f"{F}:1:1: error: locations: missing required field 'locations' (needed unless delivery is [telehealth] only)"]
    assert check(programs, edit("[in_person, telehealth]", "[telehealth]", no_locations)) == []


def test_session_end_after_start(programs):
    assert check(programs, edit('end: "21:00"', 'end: "17:00"')) == [
        f"{F}:30:14: error: tracks[0].sessions[0].end: expected an end after the start (18:00), got '17:00' "
        "(sessions end on the day they start)"]


def test_time_format(programs):
    assert check(programs, edit('start: "18:00"', 'start: "6pm"')) == [
        f"{F}:29:16: error: tracks[0].sessions[0].start: expected a 24-hour time \"HH:MM\" such as \"18:00\", got '6pm'"]


def test_hours_below_iop_band_is_a_warning(programs):
    assert check(programs, edit("[mon, tue, thu]", "[mon, thu]")) == [
        f"{F}:24:5: warning: tracks[0]: 6 hours a week looks like standard outpatient care; an IOP for adults is 9–19 hours"]


def test_adolescent_band_starts_at_six(programs):
    assert check(programs, edit("[mon, tue, thu]", "[mon, thu]", edit("audience: adults", "audience: adolescents"))) == []


def test_hours_above_iop_band_is_a_warning(programs):
    assert check(programs, edit("[mon, tue, thu]", "[mon, tue, wed, thu, fri, sat, sun]")) == [
        f"{F}:24:5: warning: tracks[0]: 21 hours a week looks like partial hospitalization (20 hours or more), "
        "not an IOP (9–19 hours)"]


def test_bad_time_zone_did_you_mean(programs):
    assert check(programs, edit("America/New_York", "America/New_Yrok")) == [
        f"{F}:26:15: error: tracks[0].timezone: 'America/New_Yrok' is not an IANA time zone (did you mean 'America/New_York'?)"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://harborlight.example/"])
def test_website_only_http(programs, url):
    assert check(programs, edit("https://harborlight.example/iop", url)) == [
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, got '{url}'"]


def test_bad_email(programs):
    text = edit("  website:", "  email: not-an-address\n  website:")
    assert check(programs, text) == [
        f"{F}:14:10: error: contact.email: expected an e-mail address such as intake@clinic.example, got 'not-an-address'"]


def test_invisible_characters_in_name(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: Harbor Light\u202e Evening IOP")) == [
        f"{F}:5:7: error: name: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 13; remove it"]


def test_overlong_text(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: " + "x" * 60_000)) == [
        f"{F}:5:7: error: name: is 60,000 characters long; at most 120 allowed"]


def test_html_in_description_is_a_warning(programs):
    text = edit("focus:", "description: Call us <script>alert(1)</script>\nfocus:")
    assert check(programs, text) == [
        f"{F}:10:14: warning: description: contains HTML (<script>); raw HTML is not rendered, use Markdown instead"]


def test_duplicate_ids_across_files(programs):
    (programs / "nj" / f"{NAME}.yaml").write_text(VALID)
    other = programs / "ny" / f"{NAME}.yaml"
    other.parent.mkdir()
    other.write_text(edit('postal_code: "07102"', 'postal_code: "10001"', edit("state: NJ", "state: NY")))
    findings = [str(f) for f in validate_paths([programs], today=TODAY).findings]
    assert findings == [f"programs/ny/{NAME}.yaml:3:5: error: id: '{NAME}' is already used by {F}:3; ids must be unique"]


def test_every_mistake_of_a_file_in_one_run(programs):
    text = VALID
    for old, new in [("medicaid: true", "medicaid: no"), ("conditions:", "condtions:"), ('"07102"', "07102"),
                     ("status: active", "status: open"), ('end: "21:00"', 'end: "17:00"'),
                     ("https://harborlight.example/iop", "javascript:alert(1)")]:
        text = edit(old, new, text)
    assert check(programs, text) == [
        f"{F}:4:9: error: status: expected one of active | temporarily_closed | closed, got 'open'",
        f"{F}:11:1: error: condtions: unknown field 'condtions' (did you mean 'conditions'?)",
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, got 'javascript:alert(1)'",
        f'{F}:19:18: error: locations[0].postal_code: expected text, got 07102 (put it in quotes: "07102")',
        f"{F}:30:14: error: tracks[0].sessions[0].end: expected an end after the start (18:00), got '17:00' "
        "(sessions end on the day they start)",
        f"{F}:32:13: error: insurance.medicaid: expected true or false, got 'no'",
    ]


def test_all_files_reported_in_one_run(programs):
    check(programs, edit("medicaid: true", "medicaid: 1"))
    (programs / "nj" / "second.yaml").write_text("id: second\n")
    findings = [str(f) for f in validate_paths([programs], today=TODAY).findings]
    assert f"{F}:32:13: error: insurance.medicaid: expected true or false, got 1" in findings
    assert "programs/nj/second.yaml:1:1: error: name: missing required field 'name'" in findings
    assert len({f.split(":")[0] for f in findings}) == 2


def test_not_a_mapping(programs):
    assert check(programs, "- just\n- a list\n") == [f"{F}:1:1: error: (listing): expected a mapping of fields, got a list"]
    assert check(programs, "") == [f"{F}:1:1: error: (listing): expected a mapping of fields, got an empty file"]


def test_unicode_line_separator_in_a_name(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", 'name: "Harbor Light\u2028Evening IOP"')) == [
        f"{F}:5:7: error: name: contains a line break; this field is a single line of text"]


def test_one_finding_for_a_web_address_that_fails_twice(programs):
    assert check(programs, edit("https://harborlight.example/iop", "https://harbor light.example/")) == [
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, "
        "got 'https://harbor light.example/'"]


def test_sharing_the_work_with_a_second_process_gives_the_same_report(tmp_path):
    """validate_paths(parallel=True) splits the listings with a second process: same findings, same programs, in
    the same order, as checking them all here (a duplicate id across the two halves included)."""
    from iopdir.tools.synthetic import generate

    folder = tmp_path / "programs"
    paths = generate(40, folder, seed=5, today=TODAY)
    paths[3].write_text(paths[3].read_text().replace("status: active", "status: maybe"))
    paths[30].write_text(paths[30].read_text().replace("summary:", "sumary:"))
    first_id = paths[0].stem
    paths[35].write_text(paths[35].read_text().replace(f"id: {paths[35].stem}", f"id: {first_id}"))
    one = validate_paths([folder], today=TODAY, parallel=False)
    two = validate_paths([folder], today=TODAY, parallel=True)
    assert [str(f) for f in two.findings] == [str(f) for f in one.findings]
    assert len(one.errors) >= 3
    assert [(p.id, p.source_path, p.digest) for p in two.programs] == [(p.id, p.source_path, p.digest) for p in one.programs]
    assert [p.data for p in two.programs] == [p.data for p in one.programs]


def test_locations_written_as_a_mapping_is_an_error_not_a_crash(programs):
    """Found by the property test: the folder rule read locations[0] of a mapping (KeyError)."""
    text = VALID.replace('locations:\n  - street: 12 Market St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n',
                         'locations:\n  "0":\n    street: 12 Market St\n')
    assert text != VALID
    found = check(programs, text)
    assert any("locations: expected a list" in f for f in found), found


@pytest.mark.parametrize("field", ["locations", "tracks", "accreditations"])
def test_a_list_field_of_another_type_is_a_finding_not_a_traceback(tmp_path, field):
    """`tracks: true` ended `iopdir validate` in a TypeError (the rules iterated it before the schema's word was
    heard); now the schema's finding is the answer."""
    data = load(VALID.encode(), "x.yaml").data
    data[field] = True
    findings = [str(f) for f in validate_bytes(dump(data).encode(), "programs/nj/x.yaml").findings]
    assert any(f": error: {field}: " in f for f in findings), findings
