"""The program page's sections (iopdir.sections), each as the page shows it: its facts in their own <dt>/<dd>,
"Not reported" where the listing does not say, a listing's words escaped, the theme's messages in the page's
language."""

import datetime as dt
import re

import pytest

from iopdir import i18n, sections
from iopdir.listing.program import build
from tests.test_program import listing as listing_data

TODAY = dt.date(2026, 11, 25)
NR = '<span class="unknown">Not reported</span>'


@pytest.fixture(autouse=True)
def languages():
    i18n.install(["en", "es"])


def listing(**changes):
    """A built program from test_program's small listing, with `changes`."""
    return build(listing_data(**changes), "f", "NJ", TODAY)


def facts(html: str) -> list[tuple[str, str]]:
    """The (label, value) of each fact, in order."""
    return re.findall(r'<div class="fact"><dt>(.*?)</dt><dd(?: lang="en")?>(.*?)</dd></div>', html)


EVENINGS = {"name": "Evenings <b>", "timezone": "America/New_York", "audience": "adults",
            "sessions": [{"days": ["mon", "wed"], "start": "18:00", "end": "21:00"},
                         {"days": ["mon"], "start": "09:00", "end": "10:00"}]}
SATURDAYS = {"timezone": "America/New_York", "sessions": [{"days": ["sat"], "start": "09:00", "end": "12:00"}]}


def test_a_schedule_not_given_is_not_reported_with_a_sentence_to_call():
    shown = str(sections.schedule(listing()))
    assert facts(shown) == [("Hours a week", NR), ("Evening sessions (4 pm or later)", NR),
                            ("Weekend sessions", NR), ("Online option (telehealth)", "No")]
    assert shown.endswith('</dl>\n<p class="unknown">Schedule: Not reported. Call the program to ask which days and '
                          'times groups meet.</p></section>\n')
    assert "track" not in shown and "wk-key" not in shown


def test_each_track_has_its_facts_week_grid_and_timetable():
    shown = str(sections.schedule(listing(tracks=[EVENINGS, SATURDAYS])))
    program, first, second = shown.split('<section class="track"')
    assert facts(program) == [("Hours a week", "3–7"), ("Evening sessions (4 pm or later)", "Yes"),
                              ("Weekend sessions", "Yes"), ("Online option (telehealth)", "No")]
    assert '<p class="wk-key">Evening sessions (4 pm or later) are marked' in program
    # A track's own name, escaped; an unnamed one numbered.
    assert '<h3 id="track-1">Evenings &lt;b&gt;</h3>' in first
    assert "<caption>Weekly timetable: Evenings &lt;b&gt;</caption>" in first
    assert '<h3 id="track-2">Track 2</h3>' in second and "<caption>Weekly timetable: Track 2</caption>" in second
    assert facts(first) == [("For", "Adults"), ("Hours a week", "7"), ("Days a week", "2"), ("Typical length", NR),
                            ("Times are in", "America/New York")]
    assert facts(second)[0] == ("For", NR)
    assert '</h3>\n  <dl class="facts">\n    <div class="fact"><dt>For</dt>' in first
    assert '</dd></div>\n  </dl>\n  <div class="wk"' in first
    rows = re.findall(r"<tr( class=\"off\")?><th scope=\"row\">(\w+)</th><td>(.*?)</td></tr>", first)
    assert rows == [
        ("", "Monday", '<time datetime="09:00">9:00 am</time>–<time datetime="10:00">10:00 am</time>, '
                       '<time datetime="18:00">6:00 pm</time>–<time datetime="21:00">9:00 pm</time>'),
        (' class="off"', "Tuesday", "No session"),
        ("", "Wednesday", '<time datetime="18:00">6:00 pm</time>–<time datetime="21:00">9:00 pm</time>'),
        *[(' class="off"', day, "No session") for day in ("Thursday", "Friday", "Saturday", "Sunday")]]
    assert '<span class="c1 r2 s4">9–10 am</span><span class="c1 r38 s12 ev">6–9 pm</span>' in first
    assert '<span class="c6 r2 s12">9 am–12 pm</span>' in second
    assert shown.endswith("</table>\n</section>\n</section>\n")


def test_on_a_spanish_page_a_tracks_own_name_is_marked_english_and_the_rest_is_spanish():
    with i18n.using("es"):
        shown = str(sections.schedule(listing(tracks=[EVENINGS, SATURDAYS])))
    assert '<h3 id="track-1" lang="en">Evenings &lt;b&gt;</h3>' in shown
    assert '<h3 id="track-2">Grupo 2</h3>' in shown
    assert "<caption>Horario semanal: Grupo 2</caption>" in shown
    assert '<tr class="off"><th scope="row">martes</th>' in shown
    assert '<th scope="col">Día</th><th scope="col">Sesiones</th>' in shown


@pytest.mark.parametrize("accepts, warned", [(False, True), (True, False), (None, False)])
def test_a_warning_only_when_it_does_not_accept_people_on_medication(accepts, warned):
    meds = {"prescribes": ["buprenorphine"]} if accepts is None else {"accepts_patients_on_medication": accepts}
    shown = str(sections.treatment(listing(medications=meds), "en"))
    warning = ('<p class="alert" role="note"><strong>Does not accept people who take a medication for addiction'
               '</strong> (such as buprenorphine or methadone).</p>\n<dl class="facts">')
    assert (warning in shown) is warned
    assert facts(shown)[-1] == ("Accepts people taking a medication for addiction",
                                {False: "No", True: "Yes", None: NR}[accepts])


def test_treatment_says_what_it_treats_and_how():
    shown = str(sections.treatment(listing(focus=["substance_use"], conditions=["opioids"], modalities=["cbt"],
                                           medications={"prescribes": ["naltrexone"]}), "en"))
    assert facts(shown) == [("Treats", "Substance use"), ("Conditions", "Opioids"),
                            ("Therapies and approaches", "Cognitive behavioral therapy (CBT)"),
                            ("Prescribes medications for addiction", "Naltrexone"),
                            ("Accepts people taking a medication for addiction", NR)]


def test_treatment_ends_with_the_programs_own_description():
    shown = str(sections.treatment(listing(description="We meet **twice** <script>."), "en"))
    assert shown.endswith('</dl>\n<div class="description"><p>We meet <strong>twice</strong> &lt;script&gt;.</p>'
                          '</div>\n</section>\n')
    assert str(sections.treatment(listing(), "en")).endswith("</dl>\n</section>\n")


def test_family_and_aftercare_notes_only_when_given():
    shown = str(sections.family(listing(family_programming={"offered": True, "notes": "Tuesdays <i>"},
                                        aftercare={"offered": False})))
    assert facts(shown) == [("Family programming", "Yes"), ("Kinds of family programming", NR),
                            ("About family programming", "Tuesdays &lt;i&gt;"), ("Aftercare", "No"),
                            ("Kinds of aftercare", NR)]
    kinds = str(sections.family(listing(family_programming={"kinds": ["family_therapy"]},
                                        aftercare={"kinds": ["alumni_group"], "notes": "Monthly."})))
    assert facts(kinds) == [("Family programming", NR), ("Kinds of family programming", "Family therapy"),
                            ("Aftercare", NR), ("Kinds of aftercare", "Alumni group"), ("About aftercare", "Monthly.")]
    assert [label for label, _ in facts(str(sections.family(listing())))] == [
        "Family programming", "Kinds of family programming", "Aftercare", "Kinds of aftercare"]
    assert shown.endswith("</dd></div>\n</dl>\n</section>\n")


def test_insurance_every_way_to_pay_in_order():
    shown = str(sections.insurance(listing(insurance={"medicaid": True, "private": False, "carriers": ["aetna"],
                                                      "cost_per_week_usd": {"min": 300, "max": 650}})))
    assert facts(shown) == [("Medicaid", "Yes"), ("Medicare", NR), ("TRICARE", NR), ("Private insurance", "No"),
                            ("Named carriers", "Aetna"), ("Other state-funded plan", NR), ("Self-pay", NR),
                            ("Sliding fee scale", NR), ("Help paying", NR), ("Free of charge", NR),
                            ("Self-pay price a week", "$300–$650")]


def test_accreditations_and_licences_as_lists():
    shown = str(sections.accreditation(listing(
        accreditations=[{"body": "carf", "id": "C<1", "expires": "2027-01-31"}, {"body": "joint_commission"}],
        licenses=[{"state": "NJ", "agency": "DMHAS <x>", "number": "L-9"}, {"state": "NY", "agency": "OASAS"}])))
    assert shown == (
        '<section aria-labelledby="accreditation">\n<h2 id="accreditation">Accreditation and licences</h2>\n'
        '<dl class="facts">\n  <div class="fact"><dt>Accredited</dt><dd>Yes</dd></div>\n</dl>\n'
        '<ul class="plain">\n'
        '  <li>CARF (ID C&lt;1), valid until <time datetime="2027-01-31">2027-01-31</time></li>\n'
        "  <li>The Joint Commission</li>\n</ul>\n<h3>State licences</h3>\n"
        '<ul class="plain">\n  <li>New Jersey: DMHAS &lt;x&gt;, licence L-9</li>\n  <li>New York: OASAS</li>\n'
        "</ul>\n</section>\n")


def test_no_licence_given_is_not_reported():
    shown = str(sections.accreditation(listing()))
    assert facts(shown) == [("Accredited", NR)]
    assert shown.endswith('<h3>State licences</h3>\n<p class="unknown">Not reported</p>\n</section>\n')
    assert "<ul" not in shown


def test_results_link_to_what_to_ask_in_the_pages_language():
    shown = str(sections.outcomes(listing(outcomes={"published_url": "https://p.example/r?a=1&b=2",
                                                    "notes": "We ask."}), "/es"))
    assert facts(shown) == [
        ("Results it measures", NR),
        ("Published results", '<a href="https://p.example/r?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
                              "https://p.example/r?a=1&amp;b=2</a>"),
        ("About its results", "We ask."), ("Puts you in touch with families or referrers", NR)]
    assert ('<p>No ratings or reviews here: they cannot be checked. <a href="/es/choose/#item-results">What to ask '
            "about results</a>.</p>\n</section>\n") in shown
    assert "About its results" not in str(sections.outcomes(listing(), ""))
    measured = str(sections.outcomes(listing(outcomes={"measures": ["completion_rate"], "references_on_request": True}),
                                     ""))
    assert measured.startswith('<section aria-labelledby="outcomes">\n<h2 id="outcomes">Results and recommendations'
                               '</h2>\n<dl class="facts">\n  <div class="fact"><dt>Results it measures</dt>')
    assert facts(measured) == [("Results it measures", "How many finish the program"), ("Published results", NR),
                               ("Puts you in touch with families or referrers", "Yes")]


def test_who_it_serves():
    shown = str(sections.serves(listing(ages={"min": 13, "max": 17}, populations=["adolescents"],
                                        languages=["en", "es"])))
    assert shown == ('<section aria-labelledby="serves">\n<h2 id="serves">Who it serves</h2>\n<dl class="facts">\n  '
                     '<div class="fact"><dt>Ages</dt><dd>13 to 17</dd></div>\n'
                     '<div class="fact"><dt>Groups with dedicated services</dt><dd>Adolescents</dd></div>\n'
                     '<div class="fact"><dt>Languages</dt><dd>English, Spanish</dd></div>\n</dl>\n</section>\n')
    assert facts(str(sections.serves(listing()))) == [("Ages", NR), ("Groups with dedicated services", NR),
                                                      ("Languages", NR)]


def test_contact_says_not_reported_for_each_way_to_reach_it_not_given():
    shown = str(sections.contact(listing()))
    assert ('  <h3 id="loc-1">Newark</h3>\n  <address>1 A St<br>Newark, NJ 07102</address>\n') in shown
    owned = facts(str(sections.contact(listing(organization={"name": "O", "ownership": "private_nonprofit"}))))
    assert owned[1] == ("Type of organisation", "Private nonprofit")
    assert facts(shown)[:6] == [("Run by", "O"), ("Type of organisation", NR),
                                ("Phone", '<a href="tel:+19735550142">(973) 555-0142</a>'), ("Intake phone", NR),
                                ("E-mail", NR), ("Website", NR)]
    given = facts(str(sections.contact(listing(contact={"phone": "973-555-0142", "intake_phone": "973-555-0100",
                                                        "email": "a@p.example", "website": "https://p.example/"},
                                               intake={"accepting_new_patients": True, "typical_wait_days": 3,
                                                       "walk_in": False, "referral_required": False})))
                  .split('<section class="location"')[0])
    assert given[3:6] == [("Intake phone", '<a href="tel:+19735550100">(973) 555-0100</a>'),
                          ("E-mail", '<a href="mailto:a@p.example">a@p.example</a>'),
                          ("Website", '<a href="https://p.example/" rel="nofollow noopener noreferrer">'
                                      "https://p.example/</a>")]
    assert given[6:] == [("How sessions are offered", "In person"),
                         ("Online treatment available in", "No online option"), ("Accepting new patients", "Yes"),
                         ("Typical wait to start", "3 days"), ("Walk-in assessments", "No"),
                         ("Referral required", "No")]


def test_each_location_with_its_street_only_when_published():
    shown = str(sections.contact(listing(locations=[
        {"label": "Main <office>", "street": "1 A St", "street2": "Suite 2", "city": "Newark", "state": "NJ",
         "postal_code": "07102", "wheelchair_accessible": True},
        {"street": "9 Hidden Rd", "address_published": False, "city": "Camden", "state": "NJ",
         "postal_code": "08101"}])))
    assert ('<section class="location" aria-labelledby="loc-1">\n  <h3 id="loc-1">Main &lt;office&gt;</h3>\n'
            "  <address>1 A St<br>Suite 2<br>Newark, NJ 07102</address>\n"
            '  <dl class="facts"><div class="fact"><dt>Wheelchair accessible</dt><dd>Yes</dd></div></dl>\n'
            "</section>\n") in shown
    second = shown.split('aria-labelledby="loc-2">')[1]
    assert '<h3 id="loc-2">Camden</h3>' in second and "Hidden" not in shown
    assert "<address>Address not published — call the program for directions<br>Camden, NJ 08101</address>" in second


def test_on_a_spanish_page_a_locations_own_label_is_marked_english():
    p = listing(locations=[{"label": "Main office", "street": "1 A St", "city": "Newark", "state": "NJ",
                            "postal_code": "07102"},
                           {"street": "2 B St", "city": "Camden", "state": "NJ", "postal_code": "08101"}])
    with i18n.using("es"):
        shown = str(sections.contact(p))
    assert '<h3 id="loc-1" lang="en">Main office</h3>' in shown and '<h3 id="loc-2">Camden</h3>' in shown


def test_a_program_that_meets_online_only_says_there_is_nowhere_to_visit():
    shown = str(sections.contact(listing(locations=[], delivery=["telehealth"])))
    assert shown.endswith("</dl>\n<p>This program meets online only; there is no location to visit.</p>\n"
                          "</section>\n")
    assert "<address>" not in shown


def test_verification_says_when_by_whom_and_from_where():
    shown = str(sections.verification(listing(verification={"last_verified": "2026-10-01", "verified_by": "import",
                                                            "source": "SAMHSA <2024>"}), ""))
    assert facts(shown) == [("Last verified", '<time datetime="2026-10-01">October 1, 2026</time> (55 days ago)'),
                            ("Verified by", "Imported from public data"), ("Source", "SAMHSA &lt;2024&gt;")]
    assert '<a href="/verification/">How listings are checked</a>.</p>\n</section>\n' in shown
    assert [label for label, _ in facts(str(sections.verification(listing(), "")))] == ["Last verified",
                                                                                        "Verified by"]


def test_every_section_in_spanish():
    p = listing(tracks=[SATURDAYS], medications={"accepts_patients_on_medication": False})
    for name in sections.__all__[1:]:  # English first: a cache keyed wrongly would answer Spanish with it
        getattr(sections, name)(p, *{"treatment": ("en",), "outcomes": ("",), "verification": ("",)}.get(name, ()))
    with i18n.using("es"):
        shown = {name: str(getattr(sections, name)(p, *{"treatment": ("es",), "outcomes": ("/es",),
                                                         "verification": ("/es",)}.get(name, ())))
                 for name in sections.__all__ if name != "header"}
    assert "No acepta a personas que toman un medicamento" in shown["treatment"]
    assert "Aquí no hay calificaciones ni reseñas" in shown["outcomes"]
    assert '"No informado" quiere decir' in shown["verification"]
    assert '<p class="unknown">No informado</p>' in shown["accreditation"]
    for name, html in shown.items():
        assert "Not reported" not in html, name
    # Each section's heading and the start of its facts, in Spanish after English (each language's words made
    # for it, never another's).
    headings = {"schedule": "Horario", "treatment": "Tratamiento",
                "family": "Familia y atención posterior al tratamiento",
                "insurance": "Seguro médico y costo", "accreditation": "Acreditación y licencias",
                "outcomes": "Resultados y recomendaciones", "serves": "A quién atiende",
                "contact": "Contacto y ubicaciones", "verification": "Verificación"}
    for name, heading in headings.items():
        assert shown[name].startswith(f'<section aria-labelledby="{name}">\n<h2 id="{name}">{heading}</h2>\n'), name
        assert '\n<dl class="facts">\n  <div class="fact">' in shown[name], name
    assert '</p>\n<dl class="facts">\n  <div class="fact"><dt>Última verificación</dt>' in shown["verification"]
    assert shown["insurance"].endswith("</dd></div>\n</dl>\n</section>\n")


STATE = type("State", (), {"name": "New Jersey", "url": "states/nj/"})()


def test_the_header_names_the_program_and_puts_intake_first_in_the_call_bar():
    p = listing(name="Harbor <IOP>", contact={"phone": "973-555-0142", "intake_phone": "973-555-0100"})
    shown = str(sections.header(p, STATE, "en", "/r"))
    assert shown.startswith('<header class="program-header">\n  <h1 id="program-name">Harbor &lt;IOP&gt;</h1>\n'
                            '  <p class="org">O · Newark, NJ</p>\n  <p class="lead">S</p>  <p class="call">')
    assert ('<p class="call"><a class="call-now" href="tel:+19735550100">Call intake (973) 555-0100</a> '
            '<a class="directions" href="https://www.google.com/maps/search/?api=1&amp;query=1+A+St%2C+Newark%2C+NJ+'
            '07102">Directions</a> <span>Main line: <a href="tel:+19735550142">(973) 555-0142</a></span></p>\n'
            '  <p class="verified"><span class="badge badge-fresh">Recently verified</span> Verified <time '
            'datetime="2026-10-01">October 1, 2026</time> by the provider</p>\n') in shown
    assert ('<button type="button" class="compare-toggle secondary" data-compare-id="p" '
            'data-compare-name="Harbor &lt;IOP&gt;" hidden>Add to comparison</button> '
            '<a href="/r/states/nj/compare/">Compare the programs in New Jersey</a></p>') in shown
    assert '<nav aria-label="On this page" class="toc">\n    <ul>\n      <li><a href="#schedule">' in shown
    assert shown.endswith("</ul>\n  </nav>\n</header>")
    assert '<div class="glance">' in shown.split('<section class="at-a-glance"')[1]


def test_the_header_without_an_intake_line_or_a_street_and_closed_for_now():
    p = listing(status="temporarily_closed", delivery=["telehealth"], locations=[])
    shown = str(sections.header(p, STATE, "en", ""))
    assert ('<p class="org">O · Online only</p>\n<p class="alert" role="note"><strong>Temporarily closed.</strong> '
            'Call before you go.</p>  <p class="lead">S</p>  <p class="call"><a class="call-now" '
            'href="tel:+19735550142">Call (973) 555-0142</a></p>\n') in shown
    assert "Directions" not in shown and "Main line" not in shown


def test_the_header_in_spanish_keeps_the_programs_own_words_marked_english():
    with i18n.using("es"):
        shown = str(sections.header(listing(), STATE, "es", "/es"))
    assert '<p class="lead" lang="en">S</p>' in shown
    assert "Llamar" in shown and '<a href="/es/states/nj/compare/">' in shown
    assert 'aria-label="En esta página"' in shown


def test_the_headers_words_follow_the_language_from_one_page_to_the_next():
    # A build writes every page in English, then in Spanish, in one process: the header's constant words are kept
    # by language, and a Spanish page never gets the English ones kept from the page before.
    p = listing(status="temporarily_closed")
    english = str(sections.header(p, STATE, "en", ""))
    with i18n.using("es"):
        spanish = str(sections.header(p, STATE, "es", "/es"))
    again = str(sections.header(p, STATE, "en", ""))
    assert 'aria-label="On this page"' in english and "Temporarily closed." in english
    assert 'aria-label="En esta página"' in spanish and "On this page" not in spanish
    assert "Temporarily closed." not in spanish and "Add to comparison" not in spanish
    assert again == english
