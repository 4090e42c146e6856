"""A list asked for by its count and repeated word: 「“五要”是哪五个」「安全生产那三个“要”」.

The answer is the whole list, each item cited, from the meeting named (or, naming none,
the reports retrieval ranks first). The list is the one on the question's topic, and of
the count asked when the reports have several (bench/answers_dev53.jsonl av024, av038,
av041, av059). A meeting without such a list passes to the next strategy, which says
what the meeting did cover.
"""

from __future__ import annotations

from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.compose import compose
from assistant.enumeration import ItemRun, best_run, run_sentences
from assistant.question import Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy, scope_notes

# Naming no meeting, the lists of the reports of this many top passages are read.
_UNNAMED_REPORTS = 3
# A named meeting is one report, or a few (第5次主任办公会 of four years); more is a search.
_MAX_NAMED = 4


class ListedItems(AnswerStrategy):
    """Every item of the list the question names by count and word."""

    name = "listed_items"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        label = q.items
        if label is None or q.list_all or len(result.meetings) > _MAX_NAMED:
            return None
        docs = [r.doc_id for r in result.meetings] or list(dict.fromkeys(
            d.metadata.get("doc_id", "") for d in result.passages))[:_UNNAMED_REPORTS]
        best: tuple[tuple, str, ItemRun] | None = None
        for rank, doc_id in enumerate(docs):
            texts = [s.text for s in ctx.doc_sentences(doc_id)]
            found = best_run(q, texts, label.marker, label.count)
            if found is not None:
                # Naming no meeting, the report retrieval ranks first wins among lists on
                # topic (r121: 076's 带头, not 051's).
                on, of_count, covered = found[0]
                key = (on, of_count, -rank, covered)
                if best is None or key > best[0]:
                    best = (key, doc_id, found[1])
        if best is None or not best[0][0]:
            return None
        _key, doc_id, run = best
        sentences = ctx.doc_sentences(doc_id)
        texts = [s.text for s in sentences]
        quotes = [Quote(sentences[i], QuoteKind.TOPIC)
                  for i in run_sentences(run, texts, label.marker)]
        # An inline count is of clauses (「管行业必须管安全、…」 opens without its word): not said.
        lead = f"记录中列出{run.count}个“{label.marker}”：" if not run.inline else ""
        ans = compose(q.raw, quotes, notes=scope_notes(q, result, {doc_id}), lead=lead)
        ans.confidence = best[0][3]
        return ans
