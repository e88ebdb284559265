"""`{% call once("name", key, ...) %}...{% endcall %}`: a part of a template made once a build for each value of
its keys and the language being written, then given again as made (in the spirit of Jinja's fragment cache
example; a global rather than a tag, so that Babel and every Jinja tool read the templates as they are).

For the parts every page repeats word for word: the crisis box and the footer depend only on the language and its
address prefix (LANG_ROOT), yet a template writes them again on each of 20,000 pages. A part must depend on nothing
but its keys: the theme says so by the keys it gives.
"""

from __future__ import annotations

from iopdir import i18n


class Once:
    """The template global `once` of one build (made with the build's settings: a part is never kept from one
    build to another)."""

    def __init__(self):
        self.made: dict = {}  # (keys..., language, its catalog as installed) -> the part

    def __call__(self, *keys, caller):
        lang = i18n.current()
        key = (*map(str, keys), lang, i18n._translations.get(lang))  # (LANG_ROOT may be a global's object)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = caller()
        return found
