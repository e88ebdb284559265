"""The valid-but-hostile listings of tests/hostile/ in Chromium: with the site's Content-Security-Policy in force, no
script of theirs runs, no dialog opens, nothing is fetched from anywhere, on every page that shows them."""

from pathlib import Path

import pytest

from tests.browser import serve_directory
from tests.test_hostile import CLEAN, VALID, build, case_bytes

HOSTILE_IDS = [name.removesuffix(".yaml") for name in VALID]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    programs = root / "programs" / "nj"
    programs.mkdir(parents=True)
    (programs / "harbor-light-evening-iop.yaml").write_text(CLEAN)
    for name in VALID:
        (programs / name).write_bytes(case_bytes(name))
    build(root / "programs", root / "output")
    with serve_directory(root / "output") as url:
        yield url, root / "output"


def pages_to_visit(output: Path) -> list[str]:
    paths = [f"/programs/{pid}/" for pid in HOSTILE_IDS] + ["/", "/states/", "/states/nj/"]
    # Pages that list or search programs, where they exist in this build.
    for extra in ("search/index.html", "compare/index.html", "choose/index.html"):
        if (output / extra).is_file():
            paths.append("/" + extra.removesuffix("index.html"))
    if (output / "search" / "index.html").is_file():
        paths += ["/search/?q=pwned", "/search/?q=script", "/search/?q=harbor"]
    return paths


@pytest.fixture
def watched(page):
    """The page, with every dialog, page error, CSP report and request recorded."""
    seen = {"dialogs": [], "errors": [], "csp": [], "requests": []}

    def on_dialog(dialog):
        seen["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: seen["requests"].append(r.url))
    return page, seen


def test_no_listing_script_runs_on_any_page(watched, hostile_url, foreign_requests):
    page, seen = watched
    url, output = hostile_url
    visited = pages_to_visit(output)
    searched = []
    for path in visited:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        # Hover and click what a visitor would: handlers written into the text must stay text.
        for locator in (page.locator("h1"), page.locator("main p").first, page.locator("address").first):
            if locator.count() and locator.first.is_visible():
                locator.first.hover(timeout=5000)
        assert page.evaluate("() => window.__pwned") is None, path
        if path.startswith("/search/?q="):
            # The scripts ran and listed the hostile programs as text: a page whose scripts never ran (a 404, an
            # error) must not pass as "nothing ran".
            page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')", timeout=15000)
            names = page.locator("#results > li h2, #results > li h3").all_inner_texts()
            assert names, path
            searched.append(path)
    assert len(visited) >= 7
    assert searched == ["/search/?q=pwned", "/search/?q=script", "/search/?q=harbor"]
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    # Our pages ship no inline script, so the policy has nothing to block: a report would mean injected markup.
    assert seen["csp"] == []
    assert foreign_requests == []
    # <img src=x> rendered as an element would request ".../x" from this server.
    assert [r for r in seen["requests"] if r.rstrip("/").endswith("/x")] == []


def test_hostile_text_is_visible_as_text(page, hostile_url):
    url, _ = hostile_url
    page.goto(f"{url}/programs/valid-script-in-every-text-field/")
    assert page.locator("h1").inner_text() == "<script>window.__pwned=1</script>"
    assert page.locator("main script, main iframe, main img, main svg").count() == 0
    page.goto(f"{url}/programs/valid-html-entities-in-every-text-field/")
    assert page.locator("h1").inner_text() == "Harbor &amp; &lt;b&gt;Light&lt;/b&gt;"


def test_the_policy_would_block_an_injected_script(page, hostile_url):
    """The CSP is really in force on these pages: a script added inline is refused and reported."""
    url, _ = hostile_url
    page.goto(f"{url}/programs/valid-markdown-attacks/")
    reports = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    with pytest.raises(Exception):
        page.add_script_tag(content="window.__pwned = 1")
    assert page.evaluate("() => window.__pwned") is None
    assert reports
