"""`iopdir validate`: check listing files; every finding at its file, line and column."""

from __future__ import annotations

import json

from iopdir.cli.common import DEFAULT_PROGRAMS, existing_paths, plural
from iopdir.listing.findings import Finding, inert, inert_json


def summary_line(files: int, errors: int, warnings: int) -> str:
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def _github_escape(text: str, in_property: bool = False) -> str:
    # Workflow commands need %, CR and LF escaped; properties also ':' and ','. Control characters and "##[" are
    # shown escaped first (inert), as in the text report.
    text = inert(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(f: Finding) -> str:
    props = ",".join([f"file={_github_escape(f.file, True)}", f"line={f.line}", f"col={f.column}",
                      f"title={_github_escape(f.field, True)}"])
    return f"::{f.severity} {props}::{_github_escape(f.message)}"


def run(args) -> int:
    from iopdir.build.listings import validate_paths

    paths = existing_paths("validate", args.paths)
    if paths is None:
        return 2
    report = validate_paths(paths)
    lines = [str(f) for f in report.findings]
    summary = summary_line(report.files, len(report.errors), len(report.warnings))
    if args.format == "json":
        print(inert_json(json.dumps({"files": report.files, "errors": len(report.errors),
                                     "warnings": len(report.warnings), "findings": [f.as_dict() for f in report.findings]},
                                    indent=2, ensure_ascii=False)))
    else:
        if args.format == "github":
            # GitHub shows only the first 10 annotations of each kind per step: the full report follows.
            for f in report.findings:
                print(github_annotation(f))
        for line in lines:
            print(line)
        print(summary)
    return 0 if report.ok else 1


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check listing files and report every problem with file:line:column",
                       description="Check listing files against the listing format. Exit 0 when there are no errors "
                                   "(warnings allowed), 1 when there are errors, 2 on wrong usage.")
    p.add_argument("paths", nargs="*", metavar="PATH", help=f"listing files or folders (default: {DEFAULT_PROGRAMS}/)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text (default); json; github: workflow annotations followed by the text report")
    p.set_defaults(func=run)
