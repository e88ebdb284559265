"""Shared by the benchmarks in this folder: the machine, timed subprocesses with their own peak memory, generated
listings, our build and plain Pelican's, output hashes, and the dated entries of bench/history.md (the latest of each
script also in bench/README.md).

Not a test module: nothing here asserts; the scripts print figures and check them against the bounds.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = Path(__file__).resolve().parent / "README.md"
HISTORY = Path(__file__).resolve().parent / "history.md"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

KIB, MIB, GIB = 1024, 1024**2, 1024**3


# --- the machine -----------------------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 0


def git_state() -> str:
    """The commit measured, and whether the tree had uncommitted changes to tracked files (others work here too)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.split("\n")
        changed = sorted({line[3:] for line in dirty if line.strip()})
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    if not changed:
        return f"commit {head}"
    shown = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
    return f"commit {head} with uncommitted changes to {shown}"


def machine() -> dict:
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "arch": platform.machine(), "nproc": nproc(),
            "cpu": cpu_model(), "python": platform.python_version(), "code": git_state()}


def load() -> str:
    """The load averages (1, 5, 15 minutes): other people's work on the machine moves every figure."""
    try:
        return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def machine_line(m: dict) -> str:
    return f"{m['arch']}, {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}; {m['code']}"


def record(script: str, argv: list[str], report: str, m: dict) -> None:
    """Append a dated entry to bench/history.md, and make it the script's entry under Latest figures in
    bench/README.md (between its two marker comments; the section and markers are added when missing)."""
    entry = (f"### {m['date']} — `python bench/{script} {' '.join(argv)}`".rstrip() + "\n\n"
             f"Machine: {machine_line(m)}.\n\n```text\n{report.rstrip()}\n```\n")
    history = HISTORY.read_text(encoding="utf-8") if HISTORY.exists() else "# Benchmark history\n"
    HISTORY.write_text(history.rstrip("\n") + "\n\n" + entry, encoding="utf-8")
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start, end = f"<!-- latest {script}: written by bench/common.py record() -->\n", f"<!-- end latest {script} -->"
    if start in text and end in text:
        text = text[:text.index(start) + len(start)] + entry + text[text.index(end):]
    else:
        if "\n## Latest figures\n" not in text:
            text = text.rstrip("\n") + "\n\n## Latest figures\n"
        text = text.rstrip("\n") + f"\n\n{start}{entry}{end}\n"
    README.write_text(text, encoding="utf-8")
    print(f"\nrecorded in {HISTORY.relative_to(REPO)} and {README.relative_to(REPO)}")


# --- measuring ----------------------------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_bytes: int  # the largest peak resident memory of one process: the child or one it waited for (ru_maxrss)
    returncode: int
    stdout: str
    stderr: str
    tree_peak_bytes: int = 0  # the most memory the child and its descendants held together (sum of PSS, sampled)
    cpu_seconds: float = 0.0  # user + system time of the command and every process it waited for (wait4's rusage)

    @property
    def memory(self) -> int:
        """The figure to hold against a bound: the larger of the two."""
        return max(self.peak_bytes, self.tree_peak_bytes)

    def check(self, what: str) -> "Run":
        if self.returncode != 0:
            raise SystemExit(f"{what} failed (exit {self.returncode}):\n{self.stdout[-3000:]}\n{self.stderr[-3000:]}")
        return self


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def _pss(pid: int) -> int:
    """Proportional set size in bytes (pages shared after a fork count once in the sum); RSS if unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


# A small launcher between the benchmark and the command: Linux carries the high-water mark of the memory a process
# had before exec() into its ru_maxrss, so a command started straight from this (large) process would report at
# least this process's size. The launcher is small; it waits for the command and writes the command's own rusage.
LAUNCHER = """import os, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, sample_s: float | None = 0.1) -> Run:
    """Run a command in its own process: its wall time, its CPU time (user + system, of the command and of every
    process it started and waited for: the build's second process included) and its peak memory, two ways. The
    command's rusage from wait4 (so every build gets its own figure, unlike RUSAGE_CHILDREN, the maximum over all children so far): its
    ru_maxrss is the largest of the command and the processes it waited for, not their sum. The build forks a second
    process for the search data, so the PSS of the command's processes is also summed every `sample_s` seconds.

    Sampling is not free: reading /proc/PID/smaps_rollup walks the page tables of a process of several hundred MiB,
    which slows the build it watches (the report gives both runs' wall times). Timed runs therefore pass
    sample_s=None (no sampling, tree_peak_bytes 0) and memory is measured in a run of its own."""
    # What earlier commands wrote (listings, a site of 10,000 pages) is flushed to disk first: else its write-back
    # runs during this command and is counted against it (seen: the same build 1 s slower after the listings were
    # generated than a minute later).
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".maxrss") as maxrss:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, maxrss.name, *cmd], cwd=cwd, env=env, stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL)
        tree_peak = 0
        while sample_s is not None:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, sum(_pss(p) for p in _descendants(proc.pid)[1:]))  # not the launcher
            time.sleep(sample_s)
        else:
            _, status, _ = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen so it never waits again
        out.seek(0)
        err.seek(0)
        kib, cpu = (maxrss.read().split() + ["0", "0"])[:2]
        return Run(seconds, int(kib) * 1024, proc.returncode, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"), tree_peak, float(cpu))


def bin_path(name: str) -> str:
    """A console script of this virtual environment (the one running the benchmark)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def median(xs) -> float:
    return statistics.median(xs) if xs else float("nan")


def percentile(xs, p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def fmt_bytes(n: float) -> str:
    if n >= GIB:
        return f"{n / GIB:.2f} GiB"
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= KIB:
        return f"{n / KIB:.1f} KiB"
    return f"{int(n)} B"


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


# --- listings, our build, plain Pelican ---------------------------------------------------------------------------

def workdir(given: str | None, label: str) -> Path:
    if given:
        path = Path(given).resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix=f"iopdir-bench-{label}-"))


def generate_listings(n: int, folder: Path, seed: int, today: dt.date) -> tuple[list[Path], float]:
    from iopdir.tools.synthetic import generate

    start = time.perf_counter()
    paths = generate(n, folder, seed=seed, today=today)
    return paths, time.perf_counter() - start


def write_our_conf(base: Path, programs: Path, today: dt.date, parallel="auto",
                   site_url: str = "https://iop.example.org") -> Path:
    """A settings file that is the repository's pelicanconf.py with the listings, index and output in `base`
    (and IOPDIR_PARALLEL: False measures the build in one process). `site_url`: as a publisher builds, absolute (the
    sitemap and the feeds are made too); "" for a site served from the local server (bench/search.py: with an
    absolute address, the served pages would ask iop.example.org for their scripts)."""
    conf = base / "benchconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from pelicanconf import *  # noqa: F401,F403  the repository's settings, unchanged but for these:\n"
        f"PATH = {str(REPO / 'content')!r}\n"
        f"OUTPUT_PATH = {str(base / 'output')!r}\n"
        f"CACHE_PATH = {str(base / 'pelican-cache')!r}\n"
        f"IOPDIR_PROGRAMS_PATH = {str(programs)!r}\n"
        f"IOPDIR_INDEX_PATH = {str(base / 'index')!r}\n"
        f"IOPDIR_CACHE_PATH = {str(base / 'iopdir-cache')!r}\n"
        f"IOPDIR_TODAY = {today.isoformat()!r}\n"
        f"IOPDIR_PARALLEL = {parallel!r}\n"
        "# As a publisher builds (publishconf.py): an absolute address, so the sitemap and the feeds are made too.\n"
        f"SITEURL = {site_url!r}\n"
        "# The plugin's own timings (its INFO lines) on stderr, without Pelican's -v, which logs every file written.\n"
        "import logging\n"
        "_log = logging.getLogger('pelican.plugins.iopdir')\n"
        "_log.setLevel(logging.INFO)\n"
        "_log.addHandler(logging.StreamHandler(sys.stderr))\n"
        "_log.propagate = False\n",
        encoding="utf-8")
    return conf


def build_ours(base: Path, sample_s: float | None = None, output: str = "output", env: dict | None = None) -> Run:
    """`pelican content -s conf -o output`: validation, program and state pages, search index and export
    (timed; with `sample_s`, memory sampled too: see run())."""
    cmd = [bin_path("pelican"), str(REPO / "content"), "-s", str(base / "benchconf.py"), "-o", str(base / output)]
    return run(cmd, cwd=base, env=env, sample_s=sample_s).check("our build")


# Imported first by every Python of the build through PYTHONPATH (the site module imports `sitecustomize`), the
# second process included (it is started with the caller's PYTHONPATH): the downloads step made a no-op.
_NO_DOWNLOADS = '''from iopdir.build import downloads
downloads.write = lambda *args, **kwargs: {}
'''


def without_downloads(folder: Path) -> dict:
    """The environment for a build whose /data/ downloads are not made (in both of its processes): what they add
    to the build is the difference (bench/build.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_NO_DOWNLOADS, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def plugin_log(r: Run) -> list[str]:
    """The plugin's own log lines ("iopdir: ..."), which say how long its steps took."""
    return [line.strip() for line in (r.stdout + "\n" + r.stderr).splitlines() if line.strip().startswith("iopdir:")]


def _logged_seconds(r: Run, pattern: str) -> float | None:
    import re

    for line in plugin_log(r):
        m = re.search(pattern, line)
        if m:
            return float(m.group(1))
    return None


def logged_search_seconds(r: Run) -> float | None:
    """The seconds the build's log gives for the search index and export, or None."""
    return _logged_seconds(r, r"search index.* in ([0-9.]+) s")


def logged_wait_seconds(r: Run) -> float | None:
    """How long the build waited for its second process after writing its pages (the wall time the data files
    added), or how long it took to make them itself; None when the log does not say."""
    return _logged_seconds(r, r"(?:waited|data files in) ([0-9.]+) s")


def article(data: dict, state_names: dict, sentences: list[str]) -> tuple[str, int]:
    """A Markdown article with about the text of a listing: a title, a few metadata fields and 150-250 words
    (a target drawn from the listing's id, so the same listings give the same articles)."""
    from iopdir.listing.vocabulary import label

    loc = data["locations"][0]
    facts = [
        f"Organization: {data['organization']['name']}",
        f"Address: {loc['street']}, {loc['city']}, {loc['state']} {loc['postal_code']}",
        f"Phone: {data['contact']['phone']}",
        "Treats: " + ", ".join(label("focus", f) for f in data["focus"]),
        "Conditions: " + ", ".join(label("conditions", c) for c in data["conditions"]),
    ]
    if data.get("modalities"):
        facts.append("Therapies: " + ", ".join(label("modalities", m) for m in data["modalities"]))
    if data.get("populations"):
        facts.append("Who it serves: " + ", ".join(label("populations", p) for p in data["populations"]))
    for track in data.get("tracks", []):
        for s in track["sessions"]:
            facts.append(f"Schedule: {', '.join(d.title() for d in s['days'])} {s['start']} to {s['end']}")
    if data.get("insurance"):
        kinds = [k.replace("_", " ") for k, v in data["insurance"].items() if v is True]
        facts.append("Insurance: " + (", ".join(kinds) or "none of the common kinds"))
    facts.append(f"Last verified: {data['verification']['last_verified']} by the {data['verification']['verified_by']}")
    body = [data["summary"], data.get("description", "")]
    words = sum(len(x.split()) for x in body + facts) + len(data["name"].split())
    target, i, pad = 150 + zlib.crc32(data["id"].encode()) % 101, 0, []
    while words < target:  # pad with more of the same kind of prose, deterministically, to at most 250 words
        sentence = sentences[(len(data["id"]) + i) % len(sentences)]
        if words + len(sentence.split()) > 250:
            break
        pad.append(sentence)
        words += len(sentence.split())
        i += 1
    body.append(" ".join(pad))
    head = (f"Title: {data['name']}\nDate: {data['verification']['last_verified']}\n"
            f"Category: {state_names.get(loc['state'], loc['state'])}\n"
            f"Tags: {', '.join(label('focus', f) for f in data['focus'])}\n"
            f"Slug: {data['id']}\nSummary: {data['summary']}\n\n")
    text = head + "\n\n".join(b for b in body if b) + "\n\n## At a glance\n\n" + "".join(f"- {f}\n" for f in facts)
    return text, words


def site_languages() -> list[str]:
    """The languages the repository's site is built in (its pelicanconf.py's IOPDIR_LANGUAGES, else the default)."""
    sys.path.insert(0, str(REPO))
    try:
        import pelicanconf
    finally:
        sys.path.remove(str(REPO))
    from iopdir.settings import default

    return list(getattr(pelicanconf, "IOPDIR_LANGUAGES", None) or default("IOPDIR_LANGUAGES"))


def write_plain_site(base: Path, listings: list[Path], languages=("en",)) -> dict:
    """N Markdown articles made from the same listings, and a settings file as a real Pelican site would have it:
    Pelican's defaults (default theme, no plugins) but paginated, ten articles a page, as pelican-quickstart
    proposes (unpaginated, the index page alone is ~10 MiB at 10,000 articles and every tag page holds thousands);
    feeds are off. With more than one language, as many pages as our site has: each article also in every other
    language, as a bilingual Pelican site has it (a translation: `Lang:` and the same slug; Pelican writes it as
    {slug}-{lang}.html and lists only the first language's articles on the index, tag and category pages). Its text is
    the same: Pelican's work does not depend on the language of the words."""
    import yaml

    from iopdir.tools.synthetic import SENTENCES
    from iopdir.listing.vocabulary import vocabularies

    content = base / "content"
    content.mkdir(parents=True, exist_ok=True)
    states = vocabularies()["states"]
    words, sizes = [], []
    for path in listings:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        text, n = article(data, states, SENTENCES)
        (content / f"{data['id']}.md").write_text(text, encoding="utf-8")
        for lang in languages[1:]:
            (content / f"{data['id']}-{lang}.md").write_text(f"Lang: {lang}\n" + text, encoding="utf-8")
        words.append(n)
        sizes.append(len(text.encode()))
    (base / "plainconf.py").write_text(
        "# Pelican's defaults (default theme, no plugins), but for these:\n"
        f"PATH = {str(content)!r}\n"
        "DEFAULT_PAGINATION = 10  # pelican-quickstart's default answer; paginates index, tags, categories, authors\n"
        "TIMEZONE = 'UTC'  # only to silence the 'no timezone' warning\n"
        f"DEFAULT_LANG = {languages[0]!r}\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n",
        encoding="utf-8")
    return {"words_mean": statistics.mean(words), "words_min": min(words), "words_max": max(words),
            "bytes_mean": statistics.mean(sizes), "articles": len(words) * len(languages)}


def build_plain(base: Path, sample_s: float | None = None, output: str = "output") -> Run:
    cmd = [bin_path("pelican"), str(base / "content"), "-s", str(base / "plainconf.py"), "-o", str(base / output)]
    return run(cmd, cwd=base, sample_s=sample_s).check("plain Pelican build")


def hash_tree(folder: Path) -> dict[str, str]:
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def tree_diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {"changed": sorted(k for k in before.keys() & after.keys() if before[k] != after[k]),
            "added": sorted(after.keys() - before.keys()),
            "removed": sorted(before.keys() - after.keys())}


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def search_part(programs: Path, today: dt.date, scratch: Path) -> dict:
    """Time, in this process, the build's search step as the plugin makes it from scratch
    (iopdir.build.search_data.make: the postings, the Whoosh index from their documents, the browser's export from
    the postings, the postings saved for the next build) on the same listings, into scratch folders: "step" is the
    whole of it, "index" and "export" its two main parts as make() times them. Validation is timed too, as it is
    the plugin's first step. (Until 2026-12-05 this timed index.build computing its own documents, then an export
    read back from the Whoosh index: a path the build does not take.)"""
    from iopdir.build import search_data
    from iopdir.build.listings import validate_paths

    t0 = time.perf_counter()
    report = validate_paths([programs], today=today)
    t1 = time.perf_counter()
    listed = sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))
    made = search_data.make(str(programs), str(scratch / "index"), str(scratch / "search-data"), today.isoformat(),
                            listed)
    t2 = time.perf_counter()
    return {"validate": t1 - t0, "index": made["index_seconds"], "export": made["export_seconds"], "step": t2 - t1,
            "listed": len(listed), "sizes": made}


# --- the frame both benchmarks share ---------------------------------------------------------------------------------

def arguments(doc: str, default_sizes: str):
    """The options every benchmark takes; a script adds its own to the parser it gets back."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--sizes", default=default_sizes, help=f"listing counts, comma-separated (default {default_sizes})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="where to build (default: a new temporary folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--record", action="store_true", help="append the report to bench/history.md and show it in bench/README.md")
    return parser


def sizes_of(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def disk_probe(count: int = 500) -> float:
    """Milliseconds to create a folder and a 20 KB file in it (what a build does for each page), in the temporary
    folder the benchmark works in. It rises severalfold for a while after a large deletion (such as a previous
    benchmark's clean-up): file-heavy builds slow down with it, so the report gives it at the start and at the end. Few files (10 MB): removing the probe is
    itself a deletion, and must not slow the run it precedes."""
    import shutil

    base = Path(tempfile.mkdtemp(prefix="iopdir-bench-disk-"))
    try:
        data = b"x" * 20_000
        os.sync()
        start = time.perf_counter()
        for i in range(count):
            folder = base / str(i)
            folder.mkdir()
            (folder / "index.html").write_bytes(data)
        return (time.perf_counter() - start) * 1000 / count
    finally:
        shutil.rmtree(base, ignore_errors=True)


class Report:
    """Prints each line as it comes and keeps them all for --record."""

    def __init__(self, script: str, bounds: str):
        self.script, self.machine, self.lines = script, machine(), []
        self(f"bench/{script}, {self.machine['date']}: {machine_line(self.machine)}")
        self(bounds)
        self(f"{load()} at the start ({nproc()} CPUs); {self.disk()}")

    @staticmethod
    def disk() -> str:
        return f"disk: a folder and a 20 KB file made in {disk_probe():.3f} ms (see common.disk_probe)"

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def finish(self, args, argv) -> None:
        self(f"\n{load()} at the end ({nproc()} CPUs); {self.disk()}")
        if args.record:
            record(self.script, argv if argv is not None else sys.argv[1:], "\n".join(self.lines), self.machine)


def in_workdir(args, label: str, work):
    """Run work(base) in the benchmark's work folder, then remove it unless asked to keep it."""
    import shutil

    base = workdir(args.workdir, label)
    try:
        return work(base)
    finally:
        if args.keep or args.workdir:
            print(f"\nwork folder kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
