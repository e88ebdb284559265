"""Jinja's i18n extension with the site's own gettext (iopdir.i18n): the templates' {{ _("Search") }} and
{% trans %} blocks. Newstyle gettext: `_("%(n)s programs", n=3)` formats, and escapes what it is given while trusting
the catalog's text.

In the site's own environment a message is looked up when a page is rendered, in the language being written, so one
compiled template serves every language. The listings' pages are written from an environment of their language
(`for_language`): there a constant message, `_("Search")` with nothing to fill in, is translated once, when the
template is compiled, and Jinja writes the translation into the compiled template as text. A program page has about
thirty of them; looked up at each render, they cost a sixth of the page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.bccache import BytecodeCache
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from iopdir import i18n
from iopdir.fingerprint import read_signed, write_signed

# The attribute an environment made by for_language() carries: (language, its catalog object as installed).
LANGUAGE = "iopdir_language"


class Gettext(InternationalizationExtension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)

    def filter_stream(self, stream: TokenStream):
        """`_("literal")` (one string, nothing to fill in) as `("translation"|safe)` in an environment of one
        language: what newstyle gettext returns at render time (the catalog's text as safe, its `%%` as `%`),
        made once."""
        language = getattr(self.environment, LANGUAGE, None)
        if language is None or self.environment.autoescape is not True:
            yield from stream
            return
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, lparen, string, rparen = window
            if (name.type == "name" and name.value == "_" and lparen.type == "lparen" and string.type == "string"
                    and rparen.type == "rparen"):
                yield from _translated(string, language[0])
                window.clear()
            else:
                yield window.pop(0)
        yield from window

    def _make_node(self, singular, plural, context, variables, plural_expr, vars_referenced, num_called_num):
        """A {% trans %} block without a plural, in an environment of one language: its message translated now,
        its variables filled in when the page is rendered, as newstyle gettext does (`Markup(text) % variables`:
        the catalog's text trusted, the values escaped)."""
        language = getattr(self.environment, LANGUAGE, None)
        if language is None or self.environment.autoescape is not True or plural_expr is not None or context:
            return super()._make_node(singular, plural, context, variables, plural_expr, vars_referenced,
                                      num_called_num)
        with i18n.using(language[0]):
            text = i18n.gettext(singular)
        pairs = [nodes.Pair(nodes.Const(key), value) for key, value in variables.items()]
        return nodes.Output([nodes.Mod(nodes.MarkSafe(nodes.Const(text)), nodes.Dict(pairs))])


def _translated(string: Token, lang: str):
    with i18n.using(lang):
        text = str(Markup(i18n.gettext(string.value)) % {})
    line = string.lineno
    yield Token(line, "lparen", "(")
    yield Token(line, "string", text)
    yield Token(line, "pipe", "|")
    yield Token(line, "name", "safe")
    yield Token(line, "rparen", ")")


def for_language(environment, lang: str, cache_folder: Path | None = None):
    """An environment like `environment` (its loader, globals, filters and extensions) whose templates are compiled
    for `lang` (with its catalog as now installed): a cache of templates of its own, empty, since a template
    compiled elsewhere holds no translations. `cache_folder`: where its compiled templates are kept between builds
    (TemplateCache), None for nowhere."""
    # No check that a template's file changed at each use (a stat for every include on every page): a build makes
    # its generators, and so these environments, anew (pelican --autoreload too).
    overlay = environment.overlay(cache_size=max(environment.cache.capacity if environment.cache else 0, 400),
                                  auto_reload=False,
                                  bytecode_cache=TemplateCache(cache_folder) if cache_folder is not None else None)
    setattr(overlay, LANGUAGE, (lang, i18n._translations.get(lang)))
    return overlay


class TemplateCache(BytecodeCache):
    """The compiled templates of an environment of one language, kept in the build's cache folder: compiling the
    site's templates is a tenth of a rebuild after one listing's edit. Kept by the template's name and source (as
    Jinja's own caches are) and by everything else compiling reads here: the language and its catalog's messages
    (translated into the compiled code), this module, Jinja's version and the environment's syntax options. Only a
    file this user's build wrote is loaded (iopdir.fingerprint's signature: loading compiled code runs it)."""

    KIND = "compiled template"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, bucket) -> Path:
        key = hashlib.sha256(f"{bucket.key}\0{_environment_key(bucket.environment)}".encode()).hexdigest()
        return self.folder / f"{key}.bin"

    def load_bytecode(self, bucket) -> None:
        payload = read_signed(self._path(bucket), self.KIND)
        if payload is not None:
            bucket.bytecode_from_string(bytes(payload))  # a stale or damaged one is refused by Jinja (magic, checksum)

    def dump_bytecode(self, bucket) -> None:
        try:
            write_signed(self._path(bucket), self.KIND, bucket.bytecode_to_string())
        except OSError:
            pass  # only a slower next build


_OWN_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _environment_key(environment) -> str:
    """What else than a template's source its compiled code depends on in `environment` (made once for it)."""
    made = getattr(environment, "_iopdir_compile_key", None)
    if made is None:
        lang, catalog = getattr(environment, LANGUAGE, (None, None))
        messages = sorted(getattr(catalog, "_catalog", {}).items(), key=repr)
        options = [getattr(environment, o) for o in (
            "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")]
        parts = [jinja2.__version__, _OWN_SOURCE, lang, repr(messages), repr(options),
                 repr(environment.autoescape is True), repr(sorted(environment.extensions))]
        made = hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()
        environment._iopdir_compile_key = made
    return made


class LangRoot:
    """LANG_ROOT where a page's context does not give it: in a macro imported without context, which sees only the
    globals. The prefix of the pages in the language being written: SITEURL for the first language of
    IOPDIR_LANGUAGES, SITEURL/<lang> for another (a page's own LANG_ROOT, set by the language loop, is the same and
    takes precedence in its template)."""

    def __init__(self, settings: dict):
        self.settings = settings

    def __str__(self) -> str:
        root, lang = self.settings.get("SITEURL", ""), i18n.current()
        first = (self.settings.get("IOPDIR_LANGUAGES") or [i18n.DEFAULT])[0]
        return root if lang == first else f"{root}/{lang}"

    def __html__(self) -> str:
        return str(Markup.escape(str(self)))


def _is_i18n(extension) -> bool:
    name = extension if isinstance(extension, str) else f"{extension.__module__}.{extension.__name__}"
    return name in ("jinja2.ext.i18n", "jinja2.ext.InternationalizationExtension")


def install(settings: dict) -> None:
    """Our extension in the site's Jinja environment (in place of Jinja's own i18n extension if a theme named it:
    two would each claim {% trans %}), and LANG_ROOT as a global (LangRoot)."""
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    extensions = [e for e in environment.get("extensions") or [] if not _is_i18n(e)]
    if Gettext not in extensions:
        extensions.append(Gettext)
    settings["JINJA_ENVIRONMENT"] = {**environment, "extensions": extensions}
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("LANG_ROOT", LangRoot(settings))
