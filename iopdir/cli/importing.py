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
        summary = import_nsumhss(args.facilities, args.definitions, args.out, states=args.states, as_of=as_of)
    except ValueError as exc:  # a malformed or foreign CSV, an unknown state, a link in --out: nothing written
        print(f"iopdir import nsumhss: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0  # rows it could not import are listed in the summary; the import itself ran


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="create or update listings from public data")
    q = p.add_subparsers(dest="source", metavar="SOURCE").add_parser(
        "nsumhss", help="SAMHSA's National Directories: one listing per intensive outpatient (OIT) facility",
        description="Write OUT/<state>/<id>.yaml for every facility offering intensive outpatient treatment. Listings "
                    "verified by anyone but the import are never overwritten. Exit 0 when the import ran (rows it "
                    "could not import are listed), 2 on wrong usage or a malformed file (then nothing is written).")
    q.add_argument("facilities", metavar="FACILITIES.csv", help="the directory's facilities file")
    q.add_argument("--definitions", required=True, metavar="DEFINITIONS.csv", help="its service_definitions file")
    q.add_argument("--out", required=True, metavar="DIR", help="listings folder, e.g. programs/")
    q.add_argument("--states", metavar="ST,ST", help="import only these states, e.g. NJ,MA")
    q.add_argument("--as-of", metavar="YYYY-MM-DD", help="verification date (default: the survey's reference date)")
    q.set_defaults(func=run)
