"""Caches are keyed on what they depend on, and `./dev clean` removes them wherever they live (issue #11, item 6).

The validation cache's key is the whole package (code and data files, the ZIP table included) and the schema
(iopdir.fingerprint.code_fingerprint): a hand-kept list of files once missed the ZIP table, and a cached run then
accepted a ZIP that an uncached run refused.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

from iopdir import fingerprint

ROOT = Path(__file__).resolve().parent.parent
LISTING = "programs/nj/lanternwood-evening-iop.yaml"
ZIPS = ("07102", "07960")  # the listing's locations

VALIDATE = """
import datetime as dt, sys
import iopdir
from iopdir.build.listings import validate_paths
assert iopdir.__file__.startswith(sys.argv[2]), iopdir.__file__  # the package meant, not another
report = validate_paths(["programs"], today=dt.date(2026, 11, 20), cache=sys.argv[1] or None)
print("\\n".join(str(f) for f in report.findings))
"""


def validate(site: Path, package: Path, cache: Path | None) -> str:
    """The findings on `site`'s listings by the package in `package` (a folder holding `iopdir`), in a process of
    its own (the ZIP table is read once a process)."""
    env = {**os.environ, "PYTHONPATH": str(package)}
    done = subprocess.run([sys.executable, "-c", VALIDATE, str(cache or ""), str(package)], cwd=site, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_changed_zip_table_invalidates_the_cached_validation(tmp_path):
    site = tmp_path / "site"
    (site / LISTING).parent.mkdir(parents=True)
    shutil.copy(ROOT / LISTING, site / LISTING)
    # A copy of the package (with its schema where iopdir.schema is found), to edit its ZIP table.
    package = tmp_path / "package"
    shutil.copytree(ROOT / "iopdir", package / "iopdir", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schema", package / "iopdir" / "schema", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "validation.pickle"
    before = validate(site, package, cache)  # the cache now holds the listing, checked with the full table
    assert "postal_code" not in before
    assert validate(site, package, cache) == before  # (from the cache)

    table = package / "iopdir" / "data" / "zips.tsv.gz"  # the listing's ZIPs removed from the table
    lines = gzip.decompress(table.read_bytes()).decode().split("\n")
    table.write_bytes(gzip.compress("\n".join(x for x in lines if not x.startswith(ZIPS)).encode()))
    cached = validate(site, package, cache)
    uncached = validate(site, package, None)
    assert "postal_code" in uncached  # the edited table no longer knows the ZIPs
    assert cached == uncached


def test_dev_clean_removes_the_caches_wherever_they_live(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "dev", site / "dev")
    (site / "programs").mkdir()
    for name in ("output", "cache", ".cache"):  # the output, Pelican's cache, where iopdir's caches used to be
        (site / name).mkdir()
        (site / name / "file").write_text("x")
    user = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(user))
    kept, key = fingerprint.site_cache(site / "programs"), user / "iopdir" / "key"
    other = user / "iopdir" / "0123456789abcdef01234567"  # another site's
    for folder in (kept / "index", other):
        folder.mkdir(parents=True)
        (folder / "validation.pickle").write_bytes(b"x")
    key.write_bytes(bytes(32))

    done = subprocess.run(["bash", str(site / "dev"), "clean"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in site.iterdir()) == ["dev", "programs"]
    assert not kept.exists()
    assert other.is_dir() and key.is_file()  # another site's caches, and the key, stay
    assert f"removing {kept}" in done.stderr
