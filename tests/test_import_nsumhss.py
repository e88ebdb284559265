"""`iopdir import nsumhss`: SAMHSA's directory rows -> valid, stable listings, on a real 32-row slice."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from iopdir.tools import importer
from iopdir.tools import nsumhss
from iopdir.tools.importer import ImportSummary, format_summary, import_nsumhss
from iopdir.build.listings import validate_paths
from iopdir.listing.yamlstrict import load

FIXTURES = Path(__file__).parent / "fixtures" / "nsumhss"
FACILITIES = FIXTURES / "facilities.csv"
DEFINITIONS = FIXTURES / "service_definitions.csv"
AS_OF = dt.date(2023, 3, 31)

WRITTEN = [
    "az/aurora-behavioral-healthcare-tempe.yaml",
    "az/community-bridges-inc-globe-outpatient-services-center.yaml",
    "az/crossroads-extension-for-women-mesa.yaml",
    "az/lifewell-mesa.yaml",
    "ga/aspire-behavioral-health-albany.yaml",
    "ga/marr-mens-recovery-center-atlanta.yaml",
    "ga/men-and-women-for-human-excellence-decatur.yaml",
    "ma/emerson-hospital-addiction-recovery-program-concord.yaml",
    "ma/providence-treatment-boston.yaml",
    "ma/sstar-substance-use-disorder-outpatient-fall-river.yaml",
    "nj/east-orange-substance-abuse-trt-prog.yaml",
    "nj/evas-village-outpatient-substance-abuse-paterson.yaml",
    "nj/the-bridge-caldwell.yaml",
    "nm/navajo-regional-behavioral-health-center-shiprock.yaml",
    "nm/perfectly-imperfect-albuquerque.yaml",
    "oh/dayton-va-medical-center-mental-health.yaml",
    "oh/salvation-army-harbor-light-complex-cleveland-2.yaml",
    "oh/salvation-army-harbor-light-complex-cleveland.yaml",
    "wa/programa-ser-renton.yaml",
    "wa/washington-institute-of-addiction-stud-auburn.yaml",
]

SUMMARY = """\
32 rows read, 20 with intensive outpatient treatment (OIT)
20 listings: 20 created, 0 updated, 0 unchanged, 0 closed, 0 reopened, 0 skipped; 6 merged from both directories
0 rows not imported"""


def run(out, facilities=FACILITIES, **kwargs) -> ImportSummary:
    return import_nsumhss(facilities, DEFINITIONS, out, **kwargs)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "programs"


@pytest.fixture
def imported(out):
    return run(out)


def listing(out, name: str) -> dict:
    (path,) = out.glob(f"*/{name}.yaml")
    doc = load(path.read_bytes(), str(path))
    assert doc.ok, doc.findings
    return doc.data


def all_listings(out) -> dict[str, dict]:
    return {p.stem: load(p.read_bytes(), str(p)).data for p in sorted(out.rglob("*.yaml"))}


def snapshot(out) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*"))
            if p.is_file()}


def derived_csv(tmp_path, change) -> Path:
    """The fixture with `change(row)` applied to each row (to make a defect the real slice does not have)."""
    with open(FACILITIES, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    path = tmp_path / "derived.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        for row in rows:
            changed = change(dict(row))
            if changed is not None:
                writer.writerow(changed)
    return path


# --- the whole run ----------------------------------------------------------------------------------------------

def test_summary_counts_every_row_not_imported_and_why(imported):
    assert format_summary(imported) == SUMMARY


def test_one_file_per_iop_location_in_its_state_folder(imported, out):
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == WRITTEN
    assert [o.action for o in imported.listings] == ["created"] * 20


def test_every_written_listing_validates_without_errors_or_warnings(imported, out):
    report = validate_paths([out])
    assert (report.files, report.errors, report.warnings) == (20, [], [])


def test_non_iop_rows_are_ignored(imported):
    sources = {fid for o in imported.listings for fid in o.sources}
    assert not sources & {"substance_273", "substance_302", "substance_5678", "substance_7517", "mental_167"}


def test_listing_is_written_in_format_order_with_quoted_strings(imported, out):
    assert (out / "nj" / "the-bridge-caldwell.yaml").read_text(encoding="utf-8") == """\
# yaml-language-server: $schema=../../schema/program.schema.json
schema_version: 1
id: the-bridge-caldwell
status: active
name: The Bridge
organization:
  name: The Bridge
  ownership: private_nonprofit
summary: Intensive outpatient treatment for substance use and co-occurring disorders in Caldwell, NJ; also mental \
health care. Imported from SAMHSA's 2024 directory; details not yet verified by the program.
focus: [mental_health, substance_use, co_occurring]
conditions: [opioids, ptsd]
contact:
  phone: "973-228-3000"
  intake_phone: "973-228-3000 x315"
locations:
  - street: "860 Bloomfield Avenue"
    city: Caldwell
    state: NJ
    postal_code: "07006"
delivery: [in_person, telehealth]
telehealth_states: [NJ]
populations: [adolescents, young_adults, adults, older_adults, women, men, pregnant_postpartum, lgbtq, \
criminal_justice, trauma_survivors, co_occurring, dui]
languages: [es]
modalities: [cbt, dbt, motivational_interviewing, contingency_management, trauma_focused, twelve_step_facilitation, \
matrix_model, relapse_prevention, family_therapy, group_therapy, individual_therapy, psychoeducation]
medications:
  prescribes: [buprenorphine]
  accepts_patients_on_medication: true
family_programming:
  offered: true
  kinds: [family_therapy, family_education]
aftercare:
  offered: true
  kinds: [discharge_planning, outcome_follow_up]
insurance:
  medicaid: true
  private: true
  self_pay: true
licenses:
  - state: NJ
    agency: State substance use treatment agency
  - state: NJ
    agency: State mental health department
  - state: NJ
    agency: State department of health
verification:
  last_verified: "2023-03-31"
  verified_by: import
  source: SAMHSA 2024 National Directory
"""


def test_emitted_yaml_reads_back_to_the_same_data(imported, out):
    for path in out.rglob("*.yaml"):
        data = load(path.read_bytes(), str(path)).data
        assert importer.emit(data) == path.read_text(encoding="utf-8")


# --- code groups --------------------------------------------------------------------------------------------------

def test_ownership(imported, out):
    assert {pid: d["organization"].get("ownership") for pid, d in all_listings(out).items()} == {
        "aurora-behavioral-healthcare-tempe": "private_for_profit",
        "community-bridges-inc-globe-outpatient-services-center": "private_nonprofit",
        "crossroads-extension-for-women-mesa": "private_nonprofit",
        "lifewell-mesa": "private_nonprofit",
        "aspire-behavioral-health-albany": "government",  # LCCG
        "marr-mens-recovery-center-atlanta": "private_nonprofit",
        "men-and-women-for-human-excellence-decatur": "private_nonprofit",
        "emerson-hospital-addiction-recovery-program-concord": "private_nonprofit",
        "providence-treatment-boston": "private_for_profit",
        "sstar-substance-use-disorder-outpatient-fall-river": "private_nonprofit",
        "east-orange-substance-abuse-trt-prog": "government",
        "evas-village-outpatient-substance-abuse-paterson": "private_nonprofit",
        "the-bridge-caldwell": "private_nonprofit",
        "navajo-regional-behavioral-health-center-shiprock": "tribal",  # TBG (with IH)
        "perfectly-imperfect-albuquerque": "private_for_profit",
        "dayton-va-medical-center-mental-health": "veterans_affairs",  # FED + VAMC
        "salvation-army-harbor-light-complex-cleveland-2": "private_nonprofit",
        "salvation-army-harbor-light-complex-cleveland": "private_nonprofit",
        "programa-ser-renton": "private_for_profit",
        "washington-institute-of-addiction-stud-auburn": "private_nonprofit",
    }


def test_ownership_of_other_federal_facilities_stays_absent():
    assert importer._ownership(frozenset({"FED", "DDF"})) is None
    assert importer._ownership(frozenset({"FED", "IH"})) is None
    assert importer._ownership(frozenset({"FED", "VAMC"})) == "veterans_affairs"


def test_focus_from_directories_and_co_occurring_treatment(imported, out):
    focus = {pid: d["focus"] for pid, d in all_listings(out).items()}
    assert focus["crossroads-extension-for-women-mesa"] == ["substance_use"]
    assert focus["emerson-hospital-addiction-recovery-program-concord"] == ["substance_use", "co_occurring"]  # SUMH
    assert focus["the-bridge-caldwell"] == ["mental_health", "substance_use", "co_occurring"]  # both directories
    assert sorted(map(tuple, focus.values())) == sorted(
        [("substance_use",)] * 9 + [("substance_use", "co_occurring")] * 5
        + [("mental_health", "substance_use", "co_occurring")] * 6)


def test_conditions(imported, out):
    assert listing(out, "crossroads-extension-for-women-mesa")["conditions"] == ["alcohol", "opioids", "gambling"]
    # AUDO (alcohol only); NOOP (does not treat opioid use disorder)
    assert listing(out, "washington-institute-of-addiction-stud-auburn")["conditions"] == ["alcohol"]
    # PTSD, PEFP and PED come from the mental-health row of the same location
    assert listing(out, "aspire-behavioral-health-albany")["conditions"] == [
        "opioids", "ptsd", "psychosis", "eating_disorders"]


def test_does_not_treat_codes_win_over_medication_codes():
    assert importer._conditions(frozenset({"BU", "NOOP", "PMAT", "NAUT", "TGD"})) == {"gambling"}


def test_populations_from_special_programs_and_age_groups(imported, out):
    assert listing(out, "crossroads-extension-for-women-mesa")["populations"] == [
        "young_adults", "adults", "older_adults", "women", "pregnant_postpartum", "veterans", "active_military",
        "military_families", "lgbtq", "criminal_justice", "trauma_survivors", "co_occurring"]
    assert listing(out, "sstar-substance-use-disorder-outpatient-fall-river")["populations"] == [
        "young_adults", "adults", "pregnant_postpartum", "lgbtq", "criminal_justice", "trauma_survivors",
        "co_occurring", "dui"]


def test_ages_stay_absent(imported, out):
    assert not any("ages" in d for d in all_listings(out).values())


def test_languages(imported, out):
    # F17, F43, F47; FX ("other languages") names no language
    assert listing(out, "washington-institute-of-addiction-stud-auburn")["languages"] == ["ja", "ko", "zh"]
    assert listing(out, "sstar-substance-use-disorder-outpatient-fall-river")["languages"] == ["ase", "es", "pt"]
    assert listing(out, "aurora-behavioral-healthcare-tempe")["languages"] == [
        "ar", "ase", "de", "el", "es", "fa", "fr", "he", "hi", "hmn", "it", "ja", "ko", "pl", "pt", "ru", "tl", "vi",
        "zh"]
    assert "languages" not in listing(out, "marr-mens-recovery-center-atlanta")


def test_modalities(imported, out):
    assert listing(out, "programa-ser-renton")["modalities"] == [
        "group_therapy", "individual_therapy", "psychoeducation"]
    assert listing(out, "dayton-va-medical-center-mental-health")["modalities"] == [
        "cbt", "dbt", "motivational_interviewing", "contingency_management", "emdr", "trauma_focused",
        "twelve_step_facilitation", "matrix_model", "relapse_prevention", "family_therapy", "group_therapy",
        "individual_therapy", "psychoeducation"]


def test_medications(imported, out):
    assert listing(out, "crossroads-extension-for-women-mesa")["medications"] == {
        "prescribes": ["buprenorphine", "naltrexone", "acamprosate", "disulfiram"],
        "accepts_patients_on_medication": True}
    assert listing(out, "navajo-regional-behavioral-health-center-shiprock")["medications"] == {
        "accepts_patients_on_medication": True}


def test_nmoa_never_becomes_a_refusal(imported, out):
    # Emerson: NMOA and NMAUT ("does not use MAT"), no MOA: nothing is known about medications, so nothing is said.
    assert "medications" not in listing(out, "emerson-hospital-addiction-recovery-program-concord")
    assert "medications" not in listing(out, "perfectly-imperfect-albuquerque")


def test_family_programming_and_aftercare(imported, out):
    aurora = listing(out, "aurora-behavioral-healthcare-tempe")  # FPSY from the mental-health row
    assert aurora["family_programming"] == {"offered": True, "kinds": ["family_therapy", "family_education"]}
    assert listing(out, "crossroads-extension-for-women-mesa")["aftercare"] == {
        "offered": True, "kinds": ["recovery_coaching", "peer_support", "discharge_planning", "outcome_follow_up"]}
    assert listing(out, "programa-ser-renton")["aftercare"] == {"offered": True}  # ACC alone says no kind
    assert "family_programming" not in listing(out, "crossroads-extension-for-women-mesa")


def test_insurance(imported, out):
    assert listing(out, "men-and-women-for-human-excellence-decatur")["insurance"] == {
        "payment_assistance": True, "no_fee": True}
    assert listing(out, "crossroads-extension-for-women-mesa")["insurance"] == {
        "medicaid": True, "tricare": True, "private": True, "state_plan": True, "self_pay": True, "sliding_scale": True,
        "payment_assistance": True}


def test_unknown_stays_absent_never_false(imported, out):
    marr = listing(out, "marr-mens-recovery-center-atlanta")  # no MD, MC, TELE or languages in the directory
    assert marr["insurance"] == {"private": True, "self_pay": True}
    assert "medicaid" not in marr["insurance"]
    assert marr["delivery"] == ["in_person"] and "telehealth_states" not in marr

    def falses(value):
        if isinstance(value, dict):  # address_published: false is what the directory says ('---'), not a default
            return [x for k, v in value.items() if k != "address_published" for x in falses(v)]
        if isinstance(value, list):
            return [x for v in value for x in falses(v)]
        return [value] if value is False else []

    assert [pid for pid, d in all_listings(out).items() if falses(d)] == []


def test_accreditations(imported, out):
    assert listing(out, "perfectly-imperfect-albuquerque")["accreditations"] == [
        {"body": "joint_commission"}, {"body": "carf"}, {"body": "coa"}, {"body": "ncqa"}, {"body": "hfap"}]
    assert "accreditations" not in listing(out, "programa-ser-renton")


def test_licences_name_the_kind_of_agency(imported, out):
    assert listing(out, "emerson-hospital-addiction-recovery-program-concord")["licenses"] == [
        {"state": "MA", "agency": "State substance use treatment agency"},
        {"state": "MA", "agency": "State mental health department"},
        {"state": "MA", "agency": "State department of health"},
        {"state": "MA", "agency": "Hospital licensing authority"}]


def test_telehealth_licensed_in_own_state(imported, out):
    providence = listing(out, "providence-treatment-boston")
    assert (providence["delivery"], providence["telehealth_states"]) == (["in_person", "telehealth"], ["MA"])


def test_verification_and_contact(imported, out):
    crossroads = listing(out, "crossroads-extension-for-women-mesa")
    assert crossroads["verification"] == {
        "last_verified": "2023-03-31", "verified_by": "import", "source": "SAMHSA 2024 National Directory"}
    assert crossroads["contact"] == {"phone": "602-730-3377", "intake_phone": "602-263-5242"}
    assert crossroads["status"] == "active"
    assert listing(out, "providence-treatment-boston")["contact"] == {"phone": "617-314-7544"}


def test_as_of_sets_last_verified(out):
    run(out, as_of=dt.date(2024, 6, 1))
    assert listing(out, "programa-ser-renton")["verification"]["last_verified"] == "2024-06-01"


def test_every_mapped_code_is_defined_in_the_directory():
    defs = nsumhss.read_definitions(DEFINITIONS)
    tables = [dict(nsumhss.OWNERSHIP), nsumhss.CONDITIONS, nsumhss.NOT_TREATED, nsumhss.POPULATIONS, nsumhss.LANGUAGES,
              nsumhss.MODALITIES, nsumhss.PRESCRIBES, nsumhss.FAMILY, nsumhss.AFTERCARE, nsumhss.INSURANCE,
              nsumhss.ACCREDITATIONS, nsumhss.LICENSES]
    codes = {c for t in tables for c in t} | nsumhss.CO_OCCURRING_FOCUS | nsumhss.ACCEPTS_MEDICATION \
        | nsumhss.AFTERCARE_OFFERED | {nsumhss.TELEHEALTH, nsumhss.IOP_CODE}
    assert sorted(c for c in codes if not (defs.knows("substance", c) or defs.knows("mental", c))) == []
    assert defs.label("substance", "OIT") == "Intensive outpatient treatment"
    assert "ACT" not in nsumhss.MODALITIES  # mental-health ACT is assertive community treatment


# --- repairs ------------------------------------------------------------------------------------------------------

def test_zip_codes_get_their_leading_zero_back(imported, out):
    assert listing(out, "providence-treatment-boston")["locations"][0]["postal_code"] == "02215"  # source: 2215
    assert listing(out, "evas-village-outpatient-substance-abuse-paterson")["locations"][0]["postal_code"] == "07501"


@pytest.mark.parametrize("raw, expected", [
    ("7102", "07102"), ("07102", "07102"), ("501", "00501"), ("85321", "85321"), ("7102-1234", "07102-1234"),
    ("071021234", "07102-1234"), ("", None), ("ABCDE", None), ("123456", None)])
def test_zip5(raw, expected):
    assert nsumhss.zip5(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("973-555-0142", "973-555-0142"), ("(973) 555 0142", "973-555-0142"), ("1-973-555-0142", "973-555-0142"),
    ("973.555.0142", "973-555-0142"), ("520-387-5651 x5000", "520-387-5651 x5000"),
    ("520-387-5651 ext. 12", "520-387-5651 x12"), ("123-456-7890", None), ("555-0142", None), ("", None),
    ("call 973-555-0142", None)])
def test_phone(raw, expected):
    assert nsumhss.phone(raw) == expected


def test_replacement_characters_are_removed_from_labels_and_names():
    assert nsumhss.read_definitions(DEFINITIONS).label("substance", "ACM") == "Acamprosate (Campral)"
    assert nsumhss.tidy("Saint Mary\ufffds  Recovery ") == "Saint Marys Recovery"


@pytest.mark.parametrize("raw, expected", [
    ("NEW HOPE INTEGRATED BEHAVIORAL HEALTH LLC", "New Hope Integrated Behavioral Health LLC"),
    ("CENTER FOR FAMILY SERVICES OF NJ INC", "Center for Family Services of NJ Inc"),
    ("O'BRIEN HOUSE RECOVERY II", "O'Brien House Recovery II"),
    # acronyms and mixed case stay as written
    ("SSTAR", "SSTAR"), ("MARR", "MARR"), ("HOPE AZ", "HOPE AZ"), ("BHG XLIV LLC", "BHG XLIV LLC"),
    ("MIND 24/7", "MIND 24/7"), ("CCBHC BHDD", "CCBHC BHDD"),
    ("COPE Community Services Inc", "COPE Community Services Inc"),
])
def test_all_caps_names_are_title_cased_only_when_clearly_shouting(raw, expected):
    assert nsumhss.title_case_if_shouting(raw) == expected


def test_acronym_names_stay_upper_case(imported, out):
    assert listing(out, "marr-mens-recovery-center-atlanta")["name"] == "MARR - Mens Recovery Center"
    assert listing(out, "sstar-substance-use-disorder-outpatient-fall-river")["organization"] == {
        "name": "SSTAR", "ownership": "private_nonprofit"}


def test_shouting_name_and_replacement_character_are_repaired_end_to_end(tmp_path, out):
    def shout(row):
        if row["facility_id"] == "substance_7633":
            row["name1"], row["street2"] = "PERFECTLY IMPERFECT RECOVERY CENTER", "Suite\ufffd 2"
        return row

    run(out, facilities=derived_csv(tmp_path, shout))
    data = listing(out, "perfectly-imperfect-recovery-center-albuquerque")
    assert (data["name"], data["locations"][0]["street2"]) == ("Perfectly Imperfect Recovery Center", "Suite 2")


@pytest.mark.parametrize("name1, name2, program, organization", [
    ("Crossroads", "Scottsdale", "Crossroads - Scottsdale", "Crossroads"),
    ("Stoneridge Centers for", "Brain and Addition Treatment", "Stoneridge Centers for Brain and Addition Treatment",
     "Stoneridge Centers for Brain and Addition Treatment"),
    ("Southeastern Arizona Behavioral Health", "Services Inc (SEABHS)",
     "Southeastern Arizona Behavioral Health Services Inc (SEABHS)",
     "Southeastern Arizona Behavioral Health Services Inc (SEABHS)"),
    ("Family Service Agency", "DBA Addiction Resources Inc", "Addiction Resources Inc", "Family Service Agency"),
    ("Overlook Medical Center", "Behavioral Health", "Overlook Medical Center Behavioral Health",
     "Overlook Medical Center"),
    ("Somerdale Treatment Services", "Suite 10", "Somerdale Treatment Services", "Somerdale Treatment Services"),
    ("Copper Springs", "", "Copper Springs", "Copper Springs"),
])
def test_names_from_the_two_name_lines(name1, name2, program, organization):
    assert nsumhss.names(name1, name2) == nsumhss.Names(program, organization)


# --- merging and ids ----------------------------------------------------------------------------------------------

def test_rows_of_one_location_in_both_directories_merge(imported):
    merged = {o.id: o.sources for o in imported.listings if len(o.sources) > 1}
    assert merged == {
        "aurora-behavioral-healthcare-tempe": ("substance_469", "mental_413"),
        "lifewell-mesa": ("substance_311", "mental_266"),  # same name, city and ZIP; neither publishes a street
        "aspire-behavioral-health-albany": ("substance_2754", "mental_1902"),
        "the-bridge-caldwell": ("substance_7319", "mental_4628"),  # same street, ZIP and phone; names differ
        "evas-village-outpatient-substance-abuse-paterson": ("substance_7518", "mental_4754"),
        "dayton-va-medical-center-mental-health": ("substance_9085", "mental_5752"),
    }


def test_a_mental_health_row_merges_once_and_with_its_namesake_first(imported):
    # mental_238 "Transition Point Residential" shares street, ZIP and phone with the OIT row substance_272, but its
    # own name is substance_273's: it goes there, and substance_272 stays a listing of its own.
    globe = next(o for o in imported.listings if o.id == "community-bridges-inc-globe-outpatient-services-center")
    assert globe.sources == ("substance_272",)


def test_rows_of_one_directory_at_one_address_do_not_merge(imported):
    crossroads = next(o for o in imported.listings if o.id == "crossroads-extension-for-women-mesa")
    assert crossroads.sources == ("substance_303",)  # substance_302 is another program in the same building


def test_merged_listing_has_the_union_of_facts(imported, out):
    evas = listing(out, "evas-village-outpatient-substance-abuse-paterson")
    assert evas["focus"] == ["mental_health", "substance_use", "co_occurring"]
    assert evas["conditions"] == ["alcohol", "opioids", "ptsd"]  # PMAT, BU (substance row); PTSD (mental row)


def test_colliding_ids_are_numbered_in_facility_id_order(imported):
    assert {o.id: o.sources for o in imported.listings if o.id.startswith("salvation-army")} == {
        "salvation-army-harbor-light-complex-cleveland": ("substance_9030",),
        "salvation-army-harbor-light-complex-cleveland-2": ("substance_9031",),
    }


def test_ids_and_bytes_do_not_depend_on_row_order(tmp_path, imported, out):
    with open(FACILITIES, encoding="utf-8", newline="") as f:
        header, *rows = f.read().splitlines(keepends=True)
    backwards = tmp_path / "backwards.csv"
    backwards.write_text(header + "".join(reversed(rows)), encoding="utf-8", newline="")
    other = tmp_path / "other"
    run(other, facilities=backwards)
    assert {k: v[0] for k, v in snapshot(other).items()} == {k: v[0] for k, v in snapshot(out).items()}


def test_base_id_keeps_the_city_and_fits_80_characters():
    assert importer.base_id("Copper Springs", "Avondale") == "copper-springs-avondale"
    assert importer.base_id("Crossroads - Scottsdale", "Scottsdale") == "crossroads-scottsdale"
    long = importer.base_id("Charak Center for Health and Wellness - Rakesh Ranjan MD and Associates Inc", "Columbus")
    assert long == "charak-center-for-health-and-wellness-rakesh-ranjan-md-columbus"
    assert len(long) <= 77


# --- re-running -------------------------------------------------------------------------------------------------

def test_second_run_changes_no_byte(imported, out):
    before = snapshot(out)
    again = run(out)
    assert (again.count("created"), again.count("updated"), again.count("unchanged"), again.count("skipped")) == \
        (0, 0, 20, 0)
    assert snapshot(out) == before  # same bytes, same modification times


def test_a_changed_import_is_updated(imported, out):
    path = out / "wa" / "programa-ser-renton.yaml"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Renton, WA", b"Seattle, WA"))
    again = run(out)
    assert (again.count("updated"), again.count("unchanged")) == (1, 19)
    assert path.read_bytes() == original


def test_a_listing_verified_by_someone_else_is_never_overwritten(imported, out):
    path = out / "nj" / "the-bridge-caldwell.yaml"
    edited = path.read_text(encoding="utf-8").replace("verified_by: import", "verified_by: provider") \
        .replace("phone: \"973-228-3000\"", "phone: \"973-228-3001\"")
    path.write_text(edited, encoding="utf-8")
    again = run(out)
    assert format_summary(again).splitlines()[1:3] == [
        "20 listings: 0 created, 0 updated, 19 unchanged, 0 closed, 0 reopened, 1 skipped; 6 merged from both "
        "directories",
        "skipped nj/the-bridge-caldwell.yaml: verified by provider; not overwritten"]
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("text, why", [
    ("name: [half written\n", "not a readable listing; not overwritten"),
    ("name: Harbor Light\n", "says nothing of who verified it; not overwritten"),
])
def test_an_existing_file_we_cannot_attribute_is_not_overwritten(imported, out, text, why):
    path = out / "oh" / "salvation-army-harbor-light-complex-cleveland.yaml"
    path.write_text(text, encoding="utf-8")
    again = run(out)
    assert [(str(o.path), o.why) for o in again.listings if o.action == "skipped"] == [
        ("oh/salvation-army-harbor-light-complex-cleveland.yaml", why)]
    assert path.read_text(encoding="utf-8") == text


def test_files_get_ordinary_permissions_and_no_temporary_files_remain(imported, out, tmp_path):
    reference = tmp_path / "reference.yaml"
    reference.write_bytes(b"")
    modes = {p.stat().st_mode for p in out.rglob("*.yaml")}
    assert modes == {reference.stat().st_mode}
    assert [p.name for p in out.rglob(".*")] == []


# --- rows that cannot be imported -----------------------------------------------------------------------------------

def test_rows_that_would_make_invalid_listings_are_reported_not_written(tmp_path, out):
    def damage(row):
        if row["facility_id"] == "substance_7358":  # East Orange, NJ
            row["zip"] = "10001"  # a New York ZIP
        elif row["facility_id"] == "substance_5617":  # Providence Treatment, MA
            row["zip"] = "0"
        elif row["facility_id"] == "substance_5651":  # Emerson Hospital, MA
            row["zip"] = "00000"
        elif row["facility_id"] == "substance_11745":  # Programa SER, WA
            row["phone"] = row["intake1"] = row["intake2"] = ""
        elif row["facility_id"] == "substance_2848":
            row["phone"], row["intake1"] = "555-0100", ""
        return row

    summary = run(out, facilities=derived_csv(tmp_path, damage))
    assert [(n.facility_id, n.reason) for n in summary.not_imported] == [
        ("substance_2848", "no usable phone number (555-0100)"),
        ("substance_5617", "ZIP code '0' is not a ZIP code"),
        ("substance_5651", "ZIP code '00000' is not a known US ZIP code"),
        ("substance_7358", "ZIP code '10001' is in NY (New York), not NJ"),
        ("substance_11745", "no phone number"),
    ]
    assert len(summary.listings) == 15
    assert validate_paths([out]).errors == []


def test_states_limits_the_import(out):
    summary = run(out, states="NJ,ma")
    assert sorted({str(p.relative_to(out).parent) for p in out.rglob("*.yaml")}) == ["ma", "nj"]
    assert (summary.rows_read, summary.rows, summary.iop_rows, len(summary.listings)) == (32, 10, 6, 6)
    assert format_summary(summary).splitlines()[0] == \
        "32 rows read (10 in MA, NJ), 6 with intensive outpatient treatment (OIT)"


def test_unknown_state_is_refused(out):
    with pytest.raises(ValueError, match="unknown state code: XX"):
        run(out, states=["NJ", "XX"])


def test_a_file_that_is_not_the_directory_format_is_refused(tmp_path, out):
    with pytest.raises(nsumhss.FormatError, match="not a facilities file"):
        import_nsumhss(DEFINITIONS, DEFINITIONS, out)
    with pytest.raises(nsumhss.FormatError, match="not a service definitions file"):
        import_nsumhss(FACILITIES, FACILITIES, out)


@pytest.mark.parametrize("value, expected", [
    ("no", '"no"'), ("Yes", '"Yes"'), ("on", '"on"'), ("null", '"null"'), ("07102", '"07102"'),
    ("2024-01-01", '"2024-01-01"'), ("1e3", '"1e3"'), ("- - -", '"- - -"'), ("Suite #3", '"Suite #3"'),
    ("Key: value", '"Key: value"'), ('Say "hi"', '"Say \\"hi\\""'), ("Copper Springs", "Copper Springs"),
    ("O'Brien House (Main)", "O'Brien House (Main)"), ("trailing ", '"trailing "'), (True, "true"), (1, "1")])
def test_scalars_are_quoted_whenever_yaml_could_misread_them(value, expected):
    assert importer.scalar(value) == expected


# --- the command ----------------------------------------------------------------------------------------------------

def cli(capsys, *argv):
    from iopdir.cli import main

    code = main(["import", "nsumhss", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_prints_the_summary_and_exits_0(out, capsys):
    progress = "checking listings (20)\nwriting listings (20)\n"  # on stderr; tests/test_import_progress.py
    assert cli(capsys, str(FACILITIES), "--definitions", str(DEFINITIONS), "--out", str(out)) == (
        0, SUMMARY + "\n", progress)
    assert cli(capsys, str(FACILITIES), "--definitions", str(DEFINITIONS), "--out", str(out)) == (0, """\
32 rows read, 20 with intensive outpatient treatment (OIT)
20 listings: 0 created, 0 updated, 20 unchanged, 0 closed, 0 reopened, 0 skipped; 6 merged from both directories
0 rows not imported
""", progress)


def test_cli_states_and_as_of(out, capsys):
    code, stdout, _ = cli(capsys, str(FACILITIES), "--definitions", str(DEFINITIONS), "--out", str(out),
                          "--states", "NM", "--as-of", "2024-05-01")
    assert (code, stdout) == (0, """\
32 rows read (2 in NM), 2 with intensive outpatient treatment (OIT)
2 listings: 2 created, 0 updated, 0 unchanged, 0 closed, 0 reopened, 0 skipped; 0 merged from both directories
0 rows not imported
""")
    assert listing(out, "perfectly-imperfect-albuquerque")["verification"]["last_verified"] == "2024-05-01"


@pytest.mark.parametrize("argv, message", [
    (["missing.csv", "--definitions", str(DEFINITIONS)], "iopdir import nsumhss: no such file: missing.csv\n"),
    ([str(FACILITIES), "--definitions", str(DEFINITIONS), "--states", "NJ,XX"],
     "iopdir import nsumhss: unknown state code: XX\n"),
    ([str(FACILITIES), "--definitions", str(DEFINITIONS), "--as-of", "31/03/2023"],
     "iopdir import nsumhss: --as-of expects a past date YYYY-MM-DD, got '31/03/2023'\n"),
    ([str(FACILITIES), "--definitions", str(DEFINITIONS), "--as-of", "2999-01-01"],
     "iopdir import nsumhss: --as-of expects a past date YYYY-MM-DD, got '2999-01-01'\n"),
    ([str(FACILITIES), "--definitions", str(FACILITIES)],
     f"iopdir import nsumhss: {FACILITIES}: not a service definitions file (expected columns directory_type, code, "
     "label)\n"),
])
def test_cli_wrong_usage_exits_2_and_writes_nothing(out, capsys, argv, message):
    assert cli(capsys, *argv, "--out", str(out)) == (2, "", message)
    assert not out.exists()


def test_cli_missing_required_option_is_a_usage_error(out, capsys):
    with pytest.raises(SystemExit) as exc:
        cli(capsys, str(FACILITIES), "--out", str(out))
    assert exc.value.code == 2
    assert "the following arguments are required: --definitions" in capsys.readouterr().err
