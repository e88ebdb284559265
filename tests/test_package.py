"""The package as an operator gets it: the wheel built from this checkout, installed with the pinned versions into a
fresh virtual environment outside the checkout; there `iopdir init` makes a site, a listing is added, and that
environment's `pelican` builds the same site as the checkout does; `iopdir validate` reports what it reports here.

One wheel and one environment for the module (building and installing take most of its time)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from iopdir.cli import main
from tests.sites import build_site, comparison_shard

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
ADDED = "programs/az/red-rock-wash-teen-iop.yaml"  # a listing added to the new site (a sample, fictional)
# Not sources: what a checkout gathers around them (the venv, caches, builds).
NOT_SOURCES = {".git", ".venv", "node_modules", "output", ".cache", "cache", "build", "dist", ".pytest_cache",
               ".hypothesis", "bench"}
# Each source folder and where the wheel puts it.
PACKAGED = {"iopdir": "iopdir", "schema": "iopdir/schema", "theme": "iopdir/theme", "scaffold": "iopdir/scaffold",
            "plugins/iopdir": "pelican/plugins/iopdir"}


@dataclass
class Installed:
    wheel: Path
    bin: Path
    site_packages: Path
    env: dict

    def run(self, command: str, *args, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([str(self.bin / command), *map(str, args)], cwd=cwd, env=self.env, capture_output=True,
                              text=True)
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done


def _not_sources(folder, names):
    top = Path(folder).resolve() == ROOT
    return {n for n in names if n == "__pycache__" or (top and (n in NOT_SOURCES or n.endswith(".egg-info")))}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("package")
    # Built from a copy, as from a fresh clone: setuptools writes build/ and *.egg-info into the folder it builds.
    source = base / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_not_sources)
    quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", *quiet, "--no-deps", "-w", base / "wheel", source],
                   check=True, capture_output=True)
    (wheel,) = (base / "wheel").glob("iopdir-*.whl")
    # No pip of its own (ensurepip takes longer than the rest): this pip installs into it (pip >= 22.3).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", base / "venv"], check=True, capture_output=True)
    bin_ = base / "venv" / "bin"
    subprocess.run([sys.executable, "-m", "pip", "--python", bin_ / "python", "install", *quiet, "--no-compile",
                    "-c", ROOT / "constraints.txt", wheel], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    purelib = subprocess.run([bin_ / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True, cwd=base, env=env).stdout.strip()
    return Installed(wheel, bin_, Path(purelib), env)


def source_files(folder: Path) -> set[str]:
    """Every file under `folder`, following links (the scaffold's), without compiled Python."""
    found = set()
    for here, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found |= {str((Path(here) / n).relative_to(folder)) for n in names if not n.endswith(".pyc")}
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_wheel_holds_every_file_of_the_sources(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for folder, inside in PACKAGED.items():
        expected = {f"{inside}/{name}" for name in source_files(ROOT / folder)}
        # The scaffold is a folder of its own, packaged on its own.
        held = {n for n in names if n.startswith(f"{inside}/") and not (inside == "iopdir" and n.startswith(
            tuple(f"{v}/" for v in PACKAGED.values() if v != "iopdir")))}
        assert held == expected, folder
    # Pelican's own package files are not ours to install (or to remove on uninstall).
    assert "pelican/__init__.py" not in names and "pelican/plugins/__init__.py" not in names


def test_the_installed_package_runs_from_outside_the_checkout(installed, tmp_path):
    done = installed.run("python", "-c", "import iopdir, pelican.plugins.iopdir as plugin; print(iopdir.__file__); "
                         "print(plugin.__file__); print(iopdir.theme_path()); print(iopdir.SCHEMA_DIR)", cwd=tmp_path)
    for path in done.stdout.splitlines():
        assert Path(path).is_relative_to(installed.site_packages), path
    assert installed.run("iopdir", "--version", cwd=tmp_path).stdout == f"iopdir {__import__('iopdir').__version__}\n"


def test_an_operator_site_builds_as_the_checkouts(installed, tmp_path):
    done = installed.run("iopdir", "init", "site", cwd=tmp_path)
    assert done.stdout.startswith("Wrote 23 files in site:\n")
    site = tmp_path / "site"
    (site / ADDED).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / ADDED, site / ADDED)
    # The README's second command, after its set-up (done above): validate, then build as published.
    assert installed.run("iopdir", "validate", cwd=site).stdout == "2 files checked: 0 errors, 0 warnings\n"
    installed.run("pelican", "content", "-s", "publishconf.py", "-o", "output", "-e", f'IOPDIR_TODAY="{TODAY}"',
                  cwd=site)
    out = site / "output"

    page = (out / "programs" / "red-rock-wash-teen-iop" / "index.html").read_text()
    assert '<div class="fact"><dt>Phone</dt><dd><a href="tel:+14805550181">(480) 555-0181</a></dd></div>' in page
    assert '<p class="call"><a class="call-now" href="tel:+14805550181">Call (480) 555-0181</a>' in page
    docs = (out / "search" / "data" / "docs" / "0.json").read_text()
    assert '"id": "red-rock-wash-teen-iop"' in docs or '"id":"red-rock-wash-teen-iop"' in docs
    comparison = json.loads((out / comparison_shard(out, "red-rock-wash-teen-iop")).read_text())
    assert "red-rock-wash-teen-iop" in comparison["programs"]
    # Every file of the theme's static folder is served.
    assert set(tree(out / "theme")) == source_files(ROOT / "theme" / "static")

    # The checkout builds the same site from the same listings: every page, the search and comparison data.
    here = build_site(tmp_path / "checkout" / "output", programs=site / "programs", IOPDIR_TODAY=TODAY)
    ours, theirs = tree(here), tree(out)
    assert sorted(ours) == sorted(theirs)
    # Byte for byte, the search data's build key too: it holds the code's fingerprint, which reads the same code in
    # the installed package as in the checkout (the theme, scaffold and schema folders a wheel puts inside the
    # package are not code).
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_validate_installed_reports_what_the_checkout_does(installed, tmp_path, capsys, monkeypatch):
    installed.run("iopdir", "init", "site", cwd=tmp_path)
    site = tmp_path / "site"
    broken = (ROOT / "tests" / "fixtures" / "valid-listing.yaml").read_text().replace("medicaid: true",
                                                                                     "medicaid: yes")
    (site / "programs" / "nj" / "harbor-light-evening-iop.yaml").write_text(broken)
    for name in ["unknown-slugs.yaml", "yaml11-unquoted-zip.yaml", "syntax-unclosed-quote.yaml"]:
        shutil.copyfile(ROOT / "tests" / "hostile" / name, site / "programs" / "nj" / name)
    there = installed.run("iopdir", "validate", "programs", cwd=site, ok=False)
    monkeypatch.chdir(site)
    code = main(["validate", "programs"])
    out, _ = capsys.readouterr()
    assert (there.returncode, there.stdout) == (code, out)
    assert code == 1 and "insurance.medicaid: expected true or false, got 'yes'" in out
    assert out.splitlines()[-1] == "5 files checked: 7 errors, 0 warnings"
    assert "(did you mean 'substance_use'?)" in out  # the vocabularies, read from the package data
