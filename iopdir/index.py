"""The search index: Whoosh, built from programs at build time, read by `iopdir search` and by the static export.

Text is analysed by `iopdir.analysis` before Whoosh sees it (a space-separated list of terms), so the browser, which
repeats that analysis in JavaScript, looks up exactly the terms the index holds.

Scores: a term's score in a document is the sum over text fields of field boost × Whoosh's BM25F score, rounded to
an integer number of hundredths (`term_scores`). A query's score is the sum of its words' scores; both
`iopdir search` and the browser add the same integers, so they rank the same way.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index as whoosh_index, scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.system import pack_uint

from . import facets, geography
from .analysis import terms
from .program import Program
from .vocabulary import label

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


class AnalysedText(fields.TEXT):
    """A text field whose value is already analysed (iopdir.analysis: terms joined by single spaces).

    Indexing counts the terms with a Counter: the same (term, frequency, weight, encoded frequency) Whoosh's
    tokenizer and Frequency format give (weight = frequency × a field boost of 1.0), without a Token object and
    three dictionary updates per word — a seventh of the index's build time. Queries still use the analyzer."""

    def index(self, value, **kwargs):
        for term, freq in Counter(value.split(" ") if value else ()).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


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
    spec["facet"] = fields.KEYWORD(lowercase=False, commas=False, scorable=True)
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
    scorable = [name for name, field in writer.schema.items() if field.scorable]
    written = writer.per_document_reader
    writer.per_document_reader = lambda: _LengthsInMemory(written(), scorable)
    for order, program in enumerate(name_order(programs)):
        doc = {"id": program.id, "order": order, "card": json.dumps(card(program), separators=(",", ":")),
               "geo": [[round(loc.lat, GEO_DECIMALS), round(loc.lon, GEO_DECIMALS)]
                       for loc in program.locations if loc.lat is not None]}
        doc.update(text_of(program))
        doc["facet"] = " ".join(f"{name}:{v}" for name, vals in facets.values(program).items() for v in vals)
        writer.add_document(**doc)
    writer.commit(optimize=True)
    _write_zip_centres(directory / ZIPS)
    return directory


class _LengthsInMemory:
    """The per-document reader Whoosh's writer uses while it writes postings, with field lengths read once.

    The writer asks a field's length in a document once per posting (725,000 times at 10,000 programs), each a
    read from the column file it has just written: a fifth of the index's build time. Reading each column once
    into a list gives the same numbers (the same call, once per document), so the index is the same byte for byte.
    Relies on SegmentWriter asking `self.per_document_reader()` for it (Whoosh-Reloaded 2.7.5, pinned)."""

    def __init__(self, reader, fieldnames: list[str]):
        self._reader = reader
        count = reader.doc_count_all()
        self._lengths = {name: [reader.doc_field_length(doc, name) for doc in range(count)] for name in fieldnames}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None or not 0 <= docnum < len(lengths):
            return self._reader.doc_field_length(docnum, fieldname, default)
        return lengths[docnum]

    def __getattr__(self, name):  # everything else (close, stored fields...) as the reader does it
        return getattr(self._reader, name)


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
        as the index stores them), gathered without a scorer object per posting: the export scores every term."""
        totals: dict[int, float] = {}
        reader, weighting = self.reader, self.searcher.weighting
        for name, boost in TEXT_FIELDS.items():
            if (name, term) not in reader:
                continue
            idf = self.searcher.idf(name, term)
            avgfl = self.searcher.avg_field_length(name) or 1
            lengths = self._lengths(name)
            b, k1 = weighting.B, weighting.K1
            for doc, tf in _weights(reader.postings(name, term)):
                # whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1), written out (the same operations in the same
                # order, so the same floats): a call per posting is a tenth of the export's time.
                score = boost * (idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[doc] / avgfl))))
                totals[doc] = totals.get(doc, 0.0) + score
        return {doc: int(round(score * SCORE_SCALE)) for doc, score in totals.items()}

    def _lengths(self, name: str) -> list[int]:
        cache = self.__dict__.setdefault("_length_cache", {})
        if name not in cache:
            reader = self.reader
            cache[name] = [reader.doc_field_length(doc, name) for doc in range(reader.doc_count_all())]
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


CODE_FILES = ("index.py", "facets.py", "analysis.py", "program.py", "vocabulary.py")  # what decides the index


def code_key() -> str:
    """A digest of the code that decides what the index holds."""
    from .cache import CODE, digest

    return digest(CODE / name for name in CODE_FILES)


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

