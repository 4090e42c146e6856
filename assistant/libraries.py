"""资料库 (libraries): one database, several collections of reports, readers of some.

Why views at the data layer rather than a filter in each caller: the answer
strategies, the drafting tab and the export path all read the passage store,
the keyword index, the sentence index and the catalogue directly. Giving them a
*scoped service* whose stores can only return passages of the allowed
libraries means no code path (present or future) can hand a reader a passage
of another library; the retriever's own where clauses are ANDed with the
library clause, and its fusion code is untouched.

A passage's library is the ``library`` metadata written at ingest
(``meetings ingest PATH --library NAME``, default ``default``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from ingest.library_name import valid_library  # noqa: F401 - re-exported
from meetings_errors import AccessDenied

DEFAULT_LIBRARY = "default"
# Matches no library: valid names are word characters and '-' only (see valid_library).
_NONE = "∅"


def library_where(libraries: frozenset[str]) -> dict[str, Any]:
    """The Chroma where clause matching passages/records of ``libraries`` (none: nothing)."""
    names = sorted(libraries) or [_NONE]
    return {"library": names[0]} if len(names) == 1 else {"library": {"$in": names}}


def _and(where: dict[str, Any] | None, extra: dict[str, Any]) -> dict[str, Any]:
    return extra if not where else {"$and": [where, extra]}


class ScopedStore:
    """A PassageStore (or docs store) that only ever returns records of some libraries.

    ``delete`` removes only records of those libraries, and only from a writable
    view (an editor's); derived indexes reach the whole store through ``unscoped``.
    """

    def __init__(self, store, libraries: frozenset[str], writable: bool = False) -> None:
        self._store = store
        self.libraries = libraries
        self.writable = writable
        self._where = library_where(libraries)

    @property
    def unscoped(self):
        """The shared store (for rebuilding derived indexes, never for answering)."""
        return self._store

    def delete(self, ids: list[str]) -> None:
        if not self.writable:
            raise AccessDenied("只有编辑和管理员可以删除报道。")
        self._store.delete([h.id for h in self.get(ids)])

    def _ok(self, hit) -> bool:
        return hit.metadata.get("library", DEFAULT_LIBRARY) in self.libraries

    def __getattr__(self, name: str):  # count, collection, client: read-only helpers
        return getattr(self._store, name)

    def ids_where(self, where: dict[str, Any]) -> list[str]:
        return self._store.ids_where(_and(where, self._where))

    def get(self, ids: list[str]) -> list:
        return [h for h in self._store.get(ids) if self._ok(h)]

    def get_where(self, where: dict[str, Any], limit: int | None = None) -> list:
        return self._store.get_where(_and(where, self._where), limit=limit)

    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None,
              ids: list[str] | None = None, content: bool = True) -> list:
        hits = self._store.query(vector, k, where=_and(where, self._where), ids=ids,
                                 content=content)
        # Without content a hit is an id and a distance (nothing to leak); whoever
        # wants its text reads it through get() here, which filters.
        return [h for h in hits if not content or self._ok(h)]

    def ids_of_docs(self, doc_ids) -> list[str]:
        # Ids only (no text): whoever reads the passages goes through get/query here.
        return self._store.ids_of_docs(doc_ids)

    def of_docs(self, doc_ids) -> list:
        return [h for h in self._store.of_docs(doc_ids) if self._ok(h)]

    def vectors(self, ids: list[str]) -> dict:
        return {i: v for i, v in self._store.vectors(ids).items()
                if v[0].get("library", DEFAULT_LIBRARY) in self.libraries}

    def iter_all(self, page: int = 500) -> Iterator:
        return (h for h in self._store.iter_all(page) if self._ok(h))

    def all_ids(self) -> set[str]:
        return set(self._store.ids_where(self._where))


class ScopedKeywordIndex:
    """The shared BM25 index, searching only passages of the allowed libraries.

    The allowed id set is cached against the index's id list, which the index
    replaces whenever it is rebuilt."""

    def __init__(self, index, passages: ScopedStore) -> None:
        self._index = index
        self._passages = passages
        self._key: tuple[int, int] | None = None
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def __getattr__(self, name: str):  # idf, known, ids, sync
        return getattr(self._index, name)

    def allowed_ids(self) -> set[str]:
        key = (id(self._index.ids), len(self._index.ids))
        with self._lock:
            if key != self._key:
                self._ids, self._key = self._passages.all_ids(), key
            return self._ids

    def search(self, query: str, k: int = 50, allowed: set[str] | None = None,
               tokens: list[str] | None = None) -> list[tuple[str, float]]:
        mine = self.allowed_ids()
        allowed = mine if allowed is None else set(allowed) & mine
        return self._index.search(query, k, allowed=allowed, tokens=tokens)


class ScopedSentenceIndex:
    """The shared sentence index, searching only reports of the allowed libraries."""

    def __init__(self, index, catalog: ScopedCatalog) -> None:
        self._index = index
        self._catalog = catalog

    def __getattr__(self, name: str):
        return getattr(self._index, name)

    def search(self, vector: list[float], k: int, doc_ids: list[str] | None = None,
               passages=None) -> list:
        mine = {r.doc_id for r in self._catalog.records()}
        wanted = sorted(mine if doc_ids is None else set(doc_ids) & mine)
        return self._index.search(vector, k, doc_ids=wanted, passages=passages) if wanted else []


class ScopedCatalog:
    """The shared catalogue's records of the allowed libraries only."""

    def __init__(self, catalog, libraries: frozenset[str]) -> None:
        self._catalog = catalog
        self.libraries = libraries

    def _ok(self, record) -> bool:
        return record.metadata.get("library", DEFAULT_LIBRARY) in self.libraries

    def records(self) -> list:
        return [r for r in self._catalog.records() if self._ok(r)]

    def matching(self, ref, year_unknown: bool = False) -> list:
        return [r for r in self._catalog.matching(ref, year_unknown) if self._ok(r)]

    def get(self, doc_id: str):
        record = self._catalog.get(doc_id)
        return record if record is not None and self._ok(record) else None

    def text(self, doc_id: str) -> str:
        return self._catalog.text(doc_id) if self.get(doc_id) is not None else ""

    def prefetch(self, doc_ids: list[str]) -> None:
        self._catalog.prefetch([d for d in doc_ids if self.get(d) is not None])


class ScopedService:
    """A MeetingsService restricted to some libraries (everything else is shared).

    Heavy parts (embedder, Chroma client, indexes' data) are the base service's;
    only thin views and the per-scope retriever/answerer are built here.
    """

    def __init__(self, base, libraries: Iterable[str], upload_library: str | None = None) -> None:
        """``upload_library``: where this view's uploads go; None makes the view read-only."""
        self.base = base
        self.libraries = frozenset(libraries)
        self.upload_library = upload_library

    def __getattr__(self, name: str):  # settings, embeddings, client, chat_model, ingestor...
        return getattr(self.base, name)

    @cached_property
    def passages(self) -> ScopedStore:
        return ScopedStore(self.base.passages, self.libraries, self.upload_library is not None)

    @cached_property
    def docs(self) -> ScopedStore:
        return ScopedStore(self.base.docs, self.libraries, self.upload_library is not None)

    @cached_property
    def ingestor(self):
        """The shared ingestor writing into ``upload_library`` (a copy: options differ)."""
        if self.upload_library is None:
            raise AccessDenied("只有编辑和管理员可以上传报道。")
        import copy
        from dataclasses import replace

        ingestor = copy.copy(self.base.ingestor)
        ingestor.options = replace(ingestor.options, library=self.upload_library)
        return ingestor

    @cached_property
    def catalog(self) -> ScopedCatalog:
        return ScopedCatalog(self.base.catalog, self.libraries)

    @cached_property
    def keyword_index(self) -> ScopedKeywordIndex:
        return ScopedKeywordIndex(self.base.keyword_index, self.passages)

    @cached_property
    def sentence_index(self) -> ScopedSentenceIndex:
        return ScopedSentenceIndex(self.base.sentence_index, self.catalog)

    @cached_property
    def retriever(self):
        from assistant.retriever import MeetingRetriever

        return MeetingRetriever(service=self, k=self.settings.top_k)

    @cached_property
    def answerer(self):
        from assistant.answer import Answerer

        return Answerer(self, llm=self.base.chat_model)
