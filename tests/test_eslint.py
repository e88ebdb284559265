"""ESLint on the browser scripts (theme/static/js), ES modules for browsers, with the rules of eslint.config.mjs.

ESLint comes pinned from package.json (`npm ci`, which ./dev test runs); Node is Debian's. Without either the tests
skip on a developer's machine and fail in CI (tests.browser.skip_or_fail), as the browser tests do without Chromium.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.browser import REPO_ROOT, skip_or_fail

SCRIPTS = REPO_ROOT / "theme" / "static" / "js"
ESLINT = REPO_ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"


def eslint(*args: str, stdin: str | None = None) -> tuple[list[dict], subprocess.CompletedProcess]:
    """Run ESLint from the repository root with a JSON report; return (its files, the process)."""
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed (Debian: apt-get install nodejs npm): the lint test needs it")
    if not ESLINT.is_file():
        skip_or_fail(f"{ESLINT.relative_to(REPO_ROOT)} is missing: run `npm ci` (./dev test does)")
    proc = subprocess.run([node, str(ESLINT), "--format", "json", "--max-warnings", "0", *args], cwd=REPO_ROOT,
                          input=stdin, capture_output=True, text=True, timeout=120)
    try:
        return json.loads(proc.stdout), proc
    except ValueError:
        raise AssertionError(f"ESLint gave no report (exit {proc.returncode}): {proc.stderr[:2000]}") from None


def problems(files: list[dict]) -> list[str]:
    return [f"{f['filePath']}:{m.get('line')}:{m.get('column')} {m.get('ruleId')}: {m['message']}"
            for f in files for m in f["messages"]]


def test_the_browser_scripts_have_no_problems():
    files, proc = eslint(str(SCRIPTS.relative_to(REPO_ROOT)))
    assert problems(files) == []
    assert proc.returncode == 0, proc.stderr
    # Every script was linted: none is left out by the configuration's file patterns.
    assert sorted(f["filePath"] for f in files) == sorted(str(p) for p in SCRIPTS.glob("*.js"))


def test_the_rules_find_what_they_are_there_for():
    """The configuration is not a no-op: a script with the mistakes it exists to catch is reported."""
    planted = ("import {el} from './shared.js';\n"
               "export var site = document.currentScript.src;\n"  # null in a module
               "counter = 1;\n"  # an implicit global: an error in a module (strict)
               "var unused = 2;\n"
               "export var x = a?.b ?? el;\n")  # ES2020 syntax is allowed
    files, proc = eslint("--stdin", "--stdin-filename", str(SCRIPTS.relative_to(REPO_ROOT) / "planted.js"),
                         stdin=planted)
    found = {(m.get("ruleId"), m.get("line")) for f in files for m in f["messages"]}
    assert found == {("no-restricted-properties", 2), ("no-undef", 3), ("no-unused-vars", 4), ("no-undef", 5)}
    assert proc.returncode == 1
