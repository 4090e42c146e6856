"""「某会议对某部门提出了什么要求」: explicit requirements first, then labelled context."""

from __future__ import annotations

from assistant.citations import Sentence, sentence_at
from assistant.retriever import SearchResult

_MAX_GENERAL_PER_MEETING = 3
# Beyond this many matching meetings, those that never mention the department
# are summarised in one line instead of one note each.
_MAX_NOTES = 3


def answer_departments(answerer, question: str, result: SearchResult):
    """Answer a question naming departments from the extracted requirement records.

    Order: requirements addressed to the department by name; what it only
    reported; then, labelled, requirements the meeting addressed to all
    departments. Meetings that do not mention the department are said so.

    Returns:
        An Answer, or None when the question is not tied to a meeting and the
        department is mentioned without any requirement record (the general
        answerer then decides).
    """
    from assistant.answer import Answer

    svc = answerer.service
    depts = result.departments
    scoped = bool(result.meetings)
    records = result.meetings or svc.catalog.records()

    def mentions(rec) -> bool:
        text = svc.catalog.text(rec.doc_id)
        return any(r["addressee"] in depts for r in rec.requirements) or any(
            d in text for d in depts)

    mentioning = [r for r in records if mentions(r)]
    # A question about one named meeting still gets that meeting's requirements to
    # all departments (labelled); across many meetings, silence means "not found".
    specific = scoped and len(result.meetings) <= _MAX_NOTES
    if not mentioning and not specific:
        where = "、".join(r.label for r in result.meetings[:5]) or "已收录的会议记录"
        if len(result.meetings) > 5:
            where += f"等{len(result.meetings)}次会议"
        return Answer(question, f"{where}中没有提到{'、'.join(depts)}，也没有对其提出要求。",
                      False, meetings=[r.label for r in result.meetings])
    silent = [r for r in result.meetings if r not in mentioning]
    notes: list[str] = []
    if silent and len(result.meetings) > _MAX_NOTES:
        notes.append(f"其余{len(silent)}次会议没有提到{'、'.join(depts)}。")
        records = mentioning
    per_meeting: list[list[tuple[Sentence, str]]] = []
    for rec in records:
        picked: list[tuple[Sentence, str]] = []
        per_meeting.append(picked)
        reqs = rec.requirements
        if not scoped and not any(r["addressee"] in depts for r in reqs):
            continue  # not tied to a meeting: only meetings that address the department
        for dept in depts:
            required = [r for r in reqs if r["addressee"] == dept and r["kind"] == "required"]
            reported = [r for r in reqs if r["addressee"] == dept and r["kind"] == "reported"]
            picked += _sentences(svc, rec, required, f"对{dept}的要求")
            picked += _sentences(svc, rec, reported, f"{dept}的汇报" if required
                                 else f"{dept}只作了汇报（会议未对其单独提要求）")
            if required or not scoped:
                continue
            if rec not in mentioning:
                notes.append(f"{rec.label}没有提到{dept}。")
            elif not reported:
                notes.append(f"{rec.label}提到了{dept}，但没有对其单独提出要求。")
            general = [r for r in reqs if r["kind"] == "all"][:_MAX_GENERAL_PER_MEETING]
            picked += _sentences(svc, rec, general, "面向各部门的要求（也适用于该部门）")
    # Meetings that address the department by name come first, then those where
    # it only reported, then those with only general requirements.
    per_meeting.sort(key=lambda items: min((_priority(label) for _, label in items), default=3))
    picked = [item for items in per_meeting for item in items]
    if not picked:
        return None
    lead = " ".join(notes)
    if not any(label.startswith("对") for _, label in picked):
        lead += f" 记录中没有对{'、'.join(depts)}单独提出的要求；以下是相关内容。"
    return answerer.compose(question, result, picked, lead=lead.strip())


def _priority(label: str) -> int:
    if label.startswith("对"):
        return 0
    return 1 if "汇报" in label else 2


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
