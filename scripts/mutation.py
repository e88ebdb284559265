"""Mutation testing of the core (issue #18): run mutmut module by module, then print each module's score and the
mutants that every test survived.

    python scripts/mutation.py run [MODULE ...]      mutmut on each module in turn (all of them when none is named),
                                                     then the report; ./dev mutation [MODULE ...] calls this
    python scripts/mutation.py report [MODULE ...]   the report of the last runs (mutants/*.meta), nothing run
        --markdown                                   the per-module table as Markdown (for bench/README.md)
        --fail-under PERCENT                         exit 1 when a module scores less, explained survivors left
                                                     out (or was not run)
        --record                                     write the table, dated, with the commit, into bench/README.md
                                                     (Mutation score) and append it to bench/history.md

A MODULE is a short name (wording, facts, ...) or a path (iopdir/listing/wording.py). The modules and the tests that
run their mutants are configured in pyproject.toml's [tool.mutmut]; mutmut runs each mutant against the selected
tests that called the mutated function, so a module takes minutes.

A survivor is a behaviour no test checks: kill it with a test, or explain it in tests/mutation-survivors.md (a line
naming the mutant in backticks), where the report marks it "explained".
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS_DOC = ROOT / "tests" / "mutation-survivors.md"

# Smallest first: a run stopped part way has the most modules done. Short name -> source file.
MODULES = {
    "wording": "iopdir/listing/wording.py",
    "facts": "iopdir/listing/facts.py",
    "comparison": "iopdir/choosing/comparison.py",
    "checklist": "iopdir/choosing/checklist.py",
    "query": "iopdir/search/query.py",
    "validation": "iopdir/listing/validation.py",
    "program": "iopdir/listing/program.py",
    "importer": "iopdir/tools/importer.py",
    "nsumhss": "iopdir/tools/nsumhss.py",
    "pages": "iopdir/pages.py",  # the page helpers the plugin gives its templates
    "sections": "iopdir/sections.py",  # the program page's sections
}

# mutmut's exit codes of a mutant's test run, as its own stats module names them.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", 36: "timeout",
          -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", 37: "caught by type check",
          -11: "segfault", -9: "segfault", 2: "interrupted", None: "not checked"}


# Where the issue names part of a module, only those functions are mutated (mutmut's names: x_NAME for a function,
# xǁCLASSǁNAME for a method): the checklist's verdicts (not the reading and checking of its content file, which
# tests/test_checklist.py covers), and the importer's repairs of the directory's rows.
SCOPES = {
    "iopdir/choosing/checklist.py": ("x__tri", "x__listed", "x__insurance", "x__insurance_in", "x__medication",
                                     "x__start", "x__outcomes", "x_age_verdict", "x_ages", "x_atom", "x_combine",
                                     "x_parse_choices", "x_search_query", "xǁChoiceǁ*", "xǁItemǁ*",
                                     "xǁChecklistǁatoms", "xǁChecklistǁatom_letters", "xǁChecklistǁatom_names",
                                     "xǁChecklistǁverdicts", "xǁChecklistǁ_make_atom_keys", "xǁChecklistǁ_make_offered"),
    "iopdir/tools/importer.py": ("x_listing", "x__phones", "x__ownership", "x__focus", "x__conditions", "x__mapped",
                                 "x__in_vocabulary_order", "x__put_list", "x_summary_text", "x_slug", "x_base_id",
                                 "x_assign_ids", "xǁImportSummaryǁ_merged"),
    "iopdir/tools/nsumhss.py": ("x_tidy", "x__is_wordlike", "x_title_case_if_shouting", "x_zip5", "x_phone",
                                "x_has_street", "x_names", "x_normal", "x_same_name_keys", "x_same_line_keys",
                                "x_pair_directories", "xǁRowǁ*"),
}


def in_scope(path: str, name: str) -> bool:
    """Whether a mutant (by its name) is in the part of its module that is mutation tested."""
    scope = SCOPES.get(path)
    if scope is None:
        return True
    function = name.rpartition(".")[2].partition("__mutmut_")[0]
    return any(fnmatch.fnmatchcase(function, pattern) for pattern in scope)


def patterns(path: str) -> list[str]:
    """mutmut's name patterns for a module's mutants in scope (each also names the function, for its tests)."""
    prefix = dotted(path) + "."
    return [prefix + f + "*" for f in SCOPES[path]] if path in SCOPES else [prefix + "*"]


def module_path(name: str) -> str:
    if name in MODULES:
        return MODULES[name]
    path = name.removeprefix("./")
    if path in MODULES.values():
        return path
    sys.exit(f"mutation: unknown module {name!r}; one of: {', '.join(MODULES)} (or their paths)")


def dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def explained() -> set[str]:
    """The mutant names tests/mutation-survivors.md explains (each in backticks)."""
    if not SURVIVORS_DOC.exists():
        return set()
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", SURVIVORS_DOC.read_text(encoding="utf-8")))


def results(path: str) -> dict[str, str]:
    """Mutant name -> status, from the last run's meta file (empty when the module was never run)."""
    meta = ROOT / "mutants" / (path + ".meta")
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return {name: STATUS.get(code, "suspicious") for name, code in codes.items() if in_scope(path, name)}


def changed_line(name: str) -> str:
    """The mutant's changed source line(s), from mutmut's own diff (read in the mutants/ folder it made)."""
    from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        diff = get_diff_for_mutant(name, path=find_mutant(name).path)
    except Exception as error:  # a report must not stop at one mutant it cannot show
        return f"(no diff: {error})"
    finally:
        os.chdir(cwd)
    lines = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return " / ".join(line[0] + " " + line[1:].strip() for line in lines)


def score(counts: Counter, leave_out: int = 0) -> float | None:
    """Killed mutants in 100 tested. Timeouts count as killed (a mutant that hangs the tests is caught by them), as
    mutmut's own badge counts them. `leave_out`: explained survivors not counted (equivalent mutants, or code that runs
    at import, which mutmut cannot switch on)."""
    tested = sum(n for status, n in counts.items() if status not in ("skipped", "not checked")) - leave_out
    return None if tested <= 0 else 100 * (counts["killed"] + counts["timeout"]) / tested


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} %"


def report(paths: list[str], markdown: bool = False, fail_under: float | None = None) -> int:
    known = explained()
    rows, survivors, total = [], [], Counter()
    for path in paths:
        found = results(path)
        if not found:
            rows.append((path, None, 0))
            continue
        counts = Counter(found.values())
        total.update(counts)
        mine = [(path, name, status) for name, status in sorted(found.items(), key=lambda kv: _number(kv[0]))
                if status not in ("killed", "timeout", "skipped", "caught by type check", "not checked")]
        survivors += mine
        rows.append((path, counts, sum(1 for _, name, _ in mine if name in known)))
    head = ("module", "mutants", "killed", "survived", "explained", "timeout", "no tests", "not run", "score",
            "score less explained")
    table = []
    for path, counts, explained_here in rows:
        if counts is None:
            table.append((path, "not run", *[""] * (len(head) - 2)))
            continue
        table.append((path, sum(counts.values()), counts["killed"], counts["survived"], explained_here,
                      counts["timeout"], counts["no tests"], counts["not checked"], _percent(score(counts)),
                      _percent(score(counts, explained_here))))
    if len(paths) > 1 and total:
        explained_all = sum(e for _, _, e in rows)
        table.append(("all of the above", sum(total.values()), total["killed"], total["survived"], explained_all,
                      total["timeout"], total["no tests"], total["not checked"], _percent(score(total)),
                      _percent(score(total, explained_all))))
    # The bound is on the score less the explained survivors: an explained survivor is accepted, an unexplained one
    # needs a test or an explanation.
    below = [path for path, counts, explained_here in rows if fail_under is not None
             and (counts is None or (score(counts, explained_here) or 0) < fail_under)]
    exit_status = 0
    if below:
        print(f"mutation: under {fail_under:g} % killed (or not run): {', '.join(below)}", file=sys.stderr)
        exit_status = 1
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in table:
            print("| " + " | ".join(str(c) for c in row) + " |")
        return exit_status
    widths = [max(len(str(r[i])) for r in (head, *table)) for i in range(len(head))]
    for row in (head, *table):
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    unexplained = [s for s in survivors if s[1] not in known]
    if survivors:
        print(f"\n{len(survivors)} surviving mutants ({len(survivors) - len(unexplained)} explained in "
              f"{SURVIVORS_DOC.relative_to(ROOT)}); `mutmut show NAME` shows one in full:")
        for path, name, verdict in survivors:
            mark = "explained" if name in known else verdict
            print(f"  [{mark}] {name}: {changed_line(name)}")
    return exit_status


BENCH = ROOT / "bench"
START, END = "<!-- mutation score: written by scripts/mutation.py report --record -->", "<!-- end mutation score -->"


def record(paths: list[str]) -> None:
    """The table, dated, with the commit and the machine, in bench/README.md's Mutation score section (replacing
    the last one) and at the end of bench/history.md, beside the benchmarks' own figures."""
    import contextlib
    import datetime as dt
    import io

    table = io.StringIO()
    with contextlib.redirect_stdout(table):
        report(paths, markdown=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "iopdir", "tests"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    entry = (f"### {when} UTC — `python scripts/mutation.py report --record {' '.join(paths)}`\n\n"
             f"Commit {commit}{' with uncommitted changes to iopdir/ or tests/' if dirty else ''}; {os.cpu_count()} "
             f"CPUs, load average {load} when recorded; mutmut with `--max-children 1` under `nice -n 19`, the unit "
             f"tests of pyproject.toml's [tool.mutmut]. \"score less explained\" leaves out the survivors that "
             f"tests/mutation-survivors.md explains.\n\n{table.getvalue()}")
    readme = (BENCH / "README.md").read_text(encoding="utf-8")
    section = f"{START}\n{entry}{END}"
    if START in readme:
        readme = readme[:readme.index(START)] + section + readme[readme.index(END) + len(END):]
    else:
        readme = readme.rstrip("\n") + ("\n\n## Mutation score\n\nThe last recorded run of `./dev mutation` "
                                         "(scripts/mutation.py): killed mutants per module of the core, as issue #18 "
                                         "asks (at least 85 %).\n\n") + section + "\n"
    (BENCH / "README.md").write_text(readme, encoding="utf-8")
    with open(BENCH / "history.md", "a", encoding="utf-8") as history:
        history.write("\n" + entry)


def _number(name: str) -> tuple[str, int]:
    stem, _, n = name.rpartition("__mutmut_")
    return stem, int(n) if n.isdigit() else 0


def run(paths: list[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    for path in paths:
        print(f"mutation: {path}", flush=True)
        # nice 19 and one child: the machine is shared. Naming the module's mutants makes mutmut test each of them
        # again (a run after a new test counts it), and only them.
        done = subprocess.run(["nice", "-n", "19", str(mutmut), "run", "--max-children", "1", *patterns(path)],
                              cwd=ROOT)
        if done.returncode != 0:
            print(f"mutation: mutmut failed on {path} (exit {done.returncode})", file=sys.stderr)
            return done.returncode
    print()
    return report(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("run", "report"))
    parser.add_argument("modules", nargs="*", help=f"short names ({', '.join(MODULES)}) or paths; default: all")
    parser.add_argument("--markdown", action="store_true", help="report: the table as Markdown")
    parser.add_argument("--fail-under", type=float, metavar="PERCENT", help="exit 1 when a module scores less")
    parser.add_argument("--record", action="store_true", help="report: into bench/README.md and bench/history.md")
    args = parser.parse_intermixed_args(argv)
    paths = [module_path(m) for m in args.modules] or list(MODULES.values())
    if args.command == "run":
        return run(paths)
    if args.record:
        record(paths)
    return report(paths, markdown=args.markdown, fail_under=args.fail_under)


if __name__ == "__main__":
    sys.exit(main())
