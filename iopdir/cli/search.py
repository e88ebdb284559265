"""`iopdir search`: the site's search from the command line, for referral counselors."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys

from iopdir import i18n
from iopdir.listing.wording import NOT_REPORTED
from iopdir.tools import table
from iopdir.cli.common import DEFAULT_INDEX, DEFAULT_PROGRAMS, plural


def _current_index(programs: str, index_dir: str) -> int:
    """Make sure the Whoosh index reflects the listings; rebuild it when a listing changed. 0 ok, 1 invalid."""
    from iopdir.search import index
    from iopdir.build.listings import validate_paths
    from iopdir.listing.validation import listing_files

    files, _ = listing_files([programs])
    if index.is_current(index_dir, files):
        return 0
    report = validate_paths([programs])
    if not report.ok:
        for f in report.errors:
            print(f, file=sys.stderr)
        print(f"iopdir: {plural(len(report.errors), 'error')} in listings; fix them to search", file=sys.stderr)
        return 1
    index.build([p for p in report.programs if p.listed], index_dir)
    index.mark_current(index_dir, files)
    return 0


def _yes(value) -> str:
    # The CSV's values (as the site's CSV download writes them: search.js csvYes), not the table's words.
    return "not reported" if value is None else ("yes" if value else "no")


def _hours(card: dict) -> str:
    h = card["hours"]
    if not h:
        return ""
    return f"{h[0]:g}" if h[0] == h[1] else f"{h[0]:g}-{h[1]:g}"


RESULT_COLUMNS = ["id", "name", "city", "state", "miles", "hours_per_week", "evening", "weekend", "online",
                  "insurance", "freshness", "last_verified", "url"]


# The CSV's cells are made safe for a spreadsheet by the one rule of every CSV the directory writes.
_defused = table.defused


def _result_row(r) -> dict:
    c = r.card
    return {"id": c["id"], "name": c["name"], "city": c["city"] or "", "state": c["state"],
            "miles": "" if r.distance is None else f"{r.distance:.1f}", "hours_per_week": _hours(c),
            "evening": _yes(c["evening"]), "weekend": _yes(c["weekend"]), "online": _yes(c["online"]),
            "insurance": c["insurance"], "freshness": c["freshness"], "last_verified": c["verified"],
            "url": f"programs/{c['id']}/"}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _programs(n: int) -> str:
    return i18n.ngettext("{n} program", "{n} programs", n).format(n=i18n.format_number(n))


def _table(results) -> None:
    """The results as a table whose headers and values are a card's (iopdir.listing.facts: the same words as the
    site's cards), in the language being written: a column per fact of facts.CARD, and the place and the last
    verification."""
    from iopdir.listing.facts import CARD, FACTS
    from iopdir.listing.wording import FRESHNESS, ONLINE_ONLY
    from iopdir.listing.findings import inert  # names come from listings: "##[" or a control character, escaped

    _ = i18n.gettext
    columns = [FACTS[key] for key in CARD]
    titles = [_(f.card_label) for f in columns]
    widths = [max(len(t), 12) if f.key != "insurance" else 26 for f, t in zip(columns, titles)]
    head = "  ".join(f"{t:<{w}}" for t, w in zip(titles, widths))
    # (outside the f-string: message extraction does not read inside one)
    last_verified = FACTS["last_verified"].label
    titles = {"program": _("Program"), "place": _("Place"), "miles": _("Miles"), "verified": _(last_verified)}
    print(f"{'#':>3}  {titles['program']:<34}  {titles['place']:<20}  {titles['miles']:>5}  {head}  "
          f"{titles['verified']}")
    for n, r in enumerate(results, 1):
        c = r.card
        row = _result_row(r)
        place = _(ONLINE_ONLY) if c["online_only"] else f"{row['city']}, {row['state']}"
        values = {"hours": c["hours"] and tuple(c["hours"]), "evening": c["evening"], "weekend": c["weekend"],
                  "online": c["online"], "insurance": c["insurance"]}
        # (a card's insurance is in the language already; Yes, No and "Not reported" are translated here)
        cells = "  ".join(f"{_clip(_(f.text(values[f.key]) or NOT_REPORTED), w):<{w}}" for f, w in zip(columns, widths))
        print(inert(f"{n:>3}  {_clip(row['name'], 34):<34}  {_clip(place, 20):<20}  {row['miles']:>5}  {cells}  "
                    f"{row['last_verified']} ({_(FRESHNESS[c['freshness']])})"))
    print(_programs(len(results)))


def _option(facet: str, value: str) -> str:
    """The command-line option for a filter: --evening, --insurance medicaid, --accepts-medication."""
    if facet == "flag":
        return f"--{value}"
    if (facet, value) == ("medication", "accepted"):
        return "--accepts-medication"
    return f"--{facet} {value}"


def _known_values(facet: str) -> list[str]:
    from iopdir.listing.vocabulary import vocabularies
    from iopdir.search import facets

    if facet == "insurance":
        return [*facets.INSURANCE_PROGRAMS, *vocabularies()["carriers"]]
    if facet == "medication":
        return [*facets.MEDICATION_FACTS, *vocabularies()["medications"]]
    return list(vocabularies()[facets.FACET_VOCABULARIES[facet]])


def _help(found, table: bool) -> None:
    """What the page shows under its status line, on standard error: notes, the spelling used, and (with the table)
    the filters the words name or the filters to drop."""
    from iopdir.listing.findings import inert

    _ = i18n.gettext
    for note in found.notes:
        print(f"iopdir search: {note}", file=sys.stderr)
    if found.corrected:
        print(inert("iopdir search: " + _('nothing matches the words as typed; did you mean "{words}"? Showing '
                                          'programs for it.').format(words=found.corrected)), file=sys.stderr)
    if not table:
        return
    if found.offers:
        print(_("Filters your words name:"), file=sys.stderr)
        for o in found.offers:
            print(f"  {o.text} — {i18n.format_number(o.count)}   ({_option(o.facet, o.value)})", file=sys.stderr)
    if found.drops:
        print(_("Fewer filters find more:"), file=sys.stderr)
        for d in found.drops:
            print("  " + _('without "{label}"').format(label=d.label) +
                  f" ({_option(d.facet, d.value)}): {_programs(d.count)}", file=sys.stderr)


def run(args) -> int:
    """The search, its table and its messages in --lang (the words of the query are understood in every language)."""
    lang = getattr(args, "lang", None) or i18n.DEFAULT
    try:
        with i18n.using(lang):
            return _run(args)
    except i18n.CatalogInvalid as exc:
        print(f"iopdir search: --lang {lang}: no usable catalog\n{exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    import csv
    import difflib

    from iopdir.search.query import Filters, SearchError, open_and_answer

    if args.index is None:  # the build's (iopdir.settings: IOPDIR_INDEX_PATH)
        from iopdir.fingerprint import site_cache

        args.index = str(site_cache(args.programs) / "index")
    _ = i18n.gettext  # the argument errors below are in --lang (argparse's own, made before --lang is read, are not)
    filters = Filters()
    for flag in ("evening", "weekend", "online", "accredited", "family", "aftercare"):
        if getattr(args, flag):
            filters.add("flag", flag)
    for facet in ("state", "insurance", "modality", "population", "language", "focus", "condition", "medication"):
        for value in getattr(args, facet) or []:
            value = value.upper() if facet == "state" else value
            known = _known_values(facet)
            if value not in known:
                close = difflib.get_close_matches(value, known, n=1)
                hint = (_(" (did you mean {value}?)").format(value=close[0]) if close else
                        _("; one of: {values}").format(values=", ".join(known[:12]) + (", ..." if len(known) > 12
                                                                                       else "")))
                from iopdir.listing.findings import inert

                print(inert("iopdir search: " + _("unknown --{option} value '{value}'").format(option=facet, value=value)
                            + hint), file=sys.stderr)
                return 2
            filters.add(facet, value)
    if args.accepts_medication:
        filters.add("medication", "accepted")
    if args.miles is not None and not args.near:
        print("iopdir search: " + _("--miles needs --near ZIP"), file=sys.stderr)
        return 2
    if args.near and not re.fullmatch(r"[0-9]{5}", args.near):
        print("iopdir search: " + _("--near takes a five-digit ZIP code"), file=sys.stderr)
        return 2
    code = _current_index(args.programs, args.index)
    if code:
        return code
    sort = args.sort or ("distance" if args.near and not args.query.strip() else "relevance")
    try:
        found = open_and_answer(args.index, args.query, filters, near=args.near,
                                radius=args.miles if args.miles is not None else 25.0, sort=sort, limit=args.limit)
    except SearchError as exc:
        print(f"iopdir search: {exc}", file=sys.stderr)
        return 2
    results = found.results
    _help(found, args.format == "table")
    if args.format == "json":
        print(json.dumps([{**_result_row(r), "score": r.score, "miles": r.distance} for r in results],
                         indent=2, ensure_ascii=False))
    elif args.format == "csv":
        # Every cell quoted, as OWASP advises: a quoted cell's separators and line breaks stay in it.
        writer = csv.DictWriter(sys.stdout, fieldnames=RESULT_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows({k: _defused(v) for k, v in _result_row(r).items()} for r in results)
    else:
        if not results:
            print(i18n.gettext("No programs match."))
            return 0
        _table(results)
    return 0


def _at_least_one(text: str) -> int:
    """An argparse type for --limit: a whole number, 1 or more (0 and -1 used to mean "all" and "all but one")."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{text}'")
    return n


def _radius(text: str) -> float:
    """An argparse type for --miles: a finite number above 0 (nan would match every program, inf too)."""
    try:
        miles = float(text)
    except ValueError:
        miles = math.nan
    if not (math.isfinite(miles) and miles > 0):
        raise argparse.ArgumentTypeError(f"expected a number of miles above 0, got '{text}'")
    return miles


def add_parser(sub) -> None:
    p = sub.add_parser("search", help="find programs by words, filters and distance (the same answers as the site)",
                       description="Search the listings. An empty QUERY with filters lists every match. A filter on "
                                   "a fact a listing leaves unknown never matches that listing.")
    p.add_argument("query", nargs="?", default="", metavar="QUERY", help='words, e.g. "teen dbt"; prefixes match')
    p.add_argument("--state", action="append", metavar="ST", help="two-letter state code")
    p.add_argument("--near", metavar="ZIP", help="ZIP code to measure distance from")
    p.add_argument("--miles", type=_radius, metavar="N", help="radius around --near (default 25)")
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
    p.add_argument("--medication", action="append", metavar="SLUG",
                   help="prescribes it: buprenorphine, methadone, naltrexone, acamprosate, disulfiram, or prescribes "
                        "(any of them), accepted (accepts people already taking one)")
    p.add_argument("--accepts-medication", action="store_true",
                   help="accepts people already taking a medication for addiction (= --medication accepted)")
    p.add_argument("--sort", choices=["relevance", "distance"], help="default: relevance, or distance with --near and no words")
    p.add_argument("--limit", type=_at_least_one, metavar="N", help="at most N results")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--lang", default="en", metavar="LANG",
                   help="the language of the table, its labels and messages, e.g. es (default: en); words of any "
                        "language are understood either way")
    p.add_argument("--programs", default=DEFAULT_PROGRAMS, metavar="DIR", help=f"listings folder (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR",
                   help="Whoosh index folder, rebuilt when a listing changes (default: the build's, in the user's "
                        "cache folder)")
    p.set_defaults(func=run)
