"""Building the site in a test: the repository's pelicanconf.py, with every cache beside the output.

One place for the settings a test build needs, so no test writes into the repository's .cache/ and no two tests
share a validation cache, a page record or a Whoosh index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def site_settings(output: Path, programs: Path | None = None, content: Path | None = None, **extra) -> dict:
    output = Path(output)
    override = {
        "PATH": str(content or ROOT / "content"), "OUTPUT_PATH": str(output), "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"), "IOPDIR_INDEX_PATH": str(output.parent / "index"),
        "IOPDIR_CACHE_PATH": str(output.parent / "iopdir-cache"),
    }
    if programs is not None:
        override["IOPDIR_PROGRAMS_PATH"] = str(programs)
    override.update(extra)
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def published(site: Path) -> list[str]:
    """The ids of the programs a built site has a page for."""
    return [p.parent.name for p in (Path(site) / "programs").glob("*/index.html")]


def comparison_shard(site: Path, program_id: str) -> str:
    """The comparison data file of a built site that holds `program_id` (relative to the site)."""
    from iopdir.build import datafiles

    return f"{datafiles.COMPARE_DATA}/{datafiles.shard_of(program_id, datafiles.shard_count(len(published(site))))}.json"


def build_site(output: Path, programs: Path | None = None, content: Path | None = None, **extra) -> Path:
    """Build into `output` (the repository's listings unless `programs` is given); returns `output`."""
    Pelican(site_settings(output, programs, content, **extra)).run()
    return Path(output)


def pelican_command(base: Path, output: Path, *options: str, **settings) -> subprocess.CompletedProcess:
    """`pelican` as its own process, as a publisher runs it: the repository's pelicanconf.py with `settings` on top,
    written to base/conf.py, building the repository's content into `output`. Output is captured as text."""
    conf = Path(base) / "conf.py"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                    + "".join(f"{name} = {value!r}\n" for name, value in settings.items()))
    return subprocess.run([sys.executable, "-m", "pelican", str(ROOT / "content"), "-s", str(conf), "-o", str(output),
                           *options], cwd=base, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "300"})  # Pelican's log wraps lines at the width
