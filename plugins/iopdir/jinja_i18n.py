"""Jinja's i18n extension with the site's own gettext (iopdir.i18n): the templates' {{ _("Search") }} and
{% trans %} blocks are looked up in the language being written when a page is rendered, never when a template is
compiled, so one compiled template serves every language. Newstyle gettext: `_("%(n)s programs", n=3)` formats,
and escapes what it is given while trusting the catalog's text."""

from __future__ import annotations

from jinja2.ext import InternationalizationExtension

from iopdir import i18n


class Gettext(InternationalizationExtension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)


def install(settings: dict) -> None:
    """Add the extension to the site's Jinja environment (once: a theme or another plugin may have added an i18n
    extension of its own), and LANG_ROOT, the prefix of the pages in the language being written, as SITEURL where
    no language loop sets it for a page."""
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    extensions = list(environment.get("extensions") or [])
    if not any("i18n" in (e if isinstance(e, str) else f"{e.__module__}.{e.__name__}") for e in extensions):
        extensions.append(Gettext)
    settings["JINJA_ENVIRONMENT"] = {**environment, "extensions": extensions}
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("LANG_ROOT", settings.get("SITEURL", ""))
