"""pages.esc: the page helpers' escaping for f-strings gives exactly what markupsafe's escape() gives, as plain text."""

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from iopdir.pages import esc


class Shown:
    def __html__(self):
        return "<b>already HTML</b>"


class Named(str):
    """A str subclass that is not Markup: escaped as text."""


def test_each_character_html_gives_meaning_to_is_escaped_as_escape_does():
    text = "Tom & Jerry's <b>\"IOP\"</b>"
    assert esc(text) == str(escape(text)) == "Tom &amp; Jerry&#39;s &lt;b&gt;&#34;IOP&#34;&lt;/b&gt;"
    assert type(esc(text)) is str  # not Markup: it goes into an f-string


def test_other_values_as_escape_gives_them():
    for value in ("", "plain words", "año · niños", Markup("<a href='x'>safe</a>"), 12, 1.5, None, True, Shown(),
                  Named("a < b")):
        assert esc(value) == str(escape(value)), value
        assert type(esc(value)) is str
    assert esc(Markup("<br>")) == "<br>"  # already safe: left as it is
    assert esc(Named("a < b")) == "a &lt; b"


@given(st.text())
def test_any_text_escapes_as_escape_does(text):
    assert esc(text) == str(escape(text))
