"""Lighthouse (pinned in package.json) on a built site, mobile settings (its default): home, search, a program and
the compare page. Accessibility 100, best practices 100, performance at least 95 (#17: the compare page had a layout
shift of 0.31 and 84 before its main area kept its height)."""

import json
import os
import subprocess

import pytest

from tests.browser import CHROMIUM, REPO_ROOT, skip_or_fail

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "/", "search": "/search/?q=evening", "program": "/programs/lanternwood-evening-iop/",
         "compare": "/compare/?ids=lanternwood-evening-iop,red-rock-wash-teen-iop"}


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_scores(site_url, name, tmp_path):
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: Lighthouse needs Chromium (Debian: apt-get install chromium)")
    if not LIGHTHOUSE.exists():
        skip_or_fail(f"{LIGHTHOUSE.relative_to(REPO_ROOT)} is missing: run `npm ci` (./dev test does)")
    # Up to three runs, the best performance kept: the machine's other work (tests run beside other builds) only
    # ever slows a run, mostly as blocking time; accessibility and best practices must be 100 in every run.
    best = None
    for attempt in range(3):
        scores, failing, layout_shift = lighthouse(site_url + PAGES[name], tmp_path / f"report-{attempt}.json")
        assert scores["accessibility"] == 100 and scores["best-practices"] == 100, (scores, failing)
        best = max(best or scores, scores, key=lambda s: s["performance"])
        if best["performance"] >= 95:
            break
    assert best["performance"] >= 95, (best, layout_shift)


def lighthouse(url, report):
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
         "--only-categories=performance,accessibility,best-practices",
         "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
         "--disable-background-networking --disable-component-update --disable-sync --no-first-run"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(report.read_text())
    scores = {k: round(v["score"] * 100) for k, v in got["categories"].items()}
    failing = {a: got["audits"][a]["title"] for a, v in got["audits"].items()
               if v.get("score") is not None and v["score"] < 1 and v.get("scoreDisplayMode") == "binary"}
    return scores, failing, got["audits"]["cumulative-layout-shift"]["displayValue"]
