"""Words for facts: a listing is found by the label of each of its controlled-vocabulary values and by that value's
synonyms (schema/synonyms.yaml), so that "teen", "suboxone", "medicaid" or "sign language" find what the listing
says in structured form.

The index holds one *concept* term a value ("_population.adolescents"), in a field of its own kind (CONCEPT_FIELDS,
weighted; BM25's length normalisation makes a program with few values of a kind, a program *about* teens, outrank
one listing teens among many). A concept term starts with "_", which a typed word never does (analysis drops it),
so words never match it by prefix. Which words mean which concepts is a small table (`phrase_table`): the label of
each value present in the index, in every language the site has labels in (English and the translations of
schema/vocabularies.yaml and of the facts' labels: "adolescentes", "terapia familiar"), the parts of a label in and
out of parentheses, the slug as words, and the synonyms, each analysed as queries are (accents folded: "espanol"
is "español"). One table for every language: a Spanish word finds what it means on the English page too. It travels to the browser once (in the search metadata) instead of as terms
of every document; the browser expands words exactly as `expand` does here.

Matching (iopdir.search.query and its twin in theme/static/js/shared.js):
- the query's words are cut into clauses, longest phrase of the table first ("dual diagnosis", "after work");
- a phrase clause matches the concepts of that phrase, or its words as text (each a prefix, all of them);
- a one-word clause matches the concepts of the one-word phrase it equals; failing that, those of every phrase it
  is a whole word of ("counseling": family, group and individual counseling); failing that, those of every one-word
  phrase it is a prefix of (typing "adoles" already finds adolescents); and always text by prefix. (Prefixes only
  of one-word phrases: "co" would otherwise mean dozens of facts, each a posting list for the browser to fetch.)
"""

from __future__ import annotations

import re

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing.facts import FACTS
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import label, synonyms, translations, vocabularies
from iopdir.search import facets
from iopdir.search.analysis import terms

#: Index fields of concept terms, and their boosts (text fields are in iopdir.search.index.TEXT_FIELDS).
CONCEPT_FIELDS = {
    "treats": 2.0,  # focus, conditions
    "medications": 2.0,  # prescribed medications, accepting people who take one
    "serves": 2.0,  # populations, track audiences, languages
    "therapies": 2.0,  # modalities, kinds of family programming and aftercare
    "payment": 1.5,  # insurance programs, named carriers, self-pay, sliding scale, help paying, free
    "practical": 1.5,  # evening, weekend, online, in person, accreditation, family programming, aftercare, state
}

#: Where a kind of concept is labelled (a vocabulary of schema/vocabularies.yaml, or "facts": iopdir.listing.facts
#: and the `facts` part of synonyms.yaml) and the index field that holds it. A kind named like a search facet is that
#: facet: its concepts can be offered as filters.
KINDS = {
    "focus": ("focus", "treats"),
    "condition": ("conditions", "treats"),
    "medication": ("medications", "medications"),
    "population": ("populations", "serves"),
    "audience": ("audience", "serves"),
    "language": ("languages", "serves"),
    "modality": ("modalities", "therapies"),
    "familykind": ("family_kinds", "therapies"),
    "aftercarekind": ("aftercare_kinds", "therapies"),
    "insurance": ("carriers", "payment"),  # the insurance programs are facts (medicaid, ...), carriers a vocabulary
    "payment": ("facts", "payment"),
    "flag": ("facts", "practical"),
    "delivery": ("delivery", "practical"),
    "accreditation": ("accreditation_bodies", "practical"),
    "state": ("states", "practical"),
}
MEDICATION_FACTS = facets.MEDICATION_FACTS
PAYMENT = ("self_pay", "sliding_scale", "payment_assistance", "no_fee")
#: Values that mean the same as another concept: their words find that one ("Online (telehealth)" is the online flag).
ALIASES = {"_delivery.telehealth": "_flag.online"}
#: Kinds whose slugs are codes, not words ("es", "NJ"): only their labels and synonyms find them.
CODED = ("language", "state")

_PARENTHESES = re.compile(r"\(([^)]*)\)")


def token(kind: str, value: str) -> str:
    return f"_{kind}.{value}"


def kind_value(concept: str) -> tuple[str, str]:
    kind, _, value = concept[1:].partition(".")
    return kind, value


def concepts(program: Program, values: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Index field -> the concept terms of this program's facts (a fact the listing leaves unknown gives none).
    `values`: its facets.values(), when the caller has them (the index's document() does)."""
    values = facets.values(program) if values is None else values
    insurance = program.get("insurance") or {}
    found = {kind: values.get(kind, []) for kind in KINDS}
    found["audience"] = sorted({t.audience for t in program.tracks if t.audience})
    found["familykind"] = list(program.get("family_programming", "kinds") or [])
    found["aftercarekind"] = list(program.get("aftercare", "kinds") or [])
    found["payment"] = [k for k in PAYMENT if insurance.get(k) is True]
    found["delivery"] = [d for d in program.get("delivery") or [] if token("delivery", d) not in ALIASES]
    found["accreditation"] = sorted({a.body for a in program.accreditations})
    out: dict[str, list[str]] = {name: [] for name in CONCEPT_FIELDS}
    for kind, (_, field) in KINDS.items():
        out[field] += [token(kind, v) for v in found[kind]]
    return out


def _labels(kind: str, value: str) -> list[str]:
    """The label (or labels) of a concept's value, and its synonyms."""
    vocabulary = KINDS[kind][0]
    if kind == "medication" and value in MEDICATION_FACTS:
        kind, vocabulary, value = "flag", "facts", MEDICATION_FACTS[value]
    if kind == "insurance" and value in facets.INSURANCE_PROGRAMS:
        vocabulary = "facts"
    if vocabulary == "facts":
        fact = FACTS[value]
        names = [fact.label, fact.card_label]
        names += [text for lang in languages() for text in _translated(lang, fact.label, fact.card_label)]
    else:
        names = [label(vocabulary, value, lang) for lang in (i18n.DEFAULT, *languages())]
    words = names + list(synonyms().get(vocabulary, {}).get(value, []))
    if kind not in CODED:
        words.append(value.replace("_", " "))
    return words


def languages() -> list[str]:
    """The languages other than English whose labels find values: those schema/vocabularies.yaml translates (the
    same whatever the site's settings, so that `iopdir search` and every build agree)."""
    return sorted(translations())


def _translated(lang: str, *messages: str) -> list[str]:
    """Messages (the facts' labels) in `lang`, from its catalog; none when it has no usable catalog."""
    try:
        with i18n.using(lang):
            return [i18n.gettext(m) for m in messages]
    except i18n.CatalogInvalid:
        return []


def phrases_of(concept: str) -> list[str]:
    """Every phrase (analysed words joined by spaces) that means a concept: its label, the label without its
    parenthesis and each part inside it ("Stimulants (cocaine, methamphetamine)"), its synonyms, its slug."""
    kind, value = kind_value(concept)
    out = []
    for text in _labels(kind, value):
        parts = [text, _PARENTHESES.sub(" ", text)]
        for inside in _PARENTHESES.findall(text):
            parts += inside.split(",")
        for part in parts:
            phrase = " ".join(terms(part))
            if phrase and phrase not in out:
                out.append(phrase)
    return out


def phrase_table(present) -> dict[str, list[str]]:
    """Phrase -> the concepts it means, for the concepts `present` in the index (and the aliases of those)."""
    table: dict[str, set[str]] = {}
    wanted = set(present)
    for alias, target in ALIASES.items():
        if target in wanted:
            wanted.add(alias)
    for concept in sorted(wanted):
        meant = ALIASES.get(concept, concept)
        if meant not in present:
            continue
        for phrase in phrases_of(concept):
            table.setdefault(phrase, set()).add(meant)
    return {phrase: sorted(found) for phrase, found in sorted(table.items())}


class Expander:
    """A phrase table, ready to expand queries: the twin of the browser's (theme/static/js/shared.js Expander)."""

    def __init__(self, table: dict[str, list[str]]):
        self.table = table
        self.longest = max((p.count(" ") + 1 for p in table), default=1)
        by_word: dict[str, set[str]] = {}
        for phrase, found in table.items():
            for word in phrase.split(" "):
                by_word.setdefault(word, set()).update(found)
        self.by_word = {w: sorted(c) for w, c in sorted(by_word.items())}

    def word(self, word: str) -> tuple[list[str], bool]:
        """The concepts one word means, and whether it is a whole phrase (an exact match): see the module's rules."""
        if word in self.table:
            return self.table[word], True
        if word in self.by_word:
            return self.by_word[word], False
        found: set[str] = set()
        for phrase, c in self.table.items():
            if " " not in phrase and phrase.startswith(word):
                found.update(c)
        return sorted(found), False

    def exact(self, word: str) -> list[str]:
        """The concepts of the one-word phrase `word`, else of the phrases `word` is a whole word of."""
        return self.table.get(word) or self.by_word.get(word, [])

    def clauses(self, words: list[str]) -> list[tuple[list[str], list[str], bool]]:
        """(words, concepts, exact) clauses of a query's words, longest phrase first, left to right."""
        out, i = [], 0
        while i < len(words):
            for k in range(min(self.longest, len(words) - i), 1, -1):
                phrase = " ".join(words[i:i + k])
                if phrase in self.table:
                    out.append((words[i:i + k], self.table[phrase], True))
                    i += k
                    break
            else:
                found, exact = self.word(words[i])
                out.append(([words[i]], found, exact))
                i += 1
        return out


#: How a filter is offered when a query word names it ("Only programs that accept Medicaid").
OFFERS = {
    "focus": N_("Only programs that treat {}"),
    "condition": N_("Only programs that treat {}"),
    "insurance": N_("Only programs that accept {}"),
    "modality": N_("Only programs that offer {}"),
    "population": N_("Only programs with services for {}"),
    "language": N_("Only programs that offer treatment in {}"),
    "medication": N_("Only programs that prescribe {}"),
    "state": N_("Only programs in {}"),
    "flag": N_("Only programs with this: {}"),
}
#: Offers whose wording does not fit the facet's pattern.
OFFER_WORDING = {
    "flag:evening": N_("Only programs with evening sessions"),
    "flag:weekend": N_("Only programs with weekend sessions"),
    "flag:online": N_("Only programs with an online option"),
    "flag:accredited": N_("Only accredited programs"),
    "flag:family": N_("Only programs with family programming"),
    "flag:aftercare": N_("Only programs with aftercare"),
    "medication:accepted": N_("Only programs that accept people taking a medication for addiction"),
    "medication:prescribes": N_("Only programs that prescribe medications for addiction"),
}


def offer_text(facet: str, value: str, value_label: str) -> str:
    """An offer in the language being written (`value_label` is in it already)."""
    wording = OFFER_WORDING.get(f"{facet}:{value}")
    return i18n.gettext(wording) if wording else i18n.gettext(OFFERS[facet]).format(value_label)


def documentation() -> str:
    """The README's table of the words the search understands, beyond each value's label (generated)."""
    lines = ["| Kind | Value | Also found by |", "|---|---|---|"]
    names = {"facts": "Yes/no facts"}
    for vocabulary, values in synonyms().items():
        for slug, words in values.items():
            shown = FACTS[slug].label if vocabulary == "facts" else label(vocabulary, slug)
            lines.append(f"| {names.get(vocabulary, vocabulary)} | {shown} | {', '.join(words)} |")
    return "\n".join(lines) + "\n"


def vocabulary_values():
    """(kind, value) of every value the search finds by its words: every vocabulary value of a kind, the yes/no facts
    and the medication facet's own values. For the test that holds each to its label."""
    for kind, (vocabulary, _) in KINDS.items():
        if vocabulary == "facts":
            names = PAYMENT if kind == "payment" else facets.FLAGS
            yield from ((kind, v) for v in names)
        else:
            yield from ((kind, v) for v in vocabularies()[vocabulary])
    yield from (("insurance", v) for v in facets.INSURANCE_PROGRAMS)
    yield from (("medication", v) for v in MEDICATION_FACTS)


if __name__ == "__main__":
    print(documentation(), end="")
