"""The list-your-program form in Chromium: its in-browser check (the listing format's JSON Schema compiled by Ajv ahead
of time, and the validator's rules a form user can hit) finds what `iopdir validate` finds in the file it makes; the
file it makes passes `iopdir validate` unchanged; the forge's new-file link carries the exact file name and text; it
downloads and copies; it is usable by keyboard alone, passes axe, sends nothing anywhere, runs under the site's CSP;
and without JavaScript the page keeps its instructions and blank template."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from iopdir.listing.yamlstrict import load
from iopdir.tools import form as listing_form
from tests.browser import REPO_ROOT, axe_violations, serve_directory, skip_or_fail
from tests.sites import build_site

REPOSITORY = "https://github.com/example/iop-directory"
GENERATED = REPO_ROOT / "theme" / "static" / "js" / "generated" / "listing-schema.js"


# --- the compiled schema --------------------------------------------------------------------------------------------

def test_the_committed_validator_is_a_fresh_compile_of_the_schema():
    """The module is generated at development time (no Node on an operator's machine); this holds it equal to the
    schema: change the schema and this fails until `node scripts/compile-listing-check.mjs` runs again."""
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed (Debian: apt-get install nodejs npm): the compile test needs it")
    if not (REPO_ROOT / "node_modules" / "ajv" / "dist" / "2020.js").is_file():
        skip_or_fail("node_modules/ajv (8) is missing: run `npm ci` (./dev test does)")
    fresh = subprocess.run([node, "scripts/compile-listing-check.mjs", "--stdout"], cwd=REPO_ROOT, capture_output=True,
                           text=True, timeout=120)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout == GENERATED.read_text(encoding="utf-8"), \
        "theme/static/js/generated/listing-schema.js differs from the schema: run node scripts/compile-listing-check.mjs"


def test_the_validator_module_runs_no_eval():
    text = GENERATED.read_text(encoding="utf-8")
    assert "new Function" not in text and not re.search(r"\beval\(", text)


# --- sites ------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def forge_site(tmp_path_factory):
    """The site with a repository set (the session's site has none)."""
    out = tmp_path_factory.mktemp("forge-site") / "output"
    build_site(out, IOPDIR_REPOSITORY=REPOSITORY, IOPDIR_BRANCH="main", DELETE_OUTPUT_DIRECTORY=False)
    with serve_directory(out) as url:
        yield url


def open_form(page, url):
    page.goto(url + "/list-your-program/")
    page.wait_for_selector("#list-form[data-ready]")


# --- answers ----------------------------------------------------------------------------------------------------------

def qid(path: str) -> str:
    return "#lf-" + path.replace("[", "-").replace("]", "").replace(".", "-")


BASE = {
    "name": "Harbor Test Evening IOP",
    "organization.name": "Harbor Test Health",
    "summary": "Evening group therapy for adults living with depression or anxiety.",
    "focus": ["mental_health"],
    "contact.phone": "973-555-0142",
    "delivery": ["in_person"],
    "locations[0].street": "1 Main Street",
    "locations[0].city": "Newark",
    "locations[0].state": "NJ",
    "locations[0].postal_code": "07102",
    "tracks[0].audience": "adults",
    "tracks[0].timezone": "America/New_York",
    "grid": {"mon": ("18:00", "21:00"), "tue": ("18:00", "21:00"), "thu": ("18:00", "21:00")},
}

KINDS = {q.path: q.kind for q in listing_form.questions()}


def fill(page, answers: dict) -> None:
    for path, value in answers.items():
        if path == "grid":
            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
                start, end = value.get(day, ("", ""))
                page.fill(f"#lf-grid-{day}-start", start)
                page.fill(f"#lf-grid-{day}-end", end)
            continue
        kind = KINDS[path]
        if kind == "choices":
            for box in page.locator(f'{qid(path)} input[type=checkbox]').all():
                box.set_checked(box.get_attribute("value") in value)
        elif kind == "yes_no":
            page.check(f"{qid(path)}-{ {True: 'true', False: 'false', None: 'unknown'}[value]}")
        elif kind == "choice":
            page.select_option(qid(path), value)
        else:
            page.fill(qid(path), value)


def shown_findings(page) -> list[tuple[str, str, str]]:
    return sorted((li.get_attribute("data-field"), li.get_attribute("data-kind"), li.get_attribute("data-severity"))
                  for li in page.locator("#lf-findings li.lf-finding").all())


def made(page) -> tuple[str, str, dict]:
    """The file the form makes of its answers now: (path, YAML, data), from the page's own module."""
    return tuple(page.evaluate("""async () => {
        const m = await import('/theme/js/list-form.js');
        const data = m.collect(document.getElementById('list-form'));
        return [m.filePath(data), m.toYaml(data), data];
    }"""))


# What `iopdir validate` says, by kind (the schema keyword, or the rule): its messages' words.
PYTHON_KINDS = [
    (r"^missing required field", "required"),
    (r"^unknown field", "additionalProperties"),
    (r"^expected (a web address such as|an e-mail address such as|a real date)", "format"),
    (r"^expected (true or false|text|a whole number|a number|a mapping of fields|a list|nothing), got", "type"),
    (r"^expected one of|is not in the .* vocabulary|is not allowed", "enum"),
    (r"^must not be empty", "minLength"),
    (r"characters long; at most", "maxLength"),
    (r"^needs at least", "minItems"),
    (r"^allows at most", "maxItems"),
    (r"more than once$", "uniqueItems"),
    (r"^expected at least", "minimum"),
    (r"^expected at most", "maximum"),
    (r"^expected max \(", "range"),
    (r"^expected an end after the start", "end_before_start"),
    (r"is a reserved file name on Windows", "reserved"),
    (r"is in the future", "future"),
    (r"accreditation expired on", "expired"),
    (r"hours a week looks like", "hours"),
    (r"invisible character", "invisible"),
    (r"^contains (a line break|the control character)", "control"),
    (r"^contains HTML", "html"),
    (r"a backslash|a name before '@'|needs a host", "link"),
    (r"'\['; at most", "markdown"),
    (r"telehealth-only listing goes in the folder", "folder"),
    (r"^expected |does not match", "pattern"),  # the schema's own errorMessage words: last
]


def python_kind(message: str) -> str:
    return next(kind for pattern, kind in PYTHON_KINDS if re.search(pattern, message))


def iopdir_validate(root: Path, path: str, text: str) -> tuple[int, list[tuple[str, str, str]]]:
    """`iopdir validate --format json` on the file as the form names it (below `root`): exit code and findings."""
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "iopdir.cli", "validate", "--format", "json", str(file)],
                          capture_output=True, text=True, cwd=root, timeout=120)
    report = json.loads(proc.stdout)
    found = sorted((f["field"], python_kind(f["message"]), f["severity"]) for f in report["findings"])
    shutil.rmtree(root / "programs")
    return proc.returncode, found


def _without(*paths):
    return {p: ([] if KINDS.get(p) == "choices" else "") for p in paths}


# Broken answer sets: each changes the valid BASE; what the page finds must be what `iopdir validate` finds.
BROKEN = {
    "required texts left empty": _without("name", "summary"),
    "required choices left empty": _without("focus", "delivery"),
    "phone not a US number": {"contact.phone": "555-0142"},
    "website not an address": {"contact.website": "harbor light dot org"},
    "website hides its host": {"contact.website": "https://harbor.example@evil.example/"},
    "website of another alphabet": {"contact.website": "https://例え.jp/"},
    "e-mail without an @": {"contact.email": "intake.harbor.example"},
    "ZIP code of four digits": {"locations[0].postal_code": "7102"},
    "online only without states": {"delivery": ["telehealth"], **_without(
        "locations[0].street", "locations[0].city", "locations[0].postal_code"), "locations[0].state": ""},
    "a location without its street": _without("locations[0].street"),
    "ranges upside down": {"ages.min": "30", "ages.max": "20", "insurance.cost_per_week_usd.min": "700",
                           "insurance.cost_per_week_usd.max": "300"},
    "numbers out of bounds": {"ages.max": "130", "intake.typical_wait_days": "400",
                              "tracks[0].length_weeks.min": "2.5"},
    "expired accreditation": {"accreditations[0].body": "joint_commission", "accreditations[0].expires": "2020-06-30"},
    "accreditation id without a body": {"accreditations[0].id": "12345"},
    "verified in the future": {"verification.last_verified": "2999-01-01"},
    "session ending before it starts": {"grid": {"mon": ("21:00", "18:00"), "wed": ("18:00", "21:00"),
                                                 "thu": ("18:00", "21:00"), "fri": ("18:00", "21:00")}},
    "session without an end": {"grid": {"mon": ("18:00", ""), "tue": ("18:00", "21:00"),
                                        "thu": ("18:00", "21:00")}},
    "schedule without a time zone": {"tracks[0].timezone": ""},
    "too few hours for an IOP (warning)": {"grid": {"mon": ("18:00", "19:00")}},
    "invisible character in the name": {"name": "Harbor\u200bTest Evening IOP"},
    "summary too long": {"summary": "A" * 201},
    "id of a Windows device": {"id": "con"},
    "id with capitals": {"id": "Harbor_IOP"},
    "description with HTML and a hostless link": {"description": "We meet <b>every</b> evening: https:/search/"},
}


@pytest.mark.parametrize("changes", BROKEN.values(), ids=BROKEN.keys())
def test_the_page_finds_what_iopdir_validate_finds(page, forge_site, tmp_path, changes, foreign_requests):
    open_form(page, forge_site)
    fill(page, {**BASE, **changes})
    page.click("#lf-check")
    page.wait_for_selector("#lf-findings h2", timeout=5000)
    browser = shown_findings(page)
    path, text, _ = made(page)
    code, python = iopdir_validate(tmp_path, path, text)
    assert python, "a broken answer set that iopdir validate finds nothing wrong with"
    assert browser == python
    errors = [f for f in python if f[2] == "error"]
    # With errors there is no file to propose; with warnings only, there is.
    assert page.locator("#lf-result").is_hidden() == bool(errors)
    assert code == (1 if errors else 0)
    assert foreign_requests == []


def test_a_valid_listing_passes_iopdir_validate_unchanged(page, forge_site, tmp_path):
    open_form(page, forge_site)
    fill(page, {**BASE, "description": 'Groups "every" evening.\nSecond line: 100% — ñ, 中文, \\ back.',
                "conditions": ["depression", "anxiety"], "insurance.medicaid": True, "insurance.self_pay": False,
                "languages": ["en", "es"], "contact.website": "https://harbor.example/iop",
                "contact.email": "intake@harbor.example", "ages.min": "18", "tracks[0].length_weeks.min": "8",
                "tracks[0].length_weeks.max": "12", "locations[0].wheelchair_accessible": True,
                "licenses[0].state": "NJ", "licenses[0].agency": "NJ Division of Mental Health and Addiction Services",
                "licenses[0].number": "0042"})
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    assert shown_findings(page) == []
    text = page.locator("#lf-yaml").text_content()
    path, made_text, data = made(page)
    assert made_text == text and path == "programs/nj/harbor-test-evening-iop-newark.yaml"
    assert page.locator("#lf-result-path").text_content() == path
    code, found = iopdir_validate(tmp_path, path, text)
    assert (code, found) == (0, [])
    # The file reads back as exactly the answers (the strict YAML 1.2 loader the validator uses).
    doc = load(text.encode(), path)
    assert doc.ok and doc.data == data
    assert doc.data["tracks"][0]["sessions"] == [{"days": ["mon", "tue", "thu"], "start": "18:00", "end": "21:00"}]
    assert doc.data["description"].startswith('Groups "every" evening.\n')
    assert doc.data["licenses"][0]["number"] == "0042"


def test_the_forge_link_carries_the_exact_file_name_and_text(page, forge_site):
    open_form(page, forge_site)
    fill(page, {**BASE, "summary": "Adults & teens: groups at 6 pm; 100% free? #yes + more"})
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    href = page.get_attribute("#lf-forge", "href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPOSITORY + "/new/main"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == ["programs/nj/harbor-test-evening-iop-newark.yaml"]
    assert query["value"] == [page.locator("#lf-yaml").text_content()]
    assert page.locator("#lf-too-long").is_hidden()


def test_a_file_too_long_for_a_link_is_downloaded_instead(page, forge_site, tmp_path):
    open_form(page, forge_site)
    # 4,800 characters of the 5,000 allowed, a link of about 10,000 (accents take six characters in an address)
    fill(page, {**BASE, "description": "Évaluation à l'accueil; " * 200})
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    assert page.locator("#lf-forge").is_hidden() and page.locator("#lf-too-long").is_visible()
    assert page.get_attribute("#lf-forge-plain", "href") == REPOSITORY + "/new/main"
    with page.expect_download() as info:
        page.click("#lf-download")
    download = info.value
    assert download.suggested_filename == "harbor-test-evening-iop-newark.yaml"
    saved = tmp_path / "saved.yaml"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == page.locator("#lf-yaml").text_content()


def test_copy_puts_the_file_on_the_clipboard(page, context, forge_site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=forge_site)
    open_form(page, forge_site)
    fill(page, BASE)
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    page.click("#lf-copy")
    page.wait_for_function("() => document.getElementById('lf-copied').textContent !== ''")
    assert page.locator("#lf-copied").text_content() == "Copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == page.locator("#lf-yaml").text_content()


def test_keyboard_only(page, forge_site, tmp_path):
    """Every answer given with the keyboard alone: Tab to a question, type, Space to tick, arrows to choose."""
    open_form(page, forge_site)

    def tab_to(selector):
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    for path in ("name", "organization.name", "summary"):
        tab_to(qid(path))
        page.keyboard.type(BASE[path])
    tab_to("#lf-tracks-0-audience")
    page.keyboard.press("ArrowDown")  # the first audience: adults
    tab_to("#lf-tracks-0-timezone")
    page.keyboard.press("ArrowDown")  # the first time zone: New York
    for day in ("mon", "wed", "fri"):
        tab_to(f"#lf-grid-{day}-start")
        page.keyboard.type("0900AM")
        tab_to(f"#lf-grid-{day}-end")
        page.keyboard.type("0100PM")
    tab_to("#lf-focus-mental_health")
    page.keyboard.press("Space")
    tab_to(qid("contact.phone"))
    page.keyboard.type("(973) 555-0142")
    tab_to("#lf-delivery-in_person")
    page.keyboard.press("Space")
    for path in ("locations[0].street", "locations[0].city"):
        tab_to(qid(path))
        page.keyboard.type(BASE[path])
    tab_to("#lf-locations-0-state")
    page.keyboard.type("New J")  # a select picks the option its typed name starts with
    tab_to(qid("locations[0].postal_code"))
    page.keyboard.type("07102")
    tab_to("#lf-check")
    page.keyboard.press("Enter")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    assert page.evaluate("() => document.activeElement.id") == "lf-result-heading"
    path, text, data = made(page)
    assert data["locations"][0]["state"] == "NJ" and data["tracks"][0]["timezone"] == "America/New_York"
    assert data["tracks"][0]["sessions"] == [{"days": ["mon", "wed", "fri"], "start": "09:00", "end": "13:00"}]
    assert iopdir_validate(tmp_path, path, text) == (0, [])
    tab_to("#lf-forge")  # the result's actions are reachable too


def test_findings_are_announced_and_lead_to_their_question(page, forge_site):
    open_form(page, forge_site)
    fill(page, {**BASE, "contact.phone": "555-0142"})
    page.click("#lf-check")
    page.wait_for_selector("#lf-findings h2", timeout=5000)
    assert page.evaluate("() => document.activeElement.id") == "lf-findings-heading"
    assert page.get_attribute("#lf-findings", "role") == "status"
    link = page.locator("#lf-findings li a")
    assert link.get_attribute("href") == "#lf-contact-phone"
    assert page.get_attribute("#lf-contact-phone", "aria-invalid") == "true"
    assert "US phone number" in page.locator("#lf-contact-phone-error").text_content()
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "lf-contact-phone"


def test_axe_finds_nothing_at_each_step(page, forge_site):
    open_form(page, forge_site)
    assert axe_violations(page) == []
    fill(page, {**BASE, "contact.phone": "1", "ages.min": "30", "ages.max": "20"})
    page.click("#lf-check")
    page.wait_for_selector("#lf-findings h2", timeout=5000)
    assert axe_violations(page) == []
    fill(page, BASE | {"contact.phone": "973-555-0142", "ages.min": "", "ages.max": ""})
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    assert axe_violations(page) == []


def test_nothing_leaves_the_site_and_the_csp_holds(page, forge_site, built_site, foreign_requests):
    """Every request the page makes goes to the site itself, and it runs under the site's policy unchanged (no
    violation reported), the same policy as every other page."""
    requests, violations = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__violations = window.__violations || []).push(e.violatedDirective))")
    open_form(page, forge_site)
    fill(page, BASE)
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    page.click("#lf-copy")
    assert requests and all(u.startswith(forge_site + "/") for u in requests), requests
    assert foreign_requests == []
    assert page.evaluate("() => window.__violations || []") == [] and violations == []
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    search_page = (built_site / "search" / "index.html").read_text(encoding="utf-8")
    assert f'content="{policy}"' in search_page and "script-src 'self';" in policy


def test_without_javascript_the_page_keeps_its_instructions(browser, forge_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(forge_site + "/list-your-program/")
        assert page.locator("#list-form-app").is_hidden()
        assert page.get_by_role("heading", name="The listing template").is_visible()
        assert page.locator("pre code", has_text="schema_version: 1").is_visible()
    finally:
        context.close()


def test_without_a_repository_the_form_downloads_and_copies(page, site_url, foreign_requests):
    open_form(page, site_url)
    assert page.locator("#lf-forge").count() == 0
    fill(page, BASE)
    page.click("#lf-check")
    page.wait_for_selector("#lf-result:not([hidden])", timeout=5000)
    assert page.locator("#lf-too-long").is_hidden() and page.locator("#lf-download").is_visible()
    assert "GitHub" not in page.locator("#list-form-app .lead").text_content()
    assert foreign_requests == []
