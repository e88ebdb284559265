"""The site's languages: message catalogs, the language being written, and dates and numbers per locale.

Every word the site writes is English in the code (the message id) and is looked up in the language being written.
Catalogs are gettext `.po` files, `iopdir/locale/<lang>/LC_MESSAGES/messages.po` (extracted from the templates, the
Python and the browser scripts' words: `iopdir i18n extract|update|check`), compiled by Babel when a build reads them
(no `.mo` file is committed, so a catalog cannot be stale). A malformed catalog, or one with untranslated or fuzzy
entries, stops the build with its file and line (CatalogInvalid).

The language being written is one per process at a time: the Pelican plugin writes one language's pages after the
other inside `using(lang)`, so the core's wording (iopdir.listing.wording, the facts' labels) needs no language
argument threaded through every call. English, the default, is the message ids themselves and needs no catalog.

Adding a language is a catalog and a setting (`IOPDIR_LANGUAGES`); its Babel locale is `LOCALES`' entry when there is
one (Spanish is `es_US`: US readers misread `18:00` and `1.275,5`, see the design notes), else the language code.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"
#: Babel's locale for a language, where the plain language code would format dates and numbers wrongly for the US.
LOCALES = {"en": "en_US", "es": "es_US"}
#: Each language's own name, for the language switch ("Español" on an English page).
NAMES = {"en": "English", "es": "Español"}


class CatalogInvalid(ValueError):
    """A catalog that cannot be used: `findings` are "path:line:col: error: ..." lines, as the validator writes."""

    def __init__(self, findings: list[str]):
        super().__init__("\n".join(findings))
        self.findings = findings


def catalog_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return Path(locale_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str):
    """A .po file as a Babel Catalog; CatalogInvalid for a file that is missing, malformed, or has untranslated or
    fuzzy entries (each named by line)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogInvalid([f"{path}:1:1: error: catalog: cannot be read ({exc.strerror or exc})"]) from None
    try:
        catalog = read_po(io.BytesIO(data), locale=lang, abort_invalid=True)
    except PoFileError as exc:  # Babel counts this error's line from 0
        line = (getattr(exc, "lineno", 0) or 0) + 1
        raise CatalogInvalid([f"{path}:{line}:1: error: catalog: {exc}"]) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogInvalid([f"{path}:1:1: error: catalog: {exc}"]) from None
    findings = []
    for message in catalog:
        if not message.id:
            continue  # the header
        where = f"{path}:{message.lineno or 1}:1: error: catalog"
        shown = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            findings.append(f"{where}: {shown!r} is marked fuzzy (check the translation, then remove the flag)")
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            findings.append(f"{where}: {shown!r} has no translation")
    if findings:
        raise CatalogInvalid(findings)
    return catalog


def compile_catalog(catalog) -> Translations:
    """A Catalog compiled in memory, as gettext reads it."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


_translations: dict[str, NullTranslations] = {DEFAULT: NullTranslations()}
_current = DEFAULT


def install(languages, locale_dir: Path = LOCALE_DIR, add: bool = False) -> None:
    """Read and compile the catalog of each language (English needs none), in place of those installed (`add`:
    beside them). Raises CatalogInvalid with every problem of every catalog, before anything is written."""
    findings, made = [], {DEFAULT: NullTranslations()}
    for lang in languages:
        if lang == DEFAULT:
            continue
        try:
            made[lang] = compile_catalog(read_catalog(catalog_path(lang, locale_dir), lang))
        except CatalogInvalid as exc:
            findings += exc.findings
    if findings:
        raise CatalogInvalid(findings)
    if not add:
        _translations.clear()
    _translations.update(made)


def current() -> str:
    """The language being written."""
    return _current


@contextmanager
def using(lang: str):
    """Write in `lang` inside the block (its catalog installed), then in the language before."""
    global _current
    if lang not in _translations:
        install([lang], add=True)  # beside the others: a site's own catalogs (IOPDIR_LOCALE_PATH) stay installed
    before, _current = _current, lang
    try:
        yield lang
    finally:
        _current = before


def gettext(message: str) -> str:
    """`message` in the language being written (itself in English, or when its catalog lacks it)."""
    if _current == DEFAULT:
        return message
    return _translations[_current].gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    if _current == DEFAULT:
        return singular if count == 1 else plural
    return _translations[_current].ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """A message whose English is ambiguous ("May" the month, "May" the verb), told apart by `context`."""
    if _current == DEFAULT:
        return message
    return _translations[_current].pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a label in a table); it is translated where shown."""
    return message


def locale(lang: str | None = None) -> str:
    """Babel's locale identifier for a language (the one being written by default)."""
    lang = lang or _current
    return LOCALES.get(lang, lang)


def format_date(value, format: str = "long", lang: str | None = None) -> str:
    """A date as the language writes it: "December 3, 2026", "3 de diciembre de 2026"."""
    return babel_dates.format_date(value, format=format, locale=locale(lang))


def format_number(value, lang: str | None = None) -> str:
    """1275.5 -> "1,275.5" (en_US and es_US alike)."""
    return babel_numbers.format_decimal(value, locale=locale(lang))


def language_name(lang: str) -> str:
    """A language's name in itself ("Español"), for the language switch."""
    return NAMES.get(lang) or Locale.parse(locale(lang)).get_display_name(locale(lang)).capitalize()
