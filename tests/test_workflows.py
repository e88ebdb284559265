"""The GitHub workflows, the pull-request template and the pre-commit hooks: they pass yamllint, name only actions
that exist, and do what CONTRIBUTING.md promises (the changed-listings step is run here, in a scratch git repo)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()

# Actions that really exist at these major versions; anything else is a typo or an unreviewed dependency.
ALLOWED_ACTIONS = {"actions/checkout@v4", "actions/setup-python@v5", "actions/upload-pages-artifact@v3",
                   "actions/deploy-pages@v4"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML, and GitHub's own reader) reads the key `on` as true.
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield name, step


def test_yamllint_passes():
    done = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint"),
                           ".github", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "")


def test_yamllint_would_catch_a_problem(tmp_path):
    """The lint really runs: a duplicate key and a tab are reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a: 1\n  a: 2\n")
    done = subprocess.run([sys.executable, "-m", "yamllint", "-c", str(ROOT / ".yamllint"), str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "duplication of key \"a\"" in done.stdout


def test_three_workflows():
    assert [p.name for p in WORKFLOWS] == ["mutation.yml", "pages.yml", "pull-request.yml"]


def test_mutation_workflow_runs_weekly_and_on_demand():
    workflow = load(ROOT / ".github" / "workflows" / "mutation.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}  # not on pull requests: it takes hours
    assert workflow["permissions"] == {"contents": "read"}
    runs = [s["run"] for _, s in steps(workflow) if "run" in s]
    assert "./dev mutation" in runs
    assert runs[-1] == ".venv/bin/python scripts/mutation.py report --fail-under 85"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_structure(path):
    workflow = load(path)
    assert isinstance(workflow.get("name"), str)
    assert triggers(workflow)
    assert workflow["jobs"]
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        assert isinstance(job.get("timeout-minutes"), int), name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step  # a step does one thing
    uses = {step["uses"] for _, step in steps(workflow) if "uses" in step}
    assert uses - ALLOWED_ACTIONS == set()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_scripts_are_valid_bash(path):
    for name, step in steps(load(path)):
        if "run" in step:
            script = re.sub(r"\$\{\{.*?\}\}", "x", step["run"])
            done = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
            assert done.returncode == 0, (name, step.get("name"), done.stderr)


def test_pull_request_workflow():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in triggers(workflow) and "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    listings, build = workflow["jobs"]["listings"], workflow["jobs"]["build-and-test"]
    assert build["needs"] == "listings"
    assert any("iopdir validate --format github" in s.get("run", "") for s in listings["steps"])
    assert [s["run"] for s in build["steps"] if "run" in s][-1] == "bash .ci/run"


def test_pages_workflow():
    workflow = load(ROOT / ".github" / "workflows" / "pages.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert any("pelican content -s publishconf.py -o output" in s.get("run", "") for s in build["steps"])
    upload = next(s for s in build["steps"] if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"] == {"path": "output"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.example", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout.strip()


def test_changed_listings_step_validates_only_changed_files(tmp_path):
    """Run the workflow's own script against a scratch repository: an untouched broken listing is not reported,
    a deleted one is not looked for, and the changed one is annotated."""
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    script = next(s["run"] for s in workflow["jobs"]["listings"]["steps"] if "iopdir validate" in s.get("run", ""))
    repo = tmp_path / "repo"
    folder = repo / "programs" / "nj"
    folder.mkdir(parents=True)
    git(repo, "init", "-q")
    (folder / "old-broken.yaml").write_text("not: [a listing\n")  # broken before this pull request
    (folder / "gone.yaml").write_text("x: 1\n")
    (repo / "README.md").write_text("x\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    (folder / "gone.yaml").unlink()
    (folder / "harbor-light-evening-iop.yaml").write_text(VALID.replace("medicaid: true", "medicaid: yes"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    env = {**os.environ, "BASE_SHA": base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "::error file=programs/nj/harbor-light-evening-iop.yaml,line=32,col=13,title=insurance.medicaid::expected "
        "true or false, got 'yes'",
        "programs/nj/harbor-light-evening-iop.yaml:32:13: error: insurance.medicaid: expected true or false, got 'yes'",
        "1 file checked: 1 error, 0 warnings"]

    # A pull request that changes no listing passes at once.
    env["BASE_SHA"] = git(repo, "rev-parse", "HEAD")
    done = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "No listing added or changed.\n")


def test_pre_commit_hook_validates_changed_listings():
    config = load(ROOT / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hook = next(h for h in repo["hooks"] if h["id"] == "iopdir-validate")
    assert hook["entry"] == "iopdir validate" and hook["language"] == "system"
    assert hook["files"] == r"^programs/.*\.yaml$"
    assert re.search(hook["files"], "programs/nj/harbor-light-evening-iop.yaml")
    assert not re.search(hook["files"], "schema/vocabularies.yaml")


def test_pull_request_template_has_the_providers_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 10
    for needed in ["REQUIRED", "last_verified", "phone number reaches the program itself", "iopdir validate"]:
        assert any(needed in box for box in boxes), needed


def test_contributing_names_the_checks_as_the_workflow_does():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert f"**{workflow['jobs']['listings']['name']}**" in contributing
    assert "bash .ci/run" in contributing


# --- issue #16: what a pull request may change without a maintainer, and no cache from a fork ----------------------

LABEL = "maintainer-approved"


def scope_step() -> dict:
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    return next(s for s in workflow["jobs"]["listings"]["steps"] if "outside programs/" in s.get("name", ""))


def test_pull_request_workflow_checks_the_scope_before_any_of_its_code_runs():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert set(triggers(workflow)) == {"pull_request"}  # never pull_request_target: no write token, no secrets
    # A maintainer's label takes effect without a new push.
    assert {"labeled", "unlabeled", "opened", "synchronize"} <= set(triggers(workflow)["pull_request"]["types"])
    steps_ = workflow["jobs"]["listings"]["steps"]
    names = [s.get("name") or s.get("uses") for s in steps_]
    step = scope_step()
    assert names.index(step["name"]) < names.index("Install iopdir")  # `pip install -e .` runs the fork's code
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}", "LABEL": LABEL}
    assert "GITHUB_EVENT_PATH" in step["run"] and '"labels"' in step["run"]


def test_no_workflow_restores_a_cache():
    for path in WORKFLOWS:
        for name, step in steps(load(path)):
            assert not step.get("uses", "").startswith("actions/cache"), (path.name, name, step)
            assert "cache" not in (step.get("with") or {}), (path.name, name, step)  # setup-python's own cache


# Where caches lie inside a checkout: .cache/, where iopdir kept its own before they moved to the user's cache folder
# (a pull request can still commit one there), and cache/, Pelican's CACHE_PATH.
CHECKOUT_CACHE_FOLDERS = {".cache", "cache"}


@pytest.mark.parametrize("workflow, job, before", [
    ("pages.yml", "build", "Build"),
    ("pull-request.yml", "site", "Build the site from every listing, as it is published"),  # the job operators get
    ("pull-request.yml", "build-and-test", "Build the site and run every test")])
def test_builds_start_without_the_checkouts_caches(tmp_path, workflow, job, before):
    job_steps = load(ROOT / ".github" / "workflows" / workflow)["jobs"][job]["steps"]
    names = [s.get("name") or s.get("uses") for s in job_steps]
    step = next(s for s in job_steps if s.get("name") == "Start without a cache")
    assert names.index("actions/checkout@v4") < names.index(step["name"]) < names.index(before)
    # Run it in a checkout that carries caches (a pull request could have committed them).
    folders = CHECKOUT_CACHE_FOLDERS
    for folder in folders:
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "validation.pickle").write_bytes(b"cos\nsystem\n(S'id'\ntR.")
    (tmp_path / "programs").mkdir()
    done = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["programs"]


@pytest.fixture
def pull_request(tmp_path):
    """A scratch repository whose base commit has a listing; returns (repo, run) where run(labels) runs the scope
    step against the commit on top, with a fake event payload carrying `labels`."""
    repo = tmp_path / "repo"
    (repo / "programs" / "nj").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "programs" / "nj" / "harbor-light-evening-iop.yaml").write_text(VALID)
    (repo / "README.md").write_text("x\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")

    def run(labels):
        event = tmp_path / "event.json"
        event.write_text(json.dumps({"action": "synchronize", "pull_request": {
            "number": 7, "base": {"sha": base}, "labels": [{"name": name} for name in labels]}}))
        env = {**os.environ, "BASE_SHA": base, "LABEL": LABEL, "GITHUB_EVENT_PATH": str(event)}
        return subprocess.run(["bash", "-c", scope_step()["run"]], cwd=repo, env=env, capture_output=True, text=True)

    return repo, run


def commit_all(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")


def test_a_pull_request_of_listings_only_passes(pull_request):
    repo, run = pull_request
    (repo / "programs" / "nj" / "new-iop.yaml").write_text(VALID.replace("harbor-light-evening-iop", "new-iop"))
    (repo / "programs" / "nj" / "harbor-light-evening-iop.yaml").unlink()
    commit_all(repo)
    done = run([])
    assert (done.returncode, done.stdout) == (0, "Only listings (programs/) changed.\n"), done.stderr


@pytest.mark.parametrize("outside", [".cache/validation.pickle", "iopdir/cli/validate.py", ".github/workflows/x.yml",
                                     "programs.yaml", "content/checklist.yaml"])
def test_a_file_outside_programs_needs_the_label(pull_request, outside):
    repo, run = pull_request
    (repo / outside).parent.mkdir(parents=True, exist_ok=True)
    (repo / outside).write_text("x\n")
    git(repo, "add", "-f", "-A")  # -f: as a pull request can force-add an ignored cache
    git(repo, "commit", "-qm", "change")
    refused = run([])
    assert refused.returncode == 1, refused.stderr
    assert f"  {outside}" in refused.stdout.splitlines()
    assert refused.stdout.splitlines()[-1] == ("::error title=Files outside programs/::This pull request changes "
                                               f"files outside programs/. A maintainer must review them and add the "
                                               f"label {LABEL}.")
    for labels in ([LABEL], ["documentation", LABEL]):
        done = run(labels)
        assert done.returncode == 0 and f"labelled this pull request {LABEL}" in done.stdout
    assert run(["maintainer-approved-not", "approved"]).returncode == 1


def test_a_deleted_file_outside_programs_needs_the_label_too(pull_request):
    repo, run = pull_request
    (repo / "README.md").unlink()
    commit_all(repo)
    assert run([]).returncode == 1


def test_file_names_from_the_fork_start_no_workflow_command(pull_request):
    repo, run = pull_request
    names = ["::add-mask::secret", "x\n::error file=a.yaml::forged", "##[add-mask]y", " ::warning::z"]
    for name in names:
        (repo / name).write_text("x\n")
    commit_all(repo)
    done = run([])
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token)
    end = lines.index(f"::{token}::")
    # Outside the paused stretch, the only command is our own error; inside, every name is on one line of its own.
    commands = [line for i, line in enumerate(lines) if not start <= i <= end
                and (line.lstrip().startswith("::") or "##[" in line)]
    assert commands == [lines[-1]] and lines[-1].startswith("::error title=Files outside programs/::")
    assert lines[start + 1] == f"{len(names)} file(s) outside programs/:" and len(lines[start + 2:end]) == len(names)
