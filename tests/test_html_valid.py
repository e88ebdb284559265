"""Every built page passes the Nu HTML Checker with zero errors."""

from tests.browser import vnu_errors


def test_every_page_is_valid_html(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 30
    assert vnu_errors(built_site) == []
