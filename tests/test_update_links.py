"""Every program page links to its listing on the forge: "Update this listing" (the file's edit page) and "Report a
problem with this listing" (a prefilled issue from .github/ISSUE_TEMPLATE/listing-problem.yml); an imported listing's
page says how its program takes it over. With no repository set (IOPDIR_REPOSITORY), the links are left out."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from iopdir import settings
from iopdir.build import forge
from tests.browser import REPO_ROOT, axe_violations, serve_directory
from tests.sites import build_site

REPOSITORY = "https://github.com/example/iop-directory"
TEMPLATES = REPO_ROOT / ".github" / "ISSUE_TEMPLATE"
IMPORTED = "cotton-mill-outpatient-services"  # programs/ga/: verified_by: import
BY_PROVIDER = "lanternwood-evening-iop"


@pytest.fixture(scope="module")
def forge_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("links-site") / "output"
    return build_site(out, IOPDIR_REPOSITORY=REPOSITORY, IOPDIR_BRANCH="release/2026", DELETE_OUTPUT_DIRECTORY=False)


class _Elements(HTMLParser):
    """Each element with an id: its attributes and text; and every link's address."""

    def __init__(self):
        super().__init__()
        self.by_id, self.hrefs, self._open = {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in ("br", "img", "input", "meta", "link"):
            return
        if "id" in attrs:
            self.by_id[attrs["id"]] = {**attrs, "text": ""}
        self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "input", "meta", "link") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for opened in self._open:
            if opened is not None:
                self.by_id[opened]["text"] += data


def page_of(site: Path, program_id: str) -> _Elements:
    parser = _Elements()
    parser.feed((site / "programs" / program_id / "index.html").read_text(encoding="utf-8"))
    return parser


def listing_file(program_id: str) -> str:
    return next(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "programs").glob(f"*/{program_id}.yaml"))


def test_the_listings_named_here_are_what_the_tests_say():
    assert "verified_by: import" in (REPO_ROOT / listing_file(IMPORTED)).read_text()
    assert "verified_by: provider" in (REPO_ROOT / listing_file(BY_PROVIDER)).read_text()


def test_update_opens_the_edit_page_of_the_listing_file(forge_site):
    for program_id in (IMPORTED, BY_PROVIDER):
        link = page_of(forge_site, program_id).by_id["update-listing"]
        assert link["text"] == "Update this listing"
        assert link["href"] == f"{REPOSITORY}/edit/release%2F2026/{listing_file(program_id)}"


def issue_form() -> dict:
    return yaml.safe_load((TEMPLATES / forge.PROBLEM_TEMPLATE).read_text(encoding="utf-8"))


def test_report_opens_the_problem_form_with_its_fields_filled_in(forge_site):
    link = page_of(forge_site, BY_PROVIDER).by_id["report-listing"]
    assert link["text"] == "Report a problem with this listing"
    parts = urlsplit(link["href"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/issues/new"
    query = {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}
    assert query.pop("template") == forge.PROBLEM_TEMPLATE
    assert query.pop("title") == "Problem with the listing: " + yaml.safe_load(
        (REPO_ROOT / listing_file(BY_PROVIDER)).read_text())["name"]
    assert query == {"listing": listing_file(BY_PROVIDER), "page": f"/programs/{BY_PROVIDER}/"}
    # Each filled-in value goes to a field of the form by its id (GitHub fills a field from the parameter of its id).
    ids = {item.get("id") for item in issue_form()["body"]}
    assert set(query) <= ids


def test_the_issue_forms_are_well_formed():
    """GitHub's issue form syntax, as far as a test can hold it without GitHub: top-level keys, body element types,
    unique ids, labels, options, and a valid config."""
    found = sorted(TEMPLATES.glob("*.yml"))
    assert [p.name for p in found] == ["config.yml", forge.PROBLEM_TEMPLATE]
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert set(config) <= {"blank_issues_enabled", "contact_links"} and isinstance(config["blank_issues_enabled"], bool)
    form = issue_form()
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
    assert isinstance(form["name"], str) and form["name"] and isinstance(form["description"], str)
    assert all(isinstance(label, str) for label in form["labels"])
    ids = []
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert set(item) <= {"type", "id", "attributes", "validations"}
        attributes = item["attributes"]
        if item["type"] == "markdown":
            assert isinstance(attributes["value"], str) and "id" not in item
            continue
        ids.append(item["id"])
        assert isinstance(attributes["label"], str) and attributes["label"]
        assert set(item.get("validations", {})) <= {"required"}
        if item["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(options) == len(set(options)) and all(isinstance(o, str) for o in options)
    assert len(ids) == len(set(ids)) and all(i.replace("_", "").replace("-", "").isalnum() for i in ids)
    assert any(item.get("validations", {}).get("required") for item in form["body"] if item["type"] != "markdown")


def test_an_imported_listing_explains_how_its_program_takes_it_over(forge_site):
    text = " ".join(page_of(forge_site, IMPORTED).by_id["take-over"]["text"].split())
    assert "Do you run this program?" in text and "verified_by: provider" in text and "calling the number" in text
    assert "take-over" not in page_of(forge_site, BY_PROVIDER).by_id


def test_without_a_repository_the_links_are_left_out(built_site):
    for program_id in (IMPORTED, BY_PROVIDER):
        page = page_of(built_site, program_id)
        assert not {"update-listing", "report-listing", "take-over", "listing-actions"} & set(page.by_id)
        assert not [a for a in page.hrefs if "github.com" in a]


def test_the_repository_setting_takes_only_a_github_address():
    assert settings.problems({"IOPDIR_REPOSITORY": REPOSITORY, "IOPDIR_BRANCH": "main"}) == []
    for wrong in ("github.com/example/iop", "https://example.org/a/b", "https://github.com/example", "javascript:x"):
        assert settings.problems({"IOPDIR_REPOSITORY": wrong}), wrong
    assert settings.problems({"IOPDIR_BRANCH": "main branch"})


def test_the_links_pass_axe(page, forge_site):
    with serve_directory(forge_site) as url:
        page.goto(f"{url}/programs/{IMPORTED}/")
        assert axe_violations(page) == []
