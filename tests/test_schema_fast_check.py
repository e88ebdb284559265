"""The compiled fast check and jsonschema agree on every listing: valid ones skip jsonschema, so they must."""

import copy
import datetime as dt
import random

import pytest

from iopdir.tools.synthetic import generate
from iopdir.listing.validation import _validator, fits_schema
from iopdir.listing.yamlstrict import load

WRONG_VALUES = [None, True, 0, 1.5, -1, "", "x", "2026-02-30", "not-an-email", "https://exa mple", "javascript:x",
                [], ["x"], [1, 1], {}, {"unknown": 1}, "a" * 6000]


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def replaced(data, path, new):
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    if new is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return data


@pytest.fixture(scope="module")
def listings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    files = generate(20, folder, seed=3, today=dt.date(2026, 11, 25))
    return [load(f.read_bytes(), f.name).data for f in files]


def test_verdicts_agree_on_mutations(listings):
    rng = random.Random(5)
    checked = disagreements = 0
    for data in listings:
        assert fits_schema(data) and not list(_validator().iter_errors(data))
        for path in [p for p in paths(data) if p]:
            for new in rng.sample(WRONG_VALUES, 4) + [KeyError]:
                mutant = replaced(data, path, new)
                slow = not list(_validator().iter_errors(mutant))
                if fits_schema(mutant) != slow:
                    disagreements += 1
                checked += 1
        for extra in ({"unknown_field": 1}, {"tracks": "x"}, {"schema_version": 2}):
            mutant = {**data, **extra}
            assert fits_schema(mutant) == (not list(_validator().iter_errors(mutant)))
    assert checked > 2500
    assert disagreements == 0
