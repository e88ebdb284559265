"""What a change to the listings (a pull request: BASE..HEAD) changes, as a family would read it, and which of it a
maintainer must check before it is merged.

Per listing: "New listing", "Removed", "Closed", "Temporarily closed", "Open again", and each fact that changed with
its label and its words from the single definition of facts (iopdir.listing.facts, iopdir.listing.wording, and the
comparison's rows, iopdir.choosing.comparison): "Phone: (973) 555-0142 → (201) 555-0100", "Medicaid: Not reported →
Yes".

Contact changes are guarded, because directories of treatment are a known target of patient brokers who swap a
program's phone number or website for their own call centre's:
- a change to the phone number, intake phone, website, e-mail or address of a listing that already exists is a
  "check": a maintainer verifies it (CONTRIBUTING.md says how) before it is merged;
- a phone number or website of a new or changed listing that already belongs to another organisation's listing is
  an error;
- a new listing whose website's domain differs from its e-mail's is a warning.

Listings are read at the two revisions from git's object store (git ls-tree, git cat-file): nothing is checked out
and nothing of the pull request runs. They are untrusted: each changed file goes through the validator (the strict
YAML reader and the JSON Schema); the other listings at HEAD, read only for the clash check, through the strict YAML
reader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from iopdir.choosing.comparison import GROUPS as COMPARISON
from iopdir.listing.facts import FACTS
from iopdir.listing.findings import inert, inert_json
from iopdir.listing.program import Phone, Program
from iopdir.listing.validation import LISTING_SUFFIXES, validate_bytes
from iopdir.listing.wording import NOT_REPORTED
from iopdir.listing.yamlstrict import load

ARROW = "→"
ERROR, CHECK, WARNING = "error", "check", "warning"
#: The facts whose change on an existing listing a maintainer must verify.
CONTACT = ("phone", "intake_phone", "email", "website", "places")
#: Status changes, as a headline.
STATUS_HEADLINE = {"closed": "Closed", "temporarily_closed": "Temporarily closed", "active": "Open again"}


class GitError(RuntimeError):
    """A revision that git does not know, or a folder that is not a git repository."""


@dataclass
class Change:
    key: str  # the fact's key in iopdir.listing.facts (or name/summary/description/status)
    label: str
    before: str | None  # None: not reported
    after: str | None
    contact: bool = False

    def __str__(self) -> str:
        return f"{self.label}: {self.before or NOT_REPORTED} {ARROW} {self.after or NOT_REPORTED}"


@dataclass
class Note:
    severity: str  # error | check | warning
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


@dataclass
class ListingChange:
    id: str
    path: str  # at HEAD (at BASE for a removed listing)
    name: str
    headline: str | None  # "New listing", "Removed", "Closed", ... or None for an edit
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return {"New listing": "new", "Removed": "removed", "Closed": "closed"}.get(self.headline or "", "edited")


@dataclass
class Review:
    base: str
    head: str
    listings: list[ListingChange]

    def count(self, severity: str) -> int:
        return sum(1 for lc in self.listings for n in lc.notes if n.severity == severity)

    @property
    def needs_maintainer(self) -> bool:
        """A contact change to verify, or an error (a clash): the pull request waits for a maintainer."""
        return bool(self.count(CHECK) or self.count(ERROR))

    def summary(self) -> str:
        if not self.listings:
            return "No listing added, changed or removed."
        kinds: dict[str, int] = {}
        for lc in self.listings:
            kinds[lc.kind] = kinds.get(lc.kind, 0) + 1
        parts = [f"{kinds[k]} {k}" for k in ("new", "edited", "closed", "removed") if k in kinds]
        n = len(self.listings)
        line = f"{n} listing{'' if n == 1 else 's'} changed: {', '.join(parts)}"
        checks, errors, warnings = self.count(CHECK), self.count(ERROR), self.count(WARNING)
        line += f"; {checks} contact change{'' if checks == 1 else 's'} for a maintainer to verify"
        line += f"; {errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
        return line


# --- reading listings at a revision ------------------------------------------------------------------------------

def _git(repo, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True)
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def resolve(repo, revision: str) -> str:
    """The commit a revision names (`--end-of-options`: a revision from the command line is never an option)."""
    try:
        found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except GitError:
        found = b""
    if not found.strip():
        _git(repo, "rev-parse", "--git-dir")  # says so when `repo` is no git repository
        raise GitError(f"unknown revision {revision!r}")
    return found.decode().strip()


def blobs_at(repo, commit: str, folder: str = "programs") -> dict[str, str]:
    """Path -> blob id of every listing file under `folder` at `commit`. Regular files only: a link (mode 120000)
    or a submodule is no listing (the build refuses them too)."""
    out: dict[str, str] = {}
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.split(b" ")
        name = path.decode("utf-8", "surrogateescape")
        if kind == b"blob" and mode in (b"100644", b"100755") and name.endswith(LISTING_SUFFIXES):
            out[name] = blob.decode()
    return out


def read_blobs(repo, blobs) -> dict[str, bytes]:
    """Blob id -> contents, in one `git cat-file --batch`."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    raw = _git(repo, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    out, at = {}, 0
    for blob in wanted:
        end = raw.index(b"\n", at)
        header = raw[at:end].split(b" ")
        if len(header) != 3:
            raise GitError(f"git cat-file: {raw[at:end]!r}")
        size = int(header[2])
        out[blob] = raw[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return out


# --- what a listing says, in words ------------------------------------------------------------------------------

def _text(value) -> str | None:
    return None if value in (None, "") else str(value)


def _address(p: Program) -> str | None:
    if not p.locations:
        return None
    return "; ".join(", ".join(part for part in (loc.street, loc.street2, loc.city, f"{loc.state} {loc.postal_code}")
                               if part) for loc in p.locations)


def _intake_phone(p: Program) -> str | None:
    return p.intake_phone.display if p.intake_phone else None


# Facts the comparison has no row for, or shows otherwise than a review wants (the comparison's places are towns;
# its verification date says "N days ago").
_OWN = {
    "phone": lambda p: p.phone.display,
    "intake_phone": _intake_phone,
    "email": lambda p: _text(p.get("contact", "email")),
    "website": lambda p: _text(p.get("contact", "website")),
    "places": _address,
    "last_verified": lambda p: p.last_verified.isoformat(),
}
_SKIPPED = {"freshness"}  # follows from the verification date and today: not a change of the listing


def facts_of(p: Program) -> list[tuple[str, str, str | None]]:
    """(key, label, value in words or None) of every fact a review compares, in the program page's order."""
    rows = [("name", "Name", p.name), ("organization", FACTS["organization"].label, _text(p.organization.get("name"))),
            ("summary", "Summary", _text(p.summary)), ("description", "Description", _text(p.get("description")))]
    contact_done = False
    for group in COMPARISON:
        for row in group.rows:
            if row.key in _SKIPPED:
                continue
            if row.key in _OWN:
                if row.key == "phone" and not contact_done:  # the contact facts together, where the phone stands
                    rows += [(k, FACTS[k].label, _OWN[k](p)) for k in CONTACT]
                    contact_done = True
                elif row.key not in CONTACT:
                    rows.append((row.key, row.label, _OWN[row.key](p)))
                continue
            rows.append((row.key, row.label, row.value(p)))
    return rows


def _long(key: str) -> bool:
    return key == "description"  # shown as changed, not quoted whole


def compare_programs(before: Program, after: Program) -> list[Change]:
    changes = []
    old = {k: v for k, _, v in facts_of(before)}
    for key, text, value in facts_of(after):
        if old.get(key) != value:
            if _long(key):
                changes.append(Change(key, text, "(the earlier text)" if old.get(key) else None,
                                      "(a new text)" if value else None))
            else:
                changes.append(Change(key, text, old.get(key), value, contact=key in CONTACT))
    return changes


# --- who owns a phone number or a website -------------------------------------------------------------------------

def _organisation(name) -> str:
    return " ".join(str(name or "").casefold().split())


def phone_key(written) -> str | None:
    if not isinstance(written, str) or not written.strip():
        return None
    digits, _ = Phone(written)._parts
    return digits if len(digits) == 10 else None


def host(url) -> str | None:
    """A website's host, lower case, without "www.": two addresses on one host belong to one owner."""
    if not isinstance(url, str):
        return None
    try:
        name = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    return name.removeprefix("www.") or None


def email_domain(email) -> str | None:
    if not isinstance(email, str) or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().lower().rstrip(".") or None


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@dataclass
class _Owner:
    id: str
    path: str
    name: str
    organisation: str  # as written
    phones: set[str]
    website: str | None


def _owner(path: str, data) -> _Owner | None:
    """The contact facts of a listing read with the strict YAML reader only (the listings this change leaves as they
    were): every value checked for its type, since nothing else checked it."""
    if not isinstance(data, dict):
        return None
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    phones = {k for k in (phone_key(contact.get("phone")), phone_key(contact.get("intake_phone"))) if k}
    return _Owner(str(data.get("id", "")), path, str(data.get("name", "")), str(org.get("name", "")), phones,
                  host(contact.get("website")))


def _clashes(lc: ListingChange, mine: _Owner, others: list[_Owner], phone_changed: bool, site_changed: bool) -> None:
    for other in others:
        if other.id == mine.id or _organisation(other.organisation) == _organisation(mine.organisation):
            continue
        whose = f"{other.name} ({other.path}), run by {other.organisation or 'another organisation'}"
        if phone_changed:
            for key in sorted(mine.phones & other.phones):
                lc.notes.append(Note(ERROR, f"the phone number {Phone(key).display} is already that of {whose}"))
        if site_changed and mine.website and mine.website == other.website:
            lc.notes.append(Note(ERROR, f"the website's host {mine.website} is already that of {whose}"))


# --- the review ---------------------------------------------------------------------------------------------------

def review(repo, base: str, head: str = "HEAD", today: dt.date | None = None, folder: str = "programs") -> Review:
    """What changed in the listings from `base` to `head` (revisions of the git repository `repo`)."""
    today = today or dt.date.today()
    base_commit, head_commit = resolve(repo, base), resolve(repo, head)
    before, after = blobs_at(repo, base_commit, folder), blobs_at(repo, head_commit, folder)
    changed = {path for path in after if before.get(path) != after[path]}
    gone = {path for path in before if path not in after}
    contents = read_blobs(repo, [before[p] for p in before if p in gone or p in changed] + list(after.values()))

    def checked(path: str, blob: str):
        return validate_bytes(contents[blob], path, PurePosixPath(path), today)

    # Listings by id at each side (a listing moved to another file is the same listing).
    old_by_id: dict[str, tuple[str, Program]] = {}
    for path in sorted(gone | {p for p in changed if p in before}):
        done = checked(path, before[path])
        if done.program is not None:
            old_by_id[done.program.id] = (path, done.program)
    new: dict[str, tuple[str, Program]] = {}
    results: list[ListingChange] = []
    broken: set[str] = set()  # changed files that do not validate at HEAD: reported as such, not as removed
    for path in sorted(changed):
        done = checked(path, after[path])
        if done.program is None:
            errors = sum(1 for f in done.findings if f.is_error)
            results.append(ListingChange(path.rsplit("/", 1)[-1].rsplit(".", 1)[0], path, path, None,
                                         notes=[Note(ERROR, f"the listing has {errors} error{'' if errors == 1 else 's'}"
                                                            " (see iopdir validate); it is not reviewed further")]))
            broken.add(path)
            continue
        new[done.program.id] = (path, done.program)
    # Who owns which phone numbers and websites at HEAD: the changed listings as validated, the others as the strict
    # YAML reader reads them (their contact fields are type-checked where they are read).
    validated = {path: program for path, program in new.values()}
    owners = [o for path, blob in sorted(after.items())
              if (o := _owner(path, validated[path].data if path in validated else load(contents[blob], path).data))]

    for program_id, (path, program) in sorted(new.items(), key=lambda item: item[1][0]):
        mine = _owner(path, program.data)
        if program_id not in old_by_id:
            lc = ListingChange(program_id, path, program.name, "New listing")
            website, mail = host(program.get("contact", "website")), email_domain(program.get("contact", "email"))
            if website and mail and not _same_site(website, mail):
                lc.notes.append(Note(WARNING, f"the website's domain {website} differs from the e-mail's {mail}"))
            _clashes(lc, mine, owners, True, True)
            results.append(lc)
            continue
        old_path, old = old_by_id.pop(program_id)
        changes = compare_programs(old, program)
        headline = STATUS_HEADLINE[program.status] if program.status != old.status else None
        if not changes and headline is None and old_path == path:
            continue  # the file changed, what it says did not (a comment, the order of fields)
        lc = ListingChange(program_id, path, program.name, headline, changes)
        if old_path != path:
            lc.changes.insert(0, Change("file", "File", old_path, path))
        contact = [c for c in changes if c.contact]
        for c in contact:
            lc.notes.append(Note(CHECK, f"{c.label} changed: a maintainer must verify it before merging "
                                        "(CONTRIBUTING.md, \"Checking a contact change\")"))
        keys = {c.key for c in contact}
        _clashes(lc, mine, owners, bool(keys & {"phone", "intake_phone"}), "website" in keys)
        results.append(lc)
    for program_id, (path, program) in sorted(old_by_id.items(), key=lambda item: item[1][0]):
        if program_id not in new and path not in broken:  # its file is gone, and no other file has its id
            results.append(ListingChange(program_id, path, program.name, "Removed"))
    results.sort(key=lambda lc: lc.path)
    return Review(base_commit, head_commit, results)


# --- as text, Markdown and JSON -----------------------------------------------------------------------------------

def as_text(r: Review) -> str:
    """One line a fact or note; every line inert (the values come from the pull request)."""
    lines = []
    for lc in r.listings:
        lines.append(f"{lc.path}: {lc.name}")
        if lc.headline:
            lines.append(f"  {lc.headline}")
        lines += [f"  {c}" for c in lc.changes]
        lines += [f"  {n}" for n in lc.notes]
    lines.append(r.summary())
    return "".join(inert(line) + "\n" for line in lines)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md(text) -> str:
    """Text from a listing as literal Markdown: no link, emphasis, HTML or line of its own."""
    text = inert(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


_BADGE = {ERROR: "**Error**", CHECK: "**Maintainer's check**", WARNING: "Warning"}


def as_markdown(r: Review) -> str:
    """For the pull request's job summary: a section a listing, one bullet a fact or note."""
    out = ["## Listing changes", ""]
    for lc in r.listings:
        out.append(f"### {md(lc.name)}")
        out.append("")
        out.append(f"File {md(lc.path)}")
        out.append("")
        if lc.headline:
            out.append(f"- **{md(lc.headline)}**")
        for c in lc.changes:
            out.append(f"- {md(c.label)}: {md(c.before or NOT_REPORTED)} {ARROW} {md(c.after or NOT_REPORTED)}")
        for n in lc.notes:
            out.append(f"- {_BADGE[n.severity]}: {md(n.message)}")
        out.append("")
    out.append(md(r.summary()))
    return "\n".join(out) + "\n"


def as_json(r: Review) -> str:
    return inert_json(json.dumps({
        "base": r.base, "head": r.head,
        "listings": [{"id": lc.id, "path": lc.path, "name": lc.name, "kind": lc.kind, "headline": lc.headline,
                      "changes": [asdict(c) for c in lc.changes], "notes": [asdict(n) for n in lc.notes]}
                     for lc in r.listings],
        "needs_maintainer": r.needs_maintainer,
        "counts": {"listings": len(r.listings), "checks": r.count(CHECK), "errors": r.count(ERROR),
                   "warnings": r.count(WARNING)},
    }, indent=2, ensure_ascii=False))

