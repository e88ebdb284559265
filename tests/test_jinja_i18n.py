"""The templates' messages (plugins/iopdir/jinja_i18n.py): in an environment of one language a constant message is
translated when the template is compiled; what a page shows is the same as when it is looked up at render time."""

from __future__ import annotations

import shutil

import pytest
from jinja2 import DictLoader, Environment

from iopdir import i18n
from pelican.plugins.iopdir import jinja_i18n

TEMPLATES = {
    "constant": '<a href="/">{{ _("Home") }}</a> {{ _("Search")|upper }} {{ _("In crisis?") ~ "!" }}',
    "percent": '{{ _("100%% fictional") }}',
    "filled": '{{ _("Call or text %(call)s.", call=number, text=number) }}',
    "trans": '{% trans state=name %}Compare the programs in {{ state }}{% endtrans %}',
    "plain_trans": '{% trans %}"Not reported" means the listing does not say; it does not mean "No". '
                   'Always confirm details with the program.{% endtrans %}',
    "plural": "{% trans count=n %}{{ count }} program{% pluralize %}{{ count }} programs{% endtrans %}",
}
VALUES = {"name": "<b>New Jersey</b>", "number": "988", "n": 3}


@pytest.fixture
def site_env():
    i18n.install(["en", "es"])
    return Environment(loader=DictLoader(TEMPLATES), autoescape=True, extensions=[jinja_i18n.Gettext])


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_language_environment_shows_what_the_runtime_lookup_shows(site_env, lang, name):
    own = jinja_i18n.for_language(site_env, lang)
    with i18n.using(lang):
        assert own.get_template(name).render(VALUES) == site_env.get_template(name).render(VALUES)


def test_spanish_words_and_escaped_values(site_env):
    own = jinja_i18n.for_language(site_env, "es")
    with i18n.using("es"):
        assert own.get_template("constant").render() == '<a href="/">Inicio</a> BUSCAR ¿Está en crisis?!'
        assert own.get_template("trans").render(VALUES) == "Compare los programas de &lt;b&gt;New Jersey&lt;/b&gt;"
        assert own.get_template("plural").render(VALUES) == "3 programas"


def test_a_constant_message_is_compiled_in_as_text(site_env):
    """The point of it: no lookup left in the compiled code for a constant message or a trans block's text."""
    own = jinja_i18n.for_language(site_env, "es")
    for name, translation in (("constant", "Inicio"), ("plain_trans", "No informado"), ("trans", "Compare los")):
        code = own.compile(own.loader.get_source(own, name)[0], raw=True)
        assert translation in code and "context.call(" not in code, name
    code = site_env.compile(site_env.loader.get_source(site_env, "constant")[0], raw=True)
    assert "Inicio" not in code and "'Home'" in code  # the site's own environment looks up at render time


def test_a_theme_naming_jinjas_own_i18n_extension_gets_ours_once():
    settings = {"JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n", "jinja2.ext.do"]}}
    jinja_i18n.install(settings)
    jinja_i18n.install(settings)
    assert settings["JINJA_ENVIRONMENT"]["extensions"] == ["jinja2.ext.do", jinja_i18n.Gettext]


def test_compiled_templates_are_kept_and_show_the_same(site_env, tmp_path):
    """A rebuild loads the templates compiled by the last one (TemplateCache) rather than compiling them again."""
    shown = {}
    for lang in ("en", "es"):
        first = jinja_i18n.for_language(site_env, lang, tmp_path)
        with i18n.using(lang):
            shown[lang] = {name: first.get_template(name).render(VALUES) for name in TEMPLATES}
    assert len(list(tmp_path.glob("*.bin"))) == 2 * len(TEMPLATES)  # each language's own compiled code
    for lang in ("en", "es"):
        again = jinja_i18n.for_language(site_env, lang, tmp_path)
        again.compile = lambda *args, **kwargs: pytest.fail("compiled again")
        with i18n.using(lang):
            assert {name: again.get_template(name).render(VALUES) for name in TEMPLATES} == shown[lang]
    assert shown["es"]["constant"].startswith('<a href="/">Inicio</a>')


def test_a_kept_template_is_not_used_after_its_catalog_changed(site_env, tmp_path):
    """The Spanish catalog's words are in the compiled code: an edited catalog must not be served its old words."""
    kept = tmp_path / "kept"
    with i18n.using("es"):
        assert jinja_i18n.for_language(site_env, "es", kept).get_template("constant").render().startswith(
            '<a href="/">Inicio</a>')
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    catalog = i18n.catalog_path("es", locale)
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "Inicio"', 'msgstr "Portada"'),
                       encoding="utf-8")
    i18n.install(["en", "es"], locale)
    try:
        with i18n.using("es"):
            assert jinja_i18n.for_language(site_env, "es", kept).get_template("constant").render().startswith(
                '<a href="/">Portada</a>')
    finally:
        i18n.install(["en", "es"])


def test_a_kept_template_someone_else_wrote_is_not_loaded(site_env, tmp_path):
    """Loading compiled code runs it: a file in the cache folder that this user's build did not sign is refused."""
    with i18n.using("es"):
        jinja_i18n.for_language(site_env, "es", tmp_path).get_template("constant").render()
    (kept,) = tmp_path.glob("*.bin")
    data = bytearray(kept.read_bytes())
    data[-1] ^= 1
    kept.write_bytes(bytes(data))
    again = jinja_i18n.for_language(site_env, "es", tmp_path)
    compiled = []
    plain_compile = again.compile
    again.compile = lambda *args, **kwargs: compiled.append(args[1]) or plain_compile(*args, **kwargs)
    with i18n.using("es"):
        assert again.get_template("constant").render().startswith('<a href="/">Inicio</a>')
    assert compiled == ["constant"]
