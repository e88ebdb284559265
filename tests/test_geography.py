"""The ZIP table: the repository's copy is what the installed zipcodes package says, and look-ups read it."""

import gzip

from iopdir.listing import geography


def test_the_table_file_is_the_installed_zipcodes_table():
    """Made by `python -m iopdir.listing.geography`; after upgrading zipcodes, run that again (this fails until then)."""
    assert gzip.decompress(geography.TABLE.read_bytes()).decode("utf-8") == geography.table_text()


def test_look_ups():
    newark = geography.lookup("07102-1234")
    assert (newark.state, newark.city, newark.lat, newark.lon, newark.timezone) == (
        "NJ", "Newark", 40.732, -74.1765, "America/New_York")
    assert geography.lookup("00000") is None
    assert geography.zip_table()["07102"] == newark
    assert len(geography.zip_table()) > 40_000
