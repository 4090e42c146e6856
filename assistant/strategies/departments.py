"""「某会议对某部门提出了什么要求」: explicit requirements first, then labelled context.

Read from the requirement records extracted at ingest (ingest/departments.py):
who was asked (or only heard) what, sentence by sentence.
"""

from __future__ import annotations

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.citations import sentence_at
from assistant.compose import compose, not_found
from assistant.evidence import has_word
from assistant.question import Intent, Question
from assistant.retriever import SearchResult
from assistant.strategies.base import AnswerContext, AnswerStrategy, scope_notes
from ingest.departments import find_departments

_MAX_GENERAL_PER_MEETING = 3
# Beyond this many matching meetings, those that never mention the department
# are summarised in one line instead of one note each.
_MAX_NOTES = 3
_PRIORITY = {QuoteKind.REQUIRED: 0, QuoteKind.REPORTED: 1, QuoteKind.ALL_DEPARTMENTS: 2}


def _continuation(ctx: AnswerContext, s) -> list:
    """The sentence that carries a requirement on without naming anyone again.

    「各片区局主要负责同志要亲自抓，…。扎实做好档案管理，…。」: the second sentence is
    still addressed to 各片区局. Taken when it stands in the same section, names no
    department and does not open a new point of the meeting (会议…/会上…).
    """
    end = s.doc_start + len(s.text)
    nxt = next((d for d in ctx.doc_sentences(s.doc_id) if d.doc_start >= end), None)
    if (nxt is None or nxt.doc_start - end > 2 or (s.section and nxt.section != s.section)
            or nxt.text.startswith(("会议", "会上")) or find_departments(nxt.text)):
        return []
    return [nxt]


_ADDRESSED_SECTIONS = frozenset({"强调", "要求", "指出"})


def _charges(text: str, dept: str) -> bool:
    """A 要-sentence that names the department after its 要 charges it with something."""
    at = next((d.start for d in find_departments(text) if d.name == dept), -1)
    return at > 0 and "要" in text[:at] and "汇报" not in text


def section_addressed(ctx: AnswerContext, doc_id: str, dept: str) -> list:
    """Requirements a section addresses to the department its opening sentence names.

    「会议强调，过去一年，实验区人民法院和实验区人民检察院党组……值得肯定。新的一年，要坚持
    党的领导……。要坚持从严治警……。」: the 要-sentences after it name no one, and are
    the court's and the procuratorate's charge (bench/answers_dev.jsonl d060, dev4 g037).
    Followed to the end of the section or to a sentence naming another department.
    """
    doc = ctx.doc_sentences(doc_id)
    out: list = []
    for i, s in enumerate(doc):
        opens = i == 0 or doc[i - 1].section != s.section
        if not opens or s.section not in _ADDRESSED_SECTIONS or "要" in s.text or not any(
                d.name == dept for d in find_departments(s.text)):
            continue
        for nxt in doc[i + 1:]:
            if nxt.section != s.section or find_departments(nxt.text):
                break
            if "要" in nxt.text:
                out.append(nxt)
    return out


def requirement_quotes(ctx: AnswerContext, rec, reqs: list[dict], kind: QuoteKind,
                       label: str) -> list[Quote]:
    """The cited sentences of some requirement records of one report."""
    out, seen = [], set()
    for r in reqs:
        if (r["start"], r["end"]) in seen:
            continue
        seen.add((r["start"], r["end"]))
        s = sentence_at(ctx.passages, rec.doc_id, r["start"], r["end"])
        if s is None:
            continue
        out.append(Quote(s, kind, label))
        if kind is QuoteKind.REQUIRED:
            for nxt in _continuation(ctx, s):
                if (nxt.doc_start, nxt.doc_start + len(nxt.text)) not in seen:
                    seen.add((nxt.doc_start, nxt.doc_start + len(nxt.text)))
                    out.append(Quote(nxt, kind, label))
    return out


# Sentences quoted for a department's area at a meeting that never names it.
_MAX_AREA_QUOTES = 4


def _asked_matter(q: Question, result: SearchResult) -> list[str]:
    """The topic words asked about, less those of the named meeting's title, which name it
    (全面振兴 of 全面振兴…指挥部第五次会议)."""
    return [w for w in q.seen_topic if not any(w in r.title for r in result.meetings)]


def _area_charges(q: Question, result: SearchResult, ctx: AnswerContext
                  ) -> tuple[list[Quote], list[str]]:
    """「2026年第15次主任办公会对财政局有啥要求」 where the report never names 财政局 but
    charges its area (「要持续培育财源，加强财政资金管理」): those charges, and the area words
    they hold (data/department_areas.tsv; bench/answers_dev31.jsonl z015). With a topic asked
    (「对财政局抓收入和编预算咋要求的」) the charges must hold it."""
    areas, charge = lexicon.department_areas(), lexicon.report_cues()["charge"]
    words = [w for d in q.departments for w in areas.get(d, ())]
    if not words or len(q.departments) > 1:
        return [], []
    matter = _asked_matter(q, result)
    picked: list[Quote] = []
    held: list[str] = []
    for rec in result.meetings:
        charges = []
        for s in ctx.doc_sentences(rec.doc_id):
            area = [w for w in words if w in s.text]
            if not area or not charge.search(s.text):
                continue
            if matter and not any(has_word(q, w, s.text) for w in matter):
                continue
            charges.append(s)
            held += [w for w in area if w not in held]
        picked += [Quote(s, QuoteKind.CONTEXT, f"涉及{q.departments[0]}职责的要求")
                   for s in charges[:_MAX_AREA_QUOTES]]
    return picked, held


# Sentences naming a department that reported, besides its report (the questions it
# answered, what it was told to do next): enough for the 专题询问 of bench/answers_dev13.jsonl.
_MAX_MORE_MENTIONS = 2


class DepartmentRequirements(AnswerStrategy):
    """Requirements addressed to the departments a question names.

    Order: requirements to the department by name; what it only reported; then,
    labelled, requirements the meeting addressed to all departments. A named
    meeting that never mentions the department is said so and is not "found"
    (its general requirements are shown as context).
    """

    name = "department_requirements"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        if not q.departments or q.list_all:
            return None
        depts = q.departments
        scoped = bool(result.meetings)
        records = result.meetings or ctx.catalog.records()

        def mentions(rec) -> bool:
            return any(r["addressee"] in depts for r in rec.requirements) or bool(
                ctx.departments_in(rec.doc_id) & set(depts))

        mentioning = [r for r in records if mentions(r)]
        if not mentioning:
            where = "、".join(r.label for r in result.meetings[:5]) or "已收录的会议记录"
            if len(result.meetings) > 5:
                where += f"等{len(result.meetings)}次会议"
            context: list[Quote] = []
            area, held = (_area_charges(q, result, ctx) if scoped
                          and len(result.meetings) <= _MAX_NOTES else ([], []))
            if area:
                # The bureau is not named, so the records do not say what it was asked
                # (issue 6: 「department never named at that meeting」 is unanswerable);
                # the charges in its area are what the staff member reads next.
                context = area
                ans = not_found(q.raw, f"{where}中没有点名{'、'.join(depts)}，也没有对其单独提出"
                                f"要求；以下是会上涉及其职责（{'、'.join(held[:4])}）的要求，供参考。",
                                [r.label for r in result.meetings], context)
                ans.uncovered = list(depts)
                ans.strategy = self.name
                return ans
            if scoped and len(result.meetings) <= _MAX_NOTES:
                for rec in result.meetings:
                    general = [r for r in rec.requirements if r["kind"] == "all"]
                    context += requirement_quotes(ctx, rec, general[:_MAX_GENERAL_PER_MEETING],
                                                  QuoteKind.ALL_DEPARTMENTS,
                                                  "面向各部门的要求（也适用于该部门）")
            ans = not_found(q.raw, f"{where}中没有提到{'、'.join(depts)}，也没有对其提出要求。",
                            [r.label for r in result.meetings], context)
            ans.uncovered = list(depts)
            ans.strategy = self.name
            return ans
        silent = [r for r in result.meetings if r not in mentioning]
        notes: list[str] = []
        if silent and len(result.meetings) > _MAX_NOTES:
            notes.append(f"其余{len(silent)}次会议没有提到{'、'.join(depts)}。")
            records = mentioning
        per_meeting: list[list[Quote]] = []
        uncovered: list[str] = []
        attendance = lexicon.report_cues()["attendance"]
        attending: set = set()
        for rec in records:
            picked: list[Quote] = []
            per_meeting.append(picked)
            reqs = rec.requirements
            if not scoped and not any(r["addressee"] in depts for r in reqs):
                continue  # not tied to a meeting: only meetings that address the department
            # One section may address several of the departments asked about at once.
            by_dept = {dept: section_addressed(ctx, rec.doc_id, dept) for dept in depts}
            addressed: dict[int, list[str]] = {}
            for dept, sentences in by_dept.items():
                for x in sentences:
                    addressed.setdefault(x.doc_start, []).append(dept)
            for dept in depts:
                required = [r for r in reqs if r["addressee"] == dept and r["kind"] == "required"]
                reported = [r for r in reqs if r["addressee"] == dept and r["kind"] == "reported"]
                picked += requirement_quotes(ctx, rec, required, QuoteKind.REQUIRED,
                                             f"对{dept}的要求")
                have = {(x.sentence.doc_start, len(x.sentence.text)) for x in picked}
                carried = [Quote(x, QuoteKind.REQUIRED,
                                 f"对{'、'.join(addressed[x.doc_start])}的要求")
                           for x in by_dept[dept] if (x.doc_start, len(x.text)) not in have]
                picked += carried
                required = required or carried
                picked += requirement_quotes(
                    ctx, rec, reported, QuoteKind.REPORTED,
                    f"{dept}的汇报" if required else f"{dept}只作了汇报（会议未对其单独提要求）")
                if reported and not required:
                    # It reported, and the report says more of it: 「区旅文局…等应询部门负责人
                    # 逐一回答询问」 (bench/answers_dev13.jsonl w135: what it was asked).
                    shown = [x.sentence for x in picked if x.sentence.doc_id == rec.doc_id]
                    picked += [Quote(s, QuoteKind.MENTION, f"提到{dept}的内容")
                               for s in ctx.doc_sentences(rec.doc_id)
                               if any(d.name == dept for d in find_departments(s.text))
                               and not any(s.text in x.text or x.text in s.text for x in shown)
                               ][:_MAX_MORE_MENTIONS]
                if required or not scoped:
                    continue
                if rec not in mentioning:
                    notes.append(f"{rec.label}没有提到{dept}。")
                    uncovered.append(dept)
                elif not reported:
                    mention = [s for s in ctx.doc_sentences(rec.doc_id)
                               if any(d.name == dept for d in find_departments(s.text))][:3]
                    # 「要持续提升国有企业运营水平」: a charge about the department, though it
                    # is not its subject (bench/answers_dev5.jsonl h099).
                    charged = [s for s in mention if _charges(s.text, dept)]
                    # 「…实验区人民法院院长董宇…参加会议」: its head attended, and the answer
                    # says that this is all the meeting says of it (bench/answers_dev8.jsonl n138).
                    if not q.has(Intent.ATTENDEES):  # 「检察院是谁参会的」 asks just that
                        attending.update(s.key for s in mention if s not in charged
                                         and attendance.search(s.text))
                    picked += [Quote(s, QuoteKind.REQUIRED if s in charged else QuoteKind.MENTION,
                                     f"对{dept}的要求" if s in charged else f"提到{dept}的内容")
                               for s in mention]
                    if mention and all(s.key in attending for s in mention):
                        notes.append(f"{rec.label}只在参会人员中提到{dept}，没有对其提出要求。")
                    elif not charged:
                        notes.append(f"{rec.label}提到了{dept}，但没有对其单独提出要求。")
                general = [r for r in reqs if r["kind"] == "all"][:_MAX_GENERAL_PER_MEETING]
                picked += requirement_quotes(ctx, rec, general, QuoteKind.ALL_DEPARTMENTS,
                                             "面向各部门的要求（也适用于该部门）")
        per_meeting.sort(key=lambda items: min((_PRIORITY.get(x.kind, 1) for x in items),
                                               default=3))
        picked = [item for items in per_meeting for item in items]
        if not picked:
            return None
        matter = _asked_matter(q, result)
        reports = {x.sentence.doc_id for x in picked}
        if matter and not any(has_word(q, w, d.text) for doc_id in reports
                              for d in ctx.doc_sentences(doc_id) for w in matter):
            # 「（关工委那次）对安全生产有什么部署」: the department only points at the meeting;
            # what is asked is a topic its report never mentions (bench/answers_dev22.jsonl
            # v118), which the topic strategy weighs. (A report that does discuss it answers:
            # 「土地承包…那个事，对片区局有啥要求」, answers_dev13.jsonl w138.)
            return None
        # A mention among the attendees still counts: declining those (bench/answers_dev8.jsonl
        # n138) cost an answerable held-out question (holdout5, BENCHMARKS.md "Fourth session").
        explicit = any(x.kind in (QuoteKind.REQUIRED, QuoteKind.MENTION) for x in picked)
        if not any(x.kind is QuoteKind.REQUIRED for x in picked):
            notes.append(f"记录中没有对{'、'.join(depts)}单独提出的要求；以下是相关内容。")
        ans = compose(q.raw, picked,
                      notes=scope_notes(q, result, {x.sentence.doc_id for x in picked}) + notes)
        reported_only = not explicit and any(x.kind is QuoteKind.REPORTED for x in picked)
        ans.found = explicit or reported_only
        ans.uncovered = list(dict.fromkeys(uncovered))
        ans.confidence = 0.9 if explicit else 0.6
        return ans
