"""The search at scale: a site of N generated listings (default 10,000), built as bench/build.py builds it, then
- `iopdir search` with the index on disk (about 30 queries in-process, a few as a subprocess);
- in headless Chromium: the bytes a first query with two filters fetches, counted as a server would send them
  compressed, and the bytes each later query adds; the time from a keystroke in the search box to updated results;
- the search step's (index + export) share of the build;
- Pagefind on the same built site: index time, output size, and the bytes a browser fetches for a query;
- the size of the search data, and the share of it that lets words find facts (iopdir.search.words: concept terms,
  spelling candidates, the phrase table);
- once, not per N: the development set of natural queries (tests/search_devset.py) against the listings imported
  from the seven-state NSUMHSS extract and against the samples: recall and precision per query.

    python bench/search.py                     # N = 10,000
    python bench/search.py --sizes 1000        # quicker
    python bench/search.py --record            # also record the report (bench/history.md, README.md)

Needs the test and bench extras (Playwright, pytest for tests/browser.py, pagefind[bin]) and /usr/bin/chromium.
A script, not a test: it prints figures and says which are over their bounds (exit status 0 either way).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
                    Report, arguments, in_workdir, sizes_of, bin_path, build_ours, fmt_bytes,
                    generate_listings, gzip_size, logged_search_seconds, median, percentile, plugin_log, run,
                    search_part, verdict, write_our_conf)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
KB = 1000  # bounds are in kB of 1,000 bytes (the stricter reading)
BOUNDS = {"first_kb": 150, "later_kb": 50, "keystroke_ms": 50, "cli_ms": 300, "search_share": 0.25}
FIRST_QUERY = "q=evening%20counseling&flag=online&insurance=medicaid"
TEXT_SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml", ".map", ".webmanifest", ".ico"}

# Varied queries for `iopdir search`, as search page query strings: words, prefixes, filters, distance, nothing found.
CLI_QUERIES = [
    "q=evening", "q=teen", "q=counsel", "q=dbt", "q=opioids", "q=spanish", "q=group therapy", "q=alcohol depression",
    "q=xyzzy", "q=family", "q=recovery iop", "q=evening counseling&flag=online&insurance=medicaid",
    "q=co", "q=mindfulness stress", "q=harbor", "flag=evening", "flag=weekend&flag=online", "flag=accredited",
    "insurance=medicare", "insurance=aetna", "state=NJ", "state=WA&flag=online", "modality=dbt",
    "modality=cbt&population=adolescents", "language=es", "focus=substance_use&flag=evening",
    "condition=opioids&insurance=medicaid", "near=07102&miles=25", "q=iop&near=98101&miles=50",
    "near=85004&miles=100&flag=online&sort=distance", "",
    "q=suboxone", "q=dual diagnosis", "q=sign language&flag=online", "q=adolesent", "q=medicaid&state=NJ",
]
CLI_SUBPROCESS = [
    ["evening counseling", "--online", "--insurance", "medicaid"],
    ["teen dbt", "--state", "NJ"],
    ["opioids", "--accredited"],
    ["", "--near", "07102", "--miles", "25", "--evening"],
    ["recovery"],
]
TYPED = ["evening counseling", "teen dbt", "opioid recovery spanish", "family therapy for adults"]

# Counts renders (each change of data-search-ready) and the time from a keydown in #q to the next one. Injected
# through the DevTools protocol (like page.evaluate), so the page's CSP, which forbids inline script, allows it.
PROBE = """(() => {
  window.__renders = 0; window.__firstReady = null; window.__lat = []; window.__t0 = null;
  new MutationObserver(() => {
    const t = performance.now();
    window.__renders++;
    if (window.__firstReady === null) window.__firstReady = t;
    if (window.__t0 !== null) { window.__lat.push(t - window.__t0); window.__t0 = null; }
  }).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-search-ready']});
  document.addEventListener('keydown', e => {
    if (e.target && e.target.id === 'q') window.__t0 = performance.now();
  }, true);
})();"""

PAGEFIND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind benchmark</title></head>
<body><p>Written by bench/search.py to load Pagefind's JavaScript API (no Content-Security-Policy here).</p></body>
</html>
"""
PAGEFIND_QUERY = """async (q) => {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 20).map(x => x.data()));
  return {ms: performance.now() - t0, count: r.results.length, loaded: data.length};
}"""


# --- what a server would send --------------------------------------------------------------------------------------

def wire_size(path: Path) -> tuple[int, str]:
    """Bytes a server would send for this file, compressed: files already gzip-compressed (Pagefind's) as they
    are; a JSON file's precompressed `.gz` sibling when the export wrote one; other text gzip -9 (or as it is, when
    that is smaller: a tiny file); the rest raw."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return len(data), "already gzip"
    gz = path.with_name(path.name + ".gz")
    if path.suffix == ".json" and gz.is_file():
        return min(gz.stat().st_size, len(data)), ".gz on disk"
    if path.suffix in TEXT_SUFFIXES:
        packed = gzip_size(path)
        return (packed, "gzip -9") if packed < len(data) else (len(data), "as is: smaller than gzip")
    return len(data), "raw"


class Traffic:
    """Every response the page gets from the local server, with its compressed size from the file on disk."""

    def __init__(self, page, root: Path):
        self.root, self.page = root, page
        self.entries: list[dict] = []
        self.pending = 0
        page.on("request", self._request)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)
        page.on("response", self._response)

    def _request(self, request):
        self.pending += 1

    def _done(self, request):
        self.pending -= 1

    def _response(self, response):
        path = unquote(urlsplit(response.url).path)
        file = self.root / path.lstrip("/")
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        entry = {"path": path, "status": response.status, "bytes": 0, "raw": 0, "how": "-",
                 "again": any(e["path"] == path and e["status"] == 200 for e in self.entries)}
        if response.status == 200 and file.is_file():
            entry["raw"] = file.stat().st_size
            if entry["again"]:
                # Chromium asks for the favicon again after each history.replaceState: it comes from its cache or
                # as a 304 (http.server honours If-Modified-Since), so no body crosses the network.
                entry["how"] = "again: browser cache or 304, 0 B counted"
            else:
                entry["bytes"], entry["how"] = wire_size(file)
        self.entries.append(entry)

    def mark(self) -> int:
        return len(self.entries)

    def since(self, mark: int) -> list[dict]:
        return self.entries[mark:]

    def settle(self, renders_before: int | None = None, quiet_ms: int = 300, timeout_s: float = 30.0) -> None:
        """Wait until (optionally) a render happened, no request is in flight and nothing changed for quiet_ms."""
        deadline = time.monotonic() + timeout_s
        if renders_before is not None:
            self.page.wait_for_function("n => window.__renders > n", arg=renders_before, timeout=timeout_s * 1000)
        last, quiet_since = None, time.monotonic()
        while time.monotonic() < deadline:
            state = (self.pending, len(self.entries), self.page.evaluate("window.__renders || 0"))
            if state != last:
                last, quiet_since = state, time.monotonic()
            elif self.pending <= 0 and (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
            self.page.wait_for_timeout(50)


def describe(entries: list[dict], say, indent: str = "      ", group_over: int = 6) -> int:
    """List what was fetched; a folder with more than `group_over` files in the list is one line (result cards,
    Pagefind's fragments)."""
    total = sum(e["bytes"] for e in entries)
    repeats = [e for e in entries if e.get("again")]
    folders: dict[str, list[dict]] = {}
    for e in entries:
        if not e.get("again"):
            folders.setdefault(e["path"].rsplit("/", 1)[0] + "/", []).append(e)
    grouped = {folder for folder, items in folders.items() if len(items) > group_over}
    for folder in sorted(grouped):
        items = folders[folder]
        hows = ", ".join(sorted({e["how"] for e in items}))
        say(f"{indent}{sum(e['bytes'] for e in items):>9,} B  {len(items)} files in {folder}  [{hows}; "
            f"{sum(e['raw'] for e in items):,} B on disk]")
    for e in entries:
        if e.get("again") or e["path"].rsplit("/", 1)[0] + "/" in grouped:
            continue
        extra = "" if e["status"] == 200 else f" (status {e['status']}, not counted)"
        say(f"{indent}{e['bytes']:>9,} B  {e['path']}  [{e['how']}; {e['raw']:,} B on disk]{extra}")
    if repeats:
        say(f"{indent}        0 B  {len(repeats)} request(s) again for a file already fetched "
            f"({', '.join(sorted({e['path'] for e in repeats}))}): browser cache or 304, no body")
    return total


# --- the parts ---------------------------------------------------------------------------------------------------

def cli(index_dir: Path, programs: Path, say) -> dict:
    from iopdir.search import query as search

    search.open_and_run(index_dir, **search.from_query_string("q=warm&near=07102"))  # imports, ZIP table: not timed
    times, counts = [], []
    for qs in CLI_QUERIES:
        t0 = time.perf_counter()
        try:
            found = search.open_and_run(index_dir, **search.from_query_string(qs))
        except search.SearchError:
            found = []
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(found))
    ix = search.Index.open(index_dir)
    try:
        open_times = []
        for qs in CLI_QUERIES:
            t0 = time.perf_counter()
            try:
                search.run(ix, **search.from_query_string(qs))
            except search.SearchError:
                pass
            open_times.append((time.perf_counter() - t0) * 1000)
    finally:
        ix.close()
    sub = []
    for argv in CLI_SUBPROCESS:
        r = run([bin_path("iopdir"), "search", *argv, "--programs", str(programs), "--index", str(index_dir),
                 "--format", "json"]).check("iopdir search")
        sub.append((argv, r.seconds * 1000))
    med = median(times)
    say(f"  iopdir search, index on disk: {len(times)} queries in-process (open the index + run, after one warm-up): "
        f"median {med:.0f} ms, p90 {percentile(times, 90):.0f} ms, max {max(times):.0f} ms "
        f"(bound: <= {BOUNDS['cli_ms']} ms median: {verdict(med <= BOUNDS['cli_ms'])})")
    slow = sorted(zip(times, CLI_QUERIES, counts), reverse=True)[:3]
    say("      slowest: " + "; ".join(f"{q or '(no words, no filters)'} {t:.0f} ms, {c:,} results"
                                      for t, q, c in slow))
    say(f"      on an index already open: median {median(open_times):.0f} ms, p90 {percentile(open_times, 90):.0f} ms")
    say(f"      as a subprocess (start-up, listing check, search, JSON out): median {median([s for _, s in sub]):.0f} ms"
        " — " + "; ".join(f"{' '.join(a) if a[0] else ' '.join(a[1:])} {s:.0f} ms" for a, s in sub))
    return {"median_ms": med, "subprocess_median_ms": median([s for _, s in sub])}


def browser_ours(browser, url: str, out: Path, say) -> dict:
    result = {}
    context = browser.new_context()
    context.add_init_script(PROBE)
    page = context.new_page()
    traffic = Traffic(page, out)
    t0 = time.perf_counter()
    page.goto(f"{url}/search/?{FIRST_QUERY}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')", timeout=60_000)
    traffic.settle()
    load_s = time.perf_counter() - t0
    status = page.locator("#status").inner_text()
    say(f"  browser, first query /search/?{FIRST_QUERY} in a fresh browser ({status.strip()}; first results "
        f"{page.evaluate('window.__firstReady'):.0f} ms after navigation start, settled in {load_s:.1f} s):")
    first = describe(traffic.since(0), say)
    result["first_bytes"] = first
    say(f"      = {first / KB:.1f} kB counted as a server would send it compressed "
        f"(bound: <= {BOUNDS['first_kb']} kB: {verdict(first <= BOUNDS['first_kb'] * KB)})")

    def step(label: str, action, render: bool = True) -> None:
        mark, before = traffic.mark(), page.evaluate("window.__renders")
        action()
        traffic.settle(renders_before=before if render else None)
        entries = traffic.since(mark)
        total = sum(e["bytes"] for e in entries)
        now = page.locator("#status").inner_text().strip()
        say(f"    then {label}: +{total / KB:.1f} kB in {sum(not e['again'] for e in entries)} files ({now})   "
            f"(bound: <= {BOUNDS['later_kb']} kB: {verdict(total <= BOUNDS['later_kb'] * KB)})")
        if entries:
            describe(entries, say, indent="        ")
        result.setdefault("later", []).append((label, total))

    def type_more():
        page.click("#q")
        page.keyboard.press("End")
        page.keyboard.type(" adults")

    def open_filters():
        if not page.evaluate("document.querySelector('#filters-panel').open"):
            page.click("#filters-panel > summary")

    step("type ' adults' (one character at a time)", type_more)
    step("replace the words with 'teen dbt'", lambda: page.fill("#q", "teen dbt"))
    step("open the filters panel", open_filters, render=False)
    if page.locator("#f-flag-evening").count():
        step("tick 'Evening sessions'", lambda: page.check("#f-flag-evening"))
    step("clear the words (every program matching the filters)", lambda: page.fill("#q", ""))
    if page.locator("#f-state-select").count():
        step("choose the state NJ", lambda: page.select_option("#f-state-select", "NJ"))
    step("enter the ZIP code 07102 (distance)", lambda: page.fill("#near", "07102"))
    context.close()

    # The same words with no filters, for the comparison with Pagefind (which has no filters here).
    context = browser.new_context()
    context.add_init_script(PROBE)
    page = context.new_page()
    traffic = Traffic(page, out)
    page.goto(f"{url}/search/?q=evening%20counseling")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')", timeout=60_000)
    traffic.settle()
    result["plain_bytes"] = sum(e["bytes"] for e in traffic.entries)
    say(f"    (the same words without filters, fresh browser: {result['plain_bytes'] / KB:.1f} kB in "
        f"{sum(not e['again'] for e in traffic.entries)} files)")
    context.close()
    return result


def keystrokes(browser, url: str, out: Path, minimum: int, say) -> dict:
    context = browser.new_context()
    context.add_init_script(PROBE)
    page = context.new_page()
    page.goto(f"{url}/search/")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-search-ready')", timeout=60_000)
    Traffic(page, out).settle()
    page.click("#q")
    typed, labels = 0, []
    while typed < minimum:
        for text in TYPED:
            if page.input_value("#q"):
                before = page.evaluate("window.__renders")
                page.fill("#q", "")  # no keydown: a render, not a measurement
                page.wait_for_function("n => window.__renders > n", arg=before, timeout=30_000)
            page.click("#q")
            for ch in text:
                n = page.evaluate("window.__lat.length")
                page.keyboard.type(ch)
                page.wait_for_function("n => window.__lat.length > n", arg=n, timeout=30_000)
                labels.append(repr(page.input_value("#q")))
                typed += 1
    lat = page.evaluate("window.__lat")
    context.close()
    med = median(lat)
    say(f"  keystroke to updated results (keydown in #q to the next data-search-ready change, in-page), "
        f"{len(lat)} keystrokes typing {', '.join(repr(t) for t in TYPED)}: median {med:.1f} ms, "
        f"p90 {percentile(lat, 90):.1f} ms, max {max(lat):.1f} ms "
        f"(bound: <= {BOUNDS['keystroke_ms']} ms median: {verdict(med <= BOUNDS['keystroke_ms'])})")
    say("      slowest: " + ", ".join(f"{text} {ms:.0f} ms" for ms, text in sorted(zip(lat, labels), reverse=True)[:5]))
    return {"median_ms": med, "p90_ms": percentile(lat, 90)}


def pagefind_index(out: Path, say) -> dict:
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    r = run([sys.executable, "-m", "pagefind", "--site", str(out)]).check("pagefind")
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    pages = next((line.strip() for line in r.stdout.splitlines() if "Indexed" in line and "page" in line), "")
    say(f"  Pagefind {_pagefind_version()}: `python -m pagefind --site <out>` {r.seconds:.1f} s, peak memory "
        f"{fmt_bytes(r.memory)}; output {len(files):,} files, {fmt_bytes(total)} ({pages})")
    return {"seconds": r.seconds, "bytes": total, "files": len(files)}


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "?"


def browser_pagefind(browser, url: str, out: Path, say) -> dict:
    (out / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/pagefind-bench.html")
    traffic = Traffic(page, out)  # from here on: only what Pagefind fetches
    page.evaluate("() => { window.__renders = 0; }")
    result = {}
    for label, query in [("first query 'evening counseling'", "evening counseling"),
                         ("then 'teen dbt'", "teen dbt"), ("then 'evening counseling adults'",
                                                           "evening counseling adults")]:
        mark = traffic.mark()
        got = page.evaluate(PAGEFIND_QUERY, query)
        traffic.settle()
        entries = traffic.since(mark)
        total = sum(e["bytes"] for e in entries)
        files = sum(not e["again"] for e in entries)
        say(f"    Pagefind in the browser, {label}: {total / KB:.1f} kB in {files} files, {got['count']:,} "
            f"results, {got['loaded']} fragments loaded, {got['ms']:.0f} ms")
        if mark == 0:
            describe(entries, say)
        result.setdefault("bytes", []).append(total)
    context.close()
    return result


def data_size(out: Path, say) -> dict:
    """The search data's size (raw and gzip -9, file by file), and the part that serves words for facts."""
    import gzip
    import json

    root = out / "search" / "data"
    raw = packed = 0
    for f in root.rglob("*.json"):
        data = f.read_bytes()
        raw, packed = raw + len(data), packed + len(gzip.compress(data, 9))
    words_raw = sum(f.stat().st_size for f in (root / "spell").glob("*.json"))
    meta = json.loads((root / "meta.json").read_text())
    words_raw += len(json.dumps(meta.get("words", {}), separators=(",", ":"), ensure_ascii=False).encode())
    for f in (root / "terms").glob("*.json"):
        shard = json.loads(f.read_text())
        words_raw += sum(len(json.dumps({t: p}, separators=(",", ":")).encode()) - 1
                         for t, p in shard.items() if t.startswith("_"))
    growth = words_raw / max(1, raw - words_raw)
    say(f"  search data: {raw / KB:,.0f} kB raw, {packed / KB:,.0f} kB gzip -9 file by file; of it, words for facts "
        f"(concept terms, spelling candidates, phrase table) {words_raw / KB:,.0f} kB raw = +{growth:.1%} on the rest "
        f"(bound: <= 25 %: {verdict(growth <= 0.25)}; measured against main's export at 1,000 generated listings: "
        f"see the search-words report)")
    return {"raw": raw, "gzip": packed, "words_raw": words_raw, "growth": growth}


def dev_set(base: Path, say) -> None:
    """The development set against imported real listings and the samples (iopdir.search.query, in-process)."""
    import gzip

    from iopdir.build.listings import validate_paths
    from iopdir.cli import main as iopdir_main
    from iopdir.search import index
    from tests.search_devset import evaluate, table

    root = Path(__file__).resolve().parent.parent
    fixtures = root / "tests" / "fixtures" / "nsumhss"
    base.mkdir(parents=True, exist_ok=True)
    facilities = base / "facilities-7-states.csv"
    facilities.write_bytes(gzip.decompress((fixtures / "facilities-7-states.csv.gz").read_bytes()))
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        iopdir_main(["import", "nsumhss", str(facilities), "--definitions", str(fixtures / "service_definitions.csv"),
                     "--out", str(base / "imported")])
    for label, folder in [("listings imported from the seven-state NSUMHSS extract", base / "imported"),
                          ("the sample listings", root / "programs")]:
        programs = [p for p in validate_paths([folder]).programs if p.listed]
        ix = index.Index.open(index.build(programs, base / f"index-{folder.name}"))
        try:
            say(f"\n  development set (tests/search_devset.py) on {label} ({len(programs):,} listed):")
            table(evaluate(ix), say)
        finally:
            ix.close()


def one_size(n: int, base: Path, seed: int, today: dt.date, minimum: int, pagefind: bool, say) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import serve_directory

    base.mkdir(parents=True, exist_ok=True)
    programs = base / "programs"
    _, gen_s = generate_listings(n, programs, seed, today)
    write_our_conf(base, programs, today, site_url="")  # served locally: the pages' own addresses
    build = build_ours(base, sample_s=0.1)  # memory sampled: this script times the search, not the build
    out = base / "output"
    part = search_part(programs, today, base / "search-part")
    step = part["step"]
    share = step / build.seconds
    say(f"\nN = {n:,} listings (generated in {gen_s:.1f} s): our build {build.seconds:.1f} s, peak memory "
        f"{fmt_bytes(build.peak_bytes)} in one process, {fmt_bytes(build.tree_peak_bytes)} all processes together")
    for line in plugin_log(build):
        say(f"      log: {line}")
    logged = logged_search_seconds(build)
    if logged is not None:
        say(f"  search step as the build logs it: {logged:.1f} s = {logged / build.seconds:.0%} of the build "
            f"(bound: <= {BOUNDS['search_share']:.0%}: {verdict(logged / build.seconds <= BOUNDS['search_share'])}); "
            f"it may run in a second process alongside the pages")
    say(f"  search step, in-process on the same listings as the build makes it (search_data.make from scratch): "
        f"postings and index {part['index']:.1f} s, export {part['export']:.1f} s, {step:.1f} s in all = "
        f"{share:.0%} of the build "
        f"(bound: <= {BOUNDS['search_share']:.0%}: {verdict(share <= BOUNDS['search_share'])})")
    r = {"n": n, "build_s": build.seconds, "share": share, "cli": cli(base / "index", programs, say)}
    r["data"] = data_size(out, say)
    if pagefind:
        r["pagefind_index"] = pagefind_index(out, say)
    with serve_directory(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            r["ours"] = browser_ours(browser, url, out, say)
            r["keys"] = keystrokes(browser, url, out, minimum, say)
            if pagefind:
                r["pagefind"] = browser_pagefind(browser, url, out, say)
        finally:
            browser.close()
    if pagefind:
        ours, pf = r["ours"], r["pagefind"]
        say(f"  where we stand: a first query costs us {ours['first_bytes'] / KB:.1f} kB with two filters and "
            f"{ours['plain_bytes'] / KB:.1f} kB without (page, CSS and JS included), Pagefind "
            f"{pf['bytes'][0] / KB:.1f} kB for the same words (its JS, WebAssembly, index chunks, 20 fragments; "
            f"no page). Later queries: ours +{', +'.join(f'{b / KB:.1f}' for _, b in ours.get('later', []))} kB; "
            f"Pagefind +{', +'.join(f'{b / KB:.1f}' for b in pf['bytes'][1:])} kB. Index: ours {step:.1f} s in "
            f"the build, Pagefind {r['pagefind_index']['seconds']:.1f} s after it.")
    return r


def main(argv=None) -> int:
    parser = arguments(__doc__, "10000")
    parser.add_argument("--keystrokes", type=int, default=50, help="at least this many keystrokes (default 50)")
    parser.add_argument("--no-pagefind", action="store_true", help="skip Pagefind")
    args = parser.parse_args(argv)
    today = dt.date.today()
    say = Report("search.py", f"bounds: first query <= {BOUNDS['first_kb']} kB, each later query <= "
                 f"{BOUNDS['later_kb']} kB more (kB = 1,000 bytes, compressed: .gz sibling or gzip -9), keystroke to "
                 f"results <= {BOUNDS['keystroke_ms']} ms median, iopdir search <= {BOUNDS['cli_ms']} ms median, "
                 f"search step <= {BOUNDS['search_share']:.0%} of the build")
    in_workdir(args, "search", lambda base: [dev_set(base / "dev-set", say)] + [
        one_size(n, base / f"n{n}", args.seed, today, args.keystrokes, not args.no_pagefind, say)
        for n in sizes_of(args.sizes)])
    say.finish(args, argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
