"""writing.compact_json: the site's JSON, made by orjson, is the standard library's compact json.dumps byte for byte
(but for a float's exponent, the same number to any reader), and what orjson refuses is still written."""

import json

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from iopdir.writing import compact_json
from tests.sites import build_site

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()


def stdlib(data) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_text_that_json_escapes_and_text_it_leaves():
    data = {"name": 'Harbor "IOP" \\ año\n\t\x00\x1f\x7f\u2028</script>', "ok": True, "none": None}
    assert compact_json(data) == stdlib(data)
    assert compact_json(data) == ('{"name":"Harbor \\"IOP\\" \\\\ año\\n\\t\\u0000\\u001f\x7f\u2028</script>",'
                                  '"ok":true,"none":null}').encode("utf-8")


def test_numbers_lists_tuples_and_str_subclasses_as_json_writes_them():
    data = {"n": [0, -3, 2**62, 40.7128, -74.006, 0.5, 12345678.9, 1e16], "t": ("a", 1), "m": Markup("<b>x</b>")}
    assert compact_json(data) == stdlib(data)


def test_a_small_float_s_exponent_is_written_without_padding_the_same_number():
    assert compact_json([1e-07]) == b"[1e-7]" != stdlib([1e-07])
    assert json.loads(compact_json([1e-07])) == [1e-07]


def test_what_orjson_refuses_is_written_as_json_writes_it():
    # An integer beyond 64 bits (a valid listing may give one) and a key that is not a string.
    for data in ({"max": 10**23, "name": "año"}, [-(2**64)], {1: "a", "b": [2**70]}):
        assert compact_json(data) == stdlib(data)
    assert compact_json({"max": 10**23}) == b'{"max":100000000000000000000000}'


def test_a_listing_with_a_number_beyond_64_bits_builds(tmp_path):
    """The schema sets no maximum on a weekly cost: a listing with a 24-digit one is valid, and the site is built
    with the number written whole in the downloads' JSON."""
    listing = VALID.replace("  medicaid: true\n",
                            "  medicaid: true\n  cost_per_week_usd: {min: 600, max: 100000000000000000000000}\n")
    assert listing != VALID
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / "harbor-light-evening-iop.yaml").write_text(listing)
    out = tmp_path / "output"
    build_site(out, tmp_path / "programs")
    programs = json.loads((out / "data" / "programs.json").read_text())["programs"]
    assert [p["listing"]["insurance"]["cost_per_week_usd"] for p in programs] == [{"min": 600, "max": 10**23}]
    assert (out / "programs" / "harbor-light-evening-iop" / "index.html").is_file()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


@given(json_values)
def test_any_json_without_floats_is_the_same_bytes(data):
    assert compact_json(data) == stdlib(data)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_is_the_same_number(x):
    assert json.loads(compact_json(x)) == x
