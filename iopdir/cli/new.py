"""`iopdir new`: a provider's first step, a listing skeleton with the essentials filled in."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from iopdir.cli.common import DEFAULT_PROGRAMS, date_arg
from iopdir.listing.vocabulary import vocabularies
from iopdir.tools import skeleton

# The answers `iopdir new` needs, in the order it asks for them: (field, option, question).
QUESTIONS = [
    ("name", "--name", "Program name, as families know it"),
    ("organization", "--organization", "Organisation that runs it"),
    ("city", "--city", "City or town (of the first location, or the headquarters)"),
    ("state", "--state", "State (USPS code, such as NJ)"),
    ("street", "--street", "Street address of the first location"),
    ("postal_code", "--postal-code", "ZIP code"),
    ("phone", "--phone", "Phone number families call"),
    ("focus", "--focus", "What it treats, comma-separated ({choices})"),
]
# Asked too, but Enter skips them: the skeleton keeps a placeholder or a default.
OPTIONAL_QUESTIONS = [
    ("delivery", "--delivery", "How sessions are delivered, comma-separated ({choices}) [in_person]"),
    ("summary", "--summary", "One sentence about who it is for (Enter to write it later)"),
    ("summary_es", "--summary-es", "The same sentence in Spanish, for the site's Spanish pages (Enter to skip)"),
    ("website", "--website", "Web page, https://... (Enter to skip)"),
]
_LISTS = ("focus", "delivery")


def _split(values) -> list[str]:
    """--focus a,b --focus c -> [a, b, c]."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _needed(e: skeleton.Essentials) -> list[str]:
    skip = {"street", "postal_code"} if e.telehealth_only else set()
    return [f for f, _, _ in QUESTIONS if f not in skip and not getattr(e, f)]


def _normalise(what: str, answer: str):
    if what in _LISTS:
        return _split([answer])
    return answer.upper() if what == "state" else answer


def _ask(what: str, question: str, required: bool):
    """Ask until the answer is usable. None when an optional question is skipped."""
    from iopdir.listing.vocabulary import vocabularies

    question = question.format(choices=", ".join(vocabularies().get(what, {})))
    while True:
        answer = input(f"{question}: ").strip()
        if not answer and not required:
            return None
        value = _normalise(what, answer)
        why = skeleton.problem(what, value)
        if why is None:
            return value
        print(f"  {why}; try again", file=sys.stderr)


def run(args) -> int:
    e = skeleton.Essentials(
        name=args.name, organization=args.organization, state=args.state.upper() if args.state else None,
        city=args.city, street=args.street, postal_code=args.postal_code, phone=args.phone,
        focus=_split(args.focus), delivery=_split(args.delivery) or ["in_person"], summary=args.summary,
        summary_es=args.summary_es, website=args.website, id=args.id)
    options = {f: opt for f, opt, _ in QUESTIONS + OPTIONAL_QUESTIONS} | {"id": "--id"}
    # What was given as options is checked first, so a typo is reported before any question is asked.
    for what, option in options.items():
        value = getattr(e, what)
        if value and (why := skeleton.problem(what, value)):
            print(f"iopdir new: {option}: {why}", file=sys.stderr)
            return 2
    interactive = sys.stdin.isatty()
    try:
        if interactive:
            for what, _, question in QUESTIONS:
                if what in _needed(e):
                    setattr(e, what, _ask(what, question, required=True))
                    # A ZIP code of another state is asked again now, not refused after every other answer.
                    while what == "postal_code" and (why := skeleton.zip_state_problem(e.postal_code, e.state)):
                        print(f"  {why}; try again", file=sys.stderr)
                        e.postal_code = _ask(what, question, required=True)
            for what, option, question in OPTIONAL_QUESTIONS:
                if what == "summary_es" and not e.summary:
                    continue  # a Spanish summary goes with an English one
                if getattr(args, what) is None:
                    answer = _ask(what, question, required=False)
                    if answer:
                        setattr(e, what, answer)
        missing = _needed(e)
        if missing:
            flags = ", ".join(options[m] for m in missing)
            print(f"iopdir new: missing {flags}; give them as options, or run iopdir new in a terminal to be asked",
                  file=sys.stderr)
            return 2
        if why := skeleton.zip_state_problem(e.postal_code, e.state):
            print(f"iopdir new: --postal-code: {why}", file=sys.stderr)
            return 2
        if not e.listing_id:
            if not interactive:
                print("iopdir new: cannot make an id from the name (it needs Latin letters or digits); give one with "
                      "--id, such as --id harbor-light-evening-iop", file=sys.stderr)
                return 2
            e.id = _ask("id", "Listing id (lower-case letters, digits and hyphens)", required=True)
    except (EOFError, KeyboardInterrupt):
        print("\niopdir new: cancelled; nothing was written", file=sys.stderr)
        return 1
    today = args.today or dt.date.today()
    e.last_verified = today.isoformat()
    return _write(e, Path(args.out), today)


def _write(e: skeleton.Essentials, out: Path, today: dt.date) -> int:
    from iopdir.listing.validation import validate_bytes

    path = out / e.relative_path()
    if path.exists():
        print(f"iopdir new: {path} already exists; edit it, or choose another id with --id", file=sys.stderr)
        return 1
    elsewhere = sorted(out.glob(f"*/{e.listing_id}.yaml")) if out.is_dir() else []
    if elsewhere:
        print(f"iopdir new: the id '{e.listing_id}' is already used by {elsewhere[0]}; choose another with --id",
              file=sys.stderr)
        return 1
    text = skeleton.render(e)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even if the file appeared meanwhile
        f.write(text)
    print(f"Wrote {path}")
    todo = [f for f in validate_bytes(text.encode(), str(path), path, today).findings if f.is_error]
    if todo:
        print("Still to fill in (the lines marked REQUIRED):")
        for finding in todo:
            print(f"  {finding}")
    print(f"Then check it with: iopdir validate {path}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="write a listing skeleton to fill in: programs/<state>/<id>.yaml",
                       description="Write a new listing with the essentials filled in and every optional field "
                                   "commented out with its allowed values. In a terminal it asks for what the options "
                                   "do not give. Never overwrites a file (exit 1).")
    p.add_argument("--name", help="the program's name")
    p.add_argument("--organization", help="the organisation that runs it")
    p.add_argument("--state", metavar="ST", help="USPS code of the first location (or the headquarters)")
    p.add_argument("--city", help="city of the first location (or the headquarters)")
    p.add_argument("--street", help="street address of the first location")
    p.add_argument("--postal-code", metavar="ZIP", help="ZIP code of the first location")
    p.add_argument("--phone", help="the number families call")
    p.add_argument("--focus", action="append", metavar="SLUG",
                   help=f"what it treats, repeatable or comma-separated: {', '.join(vocabularies()['focus'])}")
    p.add_argument("--delivery", action="append", metavar="SLUG",
                   help="in_person (default), telehealth, or both: in_person,telehealth")
    p.add_argument("--summary", help="one plain sentence about who it is for (else a REQUIRED placeholder)")
    p.add_argument("--summary-es", metavar="TEXT",
                   help="the summary in Spanish (translations.es.summary), shown on the site's Spanish pages")
    p.add_argument("--website", metavar="URL", help="the program's web page")
    p.add_argument("--id", help="the listing id (default: from the name and city)")
    p.add_argument("--out", default=DEFAULT_PROGRAMS, metavar="DIR",
                   help=f"the programs folder (default: {DEFAULT_PROGRAMS}/); the file goes in DIR/<state>/")
    p.add_argument("--today", type=date_arg, metavar="DATE", help="the verification date to write (default: today)")
    p.set_defaults(func=run)
