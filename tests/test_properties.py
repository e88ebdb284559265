"""Properties over generated listings and mutations of them (hypothesis):

- the validator never raises, whatever the bytes;
- every listing it accepts renders (the program page, through the plugin's own Jinja environment and templates);
- text fields holding arbitrary strings add no element, attribute or link scheme to the page;
- `iopdir new` writes any answer so that it reads back unchanged.

Each property runs a bounded number of examples (deadline off: the first render compiles templates).
"""

from __future__ import annotations

import copy
import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from iopdir.listing import geography
from iopdir.tools import skeleton
from iopdir.listing.validation import validate_bytes
from iopdir.listing.vocabulary import vocabularies
from iopdir.listing.yamlstrict import dump, load
from tests.htmlsafety import shape
from tests.sites import build_site, site_settings

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
FIXTURE = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_bytes()
# How many examples: the profile's (tests/conftest.py: 150 in every run, with a fixed seed; more in the weekly run).
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _replaced(field: str, value: str) -> bytes:
    """The fixture with a top-level field's whole value replaced (for the crashes found so far, kept as examples)."""
    lines = FIXTURE.decode().splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{field}:")), len(lines))  # or added last
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
    return "".join(lines[:start] + [f"{field}: {value}\n"] + lines[end:]).encode()

# Places whose ZIP code belongs to the state (checked below), with their time zone.
PLACES = [("NJ", "07102", "Newark", "America/New_York"), ("NY", "10001", "New York", "America/New_York"),
          ("MA", "02134", "Boston", "America/New_York"), ("OH", "43215", "Columbus", "America/New_York"),
          ("WA", "98101", "Seattle", "America/Los_Angeles"), ("AZ", "85004", "Phoenix", "America/Phoenix"),
          ("NM", "87102", "Albuquerque", "America/Denver"), ("GA", "30303", "Atlanta", "America/New_York")]

# Pieces of markup, script, entities and URLs that hostile text is made of.
FRAGMENTS = ["<script>", "</script>", "window.__pwned=1", "<img src=x onerror=alert(1)>", "<iframe src=//x>",
             "<svg onload=alert(1)>", '"', "'", "`", "&", "&amp;", "&lt;", "&#60;", "&#x3C;", "<", ">", "/>",
             "javascript:", "data:text/html,", "vbscript:", "[x](javascript:alert(1))", "![a](https://t.example/p)",
             "<https://x.example/\" onmouseover=\"alert(1)>", "[r][1]\n\n[1]: javascript:alert(1)", "{{ 7*7 }}",
             "{% raw %}", "<!--", "-->", "<![CDATA[", "]]>", " onclick=", "style=", "=", "# ", "**", "_", "\\",
             "\n", "\n\n", "    ", "<b>", "</p>", "</main>", "<base href=//x>", "<meta http-equiv=refresh>"]
# Text a single-line field accepts (no control, format or surrogate characters), and Markdown for descriptions.
_line = st.characters(blacklist_categories=("Cc", "Cf", "Cs"))
hostile_line = st.lists(st.one_of(st.sampled_from([f for f in FRAGMENTS if "\n" not in f]), st.text(_line, max_size=8)),
                        min_size=1, max_size=12).map("".join)
any_line = st.one_of(st.text(_line, min_size=1, max_size=80), hostile_line)
hostile_markdown = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_line, max_size=8)), min_size=1,
                            max_size=30).map("".join)


def short(max_size: int):
    return st.text(string.ascii_letters + string.digits + " .,'&-", min_size=1, max_size=max_size).map(str.strip) \
        .filter(bool)


def phone():
    digits = st.tuples(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999))
    formats = ["{}-{}-{:04d}", "({}) {}-{:04d}", "{}.{}.{:04d}", "+1 {} {} {:04d}", "{}-{}-{:04d} ext. 12"]
    return st.builds(lambda f, d: f.format(*d), st.sampled_from(formats), digits)


def slugs(vocabulary: str, min_size: int = 0):
    return st.lists(st.sampled_from(list(vocabularies()[vocabulary])), min_size=min_size, max_size=4, unique=True)


def optional(draw, data: dict, key: str, strategy) -> None:
    if draw(st.booleans()):
        data[key] = draw(strategy)


@st.composite
def listings(draw, text=None):
    """A listing dict the validator accepts; `text` (a strategy) fills every free-text field when given."""
    def words(n):
        return text if text is not None else short(n)

    state, postal_code, city, zone = draw(st.sampled_from(PLACES))
    data: dict = {"schema_version": 1, "id": "generated-listing",
                  "status": draw(st.sampled_from(["active", "temporarily_closed"])),
                  "name": draw(words(120)), "organization": {"name": draw(words(160))}}
    optional(draw, data["organization"], "ownership", st.sampled_from(list(vocabularies()["ownership"])))
    data["summary"] = draw(words(200))
    optional(draw, data, "description", hostile_markdown if text is not None else
             st.text(st.one_of(_line, st.just("\n")), max_size=300).filter(str.strip))
    data["focus"] = draw(slugs("focus", 1))
    optional(draw, data, "conditions", slugs("conditions"))
    data["contact"] = {"phone": draw(phone())}
    optional(draw, data["contact"], "intake_phone", phone())
    optional(draw, data["contact"], "email", st.emails())
    optional(draw, data["contact"], "website", st.from_regex(r"https?://[a-z0-9]{1,12}\.example/[a-z0-9/._-]{0,20}",
                                                             fullmatch=True))
    delivery = draw(st.sampled_from([["in_person"], ["telehealth"], ["in_person", "telehealth"]]))
    if "in_person" in delivery or draw(st.booleans()):
        location = {"street": draw(words(200)), "city": draw(words(120)) if text is not None else city,
                    "state": state, "postal_code": postal_code}
        optional(draw, location, "label", words(120))
        optional(draw, location, "street2", words(200))
        optional(draw, location, "wheelchair_accessible", st.booleans())
        optional(draw, location, "geo", st.fixed_dictionaries({"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}))
        data["locations"] = [location]
    data["delivery"] = delivery
    if "telehealth" in delivery:
        data["telehealth_states"] = draw(st.lists(st.sampled_from([p[0] for p in PLACES]), min_size=1, max_size=3,
                                                  unique=True))
    optional(draw, data, "languages", slugs("languages"))
    optional(draw, data, "populations", slugs("populations"))
    optional(draw, data, "modalities", slugs("modalities"))
    if draw(st.booleans()):
        start = draw(st.integers(6 * 60, 20 * 60))
        end = start + draw(st.integers(30, 4 * 60 - 1))
        track = {"timezone": zone, "sessions": [{"days": draw(slugs("days", 1)), "start": f"{start // 60:02d}:{start % 60:02d}",
                                                 "end": f"{min(end, 23 * 60 + 59) // 60:02d}:{min(end, 23 * 60 + 59) % 60:02d}"}]}
        optional(draw, track, "name", words(120))
        optional(draw, track, "audience", st.sampled_from(["adults", "adolescents"]))
        data["tracks"] = [track]
    if draw(st.booleans()):
        data["insurance"] = {k: draw(st.booleans()) for k in ("medicaid", "medicare", "private", "self_pay")
                             if draw(st.booleans())}
        optional(draw, data["insurance"], "carriers", slugs("carriers"))
    optional(draw, data, "family_programming", st.fixed_dictionaries({"offered": st.booleans(), "notes": words(300)}))
    optional(draw, data, "aftercare", st.fixed_dictionaries({"offered": st.booleans(), "notes": words(300)}))
    optional(draw, data, "accreditations", st.lists(st.fixed_dictionaries(
        {"body": st.sampled_from(list(vocabularies()["accreditation_bodies"])), "id": words(60),
         "expires": st.dates(dt.date(2027, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat)}), max_size=2))
    optional(draw, data, "licenses", st.lists(st.fixed_dictionaries(
        {"state": st.just(state), "agency": words(200), "number": words(60)}), max_size=2))
    optional(draw, data, "intake", st.fixed_dictionaries({"accepting_new_patients": st.booleans(),
                                                          "typical_wait_days": st.integers(0, 365)}))
    verified_by = draw(st.sampled_from(["provider", "maintainer", "import"]))
    data["verification"] = {"last_verified": draw(st.dates(dt.date(2020, 1, 1), TODAY)).isoformat(),
                            "verified_by": verified_by}
    if verified_by == "import":
        data["verification"]["source"] = draw(words(200))
    return data


# Where free text goes in a listing (every other value is a slug, a number, a date, a phone number or a URL).
TEXT_FIELDS = [("name",), ("organization", "name"), ("summary",), ("description",), ("locations", "*", "street"),
               ("locations", "*", "street2"), ("locations", "*", "city"), ("locations", "*", "label"),
               ("tracks", "*", "name"), ("family_programming", "notes"), ("aftercare", "notes"),
               ("accreditations", "*", "id"), ("licenses", "*", "agency"), ("licenses", "*", "number"),
               ("verification", "source")]


def plain_twin(data: dict) -> dict:
    """The same listing with every free-text field holding plain words: its page is what the theme writes."""
    twin = copy.deepcopy(data)

    def put(node, path):
        if not path or node is None:
            return
        head, rest = path[0], path[1:]
        items = node if head == "*" and isinstance(node, list) else [node]
        for item in items:
            key = rest[0] if head == "*" else head
            more = rest[1:] if head == "*" else rest
            if isinstance(item, dict) and key in item:
                if more:
                    put(item[key], more)
                else:
                    item[key] = "Plain words"

    for path in TEXT_FIELDS:
        put(twin, path)
    return twin


def path_for(data: dict) -> Path:
    """Where the listing's file goes: its first location's state (as generated; a mutation may have broken it)."""
    try:
        state = data["locations"][0]["state"].lower()
    except (KeyError, IndexError, TypeError, AttributeError):
        state = "nj"
    return Path("programs") / state / "generated-listing.yaml"


def check(raw: bytes, path: Path = Path("programs/nj/generated-listing.yaml")):
    return validate_bytes(raw, str(path), path, TODAY)


# --- rendering through the plugin ------------------------------------------------------------------------------------

class ProgramPages:
    """The program page as the build writes it: the plugin's generator, its Jinja environment and context."""

    def __init__(self, tmp: Path):
        from pelican import Pelican

        (tmp / "programs").mkdir()
        self.settings = site_settings(tmp / "output", tmp / "programs", IOPDIR_TODAY=TODAY.isoformat())
        Pelican(self.settings)  # sends `initialized`: the plugin adds its filters and globals to the settings
        from pelican.plugins.iopdir import ListingsGenerator

        context = {**self.settings, "generated_content": {}, "static_links": set(), "static_content": {},
                   "localsiteurl": self.settings["SITEURL"]}
        self.generator = ListingsGenerator(context=context, settings=self.settings, path=self.settings["PATH"],
                                           theme=self.settings["THEME"], output_path=self.settings["OUTPUT_PATH"])
        self.template = self.generator.get_template("program")

    def render(self, program) -> str:
        from pelican.plugins.iopdir import State

        state = State(program.state, vocabularies()["states"].get(program.state, program.state), [program])
        self.generator.programs, self.generator.states = [program], [state]
        self.generator.generate_context()
        # What the plugin's writer (plugins/iopdir/languages.py, over pelican.writers.Writer.write_file) passes, with
        # the plugin's own keyword arguments: the English page, with its languages.
        from pelican.plugins.iopdir import languages

        name, root = f"{program.url}index.html", self.settings["SITEURL"]
        lang, alternates, switch = languages.page_languages(self.settings, name, root)
        return self.template.render({**self.generator.context, "localsiteurl": root, "output_file": name,
                                     "program": program, "state": state, "url": program.url, "lang": lang,
                                     "LANG_ROOT": root, "alternates": alternates, "language_switch": switch})


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> ProgramPages:
    return ProgramPages(tmp_path_factory.mktemp("render"))


def test_places_are_real():
    for state, postal_code, city, zone in PLACES:
        z = geography.lookup(postal_code)
        assert (z.state, z.timezone) == (state, zone), postal_code


def test_rendering_matches_the_real_build(pages, tmp_path):
    """The render used by the properties is the build's own: same bytes for the same listing."""

    programs = tmp_path / "programs" / "nj"
    programs.mkdir(parents=True)
    (programs / "harbor-light-evening-iop.yaml").write_bytes(FIXTURE)
    out = tmp_path / "output"
    build_site(out, tmp_path / "programs", IOPDIR_TODAY=TODAY.isoformat())
    built = (out / "programs" / "harbor-light-evening-iop" / "index.html").read_text()
    program = check(FIXTURE, Path(programs / "harbor-light-evening-iop.yaml")).program
    assert pages.render(program) == built


# --- properties --------------------------------------------------------------------------------------------------------

@PROPERTY
@given(st.binary(max_size=4000))
# Every crash a property test has found, kept so that no run can miss it again (each was a traceback once).
@example(_replaced("tracks", "true"))  # TypeError in the rules (3ea53ff)
@example(_replaced("locations", "true"))
@example(_replaced("accreditations", "true"))
@example(_replaced("locations", "{city: Newark}"))  # a mapping where a list belongs (5578b55)
@example(b"tracks: " + b"[" * 998 + b"]" * 998)  # RecursionError in the YAML reader (6cbcc8f)
@example(_replaced("ages", "{min: .nan, max: .inf}"))  # passed every schema bound and was not JSON (6cbcc8f)
def test_validator_never_raises_on_any_bytes(raw):
    check(raw)


@PROPERTY
@given(st.data())
def test_validator_never_raises_on_mutated_text(data):
    """The fixture with characters inserted, deleted or replaced anywhere: always findings, never an exception."""
    text = FIXTURE.decode()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 6))
        text = text[:at] + data.draw(st.one_of(st.sampled_from(["\n", " ", "  ", "\t", ":", "- ", "[", "]", "{", "}",
                                                                 "&a ", "*a", "!!str ", '"', "'", "#", "|", ">", "%",
                                                                 "@", "`", "---\n", "? ", ",", "\ufeff", "\x00"]),
                                               st.text(max_size=5))) + text[at + cut:]
    check(text.encode("utf-8", "surrogatepass"))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


json_like = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=6)


@PROPERTY
@given(listings(), st.data())
def test_mutated_listings_never_raise_and_accepted_ones_render(pages, listing, data):
    """A valid listing, then a field deleted, replaced by any value, or a field added: the validator answers, and if
    it still accepts the listing, the page renders."""
    paths = [p for p in _paths(listing) if p]
    where = data.draw(st.sampled_from(paths))
    parent = listing
    for step in where[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["delete", "replace", "add"]))
    if action == "delete":
        del parent[where[-1]]
    elif action == "replace":
        parent[where[-1]] = data.draw(json_like)
    elif isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12))] = data.draw(json_like)
    else:
        parent.append(data.draw(json_like))
    checked = check(dump(listing).encode(), path_for(listing))
    if checked.program is not None:
        pages.render(checked.program)


def twin_shape(pages, listing):
    plain = check(dump(plain_twin(listing)).encode(), path_for(listing))
    assert plain.program is not None, plain.findings
    return shape(pages.render(plain.program))


@PROPERTY
@given(listings())
def test_every_generated_listing_is_accepted_and_renders(pages, listing):
    checked = check(dump(listing).encode(), path_for(listing))
    assert [f for f in checked.findings if f.is_error] == []
    assert shape(pages.render(checked.program)).problems(twin_shape(pages, listing)) == []


@PROPERTY
@given(listings(text=any_line))
def test_arbitrary_text_adds_no_markup(pages, listing):
    """Every free-text field (names, summary, description, addresses, notes, ids, agency, source) holds arbitrary or
    hostile strings. Whatever the validator accepts renders to a page with the theme's elements, attributes and link
    schemes only: no script, no event handler, no javascript: or data: link."""
    checked = check(dump(listing).encode(), path_for(listing))
    assume(checked.program is not None)
    assert shape(pages.render(checked.program)).problems(twin_shape(pages, listing)) == []


@PROPERTY
@given(st.text(min_size=1, max_size=120))
def test_new_writes_any_answer_so_it_reads_back(text):
    """`iopdir new` puts answers into YAML with skeleton.scalar: plain or quoted, it reads back as the same text."""
    doc = load(f"name: {skeleton.scalar(text)}  # a note\n".encode("utf-8", "surrogatepass"), "x.yaml")
    if doc.ok:  # a control character may be refused by the reader, as it would be typed into a file
        assert doc.data == {"name": text}
    else:
        assert not text.isprintable()
