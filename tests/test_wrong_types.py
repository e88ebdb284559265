"""Wrong types never crash: every field of the schema, given every YAML type it does not take, yields findings.

The variants are generated from the schema itself, so a field added to the schema is covered without a new test:
each place the schema describes (a property, an item of a list, a property of an item) is set in a valid listing to
true, a number, a text, a list, a mapping and null in turn. A variant the schema rejects must give at least one error
finding; none may raise. The command is run once over all the variants: one file that crashes it fails the test.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iopdir import SCHEMA_DIR
from iopdir.listing.validation import _validator, validate_bytes
from iopdir.listing.yamlstrict import dump, load

FIXTURE = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_bytes()
TODAY = dt.date(2026, 11, 25)
SCHEMA = json.loads((Path(SCHEMA_DIR) / "program.schema.json").read_text(encoding="utf-8"))

# One value of each YAML type (as the strict loader reads them back).
WRONG = {"true": True, "number": 7, "text": "some text", "list": ["a", 1], "mapping": {"a": 1}, "null": None}


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["definitions"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _places(node: dict, path: tuple = ()):
    """Every path the schema describes below `node` ("[]" standing for an item of a list)."""
    node = _resolve(node)
    for key, sub in (node.get("properties") or {}).items():
        yield path + (key,)
        yield from _places(sub, path + (key,))
    if isinstance(node.get("items"), dict):
        yield path + ("[]",)
        yield from _places(node["items"], path + ("[]",))


def _with(data, path: tuple, value):
    """`data` with `value` at `path`, or None when the listing has no parent there (an empty or absent list)."""
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        if step == "[]":
            if not isinstance(parent, list) or not parent:
                return None
            parent = parent[0]
        else:
            if not isinstance(parent, dict) or not isinstance(parent.get(step), (dict, list)):
                return None
            parent = parent[step]
    last = path[-1]
    if last == "[]":
        if not isinstance(parent, list) or not parent:
            return None
        parent[0] = value
    elif isinstance(parent, dict):
        parent[last] = value
    else:
        return None
    return data


def _variants():
    base = load(FIXTURE, "valid.yaml").data
    for path in _places(SCHEMA):
        for kind, value in WRONG.items():
            data = _with(base, path, value)
            if data is not None:
                yield ".".join(path).replace(".[]", "[0]"), kind, data


VARIANTS = list(_variants())


def test_the_variants_cover_every_top_level_field_and_nested_ones():
    fields = {name.split(".")[0].split("[")[0] for name, _, _ in VARIANTS}
    assert fields == set(SCHEMA["properties"])
    # nested places too: a track's session's day, a location's ZIP
    names = {name for name, _, _ in VARIANTS}
    assert "tracks[0].sessions[0].days[0]" in names
    assert "locations[0].postal_code" in names
    assert len(VARIANTS) > 400


@pytest.mark.parametrize("kind", list(WRONG))
def test_every_wrong_type_gives_findings_and_never_raises(kind):
    validator = _validator()
    crashed, silent = [], []
    for name, k, data in VARIANTS:
        if k != kind:
            continue
        raw = dump(data).encode("utf-8")
        try:
            checked = validate_bytes(raw, "listing.yaml", today=TODAY)
        except Exception as exc:  # noqa: BLE001 - the point is to catch any crash
            crashed.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if not validator.is_valid(data) and not any(f.is_error for f in checked.findings):
            silent.append(name)
    assert crashed == []
    assert silent == []


def test_the_command_reports_every_variant_and_exits_1(tmp_path):
    folder = tmp_path / "variants"
    folder.mkdir()
    validator = _validator()
    rejected = []
    for number, (name, kind, data) in enumerate(VARIANTS):
        if validator.is_valid(data):
            continue
        data = {**data, "id": f"v{number}"} if isinstance(data.get("id"), str) else data
        (folder / f"v{number}.yaml").write_text(dump(data), encoding="utf-8")
        rejected.append(f"v{number}.yaml")
    out = subprocess.run([sys.executable, "-m", "iopdir.cli", "validate", str(folder)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr[-2000:]
    assert "Traceback" not in out.stdout + out.stderr
    named = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in out.stdout.splitlines() + out.stderr.splitlines()
             if ": error: " in line}
    assert set(rejected) <= named
