"""Pelican settings for the IOP directory (development). Run from the repository root:

    pelican content -s pelicanconf.py -o output
"""

from pathlib import Path

import iopdir

HERE = Path(__file__).resolve().parent

SITENAME = "IOP Directory"
SITE_TAGLINE = "Find an intensive outpatient program for mental health or substance use"
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"

PATH = "content"
# The installed package's theme and plugin (a namespace plugin: no PLUGIN_PATHS).
THEME = iopdir.theme_path()
PLUGINS = ["pelican.plugins.iopdir"]

# The listings (see the plugin, pelican.plugins.iopdir, for its settings and defaults).
IOPDIR_PROGRAMS_PATH = str(HERE / "programs")
IOPDIR_TODAY = None  # today; tests pin a date so freshness badges are reproducible

# The bundled listings are fictional; a real directory sets this to False.
SAMPLE_DATA = True

# Crisis resources are shown on every page.
CRISIS_LINE = {"name": "988 Suicide & Crisis Lifeline", "display": "988", "tel": "tel:988", "sms": "sms:988"}
HELPLINE = {"name": "SAMHSA National Helpline", "display": "1-800-662-4357", "tel": "tel:+18006624357"}

# Escape everything by default: listings are untrusted. Trusted HTML (our own pages, sanitised Markdown) is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Only pages (content/pages/*.md); this site has no blog.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A page's translation (same slug, `lang: es`) mirrors its path under the language's folder: /es/about/.
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "404"]
INDEX_SAVE_AS = "index.html"
SAVE_AS_404 = "404.html"
TEMPLATE_PAGES = {}
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
ARTICLE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False

STATIC_PATHS = []
# Markdown for our own pages; listings' descriptions use iopdir.listing.description (raw HTML off).
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
    "output_format": "html5",
}
