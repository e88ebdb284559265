"""Settings in one place (iopdir.settings): defaults applied, values checked against their type, an unknown IOPDIR_*
name warned about once with the nearest setting; the plugin, the command line and the README all read the table."""

from __future__ import annotations

import datetime as dt
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iopdir import settings
from iopdir.cli import build_parser
from iopdir.tools.synthetic import generate
from tests.sites import build_site, pelican_command, published

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()


@pytest.fixture
def programs(tmp_path) -> Path:
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / "harbor-light-evening-iop.yaml").write_text(VALID)
    return tmp_path / "programs"


@pytest.mark.parametrize("misspelt, nearest", [
    ("IOPDIR_PROGRAM_PATH", "IOPDIR_PROGRAMS_PATH"),
    ("IOPDIR_CACHE_DIR", "IOPDIR_CACHE_PATH"),
    ("IOPDIR_COMPARE_PAGESIZE", "IOPDIR_COMPARE_PAGE_SIZE"),
    ("IOPDIR_PARRALEL", "IOPDIR_PARALLEL"),
    ("IOPDIR_CHECKLIST", "IOPDIR_CHECKLIST_PATH"),
])
def test_an_unknown_setting_is_one_warning_naming_the_nearest(misspelt, nearest):
    site = {misspelt: "x", "IOPDIR_TODAY": "2026-11-25", "SITENAME": "Not ours", "PATH": "content"}
    assert settings.apply(site) == [f"{misspelt} is not an iopdir setting and is ignored; did you mean {nearest}?"]


def test_the_defaults_are_filled_in_and_given_values_kept():
    site = {"IOPDIR_COMPARE_PAGE_SIZE": 3, "SITENAME": "Not ours"}
    assert settings.apply(site) == []
    assert site == {**settings.DEFAULTS, "IOPDIR_COMPARE_PAGE_SIZE": 3, "SITENAME": "Not ours"}
    assert site["IOPDIR_PROGRAMS_PATH"] == "programs" and site["IOPDIR_PARALLEL"] == "auto"


@pytest.mark.parametrize("name, value", [
    ("IOPDIR_COMPARE_PAGE_SIZE", "25"), ("IOPDIR_COMPARE_PAGE_SIZE", 0), ("IOPDIR_COMPARE_PAGE_SIZE", True),
    ("IOPDIR_COMPARE_PAGE_SIZE", 2.5), ("IOPDIR_TODAY", "2026-13-01"), ("IOPDIR_TODAY", "20261125"),
    ("IOPDIR_TODAY", 2026), ("IOPDIR_PARALLEL", "yes"), ("IOPDIR_PARALLEL", 1), ("IOPDIR_PROGRAMS_PATH", None),
    ("IOPDIR_PROGRAMS_PATH", ""), ("IOPDIR_CACHE_PATH", ["a"]), ("IOPDIR_CHECKLIST_PATH", 5),
])
def test_a_value_of_the_wrong_type_is_refused_saying_what_is_expected(name, value):
    site = {name: value}
    with pytest.raises(settings.SettingsInvalid) as refused:
        settings.apply(site)
    assert str(refused.value) == f"{name} = {value!r}: expected {settings.SETTINGS[name].kind.text}"
    assert site == {name: value}  # nothing filled in


@pytest.mark.parametrize("name, value", [
    ("IOPDIR_COMPARE_PAGE_SIZE", 1), ("IOPDIR_TODAY", "2026-11-25"), ("IOPDIR_TODAY", None),
    ("IOPDIR_PARALLEL", True), ("IOPDIR_PARALLEL", False), ("IOPDIR_PARALLEL", "auto"),
    ("IOPDIR_PROGRAMS_PATH", Path("listings")), ("IOPDIR_CHECKLIST_PATH", None), ("IOPDIR_CHECKLIST_PATH", "c.yaml"),
])
def test_values_of_the_right_type_pass(name, value):
    assert settings.apply({name: value}) == []


def test_every_problem_is_said_at_once():
    with pytest.raises(settings.SettingsInvalid) as refused:
        settings.apply({"IOPDIR_TODAY": "tomorrow", "IOPDIR_PARALLEL": "yes"})
    assert [p.split(" =")[0] for p in refused.value.problems] == ["IOPDIR_TODAY", "IOPDIR_PARALLEL"]


def test_the_command_line_defaults_are_the_tables():
    parser = build_parser()
    search = parser.parse_args(["search", "teen"])
    assert search.programs == settings.default("IOPDIR_PROGRAMS_PATH")
    assert search.index == settings.default("IOPDIR_INDEX_PATH")
    assert parser.parse_args(["new"]).out == settings.default("IOPDIR_PROGRAMS_PATH")


def test_every_setting_the_code_reads_is_in_the_table():
    read = set()
    for path in [*ROOT.joinpath("iopdir").rglob("*.py"), *ROOT.joinpath("plugins").rglob("*.py")]:
        read.update(re.findall(r"[\"'](IOPDIR_[A-Z_]+)[\"']", path.read_text()))
    assert read and read <= set(settings.SETTINGS)


def test_the_readme_lists_every_setting_with_its_default():
    """The README's table is the table's (python -m iopdir.settings prints it), and names no other setting."""
    readme = (ROOT / "README.md").read_text()
    assert settings.markdown() in readme, "paste the output of `python -m iopdir.settings` into README.md"
    for s in settings.SETTINGS.values():
        assert f"| `{s.name}` | {s.default_text} |" in readme
    assert set(re.findall(r"IOPDIR_[A-Z_]*[A-Z]", readme)) <= set(settings.SETTINGS)
    printed = subprocess.run([sys.executable, "-m", "iopdir.settings"], capture_output=True, text=True, check=True)
    assert printed.stdout == settings.markdown()


def test_a_misspelt_setting_in_a_real_build_is_one_warning(programs, tmp_path, caplog, monkeypatch):
    from pelican.log import LimitFilter

    # Pelican drops a warning its process has logged before (in any earlier test): this build starts afresh.
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    caplog.set_level(logging.WARNING)
    out = build_site(tmp_path / "output", programs, IOPDIR_TODAY="2026-11-25", IOPDIR_PROGRAM_PATH="elsewhere")
    about = [r for r in caplog.records if "IOPDIR_PROGRAM_PATH" in r.getMessage()]
    assert len(about) == 1 and about[0].levelno == logging.WARNING
    assert about[0].getMessage().endswith("did you mean IOPDIR_PROGRAMS_PATH?")
    # and the build went on with the settings it has (the listings of IOPDIR_PROGRAMS_PATH)
    assert (out / "programs" / "harbor-light-evening-iop" / "index.html").is_file()


def test_a_real_build_applies_the_defaults(tmp_path):
    """No IOPDIR_COMPARE_PAGE_SIZE in the settings: a state's comparison table has the default's 25 programs a
    page (26 to 50 programs: two pages)."""
    generate(32, tmp_path / "many", seed=2, today=dt.date(2026, 11, 25), states=("NJ",))
    out = build_site(tmp_path / "output", tmp_path / "many", IOPDIR_TODAY="2026-11-25")
    assert 25 < len(published(out)) <= 50
    assert (out / "states" / "nj" / "compare" / "2" / "index.html").is_file()
    assert not (out / "states" / "nj" / "compare" / "3").exists()


def test_a_wrongly_typed_setting_stops_the_build_in_one_line(programs, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("previous build")
    done = pelican_command(tmp_path, out, IOPDIR_PROGRAMS_PATH=str(programs), IOPDIR_COMPARE_PAGE_SIZE="ten",
                           IOPDIR_CACHE_PATH=str(tmp_path / "cache"))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().endswith("iopdir: IOPDIR_COMPARE_PAGE_SIZE = 'ten': expected a whole number, 1 or "
                                        "more (in the site's settings); nothing was written or deleted")
    assert [p.name for p in out.iterdir()] == ["keep.html"]
