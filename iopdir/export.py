"""Static export of the search index for the browser (`output/search/data/`), read by theme/static/js/search.js.

Everything is cut so that a query fetches only what it needs:
- `meta.json`      analysis settings, facet values with labels, which term shards exist, the document count;
- `facets.json`    for each facet value, the documents that have it (delta-encoded document numbers);
- `terms/XX.json`  for each index term starting with XX, its documents and integer scores (delta-encoded pairs);
- `docs/N.json`    result cards, BLOCK documents a file, by document number;
- `geo.json`       every document's locations (only fetched for "near" searches);
- `zips/NNN.json`  ZIP code centres by the first three digits (only the one shard a typed ZIP needs).
Document numbers are positions in name order, which is also the tie-breaker of every ranking.
Each JSON file is also written gzip-compressed (`.gz`) for servers that serve precompressed files.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections import defaultdict
from pathlib import Path

from . import facets, geography
from .analysis import MIN_LENGTH, STOP_WORDS, shard_key
from .index import GEO_DECIMALS, Index, TEXT_FIELDS
from .vocabulary import label, vocabularies

BLOCK = 50
VERSION = 1


def _dump(path: Path, data) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    path.write_bytes(raw)
    # mtime=0: the same input gives the same bytes, so a rebuild changes nothing.
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return len(raw)


def _deltas(numbers) -> list[int]:
    out, last = [], 0
    for n in sorted(numbers):
        out.append(n - last)
        last = n
    return out


def facet_labels(facet: str, value: str) -> str:
    if facet == "flag":
        return {"evening": "Evening sessions", "weekend": "Weekend sessions", "online": "Online option",
                "accredited": "Accredited", "family": "Family programming", "aftercare": "Aftercare"}[value]
    if facet == "insurance":
        return facets.INSURANCE_LABELS.get(value) or label("carriers", value)
    return label(facets.FACET_VOCABULARIES[facet], value)


def export(ix: Index, out_dir: Path) -> dict:
    """Write the browser's search files into out_dir (replaced whole); return a summary of sizes."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    reader = ix.reader
    # Whoosh document number -> our document number (name order).
    order = {doc: ix.stored(doc)["order"] for doc in reader.all_doc_ids()}
    count = len(order)

    # Terms, sharded by their first characters.
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in ix.vocabulary():
        scores = {order[doc]: s for doc, s in ix.term_scores(term).items()}
        pairs, last = [], 0
        for doc in sorted(scores):
            pairs += [doc - last, scores[doc]]
            last = doc
        shards[shard_key(term)][term] = pairs
    term_bytes = sum(_dump(out_dir / "terms" / f"{key}.json", shards[key]) for key in sorted(shards))

    # Facets: every value any document has, in vocabulary order.
    postings: dict[str, dict[str, list[int]]] = {}
    for facet in ("flag", *facets.FACET_VOCABULARIES):
        values = sorted({v.decode() if isinstance(v, bytes) else v for v in reader.lexicon(facet)})
        if facet == "flag":
            values = [v for v in facets.FLAGS if v in values]
        else:
            rank = {slug: i for i, slug in enumerate(_vocabulary_order(facet))}
            values.sort(key=lambda v: (rank.get(v, len(rank)), v))
        postings[facet] = {v: _deltas(order[d] for d in ix.docs_with(facet, v)) for v in values}
    facet_bytes = _dump(out_dir / "facets.json", postings)

    # Cards and places, by document number.
    by_order = sorted(order, key=order.get)
    cards = [json.loads(ix.stored(doc)["card"]) for doc in by_order]
    for start in range(0, count, BLOCK):
        _dump(out_dir / "docs" / f"{start // BLOCK}.json", cards[start:start + BLOCK])
    geo = [ix.stored(doc)["geo"] for doc in by_order]
    geo_bytes = _dump(out_dir / "geo.json", geo)

    zips: dict[str, dict[str, list[float]]] = defaultdict(dict)
    for code, z in geography.zip_table().items():
        zips[code[:3]][code] = [round(z.lat, GEO_DECIMALS), round(z.lon, GEO_DECIMALS)]
    for prefix in sorted(zips):
        _dump(out_dir / "zips" / f"{prefix}.json", zips[prefix])

    meta = {
        "version": VERSION, "count": count, "block": BLOCK, "min_length": MIN_LENGTH,
        "stop": sorted(STOP_WORDS), "fields": TEXT_FIELDS, "shards": sorted(shards), "geo_decimals": GEO_DECIMALS,
        "facets": {facet: [[v, facet_labels(facet, v)] for v in postings[facet]] for facet in postings},
    }
    _dump(out_dir / "meta.json", meta)
    return {"documents": count, "terms": sum(len(s) for s in shards.values()), "term_shards": len(shards),
            "term_bytes": term_bytes, "facet_bytes": facet_bytes, "geo_bytes": geo_bytes}


def _vocabulary_order(facet: str) -> list[str]:
    if facet == "insurance":
        return list(facets.INSURANCE_PROGRAMS) + list(vocabularies()["carriers"])
    return list(vocabularies()[facets.FACET_VOCABULARIES[facet]])
