"""Listing and content inputs are regular files inside the repository (issue 16, item 2): a symbolic link, a named pipe
or a linked folder committed by a pull request is refused by the validator, the audit, the build and the importer,
in one line that never shows what the link points to, and never makes a read wait."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdir.build.listings import validate_paths
from iopdir.choosing import checklist
from iopdir.cli import main
from iopdir.listing.validation import listing_files, listing_scan
from iopdir.tools.audit import audit_paths
from tests.sites import build_site

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
SECRET = "s3cr3t-first-line-7f2c"
# What /etc/passwd starts with: a plain scalar that a listing reader once quoted back in its message.
SECRET_FILE = f"root:x:0:0:{SECRET}:/root:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET_FILE)
    return path


@pytest.fixture
def programs(tmp_path) -> Path:
    folder = tmp_path / "repo" / "programs"
    (folder / "nj").mkdir(parents=True)
    (folder / "nj" / "harbor-light-evening-iop.yaml").write_text(VALID)
    return folder


def run_cli(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_linked_listing_is_refused_and_its_target_never_shown(programs, secret, capsys):
    (programs / "nj" / "passwd.yaml").symlink_to(secret)
    for fmt in ("text", "json", "github"):
        code, output = run_cli(capsys, "validate", "--format", fmt, str(programs))
        assert code == 1
        assert SECRET not in output and "root:x" not in output
        assert "passwd.yaml" in output and "is a symbolic link" in output
    # Given by name, as the pull-request check gives the files it changed.
    code, output = run_cli(capsys, "validate", str(programs / "nj" / "passwd.yaml"))
    assert code == 1 and SECRET not in output
    assert output.splitlines()[0].endswith("passwd.yaml:1:1: error: file: is a symbolic link; it must be a regular "
                                           "file (replace the link with the file itself)")
    report = validate_paths([programs])
    assert [(Path(f.file).name, f.field) for f in report.errors] == [("passwd.yaml", "file")]
    assert [p.id for p in report.programs] == ["harbor-light-evening-iop"]  # the rest is still checked


def test_the_audit_refuses_a_linked_listing(programs, secret, capsys):
    (programs / "nj" / "passwd.yaml").symlink_to(secret)
    audit = audit_paths([programs])
    assert [(Path(i.file).name, i.check, i.message) for i in audit.issues] == [
        ("passwd.yaml", "invalid", "is a symbolic link; it must be a regular file (replace the link with the file "
                                   "itself)")]
    code, output = run_cli(capsys, "audit", str(programs))
    assert code == 1 and SECRET not in output and "root:x" not in output


def test_a_link_to_a_listing_inside_the_repository_is_refused_too(programs):
    # Even a harmless-looking link: whether a target is "inside" is decided by where it points, which a pull request
    # chooses.
    (programs / "nj" / "copy.yaml").symlink_to(programs / "nj" / "harbor-light-evening-iop.yaml")
    report = validate_paths([programs])
    assert [(Path(f.file).name, f.message.split(";")[0]) for f in report.errors] == [
        ("copy.yaml", "is a symbolic link")]


def test_a_linked_folder_is_reported_and_not_entered(programs, secret, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.yaml").write_text(SECRET_FILE)
    (programs / "oh").symlink_to(outside, target_is_directory=True)
    report = validate_paths([programs])
    assert [(Path(f.file).name, f.message) for f in report.errors] == [
        ("oh", "is a symbolic link to a folder; listings must be regular files in real folders")]
    assert SECRET not in json.dumps([f.as_dict() for f in report.findings])
    assert listing_files([programs])[0] == [programs / "nj" / "harbor-light-evening-iop.yaml"]


def test_a_listings_folder_that_leads_out_of_the_repository_is_refused(tmp_path, secret, monkeypatch, capsys):
    # A pull request replaces programs/ with a link to a folder of the machine that builds the site.
    repo = tmp_path / "repo"
    repo.mkdir()
    (secret.parent / "passwd.yaml").write_text(SECRET_FILE)
    (repo / "programs").symlink_to(secret.parent, target_is_directory=True)
    monkeypatch.chdir(repo)
    report = validate_paths(["programs"])
    assert [(f.file, f.message) for f in report.errors] == [
        ("programs", "resolves outside the repository (it or a folder on its way is a symbolic link)")]
    code, output = run_cli(capsys, "validate", "programs/passwd.yaml")
    assert code == 1 and SECRET not in output and "resolves outside the repository" in output


def _validate_in_a_subprocess(*argv) -> subprocess.CompletedProcess:
    # A subprocess with a time limit: if reading a pipe ever blocks again, the test fails instead of hanging.
    return subprocess.run([sys.executable, "-m", "iopdir.cli", *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_listing_does_not_block_validate_or_audit(programs):
    pipe = programs / "nj" / "pipe.yaml"
    os.mkfifo(pipe)
    for command in ("validate", "audit"):
        for target in (programs, pipe):
            done = _validate_in_a_subprocess(command, str(target))
            assert done.returncode == 1, done.stderr
            assert "pipe.yaml:1:1:" in done.stdout and "is a named pipe (FIFO), not a regular file" in done.stdout
            assert "Traceback" not in done.stderr


def test_a_linked_checklist_is_refused(tmp_path, secret):
    link = tmp_path / "checklist.yaml"
    link.symlink_to(secret)
    with pytest.raises(checklist.ChecklistInvalid) as exc:
        checklist.read(link)
    assert SECRET not in str(exc.value)
    assert [(f.field, f.message.split(";")[0]) for f in exc.value.findings] == [("file", "is a symbolic link")]


def test_the_build_refuses_a_linked_listing_and_writes_nothing(programs, secret, tmp_path, capfd):
    from pelican.plugins.iopdir.errors import BuildStopped

    (programs / "nj" / "passwd.yaml").symlink_to(secret)
    out = tmp_path / "output"
    with pytest.raises(BuildStopped):
        build_site(out, programs, IOPDIR_TODAY="2026-11-25")
    err = capfd.readouterr().err
    assert "passwd.yaml:1:1: error: file: is a symbolic link" in err and SECRET not in err
    assert not (out / "programs").exists()


def test_the_build_refuses_a_linked_checklist(programs, secret, tmp_path, capfd):
    from pelican.plugins.iopdir.errors import BuildStopped

    content = tmp_path / "content"
    content.mkdir()
    (content / "checklist.yaml").symlink_to(secret)
    with pytest.raises(BuildStopped):
        build_site(tmp_path / "output", programs, IOPDIR_TODAY="2026-11-25",
                   IOPDIR_CHECKLIST_PATH=str(content / "checklist.yaml"))
    err = capfd.readouterr().err
    assert "checklist.yaml:1:1: error: file: is a symbolic link" in err and SECRET not in err


def test_the_build_refuses_a_linked_content_page(programs, secret, tmp_path, capfd):
    # Pelican would render the link's target as a page of the public site.
    from pelican.plugins.iopdir.errors import BuildStopped

    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "checklist.yaml").write_bytes((ROOT / "content" / "checklist.yaml").read_bytes())
    (content / "pages" / "about.md").symlink_to(secret)
    out = tmp_path / "output"
    with pytest.raises(BuildStopped):
        build_site(out, programs, content, IOPDIR_TODAY="2026-11-25")
    err = capfd.readouterr().err
    assert "about.md:1:1: error: file: is a symbolic link" in err and SECRET not in err
    assert not out.exists() or SECRET not in "".join(p.read_text(errors="replace") for p in out.rglob("*")
                                                       if p.is_file())


def test_folders_nested_deeper_than_python_recurses_are_walked(programs):
    # Git carries folders as deep as paths allow (thousands); a walk that recursed would end in a traceback. The
    # recursion limit is lowered instead of nesting thousands of folders: the same failure, made quickly.
    depth = 0
    frame = sys._getframe()
    while frame:
        depth, frame = depth + 1, frame.f_back
    deep = programs / "nj" / "/".join(["d"] * 300)
    os.makedirs(deep)
    os.mkfifo(deep / "pipe.yaml")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 150)
    try:
        found, _, refused = listing_scan([programs])
    finally:
        sys.setrecursionlimit(old)
    assert found == [programs / "nj" / "harbor-light-evening-iop.yaml"]
    assert refused == [(deep / "pipe.yaml", "is a named pipe (FIFO), not a regular file")]
