"""`{% call once("name", key, ...) %}...{% endcall %}`: a part of a template made once a build for each value of
its keys and the language being written, then given again as made (in the spirit of Jinja's fragment cache
example; a global rather than a tag, so that Babel and every Jinja tool read the templates as they are).

For the parts every page repeats word for word: the crisis box and the footer depend only on the language and its
address prefix (LANG_ROOT), yet a template writes them again on each of 20,000 pages. A part must depend on nothing
but its keys: the theme says so by the keys it gives.
"""

from __future__ import annotations

from iopdir import pages


class Once:
    """The template global `once` of one build (made with the build's settings: a part is never kept from one
    build to another)."""

    def __init__(self):
        self.made: dict = {}  # (keys..., language, its catalog as installed) -> the part

    def __call__(self, *keys, caller):
        key = (*map(str, keys), pages._language())  # (LANG_ROOT may be a global's object)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = caller()
        return found
