"""Static export of the search index for the browser (`output/search/data/`), read by theme/static/js/search.js.

Everything is cut so that a query fetches only what it needs:
- `meta.json`      analysis settings, facet values with labels, which term shards exist, the document count;
- `values/F/V.json` the documents that have facet value V (delta-encoded document numbers): what a filter fetches;
- `facets/F.json`  all values of facet F: fetched when F's filters (and their counts) come on screen;
- `terms/N.json`   index terms with their documents and integer scores (delta-encoded pairs), in shards by prefix:
                   meta.json lists each shard's prefix, so a query word fetches only the shard(s) it can match;
- `docs/N.json`    result cards, BLOCK documents a file, by document number; `docs-LANG/N.json` the same cards in
                   each other language (meta.json's "languages": their filter labels and offers too);
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
import os
import stat
from collections import defaultdict
from pathlib import Path

from iopdir import i18n
from iopdir.writing import compact_json, write_if_changed
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


def write_json(path: Path, data) -> int:
    """Write `data` as compact JSON (iopdir.writing.compact_json); returns its size."""
    raw = compact_json(data)
    write_if_changed(path, raw)  # unchanged, left alone (iopdir.writing)
    return len(raw)


class _Files:
    """Writes files only when their bytes change, and removes the ones a new export no longer has: after one listing
    changes, only the files that depend on it are touched."""

    def __init__(self, root: Path, memo: dict | None = None):
        self.root = root
        # Paths as strings (pathlib's parsing, per file, was a third of an export after one listing's edit).
        self.prefix = os.path.join(os.fspath(root), "")
        self.before: dict[str, int] = {}  # file -> size
        for folder, _, names in os.walk(root):
            for name in names:
                full = os.path.join(folder, name)
                st = os.lstat(full)
                # Anything else (a link) is removed before a file is written in its place, never written through.
                self.before[full] = st.st_size if stat.S_ISREG(st.st_mode) else -1
        self.kept: set[str] = set()
        # What each file held when it was last written through this memo (its path in `root` -> (data, size)): a
        # file still there, of that size, whose data is equal is neither encoded nor read again.
        self.memo = memo if memo is not None else {}
        self.made: dict[str, tuple] = {}

    def dump(self, path: Path, data, token=None) -> int:
        """`token`: what decides the data, when that is cheaper to keep and compare than the data; then `data` may
        be a function that makes the data, called only when the token differs from last time."""
        full = os.fspath(path)
        key = full[len(self.prefix):]
        token = data if token is None else token
        last = self.memo.get(key)
        self.kept.add(full)
        if last is not None and last[0] == token and self.before.get(full) == last[1]:
            self.made[key] = last
            return last[1]
        raw = compact_json(data() if callable(data) else data)
        self.made[key] = (token, len(raw))
        write_if_changed(full, raw)  # a link there is replaced, not written through
        return len(raw)

    def finish(self) -> None:
        for stale in self.before.keys() - self.kept:
            os.unlink(stale)
        self.memo.clear()
        self.memo.update(self.made)


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


def export(ix: Index, out_dir: Path, memo: dict | None = None) -> dict:
    """Write the browser's search files into out_dir; return a summary of sizes. `memo`: a dict the caller keeps
    between exports into the same folder (iopdir.build.search_data keeps it with the postings): what a file, a
    term's postings and a card were last time, so that after one listing's edit only what changed is encoded,
    compared and written. The files are the same with it or without it (a test compares)."""
    out_dir = Path(out_dir)
    memo = memo if memo is not None else {}
    files_out = _Files(out_dir, memo.setdefault("files", {}))
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
    if memo.get("order") != order:  # documents numbered otherwise: nothing made from document numbers is reused
        memo["order"], memo["sizes"], memo["values"] = order, {}, {}
        files_out.memo.clear()

    def pairs_of(term: str) -> list[int]:  # made only for the terms whose shard is written
        pairs = postings_of.get(term)
        if pairs is None:
            scores = {order[doc]: s for doc, s in all_scores[term].items()}
            pairs, last = [], 0
            for doc in sorted(scores):
                pairs += [doc - last, scores[doc]]
                last = doc
            postings_of[term] = pairs
        return pairs

    # The size of each term's JSON (its pairs as the shard holds them, and its name), kept with the scores it was
    # measured from (an index hands out a new dict for a term it scores again). The pairs are whole numbers:
    # measured encoded by compact_json, ten times quicker than joining their digits (0.11 -> 0.01 s at 10,000).
    kept_sizes, made_sizes = memo.get("sizes", {}), {}
    for term in sorted(all_scores):
        kept = kept_sizes.get(term)
        if kept is None or kept[0] != all_scores[term]:
            kept = (all_scores[term], len(compact_json(pairs_of(term))) + len(term))
        made_sizes[term] = kept
    memo["sizes"] = made_sizes
    key_of = shard({term: size for term, (_, size) in made_sizes.items()})
    shards: dict[str, list[str]] = defaultdict(list)
    for term, key in key_of.items():
        shards[key].append(term)
    files = {key: f"{n}.json" for n, key in enumerate(sorted(shards))}
    # A shard is decided by its terms' scores: written again only when one of them changed.
    term_bytes = sum(_dump(out_dir / "terms" / files[key], lambda key=key: {t: pairs_of(t) for t in shards[key]},
                           token=[[t, all_scores[t]] for t in shards[key]]) for key in sorted(shards))

    # Facets: every value any document has, in vocabulary order; one file a facet for the counts shown beside its
    # filters, and one file a value so a search with a filter fetches only what it filters on.
    postings: dict[str, dict[str, list[int]]] = {}
    kept_values, made_values = memo.get("values", {}), {}
    for facet in ("flag", *facets.FACET_VOCABULARIES):
        values = sorted(ix.facet_values(facet))
        if facet == "flag":
            values = [v for v in facets.FLAGS if v in values]
        else:
            rank = {slug: i for i, slug in enumerate(_vocabulary_order(facet))}
            values.sort(key=lambda v: (rank.get(v, len(rank)), v))
        postings[facet] = {v: _kept_deltas(kept_values, made_values, order, f"{facet}:{v}", ix.docs_with(facet, v))
                           for v in values}
        for v, docs in postings[facet].items():
            _dump(out_dir / "values" / facet / f"{v}.json", docs)
    memo["values"] = made_values
    facet_bytes = sum(_dump(out_dir / "facets" / f"{facet}.json", values) for facet, values in postings.items())

    # Cards and places, by document number.
    by_order = sorted(order, key=order.get)
    cards = [stored[doc]["card"] for doc in by_order]  # JSON text: read only for a block that changed
    for start in range(0, count, BLOCK):
        block = cards[start:start + BLOCK]
        _dump(out_dir / "docs" / f"{start // BLOCK}.json", lambda block=block: [json.loads(c) for c in block],
              token=block)
    # The cards in the other languages: the same blocks, each card in that language (English where it has none).
    translated = [stored[doc].get("cards") or "{}" for doc in by_order]
    # Read once, here for their languages, not again for each language's blocks (0.07 s at 10,000 listings).
    parsed = {text: json.loads(text) for text in set(translated)}
    card_languages = sorted({lang for found in parsed.values() for lang in found})
    for lang in card_languages:
        for start in range(0, count, BLOCK):
            block = (cards[start:start + BLOCK], translated[start:start + BLOCK])
            _dump(out_dir / f"docs-{lang}" / f"{start // BLOCK}.json",
                  lambda block=block, lang=lang: [parsed[other].get(lang) or json.loads(english)
                                                  for english, other in zip(*block)], token=[lang, block])
    cells: dict[str, list] = defaultdict(list)
    for number, doc in enumerate(by_order):
        for lat, lon in stored[doc]["geo"]:
            cells[f"{math.floor(lat / GEO_CELL)}_{math.floor(lon / GEO_CELL)}"].append([number, lat, lon])
    geo_bytes = sum(_dump(out_dir / "geo" / f"{cell}.json", entries) for cell, entries in sorted(cells.items()))

    # The index keeps the same ZIP centre shards (for `iopdir search --near`): copy them rather than load the table.
    # (Read again only when their table changed: its signed stamp is what the memo remembers.)
    stamp = ix.directory / ZIPS / ".zip-table"
    stamp = stamp.read_text() if stamp.is_file() else None
    for centres in sorted((ix.directory / ZIPS).glob("*.json")):
        _dump(out_dir / "zips" / centres.name, lambda centres=centres: json.loads(centres.read_text()),
              token=[stamp, centres.name] if stamp is not None else [centres.read_text()])

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
        # Each other language's words of the search (its cards are docs-LANG/): the filters' labels in the order of
        # "facets", and the offers' wording. A language not here reads the English.
        "languages": {lang: _language(lang, postings) for lang in card_languages},
    }
    _dump(out_dir / "meta.json", meta)
    files_out.finish()
    return {"documents": count, "terms": len(made_sizes), "term_shards": len(shards),
            "term_bytes": term_bytes, "facet_bytes": facet_bytes, "geo_bytes": geo_bytes}


def _language(lang: str, postings: dict) -> dict:
    with i18n.using(lang):
        return {"labels": {facet: [facet_labels(facet, v) for v in values] for facet, values in postings.items()},
                "offers": {k: i18n.gettext(v) for k, v in words.OFFERS.items()},
                "offer_wording": {k: i18n.gettext(v) for k, v in words.OFFER_WORDING.items()}}


def _kept_deltas(kept: dict, made: dict, order: dict, key: str, docs: set[int]) -> list[int]:
    """_deltas of a filter value's documents, taken from `kept` when they are the same documents as last time (the
    memo drops them whenever the documents are numbered otherwise)."""
    found = kept.get(key)
    if found is None or found[0] != docs:
        found = (docs, _deltas(order[d] for d in docs))
    made[key] = found
    return found[1]


def _vocabulary_order(facet: str) -> list[str]:
    if facet == "insurance":
        return list(facets.INSURANCE_PROGRAMS) + list(vocabularies()["carriers"])
    if facet == "medication":
        return list(facets.MEDICATION_FACTS) + list(vocabularies()["medications"])
    return list(vocabularies()[facets.FACET_VOCABULARIES[facet]])
