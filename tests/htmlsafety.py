"""What markup a page carries, to compare a page built from hostile text with one built from plain text.

A listing's text may change what a page *says*, never what it *is*: no element, attribute or link scheme that the
theme (and the safe Markdown of descriptions) would not write for a plain listing, and no script at all beyond the
site's own files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# What a description's Markdown may add (iopdir.listing.description: raw HTML off, images as text, h1-h2 moved to h3+).
MARKDOWN_TAGS = {"p", "em", "strong", "a", "span", "ul", "ol", "li", "h3", "h4", "h5", "h6", "code", "pre",
                 "blockquote", "hr", "br"}
MARKDOWN_ATTRIBUTES = {"href", "rel", "title"}
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}  # "" is a link within the site
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background"}


@dataclass
class Shape:
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    schemes: set[str] = field(default_factory=set)
    scripts: list[str] = field(default_factory=list)  # src of every <script>; "" for an inline one
    links: list[str] = field(default_factory=list)

    def problems(self, baseline: "Shape") -> list[str]:
        """Everything in this page that a plain listing's page does not have and Markdown cannot explain."""
        out = []
        extra_tags = self.tags - baseline.tags - MARKDOWN_TAGS
        if extra_tags:
            out.append(f"elements not in the theme: {sorted(extra_tags)}")
        extra_attributes = self.attributes - baseline.attributes - MARKDOWN_ATTRIBUTES
        if extra_attributes:
            out.append(f"attributes not in the theme: {sorted(extra_attributes)}")
        handlers = sorted(a for a in self.attributes if a.startswith("on"))
        if handlers:
            out.append(f"event handlers: {handlers}")
        known = set(baseline.links)  # the theme's own links (such as its data: favicon) are not the listing's
        foreign = {_scheme(link) for link in self.links if link not in known} - SAFE_SCHEMES
        if foreign:
            out.append(f"link schemes: {sorted(foreign)}")
        if sorted(set(self.scripts)) != sorted(set(baseline.scripts)):
            out.append(f"scripts {self.scripts}, the theme ships {baseline.scripts}")
        return out


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "(unparsable)"


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape = Shape()

    def handle_starttag(self, tag, attrs):
        self.shape.tags.add(tag)
        for name, value in attrs:
            self.shape.attributes.add(name)
            if name in URL_ATTRIBUTES and value is not None:
                self.shape.schemes.add(_scheme(value))
                self.shape.links.append(value)
        if tag == "script":
            self.shape.scripts.append(dict(attrs).get("src") or "")

    handle_startendtag = handle_starttag


def shape(html: str) -> Shape:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.shape
