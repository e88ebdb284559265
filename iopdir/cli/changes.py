"""`iopdir changes BASE [HEAD]`: what a pull request changes in the listings, in plain words, and what a maintainer
must check (iopdir.tools.changes)."""

from __future__ import annotations

import sys

from iopdir.cli.common import date_arg

NEEDS_MAINTAINER = 3


def run(args) -> int:
    from iopdir.tools import changes

    try:
        review = changes.review(args.repository, args.base, args.head, today=args.today, folder=args.folder)
    except changes.GitError as exc:
        print(f"iopdir changes: {changes.inert(str(exc))}", file=sys.stderr)
        return 2
    shown = {"text": changes.as_text, "markdown": changes.as_markdown, "json": changes.as_json}[args.format]
    sys.stdout.write(shown(review))
    if args.summary:
        # The workflow's job summary ($GITHUB_STEP_SUMMARY): appended to, as GitHub expects.
        with open(args.summary, "a", encoding="utf-8") as f:
            f.write(changes.as_markdown(review))
    # 3, not 1: a crash's exit status is 1, and the workflow lets a maintainer's label pass only this one.
    return NEEDS_MAINTAINER if review.needs_maintainer else 0


def add_parser(sub) -> None:
    p = sub.add_parser("changes", help="what changed in the listings between two git revisions, in plain words",
                       description="List, per listing, what changed between two revisions as a family would read it "
                                   "(\"Phone: (973) 555-0142 → (201) 555-0100\", \"New listing\", \"Closed\"). A "
                                   "changed phone number, website, e-mail or address of an existing listing is a "
                                   "contact change for a maintainer to verify; a phone number or website that "
                                   "belongs to another organisation's listing is an error; a new listing whose "
                                   "website and e-mail are on different domains, a warning. Listings are read from "
                                   "git (nothing is checked out). Exit 3 when a maintainer must check something, 0 "
                                   "when not, 2 on wrong usage or an unknown revision.")
    p.add_argument("base", metavar="BASE", help="the revision before (a pull request's base commit)")
    p.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the revision after (default: HEAD)")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--summary", metavar="FILE", help="also append the Markdown to FILE (a workflow's job summary)")
    p.add_argument("--repository", "-C", default=".", metavar="DIR", help="the git repository (default: here)")
    p.add_argument("--folder", default="programs", metavar="FOLDER",
                   help="the listings folder inside the repository (default: programs)")
    p.add_argument("--today", type=date_arg, metavar="DATE", help="as of this day, YYYY-MM-DD (default: today)")
    p.set_defaults(func=run)
