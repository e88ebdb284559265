"""`iopdir validate`: exact output and exit codes for text, json and github formats."""

import json
from pathlib import Path

import pytest

from iopdir.cli import main

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
NAME = "harbor-light-evening-iop"


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / f"{NAME}.yaml").write_text(VALID)
    return tmp_path / "programs"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def break_listing(programs):
    path = programs / "nj" / f"{NAME}.yaml"
    path.write_text(VALID.replace("medicaid: true", "medicaid: yes").replace("[mon, tue, thu]", "[mon, thu]"))


def test_clean_run_exits_0(programs, capsys):
    assert run(capsys, "validate", "programs") == (0, "1 file checked: 0 errors, 0 warnings\n", "")


def test_default_path_is_programs(programs, capsys):
    assert run(capsys, "validate") == (0, "1 file checked: 0 errors, 0 warnings\n", "")


def test_errors_exit_1_with_every_finding(programs, capsys):
    break_listing(programs)
    assert run(capsys, "validate", "programs/nj") == (1, (
        f"programs/nj/{NAME}.yaml:24:5: warning: tracks[0]: 6 hours a week looks like standard outpatient care; "
        "an IOP for adults is 9–19 hours\n"
        f"programs/nj/{NAME}.yaml:32:13: error: insurance.medicaid: expected true or false, got 'yes'\n"
        "1 file checked: 1 error, 1 warning\n"), "")


def test_warnings_alone_exit_0(programs, capsys):
    path = programs / "nj" / f"{NAME}.yaml"
    path.write_text(VALID.replace("[mon, tue, thu]", "[mon, thu]"))
    code, out, _ = run(capsys, "validate", str(path.relative_to(programs.parent)))
    assert code == 0
    assert out.endswith("1 file checked: 0 errors, 1 warning\n")


def test_json_format(programs, capsys):
    break_listing(programs)
    code, out, _ = run(capsys, "validate", "--format", "json")
    assert code == 1
    assert json.loads(out) == {"files": 1, "errors": 1, "warnings": 1, "findings": [
        {"file": f"programs/nj/{NAME}.yaml", "line": 24, "column": 5, "severity": "warning", "field": "tracks[0]",
         "message": "6 hours a week looks like standard outpatient care; an IOP for adults is 9–19 hours"},
        {"file": f"programs/nj/{NAME}.yaml", "line": 32, "column": 13, "severity": "error", "field": "insurance.medicaid",
         "message": "expected true or false, got 'yes'"}]}


def test_github_format_annotations_then_full_report(programs, capsys):
    break_listing(programs)
    code, out, _ = run(capsys, "validate", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        f"::warning file=programs/nj/{NAME}.yaml,line=24,col=5,title=tracks[0]::6 hours a week looks like standard "
        "outpatient care; an IOP for adults is 9–19 hours",
        f"::error file=programs/nj/{NAME}.yaml,line=32,col=13,title=insurance.medicaid::expected true or false, got 'yes'",
        f"programs/nj/{NAME}.yaml:24:5: warning: tracks[0]: 6 hours a week looks like standard outpatient care; "
        "an IOP for adults is 9–19 hours",
        f"programs/nj/{NAME}.yaml:32:13: error: insurance.medicaid: expected true or false, got 'yes'",
        "1 file checked: 1 error, 1 warning",
    ]


def test_missing_path_exits_2(programs, capsys):
    assert run(capsys, "validate", "nowhere") == (2, "", "iopdir validate: no such file or folder: nowhere\n")


def test_bad_option_exits_2(programs, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_no_command_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2 and err.startswith("usage: iopdir")


def test_console_script_runs(programs):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "iopdir.cli", "validate", "programs"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "1 file checked: 0 errors, 0 warnings\n")
