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
    # Matched weight counts a word once, not with its search-mode parts (seventh session).
    t = thresholds()
    assert t.topic_unseen_waiver >= 1.0 and 0 < t.topic_unseen_waiver_max_share <= 0.5


def test_no_waiver_when_half_the_topic_is_unseen():
    # 「海砂盗采、非法采砂的整治」: 非法 + 整治 matched, 海砂/盗采/采砂 in no report
    # (bench/answers_dev19.jsonl s053).
    signals = {"lexical": 1.0, "semantic": 0.0066, "anchor": 1.0, "unseen": 0.75,
               "matched_vs_unseen": 1.01}
    assert not topic_found(signals)
    assert topic_found(dict(signals, unseen=0.32, semantic=0.0))


def test_mostly_unseen_topic_needs_its_anchor_without_a_meeting():
    # 「违章建筑拆除整治是哪次会议部署的」: 建筑 + 整治 matched, 拆除 (the anchor) not
    # (bench/answers_dev19.jsonl s134).
    signals = {"lexical": 0.62, "semantic": 0.0235, "anchor": 0.0, "unseen": 0.53,
               "matched_vs_unseen": 1.12}
    assert not topic_found(signals)


def test_one_word_of_a_three_word_topic_needs_a_semantic_match():
    # 建筑垃圾 for 生活垃圾分类: 垃圾 alone covers 0.57 of the weight (questions_holdout h043).
    signals = {"lexical": 0.57, "semantic": 0.027, "anchor": 1.0, "unseen": 0.0, "lone_word": 1.0}
    assert not topic_found(signals)
    assert topic_found(dict(signals, semantic=0.05))
    assert topic_found(dict(signals, lone_word=0.0))
