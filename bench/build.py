"""The build at scale: our full Pelican build of N generated listings against plain Pelican building N Markdown
articles of about the same size, paginated as a real site is, on the same machine in one run: wall time and CPU time
(of every process), our build both in one process and with its second process. Also `iopdir validate`, a rebuild
with nothing changed, a rebuild after one listing's summary changed (its time as a share of the full build, which
output files changed and which it wrote), the search step's share, and what the downloads (/data/: the
whole-directory CSV and JSON, whose sizes it reports, and the HSDS package) add to the build: the same build made
again, twice, with their step a no-op (common.without_downloads) against two more full builds, and their step timed
alone in-process.

    python bench/build.py                      # N = 1,000 and 10,000
    python bench/build.py --sizes 1000         # quicker
    python bench/build.py --record             # also record the report (bench/history.md, README.md)

Every build runs in its own process (`pelican ... -s <conf> -o <out>`), so its peak memory is its own. A script,
not a test: it prints figures and says which are over their bounds (exit status 0 either way).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
                    Report, arguments, in_workdir, sizes_of, GIB, build_ours, build_plain, fmt_bytes,
                    generate_listings, hash_tree, logged_search_seconds, plugin_log, run, bin_path,
                    search_part, tree_diff, tree_size, verdict, write_our_conf, write_plain_site,
                    logged_wait_seconds, site_languages, without_downloads)

BOUND_N = 10_000
BOUNDS = {"ratio": 0.5, "cpu_ratio": 0.75, "peak": 1 * GIB, "validate_ms": 0.6, "rebuild_share": 0.25, "search_share": 0.25,
          "edit_share": 0.15, "exports_share": 0.15, "page_growth": 1.2}
# Issue #17's "today's" program page: the median HTML of an English program page at 10,000 generated listings (seed 1)
# at 30de81c, the main branch the at-a-glance work started from, built with that commit's generator and
# bench/common.py settings (absolute SITEURL), measured 2026-12-04.
PAGE_BEFORE_17 = 14_011
SHOW_CHANGED = 25  # list the changed files when there are at most this many


def edit_summary(path: Path) -> None:
    """Change one listing's summary (a valid plain YAML scalar: no ': ' in it)."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^summary: .*$", "summary: Evening intensive outpatient care, summary edited by the "
                                                "build benchmark.", text)
    if count != 1:
        raise SystemExit(f"could not find the summary line in {path}")
    path.write_text(new, encoding="utf-8")


def mtimes(folder: Path) -> dict[str, int]:
    """Every file's modification time: a file written again with the same bytes counts as rewritten."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
class Mean:
    """Several builds of the same site, as one: their mean wall and CPU time (the headline ratio compares means;
    the builds are listed beside it)."""

    def __init__(self, runs: list):
        self.runs = runs
        self.seconds = statistics.mean(r.seconds for r in runs)
        self.cpu_seconds = statistics.mean(r.cpu_seconds for r in runs)
        self.peak_bytes = self.tree_peak_bytes = 0

    def each(self) -> str:
        return ", ".join(f"{r.seconds:.1f} s / {r.cpu_seconds:.1f} s" for r in self.runs) + " (wall / CPU)"


def exports_part(programs: Path, today: dt.date, scratch: Path) -> dict:
    """Time, in this process, what the build's downloads step does (iopdir.build.downloads.write: the whole-directory
    CSV and JSON, the schema and the HSDS package, and keeping each program's share for the next build) on the same
    listings, into a scratch folder, as the build does it: with the comparison values the build has made for the
    comparison data beforehand (made here first, untimed)."""
    import time

    from iopdir.build import downloads
    from iopdir.build.listings import validate_paths
    from iopdir.build.outputs import OutputCache
    from iopdir.choosing import comparison

    report = validate_paths([programs], today=today)
    listed = sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))
    values = {p.id: comparison.program_data(p)["values"] for p in listed}
    outputs = OutputCache(scratch / "cache" / "outputs.json", scratch, salt="bench")
    t0, c0 = time.perf_counter(), time.process_time()
    sizes = downloads.write(listed, scratch, today.isoformat(), "CC-BY-4.0", outputs, values)
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "sizes": sizes}


def one_size(n: int, base: Path, seed: int, today: dt.date, plain: bool, say) -> dict:
    base.mkdir(parents=True, exist_ok=True)
    languages = site_languages()  # our site's pages in each; plain Pelican gets as many (see write_plain_site)
    programs = base / "programs"
    listings, gen_s = generate_listings(n, programs, seed, today)
    say(f"\nN = {n:,} listings (generated in {gen_s:.1f} s, seed {seed}, today {today})")

    # iopdir validate: the whole folder, and an empty one for the start-up cost (imports, schema).
    empty = base / "empty"
    empty.mkdir(exist_ok=True)
    # Three times each (a few seconds at 10,000), the median kept: other work on the machine comes and goes.
    startup = sorted((run([bin_path("iopdir"), "validate", str(empty)], cwd=base).check("iopdir validate (empty)")
                      for _ in range(3)), key=lambda x: x.seconds)[1]
    vals = sorted((run([bin_path("iopdir"), "validate", str(programs)], cwd=base).check("iopdir validate")
                   for _ in range(3)), key=lambda x: x.seconds)
    val = vals[1]
    val_ms = val.seconds * 1000 / n
    val_marginal = (val.seconds - startup.seconds) * 1000 / n
    summary_line = (val.stdout.strip().splitlines() or ["?"])[-1]

    # (a) our full build, into an empty output folder.
    ours = base / "ours"
    ours.mkdir(exist_ok=True)
    write_our_conf(ours, programs, today)
    full = build_ours(ours)  # timed alone: memory sampling slows a build (see common.run)
    # (b) plain Pelican, the first of its two builds, right after (a): this disk slows as a run makes and deletes
    # files (a build's system time rose 5.7 -> 9.5 s over six builds in a row, 2026-12-04), so the headline ratio
    # compares builds made close in time, and means of several (see Mean).
    if plain:
        plain_dir = base / "plain"
        shape = write_plain_site(plain_dir, listings, languages)
        pl_first = build_plain(plain_dir)
    # The same build with the other choice of processes than "auto" made at this N: both are reported, so neither
    # hides the other's cost. "auto" is one process below 1,000 listings or on one CPU; from 1,000 the data files
    # and a share of the pages go to a second process (beside.MIN_ITEMS), from 4,000 half the validation too.
    from iopdir.build.beside import usable

    two_auto = usable(n, "auto")
    other_dir = base / "ours-other"
    other_dir.mkdir(exist_ok=True)
    write_our_conf(other_dir, programs, today, parallel=not two_auto)
    other = build_ours(other_dir)
    one_proc, two_proc = (other, full) if two_auto else (full, other)
    # The same build without its downloads (/data/): what they add to the build, in wall and CPU time. Their step is
    # a few seconds in a build whose time varies by about as much from one run to the next (seen: the same build
    # 22.5 and 24.5 s in a row), so two full builds and two without, alternated, each from scratch, are compared.
    hook = without_downloads(base / "no-downloads-hook")
    pairs = []
    for n_pair in (1, 2):
        bare_dir, again_dir = base / f"ours-no-downloads-{n_pair}", base / f"ours-with-downloads-{n_pair}"
        for folder in (bare_dir, again_dir):
            folder.mkdir(exist_ok=True)
            write_our_conf(folder, programs, today)
        bare = build_ours(bare_dir, env=hook)
        if (bare_dir / "output" / "data" / "programs.csv").exists():
            raise SystemExit("the build without downloads made them: the hook did not work")
        pairs.append((build_ours(again_dir), bare))
    with_s = statistics.mean(w.seconds for w, _ in pairs)
    with_cpu = statistics.mean(w.cpu_seconds for w, _ in pairs)
    bare_s = statistics.mean(b.seconds for _, b in pairs)
    bare_cpu = statistics.mean(b.cpu_seconds for _, b in pairs)
    pages = len(list((ours / "output").glob("**/programs/*/index.html")))
    state_pages = len(list((ours / "output").glob("**/states/*/index.html")))
    all_pages = len(list((ours / "output").glob("**/*.html")))
    page_sizes = [p.stat().st_size for p in (ours / "output" / "programs").glob("*/index.html")]
    page_median = statistics.median(page_sizes) if page_sizes else 0
    files_out, bytes_out = tree_size(ours / "output")
    h0 = hash_tree(ours / "output")

    # The same build again, nothing changed.
    again = build_ours(ours)
    h1 = hash_tree(ours / "output")
    same = tree_diff(h0, h1)

    # One listing's summary changed.
    edited = listings[len(listings) // 2]
    edit_summary(edited)
    m1 = mtimes(ours / "output")
    after_edit = build_ours(ours)
    h2 = hash_tree(ours / "output")
    diff = tree_diff(h1, h2)
    m2 = mtimes(ours / "output")
    rewrote = sorted(name for name in m2 if m1.get(name) != m2[name])

    # (b) plain Pelican, default theme, N articles made from the same listings (before the edit does not matter):
    # its second build, among ours (the first was made right after (a)), and its memory.
    if plain:
        pl_second = build_plain(plain_dir, output="output-again")
        pl_memory = build_plain(plain_dir, sample_s=0.1, output="output-memory")
        plain_files, plain_bytes = tree_size(plain_dir / "output")
        plain_pages = len(list((plain_dir / "output").glob("**/*.html")))

    # Memory: the same full build again, in a folder of its own, with its processes' memory sampled.
    ours_memory = base / "ours-memory"
    ours_memory.mkdir(exist_ok=True)
    write_our_conf(ours_memory, programs, today)
    sampled = build_ours(ours_memory, sample_s=0.1)
    full.peak_bytes, full.tree_peak_bytes = sampled.peak_bytes, sampled.tree_peak_bytes
    r_memory_run_s = sampled.seconds

    # The search step alone, in this process, on the same listings.
    part = search_part(programs, today, base / "search-part")
    search_s = part["step"]

    # The downloads (/data/) alone, in this process, on the same listings; their sizes as the full build wrote them.
    exports = exports_part(programs, today, base / "exports-part")
    data = ours / "output" / "data"
    csv_bytes, json_bytes = (data / "programs.csv").stat().st_size, (data / "programs.json").stat().st_size
    hsds_files, hsds_bytes = tree_size(data / "hsds")

    # The headline: the mean of our three full builds as configured ((a) and the two with downloads, alike), made
    # before, between and after plain Pelican's two, against the mean of those two. One build of each moved by 5 to
    # 10 % from one to the next on this machine (2026-12-04: the same build 56.4, 63.7 and 64.5 s of CPU in one run).
    ours_runs = [full] + [w for w, _ in pairs]
    ours_mean = Mean(ours_runs)
    if plain:
        pl = Mean([pl_first, pl_second])
        pl.peak_bytes, pl.tree_peak_bytes = pl_memory.peak_bytes, pl_memory.tree_peak_bytes

    r = {"n": n, "full": full, "ours_mean": ours_mean, "one_proc": one_proc, "two_proc": two_proc, "again": again,
         "after_edit": after_edit, "val": val, "startup": startup,
         "edit_share": after_edit.seconds / full.seconds,
         "search_s": search_s, "part": part, "exports_share": exports["seconds"] / full.seconds,
         "exports_add": with_s / bare_s - 1, "exports_add_cpu": with_cpu / bare_cpu - 1}
    growth = page_median / PAGE_BEFORE_17
    say(f"  median English program page {page_median:,.0f} B = {growth:.2f}x {PAGE_BEFORE_17:,} B, the median before "
        f"issue #17 (30de81c at 10,000)   (bound at {BOUND_N:,}: <= {BOUNDS['page_growth']}: "
        f"{verdict(growth <= BOUNDS['page_growth'])})")
    say(f"  {pages:,} program pages ({len(languages)} language(s): {', '.join(languages)}), {state_pages} state pages, "
        f"{all_pages:,} HTML pages in all; our output {files_out:,} files, {fmt_bytes(bytes_out)}")
    say(f"  {'':34}{'wall':>9}{'CPU':>9}{'ms/listing':>12}{'peak, 1 process':>17}{'peak, all':>12}")
    say(f"  {'(a) our full build, as configured':34}{full.seconds:8.1f}s{full.cpu_seconds:8.1f}s"
        f"{full.seconds * 1000 / n:12.2f}{fmt_bytes(full.peak_bytes):>17}{fmt_bytes(full.tree_peak_bytes):>12}")
    say(f"      (IOPDIR_PARALLEL \"auto\" chose {'two processes' if two_auto else 'one process'} at this N)")
    say(f"      the same build {len(ours_runs)} times (before, between and after plain Pelican's): "
        f"{ours_mean.each()}; mean {ours_mean.seconds:.1f} s wall, {ours_mean.cpu_seconds:.1f} s CPU")
    for label, b in (("    one process", one_proc), ("    two processes", two_proc)):
        say(f"  {label:34}{b.seconds:8.1f}s{b.cpu_seconds:8.1f}s{b.seconds * 1000 / n:12.2f}")
    for line in plugin_log(full):
        say(f"      log: {line}")
    if plain:
        say(f"  {'(b) plain Pelican, paginated (mean)':34}{pl.seconds:8.1f}s{pl.cpu_seconds:8.1f}s"
            f"{pl.seconds * 1000 / n:12.2f}{fmt_bytes(pl.peak_bytes):>17}{fmt_bytes(pl.tree_peak_bytes):>12}")
        say(f"      built twice (right after (a), and after our other builds): {pl.each()}")
        say(f"      {shape['articles']:,} articles ({n:,} in {len(languages)} language(s): as many article pages as "
            f"our program pages) of {shape['words_min']}-{shape['words_max']} words (mean {shape['words_mean']:.0f}, "
            f"{shape['bytes_mean']:.0f} bytes of Markdown); output {plain_files:,} files "
            f"({plain_pages:,} HTML pages), {fmt_bytes(plain_bytes)}")
        ratio = ours_mean.seconds / pl.seconds
        cpu_ratio = ours_mean.cpu_seconds / pl.cpu_seconds
        r.update(plain=pl, ratio=ratio, cpu_ratio=cpu_ratio)
        low, high = (min(o.seconds for o in ours_runs) / max(b.seconds for b in pl.runs),
                     max(o.seconds for o in ours_runs) / min(b.seconds for b in pl.runs))
        low_cpu, high_cpu = (min(o.cpu_seconds for o in ours_runs) / max(b.cpu_seconds for b in pl.runs),
                             max(o.cpu_seconds for o in ours_runs) / min(b.cpu_seconds for b in pl.runs))
        say(f"  (a/b: means of ours and of plain Pelican's; single builds against single builds range "
            f"{low:.2f}-{high:.2f} in wall time, {low_cpu:.2f}-{high_cpu:.2f} in CPU time)")
        say(f"  a/b wall = {ratio:.2f}   (bound at {BOUND_N:,}: <= {BOUNDS['ratio']}: {verdict(ratio <= BOUNDS['ratio'])})")
        say(f"  a/b CPU  = {cpu_ratio:.2f}   (bound at {BOUND_N:,}: <= {BOUNDS['cpu_ratio']}: "
            f"{verdict(cpu_ratio <= BOUNDS['cpu_ratio'])}; the aim is 0.25)")
        say(f"  one process / b: wall {one_proc.seconds / pl.seconds:.2f}, CPU {one_proc.cpu_seconds / pl.cpu_seconds:.2f}"
            f";  two processes / b: wall {two_proc.seconds / pl.seconds:.2f}, "
            f"CPU {two_proc.cpu_seconds / pl.cpu_seconds:.2f}")
    say(f"  our peak memory {fmt_bytes(full.memory)} (the larger of: one process's ru_maxrss; the build's processes "
        f"together, PSS summed every 0.1 s; measured in a second full build, {r_memory_run_s:.1f} s with sampling, "
        f"because sampling slows the build it watches)   (bound: <= 1 GiB: {verdict(full.memory <= BOUNDS['peak'])})")
    say(f"  iopdir validate (median of 3 runs: {', '.join(f'{v.seconds:.2f}' for v in vals)} s): "
        f"{val.seconds:.2f} s = {val_ms:.3f} ms/listing "
        f"({val_marginal:.3f} ms/listing after {startup.seconds:.2f} s start-up)   "
        f"(bound: <= {BOUNDS['validate_ms']} ms: {verdict(val_ms <= BOUNDS['validate_ms'])})")
    say(f"      it said: {summary_line}")
    share = again.seconds / full.seconds
    say(f"  rebuild, nothing changed: {again.seconds:.1f} s = {share:.0%} of the full build   "
        f"(bound: <= {BOUNDS['rebuild_share']:.0%}: {verdict(share <= BOUNDS['rebuild_share'])}); "
        f"files whose contents changed: {len(same['changed'])}, added {len(same['added'])}, "
        f"removed {len(same['removed'])}")
    for k in ("changed", "added", "removed"):
        if 0 < len(same[k]) <= SHOW_CHANGED:
            say(f"      {k}: " + ", ".join(same[k]))
    for line in plugin_log(again):
        say(f"      log: {line}")
    say(f"  rebuild after editing one summary ({edited.relative_to(base)}): {after_edit.seconds:.1f} s = "
        f"{r['edit_share']:.0%} of the full build   (bound: <= {BOUNDS['edit_share']:.0%}: "
        f"{verdict(r['edit_share'] <= BOUNDS['edit_share'])}); files whose contents changed: "
        f"{len(diff['changed'])}, added {len(diff['added'])}, removed {len(diff['removed'])}; files it wrote "
        f"(modification time changed): {len(rewrote)}")
    if len(rewrote) <= SHOW_CHANGED * 2:
        say("      wrote: " + ", ".join(rewrote))
    else:
        tops: dict[str, int] = {}
        for f in rewrote:
            tops[str(Path(f).parent) + "/"] = tops.get(str(Path(f).parent) + "/", 0) + 1
        say("      wrote, by folder: " + ", ".join(f"{t} {c}" for t, c in sorted(tops.items(), key=lambda x: -x[1])))
    unchanged = [f for f in rewrote if f not in set(diff["changed"]) | set(diff["added"])]
    if unchanged:
        say(f"      wrote with the same bytes ({len(unchanged)}): " + ", ".join(unchanged[:SHOW_CHANGED * 2])
            + (" ..." if len(unchanged) > SHOW_CHANGED * 2 else ""))
    for line in plugin_log(after_edit):
        say(f"      log: {line}")
    for k in ("changed", "added", "removed"):
        if 0 < len(diff[k]) <= SHOW_CHANGED:
            say(f"      {k}: " + ", ".join(diff[k]))
        elif len(diff[k]) > SHOW_CHANGED:
            tops: dict[str, int] = {}
            for f in diff[k]:
                top = str(Path(f).parent) + "/"
                tops[top] = tops.get(top, 0) + 1
            say(f"      {k}, by folder: " + ", ".join(f"{t} {c}" for t, c in sorted(tops.items(), key=lambda x: -x[1])))
    sshare = search_s / full.seconds
    eshare = part["export"] / full.seconds
    logged, waited = logged_search_seconds(full), logged_wait_seconds(full)
    r["search_share"] = sshare
    if logged is not None:
        say(f"  search step as the full build logs it: {logged:.1f} s, made in the second process beside the pages; "
            f"the build waited {waited if waited is not None else float('nan'):.1f} s for the second process after "
            f"its pages (search data and comparison data together)")
    say(f"  search step, timed in-process on the same listings as the build makes it (search_data.make from scratch): "
        f"postings and index {part['index']:.1f} s, export {part['export']:.1f} s, {search_s:.1f} s in all = "
        f"{sshare:.0%} of the full build's wall time   "
        f"(bound: <= {BOUNDS['search_share']:.0%}: {verdict(sshare <= BOUNDS['search_share'])}); the export alone "
        f"{eshare:.0%}")
    s = part["sizes"]
    say(f"      (validation in-process {part['validate']:.1f} s; export: {s.get('terms', '?'):,} terms in "
        f"{s.get('term_shards', '?')} shards, {fmt_bytes(s.get('term_bytes', 0))} of terms, "
        f"{fmt_bytes(s.get('facet_bytes', 0))} of facets, {fmt_bytes(s.get('geo_bytes', 0))} of places)")
    xshare, added, added_cpu = r["exports_share"], r["exports_add"], r["exports_add_cpu"]
    say(f"  downloads (/data/): two more full builds against two of the same build without them (their step a no-op "
        f"in both processes), alternated, each from scratch: with them "
        f"{', '.join(f'{w.seconds:.1f} s / {w.cpu_seconds:.1f} s' for w, _ in pairs)}, without "
        f"{', '.join(f'{b.seconds:.1f} s / {b.cpu_seconds:.1f} s' for _, b in pairs)} (wall / CPU): they add "
        f"{added:.0%} to the wall time and {added_cpu:.0%} to the CPU time (means)   (bound: <= "
        f"{BOUNDS['exports_share']:.0%}, both: "
        f"{verdict(max(added, added_cpu) <= BOUNDS['exports_share'])}); whole-directory CSV {fmt_bytes(csv_bytes)}, "
        f"JSON {fmt_bytes(json_bytes)}; HSDS {hsds_files} files, {fmt_bytes(hsds_bytes)}")
    say(f"      timed in-process on the same listings as the build makes them (with the comparison values it made for "
        f"the comparison data): {exports['seconds']:.1f} s (CPU {exports['cpu']:.1f} s) = {xshare:.0%} of the full "
        f"build's wall time, {exports['cpu'] / full.cpu_seconds:.0%} of its CPU time (made in the second process "
        f"beside the pages when it runs)")
    return r


def main(argv=None) -> int:
    parser = arguments(__doc__, "1000,10000")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Pelican build (no ratio)")
    args = parser.parse_args(argv)
    today = dt.date.today()
    say = Report("build.py", f"bounds at N = {BOUND_N:,}: a/b <= {BOUNDS['ratio']} in wall time and <= "
                 f"{BOUNDS['cpu_ratio']} in CPU time (all processes), peak memory <= 1 GiB, validate <= "
                 f"{BOUNDS['validate_ms']} ms/listing, no-change rebuild <= {BOUNDS['rebuild_share']:.0%}, one-edit "
                 f"rebuild <= {BOUNDS['edit_share']:.0%}, search step <= {BOUNDS['search_share']:.0%} of the full "
                 f"build, downloads add <= {BOUNDS['exports_share']:.0%} to it in wall and CPU time ('ok'/'OVER' is "
                 f"shown at every N)")
    results = in_workdir(args, "build", lambda base: [
        one_size(n, base / f"n{n}", args.seed, today, not args.no_plain, say) for n in sizes_of(args.sizes)])
    say("\nsummary")
    say(f"  {'N':>7}  {'ours s':>7}  {'plain s':>7}  {'a/b':>5}  {'CPU a/b':>7}  {'1 proc':>6}  {'peak':>9}  "
        f"{'validate ms/l':>13}  {'no-change':>9}  {'one edit':>8}  {'search':>6}  {'exports':>7}   (ours, plain: "
        f"means of three and two builds; 1 proc: "
        f"one-process build's wall a/b; search: the search step as the build makes it (search_data.make), timed "
        f"in-process, over the build's wall time; "
        f"exports: what the /data/ downloads add to the build, wall/CPU)")
    nan = float("nan")
    for r in results:
        say(f"  {r['n']:>7,}  {r['ours_mean'].seconds:7.1f}  {r['plain'].seconds if 'plain' in r else nan:7.1f}  "
            f"{r.get('ratio', nan):5.2f}  {r.get('cpu_ratio', nan):7.2f}  "
            f"{r['one_proc'].seconds / r['plain'].seconds if 'plain' in r else nan:6.2f}  {fmt_bytes(r['full'].memory):>9}  "
            f"{r['val'].seconds * 1000 / r['n']:13.3f}  {r['again'].seconds / r['full'].seconds:9.0%}  "
            f"{r['edit_share']:8.0%}  {r['search_share']:6.0%}  {r['exports_add']:.0%}/{r['exports_add_cpu']:.0%}")
    say.finish(args, argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
