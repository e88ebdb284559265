"""A program as schema.org JSON-LD, for search engines: the block a program page carries in its <head>.

Only what the listing states: nothing computed from a guess (a ZIP's centre is no `geo`), an absent fact is left out
(never written as false), and the words are the site's own (vocabulary labels, the facts' labels). The types and
properties used all exist in schema.org's vocabulary (tests/test_web_meta.py checks every page against a copy of it).
"""

from __future__ import annotations

import re

from iopdir import i18n
from iopdir.writing import compact_json
from iopdir.listing.facts import FACTS
from iopdir.listing.program import Program
from iopdir.listing.vocabulary import label, vocabularies

SCHEMA = "https://schema.org/"
_DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
              "sat": "Saturday", "sun": "Sunday"}
# The payment facts a family reads as "they take my coverage" (paymentAccepted), in the page's order. Help paying
# is no means of payment; free of charge is isAccessibleForFree.
_DIALABLE = re.compile(r"tel:\+1[0-9]{10}(;ext=[0-9]+)?$")
_PAYMENT = ("medicaid", "medicare", "tricare", "private", "state_plan", "self_pay", "sliding_scale")


def program(p: Program, url: str, lang: str = i18n.DEFAULT) -> dict:
    """The program as a schema.org MedicalClinic (a LocalBusiness and a MedicalOrganization); `url` is its page, in
    `lang`: there the description is the listing's own translation of its summary when it gives one, else its
    English summary, and says which (a JSON-LD language-tagged value: the page's language is not the text's)."""
    data: dict = {"@context": "https://schema.org", "@type": "MedicalClinic", "@id": f"{url}#program", "url": url,
                  "name": p.name, "description": _description(p, lang), "telephone": _phone(p.phone)}
    contact = p.get("contact") or {}
    if contact.get("email"):
        data["email"] = contact["email"]
    if contact.get("website"):
        data["sameAs"] = contact["website"]  # the program's own site names the same clinic
    org = p.organization.get("name")
    if org:
        data["parentOrganization"] = {"@type": "Organization", "name": org}
    places = [_place(p, i) for i in range(len(p.locations))]
    if places:
        # The first place is the clinic's address; a program at several places lists them all.
        first = places[0]
        data.update({k: first[k] for k in ("address", "geo", "amenityFeature") if k in first})
        if len(places) > 1:
            data["location"] = places
    served = p.get("telehealth_states")
    if served:  # where it treats online: states it names
        names = vocabularies()["states"]
        data["areaServed"] = [{"@type": "State", "name": names.get(code, code)} for code in served]
    # A program closed for now meets at no hours: a search engine would show its sessions as open times.
    hours = [_session(s) for t in p.tracks for s in t.sessions] if p.status != "temporarily_closed" else []
    if hours:
        data["openingHoursSpecification"] = hours
    accepting = p.get("intake", "accepting_new_patients")
    if isinstance(accepting, bool):
        data["isAcceptingNewPatients"] = accepting
    services = [{"@type": "MedicalTherapy", "name": label("modalities", m)} for m in p.get("modalities") or []]
    drugs = p.get("medications", "prescribes") or []
    if drugs:
        services.append({"@type": "MedicalTherapy", "name": "Medication for addiction treatment",
                         "drug": [{"@type": "Drug", "name": label("medications", d)} for d in drugs]})
    if services:
        data["availableService"] = services
    languages = p.get("languages")
    if languages:
        data["knowsLanguage"] = list(languages)  # ISO 639 codes are BCP 47 language tags
    ins = p.get("insurance") or {}
    payment = _payment(ins)
    if payment:
        data["paymentAccepted"] = payment
    if isinstance(ins.get("no_fee"), bool):
        data["isAccessibleForFree"] = ins["no_fee"]
    price = ins.get("cost_per_week_usd") or {}
    if price.get("min") is not None or price.get("max") is not None:
        data["priceRange"] = _price(price)
    return data


def _phone(phone) -> str:
    # The number the page's tel: link dials (+1 and ten digits, ";ext=" and an extension), else as written.
    return phone.tel[len("tel:"):] if _DIALABLE.match(phone.tel) else phone.written


def _place(p: Program, index: int) -> dict:
    written = p.data["locations"][index]
    loc = p.locations[index]
    address = {"@type": "PostalAddress"}
    # An address the program does not publish (address_published: false) is given by its town only.
    if written.get("address_published", True) is not False and written.get("street"):
        address["streetAddress"] = ", ".join(filter(None, [written["street"], written.get("street2")]))
    address.update({"addressLocality": loc.city, "addressRegion": loc.state, "postalCode": loc.postal_code,
                    "addressCountry": "US"})
    place = {"@type": "Place", "address": address}
    if loc.label:
        place["name"] = loc.label
    geo = written.get("geo")
    if geo:  # only coordinates the listing gives: a ZIP's centre is not where the clinic is
        place["geo"] = {"@type": "GeoCoordinates", "latitude": geo["lat"], "longitude": geo["lon"]}
    if isinstance(loc.wheelchair_accessible, bool):
        place["amenityFeature"] = [{"@type": "LocationFeatureSpecification", "name": FACTS["wheelchair"].label,
                                    "value": loc.wheelchair_accessible}]
    return place


def _session(session) -> dict:
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": [SCHEMA + _DAY_NAMES[d] for d in session.days],
            "opens": session.start, "closes": session.end}


def _payment(ins: dict) -> str:
    accepted = []
    for key in _PAYMENT:
        if ins.get(key) is True:
            accepted.append(FACTS[key].label)
        if key == "private":  # the named carriers after private insurance, as on the page
            accepted.extend(label("carriers", c) for c in ins.get("carriers") or [])
    return ", ".join(accepted)


def _price(price: dict) -> str:
    low, high = (_dollars(price.get(k)) for k in ("min", "max"))
    if low is None:
        return f"Up to ${high:,} per week"
    if high is None:
        return f"From ${low:,} per week"
    return f"${low:,} per week" if low == high else f"${low:,}–${high:,} per week"


def _dollars(amount):
    return int(amount) if amount is not None and amount == int(amount) else amount


def _description(p: Program, lang: str):
    if lang == i18n.DEFAULT:
        return p.summary
    translated = p.get("translations", lang, "summary")
    return {"@value": translated, "@language": lang} if translated else {"@value": p.summary, "@language": i18n.DEFAULT}


def script(data: dict) -> str:
    """`data` as the text of a <script type="application/ld+json"> element. Listings are untrusted: `<`, `>` and `&`
    are written as JSON escapes, so no text can end the element (`</script>`) or open a comment (`<!--`) in it."""
    text = compact_json(data).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
