"""List-all questions (「哪些会议研究了招商引资」「2025年召开了哪几次党工委会议」).

Answered from the catalogue and each report's full text, never from a top-k
cut, so the list is complete.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.answerability import thresholds
from assistant.catalog import MeetingRecord
from assistant.citations import sentences_at
from assistant.compose import compose
from assistant.evidence import coverage, coverage_bound
from assistant.query_ref import MeetingRef, metadata_int
from assistant.question import Intent, Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy, opening_sentence
from assistant.topic_match import Topic, best_coverage, whole_words
from ingest.departments import find_departments
from ingest.sentences import split_sentences

# A list of this many meetings or fewer, asked by date or body alone, quotes each one's
# opening sentence; more are only named (a year of 主任办公会 is 26).
_MAX_OPENINGS_QUOTED = 5

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
    named = {w: wt for w, wt in words.items() if w in q.named}
    # 「…，这种飞线充电哪几次会都提过」: the matter as named, not its description.
    words = named or words
    # Search-mode tokens include the parts of compounds (招商 ⊂ 招商引资): the
    # longest form stands for them, so a report is not required to hold both.
    kept = {w: words[w] for w in whole_words(words)}
    return Topic(kept, list(q.quoted))


def topic_bound(topic: Topic, text: str) -> float:
    """An upper bound of :func:`best_coverage` (a word a sentence holds, or
    abbreviates, has all its characters in the text): a cheap first test that
    spares most reports their sentence split (list-all at 100k, bench/scale.py)."""
    if topic.required and not all(all(c in text for c in p) for p in topic.required):
        return 0.0
    total = sum(topic.weights.values())
    if not total or topic.required:
        return 1.0
    return sum(w for t, w in topic.weights.items() if all(c in text for c in t)) / total


def _share(topic: Topic, text: str) -> float:
    """Share of the topic's weight whose words ``text`` holds."""
    total = sum(topic.weights.values())
    return sum(w for t, w in topic.weights.items() if t in text) / total if total else 0.0


def _names_asked_department(q: Question, text: str) -> bool:
    return any(d.name in q.departments for d in find_departments(text))


def _first(ctx: AnswerContext, doc_id: str, fits, kind: QuoteKind) -> list[Quote]:
    """The report's first sentence that ``fits``, as a quote (none if no sentence does)."""
    s = next((s for s in ctx.doc_sentences(doc_id) if fits(s.text)), None)
    return [Quote(s, kind)] if s is not None else []


def _naming_on_topic(q: Question, topic: Topic, ctx: AnswerContext, doc_id: str) -> list[Quote]:
    """A sentence naming the department on the question's topic, when no requirement of
    the meeting is: 「哪几次会让各片区管理局设分会场收听收看」 (bench/answers_dev13.jsonl
    w037) is said of the 片区管理局 in an attendance sentence, not charged to them."""
    return _first(ctx, doc_id, lambda text: (not topic or _share(topic, text) >= MIN_COVERAGE)
                  and _names_asked_department(q, text), QuoteKind.TOPIC)


def _attendance(q: Question, topic: Topic, ctx: AnswerContext, doc_id: str) -> list[Quote]:
    """「公安局的人来开过哪几次主任办公会」「董宇参加过哪些会」: the sentence that lists the
    meeting's attendees naming that department or person (bench/answers_dev13.jsonl w046,
    w064: they were looked for among requirements and the topic, and not found)."""
    cue = lexicon.report_cues()["attendance"]
    named = ((lambda text: _names_asked_department(q, text)) if q.departments
             else (lambda text: _share(topic, text) >= MIN_COVERAGE))
    return _first(ctx, doc_id, lambda text: bool(cue.search(text)) and named(text),
                  QuoteKind.FACT)


class _Span(NamedTuple):
    """A quote not read yet: where its sentence stands, why it is quoted."""

    doc_id: str
    start: int
    end: int
    kind: QuoteKind = QuoteKind.TOPIC
    label: str = ""


def _resolve(ctx: AnswerContext, items: list[Quote | _Span]) -> list[Quote]:
    """Quotes for the items, the spans' sentences read from the store in one batch."""
    spans = [x for x in items if isinstance(x, _Span)]
    at = iter(sentences_at(ctx.passages, [x[:3] for x in spans]) if spans else [])
    out = []
    for x in items:
        if isinstance(x, Quote):
            out.append(x)
        elif (sentence := next(at)) is not None:
            out.append(Quote(sentence, x.kind, x.label))
    return out


def _with_own_words(q: Question, ctx: AnswerContext, picked: list[Quote]) -> list[Quote]:
    """「地下水保护的原话，哪几次会提过」: a drafter wants what each meeting said, not only the
    sentence showing it took the matter up (bench/answers_dev34.jsonl ac131). Each listed
    meeting's quote is followed by a few more of its sentences holding the topic's anchor
    phrase (data/thresholds.json: drafting_more_per_listed_meeting, drafting_max_list_quotes)."""
    t = thresholds()
    phrase = q.anchor_phrase
    if not phrase:
        return picked
    have = {x.sentence.key for x in picked}
    texts = [x.sentence.text for x in picked]
    room = t.drafting_max_list_quotes - len(picked)
    out: list[Quote] = []
    for x in picked:
        out.append(x)
        added = 0
        for s in ctx.doc_sentences(x.sentence.doc_id):
            if added >= t.drafting_more_per_listed_meeting or room <= 0:
                break
            # A clause of a quoted sentence, or a sentence holding one, adds nothing.
            if phrase not in s.text or s.key in have or any(s.text in u or u in s.text
                                                            for u in texts):
                continue
            out.append(Quote(s, QuoteKind.TOPIC))
            have.add(s.key)
            texts.append(s.text)
            added += 1
            room -= 1
    return out


def _with_openings(ctx: AnswerContext, picked: list[Quote]) -> list[Quote]:
    """``picked`` with each meeting's opening sentence before its quotes."""
    out: list[Quote] = []
    have = {x.sentence.key for x in picked}
    for doc_id in dict.fromkeys(x.sentence.doc_id for x in picked):
        first = opening_sentence(ctx.doc_sentences(doc_id))
        if first is not None and first.key not in have:
            out.append(Quote(first, QuoteKind.CONTEXT, "会议概况"))
        out += [x for x in picked if x.sentence.doc_id == doc_id]
    return out


class ListAll(AnswerStrategy):
    """Every matching meeting, each with one cited sentence showing why it matches."""

    name = "list_all"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if not q.list_all:
            return None
        topic = list_topic(q)
        if q.topic and not topic and not q.quoted and not q.departments:
            # Every topic word is one no report holds (「那田长制提过没」 in a chat on which
            # 主任办公会 took up 河湖长制): not a list of every meeting of the body (bench/
            # answers_dev68.jsonl bk058 listed all 48); the topic strategy says what is missing.
            return None
        records = result.meetings or [
            r for r in ctx.catalog.records() if r.metadata.get("meeting_kind") == "meeting"]
        if result.relative_anchor is not None:
            # 「这事后来又在哪些会上提过」: the meetings after the one under discussion.
            records = [r for r in records if r.doc_id in result.relative_pool]
        depts = q.departments
        attendance = q.has(Intent.ATTENDEES) and bool(depts or topic)
        # Per matching meeting, its quotes: read already, or spans resolved in one
        # batch below, for the newest meetings only.
        found_by_meeting: list[list[Quote | _Span]] = []
        matched = []
        prefetch = getattr(ctx.catalog, "prefetch", None)
        if prefetch is not None and not depts and not attendance:
            prefetch([r.doc_id for r in records])
        for rec in records:
            if attendance:
                found = _attendance(q, topic, ctx, rec.doc_id)
                if not found:
                    continue
            elif depts:
                reqs = sorted((r for r in rec.requirements if r["addressee"] in depts),
                              key=lambda r: list(_KINDS).index(r["kind"]))
                if topic and reqs:
                    # 「哪些会对商务局提了招商引资的要求」: requirements on that topic only.
                    text = ctx.catalog.text(rec.doc_id)
                    reqs = [r for r in reqs
                            if _share(topic, text[r["start"]:r["end"]]) >= MIN_COVERAGE]
                found = [_Span(rec.doc_id, r["start"], r["end"], _KINDS[r["kind"]][0],
                               _KINDS[r["kind"]][1].format(r["addressee"])) for r in reqs]
                if not found and (topic or not q.has(Intent.REQUIREMENTS)):
                    # 「公安局都出现在哪些会议记录里」 asks only where it is named (bench/
                    # answers_dev51.jsonl at013).
                    found = _naming_on_topic(q, topic, ctx, rec.doc_id)
                if not found:
                    continue
            elif topic:
                text = ctx.catalog.text(rec.doc_id)
                cov, span = best_coverage(topic, text) if topic_bound(topic, text) >= \
                    MIN_COVERAGE else (0.0, None)
                sentence = None
                if cov < MIN_COVERAGE or span is None:
                    # No sentence can reach the threshold if the whole text cannot:
                    # skip reading its sentences from the store (bench/scale.py).
                    if coverage_bound(q, text) < MIN_COVERAGE:
                        continue
                    # Nor if no sentence of the whole text does: a stored sentence is
                    # part of one of them, and coverage only grows with the text.
                    if max((coverage(q, text[s:e]) for s, e in split_sentences(text)),
                           default=0.0) < MIN_COVERAGE:
                        continue
                    # An abbreviation or its full form (欠薪 ↔ 拖欠工资) counts too.
                    sentence = max(ctx.doc_sentences(rec.doc_id),
                                   key=lambda s: coverage(q, s.text), default=None)
                    if sentence is None or coverage(q, sentence.text) < MIN_COVERAGE:
                        continue
                found = [Quote(sentence, QuoteKind.TOPIC)] if sentence else [
                    _Span(rec.doc_id, *span)]
            elif len(records) <= _MAX_OPENINGS_QUOTED:
                # 「2025年2月21日开了哪些会」: each meeting's opening sentence says it met
                # that day (bench/answers_dev17.jsonl q125); a year's 26 are only named.
                sentences = ctx.doc_sentences(rec.doc_id)
                first = opening_sentence(sentences) or (sentences[0] if sentences else None)
                found = [Quote(first, QuoteKind.CONTEXT, "会议概况")] if first else []
            else:
                found = []
            matched.append(rec)
            found_by_meeting.append(found)
        cap = thresholds().max_list_quoted_meetings
        quoted = [f for f in found_by_meeting if f][-cap:]  # records are in date order
        picked = _resolve(ctx, [x for f in quoted for x in f])
        if q.wants_quotes and topic:
            picked = _with_own_words(q, ctx, picked)
        if q.has(Intent.DATE) and topic:
            # 「台湾小镇前后提过几次，分别是哪天的会」: each meeting's day is asked, so the
            # sentence that opens and dates it is quoted too (bench/answers_dev60.jsonl bc052).
            picked = _with_openings(ctx, picked)
        if not matched and topic and not depts and not attendance:
            # 「近海养殖要清退，哪些会提过」: no report holds most of the words as typed
            # (海上养殖清退); the topic strategy's sentence match may still find them
            # (bench/answers_dev49.jsonl ar053), and says so when it does not.
            return None
        if not matched:
            what = "、".join(topic.words() or depts) or q.ref.describe()
            return Answer(q.raw, f"记录中没有找到与「{what}」相关的会议。", False,
                          strategy=self.name, confidence=0.8)
        scope = _time_scope(q.ref, matched)
        lead = (f"{scope}共{len(matched)}次：" if scope else f"共{len(matched)}次会议：") \
            + "；".join(r.label for r in matched) + "。"
        if len(quoted) < sum(bool(f) for f in found_by_meeting):
            lead += f"以下引用其中最近{len(quoted)}次会议的原文。"
        answered = True
        if (depts and not attendance and q.has(Intent.REQUIREMENTS)
                and not any(x.kind is QuoteKind.TOPIC for x in picked)
                and not any(x.kind is QuoteKind.REQUIRED for x in picked)):
            # Asked for requirements, found only reports: say so, and do not call it answered
            # (「财政局在哪些会议记录里被点过名」 asks where it is named: bench/answers_dev51.jsonl
            # at008).
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


def _time_scope(ref: MeetingRef, matched: list[MeetingRecord]) -> str:
    """「上半年的党工委会议（2023年1次、2025年12次）」: a list asked by months says which
    months and, when no year was given, which years they fall in (the guide: an ambiguous
    question gets an answer that says which meetings it covers)."""
    if ref.month is None and ref.months is None:
        return ""
    scope = replace(ref, list_all=False).describe()
    years = Counter(metadata_int(r.metadata.get("meeting_year")) for r in matched)
    if ref.year is None and len(years) > 1:
        scope += "（" + "、".join(f"{y}年{n}次" for y, n in sorted(years.items()) if y) + "）"
    return scope
