"""Links to the directory's repository on its forge (GitHub): a new listing's "new file" page, a listing's edit page
and a prefilled problem report. Settings IOPDIR_REPOSITORY and IOPDIR_BRANCH (iopdir.settings); with no repository
the site shows none of these links.

The "new file" page takes the file's name and text in its query (`?filename=...&value=...`, widely used though not in
GitHub's documented list); GitHub answers 414 to a long address, so the form falls back to a download and a copy
beyond NEW_FILE_URL_LIMIT (list-form.js).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

#: Where listings live in the repository (CONTRIBUTING.md): programs/<state>/<id>.yaml.
PROGRAMS_FOLDER = "programs"
#: The issue form a problem report opens (.github/ISSUE_TEMPLATE/).
PROBLEM_TEMPLATE = "listing-problem.yml"
#: The longest "new file" address the form opens; longer ones are refused by GitHub (414) well before 16 KiB.
NEW_FILE_URL_LIMIT = 8000


def listing_path(program) -> str:
    """The listing's file in the repository: programs/<state>/<id>.yaml (the folder is its state's)."""
    return f"{PROGRAMS_FOLDER}/{program.state.lower()}/{program.id}.yaml"


@dataclass(frozen=True)
class Forge:
    repository: str  # https://github.com/OWNER/NAME
    branch: str

    @property
    def new_file(self) -> str:
        """The "new file" page of the branch (the form adds ?filename=...&value=...)."""
        return f"{self.repository}/new/{quote(self.branch, safe='')}"

    def edit(self, program) -> str:
        return f"{self.repository}/edit/{quote(self.branch, safe='')}/{quote(listing_path(program))}"

    def report(self, program, page_url: str) -> str:
        """A new issue from the problem form, its title and the listing's fields filled in (issue forms take a
        field's value from the query parameter of its id)."""
        query = {"template": PROBLEM_TEMPLATE, "title": f"Problem with the listing: {program.name}",
                 "listing": listing_path(program), "page": page_url}
        return f"{self.repository}/issues/new?{urlencode(query, quote_via=quote)}"


def from_settings(settings: dict) -> Forge | None:
    repository = settings.get("IOPDIR_REPOSITORY")
    return Forge(repository.rstrip("/"), settings.get("IOPDIR_BRANCH") or "main") if repository else None
