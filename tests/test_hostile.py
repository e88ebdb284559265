"""The hostile corpus (tests/hostile/, expectations in tests/hostile/expectations.yaml): every broken or hostile
listing gets a clear finding and exit 1, never a traceback, and never changes a site already built; the listings that
are valid but carry hostile text build into pages with no markup of theirs."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from iopdir.cli import main
from tests.htmlsafety import shape
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
EXPECT = yaml.safe_load((HOSTILE / "expectations.yaml").read_text())
CLEAN = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = "2026-11-25"


def _listing(pid: str, **replace: str) -> str:
    text = CLEAN.replace("id: harbor-light-evening-iop", f"id: {pid}")
    for old, new in replace.items():
        text = text.replace(old, new, 1)
    return text


def _huge() -> bytes:
    """Exactly 10 MiB: a real listing followed by comment lines."""
    head = _listing("huge-10mb").encode()
    target, line = 10 * 1024 * 1024, b"#" + b"x" * 1022 + b"\n"
    body = line * ((target - len(head)) // len(line))
    rest = target - len(head) - len(body)
    return head + body + (b"#" + b"x" * (rest - 2) + b"\n" if rest >= 2 else b"\n" * rest)


# Too big to commit: written into tmp_path by the tests.
GENERATED = {
    "huge-10mb.yaml": _huge,
    "name-100k-characters.yaml": lambda: _listing(
        "name-100k-characters", **{"name: Harbor Light Evening IOP": "name: " + "A" * 100_000}).encode(),
    "description-60k-characters.yaml": lambda: _listing(
        "description-60k-characters", **{"focus:": "description: " + "x" * 60_000 + "\nfocus:"}).encode(),
}
INVALID = sorted(EXPECT["invalid"]) + sorted(EXPECT["generated"])
VALID = sorted(EXPECT["valid"])


def case_bytes(name: str) -> bytes:
    return GENERATED[name]() if name in GENERATED else (HOSTILE / name).read_bytes()


def expected(name: str) -> list[str]:
    return EXPECT["invalid"].get(name) or EXPECT["generated"].get(name) or EXPECT["valid"].get(name) or []


def test_corpus_and_expectations_agree():
    files = {p.name for p in HOSTILE.iterdir()} - {"expectations.yaml"}
    assert files == set(EXPECT["invalid"]) | set(EXPECT["valid"])
    assert not set(GENERATED) & files and set(GENERATED) == set(EXPECT["generated"])
    assert len(files) + len(GENERATED) >= 55
    assert all(EXPECT["invalid"][name] for name in EXPECT["invalid"])  # every invalid case names its finding


def test_generated_cases_are_what_they_say():
    assert len(_huge()) == 10 * 1024 * 1024
    assert len(GENERATED["name-100k-characters.yaml"]()) > 100_000
    assert len(GENERATED["description-60k-characters.yaml"]()) < 64 * 1024  # under the file cap: the field's own limit


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "programs" / "nj").mkdir(parents=True)
    return tmp_path / "programs"


@pytest.mark.parametrize("name", INVALID)
def test_invalid_listing_gets_a_clear_finding_and_exit_1(name, programs, capsys):
    (programs / "nj" / name).write_bytes(case_bytes(name))
    code = main(["validate", "programs"])  # an exception here would be the traceback a provider must never see
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 1 and err == ""
    prefix = f"programs/nj/{name}:"
    findings = [line[len(prefix):] for line in lines[:-1]]
    assert all(line.startswith(prefix) for line in lines[:-1]), lines
    assert any(": error: " in f for f in findings)
    for wanted in expected(name):
        assert any(wanted in f for f in findings), (wanted, findings)
    assert lines[-1].startswith("1 file checked: ")
    assert max(len(line) for line in lines) < 400  # clear means short: nothing of a huge value is echoed


def test_command_line_on_the_whole_corpus(tmp_path):
    """The real entry point, every case at once: exit 1, every file reported, no traceback."""
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    for name in INVALID + VALID:
        (folder / name).write_bytes(case_bytes(name))
    done = subprocess.run([sys.executable, "-m", "iopdir.cli", "validate", "programs"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == ""
    reported = {line.split(":", 1)[0] for line in done.stdout.splitlines()[:-1]}
    assert reported == {f"programs/nj/{name}" for name in INVALID + VALID if expected(name)}
    assert done.stdout.splitlines()[-1].startswith(f"{len(INVALID) + len(VALID)} files checked: ")


@pytest.mark.parametrize("name", VALID)
def test_valid_hostile_listing_is_accepted(name, programs, capsys):
    (programs / "nj" / name).write_bytes(case_bytes(name))
    code = main(["validate", "programs"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.removeprefix(f"programs/nj/{name}:") for line in lines[:-1]] == expected(name)


# --- builds ----------------------------------------------------------------------------------------------------------

def build(programs: Path, output: Path, **extra) -> None:
    build_site(output, programs, IOPDIR_TODAY=TODAY, **extra)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory):
    """A site built from one plain listing: (programs folder, output folder)."""
    root = tmp_path_factory.mktemp("clean")
    programs = root / "programs"
    (programs / "nj").mkdir(parents=True)
    (programs / "nj" / "harbor-light-evening-iop.yaml").write_text(CLEAN)
    build(programs, root / "output")
    return programs, root / "output"


@pytest.mark.parametrize("name", INVALID)
def test_build_with_the_listing_added_keeps_the_previous_output(name, clean_site, capsys):
    from pelican.plugins.iopdir import ListingsInvalid

    programs, output = clean_site
    before = snapshot(output)
    added = programs / "nj" / name
    added.write_bytes(case_bytes(name))
    try:
        # As publishconf.py builds: the output folder is emptied, but only after every listing validated.
        with pytest.raises(ListingsInvalid):
            build(programs, output, DELETE_OUTPUT_DIRECTORY=True)
    finally:
        added.unlink()
    assert snapshot(output) == before
    assert f"{added}:" in capsys.readouterr().err


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, clean_site):
    """The plain listing and every valid hostile one, built together."""
    root = tmp_path_factory.mktemp("hostile")
    programs = root / "programs"
    (programs / "nj").mkdir(parents=True)
    (programs / "nj" / "harbor-light-evening-iop.yaml").write_text(CLEAN)
    for name in VALID:
        (programs / "nj" / name).write_bytes(case_bytes(name))
    build(programs, root / "output")
    return root / "output"


@pytest.mark.parametrize("name", VALID)
def test_hostile_text_adds_no_markup_to_its_program_page(name, hostile_site, clean_site):
    baseline = shape((clean_site[1] / "programs" / "harbor-light-evening-iop" / "index.html").read_text())
    html = (hostile_site / "programs" / name.removesuffix(".yaml") / "index.html").read_text()
    assert shape(html).problems(baseline) == []


@pytest.mark.parametrize("path", ["index.html", "states/nj/index.html", "states/index.html"])
def test_hostile_text_adds_no_markup_to_lists_of_programs(path, hostile_site, clean_site):
    baseline = shape((clean_site[1] / path).read_text())
    assert shape((hostile_site / path).read_text()).problems(baseline) == []


def test_hostile_text_is_shown_as_text(hostile_site):
    script = (hostile_site / "programs" / "valid-script-in-every-text-field" / "index.html").read_text()
    assert '<h1 id="program-name">&lt;script&gt;window.__pwned=1&lt;/script&gt;</h1>' in script
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in script
    entities = (hostile_site / "programs" / "valid-html-entities-in-every-text-field" / "index.html").read_text()
    assert '<h1 id="program-name">Harbor &amp;amp; &amp;lt;b&amp;gt;Light&amp;lt;/b&amp;gt;</h1>' in entities
    markdown = (hostile_site / "programs" / "valid-markdown-attacks" / "index.html").read_text()
    assert "<span>a javascript link</span>" in markdown and "<span>a data link</span>" in markdown
    links = shape(markdown).links  # parsed: the same words shown as text are harmless
    assert [link for link in links if re.match(r"\s*(javascript|vbscript|data:text)", link, re.I)] == []
