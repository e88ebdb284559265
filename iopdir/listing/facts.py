"""One definition of every fact shown to people: its key, its label, its group (the program page's section that shows
it), how a value reads, and the short label a card uses.

Read by the program page and the cards (the Pelican plugin's helpers), the comparison (iopdir.choosing.comparison: the
state comparison pages and the compare page's data), `iopdir search`'s table, and the browser scripts (export(),
written at build time as facts.json). Labels are plain strings (no HTML) in this one place, so that a message
catalog can wrap them for a translation; a vocabulary value's label stays in schema/vocabularies.yaml and the words a
value reads as ("Yes", "Not reported", "3 days") in iopdir.listing.wording.

A value is absent (None) when the listing does not say: it reads as "Not reported", never as "No".
"""

from __future__ import annotations

from dataclasses import dataclass

from iopdir.listing import wording
from iopdir.listing.wording import hours, hours_range, span
from iopdir.listing.program import DAYS
from iopdir.listing import script_words
from iopdir.listing.vocabulary import label


@dataclass(frozen=True)
class Group:
    id: str  # the program page's section id
    heading: str
    on_page: bool = True  # False: a group of the comparison only (the page shows the timetable inside its schedule)


GROUPS = (
    Group("schedule", "Schedule and hours"),
    Group("timetable", "Weekly timetable", on_page=False),
    Group("treatment", "Treatment"),
    Group("family", "Family and aftercare"),
    Group("insurance", "Insurance and cost"),
    Group("accreditation", "Accreditation and licences"),
    Group("outcomes", "Results and recommendations"),
    Group("serves", "Who it serves"),
    Group("contact", "Contact and locations"),
    Group("verification", "Verification"),
)


def _or_none(value):
    return None if value is None or value == "" else value


# How a value reads, by Fact.reads: value (never None, True or False: Fact.text answers those) -> text, or None when
# there is nothing to show. "text" keeps what it is given (the page's links are safe Markup).
READERS = {
    "yes_no": lambda v, _: wording.yes_no(v),
    "labels": lambda v, vocabulary: ", ".join(label(vocabulary, s) for s in v) or None,  # a list of vocabulary values
    "label": lambda v, vocabulary: label(vocabulary, v),  # one vocabulary value
    "hours": lambda v, _: hours(v),  # 9 -> "9"
    "hours_range": lambda v, _: hours_range(v),  # (9, 12) -> "9–12"
    "weeks": lambda v, _: span(v, "weeks"),  # {min, max} -> "8–12 weeks"
    "ages": lambda v, _: span(v, "ages"),  # {min, max} -> "13 to 17"
    "dollars": lambda v, _: span(v, "dollars"),  # {min, max} -> "$300–$650"
    "days": lambda v, _: wording.days(v),  # 3 -> "3 days"
    "number": lambda v, _: str(v),
    "freshness": lambda v, _: wording.FRESHNESS[v],
    "text": lambda v, _: _or_none(v),
}


# eq=False: a fact is hashed by identity, so a page's cache of made facts can key on it cheaply, and a changed
# definition (another Fact) is never answered from what the old one made.
@dataclass(frozen=True, eq=False)
class Fact:
    key: str
    label: str
    group: str  # a Group's id
    reads: str  # a key of READERS
    vocabulary: str | None = None  # for "labels" and "label"
    short: str | None = None  # the label on a card, when it differs
    no: str = wording.NO  # what False reads as (telehealth states: "No online option")

    def text(self, value):
        """The value in words; None when the listing does not say (shown as "Not reported")."""
        if value is None or value is True:
            return None if value is None else wording.YES
        if value is False:
            return self.no
        return READERS[self.reads](value, self.vocabulary)

    @property
    def card_label(self) -> str:
        return self.short or self.label


def _facts(*found: Fact) -> dict[str, Fact]:
    return {f.key: f for f in found}


FACTS: dict[str, Fact] = _facts(
    # Schedule and hours: the program's, then each track's (the page shows a track's own facts above its timetable).
    Fact("hours", "Hours a week", "schedule", "hours_range"),
    Fact("tracks", "Tracks", "schedule", "text"),
    Fact("days", "Days", "schedule", "text"),  # the days of the week with a session, over the tracks
    Fact("evening", "Evening sessions (4 pm or later)", "schedule", "yes_no", short="Evening sessions"),
    Fact("weekend", "Weekend sessions", "schedule", "yes_no"),
    Fact("online", "Online option (telehealth)", "schedule", "yes_no", short="Online option"),
    Fact("length", "Typical length", "schedule", "weeks"),
    Fact("track_audience", "For", "schedule", "label", "audience"),
    Fact("track_hours", "Hours a week", "schedule", "hours"),
    Fact("track_days", "Days a week", "schedule", "number"),
    Fact("track_length", "Typical length", "schedule", "weeks"),
    Fact("timezone", "Times are in", "schedule", "text"),
    # The weekly timetable (a day's sessions), labelled by the days vocabulary.
    *(Fact(day, label("days", day), "timetable", "text") for day in DAYS),
    Fact("focus", "Treats", "treatment", "labels", "focus"),
    Fact("conditions", "Conditions", "treatment", "labels", "conditions"),
    Fact("modalities", "Therapies and approaches", "treatment", "labels", "modalities"),
    Fact("prescribes", "Prescribes medications for addiction", "treatment", "labels", "medications"),
    Fact("accepts_medication", "Accepts people taking a medication for addiction", "treatment", "yes_no"),
    Fact("family", "Family programming", "family", "yes_no"),
    Fact("family_kinds", "Kinds of family programming", "family", "labels", "family_kinds"),
    Fact("family_notes", "About family programming", "family", "text"),
    Fact("aftercare", "Aftercare", "family", "yes_no"),
    Fact("aftercare_kinds", "Kinds of aftercare", "family", "labels", "aftercare_kinds"),
    Fact("aftercare_notes", "About aftercare", "family", "text"),
    Fact("insurance", "Insurance", "insurance", "text"),  # a card's summary of what is accepted
    Fact("insurance_programs", "Insurance accepted", "insurance", "text"),  # at a glance: Medicaid, private, ...
    Fact("medicaid", "Medicaid", "insurance", "yes_no"),
    Fact("medicare", "Medicare", "insurance", "yes_no"),
    Fact("tricare", "TRICARE", "insurance", "yes_no"),
    Fact("private", "Private insurance", "insurance", "yes_no"),
    Fact("carriers", "Named carriers", "insurance", "labels", "carriers"),
    Fact("state_plan", "Other state-funded plan", "insurance", "yes_no", short="State-funded plan"),
    Fact("self_pay", "Self-pay", "insurance", "yes_no"),
    Fact("sliding_scale", "Sliding fee scale", "insurance", "yes_no", short="Sliding scale"),
    Fact("payment_assistance", "Help paying", "insurance", "yes_no"),
    Fact("no_fee", "Free of charge", "insurance", "yes_no"),
    Fact("price", "Self-pay price a week", "insurance", "dollars"),
    Fact("accredited", "Accredited", "accreditation", "yes_no"),
    Fact("accreditations", "Accrediting bodies", "accreditation", "text"),
    Fact("licences", "State licences", "accreditation", "text"),
    # What a program measures about its results and whether it shares them: facts a listing can state, never ratings.
    Fact("outcome_measures", "Results it measures", "outcomes", "labels", "outcome_measures"),
    Fact("outcomes_published", "Published results", "outcomes", "text"),
    Fact("outcomes_notes", "About its results", "outcomes", "text"),
    Fact("references", "Puts you in touch with families or referrers", "outcomes", "yes_no",
         short="References on request"),
    Fact("ages", "Ages", "serves", "ages"),
    Fact("audience", "For", "serves", "labels", "audience"),  # the tracks' audiences
    Fact("populations", "Groups with dedicated services", "serves", "labels", "populations"),
    Fact("languages", "Languages", "serves", "labels", "languages"),
    Fact("organization", "Run by", "contact", "text"),
    Fact("ownership", "Type of organisation", "contact", "label", "ownership"),
    Fact("phone", "Phone", "contact", "text"),
    Fact("intake_phone", "Intake phone", "contact", "text"),
    Fact("email", "E-mail", "contact", "text"),
    Fact("website", "Website", "contact", "text"),
    Fact("places", "Locations", "contact", "text"),
    Fact("address", "Street address", "contact", "text"),
    Fact("wheelchair", "Wheelchair accessible", "contact", "yes_no"),
    Fact("delivery", "How sessions are offered", "contact", "labels", "delivery"),
    Fact("telehealth_states", "Online treatment available in", "contact", "labels", "states",
         no=wording.NO_ONLINE_OPTION),
    Fact("accepting", "Accepting new patients", "contact", "yes_no"),
    Fact("wait", "Typical wait to start", "contact", "days"),
    Fact("walk_in", "Walk-in assessments", "contact", "yes_no"),
    Fact("referral", "Referral required", "contact", "yes_no"),
    Fact("freshness", "Listing checked", "verification", "freshness"),
    Fact("last_verified", "Last verified", "verification", "text"),
    Fact("verified_by", "Verified by", "verification", "label", "verified_by"),
    Fact("source", "Source", "verification", "text"),
    Fact("verified", "Verified", "verification", "text"),  # at a glance: when and by whom, in a few words
)

#: What a program's card shows (a state page's, a search result's, `iopdir search`'s table), after its focus.
CARD = ("hours", "evening", "weekend", "online", "insurance")

#: At a glance (the top of a program page, and every card): the facts that decide whether to call, in five groups
#: (id, heading, fact keys). Values: iopdir.listing.glance.
GLANCE = (
    ("who", "Who it is for", ("ages", "audience", "focus")),
    ("when", "When", ("days", "hours", "evening", "weekend", "online")),
    ("cost", "Cost", ("insurance_programs", "sliding_scale", "price")),
    ("quality", "Quality", ("accredited", "verified")),
    ("start", "Start", ("accepting", "wait")),
)


def heading(group: str) -> str:
    return next(g.heading for g in GROUPS if g.id == group)


def export() -> dict:
    """The definitions the browser scripts read (written at build time as facts.json): labels, short labels and
    groups by key, the card's facts, and the words values read as."""
    return {
        "facts": {f.key: {"label": f.label, "short": f.card_label, "group": f.group} for f in FACTS.values()},
        "groups": [[g.id, g.heading] for g in GROUPS],
        "card": list(CARD),
        "glance": [[g, heading, list(keys)] for g, heading, keys in GLANCE],
        "words": dict(wording.WORDS),
        "freshness": dict(wording.FRESHNESS),
        "messages": script_words.export(),  # the scripts' own words (iopdir.listing.script_words)
    }
