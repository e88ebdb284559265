"""The comparison in Chromium: adding and removing from results and program pages, the tray, the shareable URL,
differences marked in words, "Not reported" apart from "No", checklist verdicts equal to Python's, the CSV download,
landscape print, a phone-sized screen, axe in every state, and the state tables that need no JavaScript."""

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from iopdir.choosing import checklist
from iopdir.choosing import comparison
from iopdir.build import datafiles
from iopdir.build.listings import validate_paths
from tests.browser import axe_violations, shown_ids
from tests.sites import comparison_shard
from tests.test_choose_browser import pdf_pages

ROOT = Path(__file__).resolve().parent.parent
FOUR = ["lanternwood-evening-iop", "cedar-bog-weekend-recovery-iop", "cotton-mill-outpatient-services",
        "elm-park-pathways-iop"]
CHOICES = [
    "flag=evening&flag=weekend&insurance=medicaid",
    "flag=accredited&modality=cbt&modality=dbt&medication=accepted&medication=prescribes",
    "flag=family&flag=aftercare&age=15&population=veterans&language=es",
    "focus=co_occurring&condition=opioids&start=7&verified=90&insurance=aetna",
    "insurance=tricare&age=70&start=30&verified=365&flag=online&near=07102&miles=25",
]


@pytest.fixture(scope="module")
def programs():
    """The listed sample programs by id, as the site build sees them (the same day, so the same freshness)."""
    return {p.id: p for p in validate_paths([ROOT / "programs"]).programs if p.listed}


@pytest.fixture(scope="module")
def sample(programs):
    return checklist.read(ROOT / "content" / "checklist.yaml", list(programs.values()))


def remember(page, site_url, key, value):
    page.goto(site_url + "/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])


def open_compare(page, site_url, ids=None, count=None):
    page.goto(site_url + "/compare/" + (f"?ids={','.join(ids)}" if ids is not None else ""))
    expected = len(ids) if count is None and ids is not None else count
    if expected is None:
        page.wait_for_function("() => document.documentElement.hasAttribute('data-compare-ready')")
    else:
        page.wait_for_function("n => document.documentElement.getAttribute('data-compare-ready') === String(n)",
                               arg=expected)


def columns(page):
    return page.locator("#compare-table thead th.program-head").evaluate_all("ths => ths.map(t => t.dataset.id)")


def device_ids(page):
    return page.evaluate("() => JSON.parse(localStorage.getItem('iopdir.compare') || '[]').map(p => p.id)")


def tray_names(page):
    return page.locator(".compare-tray .tray-name").all_inner_texts()


def test_a_click_before_the_words_load_is_said_when_they_have(page, site_url):
    """The program page's button works at once; what it did is said to a screen reader as soon as the page's words
    (facts.json) have loaded, not dropped because they had not."""
    held = []
    page.route("**/facts.json", lambda route: held.append(route))
    page.goto(site_url + "/programs/lanternwood-evening-iop/", wait_until="domcontentloaded")
    toggle = page.locator("main .compare-toggle")
    toggle.click()
    said = page.locator("main p.visually-hidden[role=status]")
    assert held and said.text_content() == ""  # the words are not there yet: nothing said, nothing lost
    page.unroute("**/facts.json")
    for route in held:
        route.continue_()
    expect(said).to_have_text("Added Lanternwood Evening IOP to the comparison: 1 of 4.")
    expect(toggle).to_contain_text("Remove from comparison")
    assert tray_names(page) == ["Lanternwood Evening IOP"]


def test_add_and_remove_from_program_pages_and_results(page, site_url, programs, foreign_requests):
    page.goto(site_url + "/programs/lanternwood-evening-iop/")
    toggle = page.locator("main .compare-toggle")
    assert toggle.inner_text().startswith("Add to comparison")
    assert not page.locator(".compare-tray").is_visible()
    toggle.click()
    # The list is drawn at once; the button's and the tray's words when this language's have loaded (tray.js): the
    # checks wait for them (seen under load: the button still said "Add" just after the click).
    expect(toggle).to_contain_text("Remove from comparison")
    assert tray_names(page) == ["Lanternwood Evening IOP"]
    expect(page.locator(".tray-count")).to_have_text("(1 of 4)")
    page.wait_for_function("() => document.querySelector('main p.visually-hidden[role=status]').textContent"
                           " === 'Added Lanternwood Evening IOP to the comparison: 1 of 4.'")  # said to screen readers

    # The list survives navigation: the next program page shows the tray with the first one in it.
    page.goto(site_url + "/programs/cedar-bog-weekend-recovery-iop/")
    assert tray_names(page) == ["Lanternwood Evening IOP"]
    page.locator("main .compare-toggle").click()

    page.goto(site_url + "/search/")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    button = lambda pid: page.locator(f'#results .compare-toggle[data-compare-id="{pid}"]')  # noqa: E731
    expect(button("lanternwood-evening-iop")).to_contain_text("Remove from comparison")
    others = [i for i in shown_ids(page) if i not in ("lanternwood-evening-iop", "cedar-bog-weekend-recovery-iop")]
    button(others[0]).click()
    button(others[1]).click()
    expect(page.locator(".tray-count")).to_have_text("(4 of 4)")
    button(others[2]).click()  # a fifth: refused, and said so
    expect(page.locator(".tray-note")).to_be_visible()
    expect(page.locator(".tray-note")).to_contain_text("up to 4")
    assert len(tray_names(page)) == 4 and button(others[2]).inner_text().startswith("Add to comparison")

    # Remove from the tray: the list, the result's button and the keyboard's place all follow.
    page.locator(".tray-list li", has_text="Cedar Bog Weekend Recovery IOP").locator("button").click()
    assert tray_names(page) == ["Lanternwood Evening IOP", programs[others[0]].name, programs[others[1]].name]
    assert button("cedar-bog-weekend-recovery-iop").inner_text().startswith("Add to comparison")
    assert page.evaluate("() => document.activeElement.classList.contains('tray-remove')")

    page.locator(".tray-link").click()
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '3'")
    assert columns(page) == ["lanternwood-evening-iop", others[0], others[1]]
    assert page.url.endswith("/compare/?ids=" + ",".join(columns(page)))
    assert foreign_requests == []


def test_remove_on_the_compare_page_updates_url_and_device(page, site_url):
    open_compare(page, site_url, FOUR)
    page.locator('th[data-id="cotton-mill-outpatient-services"] button.remove').click()
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '3'")
    remaining = [i for i in FOUR if i != "cotton-mill-outpatient-services"]
    assert columns(page) == remaining and device_ids(page) == remaining
    assert page.url.endswith("?ids=" + ",".join(remaining))
    assert page.evaluate("() => document.activeElement.closest('th').dataset.id") == "elm-park-pathways-iop"
    for pid in remaining:
        page.locator(f'th[data-id="{pid}"] button.remove').click()
    assert page.locator("#compare-empty").is_visible() and device_ids(page) == []
    assert page.url.endswith("/compare/")


def test_shared_url_round_trip(browser, site_url):
    url = f"{site_url}/compare/?ids={','.join(FOUR[:3])}"
    fresh = browser.new_context()  # someone else's browser: nothing stored
    page = fresh.new_page()
    page.goto(url)
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '3'")
    assert columns(page) == FOUR[:3]
    assert device_ids(page) == FOUR[:3]  # the comparison on screen becomes theirs to change
    assert page.get_attribute("#compare-link", "href") == "/compare/?ids=" + ",".join(FOUR[:3])
    page.goto(site_url + "/compare/")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '3'")
    assert columns(page) == FOUR[:3] and page.url == url
    fresh.close()


def test_bad_and_unknown_ids_are_left_out(page, site_url):
    open_compare(page, site_url, ["lanternwood-evening-iop", "..%2Fsecret", "lanternwood-evening-iop", "no-such-iop",
                                  "elm-park-pathways-iop", "cedar-bog-weekend-recovery-iop",
                                  "cotton-mill-outpatient-services"], count=3)
    assert columns(page) == ["lanternwood-evening-iop", "elm-park-pathways-iop", "cedar-bog-weekend-recovery-iop"]
    assert "could not be found and is left out (it may no longer be listed): no-such-iop" in page.locator(
        "#compare-status").inner_text()


def test_differences_are_marked_in_words(page, site_url, programs):
    three = [i for i in FOUR if i != "cotton-mill-outpatient-services"]  # with it, every row differs
    open_compare(page, site_url, three)
    rows = {r.key: r for _, rs in comparison.table([programs[i] for i in three]) for r in rs}
    shown = page.locator("#compare-table tr[data-row]").evaluate_all(
        "trs => trs.map(tr => [tr.dataset.row, tr.classList.contains('differs'), tr.querySelector('th').innerText])")
    assert [key for key, *_ in shown] == list(rows)
    for key, differs, heading in shown:
        assert differs == rows[key].differs, key
        assert ("Differs" in heading) == differs, key  # in words, not by colour alone
    assert any(d for _, d, _ in shown) and not all(d for _, d, _ in shown)
    page.check("#only-differences")
    assert page.locator('tr[data-row="phone"]').is_visible()
    same = next(key for key, d, _ in shown if not d)
    assert not page.locator(f'tr[data-row="{same}"]').is_visible()


def test_not_reported_is_not_no(page, site_url, programs):
    # From the sample data: a row where one program says No and another leaves it out.
    listed = list(programs.values())
    row, a, b = next((r.key, p, q) for p in listed for q in listed for _, rs in comparison.table([p, q]) for r in rs
                     if r.values == ("No", None))
    open_compare(page, site_url, [a.id, b.id])
    cells = page.locator(f'tr[data-row="{row}"] td')
    assert cells.nth(0).inner_text() == "No" and cells.nth(0).locator(".unknown").count() == 0
    assert cells.nth(1).locator("span.unknown").inner_text() == "Not reported"
    assert "Differs" in page.locator(f'tr[data-row="{row}"] th').inner_text()


@pytest.mark.parametrize("choices", CHOICES)
def test_checklist_verdicts_are_pythons(page, site_url, programs, sample, choices):
    remember(page, site_url, "iopdir.checklist", choices)
    chosen = checklist.parse_choices(choices)
    ids = sorted(programs)
    for start in range(0, len(ids), 4):
        batch = ids[start:start + 4]
        open_compare(page, site_url, batch)
        expected = {pid: sample.verdicts(programs[pid], chosen) for pid in batch}
        assert page.evaluate("() => window.iopdirCompare.verdicts()") == expected
        # What the table shows, cell by cell, and the summary's counts.
        shown = page.locator("tr[data-item]").evaluate_all(
            "trs => trs.map(tr => [tr.dataset.item, [...tr.querySelectorAll('td')].map(td => td.dataset.verdict)])")
        assert shown == [[item, [expected[pid][item] for pid in batch]] for item in expected[batch[0]]]
        tallies = page.locator("tr.summary td .tally-meets strong").all_inner_texts()
        assert tallies == [f"Meets ({list(expected[pid].values()).count('meets')}):" for pid in batch]


def test_without_choices_the_page_asks_for_a_checklist(page, site_url):
    open_compare(page, site_url, FOUR[:2])
    assert "You have not chosen anything on the checklist yet." in page.locator("#compare-checklist").inner_text()
    assert page.locator('#compare-checklist a[href="/choose/"]').count() == 1
    assert page.locator("tr[data-item]").count() == 0


def test_csv_download(page, site_url, programs):
    remember(page, site_url, "iopdir.checklist", "flag=evening&insurance=medicare")
    ids = ["lanternwood-evening-iop", "cotton-mill-outpatient-services"]
    open_compare(page, site_url, ids)
    with page.expect_download() as info:
        page.click("#compare-csv")
    download = info.value
    assert download.suggested_filename == "iop-comparison.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    names = [programs[i].name for i in ids]
    assert table[0] == ["Section", "Fact", *names, "Programs differ"]
    by_fact = {(r[0], r[1]): r[2:] for r in table[1:]}
    assert by_fact[("Program", "Page")] == [f"{site_url}/programs/{i}/" for i in ids] + ["Yes"]
    rows = {r.label: r for _, rs in comparison.table([programs[i] for i in ids]) for r in rs}
    medicare = [v if v is not None else "Not reported" for v in rows["Medicare"].values]
    assert by_fact[("Insurance and cost", "Medicare")] == medicare + ["Yes" if rows["Medicare"].differs else "No"]
    assert "Not reported" in medicare
    schedule = next(v for (s, f), v in by_fact.items() if s == "Your checklist" and f.startswith("A schedule"))
    assert schedule[:2] == ["Meets", "Not reported: ask"]
    assert len(table) == 1 + 3 + 2 + sum(len(g.rows) for g in comparison.GROUPS)


def test_csv_defuses_cells_that_look_like_formulas(page, site_url, built_site):
    shard = json.loads((built_site / comparison_shard(built_site, "lanternwood-evening-iop")).read_text())
    data = dict(shard["programs"]["lanternwood-evening-iop"])
    data.update(id="formula-iop", name='=HYPERLINK("http://example.invalid","x")', org="+1 call us")
    page.route(f"**/{comparison_shard(built_site, 'formula-iop')}",
               lambda route: route.fulfill(json={**shard, "programs": {"formula-iop": data}}))
    # and its words (iopdir.build.datafiles: the same shard number, in the language's folder)
    words = json.loads((built_site / comparison_shard(built_site, "lanternwood-evening-iop").replace(
        datafiles.COMPARE_DATA, datafiles.COMPARE_WORDS)).read_text())
    page.route(f"**/{comparison_shard(built_site, 'formula-iop').replace(datafiles.COMPARE_DATA, datafiles.COMPARE_WORDS)}",
               lambda route: route.fulfill(json={"programs": {
                   "formula-iop": words["programs"]["lanternwood-evening-iop"]}}))
    open_compare(page, site_url, ["formula-iop"])
    table = list(csv.reader(io.StringIO(page.evaluate("() => window.iopdirCompare.csv()"), newline="")))
    assert table[0][2] == "'=HYPERLINK(\"http://example.invalid\",\"x\")"
    assert table[1][2] == "'+1 call us"
    assert page.locator("th.program-head a").first.inner_text() == data["name"]  # shown as text on the page


def test_the_page_finds_each_program_in_the_shard_python_put_it_in(page, site_url):
    """compare.js repeats iopdir.build.datafiles.shard_of: the same shard for every id, at every shard count."""
    open_compare(page, site_url, [])
    ids = [f"program-{i}-{'x' * (i % 7)}" for i in range(300)] + ["a", "lanternwood-evening-iop", "9-to-5-iop"]
    for count in (1, 2, 64, 2048, 2**31):
        got = page.evaluate("([ids, n]) => ids.map(id => window.iopdirCompare.shardOf(id, n))", [ids, count])
        assert got == [datafiles.shard_of(i, count) for i in ids], count


def test_print_fits_landscape_paper(page, site_url):
    remember(page, site_url, "iopdir.checklist", "flag=evening")
    open_compare(page, site_url, FOUR)
    page.check("#only-differences")
    page.emulate_media(media="print")
    assert page.locator("#compare-table").is_visible()
    for hidden in [".compare-tools", "th.program-head button.remove", ".site-header nav"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("tr.group").first.is_visible() and page.locator("tr[data-item]").is_visible()
    assert page.locator("th[scope=row]").first.evaluate("th => getComputedStyle(th).position") == "static"
    sizes = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert sizes and all(width > height for width, height in sizes)


@pytest.mark.parametrize("width", [320, 375])
def test_phone_screen_keeps_the_table_usable(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 740})
    open_compare(page, site_url, FOUR)
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
    assert scroller.get_attribute("tabindex") == "0" and scroller.get_attribute("role") == "region"
    assert page.locator("#" + scroller.get_attribute("aria-labelledby")).inner_text() == "4 programs side by side"
    # The keyboard reaches the scrolling table and scrolls it; the fact names stay in view.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('table-scroll')"):
            break
    assert page.evaluate("() => document.activeElement.classList.contains('table-scroll')")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")  # scrolling may be smooth
    fact = page.locator('tr[data-row="hours"] th')
    assert fact.evaluate("th => getComputedStyle(th).position") == "sticky"
    assert abs(fact.bounding_box()["x"] - scroller.bounding_box()["x"]) <= 2


@pytest.mark.parametrize("state", ["empty", "one", "four", "four with choices"])
def test_axe(page, site_url, state):
    if state == "four with choices":
        remember(page, site_url, "iopdir.checklist", CHOICES[0] + "&" + CHOICES[2])
    ids = {"empty": None, "one": FOUR[:1]}.get(state, FOUR)
    open_compare(page, site_url, ids, count=0 if ids is None else None)
    if state == "four with choices":
        page.check("#only-differences")
        assert page.locator("tr[data-item]").count() == 5
    assert axe_violations(page) == []


def test_state_comparison_needs_no_javascript(browser, site_url, programs):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/states/nj/")
    page.get_by_role("link", name="Compare these programs side by side in a table").click()
    page.wait_for_url("**/states/nj/compare/")
    nj = sorted((p for p in programs.values() if p.state == "NJ"), key=lambda p: (p.name.lower(), p.id))
    assert page.locator("th.program-head a").all_inner_texts() == [p.name for p in nj]
    assert page.locator("tr.differs th .mark").count() >= 5
    assert page.locator("td .unknown").count() >= 1
    page.goto(site_url + "/compare/")
    assert page.locator('main a[href="/states/nj/compare/"]').is_visible()  # the no-JS way to compare
    context.close()
