"""The import contract (.importlinter, checked with import-linter): the core never imports Pelican, Jinja or the
CLI; the layers cli > build > tools > choosing > search > listing > fingerprint each import only those below them;
no cycles between siblings. And proof that the check can fail: the same contract on a copy of the package with one
bad import added is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / ".importlinter"


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    """lint-imports with the repository's contract, on the package `iopdir` found first from `where` (a copy of it
    there comes before the installed one). A separate process: grimp finds the package by importing its spec, and
    this process has the real one imported already."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(CONTRACT)!r}, no_cache=True, no_logo=True))")
    env = {**os.environ, "PYTHONPATH": str(where), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", code], cwd=where, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_package_keeps_its_import_contract():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A copy of the package to break (compiled files left behind)."""
    shutil.copytree(ROOT / "iopdir", tmp_path / "iopdir", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


# (module added to the copy, what it imports, the contract it breaks)
BREAKS = [
    ("listing/render.py", "import pelican.signals", "The core never imports Pelican or Jinja"),
    ("search/page.py", "from jinja2 import Template", "The core never imports Pelican or Jinja"),
    ("build/command.py", "from iopdir.cli import common", "Nothing but the CLI imports the CLI"),
    ("listing/ranked.py", "from iopdir.search import facets", "Layers: each imports only those below it"),
    ("tools/checks.py", "from iopdir.build import cache", "Layers: each imports only those below it"),
]


@pytest.mark.parametrize("module, statement, contract", BREAKS, ids=[b[0] for b in BREAKS])
def test_a_bad_import_breaks_the_contract(package_copy, module, statement, contract):
    (package_copy / "iopdir" / module).write_text(f"{statement}\n")
    run = lint_imports(package_copy)
    assert run.returncode != 0, run.stdout
    broken = [line for line in run.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(line.startswith(contract) for line in broken), run.stdout
    # the report names the module that broke it (so it reads this copy, not the installed package)
    assert "iopdir." + module.removesuffix(".py").replace("/", ".") in run.stdout


def test_the_copy_itself_keeps_the_contract(package_copy):
    """The copy unbroken is kept: what breaks it in the tests above is the one import each adds."""
    assert lint_imports(package_copy).returncode == 0


def test_a_new_subpackage_must_be_given_a_layer(package_copy):
    (package_copy / "iopdir" / "extras").mkdir()
    (package_copy / "iopdir" / "extras" / "__init__.py").write_text("")
    run = lint_imports(package_copy)
    assert run.returncode != 0 and "iopdir.extras" in run.stdout, run.stdout


def test_siblings_importing_each_other_break_the_contract(package_copy):
    (package_copy / "iopdir" / "listing" / "first.py").write_text("from iopdir.listing import second\n")
    (package_copy / "iopdir" / "listing" / "second.py").write_text("from iopdir.listing import first\n")
    run = lint_imports(package_copy)
    assert run.returncode != 0
    assert "No cycles between sibling subpackages or modules BROKEN" in run.stdout, run.stdout


def test_the_package_module_importing_the_cli_breaks_the_contract(package_copy):
    init = package_copy / "iopdir" / "__init__.py"
    init.write_text(init.read_text() + "\nfrom iopdir.cli import main\n")
    run = lint_imports(package_copy)
    assert run.returncode != 0
    assert "iopdir/__init__ does not import the CLI BROKEN" in run.stdout
