"""`iopdir changes BASE [HEAD]` (issue #15): what a pull request changes in the listings, in a family's words, and the
contact changes a maintainer must check; run on git repositories made here, and as the pull request workflow runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from iopdir.cli import main
from iopdir.cli.changes import NEEDS_MAINTAINER

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = "2026-12-03"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.example", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout.strip()


def listing(id_: str, name: str, org: str, phone: str, website: str, extra: str = "") -> str:
    text = (VALID.replace("harbor-light-evening-iop", id_).replace("Harbor Light Evening IOP", name)
            .replace("Harbor Light Behavioral Health", org).replace("973-555-0142", phone)
            .replace("https://harborlight.example/iop", website))
    return text + extra


HARBOR = listing("harbor-light-evening-iop", "Harbor Light Evening IOP", "Harbor Light Behavioral Health",
                 "973-555-0142", "https://harborlight.example/iop")
CEDAR = listing("cedar-iop", "Cedar IOP", "Cedar Health", "201-555-0100", "https://cedar.example/")
BIRCH = listing("birch-iop", "Birch IOP", "Birch Health", "201-555-0177", "https://birch.example/")


@pytest.fixture
def repo(tmp_path):
    """A repository whose base commit has three listings; returns (repo, write, commit)."""
    repo = tmp_path / "repo"
    folder = repo / "programs" / "nj"
    folder.mkdir(parents=True)
    git(repo, "init", "-q")
    for id_, text in (("harbor-light-evening-iop", HARBOR), ("cedar-iop", CEDAR), ("birch-iop", BIRCH)):
        (folder / f"{id_}.yaml").write_text(text)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "tag", "base")
    return repo


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")


def changes(repo: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["changes", "-C", str(repo), "--today", TODAY, "base", *args])
    return code, capsys.readouterr().out


def test_an_edit_a_closure_an_addition_and_a_removal(repo, capsys):
    folder = repo / "programs" / "nj"
    # An edit: Medicare said for the first time, Medicaid from yes to no, a summary reworded.
    (folder / "harbor-light-evening-iop.yaml").write_text(
        HARBOR.replace("medicaid: true", "medicaid: false\n  medicare: true")
        .replace("Evening IOP for working adults", "Evening IOP for adults"))
    (folder / "cedar-iop.yaml").write_text(CEDAR.replace("status: active", "status: closed"))
    (folder / "birch-iop.yaml").unlink()
    (folder / "oak-iop.yaml").write_text(listing("oak-iop", "Oak IOP", "Oak Health", "609-555-0199",
                                                 "https://oak.example/").replace(
        "  website: https://oak.example/", "  website: https://oak.example/\n  email: intake@oak.example"))
    commit(repo)
    code, out = changes(repo, capsys)
    assert out.splitlines() == [
        "programs/nj/birch-iop.yaml: Birch IOP",
        "  Removed",
        "programs/nj/cedar-iop.yaml: Cedar IOP",
        "  Closed",
        "programs/nj/harbor-light-evening-iop.yaml: Harbor Light Evening IOP",
        "  Summary: Evening IOP for working adults with alcohol or opioid use. → Evening IOP for adults with alcohol "
        "or opioid use.",
        "  Medicaid: Yes → No",
        "  Medicare: Not reported → Yes",
        "programs/nj/oak-iop.yaml: Oak IOP",
        "  New listing",
        "4 listings changed: 1 new, 1 edited, 1 closed, 1 removed; 0 contact changes for a maintainer to verify; "
        "0 errors, 0 warnings",
    ]
    assert code == 0  # nothing for a maintainer to check


def test_a_contact_change_is_flagged_for_a_maintainer(repo, capsys):
    path = repo / "programs" / "nj" / "harbor-light-evening-iop.yaml"
    path.write_text(HARBOR.replace("973-555-0142", "973-555-0199").replace("12 Market St", "40 Broad St")
                    .replace("https://harborlight.example/iop", "https://harborlight.example/evening"))
    commit(repo)
    code, out = changes(repo, capsys)
    check = ": a maintainer must verify it before merging (CONTRIBUTING.md, \"Checking a contact change\")"
    assert out.splitlines() == [
        "programs/nj/harbor-light-evening-iop.yaml: Harbor Light Evening IOP",
        "  Phone: (973) 555-0142 → (973) 555-0199",
        "  Website: https://harborlight.example/iop → https://harborlight.example/evening",
        "  Locations: 12 Market St, Newark, NJ 07102 → 40 Broad St, Newark, NJ 07102",
        "  Street address: 12 Market St → 40 Broad St",  # the comparison's row (#14's address_published)
        "  check: Phone changed" + check,
        "  check: Website changed" + check,
        "  check: Locations changed" + check,
        "1 listing changed: 1 edited; 3 contact changes for a maintainer to verify; 0 errors, 0 warnings",
    ]
    assert code == NEEDS_MAINTAINER == 3


def test_another_organisations_phone_or_website_is_an_error(repo, capsys):
    folder = repo / "programs" / "nj"
    # A broker's swap: Harbor Light's listing gets Cedar Health's number; a new listing takes Birch's website.
    (folder / "harbor-light-evening-iop.yaml").write_text(HARBOR.replace("973-555-0142", "(201) 555-0100"))
    (folder / "elm-iop.yaml").write_text(listing("elm-iop", "Elm IOP", "Elm Recovery", "609-555-0123",
                                                 "https://www.birch.example/elm"))
    commit(repo)
    code, out = changes(repo, capsys)
    assert out.splitlines() == [
        "programs/nj/elm-iop.yaml: Elm IOP",
        "  New listing",
        "  error: the website's host birch.example is already that of Birch IOP (programs/nj/birch-iop.yaml), run by "
        "Birch Health",
        "programs/nj/harbor-light-evening-iop.yaml: Harbor Light Evening IOP",
        "  Phone: (973) 555-0142 → (201) 555-0100",
        "  check: Phone changed: a maintainer must verify it before merging (CONTRIBUTING.md, \"Checking a contact "
        "change\")",
        "  error: the phone number (201) 555-0100 is already that of Cedar IOP (programs/nj/cedar-iop.yaml), run by "
        "Cedar Health",
        "2 listings changed: 1 new, 1 edited; 1 contact change for a maintainer to verify; 2 errors, 0 warnings",
    ]
    assert code == NEEDS_MAINTAINER


def test_one_organisations_programs_may_share_a_number(repo, capsys):
    """Two programs of one organisation (its name written with other spaces and capitals) share an intake line."""
    (repo / "programs" / "nj" / "pine-iop.yaml").write_text(
        listing("pine-iop", "Pine IOP", "cedar  HEALTH", "201-555-0100", "https://cedar.example/pine"))
    commit(repo)
    code, out = changes(repo, capsys)
    assert out.splitlines()[:2] == ["programs/nj/pine-iop.yaml: Pine IOP", "  New listing"]
    assert "error:" not in out and code == 0


def test_a_new_listing_whose_website_and_email_differ_is_a_warning(repo, capsys):
    folder = repo / "programs" / "nj"
    for id_, phone, website, email in (("ash-iop", "609-555-0101", "https://ash.example/", "ash@gmail.example"),
                                       ("fir-iop", "609-555-0102", "https://www.fir.example/", "intake@mail.fir.example")):
        (folder / f"{id_}.yaml").write_text(listing(id_, id_.title(), id_, phone, website).replace(f"  website: {website}",
                                                                     f"  website: {website}\n  email: {email}"))
    commit(repo)
    code, out = changes(repo, capsys)
    assert [line for line in out.splitlines() if "warning:" in line] == [
        "  warning: the website's domain ash.example differs from the e-mail's gmail.example"]  # not fir's mail.
    assert code == 0  # a warning alone waits for nobody


def test_a_changed_file_that_says_the_same_is_no_change_and_a_broken_one_is_reported(repo, capsys):
    folder = repo / "programs" / "nj"
    (folder / "cedar-iop.yaml").write_text("# a comment\n" + CEDAR)
    (folder / "birch-iop.yaml").write_text(BIRCH.replace("medicaid: true", "medicaid: yes"))
    commit(repo)
    code, out = changes(repo, capsys)
    assert out.splitlines() == [
        "programs/nj/birch-iop.yaml: programs/nj/birch-iop.yaml",
        "  error: the listing has 1 error (see iopdir validate); it is not reviewed further",
        "1 listing changed: 1 edited; 0 contact changes for a maintainer to verify; 1 error, 0 warnings"]
    assert code == NEEDS_MAINTAINER


def test_listings_are_read_from_git_not_from_the_working_folder(repo, capsys):
    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text(CEDAR.replace("status: active", "status: closed"))
    (repo / "programs" / "nj" / "link.yaml").symlink_to("/etc/passwd")
    commit(repo)
    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text("uncommitted: [broken\n")
    code, out = changes(repo, capsys, "HEAD")
    assert out.splitlines()[:2] == ["programs/nj/cedar-iop.yaml: Cedar IOP", "  Closed"]
    assert "link.yaml" not in out  # a link committed in programs/ is no listing (and is never followed)


def test_markdown_and_json(repo, capsys):
    (repo / "programs" / "nj" / "harbor-light-evening-iop.yaml").write_text(
        HARBOR.replace("973-555-0142", "973-555-0199").replace("Harbor Light Evening IOP",
                                                               "Harbor [Light](https://x.example) <b>IOP</b>"))
    commit(repo)
    code, out = changes(repo, capsys, "--format", "markdown")
    assert code == NEEDS_MAINTAINER
    assert out.splitlines() == [
        "## Listing changes",
        "",
        r"### Harbor \[Light\]\(https://x\.example\) &lt;b&gt;IOP&lt;/b&gt;",  # no link, no HTML from a listing
        "",
        r"File programs/nj/harbor\-light\-evening\-iop\.yaml",
        "",
        r"- Name: Harbor Light Evening IOP → Harbor \[Light\]\(https://x\.example\) &lt;b&gt;IOP&lt;/b&gt;",
        r"- Phone: \(973\) 555\-0142 → \(973\) 555\-0199",
        r"- **Maintainer's check**: Phone changed: a maintainer must verify it before merging \(CONTRIBUTING\.md, "
        r'"Checking a contact change"\)',
        "",
        r"1 listing changed: 1 edited; 1 contact change for a maintainer to verify; 0 errors, 0 warnings",
    ]
    code, out = changes(repo, capsys, "--format", "json")
    data = json.loads(out)
    assert data["needs_maintainer"] is True and data["counts"] == {"listings": 1, "checks": 1, "errors": 0,
                                                                  "warnings": 0}
    (entry,) = data["listings"]
    assert entry["kind"] == "edited" and entry["path"] == "programs/nj/harbor-light-evening-iop.yaml"
    assert entry["changes"][1] == {"key": "phone", "label": "Phone", "before": "(973) 555-0142",
                                   "after": "(973) 555-0199", "contact": True}


def test_values_from_a_listing_start_no_workflow_command(repo, capsys):
    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text(
        CEDAR.replace("summary: Evening IOP", 'summary: "x\\n::add-mask::y ##[error] Evening IOP'))
    commit(repo)
    code, out = changes(repo, capsys)
    assert all(not line.lstrip().startswith("::") and "##[" not in line for line in out.splitlines()), out


def test_an_unknown_revision_or_an_option_as_a_revision(repo, capsys, tmp_path):
    assert main(["changes", "-C", str(repo), "no-such-branch"]) == 2
    written = tmp_path / "x"
    assert main(["changes", "-C", str(repo), "--", f"--output={written}"]) == 2
    assert not written.exists()  # an option given as a revision is refused, never passed to git
    assert "unknown revision" in capsys.readouterr().err


# --- the pull request workflow's step -----------------------------------------------------------------------------

LABEL = "contact-change-verified"


def contact_step() -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text())
    return next(s for s in workflow["jobs"]["listings"]["steps"] if s.get("name") == "Contact changes need a "
                                                                                      "maintainer's check")


def test_the_workflow_step_structure():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text())
    steps = workflow["jobs"]["listings"]["steps"]
    step = contact_step()
    names = [s.get("name") or s.get("uses") for s in steps]
    assert names.index("Install iopdir") < names.index(step["name"])
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}", "LABEL": LABEL}
    # It runs when the listings fail validation too (a maintainer sees both), never without iopdir installed.
    assert step["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}"
    assert next(s for s in steps if s.get("name") == "Install iopdir")["id"] == "install"


def run_step(repo: Path, tmp_path: Path, action: str, labels: list[str], label: str | None = None):
    event = tmp_path / "event.json"
    payload = {"action": action, "pull_request": {"number": 7, "labels": [{"name": n} for n in labels]}}
    if label:
        payload["label"] = {"name": label}
    event.write_text(json.dumps(payload))
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = {**os.environ, "BASE_SHA": git(repo, "rev-parse", "base"), "LABEL": LABEL, "GITHUB_EVENT_PATH": str(event),
           "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", contact_step()["run"]], cwd=repo, env=env, capture_output=True, text=True)
    return done, summary.read_text()


def test_the_workflow_step_waits_for_the_label_applied_after_the_last_push(repo, tmp_path):
    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text(CEDAR.replace("status: active", "status: closed"))
    commit(repo)
    done, summary = run_step(repo, tmp_path, "synchronize", [])
    assert done.returncode == 0, done.stderr  # no contact change: nothing to wait for
    assert summary.splitlines()[0] == "## Listing changes" and "- **Closed**" in summary.splitlines()

    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text(CEDAR.replace("201-555-0100", "201-555-0999"))
    commit(repo)
    done, summary = run_step(repo, tmp_path, "synchronize", [])
    assert done.returncode == 1
    assert "  Phone: (201) 555-0100 → (201) 555-0999" in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1] == (
        "::error title=Contact changes::A maintainer must verify the contact changes above (CONTRIBUTING.md, Checking "
        f"a contact change), then apply the label {LABEL} (again, after any later push).")
    assert r"- Phone: \(201\) 555\-0100 → \(201\) 555\-0999" in summary.splitlines()
    # The maintainer applies the label: that run passes.
    done, _ = run_step(repo, tmp_path, "labeled", [LABEL], label=LABEL)
    assert done.returncode == 0 and f"A maintainer applied the label {LABEL}" in done.stdout
    # The label stays on across a later push, and another label's event: neither counts as a check.
    assert run_step(repo, tmp_path, "synchronize", [LABEL])[0].returncode == 1
    assert run_step(repo, tmp_path, "labeled", [LABEL, "documentation"], label="documentation")[0].returncode == 1
    assert run_step(repo, tmp_path, "labeled", ["approved"], label="approved")[0].returncode == 1


def test_the_workflow_step_fails_on_a_crash_whatever_the_label(repo, tmp_path):
    """Exit 1 (a traceback) is not the maintainer's-check status 3: a label cannot wave a crash through."""
    (repo / "programs" / "nj" / "cedar-iop.yaml").write_text(CEDAR.replace("201-555-0100", "201-555-0999"))
    commit(repo)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "iopdir").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "iopdir").chmod(0o755)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "labeled", "label": {"name": LABEL}, "pull_request": {"labels": []}}))
    env = {**os.environ, "BASE_SHA": "base", "LABEL": LABEL, "GITHUB_EVENT_PATH": str(event),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md"), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", contact_step()["run"]], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "checked on" not in done.stdout
