"""Descriptions are untrusted Markdown: no raw HTML, no foreign link schemes, no images from other hosts."""

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from iopdir.listing import description
from iopdir.listing.description import render, safe_href


def test_markdown_renders():
    assert render("Three *evenings* a week:\n\n- group\n- **individual**") == (
        "<p>Three <em>evenings</em> a week:</p>\n<ul>\n<li>group</li>\n<li><strong>individual</strong></li>\n</ul>")


@pytest.mark.parametrize("raw, html", [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("a <img src=x onerror=alert(1)> b", "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>"),
    ('<iframe src="https://evil.example"></iframe>', '<p>&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</p>'),
    ("&lt;b&gt; &amp; &#60;i&#62;", "<p>&lt;b&gt; &amp; &#60;i&#62;</p>"),
])
def test_raw_html_is_text(raw, html):
    assert render(raw) == html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "/admin", "//evil.example/"])
def test_unsafe_links_lose_their_target(url):
    assert render(f"[click]({url})") == "<p><span>click</span></p>"


def test_safe_links_keep_their_target():
    assert render("[site](https://a.example/x) [call](tel:+19735550142) [mail](mailto:a@b.example)") == (
        '<p><a href="https://a.example/x" rel="nofollow noopener noreferrer">site</a> '
        '<a href="tel:+19735550142" rel="nofollow noopener noreferrer">call</a> '
        '<a href="mailto:a@b.example" rel="nofollow noopener noreferrer">mail</a></p>')


def test_images_become_their_alt_text():
    assert render("Our building ![a red door](https://tracker.example/pixel.png) today") == (
        "<p>Our building <span>a red door</span> today</p>")


def test_headings_sit_below_the_page_headings():
    assert render("# Big\n\n## Smaller") == "<h3>Big</h3>\n<h4>Smaller</h4>"


def test_safe_href():
    assert safe_href(" https://a.example ") == "https://a.example"
    assert safe_href("java\nscript:alert(1)") is None
    assert safe_href("http://[") is None


def markdown_itself(text):
    """What Python-Markdown (with the safety extension) makes of `text`, without render()'s plain-prose shortcut."""
    return description.markdown.Markdown(extensions=[description.SafeMarkdown()], output_format="html").convert(text)


# Text that looks like prose but sits at the edge of the shortcut: list and heading openers, numbers, spaces,
# punctuation, Markdown's own characters.
_EDGES = ["1. First", "2024. A year", "- item", "-- dash", "(a) b", "a  b", "a ", " a", "a\nb", "a: b/c; d?",
          "50% off $3", "It's", "a - b", "A*b*", "a_b_c", "[x](y)", "a & b", "a < b", "#1 program", "a.", "(", "Z"]


@pytest.mark.parametrize("text", _EDGES + ["Spanish-speaking clinicians lead a separate group on Tuesdays."])
def test_plain_prose_renders_as_markdown_would(text):
    assert description.render(text) == markdown_itself(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ09 ,.;:'()?%$/-\\n*_#>&<", max_size=40))
def test_plain_prose_renders_as_markdown_would_on_generated_text(text):
    assert description.render(text) == markdown_itself(text)
