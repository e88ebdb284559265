"""The search index as the browser export reads it, kept between builds and updated in place when listings change.

A build used to write the whole Whoosh index and score every term again whenever one listing changed (at 10,000
listings, most of a one-listing rebuild). This keeps, in a signed file beside the index, what the export needs: each
document's fields as `iopdir.search.index.document()` makes them (whatever fields it returns: the text fields are
those of TEXT_FIELDS, the filters those of the "facet" field), every field's postings (term -> documents and term
frequencies) and lengths, and every term's integer scores. When one listing is edited, only that document's postings
change, and only the terms whose scores can change are scored again: the edited document's own terms (their
document frequencies and its field lengths changed) and, for a field whose total length changed, every term of that
field (its average length is in every one of its scores). An addition or a removal renumbers the documents (they are
numbered in name order) and changes every idf: the postings are then made again from the documents, reusing the kept
analysis of every listing that did not change.

Scores are Whoosh's BM25F as `Index.all_term_scores` computes them from a Whoosh index (the same expression, in the
same order, on the same numbers: document frequencies, field lengths as Whoosh's one-byte length column gives them
back, the average from the exact total), so the export made from here equals the one made from a fresh Whoosh index
byte for byte (tests/test_incremental_search.py builds both, and compares an incremental update with a fresh one
after an edit, an addition and a removal). The Whoosh index itself is written by a full build; `iopdir search`
makes it again when listings changed since (its own currency check).
"""

from __future__ import annotations

import marshal
from bisect import bisect_left
from collections import Counter
from math import log
from pathlib import Path

from iopdir.fingerprint import read_signed, write_signed
from iopdir.search.index import SCORE_SCALE, TEXT_FIELDS, ZIPS, _write_zip_centres, document, name_order
from iopdir.search.whoosh_internals import stored_length

KIND = "search postings"
VERSION = 1
FACET = "facet"
B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which Index uses


def _counted(value) -> Counter:
    # What Whoosh indexes of a field (iopdir.search.whoosh_internals.CountedTerms.index), term by term.
    return Counter(value.split(" ") if value else ())


class Postings:
    """What the export reads of an index (`export.export` takes this in place of an open `index.Index`)."""

    def __init__(self, directory: Path, key: str):
        self.directory = Path(directory)  # the Whoosh index's folder: its ZIP centre shards
        self.key = key
        self.ids: list[str] = []
        self.digests: list[str] = []
        self.docs: list[dict] = []  # document() of each, without "order" (its position is its order)
        self.fields = list(TEXT_FIELDS) + [FACET]
        self.terms: dict[str, dict[str, list[list[int]]]] = {f: {} for f in self.fields}  # term -> [docs, tfs]
        self.lengths: dict[str, list[int]] = {f: [] for f in TEXT_FIELDS}  # exact; Whoosh's totals are exact
        self.scores: dict[str, dict[int, int]] = {}  # a term scored again gets a new dict (the export's memo keeps the old)
        self.memo: dict = {}  # the export's (export.export's `memo`), kept with these postings

    # --- what export.export reads ---------------------------------------------------------------------------

    @property
    def reader(self):
        return self

    def all_doc_ids(self):
        return range(len(self.docs))

    def all_stored_fields(self):
        indexed = set(self.fields)
        for order, doc in enumerate(self.docs):  # the stored fields: all but the indexed ones
            yield {**{k: v for k, v in doc.items() if k not in indexed}, "order": order}

    def all_term_scores(self) -> dict[str, dict[int, int]]:
        return self.scores

    def facet_values(self, facet: str) -> list[str]:
        prefix = f"{facet}:"
        return [t[len(prefix):] for t in sorted(self.terms[FACET]) if t.startswith(prefix)]

    def docs_with(self, facet: str, value: str) -> set[int]:
        found = self.terms[FACET].get(f"{facet}:{value}")
        return set(found[0]) if found else set()

    # --- making and updating ------------------------------------------------------------------------------

    def add(self, order: int, doc: dict, appending: bool) -> set[str]:
        """Post `doc` as document `order` (appended at the end, or inserted among the others); its terms."""
        touched = set()
        for name in self.fields:
            counted = _counted(doc.get(name))
            table = self.terms[name]
            for term, tf in counted.items():
                entry = table.get(term)
                if entry is None:
                    entry = table[term] = [[], []]
                if appending:
                    entry[0].append(order)
                    entry[1].append(tf)
                else:
                    at = bisect_left(entry[0], order)
                    entry[0].insert(at, order)
                    entry[1].insert(at, tf)
            if name in self.lengths:
                length = sum(counted.values())
                if appending:
                    self.lengths[name].append(length)
                else:
                    self.lengths[name][order] = length
                touched.update(counted)
        return touched

    def remove(self, order: int, doc: dict) -> set[str]:
        touched = set()
        for name in self.fields:
            table = self.terms[name]
            for term in _counted(doc.get(name)):
                entry = table[term]
                at = bisect_left(entry[0], order)
                del entry[0][at], entry[1][at]
                if not entry[0]:
                    del table[term]
                if name in self.lengths:
                    touched.add(term)
        return touched

    def score(self, terms) -> None:
        """Integer scores of `terms` over all text fields: Index._scores' expression, in its order."""
        count = len(self.docs)
        k1_plus_1 = K1 + 1
        norms = {}
        for name in TEXT_FIELDS:
            avgfl = (sum(self.lengths[name]) / (count or 1)) or 1  # Searcher.avg_field_length; `or 1` as Index
            by_length = {n: K1 * ((1 - B) + B * stored_length(n) / avgfl) for n in set(self.lengths[name])}
            norms[name] = [by_length[n] for n in self.lengths[name]]
        for term in terms:
            totals: dict[int, float] = {}
            for name, boost in TEXT_FIELDS.items():
                entry = self.terms[name].get(term)
                if entry is None:
                    continue
                docs, tfs = entry
                idf = log(count / (len(docs) + 1)) + 1
                field_norms = norms[name]
                for doc, tf in zip(docs, tfs):
                    score = boost * (idf * ((tf * k1_plus_1) / (tf + field_norms[doc])))
                    totals[doc] = totals.get(doc, 0.0) + score
            if totals:
                self.scores[term] = {doc: int(round(score * SCORE_SCALE)) for doc, score in totals.items()}
            else:
                self.scores.pop(term, None)

    def all_text_terms(self) -> set[str]:
        return {t for name in TEXT_FIELDS for t in self.terms[name]}


def fresh(programs, directory: Path, key: str, kept: Postings | None = None) -> Postings:
    """The postings of `programs` made whole (the analysis of a listing `kept` has is reused, by its digest, when
    `kept` was made with the same key: another day or another version of the code or the catalogs makes every
    document again, since a document holds its cards' words and freshness)."""
    same = kept is not None and kept.key == key
    reuse = {digest: doc for digest, doc in zip(kept.digests, kept.docs)} if same else {}
    made = Postings(directory, key)
    if same:
        made.memo = kept.memo
    for order, program in enumerate(name_order(programs)):
        doc = reuse.get(program.digest)
        if doc is None or doc["id"] != program.id:
            doc = document(order, program)
            doc.pop("order")
        made.ids.append(program.id)
        made.digests.append(program.digest)
        made.docs.append(doc)
        made.add(order, doc, appending=True)
    made.score(made.all_text_terms())
    _write_zip_centres(made.directory / ZIPS)
    return made


def update(kept: Postings | None, programs, directory: Path, key: str) -> tuple[Postings, int | None]:
    """The postings of `programs`: `kept` updated in place when only listings' contents changed (the same
    listings in the same order), else made whole. Returns them and how many documents were updated in place
    (None: made whole)."""
    ordered = name_order(programs)
    if kept is None or kept.key != key or kept.ids != [p.id for p in ordered]:
        return fresh(programs, directory, key, kept), None
    changed = [order for order, p in enumerate(ordered) if kept.digests[order] != p.digest]
    totals_before = {name: sum(kept.lengths[name]) for name in TEXT_FIELDS}
    touched: set[str] = set()
    for order in changed:
        doc = document(order, ordered[order])
        doc.pop("order")
        touched |= kept.remove(order, kept.docs[order])
        touched |= kept.add(order, doc, appending=False)
        kept.docs[order], kept.digests[order] = doc, ordered[order].digest
    for name in TEXT_FIELDS:
        if sum(kept.lengths[name]) != totals_before[name]:  # its average length is in every one of its scores
            touched.update(kept.terms[name])
    kept.score(touched)
    kept.directory = Path(directory)
    _write_zip_centres(kept.directory / ZIPS)
    return kept, len(changed)


def save(postings: Postings, path: Path) -> None:
    """Signed (iopdir.fingerprint): only a file this user's build wrote is read back."""
    payload = {"version": VERSION, "key": postings.key, "ids": postings.ids, "digests": postings.digests,
               "docs": postings.docs, "terms": postings.terms, "lengths": postings.lengths,
               "scores": postings.scores, "memo": postings.memo}
    write_signed(Path(path), KIND, marshal.dumps(payload))


def load(path: Path, directory: Path) -> Postings | None:
    data = read_signed(Path(path), KIND)
    if data is None:
        return None
    try:
        payload = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("version") != VERSION:
        return None
    found = Postings(directory, payload["key"])
    if list(payload["terms"]) != found.fields:  # the fields changed (another version of document())
        return None
    found.ids, found.digests, found.docs = payload["ids"], payload["digests"], payload["docs"]
    found.terms, found.lengths, found.scores = payload["terms"], payload["lengths"], payload["scores"]
    found.memo = payload["memo"]
    return found
