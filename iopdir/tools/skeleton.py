"""A new listing's skeleton: the required fields filled from a provider's answers, every optional field present but
commented out with its allowed values, so a first-time contributor edits a file instead of writing one.

Conventions inside the file (CONTRIBUTING.md explains them too):
- a line ending in ``# REQUIRED: ...`` still needs an answer (its placeholder, ``""`` or ``[]``, fails validation);
- a line starting with ``# `` is an optional field: delete the ``# `` to use it (what follows keeps its indentation);
- a line starting with ``##`` is a note.

The allowed values come from schema/vocabularies.yaml, so the skeleton cannot drift from the format.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

import yaml

from iopdir.listing import geography
from iopdir.listing.findings import too_long
from iopdir.listing.vocabulary import program_schema, vocabularies
from iopdir.listing.yamlstrict import resolve_plain

MODELINE = "# yaml-language-server: $schema=../../schema/program.schema.json"
REQUIRED = "REQUIRED"
VOCABULARY_FILE = "schema/vocabularies.yaml"
ID_MAX = 80
WIDTH = 96  # fits the site's code block on a laptop; longer notes move above their line
# Languages most spoken at home in the US (Census ACS), plus American Sign Language; the rest: VOCABULARY_FILE.
COMMON_LANGUAGES = ("en", "es", "zh", "tl", "vi", "ar", "fr", "ko", "ru", "ht", "pt", "hi", "pl", "ase")
# A vocabulary longer than this is listed on a note line above its field rather than after it.
INLINE_CHOICES = 64


@dataclass
class Essentials:
    """What `iopdir new` asks for. None (or an empty list) leaves a REQUIRED placeholder in the skeleton."""

    name: str | None = None
    organization: str | None = None
    state: str | None = None  # USPS code, upper case
    city: str | None = None
    street: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    focus: list[str] = field(default_factory=list)
    delivery: list[str] = field(default_factory=lambda: ["in_person"])
    summary: str | None = None
    summary_es: str | None = None  # the summary in Spanish (translations.es.summary)
    website: str | None = None
    id: str | None = None
    last_verified: str | None = None  # "YYYY-MM-DD"

    @property
    def telehealth_only(self) -> bool:
        return bool(self.delivery) and "in_person" not in self.delivery

    @property
    def listing_id(self) -> str | None:
        if self.id:
            return self.id
        return derive_id(self.name, self.city) if self.name else None

    def relative_path(self) -> str | None:
        """programs/<this>: '<state>/<id>.yaml', or None while the state or id is unknown."""
        pid = self.listing_id
        return f"{self.state.lower()}/{pid}.yaml" if self.state and pid else None


# --- the id ---------------------------------------------------------------------------------------------------------

def _words(text: str | None) -> list[str]:
    # NFKD then ASCII: "Café Señor" -> cafe senor. Anything else (other scripts, punctuation) separates words.
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def derive_id(name: str, city: str | None = None) -> str:
    """A listing id from the program's name and city: 'Harbor Light IOP', 'Newark' -> 'harbor-light-iop-newark'.

    The city is left out when the name already says it; words are dropped from the end to stay within 80 characters.
    An empty result (a name with no Latin letters or digits) means the provider must choose an id.
    """
    words, place = _words(name), _words(city)
    n = len(place)
    if place and not any(words[i:i + n] == place for i in range(len(words) - n + 1)):
        words += place
    while words and len("-".join(words)) > ID_MAX:
        words.pop()
    return "-".join(words)


# --- checking one answer ---------------------------------------------------------------------------------------------

def _definition(name: str) -> dict:
    return program_schema()["definitions"][name]


def _location_field(name: str) -> dict:
    return program_schema()["properties"]["locations"]["items"]["properties"][name]


def problem(what: str, value) -> str | None:
    """Why an answer cannot go into a listing, or None. `what` is an Essentials field name.

    The rules are the schema's own (its patterns and lengths), so `iopdir new` and `iopdir validate` agree.
    """
    props = program_schema()["properties"]
    if what in ("focus", "delivery"):
        vocabulary = vocabularies()[what]
        if not value:
            return f"give at least one of: {', '.join(vocabulary)}"
        unknown = [v for v in value if v not in vocabulary]
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(vocabulary), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"'{unknown[0]}' is not one of: {', '.join(vocabulary)}{hint}"
        return None
    if not isinstance(value, str) or not value.strip():
        return "must not be empty"
    if value != value.strip() or re.search(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", value):
        return "has a line break, a control character, an invisible character or spaces at an end"
    if what == "state":
        return None if value in vocabularies()["states"] else "expected a USPS state code such as NJ"
    if what == "id":
        rule = props["id"]
        ok = re.fullmatch(rule["pattern"], value) and len(value) <= rule["maxLength"]
        return None if ok else f"{rule['errorMessage']}, at most {rule['maxLength']} characters"
    if what == "phone":
        rule = _definition("phone")
        return None if re.fullmatch(rule["pattern"], value) else rule["errorMessage"]
    if what == "postal_code":
        rule = _location_field("postal_code")
        if not re.fullmatch(rule["pattern"], value):
            return rule["errorMessage"]
        return None if geography.lookup(value) else f"'{value}' is not a known US ZIP code"
    if what == "website":
        rule = props["contact"]["properties"]["website"]
        return None if re.fullmatch(rule["pattern"], value) else rule["errorMessage"]
    limits = {"name": props["name"], "organization": props["organization"]["properties"]["name"],
              "summary": props["summary"], "city": _location_field("city"), "street": _location_field("street"),
              "summary_es": props["translations"]["properties"]["es"]["properties"]["summary"]}
    if what in limits and len(value) > limits[what]["maxLength"]:
        return too_long(len(value), limits[what]['maxLength'])
    return None


def zip_state_problem(postal_code: str | None, state: str | None) -> str | None:
    """The ZIP code belongs to another state (asked separately: it needs both answers)."""
    z = geography.lookup(postal_code) if postal_code else None
    if z and state and z.state != state:
        return f"ZIP code '{postal_code}' is in {z.state} ({z.city}), not {state}"
    return None


# --- writing ---------------------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,'&()/+\-]*")


def scalar(text: str) -> str:
    """YAML for a text value: plain when it reads back as the same text, else double-quoted (JSON's quoting is
    valid YAML)."""
    # Plain only when YAML 1.2 (our reader) and YAML 1.1 (editors, other tools) both read back the same text: "no",
    # "Null" and "1e3" are quoted.
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and resolve_plain(text) == text \
            and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=not text.isprintable())


def _flow(slugs) -> str:
    return "[" + ", ".join(slugs) + "]"


def _choices(vocabulary: str, sep: str = " | ") -> str:
    return sep.join(vocabularies()[vocabulary])


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def note(self, text: str, indent: int = 0) -> None:
        """A '##' note, wrapped; a no-break space (U+00A0) keeps 'vi (Vietnamese)' on one line."""
        pad = " " * indent
        wrapped = textwrap.wrap(text, WIDTH - indent, initial_indent="## ", subsequent_indent="##   ",
                                break_on_hyphens=False, break_long_words=False)
        self.lines += [pad + w.replace("\u00a0", " ") for w in wrapped]

    def field(self, key: str, value: str | None, note: str = "", indent: int = 0, *, empty: str = '""',
              dash: bool = False) -> None:
        """A filled line; `value` None writes the REQUIRED placeholder."""
        if value is None:
            value, note = empty, f"{REQUIRED}: {note}" if note else REQUIRED
        self._line(f"{key}: {value}" if value != "" else f"{key}:", note, indent, dash)

    def option(self, key: str, example: str, note: str = "", indent: int = 0, *, dash: bool = False,
               at: int | None = None) -> None:
        """An optional field, commented out: deleting the '# ' leaves a correct line. `at` is the column of the '#'
        (a commented block keeps its marks in one column, that of its first line)."""
        self._line(f"{key}: {example}" if example != "" else f"{key}:", note, indent, dash,
                   comment_at=indent if at is None else at)

    def _line(self, text: str, note: str, indent: int, dash: bool, comment_at: int | None = None) -> None:
        if dash:
            text = "- " + text
        if comment_at is None:
            line = " " * indent + text
        else:
            line = " " * comment_at + "# " + " " * (indent - comment_at) + text
        if note and len(f"{line}  # {note}") > WIDTH:
            # Too long for one line: the note goes above, only the REQUIRED mark stays on the line.
            required = note.startswith(REQUIRED)
            key = text.removeprefix("- ").split(":")[0]
            self.note(f"{key}: {note.removeprefix(REQUIRED + ': ')}", indent if comment_at is None else comment_at)
            note = REQUIRED if required else ""
        self.lines.append(line + (f"  # {note}" if note else ""))

    def vocabulary_option(self, key: str, vocabulary: str, example: list[str], what: str, indent: int = 0,
                          at: int | None = None) -> None:
        """A list-of-slugs field: its choices after it when short, on a note above it when long."""
        choices = _choices(vocabulary, ", ")
        if len(choices) <= INLINE_CHOICES:
            self.option(key, _flow(example), f"{what}, any of: {_choices(vocabulary)}", indent, at=at)
        else:
            self.note(f"{key}: {what}, any of: {choices}", indent)
            self.option(key, _flow(example), "", indent, at=at)


def _translations(w: _Writer, e: Essentials) -> None:
    """translations.es: the summary (and description) in Spanish, for the site's Spanish pages."""
    note = "the Spanish of the description: Markdown, at most 5,000 characters"
    if e.summary_es:
        w.field("translations", "")
        w.field("es", "", indent=2)
        w.field("summary", scalar(e.summary_es), "the summary in Spanish, at most 200 characters", 4)
        w.option("description", "|", note, 4)
        w.lines.append("    #   Para quién es el programa, cómo es una semana, cómo empezar.")
        return
    w.note("translations: your summary and description in Spanish, shown on the site's Spanish pages; without "
           "them, those pages show your English with a note that you wrote it in English")
    w.option("translations", "")
    w.option("es", "", indent=2, at=0)
    w.option("summary", scalar("Programa por la noche para adultos."),
             "in Spanish, at most 200 characters", 4, at=0)
    w.option("description", "|", note, 4, at=0)
    w.lines.append("#       Para quién es el programa, cómo es una semana, cómo empezar.")


def render(e: Essentials) -> str:
    """The skeleton as YAML text. With every essential given (and a summary) it validates without errors."""
    state = e.state or "NJ"
    place = geography.lookup(e.postal_code) if e.postal_code else None
    where = e.relative_path()
    w = _Writer()
    w.lines.append(MODELINE)
    w.note("A listing for the IOP Directory (listing format version 1). How to fill it in:")
    w.note(f'- A line marked {REQUIRED} still needs your answer in place of "" or [].')
    w.note('- A line starting with "# " is an optional field: to use it, delete the "#" and the one space after it, '
           'and write your value. Leave out what you do not know: it is shown as "Not reported", never as "No".')
    w.note('- Lines starting with "##" are notes. Every field is explained in CONTRIBUTING.md.')
    w.note(f"- Check the file: iopdir validate programs/{where or '<state>/<id>.yaml'}")
    w.field("schema_version", "1")
    w.field("id", e.listing_id, "the file name without .yaml: lower-case letters, digits and single hyphens"
            if not e.listing_id else "the file name without .yaml; keep it once published")
    w.field("status", "active", f"{_choices('status')} (closed: kept here, not published)")
    w.field("name", e.name and scalar(e.name), "the program's name as families know it, at most 120 characters")
    w.field("organization", "")
    w.field("name", e.organization and scalar(e.organization), "the organisation that runs the program", 2)
    w.option("ownership", "private_nonprofit", _choices("ownership"), 2)
    w.field("summary", e.summary and scalar(e.summary),
            "one plain-text sentence about who the program is for, at most 200 characters")
    w.option("description", "|", "Markdown, at most 5,000 characters; raw HTML is not rendered")
    w.lines.append("#   Who the program is for, what a week looks like, how to start.")
    _translations(w, e)
    w.field("focus", _flow(e.focus) if e.focus else None, f"at least one of: {_choices('focus')}", empty="[]")
    w.vocabulary_option("conditions", "conditions", ["alcohol", "depression"], "conditions the program treats")

    w.field("contact", "")
    w.field("phone", e.phone and json.dumps(e.phone), 'the number families call, such as "973-555-0142"', 2)
    w.option("intake_phone", '""', 'a separate intake or admissions line, such as "973-555-0199"', 2)
    w.option("email", '""', "an e-mail address for intake questions", 2)
    if e.website:
        w.field("website", scalar(e.website), "http:// or https:// only", 2)
    else:
        w.option("website", '""', "your program's web page, starting with https:// or http://", 2)

    lat, lon = (round(place.lat, 4), round(place.lon, 4)) if place else (40.7357, -74.1724)
    if e.telehealth_only and not e.street:
        w.note("locations: leave out for a telehealth-only program; otherwise where sessions take place")
        w.option("locations", "")
        w.option("street", '""', "street address", 2, dash=True, at=0)
        for key, example, note in [("city", '""', "city or town"), ("state", state, "USPS code"),
                                   ("postal_code", '""', 'ZIP code in quotes, such as "07102"')]:
            w.option(key, example, note, 4, at=0)
    else:
        w.field("locations", "", 'where sessions take place; copy the "- street:" block for each location')
        w.field("street", e.street and scalar(e.street), "street address", 2, dash=True)
        w.option("street2", '""', 'suite, floor or building, such as "Suite 300"', 4)
        w.option("address_published", "true", "false if you do not publish your street address: then leave out "
                 "street, street2 and geo; the page says \"Address not published\" and shows city and ZIP", 4)
        w.field("city", e.city and scalar(e.city), "city or town", 4)
        w.field("state", e.state, "USPS code such as NJ", 4)
        w.field("postal_code", e.postal_code and json.dumps(e.postal_code), 'ZIP code in quotes, such as "07102"', 4)
        w.option("label", '""', 'a short name for this location, such as "Newark clinic"', 4)
        w.option("geo", f"{{lat: {lat}, lon: {lon}}}", "the entrance; without it, the ZIP code's centre is used", 4)
        w.option("wheelchair_accessible", "true", "true | false", 4)

    w.field("delivery", _flow(e.delivery) if e.delivery else None, f"{_choices('delivery')} (either or both)", empty="[]")
    if e.delivery and "telehealth" in e.delivery:
        w.field("telehealth_states", _flow([state]), "every state where your clinicians are licensed to treat")
    else:
        w.option("telehealth_states", _flow([state]),
                 "needed with telehealth: every state where clinicians are licensed to treat")
    w.option("ages", "{min: 18}", "whole years: min, max or both")
    w.vocabulary_option("populations", "populations", ["adults"], "groups with services designed for them")
    common = ", ".join(f"{c}\u00a0({vocabularies()['languages'][c]})".replace(" ", "\u00a0") for c in COMMON_LANGUAGES)
    w.note(f"languages: ISO 639 codes; common ones: {common}; every code: {VOCABULARY_FILE} (languages)")
    w.option("languages", "[en]")

    w.note("tracks: your schedules; they give the hours a week and the evening and weekend facts")
    timezone = place.timezone if place and place.timezone else "America/New_York"
    w.option("tracks", "")
    w.option("name", '""', 'such as "Evening track"', 2, dash=True, at=0)
    w.option("audience", "adults", _choices("audience"), 4, at=0)
    w.option("timezone", timezone, "IANA time zone of the times below", 4, at=0)
    w.option("sessions", "", "one entry per group of days with the same times", 4, at=0)
    w.option("days", "[mon, tue, thu]", _choices("days"), 6, dash=True, at=0)
    w.option("start", '"18:00"', '24-hour "HH:MM", in quotes', 8, at=0)
    w.option("end", '"21:00"', "", 8, at=0)
    w.option("length_weeks", "{min: 8, max: 12}", "typical length in weeks", 4, at=0)
    w.vocabulary_option("modalities", "modalities", ["cbt", "group_therapy"], "therapies and approaches")

    w.option("medications", "", "medications for addiction treatment")
    w.option("prescribes", "[buprenorphine]", f"any of: {_choices('medications')}", 2, at=0)
    w.option("accepts_patients_on_medication", "true", "true | false", 2, at=0)
    w.option("family_programming", "")
    w.option("offered", "true", "true | false", 2, at=0)
    w.option("kinds", "[family_therapy]", f"any of: {_choices('family_kinds')}", 2, at=0)
    w.option("notes", '""', "plain text, at most 300 characters", 2, at=0)
    w.note(f"aftercare kinds, any of: {_choices('aftercare_kinds', ', ')}")
    w.option("aftercare", "")
    w.option("offered", "true", "true | false", 2, at=0)
    w.option("kinds", "[alumni_group]", "", 2, at=0)
    w.option("notes", '""', "plain text, at most 300 characters", 2, at=0)

    w.note("insurance: true or false for each; leave a line out when you do not know. "
           f"carriers, any of: {_choices('carriers', ', ')}")
    w.option("insurance", "")
    for key, note in [("medicaid", ""), ("medicare", ""), ("tricare", ""),
                      ("private", "private insurance in general"), ("carriers", "named carriers"),
                      ("state_plan", "a state-financed plan other than Medicaid"), ("self_pay", ""),
                      ("sliding_scale", ""), ("payment_assistance", "help with cost beyond a sliding scale"),
                      ("no_fee", "treatment free of charge")]:
        w.option(key, "[aetna, cigna]" if key == "carriers" else "true", note, 2, at=0)
    w.option("cost_per_week_usd", "{min: 300, max: 650}", "self-pay price a week, whole dollars", 2, at=0)

    w.option("accreditations", "")
    w.option("body", "joint_commission", _choices("accreditation_bodies"), 2, dash=True, at=0)
    w.option("id", '""', "the accreditor's id for the program", 4, at=0)
    w.option("expires", '"2027-06-30"', '"YYYY-MM-DD"; an expired accreditation is an error', 4, at=0)
    w.option("licenses", "")
    w.option("state", state, "", 2, dash=True, at=0)
    w.option("agency", '""', "the licensing agency's name", 4, at=0)
    w.option("number", '""', "the licence number", 4, at=0)
    w.note("outcomes: what you measure about your results and whether you share them (facts, not ratings). "
           f"measures, any of: {_choices('outcome_measures', ', ')}")
    w.option("outcomes", "")
    w.option("measures", "[completion_rate, patient_satisfaction]", "", 2, at=0)
    w.option("published_url", '""', "where you publish your results, starting with https:// or http://", 2, at=0)
    w.option("notes", '""', "how you measure, plain text, at most 500 characters", 2, at=0)
    w.option("references_on_request", "true", "true | false: families can talk with alumni or referrers", 2, at=0)
    w.option("intake", "")
    w.option("accepting_new_patients", "true", "true | false", 2, at=0)
    w.option("typical_wait_days", "3", "days from first call to first session", 2, at=0)
    w.option("walk_in", "false", "true | false", 2, at=0)
    w.option("referral_required", "false", "true | false", 2, at=0)

    w.field("verification", "")
    w.field("last_verified", e.last_verified and f'"{e.last_verified}"',
            '"YYYY-MM-DD", the day you checked every fact above', 2)
    w.field("verified_by", "provider", _choices("verified_by"), 2)
    w.option("source", '""', "where the facts came from; needed when verified_by is import", 2)
    return "\n".join(w.lines) + "\n"


def blank() -> str:
    """The template for providers who write a listing by hand (in the GitHub web editor): every essential REQUIRED."""
    return render(Essentials(delivery=[]))
