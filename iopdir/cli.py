"""The `iopdir` command: a thin layer over the core library.

Exit codes everywhere: 0 success, 1 the input needs fixing (errors found), 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import json
import sys

from .findings import Finding

DEFAULT_PROGRAMS = "programs"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_line(files: int, errors: int, warnings: int) -> str:
    return f"{_plural(files, 'file')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _github_escape(text: str, in_property: bool = False) -> str:
    # Workflow commands need %, CR and LF escaped; properties also ':' and ','.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(f: Finding) -> str:
    props = ",".join([f"file={_github_escape(f.file, True)}", f"line={f.line}", f"col={f.column}",
                      f"title={_github_escape(f.field, True)}"])
    return f"::{f.severity} {props}::{_github_escape(f.message)}"


def existing_paths(command: str, paths) -> list[str] | None:
    """The listing files and folders to read (default: programs/), or None after saying which do not exist."""
    from .validation import listing_files

    paths = paths or [DEFAULT_PROGRAMS]
    _, missing = listing_files(paths)
    if missing:
        print(f"iopdir {command}: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    return paths


def cmd_validate(args) -> int:
    from .validation import validate_paths

    paths = existing_paths("validate", args.paths)
    if paths is None:
        return 2
    report = validate_paths(paths)
    lines = [str(f) for f in report.findings]
    summary = summary_line(report.files, len(report.errors), len(report.warnings))
    if args.format == "json":
        print(json.dumps({"files": report.files, "errors": len(report.errors), "warnings": len(report.warnings),
                          "findings": [f.as_dict() for f in report.findings]}, indent=2, ensure_ascii=False))
    else:
        if args.format == "github":
            # GitHub shows only the first 10 annotations of each kind per step: the full report follows.
            for f in report.findings:
                print(github_annotation(f))
        for line in lines:
            print(line)
        print(summary)
    return 0 if report.ok else 1


DEFAULT_INDEX = ".cache/index"


def _current_index(programs: str, index_dir: str) -> int:
    """Make sure the Whoosh index reflects the listings; rebuild it when a listing changed. 0 ok, 1 invalid."""
    from . import index
    from .validation import listing_files, validate_paths

    files, _ = listing_files([programs])
    if index.is_current(index_dir, files):
        return 0
    report = validate_paths([programs])
    if not report.ok:
        for f in report.errors:
            print(f, file=sys.stderr)
        print(f"iopdir: {_plural(len(report.errors), 'error')} in listings; fix them to search", file=sys.stderr)
        return 1
    index.build([p for p in report.programs if p.listed], index_dir)
    index.mark_current(index_dir, files)
    return 0


def _yes(value) -> str:
    return "not reported" if value is None else ("yes" if value else "no")


def _schedule(card: dict) -> str:
    parts = [name for name in ("evening", "weekend") if card[name]]
    if card["online_only"]:
        parts.append("online only")
    elif card["online"]:
        parts.append("online")
    if card["evening"] is None:
        parts.append("schedule not reported")
    return ", ".join(parts) or "daytime, in person"


def _hours(card: dict) -> str:
    h = card["hours"]
    if not h:
        return ""
    return f"{h[0]:g}" if h[0] == h[1] else f"{h[0]:g}-{h[1]:g}"


RESULT_COLUMNS = ["id", "name", "city", "state", "miles", "hours_per_week", "evening", "weekend", "online",
                  "insurance", "freshness", "last_verified", "url"]


def _defused(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (listings are written by strangers)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _result_row(r) -> dict:
    c = r.card
    return {"id": c["id"], "name": c["name"], "city": c["city"] or "", "state": c["state"],
            "miles": "" if r.distance is None else f"{r.distance:.1f}", "hours_per_week": _hours(c),
            "evening": _yes(c["evening"]), "weekend": _yes(c["weekend"]), "online": _yes(c["online"]),
            "insurance": c["insurance"], "freshness": c["freshness"], "last_verified": c["verified"],
            "url": f"programs/{c['id']}/"}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_search(args) -> int:
    import csv

    from .search import Filters, SearchError, open_and_run

    code = _current_index(args.programs, args.index)
    if code:
        return code
    filters = Filters()
    for flag in ("evening", "weekend", "online", "accredited", "family", "aftercare"):
        if getattr(args, flag):
            filters.add("flag", flag)
    for facet in ("state", "insurance", "modality", "population", "language", "focus", "condition"):
        for value in getattr(args, facet) or []:
            filters.add(facet, value.upper() if facet == "state" else value)
    if args.miles is not None and not args.near:
        print("iopdir search: --miles needs --near ZIP", file=sys.stderr)
        return 2
    sort = args.sort or ("distance" if args.near and not args.query.strip() else "relevance")
    try:
        results = open_and_run(args.index, args.query, filters, near=args.near,
                               radius=args.miles if args.miles is not None else 25.0, sort=sort, limit=args.limit)
    except SearchError as exc:
        print(f"iopdir search: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([{**_result_row(r), "score": r.score, "miles": r.distance} for r in results],
                         indent=2, ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=RESULT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _defused(v) for k, v in _result_row(r).items()} for r in results)
    else:
        if not results:
            print("No programs match.")
            return 0
        print(f"{'#':>3}  {'Program':<40}  {'Place':<22}  {'Miles':>5}  {'Hours':>5}  {'Schedule':<24}  "
              f"{'Insurance':<28}  Verified")
        for n, r in enumerate(results, 1):
            row = _result_row(r)
            place = "online only" if r.card["online_only"] else f"{row['city']}, {row['state']}"
            print(f"{n:>3}  {_clip(row['name'], 40):<40}  {_clip(place, 22):<22}  {row['miles']:>5}  "
                  f"{row['hours_per_week']:>5}  {_clip(_schedule(r.card), 24):<24}  {_clip(row['insurance'], 28):<28}  "
                  f"{row['last_verified']} ({row['freshness']})")
        print(f"{_plural(len(results), 'program')}")
    return 0


def cmd_import_nsumhss(args) -> int:
    import datetime as dt
    import re
    from pathlib import Path

    from .importer import format_summary, import_nsumhss

    missing = [p for p in (args.facilities, args.definitions) if not Path(p).is_file()]
    if missing:
        print(f"iopdir import nsumhss: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    as_of = None
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.as_of) else None
        except ValueError:
            pass
        if as_of is None or as_of > dt.date.today():
            print(f"iopdir import nsumhss: --as-of expects a past date YYYY-MM-DD, got '{args.as_of}'", file=sys.stderr)
            return 2
    try:
        summary = import_nsumhss(args.facilities, args.definitions, args.out, states=args.states, as_of=as_of)
    except ValueError as exc:  # not the directory's format, or an unknown state code
        print(f"iopdir import nsumhss: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0  # rows it could not import are listed in the summary; the import itself ran


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iopdir", description="Build and check a directory of Intensive Outpatient Programs.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__import__('iopdir').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check listing files and report every problem with file:line:column",
                       description="Check listing files against the listing format. Exit 0 when there are no errors "
                                   "(warnings allowed), 1 when there are errors, 2 on wrong usage.")
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"listing files or folders (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text (default); json; github: workflow annotations followed by the text report")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("search", help="find programs by words, filters and distance (the same answers as the site)",
                       description="Search the listings. An empty QUERY with filters lists every match. A filter on "
                                   "a fact a listing leaves unknown never matches that listing.")
    p.add_argument("query", nargs="?", default="", metavar="QUERY", help='words, e.g. "teen dbt"; prefixes match')
    p.add_argument("--state", action="append", metavar="ST", help="two-letter state code")
    p.add_argument("--near", metavar="ZIP", help="ZIP code to measure distance from")
    p.add_argument("--miles", type=float, metavar="N", help="radius around --near (default 25)")
    for flag, text in [("evening", "has sessions starting 4 pm or later"), ("weekend", "has Saturday or Sunday sessions"),
                       ("online", "offers telehealth"), ("accredited", "holds an unexpired accreditation"),
                       ("family", "offers family programming"), ("aftercare", "offers aftercare")]:
        p.add_argument(f"--{flag}", action="store_true", help=text)
    p.add_argument("--insurance", action="append", metavar="KIND",
                   help="medicaid, medicare, tricare, private, state_plan or a carrier slug (e.g. aetna)")
    p.add_argument("--modality", action="append", metavar="SLUG", help="e.g. dbt, cbt, emdr")
    p.add_argument("--population", action="append", metavar="SLUG", help="e.g. adolescents, veterans")
    p.add_argument("--language", action="append", metavar="CODE", help="e.g. es")
    p.add_argument("--focus", action="append", metavar="SLUG", help="mental_health, substance_use, co_occurring, eating_disorders")
    p.add_argument("--condition", action="append", metavar="SLUG", help="e.g. opioids, depression")
    p.add_argument("--sort", choices=["relevance", "distance"], help="default: relevance, or distance with --near and no words")
    p.add_argument("--limit", type=int, metavar="N", help="at most N results")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--programs", default=DEFAULT_PROGRAMS, metavar="DIR", help=f"listings folder (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR",
                   help=f"Whoosh index folder, rebuilt when a listing changes (default: {DEFAULT_INDEX})")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("import", help="create or update listings from public data")
    q = p.add_subparsers(dest="source", metavar="SOURCE").add_parser(
        "nsumhss", help="SAMHSA's National Directories: one listing per intensive outpatient (OIT) facility",
        description="Write OUT/<state>/<id>.yaml for every facility offering intensive outpatient treatment. Listings "
                    "verified by anyone but the import are never overwritten. Exit 0 when the import ran (rows it "
                    "could not import are listed), 2 on wrong usage.")
    q.add_argument("facilities", metavar="FACILITIES.csv", help="the directory's facilities file")
    q.add_argument("--definitions", required=True, metavar="DEFINITIONS.csv", help="its service_definitions file")
    q.add_argument("--out", required=True, metavar="DIR", help="listings folder, e.g. programs/")
    q.add_argument("--states", metavar="ST,ST", help="import only these states, e.g. NJ,MA")
    q.add_argument("--as-of", metavar="YYYY-MM-DD", help="verification date (default: the survey's reference date)")
    q.set_defaults(func=cmd_import_nsumhss)

    from .cli_provider import add_commands  # new, docs, audit: the provider and maintainer workflow

    add_commands(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
