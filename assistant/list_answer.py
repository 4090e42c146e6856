"""List-all questions (「哪些会议研究了招商引资」「2025年召开了哪几次党工委会议」).

Answered from the catalogue and each report's full text, never from a top-k
cut, so the list is complete.
"""

from __future__ import annotations

import re

from assistant.citations import Sentence, sentence_at
from assistant.retriever import SearchResult
from assistant.topic_match import Topic, best_coverage, quoted_phrases

_KIND_LABEL = {"required": "对{}的要求", "reported": "{}的汇报（未对其提要求）",
               "all": "面向各部门的要求"}
# Share of the topic's weight one sentence must cover for a report to count
# (0.75 missed held-out gold reports at 0.71; see BENCHMARKS.md).
MIN_COVERAGE = 0.7
# How people ask for a list, not what the list is about (jieba cuts 「全部列出来」
# into 全部列/出来, so these go before tokenising).
_REQUEST = re.compile(r"请?(?:帮我)?(?:全部|都|一一|逐一)?(?:列出来?|列举出?来?|罗列)|全部|所有|请问")


def is_list_question(result: SearchResult) -> bool:
    return bool(result.ref.list_all)


def topic_of(service, result: SearchResult) -> Topic:
    """The question's topic: content words (IDF-weighted) and quoted phrases."""
    import jieba

    from assistant.answer import _REFERENCE, _SCAFFOLD
    from vectorstore.keyword_index import STOPWORDS

    required = quoted_phrases(result.query)
    query = _REFERENCE.sub(" ", _REQUEST.sub(" ", result.query))
    words = [w for w in jieba.lcut(query) if len(w) > 1 and w not in _SCAFFOLD
             and w not in STOPWORDS and w not in result.departments
             and not re.search(r"\d", w) and not w.startswith(("哪", "所有", "召开"))
             and not any(w in p for p in required)]
    index = service.keyword_index
    return Topic({w: index.idf(w) for w in dict.fromkeys(words)}, required)


def answer_list(service, question: str, result: SearchResult):
    """Every matching meeting, each with one cited sentence showing why it matches."""
    from assistant.answer import Answer

    answerer = service.answerer
    topic = topic_of(service, result)
    records = result.meetings or [
        r for r in service.catalog.records() if r.metadata.get("meeting_kind") == "meeting"
    ]
    depts = result.departments
    picked: list[tuple[Sentence, str]] = []
    matched = []
    for rec in records:
        text = service.catalog.text(rec.doc_id)
        if depts:
            reqs = sorted((r for r in rec.requirements if r["addressee"] in depts),
                          key=lambda r: list(_KIND_LABEL).index(r["kind"]))
            if not reqs:
                continue
            found = [(sentence_at(service.passages, rec.doc_id, r["start"], r["end"]),
                      _KIND_LABEL[r["kind"]].format(r["addressee"])) for r in reqs]
        elif topic:
            coverage, span = best_coverage(topic, text)
            if coverage < MIN_COVERAGE or span is None:
                continue
            found = [(sentence_at(service.passages, rec.doc_id, *span), "")]
        else:
            found = []
        matched.append(rec)
        picked.extend((s, label) for s, label in found if s is not None)
    if not matched:
        what = "、".join(topic.words() or depts) or result.ref.describe()
        return Answer(question, f"记录中没有找到与「{what}」相关的会议。", False)
    lead = f"共{len(matched)}次会议：" + "；".join(r.label for r in matched) + "。"
    answered = True
    if depts and not any(label.startswith("对") for _, label in picked):
        # Asked for requirements, found only reports: say so, and do not call it answered.
        lead = f"记录中没有对{'、'.join(depts)}提出的要求；以下会议中它作了汇报。" + lead
        answered = False
    if not picked:
        return Answer(question, lead, True, meetings=[r.label for r in matched],
                      sources=[r.source for r in matched])
    ans = answerer.compose(question, result, picked, lead=lead)
    ans.found = answered
    ans.meetings = [r.label for r in matched]
    ans.sources = [r.source for r in matched]
    return ans

