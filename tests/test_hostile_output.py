"""Issue #16.4: every value a listing puts into our output is inert. Newlines, control characters, escape sequences
and the GitHub runner's command forms ("::add-mask::" at the start of a line, "##[" anywhere in one) come out
escaped in `iopdir validate` (text, JSON, GitHub annotations), `iopdir audit`, `iopdir search` and the build's error
lines, so a listing can neither forge a workflow command nor drive a maintainer's terminal."""

import json
import re
from pathlib import Path

import pytest

from iopdir.cli import main
from iopdir.listing.findings import inert, inert_json
from tests.sites import build_site

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()

# Values as YAML writes them in double quotes: \n, \e (ESC), \u2028 and \x9b (the one-byte CSI) are real characters
# once read.
PHONE = r'"973\n::add-mask::secret"'
ZONE = r'"America/New_Yrok\n::error file=programs/other.yaml::forged"'
WEBSITE = r'"https://harborlight.example/\e[2J\e[31m"'
INTAKE = r'"##[add-mask]secret\u2028::warning::forged\x9b2J"'
# A file name can hold a newline too (Linux allows any byte but "/").
ODD_FILE = "odd\n::error file=other.yaml::forged.yaml"


def hostile_listing(pid: str) -> str:
    text = VALID.replace("id: harbor-light-evening-iop", f"id: {pid}")
    for old, new in [('phone: "973-555-0142"', f"phone: {PHONE}\n  intake_phone: {INTAKE}"),
                     ("timezone: America/New_York", f"timezone: {ZONE}"),
                     ("website: https://harborlight.example/iop", f"website: {WEBSITE}"),
                     ("focus:", '"unknown\\n::warning file=x::key,with:punctuation": 1\nfocus:')]:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / "harbor-light-evening-iop.yaml").write_text(hostile_listing("harbor-light-evening-iop"))
    (folder / ODD_FILE).write_text(hostile_listing("odd"))
    return tmp_path / "programs"


def assert_inert(out: str) -> None:
    """No character that acts on a terminal or a log, and no "##[" (the runner finds that one anywhere)."""
    assert re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", out) is None, repr(out)
    assert "##[" not in out


def validate(capsys, *argv) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_github_format_every_command_line_is_one_of_ours(programs, capsys):
    code, out, err = validate(capsys, "--format", "github", "programs")
    assert code == 1 and err == ""
    assert_inert(out)
    files = {"programs/nj/harbor-light-evening-iop.yaml",
             "programs/nj/odd\\n%3A%3Aerror file=other.yaml%3A%3Aforged.yaml"}
    ours = re.compile(r"::(error|warning) file=([^,:]*),line=[0-9]+,col=[0-9]+,title=[^,:]*::[^\n]*")
    annotations = 0
    for line in out.splitlines():
        # The runner reads a command after leading white space, too.
        if line.lstrip().startswith("::"):
            match = ours.fullmatch(line)
            assert match, line
            assert match.group(2) in files, line
            annotations += 1
        else:
            assert re.match(r"programs/nj/\S|[0-9,]+ files? checked: ", line), line
    assert annotations == (len(out.splitlines()) - 1) // 2 >= 10
    # The values are still there to read, escaped.
    assert "got '973\\n%3A%3Aadd-mask%3A%3Asecret'" not in out  # the message is data: only %, CR, LF are escaped
    assert "got '973\\n::add-mask::secret'" in out
    assert "\\x1b[2J" in out and "##\\x5b" in out and "\\u2028" in out and "\\x9b" in out


def test_github_format_escapes_properties_as_github_says(programs, capsys):
    _, out, _ = validate(capsys, "--format", "github", "programs/nj/harbor-light-evening-iop.yaml")
    unknown = [line for line in out.splitlines() if line.startswith("::") and "unknown field" in line]
    assert unknown and all("title=unknown\\n%3A%3Awarning file=x%3A%3Akey%2Cwith%3Apunctuation::" in line
                           for line in unknown), unknown


def test_text_format_is_one_line_per_finding(programs, capsys):
    code, out, _ = validate(capsys, "programs")
    assert code == 1
    assert_inert(out)
    lines = out.splitlines()
    assert all(line.startswith(("programs/nj/harbor-light-evening-iop.yaml:", "programs/nj/odd\\n::error "))
               for line in lines[:-1]), lines
    assert lines[-1].startswith("2 files checked: ")


def test_json_format_means_the_same_values(programs, capsys):
    code, out, _ = validate(capsys, "--format", "json", "programs")
    assert code == 1
    assert_inert(out)
    report = json.loads(out)
    assert {f["file"] for f in report["findings"]} == {"programs/nj/harbor-light-evening-iop.yaml",
                                                       f"programs/nj/{ODD_FILE}"}
    messages = "\n".join(f["message"] for f in report["findings"])
    assert "##[add-mask]secret\u2028::warning::forged\x9b2J" in messages  # escaped as JSON, read back as it was
    assert "\x1b[2J" in messages


def test_audit_text_and_json(programs, capsys):
    # The audit quotes streets of listings that fit the schema (which allows a line break in a street).
    folder = programs / "nj"
    for path in folder.iterdir():
        path.unlink()
    street = r'"12 Market St\n::add-mask::secret ##[error]forged \e[2J"'
    for pid, phone in [("first", "973-555-0101"), ("second", "973-555-0102")]:
        text = VALID.replace("id: harbor-light-evening-iop", f"id: {pid}").replace("12 Market St", street)
        (folder / f"{pid}.yaml").write_text(text.replace("973-555-0142", phone))
    assert main(["audit", "--today", "2026-11-25", "programs"]) == 1
    out = capsys.readouterr().out
    assert_inert(out)
    assert "(12 Market St\\n::add-mask::secret ##\\x5berror]forged \\x1b[2J, 07102)" in out
    assert main(["audit", "--today", "2026-11-25", "--format", "json", "programs"]) == 1
    out = capsys.readouterr().out
    assert_inert(out)
    issues = json.loads(out)["issues"]
    assert any("12 Market St\n::add-mask::secret ##[error]forged \x1b[2J" in i["message"] for i in issues)


def test_search_table(tmp_path, monkeypatch, capsys):
    """A valid listing's name may hold "##[": the table shows it escaped."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)
    (folder / "harbor-light-evening-iop.yaml").write_text(
        VALID.replace("name: Harbor Light Evening IOP", 'name: "Harbor ##[add-mask]Light IOP"'))
    assert main(["search", "--programs", "programs", "--index", "index"]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "Harbor ##\\x5badd-mask]Light IOP" in out


def test_build_error_lines(programs, tmp_path, capsys):
    from pelican.plugins.iopdir import ListingsInvalid

    with pytest.raises(ListingsInvalid):
        build_site(tmp_path / "output", programs, IOPDIR_TODAY="2026-11-25")
    err = capsys.readouterr().err
    assert_inert(err)
    assert not [line for line in err.splitlines() if line.lstrip().startswith("::")]
    assert "got '973\\n::add-mask::secret'" in err


@pytest.mark.parametrize("raw, shown", [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("\tx", "\\tx"), ("\x1b[2J", "\\x1b[2J"), ("\x00", "\\x00"),
    ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"), ("\u2028\u2029", "\\u2028\\u2029"), ("\u202e\u2066\u200b", "\\u202e\\u2066\\u200b"),
    ("##[add-mask]x", "##\\x5badd-mask]x"), ("# [x] ## [y]", "# [x] ## [y]"), ("\udcff", "\\udcff"),
    ("Café – Ñandú ✓", "Café – Ñandú ✓"), ("::warning::x", "::warning::x"),  # no line break: not at a line's start
])
def test_inert(raw, shown):
    assert inert(raw) == shown


def test_inert_json_is_the_same_document():
    values = ["a\nb", "\x1b[2J", "\x85\x9b\u2028", "##[x]", "\udcff", "Café", "\\", '"']
    document = json.dumps({"v": values, "n": [1, 2]}, indent=2, ensure_ascii=False)
    shown = inert_json(document)
    assert_inert(shown.replace("\n", ""))
    assert json.loads(shown) == json.loads(document)
