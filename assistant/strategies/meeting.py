"""Questions about a named meeting itself: when, who, what was on the agenda, what passed.

Each answer comes from the meeting's whole report (not a top-k cut), so an
agenda or a list of decisions is complete, and each fact is cited to the
sentence that states it. A fact the report does not state is said so
(found=False), with the meeting's opening quoted for orientation.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.answerability import thresholds
from assistant.catalog import MeetingRecord
from assistant.citations import Sentence, display_date, unique
from assistant.compose import compose, not_found
from assistant.enumeration import ITEM_WORD, best_run, run_sentences
from assistant.evidence import coverage, has_word
from assistant.query_ref import strip_references
from assistant.question import FACT_INTENTS, Intent, Question
from assistant.retriever import SearchResult
from assistant.strategies.base import (
    ASKS_WHO,
    ENUMERATION,
    MAX_SCOPED_DOCS,
    AnswerContext,
    AnswerStrategy,
    opening_sentence,
    overview,
    scope_notes,
)
from ingest.departments import find_departments

_ITEM_SECTIONS = frozenset({"审议", "听取汇报"})
# 会议指出 goes on with 要… sentences as often as 会议强调 does (「会议指出，项目投资是…。要逐项
# 分解任务…。要建立机制强统筹…实行“一周一调度”」: bench/answers_dev17.jsonl q011).
_REQUIREMENT_SECTIONS = frozenset({"指出", "强调", "要求", "讲话"})
_DATED_LABEL = re.compile(r"（\d{4}-\d{2}-\d{2}）$")  # a label's own date, shown beside it
_FACT_NAMES = {Intent.DATE: "会议日期", Intent.PLACE: "会议地点", Intent.CHAIR: "主持人",
               Intent.ATTENDEES: "出席人员", Intent.JOINT: "合并召开的会议", Intent.TITLE: "标题口号"}


def _opening(sentences: list[Sentence]) -> list[Sentence]:
    """The sentence that says who met and what they took up (else the first one)."""
    first = opening_sentence(sentences)
    return [first] if first is not None else sentences[:1]


_AGENDA_VERB_FIRST = re.compile(r"(?:回顾|总结|分析|研究|部署|听取|传达|学习|审议|通报|调度)")


def _agenda(sentences: list[Sentence]) -> list[Sentence]:
    """The opening's list of items, then each item the report takes up.

    An item is the first sentence of a 审议 / 听取汇报 section (ingest/sections.py
    finds them even in reports that lost their paragraph breaks) or any sentence
    that opens with 会议研究/审议/听取….
    """
    cue = lexicon.report_cues()["agenda"]
    items, previous = [], ""
    for i, s in enumerate(sentences[1:], 1):
        starts_item = s.section in _ITEM_SECTIONS and s.section != previous
        # 「10月14日，我县召开…第五次会议。回顾总结前三季度情况，…部署第四季度重点任务。」:
        # a bare opening is followed by what the meeting did, verb first.
        starts_item = starts_item or (i <= 2 and bool(_AGENDA_VERB_FIRST.match(s.text)))
        previous = s.section
        if re.search(r"其他事项。?$", s.text):
            continue
        if starts_item or (re.match(r"(?:会议|会上)(?:还|并|先后|同时|一并)?[，,]?", s.text)
                           and cue.search(s.text[:16])):
            items.append(s)
    return unique(_opening(sentences) + items)


def _requirements(sentences: list[Sentence]) -> list[Sentence]:
    """What the meeting required: its 强调 / 要求 / 讲话 blocks, sentence by sentence."""
    return [s for s in sentences if (s.section in _REQUIREMENT_SECTIONS
            or lexicon.report_cues()["requirement_opens"].match(s.text))
            and not _EDITORIAL_NOTE.fullmatch(s.text)]


# A sentence wholly in brackets is the editor's, not the meeting's: the shipped examples'
# 「（示例材料，内容虚构，仅供演示。）」 was quoted as something a meeting deployed (tried in
# the web chat, eleventh session).
_EDITORIAL_NOTE = re.compile(r"[（(][^（）()]*[)）][。．.]?")


# The lead's sentences that say what the meeting deployed.
_LEAD_SENTENCES = 4
_DEPLOYS = re.compile(r"部署")

# More meetings than this in one answer get one line each (the question names a year or a
# body, not a meeting).
_MAX_MEETINGS_IN_FULL = 3
# Sentences on an asked-about item beyond the agenda line that names it.
_MAX_ITEM_DISCUSSION = 3


def _within(sentences: list[Sentence], limit: int) -> list[Sentence]:
    """At most ``limit`` requirement sentences, never dropping one that opens a block:
    each 「会议强调/要求…」 starts a matter of its own (the 强降雨 block at the end of
    2025 #12 was cut by the limit: bench/answers_dev12.jsonl v044)."""
    if len(sentences) <= limit:
        return sentences
    opens = lexicon.report_cues()["requirement_opens"]
    # The heads of a numbered list (一是…七是) are items too (answers_dev12.jsonl v120).
    openers = {s.key for s in sentences if opens.match(s.text) or ENUMERATION.match(s.text)}
    room = max(0, limit - len(openers))
    kept, others = [], 0
    for s in sentences:
        if s.key in openers:
            kept.append(s)
        elif others < room:
            kept.append(s)
            others += 1
    return kept[:max(limit, len(openers))]


def _month_day(iso: str) -> tuple[int, int] | None:
    """Month and day of a stored meeting date (``2025-02-11`` or ``--10-14``)."""
    m = re.fullmatch(r"(?:\d{4}|-)-(\d{2})-(\d{2})", iso)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _date_sentence(rec: MeetingRecord, sentences: list[Sentence]) -> Sentence | None:
    md = _month_day(str(rec.metadata.get("meeting_date") or ""))
    if md is None:
        return None
    month, day = md
    pattern = re.compile(f"(?<!\\d){month}月{day}日")
    stated = [s for s in sentences if pattern.search(s.text)]
    opening = lexicon.report_cues()["opening"]
    # The sentence that dates the meeting itself (…召开/主持), not a dateline.
    return next((s for s in stated if opening.search(s.text)), stated[0] if stated else None)


_WEEKDAYS = "一二三四五六日"


def _weekday(iso: str) -> str:
    """「（星期五）」 for a full date: asked as 星期几开的 (bench/answers_dev33.jsonl ab066),
    and worked out from the date, which the report states."""
    try:
        return f"（星期{_WEEKDAYS[datetime.date.fromisoformat(iso).weekday()]}）"
    except ValueError:
        return ""


def _part_of_day(iso: str, s: Sentence) -> str:
    """「下午」 when the sentence dating the meeting says it (「1月16日下午，…召开」)."""
    md = _month_day(iso)
    if md is None:
        return ""
    said = re.search(f"(?<!\\d){md[0]}月{md[1]}日(上午|下午|晚上|晚间)", s.text)
    return said.group(1) if said else ""


def _date_order(meetings: list[MeetingRecord]) -> str:
    """「A（3月20日）在先，B（4月2日）在后，相隔13天。」 for meetings whose full dates the
    reports state; "" when fewer than two have one (an NPC report gives no year)."""
    days: dict[datetime.date, list[MeetingRecord]] = {}
    for rec in meetings:
        try:
            day = datetime.date.fromisoformat(str(rec.metadata.get("meeting_date")))
        except ValueError:
            continue
        days.setdefault(day, []).append(rec)
    if sum(len(recs) for recs in days.values()) < 2:
        return ""
    order = sorted(days.items())
    if len(order) == 1:
        return f"{'、'.join(r.label for r in order[0][1])}是同一天召开的。"
    if len(order) == 2 and all(len(recs) == 1 for _, recs in order):
        (first, [a]), (second, [b]) = order
        return f"按召开日期，{a.label}在先，{b.label}在后，相隔{(second - first).days}天。"
    parts, before = [], None
    for day, recs in order:
        names = "、".join(_DATED_LABEL.sub("", r.label) for r in recs)
        same = "（同一天）" if len(recs) > 1 else ""
        gap = f"{(day - before).days}天后，" if before else ""
        parts.append(f"{gap}{display_date(day.isoformat())}，{names}{same}")
        before = day
    return f"按召开日期：{'；'.join(parts)}。"


def _checked_day(claimed: tuple[int, int | None], rec: MeetingRecord) -> str:
    """「不是4月17日。」 or 「是的。」 before the date of a meeting asked 「是4月17号开的吧」."""
    held = rec.date_int % 10000
    month, day = claimed
    if held < 101:
        return ""
    agrees = held // 100 == month and day in (None, held % 100)
    said = f"{month}月" + (f"{day}日" if day else "")
    return "是的。" if agrees else f"不是{said}。"


def _fact_quotes(intent: Intent, rec: MeetingRecord,
                 sentences: list[Sentence]) -> tuple[str, list[Sentence]]:
    """The fact as a short statement and the sentences stating it (empty: not stated)."""
    cues = lexicon.report_cues()
    md = rec.metadata
    if intent is Intent.DATE:
        s = _date_sentence(rec, sentences)
        iso = str(md.get("meeting_date") or "")
        when = display_date(iso)
        return (f"会议于{when}{_weekday(iso)}{_part_of_day(iso, s)}召开。", [s]) \
            if s and when else ("", [])
    if intent is Intent.CHAIR:
        chair = str(md.get("meeting_chair") or "")
        stated = [s for s in sentences if cues["chair"].search(s.text)
                  and (not chair or chair in s.text)]
        # Who presided is often also who spoke: 「…出席会议并讲话」 in the opening.
        spoke = [s for s in sentences[:6] if re.search(r"并(?:作)?讲话|出席并讲话", s.text)]
        # 「赖军主持会议并讲话」 names no meeting: the sentence that opens and dates it is
        # quoted with it (bench/answers_dev58.jsonl ba016, ba076).
        opening = _date_sentence(rec, sentences) if stated else None
        opening = [opening] if opening is not None and opening not in stated[:1] else []
        return (f"会议由{chair}主持。" if chair else "", unique(opening + stated[:1] + spoke[:1]))
    if intent is Intent.ATTENDEES:
        stated = [s for s in sentences if cues["attendance"].search(s.text)]
        chair = [s for s in sentences[:4] if cues["chair"].search(s.text)]
        return ("", unique(chair[:1] + stated[-2:]))
    if intent is Intent.JOINT:
        # The title or the opening names what was held with it (…委员会议暨…会议).
        stated = [s for s in sentences[:3] if cues["joint"].search(s.text)][:1]
        with_ = re.search(r"暨([^，。；]{4,80})", stated[0].text) if stated else None
        return (f"会议与{with_.group(1)}合并召开。" if with_ else "", stated)
    if intent is Intent.TITLE:
        return _headline(md, sentences)
    stated = [s for s in sentences if cues["place"].search(s.text)]
    return ("", stated[:1])


_DATELINE = re.compile(r"(?:平潭网)?\d{1,2}月\d{1,2}日")


def _headline(md: dict, sentences: list[Sentence]) -> tuple[str, list[Sentence]]:
    """The report's headline and the slogan after it, where the page title ran into the first
    sentence (「…三季度工作会议召开坚定信心承压奋进全力冲刺以最大努力争取最好结果11月4日，…」:
    bench/answers_dev18.jsonl r134); most reports have no slogan, and say none."""
    title = str(md.get("title") or "")
    first = sentences[0] if sentences else None
    if not title or first is None or not first.text.startswith(title):
        return "", []
    rest = first.text[len(title):]
    date = _DATELINE.search(rest)
    slogan = rest[:date.start()].strip() if date else ""
    if len(slogan) < 4:
        return "", []
    return f"报道标题为「{title}」，副题「{slogan}」。", [first]


class MeetingFacts(AnswerStrategy):
    """「哪天开的」「谁主持的」「哪些人参加」「在哪开的」 about named meetings."""

    name = "meeting_facts"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        intents = [i for i in q.intents if i in FACT_INTENTS]
        # 「法院检察院来的是谁」 names departments but asks who attended: a fact.
        about_departments = q.departments and Intent.ATTENDEES not in intents
        if not intents or not result.meetings or q.list_all or about_departments:
            return None
        if q.topic and len(result.meetings) > MAX_SCOPED_DOCS:
            # 「整改方案，主任办公会和党工委会分别哪天审的」: the body's meetings that took it
            # up are searched for; the topic answer dates them (bench/answers_dev60.jsonl bc071).
            return None
        if q.departments and not any(ctx.departments_in(r.doc_id) & set(q.departments)
                                     for r in result.meetings):
            # 「25年第2次办公会公安局谁来参会了」: the meeting never names it, which the
            # department strategy says (bench/answers_dev18.jsonl r088).
            return None
        quotes: list[Quote] = []
        leads: dict[str, str] = {}
        missing: list[str] = []
        for rec in result.meetings[:thresholds().max_meetings_listed_in_note]:
            sentences = ctx.doc_sentences(rec.doc_id)
            statements = []
            for intent in intents:
                statement, stated = _fact_quotes(intent, rec, sentences)
                if intent is Intent.DATE and stated and q.claimed_day:
                    statement = _checked_day(q.claimed_day, rec) + statement
                if not stated:
                    missing.append(f"{rec.label}的报道没有写明{_FACT_NAMES[intent]}。")
                    continue
                statements.append(statement)
                quotes += [Quote(s, QuoteKind.FACT) for s in stated]
            if "".join(statements):
                leads[rec.doc_id] = "".join(statements)
        if not quotes:
            context = overview(ctx, result.meetings, "会议概况")
            return not_found(q.raw, " ".join(missing), [r.label for r in result.meetings],
                             context)
        notes = scope_notes(q, result, {x.sentence.doc_id for x in quotes})
        shown = result.meetings[:thresholds().max_meetings_listed_in_note]
        order = _date_order(shown) if q.compares_dates else ""
        ans = compose(q.raw, quotes, notes=notes + missing, leads=leads, lead=order)
        ans.uncovered = [m for m in missing]
        ans.confidence = 0.95 if not missing else 0.6
        return ans


class MeetingDepartments(AnswerStrategy):
    """「这次会提到了哪些部门」: every department the named meeting names, each cited."""

    name = "meeting_departments"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if not q.has(Intent.DEPARTMENTS) or not result.meetings or q.list_all:
            return None
        quotes: list[Quote] = []
        leads: dict[str, str] = {}
        off_topic = 0
        for rec in result.meetings[:thresholds().max_meetings_listed_in_note]:
            sentences = ctx.doc_sentences(rec.doc_id)
            if q.seen_topic and coverage(q, "".join(s.text for s in sentences)) < \
                    thresholds().topic_lexical_found:
                # 「第二十四次会议开专题询问时，哪几个部门应询」: the departments of a matter
                # the meeting never took up (it was the 25th's) are no answer; the topic
                # strategy says what it did cover (bench/answers_dev56.jsonl ay112).
                off_topic += 1
                continue
            first: dict[str, Sentence] = {}
            for s in sentences:
                for d in find_departments(s.text):
                    if not d.collective and d.name not in lexicon.convening_bodies():
                        first.setdefault(d.name, s)
            if q.departments and not set(q.departments) & set(first):
                continue  # 「县农业农村局呢？」: not among them, which DepartmentRequirements says
            if first:
                leads[rec.doc_id] = "提到的部门：" + "、".join(first) + "。"
                quotes += [Quote(s, QuoteKind.MENTION) for s in unique(list(first.values()))]
        if not quotes and (q.departments or off_topic):
            return None
        if not quotes:
            # 「没有点名」 is the answer to 「提到了哪些部门」, with what the meeting took up.
            context = overview(ctx, result.meetings, "会议概况")
            ans = not_found(q.raw, "、".join(r.label for r in result.meetings[:5])
                            + "的报道没有点名具体部门。", [r.label for r in result.meetings],
                            context)
            ans.found, ans.confidence = bool(context), 0.6
            return ans
        ans = compose(q.raw, quotes, notes=scope_notes(q, result, set(leads)), leads=leads)
        ans.confidence = 0.9
        return ans


def _leave_out(q: Question, sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` without those about ``q.excluded``, nor the 要-sentences that go on
    with such a charge in the same section (「…守好守牢安全生产底线。要筑牢防线…」)."""
    out, skipping, section = [], False, None
    for s in sentences:
        about = any(has_word(q, w, s.text) for w in q.excluded) and not _one_of_several(q, s.text)
        if about or (skipping and s.section == section and s.text.startswith("要")):
            skipping, section = True, s.section
            continue
        skipping = False
        out.append(s)
    return out


def _one_of_several(q: Question, text: str) -> bool:
    """「研究经济运行、中央及省级生态环保督察反馈问题整改有关工作」: the matter left out is one
    item of an enumeration, and the sentence names the others too (bench/answers_dev73.jsonl
    bp017)."""
    for clause in re.split(r"[，,。；;：:]", text):
        if "、" in clause and any(has_word(q, w, clause) for w in q.excluded):
            return True
    return False


def _reviewed_only(q: Question, sentences: list[Sentence], approved: list[Sentence],
                   cues) -> list[Sentence]:
    t = thresholds()
    out = [s for s in sentences if cues["reviewed"].search(s.text)
           and not cues["decision"].search(s.text) and s not in approved]
    if q.seen_topic:
        out = [s for s in out if coverage(q, s.text) >= t.topic_lexical_found]
    return out[:2]


_ASKS_WHICH_ONE = re.compile(r"哪次|哪一次|哪个会|哪场")


class MeetingAgenda(AnswerStrategy):
    """「都研究了啥」「拍板了哪些事」「原则同意了什么」: the named meeting's items, complete.

    Decisions are the sentences that approve something (审议通过, 原则同意 …);
    the agenda is the opening's list plus every 会议研究/审议/听取… sentence.
    A topic in the question narrows either list to the items on that topic.
    """

    name = "meeting_agenda"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        decisions = q.has(Intent.DECISIONS)
        wants = decisions or q.has(Intent.AGENDA) or (
            q.intent in (Intent.TOPIC, Intent.REQUIREMENTS) and not q.topic)
        if not wants or not result.meetings or q.list_all or q.departments:
            return None
        ref = q.ref
        if q.seen_topic and ref.number is None and ref.month is None and ref.year is None \
                and not (ref.latest or ref.earliest) and len(result.meetings) > 1 \
                and _ASKS_WHICH_ONE.search(q.text):
            # 「后来人大常委会也讲过地下水吧？是哪次，说了啥」: which of a body's meetings took up
            # the matter, a topic lookup, not every sitting's items (bench/answers_dev87.jsonl
            # cd011).
            return None
        cues = lexicon.report_cues()
        t = thresholds()
        quotes: list[Quote] = []
        empty: list[MeetingRecord] = []
        many = len(result.meetings) > _MAX_MEETINGS_IN_FULL
        for rec in result.meetings[:t.max_meetings_listed_in_note]:
            sentences = ctx.doc_sentences(rec.doc_id)
            if decisions:
                chosen = [s for s in sentences if cues["decision"].search(s.text)]
                kind = QuoteKind.DECISION
            elif q.intent is Intent.REQUIREMENTS:
                chosen = _requirements(sentences)
                if not q.seen_topic:
                    # 「部署的是哪一年的工作」: the lead says what was deployed (「…总结2025年
                    # 实验区经济工作，…部署2026年经济工作」), the 强调/要求 blocks how
                    # (bench/answers_dev17.jsonl q060, answers_dev19.jsonl s142).
                    chosen = [s for s in sentences[:_LEAD_SENTENCES] if s.section == "导语"
                              and _DEPLOYS.search(s.text)][:1] + chosen
                kind = QuoteKind.TOPIC
            else:
                chosen = _agenda(sentences)
                kind = QuoteKind.AGENDA
            # 「全面振兴新突破三年行动指挥部第五次会议研究了啥」: words of the meeting's own
            # name say which meeting, not which of its items.
            # (「盘山县行动指挥部第五次会议部署了啥重点任务」: 行动 names the meeting, 重点 the items.)
            # Nor do the words naming whose meeting it is (全国人大 of 「全国人大关于…的决议决定了
            # 什么」, data/issuers.txt: bench/answers_dev54.jsonl aw123), unless a detail is asked
            # that the items do not give: 「…决议批准的是谁作的报告」 is the sentence naming 国务院
            # 总理李强 (answers_dev20.jsonl t038, answers_dev22.jsonl w114), and so is who did it.
            issuers = () if q.details or ASKS_WHO.search(q.text) else lexicon.issuers()
            about = replace(q, topic={w: v for w, v in q.topic.items() if w not in rec.title
                                      and not any(w in i for i in issuers)})

            def on_topic(s: Sentence, about=about) -> bool:
                return (coverage(about, s.text) >= t.topic_lexical_found
                        and has_word(about, about.anchor, s.text))

            if about.seen_topic:
                # A topic narrows the list to its items; none on topic → the topic
                # strategy decides (and says what this meeting did cover).
                chosen = [s for s in chosen if on_topic(s)]
                if chosen:
                    # The item's discussion says what it was (「针对群众反映的建筑垃圾治理、
                    # 停车不便利等民生热点问题…」: bench/answers_dev12.jsonl v090).
                    have = {s.key for s in chosen}
                    chosen += [s for s in sentences if s.key not in have and on_topic(s)
                               ][:_MAX_ITEM_DISCUSSION]
            if q.excluded:
                # 「除了安全生产，还有别的要求吗」: what the user has read is left out.
                chosen = _leave_out(q, chosen)
            if chosen and not decisions and q.has(Intent.REQUIREMENTS) and not many and \
                    lexicon.items_asked().search(strip_references(q.text)):
                # 「部署了哪几项重点任务」: every item of the list the meeting deployed, which
                # repeats 要 without numbers (bench/answers_dev53.jsonl av099). Only where an
                # agenda item is on the topic: else the topic strategy finds the numbered list
                # (「突出把握七项重点任务。一是提消费。…」, answers_dev.jsonl b025).
                texts = [s.text for s in sentences]
                listed = best_run(about, texts, ITEM_WORD)
                if listed is not None and listed[0][0]:
                    picked = run_sentences(listed[1], texts, ITEM_WORD)
                    if len(chosen) + len(picked) > t.max_agenda_quotes:
                        picked = list(listed[1].items)  # The heads, when all would not fit.
                    # What was chosen stays: 「突出把握七项重点任务」 says the count (answers_dev
                    # b025).
                    chosen = chosen + [sentences[i] for i in picked]
            chosen = _within(unique(chosen), t.max_agenda_quotes)
            if not chosen:
                empty.append(rec)
            if many:
                # 「2026年那次具体咋说的」 names a year's 16 meetings: each one's opening line
                # (who met, what they took up) says what it did; every item of every one
                # was 53 quotes (bench/answers_dev13.jsonl w015).
                chosen = chosen[:1]
            quotes += [Quote(s, kind) for s in chosen]
            if kind is QuoteKind.AGENDA and len(chosen) == 1 and not about.seen_topic and not many:
                # An agenda that is one line (「研究近期经济运行情况、重点项目建设、招商
                # 引资等重点工作」) is answered with what the meeting settled on those
                # items, its 强调/要求 block (bench/answers_dev7.jsonl m024).
                quotes += [Quote(s, QuoteKind.AGENDA, "会议研究和部署的事项")
                           for s in _within(_requirements(sentences), t.max_agenda_quotes - 1)]
            if decisions and chosen:
                # What the meeting only reviewed is part of the answer too, told apart:
                # 「原则通过了哪些报告」 → five reports passed, the plan and budget only 审议.
                quotes += [Quote(s, QuoteKind.AGENDA, "只写明审议，未写明通过")
                           for s in _reviewed_only(q, sentences, chosen, cues)]
        if q.seen_topic and not quotes:
            return None
        if decisions and empty and lexicon.documents_asked().search(q.text) and not any(
                cues["reviewed"].search(s.text) for r in empty for s in ctx.doc_sentences(r.doc_id)):
            # 「审议通过了哪些文件」 of a meeting that passed none: none is recorded, said so
            # with what the meeting did take up (bench/answers_dev8.jsonl n107).
            none_passed = "、".join(r.label for r in empty[:5]) + "的报道中没有审议通过文件的记载。"
            if not quotes:
                return not_found(q.raw, none_passed, [r.label for r in result.meetings],
                                 overview(ctx, empty, "会议概况"))
            # Other meetings of the question did pass documents.
            ans = compose(q.raw, quotes, notes=scope_notes(
                q, result, {x.sentence.doc_id for x in quotes}) + [none_passed])
            ans.confidence = 0.8
            return ans
        if decisions and empty and not q.seen_topic:
            # Nothing approved in so many words: what the meeting settled is then its
            # agenda and its requirements, said as such (「拍板了哪些事」 still gets an answer).
            # Not when a topic was asked (「哪次主任办公会审议通过了地下水资源保护规划」): the
            # other meetings simply did not take it up, and their agendas were 80 quotes
            # (bench/questions_holdout.jsonl h030, answers_dev.jsonl d117).
            for rec in empty:
                sentences = ctx.doc_sentences(rec.doc_id)
                settled = _agenda(sentences) + _requirements(sentences)
                settled = unique(settled)[:1 if many else t.max_agenda_quotes]
                quotes += [Quote(s, QuoteKind.AGENDA, "会议研究和部署的事项") for s in settled]
        if not quotes:
            context = overview(ctx, empty, "会议概况")
            return not_found(q.raw, "、".join(r.label for r in empty[:5])
                             + "的报道中没有相关议题的记载。", [r.label for r in result.meetings],
                             context)
        notes = scope_notes(q, result, {x.sentence.doc_id for x in quotes})
        if q.excluded:
            notes.append(f"以下是「{q.excluded_phrase}」以外的内容。")
        if empty and decisions:
            notes.append("、".join(r.label for r in empty[:5])
                         + "的报道中没有「审议通过」「原则同意」文件的记载；以下是会议研究和部署的事项。")
        ans = compose(q.raw, quotes, notes=notes)
        ans.confidence = 0.9
        return ans
