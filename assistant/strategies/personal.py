"""A question about the asker's own affairs, a meeting or an outcome still to come, a live
fact of the moment, or what a thing is in general: no meeting record answers it, so say so."""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.question import Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy


class PersonalQuestion(AnswerStrategy):
    """「我家里蚊子多，用什么灭最有效？」: out of scope, whatever the reports say about 蚊子."""

    name = "personal"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if q.future:
            text = ("会议记录只记载已经召开的会议和会上的部署，不预测以后的会议或结果，记录中没有能回答它的内容。"
                    "可以问已召开的会议，例如「党工委2025年第14次委员会议是哪天开的」。")
            return Answer(q.raw, text, False, confidence=0.9)
        if q.live:
            text = ("会议记录只记载已经召开的会议和会上的部署，没有此时此刻的实时信息（行情、天气、动态），"
                    "记录中没有能回答它的内容。可以问会议对此部署了什么，例如「哪次会议部署了防御台风巴威」。")
            return Answer(q.raw, text, False, confidence=0.9)
        if q.explains:
            text = ("会议记录只记载会议研究、部署和要求了什么，不解释概念的含义或做法的原理，"
                    "记录中没有能回答它的内容。可以问哪次会议提到了它、提了什么要求，"
                    "例如「哪次会议提到了三明医改经验」。")
            return Answer(q.raw, text, False, confidence=0.8)
        if not q.personal:
            return None
        text = ("这个问题涉及个人事务或生活咨询，不在会议记录的范围内，记录中没有能回答它的内容。"
                "可以问会议研究、部署或要求了什么，例如「哪次会议部署了蚊媒传染病防控」。")
        return Answer(q.raw, text, False, confidence=0.9)
