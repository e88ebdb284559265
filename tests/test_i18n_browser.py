"""Issue #13 in Chromium: the language switch keeps the person on the same page and keeps the search's state (its
words and a filter, which the search page keeps in its address as you use it); the Spanish home page and a Spanish
program page have no axe violations; the compare page in Spanish, with what was chosen in English; the list-your-program
form describes its questions in Spanish, and its script reports what to fix in Spanish."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from iopdir import i18n
from iopdir.build.listings import validate_paths
from iopdir.choosing import checklist, comparison
from iopdir.listing import script_words, wording
from iopdir.tools import form as listing_form
from tests.browser import axe_violations

ROOT = Path(__file__).resolve().parent.parent


def open_search(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")


def test_the_switch_keeps_the_search_words_and_filters(page, site_url, built_site, foreign_requests):
    open_search(page, f"{site_url}/search/")
    page.locator("#q").press_sequentially("evening")
    page.locator("#filters-panel > summary").click()
    page.locator("#f-insurance-medicaid").check()
    page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'evening'"
                           " && location.search.includes('insurance=medicaid')")
    query = page.evaluate("() => location.search")
    page.locator("a[data-language-switch][hreflang='es']").click()
    page.wait_for_url(f"{site_url}/es/search/{query}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert page.locator("#q").input_value() == "evening"  # the Spanish search page restored them from the address
    assert page.locator("#f-insurance-medicaid").is_checked()
    # And back: the English page with the same search.
    page.locator("a[data-language-switch][hreflang='en']").click()
    page.wait_for_url(f"{site_url}/search/{query}")
    assert foreign_requests == []


def test_the_switch_keeps_the_page(page, site_url, built_site):
    program = sorted((built_site / "es" / "programs").glob("*/index.html"))[0].parent.name
    for english in (f"/programs/{program}/", "/states/nj/", "/states/nj/compare/", "/", "/choose/"):
        page.goto(site_url + english)
        page.locator("a[data-language-switch][hreflang='es']").click()
        page.wait_for_url(f"{site_url}/es{english}")
        assert page.evaluate("() => document.documentElement.lang") == "es"
        page.locator("a[data-language-switch][hreflang='en']").click()
        page.wait_for_url(site_url + english)
        assert page.evaluate("() => document.documentElement.lang") == "en"


def test_spanish_pages_have_no_axe_violations(page, site_url, built_site, foreign_requests):
    program = sorted((built_site / "es" / "programs").glob("*/index.html"), key=lambda p: p.stat().st_size)[-1]
    found = {}
    for path in ("/es/", f"/es/programs/{program.parent.name}/", "/es/states/nj/", "/es/states/nj/compare/"):
        page.goto(site_url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    assert foreign_requests == []


def test_a_spanish_state_page_card_gives_the_listings_spanish_summary(page, site_url):
    """A listing that gives its summary in Spanish shows it on its card there, not marked English; one that does not
    shows its English summary marked lang="en" (a phone-sized window: the card as a family reads it)."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/es/states/nm/")
    translated = page.locator("article[aria-labelledby='card-acequia-path-recovery-iop'] > p:not(.org):not(.verified)")
    assert translated.inner_text().startswith("Programa en Albuquerque para el consumo de sustancias")
    assert translated.get_attribute("lang") is None
    other = page.locator("article[aria-labelledby='card-organ-peak-teen-iop'] > p:not(.org):not(.verified)"
                         ":not(.warn)")
    assert other.get_attribute("lang") == "en"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


# Programs of the sample listings that differ on many rows (the compare page's own tests use them too).
THREE = ["lanternwood-evening-iop", "cedar-bog-weekend-recovery-iop", "cotton-mill-outpatient-services"]


def test_the_spanish_compare_page_is_in_spanish_with_choices_made_in_english(page, site_url, built_site,
                                                                             foreign_requests):
    """/es/compare/ with the programs and checklist choices saved on the English pages: every row's label and value
    is the Spanish of Python's comparison (the one the Spanish state comparison pages show), and the checklist's
    rows are the Spanish checklist's topics, with the choices made in English."""
    programs = {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}
    chosen = [programs[i] for i in THREE]
    page.goto(f"{site_url}/")  # (not /choose/: its script saves the form's choices as it loads)
    page.evaluate("""([ids, names]) => {
        localStorage.setItem('iopdir.compare', JSON.stringify(ids.map((id, i) => ({id: id, name: names[i]}))));
        localStorage.setItem('iopdir.checklist', 'flag=evening&insurance=medicaid&language=es');
    }""", [THREE, [p.name for p in chosen]])
    page.goto(f"{site_url}/es/compare/")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '3'")
    with i18n.using("es"):
        table = comparison.table(chosen)
        found = checklist.read(ROOT / "content" / "checklist.yaml", list(programs.values()), ["es"]).in_language("es")
        not_reported = i18n.gettext(wording.NOT_REPORTED)
        expected = [[r.key, r.label, [not_reported if v is None else v for v in r.values]]
                    for _, rows in table for r in rows]
        headings = [g.heading for g, _ in table]
    shown = page.locator("#compare-table tr[data-row]").evaluate_all(
        "trs => trs.map(tr => [tr.dataset.row, tr.querySelector('th').firstChild.textContent,"
        " [...tr.querySelectorAll('td')].map(td => td.innerText)])")
    assert shown == expected
    assert page.locator("#compare-table tbody[data-group]:not([data-group=checklist]) tr.group th").all_inner_texts() == headings
    topics = {item.id: item.topic for item in found.items}
    items = page.locator("tr[data-item]").evaluate_all("trs => trs.map(tr => tr.dataset.item)")
    assert items  # the English choices are the Spanish page's too
    assert page.locator("tr[data-item] th").evaluate_all(
        "ths => ths.map(th => th.firstChild.textContent)") == [topics[i] for i in items]
    assert "Español" in page.locator("tr[data-item] .your-choice").all_inner_texts()[-1]
    assert page.locator("thead th.program-head .org").first.inner_text().endswith(
        comparison.place(chosen[0]))
    assert axe_violations(page) == []
    assert foreign_requests == []


def test_the_spanish_error_page(page, site_url, built_site, foreign_requests):
    page.goto(f"{site_url}/es/404.html")
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert page.locator("h1").inner_text() == "No se encontró la página"
    assert page.locator('main a[href="/es/states/"]').inner_text() == "Vea los programas por estado"
    assert axe_violations(page) == []
    assert foreign_requests == []


def test_the_spanish_form_describes_each_question_in_spanish(page, site_url, built_site, foreign_requests):
    """/es/list-your-program/ with its script: each question's accessible description (its hint, by
    aria-describedby) is the catalog's Spanish of the schema's description, in the page's language (no lang="en"
    around it), its label and choices Spanish too; axe finds nothing."""
    page.goto(f"{site_url}/es/list-your-program/")
    expect(page.locator("#list-form")).to_be_visible()
    questions = {q.path: q for q in listing_form.questions()}
    with i18n.using("es"):
        hints = {path: i18n.gettext(q.hint) for path, q in questions.items()}
    for path, field in (("name", "#lf-name"), ("status", "#lf-status"),
                        ("insurance.cost_per_week_usd.min", "#lf-insurance-cost_per_week_usd-min")):
        assert hints[path] != questions[path].hint
        # (the description also names the question's error note, empty until a check finds something)
        expect(page.locator(field)).to_have_accessible_description(hints[path])
    assert page.evaluate("""() => [...document.querySelectorAll('#list-form .hint')]
        .filter(hint => hint.closest('[lang]').getAttribute('lang') !== 'es').length""") == 0
    expect(page.locator("#lf-name")).to_have_accessible_name("Nombre del programa (obligatoria)")
    expect(page.locator("#lf-focus")).to_have_accessible_description(hints["focus"])
    assert page.locator("#lf-focus-mental_health + label").inner_text() == "Salud mental"
    assert axe_violations(page) == []
    assert foreign_requests == []


def test_the_spanish_form_says_what_to_fix_in_spanish(page, site_url, built_site, foreign_requests):
    """/es/list-your-program/ checked with its required answers left blank: the summary's heading and each finding
    are the catalog's Spanish (facts.json "messages", as the other scripts), a finding names its question by its
    label without the "(obligatoria)" the label carries for screen readers, and the schema's own words (a pattern's
    errorMessage) are Spanish too; axe finds nothing."""
    with i18n.using("es"):
        words = script_words.export()
        required = i18n.gettext("(required)")
    page.goto(f"{site_url}/es/list-your-program/")
    page.wait_for_selector("#list-form[data-ready]")
    page.click("#lf-check")
    page.wait_for_selector("#lf-findings h2", timeout=5000)
    errors = page.locator("#lf-findings li.lf-error")
    count = errors.count()
    assert count > 1
    one, other = words["form_answers_to_fix"]
    assert page.locator("#lf-findings h2").inner_text() == (one if count == 1 else other).replace("{n}", str(count))
    name = page.locator('#lf-findings li[data-field="name"]').inner_text()
    assert name == "Nombre del programa: " + words["check_missing"].replace("{field}", "name")
    findings = page.locator("#lf-findings li").all_inner_texts()
    assert not [f for f in findings if required in f or "missing required field" in f or "*" in f], findings
    assert required in page.locator("label[for=lf-name]").inner_text()  # the label itself keeps it
    assert "to fix" not in page.locator("#lf-findings h2").inner_text()
    assert axe_violations(page) == []
    # A phone of the wrong form: the schema's own words (its errorMessage), in the catalog's Spanish.
    page.fill("#lf-contact-phone", "555-0142")
    page.click("#lf-check")
    phone = page.locator('#lf-findings li[data-field="contact.phone"]')
    expect(phone).to_contain_text(words["schema_errors"][
        'expected a US phone number such as "973-555-0142" or "(973) 555-0142"'])
    expect(phone).to_contain_text("EE. UU.")
    assert axe_violations(page) == []
    assert foreign_requests == []
