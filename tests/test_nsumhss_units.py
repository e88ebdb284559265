"""The reading of the national directory's extract, function by function (iopdir.tools.nsumhss): names, phones,
streets, the keys that pair a facility's rows across the two directories. Found by mutation testing
(./dev mutation): each test pins a behaviour no other test checked."""

from iopdir.tools import nsumhss
from iopdir.tools.nsumhss import Names, Row


def row(facility_id, name1="The Bridge", name2="", street1="1 Main St", zip="07006", phone="973-228-3000"):
    return Row(facility_id=facility_id, directory=facility_id.rpartition("_")[0], name1=name1, name2=name2,
               street1=street1, street2="", city="Caldwell", state="NJ", zip=zip, phone=phone, intakes=(),
               codes=frozenset({"OIT"}))


# --- title-casing shouted names -------------------------------------------------------------------------------------

def test_two_four_letter_words_are_enough_to_title_case_a_shouted_name():
    assert nsumhss.title_case_if_shouting("HOPE HOUSE") == "Hope House"


def test_a_shouted_name_with_one_sayable_word_stays_as_written():
    assert nsumhss.title_case_if_shouting("CRC HEALTH") == "CRC HEALTH"


def test_a_word_without_a_vowel_stays_upper_case_in_a_title_cased_name():
    assert nsumhss.title_case_if_shouting("CRC HEALTH GROUP") == "CRC Health Group"


def test_a_state_code_after_the_first_word_stays_upper_case():
    assert nsumhss.title_case_if_shouting("BEHAVIORAL HEALTH CENTER OF GA") == "Behavioral Health Center of GA"


def test_the_first_word_is_capitalised_even_when_it_is_a_small_word():
    assert nsumhss.title_case_if_shouting("THE RECOVERY CENTER") == "The Recovery Center"


# --- phones ---------------------------------------------------------------------------------------------------------

def test_a_phone_with_upper_case_letters_is_not_a_phone():
    assert nsumhss.phone("CALL 973-555-0142") is None


def test_an_eleven_digit_number_not_starting_with_1_is_not_a_phone():
    assert nsumhss.phone("2-973-555-0142") is None


# --- streets --------------------------------------------------------------------------------------------------------

def test_an_upper_case_street_without_digits_is_a_street():
    assert nsumhss.has_street("PO BOX") is True


def test_a_lower_case_street_without_digits_is_a_street():
    assert nsumhss.has_street("rural route") is True


# --- names ----------------------------------------------------------------------------------------------------------

def test_a_second_name_line_repeating_the_first_in_another_case_is_dropped():
    assert nsumhss.names("Healthcare Resource Centers", "HEALTHCARE RESOURCE CENTERS") == Names(
        "Healthcare Resource Centers", "Healthcare Resource Centers")


def test_a_second_name_line_repeating_the_first_is_dropped():
    # a real row of the 2024 extract
    assert nsumhss.names("Healthcare Resource Centers", "Healthcare Resource Centers") == Names(
        "Healthcare Resource Centers", "Healthcare Resource Centers")


# --- the keys that pair rows ------------------------------------------------------------------------------------------

def test_normal_drops_punctuation_and_spells_out_abbreviations():
    assert nsumhss.normal("12 N. Main St., Ste 4") == "12 north main street suite 4"


def test_normal_reads_an_ampersand_between_words_as_and():
    assert nsumhss.normal("Smith&Sons") == "smith and sons"


def test_the_name_key_is_the_names_street_city_and_five_digit_zip():
    assert nsumhss.same_name_keys(row("substance_1", name2="Caldwell", zip="07006-1234")) == (
        "name", "the bridge caldwell", "1 main street", "caldwell", "07006")


def test_the_name_key_restores_a_zip_code_s_leading_zero():
    assert nsumhss.same_name_keys(row("substance_1", zip="7006"))[4] == "07006"


def test_the_line_key_is_the_street_five_digit_zip_and_phone_without_extension():
    assert nsumhss.same_line_keys(row("substance_1", zip="07006-1234", phone="973-228-3000 x12")) == (
        "line", "1 main street", "07006", "973-228-3000")


def test_rows_with_a_zip_plus_four_and_its_five_digit_zip_pair_by_name():
    s = row("substance_1", zip="07006-1234", phone="973-228-3000")
    m = row("mental_1", zip="07006", phone="973-228-4000")  # another phone: only the name key can pair them
    assert nsumhss.pair_directories([s, m]) == [(s, m)]


def test_rows_with_a_zip_plus_four_and_its_five_digit_zip_pair_by_street_and_phone():
    s = row("substance_1", name1="The Bridge", zip="07006-1234")
    m = row("mental_1", name1="The Bridge Counseling", zip="07006")
    assert nsumhss.pair_directories([s, m]) == [(s, m)]


def test_a_row_whose_phone_has_an_extension_pairs_with_one_whose_phone_has_none():
    s = row("substance_1", name1="The Bridge", phone="973-228-3000 x12")
    m = row("mental_1", name1="The Bridge Counseling", phone="973-228-3000")
    assert nsumhss.pair_directories([s, m]) == [(s, m)]


def test_an_unpaired_mental_health_row_is_a_location_of_its_own():
    s = row("substance_1", street1="1 Main St")
    m = row("mental_1", name1="Other Place", street1="9 Elm St")
    assert nsumhss.pair_directories([s, m]) == [(s,), (m,)]
