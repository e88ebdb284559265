"""`iopdir docs`: the generated field reference and listing template, and keeping the documents up to date."""

from __future__ import annotations

import sys
from pathlib import Path

from iopdir.tools import skeleton


def run(args) -> int:
    from iopdir.tools import reference

    if args.part == "fields":
        sys.stdout.write(reference.field_reference())
        return 0
    if args.part == "template":
        sys.stdout.write(skeleton.blank())
        return 0
    root = Path(args.root)
    absent = [name for name in reference.DOCUMENTS if not (root / name).is_file()]
    if absent:
        print(f"iopdir docs: {', '.join(absent)} not found under {root}; run it from the repository root or give "
              f"--root", file=sys.stderr)
        return 2
    stale = reference.stale_documents(root)
    if args.check:
        for name in stale:
            print(f"{name}: generated parts are out of date; run: iopdir docs update", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        path = root / name
        path.write_text(reference.regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated {name}")
    if not stale:
        print("generated documentation is up to date")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("docs", help="print or update the generated field reference and listing template",
                       description="fields: the field reference in Markdown; template: the blank listing; update: "
                                   "rewrite the generated parts of CONTRIBUTING.md and the List your program page "
                                   "(--check: exit 1 if they are out of date, write nothing).")
    p.add_argument("part", choices=["fields", "template", "update"])
    p.add_argument("--check", action="store_true", help="with update: only report out-of-date documents")
    p.add_argument("--root", default=".", metavar="DIR", help="the repository root (default: .)")
    p.set_defaults(func=run)
