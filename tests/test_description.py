"""Descriptions are untrusted Markdown: no raw HTML, no foreign link schemes, no images from other hosts."""

import pytest

from iopdir.description import render, safe_href


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
