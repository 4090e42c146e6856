"""Recover the structure of a meeting report, even when it is a single paragraph.

A county meeting report follows a fixed rhetorical order: an opening (who met,
when, what was on the agenda), then blocks introduced by 会议指出 / 会议强调 /
会议要求 / 会议听取 …, or by a leader's name (赖军强调，…), and finally the list
of attendees. The Pingtan reports lost their paragraph breaks, so the blocks
are found from markers at sentence starts (and after ``；``, where an NPC
report chains 会议审议…；会议听取…), never from line breaks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.sentences import split_sentences

LABELS = ("导语", "指出", "强调", "要求", "听取汇报", "审议", "讲话", "会议还", "其他")

_ADV = r"(?:还|并|同时|再次|进一步|特别|最后|首先|先后|随后|一致|也)?"
_NOT_AFTER_HAI = r"(?!指出|认为|强调|要求|提出|明确|听取|通报)"

# Order matters: 会议还 is only its own block when it is not 会议还强调 etc.,
# and 会议肯定…强调 / 会议传达…要求 must win over the generic 其他 rule.
_MEETING_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"会议还" + _NOT_AFTER_HAI), "会议还"),
    (re.compile(r"会议" + _ADV + r"(?:指出|认为)|(?:大家|与会人员|与会同志)一致认为"), "指出"),
    (re.compile(r"会议" + _ADV + r"强调|会议(?:充分)?肯定[^。！？]*?[，,]并?强调"), "强调"),
    (re.compile(r"会议" + _ADV + r"(?:要求|提出|明确)|会议传达[^。！？]*?[，,]并?要求"), "要求"),
    (re.compile(r"会议" + _ADV + r"(?:听取|通报)|会上[，,]?(?=[^。！？]*(?:汇报|通报|报告))"),
     "听取汇报"),
    (re.compile(r"会议" + _ADV + r"(?:审议|研究|讨论|审定|表决|原则通过|通过)"), "审议"),
    (re.compile(r"会议" + _ADV + r"(?:传达|学习|宣读)"), "其他"),
]
# After ``；`` the subject is usually dropped: 会议审议了…；听取了…的报告；审议…
_CHAINED = re.compile(r"(?:会议)?(?:还)?(?:(?P<h>(?:书面)?听取|通报)|(?P<r>审议|研究|表决))")

# A leader speaking: 赖军强调， / 黄建波在讲话中指出， / 县长张三在总结讲话中要求，
_SPEAKER = re.compile(
    r"(?P<who>[\u4e00-\u9fff]{2,4}?)(?:同志)?(?P<ctx>在(?:会上|讲话|总结讲话|点评)中?)?"
    r"(?P<verb>指出|强调|要求|表示|提出)[，,：:]"
    r"|(?P<who2>[\u4e00-\u9fff、]{2,16}?)在(?:总结)?讲话中(?P<verb2>指出|强调|要求|表示)"
)
_NOT_SPEAKERS = {"会议", "大家", "会上", "全会", "文件", "报告", "通知", "方案", "讲话", "同时", "其中"}

# The closing roll of attendees; its names and bureaus are not addressees.
_ATTENDANCE = re.compile(
    r"(?:参加|出席|列席)了?(?:会议|本次会议)?[。！]?$|设分会场|收听收看|在主会场参加"
)


@dataclass(frozen=True)
class Section:
    """A contiguous block of a report.

    Attributes:
        start: Offset of the block's first character in the text.
        end: Offset just past the block (the next block's ``start``).
        label: One of :data:`LABELS`.
    """

    start: int
    end: int
    label: str


def find_sections(text: str) -> list[Section]:
    """Split a normalised report into labelled, contiguous sections.

    Args:
        text: Normalised report text (title line included or not).

    Returns:
        Sections covering ``text`` from 0 to ``len(text)`` without gaps, in
        order; the first is 导语 unless the text opens with a marker. Empty
        text gives an empty list.
    """
    if not text:
        return []
    marks: list[tuple[int, str]] = []
    seen_marker = False
    for s, e in split_sentences(text):
        label = _sentence_label(text, s, e)
        if label is None and seen_marker and _ATTENDANCE.search(text, s, e):
            label = "其他"
        if label is not None:
            seen_marker = True
            marks.append((s, label))
        # An NPC report chains items in one sentence: 会议审议了…；听取了…; the
        # opening's agenda list (…；听取…；审议…) stays in the opening.
        for m in re.finditer("；", text[s:e]) if seen_marker else ():
            p = s + m.end()
            sub = _meeting_label(text, p, e) or _chained_label(text, p, e)
            if sub is not None:
                seen_marker = True
                marks.append((p, sub))
    if not marks:
        marks = _fallback_marks(text)
    return _to_sections(text, marks)


def section_at(sections: list[Section], pos: int) -> str:
    """Return the label of the section containing ``pos``.

    Args:
        sections: Output of :func:`find_sections`.
        pos: A character offset into the text.

    Returns:
        The label; positions past the end get the last section's label, and
        an empty section list gives ``'其他'``.
    """
    if not sections:
        return "其他"
    i = bisect.bisect_right([sec.start for sec in sections], pos) - 1
    return sections[max(i, 0)].label


def _sentence_label(text: str, s: int, e: int) -> str | None:
    label = _meeting_label(text, s, e)
    if label is not None:
        return label
    m = _SPEAKER.match(text, s, e)
    if m is None:
        return None
    who = m.group("who") or m.group("who2")
    # A bare name must have been introduced earlier (in the opening); the
    # explicit 在讲话中 form is trusted as is.
    if who in _NOT_SPEAKERS or (m.group("who") and not m.group("ctx") and who not in text[:s]):
        return None
    return "讲话"


def _meeting_label(text: str, s: int, e: int) -> str | None:
    while s < e and text[s].isspace():
        s += 1
    for pattern, label in _MEETING_RULES:
        if pattern.match(text, s, e):
            return label
    return None


def _chained_label(text: str, s: int, e: int) -> str | None:
    m = _CHAINED.match(text, s, e)
    if m is None:
        return None
    return "听取汇报" if m.group("h") else "审议"


def _fallback_marks(text: str) -> list[tuple[int, str]]:
    # Long documents with no meeting markers (work reports): keep the title and
    # first paragraph as the opening instead of calling 13k characters 导语.
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) > 2:
        return [(lines[2].start(), "其他")]
    return []


def _to_sections(text: str, marks: list[tuple[int, str]]) -> list[Section]:
    marks.sort()
    if not marks or text[: marks[0][0]].strip():
        marks.insert(0, (0, "导语"))
    else:
        marks[0] = (0, marks[0][1])
    out: list[Section] = []
    for i, (start, label) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if end <= start:
            continue
        if out and label == "其他" and out[-1].label == "其他":
            out[-1] = Section(out[-1].start, end, label)
        else:
            out.append(Section(start, end, label))
    return out
