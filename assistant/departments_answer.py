"""「某会议对某部门提出了什么要求」: explicit requirements first, then labelled context."""

from __future__ import annotations

from assistant.citations import Sentence, sentence_at
from assistant.retriever import SearchResult

_MAX_GENERAL_PER_MEETING = 3


def answer_departments(answerer, question: str, result: SearchResult):
    """Answer a question naming departments from the extracted requirement records.

    Returns None when the records hold nothing about the department in the
    meetings concerned and the question is not tied to a meeting (the general
    answerer then decides).
    """
    from assistant.answer import Answer

    svc = answerer.service
    records = result.meetings or svc.catalog.records()
    depts = result.departments
    picked: list[tuple[Sentence, str]] = []
    notes: list[str] = []
    mentioned_anywhere = False
    for rec in records:
        reqs = rec.requirements
        named = [r for r in reqs if r["addressee"] in depts]
        mentioned = bool(named) or any(d in svc.catalog.text(rec.doc_id) for d in depts)
        mentioned_anywhere |= mentioned
        if not result.meetings and not named:
            continue  # not tied to a meeting: only meetings that address the department
        for dept in depts:
            required = [r for r in reqs if r["addressee"] == dept and r["kind"] == "required"]
            reported = [r for r in reqs if r["addressee"] == dept and r["kind"] == "reported"]
            general = [r for r in reqs if r["kind"] == "all"][:_MAX_GENERAL_PER_MEETING]
            picked += _sentences(svc, rec, required, f"对{dept}的要求")
            picked += _sentences(svc, rec, reported, f"{dept}作了汇报（会议未对其单独提要求）")
            if not required:
                if result.meetings:
                    if dept not in svc.catalog.text(rec.doc_id):
                        notes.append(f"{rec.label}没有提到{dept}。")
                    elif not reported:
                        notes.append(f"{rec.label}提到了{dept}，但没有对其单独提出要求。")
                picked += _sentences(svc, rec, general, "面向各部门的要求（也适用于该部门）")
    if not picked:
        if not mentioned_anywhere:
            where = "、".join(r.label for r in result.meetings) or "已收录的会议记录"
            return Answer(question, f"{where}中没有提到{'、'.join(depts)}，也没有对其提出的要求。",
                          False, meetings=[r.label for r in result.meetings])
        return None
    explicit = any(label.startswith("对") for _, label in picked)
    lead = " ".join(notes)
    if not explicit:
        lead = (lead + " " if lead else "") + f"记录中没有对{'、'.join(depts)}单独提出的要求；以下是相关内容。"
    return answerer.compose(question, result, picked, lead=lead.strip())


def _sentences(svc, rec, reqs: list[dict], label: str) -> list[tuple[Sentence, str]]:
    out = []
    seen = set()
    for r in reqs:
        if (r["start"], r["end"]) in seen:
            continue
        seen.add((r["start"], r["end"]))
        s = sentence_at(svc.passages, rec.doc_id, r["start"], r["end"])
        if s is not None:
            out.append((s, label))
    return out

