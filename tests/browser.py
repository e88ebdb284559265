"""Helpers for the browser and HTML-validity tests.

Everything here works offline: the site is served from this machine, axe-core and the
Nu HTML Checker come from ``node_modules`` (``npm ci``, which ``./dev test`` runs), and the
browser is Debian's Chromium. See shared recipe "browser-testing".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The only host a page of ours may talk to: the local test server.
LOCAL_HOST = "127.0.0.1"


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine that lacks a tool; fail in CI, where a skip would hide it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def serve_directory(directory: Path | str, timeout: float = 15.0) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 and a free port; yield its base URL.

    A subprocess rather than a thread: the browser's requests then never wait on the GIL of
    the test process, and the server dies cleanly with ``terminate()``.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"not a directory: {directory}")
    # -u: the "Serving HTTP on ... port N" line must not sit in a pipe buffer.
    # stderr (one log line per request) goes nowhere, so it can never fill a pipe and block.
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", LOCAL_HOST,
         "--directory", str(directory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        first_line = proc.stdout.readline() if ready else ""
        match = re.search(r"port (\d+)", first_line)
        if not match:
            raise RuntimeError(
                f"http.server did not report its port within {timeout}s "
                f"(exit code {proc.poll()}, first line {first_line!r})"
            )
        yield f"http://{LOCAL_HOST}:{match.group(1)}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def is_foreign(url: str) -> bool:
    """True for a network request to any host but the local test server.

    data:, blob: and about: URLs never leave the browser, so they are not foreign.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return False
    return parts.hostname != LOCAL_HOST



def shown_ids(page) -> list[str]:
    """The ids of the search page's result cards, once the list has drawn the cards of its last search: search.js
    marks the list aria-busy from a search's start until then, and writes the count above it first (a test that
    waited for the count alone read the cards of the search before, under load)."""
    page.wait_for_selector("#results:not([aria-busy])", state="attached")
    return page.locator("#results > li").evaluate_all("items => items.map(i => i.dataset.id)")

def axe_violations(page, context: object = None, options: dict | None = None) -> list[dict]:
    """Run axe-core on the page as loaded; return its violations in a compact form.

    Each item is ``{"rule": id, "impact": ..., "targets": [css selectors]}`` so that a failing
    ``assert axe_violations(page) == []`` prints something a person can read.

    The script is evaluated through the DevTools protocol rather than added as a <script>
    tag, so it also runs on pages whose Content-Security-Policy forbids inline scripts
    (ours should), without turning the CSP off for the page under test.

    Every rule axe runs by default, plus the WCAG 2.2 AA rules it leaves off by default
    (``target-size``: 24 by 24 CSS pixels for what a finger taps): the README promises WCAG 2.2 AA.
    """
    if not AXE_JS.is_file():
        skip_or_fail(f"{AXE_JS.relative_to(REPO_ROOT)} is missing: run `npm ci` (./dev test does)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async ([context, options]) => {
            const wcag22 = axe.getRules(['wcag22aa']).map(r => r.ruleId);
            const on = Object.fromEntries(wcag22.map(id => [id, {enabled: true}]));
            const o = {...(options || {}), rules: {...on, ...((options || {}).rules || {})}};
            const r = await axe.run(context || document, o);
            return r.violations.map(v => ({
                rule: v.id,
                impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        [context, options],
    )
    return result


def vnu_errors(path: Path | str) -> list[dict]:
    """Check every HTML file under ``path`` (a folder or one file) with the Nu HTML Checker.

    One JVM start for the whole folder (about 3 s), so call it once per site, not per page.
    Returns the errors as ``{"file", "line", "message"}`` dicts; ``[]`` means valid.
    """
    if shutil.which("java") is None:
        skip_or_fail("java is not installed (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        skip_or_fail(f"{VNU_JAR.relative_to(REPO_ROOT)} is missing: run `npm ci` (./dev test does)")
    path = Path(path)
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only",
         "--format", "json", "--stdout", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise RuntimeError(
            f"vnu gave no JSON report (exit {proc.returncode}): {proc.stdout[:500]!r} {proc.stderr[:2000]}"
        ) from exc
    base = path.resolve() if path.is_dir() else path.resolve().parent
    errors = []
    for m in messages:
        # --errors-only leaves "error" and "non-document-error" (e.g. an unreadable file).
        if m.get("type") == "info":
            continue
        url = m.get("url", "")
        file = url.removeprefix("file:")
        with contextlib.suppress(ValueError):
            file = str(Path(file).relative_to(base))
        errors.append({"file": file, "line": m.get("lastLine"), "message": m.get("message")})
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not errors):
        raise RuntimeError(f"vnu failed (exit {proc.returncode}): {proc.stderr[:2000]}")
    return errors
