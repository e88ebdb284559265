"""Searching the index: the rules `iopdir search` and the browser's search page both follow.

- The query is analysed into words (`iopdir.search.analysis.terms`), at most MAX_WORDS of them, and cut into
  clauses by the words the facts are known by (`iopdir.search.words`): "dual diagnosis" is one clause, meaning the
  co-occurring concepts or those two words as text. A word matches every index term it is a prefix of ("counsel"
  matches "counseling") and the concepts it names; a program matches the query when it matches every clause.
- A clause's score in a program is the best of its concepts' scores and its words' text score (each word's best
  term, summed); the program's score is the sum over clauses.
- Filters are hard constraints, all of them at once (AND); a fact the listing leaves unknown never matches.
- "Near": a program matches when one of its locations lies within the radius of the ZIP code's centre.
- Order: relevance (score, high first) when there are words; else distance with a ZIP code, else name; or distance
  when asked. Ties go by name.
- No dead ends: when nothing matches and a word matches nothing in the index, the nearest spelling of it (edit
  distance up to MAX_DISTANCE, among the index's terms and the words of the facts; fewest edits, then most
  programs) replaces it, and the answer says so; when filters are on, it says which one to drop, with counts.
- Words that name a filter value offer that filter, with the count it would leave (`Answer.offers`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from iopdir import i18n
from iopdir.listing import geography
from iopdir.search.analysis import terms
from iopdir.search import facets, words as words_mod
from iopdir.search.index import Index


@dataclass
class Filters:
    """Facet name -> required values (every one must hold)."""

    require: dict[str, list[str]] = field(default_factory=dict)

    def add(self, facet: str, value: str) -> "Filters":
        self.require.setdefault(facet, []).append(value)
        return self

    def pairs(self) -> list[tuple[str, str]]:
        return [(facet, value) for facet, values in self.require.items() for value in values]


@dataclass
class Result:
    docnum: int
    order: int
    score: int
    distance: float | None
    card: dict

    def _id(self) -> str:
        return self.card["id"]
    id = property(_id)


class SearchError(ValueError):
    """A query the user must change (an unknown ZIP code, distance sort without a place)."""


def miles(lat1, lon1, lat2, lon2) -> float:
    """Distance to a tenth of a mile, rounded exactly as the browser rounds it (not Python's round())."""
    return math.floor(geography.miles_between(lat1, lon1, lat2, lon2) * 10 + 0.5) / 10


MAX_WORDS = 20  # a query longer than this is cut (a pasted page must not freeze the browser's search)
MAX_DISTANCE = 2


@dataclass
class Offer:
    facet: str
    value: str
    text: str  # "Only programs that accept Medicaid"
    count: int  # results with the filter on


@dataclass
class Drop:
    facet: str
    value: str
    label: str
    count: int  # results without this filter


@dataclass
class Answer:
    results: list[Result]
    words: list[str]  # the words searched (after a spelling correction)
    corrected: str | None = None  # the corrected words, when the words as typed found nothing
    offers: list[Offer] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def expander(ix: Index) -> words_mod.Expander:
    """The index's phrase table, made once per open index."""
    cache = ix.__dict__.setdefault("_expander", [])
    if not cache:
        cache.append(words_mod.Expander(words_mod.phrase_table(ix.concept_terms())))
    return cache[0]


def _text_scores(ix: Index, word: str) -> dict[int, int]:
    best: dict[int, int] = {}
    for term in ix.vocabulary(word):
        for doc, score in ix.term_scores(term).items():
            if score > best.get(doc, -1):
                best[doc] = score
    return best


def _clause_scores(ix: Index, clause_words: list[str], meant: list[str]) -> dict[int, int]:
    text: dict[int, int] | None = None
    for word in clause_words:
        found = _text_scores(ix, word)
        text = found if text is None else {doc: total + found[doc] for doc, total in text.items() if doc in found}
    best = dict(text or {})
    for concept in meant:
        for doc, score in ix.term_scores(concept).items():
            if score > best.get(doc, -1):
                best[doc] = score
    return best


def _scores(ix: Index, words: list[str], candidates: set[int]) -> dict[int, int]:
    scores = {doc: 0 for doc in candidates}
    for clause_words, meant, _ in expander(ix).clauses(words):
        found = _clause_scores(ix, clause_words, meant)
        scores = {doc: total + found[doc] for doc, total in scores.items() if doc in found}
    return scores


def distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment): "anxeity" is one edit from "anxiety".
    Twin of editDistance() in theme/static/js/shared.js."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[len(b)]


def allowed_edits(word: str) -> int:
    """Edits a spelling correction may make: none to a word under 3 letters, one up to 4, else MAX_DISTANCE."""
    return 0 if len(word) < 3 else (1 if len(word) <= 4 else MAX_DISTANCE)


def spelling_candidates(ix: Index) -> set[str]:
    """Words a correction may choose: the index's text terms and the words of the facts' phrases."""
    return {t for t in ix.vocabulary("") if not t.startswith("_")} | set(expander(ix).by_word)


def frequency(ix: Index, word: str) -> int:
    """Programs a correction candidate names: those with it as a text term, or with a concept of a phrase it is
    (or is a word of). The export writes the same number beside each candidate for the browser."""
    docs = set(ix.term_scores(word))
    for concept in expander(ix).exact(word):
        docs.update(ix.term_scores(concept))
    return len(docs)


def spelling(ix: Index, word: str, candidates=None) -> str | None:
    """The nearest spelling of `word` among the index's own words: fewest edits, then most programs, then
    alphabetical; None when nothing is near enough."""
    edits = allowed_edits(word)
    if not edits:
        return None
    near = [(distance(word, c), c) for c in (candidates if candidates is not None else spelling_candidates(ix))
            if abs(len(c) - len(word)) <= edits and c != word]
    near = [(d, c) for d, c in near if d <= edits]
    if not near:
        return None
    fewest = min(d for d, _ in near)
    return min((-frequency(ix, c), c) for d, c in near if d == fewest)[1]


def known(ix: Index, word: str) -> bool:
    """Whether a word matches anything: a text term it starts, or a concept it names."""
    return bool(ix.vocabulary(word)) or bool(expander(ix).word(word)[0])


def _matching(ix: Index, words: list[str], filters: Filters, near, radius) -> tuple[dict, dict]:
    candidates = ix.all_docs()
    for facet, values in filters.require.items():
        for value in values:
            candidates &= ix.docs_with(facet, value)
    scores = _scores(ix, words, candidates) if words else {doc: 0 for doc in candidates}
    distances: dict[int, float | None] = {doc: None for doc in scores}
    if near:
        origin = ix.zip_centre(near)  # the same rounded centre the browser reads
        if origin is None:
            raise SearchError(i18n.gettext("unknown ZIP code '{zip}'").format(zip=near))
        lat0, lon0 = origin
        for doc in list(scores):
            places = ix.stored(doc)["geo"]
            found = [miles(lat0, lon0, lat, lon) for lat, lon in places]
            nearest = min(found) if found else None
            if nearest is None or nearest > radius:
                del scores[doc]
            else:
                distances[doc] = nearest
    return scores, distances


def answer(ix: Index, query: str = "", filters: Filters | None = None, near: str | None = None,
           radius: float = 25.0, sort: str = "relevance", limit: int | None = None) -> Answer:
    filters = filters or Filters()
    if sort == "distance" and not near:
        raise SearchError(i18n.gettext("sorting by distance needs a ZIP code (--near)"))
    words = terms(query)
    notes = []
    if len(words) > MAX_WORDS:
        notes.append(i18n.gettext("only the first {n} words of the query were searched").format(n=MAX_WORDS))
        words = words[:MAX_WORDS]
    elif query.strip() and not words:
        notes.append(i18n.gettext("the query has no words to search for (only punctuation, symbols or very common "
                                  "words), so every program that meets the other choices is listed"))
    scores, distances = _matching(ix, words, filters, near, radius)
    corrected = None
    if not scores and words:
        fixed, candidates = [], None
        for word in words:
            if not known(ix, word):
                candidates = candidates if candidates is not None else spelling_candidates(ix)
                word = spelling(ix, word, candidates) or word
            fixed.append(word)
        if fixed != words:
            corrected, words = " ".join(fixed), fixed
            scores, distances = _matching(ix, words, filters, near, radius)

    results = []
    lang = i18n.current()
    for doc, score in scores.items():
        stored = ix.stored(doc)
        results.append(Result(doc, stored["order"], score, distances.get(doc), _card(stored, lang)))
    if sort == "distance" or (near and not words):
        results.sort(key=lambda r: (r.distance, r.order))
    elif words:
        results.sort(key=lambda r: (-r.score, r.order))
    else:
        results.sort(key=lambda r: r.order)

    found = Answer(results[:limit] if limit else results, words, corrected, notes=notes)
    if results:
        found.offers = offers(ix, words, filters, {r.docnum for r in results})
    elif filters.require:
        for facet, value in filters.pairs():
            fewer = Filters()
            for f, v in filters.pairs():
                if (f, v) != (facet, value):
                    fewer.add(f, v)
            count = len(_matching(ix, words, fewer, near, radius)[0])
            if count:
                found.drops.append(Drop(facet, value, _label(facet, value), count))
    return found


def _card(stored: dict, lang: str) -> dict:
    """A result's card in `lang` when the index has it (iopdir.search.index.cards), else in English."""
    if lang != i18n.DEFAULT and stored.get("cards"):
        found = json.loads(stored["cards"]).get(lang)
        if found is not None:
            return found
    return json.loads(stored["card"])


def _label(facet: str, value: str) -> str:
    return facets.facet_labels(facet, value)


MAX_OFFERS = 3


def offers(ix: Index, words: list[str], filters: Filters, docs: set[int]) -> list[Offer]:
    """The filters the query's words name exactly (a phrase or a whole word of the facts), not on yet, with the
    results they would leave; at most MAX_OFFERS, in the query's order."""
    out: list[Offer] = []
    active = set(filters.pairs())
    for _, meant, exact in expander(ix).clauses(words):
        if not exact:
            continue
        for concept in meant:
            facet, value = words_mod.kind_value(concept)
            if facet not in SEARCH_FACETS or (facet, value) in active or any(
                    (o.facet, o.value) == (facet, value) for o in out):
                continue
            count = len(docs & ix.docs_with(facet, value))
            if count:
                out.append(Offer(facet, value, words_mod.offer_text(facet, value, _label(facet, value)), count))
    return out[:MAX_OFFERS]


def run(ix: Index, query: str = "", filters: Filters | None = None, near: str | None = None, radius: float = 25.0,
        sort: str = "relevance", limit: int | None = None) -> list[Result]:
    """The results of answer()."""
    return answer(ix, query, filters, near, radius, sort, limit).results


def open_and_run(directory: Path, *args, **kwargs) -> list[Result]:
    return open_and_answer(directory, *args, **kwargs).results


def open_and_answer(directory: Path, *args, **kwargs) -> Answer:
    ix = Index.open(directory)
    try:
        return answer(ix, *args, **kwargs)
    finally:
        ix.close()


FACET_PARAMS = ("flag", "state", "focus", "condition", "insurance", "modality", "population", "language")
# The medication filter is a search page parameter too; it stays out of FACET_PARAMS, which the checklist reads as
# the keys it hands the search (its own "medication" choice is checked when comparing, not searched).
SEARCH_FACETS = (*FACET_PARAMS, "medication")


def from_query_string(query: str) -> dict:
    """The keyword arguments of run() for a search page URL's query string (?q=teen&flag=evening&near=07102...)."""
    from urllib.parse import parse_qsl

    kwargs = {"query": "", "filters": Filters(), "near": None, "radius": 25.0, "sort": "relevance"}
    for key, value in parse_qsl(query.lstrip("?")):
        if key == "q":
            kwargs["query"] = value
        elif key == "near" and value:
            kwargs["near"] = value
        elif key == "miles":
            kwargs["radius"] = float(value)
        elif key == "sort" and value == "distance":
            kwargs["sort"] = "distance"
        elif key in SEARCH_FACETS:
            kwargs["filters"].add(key, value)
    return kwargs
