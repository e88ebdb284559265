"""CONTRIBUTING.md and the List your program page: their generated parts are current, and a first-time contributor
who follows them gets from `iopdir new` to a built page."""

import re
import shutil
from pathlib import Path

import markdown
import pytest

from iopdir.tools import reference
from iopdir.tools import skeleton
from iopdir.cli import main
from iopdir.listing.program import AGING_DAYS, FRESH_DAYS
from iopdir.listing.vocabulary import program_schema, vocabularies
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "content" / "pages" / "list-your-program.md"


def test_generated_parts_are_current():
    """Fails after a schema or vocabulary change until `iopdir docs update` is run (and committed)."""
    assert reference.stale_documents(ROOT) == []
    for name in reference.DOCUMENTS:
        assert sorted(reference.parts_in((ROOT / name).read_text())) == ["fields", "freshness", "template"], name


def test_docs_update_check_and_write(tmp_path, capsys):
    (tmp_path / "content" / "pages").mkdir(parents=True)
    for name in reference.DOCUMENTS:
        shutil.copy(ROOT / name, tmp_path / name)
    stale = (tmp_path / "CONTRIBUTING.md").read_text().replace("(required; always `1`)", "(required)")
    (tmp_path / "CONTRIBUTING.md").write_text(stale)
    assert main(["docs", "update", "--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "CONTRIBUTING.md: generated parts are out of date; run: iopdir docs update\n"
    assert main(["docs", "update", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "updated CONTRIBUTING.md\n"
    assert (tmp_path / "CONTRIBUTING.md").read_text() == (ROOT / "CONTRIBUTING.md").read_text()
    assert main(["docs", "update", "--check", "--root", str(tmp_path)]) == 0


def test_docs_update_outside_the_repository_exits_2(tmp_path, capsys):
    assert main(["docs", "update", "--root", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"iopdir docs: CONTRIBUTING.md, content/pages/list-your-program.md not found under {tmp_path}; run it from "
        "the repository root or give --root\n")


def test_docs_print_fields_and_template(capsys):
    assert main(["docs", "fields"]) == 0
    assert capsys.readouterr().out == reference.field_reference()
    assert main(["docs", "template"]) == 0
    assert capsys.readouterr().out == skeleton.blank()


def test_unknown_generated_part_is_an_error():
    with pytest.raises(ValueError, match="unknown generated part 'nonsense'"):
        reference.regenerate(f"{reference.begin_marker('nonsense')}\n{reference.end_marker('nonsense')}")


def test_field_reference_covers_every_field_and_slug():
    text = reference.field_reference()
    schema = program_schema()

    def names(node):
        for name, sub in node.get("properties", {}).items():
            yield name
            yield from names(sub)
            yield from names(sub.get("items", {}))

    assert {n for n in names(schema) if f"**`{n}`**" not in text} == set()
    for vocabulary, slugs in vocabularies().items():
        if vocabulary in ("languages", "states"):
            continue  # summarised, with a pointer to the vocabulary file
        for slug, label in slugs.items():
            assert f"`{slug}` ({label})" in text, (vocabulary, slug)
    assert "(required; text, at most 120 characters)" in text  # name
    assert "- **`telehealth_states`** (required in some cases;" in text
    assert "    - **`source`** (required in some cases;" in text


def test_freshness_thresholds_are_the_sites():
    text = reference.freshness()
    assert f"at most {FRESH_DAYS} days ago" in text and f"{FRESH_DAYS + 1} to {AGING_DAYS} days" in text


def test_contributing_explains_the_workflow():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for needed in ["Add file → Create new file", "Propose changes", "iopdir new", "iopdir validate",
                   "REQUIRED", "Not reported", "No ads, no paid placement", "pre-commit install", "iopdir audit",
                   "## The blank listing", "## Every field", "## Verification and freshness"]:
        assert needed in text, needed


def test_list_your_program_page_is_markdown_only():
    text = PAGE.read_text()
    assert re.search(r"^Slug: list-your-program$", text, re.M)
    assert re.search(r"^Title: List your program$", text, re.M)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)  # the template may show <state> in its code block
    assert re.findall(r"<[a-zA-Z!/][^>]*>", prose) == []
    html = markdown.markdown(text.split("\n\n", 1)[1], extensions=["markdown.extensions.extra"])
    assert "GENERATED" not in html and "<!--" not in html  # the markers render as nothing
    assert '<code class="language-yaml"># yaml-language-server: $schema=../../schema/program.schema.json' in html


def test_footer_links_to_the_page():
    base = (ROOT / "theme" / "templates" / "base.html").read_text()
    footer = base[base.index("<footer"):]
    assert '<a href="{{ LANG_ROOT }}/list-your-program/">{{ _("List your program") }}</a>' in footer


def test_first_time_contributor_path(tmp_path, monkeypatch, capsys):
    """CONTRIBUTING.md alone, both ways: `iopdir new` on a computer, and the blank listing in the web editor.
    Fill what is REQUIRED, validate (exit 0), build: each page exists."""
    import io


    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert 'A line ending in `# REQUIRED: …` still needs your answer in place of its `""`' in contributing
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    # On a computer: the command from CONTRIBUTING.md, then the REQUIRED line it reports.
    command = re.search(r"^iopdir new --name .*?--delivery in_person,telehealth$", contributing, re.M | re.S).group()
    argv = re.findall(r'"[^"]*"|[^\s\\]+', command)[2:]
    assert main(["new", *[a.strip('"') for a in argv], "--today", "2026-11-25"]) == 0
    reported = capsys.readouterr().out
    first = tmp_path / "programs" / "nj" / "harbor-light-evening-iop-newark.yaml"
    assert "summary: must not be empty" in reported
    text = first.read_text().replace('summary: ""  # REQUIRED', "summary: Evening IOP for working adults  # REQUIRED")
    first.write_text(text)

    # In the web editor: the blank listing as CONTRIBUTING.md shows it, every REQUIRED placeholder answered.
    blank = re.search(r"```yaml\n(.*?)```", contributing[contributing.index("## The blank listing"):], re.S).group(1)
    answers = {"id": "online-recovery-iop", "name": "Online Recovery IOP", "summary": "Online IOP for adults.",
               "focus": "[mental_health]", "phone": '"(201) 555-0100"', "street": "1 Main St", "city": "Hoboken",
               "state": "NJ", "postal_code": '"07030"', "delivery": "[in_person]", "last_verified": '"2026-11-20"'}

    filled = re.sub(r'(?m)^(\s*(?:- )?)(\w+): (?:""|\[\])(?=  # REQUIRED)',
                    lambda m: f"{m.group(1)}{m.group(2)}: {answers[m.group(2)]}", blank)
    # The organisation's name is the other REQUIRED `name`, indented under `organization:`.
    filled = filled.replace("  name: Online Recovery IOP", "  name: Online Recovery Inc.")
    (tmp_path / "programs" / "nj" / "online-recovery-iop.yaml").write_text(filled)

    assert main(["validate", "programs"]) == 0
    assert capsys.readouterr().out == "2 files checked: 0 errors, 0 warnings\n"

    out = tmp_path / "output"
    build_site(out, tmp_path / "programs", IOPDIR_TODAY="2026-11-25")
    assert "<h1 id=\"program-name\">Harbor Light Evening IOP</h1>" in \
        (out / "programs" / "harbor-light-evening-iop-newark" / "index.html").read_text()
    assert "Online Recovery Inc." in (out / "programs" / "online-recovery-iop" / "index.html").read_text()
    assert (out / "list-your-program" / "index.html").is_file()
