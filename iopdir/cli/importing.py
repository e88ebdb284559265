"""`iopdir import nsumhss`: listings from SAMHSA's public national directory."""

from __future__ import annotations

import sys


def run(args) -> int:
    import datetime as dt
    from pathlib import Path

    from iopdir.cli.common import parse_date

    from iopdir.tools.importer import format_summary, import_nsumhss

    missing = [p for p in (args.facilities, args.definitions) if not Path(p).is_file()]
    if missing:
        print(f"iopdir import nsumhss: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    as_of = None
    if args.as_of is not None:
        as_of = parse_date(args.as_of)
        if as_of is None or as_of > dt.date.today():
            print(f"iopdir import nsumhss: --as-of expects a past date YYYY-MM-DD, got '{args.as_of}'", file=sys.stderr)
            return 2
    try:
        with progress_display() as progress:
            summary = import_nsumhss(args.facilities, args.definitions, args.out, states=args.states, as_of=as_of,
                                     progress=progress)
    except ValueError as exc:  # a malformed or foreign CSV, an unknown state, a link in --out: nothing written
        print(f"iopdir import nsumhss: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0  # rows it could not import are listed in the summary; the import itself ran


# Without a terminal (CI, a pipe, a log file) a line when a step starts and one every PLAIN_EVERY items: a log shows
# the run moving without a bar's control characters, and the same input always prints the same lines.
PLAIN_EVERY = 1000


class progress_display:
    """The import's progress on stderr (the summary alone goes to stdout): a bar per step on a terminal (rich, gone
    once the import ends), plain lines otherwise. Steps and counts only: nothing from the file is shown."""

    def __enter__(self):
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.tasks = {}
        return self

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.bar is not None:
            if what not in self.tasks:
                self.tasks[what] = self.bar.add_task(what, total=total)
            self.bar.update(self.tasks[what], completed=done)
        elif done == 0:
            print(f"{what} ({total:,})", file=sys.stderr, flush=True)
        elif done % PLAIN_EVERY == 0 and done < total:
            print(f"{what}: {done:,} of {total:,}", file=sys.stderr, flush=True)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="create or update listings from public data")
    q = p.add_subparsers(dest="source", metavar="SOURCE").add_parser(
        "nsumhss", help="SAMHSA's National Directories: one listing per intensive outpatient (OIT) facility",
        description="Write OUT/<state>/<id>.yaml for every facility offering intensive outpatient treatment, and close "
                    "(status: closed, kept in OUT) the imported listings of those states whose facility is no longer "
                    "in the file; reopen those that come back. Listings verified by anyone but the import are never "
                    "overwritten (one whose facility is gone is reported for a maintainer). Progress goes to stderr. "
                    "Exit 0 when the import ran (rows it could not import are listed), 2 on wrong usage or a "
                    "malformed file (then nothing is written).")
    q.add_argument("facilities", metavar="FACILITIES.csv", help="the directory's facilities file")
    q.add_argument("--definitions", required=True, metavar="DEFINITIONS.csv", help="its service_definitions file")
    q.add_argument("--out", required=True, metavar="DIR", help="listings folder, e.g. programs/")
    q.add_argument("--states", metavar="ST,ST", help="import only these states, e.g. NJ,MA")
    q.add_argument("--as-of", metavar="YYYY-MM-DD", help="verification date (default: the survey's reference date)")
    q.set_defaults(func=run)
