"""Pelican settings for publishing: the development settings plus a site URL and a clean output folder."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# Where the site is served, without a trailing slash, e.g. https://iop.example.org (a GitHub Pages project path works).
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
# Safe because listings are validated before Pelican empties the folder (see pelican.plugins.iopdir).
DELETE_OUTPUT_DIRECTORY = True
