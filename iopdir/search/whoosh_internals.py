"""Whoosh's internals, where the search index uses them for speed: all in this one module.

Written for Whoosh-Reloaded 2.7.5 (``WRITTEN_FOR``): its SegmentWriter, the whoosh3 codec's postings writer and
block matcher, its segment reader's term table, the Frequency format's encoding and the one-byte field lengths. Each
does what Whoosh's public API does, value for value, at a fraction of the Python calls. Another version may rename
or change any of them, so the version is pinned (pyproject.toml) and a test fails on any other
(tests/test_whoosh_internals.py); tests/test_search_index.py holds what is written and read here equal to what
Whoosh's own writer and scorer give. To move to another version: run those tests with it, mend what they find, then
change WRITTEN_FOR. The rest of the package uses Whoosh's public API only (a test checks).
"""

from __future__ import annotations

from array import array
from collections import Counter

from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

DISTRIBUTION = "Whoosh-Reloaded"
WRITTEN_FOR = "2.7.5"


class CountedTerms:
    """Indexing for a field whose value is already a space-separated list of terms: count them with a Counter.

    The same (term, frequency, weight, encoded frequency) that Whoosh's tokenizer and Frequency format give
    (weight = frequency × a field boost of 1.0), without a Token object and three dictionary updates per word."""

    def index(self, value, **kwargs):
        for term, freq in Counter(value.split(" ") if value else ()).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


def fill(writer, documents, counted: dict | None = None) -> None:
    """Add `documents` to a new Whoosh segment, as `writer.add_document()` then `commit()` would, a block of
    postings at a time. `counted`: the postings of some CountedTerms fields of these documents, gathered already
    (field -> term -> [[document, ...], [term frequency, ...]], documents numbered from 0 in the order given, as
    iopdir.search.postings keeps them): those fields' values are then not indexed again, only measured.

    Whoosh's writer passes each of the index's 725,000 postings (at 10,000 programs) through five Python calls: a
    pool that sorts them all, a field writer, and a postings writer that checks and appends one at a time, asking
    each posting's field length back from the column it has just written. Here postings are gathered by term as the
    documents are added (document numbers rise, so each list is already in order), and each block of a posting
    list is handed to Whoosh's own postings writer whole: its buffers, statistics and block format are Whoosh's, so
    the index is the same, value for value (tests compare every term, posting and block statistic with Whoosh's own
    writer's). At 10,000 programs the index took 3.0 s, now 2.2 s (with the collector paused, 1.9 s). The build's
    postings hold every text and facet term counted already: taken as `counted`, not gathered again, 1.8 s instead
    of 2.4 s (collector paused, as the build runs it). A field kind this does not handle (vectors, columns,
    spelling) is refused, not misindexed."""
    schema = writer.schema
    counted = counted or {}
    fieldobjs = [(name, schema[name]) for name in sorted(schema.names())]  # add_document's order
    for name, fieldobj in fieldobjs:
        if fieldobj.vector or fieldobj.column_type or fieldobj.separate_spelling():
            raise ValueError(f"index field {name!r}: vectors, columns and spelling are not written by fill()")
        if name in counted and not isinstance(fieldobj, CountedTerms):
            raise ValueError(f"index field {name!r}: only the postings of a CountedTerms field are taken as counted")
    if counted and writer.docnum:
        raise ValueError("counted postings number documents from 0: fill() takes them only into a new segment")
    perdoc = writer.perdocwriter
    # field -> term -> ([document, ...], [weight, ...], [encoded value, ...]): three lists, not a tuple per
    # posting (725,000 tuples would wake the garbage collector hundreds of times). And field -> its length in each
    # document as the length column gives it back (one byte, approximate from 11): block statistics use that.
    postings: dict[str, dict[bytes, list]] = {name: {} for name, _ in fieldobjs if name not in counted}
    lengths: dict[str, list[int]] = {name: [] for name, _ in fieldobjs}
    fields_info = [(name, fieldobj, fieldobj.indexed, fieldobj.stored, fieldobj.scorable, name in counted,
                    postings.get(name), lengths[name]) for name, fieldobj in fieldobjs]
    docnum = writer.docnum
    for fields in documents:
        perdoc.start_doc(docnum)
        for name, fieldobj, indexed, stored, scorable, given, terms_of_field, lengths_of_field in fields_info:
            value = fields.get(name)
            length = 0
            if value is not None:
                if given:
                    # Its postings are counted: its length is its number of terms (CountedTerms.index's frequencies
                    # add up to that).
                    if scorable and value:
                        length = value.count(" ") + 1
                elif indexed:
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
    for name, terms_of_field in counted.items():
        postings[name] = _from_counted(terms_of_field)

    def flush_segment():  # replaces SegmentWriter._flush_segment, which commit() calls
        perdoc.close()
        fieldwriter = writer.fieldwriter
        for name in sorted(postings):  # fields in name order, terms in byte order: as Whoosh sorts
            terms_of_field = postings[name]
            if not terms_of_field:
                continue
            fieldwriter.start_field(name, schema[name])
            lengths_of_field = lengths[name]
            for tbytes in sorted(terms_of_field):
                fieldwriter.start_term(tbytes)
                docs, term_weights, values = terms_of_field[tbytes]
                _add_postings(fieldwriter._postwriter, docs, term_weights, values, [lengths_of_field[d] for d in docs])
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()

    writer._flush_segment = flush_segment


def _from_counted(terms_of_field: dict[str, list]) -> dict[bytes, tuple]:
    """Counted postings (term -> [documents, term frequencies]) as fill() gathers them: what CountedTerms.index
    gives of each posting (its term's bytes, weight and encoded frequency)."""
    return {term.encode("utf-8"): (docs, list(map(float, frequencies)), list(map(pack_uint, frequencies)))
            for term, (docs, frequencies) in terms_of_field.items()}


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


def term_table(reader, names):
    """(field, term, documents with the term, [(document, term frequency), ...]) for every term of the fields
    `names`, in one pass over a whoosh3 segment reader's term table: each term's statistics and postings read where
    the pass finds them, not looked up by name. None when `reader` is not one segment's (an empty index has an
    EmptyReader): then ask per term, the public way."""
    if not hasattr(reader, "_terms"):
        return None
    terms_reader = reader._terms

    def rows():
        for (name, tbytes), info in terms_reader.items():
            if name not in names:
                continue
            matcher = terms_reader._codec.postings_reader(terms_reader._postfile, info, reader.schema[name].format,
                                                          term=(name, tbytes))
            yield name, tbytes.decode("utf-8"), info.doc_frequency(), list(weights(matcher))

    return rows()


def weights(matcher):
    """(document, term frequency) pairs of a posting list, a block at a time.

    The export asks this for every posting of every term; Whoosh's items_as() makes several method calls per
    posting. This reads the whoosh3 block arrays directly; any other matcher goes the public way."""
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


def stored_length(length: int) -> int:
    """A field's length in a document as Whoosh's one-byte length column gives it back (approximate from 11), which
    BM25F scores with: what iopdir.search.postings scores with, to give the index's own numbers."""
    return byte_to_length(length_to_byte(length)) if length else 0
