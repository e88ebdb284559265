"""Issue #13, the mechanism of the site in several languages: one build writes every language of IOPDIR_LANGUAGES
(English at the root, Spanish under /es/ mirroring its paths), each page with its <html lang>, a language switch to
its counterpart, hreflang alternates (and the sitemap's); a broken catalog stops the build before anything is
written; a third language is a catalog and a setting; the page records are per language; no English message of the
catalogs is left on a Spanish page outside the listings' own words (lang="en")."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from iopdir import i18n
from iopdir.cli import main as iopdir_main
from pelican.plugins.iopdir import CatalogsInvalid, remove_unmade
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
VALID = (ROOT / "tests" / "fixtures" / "valid-listing.yaml").read_text(encoding="utf-8")
TODAY = "2026-11-25"
SITE = "https://iop.example.org"
ES_ABOUT = "Title: Acerca de este directorio\nSlug: about\nLang: es\nSummary: Un directorio.\n\nUn directorio.\n"


def listings(folder: Path) -> Path:
    """Two listings in New Jersey."""
    (folder / "nj").mkdir(parents=True)
    (folder / "nj" / "harbor-light-evening-iop.yaml").write_text(VALID, encoding="utf-8")
    (folder / "nj" / "second-iop.yaml").write_text(VALID.replace("id: harbor-light-evening-iop", "id: second-iop")
                                                   .replace("name: Harbor Light Evening IOP", "name: Second IOP"),
                                                   encoding="utf-8")
    return folder


def content(folder: Path) -> Path:
    """The repository's content, with a Spanish About page (same slug, lang: es) when it has none yet."""
    shutil.copytree(ROOT / "content", folder)
    if not any("Slug: about" in p.read_text(encoding="utf-8") and re.search(r"(?mi)^lang: es$", p.read_text(
            encoding="utf-8")) for p in (folder / "pages").rglob("*.md")):
        (folder / "pages" / "es").mkdir(exist_ok=True)
        (folder / "pages" / "es" / "about-stub.md").write_text(ES_ABOUT, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("i18n-site")
    listings(base / "programs")
    content(base / "content")
    return base


@pytest.fixture(scope="module")
def site(base) -> Path:
    """Two listings and the repository's content, in English and Spanish, at an absolute address."""
    return build_site(base / "output", base / "programs", base / "content", SITEURL=SITE, IOPDIR_TODAY=TODAY)


def read(site: Path, address: str) -> str:
    """The page at `address` (an absolute address of the site, or a path from its root)."""
    path = address[len(SITE):] if address.startswith(SITE) else address
    path = path.lstrip("/")
    return (site / (path + "index.html" if path == "" or path.endswith("/") else path)).read_text(encoding="utf-8")


def switch_links(page: str) -> dict[str, str]:
    """The language switch's links: {language: address}."""
    return {code: href for href, code in
            re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" lang="[a-z]+" data-language-switch>', page)}


def hreflang(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]*)">', page))


# Pages of each kind, in English, and their Spanish counterpart.
PAIRS = [("programs/harbor-light-evening-iop/", "es/programs/harbor-light-evening-iop/"),
         ("states/nj/", "es/states/nj/"), ("states/nj/compare/", "es/states/nj/compare/"),
         ("search/", "es/search/"), ("choose/", "es/choose/"), ("compare/", "es/compare/"), ("data/", "es/data/"),
         ("states/", "es/states/"), ("", "es/"), ("about/", "es/about/")]


def test_one_build_writes_every_language_with_its_lang(site):
    for english, spanish in PAIRS:
        assert '<html lang="en" data-lang-root="https://iop.example.org/">' in read(site, english), english
        assert '<html lang="es" data-lang-root="https://iop.example.org/es/">' in read(site, spanish), spanish
    # The facts' labels per language for the scripts; the shared assets stay at the root, not copied.
    assert (site / "facts.json").is_file() and (site / "es" / "facts.json").is_file()
    assert not (site / "es" / "theme").exists() and not (site / "es" / "search" / "data").exists()
    assert (site / "search" / "data").is_dir() and (site / "theme" / "css" / "site.css").is_file()


@pytest.mark.parametrize("english, spanish", PAIRS)
def test_the_language_switch_points_at_the_counterpart(site, english, spanish):
    assert switch_links(read(site, english)) == {"es": f"{SITE}/{spanish}"}
    assert switch_links(read(site, spanish)) == {"en": f"{SITE}/{english}"}
    read(site, spanish), read(site, english)  # both exist


def test_a_page_without_translation_switches_to_the_other_languages_home(base, site):
    untranslated = [p for p in (base / "content" / "pages").glob("*.md")
                    if not (site / "es" / re.search(r"(?m)^Slug: (.*)$", p.read_text()).group(1)).exists()]
    if not untranslated:
        pytest.skip("every content page has its Spanish translation")
    slug = re.search(r"(?m)^Slug: (.*)$", untranslated[0].read_text()).group(1)
    page = read(site, f"{slug}/")
    assert switch_links(page) == {"es": f"{SITE}/es/"}
    assert "hreflang" not in "".join(re.findall(r"<link[^>]*>", page))  # nothing claims a translation


@pytest.mark.parametrize("english, spanish", PAIRS)
def test_hreflang_alternates_in_the_head(site, english, spanish):
    expected = {"en": f"{SITE}/{english}", "es": f"{SITE}/{spanish}", "x-default": f"{SITE}/{english}"}
    assert hreflang(read(site, english)) == expected
    assert hreflang(read(site, spanish)) == expected


def test_the_error_page_claims_no_translation(site):
    assert hreflang(read(site, "404.html")) == {}


def test_each_language_has_its_error_page(site):
    """/es/404.html in Spanish (a host shows it for a missing address under /es/ when told to); like the English
    one it claims no translation, asks not to be indexed and is not in the sitemap, and its switch goes home."""
    page = read(site, "es/404.html")
    assert '<html lang="es"' in page and "<h1>No se encontró la página</h1>" in page and "Page not found" not in page
    assert f'href="{SITE}/es/states/"' in page and hreflang(page) == {}
    assert '<meta name="robots" content="noindex">' in page and 'rel="canonical"' not in page
    assert switch_links(page) == {"en": f"{SITE}/"}
    assert switch_links(read(site, "404.html")) == {"es": f"{SITE}/es/"}
    assert "404.html" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_sitemap_lists_both_languages_with_their_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    for english, spanish in PAIRS:
        alternates = (f'<xhtml:link rel="alternate" hreflang="en" href="{SITE}/{english}"/>'
                      f'<xhtml:link rel="alternate" hreflang="es" href="{SITE}/{spanish}"/>'
                      f'<xhtml:link rel="alternate" hreflang="x-default" href="{SITE}/{english}"/></url>')
        for address in (english, spanish):
            assert re.search(rf"<url><loc>{re.escape(f'{SITE}/{address}')}</loc>(<lastmod>[0-9-]+</lastmod>)?"
                             + re.escape(alternates), sitemap), address


def test_the_crisis_bar_in_spanish(site):
    for _, spanish in PAIRS:
        bar = re.search(r'<aside class="crisis".*?</aside>', read(site, spanish), re.S).group(0)
        assert 'aria-label="Ayuda en caso de crisis"' in bar
        assert 'Llame al <a href="tel:988">988</a> y oprima 2' in bar
        assert 'la palabra AYUDA por mensaje de texto al <a href="sms:988">988</a>' in bar
        assert "Línea Nacional de Ayuda de SAMHSA" in bar and '<a href="tel:+18006624357">1-800-662-4357</a>' in bar
        assert f'<a href="{SITE}/es/crisis/">' in bar


def test_spanish_pages_link_to_spanish_pages_and_shared_assets_at_the_root(site):
    home = read(site, "es/")
    assert f'href="{SITE}/es/search/"' in home and f'action="{SITE}/es/search/"' in home
    assert f'href="{SITE}/es/states/nj/"' in home
    assert f'href="{SITE}/theme/css/site.css"' in home
    assert f'href="{SITE}/search/"' not in home


def fragments(message) -> list[str]:
    """The English words of a message that a page would show: its literal parts between placeholders, of 3 words or
    more (shorter ones, "Search", "Home", are too common to tell a leftover from a word the page means)."""
    texts = message.id if isinstance(message.id, tuple) else (message.id,)
    parts = [part.strip(" .,;:()") for text in texts for part in re.split(r"%\([a-z_]+\)[sd]|%[sd]", text)]
    return [" ".join(part.split()) for part in parts if len(part.split()) >= 3]


class ShownText(HTMLParser):
    """The text a Spanish page shows (and its labels: aria-label, title, alt, placeholder), without the parts marked
    as another language (a listing's own words, lang="en"), scripts and styles."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) skipped
        self.parts: list[str] = []

    def skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = self.skipped() or tag in ("script", "style") or (attrs.get("lang") or "es").split("-")[0] != "es"
        if not skip:
            self.parts += [attrs[name] for name in ("aria-label", "title", "alt", "placeholder") if attrs.get(name)]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipped():
            self.parts.append(data)


def shown(page: str) -> str:
    parser = ShownText()
    parser.feed(page[page.index("<body"):])
    return " ".join(" ".join(parser.parts).split())


def leftovers(site: Path) -> dict[str, list[str]]:
    """{English message: [Spanish pages showing it]} over every Spanish page of a built site."""
    messages = []
    for path in (i18n.LOCALE_DIR / "messages.pot", i18n.catalog_path("es")):
        with path.open("rb") as f:
            messages += [m for m in read_po(f) if m.id]
    wanted = sorted({fragment for m in messages for fragment in fragments(m)})
    found: dict[str, list[str]] = {}
    for page in sorted((site / "es").rglob("*.html")):
        text = shown(page.read_text(encoding="utf-8"))
        for fragment in wanted:
            if fragment in text:
                found.setdefault(fragment, []).append(page.relative_to(site).as_posix())
    return found


def test_the_scanner_sees_an_untranslated_message():
    page = ('<body><p>Browse programs by state</p><p lang="en">This directory is information, not medical advice.</p>'
            '<nav aria-label="Pages of the comparison (top)"></nav><script>var a = "Recently verified programs";'
            '</script></body>')
    text = shown(page)
    assert "Browse programs by state" in text and "Pages of the comparison (top)" in text
    assert "information, not medical advice" not in text and "Recently verified" not in text


def test_no_english_message_is_left_on_a_spanish_page(built_site):
    """Every Spanish page of the repository's site, outside lang="en" regions (the listings' own words), holds no
    English message of the catalogs (3 words or more)."""
    found = leftovers(built_site)
    assert not found, "English messages left on Spanish pages: " + "; ".join(
        f"{m!r} on {', '.join(pages[:3])}" for m, pages in sorted(found.items())[:40])


BROKEN = {
    "fuzzy": ('msgid "Skip to main content"\nmsgstr', '#, fuzzy\nmsgid "Skip to main content"\nmsgstr',
              "'Skip to main content' is marked fuzzy"),
    "untranslated": ('msgstr "Ir al contenido principal"', 'msgstr ""', "'Skip to main content' has no translation"),
    "malformed": ('msgid "Skip to main content"\n', 'msgid "Skip to main content"\nnot gettext\n',
                  "Unknown or misformatted keyword"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_catalog_stops_the_build_and_keeps_the_previous_output(base, site, tmp_path, capsys, kind):
    old, new, said = BROKEN[kind]
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = snapshot(output)
    locale = tmp_path / "locale"
    catalog = i18n.catalog_path("es", locale)
    catalog.parent.mkdir(parents=True)
    text = i18n.catalog_path("es").read_text(encoding="utf-8")
    assert old in text
    catalog.write_text(text.replace(old, new), encoding="utf-8")
    line = text.replace(old, new).splitlines().index('msgid "Skip to main content"') + 1 if kind != "malformed" else 0
    with pytest.raises(CatalogsInvalid, match=r"in the message catalogs; nothing was written or deleted"):
        build_site(output, base / "programs", base / "content", SITEURL=SITE, IOPDIR_TODAY=TODAY,
                   IOPDIR_LOCALE_PATH=str(locale), DELETE_OUTPUT_DIRECTORY=True)
    err = capsys.readouterr().err
    assert f"{catalog}:" in err and said in err
    if kind == "malformed":  # the line Babel could not read
        line = text.replace(old, new).splitlines().index("not gettext") + 1
    assert f"{catalog}:{line}:1: error: catalog:" in err
    assert snapshot(output) == before


def test_a_third_language_is_a_catalog_and_a_setting(base, tmp_path):
    locale = tmp_path / "locale"
    for lang in ("es", "fr"):  # (the Spanish words stand in for French: only the mechanism is tested)
        i18n.catalog_path(lang, locale).parent.mkdir(parents=True)
        shutil.copy(i18n.catalog_path("es"), i18n.catalog_path(lang, locale))
    try:
        site = build_site(tmp_path / "output", base / "programs", base / "content", SITEURL=SITE,
                          IOPDIR_TODAY=TODAY, IOPDIR_LANGUAGES=["en", "es", "fr"], IOPDIR_LOCALE_PATH=str(locale))
    finally:
        i18n.install(["en", "es"])  # the package's catalogs again, for the tests after this one
    for path in ("fr/", "fr/programs/harbor-light-evening-iop/", "fr/states/nj/", "fr/states/nj/compare/",
                 "fr/search/", "fr/choose/", "fr/compare/", "fr/data/"):
        page = read(site, path)
        assert '<html lang="fr" data-lang-root="https://iop.example.org/fr/">' in page, path
        assert "Llame al" in page  # the catalog's words
    assert (site / "fr" / "facts.json").is_file()
    english = read(site, "states/nj/")
    assert switch_links(english) == {"es": f"{SITE}/es/states/nj/", "fr": f"{SITE}/fr/states/nj/"}
    assert '<a href="https://iop.example.org/fr/states/nj/" hreflang="fr" lang="fr" data-language-switch>Français' \
        in english
    assert hreflang(english)["fr"] == f"{SITE}/fr/states/nj/"


def test_page_records_are_per_language(base, tmp_path):
    """A rebuild with nothing changed writes no listing page in any language; a change to the Spanish catalog makes
    the Spanish pages again and leaves the English ones as they were."""
    locale = tmp_path / "locale"
    catalog = i18n.catalog_path("es", locale)
    catalog.parent.mkdir(parents=True)
    shutil.copy(i18n.catalog_path("es"), catalog)
    settings = dict(SITEURL=SITE, IOPDIR_TODAY=TODAY, IOPDIR_LOCALE_PATH=str(locale))
    try:
        site = build_site(tmp_path / "output", base / "programs", base / "content", **settings)
        pages = ["programs/harbor-light-evening-iop/index.html", "states/nj/index.html",
                 "states/nj/compare/index.html"]
        times = {p: (site / p).stat().st_mtime_ns for p in pages + [f"es/{p}" for p in pages]}
        build_site(site, base / "programs", base / "content", **settings)
        assert {p: (site / p).stat().st_mtime_ns for p in times} == times
        catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "Inicio"', 'msgstr "Portada"'),
                           encoding="utf-8")
        build_site(site, base / "programs", base / "content", **settings)
    finally:
        i18n.install(["en", "es"])
    for p in pages:
        assert (site / p).stat().st_mtime_ns == times[p], p
        assert (site / "es" / p).stat().st_mtime_ns != times[f"es/{p}"], p
    assert ">Portada</a>" in (site / "es" / "states" / "nj" / "index.html").read_text(encoding="utf-8")


def test_a_closed_listings_pages_go_in_every_language(tmp_path):
    output = tmp_path / "output"
    for path in ("programs/gone/index.html", "es/programs/gone/index.html", "es/about/index.html"):
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_text("x")
    assert remove_unmade(output, ["programs/gone/index.html", "es/programs/gone/index.html",
                                  "es/about/index.html"]) == 2
    assert not (output / "es" / "programs").exists() and (output / "es" / "about" / "index.html").is_file()


def test_i18n_check_names_what_is_missing(tmp_path, capsys):
    locale = tmp_path / "locale"
    catalog = i18n.catalog_path("es", locale)
    catalog.parent.mkdir(parents=True)
    text = i18n.catalog_path("es").read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Inicio"', 'msgstr ""'), encoding="utf-8")
    assert iopdir_main(["i18n", "check", "--locale-path", str(locale)]) == 1
    line = text.splitlines().index('msgstr "Inicio"')  # the msgid's line, 1-based
    assert f"{catalog}:{line}:1: error: catalog: 'Home' has no translation" in capsys.readouterr().err
    assert iopdir_main(["i18n", "check"]) == 0  # the package's catalogs are complete


def test_i18n_extract_and_update_keep_translations(tmp_path, capsys):
    template = tmp_path / "messages.pot"
    assert iopdir_main(["i18n", "extract", "--template", str(template)]) == 0
    with template.open("rb") as f:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert {"Skip to main content", "In crisis?", "IOPs in %(state)s", "%(count)s program"} <= ids
    # The committed template is what extraction makes now (else: run make i18n).
    assert template.read_text(encoding="utf-8").split("\n\n", 1)[1] == \
        (i18n.LOCALE_DIR / "messages.pot").read_text(encoding="utf-8").split("\n\n", 1)[1]
    locale = tmp_path / "locale"
    catalog = i18n.catalog_path("es", locale)
    catalog.parent.mkdir(parents=True)
    shutil.copy(i18n.catalog_path("es"), catalog)
    # A new language: its catalog made from the template, every message to translate (check says so).
    assert iopdir_main(["i18n", "update", "--template", str(template), "--locale-path", str(locale),
                        "--lang", "es", "--lang", "fr"]) == 0
    assert i18n.read_catalog(catalog, "es").get("Skip to main content").string == "Ir al contenido principal"
    with i18n.catalog_path("fr", locale).open("rb") as f:
        assert {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id} == ids
    capsys.readouterr()
    assert iopdir_main(["i18n", "check", "--template", str(template), "--locale-path", str(locale),
                        "--lang", "fr"]) == 1
    assert "'Skip to main content' has no translation" in capsys.readouterr().err


def test_the_forms_hints_are_extracted_from_the_schema():
    """The list-your-program form's hints are the listing schema's descriptions (the schema itself stays English):
    extraction takes each one the form shows from the schema, at its line, so the completeness check above fails when
    one lacks its translation (seen: 'Oldest age served.' emptied). What the form does not show stays out."""
    from iopdir.cli.i18n import extract
    from iopdir.tools import form

    catalog = extract()
    for question in form.questions():
        for text in (question.label, question.hint):
            assert catalog.get(text) is not None, (question.path, text)
    assert all(catalog.get(section.heading) is not None for section in form.sections())
    hint = catalog.get("The program's name as families know it, at most 120 characters.")
    [(where, line)] = hint.locations
    schema = (ROOT / "schema" / "program.schema.json").read_text(encoding="utf-8").splitlines()
    assert where == "schema/program.schema.json" and "as families know it" in schema[line - 1]
    assert any("for name:" in comment for comment in hint.auto_comments)
    assert catalog.get("Version of the listing format; always 1.") is None  # a description the form does not show
    # and the schema's error messages, which the form's check shows (script_words.schema_errors)
    from iopdir.listing import script_words
    assert script_words.schema_errors()
    assert all(catalog.get(text) is not None for text in script_words.schema_errors())


def test_a_site_left_with_pelicans_page_paths_gets_the_mirrored_ones():
    """An operator's pelicanconf.py (iopdir init) need not know: Pelican's default pages/about-es.html becomes
    es/about/, a site's own choice stays."""
    from pelican.settings import DEFAULT_CONFIG

    from pelican.plugins.iopdir import languages

    settings = {"PAGE_LANG_URL": DEFAULT_CONFIG["PAGE_LANG_URL"]}
    languages.page_paths(settings)
    assert settings == {"PAGE_LANG_URL": "{lang}/{slug}/", "PAGE_LANG_SAVE_AS": "{lang}/{slug}/index.html"}
    mine = {"PAGE_LANG_URL": "{lang}/pages/{slug}.html", "PAGE_LANG_SAVE_AS": "{lang}/pages/{slug}.html"}
    languages.page_paths(mine)
    assert mine == {"PAGE_LANG_URL": "{lang}/pages/{slug}.html", "PAGE_LANG_SAVE_AS": "{lang}/pages/{slug}.html"}


def test_writing_in_a_language_not_installed_keeps_the_others(tmp_path):
    """i18n.using() installs a missing language beside the installed ones: an operator's own catalog (here "fr",
    from another folder) is not dropped when something writes in Spanish."""
    locale = tmp_path / "locale"
    i18n.catalog_path("fr", locale).parent.mkdir(parents=True)
    shutil.copy(i18n.catalog_path("es"), i18n.catalog_path("fr", locale))
    try:
        i18n.install(["en", "fr"], locale)
        with i18n.using("es"):
            assert i18n.gettext("Not reported") == "No informado"
        with i18n.using("fr"):  # still the operator's catalog
            assert i18n.gettext("Not reported") == "No informado"
        assert "fr" in i18n._translations
    finally:
        i18n.install(["en", "es"])
