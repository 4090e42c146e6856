"""Wires the parts together from one Settings object (used by the CLI and the app)."""

from __future__ import annotations

import os
import threading
from functools import cached_property

from assistant.settings import Settings

# Nothing may reach the internet: these must be set before chromadb or gradio
# are imported anywhere in the process.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class MeetingsService:
    """The assistant's components, built lazily from settings.

    Example:
        .. code-block:: python

            service = MeetingsService(Settings(db_dir="/tmp/db"))
            service.ingestor.ingest([Path("reports")])
            answer = service.answerer.answer("第五次会议对商务局提出了什么要求？")
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._scopes: dict[tuple[frozenset[str], str | None], object] = {}
        self._scopes_lock = threading.Lock()

    def scoped(self, libraries, upload_library: str | None = None):
        """This service, or a view of it restricted to ``libraries`` (None: every library).

        ``upload_library``: where the view's uploads go (None: a read-only view).
        Views are cached per library set, so their answerers are built once.
        """
        if libraries is None:
            return self
        from assistant.libraries import ScopedService

        key = (frozenset(libraries), upload_library)
        with self._scopes_lock:
            if key not in self._scopes:
                self._scopes[key] = ScopedService(self, *key)
            return self._scopes[key]

    @cached_property
    def embeddings(self):
        from vectorstore.embeddings import get_embeddings

        return get_embeddings(self.settings.embedding_model, self.settings.embedding_batch_size)

    @cached_property
    def client(self):
        from vectorstore.chroma_store import open_client

        s = self.settings
        return open_client(s.db_dir, s.chroma_host, s.chroma_port)

    def _store(self, name: str):
        from vectorstore.chroma_store import HnswParams, PassageStore
        from vectorstore.embeddings import embedder_name

        s = self.settings
        hnsw = HnswParams(s.hnsw_ef_search, s.hnsw_ef_construction, s.hnsw_max_neighbors)
        return PassageStore(self.client, name, embedder_name(self.embeddings), hnsw)

    @cached_property
    def passages(self):
        """Passages (chunks) of every report."""
        return self._store(self.settings.collection)

    @cached_property
    def docs(self):
        """One record per report: meeting identity, title, requirement records."""
        return self._store(self.settings.collection + "_docs")

    @cached_property
    def catalog(self):
        """In-memory catalogue of ingested meetings."""
        from assistant.catalog import Catalog

        return Catalog(self.docs, self.passages)

    @cached_property
    def keyword_index(self):
        from vectorstore.keyword_index import KeywordIndex

        index = KeywordIndex(self.settings.keyword_dir)
        stamp = self.passages.stamp()  # read first: a write meanwhile shows as a new stamp
        index.sync(self.passages)
        self._keyword_stamp = stamp
        # It knows every passage's report: "the passages of report X" become reads by id.
        self.passages.doc_index = index
        return index

    @cached_property
    def passage_vectors(self):
        """Every passage's vector in memory, for exact search among a question's meetings."""
        from vectorstore.vector_mirror import VectorMirror

        vectors = VectorMirror(self.settings.vectors_dir)
        vectors.sync(self.passages)
        self.passages.vector_index = vectors  # exact search among candidates reads it
        return vectors

    def refresh_keyword_index(self) -> None:
        """Bring the keyword index and the passage vectors in step with other processes' writes.

        Two app processes on one Chroma server (or a CLI ingest beside a running
        app) write passages this process never sees being written; its BM25 index
        and the IDF its question analysis reads would stay as they were
        (tests/test_server_apps.py). The store's stamp (two small reads) says
        whether anything changed; only then are they synced, incrementally.
        """
        index, vectors = self.keyword_index, self.passage_vectors
        stamp = self.passages.stamp()
        if stamp != getattr(self, "_keyword_stamp", None):
            index.sync(self.passages)
            vectors.sync(self.passages)
            self._keyword_stamp = stamp

    @cached_property
    def sentence_index(self):
        """Sentence vectors of every passage (semantic sentence choice), kept in step."""
        from vectorstore.sentence_index import SentenceIndex
        from vectorstore.vector_mirror import VectorMirror

        index = SentenceIndex(self._store(self.settings.collection + "_sentences"),
                              self.embeddings, self.settings.sentence_manifest,
                              VectorMirror(self.settings.sentence_vectors_dir))
        index.sync(self.passages)
        return index

    @cached_property
    def ingestor(self):
        from ingest.pipeline import IngestOptions, Ingestor

        s = self.settings
        options = IngestOptions(chunk_chars=s.chunk_chars,
                                max_file_bytes=int(s.max_file_mb * 1024 * 1024))
        # The derived indexes are built only when a run changed the store (see Ingestor).
        return Ingestor(self.embeddings, self.passages, self.docs,
                        [lambda: self.keyword_index, lambda: self.passage_vectors,
                         lambda: self.sentence_index], options)

    @cached_property
    def retriever(self):
        from assistant.retriever import MeetingRetriever

        return MeetingRetriever(service=self, k=self.settings.top_k)

    @cached_property
    def audit(self):
        """The audit log (MEETINGS_AUDIT_FILE; writes nothing when unset)."""
        from assistant.audit import AuditLog

        return AuditLog(self.settings.audit_file)

    @cached_property
    def users(self):
        """The users file (MEETINGS_AUTH_FILE), or None when the app is open."""
        from assistant.users import UsersFile

        return UsersFile(self.settings.auth_file) if self.settings.auth_file else None

    @cached_property
    def chat_model(self):
        from assistant.llm import get_chat_model

        return get_chat_model(self.settings)

    @cached_property
    def answerer(self):
        from assistant.answer import Answerer

        return Answerer(self, llm=self.chat_model)

