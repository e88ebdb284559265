"""`iopdir init DIR`: an operator's repository, written from this repository's own site files (one copy), with the
options in pelicanconf.py; never into a folder that holds anything."""

import ast
import importlib.metadata
import os
from pathlib import Path

import pytest
import yaml

import iopdir
from iopdir.cli import init, main

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLD = ROOT / "scaffold"
MARK = "iopdir repository only"

WRITTEN = [".github/pull_request_template.md", ".github/workflows/pages.yml", ".github/workflows/pull-request.yml",
           ".gitignore", ".pre-commit-config.yaml", "CONTRIBUTING.md", "README.md", "content/checklist.es.yaml",
           "content/checklist.yaml", "content/pages/about.md", "content/pages/crisis.md",
           "content/pages/es/about.md", "content/pages/es/crisis.md", "content/pages/es/list-your-program.md",
           "content/pages/es/verification.md", "content/pages/es/what-is-an-iop.md",
           "content/pages/list-your-program.md", "content/pages/verification.md", "content/pages/what-is-an-iop.md",
           "pelicanconf.py", "programs/nj/ferry-slip-counseling-iop.yaml", "publishconf.py", "requirements.txt"]


def run(capsys, *argv):
    code = main(["init", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def settings_of(text: str) -> dict:
    return {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(text).body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)}


def test_writes_the_repository_and_lists_every_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "lake-county")
    assert (code, err) == (0, "")
    assert out == ("Wrote 23 files in lake-county:\n" + "".join(f"  {path}\n" for path in WRITTEN)
                   + "Next: cd lake-county and run README.md's first command to build the site and look at it.\n")
    assert files_under(tmp_path / "lake-county") == WRITTEN
    site = tmp_path / "lake-county"
    assert (site / "requirements.txt").read_text().splitlines()[-1] == f"iopdir=={iopdir.__version__}"
    readme = (site / "README.md").read_text()
    assert readme.startswith("# IOP Directory\n\nFind an intensive outpatient program for mental health or substance "
                             "use\n")
    assert "$" not in readme.replace("${", "")  # every placeholder filled
    # The README's two commands: set up + build + serve, and set up + validate + build.
    commands = [line for line in readme.splitlines() if line.startswith("python3 -m venv .venv && ")]
    assert [c.split(" && ")[2:] for c in commands] == [
        [".venv/bin/pelican -lr content -s pelicanconf.py -o output"],
        [".venv/bin/iopdir validate", ".venv/bin/pelican content -s publishconf.py -o output"]]
    assert "`programs/nj/ferry-slip-counseling-iop.yaml` is a fictional example" in readme


def test_the_version_pinned_is_the_installed_one():
    assert iopdir.__version__ == importlib.metadata.version("iopdir")


def test_options_set_the_sites_settings(tmp_path, capsys):
    name = 'Lake "County" IOP Finder — Condado'
    code, out, _ = run(capsys, str(tmp_path / "site"), "--name", name, "--tagline", "Programs near you",
                       "--timezone", "America/Chicago")
    assert code == 0
    text = (tmp_path / "site" / "pelicanconf.py").read_text()
    settings = settings_of(text)
    assert (settings["SITENAME"], settings["SITE_TAGLINE"], settings["TIMEZONE"]) == (
        name, "Programs near you", "America/Chicago")
    # Only those three lines differ from this repository's settings.
    changed = set(text.splitlines()) ^ set((ROOT / "pelicanconf.py").read_text().splitlines())
    assert {line.split(" = ")[0] for line in changed} == {"SITENAME", "SITE_TAGLINE", "TIMEZONE"}
    assert (tmp_path / "site" / "README.md").read_text().startswith(f"# {name}\n\nPrograms near you\n")


@pytest.mark.parametrize("argv, message", [
    (["--timezone", "America/Chicgo"], "iopdir init: --timezone: 'America/Chicgo' is not an IANA time zone, such as "
                                       "America/Chicago\n"),
    (["--name", ""], "iopdir init: --name: must not be empty or start or end with spaces\n"),
    (["--tagline", "two\nlines"], "iopdir init: --tagline: must be one line of text\n"),
])
def test_bad_options_exit_2_and_write_nothing(tmp_path, capsys, argv, message):
    assert run(capsys, str(tmp_path / "site"), *argv) == (2, "", message)
    assert not (tmp_path / "site").exists()


def test_refuses_a_folder_that_holds_anything(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n")
    assert run(capsys, str(tmp_path)) == (2, "", f"iopdir init: {tmp_path} is not an empty folder; give a new or "
                                                 f"empty one\n")
    assert files_under(tmp_path) == ["notes.txt"]
    assert run(capsys, str(tmp_path / "notes.txt"))[0] == 2  # a file is not a folder
    # An empty folder is fine.
    (tmp_path / "empty").mkdir()
    assert run(capsys, str(tmp_path / "empty"))[0] == 0


def test_this_repositorys_site_is_what_init_writes():
    """One copy: the scaffold links to this repository's files, and init writes them as they are (with the
    defaults), less the parts marked as this repository's own."""
    written = init.render(**init.defaults())
    for path in ["pelicanconf.py", "publishconf.py", ".github/pull_request_template.md", ".pre-commit-config.yaml",
                 *(f"content/{p}" for p in files_under(ROOT / "content"))]:
        assert written[path] == (ROOT / path).read_text(), path
    # Every workflow of this repository is an operator's too, except the weekly mutation testing of iopdir's own code.
    assert sorted(p for p in written if p.startswith(".github/workflows/")) == [
        f".github/workflows/{p}" for p in files_under(ROOT / ".github" / "workflows") if p != "mutation.yml"]
    for path in ["CONTRIBUTING.md", ".github/workflows/pull-request.yml"]:
        own = (ROOT / path).read_text()
        assert MARK in own and MARK not in written[path]
        assert written[path] == init.ONLY_HERE.sub("", own)
    assert "bash .ci/run" not in "".join(written.values())  # this repository's tests are not an operator's
    example = written["programs/nj/ferry-slip-counseling-iop.yaml"]
    assert example == (ROOT / "programs/nj/ferry-slip-counseling-iop.yaml").read_text()
    assert ".example/" in example and "-555-" in example  # fictional


def test_the_scaffold_is_links_to_this_repositorys_files():
    own = {"__init__.py", "README.template.md", "gitignore"}
    links = []
    for folder, dirs, names in os.walk(SCAFFOLD):  # links to folders are listed, not entered
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in dirs + names:
            path = Path(folder) / name
            rel = str(path.relative_to(SCAFFOLD))
            if path.is_symlink():
                target = path.resolve()
                assert target.exists() and ROOT in target.parents and SCAFFOLD not in target.parents, rel
                links.append(rel)
            else:
                assert path.is_dir() or rel in own, f"scaffold/{rel} is a copy: link to this repository's file"
    assert "content" in links and "pelicanconf.py" in links


def test_the_workflows_written_install_iopdir_from_requirements(tmp_path, capsys):
    assert run(capsys, str(tmp_path / "site"))[0] == 0
    for path in sorted((tmp_path / "site" / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text())
        installs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"]
                    if "pip install" in s.get("run", "")]
        assert installs and all(i.endswith(" -r requirements.txt") for i in installs), path.name
    pr = yaml.safe_load((tmp_path / "site" / ".github" / "workflows" / "pull-request.yml").read_text())
    assert list(pr["jobs"]) == ["listings", "site"]
    assert pr["jobs"]["site"]["steps"][-1]["run"] == "pelican content -s publishconf.py -o output"


def test_the_scaffold_cut_keeps_yaml_valid_and_blank_lines_single():
    text = "a: 1\n\n  # BEGIN iopdir repository only: x\n  b: 2\n# END iopdir repository only\n"
    assert init.ONLY_HERE.sub("", text) == "a: 1\n"
    text = "Para.\n\n[//]: # (BEGIN iopdir repository only)\n\nMine.\n\n[//]: # (END iopdir repository only)\n\n## Next\n"
    assert init.ONLY_HERE.sub("", text) == "Para.\n\n## Next\n"


def test_init_needs_no_checkout(tmp_path, capsys, monkeypatch):
    """The files come from the package data, not the working folder."""
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "site")[0] == 0
    assert os.listdir(tmp_path) == ["site"]
