"""Issue #16.6: bounded work. Size checks, not timings (bench/hostile.py times the same inputs): "did you mean" is
computed once per distinct wrong value and at most SUGGESTIONS_PER_FILE times a file; Markdown past its limits
('[' count, nesting) is refused with an error naming the field and the limit, in listings and in the checklist, and
render() never hands such text to Python-Markdown."""

import difflib
from pathlib import Path

import pytest

from iopdir.choosing import checklist
from iopdir.listing import description, validation
from iopdir.listing.description import MAX_BRACKETS, MAX_NESTING, markdown_problem, render
from iopdir.listing.validation import SUGGESTIONS_PER_FILE, validate_bytes
from iopdir.listing.yamlstrict import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
CHECKLIST = ROOT / "content" / "checklist.yaml"
TRACK = ('  - name: Track {n}\n    audience: adults\n    timezone: {zone}\n    sessions:\n      - days: [mon]\n'
         '        start: "18:00"\n        end: "21:00"\n')


def many_tracks(zone=lambda n: f"America/New_Yrk{n:04d}") -> bytes:
    """As many tracks as fit in a listing's 64 KiB, each with a time zone of `zone(n)`."""
    head, _, rest = VALID.partition("tracks:\n")
    tail = rest[rest.index("insurance:"):]
    text, n = head + "tracks:\n", 0
    while len((text + TRACK.format(n=n, zone=zone(n)) + tail).encode()) <= MAX_BYTES:
        text += TRACK.format(n=n, zone=zone(n))
        n += 1
    return (text + tail).encode()


@pytest.fixture
def difflib_calls(monkeypatch):
    """Counts difflib passes, with the cache of earlier tests' suggestions emptied."""
    validation._closest.cache_clear()
    calls = []
    real = difflib.get_close_matches

    def counted(word, *args, **kwargs):
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(validation.difflib, "get_close_matches", counted)
    return calls


def zone_findings(checked):
    return [f for f in checked.findings if f.field.endswith(".timezone")]


def test_distinct_unknown_time_zones_get_a_bounded_number_of_suggestions(difflib_calls):
    raw = many_tracks()
    assert MAX_BYTES - 200 < len(raw) <= MAX_BYTES
    findings = zone_findings(validate_bytes(raw, "x.yaml"))
    assert len(findings) > 400  # every track is still reported...
    # ...but only the first few with a suggestion (one difflib pass, and one more for the spelling with '_').
    assert len(set(difflib_calls)) <= 2 * SUGGESTIONS_PER_FILE and len(difflib_calls) <= 2 * SUGGESTIONS_PER_FILE
    suggested = [f for f in findings if "did you mean 'America/New_York'" in f.message]
    assert len(suggested) == SUGGESTIONS_PER_FILE
    assert all(f.message.endswith("is not an IANA time zone such as America/New_York")
               for f in findings[SUGGESTIONS_PER_FILE:])


def test_one_wrong_value_repeated_is_looked_at_once(difflib_calls):
    findings = zone_findings(validate_bytes(many_tracks(lambda n: "America/New_Yrok"), "x.yaml"))
    assert len(findings) > 400
    assert all("(did you mean 'America/New_York'?)" in f.message for f in findings)
    assert difflib_calls == ["America/New_Yrok"]


def test_the_budget_is_per_file(difflib_calls):
    first, second = (validate_bytes(many_tracks(), "x.yaml") for _ in range(2))
    # The second file asks for the same values: the cache answers them...
    assert len(difflib_calls) <= 2 * SUGGESTIONS_PER_FILE
    # ...and a file with other wrong values has a budget of its own (one budget for the whole run would leave it none).
    third = validate_bytes(many_tracks(lambda n: f"America/New_Yrok{n:04d}"), "y.yaml")
    for checked in (first, second, third):
        assert len([f for f in zone_findings(checked) if "did you mean" in f.message]) == SUGGESTIONS_PER_FILE


def test_a_long_wrong_value_gets_no_suggestion(difflib_calls):
    zone = "America/" + "x" * 3000
    checked = validate_bytes(VALID.replace("timezone: America/New_York", f"timezone: {zone}").encode(), "x.yaml")
    assert zone_findings(checked) and difflib_calls == []


def description_listing(text: str) -> bytes:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return VALID.replace("focus:", f'description: "{quoted}"\nfocus:', 1).encode()


def description_errors(text: str) -> list[str]:
    return [str(f) for f in validate_bytes(description_listing(text), "x.yaml").findings
            if f.field == "description" and f.is_error]


@pytest.mark.parametrize("text, message", [
    ("[" * (MAX_BRACKETS + 1), f"description: has {MAX_BRACKETS + 1} '['; at most {MAX_BRACKETS} allowed"),
    ("[" * 5_000, f"description: has 5,000 '['; at most {MAX_BRACKETS} allowed"),
    ("[x](https://a.example/) " * 200, f"description: has 200 '['; at most {MAX_BRACKETS} allowed"),
    ("- " * (MAX_NESTING + 1) + "x", f"nests lists or quotes {MAX_NESTING + 1} levels deep; at most {MAX_NESTING}"),
    ("- " * 500 + "x", f"nests lists or quotes 500 levels deep; at most {MAX_NESTING} allowed"),  # RecursionError
    ("1. " * 400 + "x", "nests lists or quotes 400 levels deep"),
    ("> " * 30 + "x", "nests lists or quotes 30 levels deep"),
    ("".join("    " * i + "- x\n" for i in range(30)), "nests lists or quotes 30 levels deep"),
])
def test_markdown_past_its_limits_is_an_error_naming_field_and_limit(text, message):
    errors = description_errors(text)
    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize("text", [
    "[x](https://a.example/) " * MAX_BRACKETS,
    "- " * MAX_NESTING + "x",
    "- one\n    - two\n        - three\n\n> quoted\n> > twice\n\n1. first\n2. second",
    "Since 2024. Open to adults; 18+ only. Call 973-555-0142 - ask for intake. *Evening* groups.",
    " " * 100 + "indented text is a code block, not a level",
])
def test_markdown_within_its_limits_is_accepted(text):
    assert description_errors(text) == [] and markdown_problem(text) is None


class _NoMarkdown:
    def reset(self):
        raise AssertionError("Python-Markdown was given text past the limits")


@pytest.mark.parametrize("text", ["[" * 15_000, "- " * 2_500 + "x", "<b>[</b>" * 200 + "\n\n& " + "[" * 200])
def test_render_never_gives_python_markdown_text_past_the_limits(text, monkeypatch):
    monkeypatch.setattr(description, "_converter", _NoMarkdown())
    html = render(text)
    assert html.startswith("<p>") and "<b>" not in html and "<a" not in html
    assert "[" * 100 in html or "- - -" in html


@pytest.mark.parametrize("field", ["suits", "needs_more"])
@pytest.mark.parametrize("value, message", [
    ("[" * 5_000, f"has 5,000 '['; at most {MAX_BRACKETS} allowed (each may start a link)"),
    ("[" * 15_000, "is 15,000 characters long; at most 5,000 allowed"),
    ("- " * 600 + "x", f"nests lists or quotes 600 levels deep; at most {MAX_NESTING} allowed"),
])
def test_checklist_markdown_past_its_limits_is_an_error(tmp_path, field, value, message):
    text = CHECKLIST.read_text()
    start = text.index(f"  {field}: |\n")
    end = text.index("\n  ", text.index("\n", start) + 1)
    while text[end + 3] == " ":  # the block scalar's lines are indented four spaces
        end = text.index("\n  ", end + 1)
    bad = tmp_path / "checklist.yaml"
    bad.write_text(text[:start] + f'  {field}: "{value}"' + text[end:])
    with pytest.raises(checklist.ChecklistInvalid) as caught:
        checklist.read(bad)
    (finding,) = caught.value.findings
    assert (finding.field, finding.message) == (f"level_of_care.{field}", message)
    assert len(str(finding)) < 300  # the field and the limit, not the text
