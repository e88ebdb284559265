"""`iopdir init DIR`: a directory operator's own repository, in the spirit of pelican-quickstart.

It writes the package data ``iopdir.scaffold``: this repository's own settings, content, workflows, CONTRIBUTING.md
and one of its sample listings (the scaffold's files are links to them, see scaffold/__init__.py), with the options'
values in pelicanconf.py; then a README with that repository's two commands and a requirements.txt pinning this
version of iopdir, which is what its workflows install.
"""

from __future__ import annotations

import ast
import json
import re
import string
import sys
import zoneinfo
from functools import cache
from importlib.resources import files
from pathlib import Path

import iopdir

# Dot-files are package data under plain names (setuptools' globs skip hidden files); their names in the new repository.
RENAMES = {"github": ".github", "gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
NOT_COPIED = {"__init__.py", "__pycache__", "README.template.md"}
# What concerns only this repository (its own tests and developers) is marked in its files and left out, with the
# blank line before it.
ONLY_HERE = re.compile(r"(?:^\n)?^[^\n]*BEGIN iopdir repository only.*?^[^\n]*END iopdir repository only[^\n]*\n",
                       re.S | re.M)
# Option -> the pelicanconf.py setting it sets; the defaults are this repository's own values, read from the file.
SETTINGS = {"name": "SITENAME", "tagline": "SITE_TAGLINE", "timezone": "TIMEZONE"}


def _scaffold_files() -> list[tuple[str, object]]:
    """(path in the new repository, package-data file), sorted by path."""
    found = []

    def walk(folder, parts):
        for child in folder.iterdir():
            if child.name in NOT_COPIED or child.name.endswith(".pyc"):
                continue
            if child.is_dir():
                walk(child, [*parts, child.name])
            else:
                found.append(("/".join([*parts, child.name]), child))

    walk(files("iopdir.scaffold"), [])
    return sorted((_renamed(path), file) for path, file in found)


def _renamed(path: str) -> str:
    first, _, rest = path.partition("/")
    return "/".join(filter(None, [RENAMES.get(first, first), rest]))


def _settings_text() -> str:
    return files("iopdir.scaffold").joinpath("pelicanconf.py").read_text(encoding="utf-8")


@cache
def defaults() -> dict[str, str]:
    """This repository's SITENAME, SITE_TAGLINE and TIMEZONE: the options' defaults."""
    values = {}
    for node in ast.parse(_settings_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = node.value
    return {option: ast.literal_eval(values[setting]) for option, setting in SETTINGS.items()}


def _with_settings(text: str, **values) -> str:
    """pelicanconf.py with each setting's line saying its new value (a line equal to the default stays as it is)."""
    for option, value in values.items():
        if value == defaults()[option]:
            continue
        setting = SETTINGS[option]
        # A JSON string is a Python string literal too, in the file's own double quotes.
        text, n = re.subn(rf"^{setting} = .*$", lambda _: f"{setting} = {json.dumps(value, ensure_ascii=False)}",
                          text, count=1, flags=re.M)
        assert n == 1, f"pelicanconf.py has no line '{setting} = ...'"
    return text


def render(name: str, tagline: str, timezone: str) -> dict[str, str]:
    """Every file of the new repository: path -> text."""
    out = {}
    for path, file in _scaffold_files():
        text = ONLY_HERE.sub("", file.read_text(encoding="utf-8"))
        out[path] = _with_settings(text, name=name, tagline=tagline, timezone=timezone) \
            if path == "pelicanconf.py" else text
    example = next(path for path in out if path.startswith("programs/"))
    readme = files("iopdir.scaffold").joinpath("README.template.md").read_text(encoding="utf-8")
    out["README.md"] = string.Template(readme).substitute(sitename=name, tagline=tagline, version=iopdir.__version__,
                                                          example=example)
    out["requirements.txt"] = ("# The directory's generator, theme and checks, at one exact version (it pins its own "
                               "dependencies).\n# To upgrade: change the version, then run README.md's second "
                               f"command.\niopdir=={iopdir.__version__}\n")
    return dict(sorted(out.items()))


def _problem(option: str, value: str) -> str | None:
    if not value.strip() or value != value.strip():
        return "must not be empty or start or end with spaces"
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        return "must be one line of text"
    if option == "timezone":
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return f"'{value}' is not an IANA time zone, such as America/Chicago"
    return None


def run(args) -> int:
    target = Path(args.dir)
    values = {option: getattr(args, option) for option in SETTINGS}
    for option, value in values.items():
        if why := _problem(option, value):
            print(f"iopdir init: --{option}: {why}", file=sys.stderr)
            return 2
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        print(f"iopdir init: {target} is not an empty folder; give a new or empty one", file=sys.stderr)
        return 2
    written = render(**values)
    for path, text in written.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")
    print(f"Wrote {len(written)} files in {target}:")
    for path in written:
        print(f"  {path}")
    print(f"Next: cd {target} and run README.md's first command to build the site and look at it.")
    return 0


def add_parser(sub) -> None:
    d = defaults()
    p = sub.add_parser("init", help="start a directory operator's own repository in DIR (settings, pages, workflows)",
                       description="Write a new directory's repository: pelicanconf.py and publishconf.py using the "
                                   "installed iopdir, content/ pages and checklist to edit, programs/ with one "
                                   "fictional listing, the GitHub workflows, CONTRIBUTING.md, requirements.txt pinning "
                                   "this iopdir, and a README with its commands. DIR must be new or empty (else "
                                   "exit 2).")
    p.add_argument("dir", metavar="DIR", help="the folder to make (new or empty)")
    p.add_argument("--name", default=d["name"], help=f"the site's name (default: {d['name']})")
    p.add_argument("--tagline", default=d["tagline"], help=f"one line under the name (default: {d['tagline']})")
    p.add_argument("--timezone", default=d["timezone"], metavar="ZONE",
                   help=f"the site's IANA time zone (default: {d['timezone']})")
    p.set_defaults(func=run)
