"""BM25 against a reference implementation, and consistency with Chroma."""

from __future__ import annotations

import math

import pytest

from vectorstore.keyword_index import KeywordIndex, tokenize

TEXTS = [
    "会议要求县商务局加快招商引资项目落地。",
    "会议强调各部门要做好防汛准备工作。",
    "县财政局汇报了预算执行情况，会议要求加快资金拨付。",
    "招商引资是经济工作的重中之重，商务局要牵头。",
]


def reference_bm25(corpus: list[list[str]], query: list[str], k1=1.5, b=0.75) -> list[float]:
    """Lucene's BM25 (bm25s' default): idf = ln(1 + (N-df+.5)/(df+.5)), no (k1+1) factor."""
    n = len(corpus)
    avgdl = sum(map(len, corpus)) / n
    scores = []
    for doc in corpus:
        s = 0.0
        for t in set(query):
            df = sum(t in d for d in corpus)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = doc.count(t)
            s += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        scores.append(s)
    return scores


def test_tokenize_drops_stopwords_and_punctuation():
    toks = tokenize("会议对商务局提出了什么要求？")
    assert "商务局" in toks and "什么" not in toks and "？" not in toks and "的" not in toks


def test_scores_match_reference(tmp_path):
    index = KeywordIndex(tmp_path / "kw")
    index.build([f"p{i}" for i in range(len(TEXTS))], TEXTS)
    query = "商务局 招商引资 要求"
    got = dict(index.search(query, k=10))
    ref = reference_bm25([tokenize(t) for t in TEXTS], tokenize(query))
    for i, r in enumerate(ref):
        assert got.get(f"p{i}", 0.0) == pytest.approx(r, rel=1e-4, abs=1e-6)


def test_allowed_filter_and_persistence(tmp_path):
    index = KeywordIndex(tmp_path / "kw")
    index.build(["a", "b", "c", "d"], TEXTS)
    assert [i for i, _ in index.search("招商引资", allowed={"d"})] == ["d"]
    again = KeywordIndex(tmp_path / "kw")
    assert len(again) == 4 and again.search("防汛")[0][0] == "b"
    assert again.idf("不存在的词") > again.idf("会议")
