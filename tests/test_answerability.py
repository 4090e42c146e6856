"""The topic gate, on the signals the topic strategy measures (pure: no database)."""

from __future__ import annotations

from assistant.answerability import thresholds, topic_found


def test_unseen_words_call_for_a_semantic_match():
    # 「从平潭坐船去台湾要多久」: only 台湾 is in the reports, and nothing semantic backs it.
    signals = {"lexical": 1.0, "semantic": 0.018, "anchor": 1.0, "unseen": 0.81,
               "matched_vs_unseen": 0.46}
    assert not topic_found(signals)


def test_heavy_matched_words_waive_the_unseen_check():
    # 「超强台风巴威来之前…」: 强台风 + 巴威 matched weigh 2.3 unseen words.
    signals = {"lexical": 1.0, "semantic": 0.0, "anchor": 1.0, "unseen": 0.30,
               "matched_vs_unseen": 2.3}
    assert topic_found(signals)
    # …but not without the anchor, and not within a named meeting without it either.
    assert not topic_found(dict(signals, anchor=0.0, lexical=0.4))
    assert not topic_found(dict(signals, anchor=0.0), scoped=True)


def test_waiver_threshold_is_data():
    assert thresholds().topic_unseen_waiver > 1.0


def test_one_word_of_a_three_word_topic_needs_a_semantic_match():
    # 建筑垃圾 for 生活垃圾分类: 垃圾 alone covers 0.57 of the weight (questions_holdout h043).
    signals = {"lexical": 0.57, "semantic": 0.027, "anchor": 1.0, "unseen": 0.0, "lone_word": 1.0}
    assert not topic_found(signals)
    assert topic_found(dict(signals, semantic=0.05))
    assert topic_found(dict(signals, lone_word=0.0))
