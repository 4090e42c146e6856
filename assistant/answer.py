"""Answers with citations: strategies decide, the composer writes, an LLM may rephrase.

The question is analysed once (assistant/question.py), retrieved for once, and
handed to an ordered registry of strategies (assistant/strategies/); the first
that answers wins. With a chat model configured, an answer the strategies found
is rewritten by the model from the very sentences they chose, under the same
answerability decision (assistant/llm_answer.py checks every citation).
"""

from __future__ import annotations

import logging

from assistant.answer_types import NOT_FOUND, Answer, Quote, QuoteKind
from assistant.evidence import DocSentences
from assistant.strategies import AnswerContext, AnswerStrategy, default_strategies

__all__ = ["NOT_FOUND", "Answer", "Answerer", "Quote", "QuoteKind"]
log = logging.getLogger(__name__)


class Answerer:
    """Turns a question into a cited answer.

    Example:
        .. code-block:: python

            answer = Answerer(service).answer("2025年第五次主任办公会审议了什么？")
            print(answer.answer); answer.citations[0].quote
    """

    def __init__(self, service, llm=None, strategies: list[AnswerStrategy] | None = None,
                 passages: int = 20) -> None:
        self.service = service
        self.llm = llm
        self.strategies = strategies or default_strategies()
        # Sentences are chosen from more passages than a search shows: the
        # evidence scorer, not the passage ranking, decides what is quoted.
        self.passages = passages
        self._doc_sentences = DocSentences(service.passages, service.catalog.text)

    def context(self) -> AnswerContext:
        svc = self.service
        return AnswerContext(
            catalog=svc.catalog, passages=svc.passages, doc_sentences=self._doc_sentences,
            sentence_index=svc.sentence_index, embeddings=svc.embeddings,
            keyword_index=svc.keyword_index)

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer ``question``; ``history`` (earlier user questions) resolves follow-ups."""
        retriever = self.service.retriever
        q = retriever.analyze(question, history)
        result = retriever.search(q, k=self.passages)
        ctx = self.context()
        for strategy in self.strategies:
            ans = strategy.answer(q, result, ctx)
            if ans is None:
                continue
            ans.question = question
            ans.strategy = ans.strategy or strategy.name
            _require_details(q, ans)
            log.debug("answered by %s (found=%s, confidence=%.2f)", ans.strategy, ans.found,
                      ans.confidence)
            if self.llm is not None and ans.found and ans.citations:
                from assistant.llm_answer import answer_with_llm

                return answer_with_llm(self.llm, q, ans, history)
            return ans
        return Answer(question, NOT_FOUND, False)


def _require_details(q, ans: Answer) -> None:
    """A detail asked for (an amount, a deadline …) must be in a quoted sentence.

    Otherwise the records are silent on it: the answer says so first, keeps its
    quotes as related context, and is not "found".
    """
    if not q.details or not ans.found:
        return
    from assistant import lexicon

    missing = [r.label for r in lexicon.detail_rules() if r.name in q.details
               and not any(r.stated.search(c.quote) for c in ans.citations)]
    if not missing:
        return
    ans.found = False
    ans.uncovered = list(dict.fromkeys([*ans.uncovered, *missing]))
    ans.confidence = min(ans.confidence, 0.4)
    ans.answer = f"记录中没有写明{'、'.join(missing)}；以下是相关内容。\n" + ans.answer
