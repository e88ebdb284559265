"""What a build or a command keeps between runs (caches of validation, pages, the search index): their keys (digests
of files), where they live, and their signatures. Knows nothing of what is cached.

Anything read back from a previous run is untrusted until its signature is checked: a pull request can carry any
file, a git-ignored one included (`git add -f`), and the validation cache is a pickle, which runs code when loaded;
Whoosh reads its index's table of contents with pickle too. So caches live outside the checkout by default (see
site_cache), and every file kept is signed with HMAC-SHA256 under a key that never leaves this user's cache folder
(see secret): a checkout, a clone or a pull request cannot hold a file that passes, wherever a site puts its caches.
A file that fails its check is reported once, removed and made again.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from iopdir import SCHEMA_DIR

CODE = Path(__file__).resolve().parent  # the package: its code and its data files (the ZIP table)


def digest(paths, root: Path | None = None) -> str:
    """SHA-256 of files' names (relative to `root` when given) and contents, in the order given: the key of
    anything made from them (caches of validation, pages, the search index)."""
    h = hashlib.sha256()
    for path in map(Path, paths):
        name = path.relative_to(root) if root else path.name
        h.update(str(name).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def digest_of_folder(folder: Path, pattern: str = "*") -> str:
    """`digest` of every file under `folder` matching `pattern` (compiled Python caches left out)."""
    folder = Path(folder)
    return digest(sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts), folder)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever anything a cache may depend on changes: every module of the package, every data file it
    reads (the ZIP table), the schema and the vocabularies. Whole, not hand-kept lists of the files that matter:
    such a list missed the ZIP table once (a cached run accepted a ZIP that an uncached run refused)."""
    # Installed from a wheel, the theme, the scaffold and the schema are folders of the package: the theme and the
    # scaffold decide no cache here (the pages' record keys on the theme itself), and the schema is the second term.
    code = sorted(p for p in CODE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.relative_to(CODE).parts[0] not in _NOT_CODE)
    return digest(code, CODE) + digest_of_folder(SCHEMA_DIR)


_NOT_CODE = {"theme", "scaffold", "schema"}


# --- where caches live, and their signatures -------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def user_cache_root() -> Path:
    """This user's cache folder for iopdir: $XDG_CACHE_HOME/iopdir, else ~/.cache/iopdir (a relative
    XDG_CACHE_HOME is ignored, as the XDG specification says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "iopdir"


def site_cache(programs) -> Path:
    """The default folder of a site's caches: in this user's cache folder, named by a digest of the absolute path of
    the site's listings folder (what the build and `iopdir search` share), so no checkout can put a file there.
    `./dev clean` repeats this formula."""
    site = os.path.realpath(programs)
    return user_cache_root() / hashlib.sha256(site.encode()).hexdigest()[:24]


KEY_BYTES = 32


def secret() -> bytes:
    """The key that signs what is kept: 32 random bytes in this user's cache folder (mode 0600), made on first use."""
    return _secret(str(user_cache_root()))


@lru_cache(maxsize=4)
def _secret(root: str) -> bytes:
    path = Path(root) / "key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    if len(key) == KEY_BYTES:
        return key
    Path(root).mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(KEY_BYTES))
        if key:  # a damaged key (wrong length): replaced; what it signed fails its check once
            os.replace(tmp, path)
        else:
            try:  # a link cannot replace a file: two processes starting at once agree on the first one's key
                os.link(tmp, path)
            except FileExistsError:
                pass
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise OSError(f"{path}: not a key of {KEY_BYTES} bytes; remove it")
    return key


def signature(kind: str, data) -> bytes:
    """HMAC-SHA256 of `data` (bytes-like) under this user's key. `kind` names what the data is, so that a file
    signed as one thing cannot be passed off as another."""
    mac = hmac.new(secret(), kind.encode() + b"\0", hashlib.sha256)
    mac.update(data)
    return mac.digest()


def signed_text(kind: str, text: str) -> str:
    """`text` with its signature in front (for small keys and stamps kept as text files)."""
    return signature(kind, text.encode()).hex() + " " + text


def unsigned_text(path: Path, kind: str) -> str | None:
    """The text of a file written as signed_text(kind, ...): None if it is absent or fails its check (then
    reported once and removed, see rejected)."""
    data = _read_file(path)
    if data is None:
        return None
    try:
        mac, _, text = data.decode("utf-8").partition(" ")
        good = hmac.compare_digest(bytes.fromhex(mac), signature(kind, text.encode()))
    except ValueError:
        good = False
    if not good:
        rejected(path, kind)
        return None
    return text


MAGIC = b"iopdir-signed 1\n"


def write_signed(path: Path, kind: str, payload) -> None:
    """Write `payload` with its signature in front, atomically (a reader sees the old file or the new one).
    `payload`: bytes, or a function that writes them to the file object it is given (pickle.dump without holding
    a second copy of the pickle in memory)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + bytes(hashlib.sha256().digest_size))  # the signature's place, filled in below
            signing = _Signing(f, kind)
            payload(signing) if callable(payload) else signing.write(payload)
            f.seek(len(MAGIC))
            f.write(signing.mac.digest())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class _Signing:
    """A file to write to that signs what goes through it."""

    def __init__(self, file, kind: str):
        self.file, self.mac = file, hmac.new(secret(), kind.encode() + b"\0", hashlib.sha256)

    def write(self, data) -> int:
        self.mac.update(data)
        return self.file.write(data)


def read_signed(path: Path, kind: str) -> memoryview | None:
    """The payload of a file written by write_signed(path, kind, ...), or None if it is absent or fails its check
    (then reported once and removed, see rejected). Only a payload that passed may be unpickled."""
    data = _read_file(path)
    if data is None:
        return None
    view = memoryview(data)
    start = len(MAGIC) + hashlib.sha256().digest_size
    if view[:len(MAGIC)] == MAGIC and hmac.compare_digest(view[len(MAGIC):start], signature(kind, view[start:])):
        return view[start:]
    rejected(path, kind)
    return None


def _read_file(path) -> bytes | None:
    """The bytes of a regular file; None if there is nothing at `path`; b"" (which fails any check) for a link, a
    FIFO or a device, which are not followed or read (a link to /dev/zero would never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as f:
        return f.read() if stat.S_ISREG(os.fstat(fd).st_mode) else b""


_reported: set[str] = set()


def rejected(path: Path, kind: str) -> None:
    """A kept file failed its check: say so once, and remove it, so that neither this run's other readers nor a
    second process warn again; it is made again."""
    name = os.path.abspath(path)
    if name not in _reported:
        _reported.add(name)
        logger.warning("ignored %s (%s): it fails its check against this user's key (made on another machine or "
                       "by another user, changed since, or planted in a checkout); it will be made again", name, kind)
    try:
        os.unlink(name)
    except OSError:
        pass


def folder_manifest(folder: Path, leave_out=()) -> str:
    """Every file under `folder` but those named in `leave_out` (relative paths), with its SHA-256, one a line.
    Links and other special files are named, never read (never signed, so never in a manifest that passes)."""
    lines = []
    for top, dirs, names in os.walk(folder):  # links to folders are not followed
        for name in names + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            path = os.path.join(top, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if relative in leave_out:
                continue
            if os.path.islink(path) or not os.path.isfile(path):
                lines.append(f"not-a-file {relative}")
                continue
            with open(path, "rb") as f:
                lines.append(f"{hashlib.file_digest(f, 'sha256').hexdigest()} {relative}")
    return "\n".join(sorted(lines, key=lambda line: line.split(" ", 1)[1]))
