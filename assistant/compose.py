"""The extractive answer's text: quotes grouped by meeting, each cited. Pure.

Strategies decide *what* to quote and whether the records answer; this module
only lays it out, so every strategy's answer reads the same way.
"""

from __future__ import annotations

from assistant.answer_types import Answer, Quote
from assistant.citations import Citation, meeting_of


def compose(question: str, quotes: list[Quote], *, found: bool = True,
            notes: list[str] | None = None, lead: str = "",
            leads: dict[str, str] | None = None) -> Answer:
    """Lay out ``quotes`` under one heading per meeting.

    Args:
        question: The user's question.
        quotes: In priority order; within a label, sentences follow the report.
        found: Whether the records answer the question.
        notes: Lines before everything (scope: which meetings, what is missing).
        lead: A line after the notes (e.g. 「共3次会议：…」).
        leads: Per report id, a line under its heading (e.g. 「会议于2月11日召开[1]。」
            is written by the caller as plain text; its citations come from quotes).
    """
    groups: dict[str, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.sentence.doc_id, []).append(q)
    lines = list(notes or [])
    if lead:
        lines.append(lead)
    citations: list[Citation] = []
    seen: dict[tuple[str, int, int], int] = {}
    for doc_id, items in groups.items():
        md = items[0].sentence.metadata
        lines.append(f"\n**{meeting_of(md)['label']}**")
        if leads and leads.get(doc_id):
            lines.append(leads[doc_id])
        order = {q.label: i for i, q in reversed(list(enumerate(items)))}
        current = None
        for q in sorted(items, key=lambda x: (order[x.label], x.sentence.doc_start)):
            s = q.sentence
            key = s.key
            if key in seen:
                continue
            if q.label and q.label != current:
                # A blank line first: Markdown folds a line after a list item into it.
                lines.append(f"\n*{q.label}*")
            current = q.label
            c = s.cite(len(citations) + 1, q.label)
            citations.append(c)
            seen[key] = c.n
            lines.append(f"- {s.text}[{c.n}]")
    labels = [meeting_of(items[0].sentence.metadata)["label"] for items in groups.values()]
    sources = [items[0].sentence.metadata.get("source", "") for items in groups.values()]
    return Answer(question, "\n".join(lines).strip(), found, citations, labels, sources=sources)


def not_found(question: str, message: str, meetings: list[str] | None = None,
              context: list[Quote] | None = None, notes: list[str] | None = None) -> Answer:
    """A decline that says what the records do not hold, with optional context quotes."""
    if context:
        ans = compose(question, context, found=False, notes=[*(notes or []), message])
        if meetings is not None:
            ans.meetings = meetings
        return ans
    return Answer(question, "\n".join([*(notes or []), message]).strip(), False,
                  meetings=list(meetings or []))
