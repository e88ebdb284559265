"""iopdir: load, validate, model, index and export Intensive Outpatient Program listings.

The core library knows nothing of Pelican: ``plugins/iopdir_pelican`` renders what it produces.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository's ``schema/`` folder: the JSON Schema and the vocabularies (the listing contract).
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
