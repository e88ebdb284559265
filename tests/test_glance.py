"""At a glance (#17): the facts that decide first, at the top of a program page and in every card; the call bar
that stays in reach on a phone; the print sheet; screenshots for reviewers (tests/output/screenshots/)."""

from pathlib import Path

import pytest

from tests.browser import axe_violations

SCREENSHOTS = Path(__file__).resolve().parent / "output" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
FULL = "lanternwood-evening-iop"  # every at-a-glance fact given
SPARSE = "cotton-mill-outpatient-services"  # imported: no tracks, no ages, no insurance, in person only


def listing(**fields):
    import datetime as dt

    from iopdir.listing.program import build

    data = {"id": "x", "name": "X", "status": "active", "delivery": ["in_person"], "contact": {"phone": "973-555-0100"},
            "verification": {"last_verified": "2026-10-01", "verified_by": "maintainer"}, **fields}
    return build(data, "x.yaml", "NJ", today=dt.date(2026, 12, 3))


def test_values_say_what_the_listing_says():
    """iopdir.listing.glance: unknown is None ("Not reported"), refused is "No", in facts.GLANCE's order."""
    from iopdir.listing import glance
    from iopdir.listing.facts import GLANCE

    bare = glance.values(listing())
    assert list(bare) == [key for _, _, keys in GLANCE for key in keys]
    assert bare["verified"] == "Oct 1, 2026, by a directory maintainer" and bare["online"] == "No"
    assert all(v is None for k, v in bare.items() if k not in ("verified", "online"))
    refused = {k: False for k in ("medicaid", "medicare", "tricare", "private", "state_plan")}
    assert glance.values(listing(insurance=refused))["insurance_programs"] == "No"
    assert glance.values(listing(insurance={**refused, "medicaid": None}))["insurance_programs"] is None
    assert glance.values(listing(insurance={"private": True, "carriers": ["aetna"]}))["insurance_programs"] == (
        "Private insurance, 1 named carrier")
    expired = listing(accreditations=[{"body": "carf", "expires": "2026-01-01"}])
    current = listing(accreditations=[{"body": "carf", "expires": "2027-01-01"}, {"body": "joint_commission"}])
    assert glance.values(expired)["accredited"] == "No"
    assert glance.values(current)["accredited"] == "CARF, The Joint Commission"
    assert glance.values(listing(intake={"typical_wait_days": 0}))["wait"] == "0 days"


def glance_pairs(page) -> dict[str, tuple[str, str]]:
    """The program page's at-a-glance facts: label -> (value, its class)."""
    return {dt: (dd, cls) for dt, dd, cls in page.locator(".at-a-glance dt").evaluate_all(
        "dts => dts.map(dt => [dt.textContent, dt.nextElementSibling.textContent, dt.nextElementSibling.className])")}


@pytest.fixture(params=list(WIDTHS))
def sized(request, page):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[request.param])))
    return request.param


def test_at_a_glance_matches_the_listing(page, site_url, sized):
    """Lanternwood's listing (programs/nj/lanternwood-evening-iop.yaml), fact by fact, in its own element."""
    page.goto(f"{site_url}/programs/{FULL}/")
    glance = page.locator("section.at-a-glance")
    assert glance.locator("h2").inner_text() == "At a glance"
    assert page.locator("section.at-a-glance .glance h3").all_inner_texts() == [
        "Who it is for", "When", "Cost", "Quality", "Start"]
    shown = {k: v for k, (v, _) in glance_pairs(page).items()}
    assert shown == {
        "Ages": "18 and older", "For": "Adults", "Treats": "Substance use, Co-occurring mental health and substance use",
        "Days": "Mon, Tue, Thu, Sat", "Hours a week": "9–10", "Evening sessions": "Yes", "Weekend sessions": "Yes",
        "Online option": "Yes",
        "Insurance accepted": "Medicaid, Medicare, Private insurance, State-funded plan, 4 named carriers",
        "Sliding scale": "Yes", "Self-pay price a week": "$300–$650",
        "Accredited": "The Joint Commission", "Verified": "Oct 1, 2026, by the provider",
        "Accepting new patients": "Yes", "Typical wait to start": "3 days"}
    # Before the long detail, which stays below in its sections.
    assert glance.bounding_box()["y"] < page.locator("#schedule").bounding_box()["y"]
    assert axe_violations(page) == []


def test_not_reported_is_not_no(page, site_url, sized):
    page.goto(f"{site_url}/programs/{SPARSE}/")
    pairs = glance_pairs(page)
    for label in ("Ages", "Days", "Hours a week", "Evening sessions", "Insurance accepted", "Accredited",
                  "Typical wait to start"):
        assert pairs[label] == ("Not reported", "nr"), label
    assert pairs["Online option"] == ("No", "no")  # in person only: said, so "No"
    style = "el => { const s = getComputedStyle(el); return [s.fontStyle, s.color, s.fontWeight]; }"
    unknown = page.locator(".at-a-glance dd.nr").first.evaluate(style)
    no = page.locator(".at-a-glance dd.no").first.evaluate(style)
    assert unknown != no and unknown[0] == "italic" and no[0] == "normal"
    assert axe_violations(page) == []


def test_a_search_result_card_shows_the_same_glance(page, site_url):
    page.goto(f"{site_url}/programs/{FULL}/")
    on_page = page.locator(".at-a-glance .glance").evaluate("g => g.innerText")
    page.goto(f"{site_url}/search/?q=lanternwood")
    card = page.locator(f'#results > li[data-id="{FULL}"] .glance')
    card.wait_for()
    assert card.evaluate("g => g.innerText") == on_page


def test_the_call_button_is_in_reach_on_a_phone(page, site_url, sized):
    page.goto(f"{site_url}/programs/{FULL}/")
    call = page.locator(".call-now")
    assert call.inner_text() == "Call intake (973) 555-0199"  # intake first
    assert call.get_attribute("href") == "tel:+19735550199"
    height = page.viewport_size["height"]

    def on_screen():
        box = call.bounding_box()
        return box["y"] >= 0 and box["y"] + box["height"] <= height and box["height"] >= 40  # big enough to tap

    assert on_screen()  # without scrolling
    if sized == "phone":
        page.mouse.wheel(0, 2500)
        page.wait_for_function("() => scrollY > 2000")
        assert on_screen()  # and still there further down
        # The bar covers nothing at the end of the page.
        page.evaluate("() => scrollTo(0, document.body.scrollHeight)")
        footer = page.locator(".site-footer p").last.bounding_box()
        assert footer["y"] + footer["height"] <= call.bounding_box()["y"]
    directions = page.locator("a.directions")
    assert directions.get_attribute("href").startswith("https://www.google.com/maps/search/?api=1&query=212+Halsey")


def test_no_directions_without_an_address(page, site_url):
    page.goto(f"{site_url}/programs/larch-hollow-virtual-iop/")  # online only: no location
    assert page.locator(".call-now").is_visible() and page.locator("a.directions").count() == 0


def test_print_puts_the_glance_and_the_week_on_the_first_page(page, site_url):
    """Letter paper with the print sheet's 1.2 cm margins: 725 × 965 CSS pixels of content on the first page."""
    page.set_viewport_size({"width": 725, "height": 965})
    page.goto(f"{site_url}/programs/{FULL}/")
    page.emulate_media(media="print")
    assert page.locator(".wk").first.is_hidden() and page.locator(".timetable").first.is_visible()
    assert page.locator(".call-now").evaluate("a => getComputedStyle(a).position") == "static"
    bottom = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.at-a-glance, .timetable')]
                                     .map(e => e.getBoundingClientRect().bottom + scrollY))""")
    assert bottom <= 965, bottom
    pdf = page.pdf(format="Letter", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("name, path", [("home", "/"), ("program", f"/programs/{FULL}/"),
                                        ("compare", f"/compare/?ids={FULL},{SPARSE}")])
def test_screenshots(page, site_url, sized, name, path):
    """For reviewers: tests/output/screenshots/NAME-WIDTH.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(site_url + path)
    if name == "compare":
        page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '2'")
    target = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
