"""Issue #14.4-5: what search engines and feed readers read. Each program page's JSON-LD (read by extruct, as a search
engine's extractor reads it) uses only schema.org's types and properties (tests/schemaorg/vocabulary.json) and says
what the listing says, no more; sitemap.xml lists every published page and nothing that is not there; robots.txt
names it; the Atom feeds (read by feedparser) hold the listings added or re-verified, site-wide and per state, and
every page links to them; every page has a canonical link, Open Graph and a description.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import extruct
import feedparser
import pytest

from iopdir import i18n
from iopdir import settings as iopdir_settings
from iopdir.listing import jsonld, wording
from iopdir.listing import program as program_model
from iopdir.listing.facts import FACTS
from iopdir.listing.vocabulary import label
from iopdir.listing.yamlstrict import load
from pelican.plugins.iopdir import webmeta
from tests.browser import axe_violations, serve_directory, vnu_errors
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = json.loads((Path(__file__).parent / "schemaorg" / "vocabulary.json").read_text(encoding="utf-8"))
SCHEMA = "https://schema.org/"
TODAY = "2026-12-01"
HOSTILE_NAME = '</script><script>window.__pwned=1</script><!-- "Harbor" & <b>Co</b>'
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def hostile_listing() -> str:
    text = (ROOT / "tests" / "fixtures" / "valid-listing.yaml").read_text(encoding="utf-8")
    text = text.replace("id: harbor-light-evening-iop", "id: hostile-web-meta-iop")
    text = text.replace("name: Harbor Light Evening IOP", f"name: {json.dumps(HOSTILE_NAME)}")
    return text.replace("summary: Evening IOP", "summary: <!-- --> </SCRIPT > Evening IOP")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's listings and a hostile one, built with an absolute SITEURL (the address it is served at),
    as a publisher builds it. Yields (output folder, its address)."""
    base = tmp_path_factory.mktemp("web-meta")
    programs = base / "programs"
    shutil.copytree(ROOT / "programs", programs)
    (programs / "nj" / "hostile-web-meta-iop.yaml").write_text(hostile_listing(), encoding="utf-8")
    output = base / "output"
    output.mkdir()
    with serve_directory(output) as url:
        build_site(output, programs, SITEURL=url, IOPDIR_TODAY=TODAY)
        yield output, url


def listings(folder: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(folder.rglob("*.yaml")):
        data = load(path.read_bytes(), path.name).data
        if data["status"] != "closed":
            found[data["id"]] = data
    return found


@pytest.fixture(scope="module")
def published(site):
    output, _ = site
    return listings(output.parent / "programs")


# --- schema.org's vocabulary ---------------------------------------------------------------------------------------

def ancestors(kind: str) -> set[str]:
    seen, todo = set(), [kind]
    while todo:
        k = todo.pop()
        if k not in seen:
            seen.add(k)
            todo.extend(VOCABULARY["types"].get(k, []))
    return seen


def vocabulary_problems(node, where="") -> list[str]:
    """Every type, property and enumeration member of `node` that schema.org lacks, and every property used on a
    type it is not for."""
    if isinstance(node, list):
        return [p for i, n in enumerate(node) for p in vocabulary_problems(n, f"{where}[{i}]")]
    if isinstance(node, str):
        if node.startswith(SCHEMA):
            term = node[len(SCHEMA):]
            if term not in VOCABULARY["members"] and term not in VOCABULARY["types"]:
                return [f"{where}: {node} is no schema.org term"]
        return []
    if not isinstance(node, dict):
        return []
    if set(node) == {"@value", "@language"}:  # a language-tagged string: JSON-LD's own, no schema.org type
        return []
    kind = node.get("@type")
    if kind not in VOCABULARY["types"]:
        return [f"{where}: type {kind!r} is not in schema.org"]
    problems = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in VOCABULARY["properties"]:
            problems.append(f"{where}.{key}: no such schema.org property")
        elif not ancestors(kind) & set(VOCABULARY["properties"][key]):
            problems.append(f"{where}.{key}: not a property of {kind}")
        problems += vocabulary_problems(value, f"{where}.{key}")
    return problems


# --- what the listing says -----------------------------------------------------------------------------------------

ALLOWED = {"@context", "@type", "@id", "url", "name", "description", "telephone", "email", "sameAs",
           "parentOrganization", "address", "geo", "amenityFeature", "location", "areaServed",
           "openingHoursSpecification", "isAcceptingNewPatients", "availableService", "knowsLanguage",
           "paymentAccepted", "isAccessibleForFree", "priceRange"}
PAYMENT = ("medicaid", "medicare", "tricare", "private", "state_plan", "self_pay", "sliding_scale")
DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}


def digits(text: str) -> str:
    found = re.sub(r"\D", "", text.split(";")[0].split(" ext")[0].split("x")[0])
    return found[1:] if len(found) == 11 and found.startswith("1") else found


def listing_problems(item: dict, data: dict, url: str) -> list[str]:
    """Where the JSON-LD says something other than the listing, or something the listing does not say. Written from
    the listing format, not from the code that makes the JSON-LD."""
    problems = []

    def same(what, found, expected):
        if found != expected:
            problems.append(f"{what}: {found!r}, the listing says {expected!r}")

    extra = set(item) - ALLOWED
    if extra:
        problems.append(f"facts the listing does not state: {sorted(extra)}")
    same("@type", item.get("@type"), "MedicalClinic")
    same("url", item.get("url"), url)
    same("name", item.get("name"), data["name"])
    same("description", item.get("description"), data["summary"])
    same("telephone", digits(item.get("telephone", "")), digits(data["contact"]["phone"]))
    same("email", item.get("email"), data["contact"].get("email"))
    same("sameAs", item.get("sameAs"), data["contact"].get("website"))
    same("parentOrganization", (item.get("parentOrganization") or {}).get("name"), data["organization"]["name"])
    locations = data.get("locations", [])
    places = item.get("location") or ([item] if "address" in item else [])
    same("places", len(places), len(locations))
    if len(locations) == 1:
        same("location", "location" in item, False)
    for place, loc in zip(places, locations):
        address = place.get("address", {})
        same("addressLocality", address.get("addressLocality"), loc["city"])
        same("addressRegion", address.get("addressRegion"), loc["state"])
        same("postalCode", address.get("postalCode"), loc["postal_code"])
        shown = loc.get("street") if loc.get("address_published", True) is not False else None
        street = address.get("streetAddress")
        if (street is None) != (shown is None) or (street is not None and not street.startswith(shown)):
            problems.append(f"streetAddress: {street!r}, the listing publishes {shown!r}")
        geo = place.get("geo")
        same("geo", geo and (geo["latitude"], geo["longitude"]),
             loc.get("geo") and (loc["geo"]["lat"], loc["geo"]["lon"]))
        wheelchair = [f["value"] for f in place.get("amenityFeature", [])]
        same("wheelchair", wheelchair, [] if "wheelchair_accessible" not in loc else [loc["wheelchair_accessible"]])
    same("areaServed", [a["name"] for a in item.get("areaServed", [])],
         [label("states", s) for s in data.get("telehealth_states") or []])
    found_hours = Counter((tuple(h["dayOfWeek"]), h["opens"], h["closes"])
                          for h in item.get("openingHoursSpecification", []))
    sessions = Counter((tuple(SCHEMA + DAYS[d] for d in s["days"]), s["start"], s["end"])
                       for t in data.get("tracks", []) for s in t["sessions"]
                       if data["status"] != "temporarily_closed")  # closed for now: no opening hours
    same("openingHoursSpecification", found_hours, sessions)
    same("isAcceptingNewPatients", item.get("isAcceptingNewPatients"),
         (data.get("intake") or {}).get("accepting_new_patients"))
    services = item.get("availableService", [])
    same("therapies", [s["name"] for s in services if "drug" not in s],
         [label("modalities", m) for m in data.get("modalities", [])])
    same("medications", [d["name"] for s in services for d in s.get("drug", [])],
         [label("medications", m) for m in (data.get("medications") or {}).get("prescribes", [])])
    same("knowsLanguage", item.get("knowsLanguage"), data.get("languages"))
    ins = data.get("insurance") or {}
    payment = item.get("paymentAccepted", "")
    for key in PAYMENT:
        if (FACTS[key].label in payment.split(", ")) != (ins.get(key) is True):
            problems.append(f"paymentAccepted {payment!r} and insurance.{key}: {ins.get(key)!r}")
    for carrier in ins.get("carriers", []):
        if label("carriers", carrier) not in payment:
            problems.append(f"paymentAccepted {payment!r} lacks the carrier {carrier}")
    if not any(ins.get(k) is True for k in PAYMENT) and not ins.get("carriers"):
        same("paymentAccepted", "paymentAccepted" in item, False)
    same("isAccessibleForFree", item.get("isAccessibleForFree"), ins.get("no_fee"))
    price = ins.get("cost_per_week_usd")
    same("priceRange", "priceRange" in item, bool(price))
    for amount in (price or {}).values():
        if f"${amount:,.0f}" not in item.get("priceRange", ""):
            problems.append(f"priceRange {item.get('priceRange')!r} lacks {amount}")
    return problems


def extracted(page_html: str, url: str) -> list[dict]:
    return extruct.extract(page_html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


# --- JSON-LD -------------------------------------------------------------------------------------------------------

def test_every_program_page_has_json_ld_that_schema_org_defines_and_the_listing_states(site, published):
    output, url = site
    assert len(published) >= 20
    problems = {}
    for pid, data in published.items():
        address = f"{url}/programs/{pid}/"
        items = extracted((output / "programs" / pid / "index.html").read_text(encoding="utf-8"), address)
        assert len(items) == 1, pid
        found = vocabulary_problems(items[0]) + listing_problems(items[0], data, address)
        if found:
            problems[pid] = found
    assert problems == {}


def test_hostile_text_stays_inside_the_json_ld_block(site, published):
    output, url = site
    page = (output / "programs" / "hostile-web-meta-iop" / "index.html").read_text(encoding="utf-8")
    [item] = extracted(page, url)
    assert item["name"] == HOSTILE_NAME
    assert item["description"].startswith("<!-- --> </SCRIPT > Evening IOP")
    head = page.split("</head>")[0]
    assert head.count("<script") - head.count('<script type="module"') == 1  # the JSON-LD, whole
    assert "<!--" not in head and "</SCRIPT" not in head


def program_from(data: dict) -> program_model.Program:
    return program_model.build(data, "x.yaml", data["locations"][0]["state"] if data.get("locations") else "NJ",
                               dt.date(2026, 12, 1))


def a_listing(**changes) -> dict:
    data = load((ROOT / "tests" / "fixtures" / "valid-listing.yaml").read_bytes(), "valid-listing.yaml").data
    data.update(changes)
    return data


URL = "https://iop.example.org/programs/harbor-light-evening-iop/"


def test_the_checks_fail_on_a_generator_that_says_more_or_uses_terms_schema_org_lacks(monkeypatch):
    data = a_listing()
    item = jsonld.program(program_from(data), URL)
    assert vocabulary_problems(item) == [] and listing_problems(item, data, URL) == []
    made = jsonld.program

    def broken(p, url):
        item = made(p, url)
        item["insuranceAccepted"] = "Medicaid"  # no such property
        item["medicalSpecialty"] = "https://schema.org/Psychiatric"  # a real term, but no fact of the listing
        item["audience"] = {"@type": "PeopleAudience", "suggestedMinAge": 18}  # a property, not of a clinic
        item["availableService"] = [{"@type": "MedicalTherapie", "name": "CBT"}]  # no such type
        item["openingHoursSpecification"][0]["dayOfWeek"] = [SCHEMA + "Funday"]
        return item

    monkeypatch.setattr(jsonld, "program", broken)
    item = jsonld.program(program_from(data), URL)
    assert sorted(vocabulary_problems(item)) == [
        ".audience: not a property of MedicalClinic",
        ".availableService[0]: type 'MedicalTherapie' is not in schema.org",
        ".insuranceAccepted: no such schema.org property",
        ".openingHoursSpecification[0].dayOfWeek[0]: https://schema.org/Funday is no schema.org term"]
    assert listing_problems(item, data, URL)[0] == (
        "facts the listing does not state: ['audience', 'insuranceAccepted', 'medicalSpecialty']")


def test_the_check_fails_when_the_page_and_the_listing_differ():
    data = a_listing(intake={"accepting_new_patients": True}, modalities=["cbt"])
    item = jsonld.program(program_from(data), URL)
    assert listing_problems(item, data, URL) == []
    edited = a_listing(intake={}, modalities=["cbt", "dbt"], contact={"phone": "973-555-0100"},
                       insurance={"medicaid": False})
    found = "\n".join(listing_problems(item, edited, URL))
    for what in ("telephone", "sameAs", "isAcceptingNewPatients", "therapies", "insurance.medicaid"):
        assert what in found


def test_json_ld_states_no_more_than_the_listing():
    """Unknown is not no: an absent fact is absent from the JSON-LD; a ZIP's centre is no clinic's coordinates."""
    data = a_listing()
    for key in ("intake", "insurance", "modalities", "medications"):
        data.pop(key, None)
    item = jsonld.program(program_from(data), URL)
    for absent in ("isAcceptingNewPatients", "paymentAccepted", "isAccessibleForFree", "priceRange",
                   "availableService", "geo", "amenityFeature", "email"):
        assert absent not in item
    data["insurance"] = {"no_fee": False, "medicaid": False, "cost_per_week_usd": {"max": 650}}
    data["intake"] = {"accepting_new_patients": False}
    item = jsonld.program(program_from(data), URL)
    assert item["isAccessibleForFree"] is False and item["isAcceptingNewPatients"] is False
    assert "paymentAccepted" not in item and item["priceRange"] == "Up to $650 per week"


def test_a_temporarily_closed_program_has_no_opening_hours():
    data = a_listing(status="temporarily_closed")
    item = jsonld.program(program_from(data), URL)
    assert "openingHoursSpecification" not in item and listing_problems(item, data, URL) == []
    assert jsonld.program(program_from(a_listing()), URL)["openingHoursSpecification"]


def test_an_unpublished_address_gives_the_town_only_and_several_places_are_all_listed():
    places = [{"street": "12 Market St", "address_published": False, "city": "Newark", "state": "NJ",
               "postal_code": "07102"},
              {"label": "Annex", "street": "1 Broad St", "street2": "Floor 2", "city": "Newark", "state": "NJ",
               "postal_code": "07102", "geo": {"lat": 40.73, "lon": -74.17}, "wheelchair_accessible": False}]
    data = a_listing(locations=places)
    item = jsonld.program(program_from(data), URL)
    assert "streetAddress" not in item["address"]
    assert item["address"] == {"@type": "PostalAddress", "addressLocality": "Newark", "addressRegion": "NJ",
                               "postalCode": "07102", "addressCountry": "US"}
    assert item["location"][1]["address"]["streetAddress"] == "1 Broad St, Floor 2"
    assert item["location"][1]["geo"] == {"@type": "GeoCoordinates", "latitude": 40.73, "longitude": -74.17}
    assert vocabulary_problems(item) == [] and listing_problems(item, data, URL) == []


def test_a_listing_cannot_end_the_block_or_open_a_comment():
    data = a_listing(name="a</script><!--b", summary="x</Script\t>y<!-- z")
    block = str(webmeta.json_ld(program_from(data), URL))
    inner = block[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner
    assert json.loads(inner)["name"] == "a</script><!--b"


# --- sitemap.xml and robots.txt -----------------------------------------------------------------------------------

def output_file(output: Path, url: str, address: str) -> Path:
    path = address[len(url) + 1:]
    return output / (path + "index.html" if path == "" or path.endswith("/") else path)


def test_sitemap_lists_every_published_page_and_only_pages_that_exist(site, published):
    output, url = site
    tree = ET.parse(output / "sitemap.xml")  # well-formed, or this raises
    root = tree.getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    entries = {u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod") for u in root}
    assert len(entries) == len(root)  # no address twice
    missing = [a for a in entries if not a.startswith(url + "/") or not output_file(output, url, a).is_file()]
    assert missing == []
    pages = {f"{url}/" + p.relative_to(output).as_posix()[:-len("index.html")]
             for p in output.rglob("index.html")}
    assert pages - set(entries) == set()  # every page (the error page, 404.html, is no page to find)
    assert f"{url}/404.html" not in entries
    for pid, data in published.items():
        assert entries[f"{url}/programs/{pid}/"] == data["verification"]["last_verified"]
    nj = [published[p.stem]["verification"]["last_verified"] for p in (output.parent / "programs" / "nj").glob("*.yaml")
          if p.stem in published]
    assert entries[f"{url}/states/nj/"] == max(nj)  # a state's page: its newest listing


def test_a_rebuild_that_skips_unchanged_pages_gives_the_same_sitemap_and_writes_only_changed_feeds(tmp_path):
    """A page whose inputs did not change is not written again (iopdir.build.outputs): the sitemap still lists it.
    A feed whose entries did not change is not written again either; a state's feed is when one of its listings
    changed."""
    programs = tmp_path / "programs"
    shutil.copytree(ROOT / "programs", programs)

    def build():
        output = build_site(tmp_path / "out", programs, SITEURL="https://iop.example.org", IOPDIR_TODAY=TODAY)
        feeds = {p.name: p.stat().st_mtime_ns for p in (output / "feeds").iterdir()}
        return (output / "sitemap.xml").read_text(encoding="utf-8"), feeds

    made, feeds = build()
    again, feeds_again = build()
    assert again == made
    assert "/states/nj/compare/</loc>" in made and "/programs/cedar-bog-weekend-recovery-iop/</loc>" in made
    assert feeds_again == feeds
    listing = programs / "nj" / "cedar-bog-weekend-recovery-iop.yaml"
    listing.write_text(listing.read_text().replace("summary: Weekend IOP", "summary: Edited weekend IOP"))
    _, feeds_edited = build()
    assert {name for name in feeds if feeds_edited[name] != feeds[name]} == {"nj.atom.xml", "programs.atom.xml"}
    assert "Edited weekend IOP" in (tmp_path / "out" / "feeds" / "nj.atom.xml").read_text()


def test_sitemap_leaves_out_a_closed_listing_and_a_page_no_longer_made(site):
    output, url = site
    text = (output / "sitemap.xml").read_text(encoding="utf-8")
    closed = [d["id"] for d in (load(p.read_bytes(), p.name).data for p in (ROOT / "programs").rglob("*.yaml"))
              if d["status"] == "closed"]
    for pid in closed:
        assert f"/programs/{pid}/" not in text


def test_robots_names_the_sitemap(site):
    output, url = site
    assert (output / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {url}/sitemap.xml\n"


def test_without_an_absolute_siteurl_no_sitemap_or_feeds_and_links_from_the_root(built_site):
    """The development settings (SITEURL ""): a sitemap and a feed need absolute addresses, so neither is made;
    robots.txt names no sitemap; canonical links are from the site's root."""
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert not (built_site / "sitemap.xml").exists() and not (built_site / "feeds").exists()
    page = (built_site / "states" / "nj" / "index.html").read_text()
    assert '<link rel="canonical" href="/states/nj/">' in page
    assert "application/atom+xml" not in page and "og:url" not in page


# --- feeds ---------------------------------------------------------------------------------------------------------

def read_feed(output: Path, path: str):
    feed = feedparser.parse((output / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_feeds_hold_the_listings_newest_first_site_wide_and_per_state(site, published):
    output, url = site
    everywhere = read_feed(output, "feeds/programs.atom.xml")
    newest = sorted(published.values(), key=lambda d: d["verification"]["last_verified"], reverse=True)
    assert len(everywhere.entries) == min(100, len(published))
    assert [e.updated[:10] for e in everywhere.entries] == [d["verification"]["last_verified"] for d in newest]
    ids = [everywhere.feed.id]
    for state in sorted({d["locations"][0]["state"] for d in published.values() if d.get("locations")}):
        feed = read_feed(output, f"feeds/{state.lower()}.atom.xml")
        ids.append(feed.feed.id)
        expected = {pid for pid, d in published.items()
                    if (d.get("locations") or [{"state": None}])[0]["state"] == state}
        found = {e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries}
        assert expected <= found, state  # (a telehealth-only program is in its headquarters' state's feed)
        assert state in feed.feed.title or label("states", state) in feed.feed.title
        for entry in feed.entries:
            assert output_file(output, url, entry.link).is_file()
            assert entry.id.startswith("tag:") and entry.author
    assert len(set(ids)) == len(ids) == len(list((output / "feeds").glob("*.xml")))  # each feed its own id
    [hostile] = [e for e in everywhere.entries if "hostile-web-meta-iop" in e.link]
    assert hostile.title == HOSTILE_NAME
    assert "<script" not in hostile.content[0].value  # the listing's words are text in the entry's HTML


def test_each_language_has_its_feeds(site, published):
    """/es/feeds/: the same entries as the English feeds, in Spanish (title, place, the verified line), each linking
    to the Spanish page, the listing's Spanish summary where it gives one (else its English one, marked lang="en");
    the feed says xml:lang="es"; the Spanish pages link to them, the English ones to the English feeds."""
    output, url = site
    english, spanish = read_feed(output, "feeds/programs.atom.xml"), read_feed(output, "es/feeds/programs.atom.xml")
    assert [e.link.replace("/es/", "/") for e in spanish.entries] == [e.link for e in english.entries]
    assert all(e.link.startswith(f"{url}/es/programs/") for e in spanish.entries)
    assert spanish.feed.id != english.feed.id and spanish.feed.title != english.feed.title
    assert b'xml:lang="es"' in (output / "es" / "feeds" / "programs.atom.xml").read_bytes()
    assert b"xml:lang" not in (output / "feeds" / "programs.atom.xml").read_bytes()
    with i18n.using("es"):
        assert spanish.feed.title.endswith(webmeta.feed_title())
    by_id = {e.link.rstrip("/").rsplit("/", 1)[1]: e for e in spanish.entries}
    for pid, entry in by_id.items():
        own = ((published[pid].get("translations") or {}).get("es") or {}).get("summary")
        content = entry.content[0].value
        if own:
            assert html.unescape(entry.summary) == own and f"<p>{html.escape(own, quote=False)}</p>" in content, pid
        else:
            assert html.unescape(entry.summary) == published[pid]["summary"] and '<p lang="en">' in content, pid
        who = published[pid]["verification"].get("verified_by", "provider")
        with i18n.using("es"):
            line = i18n.gettext(wording.VERIFIED_BY[who]) % {"date": wording.date(
                dt.date.fromisoformat(published[pid]["verification"]["last_verified"]))}
        assert f"<p>{html.escape(line, quote=False)}.</p>" in content and "Verified" not in content, pid
    assert any((published[pid].get("translations") or {}).get("es") for pid in by_id)
    nj = read_feed(output, "es/feeds/nj.atom.xml")
    assert {e.link.replace("/es/", "/") for e in nj.entries} == {e.link for e in read_feed(output, "feeds/nj.atom.xml").entries}
    # The English feed's verified line has its date (it said "Verified %(date)s by the provider").
    assert all("%(date)s" not in e.content[0].value for e in english.entries)
    assert re.search(r"Verified [A-Z][a-z]+ \d{1,2}, \d{4} by", english.entries[0].content[0].value)
    # The pages link to their language's feeds.
    head = head_of(output / "es" / "states" / "nj" / "index.html")
    assert f'href="{url}/es/feeds/programs.atom.xml"' in head and f'href="{url}/es/feeds/nj.atom.xml"' in head
    assert f'href="{url}/feeds/programs.atom.xml"' in head_of(output / "states" / "nj" / "index.html")


def test_a_re_verified_listing_is_a_new_entry():
    data = a_listing()
    first = webmeta.FeedEntry(program_from(data), "IOP Directory")
    data["verification"] = {**data["verification"], "last_verified": "2026-11-30"}
    again = webmeta.FeedEntry(program_from(data), "IOP Directory")
    from feedgenerator import get_tag_uri
    assert get_tag_uri(URL, first.date) != get_tag_uri(URL, again.date)


def test_feed_max_items_bounds_every_feed(tmp_path):
    output = build_site(tmp_path / "out", SITEURL="https://iop.example.org", IOPDIR_TODAY=TODAY, FEED_MAX_ITEMS=2)
    for path in (output / "feeds").glob("*.xml"):
        assert len(read_feed(output, path.relative_to(output).as_posix()).entries) <= 2
    assert len(read_feed(output, "feeds/programs.atom.xml").entries) == 2


def test_a_state_feed_path_needs_its_slug():
    assert iopdir_settings.problems({"IOPDIR_STATE_FEED_ATOM": "feeds/state.atom.xml"}) == [
        "IOPDIR_STATE_FEED_ATOM = 'feeds/state.atom.xml': expected a path (text) with \"{slug}\" in it, or None"]
    assert iopdir_settings.problems({"IOPDIR_STATE_FEED_ATOM": None, "IOPDIR_FEED_ATOM": None}) == []


# --- every page's head ---------------------------------------------------------------------------------------------

def head_of(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("</head>")[0]


def test_every_page_has_a_canonical_link_open_graph_a_description_and_the_feeds(site):
    output, url = site
    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 40
    for page in pages:
        head = head_of(page)
        relative = page.relative_to(output).as_posix()
        address = f"{url}/{relative[:-len('index.html')] if relative.endswith('index.html') else relative}"
        if relative in ("404.html", "es/404.html"):  # each language's error page
            assert '<meta name="robots" content="noindex">' in head and "canonical" not in head
        else:
            assert re.findall(r'<link rel="canonical" href="([^"]*)">', head) == [address], relative
            assert f'<meta property="og:url" content="{address}">' in head
        for name in ('property="og:title"', 'property="og:description"', 'name="description"'):
            content = re.findall(f'<meta {name} content="([^"]*)">', head)
            assert len(content) == 1 and html.unescape(content[0]).strip(), (relative, name)
        feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
        folder = "es/" if relative.startswith("es/") else ""  # each language's pages link to its own feeds
        assert feeds[0] == f"{url}/{folder}feeds/programs.atom.xml", relative
        state = re.match(r"(?:es/)?(?:states/([a-z]{2})/|programs/)", relative)
        if state and state.group(1):
            assert feeds[1:] == [f"{url}/{folder}feeds/{state.group(1)}.atom.xml"], relative
        for feed in feeds:
            assert output_file(output, url, feed).is_file()


def test_a_program_page_links_to_its_states_feed(site, published):
    output, url = site
    head = head_of(output / "programs" / "cedar-bog-weekend-recovery-iop" / "index.html")
    assert f'href="{url}/feeds/nj.atom.xml"' in head


def test_the_heads_are_valid_html(site, tmp_path):
    """The pages whose heads differ with an absolute SITEURL (og:url, the feeds' links); the development build's
    pages are all checked by test_html_valid."""
    output, _ = site
    for i, path in enumerate(["index.html", "404.html", "states/index.html", "states/nj/index.html",
                              "programs/cedar-bog-weekend-recovery-iop/index.html"]):
        shutil.copy(output / path, tmp_path / f"{i}.html")
    assert vnu_errors(tmp_path) == []


def test_state_pages_show_their_feed_and_pass_axe(site, page, foreign_requests):
    output, url = site
    violations = {}
    for path in ("/states/", "/states/nj/", "/programs/cedar-bog-weekend-recovery-iop/"):
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + path)
        violations[path] = axe_violations(page)
        assert not [e for e in errors if "Content Security Policy" in e]
    assert violations == {p: [] for p in violations}
    page.goto(url + "/states/nj/")
    link = page.get_by_role("link", name="Programs in New Jersey added or re-verified")
    assert link.get_attribute("href") == f"{url}/feeds/nj.atom.xml"
    assert "Programs in New Jersey" in page.request.get(f"{url}/feeds/nj.atom.xml").text()
    assert foreign_requests == []


def test_every_spanish_program_page_has_json_ld_whose_description_says_its_language(site, published):
    """/es/programs/<id>/: the same JSON-LD, its description the listing's Spanish summary when it gives one, else
    its English one, as a language-tagged value (the page's language is not always the text's)."""
    output, url = site
    problems = {}
    for pid, data in published.items():
        address = f"{url}/es/programs/{pid}/"
        [item] = extracted((output / "es" / "programs" / pid / "index.html").read_text(encoding="utf-8"), address)
        spanish = ((data.get("translations") or {}).get("es") or {}).get("summary")
        assert item["description"] == ({"@value": spanish, "@language": "es"} if spanish
                                       else {"@value": data["summary"], "@language": "en"}), pid
        # (the vocabulary's labels are the page's language: listing_problems knows the English ones)
        found = vocabulary_problems(item)
        if found:
            problems[pid] = found
    assert problems == {}
