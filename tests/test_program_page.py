"""The program page shows every fact a listing gives: each text, number and vocabulary value appears on its page."""

import html
import re
from pathlib import Path

import pytest

from iopdir.vocabulary import label
from iopdir.yamlstrict import load

ROOT = Path(__file__).resolve().parent.parent

# Which vocabulary labels a list or field, by its name in the listing.
VOCABULARY_OF = {
    "focus": "focus", "conditions": "conditions", "delivery": "delivery", "populations": "populations",
    "languages": "languages", "modalities": "modalities", "prescribes": "medications", "carriers": "carriers",
    "body": "accreditation_bodies", "verified_by": "verified_by", "ownership": "ownership", "audience": "audience",
    "telehealth_states": "states", "days": "days",
}
# Shown another way: ids and versions are not for people; coordinates feed distances; times are shown as 6:00 pm;
# dates in words; phone numbers normalised; the state of a location and licence as part of an address or a name;
# the status as a notice; Markdown rendered; track time zones with spaces.
NOT_LITERAL = {"schema_version", "id", "lat", "lon", "start", "end", "last_verified", "expires", "phone",
               "intake_phone", "status", "description", "timezone", "state", "min", "max"}


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v, path)
    else:
        yield path, value


def listed():
    for f in sorted((ROOT / "programs").rglob("*.yaml")):
        data = load(f.read_bytes(), f.name).data
        if data["status"] != "closed":
            yield pytest.param(data, id=data["id"])


def page_text(built_site, pid):
    raw = (built_site / "programs" / pid / "index.html").read_text()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.parametrize("data", list(listed()))
def test_every_fact_is_on_the_page(built_site, data):
    text = page_text(built_site, data["id"])
    missing = []
    for path, value in leaves(data):
        name = path[-1]
        if name in NOT_LITERAL or isinstance(value, bool):
            continue
        vocabulary = {("family_programming", "kinds"): "family_kinds",
                      ("aftercare", "kinds"): "aftercare_kinds"}.get(path[-2:], VOCABULARY_OF.get(name))
        shown = label(vocabulary, value) if vocabulary else str(value)
        if re.sub(r"\s+", " ", shown) not in text:
            missing.append(f"{'.'.join(path)}: {shown!r}")
    assert missing == []
