"""scripts/mutation.py's report (./dev mutation): scores per module from mutmut's meta files, survivors explained in
tests/mutation-survivors.md left out of the second score, and --fail-under's exit status."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def mutation(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("mutation_script", ROOT / "scripts" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "SURVIVORS_DOC", tmp_path / "survivors.md")
    monkeypatch.setattr(module, "changed_line", lambda name: "(diff)")
    meta = tmp_path / "mutants" / "iopdir" / "listing" / "wording.py.meta"
    meta.parent.mkdir(parents=True)
    name = "iopdir.listing.wording.x_hour__mutmut_"
    # 6 killed (exit 1), a timeout, 2 survivors, one not run yet.
    codes = {**{f"{name}{i}": 1 for i in range(1, 7)}, f"{name}7": 36, f"{name}8": 0, f"{name}9": 0, f"{name}10": None}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    return module


def test_scores_and_survivors(mutation, capsys):
    assert mutation.main(["report", "wording"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("iopdir/listing/wording.py")).split()
    # mutants, killed, survived, explained, timeout, no tests, not run; 7 of 9 tested killed (a timeout is a kill).
    assert row[1:8] == ["10", "6", "2", "0", "1", "0", "1"]
    assert "77.8 %" in out
    assert "[survived] iopdir.listing.wording.x_hour__mutmut_8: (diff)" in out
    assert "x_hour__mutmut_10" not in out  # not run is not a survivor
    assert "iopdir/listing/facts.py" not in out


def test_an_explained_survivor_is_left_out_of_the_second_score(mutation, capsys):
    mutation.SURVIVORS_DOC.write_text("- `iopdir.listing.wording.x_hour__mutmut_8` — equivalent.\n")
    assert mutation.main(["report", "wording", "--fail-under", "85"]) == 0  # 7 of 8: 87.5 %
    out = capsys.readouterr().out
    assert "77.8 %" in out and "87.5 %" in out
    assert "[explained] iopdir.listing.wording.x_hour__mutmut_8" in out
    assert "[survived] iopdir.listing.wording.x_hour__mutmut_9" in out


def test_fail_under(mutation, capsys):
    assert mutation.main(["report", "--fail-under", "85", "wording"]) == 1
    assert "under 85 % killed (or not run): iopdir/listing/wording.py" in capsys.readouterr().err
    assert mutation.main(["report", "--fail-under", "70", "wording"]) == 0
    assert mutation.main(["report", "--fail-under", "70", "wording", "facts"]) == 1  # facts never ran


def test_markdown_table(mutation, capsys):
    mutation.main(["report", "--markdown", "wording", "facts"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| module | mutants | killed |")
    assert lines[2] == "| iopdir/listing/wording.py | 10 | 6 | 2 | 0 | 1 | 0 | 1 | 77.8 % | 77.8 % |"
    assert lines[3].startswith("| iopdir/listing/facts.py | not run |")


def test_modules_by_short_name_or_path(mutation):
    assert mutation.module_path("checklist") == "iopdir/choosing/checklist.py"
    assert mutation.module_path("./iopdir/search/query.py") == "iopdir/search/query.py"
    with pytest.raises(SystemExit, match="unknown module 'nowhere'"):
        mutation.module_path("nowhere")


def decorated_in_scope(mutation, root: Path) -> list[str]:
    """Functions of the mutation-tested part of each module that carry a decorator mutmut skips (it mutates only
    undecorated functions, @staticmethod's and @classmethod's), as "path: name"."""
    import ast

    found = []
    for path in mutation.MODULES.values():
        tree = ast.parse((root / path).read_text(encoding="utf-8"))
        owners = [(None, tree.body)] + [(n.name, n.body) for n in tree.body if isinstance(n, ast.ClassDef)]
        for owner, body in owners:
            for node in body:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                name = f"x_{node.name}" if owner is None else f"xǁ{owner}ǁ{node.name}"
                skipped = [d for d in node.decorator_list
                           if not (isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod"))]
                if skipped and mutation.in_scope(path, f"{mutation.dotted(path)}.{name}__mutmut_1"):
                    found.append(f"{path}: {node.name}")
    return found


def test_no_tested_function_is_decorated(mutation):
    # A decorated function would silently make no mutants: write it plain and wrap it (tests/mutation-survivors.md).
    assert decorated_in_scope(mutation, ROOT) == []


def test_a_decorated_function_is_found(mutation, tmp_path):
    for path in mutation.MODULES.values():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("")
    (tmp_path / "iopdir/listing/wording.py").write_text(
        "@lru_cache(maxsize=8)\ndef clock(x):\n    return x\n\n\n@staticmethod\ndef plain(x):\n    return x\n")
    (tmp_path / "iopdir/choosing/checklist.py").write_text(
        "class Checklist:\n    @property\n    def offered(self):\n        return 1\n\n    @cached_property\n"
        "    def _make_offered(self):\n        return 2\n\n\n@cache\ndef read(x):\n    return x\n")
    # Checklist.offered and read are outside the checklist's tested part; _make_offered is inside it.
    assert decorated_in_scope(mutation, tmp_path) == ["iopdir/listing/wording.py: clock",
                                                      "iopdir/choosing/checklist.py: _make_offered"]
