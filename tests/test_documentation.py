"""Documentation tests: every schema field is described, every vocabulary slug has a label, the schema and the
vocabularies agree, the schema reads as draft-07 for editors, and every CLI command is in the README."""

import re
from pathlib import Path

import jsonschema
import pytest

from iopdir.cli import build_parser
from iopdir.listing.vocabulary import program_schema, vocabularies

ROOT = Path(__file__).resolve().parent.parent

# Keywords that draft-07 editors (yaml-language-server, VS Code) understand, plus our annotations.
DRAFT7_KEYWORDS = {
    "$schema", "$id", "$ref", "title", "description", "type", "enum", "const", "properties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "contains", "minimum", "maximum",
    "minLength", "maxLength", "pattern", "format", "if", "then", "else", "allOf", "not", "definitions",
    "x-vocabulary", "errorMessage",
}


def walk_properties(schema, path=""):
    """(dotted path, property schema) for every property at every depth."""
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from walk_properties(sub, f"{path}{name}.")
        if "items" in sub:
            yield from walk_properties(sub["items"], f"{path}{name}[].")


def resolve(schema, sub):
    if "$ref" in sub:
        return schema["definitions"][sub["$ref"].rsplit("/", 1)[1]]
    return sub


def test_every_field_has_a_description():
    schema = program_schema()
    missing = [p for p, sub in walk_properties(schema) if not resolve(schema, sub).get("description")]
    assert missing == []
    assert len(list(walk_properties(schema))) > 80  # the walk really reaches nested fields


def test_every_vocabulary_slug_has_a_label():
    empty = [f"{v}.{slug}" for v, slugs in vocabularies().items() for slug, text in slugs.items()
             if not isinstance(text, str) or not text.strip()]
    assert empty == []


def test_schema_enums_equal_the_vocabularies():
    schema = program_schema()
    enums = {d["x-vocabulary"]: d["enum"] for d in schema["definitions"].values() if "x-vocabulary" in d}
    vocab = vocabularies()
    for name, slugs in enums.items():
        assert list(slugs) == list(vocab[name]), name
    # Every vocabulary is used by the schema.
    assert set(enums) == set(vocab)


def test_slugs_are_snake_case():
    bad = [f"{v}.{s}" for v, slugs in vocabularies().items() if v not in ("states",) for s in slugs
           if not re.fullmatch(r"[a-z][a-z0-9_]*", s)]
    assert bad == []


@pytest.mark.parametrize("validator", [jsonschema.Draft202012Validator, jsonschema.Draft7Validator])
def test_schema_is_valid_in_both_drafts(validator):
    validator.check_schema(program_schema())


def test_schema_uses_only_keywords_draft7_editors_know():
    used = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("properties", "definitions"):
                    for sub in value.values():
                        walk(sub)
                else:
                    used.add(key)
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(program_schema())
    assert used - DRAFT7_KEYWORDS == set()


def test_sample_listings_validate_as_draft7_too(tmp_path):
    """What an editor sees: a listing that passes our validator passes a plain draft-07 validator."""
    from iopdir.listing.yamlstrict import load

    data = load((Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_bytes(), "x").data
    jsonschema.Draft7Validator(program_schema()).validate(data)


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    missing = [name for name in commands if f"iopdir {name}" not in readme]
    assert missing == []


def test_readme_gives_an_operators_repository_its_first_command():
    """"Run your own directory" shows the first of the two commands that `iopdir init` writes into the README."""
    from iopdir.cli import init

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Run your own directory"):]
    written = init.render(**init.defaults())["README.md"]
    first = next(line for line in written.splitlines() if line.startswith("python3 -m venv .venv && "))
    assert first in section
    assert "iopdir init my-directory" in section
