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


def cmd_validate(args) -> int:
    from .validation import listing_files, validate_paths

    paths = args.paths or [DEFAULT_PROGRAMS]
    _, missing = listing_files(paths)
    if missing:
        print(f"iopdir validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
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
