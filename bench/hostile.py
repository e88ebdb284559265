"""The slowest inputs a stranger can send (issue #16.6), each validated and built, against the bound "under 2 s":

- a 64 KiB listing of tracks whose time zones are all unknown and all different ("did you mean" ran difflib
  against ~600 zones twice per track: 17-19 s);
- 5,000 and 15,000 '[' in a listing's description and in a checklist field (Python-Markdown reads '[' in
  quadratic time: 4 s and 40 s), and 700 small links '[x](b)' within the description's 5,000 characters;
- the worst a listing may still hold (100 '[' as "[x", lists 20 deep), accepted and built;
- deep nesting: the corpus's YAML nested past 20 levels, and Markdown lists nested 2,499 deep in a description
  (a RecursionError in the build: 500 are enough);
- then every file of the hostile corpus (tests/hostile/ and the generated ones), validated, the slowest named.

    python bench/hostile.py            # about a minute
    python bench/hostile.py --record   # and record the report (bench/history.md, README.md)

"validate" is `validate_paths` on a folder holding the clean fixture listing and the input, in this process;
"build" is a Pelican build of that folder (or of a copy of content/ with the checklist changed) with the
repository's pelicanconf.py and every cache in the work folder, in this process after one untimed warm-up build
(imports and start-up are not counted). An input that is refused stops the build before anything is written: its
build time is the time to say so. "render" is iopdir.listing.description.render() on the text alone.
A script, not a test: it prints figures and marks each against the bound (exit status 0 either way).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Report, in_workdir  # noqa: E402

BOUND_S = 2.0
FIXTURE = REPO / "tests" / "fixtures" / "valid-listing.yaml"
HOSTILE = REPO / "tests" / "hostile"
TODAY = "2026-11-25"
TRACK = ('  - name: Track {n}\n    audience: adults\n    timezone: America/New_Yrk{n:04d}\n    sessions:\n'
         '      - days: [mon]\n        start: "18:00"\n        end: "21:00"\n')


def clean() -> str:
    return FIXTURE.read_text()


def many_unknown_zones() -> str:
    from iopdir.listing.yamlstrict import MAX_BYTES

    head, _, rest = clean().partition("tracks:\n")
    tail = rest[rest.index("insurance:"):]
    text, n = head + "tracks:\n", 0
    while len((text + TRACK.format(n=n) + tail).encode()) <= MAX_BYTES:
        text += TRACK.format(n=n)
        n += 1
    return text + tail


def with_description(text: str) -> str:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return clean().replace("focus:", f'description: "{quoted}"\nfocus:', 1)


def listing_cases() -> list[tuple[str, str, str | None]]:
    """(what, listing text, the Markdown text for render() or None)."""
    from iopdir.listing.description import MAX_BRACKETS, MAX_NESTING

    cases = [("64 KiB of tracks with unknown time zones", many_unknown_zones(), None)]
    for text, what in [("[" * 5_000, "5,000 '[' in a description"),
                       ("[" * 15_000, "15,000 '[' in a description"),
                       ("[x](b) " * 700, "700 links '[x](b)' in a description"),
                       ("- " * 2_499 + "x", "lists nested 2,499 deep in a description")]:
        cases.append((what, with_description(text), text))
    # The worst a listing may still hold: as many '[' and as deep lists as allowed, in Markdown's slowest form.
    worst = "[x" * MAX_BRACKETS + "\n\n" + "- " * MAX_NESTING + "x"
    cases.append((f"accepted: {MAX_BRACKETS} '[x' and lists {MAX_NESTING} deep", with_description(worst), worst))
    cases.append(("YAML nested past 20 levels (corpus: deep-nesting.yaml)", (HOSTILE / "deep-nesting.yaml").read_text(),
                  None))
    return cases


def checklist_cases() -> list[tuple[str, str]]:
    return [("5,000 '[' in the checklist's needs_more", "[" * 5_000),
            ("15,000 '[' in the checklist's needs_more", "[" * 15_000),
            ("lists nested 2,499 deep in the checklist's needs_more", "- " * 2_499 + "x")]


def checklist_with(needs_more: str) -> str:
    text = (REPO / "content" / "checklist.yaml").read_text()
    start = text.index("  needs_more: |\n")
    end = text.index("\n  ", text.index("\n", start) + 1)
    while text[end + 3] == " ":
        end = text.index("\n  ", end + 1)
    return text[:start] + f'  needs_more: "{needs_more}"' + text[end:]


def timed(fn):
    start = time.perf_counter()
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # the build's error lines: the outcome column says it
            result = fn()
    except BaseException as exc:  # the plugin stops a build with SystemExit (ListingsInvalid, ChecklistInvalid)
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = exc
    return time.perf_counter() - start, result


def build(base: Path, name: str, programs: Path, content: Path | None = None):
    from tests.sites import build_site

    out = base / "builds" / name / "output"
    out.parent.mkdir(parents=True)
    return timed(lambda: build_site(out, programs, content, IOPDIR_TODAY=TODAY))


def outcome(result) -> str:
    if isinstance(result, BaseException):
        return f"refused ({type(result).__name__})"
    return "built"


def mark(seconds: float) -> str:
    return "ok" if seconds < BOUND_S else "OVER"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", help="where to work (default: a new temporary folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--record", action="store_true", help="append the report to bench/history.md and show it in bench/README.md")
    args = parser.parse_args(argv)
    report = Report("hostile.py", f"bound: each input validated in under {BOUND_S:g} s and built in under {BOUND_S:g} s")

    def work(base: Path) -> None:
        from iopdir.build.listings import validate_paths

        logging.disable(logging.WARNING)  # Pelican's and the plugin's log lines, here only noise
        from iopdir.choosing import checklist
        from iopdir.listing.description import render

        # Warm-up: imports, the schema's compiled check, the ZIP table, a first build.
        warm = base / "warm" / "programs" / "nj"
        warm.mkdir(parents=True)
        (warm / "harbor-light-evening-iop.yaml").write_text(clean())
        validate_paths([warm.parent])
        seconds, result = build(base, "warm-up", warm.parent)
        report(f"warm-up build of the clean listing: {seconds:.2f} s ({outcome(result)}; not counted)\n")

        rows = []
        for i, (what, text, markdown) in enumerate(listing_cases()):
            folder = base / f"case-{i}" / "programs" / "nj"
            folder.mkdir(parents=True)
            (folder / "harbor-light-evening-iop.yaml").write_text(clean())
            name = "deep-nesting.yaml" if "deep-nesting" in what else f"hostile-{i}.yaml"
            text = text.replace("id: harbor-light-evening-iop", f"id: {name.removesuffix('.yaml')}")
            (folder / name).write_text(text)
            v_s, checked = timed(lambda: validate_paths([folder.parent]))
            b_s, built = build(base, f"case-{i}", folder.parent)
            r_s = timed(lambda: render(markdown))[0] if markdown is not None else None
            errors = len(checked.errors) if not isinstance(checked, BaseException) else "?"
            rows.append((what, f"{len(text.encode()):,} B", v_s, b_s, r_s, f"{errors} errors; {outcome(built)}"))

        content_base = base / "content-cases"
        for i, (what, value) in enumerate(checklist_cases()):
            content = content_base / f"content-{i}"
            shutil.copytree(REPO / "content", content)
            (content / "checklist.yaml").write_text(checklist_with(value))
            v_s, read = timed(lambda: checklist.read(content / "checklist.yaml"))
            b_s, built = build(base, f"checklist-{i}", warm.parent, content)
            r_s = timed(lambda: render(value))[0]
            found = len(read.findings) if isinstance(read, checklist.ChecklistInvalid) else 0
            rows.append((what, f"{len(value):,} ch", v_s, b_s, r_s, f"{found} errors; {outcome(built)}"))

        report(f"{'input':<56} {'size':>9} {'validate':>9} {'build':>7} {'render':>7}  outcome")
        for what, size, v_s, b_s, r_s, said in rows:
            render_s = "" if r_s is None else f"{r_s:.3f}s"
            report(f"{what:<56} {size:>9} {v_s:>8.3f}s {b_s:>6.2f}s {render_s:>7}  {said}   "
                   f"[{mark(v_s)}, {mark(b_s)}]")

        # The whole hostile corpus, each file alone.
        sys.path.insert(0, str(REPO))
        from tests.test_hostile import EXPECT, case_bytes

        names = sorted(EXPECT["invalid"]) + sorted(EXPECT["generated"]) + sorted(EXPECT["valid"])
        times = []
        for name in names:
            folder = base / "corpus" / name.removesuffix(".yaml") / "nj"
            folder.mkdir(parents=True)
            (folder / name).write_bytes(case_bytes(name))
            times.append((timed(lambda: validate_paths([folder]))[0], name))
        times.sort(reverse=True)
        total = sum(t for t, _ in times)
        report(f"\nthe hostile corpus, {len(times)} files validated one at a time: {total:.2f} s in all; slowest "
               + ", ".join(f"{n} {t:.3f} s" for t, n in times[:3]) + f"   [{mark(times[0][0])}]")
        over = [r for r in rows if r[2] >= BOUND_S or r[3] >= BOUND_S]
        report(f"\n{len(rows) - len(over)} of {len(rows)} inputs within the bound" + (
            "" if not over else "; over: " + ", ".join(r[0] for r in over)))

    in_workdir(args, "hostile", work)
    report.finish(args, argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
