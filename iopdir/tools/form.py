"""The "List your program" form's questions: the listing format's fields in plain language, grouped as a program page
groups its facts (iopdir.listing.facts.GROUPS), each labelled by its fact where the page shows one.

The Pelican plugin renders them (theme/templates/list-your-program.html); the browser script (list-form.js) reads the
answers back by each input's name, which is the field's path as findings name it ("contact.phone",
"locations[0].postal_code"), so a finding of `iopdir validate` and of the in-browser check lands on its question.
Hints are the schema's own descriptions and choices its vocabularies: the form cannot drift from the format.

Every word is shown in the page's language: labels and hints through the message catalogs (the schema's descriptions
are extracted from the schema by iopdir.cli.i18n.extract_form_hints, so the schema stays the English contract), choices
through the vocabularies' translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from iopdir.i18n import N_
from iopdir.listing.facts import FACTS, GROUPS
from iopdir.listing.vocabulary import labels, program_schema, vocabularies
from iopdir.tools.skeleton import COMMON_LANGUAGES

# The program page's header (name, organisation, summary) is no group of facts: the form asks it first.
ABOUT = ("about", N_("About the program"))

#: The time zones a US program's schedule is in (the states and territories); the file takes any IANA name.
TIME_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
              "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "America/St_Thomas", "Pacific/Guam",
              "Pacific/Saipan", "Pacific/Pago_Pago")


@dataclass(frozen=True)
class Question:
    path: str  # the field's path as findings name it (iopdir.listing.findings.dotted)
    label: str
    kind: str  # text | textarea | choice | choices | yes_no | whole | number | date | email | url | tel
    group: str
    vocabulary: str | None = None
    required: bool = False
    hint: str = ""
    max_length: int | None = None
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for choice and choices
    minimum: float | None = None
    maximum: float | None = None

    @property
    def id(self) -> str:
        """The input's id: the path with [n] and dots as hyphens ("locations-0-postal_code")."""
        return "lf-" + self.path.replace("[", "-").replace("]", "").replace(".", "-")

    @property
    def shown_options(self) -> tuple[tuple[str, str], ...]:
        """(value, label) in the language being written: a vocabulary's own translations (the values stay the file's);
        choices of no vocabulary (the time zones' place names) as they are."""
        if not self.vocabulary:
            return self.options
        words = labels(self.vocabulary)
        return tuple((value, words.get(value, text)) for value, text in self.options)


def _schema_node(path: str) -> dict:
    """The schema's definition of a field ("locations[0].city" -> its node), $refs followed."""
    schema = program_schema()
    node = schema
    for step in path.replace("]", "").replace("[", ".").split("."):
        if "$ref" in node:
            node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
        node = node["items"] if step.isdigit() else node["properties"][step]
    if "$ref" in node:
        ref = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
        node = {**ref, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _q(path, label, kind, group, vocabulary=None, required=False, options=None, hint=None) -> Question:
    node = _schema_node(path)
    if kind in ("choice", "choices") and options is None:
        options = tuple(vocabularies()[vocabulary].items())
    return Question(path, label, kind, group, vocabulary, required, node.get("description", "") if hint is None else hint,
                    node.get("maxLength"), tuple(options or ()), node.get("minimum"), node.get("maximum"))


def _fact(key: str) -> str:
    return FACTS[key].label


@lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    v = vocabularies()
    languages = tuple((code, v["languages"][code]) for code in COMMON_LANGUAGES)
    zones = tuple((z, z.split("/", 1)[1].replace("_", " ")) for z in TIME_ZONES)
    return (
        _q("name", N_("Program name"), "text", "about", required=True),
        _q("organization.name", N_("Organisation that runs it"), "text", "about", required=True),
        _q("summary", N_("Summary"), "text", "about", required=True),
        _q("description", N_("Description"), "textarea", "about"),
        _q("status", N_("Status"), "choice", "about", "status", required=True),
        _q("id", N_("Listing id"), "text", "about", required=True,
           hint=N_("Made from the name and city; the file is named after it. Lower-case letters, digits and single "
                   "hyphens.")),
        # The schedule: one track, its week as a grid of days (list-form.js reads the grid).
        _q("tracks[0].name", N_("Track name"), "text", "schedule", hint=N_('Such as "Evening track".')),
        _q("tracks[0].audience", _fact("track_audience"), "choice", "schedule", "audience"),
        _q("tracks[0].timezone", _fact("timezone"), "choice", "schedule", options=zones),
        _q("tracks[0].length_weeks.min", N_("Typical length: at least (weeks)"), "whole", "schedule"),
        _q("tracks[0].length_weeks.max", N_("Typical length: at most (weeks)"), "whole", "schedule"),
        _q("focus", _fact("focus"), "choices", "treatment", "focus", required=True),
        _q("conditions", _fact("conditions"), "choices", "treatment", "conditions"),
        _q("modalities", _fact("modalities"), "choices", "treatment", "modalities"),
        _q("medications.prescribes", _fact("prescribes"), "choices", "treatment", "medications"),
        _q("medications.accepts_patients_on_medication", _fact("accepts_medication"), "yes_no", "treatment"),
        _q("family_programming.offered", _fact("family"), "yes_no", "family"),
        _q("family_programming.kinds", _fact("family_kinds"), "choices", "family", "family_kinds"),
        _q("family_programming.notes", _fact("family_notes"), "text", "family"),
        _q("aftercare.offered", _fact("aftercare"), "yes_no", "family"),
        _q("aftercare.kinds", _fact("aftercare_kinds"), "choices", "family", "aftercare_kinds"),
        _q("aftercare.notes", _fact("aftercare_notes"), "text", "family"),
        *(_q(f"insurance.{key}", _fact(key), "yes_no", "insurance") for key in ("medicaid", "medicare", "tricare",
                                                                               "private")),
        _q("insurance.carriers", _fact("carriers"), "choices", "insurance", "carriers"),
        *(_q(f"insurance.{key}", _fact(key), "yes_no", "insurance") for key in (
            "state_plan", "self_pay", "sliding_scale", "payment_assistance", "no_fee")),
        # Whole messages (not the fact's label and words joined), so that a catalog translates them (the page shows
        # every label through the `shown` filter).
        _q("insurance.cost_per_week_usd.min", N_("Self-pay price a week: from (dollars)"), "whole", "insurance"),
        _q("insurance.cost_per_week_usd.max", N_("Self-pay price a week: up to (dollars)"), "whole", "insurance"),
        _q("accreditations[0].body", N_("Accrediting body"), "choice", "accreditation", "accreditation_bodies"),
        _q("accreditations[0].id", N_("Accreditor's id for the program"), "text", "accreditation"),
        _q("accreditations[0].expires", N_("Accreditation valid until"), "date", "accreditation"),
        _q("licenses[0].state", N_("Licence: state"), "choice", "accreditation", "states"),
        _q("licenses[0].agency", N_("Licence: agency"), "text", "accreditation"),
        _q("licenses[0].number", N_("Licence: number"), "text", "accreditation"),
        _q("ages.min", N_("Ages: youngest"), "whole", "serves"),
        _q("ages.max", N_("Ages: oldest"), "whole", "serves"),
        _q("populations", _fact("populations"), "choices", "serves", "populations"),
        _q("languages", _fact("languages"), "choices", "serves", "languages", options=languages,
           hint=N_("Common ones; every other code can be added to the file (schema/vocabularies.yaml).")),
        _q("organization.ownership", _fact("ownership"), "choice", "contact", "ownership"),
        _q("contact.phone", _fact("phone"), "tel", "contact", required=True),
        _q("contact.intake_phone", _fact("intake_phone"), "tel", "contact"),
        _q("contact.email", _fact("email"), "email", "contact"),
        _q("contact.website", _fact("website"), "url", "contact"),
        _q("delivery", _fact("delivery"), "choices", "contact", "delivery", required=True),
        _q("telehealth_states", _fact("telehealth_states"), "choices", "contact", "states"),
        _q("locations[0].label", N_("Location: short name"), "text", "contact"),
        _q("locations[0].street", N_("Street address"), "text", "contact"),
        _q("locations[0].street2", N_("Suite, floor or building"), "text", "contact"),
        _q("locations[0].city", N_("City or town"), "text", "contact"),
        _q("locations[0].state", N_("State"), "choice", "contact", "states"),
        _q("locations[0].postal_code", N_("ZIP code"), "text", "contact"),
        _q("locations[0].wheelchair_accessible", _fact("wheelchair"), "yes_no", "contact"),
        _q("intake.accepting_new_patients", _fact("accepting"), "yes_no", "contact"),
        _q("intake.typical_wait_days", N_("Typical wait to start (days)"), "whole", "contact"),
        _q("intake.walk_in", _fact("walk_in"), "yes_no", "contact"),
        _q("intake.referral_required", _fact("referral"), "yes_no", "contact"),
        _q("verification.last_verified", _fact("last_verified"), "date", "verification", required=True,
           hint=N_("The day you checked every answer above.")),
    )


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    questions: tuple[Question, ...]


@lru_cache(maxsize=1)
def sections() -> tuple[Section, ...]:
    """The questions by section: "About the program", then the program page's groups in its order."""
    found = questions()
    groups = [ABOUT] + [(g.id, g.heading) for g in GROUPS if g.on_page]
    return tuple(Section(gid, heading, tuple(q for q in found if q.group == gid)) for gid, heading in groups)


def days() -> tuple[tuple[str, str], ...]:
    """The schedule grid's rows: (day, its name in the language being written), Monday first."""
    return tuple(labels("days").items())
