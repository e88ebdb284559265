"""The links to a state comparison's pages (iopdir.pages.pager), exactly as the page has them, above and below the
table: the previous page, every page (the current one marked), the next page; nothing for a table of one page."""

from dataclasses import dataclass

from iopdir import i18n
from iopdir.pages import pager


@dataclass
class Page:
    number: int
    count: int

    def url_of(self, number: int) -> str:
        return "states/nj/compare/" + (f"{number}/" if number > 1 else "")


def test_a_middle_page_links_back_every_page_and_on():
    assert pager(Page(2, 3), "top", "") == (
        '<nav class="pager" aria-label="Pages of the comparison (top)">\n  <ul>\n'
        '<li><a href="/states/nj/compare/" rel="prev">Previous page</a></li>'
        '<li><a href="/states/nj/compare/">Page 1</a></li>'
        '<li><a href="/states/nj/compare/2/" aria-current="page">Page 2</a></li>'
        '<li><a href="/states/nj/compare/3/">Page 3</a></li>'
        '<li><a href="/states/nj/compare/3/" rel="next">Next page</a></li>'
        "  </ul>\n</nav>\n")


def test_the_first_page_has_no_previous_and_the_last_no_next():
    first, last = pager(Page(1, 2), "bottom", "/x"), pager(Page(3, 3), "bottom", "/x")
    assert first == (
        '<nav class="pager" aria-label="Pages of the comparison (bottom)">\n  <ul>\n'
        '<li><a href="/x/states/nj/compare/" aria-current="page">Page 1</a></li>'
        '<li><a href="/x/states/nj/compare/2/">Page 2</a></li>'
        '<li><a href="/x/states/nj/compare/2/" rel="next">Next page</a></li>'
        "  </ul>\n</nav>\n")
    assert 'rel="next"' not in last and '<li><a href="/x/states/nj/compare/2/" rel="prev">' in last
    assert '<a href="/x/states/nj/compare/3/" aria-current="page">Page 3</a>' in last


def test_one_page_needs_no_links():
    assert pager(Page(1, 1), "top", "") == ""


def test_in_spanish_and_under_an_address_that_needs_escaping():
    with i18n.using("es"):
        made = pager(Page(1, 2), "top", "https://x.example/a&b")
    assert made.startswith('<nav class="pager" aria-label="Páginas de la comparación (arriba)">')
    assert '<li><a href="https://x.example/a&amp;b/states/nj/compare/2/">Página 2</a></li>' in made
    assert ">Página siguiente</a>" in made
