"""`iopdir new`: a complete skeleton at the right path, essentials from options or questions, never an overwrite."""

import datetime as dt
import io
import re

import pytest

from iopdir.tools import skeleton
from iopdir.cli import main
from iopdir.build.listings import validate_paths
from iopdir.listing.vocabulary import program_schema, vocabularies

TODAY = dt.date(2026, 11, 25)
ID = "harbor-light-evening-iop-newark"
ESSENTIALS = ["--name", "Harbor Light Evening IOP", "--organization", "Harbor Light Behavioral Health",
              "--state", "NJ", "--city", "Newark", "--street", "12 Market St", "--postal-code", "07102",
              "--phone", "973-555-0142", "--focus", "substance_use,co_occurring", "--today", "2026-11-25"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing is asked
    return tmp_path


def run(capsys, *argv):
    code = main(["new", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def findings(programs) -> list[str]:
    return [str(f) for f in validate_paths([programs], today=TODAY).findings]


def uncomment(text: str) -> str:
    """Every optional field turned on, the way CONTRIBUTING.md says: delete '# ' (not the modeline, not notes)."""
    head, rest = text.split("\n", 1)
    return head + "\n" + re.sub(r"(?m)^(\s*)# (?!#)", r"\1", rest)


@pytest.mark.parametrize("name, city, expected", [
    ("Harbor Light Evening IOP", "Newark", "harbor-light-evening-iop-newark"),
    ("Newark Recovery IOP", "Newark", "newark-recovery-iop"),  # the city is already in the name
    ("St. Mary's Café & Wellness", "San José", "st-mary-s-cafe-wellness-san-jose"),
    ("Centre  --  Nord!", None, "centre-nord"),
    ("Program " + "word " * 30, "Springfield", ("program-" + "word-" * 14).rstrip("-")),  # ≤ 80, whole words
    ("北京诊所", "", ""),  # no Latin letters: the provider must choose an id
])
def test_derive_id(name, city, expected):
    assert skeleton.derive_id(name, city) == expected
    assert len(expected) <= 80


def test_writes_the_skeleton_at_programs_state_id(folder, capsys):
    code, out, err = run(capsys, *ESSENTIALS, "--out", "programs/")
    path = f"programs/nj/{ID}.yaml"
    assert (code, err) == (0, "")
    assert out == (f"Wrote {path}\n"
                   "Still to fill in (the lines marked REQUIRED):\n"
                   f"  {path}:18:10: error: summary: must not be empty\n"
                   f"Then check it with: iopdir validate {path}\n")
    text = (folder / path).read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/program.schema.json\n")
    assert f"\nid: {ID}  #" in text
    assert '\n  last_verified: "2026-11-25"  #' in text
    assert "\nfocus: [substance_use, co_occurring]\n" in text  # its long note moved above it


def test_essentials_filled_validate_with_zero_findings(folder, capsys):
    assert run(capsys, *ESSENTIALS, "--summary", "Evening IOP for working adults.")[0] == 0
    assert findings(folder / "programs") == []
    assert main(["validate", "programs"]) == 0
    assert capsys.readouterr().out == "1 file checked: 0 errors, 0 warnings\n"


def test_every_optional_field_turned_on_still_validates(folder, capsys):
    """Every commented-out example is well-formed: delete every '# ', fill the empty texts, and it validates."""
    run(capsys, *ESSENTIALS, "--summary", "Evening IOP.", "--delivery", "in_person,telehealth")
    path = folder / "programs" / "nj" / f"{ID}.yaml"
    fill = {"intake_phone": '"973-555-0199"', "email": "intake@harbor.example", "website": "https://harbor.example/",
            "street2": "Suite 300", "label": "Newark clinic", "name": "Evening track", "notes": "Weekly.",
            "id": '"412233"', "agency": "NJ Division of Mental Health", "number": '"10-6022"', "source": "Survey",
            "published_url": "https://harbor.example/results"}
    text = re.sub(r'(?m)^(\s*(?:- )?)(\w+): ""', lambda m: f"{m.group(1)}{m.group(2)}: {fill[m.group(2)]}",
                  uncomment(path.read_text()))
    path.write_text(text)
    assert findings(folder / "programs") == []
    # And it really turned on every group of facts.
    for key in ("insurance:", "tracks:", "accreditations:", "licenses:", "intake:", "aftercare:", "medications:",
                "outcomes:"):
        assert f"\n{key}" in text


def test_every_schema_field_is_in_the_skeleton():
    """Present as a field or as a commented-out field, at every depth."""
    text = skeleton.blank()
    fields = [line for line in text.splitlines()[1:] if not line.lstrip().startswith("##")]
    keys = {key for line in fields for key in re.findall(r"(\w+):", re.sub(r"^\s*# ", "", line).split("  # ")[0])}

    def names(node):
        for name, sub in node.get("properties", {}).items():
            yield name
            yield from names(sub)
            yield from names(sub.get("items", {}))

    assert set(names(program_schema())) - keys == set()


def test_allowed_values_come_from_the_vocabularies():
    text = skeleton.blank()
    for vocabulary in ("status", "ownership", "focus", "conditions", "delivery", "audience", "days", "populations",
                       "modalities", "medications", "family_kinds", "aftercare_kinds", "carriers", "outcome_measures",
                       "accreditation_bodies", "verified_by"):
        for slug in vocabularies()[vocabulary]:
            assert re.search(rf"\b{slug}\b", text), (vocabulary, slug)
    # Long vocabularies: a few common values and a pointer to the file.
    assert set(skeleton.COMMON_LANGUAGES) <= set(vocabularies()["languages"])
    assert "every code: schema/vocabularies.yaml (languages)" in text
    assert "ht (Haitian Creole)" in text and "yi (Yiddish)" not in text


def test_lines_fit_the_site_code_block():
    assert max(len(line) for line in skeleton.blank().splitlines()) <= skeleton.WIDTH


def test_blank_template_needs_every_essential():
    """The web editor's template: each placeholder fails validation until it is filled."""
    text = skeleton.blank()
    required = re.findall(r"(?m)^\s*(?:- )?(\w+): (?:\"\"|\[\])  # REQUIRED", text)
    assert required == ["id", "name", "name", "summary", "focus", "phone", "street", "city", "state", "postal_code",
                        "delivery", "last_verified"]


def test_refuses_to_overwrite(folder, capsys):
    assert run(capsys, *ESSENTIALS)[0] == 0
    path = folder / "programs" / "nj" / f"{ID}.yaml"
    path.write_text("edited by hand\n")
    assert run(capsys, *ESSENTIALS) == (
        1, "", f"iopdir new: programs/nj/{ID}.yaml already exists; edit it, or choose another id with --id\n")
    assert path.read_text() == "edited by hand\n"


def test_refuses_an_id_used_in_another_state(folder, capsys):
    (folder / "programs" / "ny").mkdir(parents=True)
    (folder / "programs" / "ny" / f"{ID}.yaml").write_text("x: 1\n")
    assert run(capsys, *ESSENTIALS) == (
        1, "", f"iopdir new: the id '{ID}' is already used by programs/ny/{ID}.yaml; choose another with --id\n")


def test_id_option_wins(folder, capsys):
    assert run(capsys, *ESSENTIALS, "--id", "harbor-evening")[0] == 0
    assert (folder / "programs" / "nj" / "harbor-evening.yaml").is_file()


@pytest.mark.parametrize("option, value, message", [
    ("--focus", "substnce_use", "--focus: 'substnce_use' is not one of: mental_health, substance_use, co_occurring, "
                                "eating_disorders (did you mean 'substance_use'?)"),
    ("--state", "XX", "--state: expected a USPS state code such as NJ"),
    ("--phone", "555-0142", '--phone: expected a US phone number such as "973-555-0142" or "(973) 555-0142"'),
    ("--postal-code", "7102", '--postal-code: expected a ZIP code such as "07102" or "07102-1234"'),
    ("--postal-code", "10001", "--postal-code: ZIP code '10001' is in NY (New York), not NJ"),
    ("--id", "Harbor_Light", '--id: expected lower-case letters, digits and single hyphens, such as '
                             '"harbor-light-evening-iop", at most 80 characters'),
    ("--website", "javascript:alert(1)", "--website: expected a web address starting with https:// or http://"),
    ("--name", "Harbor\u202eLight", "--name: has a line break, a control character, an invisible character or "
                                    "spaces at an end"),
])
def test_bad_answers_exit_2_before_writing(folder, capsys, option, value, message):
    argv = list(ESSENTIALS)
    if option in argv:
        argv[argv.index(option) + 1] = value
    else:
        argv += [option, value]
    assert run(capsys, *argv) == (2, "", f"iopdir new: {message}\n")
    assert not (folder / "programs").exists()


def test_missing_essentials_without_a_terminal_exit_2(folder, capsys):
    assert run(capsys, "--name", "Harbor Light") == (
        2, "", "iopdir new: missing --organization, --city, --state, --street, --postal-code, --phone, --focus; "
               "give them as options, or run iopdir new in a terminal to be asked\n")


def test_no_latin_name_needs_an_id(folder, capsys):
    argv = list(ESSENTIALS)
    argv[argv.index("--name") + 1] = "北京诊所"
    argv[argv.index("--city") + 1] = "北京"
    code, _, err = run(capsys, *argv)
    assert code == 2 and "cannot make an id from the name" in err


def test_telehealth_only_needs_no_street(folder, capsys):
    argv = [a for a in ESSENTIALS]
    for option in ("--street", "--postal-code"):
        i = argv.index(option)
        del argv[i:i + 2]
    assert run(capsys, *argv, "--delivery", "telehealth", "--summary", "Online IOP for adults in New Jersey.")[0] == 0
    text = (folder / "programs" / "nj" / f"{ID}.yaml").read_text()
    assert "\n# locations:\n" in text and "\ntelehealth_states: [NJ]  #" in text
    assert findings(folder / "programs") == []


def test_values_that_need_quotes_are_quoted(folder, capsys):
    argv = list(ESSENTIALS)
    argv[argv.index("--name") + 1] = "Yes: #1 Program"
    argv[argv.index("--city") + 1] = "Null"
    assert run(capsys, *argv, "--id", "yes-one", "--summary", "no")[0] == 0
    text = (folder / "programs" / "nj" / "yes-one.yaml").read_text()
    assert '\nname: "Yes: #1 Program"  #' in text and '\n    city: "Null"  #' in text and '\nsummary: "no"' in text
    assert findings(folder / "programs") == []


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_asks_for_what_the_options_leave_out(folder, capsys, monkeypatch):
    answers = ["Harbor Light Evening IOP", "Harbor Light Behavioral Health", "Newark", "nj", "12 Market St",
               "10001", "07102",  # a ZIP code of another state is asked again
               "555-0142", "973-555-0142",  # and so is a bad phone number
               "substance_use", "", "Evening IOP for working adults.", "", ""]  # no Spanish summary, no website
    monkeypatch.setattr("sys.stdin", FakeTerminal("\n".join(answers) + "\n"))
    assert main(["new", "--today", "2026-11-25"]) == 0
    out, err = capsys.readouterr()
    assert err == ("  ZIP code '10001' is in NY (New York), not NJ; try again\n"
                   '  expected a US phone number such as "973-555-0142" or "(973) 555-0142"; try again\n')
    # Each question's answer ends its line on a terminal (the terminal echoes it); here the prompts run together.
    assert out.endswith(f"Wrote programs/nj/{ID}.yaml\nThen check it with: iopdir validate programs/nj/{ID}.yaml\n")
    assert "Phone number families call: " in out
    assert findings(folder / "programs") == []


def test_end_of_input_cancels_without_writing(folder, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", FakeTerminal("Harbor Light\n"))
    assert main(["new"]) == 1
    assert capsys.readouterr().err.endswith("iopdir new: cancelled; nothing was written\n")
    assert not (folder / "programs").exists()


def test_a_real_terminal(tmp_path):
    """Through a pseudo-terminal, as a provider runs it: the questions appear and the file is written."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    answers = ["Harbor Light Evening IOP", "Harbor Light Behavioral Health", "Newark", "NJ", "12 Market St", "07102",
               "973-555-0142", "mental_health", "", "", ""]
    proc = subprocess.Popen([sys.executable, "-m", "iopdir.cli", "new"], cwd=tmp_path, stdin=follower,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(follower)
    os.write(leader, ("\n".join(answers) + "\n").encode())
    out, err = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, err
    assert "Program name, as families know it: " in out
    assert f"Wrote programs/nj/{ID}.yaml" in out
    assert (tmp_path / "programs" / "nj" / f"{ID}.yaml").is_file()
