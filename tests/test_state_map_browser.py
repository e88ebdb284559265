"""The home page's map in Chromium, on a phone and a laptop: its state links are reached with Tab in reading order, show
their focus, and open their state's page with Enter; each square's words keep AA contrast on its shade; axe finds
nothing; nothing is fetched from another site."""

import re

import pytest

from tests.browser import axe_violations

WIDTHS = [390, 1280]


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return e && e.closest('.state-map') ? {label: e.getAttribute('aria-label'), href: e.getAttribute('href'),
            outline: getComputedStyle(e).outlineStyle !== 'none' && parseFloat(getComputedStyle(e).outlineWidth) >= 2}
            : null; }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_state_links_work_by_keyboard(page, site_url, width, foreign_requests):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "/")
    links = page.locator(".state-map a").evaluate_all(
        "as => as.map(a => ({label: a.getAttribute('aria-label'), href: a.getAttribute('href')}))")
    assert len(links) >= 5
    # Tab from the search box onwards reaches every state of the map, in the map's order, each with a visible focus.
    page.focus("#home-q")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        here = focused(page)
        if here:
            reached.append(here)
        elif reached:
            break
    assert [{"label": r["label"], "href": r["href"]} for r in reached] == links
    assert all(r["outline"] for r in reached)
    # The accessible name is the state's name and count, as a screen reader says it.
    name = page.locator(".state-map a").first.evaluate("a => a.getAttribute('aria-label')")
    assert re.fullmatch(r"[A-Z][A-Za-z .]+, [A-Z]{2}: \d+ programs?", name)

    # Back to the first state with Shift+Tab (focus is on the list after the map), and Enter opens its page.
    for _ in range(len(reached)):
        page.keyboard.press("Shift+Tab")
    first = focused(page)
    assert first["href"] == links[0]["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site_url + links[0]["href"]
    state, count = re.fullmatch(r"(.+), [A-Z]{2}: (\d+) programs?", first["label"]).groups()
    assert page.locator("h1").inner_text() == f"Intensive outpatient programs in {state}"
    assert page.locator(".cards > article").count() == int(count)
    assert foreign_requests == []


def test_each_square_keeps_aa_contrast(page, site_url):
    page.goto(site_url + "/")
    squares = page.locator(".state-map svg > *").evaluate_all("""gs => gs.map(g => ({
        shade: g.getAttribute('class'),
        fill: getComputedStyle(g.querySelector('rect')).fill,
        text: [...g.querySelectorAll('text')].map(t => getComputedStyle(t).fill)}))""")
    assert len(squares) == 56
    shades = {s["shade"] for s in squares}
    assert "s0" in shades and len(shades) >= 2
    for square in squares:
        for text in square["text"]:
            assert contrast(square["fill"], text) >= 4.5, square
    # And the hover or focus edge of a square is not the only difference: each link also has its own words.


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_the_home_page(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "/")
    assert page.locator(".state-map svg").is_visible()
    assert axe_violations(page) == []
    # The map fits the screen: no sideways scrolling on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
