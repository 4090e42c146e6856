"""The 「；」 clauses of a long sentence that carry a question's topic.

Reports run a dozen matters into one sentence (「紧盯消防安全…；紧盯道路安全…；紧盯旅游
旺季安全，加强“蓝眼泪”观赏季…；…」, 450 characters): quoting all of it buries the one
clause asked about. The span kept is contiguous (first to last carrying clause), so the
quote stays one exact span of the source.
"""

from __future__ import annotations

from collections.abc import Callable

# A sentence longer than this is read clause by clause (the evidence scorer's and the
# list-all quotes' limit alike).
LONG_SENTENCE = 120
# A clause carries the topic when it holds this share of the best clause's weight.
_CARRY = 0.6


def topic_clauses(text: str, weigh: Callable[[str], float]) -> tuple[int, int] | None:
    """``(start, end)`` in ``text`` of the clauses carrying the topic, or None to keep it whole.

    Args:
        text: One sentence.
        weigh: The topic weight a clause carries.
    """
    if len(text) <= LONG_SENTENCE or "；" not in text:
        return None
    spans, pos = [], 0
    for part in text.split("；"):
        spans.append((pos, min(len(text), pos + len(part) + 1)))
        pos += len(part) + 1
    weight = [weigh(text[a:b]) for a, b in spans]
    top = max(weight)
    hits = [sp for sp, w in zip(spans, weight, strict=True) if w and w >= _CARRY * top]
    if not hits or len(hits) == len(spans):
        return None
    return hits[0][0], hits[-1][1]
