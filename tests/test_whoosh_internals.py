"""Whoosh's internals are used in one module, iopdir.search.whoosh_internals, written for one version of Whoosh:
the installed version must be that one, and no other module reaches into Whoosh."""

from __future__ import annotations

import ast
from importlib.metadata import version
from pathlib import Path

import whoosh

from iopdir.search import whoosh_internals

PACKAGE = Path(__file__).resolve().parent.parent / "iopdir"
INTERNALS = PACKAGE / "search" / "whoosh_internals.py"
# What the rest of the package may import from Whoosh: its documented API.
PUBLIC = {"whoosh", "whoosh.analysis", "whoosh.fields", "whoosh.index", "whoosh.qparser", "whoosh.query",
          "whoosh.scoring", "whoosh.searching", "whoosh.sorting"}


def test_whoosh_is_the_version_its_internals_were_written_for():
    installed = version(whoosh_internals.DISTRIBUTION)
    assert installed == whoosh_internals.WRITTEN_FOR, (
        f"{whoosh_internals.DISTRIBUTION} {installed} is installed, but iopdir/search/whoosh_internals.py was "
        f"written for {whoosh_internals.WRITTEN_FOR} (it writes and reads Whoosh's private structures). Install "
        f"the pinned version (pip install -c constraints.txt -e .), or port that module: run "
        f"tests/test_search_index.py with the new version, mend what fails, then change WRITTEN_FOR.")
    # and the whoosh that is imported is that distribution's
    assert whoosh.versionstring() == installed


def whoosh_use(path: Path) -> tuple[set[str], list[str]]:
    """The Whoosh modules a source file imports, and the private attributes it reads or sets on anything but
    itself (`x._name` where x is not self or cls), as "line: expression"."""
    tree = ast.parse(path.read_text(), str(path))
    modules, private = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names if a.name.split(".")[0] == "whoosh")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "whoosh":
            modules.add(node.module)
            modules.update(f"{node.module}.{a.name}" for a in node.names if node.module == "whoosh")
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
              and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            private.append(f"{node.lineno}: {ast.unparse(node)}")
    return modules, private


def test_no_other_module_reaches_into_whoosh():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == INTERNALS:
            continue
        modules, private = whoosh_use(path)
        if not modules:
            continue
        outside = sorted(modules - PUBLIC)
        if outside or private:
            found[str(path.relative_to(PACKAGE))] = outside + private
    assert found == {}, "use these through iopdir.search.whoosh_internals"


def test_the_check_sees_private_use():
    """The check above finds what it looks for (the module it lets through uses both)."""
    modules, private = whoosh_use(INTERNALS)
    assert {"whoosh.system", "whoosh.util.numeric"} <= modules
    assert any("postwriter._ids" in p for p in private) and any("reader._terms" in p for p in private)
