"""The 「；」 clauses of a long sentence that carry a topic (assistant/clauses.py)."""

from assistant.clauses import LONG_SENTENCE, topic_clauses

LONG = ("紧盯消防安全，精准剖析火灾高发风险点位及主要致灾原因，加强日常巡查，堵塞管理漏洞；"
        "紧盯道路安全，加大急弯陡坡、事故多发点段道路通行秩序治理，严查车辆超员超载等违法行为；"
        "紧盯旅游旺季安全，加强“蓝眼泪”观赏季等重要节点安全保障，完善景区安全警示标识标牌；"
        "紧盯电动自行车安全，整治飞线充电、使用不合规电池等安全风险。")


def test_only_the_clause_on_the_topic_is_kept():
    assert len(LONG) > LONG_SENTENCE
    a, b = topic_clauses(LONG, lambda clause: 5.0 * ("蓝眼泪" in clause) + ("安全" in clause))
    assert LONG[a:b].startswith("紧盯旅游旺季安全") and LONG[a:b].endswith("；")


def test_short_sentences_and_even_clauses_stay_whole():
    assert topic_clauses("要紧盯消防安全；要紧盯道路安全。", lambda c: 1.0) is None
    assert topic_clauses(LONG, lambda clause: 1.0) is None  # every clause carries it
    assert topic_clauses(LONG, lambda clause: 0.0) is None  # none does
