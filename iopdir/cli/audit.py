"""`iopdir audit`: what needs a maintainer's action as of a day."""

from __future__ import annotations

import json

from iopdir.cli.common import DEFAULT_PROGRAMS, date_arg, existing_paths
from iopdir.listing.findings import inert, inert_json


def run(args) -> int:
    from iopdir.tools.audit import audit_paths

    paths = existing_paths("audit", args.paths)
    if paths is None:
        return 2
    result = audit_paths(paths, today=args.today)
    if args.format == "json":
        # Issues quote listings (names, phones, streets): shown inert, as `iopdir validate` shows findings.
        print(inert_json(json.dumps({"today": result.today.isoformat(), "listings": result.listings,
                                     "counts": result.counts, "issues": [i.as_dict() for i in result.issues]},
                                    indent=2, ensure_ascii=False)))
    else:
        for issue in result.issues:
            print(inert(str(issue)))
        print(result.summary())
    return 0 if result.ok else 1


def add_parser(sub) -> None:
    p = sub.add_parser("audit", help="list stale listings, expiring accreditations, probable duplicates",
                       description="Report what needs action: listings not verified for over a year, accreditations "
                                   "expired or expiring within 60 days, probable duplicates (same phone, or same "
                                   "street and ZIP), telehealth that leaves out the program's own state. Exit 1 when "
                                   "anything needs action, 0 when nothing does, 2 on wrong usage.")
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"listing files or folders (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", type=date_arg, metavar="DATE", help="audit as of this day, YYYY-MM-DD (default: today)")
    p.set_defaults(func=run)
