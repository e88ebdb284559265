"""Searching the index: the rules `iopdir search` and the browser's search page both follow.

- The query is analysed into words (`iopdir.search.analysis.terms`). Each word matches every index term it is a prefix of
  ("counsel" matches "counseling"); a program matches the query when it matches every word.
- A word's score in a program is the highest score among the terms it matches; the program's score is the sum.
- Filters are hard constraints, all of them at once (AND); a fact the listing leaves unknown never matches.
- "Near": a program matches when one of its locations lies within the radius of the ZIP code's centre.
- Order: relevance (score, high first) when there are words, else name; or distance (near first). Ties go by name.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from iopdir.listing import geography
from iopdir.search.analysis import terms
from iopdir.search.index import Index


@dataclass
class Filters:
    """Facet name -> required values (every one must hold)."""

    require: dict[str, list[str]] = field(default_factory=dict)

    def add(self, facet: str, value: str) -> "Filters":
        self.require.setdefault(facet, []).append(value)
        return self


@dataclass
class Result:
    docnum: int
    order: int
    score: int
    distance: float | None
    card: dict

    @property
    def id(self) -> str:
        return self.card["id"]


class SearchError(ValueError):
    """A query the user must change (an unknown ZIP code, distance sort without a place)."""


def miles(lat1, lon1, lat2, lon2) -> float:
    """Distance to a tenth of a mile, rounded exactly as the browser rounds it (not Python's round())."""
    return math.floor(geography.miles_between(lat1, lon1, lat2, lon2) * 10 + 0.5) / 10


def run(ix: Index, query: str = "", filters: Filters | None = None, near: str | None = None, radius: float = 25.0,
        sort: str = "relevance", limit: int | None = None) -> list[Result]:
    filters = filters or Filters()
    candidates = ix.all_docs()
    for facet, values in filters.require.items():
        for value in values:
            candidates &= ix.docs_with(facet, value)

    words = terms(query)
    scores = {doc: 0 for doc in candidates}
    for word in words:
        best: dict[int, int] = {}
        for term in ix.vocabulary(word):
            for doc, score in ix.term_scores(term).items():
                if doc in scores and score > best.get(doc, -1):
                    best[doc] = score
        scores = {doc: total + best[doc] for doc, total in scores.items() if doc in best}

    distances: dict[int, float | None] = {doc: None for doc in scores}
    if near:
        origin = ix.zip_centre(near)  # the same rounded centre the browser reads
        if origin is None:
            raise SearchError(f"unknown ZIP code '{near}'")
        lat0, lon0 = origin
        for doc in list(scores):
            places = ix.stored(doc)["geo"]
            found = [miles(lat0, lon0, lat, lon) for lat, lon in places]
            nearest = min(found) if found else None
            if nearest is None or nearest > radius:
                del scores[doc]
            else:
                distances[doc] = nearest
    elif sort == "distance":
        raise SearchError("sorting by distance needs a ZIP code (--near)")

    results = []
    for doc, score in scores.items():
        stored = ix.stored(doc)
        results.append(Result(doc, stored["order"], score, distances.get(doc), json.loads(stored["card"])))
    if sort == "distance":
        results.sort(key=lambda r: (r.distance, r.order))
    elif words:
        results.sort(key=lambda r: (-r.score, r.order))
    else:
        results.sort(key=lambda r: r.order)
    return results[:limit] if limit else results


def open_and_run(directory: Path, *args, **kwargs) -> list[Result]:
    ix = Index.open(directory)
    try:
        return run(ix, *args, **kwargs)
    finally:
        ix.close()


FACET_PARAMS = ("flag", "state", "focus", "condition", "insurance", "modality", "population", "language")


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
        elif key in FACET_PARAMS:
            kwargs["filters"].add(key, value)
    return kwargs
