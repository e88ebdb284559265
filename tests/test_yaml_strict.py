"""Strict YAML reading: YAML 1.2 core scalars, and everything a listing must not contain refused with line:col."""

import pytest

from iopdir.listing.yamlstrict import MAX_BYTES, load


def findings(text: bytes) -> list[str]:
    return [str(f) for f in load(text, "x.yaml").findings]


@pytest.mark.parametrize(
    "written, value",
    [
        ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),  # YAML 1.1 booleans stay text
        ("true", True), ("false", False), ("True", True),
        ("2024-02-01", "2024-02-01"), ("2024-02-30", "2024-02-30"),  # dates stay text, even impossible ones
        ("18:00", "18:00"), ("1:30:00", "1:30:00"),  # no sexagesimal numbers
        ("0755", 755), ("07102", 7102),  # no octal: a leading zero is just a decimal number
        ("0o17", 15), ("12", 12), ("-3", -3), ("1.5", 1.5),
        ("~", None), ("null", None), ("", None),
        ("'07102'", "07102"), ('"no"', "no"),
    ],
)
def test_core_schema_scalars(written, value):
    doc = load(f"v: {written}\n".encode(), "x.yaml")
    assert doc.findings == []
    assert doc.data == {"v": value}


def test_places_of_keys_and_values():
    doc = load(b"a:\n  b: 1\n  c:\n    - 'x'\n", "x.yaml")
    assert (doc.places[("a", "b")].line, doc.places[("a", "b")].column) == (2, 6)
    assert (doc.places[("a", "b")].key_line, doc.places[("a", "b")].key_column) == (2, 3)
    assert (doc.places[("a", "c", 0)].line, doc.places[("a", "c", 0)].column) == (4, 7)
    assert doc.places[("a", "c", 0)].raw == "x" and not doc.places[("a", "c", 0)].plain


def test_duplicate_key():
    assert findings(b"name: A\nid: a\nname: B\n") == ["x.yaml:3:1: error: name: duplicate key 'name' (first at line 1)"]


def test_nested_duplicate_key():
    assert findings(b"contact:\n  phone: '1'\n  phone: '2'\n") == [
        "x.yaml:3:3: error: contact.phone: duplicate key 'phone' (first at line 2)"]


def test_anchor_refused_before_any_expansion():
    laughs = b"a: &a ['lol','lol']\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    assert findings(laughs) == ["x.yaml:1:4: error: a: anchors (&a) are not allowed in listings; write the value out"]


def test_alias_refused():
    assert findings(b"a: x\nb: *a\n") == ["x.yaml:2:4: error: b: aliases (*a) are not allowed in listings; write the value out"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!str 5", "!custom x", "!!binary aGk="])
def test_tags_refused(tag):
    (finding,) = load(f"a: {tag}\n".encode(), "x.yaml").findings
    assert finding.line == 1 and finding.column == 4
    assert "tags (" in finding.message and "are not allowed in listings" in finding.message


def test_syntax_error_has_line_and_column():
    assert findings(b"name: A\nfocus: [a, b\nid: x\n") == [
        "x.yaml:3:3: error: yaml: did not find expected ',' or ']' (while parsing a flow sequence)"]


def test_bad_indentation():
    assert findings(b"a: 1\n   b: 2\n") == ["x.yaml:2:5: error: yaml: mapping values are not allowed in this context"]


def test_non_utf8():
    assert findings(b"name: caf\xe9\n") == ["x.yaml:1:10: error: file: is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_byte_order_mark():
    assert findings(b"\xef\xbb\xbfname: A\n") == [
        "x.yaml:1:1: error: file: starts with a byte-order mark (BOM); save it as UTF-8 without BOM"]


def test_binary_control_character():
    assert findings(b"name: A\x00B\n") == ["x.yaml:1:8: error: yaml: control character U+0000 is not allowed"]


def test_size_cap():
    big = b"a: '" + b"x" * MAX_BYTES + b"'\n"
    assert findings(big) == [f"x.yaml:1:1: error: file: is {len(big):,} bytes; a listing may be at most 64 KiB"]


def test_one_document_only():
    assert findings(b"a: 1\n---\na: 2\n") == [
        "x.yaml:2:1: error: (listing): a listing file holds one YAML document; remove the extra '---'"]


def test_non_text_keys():
    assert findings(b"1: a\n") == ["x.yaml:1:1: error: (listing): field names must be text, got '1'"]
    assert findings(b"sub:\n  true: a\n") == ["x.yaml:2:3: error: sub: field names must be text, got 'true'"]
    assert findings(b"? [a]\n: b\n") == ["x.yaml:1:3: error: (listing): field names must be text, got a list"]


@pytest.mark.parametrize("text", [
    b"name: A\nid: a\n",
    b"name: A\x00B\n",  # a control character: the pure-Python reader refuses it as it is made
    b"name: A\nid: a\nname: B\n",
    b"a: [1, 2\n",
    b"a: &x 1\nb: *x\n",
    b"---\na: 1\n---\nb: 2\n",
])
def test_the_pure_python_parser_reads_a_listing_as_the_c_one_does(text, monkeypatch):
    """Without PyYAML's C extension, listings are read by its Python parser: the same data, and findings at the
    same places (the two parsers word a syntax error differently), never a traceback."""
    import yaml

    from iopdir.listing import yamlstrict

    fast = load(text, "x.yaml")
    monkeypatch.setattr(yamlstrict, "_Loader", yaml.SafeLoader)
    slow = load(text, "x.yaml")
    def places(doc):
        return [(f.file, f.line, f.column, f.severity) for f in doc.findings]
    assert (slow.data, places(slow)) == (fast.data, places(fast))
    assert fast.findings or fast.data == {"name": "A", "id": "a"}
