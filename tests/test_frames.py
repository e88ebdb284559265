"""Program pages from a frame (plugins/iopdir/frames.py): the template rendered once with stand-ins for each page's
own values, each page its text with the holes filled; the same bytes as Jinja's render, or Jinja's render."""

import hashlib

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from pelican.plugins.iopdir import frames
from tests.sites import build_site

BASE = ('<title>{% block title %}{% endblock %}</title>{{ head(self.title(), output_file, lang) }}'
        '{% for code, href, name in language_switch %}<a href="{{ href }}" hreflang="{{ code }}">{{ name }}</a>'
        '{% endfor %}<main>{% block body %}{% endblock %}</main>{% if lang == "en" %}<footer>{{ site }}</footer>'
        '{% endif %}')
PAGE = ('{% extends "base.html" %}{% set p = program %}{% block title %}{{ p.name }} · {{ site }}{% endblock %}'
        '{% block body %}<h1>{{ p.name }}</h1>{{ section(p, lang) }}<p>{{ p.summary_in(lang) }}</p>'
        '<a href="{{ output_file }}">{{ p.organization.name }}</a>{{ own }}{% endblock %}')


class Program:
    def __init__(self, n, name):
        self.id, self.name = f"p{n}", name
        if n < 2:  # the pages the frame is made and checked with: a frame that kept their branch would pass them
            self.phone = "555-0100"
        self.organization = type("Organization", (), {"name": f"Org {n} & Sons"})()

    def summary_in(self, lang):
        return f"{self.name} <{lang}>"


def section(p, lang):
    if p.name == "boom":
        raise ValueError("a section failed")
    return Markup("<section lang={}>{}</section>").format(lang, p.name)


def head(title, output_file, lang):
    return Markup(f'<meta content="{title}" data-file="{output_file}" data-lang="{lang}">')


NAMES = ["Alpha", "Women's IOP", 'A & B <"C">', "Delta", "Ünïcode — café", "Foxtrot"]


def setup(page=PAGE, **templates):
    env = Environment(autoescape=True, loader=DictLoader({"base.html": BASE, "page.html": page, **templates}))
    env.globals.update(section=section, head=head)
    context = {"site": "Directory & Co", "own": "same on every page"}
    template = env.get_template("page.html")
    return template, context, frames.Framed(template, context, own=("program",), names=("output_file",),
                                            lists=("language_switch",))


def page_context(context, n, name, lang="en", switch=None):
    return {**context, "program": Program(n, name), "output_file": f"programs/p{n}/index.html", "lang": lang,
            "language_switch": switch if switch is not None else [("es", f"/es/programs/p{n}/", "Español")]}


def test_pages_from_the_frame_are_jinjas_pages():
    template, context, framed = setup()
    for n, name in enumerate(NAMES):
        page = page_context(context, n, name)
        assert framed.render(page) == template.render(page)
    assert (framed.framed, framed.rendered, framed.refused) == (4, 2, None)


def test_a_filled_value_is_escaped_as_jinja_escapes_it():
    template, context, framed = setup()
    for n in range(2):
        framed.render(page_context(context, n, NAMES[n]))
    text = framed.render(page_context(context, 2, 'A & B <"C">'))
    assert framed.framed == 1
    assert "<h1>A &amp; B &lt;&#34;C&#34;&gt;</h1>" in text
    assert '<meta content="A &amp; B &lt;&#34;C&#34;&gt; · Directory &amp; Co" data-file="programs/p2/index.html"' in text


@pytest.mark.parametrize("body", [
    "{% if p.phone %}phone{% endif %}",
    "{{ p.name|upper }}",
    "{{ p.name|safe }}",
    "{{ p.name|length }}",
    "{% if p.name == 'Alpha' %}first{% endif %}",
    "{% for c in p.name %}.{% endfor %}",
    "{% macro m(x) %}<i>{{ x }} {{ p.phone }}</i>{% endmacro %}{{ m(p.name) }}",
    "{% if p.phone is defined %}phone{% endif %}",
    "{{ output_file[:11] }}",  # text worked out from the page's own: the first two pages' frames differ
    "{{ p.name ~ '!' if p else '' }}",
])
def test_a_template_that_decides_by_a_pages_own_value_is_rendered_by_jinja(body):
    page = PAGE.replace("{{ own }}", body)
    template, context, framed = setup(page)
    for n, name in enumerate(NAMES):
        ctx = page_context(context, n, name)
        assert framed.render(ctx) == template.render(ctx)
    assert framed.framed == 0 and framed.rendered == len(NAMES)
    assert framed.refused


def test_an_include_and_a_function_given_a_pages_values_fill_holes():
    page = PAGE.replace("{{ own }}", '{% include "part.html" %}{{ section(p, lang ~ "-x") }}')
    template, context, framed = setup(page, **{"part.html": "<b>{{ p.organization.name }} {{ p['id'] }}</b>"})
    for n, name in enumerate(NAMES):
        ctx = page_context(context, n, name)
        assert framed.render(ctx) == template.render(ctx)
    assert (framed.framed, framed.refused) == (4, None)


def test_a_page_that_does_not_fit_the_frame_is_rendered_by_jinja():
    template, context, framed = setup()
    pages = [page_context(context, n, name) for n, name in enumerate(NAMES)]
    pages[3]["language_switch"] = [("es", "/es/", "Español"), ("fr", "/fr/", "Français")]  # once in the frame
    pages[4]["lang"] = "es"  # a page's language is not its own value: the frame's is "en"
    for page in pages:
        assert framed.render(page) == template.render(page)
    assert (framed.framed, framed.rendered) == (2, 4)


def test_a_function_that_fails_fails_as_in_jinja():
    template, context, framed = setup()
    for n in range(3):
        framed.render(page_context(context, n, NAMES[n]))
    with pytest.raises(ValueError, match="a section failed"):
        framed.render(page_context(context, 3, "boom"))


def test_the_built_site_is_the_same_with_and_without_frames(tmp_path, monkeypatch):
    """The sample site, and a site with relative addresses, and one with the forge's links (their part,
    _listing_actions.html, tests a listing's values: a hole of its own), built with frames and without: every file
    the same, and every program page but the first two of each language from its frame."""
    counts = []
    fill = frames.Framed.render

    def counted(self, *args, **kwargs):
        text = fill(self, *args, **kwargs)
        counts.append((id(self), self.framed, self.refused))
        return text

    for name, extra in (("plain", {}), ("relative", {"RELATIVE_URLS": True}),
                        ("forge", {"IOPDIR_REPOSITORY": "https://github.com/example/iop-directory"})):
        counts.clear()
        monkeypatch.setattr(frames.Framed, "render", counted)
        framed = build_site(tmp_path / name / "framed" / "out", **extra)
        last = {frame: (made, refused) for frame, made, refused in counts}
        assert len(last) == 2 and all(made > 10 and refused is None for made, refused in last.values())
        monkeypatch.setattr(frames.Framed, "render", lambda self, context: self.template.render(context))
        jinja = build_site(tmp_path / name / "jinja" / "out", **extra)
        assert _files(framed) == _files(jinja)


def _files(site):
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_theme_whose_program_page_tests_a_listings_value_is_built_page_by_page_and_says_so(tmp_path, caplog):
    """An operator's program.html (THEME_TEMPLATES_OVERRIDES) that tests a listing's value: its pages are right, and
    the build's log says they were not made from a frame, and why."""
    from tests.sites import ROOT

    theme = tmp_path / "theme"
    theme.mkdir()
    page = (ROOT / "theme" / "templates" / "program.html").read_text()
    page = page.replace('<article class="program"', '{% if p.id < "m" %}<p class="first-half">A to L</p>{% endif %}'
                        '\n<article class="program"')
    (theme / "program.html").write_text(page)
    with caplog.at_level("INFO", logger="pelican.plugins.iopdir"):
        site = build_site(tmp_path / "out", THEME_TEMPLATES_OVERRIDES=[str(theme)])
    said = sorted(r.getMessage() for r in caplog.records if "not from a frame" in r.getMessage())
    assert [s.split(" made by")[0] for s in said] == ["iopdir: program pages (en)", "iopdir: program pages (es)"]
    assert all("(program.id) is used in the template other than by writing it out" in s for s in said)
    for folder in ("programs", "es/programs"):
        for page in (site / folder).glob("*/index.html"):
            assert ('<p class="first-half">A to L</p>' in page.read_text()) == (page.parent.name < "m"), page
