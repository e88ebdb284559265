"""The search data updated in place (issue #15, item 4): the postings kept between builds (iopdir.search.postings)
give the same export as a fresh Whoosh index, and an update after an edit, an addition or a removal gives the same
postings and files as making them whole; a rebuild after one edit rewrites only the files that depend on it."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from iopdir.build import search_data
from iopdir.build.listings import validate_paths
from iopdir.search import export, index, postings
from iopdir.tools.synthetic import generate

TODAY = dt.date(2026, 12, 3)
KEY = "k"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def listed(folder: Path):
    report = validate_paths([folder], today=TODAY)
    assert report.ok
    return [p for p in report.programs if p.listed]


@pytest.fixture(scope="module")
def listings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("listings") / "programs"
    generate(40, folder, seed=3, today=TODAY)
    return folder


def test_the_export_from_postings_is_the_export_from_whoosh(listings, tmp_path):
    programs = listed(listings)
    index.build(programs, tmp_path / "index")
    ix = index.Index.open(tmp_path / "index")
    try:
        export.export(ix, tmp_path / "whoosh")
        whoosh_scores = ix.all_term_scores()
    finally:
        ix.close()
    made = postings.fresh(programs, tmp_path / "index", KEY)
    export.export(made, tmp_path / "ours")
    assert made.scores == whoosh_scores  # the same integers for every term and document
    assert files_of(tmp_path / "ours") == files_of(tmp_path / "whoosh")
    assert len(files_of(tmp_path / "ours")) > 100


def edit(path: Path, pattern: str, replacement: str) -> None:
    text, count = re.subn(pattern, replacement, path.read_text(), flags=re.M)
    assert count == 1, pattern
    path.write_text(text)


def _edits(folder: Path):
    """Each step changes the listings; yields what it did."""
    paths = sorted(folder.rglob("*.yaml"))
    edit(paths[5], r"^summary: .*$", "summary: Evening care for adults, summary edited in a test of the index.")
    yield "a summary edited (its field's average length changes)"
    edit(paths[7], r"^description: .*$", "description: Short.")
    edit(paths[9], r"^  phone: .*$", "  phone: 973-555-0100\n  email: intake@example.org")
    yield "two listings edited at once: a description shortened, a contact changed"
    edit(paths[11], r"^- en$", "- en\n- es")
    yield "a language added (a filter value)"
    shutil.copy(paths[3], paths[3].with_name("added-iop.yaml"))
    edit(paths[3].with_name("added-iop.yaml"), r"^id: .*$", "id: added-iop")
    yield "a listing added (every document number after it, and every idf, change)"
    paths[20].unlink()
    yield "a listing removed"
    edit(paths[21], r"^name: .*$", "name: Aaa First By Name IOP")
    yield "a listing renamed (it moves to the front of the name order)"
    edit(paths[22], r"^status: active$", "status: closed")
    yield "a listing closed (it leaves the index)"


def test_updated_in_place_equals_made_whole(listings, tmp_path):
    folder = tmp_path / "programs"
    shutil.copytree(listings, folder)
    programs = listed(folder)
    kept = postings.fresh(programs, tmp_path / "index", KEY)
    export.export(kept, tmp_path / "out", kept.memo)
    postings.save(kept, tmp_path / "kept")
    in_place = 0
    for step in _edits(folder):
        programs = listed(folder)
        kept = postings.load(tmp_path / "kept", tmp_path / "index")
        kept, updated = postings.update(kept, programs, tmp_path / "index", KEY)
        in_place += updated is not None
        export.export(kept, tmp_path / "out", kept.memo)
        postings.save(kept, tmp_path / "kept")
        whole = postings.fresh(programs, tmp_path / "index", KEY)
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        export.export(whole, tmp_path / "fresh")
        assert (kept.ids, kept.terms, kept.lengths, kept.scores) == (whole.ids, whole.terms, whole.lengths,
                                                                     whole.scores), step
        assert files_of(tmp_path / "out") == files_of(tmp_path / "fresh"), step
    assert in_place == 3  # the three edits were updated in place; the rest made whole


def test_kept_postings_from_another_day_or_code_are_made_whole(listings, tmp_path):
    programs = listed(listings)
    postings.save(postings.fresh(programs, tmp_path / "index", "monday"), tmp_path / "kept")
    kept = postings.load(tmp_path / "kept", tmp_path / "index")
    assert postings.update(kept, programs, tmp_path / "index", "monday")[1] == 0
    assert postings.update(kept, programs, tmp_path / "index", "tuesday")[1] is None
    (tmp_path / "kept").write_bytes((tmp_path / "kept").read_bytes()[:-1] + b"x")  # not as this user signed it
    assert postings.load(tmp_path / "kept", tmp_path / "index") is None


def test_made_whole_for_another_day_or_code_no_document_is_reused(listings, tmp_path):
    """A document holds its cards' words (in every language) and freshness: kept from another day or another
    version of the code or the catalogs, it would show yesterday's badge or a translation since corrected."""
    programs = listed(listings)
    kept = postings.fresh(programs, tmp_path / "index", "monday")
    for doc in kept.docs:
        doc["name"] = "STALE"  # what a document made by other code would hold
    again = postings.update(kept, programs, tmp_path / "index", "monday")[0]
    assert {doc["name"] for doc in again.docs} == {"STALE"}  # the same key: kept, as an edit rebuild wants
    made = postings.update(kept, programs, tmp_path / "index", "tuesday")[0]
    assert "STALE" not in {doc["name"] for doc in made.docs}
    assert made.docs == postings.fresh(programs, tmp_path / "index2", "tuesday").docs


def test_a_rebuild_after_one_edit_rewrites_only_what_depends_on_it(listings, tmp_path):
    folder = tmp_path / "programs"
    shutil.copytree(listings, folder)
    index_dir, out = tmp_path / "cache" / "index", tmp_path / "out"

    def make():
        programs = listed(folder)
        return search_data.make(folder, index_dir, out, TODAY.isoformat(), programs)

    first = make()
    assert first["updated"] is None and index.is_current(index_dir, sorted(folder.rglob("*.yaml")))
    before = files_of(out)
    assert make() == {"unchanged": True}
    edited = sorted(folder.rglob("*.yaml"))[5]
    edit(edited, r"^summary: .*$", "summary: Evening care for adults, summary edited in a test of the index.")
    programs = listed(folder)
    assert not search_data.costly(folder, index_dir, out, TODAY.isoformat(), programs)  # no second process
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = search_data.make(folder, index_dir, out, TODAY.isoformat(), programs)
    assert second["updated"] == 1
    after = files_of(out)
    changed = {name for name in after if after[name] != before.get(name)}
    rewritten = {str(p.relative_to(out)) for p, ns in stamps.items() if p.stat().st_mtime_ns != ns}
    assert rewritten == changed  # only files whose bytes changed were written
    # A summary is in no card and no filter: its terms' shards change, and the spelling candidates of the lengths of
    # its new words (with their program counts; #12's "Did you mean"), and the build key; nothing else.
    assert ".build-key" in changed and any(name.startswith("terms/") for name in changed)
    assert {name for name in changed if not name.startswith(("terms/", "spell/"))} == {".build-key"}
    assert len(changed) < len(after) // 4
    # The Whoosh index was not rewritten: `iopdir search` sees it is not current, and makes it again.
    assert not index.is_current(index_dir, sorted(folder.rglob("*.yaml")))
    # An addition makes everything whole again, in a second process when the build has one.
    shutil.copy(edited, edited.with_name("added-iop.yaml"))
    edit(edited.with_name("added-iop.yaml"), r"^id: .*$", "id: added-iop")
    assert search_data.costly(folder, index_dir, out, TODAY.isoformat(), listed(folder))
    assert make()["updated"] is None and index.is_current(index_dir, sorted(folder.rglob("*.yaml")))


def test_postings_not_written_after_a_few_edits_give_the_same_files(listings, tmp_path, tmp_path_factory):
    """The kept postings are not written again after an update of a few documents: the next build updates them
    with every listing edited since, and its files are those of search data made from scratch."""
    folder = tmp_path / "programs"
    shutil.copytree(listings, folder)
    index_dir, out = tmp_path / "cache" / "index", tmp_path / "out"

    def make(into=out, index_into=index_dir):
        return search_data.make(folder, index_into, into, TODAY.isoformat(), listed(folder))

    make()
    kept = search_data.postings_path(index_dir)
    written = kept.stat().st_mtime_ns
    files = sorted(folder.rglob("*.yaml"))
    edit(files[5], r"^summary: .*$", "summary: Evening care for adults, the first edit of a test.")
    assert make()["updated"] == 1
    assert kept.stat().st_mtime_ns == written  # not written again
    edit(files[9], r"^summary: .*$", "summary: Daytime group therapy, the second edit of a test.")
    edit(files[5], r"^summary: .*$", "summary: Weekend care for teens, the first listing edited again.")
    assert make()["updated"] == 2  # both, against the postings kept before either edit
    scratch = tmp_path_factory.mktemp("scratch")
    make(scratch / "out", scratch / "index")
    assert files_of(out) == files_of(scratch / "out")


def test_a_link_in_the_export_folder_is_replaced_not_written_through(listings, tmp_path):
    programs = listed(listings)
    made = postings.fresh(programs, tmp_path / "index", KEY)
    export.export(made, tmp_path / "out", made.memo)
    outside = tmp_path / "outside.json"
    outside.write_text("[]")
    (tmp_path / "out" / "meta.json").unlink()
    (tmp_path / "out" / "meta.json").symlink_to(outside)
    (tmp_path / "out" / "stray").symlink_to(outside)
    export.export(made, tmp_path / "out", made.memo)
    assert outside.read_text() == "[]"
    assert not (tmp_path / "out" / "meta.json").is_symlink() and not (tmp_path / "out" / "stray").exists()


def test_the_index_built_from_the_postings_documents_is_the_index_built_alone(listings, tmp_path):
    """The build gives index.build the documents its postings made (not made twice): the same Whoosh index."""
    programs = listed(listings)
    made = postings.fresh(programs, tmp_path / "postings", KEY)
    for folder, docs in (("alone", None), ("from-postings", made.docs)):
        index.build(programs, tmp_path / folder, docs)
        ix = index.Index.open(tmp_path / folder)
        try:
            export.export(ix, tmp_path / f"export-{folder}")
        finally:
            ix.close()
    assert files_of(tmp_path / "export-from-postings") == files_of(tmp_path / "export-alone")
