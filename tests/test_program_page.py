"""The program page shows every fact a listing gives: each text, number and vocabulary value appears on its page."""

import datetime as dt
import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from iopdir import i18n, pages
from iopdir.listing.vocabulary import label
from iopdir.listing.yamlstrict import load

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
    # The body only: the head's JSON-LD repeats facts, which must still be shown on the page.
    raw = (built_site / "programs" / pid / "index.html").read_text().split("</head>", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.parametrize("data", list(listed()))
def test_every_fact_is_on_the_page(built_site, data):
    text = page_text(built_site, data["id"])
    missing = []
    for path, value in leaves(data):
        name = path[-1]
        if name in NOT_LITERAL or isinstance(value, bool) or path[0] == "translations":
            continue  # (translations are shown on their language's page: tests/test_listing_translations.py)
        vocabulary = {("family_programming", "kinds"): "family_kinds",
                      ("aftercare", "kinds"): "aftercare_kinds",
                      ("outcomes", "measures"): "outcome_measures"}.get(path[-2:], VOCABULARY_OF.get(name))
        shown = label(vocabulary, value) if vocabulary else str(value)
        if re.sub(r"\s+", " ", shown) not in text:
            missing.append(f"{'.'.join(path)}: {shown!r}")
    assert missing == []


# The page's helpers (iopdir.pages; the plugin puts them in the templates' globals), as a theme calls them.

def test_facts_show_not_reported_for_what_is_absent_and_leave_out_none():
    from iopdir.pages import facts

    shown = facts(("medicaid", True), ("medicare", False), ("tricare", None), None, ("languages", ["en", "es"]),
                  ("carriers", []), ("family_notes", "<b>& more</b>"))
    assert str(shown).split("\n") == [
        '<div class="fact"><dt>Medicaid</dt><dd>Yes</dd></div>',
        '<div class="fact"><dt>Medicare</dt><dd>No</dd></div>',
        '<div class="fact"><dt>TRICARE</dt><dd><span class="unknown">Not reported</span></dd></div>',
        '<div class="fact"><dt>Languages</dt><dd>English, Spanish</dd></div>',
        '<div class="fact"><dt>Named carriers</dt><dd><span class="unknown">Not reported</span></dd></div>',
        '<div class="fact"><dt>About family programming</dt><dd>&lt;b&gt;&amp; more&lt;/b&gt;</dd></div>',
    ]


def test_a_value_a_template_does_not_define_is_not_reported():
    """The plugin's fact(), facts() and labels() take Jinja's undefined (a listing without the block a template
    reads) as absent: "Not reported", never "No" (and never an error as a cache key)."""
    from jinja2 import StrictUndefined, Undefined

    from pelican.plugins.iopdir import fact, facts, labels

    not_reported = '<div class="fact"><dt>Medicaid</dt><dd><span class="unknown">Not reported</span></dd></div>'
    assert str(fact("medicaid", StrictUndefined(name="medicaid"))) == not_reported
    assert str(facts(("medicaid", Undefined(name="medicaid")), None)) == not_reported
    assert labels("languages", StrictUndefined(name="languages")) == ""


def test_link_escapes_its_address_and_text():
    from iopdir.pages import link

    assert str(link('https://a.example/?q="x"&y=<1>', "<A & B>", rel="nofollow")) == (
        '<a href="https://a.example/?q=&#34;x&#34;&amp;y=&lt;1&gt;" rel="nofollow">&lt;A &amp; B&gt;</a>')


def test_verified_line_says_who_verified_and_when(built_site):
    text = {data["id"]: page_text(built_site, data["id"]) for data in (p.values[0] for p in listed())}
    by = {data["id"]: data["verification"]["verified_by"] for data in (p.values[0] for p in listed())}
    sentences = {"provider": "by the provider", "maintainer": "by a directory maintainer",
                 "import": "Imported from public data, as of"}
    for pid, kind in by.items():
        assert sentences[kind] in text[pid], pid
    assert set(by.values()) == set(sentences)  # the samples show all three


def test_a_fact_made_once_is_never_given_for_text_equal_to_a_safe_value():
    """facts() keeps what it made by (term, value, type): text a listing gives must be escaped even when a link
    with the same characters was shown before."""
    from markupsafe import Markup

    from iopdir.pages import facts, link

    html = '<a href="https://a.example/">x</a>'
    assert str(link("https://a.example/", "x")) == html
    assert "<dd><a href" in str(facts(("website", Markup(html))))
    assert "<dd>&lt;a href" in str(facts(("website", html)))
    assert str(facts(("delivery", ["in_person"]), ("track_days", 1), ("accredited", True))).split("\n") == [
        '<div class="fact"><dt>How sessions are offered</dt><dd>In person</dd></div>',
        '<div class="fact"><dt>Days a week</dt><dd>1</dd></div>',
        '<div class="fact"><dt>Accredited</dt><dd>Yes</dd></div>']


# Facts read where they are shown: the <dd> of their own <dt>, the schedule's row for the day, the verified line.

def fact_cells(raw: str) -> dict[str, str]:
    """Each <dt>'s text and its <dd>'s text, as a person reads them (the first of each label)."""
    cells = {}
    for dt_, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", raw, re.S):
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd))).strip()
        cells.setdefault(html.unescape(re.sub(r"<[^>]+>", "", dt_)).strip(), text)
    return cells


def clock(hhmm: str) -> str:
    """"17:30" as the page should say it, worked out here without the plugin's helper: "5:30 pm"."""
    h, m = map(int, hhmm.split(":"))
    return f"{h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}"


def raw_page(built_site, pid) -> str:
    return (built_site / "programs" / pid / "index.html").read_text()


@pytest.mark.parametrize("data", list(listed()))
def test_intake_facts_sit_in_their_own_cells(built_site, data):
    from iopdir.listing.facts import FACTS

    cells = fact_cells(raw_page(built_site, data["id"]))
    intake = data.get("intake") or {}
    wait = intake.get("typical_wait_days")
    expected_wait = "Not reported" if wait is None else f"{wait} day{'' if wait == 1 else 's'}"
    assert cells[FACTS["wait"].label] == expected_wait
    yes = {True: "Yes", False: "No", None: "Not reported"}
    assert cells[FACTS["accepting"].label] == yes[intake.get("accepting_new_patients")]
    assert cells[FACTS["walk_in"].label] == yes[intake.get("walk_in")]
    assert cells[FACTS["medicaid"].label] == yes[(data.get("insurance") or {}).get("medicaid")]


@pytest.mark.parametrize("data", [d for d in (p.values[0] for p in listed()) if d.get("tracks")][:6],
                         ids=lambda d: d["id"])
def test_the_timetable_gives_each_session_its_own_start_and_end(built_site, data):
    raw = raw_page(built_site, data["id"])
    tables = re.findall(r'<table class="timetable">(.*?)</table>', raw, re.S)
    assert len(tables) == len(data["tracks"])
    days = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
            "sat": "Saturday", "sun": "Sunday"}
    for table, track in zip(tables, data["tracks"]):
        rows = dict(re.findall(r'<th scope="row">(\w+)</th><td>(.*?)</td>', table))
        for day, name in days.items():
            sessions = sorted((s["start"], s["end"]) for s in track["sessions"] if day in s["days"])
            shown = [(m[0], m[1], m[2], m[3]) for m in re.findall(
                r'<time datetime="([\d:]+)">([^<]+)</time>–<time datetime="([\d:]+)">([^<]+)</time>', rows[name])]
            assert shown == [(s, clock(s), e, clock(e)) for s, e in sessions], (data["id"], day)
            if not sessions:
                assert rows[name] == "No session"


def test_the_verified_line_says_when_and_by_whom(built_site):
    for data in (p.values[0] for p in listed()):
        raw = raw_page(built_site, data["id"])
        line = re.search(r'<p class="verified">(.*?)</p>', raw, re.S).group(1)
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line))).strip()
        when = dt.date.fromisoformat(data["verification"]["last_verified"])
        words = f"{when:%B} {when.day}, {when.year}"
        who = data["verification"]["verified_by"]
        sentence = {"provider": f"Verified {words} by the provider",
                    "maintainer": f"Verified {words} by a directory maintainer",
                    "import": f"Imported from public data, as of {words}"}[who]
        assert text.endswith(sentence), data["id"]
        assert f'<time datetime="{when.isoformat()}">{words}</time>' in line, data["id"]


# More page helpers by their exact output in English and Spanish: a card's key facts (state pages), the verified
# date, the directions link, labels, the lang="en" marker.

def test_english_words_are_marked_only_on_another_languages_page():
    assert pages.lang_en() == ""
    with i18n.using("es"):
        assert pages.lang_en() == ' lang="en"'


def test_a_listings_own_words_are_marked_english_on_another_languages_page():
    """A fact that is the listing's own free text (its family, aftercare, outcomes notes) stays as its program wrote
    it, in English: marked so on a Spanish page (a screen reader switches voice), not on an English one, and not
    where the page has nothing of the listing's to show."""
    assert str(pages.fact("family_notes", "Weekly family group")) == (
        '<div class="fact"><dt>About family programming</dt><dd>Weekly family group</dd></div>')
    with i18n.using("es"):
        assert str(pages.fact("family_notes", "Weekly family group")) == (
            '<div class="fact"><dt>Sobre los programas para la familia</dt><dd lang="en">Weekly family group</dd></div>')
        assert str(pages.fact("family_notes", None)) == (
            '<div class="fact"><dt>Sobre los programas para la familia</dt>'
            '<dd><span class="unknown">No informado</span></dd></div>')
        assert str(pages.fact("evening", True)).endswith("<dd>Sí</dd></div>")  # the page's own words


def test_a_card_lists_what_it_treats_then_its_key_facts(sample_programs):
    closed_for_now = sample_programs["organ-peak-teen-iop"]  # temporarily closed, Medicaid and two named carriers
    assert str(pages.card_facts(closed_for_now)).split("\n") == [
        "<li>Mental health</li>",
        "<li>Hours a week: 7.5</li>",
        "<li>Evening sessions: No</li>",
        "<li>Weekend sessions: No</li>",
        "<li>Online option: No</li>",
        "<li>Insurance: Medicaid, Private insurance, 2 named carriers</li>",
        '<li class="warn">Temporarily closed</li>',
    ]
    with i18n.using("es"):
        assert str(pages.card_facts(closed_for_now)).split("\n") == [
            "<li>Salud mental</li>",
            "<li>Horas por semana: 7.5</li>",
            "<li>Sesiones por la tarde o noche: No</li>",
            "<li>Sesiones de fin de semana: No</li>",
            "<li>Opción en línea: No</li>",
            "<li>Seguro médico: Medicaid, Seguro médico privado, 2 aseguradoras mencionadas</li>",
            '<li class="warn">Cerrado temporalmente</li>',
        ]


def test_a_card_says_not_reported_where_the_listing_does_not_say(sample_programs):
    imported = sample_programs["cotton-mill-outpatient-services"]  # no hours, evening, weekend or insurance given
    assert str(pages.card_facts(imported)).split("\n") == [
        "<li>Co-occurring mental health and substance use</li>",
        "<li>Hours a week: Not reported</li>",
        "<li>Evening sessions: Not reported</li>",
        "<li>Weekend sessions: Not reported</li>",
        "<li>Online option: No</li>",
        "<li>Insurance: Not reported</li>",
    ]
    with i18n.using("es"):
        assert str(pages.card_facts(imported)).split("\n")[-1] == "<li>Seguro médico: No informado</li>"


def test_the_verified_date_and_how_long_ago(sample_programs):
    p = sample_programs["organ-peak-teen-iop"]  # verified 2026-11-04, 30 days before the samples' day (conftest)
    assert str(pages.verified_when(p)) == '<time datetime="2026-11-04">November 4, 2026</time> (30 days ago)'
    with i18n.using("es"):
        assert str(pages.verified_when(p)) == ('<time datetime="2026-11-04">4 de noviembre de 2026</time> '
                                               '(hace 30 días)')


def test_directions_only_to_a_published_street_address():
    place = dict(street="640 Mesilla Cottonfield Way", city="Las Cruces", state="NM", postal_code="88001")
    assert pages.directions(SimpleNamespace(address_published=True, **place)) == (
        "https://www.google.com/maps/search/?api=1&query=640+Mesilla+Cottonfield+Way%2C+Las+Cruces%2C+NM+88001")
    assert pages.directions(SimpleNamespace(**place)) == pages.directions(SimpleNamespace(address_published=True,
                                                                                          **place))
    assert pages.directions(SimpleNamespace(address_published=False, **place)) is None
    assert pages.directions(SimpleNamespace(address_published=True, **{**place, "street": None})) is None


def test_labels_of_a_list_in_its_order():
    assert pages.labels("languages", ["es", "en"]) == "Spanish, English"
    with i18n.using("es"):
        assert pages.labels("languages", ["es", "en"]) == "Español, Inglés"
    assert pages.labels("languages", None) == ""
    assert pages.labels("languages", []) == ""


GLANCE_ORGAN_PEAK = (
    '<div class="glance">'
    '<div><h3>Who it is for</h3><dl><dt>Ages</dt><dd>13 to 17</dd><dt>For</dt><dd>Adolescents</dd>'
    '<dt>Treats</dt><dd>Mental health</dd></dl></div>'
    '<div><h3>When</h3><dl><dt>Days</dt><dd>Mon, Wed, Thu</dd><dt>Hours a week</dt><dd>7.5</dd>'
    '<dt>Evening sessions</dt><dd class="no">No</dd><dt>Weekend sessions</dt><dd class="no">No</dd>'
    '<dt>Online option</dt><dd class="no">No</dd></dl></div>'
    '<div><h3>Cost</h3><dl><dt>Insurance accepted</dt><dd>Medicaid, Private insurance, 2 named carriers</dd>'
    '<dt>Sliding scale</dt><dd class="nr">Not reported</dd>'
    '<dt>Self-pay price a week</dt><dd class="nr">Not reported</dd></dl></div>'
    '<div><h3>Quality</h3><dl><dt>Accredited</dt><dd class="nr">Not reported</dd>'
    '<dt>Verified</dt><dd>Nov 4, 2026, by a directory maintainer</dd></dl></div>'
    '<div><h3>Start</h3><dl><dt>Accepting new patients</dt><dd class="no">No</dd>'
    '<dt>Typical wait to start</dt><dd class="nr">Not reported</dd></dl></div>'
    '</div>')


def test_at_a_glance_marks_no_and_not_reported_apart(sample_programs):
    p = sample_programs["organ-peak-teen-iop"]
    p.__dict__.pop("_glance", None)
    assert str(pages.glance(p)) == GLANCE_ORGAN_PEAK
    assert str(pages.glance(p, level=2)) == GLANCE_ORGAN_PEAK.replace("h3>", "h2>")


def test_at_a_glance_is_made_again_in_the_next_language(sample_programs):
    """Its values are kept with the program for the page and the state page's card, in the language they were
    made in: a Spanish page after an English one gets Spanish values."""
    p = sample_programs["organ-peak-teen-iop"]
    english = str(pages.glance(p))
    with i18n.using("es"):
        spanish = str(pages.glance(p))
    assert english == GLANCE_ORGAN_PEAK
    assert '<h3>Para quién es</h3><dl><dt>Edades</dt><dd>13 a 17 años</dd>' in spanish
    assert '<dt>Verificado</dt><dd>4 nov 2026, por el equipo del directorio</dd>' in spanish
    assert '<dd class="nr">No informado</dd>' in spanish and "Not reported" not in spanish
    assert str(pages.glance(p)) == english


def test_the_week_grid_places_each_session_by_day_and_quarter_hour(sample_programs):
    p = sample_programs["lanternwood-evening-iop"]  # first track: Mon, Tue, Thu 6-9 pm
    days = ('<b class="c1">Mon</b><b class="c2">Tue</b><b class="c3">Wed</b><b class="c4">Thu</b>'
            '<b class="c5">Fri</b><b class="c6">Sat</b><b class="c7">Sun</b>')
    hours = "".join(f'<i class="r{2 + 4 * n}">{h}</i>' for n, h in enumerate(
        ["9 am", "10 am", "11 am", "noon", "1 pm", "2 pm", "3 pm", "4 pm", "5 pm", "6 pm", "7 pm", "8 pm"]))
    blocks = "".join(f'<span class="c{day} r38 s12 ev">6–9 pm</span>' for day in (1, 2, 4))
    assert str(pages.week_grid(pages.weeks(p)[0])) == f'<div class="wk" aria-hidden="true">{days}{hours}{blocks}</div>'
    afternoon = sample_programs["organ-peak-teen-iop"]  # Mon, Wed, Thu 3:30-6 pm: not evening (no "ev")
    assert str(pages.week_grid(pages.weeks(afternoon)[0])).endswith(
        '<span class="c1 r28 s10">3:30–6 pm</span><span class="c3 r28 s10">3:30–6 pm</span>'
        '<span class="c4 r28 s10">3:30–6 pm</span></div>')
    with i18n.using("es"):
        assert '<b class="c1">lun</b><b class="c2">mar</b><b class="c3">mié</b>' in str(
            pages.week_grid(pages.weeks(p)[0]))


def test_the_verified_line_for_each_kind_of_verifier(sample_programs):
    assert str(pages.verified_line(sample_programs["red-rock-wash-teen-iop"])) == (
        'Verified <time datetime="2026-01-09">January 9, 2026</time> by a directory maintainer')
    assert str(pages.verified_line(sample_programs["sonoran-dawn-iop"])) == (
        'Verified <time datetime="2026-07-14">July 14, 2026</time> by the provider')
    assert str(pages.verified_line(sample_programs["cotton-mill-outpatient-services"])) == (
        'Imported from public data, as of <time datetime="2026-02-10">February 10, 2026</time>')


def test_a_fact_given_as_a_range():
    assert str(pages.fact("ages", {"min": 13, "max": 17})) == '<div class="fact"><dt>Ages</dt><dd>13 to 17</dd></div>'
    with i18n.using("es"):
        assert str(pages.fact("ages", {"min": 13, "max": 17})) == (
            '<div class="fact"><dt>Edades</dt><dd>13 a 17 años</dd></div>')


def test_a_comparison_rows_cells():
    assert str(pages.cells([None, "Yes", "<b>"])) == (
        '<td><span class="unknown">Not reported</span></td><td>Yes</td><td>&lt;b&gt;</td>')


def test_the_table_of_contents_in_each_language_in_turn():
    toc = pages.contents()  # one for the build, as the templates' global
    english = toc.__html__()
    with i18n.using("es"):
        spanish = toc.__html__()
    assert english.split("\n")[:2] == ['<li><a href="#schedule">Schedule and hours</a></li>',
                                       '<li><a href="#treatment">Treatment</a></li>']
    assert spanish.split("\n")[0] == '<li><a href="#schedule">Horario</a></li>'
    assert toc.__html__() == english


def test_a_timetable_row_per_day(sample_programs):
    p = sample_programs["lanternwood-evening-iop"]
    both = p.tracks[1]  # Sat 9 am-1 pm; Tue and Thu 6-9 pm
    rows = [(day, str(times)) for day, times in pages.timetable(both)]
    assert rows == [
        ("Monday", ""),
        ("Tuesday", '<time datetime="18:00">6:00 pm</time>–<time datetime="21:00">9:00 pm</time>'),
        ("Wednesday", ""),
        ("Thursday", '<time datetime="18:00">6:00 pm</time>–<time datetime="21:00">9:00 pm</time>'),
        ("Friday", ""),
        ("Saturday", '<time datetime="09:00">9:00 am</time>–<time datetime="13:00">1:00 pm</time>'),
        ("Sunday", ""),
    ]


def test_no_description_writes_nothing(sample_programs):
    assert str(pages.own_description(sample_programs["cotton-mill-outpatient-services"], "en")) == ""
    assert str(pages.own_description(sample_programs["cotton-mill-outpatient-services"], "es")) == ""


def test_two_sessions_on_a_day_are_listed_by_the_time_they_start():
    from iopdir.listing.program import Session, Track

    # Given evening first: a family reads the day in the order it happens.
    track = Track("t", None, "America/New_York",
                  (Session(("mon",), "18:00", "21:00"), Session(("mon", "wed"), "07:30", "08:15")))
    monday = dict(pages.timetable(track))["Monday"]
    assert str(monday) == ('<time datetime="07:30">7:30 am</time>–<time datetime="08:15">8:15 am</time>, '
                           '<time datetime="18:00">6:00 pm</time>–<time datetime="21:00">9:00 pm</time>')


def test_at_a_glance_follows_a_catalog_installed_again(sample_programs, tmp_path):
    """A build that installs an edited Spanish catalog (pelican --autoreload) shows the new words: the values kept
    with a program are kept by the catalog as installed, not only by the language."""
    import shutil

    p = sample_programs["organ-peak-teen-iop"]
    with i18n.using("es"):
        assert "<h3>Para quién es</h3>" in str(pages.glance(p))
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    catalog = i18n.catalog_path("es", locale)
    text = catalog.read_text(encoding="utf-8")
    old = 'msgid "by a directory maintainer"\nmsgstr "por el equipo del directorio"'  # in a value kept with it
    assert text.count(old) == 1
    catalog.write_text(text.replace(old, old.replace('"por el', '"por el nuevo')), encoding="utf-8")
    i18n.install(["en", "es"], locale)
    try:
        with i18n.using("es"):
            assert "<dd>4 nov 2026, por el nuevo equipo del directorio</dd>" in str(pages.glance(p))
    finally:
        i18n.install(["en", "es"])


def test_a_program_card_links_its_page_and_says_where_when_and_whether_closed(sample_programs):
    p = sample_programs["organ-peak-teen-iop"]  # temporarily closed
    with i18n.using("en"):
        shown = str(pages.card(p, "/r", "h2"))
    assert shown.startswith(f'<article class="card" aria-labelledby="card-{p.id}">\n'
                            f'  <h2 id="card-{p.id}"><a href="/r/{p.url}">{html.escape(p.name)}</a></h2>\n'
                            f'  <p class="org">{html.escape(p.organization["name"])} · {p.city}, {p.state}</p>\n'
                            f"  <p>{html.escape(p.summary)}</p>\n  <div class=\"glance\"><div><h3>")
    assert '</div>\n<p class="warn">Temporarily closed</p>  <p class="verified"><span class="badge' in shown
    assert shown.endswith("</p>\n</article>")
    with i18n.using("es"):
        spanish = str(pages.card(p, "/r/es"))
    assert f'<h3 id="card-{p.id}"><a href="/r/es/{p.url}">' in spanish and "<h4>Para quién es</h4>" in spanish
    assert f'<p lang="en">{html.escape(p.summary)}</p>' in spanish


def test_a_card_on_a_spanish_page_gives_the_listings_spanish_summary_when_it_has_one(sample_programs):
    translated, english_only = sample_programs["acequia-path-recovery-iop"], sample_programs["organ-peak-teen-iop"]
    spanish = translated.get("translations", "es", "summary")
    assert spanish and not english_only.translated("es")
    with i18n.using("es"):
        assert f"\n  <p>{html.escape(spanish)}</p>\n" in str(pages.card(translated, ""))
        assert f'\n  <p lang="en">{html.escape(english_only.summary)}</p>\n' in str(pages.card(english_only, ""))
    with i18n.using("en"):
        assert f"\n  <p>{html.escape(translated.summary)}</p>\n" in str(pages.card(translated, ""))


def test_an_online_only_card_says_so_and_an_open_ones_has_no_notice(sample_programs):
    p = next(p for p in sample_programs.values() if p.telehealth_only and p.status == "active")
    with i18n.using("en"):
        shown = str(pages.card(p, ""))
    assert f'<p class="org">{html.escape(p.organization["name"])} · Online only</p>' in shown
    assert '</div></div>\n  <p class="verified"><span class="badge' in shown and "warn" not in shown
