"""The program page and the tools' pages in Spanish (#13), rendered from the theme's templates through a Jinja
environment set up as the plugin sets up Pelican's (its helpers, the i18n extension), inside i18n.using("es"): what
a person reads is Spanish, and the English page is unchanged. (The whole site's /es/ build is the language loop's:
its tests build it.)"""

import datetime as dt
import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import escape

from iopdir import i18n
from iopdir.build.listings import validate_paths
from pelican.plugins import iopdir as plugin
from tests.sites import site_settings

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 4)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = site_settings(tmp_path_factory.mktemp("i18n") / "output", IOPDIR_TODAY=TODAY.isoformat())
    plugin.add_template_helpers(SimpleNamespace(settings=settings))
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), **settings["JINJA_ENVIRONMENT"])
    env.filters.update(settings["JINJA_FILTERS"])
    env.globals.update(settings["JINJA_GLOBALS"])
    report = validate_paths([ROOT / "programs"], today=TODAY)
    assert report.ok
    return SimpleNamespace(env=env, settings=settings, programs={p.id: p for p in report.programs})


def render(site, template, lang, **context):
    root = "" if lang == "en" else f"/{lang}"
    with i18n.using(lang):
        return site.env.get_template(template).render(
            {**site.settings, "lang": lang, "LANG_ROOT": root, "output_file": "x/index.html", "page": None,
             "forge": None, **context})


def program_page(site, program_id, lang):
    p = site.programs[program_id]
    state = SimpleNamespace(name=p.state, url=f"states/{p.state.lower()}/", code=p.state)
    return render(site, "program.html", lang, program=p, state=state)


def main_text(page: str) -> str:
    """The page's <main>, tags and the regions in English (lang="en": the listing's own words) left out."""
    main = page[page.index('<main'):page.index('</main>')]
    main = re.sub(r'<(p|div|dd|h3)[^>]* lang="en"[^>]*>.*?</\1>', " ", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_an_absent_fact_reads_no_informado(site):
    page = program_page(site, "ponderosa-ridge-telehealth-iop", "es")
    dds = re.findall(r"<dd>(.*?)</dd>", page)
    assert '<span class="unknown">No informado</span>' in dds
    assert "Not reported" not in page


def test_group_headings_and_table_of_contents_in_spanish(site):
    page = program_page(site, "lanternwood-evening-iop", "es")
    for heading in ("Horario", "Tratamiento", "Familia y atención posterior al tratamiento", "Seguro médico y costo",
                    "Contacto y ubicaciones", "Verificación", "Resultados y recomendaciones"):
        assert f">{heading}</h2>" in page, heading
        assert f">{heading}</a></li>" in page, heading  # the table of contents
    assert ">De un vistazo</h2>" in page


def test_the_verified_line_in_spanish_with_the_es_us_date(site):
    p = site.programs["lanternwood-evening-iop"]
    page = program_page(site, p.id, "es")
    when = i18n.format_date(p.last_verified, lang="es")
    assert re.fullmatch(r"\d{1,2} de [a-z]+ de \d{4}", when)
    who = {"provider": "por el programa", "maintainer": "por el equipo del directorio"}[
        p.get("verification", "verified_by")]
    assert f'Verificado el <time datetime="{p.last_verified.isoformat()}">{when}</time> {who}' in page


def test_times_and_day_names_in_spanish(site):
    page = program_page(site, "lanternwood-evening-iop", "es")
    assert '<time datetime="18:00">6:00 p.m.</time>' in page
    days = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert days[:7] == ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    assert re.search(r'<b class="c1">lun</b>', page)  # the week grid's short day names
    assert not re.search(r"\d (am|pm)\b", main_text(page))


def test_links_go_to_the_spanish_pages_and_assets_stay_at_the_root(site):
    page = program_page(site, "lanternwood-evening-iop", "es")
    assert 'href="/es/states/' in page and 'href="/es/verification/"' in page
    assert 'href="/theme/css/week.css"' in page


def test_a_listings_own_words_are_marked_english(site):
    p = site.programs["lanternwood-evening-iop"]
    page = program_page(site, p.id, "es")
    assert f'<p class="lead" lang="en">{html.escape(p.summary, quote=False)}' in page.replace("&#39;", "'")
    assert '<dd lang="en">Family night every Wednesday' in page  # a note of the listing's
    assert '<h3 id="track-1" lang="en">Evening track</h3>' in page  # a track's name
    assert ' lang="en"' not in program_page(site, p.id, "en").split("<main", 1)[1]


def test_no_english_template_text_on_the_spanish_program_page(site):
    """Outside the listing's own words, the page's sentences are the catalog's Spanish: none of the English
    sentences the page's templates write is left."""
    text = main_text(program_page(site, "lanternwood-evening-iop", "es"))
    for english in ("Not reported", "Schedule and hours", "Add to comparison", "Compare the programs in",
                    "How listings are checked", "Weekly timetable", "Always confirm details", "Verified",
                    "No ratings or reviews", "by the provider", "Hours a week", "Monday"):
        assert english not in text, english


@pytest.mark.parametrize("template, spanish", [
    ("search.html", ["Encuentre un programa", "¿Qué busca?", "Cerca del código postal", "25 millas", "Filtros"]),
    ("compare.html", ["Comparar programas", "Programas lado a lado", "Enlace a esta comparación"]),
])
def test_the_tools_pages_in_spanish(site, template, spanish):
    state = SimpleNamespace(name="Arizona", url="states/az/")
    page = render(site, template, "es", programs=list(site.programs.values()), program_states=[state],
                  compare_shards=1)
    for words in spanish:
        assert words in page, words
    assert 'action="/es/search/"' in page or 'href="/es/search/"' in page


def test_the_english_page_is_unchanged_by_the_spanish_one(site):
    """Rendering Spanish in between leaves the English page as it was (no cache answers in the wrong language)."""
    before = program_page(site, "lanternwood-evening-iop", "en")
    program_page(site, "lanternwood-evening-iop", "es")
    after = program_page(site, "lanternwood-evening-iop", "en")
    assert before == after
    assert ">Schedule and hours</h2>" in after and '<time datetime="18:00">6:00 pm</time>' in after


def test_a_card_without_the_pages_context_follows_the_language(site):
    """A card (pages.card) given the global LANG_ROOT, as a template without a page's context has it: its links and
    lang="en" follow the language being written."""
    p = site.programs["lanternwood-evening-iop"]
    card = site.env.from_string("{{ card(p, LANG_ROOT) }}")
    with i18n.using("es"):
        spanish = card.render(p=p)
    english = card.render(p=p)
    assert f'<a href="/es/{p.url}">' in spanish and '<p lang="en">' in spanish
    assert "De un vistazo" not in spanish and ">Para quién es</h4>" in spanish  # the glance, in Spanish
    assert f'<a href="/{p.url}">' in english and ' lang="en"' not in english


def test_the_choose_page_in_spanish(site):
    from iopdir.choosing import checklist

    made = checklist.read(ROOT / "content" / "checklist.yaml", list(site.programs.values()))
    page = render(site, "choose.html", "es", checklist=made)
    for words in ("Preguntas para hacer", "Pregunte:", "Mostrar los programas que coinciden", "Borrar mis respuestas",
                  "En una semana"):
        assert words in page, words
    # what each listing says about an item: the facts' labels, in Spanish
    assert "En cada listado: Acreditado, Licencias estatales." in page  # (seen failing without the filter)
    assert 'action="/es/search/"' in page and 'href="/es/compare/"' in page


def test_the_data_page_in_spanish(site):
    from iopdir.tools import directory

    page = render(site, "data.html", "es", programs=list(site.programs.values()), licence={"title": "CC0 1.0",
                  "name": "CC0-1.0", "path": None}, columns=directory.COLUMNS, imported=2, hsds_tables=(),
                  hsds_version="3.1", folder="data", csv_name="programs.csv", json_name="programs.json",
                  schema_name="program.schema.json", hsds_folder="hsds")
    for words in ("Descargar el directorio", "Licencia y créditos", "Las columnas de programs.csv",
                  "Los listados importados de datos públicos (2 de", "<td>Horas por semana</td>"):
        assert words in page, words
    assert 'href="/data/programs.csv"' in page  # the files stay at the root


def test_the_list_your_program_page_in_spanish(site):
    from iopdir.tools import form

    page = render(site, "list-your-program.html", "es", listing_form=form,
                  page=SimpleNamespace(title="Inscriba su programa", content="", slug="list-your-program"))
    for words in ("Conteste las preguntas de abajo", '"No informado"', "Revisar mis respuestas",
                  "Descargar el archivo", "(obligatoria)", ">Horario</h2>"):
        assert words in page, words
    # The hints are the schema's descriptions, in Spanish through the catalog and no longer marked as English; the
    # labels and choices too (seen failing when the hints were the schema's English, lang="en").
    assert '<p class="hint" id="lf-name-hint">El nombre del programa como lo conocen las familias, hasta 120 ' \
           'caracteres.</p>' in page
    assert '<label for="lf-organization-name">Organización que lo dirige' in page
    assert '<label for="lf-focus-mental_health">Salud mental</label>' in page and '<th scope="row">lunes</th>' in page
    assert ' lang="en"' not in page[page.index("<main"):]
    with i18n.using("es"):
        for q in form.questions():
            spanish = i18n.gettext(q.hint)
            assert spanish != q.hint, f"{q.path}: its hint has no Spanish"
            assert f'<p class="hint" id="{q.id}-hint">{escape(spanish)}</p>' in page, q.path


def test_the_spanish_pages_are_valid_html(site, tmp_path):
    """The Spanish renders (every sample program, the search and compare pages) pass the Nu HTML Checker."""
    from tests.browser import vnu_errors

    for program_id in site.programs:
        (tmp_path / f"{program_id}.html").write_text(program_page(site, program_id, "es"), encoding="utf-8")
    state = SimpleNamespace(name="Arizona", url="states/az/")
    for template in ("search.html", "compare.html"):
        (tmp_path / template).write_text(render(site, template, "es", programs=list(site.programs.values()),
                                                program_states=[state], compare_shards=1), encoding="utf-8")
    assert vnu_errors(tmp_path) == []
