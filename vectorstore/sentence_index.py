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

    def __init__(self, store: PassageStore, embeddings, manifest: Path) -> None:
        self.store = store
        self.embeddings = embeddings
        self.manifest = manifest

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
                self.store.upsert(ids, texts, self.embeddings.embed_documents(texts), metas)
            done.update(h.id for h in batch)
            if on_progress:
                on_progress(min(i + _EMBED_BATCH, len(new)), len(new))
        if gone or new:
            self._save(done - gone)
            log.info("sentence index: %d passages added, %d removed", len(new), len(gone))
        return len(new)

    def search(self, vector: list[float], k: int, doc_ids: list[str] | None = None,
               passages: PassageStore | None = None) -> list[SentenceHit]:
        """The ``k`` sentences nearest to ``vector``, optionally within some reports.

        ``passages``: the passage store, to name the candidate sentences of
        ``doc_ids`` by id (passage id and offset, as :meth:`sync` stores them) so
        the search among them is exact and skips Chroma's metadata filter, which
        grew with the archive (bench/scale.py).
        """
        where, ids = None, None
        if doc_ids:
            where = {"doc_id": {"$in": sorted(doc_ids)}} if len(doc_ids) > 1 else {
                "doc_id": doc_ids[0]}
            if passages is not None:
                ids = [f"{h.id}#{s}" for h in passages.of_docs(doc_ids)
                       for s, _ in sentence_spans(h.text)]
        hits = self.store.query(vector, k, where=where, ids=ids)
        return [SentenceHit(h.metadata["passage_id"], h.metadata.get("doc_id", ""),
                            int(h.metadata["start"]), int(h.metadata["end"]), 1.0 - h.distance)
                for h in hits]
