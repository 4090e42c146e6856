"""Sentence vectors: the semantic leg for choosing which sentences to quote.

A passage vector says a passage is about the question; which of its sentences
answers it is a finer question (拍板 → 审议通过, 电单车 → 电动自行车). Every
sentence of every passage is embedded once and kept in its own Chroma
collection (so it works embedded and against a ``chroma run`` server alike).

Like the keyword index this is derived data, kept in step with the passage
store by :meth:`SentenceIndex.sync`: sentences of new passages are embedded,
those of removed passages deleted. A small manifest beside the database
records which passages are done, so a sync that finds nothing to do costs one
id listing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ingest.sentences import split_sentences
from vectorstore.chroma_store import PassageStore
from vectorstore.keyword_index import fingerprint
from vectorstore.vector_mirror import VectorMirror

log = logging.getLogger(__name__)
# Shorter sentences are headings and fragments (「会议指出，」): nothing to quote.
MIN_SENTENCE_CHARS = 6
_EMBED_BATCH = 256


@dataclass(frozen=True)
class SentenceHit:
    """A sentence near the query: where it stands and how similar it is (cosine)."""

    passage_id: str
    doc_id: str
    start: int  # offsets inside the passage text
    end: int
    similarity: float


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The quotable sentences of a passage (the same splitter the answers quote with)."""
    return [(s, e) for s, e in split_sentences(text) if e - s >= MIN_SENTENCE_CHARS]


class SentenceIndex:
    """Sentence embeddings of the passages, addressed by passage id and offsets.

    Example:
        .. code-block:: python

            index = SentenceIndex(store, embeddings, Path("db/sentences.json"))
            index.sync(passages)
            hits = index.search(embeddings.embed_query("拍板了哪些事"), k=50,
                                doc_ids=["3f2a…"])
    """

    def __init__(self, store: PassageStore, embeddings, manifest: Path,
                 mirror: VectorMirror | None = None) -> None:
        self.store = store
        self.embeddings = embeddings
        self.manifest = manifest
        # The sentences' vectors in memory: a search among some reports' sentences
        # never reads Chroma's sentence collection, whose whole HNSW index (~1 GB
        # at 442k sentences) an embedded read loads (bench/scale.py).
        self.mirror = mirror
        if mirror is not None:
            store.vector_index = mirror

    def size(self) -> int:
        """How many sentences are indexed."""
        return len(self.mirror) if self.mirror is not None and len(self.mirror) else \
            self.store.count()

    def _done(self) -> set[str]:
        try:
            return set(json.loads(self.manifest.read_text("utf-8"))["passages"])
        except (OSError, ValueError, KeyError):
            # No manifest (first run, another machine): read it from the collection.
            done: set[str] = set()
            for hit in self.store.iter_all():
                done.add(hit.metadata.get("passage_id", ""))
            return done

    def _save(self, done: set[str]) -> None:
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps({"fingerprint": fingerprint(done),
                                   "passages": sorted(done)}), "utf-8")
        tmp.replace(self.manifest)

    def sync(self, passages: PassageStore, on_progress=None,
             rewritten: frozenset[str] = frozenset()) -> int:
        """Embed the sentences of passages not yet indexed; drop those of removed ones.

        ``rewritten`` is accepted for the DerivedIndex protocol and not used: a
        passage id is a content hash, and a moved file must not pay the embedder.

        Returns:
            How many passages were newly indexed.
        """
        passages = getattr(passages, "unscoped", passages)  # built from the whole store
        current = set(passages.collection.get(include=[])["ids"])
        done = self._done()
        gone = done - current
        new = sorted(current - done)
        if gone:
            for pid in sorted(gone):
                self.store.collection.delete(where={"passage_id": pid})
        written: dict[str, list[float]] = {}
        for i in range(0, len(new), _EMBED_BATCH):
            batch = passages.get(new[i:i + _EMBED_BATCH])
            ids, texts, metas = [], [], []
            for hit in batch:
                for s, e in sentence_spans(hit.text):
                    ids.append(f"{hit.id}#{s}")
                    texts.append(hit.text[s:e])
                    metas.append({"passage_id": hit.id, "doc_id": hit.metadata.get("doc_id", ""),
                                  "start": s, "end": e})
            if ids:
                vectors = self.embeddings.embed_documents(texts)
                self.store.upsert(ids, texts, vectors, metas)
                if self.mirror is not None:
                    written.update(zip(ids, vectors, strict=True))
            done.update(h.id for h in batch)
            if on_progress:
                on_progress(min(i + _EMBED_BATCH, len(new)), len(new))
        if gone or new:
            self._save(done - gone)
            log.info("sentence index: %d passages added, %d removed", len(new), len(gone))
        if self.mirror is not None and (gone or new or (not len(self.mirror) and done)):
            self.mirror.sync(self.store, known=written)
        return len(new)

    def search(self, vector: list[float], k: int, doc_ids: list[str] | None = None,
               passages: PassageStore | None = None) -> list[SentenceHit]:
        """The ``k`` sentences nearest to ``vector``, optionally within some reports.

        ``passages``: the passage store, to name the candidate sentences of
        ``doc_ids`` by id (passage id and offset, as :meth:`sync` stores them) so
        the search among them is exact and skips Chroma's metadata filter, which
        grew with the archive (bench/scale.py).
        """
        where = None
        if doc_ids:
            where = {"doc_id": {"$in": sorted(doc_ids)}} if len(doc_ids) > 1 else {
                "doc_id": doc_ids[0]}
            if passages is not None:
                # Where each candidate stands is known from its passage: only ids and
                # distances are asked for, so (with the mirror) Chroma's sentence
                # collection is not read at all.
                spans = {f"{h.id}#{s}": (h.id, h.metadata.get("doc_id", ""), s, e)
                         for h in passages.of_docs(doc_ids) for s, e in sentence_spans(h.text)}
                near = self.store.query(vector, k, where=where, ids=list(spans), content=False)
                return [SentenceHit(*spans[h.id], 1.0 - h.distance) for h in near
                        if h.id in spans]
        hits = self.store.query(vector, k, where=where)
        return [SentenceHit(h.metadata["passage_id"], h.metadata.get("doc_id", ""),
                            int(h.metadata["start"]), int(h.metadata["end"]), 1.0 - h.distance)
                for h in hits]
