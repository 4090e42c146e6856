"""List-all questions (「哪些会议研究了招商引资」「2025年召开了哪几次党工委会议」).

Answered from the catalogue and each report's full text, never from a top-k
cut, so the list is complete.
"""

from __future__ import annotations

from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.citations import sentence_at, sentences_at
from assistant.compose import compose
from assistant.evidence import coverage, coverage_bound
from assistant.question import Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy
from assistant.topic_match import Topic, best_coverage

_KINDS = {"required": (QuoteKind.REQUIRED, "对{}的要求"),
          "reported": (QuoteKind.REPORTED, "{}的汇报（未对其提要求）"),
          "all": (QuoteKind.ALL_DEPARTMENTS, "面向各部门的要求")}
# Share of the topic's weight one sentence must cover for a report to count
# (0.75 missed held-out gold reports at 0.71; see BENCHMARKS.md).
MIN_COVERAGE = 0.7


def list_topic(q: Question) -> Topic:
    """The question's topic for matching whole reports: words longer than one character."""
    # Words no report contains cannot match any report (a paraphrase: the semantic
    # leg of the topic strategy handles those, a whole-report list cannot).
    words = {w: wt for w, wt in q.seen_topic.items() if w not in q.quoted}
    # Search-mode tokens include the parts of compounds (招商 ⊂ 招商引资): the
    # longest form stands for them, so a report is not required to hold both.
    kept = {w: wt for w, wt in words.items() if not any(w != o and w in o for o in words)}
    return Topic(kept, list(q.quoted))


class ListAll(AnswerStrategy):
    """Every matching meeting, each with one cited sentence showing why it matches."""

    name = "list_all"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if not q.list_all:
            return None
        topic = list_topic(q)
        records = result.meetings or [
            r for r in ctx.catalog.records() if r.metadata.get("meeting_kind") == "meeting"]
        depts = q.departments
        picked: list[Quote | tuple[str, int, int]] = []  # spans are resolved in one go below
        matched = []
        prefetch = getattr(ctx.catalog, "prefetch", None)
        if prefetch is not None:
            prefetch([r.doc_id for r in records])
        for rec in records:
            text = ctx.catalog.text(rec.doc_id)
            if depts:
                reqs = sorted((r for r in rec.requirements if r["addressee"] in depts),
                              key=lambda r: list(_KINDS).index(r["kind"]))
                if not reqs:
                    continue
                found = []
                for r in reqs:
                    kind, label = _KINDS[r["kind"]]
                    s = sentence_at(ctx.passages, rec.doc_id, r["start"], r["end"])
                    if s is not None:
                        found.append(Quote(s, kind, label.format(r["addressee"])))
            elif topic:
                cov, span = best_coverage(topic, text)
                sentence = None
                if cov < MIN_COVERAGE or span is None:
                    # No sentence can reach the threshold if the whole text cannot:
                    # skip reading its sentences from the store (bench/scale.py).
                    if coverage_bound(q, text) < MIN_COVERAGE:
                        continue
                    # An abbreviation or its full form (欠薪 ↔ 拖欠工资) counts too.
                    sentence = max(ctx.doc_sentences(rec.doc_id),
                                   key=lambda s: coverage(q, s.text), default=None)
                    if sentence is None or coverage(q, sentence.text) < MIN_COVERAGE:
                        continue
                found = [Quote(sentence, QuoteKind.TOPIC)] if sentence else [
                    (rec.doc_id, *span)]
            else:
                found = []
            matched.append(rec)
            picked.extend(found)
        spans = [p for p in picked if isinstance(p, tuple)]
        if spans:
            at = iter(sentences_at(ctx.passages, spans))
            resolved = [p if not isinstance(p, tuple) else next(at) for p in picked]
            picked = [p if isinstance(p, Quote) else Quote(p, QuoteKind.TOPIC)
                      for p in resolved if p is not None]
        if not matched:
            what = "、".join(topic.words() or depts) or q.ref.describe()
            return Answer(q.raw, f"记录中没有找到与「{what}」相关的会议。", False,
                          strategy=self.name, confidence=0.8)
        lead = f"共{len(matched)}次会议：" + "；".join(r.label for r in matched) + "。"
        answered = True
        if depts and not any(x.kind is QuoteKind.REQUIRED for x in picked):
            # Asked for requirements, found only reports: say so, and do not call it answered.
            lead = f"记录中没有对{'、'.join(depts)}提出的要求；以下会议中它作了汇报。" + lead
            answered = False
        if not picked:
            return Answer(q.raw, lead, True, meetings=[r.label for r in matched],
                          sources=[r.source for r in matched], confidence=0.9)
        ans = compose(q.raw, picked, found=answered, lead=lead)
        ans.meetings = [r.label for r in matched]
        ans.sources = [r.source for r in matched]
        ans.confidence = 0.9 if answered else 0.5
        return ans
