"""Issue #16.7: links from a listing stay off the site. An http(s) address needs a host (scheme://host/...):
browsers read "https:/search/?q=x" and "https:search" as pages of the site showing them, and '\\' as '/', so
"https:\\evil.example/" is the path /evil.example/ of the directory itself. The validator says so, with the field and
a hint, and the description renderer never makes such a link."""

import re
from pathlib import Path

import pytest

from iopdir.listing.description import render, safe_href
from iopdir.listing.validation import validate_bytes

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
HINT = "write scheme://host/..., such as https://example.org/page"
INTO_THE_SITE = ["https:/search/?q=x", "https:search", "https:\\evil.example/", "https:\\\\evil.example",
                 "HTTPS:/search", "http:/programs/other/", "https:///search", "https:", "https://:443/x",
                 "ht\ttps:/search", " https:/search", "https://\\evil.example/", "https://harbor.example\\@evil.example/"]
OFF_SITE = ["https://harborlight.example/iop", "http://harborlight.example", "HTTPS://harborlight.example:8443/a?b#c",
            "https://café.example/", "mailto:intake@harborlight.example", "tel:988"]


def errors(text: str, field: str) -> list[str]:
    return [f.message for f in validate_bytes(text.encode(), "x.yaml").findings if f.field == field and f.is_error]


def with_description(text: str) -> str:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return VALID.replace("focus:", f'description: "{quoted}"\nfocus:', 1)


# Each address in each way a description can hold a link; an address with a space or tab is no autolink (<...>).
LINK_FORMS = [(url, form) for url in INTO_THE_SITE
              for form in ["[our page]({})", "See <{}> for hours.", "Hours: {} (updated weekly)"]
              if not (form.startswith("See <") and any(c in url for c in " \t"))]


@pytest.mark.parametrize("url, form", LINK_FORMS)
def test_validator_refuses_a_description_link_without_a_host(url, form):
    found = errors(with_description(form.format(url)), "description")
    assert len(found) == 1 and found[0].startswith("the link '") and HINT in found[0], found


@pytest.mark.parametrize("url", ["https:///search", "https://\\evil.example/", "https://user@evil.example/"])
def test_validator_refuses_a_website_without_a_host(url):
    quoted = url.replace("\\", "\\\\")
    found = errors(VALID.replace("website: https://harborlight.example/iop", f'website: "{quoted}"'),
                   "contact.website")
    assert len(found) == 1, found  # one finding a field, this one or the schema's
    assert HINT in found[0] or "expected a web address" in found[0]


@pytest.mark.parametrize("url", ["https:/search/?q=x", "https:search", "https:\\evil.example/", "https:\\\\evil.example"])
def test_validator_refuses_the_issues_forms_as_a_website(url):
    quoted = url.replace("\\", "\\\\")
    assert errors(VALID.replace("website: https://harborlight.example/iop", f'website: "{quoted}"'),
                  "contact.website")


@pytest.mark.parametrize("url", OFF_SITE)
def test_validator_accepts_links_with_a_host(url):
    assert errors(with_description(f"[our page]({url}) and {url}"), "description") == []


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("url", INTO_THE_SITE)
def test_renderer_never_links_into_the_site(url):
    for text in [f"[our page]({url})", f"<{url}>", f"[our page][1]\n\n[1]: {url}"]:
        html = render(text)
        for href in hrefs(html):
            # Off-site: the scheme, "//" and a host, with nothing a browser would read as '/' on the way.
            assert re.match(r"(https?://[^/\\?#@:]+|mailto:|tel:)", href, re.I) and "\\" not in href, (text, html)
    assert safe_href(url) is None


@pytest.mark.parametrize("url", OFF_SITE)
def test_renderer_keeps_links_with_a_host(url):
    assert hrefs(render(f"[our page]({url})")) == [url.replace("&", "&amp;")]
    assert safe_href(url) == url
