"""iopdir: load, validate, model, index and export Intensive Outpatient Program listings.

Layers, each a subpackage, each importing only those before it: ``listing`` (strict YAML, validation, the program
model, the one definition of facts and their wording), ``search`` (analysis, facets, the index, queries, the
export), ``choosing`` (checklist, comparison), ``tools`` (import, audit, skeleton, reference, synthetic data), ``build`` (the data files, the
caches, the second process) and ``cli`` (one module per command); ``fingerprint`` (cache keys) and ``settings``
(the table of IOPDIR_* settings) sit below them all. ``.importlinter`` states these rules and tests/test_layers.py
holds the code to them. The core knows nothing of Pelican: the plugin ``pelican.plugins.iopdir`` (source:
``plugins/iopdir/``) renders what it produces, with the theme ``iopdir.theme``.
"""

from importlib.resources import files
from pathlib import Path

__version__ = "0.1.0"

#: The listing contract: the JSON Schema and the vocabularies (package data; the source is the top-level schema/).
SCHEMA_DIR = Path(str(files("iopdir.schema")))


def theme_path() -> str:
    """The installed theme's folder, for a site's ``THEME`` setting."""
    return str(files("iopdir.theme"))
