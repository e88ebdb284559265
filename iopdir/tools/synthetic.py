"""Synthetic listings for benchmarks and tests: realistic, valid, varied, and the same for the same seed.

Every generated program is fictional and says so (`.example` websites, 555-01xx numbers).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from iopdir.listing import geography
from iopdir.listing.vocabulary import vocabularies
from iopdir.listing.yamlstrict import dump

TIMEZONES = {
    "NJ": "America/New_York", "MA": "America/New_York", "OH": "America/New_York", "GA": "America/New_York",
    "NY": "America/New_York", "PA": "America/New_York", "FL": "America/New_York", "NC": "America/New_York",
    "WA": "America/Los_Angeles", "CA": "America/Los_Angeles", "OR": "America/Los_Angeles",
    "AZ": "America/Phoenix", "NM": "America/Denver", "CO": "America/Denver",
    "TX": "America/Chicago", "IL": "America/Chicago", "MN": "America/Chicago",
}
WORDS_A = ["Harbor", "Cedar", "Riverbend", "Summit", "Lakeside", "Northstar", "Willow", "Bridgeway", "Clearview",
           "New Dawn", "Pinecrest", "Beacon", "Crossroads", "Meadow", "Stonegate", "Open Door", "Evergreen",
           "Horizon", "Keystone", "Maple", "Silver Creek", "Sunrise", "Tidewater", "Valley", "Westbrook"]
WORDS_B = ["Recovery", "Behavioral Health", "Counseling", "Wellness", "Family Services", "Treatment Center",
           "Mind & Body", "Health Partners", "Outpatient Services", "Community Care"]
KINDS = ["IOP", "Intensive Outpatient", "Evening IOP", "Adolescent IOP", "Day IOP", "Recovery IOP"]
SENTENCES = [
    "Groups focus on coping skills, relapse prevention and building a daily routine.",
    "Each participant works with a primary counselor and meets with a psychiatrist as needed.",
    "Families are invited to a weekly education night.",
    "We coordinate with schools, employers and primary care with your permission.",
    "Sessions combine group therapy, individual counseling and skills practice.",
    "Medication management is available for people who need it.",
    "Our staff includes licensed clinical social workers and certified addiction counselors.",
    "Participants practice mindfulness and stress management in every session.",
    "We help with a plan for after the program, including alumni groups and peer support.",
    "Spanish-speaking clinicians lead a separate group on Tuesdays.",
]
SCHEDULES = [
    (["mon", "tue", "thu"], "18:00", "21:00"),
    (["mon", "wed", "fri"], "09:00", "12:00"),
    (["tue", "wed", "thu"], "17:30", "20:30"),
    (["mon", "tue", "wed", "thu"], "13:00", "16:00"),
    (["sat", "sun"], "09:00", "14:00"),
    (["mon", "wed", "thu"], "16:00", "19:00"),
]


def _pick(rng, items, low=0, high=3):
    return sorted(rng.sample(list(items), rng.randint(low, min(high, len(items)))))


def listing(rng: random.Random, n: int, state: str, zip_: geography.Zip, today: dt.date) -> dict:
    voc = vocabularies()
    city = zip_.city.title()
    name = f"{rng.choice(WORDS_A)} {rng.choice(KINDS)}"
    org = f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)}"
    pid = f"synthetic-{n:05d}"
    adolescent = "Adolescent" in name
    telehealth = rng.random() < 0.5
    data = {
        "schema_version": 1, "id": pid, "status": "active" if rng.random() > 0.03 else "temporarily_closed",
        "name": f"{name} of {city}", "organization": {"name": org, "ownership": rng.choice(list(voc["ownership"]))},
        "summary": f"{rng.choice(['Evening', 'Daytime', 'Flexible', 'Structured'])} intensive outpatient care in {city} "
                   f"for {'teens' if adolescent else 'adults'} with {rng.choice(['substance use', 'depression and anxiety', 'co-occurring conditions', 'alcohol use'])}.",
        "description": " ".join(rng.sample(SENTENCES, rng.randint(1, 6))),
        "focus": _pick(rng, voc["focus"], 1, 2),
        "conditions": _pick(rng, voc["conditions"], 1, 5),
        "contact": {"phone": f"555-555-01{rng.randint(0, 99):02d}".replace("555-555", f"{rng.randint(201, 989)}-555"),
                    "website": f"https://program-{n}.example/"},
        "locations": [{"street": f"{rng.randint(1, 9999)} {rng.choice(['Main', 'Oak', 'Market', 'Church', 'Elm'])} St",
                       "city": city, "state": state, "postal_code": zip_.code}],
        "delivery": ["in_person", "telehealth"] if telehealth else ["in_person"],
    }
    if telehealth:
        data["telehealth_states"] = [state]
    if rng.random() < 0.8:
        days, start, end = rng.choice(SCHEDULES)
        data["tracks"] = [{"name": "Main track", "audience": "adolescents" if adolescent else "adults",
                           "timezone": TIMEZONES.get(state, "America/New_York"),
                           "sessions": [{"days": days, "start": start, "end": end}]}]
    for key, vocab, high in [("populations", "populations", 3), ("modalities", "modalities", 6)]:
        picked = _pick(rng, voc[vocab], 0, high)
        if picked:
            data[key] = picked
    data["languages"] = ["en"] + (["es"] if rng.random() < 0.3 else [])
    if rng.random() < 0.7:
        data["insurance"] = {k: rng.random() < 0.6 for k in ("medicaid", "medicare", "private", "self_pay")}
        carriers = _pick(rng, voc["carriers"], 0, 3)
        if carriers:
            data["insurance"]["carriers"] = carriers
    if rng.random() < 0.5:
        data["family_programming"] = {"offered": rng.random() < 0.8}
    if rng.random() < 0.5:
        data["aftercare"] = {"offered": rng.random() < 0.8}
    if rng.random() < 0.4:
        data["accreditations"] = [{"body": rng.choice(list(voc["accreditation_bodies"])),
                                   "expires": (today + dt.timedelta(days=rng.randint(60, 900))).isoformat()}]
    data["verification"] = {"last_verified": (today - dt.timedelta(days=rng.randint(0, 600))).isoformat(),
                            "verified_by": rng.choice(["provider", "maintainer"])}
    return data


def generate(count: int, out_dir: Path, seed: int = 1, today: dt.date | None = None,
             states: tuple[str, ...] = tuple(TIMEZONES)) -> list[Path]:
    """Write `count` listings under out_dir/<state>/ and return their paths."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    zips_by_state: dict[str, list[geography.Zip]] = {}
    for z in sorted(geography.zip_table().values(), key=lambda z: z.code):
        if z.state in states:
            zips_by_state.setdefault(z.state, []).append(z)
    paths = []
    for n in range(count):
        state = rng.choice(states)
        data = listing(rng, n, state, rng.choice(zips_by_state[state]), today)
        path = Path(out_dir) / state.lower() / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data), encoding="utf-8")
        paths.append(path)
    return paths
