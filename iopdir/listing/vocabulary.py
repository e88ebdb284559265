"""The controlled vocabularies (slug -> display label) and the JSON Schema, read once from ``schema/``."""

from __future__ import annotations

import json
from functools import lru_cache

from iopdir import SCHEMA_DIR
from iopdir.listing.yamlstrict import load

VOCABULARY_FILE = SCHEMA_DIR / "vocabularies.yaml"
SCHEMA_FILE = SCHEMA_DIR / "program.schema.json"


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, str]]:
    doc = load(VOCABULARY_FILE.read_bytes(), str(VOCABULARY_FILE))
    if not doc.ok:  # a broken vocabulary file is the project's bug, not a listing's
        raise RuntimeError("; ".join(str(f) for f in doc.findings))
    return doc.data


def label(vocabulary: str, slug: str) -> str:
    """The display label of a slug; the slug itself if the vocabulary lacks it."""
    return vocabularies().get(vocabulary, {}).get(slug, slug)


@lru_cache(maxsize=1)
def program_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


SYNONYM_FILE = SCHEMA_DIR / "synonyms.yaml"


@lru_cache(maxsize=1)
def synonyms() -> dict[str, dict[str, list[str]]]:
    """Vocabulary (or "facts", the yes/no facts by key) -> slug -> the words people search for it, beside its label
    (schema/synonyms.yaml)."""
    doc = load(SYNONYM_FILE.read_bytes(), str(SYNONYM_FILE))
    if not doc.ok:
        raise RuntimeError("; ".join(str(f) for f in doc.findings))
    return doc.data
