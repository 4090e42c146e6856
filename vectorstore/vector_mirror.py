"""A store's vectors in one float16 matrix, for exact search among many candidates.

Used for the passages and for the sentence index's sentences.

A question that names a meeting type without a year (「农村工作会议是谁主持的」)
matches every such meeting: at 100k passages 150–300 reports, 600–3,000
passages. Chroma's metadata-filtered HNSW search took 40–65 ms for those, and
reading their vectors back from Chroma 20–100 ms (bench/scale.py,
BENCHMARKS.md "Scale"); one gather and matrix product over rows held here take
about a millisecond. Unfiltered questions still go to Chroma's HNSW index.

Like the keyword index this is derived data, kept in step with the passage
store by :meth:`VectorMirror.sync` (only new passages' vectors are read;
passage ids are content hashes, so a kept id is a kept vector). float16 keeps
the matrix at 77 MB for 100k passages of 384 dimensions, memory-mapped from
disk; the cosine ranking it gives agrees with float32 to ~1e-3.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from vectorstore.files import staging_dir, swap_in
from vectorstore.keyword_index import fingerprint
from vectorstore.memory import release_freed_memory

log = logging.getLogger(__name__)
_READ_BATCH = 2000


def nearest_rows(rows, vector: list[float], k: int,
                 unit_rows: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the ``k`` rows nearest to ``vector`` (cosine), best first, and their
    cosine distances (Chroma's: 1 − cos). ``unit_rows``: the rows were stored at
    unit length (the mirror's), so only the query is normalised."""
    m = np.asarray(rows, dtype=np.float32)
    q = np.asarray(vector, dtype=np.float32)
    row_norms = 1.0 if unit_rows else np.linalg.norm(m, axis=1)
    norms = row_norms * (np.linalg.norm(q) or 1.0)
    dist = 1.0 - (m @ q) / np.where(norms > 0, norms, 1.0)
    order = np.argsort(dist, kind="stable")[:k]
    return order, dist[order]


class VectorMirror:
    """The vectors of a store's records by id (float16, unit length).

    Example:
        .. code-block:: python

            vectors = VectorMirror(Path("db/vectors_meetings"))
            vectors.sync(store)
            near, not_held = vectors.nearest(query_vector, candidate_ids, k=80)
            # near: [(id, cosine distance)], best first; not_held: ids to read elsewhere
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float16)
        self._fingerprint = ""
        self._lock = threading.Lock()        # swaps of the state (readers take a snapshot)
        self._sync_lock = threading.Lock()   # one sync at a time
        self._load()

    def __len__(self) -> int:
        return len(self._ids)

    def _load(self) -> None:
        try:
            info = json.loads((self.path / "ids.json").read_text("utf-8"))
            matrix = np.load(self.path / "vectors.npy", mmap_mode="r")
            if matrix.shape[0] != len(info["ids"]):
                raise ValueError("vectors do not match ids")
        except (OSError, ValueError, KeyError):
            return  # absent or damaged: the next sync reads every vector
        self._ids, self._fingerprint, self._matrix = info["ids"], info["fingerprint"], matrix
        self._pos = {i: n for n, i in enumerate(self._ids)}

    def sync(self, store, rewritten: Iterable[str] = (),
             known: dict[str, list[float]] | None = None) -> bool:
        """Bring the matrix in step with ``store`` (a PassageStore). True when it changed.

        Args:
            store: The store mirrored.
            rewritten: For the DerivedIndex protocol, not used: an id is a content
                hash, so its vector cannot have changed.
            known: Vectors the caller has just written (not read back from Chroma:
                in an embedded store a read loads the collection's whole index).
        """
        del rewritten
        known = known or {}
        store = getattr(store, "unscoped", store)  # always the whole store
        with self._sync_lock:
            current = store.collection.get(include=[])["ids"]
            fp = fingerprint(current)
            if fp == self._fingerprint and len(current) == len(self._ids):
                return False
            with self._lock:
                pos, old = self._pos, self._matrix
            fresh = [i for i in current if i not in pos and i not in known]
            rows: dict[str, np.ndarray] = {i: np.asarray(v, dtype=np.float32)
                                           for i, v in known.items()}
            for n in range(0, len(fresh), _READ_BATCH):
                res = store.collection.get(ids=fresh[n:n + _READ_BATCH], include=["embeddings"])
                for pid, vec in zip(res["ids"], res["embeddings"], strict=True):
                    rows[pid] = np.asarray(vec, dtype=np.float32)
            ids = [i for i in current if i in pos or i in rows]
            dim = old.shape[1] if old.size else (len(next(iter(rows.values()))) if rows else 0)
            matrix = np.zeros((len(ids), dim), dtype=np.float16)
            for n, pid in enumerate(ids):
                if pid in pos:
                    matrix[n] = old[pos[pid]]
                else:
                    v = rows[pid]
                    matrix[n] = v / (np.linalg.norm(v) or 1.0)
            added = len(rows)
            del rows, old
            self._save(ids, fingerprint(ids), matrix)
            release_freed_memory()
            log.info("vector mirror %s: %d kept, %d new", self.path.name, len(ids) - added, added)
            return True

    def _save(self, ids: list[str], fp: str, matrix: np.ndarray) -> None:
        tmp = staging_dir(self.path)
        np.save(tmp / "vectors.npy", matrix)
        (tmp / "ids.json").write_text(json.dumps({"ids": ids, "fingerprint": fp}), "utf-8")
        with self._lock:
            self._ids, self._pos, self._matrix, self._fingerprint = (
                ids, {i: n for n, i in enumerate(ids)}, matrix, fp)
        swap_in(tmp, self.path)

    def nearest(self, vector: list[float], ids: list[str], k: int
                ) -> tuple[list[tuple[str, float]], list[str]]:
        """The ``k`` of ``ids`` nearest to ``vector`` as (id, cosine distance), best first,
        and the ids this matrix does not hold (not synced yet): the caller reads those."""
        with self._lock:
            pos, matrix = self._pos, self._matrix
        held = [i for i in ids if i in pos]
        missing = [i for i in ids if i not in pos]
        if not held:
            return [], missing
        order, dist = nearest_rows(matrix[[pos[i] for i in held]], vector, k, unit_rows=True)
        return [(held[n], float(d)) for n, d in zip(order, dist, strict=True)], missing
