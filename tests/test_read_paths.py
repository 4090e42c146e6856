"""The fast read paths give what the metadata-filtered reads they replace gave.

At 100k passages, Chroma's metadata-filtered reads and searches were what grew
with the archive (bench/scale.py, BENCHMARKS.md "Scale"); the answers now read
a report's passages by id (the keyword index knows each passage's report),
search a few candidates exactly from their stored vectors, and match a
question's meeting through the catalogue's buckets. Each is checked here
against the slow path, on a real Chroma store.
"""

from __future__ import annotations

import json

import pytest

from assistant.query_ref import MeetingRef, meeting_matches
from tests.conftest import make_service
from tests.office_fixtures import CMD_ONLY, two_library_db
from vectorstore import chroma_store
from vectorstore.keyword_index import KeywordIndex


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    service, _ = two_library_db(tmp_path_factory.mktemp("paths"))
    _ = service.keyword_index  # built, and attached to the passage store as its doc index
    return service


def _by_metadata(store, doc_id):
    return sorted(store.ids_where({"doc_id": doc_id}))


def test_passages_of_a_report_by_id_match_the_metadata_filter(svc):
    assert svc.passages.doc_index is svc.keyword_index
    for record in svc.catalog.records():
        ids = _by_metadata(svc.passages, record.doc_id)
        assert ids and sorted(svc.passages.ids_of_docs([record.doc_id])) == ids
        assert sorted(h.id for h in svc.passages.of_docs([record.doc_id])) == ids
        assert set(svc.passages.reports_of(ids).values()) == {record.doc_id}


def test_a_report_the_index_does_not_know_is_read_from_the_store(svc):
    record = svc.catalog.records()[0]
    index, svc.passages.doc_index = svc.passages.doc_index, None
    try:
        assert sorted(svc.passages.ids_of_docs([record.doc_id])) == _by_metadata(
            svc.passages, record.doc_id)
    finally:
        svc.passages.doc_index = index
    assert svc.passages.ids_of_docs(["no-such-report"]) == []


def test_an_index_saved_without_report_ids_fills_them_in(svc, tmp_path):
    import shutil

    shutil.copytree(svc.keyword_index.path, tmp_path / "kw")
    info_path = tmp_path / "kw" / "ids.json"
    info = json.loads(info_path.read_text("utf-8"))
    del info["doc_ids"]
    info_path.write_text(json.dumps(info, ensure_ascii=False), "utf-8")
    old = KeywordIndex(tmp_path / "kw")
    assert old.passage_ids([svc.catalog.records()[0].doc_id]) == {}
    assert old.sync(svc.passages) is False  # nothing changed: no rebuild, ids filled in
    record = svc.catalog.records()[0]
    assert sorted(old.passage_ids([record.doc_id])[record.doc_id]) == _by_metadata(
        svc.passages, record.doc_id)
    assert "doc_ids" in json.loads(info_path.read_text("utf-8"))


def test_exact_search_among_ids_agrees_with_chroma(svc):
    vec = svc.embeddings.embed_query(CMD_ONLY)
    doc_ids = [r.doc_id for r in svc.catalog.records()[:2]]
    ids = svc.passages.ids_of_docs(doc_ids)
    where = {"doc_id": {"$in": sorted(doc_ids)}}
    exact = svc.passages.query(vec, 5, where=where, ids=ids)
    hnsw = svc.passages.query(vec, 5, where=where)
    assert [h.id for h in exact] == [h.id for h in hnsw]
    assert [round(h.distance, 4) for h in exact] == [round(h.distance, 4) for h in hnsw]
    assert all(h.text and h.metadata for h in exact)
    bare = svc.passages.query(vec, 5, where=where, ids=ids, content=False)
    assert [h.id for h in bare] == [h.id for h in exact] and not any(h.text for h in bare)


def test_above_the_exact_limit_chroma_searches(svc, monkeypatch):
    monkeypatch.setattr(chroma_store, "EXACT_SEARCH_MAX_IDS", 1)
    vec = svc.embeddings.embed_query(CMD_ONLY)
    doc_id = svc.catalog.records()[0].doc_id
    ids = svc.passages.ids_of_docs([doc_id])
    hits = svc.passages.query(vec, 3, where={"doc_id": doc_id}, ids=ids)
    assert hits and {h.metadata["doc_id"] for h in hits} == {doc_id}


def test_a_library_view_keeps_its_reads_inside(svc):
    gov = svc.scoped({"gov"})
    other = svc.scoped({"cmd"}).catalog.records()[0]
    ids = svc.passages.ids_of_docs([other.doc_id])
    vec = svc.embeddings.embed_query(CMD_ONLY)
    assert gov.passages.of_docs([other.doc_id]) == []
    assert gov.passages.query(vec, 5, ids=ids) == []
    assert gov.sentence_index.search(vec, 5, doc_ids=[other.doc_id],
                                     passages=gov.passages) == []


def test_sentence_search_by_ids_agrees_with_the_filter(svc):
    vec = svc.embeddings.embed_query(CMD_ONLY)
    doc_ids = [r.doc_id for r in svc.catalog.records()[:2]]
    by_ids = svc.sentence_index.search(vec, 5, doc_ids, passages=svc.passages)
    by_filter = svc.sentence_index.search(vec, 5, doc_ids)
    # The same sentences (ties, e.g. one sentence in two reports, in either order).
    assert by_ids and {(h.passage_id, h.start) for h in by_ids} == {
        (h.passage_id, h.start) for h in by_filter}
    assert all(abs(x.similarity - y.similarity) < 2e-3
               for x, y in zip(by_ids, by_filter, strict=True))
    assert svc.sentence_index.mirror is not None and len(svc.sentence_index.mirror) == \
        svc.sentence_index.store.count()


REFS = [MeetingRef(number=5), MeetingRef(year=2025), MeetingRef(number=5, year=2025),
        MeetingRef(body="主任办公会"), MeetingRef(month=3), MeetingRef(quarter=1),
        MeetingRef(number=99), MeetingRef(number=1, body="主任办公会", year=2026)]


@pytest.mark.parametrize("ref", REFS, ids=lambda r: repr(r))
@pytest.mark.parametrize("year_unknown", [False, True])
def test_catalogue_matching_is_the_linear_filter(corpus_service, ref, year_unknown):
    records = corpus_service.catalog.records()
    expected = [r for r in records if meeting_matches(ref, r.metadata, unknown_year_ok=year_unknown)
                and (not year_unknown or not r.metadata.get("meeting_year"))]
    assert corpus_service.catalog.matching(ref, year_unknown) == expected


def test_another_writer_is_seen_after_the_stamp_ttl(tmp_path, monkeypatch):
    monkeypatch.setattr(chroma_store, "STAMP_TTL_S", 0.0)
    a = make_service(tmp_path / "db")
    b = make_service(tmp_path / "db")
    before = b.passages.stamp()
    a.passages.upsert(["x1"], ["会议研究了防汛工作。"], [[0.1] * 384], [{"doc_id": "d"}])
    assert a.passages.stamp() != before  # own write: seen at once
    assert b.passages.stamp() != before


def test_passage_vectors_follow_the_store_and_rank_as_chroma_does(svc, tmp_path):
    from vectorstore.vector_mirror import VectorMirror

    vectors = VectorMirror(tmp_path / "vec")
    assert vectors.sync(svc.passages) and len(vectors) == svc.passages.count()
    assert vectors.sync(svc.passages) is False  # nothing changed
    again = VectorMirror(tmp_path / "vec")  # saved, and read back
    assert len(again) == len(vectors) and again.sync(svc.passages) is False
    vec = svc.embeddings.embed_query(CMD_ONLY)
    ids = [h.id for h in svc.passages.iter_all()]
    near, missing = again.nearest(vec, ids + ["not-synced"], 5)
    assert missing == ["not-synced"]
    chroma = svc.passages.query(vec, 5)
    assert [i for i, _ in near] == [h.id for h in chroma]
    assert all(abs(d - h.distance) < 2e-3 for (_, d), h in zip(near, chroma, strict=True))
    # A passage added by another writer is picked up by the next sync, kept rows reused.
    svc.passages.upsert(["extra-passage"], ["会议研究了森林防火工作。"], [vec],
                        [{"doc_id": "extra-doc", "library": "gov"}])
    try:
        assert again.sync(svc.passages) and again.nearest(vec, ["extra-passage"], 1)[0][0][0] \
            == "extra-passage"
    finally:
        svc.passages.delete(["extra-passage"])
    assert again.sync(svc.passages) and len(again) == len(vectors)
