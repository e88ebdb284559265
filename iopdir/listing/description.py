"""Render a listing's Markdown description safely.

Listings are untrusted: raw HTML is shown as text (never rendered), links keep only http(s), mailto and tel targets,
images become their alt text (an image from another host would tell it who is looking for treatment), and headings
are moved below the page's own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
LOWEST_HEADING = 3  # the program page uses h1 (name) and h2 (sections)


def safe_href(url: str) -> str | None:
    """The URL when its scheme is allowed, else None. Relative links are refused: a listing cannot link into the site."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


class _Sanitise(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag == "img":
                    # Replace the image by its alt text, keeping what followed it.
                    span = etree.Element("span")
                    span.text = el.get("alt") or ""
                    span.tail = el.tail
                    parent.remove(el)
                    parent.insert(i, span)
                elif el.tag == "a":
                    href = safe_href(el.get("href", ""))
                    title = el.get("title")
                    el.attrib.clear()
                    if href:
                        el.set("href", href)
                        el.set("rel", "nofollow noopener noreferrer")
                    else:
                        el.tag = "span"
                    if title:
                        el.set("title", title)
                elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    el.tag = f"h{min(6, max(LOWEST_HEADING, int(el.tag[1]) + LOWEST_HEADING - 1))}"


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Without these two, "<script>" is ordinary text and the serializer escapes it.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md), "iopdir_sanitise", 0)


_converter: markdown.Markdown | None = None

# One line of plain prose: letters, digits, spaces and punctuation that means nothing to Markdown, not starting with
# what could open a list ("2024. ...", "- ..."). Markdown makes exactly "<p>line</p>" of it (a test holds the two
# equal on generated text), without its parser: most descriptions are such a line, and Markdown takes 50 µs each.
_PLAIN_LINE = re.compile(r"[A-Za-z(][A-Za-z0-9 ,.;:'()?%$/-]*")


def render(text: str) -> str:
    """HTML for a description; safe to insert into a page unescaped."""
    if _PLAIN_LINE.fullmatch(text or "") and not text.endswith(" "):
        return f"<p>{text}</p>"
    global _converter
    # One converter, reset between texts: building one (and its extensions) costs more than converting a listing.
    if _converter is None:
        _converter = markdown.Markdown(extensions=[SafeMarkdown()], output_format="html")
    return _converter.reset().convert(text or "")
