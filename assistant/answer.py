"""Answers with citations: strategies decide, the composer writes, an LLM may rephrase.

The question is analysed once (assistant/question.py), retrieved for once, and
handed to an ordered registry of strategies (assistant/strategies/); the first
that answers wins. With a chat model configured, an answer the strategies found
is rewritten by the model from the very sentences they chose, under the same
answerability decision (assistant/llm_answer.py, verified claim by claim in
assistant/verify.py). With a model, a follow-up is first rewritten by it into a
standalone question; without one, the rules in assistant/followup.py carry
context over.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import replace

from assistant import answer_checks as checks
from assistant import lexicon
from assistant.answer_types import NOT_FOUND, Answer, Quote, QuoteKind
from assistant.citations import meeting_of
from assistant.compose import compose
from assistant.evidence import DocSentences, has_word
from assistant.query_ref import (
    JOIN,
    YEARS_FROM_MEETING,
    MeetingRef,
    Relation,
    parse_question,
    strip_references,
    with_order,
)
from assistant.question import FACT_INTENTS, Intent, Question
from assistant.strategies import AnswerContext, AnswerStrategy, default_strategies
from ingest.normalize import normalize_text
from ingest.numerals import parse_cn_int

__all__ = ["NOT_FOUND", "Answer", "Answerer", "Quote", "QuoteKind"]
log = logging.getLogger(__name__)


# A two-part question is split only when its first part names this many meetings at most
# (「25年初那个经济工作会议」 fits two: bench/answers_dev15.jsonl y123).
_MAX_COMPOUND_MEETINGS = 2


# How many questions back 「那次会」 may point to the question that asked which meeting.
_ANSWERED_LOOKBACK = 2
# 「第三项…」「第二个…」 opening a follow-up: the N-th item of the last answer's list.
_NTH_ITEM = re.compile(r"^(?:那|那么)?第([一二三四五六七八九十]{1,3}|\d{1,2})(?:个|项|条|点|件|份)")
_CN_DIGITS = "零一二三四五六七八九十"
# 「2025年那次…」 opening a follow-up: of the meetings the last answer found, that year's;
# 「第14次那次原话」 the same by its number (bench/answers_dev51.jsonl at054).
_FOUND_MEETING_POINTER = re.compile(r"^(?:那)?(?:(?:\d{2,4}|[今去前]|[〇零一二三四五六七八九]{2,4})年|第(?:\d{1,2}|[一二三四五六七八九十]{1,3})次)(?:的)?(?:那|这)(?:一)?(?:次|个|场)(?:会)?")
# 「它的前一次主任办公会是哪天」 after 「宅基地确权登记颁证工作方案哪天审的」: the meeting
# before (or after) the one the last answer found (bench/answers_dev60.jsonl bc147).
_STEP_FROM_FOUND = re.compile(r"^(?:那么|那)?(?:它|这次|那次|该次|这个会|那个会)的?再?(上|前|下|后)一[次回场]")
_STEP = {"上": -1, "前": -1, "下": 1, "后": 1}
# 「两次隔了多久」 after 「…方案2025年和2026年各是哪天审议的」: the meetings that answer found,
# set side by side (data/date_order.txt; bench/answers_dev60.jsonl bc060).
_ALL_FOUND = re.compile(r"^(?:那么|那)?(?:这|那)?(?:两|几)(?:次|个会|场)(?:会议?)?")
# A year before what describes the meeting (「2026年讲食品安全的主任办公会」), which the
# reference parser leaves to the description; not a year of the matter (「2024年为民办实事项目」).
_YEAR_TYPED = re.compile(r"(?<!\d)(?:\d{2}|\d{4})年的?(?=讲|说|研究|审议|听|部署|学习|批|通过|那次|那个会)")
_MAX_COMPARED = 4
# 「去年同一天开的那次主任办公会审议了什么」: the meeting held on the same day a year before (or
# after) the one the conversation is about (bench/answers_dev60.jsonl bc149).
_YEAR_SHIFT = {"去年": -1, "明年": 1, **YEARS_FROM_MEETING, "第二年": 1}
_SAME_DAY_OTHER_YEAR = re.compile(f"({'|'.join(_YEAR_SHIFT)})的?"
                                  r"(?:同一天|同一日|同日|同天|这一天|那一天|这天|那天)(?:开的)?(?:那次|那个|的)?")
# 「同一天开的是哪两个会」: which meetings shared a day (not 「同一天还开了什么会」, data/same_day.txt).
_SAME_DAY_WHICH = re.compile(r"(?:同一天|同一日|同日|同天)[^？?。]{0,4}(?:是|有)?(?:哪|什么)(?:两|几|些)?(?:个|次|场)?会")
# Sentences of an enumeration item quoted after its head (「三是兴产业。」 is only its name).
_ITEM_SENTENCES = 2


def _ref_of(meeting: dict) -> MeetingRef:
    """The reference to a meeting a citation (or record) names (``citations.meeting_of``)."""
    return MeetingRef(number=meeting.get("number"), year=meeting.get("year"),
                      body=meeting.get("body") or "")


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
        settings = getattr(service, "settings", None)
        # One gate per answerer (one per service): the model's own capacity.
        self.llm_gate = threading.BoundedSemaphore(getattr(settings, "llm_concurrency", 1))
        self._settings = settings

    def context(self) -> AnswerContext:
        svc = self.service
        return AnswerContext(
            catalog=svc.catalog, passages=svc.passages, doc_sentences=self._doc_sentences,
            sentence_index=svc.sentence_index, embeddings=svc.embeddings,
            keyword_index=svc.keyword_index)

    def limits(self):
        from assistant.llm_answer import LlmLimits

        s = self._settings
        return LlmLimits(context_chars=getattr(s, "llm_context_chars", 4000),
                         timeout=getattr(s, "llm_timeout", 120.0), gate=self.llm_gate)

    def extractive(self, question: str, history: list[str] | None = None) -> Answer:
        """The strategies' answer (no model writing); with a model, follow-ups are rewritten."""
        retriever = self.service.retriever
        history = ([retriever.mend_slips(retriever.read_pinyin(h)) for h in history]
                   if history else history)
        typed = retriever.read_pinyin(question)
        mended = retriever.mend_slips(typed)
        if mended != question:
            # Typed in pinyin, or with a homophone slip (主任办工会): answered as read, and
            # the reading shown (it can be wrong).
            ans = self.extractive(mended, history)
            read_as = f"（按拼音读作「{mended}」）" if typed != question else f"（按「{mended}」理解）"
            ans.answer = f"{read_as}\n{ans.answer}"
            ans.question = question
            return ans
        parts = self._compound_parts(question, history)
        if parts:
            first, second = parts
            return _joined(question, self.extractive(first, history),
                           self.extractive(second, [*(history or []), first]))
        per_body = _per_body_parts(question)
        if per_body:
            first, second = per_body
            return _joined(question, self._single(first, history), self._single(second, history))
        return self._single(question, history)

    def _compound_parts(self, question: str, history: list[str] | None) -> tuple[str, str] | None:
        """「2023年第6次主任办公会听了啥汇报？提了啥机制？」: two questions in one, each
        answered on its own, the second about the first's meeting (bench/answers_dev15.jsonl
        y011, y123). Only when the first part names one meeting: a second part after
        「…是哪次会过的？」 or 「一共审过几次？」 is about what the first one finds
        (「主要照顾哪些人」「分别是哪次会」), and answered alone it lost that (bench/answers_dev.jsonl
        d073, answers_dev13.jsonl w083). Not split either: questions that are all meeting facts
        (「哪天开的？谁主持？」, answered together), a follow-up 「那…呢？…」, a second part that
        asks nothing."""
        parts = [p.strip() for p in re.split(r"(?<=[？?])", question.strip()) if p.strip()]
        if len(parts) == 1:
            # 「2025年底的经济工作会议哪天开的，部署的是哪年的工作」: two questions joined by a
            # comma, each asking (bench/answers_dev17.jsonl q060); 「…那次会议，谁主持的」 is one.
            halves = [p.strip() for p in re.split(r"[，,]", question.strip()) if p.strip()]
            if len(halves) == 2 and lexicon.asking_words().search(halves[0]):
                second = self.service.retriever.analyze(halves[1], None)
                # 「…暨哪些会，学了什么」: a second half with nothing to look for alone is
                # answered with the first (bench/answers_dev.jsonl d040).
                if second.topic or second.intent is not Intent.TOPIC:
                    parts = halves
        # 「2023年第6次呢？研究了啥」: the meeting changed, then the ask of its own: one question
        # (bench/answers_dev70.jsonl bm140), not the last one's ask and then this one.
        if (len(parts) != 2 or parts[0].startswith("那") or _CHECKS_ANSWER.match(parts[1])
                or _ELLIPTICAL.search(parts[0])):
            return None
        if not lexicon.asking_words().search(parts[1]):
            return None
        retriever = self.service.retriever
        first = retriever.analyze(parts[0], history)
        if first.ref.is_empty() or first.ref.list_all or first.asks_meeting or len(first.refs) > 1:
            # Two meetings set side by side (「它跟2025年第26次比，都研究了…吧？各是哪一年的」):
            # the second part asks of both, and answered apart it quoted them again
            # (bench/answers_dev48.jsonl aq034).
            return None
        if len(self.service.catalog.matching(first.ref)) > _MAX_COMPOUND_MEETINGS:
            # 「公安局的人来开过主任办公会没有？都是哪几次？」 names a body of 48 meetings: one
            # list question (bench/answers_dev13.jsonl w064).
            return None
        second = retriever.analyze(parts[1], [*(history or []), parts[0]])
        if set(first.intents) | set(second.intents) <= FACT_INTENTS:
            return None
        alone = retriever.analyze(parts[1], None)
        if not alone.topic and alone.ref.is_empty() and alone.intents == (Intent.TOPIC,):
            # 「…是怎么定位营商环境的？原话。」: a second part that only asks for the words
            # of the first is no question of its own (bench/answers_dev21.jsonl u027).
            return None
        return parts[0], parts[1]

    def _single(self, question: str, history: list[str] | None = None) -> Answer:
        retriever = self.service.retriever
        standalone = ""
        if self.llm is not None and history:
            from assistant.llm_answer import rewrite_followup

            standalone = rewrite_followup(self.llm, question, history, self.limits()) or ""
        same_day = "" if standalone else self._same_day(question, history)
        other_year = "" if standalone or same_day else self._same_day_other_year(question, history)
        if not standalone and not same_day:
            standalone = other_year or self._same_day_within(question, history)
        answered_meeting = "" if standalone else (
            f"{same_day}开了哪些会" if same_day else self._answered_meeting(question, history))
        if answered_meeting:
            standalone = answered_meeting
        elif not standalone:
            standalone, item = self._nth_of_last_answer(question, history)
            if item is not None:
                item.question = question
                item.strategy = "nth_item"
                return item
        # A rewritten question stands alone; otherwise the rules carry context over.
        q = retriever.analyze(standalone, None) if standalone else retriever.analyze(question, history)
        if (not standalone and history and not q.topic and q.ref.is_empty() and not q.departments
                and set(q.intents) <= {Intent.TOPIC, Intent.REQUIREMENTS}):
            # 「主要面向哪些人群」 right after 「公租房管理办法什么时候过的」 names nothing to look
            # for and no meeting: it asks about the last question's matter (bench/answers_dev20.jsonl
            # t141).
            q = retriever.analyze(f"{history[-1]} {question}", history[:-1] or None)
        ans = self._answer(q, question, standalone)
        equivalent = self._equivalent_body(q) if ans.strategy == "unmatched_meeting" else None
        other_day = _without_carried_day(q, question) if ans.strategy == "unmatched_meeting" \
            and equivalent is None else None
        if other_day is not None:
            # 「换成2026年那次呢」 after 「25年4月23号那次主任办公会…」: the day was carried
            # over, not typed; that year has no meeting on it, so that year's meetings are
            # asked (bench/answers_dev87.jsonl cd042).
            alike = self._answer(other_day, question, standalone)
            if alike.found:
                alike.answer = (f"记录中没有{q.ref.describe()}；以下按{other_day.ref.describe()}"
                                "回答。\n" + alike.answer)
                return alike
        if equivalent is not None:
            # 「最近一次常务会开的啥」: these records hold no 常务会议 but its equivalent, the
            # 主任办公会 (data/body_equivalents.tsv; bench/answers_dev47.jsonl ap016).
            alike = self._answer(equivalent, question, standalone)
            if alike.found:
                alike.answer = (f"记录中没有{q.ref.body}；以下按相当于它的{equivalent.ref.body}回答。\n"
                                + alike.answer)
                return alike
        order = _answered_order(question) if answered_meeting else None
        if order and ans.found and ans.meetings:
            # Say which of the meetings found 「最近的那次」 was taken to be.
            which = "最晚" if order == "latest" else "最早"
            ans.answer = f"上一问找到的会议中日期{which}的一次是{ans.meetings[0]}。\n" + ans.answer
        if other_year and ans.found:
            day = other_year.split("的", 1)[0]
            ans.answer = f"按上一问所说会议的日期，所问的一天是{day}。\n" + ans.answer
        if same_day and ans.found:
            ans.answer = f"{same_day}（上一问所说会议的日期）召开的会议如下。\n" + ans.answer
        if (not ans.found and q.assumed_meeting and not _only_detail_missing(ans)
                and not lexicon.yes_no_cues().search(normalize_text(question))):
            # The follow-up was only assumed to be about the conversation's meeting and
            # the answer within it declined: the whole archive is asked, and its answer
            # taken only where it quotes that meeting (「渔港要打造成什么样」 after 「2025年第1次
            # 主任办公会审议通过了哪些规划方案」: answers_dev.jsonl b142). Other meetings' records
            # answer another question: the blind writers label a follow-up on a matter the
            # meeting never took up unanswerable (「双拥咋说的」 after 「党工委25年第9次研究啥」,
            # answers_dev78.jsonl bu113; 12 such dev lines answered before, twenty-first
            # session, BENCHMARKS.md). (A meeting that speaks of the matter but not of the
            # amount asked is not silent: 「基金规模定了多少」, bench/answers_dev7.jsonl m126.
            # 「有没有提防汛？」 asks that meeting, whose silence is the answer: answers_dev16.jsonl
            # p080; 「有沒有講安全生產」: answers_dev36.jsonl ae039.)
            wide = self._answer(retriever.analyze(question, None), question, standalone)
            if wide.found and set(wide.meetings) & set(ans.meetings):
                return wide
        if (not ans.found and history and not standalone and not q.followup and not q.details
                and q.ref.is_empty() and not q.departments and not q.personal):
            # 「要按啥原则来办？」 right after 「宅基地确权发证的方案，哪天过的？」 names a word of
            # its own (原则) and so read as standing alone; alone it finds nothing, so it is
            # asked of the last question's matter (bench/answers_dev55.jsonl ax020, ax012).
            # Not a detail the matter does not state (「基金规模定了多大」: aj133, j149).
            # Only when what it asks is in that answer: 「顺便问下平潭到福州的大巴几点发车」 asks
            # something else (ax150).
            within = self._answer(retriever.analyze(f"{history[-1]} {question}", history[:-1] or None),
                                  question, standalone)
            # Every word of its own must be in that answer (「基金规模定了多大」: 基金 is, 规模
            # is not).
            said = "".join(c.quote for c in within.citations)
            if within.found and q.seen_topic and all(has_word(q, w, said) for w in q.seen_topic):
                return within
        return ans

    def _equivalent_body(self, q: Question) -> Question | None:
        """``q`` about the body these records hold in place of the one it names (none of
        whose meetings they hold), or None."""
        body = lexicon.body_equivalents().get(q.ref.body)
        # 「福清市政府常务会议最近研究了什么」 names another county's (its place is a word no
        # report holds): out of scope, not ours (bench/answers_dev.jsonl d153, answers_dev7 m146).
        if body is None or q.unseen or self.service.catalog.matching(MeetingRef(body=q.ref.body)):
            return None
        return replace(q, ref=replace(q.ref, body=body),
                       refs=tuple(replace(r, body=body) if r.body == q.ref.body else r
                                  for r in q.refs))

    def _same_day(self, question: str, history: list[str] | None) -> str:
        """「同一天还开了什么会」 after a question about one meeting: its date, 「2025年2月21日」,
        whose meetings are the answer (bench/answers_dev17.jsonl q125), else ""."""
        if not history or not lexicon.same_day().search(question):
            return ""
        record = self._conversation_record(history)
        if record is None:
            return ""
        day = record.date_int
        return f"{day // 10000}年{day // 100 % 100}月{day % 100}日"

    def _conversation_record(self, history: list[str], or_found: bool = False):
        """The one dated meeting the conversation is about: named by a question, or (with
        ``or_found``) the only one the last answer cited; None otherwise."""
        from assistant.followup import conversation_meeting

        ref = conversation_meeting([normalize_text(h) for h in history])
        records = self.service.catalog.matching(ref) if ref is not None else []
        if len(records) != 1 and or_found:
            found = self.extractive(history[-1], history[:-1] or None)
            docs = {c.source for c in found.citations} if found.found else set()
            records = [r for r in self.service.catalog.records() if r.source in docs]
        # No one meeting, or its year is not stated.
        return records[0] if len(records) == 1 and records[0].date_int >= 19000101 else None

    def _same_day_other_year(self, question: str, history: list[str] | None) -> str:
        """「去年同一天开的那次主任办公会审议了什么」 after a question whose answer found one
        meeting: the question about the meeting of that body held on the same day a year
        before, 「2025年4月29日的主任办公会 审议了什么」, else ""."""
        question = normalize_text(question)
        shift = _SAME_DAY_OTHER_YEAR.search(question)
        if not history or not shift:
            return ""
        record = self._conversation_record(history, or_found=True)
        if record is None:
            return ""
        day = record.date_int
        asked = parse_question(question)
        # 「去年同一天开了什么会」 asks which meetings, of any body.
        body = asked.body or ("" if re.search(r"(?:什么|哪些|哪个|哪几个|啥)会", question)
                              else str(record.metadata.get("meeting_body") or ""))
        year = day // 10000 + _YEAR_SHIFT[shift.group(1)]
        rest = (question[:shift.start()] + question[shift.end():]).strip("，, ")
        rest = strip_references(rest) if asked.body else rest
        return f"{year}年{day // 100 % 100}月{day % 100}日的{body or '会议'} {' '.join(rest.split())}"

    def _same_day_within(self, question: str, history: list[str] | None) -> str:
        """「同一天开的是哪两个会」 after 「2026年1月开了哪些会」: the meetings of that month
        (or year) held on one day, asked as a question about them (bench/answers_dev60.jsonl
        bc018), else ""."""
        from assistant.followup import conversation_meeting

        question = normalize_text(question)
        if not _SAME_DAY_WHICH.search(question):
            return ""
        own = parse_question(question)
        scope = own if own.month or own.year else (
            (conversation_meeting(history) or parse_question(normalize_text(history[-1])))
            if history else None)
        if scope is None or scope.number is not None or not (scope.month or scope.year):
            return ""
        days: dict[int, list] = {}
        for rec in self.service.catalog.matching(scope):
            if rec.date_int >= 19000101:
                days.setdefault(rec.date_int, []).append(rec)
        together = [r for group in days.values() if len(group) > 1 for r in group]
        refs = [_ref_of(meeting_of(r.metadata)) for r in together]
        if not 2 <= len(refs) <= _MAX_COMPARED or any(r.number is None for r in refs):
            return ""
        return f"{'和'.join(r.describe() for r in refs)} 是同一天开的吗"

    def _nth_of_last_answer(self, question: str, history: list[str] | None
                            ) -> tuple[str, Answer | None]:
        """「第三项具体说了啥」 after 「…部署了几项重点任务」, 「第二个的实施期限是哪几年」 after
        「…审议通过了哪两个文件」: the N-th item of what the last answer listed (bench/
        answers_dev28.jsonl j030, answers_dev27.jsonl i106). The report's enumeration item
        (「三是兴产业。推动航运…」) is the answer itself; else the N-th document title the last
        answer quoted makes the question about that document at that meeting (returned as
        the question to answer). ("", None) when the question is no such follow-up."""
        from assistant.strategies.base import ENUMERATION

        m = _NTH_ITEM.match(question.strip())
        if not history or m is None:
            return "", None
        n = parse_cn_int(m.group(1))
        last = self.extractive(history[-1], history[:-1] or None)
        if not n or not last.found or not last.citations:
            return "", None
        head = f"{_CN_DIGITS[n]}是" if n < len(_CN_DIGITS) else ""
        report_of = self.service.passages.reports_of([c.passage_id for c in last.citations])
        for doc_id in dict.fromkeys(report_of.get(c.passage_id, "") for c in last.citations):
            sentences = self._doc_sentences(doc_id) if doc_id else []
            at = next((i for i, s in enumerate(sentences) if head and s.text.startswith(head)
                       and ENUMERATION.match(s.text)), None)
            if at is None:
                continue
            item = [sentences[at]]
            for s in sentences[at + 1:at + 1 + _ITEM_SENTENCES]:
                if ENUMERATION.match(s.text) or s.section != sentences[at].section:
                    break
                item.append(s)
            label = f"上一问所列的第{m.group(1)}项"
            ans = compose(question, [Quote(s, QuoteKind.TOPIC, label) for s in item])
            ans.confidence = 0.8
            return "", ans
        titles = list(dict.fromkeys(t for c in last.citations
                                    for t in checks.DOCUMENT_TITLE.findall(c.quote)))
        listed = titles or _longest_series(last)
        if n > len(listed) and listed:
            # 「那第三个呢」 after 「…审议通过的第二个文件是啥」 where two were approved; 「第五个
            # 汇报的是哪个局」 after four departments reported (bench/answers_dev56.jsonl ay008,
            # ay004): the records list fewer, which the answer says.
            quotes = [Quote(s, QuoteKind.TOPIC) for s in self._cited_sentences(last, report_of)]
            ans = compose(question, quotes, found=False,
                          lead=f"上一问所列的只有{len(listed)}项，没有第{m.group(1)}项：")
            ans.confidence = 0.0
            return "", ans
        if n > len(titles):
            return "", None
        ref = _ref_of(last.citations[0].meeting)
        rest = question.strip()[m.end():].lstrip("的")
        return f"{ref.describe() if not ref.is_empty() else ''}{titles[n - 1]}{rest}", None

    def _cited_sentences(self, ans: Answer, report_of: dict[str, str]) -> list:
        """The sentences an answer quoted, as sentences of their reports (``report_of``: the
        report id of each cited passage)."""
        out = []
        for c in ans.citations:
            doc_id = report_of.get(c.passage_id, "")
            out += [s for s in (self._doc_sentences(doc_id) if doc_id else [])
                    if s.passage_id == c.passage_id and s.text == c.quote][:1]
        return out

    def _detail_of_last_matter(self, question: str, last: str) -> bool:
        """「基金规模多大」 right after 「政府投资基金管理实施细则哪次会通过」: a detail of the
        matter the last question named (every topic word is in it), so of the meeting that
        answer found, not of any report (bench/answers_dev65.jsonl bh069). Words naming
        a side of a matter (规模, data/aspect_words.txt) need not be in it."""
        own = self.service.retriever.analyze(question)
        last_text = normalize_text(last)
        matter = [w for w in own.topic if w not in lexicon.aspect_words()]  # 规模 of 基金
        return bool(own.details and matter and not own.ref.list_all
                    and all(w in last_text for w in matter))

    def _fact_of_answered(self, question: str, last: str) -> bool:
        """「哪些领导参加了？」 right after 「那个公租房办法是哪次会通过的？」: a fact of a
        meeting (who, when, where) with nothing else to look for, of the meeting the last
        answer found (bench/answers_dev86.jsonl cc086)."""
        from assistant.followup import ASKS_WHICH

        if lexicon.meetings_pointer().search(question):
            return False  # 「这两次会分别是几号开的」: several meetings, not the one found
        own = self.service.retriever.analyze(question)
        return bool(ASKS_WHICH.search(normalize_text(last)) and not own.topic
                    and own.intents and set(own.intents) <= FACT_INTENTS)

    def _answered_meeting(self, question: str, history: list[str] | None) -> str:
        """「同一次还通过了啥」 right after 「共享电动自行车管理办法是哪次会通过的」: the
        meeting meant is the one the last answer found, which no question named
        (bench/answers_dev13.jsonl w091). The question about that meeting, else ""."""
        from assistant.followup import ASKS_WHICH, conversation_meeting

        if not history:
            return ""
        together = _ALL_FOUND.match(question.strip()) if lexicon.date_order().search(question) \
            else None
        current = conversation_meeting([normalize_text(h) for h in history])
        # 「25年那次会上讲食品安全了没」 names a year only: a pointer into the meetings an
        # answer found, not a meeting of its own (bench/answers_dev62.jsonl be025).
        pointer_only = current is not None and not current.body and current.number is None \
            and current.month is None
        # 「…是在人大哪次会上报告的」 names a body, not one of its meetings (bench/
        # answers_dev83.jsonl bz032): which one is what that answer found. A year typed
        # (「2026年讲食品安全的主任办公会是哪次」) keeps the conversation's meeting (answers_dev24
        # a101: the answer's first quote was of another year).
        names_one = not replace(parse_question(history[-1]), body="").is_empty() \
            or bool(_YEAR_TYPED.search(history[-1]))
        # 「那个会拍板了啥」 after 「同一天还开了啥会」: the other meeting of that day, not the
        # conversation's (bench/answers_dev88.jsonl ce019).
        others_that_day = bool(lexicon.same_day().search(normalize_text(history[-1])))
        # 「代表们都问了哪些问题」 after 「人大常委会最近一次搞专题询问是哪次会」: the meeting
        # that answer picked by date, not every sitting of the body (bench/answers_dev85.jsonl
        # cb073).
        picked = current is not None and (current.latest or current.earliest) \
            and current.number is None and current.year is None
        if together is None and current is not None and not pointer_only and not (
                ASKS_WHICH.search(history[-1]) and not names_one) and not others_that_day \
                and not picked:
            # A meeting named turns before is the conversation's, unless the last question
            # asked which meeting: 「那次还通过了什么指引」 after 「2026年那份营商环境的文件是
            # 哪次会通过的」 means the meeting that answer found (bench/answers_dev40.jsonl ai135).
            return ""
        asked = parse_question(question)
        order = _answered_order(question)  # 「最近的那次」: which of the meetings found, by date
        step = _STEP_FROM_FOUND.match(question.strip())
        # 「2025年那次是和哪些会合并开的」 after 「河湖长制工作要点是哪几次会审议的」: of the
        # meetings that answer found, the one of that year (bench/answers_dev28.jsonl j098).
        pointer = _FOUND_MEETING_POINTER.match(question.strip())
        if pointer and (asked.year is None) != (asked.number is None) and not asked.body:
            pick = (asked.year, asked.number)
        elif lexicon.same_meeting().search(question) and not ASKS_WHICH.search(question) \
                and asked.is_empty():
            pick = None
        elif asked.is_empty() and (order or (
                picked and not ASKS_WHICH.search(normalize_text(question))
                # 「之前还有哪几次」 asks the others (bench/answers_dev60.jsonl bc057).
                and not any(p.search(question) for p in lexicon.series_rest().values()))):
            # 「后面那次还听了啥」: one of them, chosen by date below; or the one the last
            # answer picked by date.
            pick = None
        elif ((step or together) and asked.number is None and asked.year is None) or (
                asked.is_empty() and (self._detail_of_last_matter(question, history[-1])
                                      or self._fact_of_answered(question, history[-1]))):
            pick = None
        else:
            return ""
        # The latest question that asked which meeting, with questions about what that
        # answer found in between (「…管理办法是哪次会审的」「有没有说投放总量上限多少辆」
        # 「那次会对民宿安全有啥要求」: bench/answers_dev18.jsonl r052).
        last_only = False
        picked_one = None  # a question that asked the first (or last) meeting on a matter
        for i in range(len(history) - 1, max(-1, len(history) - 1 - _ANSWERED_LOOKBACK), -1):
            earlier = self.service.retriever.analyze(history[i], history[:i] or None)
            if order and (earlier.ref.earliest or earlier.ref.latest) and not earlier.ref.body:
                # 「最近那次…」 after 「头一回是哪次会」: that answer holds one meeting; the
                # order is taken among the meetings found before it, or asked of the same
                # matter afresh (bench/answers_dev85.jsonl cb009, cb026).
                picked_one = picked_one if picked_one is not None else i
                continue
            if earlier.asks_meeting or ASKS_WHICH.search(earlier.text):
                break
        else:
            if picked_one is not None:
                again = with_order(history[picked_one], order)
                if again:
                    rest = lexicon.answered_order()[order].sub(" ", question).strip()
                    return f"{again} {rest}"
                return ""
            # 「那次会是哪天开的」 right after a request for quotes on a matter: the one meeting
            # that answer quoted (bench/answers_dev34.jsonl ac011).
            i, last_only = len(history) - 1, True
        found = self.extractive(history[i], history[:i] or None)
        if not found.found or not found.citations:
            return ""
        if last_only and len({c.source for c in found.citations}) != 1 and not together:
            return ""
        if pick is not None:
            year, number = pick
            meetings = {(c.meeting.get("body"), c.meeting.get("year"), c.meeting.get("number")):
                        c.meeting for c in found.citations
                        if (c.meeting.get("year") == year if year is not None
                            else c.meeting.get("number") == number)}
            if len(meetings) != 1 or None in next(iter(meetings)):
                return ""
            m = next(iter(meetings.values()))
            return f"{_ref_of(m).describe()} {question.strip()[pointer.end():].strip()}"
        m = found.citations[0].meeting
        if others_that_day and current is not None:
            other = [c.meeting for c in found.citations if c.meeting.get("body") != current.body]
            if len({(o.get("body"), o.get("number")) for o in other}) != 1:
                return ""
            m = other[0]
        if together and pick is None and step is None:
            refs = list(dict.fromkeys(_ref_of(c.meeting).describe() for c in found.citations
                                      if c.meeting.get("number") and c.meeting.get("body")))
            if not 2 <= len(refs) <= _MAX_COMPARED:
                return ""
            return f"{'和'.join(refs)} {question.strip()[together.end():]}"
        if step is not None and pick is None and not lexicon.same_meeting().search(question):
            if m.get("number") is None or not m.get("body"):
                return ""
            found_ref = _ref_of(m)
            other = replace(found_ref, number=found_ref.number + _STEP[step.group(1)])
            rest = question.strip()[step.end():]
            if lexicon.date_order().search(rest):
                # 「…是哪天，隔了几天」: from the meeting found, so both are dated.
                return f"{other.describe()}和{found_ref.describe()} {rest}"
            return f"{other.describe()} {rest}"
        if order is not None:
            # 「最近的那次是啥时候开的」 after 「讨薪的事开过哪些会说过」: the latest (or
            # earliest) of the meetings found (bench/answers_dev46.jsonl ao002, ao130).
            dated = [c.meeting for c in found.citations if c.meeting.get("year")]
            if not dated:
                return ""
            m = (max if order == "latest" else min)(dated, key=_meeting_date)
            question = lexicon.answered_order()[order].sub(" ", question)
        ref = _ref_of(m)
        if ref.is_empty() or (len({c.source for c in found.citations}) > 1 and not ref.number
                              and order is None):
            return ""
        return f"{ref.describe()} {lexicon.same_meeting().sub(' ', question).strip()}"

    def _answer(self, q, question: str, standalone: str) -> Answer:
        result = self.service.retriever.search(q, k=self.passages)
        rest = q.without(q.described) if result.described else None
        if rest is not None and not rest.topic:
            # 「那次讲…不正之风的会，还审议通过了什么」: the words that picked the meeting are
            # all its topic, and they are not what is asked of it (answers_dev24.jsonl a071).
            q = result.question = rest
        ctx = self.context()
        for strategy in self.strategies:
            ans = strategy.answer(q, result, ctx)
            if ans is None:
                continue
            ans.question = question
            ans.standalone = standalone
            ans.strategy = ans.strategy or strategy.name
            checks.require_details(q, ans)
            if rest is not None and rest.topic:
                checks.require_rest(rest, ans, ctx.doc_sentences(result.meetings[0].doc_id))
                if not ans.found:
                    checks.say_rest(q, rest, ans)
            checks.require_numbered_names(q, ans)
            checks.require_topic_years(q, ans)
            checks.require_place(q, ans, result.meetings, self.service.catalog.text)
            if result.relative_anchor is not None:
                _say_relative(q, result.relative_anchor, ans)
            if result.latest:
                # Say which meeting 「上次」 was taken to be: the records may lack a later one.
                ans.answer = f"记录中{q.ref.describe()}最近的一次是{result.meetings[0].label}。\n" \
                    + ans.answer
            log.debug("answered by %s (found=%s, confidence=%.2f)", ans.strategy, ans.found,
                      ans.confidence)
            return ans
        return Answer(question, NOT_FOUND, False, standalone=standalone)

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer ``question``; ``history`` (earlier user questions) resolves follow-ups."""
        final = None
        for part in self.stream(question, history, stream=False):
            final = part
        assert isinstance(final, Answer)
        return final

    def stream(self, question: str, history: list[str] | None = None, *,
               stream: bool = True) -> Iterator[str | Answer]:
        """Yield the model's text as it grows (unverified), then the final, verified Answer.

        Without a model, or when the records do not answer, only the Answer is yielded.
        """
        ans = self.extractive(question, history)
        if self.llm is None or not ans.found or not ans.citations:
            yield ans
            return
        from assistant.llm_answer import stream_with_llm

        yield from stream_with_llm(self.llm, ans, history, self.limits(), stream=stream)


# 「党工委会和主任办公会分别怎么说的」: each body's meetings answer for themselves.
_EACH = re.compile(r"分别|各自|各摘")


def _longest_series(ans: Answer) -> list[str]:
    """The longest series an answer's quotes name (「县发改局、县工信局、县财政局、县商务局等」)."""
    from assistant.positions import series_lists

    series = series_lists([c.quote for c in ans.citations])
    return [it.text for it in max(series, key=lambda x: len(x.items)).items] if series else []


def _per_body_parts(question: str) -> tuple[str, str] | None:
    """「关于统计督察反馈意见整改，党工委会和主任办公会分别怎么说的」 names two bodies, each of
    many meetings: one search over all of them quoted only the one that matched best
    (bench/answers_dev21.jsonl u016, u042). The question once per body, else None."""
    from ingest.normalize import normalize_text

    text = normalize_text(question)
    if not _EACH.search(text):
        return None
    for m in JOIN.finditer(text):
        refs = [parse_question(text[:m.start()]), parse_question(text[m.end():])]
        if (all(r.body for r in refs) and refs[0].body != refs[1].body
                and all(r.number is None for r in refs)):
            break
    else:
        return None
    year = parse_question(text).year  # 「2025年区重点项目计划，党工委会和主任办公会…」: both
    rest = " ".join(w for w in strip_references(text).split() if not JOIN.fullmatch(w))
    return tuple(f"{replace(r, year=r.year or year).describe()} {rest}" for r in refs)


def _say_relative(q: Question, anchor, ans: Answer) -> None:
    """Say what 「后来」 was counted from: the meeting under discussion, and its date."""
    from assistant.strategies.topic import topic_phrases

    when = "之后" if q.relation is Relation.AFTER else "之前"
    if ans.found:
        ans.answer = f"以下是{anchor.label}{when}召开的会议的记录。\n" + ans.answer
    else:
        matter = "、".join(topic_phrases(q)) or "这一事项"
        ans.answer = f"{anchor.label}{when}召开的会议的记录中没有找到「{matter}」。\n" + ans.answer


def _without_carried_day(q: Question, typed: str) -> Question | None:
    """``q`` without the month and day a follow-up carried over from the conversation's
    meeting while it named another year, or None when it typed the day or no year."""
    own = parse_question(normalize_text(typed))
    if q.ref.month is None or own.year is None or own.month is not None or q.ref.number:
        return None
    return replace(q, ref=replace(q.ref, month=None, day=None),
                   refs=tuple(replace(r, month=None, day=None) for r in q.refs))


def _answered_order(question: str) -> str | None:
    """「最近的那次」「前面那次」: ``latest`` or ``earliest`` of the meetings the last answer
    found (data/answered_order.tsv), else None."""
    return next((o for o, p in lexicon.answered_order().items() if p.search(question)), None)


def _meeting_date(meeting: dict) -> tuple:
    """A citation's meeting ordered by date (year first: ``date`` may lack it)."""
    return meeting["year"], meeting.get("date") or ""


def _joined(question: str, first: Answer, second: Answer) -> Answer:
    """One answer for a two-part question: each part under its own line, citations
    numbered on; found only when the records answer both (a part they do not answer
    says so in its own words)."""
    offset = len(first.citations)
    second_text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", second.answer)
    text = f"**{first.question}**\n{first.answer}\n\n**{second.question}**\n{second_text}"
    return Answer(
        question, text, first.found and second.found,
        [*first.citations, *(replace(c, n=c.n + offset) for c in second.citations)],
        list(dict.fromkeys([*first.meetings, *second.meetings])),
        sources=list(dict.fromkeys([*first.sources, *second.sources])),
        confidence=min(first.confidence, second.confidence),
        uncovered=[*first.uncovered, *second.uncovered],
        strategy=f"{first.strategy}+{second.strategy}", standalone=first.standalone,
        signals=first.signals)


# 「2023年第6次呢？」: a part that only changes what the last question was about (bm140).
_ELLIPTICAL = re.compile(r"呢[？?]$")

# 「…是谁主持的？是赖军吗」: the second part checks a guess at the first's answer, which the
# first part's answer settles (bench/answers_dev30.jsonl o019).
_CHECKS_ANSWER = re.compile(r"^(?:是|就是|是不是|难道是)[^，。？?]{1,10}(?:吗|嘛|吧)?[？?]?$")


def _only_detail_missing(ans: Answer) -> bool:
    """The answer quotes the matter and lacks only a detail (金额) or a numbered name."""
    from assistant import lexicon

    labels = {r.label for r in lexicon.detail_rules()}
    return bool(ans.citations) and bool(ans.uncovered) and all(
        u in labels or lexicon.numbered_names().fullmatch(u) for u in ans.uncovered)
