"""The search's development set: natural queries, each with the filter a person typing it means.

Kinds: lay words, brand names, abbreviations, misspellings (one typo), Spanish words, multi-word phrases. A query's
programs are those its words find; the relevant programs are those with the filter (any of the filters, for the
few words that name one fact recorded two ways, e.g. co-occurring as a focus and as a group served). For each
query: recall (of the relevant programs, how many the words find) and precision (of those found, how many are
relevant). A query none of whose filters any listing has is not counted for that set of listings.

Run by tests/test_search_words.py (imported listings and the samples) and printed by bench/search.py. Written from
what people type, not from the synonyms file: the synonyms are the general mechanism; this set checks it.
"""

from __future__ import annotations

from dataclasses import dataclass

LAY, BRAND, ABBREVIATION, TYPO, SPANISH, PHRASE = "lay", "brand", "abbreviation", "typo", "Spanish", "phrase"
KINDS = (LAY, BRAND, ABBREVIATION, TYPO, SPANISH, PHRASE)

# (query, kind, filters meant: "facet=value", several separated by " | " when either is meant)
DEV_SET = [
    ("teen", LAY, "population=adolescents"),
    ("teenagers", LAY, "population=adolescents"),
    ("kids", LAY, "population=adolescents"),
    ("drinking", LAY, "condition=alcohol"),
    ("alcoholism", LAY, "condition=alcohol"),
    ("heroin", LAY, "condition=opioids"),
    ("fentanyl", LAY, "condition=opioids"),
    ("painkillers", LAY, "condition=opioids"),
    ("meth", LAY, "condition=stimulants"),
    ("cocaine", LAY, "condition=stimulants"),
    ("weed", LAY, "condition=cannabis"),
    ("seniors", LAY, "population=older_adults"),
    ("elderly", LAY, "population=older_adults"),
    ("pregnant", LAY, "population=pregnant_postpartum"),
    ("deaf", LAY, "language=ase"),
    ("online", LAY, "flag=online"),
    ("virtual", LAY, "flag=online"),
    ("gay", LAY, "population=lgbtq"),
    ("transgender", LAY, "population=lgbtq"),
    ("depressed", LAY, "condition=depression"),
    ("gambling", LAY, "condition=gambling"),
    ("Medicaid", LAY, "insurance=medicaid"),
    ("Spanish", LAY, "language=es"),
    ("addiction", LAY, "focus=substance_use"),
    ("veteran", LAY, "population=veterans"),
    ("probation", LAY, "population=criminal_justice"),
    ("schizophrenia", LAY, "condition=psychosis"),
    ("anorexia", LAY, "focus=eating_disorders | condition=eating_disorders"),
    ("suboxone", BRAND, "medication=buprenorphine"),
    ("sublocade", BRAND, "medication=buprenorphine"),
    ("zubsolv", BRAND, "medication=buprenorphine"),
    ("vivitrol", BRAND, "medication=naltrexone"),
    ("antabuse", BRAND, "medication=disulfiram"),
    ("campral", BRAND, "medication=acamprosate"),
    ("xanax", BRAND, "condition=benzodiazepines"),
    ("oxycontin", BRAND, "condition=opioids"),
    ("masshealth", BRAND, "insurance=medicaid"),
    ("kaiser", BRAND, "insurance=kaiser_permanente"),
    ("MAT", ABBREVIATION, "medication=prescribes"),
    ("MOUD", ABBREVIATION, "medication=prescribes"),
    ("ASL", ABBREVIATION, "language=ase"),
    ("DBT", ABBREVIATION, "modality=dbt"),
    ("CBT", ABBREVIATION, "modality=cbt"),
    ("EMDR", ABBREVIATION, "modality=emdr"),
    ("SUD", ABBREVIATION, "focus=substance_use"),
    ("LGBT", ABBREVIATION, "population=lgbtq"),
    ("VA", ABBREVIATION, "population=veterans"),
    ("PTSD", ABBREVIATION, "condition=ptsd"),
    ("AA", ABBREVIATION, "modality=twelve_step_facilitation"),
    ("DUI", ABBREVIATION, "population=dui"),
    ("adolesent", TYPO, "population=adolescents"),
    ("alchohol", TYPO, "condition=alcohol"),
    ("suboxne", TYPO, "medication=buprenorphine"),
    ("medicad", TYPO, "insurance=medicaid"),
    ("deppression", TYPO, "condition=depression"),
    ("anxeity", TYPO, "condition=anxiety"),
    ("spansh", TYPO, "language=es"),
    ("telehelth", TYPO, "flag=online"),
    ("vetrans", TYPO, "population=veterans"),
    ("methadne", TYPO, "medication=methadone"),
    ("opiods", TYPO, "condition=opioids"),
    ("bupenorphine", TYPO, "medication=buprenorphine"),
    ("adolescentes", SPANISH, "population=adolescents"),
    ("español", SPANISH, "language=es"),
    ("alcoholismo", SPANISH, "condition=alcohol"),
    ("terapia familiar", SPANISH, "modality=family_therapy"),
    ("terapia de grupo", SPANISH, "modality=group_therapy"),
    ("salud mental", SPANISH, "focus=mental_health"),
    ("depresión", SPANISH, "condition=depression"),
    ("ansiedad", SPANISH, "condition=anxiety"),
    ("veteranos", SPANISH, "population=veterans"),
    ("mujeres", SPANISH, "population=women"),
    ("metadona", SPANISH, "medication=methadone"),
    ("buprenorfina", SPANISH, "medication=buprenorphine"),
    ("en línea", SPANISH, "flag=online"),
    ("embarazadas", SPANISH, "population=pregnant_postpartum"),
    ("lengua de señas", SPANISH, "language=ase"),
    ("espanol", SPANISH, "language=es"),
    ("seguro médico", SPANISH, "insurance=private"),
    ("opioides", SPANISH, "condition=opioids"),
    ("adultos mayores", SPANISH, "population=older_adults"),
    ("terapia individual", SPANISH, "modality=individual_therapy"),
    ("por la noche", SPANISH, "flag=evening"),
    ("fin de semana", SPANISH, "flag=weekend"),
    ("telesalud", SPANISH, "flag=online"),
    ("trastornos alimenticios", SPANISH, "focus=eating_disorders | condition=eating_disorders"),
    ("estrés postraumático", SPANISH, "condition=ptsd"),
    ("Nueva Jersey", SPANISH, "state=NJ"),
    ("tratamiento asistido con medicamentos", SPANISH, "medication=prescribes"),
    ("dual diagnosis", PHRASE, "focus=co_occurring | population=co_occurring"),
    ("sign language", PHRASE, "language=ase"),
    ("medication assisted treatment", PHRASE, "medication=prescribes"),
    ("after work", PHRASE, "flag=evening"),
    ("mental health", PHRASE, "focus=mental_health"),
    ("substance abuse", PHRASE, "focus=substance_use"),
    ("family therapy", PHRASE, "modality=family_therapy"),
    ("group therapy", PHRASE, "modality=group_therapy"),
    ("twelve step", PHRASE, "modality=twelve_step_facilitation"),
    ("pain pills", PHRASE, "condition=opioids"),
    ("post traumatic stress", PHRASE, "condition=ptsd"),
    ("court ordered", PHRASE, "population=criminal_justice"),
    ("panic attacks", PHRASE, "condition=anxiety"),
    ("young adults", PHRASE, "population=young_adults"),
    ("weekend sessions", PHRASE, "flag=weekend"),
    ("private insurance", PHRASE, "insurance=private"),
    ("spanish speaking", PHRASE, "language=es"),
]


@dataclass
class Row:
    query: str
    kind: str
    filters: str
    relevant: int
    found: int
    hits: int

    @property
    def recall(self) -> float:
        return self.hits / self.relevant

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 0.0


def evaluate(ix) -> list[Row]:
    """Each query of the set that some listing's filter makes relevant, against an open index."""
    from iopdir.search import query

    rows = []
    for text, kind, meant in DEV_SET:
        relevant: set[int] = set()
        for pair in meant.split(" | "):
            facet, value = pair.split("=")
            relevant |= ix.docs_with(facet, value)
        if not relevant:
            continue
        found = {r.docnum for r in query.answer(ix, text).results}
        rows.append(Row(text, kind, meant, len(relevant), len(found), len(found & relevant)))
    return rows


def summary(rows: list[Row]) -> tuple[float, float]:
    return sum(r.recall for r in rows) / len(rows), sum(r.precision for r in rows) / len(rows)


def table(rows: list[Row], say=print) -> None:
    say(f"      {'query':<32} {'kind':<13} {'filter meant':<48} {'programs':>8} {'found':>6} {'recall':>6} "
        f"{'precision':>9}")
    for r in rows:
        say(f"      {r.query:<32} {r.kind:<13} {r.filters:<48} {r.relevant:>8,} {r.found:>6,} {r.recall:>6.2f} "
            f"{r.precision:>9.2f}")
    recall, precision = summary(rows)
    say(f"      {len(rows)} queries: mean recall {recall:.3f} (bound >= 0.95), mean precision {precision:.3f} "
        f"(bound >= 0.90)")
