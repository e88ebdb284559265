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

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing import wording
from iopdir.listing.wording import hours, hours_range, span
from iopdir.listing.program import DAYS
from iopdir.listing import script_words
from iopdir.listing.vocabulary import label


@dataclass(frozen=True)
class Group:
    id: str  # the program page's section id
    heading: str  # the English message id (N_): shown_heading is the language being written
    on_page: bool = True  # False: a group of the comparison only (the page shows the timetable inside its schedule)

    def _shown_heading(self) -> str:
        return i18n.gettext(self.heading)
    shown_heading = property(_shown_heading)


GROUPS = (
    Group("schedule", N_("Schedule and hours")),
    Group("timetable", N_("Weekly timetable"), on_page=False),
    Group("treatment", N_("Treatment")),
    Group("family", N_("Family and aftercare")),
    Group("insurance", N_("Insurance and cost")),
    Group("accreditation", N_("Accreditation and licences")),
    Group("outcomes", N_("Results and recommendations")),
    Group("serves", N_("Who it serves")),
    Group("contact", N_("Contact and locations")),
    Group("verification", N_("Verification")),
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
    "freshness": lambda v, _: i18n.gettext(wording.FRESHNESS[v]),
    "text": lambda v, _: _or_none(v),
}


# eq=False: a fact is hashed by identity, so a page's cache of made facts can key on it cheaply, and a changed
# definition (another Fact) is never answered from what the old one made.
@dataclass(frozen=True, eq=False)
class Fact:
    key: str
    label: str  # the English message id (N_), as the CSV's columns know it; shown_label is in the page's language
    group: str  # a Group's id
    reads: str  # a key of READERS
    vocabulary: str | None = None  # for "labels" and "label"
    short: str | None = None  # the label on a card, when it differs
    no: str = wording.NO  # what False reads as (telehealth states: "No online option")

    def text(self, value):
        """The value in words; None when the listing does not say (shown as "Not reported")."""
        if value is None or value is True:
            return None if value is None else i18n.gettext(wording.YES)
        if value is False:
            return i18n.gettext(self.no)
        return READERS[self.reads](value, self.vocabulary)

    def _card_label(self) -> str:
        return self.short or self.label
    card_label = property(_card_label)

    # The label in the language being written (a gettext lookup: a dictionary's; the page's helpers cache what
    # they make with it by language).
    def _shown_label(self) -> str:
        return i18n.gettext(self.label)
    shown_label = property(_shown_label)

    def _shown_card_label(self) -> str:
        return i18n.gettext(self.short or self.label)
    shown_card_label = property(_shown_card_label)


def _facts(*found: Fact) -> dict[str, Fact]:
    return {f.key: f for f in found}


FACTS: dict[str, Fact] = _facts(
    # Schedule and hours: the program's, then each track's (the page shows a track's own facts above its timetable).
    Fact("hours", N_("Hours a week"), "schedule", "hours_range"),
    Fact("tracks", N_("Tracks"), "schedule", "text"),
    Fact("days", N_("Days"), "schedule", "text"),  # the days of the week with a session, over the tracks
    Fact("evening", N_("Evening sessions (4 pm or later)"), "schedule", "yes_no", short=N_("Evening sessions")),
    Fact("weekend", N_("Weekend sessions"), "schedule", "yes_no"),
    Fact("online", N_("Online option (telehealth)"), "schedule", "yes_no", short=N_("Online option")),
    Fact("length", N_("Typical length"), "schedule", "weeks"),
    Fact("track_audience", N_("For"), "schedule", "label", "audience"),
    Fact("track_hours", N_("Hours a week"), "schedule", "hours"),
    Fact("track_days", N_("Days a week"), "schedule", "number"),
    Fact("track_length", N_("Typical length"), "schedule", "weeks"),
    Fact("timezone", N_("Times are in"), "schedule", "text"),
    # The weekly timetable (a day's sessions), labelled by the days vocabulary.
    *(Fact(day, wording.DAY_NAMES[day], "timetable", "text") for day in DAYS),
    Fact("focus", N_("Treats"), "treatment", "labels", "focus"),
    Fact("conditions", N_("Conditions"), "treatment", "labels", "conditions"),
    Fact("modalities", N_("Therapies and approaches"), "treatment", "labels", "modalities"),
    Fact("prescribes", N_("Prescribes medications for addiction"), "treatment", "labels", "medications"),
    Fact("accepts_medication", N_("Accepts people taking a medication for addiction"), "treatment", "yes_no"),
    Fact("family", N_("Family programming"), "family", "yes_no"),
    Fact("family_kinds", N_("Kinds of family programming"), "family", "labels", "family_kinds"),
    Fact("family_notes", N_("About family programming"), "family", "text"),
    Fact("aftercare", N_("Aftercare"), "family", "yes_no"),
    Fact("aftercare_kinds", N_("Kinds of aftercare"), "family", "labels", "aftercare_kinds"),
    Fact("aftercare_notes", N_("About aftercare"), "family", "text"),
    Fact("insurance", N_("Insurance"), "insurance", "text"),  # a card's summary of what is accepted
    Fact("insurance_programs", N_("Insurance accepted"), "insurance", "text"),  # at a glance: Medicaid, private, ...
    Fact("medicaid", N_("Medicaid"), "insurance", "yes_no"),
    Fact("medicare", N_("Medicare"), "insurance", "yes_no"),
    Fact("tricare", N_("TRICARE"), "insurance", "yes_no"),
    Fact("private", N_("Private insurance"), "insurance", "yes_no"),
    Fact("carriers", N_("Named carriers"), "insurance", "labels", "carriers"),
    Fact("state_plan", N_("Other state-funded plan"), "insurance", "yes_no", short=N_("State-funded plan")),
    Fact("self_pay", N_("Self-pay"), "insurance", "yes_no"),
    Fact("sliding_scale", N_("Sliding fee scale"), "insurance", "yes_no", short=N_("Sliding scale")),
    Fact("payment_assistance", N_("Help paying"), "insurance", "yes_no"),
    Fact("no_fee", N_("Free of charge"), "insurance", "yes_no"),
    Fact("price", N_("Self-pay price a week"), "insurance", "dollars"),
    Fact("accredited", N_("Accredited"), "accreditation", "yes_no"),
    Fact("accreditations", N_("Accrediting bodies"), "accreditation", "text"),
    Fact("licences", N_("State licences"), "accreditation", "text"),
    # What a program measures about its results and whether it shares them: facts a listing can state, never ratings.
    Fact("outcome_measures", N_("Results it measures"), "outcomes", "labels", "outcome_measures"),
    Fact("outcomes_published", N_("Published results"), "outcomes", "text"),
    Fact("outcomes_notes", N_("About its results"), "outcomes", "text"),
    Fact("references", N_("Puts you in touch with families or referrers"), "outcomes", "yes_no",
         short=N_("References on request")),
    Fact("ages", N_("Ages"), "serves", "ages"),
    Fact("audience", N_("For"), "serves", "labels", "audience"),  # the tracks' audiences
    Fact("populations", N_("Groups with dedicated services"), "serves", "labels", "populations"),
    Fact("languages", N_("Languages"), "serves", "labels", "languages"),
    Fact("organization", N_("Run by"), "contact", "text"),
    Fact("ownership", N_("Type of organisation"), "contact", "label", "ownership"),
    Fact("phone", N_("Phone"), "contact", "text"),
    Fact("intake_phone", N_("Intake phone"), "contact", "text"),
    Fact("email", N_("E-mail"), "contact", "text"),
    Fact("website", N_("Website"), "contact", "text"),
    Fact("places", N_("Locations"), "contact", "text"),
    Fact("address", N_("Street address"), "contact", "text"),
    Fact("wheelchair", N_("Wheelchair accessible"), "contact", "yes_no"),
    Fact("delivery", N_("How sessions are offered"), "contact", "labels", "delivery"),
    Fact("telehealth_states", N_("Online treatment available in"), "contact", "labels", "states",
         no=wording.NO_ONLINE_OPTION),
    Fact("accepting", N_("Accepting new patients"), "contact", "yes_no"),
    Fact("wait", N_("Typical wait to start"), "contact", "days"),
    Fact("walk_in", N_("Walk-in assessments"), "contact", "yes_no"),
    Fact("referral", N_("Referral required"), "contact", "yes_no"),
    Fact("freshness", N_("Listing checked"), "verification", "freshness"),
    Fact("last_verified", N_("Last verified"), "verification", "text"),
    Fact("verified_by", N_("Verified by"), "verification", "label", "verified_by"),
    Fact("source", N_("Source"), "verification", "text"),
    Fact("verified", N_("Verified"), "verification", "text"),  # at a glance: when and by whom, in a few words
)

#: What a program's card shows (a state page's, a search result's, `iopdir search`'s table), after its focus.
CARD = ("hours", "evening", "weekend", "online", "insurance")

#: At a glance (the top of a program page, and every card): the facts that decide whether to call, in five groups
#: (id, heading, fact keys). Values: iopdir.listing.glance.
GLANCE = (
    ("who", N_("Who it is for"), ("ages", "audience", "focus")),
    ("when", N_("When"), ("days", "hours", "evening", "weekend", "online")),
    ("cost", N_("Cost"), ("insurance_programs", "sliding_scale", "price")),
    ("quality", N_("Quality"), ("accredited", "verified")),
    ("start", N_("Start"), ("accepting", "wait")),
)


def heading(group: str) -> str:
    """A group's heading in the language being written."""
    return next(g.shown_heading for g in GROUPS if g.id == group)


def export() -> dict:
    """The definitions the browser scripts read (written at build time as facts.json, once a language, inside
    i18n.using): labels, short labels and groups by key, the card's facts, and the words values read as, all in the
    language being written."""
    _ = i18n.gettext
    return {
        "facts": {f.key: {"label": f.shown_label, "short": f.shown_card_label, "group": f.group}
                  for f in FACTS.values()},
        "groups": [[g.id, g.shown_heading] for g in GROUPS],
        "card": list(CARD),
        "glance": [[g, _(heading), list(keys)] for g, heading, keys in GLANCE],
        "words": {key: _(word) for key, word in wording.WORDS.items()},
        "freshness": {key: _(word) for key, word in wording.FRESHNESS.items()},
        "days": {key: _(word) for key, word in wording.DAY_SHORT.items()},
        "messages": script_words.export(),  # the scripts' own words (iopdir.listing.script_words)
    }
