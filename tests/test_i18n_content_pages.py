"""The content pages in Spanish: content/pages/es/<name>.md for every content/pages/<name>.md, paired by Pelican as
translations (the same slug, lang: es), with the crisis lines Spanish speakers need."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sites import ROOT

PAGES = ROOT / "content" / "pages"
ENGLISH = sorted(PAGES.glob("*.md"))


def metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {m.group(1).lower(): m.group(2).strip() for m in re.finditer(r"(?m)^(\w+):\s*(.*)$", head)}


@pytest.mark.parametrize("english", ENGLISH, ids=[p.stem for p in ENGLISH])
def test_every_page_has_its_spanish_translation(english):
    spanish = PAGES / "es" / english.name
    assert spanish.is_file(), f"no Spanish page for {english.name}"
    en, es = metadata(english), metadata(spanish)
    assert es["lang"] == "es" and es["slug"] == en["slug"]
    assert es.get("template") == en.get("template")
    assert es["title"] != en["title"] and es["summary"] != en["summary"]


def test_spanish_pages_link_to_spanish_pages():
    """A Spanish page links to the Spanish version of a page, except where it says the page is in English."""
    for page in sorted((PAGES / "es").glob("*.md")):
        for target in re.findall(r"\{filename\}/pages/([^)]*)\)", page.read_text(encoding="utf-8")):
            assert target.startswith("es/") or page.stem == "list-your-program", (page.name, target)
            assert (PAGES / target).is_file(), (page.name, target)


def test_the_spanish_crisis_page_gives_the_spanish_lines():
    text = (PAGES / "es" / "crisis.md").read_text(encoding="utf-8")
    for needed in ("llame al 988 y oprima 2", "**AYUDA** al [988](sms:988)", "chat en español",
                   "Línea Nacional de Ayuda de SAMHSA", "[1-800-662-4357](tel:+18006624357)", "En inglés y en español",
                   "Llame al [911](tel:911)", "oprima 1"):
        assert needed.lower() in text.lower(), needed
