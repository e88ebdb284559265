"""Jinja's i18n extension with the site's own gettext (iopdir.i18n): the templates' {{ _("Search") }} and
{% trans %} blocks are looked up in the language being written when a page is rendered, never when a template is
compiled, so one compiled template serves every language. Newstyle gettext: `_("%(n)s programs", n=3)` formats,
and escapes what it is given while trusting the catalog's text."""

from __future__ import annotations

from jinja2.ext import InternationalizationExtension
from markupsafe import Markup

from iopdir import i18n


class Gettext(InternationalizationExtension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)


class LangRoot:
    """LANG_ROOT where a page's context does not give it: in a macro imported without context (program_card, in
    _macros.html), which sees only the globals. The prefix of the pages in the language being written: SITEURL for
    the first language of IOPDIR_LANGUAGES, SITEURL/<lang> for another (a page's own LANG_ROOT, set by the language
    loop, is the same and takes precedence in its template)."""

    def __init__(self, settings: dict):
        self.settings = settings

    def __str__(self) -> str:
        root, lang = self.settings.get("SITEURL", ""), i18n.current()
        first = (self.settings.get("IOPDIR_LANGUAGES") or [i18n.DEFAULT])[0]
        return root if lang == first else f"{root}/{lang}"

    def __html__(self) -> str:
        return str(Markup.escape(str(self)))


def install(settings: dict) -> None:
    """Add the extension to the site's Jinja environment (once: a theme or another plugin may have added an i18n
    extension of its own), and LANG_ROOT as a global (LangRoot)."""
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    extensions = list(environment.get("extensions") or [])
    if not any("i18n" in (e if isinstance(e, str) else f"{e.__module__}.{e.__name__}") for e in extensions):
        extensions.append(Gettext)
    settings["JINJA_ENVIRONMENT"] = {**environment, "extensions": extensions}
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("LANG_ROOT", LangRoot(settings))
