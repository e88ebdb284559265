"""The field reference for providers, generated from the schema's descriptions and the vocabularies' labels, and the
generated parts of CONTRIBUTING.md and the site's "List your program" page (kept current by `iopdir docs`).

A generated part sits between two marker lines that are Markdown link definitions, so they render as nothing on
GitHub and in Pelican and need no raw HTML:

    [//]: # (BEGIN GENERATED fields: iopdir docs update)
    ...
    [//]: # (END GENERATED fields)
"""

from __future__ import annotations

import re
from pathlib import Path

from iopdir.tools import skeleton
from iopdir.listing.program import AGING_DAYS, FRESH_DAYS
from iopdir.listing.vocabulary import program_schema, vocabularies

# Vocabularies this long are summarised (a few examples and a pointer to the vocabulary file), not listed.
LONG_VOCABULARY = 30
COMMON_STATES = ("NJ", "NY", "PA", "CA", "TX")

# The files with generated parts, relative to the repository root.
DOCUMENTS = ("CONTRIBUTING.md", "content/pages/list-your-program.md")

_TYPE_WORDS = {"string": "text", "boolean": "true or false", "integer": "whole number", "number": "number",
               "object": "group of fields", "array": "list"}


def _resolve(schema: dict, node: dict) -> dict:
    """A property with its $ref followed; the property's own description wins over the definition's."""
    if "$ref" in node:
        target = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _conditional(schema: dict) -> set[str]:
    """Dotted names the schema requires only in some cases (its if/then/else)."""
    out = set()

    def walk(node: dict, prefix: str) -> None:
        for name in node.get("required", []):
            out.add(prefix + name)
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{prefix}{name}.")

    def rules(node: dict, prefix: str) -> None:
        """The if/then/else of `node` and of its allOf, then of every field below (a location's street)."""
        for rule in [node, *node.get("allOf", [])]:
            for branch in ("then", "else"):
                if branch in rule:
                    walk(rule[branch], prefix)
        for name, sub in node.get("properties", {}).items():
            sub = _resolve(schema, sub)
            rules(sub, f"{prefix}{name}.")
            if sub.get("type") == "array":
                rules(_resolve(schema, sub.get("items", {})), f"{prefix}{name}.")

    rules(schema, "")
    return out


def _choices(vocabulary: str) -> str:
    slugs = vocabularies()[vocabulary]
    if vocabulary == "states":
        examples = ", ".join(f"`{s}`" for s in COMMON_STATES)
        return (f"a USPS code in capitals ({examples} …; {len(slugs)} in all: the 50 states, DC and the territories "
                f"`PR`, `GU`, `VI`, `AS`, `MP`)")
    if len(slugs) > LONG_VOCABULARY:
        common = ", ".join(f"`{c}` ({slugs[c]})" for c in skeleton.COMMON_LANGUAGES if c in slugs)
        return (f"a code from the `{vocabulary}` list in `{skeleton.VOCABULARY_FILE}` ({len(slugs)} codes); "
                f"common ones: {common}")
    return ", ".join(f"`{slug}` ({text})" for slug, text in slugs.items())


def _describe(schema: dict, node: dict) -> str:
    """Type, allowed values and limits of one field, in a sentence fragment."""
    kind = node.get("type")
    if "const" in node:
        return f"always `{node['const']}`"
    if "x-vocabulary" in node:
        return "one of: " + _choices(node["x-vocabulary"])
    if kind == "array":
        items = _resolve(schema, node.get("items", {}))
        least = f", at least {node['minItems']}" if node.get("minItems") else ""
        if "x-vocabulary" in items:
            return f"a list{least}, any of: " + _choices(items["x-vocabulary"])
        return f"a list{least} of the fields below"
    words = _TYPE_WORDS.get(kind, kind or "value")
    if kind == "string" and "maxLength" in node:
        words += f", at most {node['maxLength']:,} characters"
    if "minimum" in node and "maximum" in node:
        words += f" from {node['minimum']} to {node['maximum']}"
    return words


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", ")")) else text + "."


def field_reference() -> str:
    """Markdown: one bullet a field, nested as in a listing, each saying required or optional, type, meaning and
    allowed values. No raw HTML (the site renders it with Pelican's Markdown)."""
    schema = program_schema()
    conditional = _conditional(schema)
    lines: list[str] = []

    def walk(node: dict, prefix: str, depth: int) -> None:
        required = set(node.get("required", []))
        for name, raw in node.get("properties", {}).items():
            sub = _resolve(schema, raw)
            dotted = prefix + name
            if name in required:
                need = "required"
            elif dotted in conditional:
                need = "required in some cases"
            else:
                need = "optional"
            text = _sentence(sub.get("description", ""))
            lines.append(f"{'    ' * depth}- **`{name}`** ({need}; {_describe(schema, sub)}): {text}")
            if sub.get("type") == "object":
                walk(sub, dotted + ".", depth + 1)
            elif sub.get("type") == "array" and _resolve(schema, sub.get("items", {})).get("type") == "object":
                walk(_resolve(schema, sub["items"]), dotted + ".", depth + 1)

    walk(schema, "", 0)
    return "\n".join(lines) + "\n"


def template() -> str:
    """The blank listing as a fenced YAML block, for providers who copy it into GitHub's web editor."""
    return "```yaml\n" + skeleton.blank() + "```\n"


def freshness() -> str:
    """The freshness rules, with the thresholds the site computes with and the badges it shows."""
    return (f"- **Fresh** (badge \"Recently verified\"): `last_verified` is at most {FRESH_DAYS} days ago.\n"
            f"- **Aging** (badge \"Verified within a year\"): {FRESH_DAYS + 1} to {AGING_DAYS} days ago.\n"
            f"- **Stale** (badge \"Not verified for over a year\"): more than {AGING_DAYS} days ago. A stale listing "
            f"stays listed, with that badge; `iopdir audit` lists it so that a maintainer can ask the provider to "
            f"check it again.\n")


PARTS = {"fields": field_reference, "template": template, "freshness": freshness}

_PART = re.compile(r"^\[//\]: # \(BEGIN GENERATED (?P<name>\w+)[^)]*\)\n(?P<body>.*?)^\[//\]: # \(END GENERATED (?P=name)\)$",
                   re.M | re.S)


def begin_marker(name: str) -> str:
    return f"[//]: # (BEGIN GENERATED {name}: iopdir docs update)"


def end_marker(name: str) -> str:
    return f"[//]: # (END GENERATED {name})"


def regenerate(text: str) -> str:
    """`text` with every generated part rewritten from the schema and vocabularies. Blank lines around a part keep
    Markdown from gluing it to the marker lines."""
    def fill(m: re.Match) -> str:
        name = m.group("name")
        if name not in PARTS:
            raise ValueError(f"unknown generated part '{name}' (known: {', '.join(PARTS)})")
        return f"{begin_marker(name)}\n\n{PARTS[name]()}\n{end_marker(name)}"

    return _PART.sub(fill, text)


def parts_in(text: str) -> list[str]:
    return [m.group("name") for m in _PART.finditer(text)]


def stale_documents(root: Path) -> list[str]:
    """Documents whose generated parts differ from what the schema and vocabularies give now."""
    return [name for name in DOCUMENTS
            if (root / name).is_file() and regenerate((root / name).read_text(encoding="utf-8"))
            != (root / name).read_text(encoding="utf-8")]
