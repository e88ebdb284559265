"""Self-test of the test harness: server, Chromium, axe-core and the Nu HTML Checker.

It needs nothing of the site, so a failure here is in the harness or the machine, not in
the directory.
"""

import urllib.request

from tests.browser import axe_violations, is_foreign, serve_directory, vnu_errors

# A Content-Security-Policy as strict as a static site's should be: axe must still run.
VALID_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>Harness check</title>
</head>
<body>
<header><p>Harness</p></header>
<main>
<h1>A clean page</h1>
<p>Nothing wrong here.</p>
<img src="pixel.svg" alt="A one-pixel test image" width="1" height="1">
</main>
</body>
</html>
"""

PIXEL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n'


def _page_with(body: str) -> str:
    return VALID_PAGE.replace("<p>Nothing wrong here.</p>", body)


def test_is_foreign():
    assert not is_foreign("http://127.0.0.1:8123/index.html")
    assert not is_foreign("data:image/png;base64,AAAA")
    assert is_foreign("https://fonts.example.com/font.woff2")
    assert is_foreign("http://localhost:8000/")


def test_serve_directory_serves_and_stops(tmp_path):
    (tmp_path / "index.html").write_text(VALID_PAGE, encoding="utf-8")
    with serve_directory(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/index.html", timeout=10) as resp:
            assert resp.status == 200
            assert b"A clean page" in resp.read()
    # Once the block is left the server is gone.
    try:
        urllib.request.urlopen(url + "/index.html", timeout=2)
    except OSError:
        pass
    else:
        raise AssertionError("server still answering after serve_directory() exited")


def test_axe_finds_no_violation_on_a_clean_page(page, tmp_path, foreign_requests):
    (tmp_path / "index.html").write_text(VALID_PAGE, encoding="utf-8")
    (tmp_path / "pixel.svg").write_text(PIXEL_SVG, encoding="utf-8")
    with serve_directory(tmp_path) as url:
        page.goto(url + "/index.html")
        assert page.title() == "Harness check"
        assert axe_violations(page) == []
    assert foreign_requests == []


def test_axe_reports_an_image_without_alt(page, tmp_path):
    (tmp_path / "bad.html").write_text(_page_with('<img src="pixel.svg">'), encoding="utf-8")
    (tmp_path / "pixel.svg").write_text(PIXEL_SVG, encoding="utf-8")
    with serve_directory(tmp_path) as url:
        page.goto(url + "/bad.html")
        violations = axe_violations(page)
    assert [v["rule"] for v in violations] == ["image-alt"], violations
    assert len(violations[0]["targets"]) == 1 and violations[0]["targets"][0].startswith("img"), violations


def test_foreign_requests_are_recorded_and_blocked(page, tmp_path, foreign_requests):
    (tmp_path / "pixel.svg").write_text(PIXEL_SVG, encoding="utf-8")
    with serve_directory(tmp_path) as url:
        # "localhost" is another host than 127.0.0.1 for the page, yet it stays on this
        # machine: had the blocking failed, the image would simply have loaded.
        foreign = url.replace("127.0.0.1", "localhost") + "/pixel.svg"
        (tmp_path / "leaky.html").write_text(
            _page_with(f'<img id="leak" src="{foreign}" alt="x" width="1" height="1">'),
            encoding="utf-8",
        )
        page.goto(url + "/leaky.html")
        page.wait_for_load_state("load")
        loaded = page.evaluate("() => document.getElementById('leak').naturalWidth > 0")
    assert foreign_requests == [foreign]
    assert not loaded, "the foreign request was not blocked"


def test_vnu_passes_a_valid_file(tmp_path):
    (tmp_path / "index.html").write_text(VALID_PAGE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not html <p", encoding="utf-8")  # skipped
    assert vnu_errors(tmp_path) == []


def test_vnu_reports_errors_per_file(tmp_path):
    (tmp_path / "good.html").write_text(VALID_PAGE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    broken = VALID_PAGE.replace('<html lang="en">', '<html lang="en"><div>').replace("<title>Harness check</title>", "")
    (tmp_path / "sub" / "broken.html").write_text(broken, encoding="utf-8")
    errors = vnu_errors(tmp_path)
    assert errors, "vnu found nothing wrong in a broken page"
    assert {e["file"] for e in errors} == {"sub/broken.html"}, errors
    assert any("title" in e["message"] for e in errors), errors


# Tests of what the site's scripts do, one or more per page that has scripts. With the scripts broken they must fail;
# a test of the page without JavaScript must still pass (so the failures are the scripts', not the set-up's).
SCRIPT_DRIVEN = [
    "tests/test_search_browser.py::test_select_filters",
    "tests/test_compare_browser.py::test_differences_are_marked_in_words",
    "tests/test_compare_browser.py::test_checklist_verdicts_are_pythons",
    "tests/test_choose_browser.py::test_ticks_and_values_build_the_search_url",
    "tests/test_choose_browser.py::test_choices_stay_on_this_device_and_can_be_cleared",
    "tests/test_hostile_browser.py::test_no_listing_script_runs_on_any_page",
]
WITHOUT_SCRIPTS = "tests/test_choose_browser.py::test_without_javascript_it_is_a_readable_list"


def test_script_driven_tests_fail_when_the_scripts_are_broken(tmp_path):
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import BREAK_SCRIPTS

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA",
                           "--junitxml", str(tmp_path / "report.xml"), *SCRIPT_DRIVEN, WITHOUT_SCRIPTS],
                          cwd=root, capture_output=True, text=True, env={**os.environ, BREAK_SCRIPTS: "1"})
    outcome = {}
    for line in done.stdout.splitlines():
        m = re.match(r"(PASSED|FAILED|ERROR|SKIPPED) (\S+)", line)
        if m:
            outcome[m.group(2).split("[")[0]] = outcome.get(m.group(2).split("[")[0], set()) | {m.group(1)}
    assert outcome.get(WITHOUT_SCRIPTS) == {"PASSED"}, done.stdout[-3000:]
    for test in SCRIPT_DRIVEN:
        assert outcome.get(test) == {"FAILED"}, (test, done.stdout[-3000:])
