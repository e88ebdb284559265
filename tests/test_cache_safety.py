"""Nothing a checkout carries is deserialised (issue #16, item 1).

A pull request can add any file, a git-ignored one too (`git add -f`): a validation cache is a pickle, and Whoosh
reads its index's table of contents with pickle, so a planted cache would run code at the next publish. These tests
commit such files to a git repository made from this site, clone it fresh, build it as the publish workflow does and
check that the payload never ran: caches live outside the checkout by default, and every kept file is signed with a
key in the user's cache folder (iopdir.fingerprint), so one that is found but fails its check is reported once and
made again.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from iopdir import fingerprint
from iopdir.build.cache import ValidationCache
from iopdir.build.outputs import OutputCache
from iopdir.listing.validation import listing_files
from iopdir.search import index

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LISTINGS = ["programs/nj/lanternwood-evening-iop.yaml", "programs/nm/pinon-hill-day-iop.yaml"]
TODAY = "2026-11-20"


class Payload:
    """Unpickled, it creates the file `marker` (what `os.system` could do, without doing harm)."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def crafted_toc(folder: Path, marker: Path) -> None:
    """A Whoosh table of contents that is well formed up to its pickled schema, which is the payload."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

    folder.mkdir(parents=True, exist_ok=True)
    stream = FileStorage(str(folder)).create_file(f"_{index.INDEX_NAME}_1.toc")
    for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for number in (2, 7, 5):
        stream.write_varint(number)
    stream.write_string(pickle.dumps(Payload(marker), 2))
    stream.close()


def plant(site: Path, marker: Path) -> None:
    """Payloads where caches were kept in the checkout (.cache/), as a pull request would add them."""
    cache = site / ".cache"
    (cache / "index").mkdir(parents=True)
    (cache / "validation.pickle").write_bytes(pickle.dumps({"fingerprint": "x", "entries": Payload(marker)}))
    (cache / "outputs.json").write_text('{"index.html": "0"}')
    crafted_toc(cache / "index", marker)
    (cache / "index" / index.FINGERPRINT).write_text("0" * 64 + "\n")


def run(cmd, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def git(cwd: Path, *args) -> None:
    run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main",
         *args], cwd, os.environ).check_returncode()


@pytest.fixture
def env(tmp_path, monkeypatch):
    # Each test its own user cache folder (no key, no caches yet), wide log lines (Pelican's are wrapped).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return {**os.environ, "COLUMNS": "400"}


def hostile_clone(tmp_path: Path, marker: Path, settings: str = "") -> Path:
    """A git repository of this site (settings, content, two listings) with payloads committed, cloned fresh."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, origin / name)
    with (origin / "pelicanconf.py").open("a") as f:
        f.write(f"IOPDIR_TODAY = {TODAY!r}\n{settings}")
    shutil.copytree(ROOT / "content", origin / "content")
    for listing in LISTINGS:
        (origin / listing).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / listing, origin / listing)
    (origin / ".gitignore").write_text(".cache/\noutput/\n")
    plant(origin, marker)
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "add", "-f", ".cache")
    git(origin, "commit", "-q", "-m", "a listing (and something else)")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    clone = tmp_path / "clone"
    assert (clone / ".cache" / "validation.pickle").is_file()  # the clone carries the payloads
    return clone


def publish(clone: Path, env: dict) -> subprocess.CompletedProcess:
    return run([str(BIN / "pelican"), "content", "-s", "publishconf.py"], clone, env)


def ignored(log: str, name: str) -> int:
    """How many warnings say a kept file `name` was ignored."""
    return sum(1 for line in log.splitlines() if "ignored" in line and name in line)


def test_a_publish_build_of_a_hostile_clone_runs_no_payload(tmp_path, env):
    marker = tmp_path / "PAYLOAD-RAN"
    clone = hostile_clone(tmp_path, marker)
    built = publish(clone, env)
    assert not marker.exists(), "a pickle carried by the checkout was loaded"
    assert built.returncode == 0, built.stdout + built.stderr
    assert (clone / "output" / "programs" / "lanternwood-evening-iop" / "index.html").is_file()
    # The caches are in the user's cache folder, not in the checkout (whose planted files nobody read).
    kept = fingerprint.site_cache(clone / "programs")
    assert str(kept).startswith(env["XDG_CACHE_HOME"])
    assert {"validation.pickle", "outputs.json", "index"} <= {p.name for p in kept.iterdir()}
    # Then the same with `iopdir search`, which keeps its index where the build does.
    found = run([str(BIN / "iopdir"), "search", "evening", "--format", "json"], clone, env)
    assert not marker.exists()
    assert found.returncode == 0, found.stderr
    assert '"lanternwood-evening-iop"' in found.stdout


def test_caches_kept_in_the_checkout_are_checked_and_made_again(tmp_path, env):
    """A site may keep its caches in its own folder: what a checkout put there fails its check, with one warning
    each, and is made again."""
    marker = tmp_path / "PAYLOAD-RAN"
    clone = hostile_clone(tmp_path, marker, 'IOPDIR_CACHE_PATH = str(HERE / ".cache")\n')
    built = publish(clone, env)
    log = built.stdout + built.stderr
    assert not marker.exists(), "a pickle carried by the checkout was loaded"
    assert built.returncode == 0, log
    assert ignored(log, "validation.pickle") == 1, log
    assert ignored(log, "outputs.json") == 1, log
    # The index, unread (the export it goes with was not there), was made again in its place.
    assert index.verified(clone / ".cache" / "index")
    # Made again, signed: a second build reads them without a word.
    again = publish(clone, env)
    assert again.returncode == 0 and "ignored" not in again.stdout + again.stderr, again.stdout + again.stderr
    assert not marker.exists()


def test_a_carried_index_is_not_opened_by_iopdir_search(tmp_path, env):
    """A Whoosh index in the checkout with a marker that matches the listings (as a cache restored with its files'
    times would have): `iopdir search` must not open it (Whoosh unpickles its table of contents)."""
    marker = tmp_path / "PAYLOAD-RAN"
    clone = hostile_clone(tmp_path, marker)
    folder = clone / ".cache" / "index"
    files = listing_files([clone / "programs"])[0]
    os.chdir(clone)  # (the fingerprint of the listings is the command's: paths as it sees them)
    try:
        (folder / index.FINGERPRINT).write_text(index.fingerprint(files) + "\n")
    finally:
        os.chdir(ROOT)
    found = run([str(BIN / "iopdir"), "search", "evening", "--index", ".cache/index", "--format", "json"], clone,
                env)
    assert not marker.exists(), "a Whoosh table of contents carried by the checkout was unpickled"
    assert found.returncode == 0, found.stderr
    assert '"lanternwood-evening-iop"' in found.stdout
    assert ignored(found.stderr, index.FINGERPRINT) == 1, found.stderr


# --- the signatures themselves, in this process --------------------------------------------------------------------

@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(fingerprint, "_reported", set())
    return tmp_path / "user-cache"


def test_the_key_is_private_and_kept(user_cache):
    key = fingerprint.secret()
    path = user_cache / "iopdir" / "key"
    assert path.read_bytes() == key and len(key) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    fingerprint._secret.cache_clear()
    assert fingerprint.secret() == key


def test_a_validation_cache_signed_with_another_key_is_ignored_once(tmp_path, user_cache, monkeypatch):
    marker = tmp_path / "PAYLOAD-RAN"
    payload = pickle.dumps({"fingerprint": "x", "entries": Payload(marker)})
    # The file format exactly, under a key that is not this user's; and without any signature.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    fingerprint.write_signed(tmp_path / "signed", "validation cache", payload)
    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache))
    for path, content in ((tmp_path / "signed", (tmp_path / "signed").read_bytes()),
                          (tmp_path / "unsigned", payload)):
        path.write_bytes(content)
        with warnings_logged() as said:
            cache = ValidationCache(path)
            ValidationCache(path)  # a second reader in the same run: no second warning
        assert not marker.exists()
        assert cache.entries == {}
        assert said == [f"ignored {path} (validation cache): it fails its check against this user's key (made on "
                        "another machine or by another user, changed since, or planted in a checkout); it will be "
                        "made again"]
        cache.save()  # made again, signed: read back without a word
        with warnings_logged() as said:
            assert ValidationCache(path).entries == {}
        assert said == []


@contextmanager
def warnings_logged():
    """What iopdir.fingerprint logs in the block. (Not caplog: once Pelican is imported, its LimitFilter on every
    logger drops a message already logged in the session, and caplog's handler is not the first to see it.)"""
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())
    logging.getLogger(fingerprint.__name__).addHandler(handler)
    try:
        yield said
    finally:
        logging.getLogger(fingerprint.__name__).removeHandler(handler)


def test_a_signed_file_cannot_pass_for_another_kind(tmp_path, user_cache):
    record = tmp_path / "outputs.json"
    fingerprint.write_signed(record, "validation cache", b'{"index.html": "k"}')
    assert OutputCache(record, tmp_path, salt="").keys == {}
    fingerprint.write_signed(record, "page record", b'{"index.html": "k"}')
    assert OutputCache(record, tmp_path, salt="").keys == {"index.html": "k"}


def test_an_index_with_a_file_added_or_changed_is_not_opened(tmp_path, user_cache):
    folder = index.build([], tmp_path / "index")
    index.Index.open(folder).close()
    crafted_toc(folder, tmp_path / "PAYLOAD-RAN")  # a later generation than ours: the one Whoosh would read
    with pytest.raises(index.UntrustedIndex):
        index.Index.open(folder)
    assert not (tmp_path / "PAYLOAD-RAN").exists()
    # Rebuilt, it opens again; a changed ZIP centre shard is caught as well.
    index.build([], folder)
    shard = next((folder / index.ZIPS).glob("*.json"))
    shard.write_text("{}")
    with pytest.raises(index.UntrustedIndex):
        index.Index.open(folder)


def test_a_carried_search_export_key_is_not_trusted(tmp_path, user_cache):
    from iopdir.build import search_data

    export = tmp_path / "export"
    export.mkdir()
    (export / search_data.BUILD_KEY).write_text(search_data._key([], TODAY))  # what the old code wrote
    assert not search_data.current(tmp_path / "programs", tmp_path / "index", export, TODAY, [], files=[])


def test_a_link_in_place_of_a_kept_file_is_not_followed(tmp_path, user_cache):
    """A checkout can carry symbolic links: one in place of a cache is not read through (a link to /dev/zero would
    never end), and one among the ZIP centres kept beside the index is not written through."""
    cache = tmp_path / "validation.pickle"
    cache.symlink_to("/dev/zero")
    with warnings_logged() as said:
        assert ValidationCache(cache).entries == {}
    assert len(said) == 1 and not cache.is_symlink()

    target = tmp_path / "not-the-index.txt"
    target.write_text("mine")
    zips = tmp_path / "index" / index.ZIPS
    zips.mkdir(parents=True)
    for n in range(100):
        (zips / f"{n:02d}.json").symlink_to(target)
    index.build([], tmp_path / "index")
    assert target.read_text() == "mine"
    assert not any(p.is_symlink() for p in zips.iterdir())
