"""The search index: Whoosh, built from programs at build time, read by `iopdir search` and by the static export.

Text is analysed by `iopdir.search.analysis` before Whoosh sees it (a space-separated list of terms), so the browser, which
repeats that analysis in JavaScript, looks up exactly the terms the index holds.

Scores: a term's score in a document is the sum over text fields of field boost × Whoosh's BM25F score, rounded to
an integer number of hundredths (`term_scores`). A query's score is the sum of its words' scores; both
`iopdir search` and the browser add the same integers, so they rank the same way.
"""

from __future__ import annotations

import json
import os
import shutil
from math import log
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index as whoosh_index, scoring
from whoosh.analysis import SpaceSeparatedTokenizer

from iopdir import i18n
from iopdir.writing import compact_json
from iopdir.search import facets
from iopdir.listing import geography, glance, wording
from iopdir.listing.facts import FACTS
from iopdir.search.analysis import terms
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import label
from iopdir.search.words import CONCEPT_FIELDS, concepts, languages
from iopdir.search.whoosh_internals import CountedTerms, fill, term_table, weights

INDEX_NAME = "programs"

#: Text fields and their boosts: a word in a program's name says more than one in its description.
TEXT_FIELDS = {
    "name": 5.0,
    "organization": 3.0,
    "city": 3.0,
    "summary": 1.5,
    "description": 1.0,
    **CONCEPT_FIELDS,  # the structured facts, a term per value (iopdir.search.words)
}
SCORE_SCALE = 100  # scores travel as integers: hundredths (plenty to rank; fewer digits to send)
GEO_DECIMALS = 4  # about 11 m; the index, the export and ZIP centres all round to this before distances
ZIPS = "zips"  # ZIP centre shards beside the index, the same as the browser's: `iopdir search --near` reads one


class AnalysedText(CountedTerms, fields.TEXT):
    """A text field whose value is already analysed (iopdir.search.analysis: terms joined by single spaces). Queries
    still use the analyzer."""


class FacetTerms(CountedTerms, fields.KEYWORD):
    """Filter values as "facet:value" terms joined by single spaces (no value holds a space)."""


def schema() -> fields.Schema:
    analyzer = SpaceSeparatedTokenizer()
    spec = {
        "id": fields.ID(stored=True, unique=True),
        "order": fields.STORED(),  # position in name order: the tie-breaker everywhere
        "card": fields.STORED(),  # what a result shows (JSON)
        "cards": fields.STORED(),  # the same in the other languages (JSON: language -> card)
        "geo": fields.STORED(),  # [[lat, lon], ...] of the program's locations
    }
    for name in TEXT_FIELDS:
        spec[name] = AnalysedText(analyzer=analyzer, phrase=False)
    # Every filter value in one field, as "facet:value" (e.g. "flag:evening", "state:NJ"): one field indexes
    # faster than eight.
    # scorable=True only to give the field a lengths column: without one, Whoosh's writer looks on disk for that
    # column again at every posting (a stat() per filter value per program).
    spec["facet"] = FacetTerms(lowercase=False, commas=False, scorable=True)
    return fields.Schema(**spec)


def text_of(program: Program, values: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The analysed text of each text field. `values`: the program's facets.values(), when the caller has them."""
    raw = {
        "name": program.name,
        "organization": program.organization.get("name", ""),
        "city": " ".join(loc.city for loc in program.locations),
        "summary": program.summary,
        "description": program.get("description") or "",
    }
    out = {k: " ".join(terms(v)) for k, v in raw.items()}
    out.update((field, " ".join(found)) for field, found in concepts(program, values).items())
    return out


def insurance_summary(program: Program) -> str:
    """What a card says of insurance, in the language being written."""
    _ = i18n.gettext
    ins = program.get("insurance") or {}
    known = [_(FACTS[k].card_label) for k in facets.INSURANCE_PROGRAMS if ins.get(k) is True]
    carriers = ins.get("carriers") or []
    if carriers:
        n = len(carriers)
        known.append(i18n.ngettext("{n} named carrier", "{n} named carriers", n).format(n=n))
    if ins.get("sliding_scale") is True:
        sliding = FACTS["sliding_scale"].card_label
        known.append(_(sliding))
    return ", ".join(known) if known else _(wording.NOT_REPORTED)


def card(program: Program) -> dict:
    """The facts a search result shows. Booleans stay true/false/null: null is shown as "Not reported"."""
    hours = program.hours_per_week
    return {
        "id": program.id,
        "name": program.name,
        "org": program.organization.get("name", ""),
        "city": program.city,
        "state": program.state,
        "focus": [label("focus", f) for f in program.get("focus") or []],  # in the language being written
        "hours": [hours[0], hours[1]] if hours else None,
        "evening": program.evening,
        "weekend": program.weekend,
        "online": program.online,
        "online_only": program.telehealth_only,
        "insurance": insurance_summary(program),
        "freshness": program.freshness,
        "verified": program.last_verified.isoformat(),
        "status": program.status,
        # At a glance (the card's facts) in the order of facts.GLANCE, null for "Not reported": a list, not a mapping,
        # as the keys would make a card half again as big.
        "glance": list(glance.values(program).values()),
    }


def cards(program: Program) -> dict[str, dict]:
    """The card in each language other than English that has labels (iopdir.search.words.languages): the search
    data is one for every language, its cards' words are not."""
    out = {}
    for lang in languages():
        try:
            with i18n.using(lang):
                out[lang] = card(program)
        except i18n.CatalogInvalid:  # no usable catalog: that language's pages show the English cards
            continue
    return out


def name_order(programs: list[Program]) -> list[Program]:
    return sorted(programs, key=lambda p: (p.name.lower(), p.id))


def build(programs: list[Program], directory: Path, docs: list[dict] | None = None,
          counted: dict[str, dict] | None = None) -> Path:
    """Write a fresh index of `programs` into `directory` (replaced whole, but for the ZIP centres it keeps).
    `docs`: their document()s in name order without "order", when the caller has made them (the build's postings
    have: made twice, they were a tenth of the search step). `counted`: the postings of those documents' text and
    facet fields, when the caller has gathered them (iopdir.search.postings: term -> [documents, frequencies]): not
    gathered again (whoosh_internals.fill)."""
    directory = Path(directory)
    if directory.exists():
        for entry in directory.iterdir():
            if entry.name == ZIPS and entry.is_dir() and not entry.is_symlink():
                continue
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(directory), schema(), indexname=INDEX_NAME)
    # One segment, no merge work later: the index is rebuilt, never updated in place.
    writer = ix.writer(limitmb=256)
    # Postings a block at a time (whoosh_internals.fill): the same index as add_document() for each, faster.
    made = ((document(order, program) for order, program in enumerate(name_order(programs))) if docs is None
            else ({**doc, "order": order} for order, doc in enumerate(docs)))
    fill(writer, made, counted)
    writer.commit(optimize=True)
    _write_zip_centres(directory / ZIPS)
    _sign(directory)
    return directory


def document(order: int, program: Program) -> dict:
    """What the index holds of one program, by field."""
    with i18n.using(i18n.DEFAULT):  # the English card, whatever language the caller is writing
        english = card(program)
    doc = {"id": program.id, "order": order, "card": json.dumps(english, separators=(",", ":")),
           "cards": compact_json(cards(program)).decode("utf-8"),
           "geo": [[round(loc.lat, GEO_DECIMALS), round(loc.lon, GEO_DECIMALS)]
                   for loc in program.locations if loc.lat is not None]}
    values = facets.values(program)  # for the concepts and the filters both (made twice: 0.1 s at 10,000 listings)
    doc.update(text_of(program, values))
    doc["facet"] = " ".join(f"{name}:{v}" for name, vals in values.items() for v in vals)
    return doc


def _write_zip_centres(folder: Path) -> None:
    """ZIP centre shards, written once per version of the ZIP table (loading the table takes most of a second): the
    stamp is the table's digest, signed (a stamp carried by a checkout would keep its centres)."""
    from iopdir.fingerprint import digest, signed_text, unsigned_text

    stamp = folder / ".zip-table"
    wanted = digest([geography.TABLE])
    if unsigned_text(stamp, "ZIP centres") == wanted:
        return
    if folder.is_dir():  # made afresh: a link planted among the shards would be written through
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, centres in geography.centre_shards().items():
        (folder / f"{prefix}.json").write_text(json.dumps(centres, separators=(",", ":")))
    stamp.write_text(signed_text("ZIP centres", wanted))


@dataclass
class Index:
    """An open index: a Whoosh searcher with the scoring both search paths share."""

    searcher: object
    directory: Path

    @classmethod
    def open(cls, directory: Path) -> "Index":
        if not verified(directory):  # Whoosh unpickles the table of contents: only our own index is opened
            raise UntrustedIndex(f"{directory}: not an index built here (its signed manifest is missing or does "
                                 "not match its files); build it again")
        ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
        return cls(ix.searcher(weighting=scoring.BM25F()), Path(directory))

    def close(self) -> None:
        self.searcher.close()

    @property
    def reader(self):
        return self.searcher.reader()

    def zip_centre(self, code: str) -> tuple[float, float] | None:
        return geography.read_centre(self.directory / ZIPS, code)

    def vocabulary(self, prefix: str = "") -> list[str]:
        """Every text term starting with `prefix`, sorted."""
        found = set()
        for name in TEXT_FIELDS:
            found.update(t.decode("utf-8") if isinstance(t, bytes) else t
                         for t in self.reader.expand_prefix(name, prefix))
        return sorted(found)

    def concept_terms(self) -> list[str]:
        """The concept terms some program has (iopdir.search.words): they start with "_", no text term does."""
        return self.vocabulary("_")

    def term_scores(self, term: str) -> dict[int, int]:
        """Whoosh docnum -> integer score of `term` over all text fields (boost × BM25F, in hundredths).

        The same numbers as Whoosh's own BM25F scorer (its bm25(), idf and average length, and the field lengths
        as the index stores them), gathered without a scorer object per posting."""
        reader = self.reader
        return self._scores({name: (self.searcher.idf(name, term), weights(reader.postings(name, term)))
                             for name in TEXT_FIELDS if (name, term) in reader})

    def all_term_scores(self) -> dict[str, dict[int, int]]:
        """term_scores(term) of every text term, in one pass over the index's term table (the export wants them
        all): each term's statistics and postings are read where the pass finds them, not looked up by name,
        twice, for each of six fields (40,000 look-ups at 10,000 programs, a quarter of the export's time).
        (whoosh_internals.term_table reads the segment's term table; a test holds this equal to term_scores.)"""
        reader = self.reader
        table = term_table(reader, TEXT_FIELDS)
        if table is None:  # not one whoosh3 segment (an empty index)
            return {term: self.term_scores(term) for term in self.vocabulary()}
        count = reader.doc_count_all()
        by_term: dict[str, dict[str, tuple]] = {}
        for name, term, doc_frequency, postings in table:
            # Whoosh's idf (WeightingModel.idf): log(documents / (documents with the term + 1)) + 1
            by_term.setdefault(term, {})[name] = (log(count / (doc_frequency + 1)) + 1, postings)
        return {term: self._scores(fields_of_term) for term, fields_of_term in by_term.items()}

    def _scores(self, fields_of_term: dict[str, tuple]) -> dict[int, int]:
        """Docnum -> integer score, from each text field's (idf, (document, term frequency) pairs) of one term."""
        totals: dict[int, float] = {}
        k1_plus_1 = self.searcher.weighting.K1 + 1
        for name, boost in TEXT_FIELDS.items():  # always in this order: the same floats however they were gathered
            if name not in fields_of_term:
                continue
            idf, postings = fields_of_term[name]
            norms = self._norms(name)
            for doc, tf in postings:
                # whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1) written out, with its length part per document
                # worked out once (_norms): the same operations in the same order, so the same floats.
                score = boost * (idf * ((tf * k1_plus_1) / (tf + norms[doc])))
                totals[doc] = totals.get(doc, 0.0) + score
        return {doc: int(round(score * SCORE_SCALE)) for doc, score in totals.items()}

    def _norms(self, name: str) -> list[float]:
        """K1 × ((1 − B) + B × field length / average field length), per document: BM25's length part, the same
        for every term of the field."""
        cache = self.__dict__.setdefault("_norm_cache", {})
        if name not in cache:
            reader, weighting = self.reader, self.searcher.weighting
            b, k1 = weighting.B, weighting.K1
            avgfl = self.searcher.avg_field_length(name) or 1
            # (A document without the field has no length, and no posting of it to score: 0 stands in.)
            cache[name] = [k1 * ((1 - b) + b * (reader.doc_field_length(doc, name) or 0) / avgfl)
                           for doc in range(reader.doc_count_all())]
        return cache[name]

    def docs_with(self, facet: str, value: str) -> set[int]:
        term = f"{facet}:{value}"
        if ("facet", term) not in self.reader:
            return set()
        return set(self.reader.postings("facet", term).all_ids())

    def facet_values(self, facet: str) -> list[str]:
        """Every value of `facet` some program has."""
        prefix = f"{facet}:"
        return [t.decode()[len(prefix):] if isinstance(t, bytes) else t[len(prefix):]
                for t in self.reader.expand_prefix("facet", prefix)]

    def all_docs(self) -> set[int]:
        return set(self.reader.all_doc_ids())

    def stored(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)


FINGERPRINT = "listings.sha256"


def code_key() -> str:
    """A digest of the code and data that decide what the index holds (the whole package, see code_fingerprint)."""
    from iopdir.fingerprint import code_fingerprint

    return code_fingerprint()


def fingerprint(files: list[Path]) -> str:
    """Changes whenever a listing file is added, removed or edited (path, size and modification time), and whenever
    the code that decides what the index holds changes: an index from an older version is rebuilt, not misread."""
    import hashlib

    h = hashlib.sha256(code_key().encode())
    for name in sorted(os.path.abspath(f) for f in files):  # plain strings: Path.resolve per file is slow
        st = os.stat(name)
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def is_current(directory: Path, files: list[Path]) -> bool:
    """Whether the index was built here from these listings: its marker and its files are as this user's build
    signed them (see iopdir.fingerprint). An index carried by a checkout is never opened, but built again."""
    from iopdir.fingerprint import unsigned_text

    return unsigned_text(Path(directory) / FINGERPRINT, FINGERPRINT) == fingerprint(files) and verified(directory)


def mark_current(directory: Path, files: list[Path]) -> None:
    from iopdir.fingerprint import signed_text

    (Path(directory) / FINGERPRINT).write_text(signed_text(FINGERPRINT, fingerprint(files)))


MANIFEST = "manifest.sha256"


class UntrustedIndex(ValueError):
    """An index folder whose files are not those this user's build signed."""


def _sign(directory: Path) -> None:
    """A signed manifest of every file of the index (its ZIP centres too): what verified() checks before opening."""
    from iopdir.fingerprint import folder_manifest, signed_text

    (directory / MANIFEST).write_text(signed_text(MANIFEST, folder_manifest(directory, {MANIFEST, FINGERPRINT})))


def verified(directory: Path) -> bool:
    """Whether every file in `directory` is one the signed manifest names, with the same contents (an extra
    table of contents would be the one Whoosh reads). A manifest that does not match is reported and removed."""
    from iopdir.fingerprint import folder_manifest, rejected, unsigned_text

    manifest = Path(directory) / MANIFEST
    wanted = unsigned_text(manifest, MANIFEST)
    if wanted is None:
        return False
    if wanted != folder_manifest(directory, {MANIFEST, FINGERPRINT}):
        rejected(manifest, "search index")
        return False
    return True
