"""Issue #16.8: a word of `name` or `organization.name` that mixes scripts ("Hаrbor" with a Cyrillic а) is a
warning naming the field and the character: a look-alike letter can make one program pass for another."""

from pathlib import Path

import pytest

from iopdir.listing.validation import validate_bytes

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
NAME, ORGANIZATION = "name: Harbor Light Evening IOP", "name: Harbor Light Behavioral Health"


def findings(old: str, new: str):
    assert old in VALID
    checked = validate_bytes(VALID.replace(old, new, 1).encode(), "x.yaml")
    assert checked.program is not None  # a warning: the listing stays valid
    return [str(f) for f in checked.findings]


@pytest.mark.parametrize("old, new, field, char", [
    (NAME, "name: H\u0430rbor Light Evening IOP", "name", "'\u0430' (U+0430 CYRILLIC SMALL LETTER A)"),
    (NAME, "name: Harbor Light Evening I\u039fP", "name", "'\u039f' (U+039F GREEK CAPITAL LETTER OMICRON)"),
    (ORGANIZATION, "name: Harbor Light B\u0435havioral Health", "organization.name",
     "'\u0435' (U+0435 CYRILLIC SMALL LETTER IE)"),
    (NAME, "name: \u0397\u0430rb\u043er Light Evening IOP", "name", "(U+0397 GREEK CAPITAL LETTER ETA)"),
])
def test_mixed_script_word_is_a_warning_naming_field_and_character(old, new, field, char):
    (finding,) = findings(old, new)
    assert finding.startswith(f"x.yaml:{5 if field == 'name' else 7}:") and f": warning: {field}: the word '" in finding
    assert char in finding


@pytest.mark.parametrize("old, new", [
    (NAME, "name: Ñandú Café Evening IOP"),          # Latin with accents
    (NAME, "name: Αθηνά Evening IOP"),               # Greek words beside Latin ones
    (NAME, "name: Новый день IOP"),                  # Cyrillic words
    (NAME, "name: 東京ひかりクリニック IOP"),             # Japanese mixes Han, hiragana and katakana by nature
    (NAME, "name: 서울 IOP"),
    (NAME, "name: Harbor Light 24/7 IOP"),
    (NAME, "name: Harbor Light Evening IOPª"),       # not letters of a script
])
def test_one_script_a_word_is_fine(old, new):
    assert findings(old, new) == []
