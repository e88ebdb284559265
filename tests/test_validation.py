"""The validator: exact messages, at the line and column of the offending key or value."""

import datetime as dt
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.listing.validation import _found, display_path, fits_schema, validate_bytes
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


# --- Each kind of schema error, word for word (./dev mutation validation: a changed word or place fails a test;
# the mutants no test can kill are explained in tests/mutation-survivors.md) -------------------------------------

def test_source_required_when_verified_by_import(programs):
    assert check(programs, edit("verified_by: provider", "verified_by: import")) == [
        f"{F}:36:1: error: verification.source: missing required field 'source' (needed when verified_by is import)"]


def test_street_required_unless_the_address_is_not_published(programs):
    assert check(programs, edit("  - street: 12 Market St\n    city", "  - city")) == [
        f"{F}:16:5: error: locations[0].street: missing required field 'street' (needed unless address_published "
        "is false)"]


def test_a_number_where_a_vocabulary_word_belongs(programs):
    # No "did you mean" for a number; the value as written in the file.
    assert check(programs, edit("status: active", "status: 1e3")) == [
        f'{F}:4:9: error: status: expected text, got 1e3 (put it in quotes: "1e3")',
        f"{F}:4:9: error: status: expected one of active | temporarily_closed | closed, got 1e3"]


def test_a_long_wrong_value_is_shown_whole_where_the_file_has_it(programs):
    text = "temporarily closed until the renovation of the whole building is finished"
    assert check(programs, edit("status: active", f"status: {text}")) == [
        f"{F}:4:9: error: status: expected one of active | temporarily_closed | closed, got '{text}'"]


def test_a_vocabulary_of_eight_words_lists_them(programs):
    kinds = ("continuing_care_group | alumni_group | step_down_outpatient | recovery_coaching | peer_support | "
             "sober_living_referral | discharge_planning | outcome_follow_up")
    assert check(programs, edit("insurance:", "aftercare:\n  kinds: [alumni]\ninsurance:")) == [
        f"{F}:32:11: error: aftercare.kinds[0]: expected one of {kinds}, got 'alumni' (did you mean 'alumni_group'?)"]


def test_schema_version_is_one(programs):
    assert check(programs, edit("schema_version: 1", "schema_version: 1e1")) == [
        f"{F}:2:17: error: schema_version: expected 1, got 1e1"]


def test_unknown_field_without_a_close_name_lists_the_allowed_ones(programs):
    assert check(programs, edit("medicaid: true", "medicaid: true\n  zzz: 1")) == [
        f"{F}:33:3: error: insurance.zzz: unknown field 'zzz'; allowed here: medicaid, medicare, tricare, private, "
        "carriers, state_plan, self_pay, sliding_scale, payment_assistance, no_fee, cost_per_week_usd"]


def test_pattern_message_shows_a_long_value_whole(programs):
    text = "call the front desk between nine and five on weekdays and ask for intake"
    assert check(programs, edit('phone: "973-555-0142"', f"phone: {text}")) == [
        f"{F}:13:10: error: contact.phone: is 72 characters long; at most 40 allowed",
        f"{F}:13:10: error: contact.phone: expected a US phone number such as \"973-555-0142\" or \"(973) 555-0142\", "
        f"got '{text}'"]


def test_web_address_that_fits_the_pattern_but_is_no_uri(programs):
    assert check(programs, edit("https://harborlight.example/iop", "https://harborlight.example/a|b")) == [
        f"{F}:14:12: error: contact.website: expected a web address such as https://example.org/, "
        "got 'https://harborlight.example/a|b'"]


def test_bad_email_shown_whole(programs):
    text = "write to the intake team through the form on our website, not by e-mail"
    assert check(programs, edit("  website:", f"  email: {text}\n  website:")) == [
        f"{F}:14:10: error: contact.email: expected an e-mail address such as intake@clinic.example, got '{text}'"]


def test_empty_name(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", 'name: ""')) == [
        f"{F}:5:7: error: name: must not be empty"]


def test_empty_list(programs):
    assert check(programs, edit("focus: [substance_use, co_occurring]", "focus: []")) == [
        f"{F}:10:8: error: focus: needs at least 1 item, got 0"]


def test_an_item_listed_twice(programs):
    assert check(programs, edit("languages: [en, es]", "languages: [en, es, en]")) == [
        f"{F}:22:12: error: languages: lists 'en' more than once"]


def test_numbers_out_of_bounds(programs):
    assert check(programs, edit("focus:", "ages:\n  min: -1\n  max: 1e3\nfocus:")) == [
        f"{F}:11:8: error: ages.min: expected at least 0, got -1",
        f"{F}:12:8: error: ages.max: expected at most 120, got 1e3"]


def test_did_you_mean_for_values_up_to_64_characters(programs):
    zone = "America/Argentina/Buenos_Aires" + "x" * 34
    assert len(zone) == 64
    assert check(programs, edit("America/New_York", zone)) == [
        f"{F}:26:15: error: tracks[0].timezone: is 64 characters long; at most 60 allowed",
        f"{F}:26:15: error: tracks[0].timezone: '{zone}' is not an IANA time zone (did you mean "
        "'America/Argentina/Buenos_Aires'?)"]


def test_at_most_ten_did_you_means_a_file(programs):
    words = ["alcohol", "opioids", "stimulants", "cannabis", "benzodiazepines", "gambling", "depression", "anxiety",
             "bipolar", "psychosis", "eating_disorders"]
    text = edit("[alcohol, opioids]", "[" + ", ".join(w + "x" for w in words) + "]")
    found = check(programs, text)
    assert [f.split(": error: ")[1] for f in found] == [
        f"conditions[{i}]: '{w}x' is not in the conditions vocabulary" + (f" (did you mean '{w}'?)" if i < 10 else "")
        for i, w in enumerate(words)]


def test_a_word_mixing_scripts_in_a_name(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: H\u0430rbor Light Evening IOP")) == [
        f"{F}:5:7: warning: name: the word 'H\u0430rbor' mixes Latin letters with the Cyrillic '\u0430' (U+0430 "
        "CYRILLIC SMALL LETTER A); a look-alike letter can make one program pass for another: type the word again in "
        "one script"]


@pytest.mark.parametrize("name", ["Harbor Light Evening IOP\u00aa", "東京ひかりクリニック IOP"])
def test_marks_and_japanese_do_not_mix_scripts(programs, name):
    assert check(programs, edit("name: Harbor Light Evening IOP", f"name: {name}")) == []


@pytest.mark.parametrize("value, shown", [
    (True, "true"), (False, "false"), (None, "nothing"), ({"a": 1}, "a mapping"), ([1], "a list"), (2.5, "2.5"),
    ("x" * 60, repr("x" * 60)), ("x" * 61, repr("x" * 57 + "...")),
])
def test_how_a_found_value_is_shown(value, shown):
    assert _found(value) == shown


def test_display_path_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path.resolve() / "programs" / "nj" / "x.yaml") == "programs/nj/x.yaml"
    assert display_path(Path("/elsewhere/x.yaml")) == "/elsewhere/x.yaml"


def test_fits_schema():
    data = load(VALID.encode(), "x.yaml").data
    assert fits_schema(data) is True
    assert fits_schema({**data, "status": "open"}) is False


# --- The rules a schema cannot say, the text and the links, exact -----------------------------------------------

TELEHEALTH_ONLY = edit("[in_person, telehealth]", "[telehealth]", edit(
    'locations:\n  - street: 12 Market St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n', ""))


def at(text, path, name=None):
    """Findings of one listing read from `path` (which need not exist), as the build names them."""
    return [str(f) for f in validate_bytes(text.encode(), name or path, Path(path), TODAY).findings]


def test_windows_reserved_id(programs):
    assert check(programs, edit(f"id: {NAME}", "id: con"), name="con") == [
        "programs/nj/con.yaml:3:5: error: id: 'con' is a reserved file name on Windows (con.yaml cannot be checked "
        "out there); add a word, e.g. 'con-<city>'"]
    assert at(edit(f"id: {NAME}", "id: Aux"), "programs/nj/Aux.yaml") == [
        'programs/nj/Aux.yaml:3:5: error: id: expected lower-case letters, digits and single hyphens, such as '
        "\"harbor-light-evening-iop\", got 'Aux'",
        "programs/nj/Aux.yaml:3:5: error: id: 'Aux' is a reserved file name on Windows (Aux.yaml cannot be checked "
        "out there); add a word, e.g. 'aux-<city>'"]


def test_listing_files_end_in_yaml():
    assert at(VALID, f"programs/nj/{NAME}.yml") == [
        f"programs/nj/{NAME}.yml:3:1: error: id: listing files end in .yaml, not .yml"]


def test_a_telehealth_only_listing_goes_in_a_state_folder():
    assert at(TELEHEALTH_ONLY, f"programs/remote/{NAME}.yaml") == [
        f"programs/remote/{NAME}.yaml:3:1: error: id: a telehealth-only listing goes in the folder of its "
        "headquarters' state (programs/<state>/), not programs/remote/"]
    assert at(TELEHEALTH_ONLY, f"programs/nj/{NAME}.yaml") == []


def test_the_programs_state_is_its_folders_or_its_first_locations():
    def state(text, path):
        return validate_bytes(text.encode(), path, Path(path) if path else None, TODAY).program.state

    assert state(TELEHEALTH_ONLY, f"programs/nj/{NAME}.yaml") == "NJ"
    assert state(VALID, f"programs/nj/{NAME}.yaml") == "NJ"
    assert state(VALID, None) == "NJ"


def test_the_program_carries_the_files_digest_and_where_its_id_stands():
    import hashlib

    checked = validate_bytes(VALID.encode(), F, Path(F), TODAY)
    assert checked.program.digest == hashlib.sha256(VALID.encode()).hexdigest()
    assert checked.id_place == (3, 5)


def test_a_scalar_file_is_not_a_mapping(programs):
    assert check(programs, "true\n") == [f"{F}:1:1: error: (listing): expected a mapping of fields, got true"]


def test_no_zip_finding_for_a_state_outside_the_vocabulary():
    assert at(edit("    state: NJ", "    state: XX"), f"programs/xx/{NAME}.yaml") == [
        f"programs/xx/{NAME}.yaml:18:12: error: locations[0].state: 'XX' is not in the states vocabulary"]


def test_nothing_that_publishes_an_unpublished_address(programs):
    assert check(programs, edit("  - street: 12 Market St\n", "  - address_published: false\n    street2: Suite 300\n")) == [
        f"{F}:17:5: error: locations[0].street2: leave street2 out when address_published is false: this file is "
        "public, so it would publish the address (distance uses the ZIP code's centre)"]


def test_a_range_whose_max_is_below_its_min(programs):
    assert check(programs, edit("focus:", "ages:\n  min: 30\n  max: 18\nfocus:")) == [
        f"{F}:12:8: error: ages.max: expected max (18) to be at least min (30)"]
    assert check(programs, edit("medicaid: true", "medicaid: true\n  cost_per_week_usd: {min: 500, max: 100}")) == [
        f"{F}:33:38: error: insurance.cost_per_week_usd.max: expected max (100) to be at least min (500)"]
    assert check(programs, edit("    timezone:", "    length_weeks: {min: 12, max: 8}\n    timezone:")) == [
        f"{F}:26:34: error: tracks[0].length_weeks.max: expected max (8) to be at least min (12)"]


def test_a_control_character(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", 'name: "Harbor\\aLight"')) == [
        f"{F}:5:7: error: name: contains the control character U+0007; this field is a single line of text"]
    assert check(programs, edit("focus:", 'description: "Call us\\aany time"\nfocus:')) == [
        f"{F}:10:14: error: description: contains the control character U+0007; remove it"]
    assert check(programs, edit("focus:", 'description: "Call us\\nany\\ttime"\nfocus:')) == []


def test_a_link_without_a_host(programs):
    hint = ("needs a host (without one, a browser opens it as a page of this site); write scheme://host/..., such as "
            "https://example.org/page")
    assert check(programs, edit("https://harborlight.example/iop", '"https:/search/"')) == [
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, "
        "got 'https:/search/'",
        f"{F}:14:12: error: contact.website: {hint}, got 'https:/search/'"]
    # Not a URI at all: the schema's finding only.
    assert check(programs, edit("https://harborlight.example/iop", '"https:\\\\evil.example/"')) == [
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, "
        "got 'https:\\evil.example/'"]
    assert check(programs, edit("focus:", 'description: "See https:/search/?q=x and https:search"\nfocus:')) == [
        f"{F}:10:14: error: description: the link 'https:/search/?q=x' {hint}"]


def test_mixed_scripts_name_the_first_letter_of_another_script(programs):
    assert check(programs, edit("name: Harbor Light Behavioral Health", "name: Harbor Light B\u0435havioral Health")) == [
        f"{F}:7:9: warning: organization.name: the word 'B\u0435havioral' mixes Latin letters with the Cyrillic "
        "'\u0435' (U+0435 CYRILLIC SMALL LETTER IE); a look-alike letter can make one program pass for another: type "
        "the word again in one script"]
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: \u0397\u0430rb\u043er Light Evening IOP")) == [
        f"{F}:5:7: warning: name: the word '\u0397\u0430rb\u043er' mixes Latin letters with the Greek '\u0397' (U+0397 "
        "GREEK CAPITAL LETTER ETA); a look-alike letter can make one program pass for another: type the word again in "
        "one script"]


def test_a_list_where_a_constant_belongs(programs):
    assert check(programs, edit("schema_version: 1", "schema_version: [1]")) == [
        f"{F}:2:17: error: schema_version: expected 1, got a list"]


def test_a_letter_without_a_unicode_name_is_of_no_script(programs):
    import unicodedata

    tangut = "\U00017000"  # a letter (Lo) to which Python 3.11's Unicode data gives no name
    if unicodedata.name(tangut, ""):
        pytest.skip("this Python names Tangut letters")
    assert check(programs, edit("name: Harbor Light Evening IOP", f"name: Harbor{tangut} {tangut} Light IOP")) == []


def test_a_format_error_gives_way_only_on_its_own_field(programs):
    # The website fails its pattern and the uri format (one finding); the date fails only its format, the e-mail
    # address only its own: each still has its finding.
    assert check(programs, edit("https://harborlight.example/iop", "https://harbor light.example/",
                                edit('"2026-10-01"', '"2026-02-30"'))) == [
        f"{F}:14:12: error: contact.website: expected a web address starting with https:// or http://, "
        "got 'https://harbor light.example/'",
        f"{F}:37:18: error: verification.last_verified: expected a real date \"YYYY-MM-DD\", got '2026-02-30'"]
    assert check(programs, edit("status: active", "status: open", edit("  website:", "  email: not-an-address\n  website:"))) == [
        f"{F}:4:9: error: status: expected one of active | temporarily_closed | closed, got 'open'",
        f"{F}:14:10: error: contact.email: expected an e-mail address such as intake@clinic.example, got 'not-an-address'"]


def test_invisible_character_in_a_list_item(programs):
    assert check(programs, edit("street: 12 Market St", 'street: "12 Market\u200bSt"')) == [
        f"{F}:16:13: error: locations[0].street: contains the invisible character U+200B (ZERO WIDTH SPACE) at "
        "position 10; remove it"]


def test_the_item_listed_twice_is_named(programs):
    assert check(programs, edit("languages: [en, es]", "languages: [en, es, es]")) == [
        f"{F}:22:12: error: languages: lists 'es' more than once"]


def test_markdown_too_costly_to_render(programs):
    assert check(programs, edit("focus:", 'description: "' + "[" * 300 + '"\nfocus:')) == [
        f"{F}:10:14: error: description: has 300 '['; at most 100 allowed (each may start a link)"]


def test_the_html_warning_quotes_forty_characters_of_the_tag(programs):
    text = edit("focus:", 'description: Call <a href="https://harborlight.example/intake-form">us</a>\nfocus:')
    assert check(programs, text) == [
        f'{F}:10:14: warning: description: contains HTML (<a href="https://harborlight.example/int); raw HTML is not '
        "rendered, use Markdown instead"]


def test_a_link_read_as_a_browser_reads_it(programs):
    # A tab inside "https" is dropped by browsers, so the link is "https:/search/"; one bad link is enough.
    assert check(programs, edit("focus:", 'description: "See ht\\ttps:/search/ now"\nfocus:')) == [
        f"{F}:10:14: error: description: the link 'https:/search/' needs a host (without one, a browser opens it as "
        "a page of this site); write scheme://host/..., such as https://example.org/page"]


def test_every_web_address_field_needs_a_host(programs):
    assert check(programs, edit("focus:", 'outcomes:\n  published_url: "https:/x"\nfocus:')) == [
        f"{F}:11:18: error: outcomes.published_url: expected a web address starting with https:// or http://, "
        "got 'https:/x'",
        f"{F}:11:18: error: outcomes.published_url: needs a host (without one, a browser opens it as a page of this "
        "site); write scheme://host/..., such as https://example.org/page, got 'https:/x'"]


def test_one_mixed_script_warning_a_field(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: H\u0430rbor Light Ev\u0435ning IOP")) == [
        f"{F}:5:7: warning: name: the word 'H\u0430rbor' mixes Latin letters with the Cyrillic '\u0430' (U+0430 "
        "CYRILLIC SMALL LETTER A); a look-alike letter can make one program pass for another: type the word again in "
        "one script"]


def test_street_and_geo_go_when_the_address_is_not_published(programs):
    why = ("out when address_published is false: this file is public, so it would publish the address (distance "
           "uses the ZIP code's centre)")
    text = edit("  - street: 12 Market St\n",
                "  - address_published: false\n    street: 12 Market St\n    geo: {lat: 40.7357, lon: -74.1724}\n")
    assert check(programs, text) == [f"{F}:17:5: error: locations[0].street: leave street {why}",
                                     f"{F}:18:5: error: locations[0].geo: leave geo {why}"]


def test_the_calendar_and_ranges_at_their_bounds(programs):
    # Verified today and expiring today are fine; a range may be one value, or give only its min.
    assert check(programs, edit('"2026-10-01"', '"2026-11-25"', edit('"2035-06-30"', '"2026-11-25"'))) == []
    assert check(programs, edit("focus:", "ages:\n  min: 18\n  max: 18\nfocus:")) == []
    assert check(programs, edit("focus:", "ages:\n  min: 18\nfocus:")) == []


def test_true_and_false_are_not_a_range(programs):
    assert check(programs, edit("focus:", "ages:\n  min: true\n  max: false\nfocus:")) == [
        f"{F}:11:8: error: ages.min: expected a whole number, got true",
        f"{F}:12:8: error: ages.max: expected a whole number, got false"]


def test_a_session_must_end_after_it_starts_not_when(programs):
    assert check(programs, edit('end: "21:00"', 'end: "18:00"')) == [
        f"{F}:30:14: error: tracks[0].sessions[0].end: expected an end after the start (18:00), got '18:00' "
        "(sessions end on the day they start)"]


def test_an_unknown_time_zone_far_from_any(programs):
    assert check(programs, edit("America/New_York", "Mars/Olympus_Mons")) == [
        f"{F}:26:15: error: tracks[0].timezone: 'Mars/Olympus_Mons' is not an IANA time zone such as America/New_York"]


def test_no_weekly_hours_warning_while_a_session_is_wrong(programs):
    # 3 hours a week would be a warning; with a session's time unreadable the hours are not worked out.
    assert check(programs, edit("[mon, tue, thu]", "[mon]", edit('start: "18:00"', 'start: "6pm"'))) == [
        f"{F}:29:16: error: tracks[0].sessions[0].start: expected a 24-hour time \"HH:MM\" such as \"18:00\", got '6pm'"]


def test_a_date_without_hyphens_is_not_read_as_a_date(programs):
    # Python reads "20991231" as a date; the listing format does not, so it is not "in the future" either.
    assert check(programs, edit('"2026-10-01"', '"20991231"')) == [
        f"{F}:37:18: error: verification.last_verified: expected a date \"YYYY-MM-DD\", got '20991231'"]


def test_other_missing_fields_beside_source_and_street_give_no_reason(programs):
    assert check(programs, edit('  last_verified: "2026-10-01"\n', "")) == [
        f"{F}:36:1: error: verification.last_verified: missing required field 'last_verified'"]
    assert check(programs, edit("    city: Newark\n", "")) == [
        f"{F}:16:5: error: locations[0].city: missing required field 'city'"]


def test_a_number_where_a_web_address_belongs(programs):
    assert check(programs, edit("https://harborlight.example/iop", "5")) == [
        f'{F}:14:12: error: contact.website: expected text, got 5 (put it in quotes: "5")']


def test_the_script_of_most_letters_is_the_words_own(programs):
    assert check(programs, edit("name: Harbor Light Evening IOP", "name: \u041do\u0432\u044b\u0439 IOP")) == [
        f"{F}:5:7: warning: name: the word '\u041do\u0432\u044b\u0439' mixes Cyrillic letters with the Latin 'o' (U+006F "
        "LATIN SMALL LETTER O); a look-alike letter can make one program pass for another: type the word again in one "
        "script"]


def test_a_number_for_an_id(programs):
    assert check(programs, edit(f"id: {NAME}", "id: 5")) == [
        f'{F}:3:5: error: id: expected text, got 5 (put it in quotes: "5")']


def test_no_folder_rule_for_a_listing_that_lacks_its_locations():
    # In person, so not a telehealth-only listing in the wrong folder: only the missing locations are the mistake.
    text = edit('locations:\n  - street: 12 Market St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n', "")
    assert at(text, f"programs/remote/{NAME}.yaml") == [
        f"programs/remote/{NAME}.yaml:1:1: error: locations: missing required field 'locations' (needed unless "
        "delivery is [telehealth] only)"]


def test_a_location_that_is_not_a_mapping_does_not_hide_the_next(programs):
    assert check(programs, edit("locations:\n", "locations:\n  - 5\n", edit('"07102"', '"10001"'))) == [
        f"{F}:16:5: error: locations[0]: expected a mapping of fields, got 5",
        f"{F}:20:18: error: locations[1].postal_code: ZIP code '10001' is in NY (New York), not NJ"]


@pytest.mark.parametrize("first, wrong", [
    ("  - 5\n", "24:5: error: tracks[0]: expected a mapping of fields, got 5"),
    ("  - timezone: America/New_York\n    sessions: 5\n", "25:15: error: tracks[0].sessions: expected a list, got 5"),
])
def test_a_track_of_the_wrong_shape_does_not_hide_the_next(programs, first, wrong):
    line = 27 if first == "  - 5\n" else 28
    assert check(programs, edit("tracks:\n", "tracks:\n" + first, edit("America/New_York", "America/New_Yrok"))) == [
        f"{F}:{wrong}",
        f"{F}:{line}:15: error: tracks[1].timezone: 'America/New_Yrok' is not an IANA time zone (did you mean "
        "'America/New_York'?)"]


def test_a_session_with_a_wrong_time_does_not_hide_the_next(programs):
    text = edit("      - days: [mon, tue, thu]\n",
                '      - days: [wed]\n        start: "6pm"\n        end: "21:00"\n      - days: [mon, tue, thu]\n',
                edit('end: "21:00"', 'end: "17:00"'))
    assert check(programs, text) == [
        f"{F}:29:16: error: tracks[0].sessions[0].start: expected a 24-hour time \"HH:MM\" such as \"18:00\", got '6pm'",
        f"{F}:33:14: error: tracks[0].sessions[1].end: expected an end after the start (18:00), got '17:00' "
        "(sessions end on the day they start)"]


def test_a_session_without_days_has_no_weekly_hours(programs):
    assert check(programs, edit("[mon, tue, thu]", "[]")) == [
        f"{F}:28:15: error: tracks[0].sessions[0].days: needs at least 1 item, got 0"]


def test_a_yaml_mistake_is_the_files_finding(programs):
    assert check(programs, "name: [unclosed\n") == [
        f"{F}:2:1: error: yaml: did not find expected ',' or ']' (while parsing a flow sequence)"]


def test_the_program_counts_days_from_the_day_given():
    assert validate_bytes(VALID.encode(), F, Path(F), TODAY).program.days_since_verified == 55  # since 2026-10-01


@pytest.mark.parametrize("word, options, suggested", [
    ("evenning", ("evening", "weekend"), " (did you mean 'evening'?)"),
    ("SUBSTANCE USE", ("substance_use", "mental_health"), " (did you mean 'substance_use'?)"),  # as a key is written
    ("MENTAL_HEALTH", ("substance_use", "mental_health"), " (did you mean 'mental_health'?)"),
    # Spaces and hyphens become underscores: without, the nearest zone is America/Menominee.
    ("AMERICA/KNOX IN", frozenset(["America/Knox_IN", "America/Menominee"]), " (did you mean 'America/Knox_IN'?)"),
    ("AMERICA/KNOX-IN", frozenset(["America/Knox_IN", "America/Menominee"]), " (did you mean 'America/Knox_IN'?)"),
    ("US/EAST-INDIANA", frozenset(["US/East-Indiana", "US/Eastern"]), " (did you mean 'US/East-Indiana'?)"),
    ("xyz", ("evening", "weekend"), ""),
])
def test_did_you_mean(word, options, suggested):
    from iopdir.listing.validation import _make_closest

    assert _make_closest(word, options) == suggested


def test_a_report_sorts_its_findings_into_errors_and_warnings():
    from iopdir.listing.findings import ERROR, WARNING, Finding
    from iopdir.listing.validation import Report

    error = Finding("a.yaml", 1, 1, ERROR, "name", "required")
    warning = Finding("a.yaml", 2, 1, WARNING, "summary", "long")
    report = Report(findings=[warning, error])
    assert report.errors == [error] and report.warnings == [warning] and not report.ok
    assert Report(findings=[warning]).ok


def test_uri_fields_are_found_behind_a_ref(monkeypatch):
    # The schema's own are written in place; a field defined once and named by $ref is found too.
    from iopdir.listing import validation

    schema = {"properties": {"contact": {"properties": {"website": {"$ref": "#/definitions/link"},
                                                        "phone": {"type": "string"}}},
                             "home": {"format": "uri"}},
              "definitions": {"link": {"type": "string", "format": "uri"}}}
    monkeypatch.setattr(validation, "program_schema", lambda: schema)
    assert validation._make_uri_fields() == (("contact", "website"), ("home",))
    monkeypatch.undo()
    assert validation._make_uri_fields() == (("contact", "website"), ("outcomes", "published_url"))
