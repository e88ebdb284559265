"""Render a listing's Markdown description safely.

Listings are untrusted: raw HTML is shown as text (never rendered), links keep only http(s), mailto and tel targets,
images become their alt text (an image from another host would tell it who is looking for treatment), and headings
are moved below the page's own.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
LOWEST_HEADING = 3  # the program page uses h1 (name) and h2 (sections)

# Python-Markdown reads '[' (a link or an image may start there) in quadratic time: 5,000 in a description took 4 s,
# 15,000 in the checklist 40 s. And it recurses once per level of lists and quotes inside each other: "- " 500 times
# (1,000 characters) ends in a RecursionError. Text past these limits is refused by the validators and shown as
# plain text by render().
MAX_BRACKETS = 100
MAX_NESTING = 20

# A browser drops tabs and line breaks anywhere in an address, and C0 controls and spaces at its ends.
_URL_IGNORED = re.compile("[\t\n\r]")
_URL_ENDS = "".join(map(chr, range(0x21)))
_AUTHORITY = re.compile(r"https?://([^/?#]*)", re.I)
_HOST_HINT = "write scheme://host/..., such as https://example.org/page"  # after what is wrong


def clean_url(url: str) -> str:
    """The address as a browser reads it from an attribute."""
    return _URL_IGNORED.sub("", url or "").strip(_URL_ENDS)


def link_problem(url: str) -> str | None:
    """Why an http(s) address would not lead off the site, or None (also for other schemes). Browsers read
    "https:/search/" and "https:search" (no host) as pages of the site showing them, and '\\' as '/'."""
    url = clean_url(url)
    if not (url[:5].lower() == "http:" or url[:6].lower() == "https:"):
        return None
    if "\\" in url:
        return f"has a backslash, which browsers read as '/'; {_HOST_HINT}"
    authority = _AUTHORITY.match(url)
    if authority and "@" in authority.group(1):
        return f"has a name before '@', which hides the real host; {_HOST_HINT}"
    if not authority or not authority.group(1).split(":")[0]:
        return f"needs a host (without one, a browser opens it as a page of this site); {_HOST_HINT}"
    return None


def safe_href(url: str) -> str | None:
    """The URL when its scheme is allowed (and an http(s) one has a host), else None. Relative links are refused: a
    listing cannot link into the site."""
    url = clean_url(url)
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in SAFE_SCHEMES or link_problem(url):
        return None
    return url


def _nesting(text: str) -> int:
    """How deep lists, quotes and indented blocks can nest in `text` (at least as deep as Markdown makes them)."""
    if not _MAYBE_NESTED.search(text):
        return 0
    deepest = 0
    for line in text.expandtabs(4).splitlines():
        body = line.lstrip(" ")
        if not body or body[0] not in _NEST_STARTS:
            continue
        markers, pos = 0, 0
        while (m := _NEST_MARKER.match(body, pos)) and m.end() > pos:
            markers += 1
            pos = m.end()
        if markers:  # indentation alone is a code block, not a level (four spaces a level inside lists)
            deepest = max(deepest, markers + (len(line) - len(body)) // 4)
    return deepest


_NEST_STARTS = frozenset(">-*+0123456789")
_MAYBE_NESTED = re.compile(r"^[ \t]*[>*+0-9-]", re.M)
_NEST_MARKER = re.compile(r" *(?:>|[-*+](?= |$)|[0-9]{1,9}[.)](?= |$))")


def markdown_problem(text: str) -> str | None:
    """Why Markdown text would take too long or recurse too deep to render, or None."""
    brackets = (text or "").count("[")
    if brackets > MAX_BRACKETS:
        return f"has {brackets:,} '['; at most {MAX_BRACKETS} allowed (each may start a link)"
    depth = _nesting(text or "")
    if depth > MAX_NESTING:
        return f"nests lists or quotes {depth:,} levels deep; at most {MAX_NESTING} allowed"
    return None


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
    if markdown_problem(text):
        # The validators refuse such text; should any reach here, it is shown as it was written.
        return "".join(f"<p>{html.escape(part)}</p>" for part in re.split(r"\n\s*\n", text.strip()) if part)
    global _converter
    # One converter, reset between texts: building one (and its extensions) costs more than converting a listing.
    if _converter is None:
        _converter = markdown.Markdown(extensions=[SafeMarkdown()], output_format="html")
    return _converter.reset().convert(text or "")
