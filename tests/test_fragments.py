"""{% call once(...) %}: a template part made once a build for each value of its keys and each language
(plugins/iopdir/fragments.py), as base.html makes the crisis box and the footer."""

from jinja2 import Environment

from iopdir import i18n
from pelican.plugins.iopdir.fragments import Once


def template(once, made):
    env = Environment(autoescape=True)
    env.globals.update(once=once, count=lambda: made.append(1) or len(made))
    return env.from_string('{% call once("box", root) %}<a href="{{ root }}/">{{ count() }}</a>{% endcall %}')


def test_a_part_is_made_once_for_each_key_and_language():
    i18n.install(["en", "es"])
    made = []
    page = template(Once(), made)
    assert [page.render(root="/x"), page.render(root="/x"), page.render(root="/y")] == [
        '<a href="/x/">1</a>', '<a href="/x/">1</a>', '<a href="/y/">2</a>']
    with i18n.using("es"):
        assert page.render(root="/x") == '<a href="/x/">3</a>'
    assert page.render(root="/x") == '<a href="/x/">1</a>'
    assert len(made) == 3


def test_each_build_makes_its_parts_again():
    made = []
    assert [template(Once(), made).render(root=""), template(Once(), made).render(root="")] == [
        '<a href="/">1</a>', '<a href="/">2</a>']
