"""The "How to choose an IOP" checklist: its content file, a person's choices, and what each program meets.

The content lives in one file (``content/checklist.yaml``), read strictly and checked against ``SCHEMA`` here. A person's
choices travel as a query string in the search page's own parameters (``flag=evening&insurance=medicaid``), plus a few
the search cannot filter on (``age``, ``medication``, ``start``, ``verified``, ``outcomes``). The search part is passed
to /search/ unchanged; all of it is checked against each program on the compare page.

Verdicts are defined once, here. For every value a choice can take, ``Checklist.atoms()`` says whether a program meets it,
fails it or leaves it unknown; the build writes them into the comparison data (iopdir.build.datafiles), and the compare page only combines
them (``combine``: any "fails" fails, else any "unknown" is unknown, else it meets). Unknown is not no: a fact the
listing leaves out is "unknown", never "fails".
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qsl

import jsonschema

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.search import facets
from iopdir.search.export import facet_labels
from iopdir.listing.description import markdown_problem
from iopdir.listing.findings import ERROR, Finding, dotted, too_long
from iopdir.listing.program import Program
from iopdir.search.query import FACET_PARAMS
from iopdir.listing.vocabulary import label, vocabularies
from iopdir.listing.files import Refused, read_regular
from iopdir.listing.yamlstrict import load

MEETS, FAILS, UNKNOWN = "meets", "fails", "unknown"
MAX_AGE = 120  # ages travel as one verdict letter per year, 0..MAX_AGE (and atoms as one letter each)
_LETTER = {MEETS: "m", FAILS: "f", UNKNOWN: "u"}
_VERDICT_OF = {letter: verdict for verdict, letter in _LETTER.items()}

#: Keys the search page understands (its facet parameters, and a place): these go into "Show programs that match".
SEARCH_KEYS = (*FACET_PARAMS, "near", "miles")
MILES = ("10", "25", "50", "100")  # the search page's distances

_TEXT = {"type": "string", "minLength": 1, "maxLength": 600}
# The two fields rendered as Markdown: as long as a listing's description may be, and checked as one is (below).
_MARKDOWN = {"type": "string", "minLength": 1, "maxLength": 5000}
MARKDOWN_FIELDS = (("level_of_care", "suits"), ("level_of_care", "needs_more"))
_SLUG = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_CHOICE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "label"],
    "properties": {
        "key": {"type": "string"},
        "label": {"type": "string", "minLength": 1, "maxLength": 120},
        "hint": {"type": "string", "maxLength": 200},
        "value": {"type": "string"},  # one checkbox: key=value
        "values": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},  # a checkbox each
        "input": {"enum": ["select", "age", "zip"]},
    },
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "intro", "level_of_care", "sources", "items"],
    "properties": {
        "title": _TEXT,
        "intro": _TEXT,
        "level_of_care": {
            "type": "object",
            "additionalProperties": False,
            "required": ["heading", "suits", "needs_more", "note"],
            "properties": {"heading": _TEXT, "suits": _MARKDOWN, "needs_more": _MARKDOWN,
                           "note": _TEXT, "source": _SLUG},
        },
        "sources": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "url"],
                "properties": {"title": _TEXT, "url": {"type": "string", "pattern": "^https://"}},
            },
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "topic", "question", "why", "ask", "answers", "choices"],
                "properties": {
                    "id": _SLUG,
                    "topic": {"type": "string", "minLength": 1, "maxLength": 60},
                    "question": _TEXT,
                    "why": _TEXT,
                    "ask": _TEXT,
                    "answers": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                    "source": _SLUG,
                    "choices": {"type": "array", "items": _CHOICE},
                },
            },
        },
    },
}


# Values each choice key can take, with labels: the checkboxes and menus of the checklist, and the atoms' keys.
def _vocab(name: str) -> dict[str, str]:
    return dict(vocabularies()[name])


def options(key: str, programs: list[Program] = ()) -> dict[str, str]:
    """Value -> label for a choice key. Languages are only those some listing offers (the full list is 180 long)."""
    if key == "flag":
        return {v: facet_labels("flag", v) for v in facets.FLAGS}
    if key == "insurance":
        return {v: facet_labels("insurance", v) for v in (*facets.INSURANCE_PROGRAMS, *vocabularies()["carriers"])}
    if key == "language":
        offered = {lang for p in programs for lang in p.get("languages") or []}
        return dict(sorted(((v, label("languages", v)) for v in offered), key=lambda pair: pair[1]))
    if key in ("modality", "population", "condition", "focus"):
        return _vocab({"modality": "modalities", "population": "populations", "condition": "conditions",
                       "focus": "focus"}[key])
    _ = i18n.gettext  # in the language being written
    if key == "medication":
        return {"accepted": _("Accepts people who take a medication for addiction"),
                "prescribes": _("Prescribes medication for addiction")}
    if key == "start":
        return {"7": _("Within a week"), "14": _("Within two weeks"), "30": _("Within a month")}
    if key == "verified":
        return {"90": _("In the last 90 days"), "365": _("In the last year")}
    if key == "outcomes":
        return {value: _(words) for value, words in OUTCOMES.items()}
    if key == "miles":
        return {m: _("%(miles)s miles") % {"miles": m} for m in MILES}
    return {}


def _tri(value) -> str:
    return UNKNOWN if value is None else (MEETS if value else FAILS)


def _listed(values: list | set | None, value: str) -> str:
    """A list the listing gives: in it meets, missing from it fails; no list at all is unknown."""
    return UNKNOWN if values is None else (MEETS if value in values else FAILS)


def _insurance(program: Program, value: str) -> str:
    return _insurance_in(program.get("insurance") or {}, value)


def _insurance_in(ins: dict, value: str) -> str:
    if value in facets.INSURANCE_PROGRAMS:
        return _tri(ins.get(value))
    # A named carrier: listed carriers are examples, not the whole list; only "no private insurance" rules it out.
    if value in (ins.get("carriers") or []):
        return MEETS
    return FAILS if ins.get("private") is False else UNKNOWN


def _medication(program: Program, value: str) -> str:
    meds = program.get("medications")
    if value == "accepted":
        return _tri(program.get("medications", "accepts_patients_on_medication"))
    prescribes = None if meds is None else meds.get("prescribes")
    return UNKNOWN if prescribes is None else (MEETS if prescribes else FAILS)


def _start(program: Program, days: str) -> str:
    intake = program.get("intake") or {}
    if intake.get("accepting_new_patients") is False:
        return FAILS
    if intake.get("walk_in") is True:
        return MEETS
    wait = intake.get("typical_wait_days")
    return UNKNOWN if wait is None else (MEETS if wait <= int(days) else FAILS)


#: What a person can ask of a program's results (the listing's outcomes block), with labels.
OUTCOMES = {"measured": N_("Measures its results"), "published": N_("Publishes its results"),
            "references": N_("Puts you in touch with families or referrers")}


def _outcomes(program: Program, value: str) -> str:
    """The listing format can say what a program measures and where it publishes it, not that it does neither: those
    meet or stay unknown. References on request is a yes/no fact (false fails)."""
    if value == "references":
        return _tri(program.outcomes.get("references_on_request"))
    if value == "published":
        return MEETS if program.outcomes.get("published_url") else UNKNOWN
    return _tri(program.measures_results)


def age_verdict(program: Program, age: int) -> str:
    ages = program.get("ages")
    if not ages:
        return UNKNOWN
    low, high = ages.get("min"), ages.get("max")
    return FAILS if (low is not None and age < low) or (high is not None and age > high) else MEETS


#: Choice keys whose verdict is whether the value is in one of the listing's lists, and that list's field.
LIST_RULES = {"modality": "modalities", "population": "populations", "language": "languages",
              "condition": "conditions", "focus": "focus"}

RULES = {
    "flag": lambda p, v: _tri(facets.flag_facts(p).get(v)),
    "insurance": _insurance,
    **{key: (lambda field: lambda p, v: _listed(p.get(field), v))(field) for key, field in LIST_RULES.items()},
    "medication": _medication,
    "start": _start,
    "verified": lambda p, v: MEETS if p.days_since_verified <= int(v) else FAILS,
    "outcomes": _outcomes,
}
#: Choice keys without a verdict: where you are is for the search's distance, not a fact about a program.
PLACE_KEYS = ("near", "miles")
INPUT_KEYS = {"age": "age", "near": "zip"}  # keys whose value is typed, not picked


def ages(program: Program) -> str:
    """The age verdicts as one letter per year (m, f, u), 0 to MAX_AGE: a typed age needs no rule in the browser.
    (age_verdict for each year, with the listing's range read once: this runs for every program at build time.)"""
    span = program.get("ages")
    if not span:
        return _LETTER[UNKNOWN] * (MAX_AGE + 1)
    low, high = span.get("min"), span.get("max")
    meets, fails = _LETTER[MEETS], _LETTER[FAILS]
    return "".join(fails if (low is not None and age < low) or (high is not None and age > high) else meets
                   for age in range(MAX_AGE + 1))


def atom(program_atoms: dict[str, str], program_ages: str, key: str, value: str) -> str:
    """One chosen value's verdict from a program's exported atoms (what the browser does too)."""
    if key == "age":
        if not re.fullmatch(r"[0-9]{1,3}", value):
            return UNKNOWN
        return _VERDICT_OF[program_ages[min(int(value), MAX_AGE)]]
    return program_atoms.get(f"{key}:{value}", UNKNOWN)


def combine(verdicts) -> str:
    verdicts = list(verdicts)
    if FAILS in verdicts:
        return FAILS
    return UNKNOWN if UNKNOWN in verdicts else MEETS


def parse_choices(query: str) -> list[tuple[str, str]]:
    """A stored choice string -> (key, value) pairs in order, empty values dropped."""
    return [(k, v) for k, v in parse_qsl(query.lstrip("?")) if v]


def search_query(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The part of the choices the search page understands, in order; a distance only goes with a ZIP code."""
    has_zip = any(k == "near" for k, _ in choices)
    return [(k, v) for k, v in choices if k in SEARCH_KEYS and (k != "miles" or has_zip)]


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    hint: str | None = None
    value: str | None = None
    values: tuple[str, ...] = ()
    input: str | None = None

    def _name(self) -> str:
        """How a translation names this choice in its item: "flag=evening", or the key alone ("insurance")."""
        return self.key if self.value is None else f"{self.key}={self.value}"
    name = property(_name)

    def _kind(self) -> str:
        """checkbox (one key=value) | checkboxes (several) | select | age | zip."""
        if self.value is not None:
            return "checkbox"
        return "checkboxes" if self.values else self.input
    kind = property(_kind)

    def owns(self, key: str, value: str) -> bool:
        if key != self.key:
            return False
        if self.value is not None:
            return value == self.value
        return value in self.values if self.values else True


@dataclass(frozen=True)
class Item:
    id: str
    topic: str
    question: str
    why: str
    ask: str
    answers: tuple[str, ...]
    choices: tuple[Choice, ...]
    source: dict | None = None

    def _has_verdict(self) -> bool:
        """Whether the compare page can check a program against this item (a place has no verdict)."""
        return any(c.key not in PLACE_KEYS for c in self.choices)
    has_verdict = property(_has_verdict)

    def chosen(self, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, v) for k, v in choices if k not in PLACE_KEYS and any(c.owns(k, v) for c in self.choices)]

    def verdict(self, program_atoms: dict[str, str], program_ages: str, choices: list[tuple[str, str]]) -> str | None:
        """meets | fails | unknown against the person's choices, or None when they chose nothing here."""
        mine = self.chosen(choices)
        if not mine:
            return None
        return combine(atom(program_atoms, program_ages, k, v) for k, v in mine)


@dataclass
class Checklist:
    title: str
    intro: str
    level_of_care: dict
    sources: dict
    items: list[Item]
    programs: list[Program]
    lang: str = i18n.DEFAULT
    # The same checklist in the site's other languages (lang -> Checklist), read with it: see translate().
    translations: dict = field(default_factory=dict)
    _offers: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # lang -> offered in it

    search_keys = SEARCH_KEYS

    def __getstate__(self):
        # The programs are only read to work out what the checklist offers: pickled (for the second process that
        # makes the comparison data), a checklist carries that instead of every program, made in every language
        # installed (its translations, pickled the same way, go with it).
        for lang in dict.fromkeys([self.lang, *i18n._translations]):
            with i18n.using(lang):
                self.offered  # (made in the language being written, kept with those made before)
        state = dict(self.__dict__)
        state["programs"] = []
        return state

    def in_language(self, lang: str) -> "Checklist":
        """The checklist in `lang` (this one when there is no translation: English, or a language without a file)."""
        return self.translations.get(lang, self)

    def _make_offered(self) -> dict[str, dict[str, str]]:
        """Choice key -> the values the checklist offers, with labels (in the language being written: made once a
        language): a menu offers all, checkboxes their own."""
        made = self._offers
        lang = i18n.current()
        if lang not in made:
            made[lang] = self._offer()
        return made[lang]
    offered = property(_make_offered)

    def _offer(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for choice in (c for item in self.items for c in item.choices):
            every = options(choice.key, self.programs)
            picked = [choice.value] if choice.value is not None else list(choice.values)
            out.setdefault(choice.key, {}).update(every if choice.input == "select" else {v: every[v] for v in picked})
        return out

    def _make_atom_keys(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(key, [(value, "key:value"), ...]) for each rule-bearing key, in the order atoms() gives them."""
        return [(key, [(value, f"{key}:{value}") for value in values])
                for key, values in self.offered.items() if key in RULES]
    _atom_keys = cached_property(_make_atom_keys)

    def atoms(self, program: Program) -> dict[str, str]:
        """"key:value" -> meets | fails | unknown, for every value the checklist offers a rule-bearing key.

        RULES says it one value at a time; this runs for every program at build time (about a hundred values
        each), so what a key's values share — the flags, the insurance block, a list as a set — is read once per
        key here. A test holds the two equal."""
        out: dict[str, str] = {}
        for key, values in self._atom_keys:
            if key == "flag":
                flags = facets.flag_facts(program)
                for value, atom_key in values:
                    out[atom_key] = _tri(flags.get(value))
            elif key in LIST_RULES:
                listed = program.get(LIST_RULES[key])
                listed = None if listed is None else set(listed)
                for value, atom_key in values:
                    out[atom_key] = _listed(listed, value)
            elif key == "insurance":
                ins = program.get("insurance") or {}
                for value, atom_key in values:
                    out[atom_key] = _insurance_in(ins, value)
            else:
                rule = RULES[key]
                for value, atom_key in values:
                    out[atom_key] = rule(program, value)
        return out

    def atom_names(self) -> list[str]:
        """Every "key:value" atoms() gives, in its order: the comparison data gives them once a file and each
        program's verdicts as letters (atom_letters)."""
        return [name for _, values in self._atom_keys for _, name in values]

    def atom_letters(self, program: Program) -> str:
        """atoms() as one letter a verdict (m, f, u), in atom_names() order."""
        return "".join(_LETTER[verdict] for verdict in self.atoms(program).values())

    def verdicts(self, program: Program, choices: list[tuple[str, str]]) -> dict[str, str]:
        """Item id -> verdict, for the items the person chose something in (Python's own answer, for tests)."""
        program_atoms, program_ages = self.atoms(program), ages(program)
        out = {}
        for item in self.items:
            v = item.verdict(program_atoms, program_ages, choices)
            if v is not None:
                out[item.id] = v
        return out

    def digest(self) -> str:
        """SHA-256 of what the browser is given: the key of every file made from the checklist."""
        return hashlib.sha256(json.dumps(self.export(), sort_keys=True).encode()).hexdigest()

    def export(self) -> dict:
        """What the compare page needs: each checked item's topic and the choices it owns."""
        return {
            "search_keys": list(SEARCH_KEYS),
            "place_keys": list(PLACE_KEYS),
            "max_age": MAX_AGE,
            "items": [{"id": i.id, "topic": i.topic, "question": i.question,
                       "owns": [[c.key, c.value if c.value is not None else (list(c.values) or None)]
                                for c in i.choices if c.key not in PLACE_KEYS]}
                      for i in self.items if i.has_verdict],
            "labels": self.offered,
        }


class ChecklistInvalid(ValueError):
    """The checklist file is the project's own content: any finding stops the build."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings


def read(path: Path | str, programs: list[Program] = (), languages=()) -> Checklist:
    """Read and check the checklist file, and its translation into each of `languages` but English (translate());
    raise ChecklistInvalid with the file:line:col findings of every file."""
    found = _read_english(path, programs)
    findings, made = [], {}
    for lang in languages:
        if lang == i18n.DEFAULT:
            continue
        try:
            made[lang] = translate(found, translation_path(path, lang), lang)
        except ChecklistInvalid as exc:
            findings += exc.findings
    if findings:
        raise ChecklistInvalid(findings)
    found.translations.update({lang: c for lang, c in made.items() if c is not None})
    return found


def _read_checked(path: Path, schema: dict):
    """A checklist file (English or a translation) read as strictly as a listing and held to `schema`: its document,
    the findings so far and the function that adds one at a path, for the caller's own checks. ChecklistInvalid when
    it cannot be read, is not such YAML, or breaks the schema."""
    name = str(path)
    try:  # content from a pull request, like listings: a link or a pipe is refused, never followed or waited on
        raw = read_regular(path, whole_path=True)
    except Refused as exc:
        raise ChecklistInvalid([Finding(name, 1, 1, ERROR, "file", exc.reason)]) from None
    doc = load(raw, name)
    if not doc.ok:
        raise ChecklistInvalid(doc.findings)
    findings = []

    def add(where, message):
        place = doc.place(where)
        findings.append(Finding(name, place.line, place.column, ERROR, dotted(where), message))

    for err in jsonschema.Draft202012Validator(schema).iter_errors(doc.data):
        message = err.message
        if err.validator == "maxLength":  # jsonschema's own message quotes the whole text
            message = too_long(len(err.instance), err.validator_value)
        add(tuple(err.absolute_path), message)
    if findings:
        raise ChecklistInvalid(findings)
    return doc, findings, add


def _read_english(path: Path | str, programs: list[Program] = ()) -> Checklist:
    path = Path(path)
    name = str(path)
    doc, findings, add = _read_checked(path, SCHEMA)

    data = doc.data
    for where in MARKDOWN_FIELDS:
        problem = markdown_problem(data[where[0]][where[1]])  # quadratic or recursive to render past its limits
        if problem:
            add(where, problem)
    known = {*RULES, *PLACE_KEYS, "age"}
    ids = set()
    for i, raw in enumerate(data["items"]):
        if raw["id"] in ids:
            add(("items", i, "id"), f"'{raw['id']}' is used twice")
        ids.add(raw["id"])
        if raw.get("source") and raw["source"] not in data["sources"]:
            add(("items", i, "source"), f"'{raw['source']}' is not one of sources: {', '.join(data['sources'])}")
        names = set()
        for j, c in enumerate(raw["choices"]):
            where = ("items", i, "choices", j)
            named = c["key"] if "value" not in c else f"{c['key']}={c['value']}"  # Choice.name: translations use it
            if named in names:
                add(where, f"'{named}' is a choice of this item twice (a translation could not tell them apart)")
            names.add(named)
            if c["key"] not in known:
                add((*where, "key"), f"'{c['key']}' is not a choice key ({', '.join(sorted(known))})")
                continue
            forms = [f for f in ("value", "values", "input") if f in c]
            if len(forms) != 1:
                add(where, "needs exactly one of value, values or input")
                continue
            if c["key"] in INPUT_KEYS and c.get("input") != INPUT_KEYS[c["key"]]:
                add((*where, "input"), f"'{c['key']}' is typed: input: {INPUT_KEYS[c['key']]}")
                continue
            allowed = options(c["key"], programs)
            for v in ([c["value"]] if "value" in c else c.get("values", [])):
                if v not in allowed:
                    add((*where, "value" if "value" in c else "values"), f"'{v}' is not a value of {c['key']}")
    source = data["level_of_care"].get("source")
    if source and source not in data["sources"]:
        add(("level_of_care", "source"), f"'{source}' is not one of sources")
    if findings:
        raise ChecklistInvalid(findings)

    items = [Item(id=raw["id"], topic=raw["topic"], question=raw["question"], why=raw["why"], ask=raw["ask"],
                  answers=tuple(raw["answers"]),
                  source=data["sources"].get(raw.get("source")),
                  choices=tuple(Choice(key=c["key"], label=c["label"], hint=c.get("hint"), value=c.get("value"),
                                       values=tuple(c.get("values", ())), input=c.get("input"))
                                for c in raw["choices"]))
             for raw in data["items"]]
    return Checklist(title=data["title"], intro=data["intro"], level_of_care=data["level_of_care"],
                     sources=data["sources"], items=items, programs=list(programs))


# --- The checklist in another language -------------------------------------------------------------------------------
# content/checklist.<lang>.yaml holds only words, named by where they go in checklist.yaml (an item by its id, a choice
# by Choice.name): the items, their choices and what each choice means stay in one file, so a person's saved choices
# (key=value) are the same in every language. Every text of checklist.yaml needs its translation; a name the English
# file lacks is a mistake. The items' answers are the facts' labels (as the program page names them), translated
# through the catalog where the facts are, so they need nothing here.
_T_TEXT = {"type": "string", "minLength": 1, "maxLength": 900}  # translations run longer than the English (600)
_T_MARKDOWN = {"type": "string", "minLength": 1, "maxLength": 7500}
_T_WORDS = {"type": "object", "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 240}}
TRANSLATION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": _T_TEXT,
        "intro": _T_TEXT,
        "level_of_care": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"heading": _T_TEXT, "suits": _T_MARKDOWN, "needs_more": _T_MARKDOWN, "note": _T_TEXT},
        },
        "sources": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": False,
                                     "properties": {"title": _T_TEXT}},
        },
        "items": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"topic": {"type": "string", "minLength": 1, "maxLength": 80}, "question": _T_TEXT,
                               "why": _T_TEXT, "ask": _T_TEXT, "choices": _T_WORDS, "hints": _T_WORDS},
            },
        },
    },
}


def translation_path(path: Path | str, lang: str) -> Path:
    """content/checklist.yaml -> content/checklist.es.yaml."""
    path = Path(path)
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def translate(english: Checklist, path: Path | str, lang: str) -> Checklist | None:
    """`english` in `lang`, its words read from `path`. None when there is no such file: that language's pages show
    the English checklist (a language is added with its catalog and a setting; its checklist can follow). A file that
    is there must be complete: ChecklistInvalid names each missing text (at the line of the nearest part the file
    has) and each name checklist.yaml does not have."""
    path = Path(path)
    name = str(path)
    if not path.exists() and not path.is_symlink():
        sys.stderr.write(f"{name}: warning: no checklist in '{lang}': its pages show the English one\n")
        return None
    doc, findings, add = _read_checked(path, TRANSLATION_SCHEMA)
    data = doc.data

    def text(where: tuple, english_text: str) -> str | None:
        """The translation at `where`; a finding (at the nearest part the file has) when it is missing."""
        node, have = data, ()
        for step in where:
            if not isinstance(node, dict) or step not in node:
                shown = english_text if len(english_text) <= 60 else english_text[:57] + "..."
                add(have, f"missing: {dotted(where)}, the '{lang}' of {shown!r}")
                return None
            node, have = node[step], (*have, step)
        return node

    def unknown(where: tuple, given, known, what: str):
        for key in given or {}:
            if key not in known:
                add((*where, key), f"'{key}' is not {what} in the English checklist ({', '.join(known) or 'none'})")

    title = text(("title",), english.title)
    intro = text(("intro",), english.intro)
    level = {key: text(("level_of_care", key), value) for key, value in english.level_of_care.items()
             if key != "source"}
    for key in level_of_care_markdown():
        problem = level.get(key) and markdown_problem(level[key])
        if problem:
            add(("level_of_care", key), problem)
    sources = {slug: {**source, "title": text(("sources", slug, "title"), source["title"])}
               for slug, source in english.sources.items()}
    unknown(("sources",), data.get("sources"), list(english.sources), "a source")
    unknown(("items",), data.get("items"), [item.id for item in english.items], "an item")
    items = []
    with i18n.using(lang):  # the answers are the facts' labels, as the catalog has them
        for item in english.items:
            at = ("items", item.id)
            if not isinstance(data.get("items"), dict) or item.id not in data["items"]:
                add(("items",), f"missing: items.{item.id}, the '{lang}' of the item {item.topic!r} (its topic, "
                                f"question, why, ask and choices)")
                continue
            words = {key: text((*at, key), getattr(item, key)) for key in ("topic", "question", "why", "ask")}
            unknown((*at, "choices"), (data.get("items") or {}).get(item.id, {}).get("choices"),
                    [c.name for c in item.choices], f"a choice of '{item.id}'")
            unknown((*at, "hints"), (data.get("items") or {}).get(item.id, {}).get("hints"),
                    [c.name for c in item.choices if c.hint], f"a choice with a hint in '{item.id}'")
            choices = tuple(Choice(key=c.key, label=text((*at, "choices", c.name), c.label),
                                   hint=c.hint and text((*at, "hints", c.name), c.hint),
                                   value=c.value, values=c.values, input=c.input) for c in item.choices)
            source = next((slug for slug, s in english.sources.items() if s is item.source), None)
            items.append(Item(id=item.id, **words, answers=tuple(i18n.gettext(a) for a in item.answers),
                              choices=choices, source=sources.get(source)))
    if findings:
        raise ChecklistInvalid(findings)
    level["source"] = english.level_of_care.get("source")
    if level["source"] is None:
        del level["source"]
    return Checklist(title=title, intro=intro, level_of_care=level, sources=sources, items=items,
                     programs=english.programs, lang=lang)


def level_of_care_markdown() -> tuple[str, ...]:
    return tuple(key for section, key in MARKDOWN_FIELDS if section == "level_of_care")
