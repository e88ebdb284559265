"""The `iopdir` command: a thin layer over the core library.

Exit codes everywhere: 0 success, 1 the input needs fixing (errors found), 2 the command was used wrongly; and
`iopdir changes` 3: a maintainer must check the change.
"""

from __future__ import annotations

import argparse
import os
import sys

from iopdir.cli import audit, changes, docs, export, i18n, importing, init, new, search, validate

# In the order `iopdir --help` lists them.
COMMANDS = [validate, search, importing, new, docs, audit, changes, init, export, i18n]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iopdir", description="Build and check a directory of Intensive Outpatient Programs.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__import__('iopdir').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except BrokenPipeError:
        # `iopdir search ... | head`: the reader has what it wanted. Point stdout at nothing so that Python's own
        # flush at exit does not fail again, and leave as a pipeline expects (128 + SIGPIPE).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
