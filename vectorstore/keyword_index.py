"""A BM25 keyword index over jieba tokens, kept consistent with the Chroma store.

The index is derived data: it is rebuilt from the passages stored in Chroma
whenever the set of passage ids differs from the one it was built from, so the
two can never silently disagree (after a crash, a second writer, a restore).

The rebuild is incremental: every passage's tokens are kept (``tokens.npz``,
vocabulary ids), so only passages that are new (or rewritten by the ingest
run) are read from Chroma and tokenised; BM25 is then re-indexed from the kept
tokens, which gives the same scores as indexing from scratch. At 100k passages
a full rebuild took ~2 minutes after every single-file upload (bench/scale.py,
BENCHMARKS.md); reading and tokenising is most of it.

The index also keeps each passage's report id, so "the passages of report X"
is a lookup by primary key instead of a metadata-filtered Chroma read, which
took 12–60 ms at 100k passages and grew with the archive (bench/scale.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from vectorstore.files import staging_dir, swap_in
from vectorstore.memory import release_freed_memory

_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff]")
# Function words and question scaffolding: they match everything and nothing.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 对 于 是 为 有 将 把 被 就 都 而 并 等 之 其 这 那 也 又 中 上 下 "
    "什么 哪些 哪个 哪几次 怎么 如何 是否 吗 呢 吧 啊 请问 一下 多少 情况 关于 有关 提到 "
    "进行 开展 相关 一些 这个 那个 以及 还有".split()
)


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[str]:
    """Jieba search-mode tokens of normalised text, without stopwords or punctuation.

    Search mode also emits the words inside long compounds (商务局 → 商务, 商务局),
    so a question's short word still meets a report's long one.
    """
    return [
        t.lower() for t in _jieba().cut_for_search(text)
        if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS
    ]


def _encode(tokens: list[str], vocab: dict[str, int]) -> np.ndarray:
    """Token strings as vocabulary ids (new tokens are added to ``vocab``)."""
    return np.array([vocab.setdefault(t, len(vocab)) for t in tokens], dtype=np.int32)


def fingerprint(ids: Iterable[str]) -> str:
    h = hashlib.sha256()
    for i in sorted(ids):
        h.update(i.encode())
        h.update(b"\0")
    return h.hexdigest()


class KeywordIndex:
    """BM25 (bm25s) over passages, addressed by the passages' Chroma ids.

    Example:
        .. code-block:: python

            index = KeywordIndex(Path("db/keyword_meetings"))
            index.sync(store)                     # rebuild only if Chroma changed
            hits = index.search("商务局 招商引资", k=20)
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._bm25 = None
        self._fingerprint = ""
        self._df: dict[str, int] = {}
        # Tokens of every indexed passage (vocabulary ids, aligned with ids), so a
        # sync only tokenises new passages; None: unknown (an index saved before).
        self._tokens: list[np.ndarray] | None = None
        self._vocab: dict[str, int] = {}
        # Report id of every indexed passage (aligned with ids); None: unknown
        # (an index saved before they were kept: filled in by the next sync).
        self._doc_ids: list[str] | None = None
        self._by_doc: dict[str, list[str]] | None = None
        # The web app answers from several threads: a rebuild swaps the whole state
        # under _lock (a search reads one consistent snapshot), and _sync_lock makes
        # check-and-rebuild one step, so two threads never rebuild at once.
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._load()

    def __len__(self) -> int:
        return len(self.ids)

    def _load(self) -> None:
        meta = self.path / "ids.json"
        if not meta.exists():
            return
        try:
            import bm25s

            info = json.loads(meta.read_text("utf-8"))
            self._bm25 = bm25s.BM25.load(str(self.path / "bm25")) if info["ids"] else None
            self.ids = info["ids"]
            self._fingerprint = info["fingerprint"]
            self._df = info.get("df", {})
            self._pos = {i: n for n, i in enumerate(self.ids)}
            doc_ids = info.get("doc_ids")
            self._doc_ids = doc_ids if doc_ids is not None and len(doc_ids) == len(
                self.ids) else None
        except Exception:  # a damaged index is rebuilt from Chroma by sync()
            self.ids, self._pos, self._bm25, self._fingerprint, self._df = [], {}, None, "", {}
            self._doc_ids = None
            return
        try:
            z = np.load(self.path / "tokens.npz")
            vocab = json.loads(str(z["vocab"]))
            flat, offsets = z["flat"], z["offsets"]
            if len(offsets) != len(self.ids) + 1:
                raise ValueError("tokens do not match ids")
            self._vocab = {t: n for n, t in enumerate(vocab)}
            self._tokens = [flat[offsets[n]:offsets[n + 1]] for n in range(len(self.ids))]
        except Exception:  # no token cache: the next change rebuilds in full
            self._tokens, self._vocab = None, {}

    def sync(self, store, rewritten: Iterable[str] = ()) -> bool:
        """Bring the index in step with ``store`` (a PassageStore) if its passages changed.

        Args:
            store: The passage store.
            rewritten: Ids the caller rewrote in place (an ingest run's upserts):
                tokenised again even though their id was indexed already.

        Returns:
            True when the index was rebuilt.
        """
        # A library view (assistant/libraries.py) passed in by mistake must not
        # shrink the shared index to one library: always index the whole store.
        store = getattr(store, "unscoped", store)
        with self._sync_lock:
            current = store.collection.get(include=[])["ids"]
            fp = fingerprint(current)
            rewritten = set(rewritten) & set(self._pos)
            if fp == self._fingerprint and len(current) == len(self.ids) and not rewritten:
                if self._doc_ids is None and self.ids:
                    self._fill_doc_ids(store)
                return False
            tokens, vocab = self._tokens, self._vocab
            if tokens is None or not self.ids:
                hits = list(store.iter_all())
                self.build([h.id for h in hits],
                           [self.index_text(h.text, h.metadata) for h in hits],
                           [h.metadata.get("doc_id", "") for h in hits])
                return True
            if self._doc_ids is None:
                self._fill_doc_ids(store)
            doc_of = self._doc_ids or [""] * len(self.ids)
            # Passage ids are content hashes: a kept id is a kept text.
            kept = [i for i in current if i in self._pos and i not in rewritten]
            fresh = [i for i in current if i not in self._pos or i in rewritten]
            new_vocab = dict(vocab)
            out_ids = list(kept)
            out_tokens = [tokens[self._pos[i]] for i in kept]
            out_docs = [doc_of[self._pos[i]] for i in kept]
            for n in range(0, len(fresh), 2000):
                for h in store.get(fresh[n:n + 2000]):
                    out_ids.append(h.id)
                    out_docs.append(h.metadata.get("doc_id", ""))
                    out_tokens.append(_encode(tokenize(self.index_text(h.text, h.metadata))
                                              or ["∅"], new_vocab))
            self._build_tokens(out_ids, out_tokens, new_vocab, out_docs)
            return True

    def _fill_doc_ids(self, store) -> None:
        """Read the report id of every indexed passage (an index saved before they were kept)."""
        doc_of: dict[str, str] = {}
        for n in range(0, len(self.ids), 2000):
            res = store.collection.get(ids=self.ids[n:n + 2000], include=["metadatas"])
            for pid, md in zip(res["ids"], res["metadatas"], strict=True):
                doc_of[pid] = (md or {}).get("doc_id", "")
        doc_ids = [doc_of.get(i, "") for i in self.ids]
        info_path = self.path / "ids.json"
        info = json.loads(info_path.read_text("utf-8"))
        info["doc_ids"] = doc_ids
        tmp = info_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, ensure_ascii=False), "utf-8")
        tmp.replace(info_path)
        with self._lock:
            self._doc_ids, self._by_doc = doc_ids, None

    def report_of(self, passage_ids: Iterable[str]) -> dict[str, str]:
        """The report id of each passage asked for that the index knows."""
        with self._lock:
            pos, doc_of = self._pos, self._doc_ids
        if doc_of is None:
            return {}
        return {p: doc_of[pos[p]] for p in passage_ids if p in pos and doc_of[pos[p]]}

    def passage_ids(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """The indexed passage ids of each report asked for that the index knows.

        A report the index does not know (not synced yet, or an index without
        report ids) is left out: the caller reads it from the store instead.
        Report ids are content hashes, so a known report's passages never change.
        """
        with self._lock:
            ids, doc_of, by_doc = self.ids, self._doc_ids, self._by_doc
        if doc_of is None:
            return {}
        if by_doc is None:
            by_doc = {}
            for pid, d in zip(ids, doc_of, strict=True):
                by_doc.setdefault(d, []).append(pid)
            with self._lock:
                if self.ids is ids:
                    self._by_doc = by_doc
        return {d: by_doc[d] for d in doc_ids if d in by_doc}

    @staticmethod
    def index_text(text: str, metadata: dict) -> str:
        # The title and normalised meeting label ride along with every passage of
        # a report, so a question naming the meeting (第五次 or 第5次) finds its
        # passages, not a bare title.
        return f"{metadata.get('title', '')} {metadata.get('meeting_label', '')}\n{text}"

    def build(self, ids: list[str], texts: list[str],
              doc_ids: list[str] | None = None) -> None:
        """Index ``texts`` (one per id, of report ``doc_ids[n]``) from scratch."""
        vocab: dict[str, int] = {}
        tokens = [_encode(tokenize(t) or ["∅"], vocab) for t in texts]
        self._build_tokens(list(ids), tokens, vocab,
                           list(doc_ids) if doc_ids is not None else [""] * len(ids))

    def _build_tokens(self, new_ids: list[str], tokens: list[np.ndarray],
                      vocab: dict[str, int], doc_ids: list[str]) -> None:
        import bm25s

        new_fp = fingerprint(new_ids)
        tmp = staging_dir(self.path)
        bm25 = None
        if tokens:
            counts = np.bincount(np.concatenate([np.unique(t) for t in tokens]),
                                 minlength=len(vocab))
        else:
            counts = np.zeros(len(vocab), dtype=np.int64)
        # Drop tokens no passage holds any more, so the vocabulary (and BM25's
        # vocab_dict, which search() consults) is what indexing from scratch gives.
        names = list(vocab)
        live = [n for n in range(len(names)) if counts[n]]
        remap = np.full(max(len(names), 1), -1, dtype=np.int32)
        remap[live] = np.arange(len(live), dtype=np.int32)
        vocab = {names[n]: m for m, n in enumerate(live)}
        tokens = [remap[t] for t in tokens]
        df = {names[n]: int(counts[n]) for n in live}
        if new_ids:
            bm25 = bm25s.BM25()
            # (token ids, vocab) indexes exactly as the token lists would.
            bm25.index(([t.tolist() for t in tokens], dict(vocab)), show_progress=False)
            bm25.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(
            json.dumps({"ids": new_ids, "fingerprint": new_fp, "df": df,
                        "doc_ids": doc_ids}, ensure_ascii=False), "utf-8"
        )
        offsets = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in tokens], out=offsets[1:])
        flat = np.concatenate(tokens) if tokens else np.zeros(0, dtype=np.int32)
        np.savez(tmp / "tokens.npz", flat=flat, offsets=offsets,
                 vocab=np.array(json.dumps(list(vocab), ensure_ascii=False)))
        with self._lock:  # searches see the old index or the new one, never a mix
            self.ids, self._pos = new_ids, {i: n for n, i in enumerate(new_ids)}
            self._fingerprint, self._df, self._bm25 = new_fp, df, bm25
            self._tokens, self._vocab = tokens, vocab
            self._doc_ids, self._by_doc = doc_ids, None
        release_freed_memory()  # the rebuild's temporaries (vectorstore/memory.py)
        swap_in(tmp, self.path)  # a reader never sees half of an index

    def words(self) -> tuple[str, dict[str, int]]:
        """The index's version (its fingerprint) and every token with the number of
        passages holding it."""
        with self._lock:
            return self._fingerprint, self._df

    def known(self, token: str) -> bool:
        """Whether ``token`` occurs in any indexed passage."""
        return token in self._df

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of ``token`` over the passages (high if unseen)."""
        n = max(len(self.ids), 1)
        df = self._df.get(token, 0)
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def search(self, query: str, k: int = 50, allowed: set[str] | None = None,
               tokens: list[str] | None = None) -> list[tuple[str, float]]:
        """Top ``k`` passage ids for a normalised query, best first.

        Args:
            query: Normalised query text.
            k: How many ids to return at most.
            allowed: If given, only these passage ids can be returned.
            tokens: Pre-computed query tokens (overrides ``query``).
        """
        with self._lock:  # one consistent snapshot (see __init__)
            bm25, ids, pos = self._bm25, self.ids, self._pos
        if bm25 is None:
            return []
        toks = tokens if tokens is not None else tokenize(query)
        toks = [t for t in toks if t in bm25.vocab_dict]
        if not toks:
            return []
        scores = bm25.get_scores(toks)
        if allowed is not None:
            mask = np.zeros(len(ids), dtype=bool)
            for i in allowed:
                p = pos.get(i)
                if p is not None:
                    mask[p] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(ids[p], float(scores[p])) for p in top if scores[p] > 0]
