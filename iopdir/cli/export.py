"""`iopdir export`: the published directory as data others read: HSDS 3.0 (a tabular data package), or the site's
whole-directory CSV or JSON (the same files as /data/)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from iopdir.cli.common import DEFAULT_PROGRAMS, date_arg, plural
from iopdir.settings import default


def run(args) -> int:
    from iopdir.build.listings import validate_paths
    from iopdir.listing.validation import listing_files
    from iopdir.search.export import write_json
    from iopdir.tools import directory, hsds

    _, missing = listing_files([args.programs])
    if missing:
        print(f"iopdir export: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    out = Path(args.out)
    if args.format == "hsds" and out.exists() and not out.is_dir():
        print(f"iopdir export: {out} is a file; HSDS is a folder of files", file=sys.stderr)
        return 2
    if args.format != "hsds" and out.is_dir():
        print(f"iopdir export: {out} is a folder; {args.format} is one file", file=sys.stderr)
        return 2
    today = args.today or dt.date.today()
    report = validate_paths([args.programs], today=today)
    if not report.ok:
        for f in report.errors:
            print(f, file=sys.stderr)
        print(f"iopdir export: {plural(len(report.errors), 'error')} in listings; fix them to export", file=sys.stderr)
        return 1
    # What the site publishes, in the site's order.
    programs = sorted((p for p in report.programs if p.listed), key=lambda p: (p.name.lower(), p.id))
    licence = directory.licence(args.license)
    if args.format == "hsds":
        sizes = hsds.write(programs, out, licence, today)
        print(f"{plural(len(programs), 'program')} written as HSDS {hsds.official_package()['version']} to {out}/: "
              f"{plural(len(sizes), 'file')}, {sum(sizes.values()):,} bytes")
    elif args.format == "csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(directory.csv_text(programs), encoding="utf-8")
        print(f"{plural(len(programs), 'program')} written to {out}")
    else:
        write_json(out, directory.json_data(programs, today, licence))
        print(f"{plural(len(programs), 'program')} written to {out}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write the published directory as HSDS 3.0, CSV or JSON",
                       description="Write the published listings (closed ones left out) as Open Referral's HSDS 3.0 "
                                   "tabular data package (a folder: datapackage.json and one CSV per table), or as the "
                                   "site's whole-directory CSV or JSON (the files of /data/). Every CSV cell is quoted "
                                   "and defused against spreadsheet formulas. Exit 0 when written, 1 when listings "
                                   "have errors, 2 on wrong usage.")
    p.add_argument("format", choices=["hsds", "csv", "json"])
    p.add_argument("out", metavar="OUT", help="a folder for hsds (made if needed), a file for csv and json")
    p.add_argument("--programs", default=DEFAULT_PROGRAMS, metavar="PATH",
                   help=f"the listings folder (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--today", type=date_arg, metavar="DATE",
                   help="the day of freshness and expiry checks, YYYY-MM-DD (default: today)")
    p.add_argument("--license", default=default("IOPDIR_DATA_LICENSE"), metavar="SPDX",
                   help="the data's licence, an SPDX id (default: the site's default, %(default)s)")
    p.set_defaults(func=run)
