"""`iopdir i18n extract|update|check`: the translators' path (Babel's tools, with the project's places filled in).

extract: every message of the templates (Jinja's babel_extract: `_()`, `{% trans %}`) and of the Python (`_`, `N_`,
`gettext`, `ngettext`, `pgettext`) into iopdir/locale/messages.pot, with the descriptions of the listing schema that the
"List your program" form shows as hints (extract_form_hints). update: each language's catalog made to hold
exactly the template's messages (translations kept; a message whose English changed a little comes back marked fuzzy,
with the old translation, for a translator to check). check: exit 1 with file:line for each message a catalog lacks,
leaves untranslated or marks fuzzy, and for a malformed catalog; the build refuses the same catalogs.

No line numbers in the files (only each message's source files): they would change with every edit elsewhere in a
file, and make merges of catalogs that several people edit conflict for nothing.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import iopdir
from iopdir import SCHEMA_DIR, i18n
from iopdir.settings import default

PACKAGE = Path(iopdir.__file__).resolve().parent
TEMPLATE = i18n.LOCALE_DIR / "messages.pot"
WIDTH = 120
# Babel's default keywords already hold _, gettext, ngettext, pgettext and N_.
TEMPLATE_OPTIONS = {
    # As the site's Jinja environment is set (pelicanconf's JINJA_ENVIRONMENT): {% trans %} text comes out the same.
    "extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true",
    "silent": "false",  # a template Jinja cannot parse is an error here, not a template with no messages
}


# A description in the schema's JSON: its string literal (escapes and all), for its line.
DESCRIPTION = re.compile(r'"description"\s*:\s*("(?:[^"\\]|\\.)*")')
# Likewise an error message of the schema (a pattern's words, which the form's check shows: script_words).
ERROR_MESSAGE = re.compile(r'"errorMessage"\s*:\s*("(?:[^"\\]|\\.)*")')


def extract_form_hints(fileobj, keywords, comment_tags, options):
    """A Babel extraction method for schema/program.schema.json: the descriptions the "List your program" form shows
    as its hints (iopdir.tools.form), each at its line in the schema, and its error messages ("errorMessage"), which
    the form's check shows (iopdir.listing.script_words.schema_errors).

    The schema stays the English contract (validators, editors and the field reference read it); its words reach a
    family in another language through the catalogs like every other message. Only the descriptions the form shows:
    a catalog holds what the site says, and a new question brings its description in by itself."""
    from iopdir.tools.form import questions

    asked: dict[str, list[str]] = {}
    for question in questions():
        asked.setdefault(question.hint, []).append(question.path)
    text = fileobj.read().decode("utf-8")
    for match in DESCRIPTION.finditer(text):
        message = json.loads(match.group(1))
        if message and message in asked:  # (an empty msgid is the catalog's header)
            yield (text.count("\n", 0, match.start()) + 1, None, message,
                   [f"A hint of the list-your-program form, for {', '.join(asked[message])}: the listing schema's "
                    f"description."])
    for match in ERROR_MESSAGE.finditer(text):
        yield (text.count("\n", 0, match.start()) + 1, None, json.loads(match.group(1)),
               ["What the list-your-program form's check says of an answer of the wrong form: the listing schema's "
                "errorMessage."])


def sources() -> list[tuple[Path, list, dict]]:
    """(folder, Babel method map, options) to extract from: the package's Python, the theme's templates, the form's
    hints in the listing schema, and the Pelican plugin's Python when this is a checkout (plugins/iopdir beside the
    package)."""
    found = [(PACKAGE, [("**.py", "python")], {}),
             (Path(iopdir.theme_path()) / "templates", [("**.html", "jinja2.ext:babel_extract")],
              {"**.html": TEMPLATE_OPTIONS}),
             (SCHEMA_DIR, [("program.schema.json", "iopdir.cli.i18n:extract_form_hints")], {})]
    plugin = PACKAGE.parent / "plugins" / "iopdir"
    if plugin.is_dir():
        found.append((plugin, [("**.py", "python")], {}))
    return found


def extract():
    """The template catalog (messages.pot) of every message the site can show."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    catalog = Catalog(project="iopdir", version=iopdir.__version__, charset="utf-8", fuzzy=False)
    base = PACKAGE.parent
    for folder, method_map, options in sources():
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, options, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            path = (folder / filename).resolve()
            where = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def _written(catalog, **options) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_lineno=False, sort_output=False, **options)
    return buffer.getvalue()


def _same_but_dates(old: bytes, new: bytes) -> bool:
    def strip(raw: bytes):
        return [line for line in raw.splitlines() if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]
    return strip(old) == strip(new)


def _write(path: Path, data: bytes) -> bool:
    """Write when more than the dates changed (a run with nothing new changes no file); True when written."""
    try:
        if _same_but_dates(path.read_bytes(), data):
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def languages_of(args) -> list[str]:
    """The languages named, else the default setting's and every catalog in the folder (English, the message ids
    themselves, has none)."""
    if args.lang:
        return [lang for lang in args.lang if lang != i18n.DEFAULT]
    folder = Path(args.locale_path)
    found = [lang for lang in default("IOPDIR_LANGUAGES") if lang != i18n.DEFAULT]
    found += sorted(p.name for p in folder.iterdir() if i18n.catalog_path(p.name, folder).is_file()
                    and p.name not in found) if folder.is_dir() else []
    return found


def run_extract(args) -> int:
    catalog = extract()
    path = Path(args.template)
    written = _write(path, _written(catalog))
    print(f"{path}: {len(catalog)} messages{'' if written else ' (unchanged)'}")
    return 0


def run_update(args) -> int:
    from babel.messages.pofile import read_po

    template_path = Path(args.template)
    if not template_path.is_file():
        print(f"iopdir i18n update: {template_path} not found; run: iopdir i18n extract", file=sys.stderr)
        return 2
    with template_path.open("rb") as f:
        template = read_po(f)
    for lang in languages_of(args):
        path = i18n.catalog_path(lang, args.locale_path)
        if path.is_file():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang)
        else:  # a new language: its catalog made from the template, every message to translate
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=lang, project="iopdir", version=iopdir.__version__, charset="utf-8",
                              fuzzy=False)
        catalog.update(template)
        # Messages no longer in the site are dropped (git keeps their history): a catalog holds what the site says.
        written = _write(path, _written(catalog, ignore_obsolete=True))
        todo = sum(1 for m in catalog if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple)
                                                                                and not all(m.string))))
        print(f"{path}: {len(catalog)} messages, {todo} to translate or check{'' if written else ' (unchanged)'}")
    return 0


def run_check(args) -> int:
    from babel.messages.pofile import read_po

    findings = []
    template = None
    template_path = Path(args.template)
    if template_path.is_file():
        with template_path.open("rb") as f:
            template = read_po(f)
    for lang in languages_of(args):
        path = i18n.catalog_path(lang, args.locale_path)
        try:
            catalog = i18n.read_catalog(path, lang)
        except i18n.CatalogInvalid as exc:
            findings += exc.findings
            continue
        if template is not None:
            findings += [f"{path}:1:1: error: catalog: {message.id if isinstance(message.id, str) else message.id[0]!r}"
                         f" is not in the catalog (run: iopdir i18n update)"
                         for message in template if message.id and catalog.get(message.id, context=message.context) is None]
    for finding in findings:
        print(finding, file=sys.stderr)
    if not findings:
        print(f"catalogs complete: {', '.join(languages_of(args)) or 'none'}")
    return 1 if findings else 0


def run(args) -> int:
    return {"extract": run_extract, "update": run_update, "check": run_check}[args.action](args)


def add_parser(sub) -> None:
    p = sub.add_parser("i18n", help="extract the site's messages, update and check the translations",
                       description="extract: every message of the templates and the Python into the template "
                                   "catalog (iopdir/locale/messages.pot); update: each language's catalog from it, "
                                   "translations kept; check: exit 1 with file:line for each message a catalog "
                                   "lacks, leaves untranslated or marks fuzzy (make i18n runs all three).")
    p.add_argument("action", choices=["extract", "update", "check"])
    p.add_argument("--lang", action="append", metavar="CODE",
                   help="a language to update or check (repeatable; default: Spanish and every catalog in the "
                        "locale folder)")
    p.add_argument("--locale-path", default=str(i18n.LOCALE_DIR), metavar="DIR",
                   help="the folder of catalogs, <code>/LC_MESSAGES/messages.po (default: the package's; a site's "
                        "own is its IOPDIR_LOCALE_PATH)")
    p.add_argument("--template", default=str(TEMPLATE), metavar="FILE",
                   help="the template catalog (default: iopdir/locale/messages.pot)")
    p.set_defaults(func=run)
