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
from array import array
from collections import Counter
from math import log
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index as whoosh_index, scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from iopdir.search import facets
from iopdir.listing import geography
from iopdir.search.analysis import terms
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import label

INDEX_NAME = "programs"

#: Text fields and their boosts: a word in a program's name says more than one in its description.
TEXT_FIELDS = {
    "name": 5.0,
    "organization": 3.0,
    "city": 3.0,
    "services": 2.0,  # conditions treated, therapies and populations served, by their labels
    "summary": 1.5,
    "description": 1.0,
}
SCORE_SCALE = 100  # scores travel as integers: hundredths (plenty to rank; fewer digits to send)
GEO_DECIMALS = 4  # about 11 m; the index, the export and ZIP centres all round to this before distances
ZIPS = "zips"  # ZIP centre shards beside the index, the same as the browser's: `iopdir search --near` reads one


class _CountedTerms:
    """Indexing for a field whose value is already a space-separated list of terms: count them with a Counter.

    The same (term, frequency, weight, encoded frequency) that Whoosh's tokenizer and Frequency format give
    (weight = frequency × a field boost of 1.0), without a Token object and three dictionary updates per word."""

    def index(self, value, **kwargs):
        for term, freq in Counter(value.split(" ") if value else ()).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


class AnalysedText(_CountedTerms, fields.TEXT):
    """A text field whose value is already analysed (iopdir.search.analysis: terms joined by single spaces). Queries
    still use the analyzer."""


class FacetTerms(_CountedTerms, fields.KEYWORD):
    """Filter values as "facet:value" terms joined by single spaces (no value holds a space)."""


def schema() -> fields.Schema:
    analyzer = SpaceSeparatedTokenizer()
    spec = {
        "id": fields.ID(stored=True, unique=True),
        "order": fields.STORED(),  # position in name order: the tie-breaker everywhere
        "card": fields.STORED(),  # what a result shows (JSON)
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


def text_of(program: Program) -> dict[str, str]:
    """The analysed text of each text field."""
    raw = {
        "name": program.name,
        "organization": program.organization.get("name", ""),
        "city": " ".join(loc.city for loc in program.locations),
        "services": " ".join(program.labels("conditions", "conditions") + program.labels("modalities", "modalities")
                             + program.labels("populations", "populations")),
        "summary": program.summary,
        "description": program.get("description") or "",
    }
    return {k: " ".join(terms(v)) for k, v in raw.items()}


def insurance_summary(program: Program) -> str:
    ins = program.get("insurance") or {}
    known = [facets.INSURANCE_LABELS[k] for k in facets.INSURANCE_PROGRAMS if ins.get(k) is True]
    carriers = ins.get("carriers") or []
    if carriers:
        known.append(f"{len(carriers)} named carrier{'s' if len(carriers) != 1 else ''}")
    if ins.get("sliding_scale") is True:
        known.append("Sliding scale")
    return ", ".join(known) if known else "Not reported"


def card(program: Program) -> dict:
    """The facts a search result shows. Booleans stay true/false/null: null is shown as "Not reported"."""
    hours = program.hours_per_week
    return {
        "id": program.id,
        "name": program.name,
        "org": program.organization.get("name", ""),
        "city": program.city,
        "state": program.state,
        "focus": [label("focus", f) for f in program.get("focus") or []],
        "hours": [hours[0], hours[1]] if hours else None,
        "evening": program.evening,
        "weekend": program.weekend,
        "online": program.online,
        "online_only": program.telehealth_only,
        "insurance": insurance_summary(program),
        "freshness": program.freshness,
        "verified": program.last_verified.isoformat(),
        "status": program.status,
    }


def name_order(programs: list[Program]) -> list[Program]:
    return sorted(programs, key=lambda p: (p.name.lower(), p.id))


def build(programs: list[Program], directory: Path) -> Path:
    """Write a fresh index of `programs` into `directory` (replaced whole, but for the ZIP centres it keeps)."""
    directory = Path(directory)
    if directory.exists():
        for entry in directory.iterdir():
            if entry.name == ZIPS:
                continue
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(directory), schema(), indexname=INDEX_NAME)
    # One segment, no merge work later: the index is rebuilt, never updated in place.
    writer = ix.writer(limitmb=256)
    _fill(writer, (document(order, program) for order, program in enumerate(name_order(programs))))
    writer.commit(optimize=True)
    _write_zip_centres(directory / ZIPS)
    return directory


def document(order: int, program: Program) -> dict:
    """What the index holds of one program, by field."""
    doc = {"id": program.id, "order": order, "card": json.dumps(card(program), separators=(",", ":")),
           "geo": [[round(loc.lat, GEO_DECIMALS), round(loc.lon, GEO_DECIMALS)]
                   for loc in program.locations if loc.lat is not None]}
    doc.update(text_of(program))
    doc["facet"] = " ".join(f"{name}:{v}" for name, vals in facets.values(program).items() for v in vals)
    return doc


def _fill(writer, documents) -> None:
    """Add `documents` to a new Whoosh segment, as `writer.add_document()` then `commit()` would, a block of
    postings at a time.

    Whoosh's writer passes each of the index's 725,000 postings (at 10,000 programs) through five Python calls: a
    pool that sorts them all, a field writer, and a postings writer that checks and appends one at a time, asking
    each posting's field length back from the column it has just written. Here postings are gathered by term as the
    documents are added (document numbers rise, so each list is already in order), and each block of a posting
    list is handed to Whoosh's own postings writer whole: its buffers, statistics and block format are Whoosh's, so
    the index is the same, value for value (tests compare every term, posting and block statistic with Whoosh's own
    writer's). At 10,000 programs the index took 3.0 s, now 2.2 s (with the collector paused, 1.9 s). Relies on Whoosh-Reloaded 2.7.5's SegmentWriter and whoosh3
    codec (pinned); a field kind this does not handle (vectors, columns, spelling) is refused, not misindexed."""
    schema = writer.schema
    fieldobjs = [(name, schema[name]) for name in sorted(schema.names())]  # add_document's order
    for name, fieldobj in fieldobjs:
        if fieldobj.vector or fieldobj.column_type or fieldobj.separate_spelling():
            raise ValueError(f"index field {name!r}: vectors, columns and spelling are not written by _fill")
    perdoc = writer.perdocwriter
    # field -> term -> ([document, ...], [weight, ...], [encoded value, ...]): three lists, not a tuple per
    # posting (725,000 tuples would wake the garbage collector hundreds of times). And field -> its length in each
    # document as the length column gives it back (one byte, approximate from 11): block statistics use that.
    postings: dict[str, dict[bytes, list]] = {name: {} for name, _ in fieldobjs}
    lengths: dict[str, list[int]] = {name: [] for name, _ in fieldobjs}
    fields_info = [(name, fieldobj, fieldobj.indexed, fieldobj.stored, fieldobj.scorable, postings[name], lengths[name])
                   for name, fieldobj in fieldobjs]
    docnum = writer.docnum
    for fields in documents:
        perdoc.start_doc(docnum)
        for name, fieldobj, indexed, stored, scorable, terms_of_field, lengths_of_field in fields_info:
            value = fields.get(name)
            length = 0
            if value is not None:
                if indexed:
                    for tbytes, freq, weight, vbytes in fieldobj.index(value):
                        found = terms_of_field.get(tbytes)
                        if found is None:
                            found = terms_of_field[tbytes] = ([], [], [])
                        found[0].append(docnum)
                        found[1].append(weight * 1.0)  # × the field boost add_document applies (always 1.0 here)
                        found[2].append(vbytes)
                        if scorable:
                            length += freq
                perdoc.add_field(name, fieldobj, value if stored else None, length)
            lengths_of_field.append(byte_to_length(length_to_byte(length)) if length else 0)
        perdoc.finish_doc()
        docnum += 1
    if docnum == writer.docnum:
        return  # nothing added: commit() writes an empty index, as it would have
    writer.docnum, writer._added = docnum, True

    def flush_segment():  # replaces SegmentWriter._flush_segment, which commit() calls
        perdoc.close()
        fieldwriter = writer.fieldwriter
        for name, terms_of_field in postings.items():  # fields in name order, terms in byte order: as Whoosh sorts
            if not terms_of_field:
                continue
            fieldwriter.start_field(name, schema[name])
            lengths_of_field = lengths[name]
            for tbytes in sorted(terms_of_field):
                fieldwriter.start_term(tbytes)
                docs, weights, values = terms_of_field[tbytes]
                _add_postings(fieldwriter._postwriter, docs, weights, values, [lengths_of_field[d] for d in docs])
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()

    writer._flush_segment = flush_segment


def _add_postings(postwriter, docs, weights, values, lengths) -> None:
    """One term's postings into a whoosh3 postings writer, a block at a time: the buffers and statistics its
    add_posting() would have built one posting at a time (a block is written when the next posting arrives,
    the last one by finish_postings())."""
    limit = postwriter._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postwriter._write_block()
        end = start + limit
        block_weights = weights[start:end]
        postwriter._ids = array("I", docs[start:end])
        postwriter._weights = array("f", block_weights)
        postwriter._values = [v for v in values[start:end] if v]
        postwriter._maxweight = max(0, max(block_weights))
        known = [n for n in lengths[start:end] if n]
        postwriter._minlength = min(known) if known else None
        postwriter._maxlength = max(known) if known else 0


def _write_zip_centres(folder: Path) -> None:
    """ZIP centre shards, written once per version of the ZIP table (loading the table takes most of a second)."""
    from importlib.metadata import version

    stamp = folder / ".zipcodes-version"
    wanted = version("zipcodes")
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, centres in geography.centre_shards().items():
        (folder / f"{prefix}.json").write_text(json.dumps(centres, separators=(",", ":")))
    stamp.write_text(wanted)


@dataclass
class Index:
    """An open index: a Whoosh searcher with the scoring both search paths share."""

    searcher: object
    directory: Path

    @classmethod
    def open(cls, directory: Path) -> "Index":
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

    def term_scores(self, term: str) -> dict[int, int]:
        """Whoosh docnum -> integer score of `term` over all text fields (boost × BM25F, in hundredths).

        The same numbers as Whoosh's own BM25F scorer (its bm25(), idf and average length, and the field lengths
        as the index stores them), gathered without a scorer object per posting."""
        reader = self.reader
        return self._scores({name: (self.searcher.idf(name, term), _weights(reader.postings(name, term)))
                             for name in TEXT_FIELDS if (name, term) in reader})

    def all_term_scores(self) -> dict[str, dict[int, int]]:
        """term_scores(term) of every text term, in one pass over the index's term table (the export wants them
        all): each term's statistics and postings are read where the pass finds them, not looked up by name,
        twice, for each of six fields (40,000 look-ups at 10,000 programs, a quarter of the export's time).
        Reads Whoosh-Reloaded 2.7.5's segment reader (pinned); a test holds it equal to term_scores."""
        reader = self.reader
        if not hasattr(reader, "_terms"):  # not one whoosh3 segment (an empty index has an EmptyReader)
            return {term: self.term_scores(term) for term in self.vocabulary()}
        terms_reader = reader._terms
        count = reader.doc_count_all()
        by_term: dict[str, dict[str, tuple]] = {}
        for (name, tbytes), info in terms_reader.items():
            if name not in TEXT_FIELDS:
                continue
            # Whoosh's idf (WeightingModel.idf): log(documents / (documents with the term + 1)) + 1
            idf = log(count / (info.doc_frequency() + 1)) + 1
            matcher = terms_reader._codec.postings_reader(terms_reader._postfile, info, reader.schema[name].format,
                                                          term=(name, tbytes))
            by_term.setdefault(tbytes.decode("utf-8"), {})[name] = (idf, list(_weights(matcher)))
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
    marker = Path(directory) / FINGERPRINT
    return marker.is_file() and marker.read_text().strip() == fingerprint(files)


def mark_current(directory: Path, files: list[Path]) -> None:
    (Path(directory) / FINGERPRINT).write_text(fingerprint(files) + "\n")


def _weights(matcher):
    """(document, term frequency) pairs of a posting list, a block at a time.

    The export asks this for every posting of every term; Whoosh's items_as() makes several method calls per
    posting. This reads the whoosh3 block arrays directly (Whoosh-Reloaded is pinned at 2.7.5); any other matcher
    goes the public way."""
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block", "_blocklength")):
        yield from matcher.items_as("weight")
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        yield from zip(matcher._ids[matcher._i:matcher._blocklength], matcher._weights[matcher._i:matcher._blocklength])
        matcher._i = matcher._blocklength - 1
        matcher.next()

