"""Make vocabulary.json, the compact copy of schema.org's vocabulary that tests/test_web_meta.py checks JSON-LD with.

    python tests/schemaorg/make_vocabulary.py schemaorg-current-https.jsonld VERSION > tests/schemaorg/vocabulary.json

The input is data/releases/VERSION/schemaorg-current-https.jsonld of https://github.com/schemaorg/schemaorg (see
README.md here for the version used and the licence). Kept: every type with its direct supertypes, every property with
the types it is for (domainIncludes), and every enumeration member with its types. Pending (pending.schema.org)
terms are kept and marked: schema.org publishes them in the same file.
"""

import json
import sys


def local(ref) -> str:
    return ref["@id"].removeprefix("schema:")


def refs(value) -> list:
    if value is None:
        return []
    return [local(v) for v in (value if isinstance(value, list) else [value]) if v["@id"].startswith("schema:")]


def main(path: str, version: str) -> dict:
    graph = json.load(open(path, encoding="utf-8"))["@graph"]
    types, properties, members, pending = {}, {}, {}, []
    for term in graph:
        if not term["@id"].startswith("schema:"):
            continue
        name, kinds = local(term), term["@type"] if isinstance(term["@type"], list) else [term["@type"]]
        if "rdfs:Class" in kinds:
            types[name] = sorted(refs(term.get("rdfs:subClassOf")))
        elif "rdf:Property" in kinds:
            properties[name] = sorted(refs(term.get("schema:domainIncludes")))
        else:  # an enumeration member (schema:Monday is a schema:DayOfWeek)
            members[name] = sorted(k.removeprefix("schema:") for k in kinds)
        if (term.get("schema:isPartOf") or {}).get("@id") == "https://pending.schema.org":
            pending.append(name)
    return {"version": version, "types": dict(sorted(types.items())), "properties": dict(sorted(properties.items())),
            "members": dict(sorted(members.items())), "pending": sorted(pending)}


if __name__ == "__main__":
    json.dump(main(sys.argv[1], sys.argv[2]), sys.stdout, indent=0, sort_keys=False)
    sys.stdout.write("\n")
