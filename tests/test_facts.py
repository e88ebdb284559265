"""One definition of every fact shown to people (iopdir.listing.facts): the program page, the cards, the comparison
(Python and browser), `iopdir search`'s table and the search page's result cards all take their labels from it."""

import dataclasses
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from iopdir.choosing import comparison
from iopdir.listing import facts
from iopdir.listing.facts import CARD, FACTS, GROUPS, READERS
from iopdir.cli import main
from iopdir.listing.vocabulary import vocabularies
from tests.browser import serve_directory
from tests.sites import build_site, comparison_shard

ROOT = Path(__file__).resolve().parent.parent
LISTING = ROOT / "tests" / "fixtures" / "valid-listing.yaml"  # Harbor Light Evening IOP: evening sessions, NJ
PID = "harbor-light-evening-iop"


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def dt_dd(page: str) -> list[tuple[str, str, str]]:
    """Each fact of a program page as (its section's id, dt text, dd text): the section is the <h2> it follows."""
    found = []
    parts = re.split(r'<h2 id="([a-z_]+)">', page)
    for group, body in zip(parts[1::2], parts[2::2]):
        for term, value in re.findall(r'<div class="fact"><dt>(.*?)</dt><dd>(.*?)</dd></div>', body, re.S):
            found.append((group, text(term), text(value)))
    return found


# ---- The definition itself ----

def test_every_fact_is_well_defined():
    groups = {g.id for g in GROUPS}
    for key, fact in FACTS.items():
        assert fact.key == key
        assert fact.group in groups, key
        assert fact.reads in READERS, key
        assert (fact.vocabulary is not None) == (fact.reads in ("labels", "label")), key
        assert fact.vocabulary is None or fact.vocabulary in vocabularies(), key
        for words in (fact.label, fact.card_label, fact.no):
            # Plain strings a message catalog can wrap: no HTML, no entities, no surrounding space.
            assert words and words == words.strip() and not re.search(r"[<>&]", words), key
    assert set(CARD) <= set(FACTS)


def test_values_read_as_the_definition_says():
    assert [FACTS["evening"].text(v) for v in (True, False, None)] == ["Yes", "No", None]  # None: "Not reported"
    assert FACTS["hours"].text((9, 12)) == "9–12" and FACTS["track_hours"].text(7.5) == "7.5"
    assert FACTS["focus"].text(["substance_use", "co_occurring"]) == (
        f"{vocabularies()['focus']['substance_use']}, {vocabularies()['focus']['co_occurring']}")
    assert FACTS["focus"].text([]) is None
    assert FACTS["ages"].text({"min": 13, "max": 17}) == "13 to 17"
    assert FACTS["price"].text({"min": 300, "max": 650}) == "$300–$650"
    assert (FACTS["wait"].text(1), FACTS["wait"].text(3)) == ("1 day", "3 days")
    assert FACTS["telehealth_states"].text(False) == "No online option"
    assert FACTS["freshness"].text("stale") == "Not verified for over a year"


def test_the_comparison_rows_are_facts_grouped_as_the_page_groups_them():
    assert [g.id for g in comparison.GROUPS] == [g.id for g in GROUPS]
    for group in comparison.GROUPS:
        assert group.heading == facts.heading(group.id)
        for row in group.rows:
            assert FACTS[row.key].group == group.id, row.key
            assert row.label == FACTS[row.key].label


def test_the_export_is_the_definition():
    exported = json.loads(json.dumps(facts.export()))
    assert exported["facts"]["evening"] == {"label": FACTS["evening"].label, "short": "Evening sessions",
                                            "group": "schedule"}
    assert exported["card"] == list(CARD) and set(exported["facts"]) == set(FACTS)
    assert exported["words"]["not_reported"] == "Not reported"


# ---- Where facts are shown ----

def test_every_fact_on_a_program_page_comes_from_the_definition(built_site):
    """Every dt of every program page is the label of a fact of the section (group) it is in, and every section
    heading is its group's."""
    labels_of = {g.id: {f.label for f in FACTS.values() if f.group == g.id} for g in GROUPS}
    pages = sorted((built_site / "programs").glob("*/index.html"))
    assert len(pages) >= 20
    for path in pages:
        page = path.read_text()
        shown = dt_dd(page)
        assert len(shown) >= 40, path
        strays = [(group, term) for group, term, _ in shown if term not in labels_of[group]]
        assert strays == [], path
        headings = re.findall(r'<h2 id="([a-z_]+)">(.*?)</h2>', page)
        assert headings == [(g.id, g.heading) for g in GROUPS if g.on_page], path
        assert re.findall(r'<nav aria-label="On this page".*?</nav>', page, re.S)[0].count("<li>") == len(headings)


def test_the_drifted_labels_agree(built_site, repo_root, tmp_path, monkeypatch, capsys):
    """Evening, as the program page, a state page's card and `iopdir search` show it: the definition's words."""
    page = (built_site / "programs" / "lanternwood-evening-iop" / "index.html").read_text()
    assert ("schedule", "Evening sessions (4 pm or later)", "Yes") in dt_dd(page)
    state = (built_site / "states" / "nj" / "index.html").read_text()
    card = re.search(r'<article class="card" aria-labelledby="card-lanternwood-evening-iop">.*?</article>', state, re.S)
    assert "<dt>Evening sessions</dt><dd>Yes</dd>" in card.group(0)  # at a glance
    shutil.copytree(repo_root / "programs", tmp_path / "programs")
    monkeypatch.chdir(tmp_path)
    assert main(["search", "lanternwood", "--programs", "programs", "--index", "index"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert "  Evening sessions  " in header and header.index("Evening sessions") == row.index("Yes  ")


def relabel(patch: pytest.MonkeyPatch) -> None:
    """Other labels for evening sessions and for Medicaid, in this process's definition."""
    patch.setitem(FACTS, "evening", dataclasses.replace(FACTS["evening"], label="Groups after work (test)",
                                                        short="After work (test)"))
    patch.setitem(FACTS, "medicaid", dataclasses.replace(FACTS["medicaid"], label="Medicaid accepted (test)"))


@pytest.fixture(scope="module")
def relabelled(tmp_path_factory):
    """A site of one listing built with relabel()'s labels (the build and the comparison read the definition in
    this process; it is put back once the site is built)."""
    base = tmp_path_factory.mktemp("relabelled")
    (base / "programs" / "nj").mkdir(parents=True)
    shutil.copy(LISTING, base / "programs" / "nj" / f"{PID}.yaml")
    with pytest.MonkeyPatch.context() as patch:
        relabel(patch)
        build_site(base / "output", base / "programs", IOPDIR_TODAY="2026-10-10")
    return base


def test_a_changed_label_shows_on_the_page_the_card_and_the_comparison(relabelled):
    out = relabelled / "output"
    shown = dt_dd((out / "programs" / PID / "index.html").read_text())
    assert ("schedule", "Groups after work (test)", "Yes") in shown
    assert ("insurance", "Medicaid accepted (test)", "Yes") in shown
    assert not any("Evening sessions" in term for _, term, _ in shown)
    assert "<dt>After work (test)</dt><dd>Yes</dd>" in (out / "states" / "nj" / "index.html").read_text()
    # The state comparison table: the row's header and its cell.
    table = (out / "states" / "nj" / "compare" / "index.html").read_text()
    assert re.search(r'<tr[^>]*><th scope="row">Groups after work \(test\)</th><td>Yes</td></tr>', table)
    # The browser scripts' definitions, from which the compare page labels the rows of its data (which has none).
    shard = json.loads((out / comparison_shard(out, PID)).read_text())
    assert "evening" in {key for _, rows in shard["groups"] for key, _ in rows}
    exported = json.loads((out / "facts.json").read_text())
    assert exported["facts"]["evening"]["short"] == "After work (test)"
    assert (exported["facts"]["evening"]["label"], exported["facts"]["medicaid"]["label"]) == (
        "Groups after work (test)", "Medicaid accepted (test)")


def test_a_changed_label_is_the_cli_tables_header(relabelled, monkeypatch, capsys):
    relabel(monkeypatch)
    monkeypatch.chdir(relabelled)
    assert main(["search", "--programs", "programs", "--index", "cli-index"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert "  After work (test)  " in header and "Evening sessions" not in header
    assert row[header.index("After work (test)"):].startswith("Yes ")


def test_a_changed_label_is_the_browsers_result_card(relabelled, page):
    with serve_directory(relabelled / "output") as url:
        page.goto(f"{url}/search/")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
        items = page.locator(f'#results > li[data-id="{PID}"] .glance dt').all_inner_texts()
    assert "After work (test)" in items
    assert not any(i.startswith("Evening") for i in items)


def test_a_result_card_says_what_a_state_pages_card_says(page, site_url, built_site):
    """The search page's cards (search.js, from facts.json) and the state pages' cards (Python) show the same facts
    in the same words, for every sample program."""
    python_cards = {}
    for state in (built_site / "states").glob("*/index.html"):
        for pid, body in re.findall(r'<article class="card" aria-labelledby="card-([a-z0-9-]+)">(.*?)</article>',
                                    state.read_text(), re.S):
            # At a glance: each group's heading, then its facts' labels and values.
            facts_list = re.search(r'<div class="glance">(.*?)</div></div>', body, re.S).group(1)
            python_cards[pid] = [text(x) for x in re.findall(r"<(?:h[2-6]|dt|dd)[^>]*>(.*?)</(?:h[2-6]|dt|dd)>", facts_list, re.S)]
            # The place line and the freshness badge too (the verified sentence differs on purpose: a card in the
            # browser gives the date as data, "Last verified 2026-01-05").
            python_cards[pid] += [text(re.search(r'<p class="org">(.*?)</p>', body, re.S).group(1)),
                                  text(re.search(r'<span class="badge[^"]*">(.*?)</span>', body, re.S).group(1))]
    page.goto(f"{site_url}/search/")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')")
    while page.locator("#more").is_visible():
        page.locator("#more").click()
    browser_cards = dict(page.locator("#results > li").evaluate_all(
        """items => items.map(i => [i.dataset.id, [...i.querySelectorAll('.glance :is(h3, dt, dd)')].map(x => x.textContent)
                                   .concat([i.querySelector('.org').innerText, i.querySelector('.badge').innerText])])"""))
    verified = page.locator("#results > li .verified").evaluate_all("ps => ps.map(p => p.innerText)")
    assert len(python_cards) >= 20
    assert browser_cards == python_cards
    assert any(facts.export()["words"]["online_only"] in c[-2] for c in browser_cards.values())  # an online-only card
    badges = set(facts.export()["freshness"].values())
    assert all(re.fullmatch(rf"({'|'.join(badges)}) {FACTS['last_verified'].label} \d{{4}}-\d\d-\d\d", v)
               for v in verified), verified
    pairs = [list(zip(c, c[1:])) for c in browser_cards.values()]
    assert any(("Evening sessions", "Yes") in c for c in pairs)
    assert any(("Hours a week", "Not reported") in c for c in pairs)


def test_the_browsers_comparison_shows_pythons_labels(page, site_url, built_site):
    """The compare page's rows (compare.js) under the headings and with the labels of the state comparison tables
    (Python), "Not reported" included."""
    ids = ["lanternwood-evening-iop", "cotton-mill-outpatient-services"]
    page.goto(f"{site_url}/compare/?ids={','.join(ids)}")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '2'")
    shown = page.locator("#compare-table tbody[data-group]:not([data-group=checklist])").evaluate_all(
        """bodies => bodies.map(b => [b.querySelector('th[scope=rowgroup]').innerText,
             [...b.querySelectorAll('tr[data-row] th')].map(th => th.firstChild.textContent)])""")
    assert shown == [[g.heading, [FACTS[r.key].label for r in g.rows]] for g in comparison.GROUPS]
    table = (built_site / "states" / "nj" / "compare" / "index.html").read_text()
    python = [(text(h), [text(th) for th in re.findall(r'<th scope="row">(.*?)(?: <span class="mark">|</th>)', b)])
              for h, b in re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th></tr>(.*?)</tbody>', table, re.S)]
    assert python == [tuple(s) for s in shown]
    assert page.locator("#compare-table td .unknown").first.inner_text() == facts.export()["words"]["not_reported"]


def test_the_search_filters_and_card_summary_take_their_words_from_the_definition(monkeypatch):
    """The search layer's words (a yes/no filter's label, the card's insurance summary) are the facts' short labels:
    they had drifted ("Sliding scale" against "Sliding fee scale", "State-funded plan" against its fact)."""
    from iopdir.listing.program import build
    from iopdir.search import export, index

    monkeypatch.setitem(FACTS, "weekend", dataclasses.replace(FACTS["weekend"], short="Saturdays too (test)"))
    monkeypatch.setitem(FACTS, "sliding_scale", dataclasses.replace(FACTS["sliding_scale"], short="Pay what fits"))
    monkeypatch.setitem(FACTS, "state_plan", dataclasses.replace(FACTS["state_plan"], short="State plan (test)"))
    assert export.facet_labels("flag", "weekend") == "Saturdays too (test)"
    assert export.facet_labels("insurance", "state_plan") == "State plan (test)"
    program = build({"id": "x", "name": "X", "insurance": {"medicaid": True, "sliding_scale": True}}, "x.yaml", "NJ")
    assert index.insurance_summary(program) == "Medicaid, Pay what fits"
