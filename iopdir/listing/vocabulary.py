"""The controlled vocabularies (slug -> display label) and the JSON Schema, read once from ``schema/``.

A label is shown in the language being written (iopdir.i18n.current()): English is the vocabularies themselves, the
other languages the file's `translations` section (language -> vocabulary -> slug -> label)."""

from __future__ import annotations

import json
from functools import lru_cache

from iopdir import SCHEMA_DIR, i18n
from iopdir.listing.yamlstrict import load

VOCABULARY_FILE = SCHEMA_DIR / "vocabularies.yaml"
SCHEMA_FILE = SCHEMA_DIR / "program.schema.json"


TRANSLATIONS = "translations"  # the file's section of labels in other languages, not a vocabulary


@lru_cache(maxsize=1)
def _document() -> dict:
    doc = load(VOCABULARY_FILE.read_bytes(), str(VOCABULARY_FILE))
    if not doc.ok:  # a broken vocabulary file is the project's bug, not a listing's
        raise RuntimeError("; ".join(str(f) for f in doc.findings))
    return doc.data


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, str]]:
    """Vocabulary -> slug -> English label."""
    return {name: values for name, values in _document().items() if name != TRANSLATIONS}


def translations() -> dict[str, dict[str, dict[str, str]]]:
    """Language -> vocabulary -> slug -> label, for the languages other than English."""
    return _document().get(TRANSLATIONS) or {}


def labels(vocabulary: str, lang: str | None = None) -> dict[str, str]:
    """Slug -> label of a vocabulary in `lang` (English where that language lacks a label); by default in the
    language being written, asked at each call (the cache below keys on the language)."""
    return _labels(vocabulary, lang or i18n.current())


@lru_cache(maxsize=None)
def _labels(vocabulary: str, lang: str) -> dict[str, str]:
    english = vocabularies().get(vocabulary, {})
    if lang == i18n.DEFAULT:
        return english
    own = translations().get(lang, {}).get(vocabulary, {})
    return {slug: own.get(slug, text) for slug, text in english.items()}


def label(vocabulary: str, slug: str, lang: str | None = None) -> str:
    """The display label of a slug in `lang` (default: the language being written); the slug itself if the
    vocabulary lacks it."""
    return _labels(vocabulary, lang or i18n.current()).get(slug, slug)


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
