"""The importer's repairs of the national directory's rows, function by function (iopdir.tools.importer): ids and
their slugs, phones, summaries and the listing a group of rows becomes. Found by mutation testing (./dev mutation):
each test pins a behaviour no other test checked."""

import datetime as dt

from iopdir.tools.importer import assign_ids, base_id, listing, slug, summary_text
from iopdir.tools.nsumhss import Row

AS_OF = dt.date(2023, 3, 31)
TAIL = "Imported from SAMHSA's 2024 directory; details not yet verified by the program."


def row(facility_id="substance_1", directory="substance", name1="Hope Center", street1="12 Main Street", street2="",
        city="Mesa", state="AZ", zip="85201", phone="480-555-0100", intakes=(), codes="OIT") -> Row:
    return Row(facility_id=facility_id, directory=directory, name1=name1, name2="", street1=street1, street2=street2,
               city=city, state=state, zip=zip, phone=phone, intakes=tuple(intakes), codes=frozenset(codes.split()))


def built(facility_id: str, name: str, city: str, state: str) -> tuple[tuple[Row, ...], dict]:
    """What assign_ids is given for one listing: its rows and the listing (only name and place are read)."""
    return (row(facility_id=facility_id),), {"name": name, "locations": [{"city": city, "state": state}]}


# --- slug -----------------------------------------------------------------------------------------------------------

def test_accented_letters_become_plain_letters_in_a_slug():
    assert slug("Café Esperanza") == "cafe-esperanza"


def test_an_ampersand_is_spelled_and_in_a_slug():
    assert slug("Men & Women for Human Excellence") == "men-and-women-for-human-excellence"


def test_a_slug_has_no_dash_at_either_end():
    assert slug("(Hope) Center.") == "hope-center"


# --- base_id --------------------------------------------------------------------------------------------------------

def test_a_name_without_latin_letters_is_called_program():
    assert base_id("希望中心", "Mesa") == "program-mesa"


def test_a_name_exactly_at_the_length_limit_is_kept_whole():
    # 72 characters: 80, less "-NN" for a number, less "-mesa".
    name = "Comprehensive Behavioral Health and Addiction Recovery Services of Tempe"
    assert base_id(name, "Mesa") == "comprehensive-behavioral-health-and-addiction-recovery-services-of-tempe-mesa"


def test_a_word_ending_exactly_at_the_length_limit_is_kept():
    name = "Comprehensive Behavioral Health and Addiction Recovery Services of Tempe East"
    assert base_id(name, "Mesa") == "comprehensive-behavioral-health-and-addiction-recovery-services-of-tempe-mesa"


def test_a_name_that_says_the_city_may_use_the_city_s_room():
    # No "-mesa" is added, so the name has 77 characters (80 less "-NN").
    name = "Mesa Comprehensive Behavioral Health and Addiction Recovery Services of Tempe"
    assert base_id(name, "Mesa") == "mesa-comprehensive-behavioral-health-and-addiction-recovery-services-of-tempe"


def test_a_long_name_cut_after_its_first_word_drops_a_dangling_and():
    name = "RecoveryWorksBehavioralHealthcareAndAddictionTreatmentCenter and Counseling Services"
    assert base_id(name, "Mesa") == "recoveryworksbehavioralhealthcareandaddictiontreatmentcenter-mesa"


def test_a_long_name_of_small_words_keeps_its_first_word():
    assert base_id("of " * 40, "Mesa") == "of-mesa"


# --- assign_ids -----------------------------------------------------------------------------------------------------

def test_colliding_ids_are_numbered_by_facility_id_not_by_position():
    listings = [built("substance_10", "Hope Center", "Mesa", "AZ"), built("substance_9", "Hope Center", "Mesa", "AZ")]
    assert assign_ids(listings) == ["hope-center-mesa-2", "hope-center-mesa"]


def test_an_id_held_in_another_folder_is_taken():
    listings = [built("substance_1", "Hope Center", "Mesa", "AZ")]
    assert assign_ids(listings, {"hope-center-mesa": {"nm"}}) == ["hope-center-mesa-2"]


def test_an_id_held_in_the_listing_s_own_folder_is_the_same_listing():
    listings = [built("substance_1", "Hope Center", "Mesa", "AZ")]
    assert assign_ids(listings, {"hope-center-mesa": {"az"}}) == ["hope-center-mesa"]


def test_numbering_skips_every_number_held_elsewhere():
    listings = [built("substance_1", "Hope Center", "Mesa", "AZ")]
    existing = {"hope-center-mesa": {"nm"}, "hope-center-mesa-2": {"ca"}}
    assert assign_ids(listings, existing) == ["hope-center-mesa-3"]


# --- phones ---------------------------------------------------------------------------------------------------------

def test_a_facility_with_only_an_intake_line_shows_it_as_its_phone():
    data = listing((row(phone="", intakes=["480-555-0199"]),), AS_OF)
    assert data["contact"] == {"phone": "480-555-0199"}


def test_with_two_intake_lines_and_no_phone_the_first_is_the_phone():
    data = listing((row(phone="", intakes=["480-555-0199", "480-555-0123"]),), AS_OF)
    assert data["contact"] == {"phone": "480-555-0199", "intake_phone": "480-555-0123"}


def test_unusable_phone_numbers_are_named_in_the_reason():
    assert listing((row(phone="555-0100", intakes=["Call us"]),), AS_OF) == \
        "no usable phone number (555-0100, Call us)"


def test_a_missing_main_phone_is_not_named_in_the_reason():
    assert listing((row(phone="", intakes=["Call us"]),), AS_OF) == "no usable phone number (Call us)"


# --- listing --------------------------------------------------------------------------------------------------------

def test_a_row_without_a_city_is_not_imported():
    assert listing((row(city=""),), AS_OF) == "no city"


def test_a_row_with_only_the_iop_code_makes_a_listing_of_what_is_known():
    # No ownership, aftercare or other code: those stay absent. The id is assign_ids' to give.
    assert listing((row(),), AS_OF) == {
        "schema_version": 1, "id": "", "status": "active", "name": "Hope Center",
        "organization": {"name": "Hope Center"},
        "summary": f"Intensive outpatient substance use treatment in Mesa, AZ. {TAIL}",
        "focus": ["substance_use"],
        "contact": {"phone": "480-555-0100"},
        "locations": [{"street": "12 Main Street", "city": "Mesa", "state": "AZ", "postal_code": "85201"}],
        "delivery": ["in_person"],
        "verification": {"last_verified": "2023-03-31", "verified_by": "import",
                         "source": "SAMHSA 2024 National Directory"},
    }


def test_aftercare_code_without_kinds_offers_aftercare():
    assert listing((row(codes="OIT ACC"),), AS_OF)["aftercare"] == {"offered": True}


def test_a_suite_given_by_the_other_directory_s_row_at_the_same_street_is_kept():
    group = (row(), row(facility_id="mental_1", directory="mental", street2="Suite 200"))
    location = listing(group, AS_OF)["locations"][0]
    assert location == {"street": "12 Main Street", "street2": "Suite 200", "city": "Mesa", "state": "AZ",
                        "postal_code": "85201"}


def test_a_suite_at_another_street_is_not_borrowed():
    group = (row(), row(facility_id="mental_1", directory="mental", street1="40 Oak Avenue", street2="Suite 200"))
    location = listing(group, AS_OF)["locations"][0]
    assert location == {"street": "12 Main Street", "city": "Mesa", "state": "AZ", "postal_code": "85201"}


# --- summary_text ---------------------------------------------------------------------------------------------------

def test_summary_of_a_substance_use_program():
    assert summary_text(["substance_use"], "Mesa", "AZ", "substance", False) == \
        f"Intensive outpatient substance use treatment in Mesa, AZ. {TAIL}"


def test_summary_of_a_mental_health_program():
    assert summary_text(["mental_health"], "Mesa", "AZ", "mental", False) == \
        f"Intensive outpatient mental health treatment in Mesa, AZ. {TAIL}"


def test_summary_of_a_mental_health_program_treating_co_occurring_substance_use():
    assert summary_text(["mental_health", "co_occurring"], "Mesa", "AZ", "mental", False) == \
        f"Intensive outpatient treatment for mental health and co-occurring substance use conditions in Mesa, AZ. {TAIL}"


def test_summary_of_a_mental_health_program_in_both_directories():
    assert summary_text(["mental_health", "substance_use", "co_occurring"], "Mesa", "AZ", "mental", True) == \
        "Intensive outpatient treatment for mental health and co-occurring disorders in Mesa, AZ; also substance use " \
        f"care. {TAIL}"


def test_a_summary_of_exactly_the_longest_length_keeps_its_long_closing_sentence():
    city = "M" + "e" * 66  # the full wording is then exactly SUMMARY_MAX (200) characters
    text = summary_text(["substance_use"], city, "AZ", "substance", False)
    assert (len(text), text) == (200, f"Intensive outpatient substance use treatment in {city}, AZ. {TAIL}")


def test_summary_leaves_out_the_other_care_when_a_long_place_name_leaves_no_room():
    city = "Fort Mohave Mesa Del Rio Golden Shores Topock Area"  # 50 characters
    assert summary_text(["substance_use", "mental_health"], city, "AZ", "substance", True) == \
        f"Intensive outpatient substance use treatment in {city}, AZ. {TAIL}"
