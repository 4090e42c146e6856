"""A list asked for by its count and repeated word: 「“五要”是哪五个」「安全生产那三个“要”」.

The answer is the whole list, each item cited, from the meeting named (or, naming none,
the reports retrieval ranks first). The list is the one on the question's topic, and of
the count asked when the reports have several (bench/answers_dev53.jsonl av024, av038,
av041, av059). A meeting without such a list passes to the next strategy, which says
what the meeting did cover.
"""

from __future__ import annotations

import os
import re

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.answerability import thresholds
from assistant.compose import compose
from assistant.enumeration import ItemRun, best_run, run_sentences
from assistant.evidence import coverage
from assistant.positions import ListKind, list_context, report_lists
from assistant.question import Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy, scope_notes

# Naming no meeting, the lists of the reports of this many top passages are read.
_UNNAMED_REPORTS = 3
# A named meeting is one report, or a few (第5次主任办公会 of four years); more is a search.
_MAX_NAMED = 4


def _reports(result: SearchResult) -> list[str]:
    """The meetings named, else the reports retrieval ranks first."""
    return [r.doc_id for r in result.meetings] or list(dict.fromkeys(
        d.metadata.get("doc_id", "") for d in result.passages))[:_UNNAMED_REPORTS]


class ListedItems(AnswerStrategy):
    """Every item of the list the question names by count and word."""

    name = "listed_items"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        label = q.items
        if label is None or q.list_all or len(result.meetings) > _MAX_NAMED:
            return None
        docs = _reports(result)
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


class PlacedItem(AnswerStrategy):
    """One item of a list by its place: 「营商环境有五个，第四个是什么」「排第一的是啥」.

    The list is the one on the question's topic (of the length asked, when the question
    says it), in the meeting named or the reports retrieval ranks first; a list the user
    named by its word (「五个“要”里排第四的」) is one repeating that word. A place past the
    list's end is declined, with the list quoted (bench/answers_dev56.jsonl ay057, ay092).
    A question with no topic and no list word (「研究了哪几件事，最后一件」) passes: the
    agenda answers it whole.
    """

    name = "placed_item"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        place = q.position
        if place is None or q.list_all or len(result.meetings) > _MAX_NAMED:
            return None
        # Whose report (国务院 of 「国务院政府工作报告任务第一项」) says which report, not
        # which list (data/issuers.txt).
        q = q.without({w for w in q.topic if any(w in i for i in lexicon.issuers())})
        noun = place.of if not q.seen_topic else ""
        if not q.seen_topic and q.items is None and not noun:
            return None
        marker = q.items.marker if q.items else _shared_opening(q.quoted)
        count = (q.items.count if q.items else None) or place.count
        best = None
        for rank, doc_id in enumerate(_reports(result)):
            texts = [s.text for s in ctx.doc_sentences(doc_id)]
            for lst in report_lists(texts, marker):
                context = list_context(lst, texts)
                if not all(p in context for p in q.quoted):
                    continue
                if noun:
                    # Nothing but what the list is of: its announcing sentences say it.
                    context = list_context(lst, texts, wide=lst.kind is ListKind.ORDINAL)
                covered = coverage(q, context) if q.seen_topic else float(not noun or noun in context)
                # 「安全生产紧盯了一大串」: the list whose items repeat a word the question
                # uses (ay070), before a list of 要 around it (要 alone is in many questions).
                named = len(lst.opener) > 1 and lst.opener in q.text
                # Its own sentences on topic (「打造智慧渔港、平安渔港…」 of 「打造哪几种渔港」,
                # ay021), before lists whose neighbours are.
                own = coverage(q, "".join(texts[i] for i in lst.sentences)) if q.seen_topic else 1.0
                # Equally on topic, a list that has the place asked wins (ay078: the four
                # reports heard, not the three 要 after them).
                long_enough = place.index <= len(lst.items)
                key = (covered >= thresholds().topic_lexical_found, len(lst.items) == count,
                       named, -rank, own, covered, long_enough,
                       lst.kind is not ListKind.SERIES, -lst.first)
                if best is None or key > best[0]:
                    best = (key, doc_id, lst, covered)
        if best is None or not best[0][0]:
            return None
        _key, doc_id, lst, covered = best
        sentences = ctx.doc_sentences(doc_id)
        n = len(lst.items)
        index = n if place.index == -1 else place.index
        notes = scope_notes(q, result, {doc_id})
        if index > n:
            quotes = _quoted(sentences, lst.items)
            ans = compose(q.raw, quotes, found=False, notes=notes,
                          lead=f"记录中这一组只列出{n}项，没有第{index}项：")
            ans.confidence = 0.0
            return ans
        item = lst.items[index - 1]
        # A series' item is a few words of a long sentence: the lead names it.
        said = f"是“{item.text}”" if lst.kind is ListKind.SERIES else ""
        ans = compose(q.raw, _quoted(sentences, [item]), notes=notes,
                      lead=f"记录中这一组共列出{n}项，第{index}项{said}：")
        ans.confidence = covered
        return ans


def _shared_opening(quoted: tuple[str, ...]) -> str | None:
    """The word quoted items open with (抓 of 「“抓具体、抓落地”那几条里，第二条」): the list
    is the one repeating it (bench/answers_dev48.jsonl aq086)."""
    if len(quoted) < 2:
        return None
    shared = os.path.commonprefix(list(quoted))[:2]
    return shared if re.fullmatch("[\u4e00-\u9fff]{1,2}", shared) else None


def _quoted(sentences, items) -> list[Quote]:
    """The items as quotes: the clause that is the item, or its sentence; a short head
    and its explanation as one quote where they stand together in one passage
    (「三是兴产业。推动航运、建筑、远洋捕捞…」, bench/answers_dev56.jsonl ay119)."""
    quotes = []
    for item in items:
        s = sentences[item.sentence]
        s = s.part(*item.span) if item.span else s
        for i in item.more:
            both = s.through(sentences[i])
            if both is None:
                quotes.append(Quote(s, QuoteKind.TOPIC))
            s = both or sentences[i]
        quotes.append(Quote(s, QuoteKind.TOPIC))
    return quotes
