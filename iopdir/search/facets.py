"""Facets: the filterable facts of a program, computed in one place for the index, the CLI and the browser export.

A facet value is present only when the listing says so: an unknown fact (absent from the YAML) never produces a
value, so it never matches a filter.
"""

from __future__ import annotations

from iopdir import i18n
from iopdir.listing.facts import FACTS
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import label

#: Yes/no filters: facet value "yes" when the fact is known to be true.
FLAGS = ("evening", "weekend", "online", "accredited", "family", "aftercare")

#: Facets with many values, and the vocabulary that labels them.
FACET_VOCABULARIES = {
    "state": "states",
    "focus": "focus",
    "condition": "conditions",
    "insurance": None,  # medicaid | medicare | tricare | private | state_plan + named carriers
    "modality": "modalities",
    "population": "populations",
    "language": "languages",
    "medication": "medications",  # and the two values of MEDICATION_FACTS
}

INSURANCE_PROGRAMS = ("medicaid", "medicare", "tricare", "private", "state_plan")
#: Medication facet values that are yes/no facts, not a medication (iopdir.listing.facts keys): the checklist's
#: "medication" choices use the same two values.
MEDICATION_FACTS = {"accepted": "accepts_medication", "prescribes": "prescribes"}



def flag_facts(program: Program) -> dict[str, bool | None]:
    """Each yes/no filter's fact: True, False or None (not reported). The checklist reads all three."""
    return {
        "evening": program.evening,
        "weekend": program.weekend,
        "online": program.online,
        "accredited": program.accredited,
        "family": program.get("family_programming", "offered"),
        "aftercare": program.get("aftercare", "offered"),
    }


def flags(program: Program) -> list[str]:
    known = flag_facts(program)
    return [name for name in FLAGS if known[name] is True]


def values(program: Program) -> dict[str, list[str]]:
    """Facet name -> the values this program has, each list sorted and without repeats."""
    insurance = program.get("insurance") or {}
    out = {
        "flag": flags(program),
        "state": [program.state],
        "focus": program.get("focus") or [],
        "condition": program.get("conditions") or [],
        "insurance": [k for k in INSURANCE_PROGRAMS if insurance.get(k) is True] + list(insurance.get("carriers") or []),
        "modality": program.get("modalities") or [],
        "population": program.get("populations") or [],
        "language": program.get("languages") or [],
        "medication": medications(program),
    }
    return {k: sorted(set(v)) for k, v in out.items()}


def medications(program: Program) -> list[str]:
    """The medication facet's values: each medication prescribed, "prescribes" when there is one, and "accepted" when
    the program accepts people who take one prescribed elsewhere."""
    meds = program.get("medications") or {}
    prescribed = list(meds.get("prescribes") or [])
    return prescribed + (["prescribes"] if prescribed else []) + (
        ["accepted"] if meds.get("accepts_patients_on_medication") is True else [])


def facet_labels(facet: str, value: str) -> str:
    """A filter value's label, in the language being written."""
    if facet == "flag":
        return i18n.gettext(FACTS[value].card_label)  # a yes/no filter is its fact
    if facet == "insurance":
        return i18n.gettext(FACTS[value].card_label) if value in INSURANCE_PROGRAMS else label("carriers", value)
    if facet == "medication" and value in MEDICATION_FACTS:
        return i18n.gettext(FACTS[MEDICATION_FACTS[value]].card_label)
    return label(FACET_VOCABULARIES[facet], value)
