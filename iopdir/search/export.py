"""Static export of the search index for the browser (`output/search/data/`), read by theme/static/js/search.js.

Everything is cut so that a query fetches only what it needs:
- `meta.json`      analysis settings, facet values with labels, which term shards exist, the document count;
- `values/F/V.json` the documents that have facet value V (delta-encoded document numbers): what a filter fetches;
- `facets/F.json`  all values of facet F: fetched when F's filters (and their counts) come on screen;
- `terms/N.json`   index terms with their documents and integer scores (delta-encoded pairs), in shards by prefix:
                   meta.json lists each shard's prefix, so a query word fetches only the shard(s) it can match;
- `docs/N.json`    result cards, BLOCK documents a file, by document number;
- `geo/A_B.json`    program locations in a cell of GEO_CELL degrees ([document, lat, lon]): a "near" search
                   fetches only the cells its radius can reach;
- `zips/NN.json`   ZIP code centres by the first two digits (only the one shard a typed ZIP needs).
Document numbers are positions in name order, which is also the tie-breaker of every ranking.
Files are plain JSON: static hosts compress them on the way (creating files is the slow part of a build here, so
no precompressed copies are written).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from iopdir.listing.facts import FACTS
from iopdir.search import facets, words
from iopdir.search.facets import facet_labels  # noqa: F401 (the checklist and the export read it from here)
from iopdir.search.analysis import MIN_LENGTH, STOP_WORDS
from iopdir.search.query import MAX_OFFERS, MAX_WORDS
from iopdir.search.index import GEO_DECIMALS, ZIPS, Index, TEXT_FIELDS
from iopdir.listing.vocabulary import label, vocabularies

BLOCK = 16  # result cards a file: a page of 20 results fetches at most 20 small files
GEO_CELL = 2  # degrees of latitude and longitude a cell of program locations spans (about 140 by 100 miles)
SHARD_BYTES = 30_000  # a term shard above this (uncompressed) is split by one more character
VERSION = 1


def encode(data) -> bytes:
    """Compact UTF-8 JSON, as every exported file is written."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def write_json(path: Path, data) -> int:
    """Write `data` as `encode` does; returns its size."""
    raw = encode(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return len(raw)


class _Files:
    """Writes files only when their bytes change, and removes the ones a new export no longer has: after one listing
    changes, only the files that depend on it are touched."""

    def __init__(self, root: Path):
        self.root = root
        self.before = {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
        self.kept: set[Path] = set()

    def dump(self, path: Path, data) -> int:
        raw = encode(data)
        self.kept.add(path)
        if path in self.before and path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return len(raw)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        return len(raw)

    def finish(self) -> None:
        for stale in self.before - self.kept:
            stale.unlink()


def _deltas(numbers) -> list[int]:
    out, last = [], 0
    for n in sorted(numbers):
        out.append(n - last)
        last = n
    return out


def shard(terms_sizes: dict[str, int], limit: int = SHARD_BYTES) -> dict[str, str]:
    """Term -> shard key. Keys are prefixes of MIN_LENGTH characters or more, and no key is a prefix of another: a
    prefix whose terms weigh more than `limit` bytes is split by one more character (a single term is never split),
    so a query word fetches one small file, and a two-letter word fetches the few files its prefix covers."""
    out: dict[str, str] = {}

    def place(group: list[str], depth: int) -> None:
        if sum(terms_sizes[t] for t in group) <= limit or all(len(t) <= depth for t in group):
            key = group[0][:depth]
            for t in group:
                out[t] = key
            return
        short = [t for t in group if len(t) <= depth]  # a term as long as the key: it gets the key itself
        by_next = defaultdict(list)
        for t in group:
            if len(t) > depth:
                by_next[t[: depth + 1]].append(t)
        if short:
            # "co" and "cou..." cannot share a key that is a prefix of the other: the short term goes alone.
            for t in short:
                out[t] = t + "\u0000"  # never a prefix of anything
        for sub in by_next.values():
            place(sub, depth + 1)

    by_prefix = defaultdict(list)
    for t in sorted(terms_sizes):
        by_prefix[t[:MIN_LENGTH]].append(t)
    for group in by_prefix.values():
        place(group, MIN_LENGTH)
    return out


def export(ix: Index, out_dir: Path) -> dict:
    """Write the browser's search files into out_dir; return a summary of sizes."""
    out_dir = Path(out_dir)
    files_out = _Files(out_dir)
    _dump = files_out.dump
    reader = ix.reader
    # Whoosh document number -> our document number (name order), and each document's stored fields: read in one
    # pass over the stored-fields file rather than one look-up per field.
    stored = {doc: fields for doc, fields in zip(reader.all_doc_ids(), reader.all_stored_fields())}
    order = {doc: fields["order"] for doc, fields in stored.items()}
    count = len(order)

    # Terms: delta-encoded (document, score) pairs, in shards small enough to fetch per word.
    postings_of: dict[str, list[int]] = {}
    all_scores = ix.all_term_scores()
    for term in sorted(all_scores):
        scores = {order[doc]: s for doc, s in all_scores[term].items()}
        pairs, last = [], 0
        for doc in sorted(scores):
            pairs += [doc - last, scores[doc]]
            last = doc
        postings_of[term] = pairs
    # The size of each term's JSON (whole numbers: "[" + digits and commas + "]"), without encoding it twice.
    sizes = {t: len(",".join(map(str, p))) + 2 + len(t) for t, p in postings_of.items()}
    key_of = shard(sizes)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, key in key_of.items():
        shards[key][term] = postings_of[term]
    files = {key: f"{n}.json" for n, key in enumerate(sorted(shards))}
    term_bytes = sum(_dump(out_dir / "terms" / files[key], shards[key]) for key in sorted(shards))

    # Facets: every value any document has, in vocabulary order; one file a facet for the counts shown beside its
    # filters, and one file a value so a search with a filter fetches only what it filters on.
    postings: dict[str, dict[str, list[int]]] = {}
    for facet in ("flag", *facets.FACET_VOCABULARIES):
        values = sorted(ix.facet_values(facet))
        if facet == "flag":
            values = [v for v in facets.FLAGS if v in values]
        else:
            rank = {slug: i for i, slug in enumerate(_vocabulary_order(facet))}
            values.sort(key=lambda v: (rank.get(v, len(rank)), v))
        postings[facet] = {v: _deltas(order[d] for d in ix.docs_with(facet, v)) for v in values}
        for v, docs in postings[facet].items():
            _dump(out_dir / "values" / facet / f"{v}.json", docs)
    facet_bytes = sum(_dump(out_dir / "facets" / f"{facet}.json", values) for facet, values in postings.items())

    # Cards and places, by document number.
    by_order = sorted(order, key=order.get)
    cards = [json.loads(stored[doc]["card"]) for doc in by_order]
    for start in range(0, count, BLOCK):
        _dump(out_dir / "docs" / f"{start // BLOCK}.json", cards[start:start + BLOCK])
    cells: dict[str, list] = defaultdict(list)
    for number, doc in enumerate(by_order):
        for lat, lon in stored[doc]["geo"]:
            cells[f"{math.floor(lat / GEO_CELL)}_{math.floor(lon / GEO_CELL)}"].append([number, lat, lon])
    geo_bytes = sum(_dump(out_dir / "geo" / f"{cell}.json", entries) for cell, entries in sorted(cells.items()))

    # The index keeps the same ZIP centre shards (for `iopdir search --near`): copy them rather than load the table.
    for centres in sorted((ix.directory / ZIPS).glob("*.json")):
        _dump(out_dir / "zips" / centres.name, json.loads(centres.read_text()))

    # The words of the facts (iopdir.search.words), and the spelling candidates by length with the programs each names
    # (query.frequency): a query with no results fetches the few lengths a correction can have.
    expand = words.Expander(words.phrase_table([t for t in all_scores if t.startswith("_")]))
    spell: dict[int, list] = defaultdict(list)
    for word in sorted({t for t in all_scores if not t.startswith("_")} | set(expand.by_word)):
        docs = set(all_scores.get(word, ()))
        for concept in expand.exact(word):
            docs.update(all_scores[concept])
        spell[len(word)].append([word, len(docs)])
    for length, entries in spell.items():
        _dump(out_dir / "spell" / f"{length}.json", entries)

    meta = {
        "version": VERSION, "count": count, "block": BLOCK, "min_length": MIN_LENGTH,
        "stop": sorted(STOP_WORDS), "fields": TEXT_FIELDS, "geo_decimals": GEO_DECIMALS,
        "geo_cell": GEO_CELL, "cells": sorted(cells),
        "shards": [[key.rstrip("\u0000"), files[key], key.endswith("\u0000")] for key in sorted(shards)],
        "facets": {facet: [[v, facet_labels(facet, v)] for v in postings[facet]] for facet in postings},
        "words": expand.table, "spell": sorted(spell), "max_words": MAX_WORDS, "max_offers": MAX_OFFERS,
        "offers": words.OFFERS, "offer_wording": words.OFFER_WORDING,
    }
    _dump(out_dir / "meta.json", meta)
    files_out.finish()
    return {"documents": count, "terms": len(postings_of), "term_shards": len(shards),
            "term_bytes": term_bytes, "facet_bytes": facet_bytes, "geo_bytes": geo_bytes}


def _vocabulary_order(facet: str) -> list[str]:
    if facet == "insurance":
        return list(facets.INSURANCE_PROGRAMS) + list(vocabularies()["carriers"])
    if facet == "medication":
        return list(facets.MEDICATION_FACTS) + list(vocabularies()["medications"])
    return list(vocabularies()[facets.FACET_VOCABULARIES[facet]])
