"""SAMHSA's National Directories (N-SUMHSS) in their public machine-readable form: rows, repairs and code meanings.

One row is one facility in one directory (`substance` or `mental`). A row lists its services as codes; the tables
below say which codes have a home in the listing format. Codes not in a table are left out of listings on purpose:
the directory says what a facility offers, never what it does not, so an absent code is *not reported*, not *no*.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

IOP_CODE = "OIT"  # "Intensive outpatient treatment"
SUBSTANCE, MENTAL = "substance", "mental"

# --- what codes mean in the listing format ------------------------------------------------------------------------
# Codes have the same meaning in both directories (checked against service_definitions.csv by the tests), so one
# table serves both. Each value is a vocabulary slug.

# Ownership, most specific first: a VA facility is also "FED"; a tribal one may also be "IH".
OWNERSHIP = (
    ("VAMC", "veterans_affairs"), ("VAHC", "veterans_affairs"),
    ("TBG", "tribal"),
    ("PVTN", "private_nonprofit"), ("PVTP", "private_for_profit"),
    ("STG", "government"), ("LCCG", "government"),
)  # FED (other federal: DoD, IHS) stays absent: `government` means state, county or city.

# What the facility is about. SUMH (both) and IDD (mental) are treatment for co-occurring disorders; CO is a group of
# clients (see POPULATIONS), not a focus.
CO_OCCURRING_FOCUS = frozenset({"SUMH", "IDD"})

CONDITIONS = {
    "AUDO": "alcohol", "PMAT": "alcohol",  # alcohol clients only; prescribes medication for alcohol use disorder
    "OUDO": "opioids", "OTP": "opioids", "MU": "opioids", "BU": "opioids",  # opioid clients only; OUD medication
    "TGD": "gambling",
    "PTSD": "ptsd", "PED": "eating_disorders", "PEFP": "psychosis",
}
# Explicit "does not treat" codes win over an inference from medication codes.
NOT_TREATED = {"NAUT": "alcohol", "NOOP": "opioids"}

POPULATIONS = {
    # Special programs or groups ...
    "AD": "adolescents", "TAY": "young_adults", "SE": "older_adults", "WN": "women", "MN": "men",
    "PW": "pregnant_postpartum", "VET": "veterans", "ADM": "active_military", "MF": "military_families",
    "GL": "lgbtq", "CJ": "criminal_justice", "TRMA": "trauma_survivors", "CO": "co_occurring",
    "DU": "dui", "DUO": "dui",
    # ... and age groups accepted. Ages stay absent: the age codes are not a complete checklist (a fifth of the
    # substance rows with an adolescent program lack CHLD), so a min or max would turn "not listed" into "no".
    "CHLD": "adolescents", "YAD": "young_adults", "ADLT": "adults", "SNR": "older_adults",
}

LANGUAGES = {
    "SP": "es", "AH": "ase",  # AH: sign language services; in the US that is American Sign Language
    "F4": "ar", "F17": "zh", "F25": "fa", "F28": "fr", "F30": "de", "F31": "el", "F35": "he", "F36": "hi",
    "F37": "hmn", "F42": "it", "F43": "ja", "F47": "ko", "F66": "pl", "F67": "pt", "F70": "ru", "F81": "tl",
    "F92": "vi", "N24": "oj", "N40": "ypk",
}  # F19 "Creole" (Haitian? Cape Verdean?), FX and NX (other languages) name no single language: absent.

MODALITIES = {
    "CBT": "cbt", "DBT": "dbt", "MOTI": "motivational_interviewing",
    "CMI": "contingency_management", "CRV": "contingency_management",  # CRV: community reinforcement plus vouchers
    "EMDR": "emdr", "TRC": "trauma_focused", "TWFA": "twelve_step_facilitation", "MXM": "matrix_model",
    "RELP": "relapse_prevention", "GT": "group_therapy", "GCO": "group_therapy",
    "IPT": "individual_therapy", "ICO": "individual_therapy",
    "CFT": "family_therapy", "FCO": "family_therapy", "MCO": "family_therapy",  # couples counselling counts here
    "SAE": "psychoeducation",  # substance use disorder education
}  # Mental-health ACT is *assertive community treatment*, not acceptance and commitment therapy: absent.

PRESCRIBES = {
    "BU": "buprenorphine", "UB": "buprenorphine", "BUM": "buprenorphine", "BWN": "buprenorphine",
    "BWON": "buprenorphine", "BERI": "buprenorphine", "BSDM": "buprenorphine",
    "NU": "naltrexone", "UN": "naltrexone", "NXN": "naltrexone", "VTRL": "naltrexone", "RPN": "naltrexone",
    "MU": "methadone", "METH": "methadone", "MM": "methadone",
    "ACM": "acamprosate", "DSF": "disulfiram",
}
# Accepts clients on medication prescribed elsewhere (for opioid / alcohol use disorder). NMOA ("does not use MAT for
# opioid use disorders") says what the facility does not prescribe, not that it turns such clients away, so it never
# sets accepts_patients_on_medication to false.
ACCEPTS_MEDICATION = frozenset({"MOA", "ACMA"})

FAMILY = {"FCO": "family_therapy", "CFT": "family_therapy", "MCO": "family_therapy", "FPSY": "family_education"}

# ACC "aftercare/continuing care" says aftercare is offered without saying which kind.
AFTERCARE_OFFERED = frozenset({"ACC"})
AFTERCARE = {"DP": "discharge_planning", "OFD": "outcome_follow_up", "RC": "recovery_coaching", "PEER": "peer_support"}

INSURANCE = {
    "MD": "medicaid", "MC": "medicare", "MI": "tricare", "PI": "private", "SI": "state_plan", "SF": "self_pay",
    "SS": "sliding_scale", "PA": "payment_assistance", "NP": "no_fee",
}

ACCREDITATIONS = {"JC": "joint_commission", "CARF": "carf", "COA": "coa", "NCQA": "ncqa", "HFAP": "hfap"}

# Licensed by ... (the directory gives the kind of agency, not its name or a licence number).
LICENSES = {
    "STAG": "State substance use treatment agency", "STMH": "State mental health department",
    "STDH": "State department of health", "HLA": "Hospital licensing authority",
}

TELEHEALTH = "TELE"


# --- reading --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One facility of one directory, as published (only text tidied)."""

    facility_id: str
    directory: str
    name1: str
    name2: str
    street1: str
    street2: str
    city: str
    state: str
    zip: str
    phone: str
    intakes: tuple[str, ...]  # intake1, intake2, intake1a, intake2a, the empty ones dropped
    codes: frozenset[str]

    def _phones(self) -> tuple[str, ...]:
        return ((self.phone,) if self.phone else ()) + self.intakes
    phones = property(_phones)

    def _offers_iop(self) -> bool:
        return IOP_CODE in self.codes
    offers_iop = property(_offers_iop)

    def _sort_key(self) -> tuple:
        return facility_sort_key(self.facility_id)
    sort_key = property(_sort_key)


def facility_sort_key(facility_id: str) -> tuple:
    """'substance_9' before 'substance_10': the number, not the text, orders rows."""
    head, _, number = facility_id.rpartition("_")
    return (head, int(number)) if number.isdigit() else (facility_id, -1)


@dataclass(frozen=True)
class Definitions:
    """What each code means, per directory (labels tidied)."""

    labels: dict[tuple[str, str], str]

    def knows(self, directory: str, code: str) -> bool:
        return (directory, code) in self.labels

    def label(self, directory: str, code: str) -> str | None:
        return self.labels.get((directory, code))


FACILITY_COLUMNS = ("facility_id", "directory_type", "name1", "name2", "street1", "street2", "city", "state", "zip",
                    "phone", "intake1", "intake2", "intake1a", "intake2a", "service_code_info")
INTAKE_COLUMNS = ("intake1", "intake2", "intake1a", "intake2a")


class FormatError(ValueError):
    """The file is not in the directory's published format."""


# The longest field of the national file is under 700 characters (a facility's service codes): far longer is not
# the directory's data, and would otherwise become a listing's name.
MAX_FIELD = 4000


def read_table(path: Path, what: str, columns, wrong_columns: str) -> list[dict[str, str]]:
    """The rows of a CSV file as {column: value}, once the whole file is known to be sound: UTF-8, a header with
    every one of `columns` and no column twice, every row exactly as wide as the header, no field holding a line break
    or longer than MAX_FIELD. Otherwise FormatError, one line saying where and what (the import then writes nothing:
    it reads everything before writing). `what` names the file ("a facilities file"); `wrong_columns` is the message
    for a header without `columns` ({path} and {missing} filled in)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise FormatError(f"{path} line {line}: is not UTF-8 text (byte 0x{raw[exc.start]:02x}); expected {what} "
                          f"saved as UTF-8") from None
    # strict: a quote left open or a stray quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = next(reader, None) or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise FormatError(wrong_columns.format(path=path, missing=", ".join(missing)))
        twice = sorted({c for c in header if header.count(c) > 1})
        if twice:
            raise FormatError(f"{path} line 1: the header names {', '.join(twice)} twice; expected {what}")
        for row in reader:
            end = reader.line_num  # the line where the row ends
            if not row:  # a blank line
                continue
            if len(row) != len(header):
                raise FormatError(f"{path} line {end}: {len(row)} fields where the header has {len(header)} (the "
                                  f"file is cut short or damaged)")
            for column, value in zip(header, row):
                if "\n" in value or "\r" in value:
                    raise FormatError(f"{path} line {end}: the field {column} holds a line break (a quote left open?)")
                if len(value) > MAX_FIELD:
                    raise FormatError(f"{path} line {end}: the field {column} is {len(value):,} characters long; at "
                                      f"most {MAX_FIELD:,} expected")
            rows.append(dict(zip(header, row)))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise FormatError(f"{path} line {reader.line_num}: a field is over {csv.field_size_limit():,} characters "
                              f"long; at most {MAX_FIELD:,} expected") from None
        raise FormatError(f"{path} line {reader.line_num}: {exc} (a quote left open, or the file cut short)") from None
    return rows


def read_facilities(path: Path) -> list[Row]:
    rows = read_table(path, "a facilities file", FACILITY_COLUMNS,
                      "{path}: not a facilities file (missing columns: {missing})")
    return [_row(r) for r in rows]


def _row(r: dict) -> Row:
    return Row(
        facility_id=r["facility_id"].strip(),
        directory=r["directory_type"].strip(),
        name1=tidy(r["name1"]), name2=tidy(r["name2"]),
        street1=tidy(r["street1"]), street2=tidy(r["street2"]),
        city=tidy(r["city"]), state=r["state"].strip().upper(), zip=r["zip"].strip(),
        phone=(r["phone"] or "").strip(),
        intakes=tuple(p.strip() for p in (r[c] for c in INTAKE_COLUMNS) if p and p.strip()),
        # Codes come in category groups separated by " * "; the grouping carries no meaning we need.
        codes=frozenset(c for c in r["service_code_info"].split() if c != "*"),
    )


def read_definitions(path: Path) -> Definitions:
    rows = read_table(path, "a service definitions file", ("directory_type", "code", "label"),
                      "{path}: not a service definitions file (expected columns directory_type, code, label)")
    labels = {(r["directory_type"].strip(), r["code"].strip()): tidy(r["label"]) for r in rows}
    if (SUBSTANCE, IOP_CODE) not in labels:
        raise FormatError(f"{path}: defines no {IOP_CODE} (intensive outpatient) code")
    return Definitions(labels)


# --- repairs ----------------------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def tidy(text: str | None) -> str:
    """Text as a listing wants it: no U+FFFD left by a broken encoding, single spaces, clearly-ALL-CAPS names cased."""
    text = unicodedata.normalize("NFC", (text or "").replace("\ufffd", ""))
    return title_case_if_shouting(_SPACES.sub(" ", text).strip())


_KEEP_UPPER = {"LLC", "PLLC", "LLP", "PC", "PA", "VA", "US", "USA", "II", "III", "IV", "VI", "VII", "VIII", "IX",
               "DBA", "CBOC", "IOP", "PHP", "MAT", "SUD", "BH", "HHS", "CD", "NA", "AA", "MD", "DO", "RN", "LCSW",
               "YMCA", "YWCA", "HIV", "AIDS", "PO", "NE", "NW", "SE", "SW"}
_LOWER = {"and", "of", "the", "for", "at", "in", "on", "to", "a", "an", "by", "with", "or"}
_STATE_CODES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
                "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
                "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
                "PR", "GU", "VI", "AS", "MP"}
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_VOWEL = re.compile(r"[AEIOUY]")


def _is_wordlike(word: str) -> bool:
    """A word someone could say, as opposed to an acronym: four letters or more, with a vowel."""
    return len(word) >= 4 and bool(_VOWEL.search(word))


def title_case_if_shouting(text: str) -> str:
    """Title-case text that is clearly ALL CAPS ("NEW HOPE BEHAVIORAL HEALTH LLC"); leave acronyms ("SSTAR",
    "HOPE AZ", "BHG XLIV LLC") and mixed case alone. Clearly = no lower-case letter and two or more sayable words."""
    if any(c.islower() for c in text):
        return text
    words = _WORD.findall(text)
    if sum(_is_wordlike(w) for w in words) < 2:
        return text

    def fix(match: re.Match) -> str:
        word = match.group()
        first = match.start() == 0
        if word in _KEEP_UPPER or word in _STATE_CODES and not first or not _VOWEL.search(word):
            return word
        if word.lower() in _LOWER and not first:
            return word.lower()
        return "'".join(part[:1].upper() + part[1:].lower() for part in word.split("'"))

    return _WORD.sub(fix, text)


def zip5(raw: str) -> str | None:
    """A ZIP code with the leading zeros the source lost ("7102" -> "07102"), or None when it is not one."""
    raw = raw.strip()
    if re.fullmatch(r"[0-9]{3,5}", raw):
        return raw.zfill(5)
    m = re.fullmatch(r"([0-9]{3,5})-?([0-9]{4})", raw)
    if m and (len(m.group(1)) == 5 or "-" in raw):
        return f"{m.group(1).zfill(5)}-{m.group(2)}"
    return None


_EXT = re.compile(r"\s*(?:x|ext\.?|extension)\s*([0-9]{1,6})\s*$", re.IGNORECASE)


def phone(raw: str) -> str | None:
    """"NNN-NNN-NNNN", with " xNNN" when the directory gives an extension; None when it is not a US number."""
    ext = ""
    m = _EXT.search(raw)
    if m:
        ext, raw = m.group(1), raw[: m.start()]
    if re.search(r"[A-Za-z]", raw):
        return None
    digits = re.sub(r"[^0-9]", "", raw)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        return None
    number = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{number} x{ext}" if ext else number


def has_street(street: str) -> bool:
    """The directory writes "- - -" or "---" where it withholds an address."""
    return bool(re.search(r"[A-Za-z0-9]", street))


# --- names --------------------------------------------------------------------------------------------------------

_CONNECTOR_END = re.compile(r"\b(?:for|and|of|the|at|in|on|to|with|&)$", re.IGNORECASE)
# name2 finishing name1's words: "Services Inc (SEABHS)", "(ASAP)", "LLC", a lower-case start.
_FINISHES = re.compile(r"^(?:\(|(?i:services?|servs|inc|llc)\b)|^[a-z]")
# name2 naming a department of name1: "Behavioral Health Services"; read as one name, the organisation is name1.
_DEPARTMENT = re.compile(r"^(?i:behavioral|behavioural|health|healthcare)\b")
_UNIT = re.compile(r"^(?:suite|ste|building|bldg|floor|room|unit)\b", re.IGNORECASE)
_DBA = re.compile(r"^d\.?b\.?a\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Names:
    program: str
    organization: str


def names(name1: str, name2: str) -> Names:
    """The program's and the organisation's names from the directory's two name lines.

    name2 is, by turns, the rest of a long name ("Stoneridge Centers for" / "Brain and Addition Treatment"), a
    trading name ("DBA Elevate Recovery"), a site ("Crossroads" / "Scottsdale") or an address unit ("Suite 10")."""
    if not name2 or _UNIT.match(name2) or name2.lower() == name1.lower():
        return Names(name1, name1)
    if _DBA.match(name2):
        return Names(_DBA.sub("", name2), name1)
    if _CONNECTOR_END.search(name1) or _FINISHES.match(name2):
        whole = f"{name1} {name2}"
        return Names(whole, whole)
    if _DEPARTMENT.match(name2):
        return Names(f"{name1} {name2}", name1)
    return Names(f"{name1} - {name2}", name1)


# --- same place in both directories -------------------------------------------------------------------------------

_ABBREVIATIONS = {"st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "blvd": "boulevard", "dr": "drive",
                  "ln": "lane", "hwy": "highway", "pkwy": "parkway", "ste": "suite", "n": "north", "s": "south",
                  "e": "east", "w": "west", "ctr": "center", "&": "and"}


def normal(text: str) -> str:
    words = re.sub(r"[^a-z0-9&]+", " ", text.lower().replace("&", " & ")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def same_name_keys(row: Row) -> tuple | None:
    """Same organisation and site name at the same street, city and ZIP."""
    z = zip5(row.zip)
    return ("name", normal(f"{row.name1} {row.name2}"), normal(row.street1), normal(row.city), z[:5] if z else row.zip)


def same_line_keys(row: Row) -> tuple | None:
    """Same street and ZIP and the same main phone number (extensions aside): one front desk."""
    z, number = zip5(row.zip), phone(row.phone)
    if not has_street(row.street1) or not number or not z:
        return None
    return ("line", normal(row.street1), z[:5], number[:12])


def pair_directories(rows: list[Row]) -> list[tuple[Row, ...]]:
    """Group rows into locations: each substance row is paired with at most one mental-health row describing the same
    place, and vice versa. Exact name matches are paired first, then same street, ZIP and phone; ties go to the lowest
    facility ids. Rows of the same directory are never merged: two substance rows at one address are two programs
    (an outpatient clinic and a recovery home upstairs)."""
    ordered = sorted(rows, key=lambda r: r.sort_key)
    substance = [r for r in ordered if r.directory == SUBSTANCE]
    mental = [r for r in ordered if r.directory != SUBSTANCE]
    partner: dict[str, Row] = {}
    taken: set[str] = set()
    for keys in (same_name_keys, same_line_keys):
        index: dict[tuple, list[Row]] = {}
        for m in mental:
            k = keys(m)
            if k is not None:
                index.setdefault(k, []).append(m)
        for s in substance:
            if s.facility_id in partner:
                continue
            k = keys(s)
            for m in index.get(k, []) if k is not None else []:
                if m.facility_id not in taken:
                    partner[s.facility_id] = m
                    taken.add(m.facility_id)
                    break
    groups = [(s, partner[s.facility_id]) if s.facility_id in partner else (s,) for s in substance]
    groups += [(m,) for m in mental if m.facility_id not in taken]
    return groups
