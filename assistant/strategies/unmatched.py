"""A question naming a meeting that is not in the records: say so, never answer from a neighbour."""

from __future__ import annotations

from collections import Counter

from assistant.answer_types import Answer
from assistant.query_ref import MeetingRef, meeting_matches
from assistant.question import Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy

_MAX_SUGGESTIONS = 6


class UnmatchedMeeting(AnswerStrategy):
    """「2026年第40次主任办公会…」 when there is no such meeting: the near ones, named."""

    name = "unmatched_meeting"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if not result.unmatched:
            return None
        if q.other_body:
            held = Counter(r.metadata.get("meeting_body") for r in ctx.catalog.records())
            bodies = "、".join(b for b, _n in held.most_common(_MAX_SUGGESTIONS) if b)
            text = f"记录中没有{q.other_body}的会议。" + (
                f"已收录的会议来自：{bodies}。请核对会议名称。" if bodies else "")
            return Answer(q.raw, text, False, confidence=0.95, uncovered=[q.other_body])
        ref = q.ref
        near = []
        # Relax one field at a time: the same number in other years, then the
        # same body in that year.
        for relaxed in (MeetingRef(number=ref.number, body=ref.body),
                        MeetingRef(year=ref.year, body=ref.body)):
            if relaxed.is_empty() or relaxed == ref:
                continue
            near += [r for r in ctx.catalog.records()
                     if meeting_matches(relaxed, r.metadata) and r not in near]
        text = (f"记录中没有{ref.describe()}。已收录的会议中没有与之对应的一次，"
                "请核对会议名称、年份和次数。")
        if near:
            text += "已收录的相近会议有：" + "、".join(r.label for r in near[:_MAX_SUGGESTIONS])
            text += f"等{len(near)}次。" if len(near) > _MAX_SUGGESTIONS else "。"
        return Answer(q.raw, text, False, confidence=0.95, uncovered=[ref.describe()])
