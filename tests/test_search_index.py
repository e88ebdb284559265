"""The index and its export: scores equal Whoosh's own BM25F scorer; shards cover every term exactly once."""

import datetime as dt
import json

import pytest

from iopdir.search import export
from iopdir.search import index
from iopdir.search import postings
from iopdir.search.analysis import terms
from iopdir.tools.synthetic import generate
from iopdir.build.listings import validate_paths


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    base = tmp_path_factory.mktemp("index")
    generate(150, base / "programs", seed=11, today=dt.date(2026, 11, 25))
    programs = validate_paths([base / "programs"], today=dt.date(2026, 11, 25)).programs
    index.build(programs, base / "index")
    opened = index.Index.open(base / "index")
    yield opened
    opened.close()


def contents(directory):
    """Everything an index holds, in a comparable form: each term's statistics and postings with their block
    statistics, stored fields, and field lengths (per document, and the totals)."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(directory), indexname=index.INDEX_NAME)
    reader = ix.reader()
    try:
        terms_ = []
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            postings = []
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_min_length(),
                                 matcher.block_max_length(), matcher.block_max_weight()))
                matcher.next()
            terms_.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(),
                           info.max_length(), info.max_weight(), info.min_id(), info.max_id(), postings))
        scorable = list(ix.schema.scorable_names())
        docs = [(reader.stored_fields(d), [reader.doc_field_length(d, f) for f in scorable])
                for d in range(reader.doc_count_all())]
        # (A field no document has, e.g. medications in synthetic listings, has no lengths column: Whoosh's
        # min_field_length fails on it.)
        totals = [(reader.field_length(f), reader.min_field_length(f), reader.max_field_length(f)) for f in scorable
                  if reader.field_length(f)]
        return terms_, docs, totals
    finally:
        reader.close()


def test_the_index_holds_what_whooshs_own_writer_writes(tmp_path):
    """index.build hands Whoosh's postings writer a block at a time; Whoosh's add_document() and commit() must
    give the same index. Long posting lists (several blocks) and long fields (a length is stored in one byte,
    approximately from 11) included."""
    from whoosh import index as whoosh_index

    generate(400, tmp_path / "programs", seed=5, today=dt.date(2026, 11, 25))
    programs = validate_paths([tmp_path / "programs"], today=dt.date(2026, 11, 25)).programs
    index.build(programs, tmp_path / "ours")
    (tmp_path / "whooshs").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "whooshs"), index.schema(), indexname=index.INDEX_NAME)
    writer = ix.writer()
    for order, program in enumerate(index.name_order(programs)):
        writer.add_document(**index.document(order, program))
    writer.commit(optimize=True)
    ours, whooshs = contents(tmp_path / "ours"), contents(tmp_path / "whooshs")
    assert ours == whooshs
    # As the build writes it: from its postings' documents and terms (fill() takes the terms as counted).
    made = postings.fresh(programs, tmp_path / "postings", "key")
    index.build(programs, tmp_path / "counted", made.docs, made.terms)
    assert contents(tmp_path / "counted") == whooshs
    terms_, docs, _ = ours
    assert len(docs) == 400
    assert max(len(t[-1]) for t in terms_) > 2 * 128  # posting lists of three blocks and more
    assert max(length or 0 for _, lengths in docs for length in lengths) > 40  # stored approximately from 11


def test_counted_postings_only_of_counted_fields_into_a_new_segment(tmp_path):
    """fill() takes postings as counted only for a CountedTerms field (another field indexes its own way), and only
    into a new segment (counted postings number documents from 0)."""
    from whoosh import index as whoosh_index

    from iopdir.search.whoosh_internals import fill

    ix = whoosh_index.create_in(str(tmp_path), index.schema(), indexname=index.INDEX_NAME)
    writer = ix.writer()
    with pytest.raises(ValueError, match="'id'"):
        fill(writer, [], {"id": {"alder-iop": [[0], [1]]}})
    writer.docnum = 1
    with pytest.raises(ValueError, match="new segment"):
        fill(writer, [], {"name": {"alder": [[0], [1]]}})
    writer.cancel()


def test_an_index_of_no_programs(tmp_path):
    index.build([], tmp_path / "index")
    terms_, docs, _ = contents(tmp_path / "index")
    assert terms_ == [] and docs == []
    empty = index.Index.open(tmp_path / "index")  # every listing closed: the export is made all the same
    try:
        assert empty.all_term_scores() == {}
        assert export.export(empty, tmp_path / "export")["documents"] == 0
    finally:
        empty.close()


def whoosh_scores(ix, term):
    """Whoosh's own way: a scorer per field, summed with the field boosts."""
    totals = {}
    for name, boost in index.TEXT_FIELDS.items():
        if (name, term) not in ix.reader:
            continue
        matcher = ix.searcher.postings(name, term)
        while matcher.is_active():
            totals[matcher.id()] = totals.get(matcher.id(), 0.0) + boost * matcher.score()
            matcher.next()
    return {doc: int(round(s * index.SCORE_SCALE)) for doc, s in totals.items()}


def test_term_scores_equal_whooshs_bm25f(ix):
    vocabulary = ix.vocabulary()
    assert len(vocabulary) > 200
    for term in vocabulary:
        assert ix.term_scores(term) == whoosh_scores(ix, term), term


def test_all_term_scores_are_term_scores_of_each_term(ix):
    everything = ix.all_term_scores()
    assert sorted(everything) == ix.vocabulary()
    assert everything == {term: ix.term_scores(term) for term in ix.vocabulary()}


def test_analysis():
    assert terms("Évening DBT-groups, for TEENS & their families (ages 13–17)") == [
        "evening", "dbt", "groups", "teens", "their", "families", "ages", "13", "17"]
    assert terms("Ｆｕｌｌｗｉｄｔｈ café naïve") == ["fullwidth", "cafe", "naive"]
    assert terms("a I x") == []


def test_shards_are_prefix_free_and_cover_every_term():
    sizes = {t: 5000 for t in ["co", "cope", "coping", "counsel", "counseling", "counselor", "cbt", "dbt", "day"]}
    key_of = export.shard(sizes, limit=12000)
    assert set(key_of) == set(sizes)
    keys = set(key_of.values())
    for t, key in key_of.items():
        assert t.startswith(key.rstrip("\u0000"))
    open_keys = [k for k in keys if not k.endswith("\u0000")]
    assert not any(a != b and b.startswith(a) for a in open_keys for b in open_keys)
    assert key_of["co"] == "co\u0000"  # a term as long as a split prefix stands alone
    assert (key_of["cbt"], key_of["dbt"], key_of["day"]) == ("cb", "db", "da")
    # 15 kB of "counsel..." terms: split until each shard is small enough, the bare "counsel" standing alone.
    assert (key_of["counsel"], key_of["counseling"], key_of["counselor"]) == ("counsel\u0000", "counseli", "counselo")


def test_export_files(ix, tmp_path):
    summary = export.export(ix, tmp_path / "data")
    meta = json.loads((tmp_path / "data" / "meta.json").read_text())
    assert meta["count"] == summary["documents"] == 150
    shard_files = {entry[1] for entry in meta["shards"]}
    assert shard_files == {p.name for p in (tmp_path / "data" / "terms").iterdir()}
    everything = {}
    for name in shard_files:
        everything.update(json.loads((tmp_path / "data" / "terms" / name).read_text()))
    assert sorted(everything) == ix.vocabulary()
    facets = {f.stem: json.loads(f.read_text()) for f in (tmp_path / "data" / "facets").iterdir()}
    assert set(facets) == set(meta["facets"])
    for facet, values in facets.items():
        assert list(values) == [v for v, _ in meta["facets"][facet]]
        for value, deltas in values.items():
            assert json.loads((tmp_path / "data" / "values" / facet / f"{value}.json").read_text()) == deltas
    assert len(list((tmp_path / "data" / "docs").iterdir())) == -(-150 // export.BLOCK)
