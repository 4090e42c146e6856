"""Meeting identity (body, number, year, date, chair) read from a normalised report.

Near-identical reports (2024年第19次 vs 2025年第19次 主任办公会) are told apart only by
these fields, so every value records where it was read (``provenance``) and a field is left
empty rather than guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ingest.numerals import NUMERAL_CHARS, parse_cn_int

NUM = f"[{NUMERAL_CHARS}０-９]+"
_ORDINAL = re.compile(f"第({NUM})次")
_YEAR = r"((?:19|20)\d{2})"
_OWNER = "(?:党工委|县委|区委|市委|实验区)?"

# Ordered: the first pattern that matches wins, so specific kinds (经济工作会议 of a 党工委,
# a 决议 about a 政府工作报告) come before the generic bodies they contain.
BODY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("决议", r"决议"),
        ("政府工作报告", r"政府工作报告"),
        ("两会党员负责同志会议", r"两会[^，。]{0,8}?党员负责同志会议|党员负责同志会议"),
        # The optional owner prefix makes '党工委经济工作会议' one mention, not 党工委 + 经济….
        ("经济工作会议", rf"(?<!中央)(?<!省委)(?<!全省){_OWNER}经济工作会议?"),
        ("农村工作会议", rf"(?<!中央)(?<!省委)(?<!全省){_OWNER}农村工作会议?"),
        ("季度工作会议", rf"(?<!省委)(?<!省委[一二三四]){_OWNER}[一二三四]?季度工作会议?"),
        ("主任办公会", r"主任办公会"),
        ("常务会议", r"常务会"),
        ("人大常委会", r"人大常委会|人大常务委员会|人民代表大会常务委员会|人大工委会议"),
        ("县委常委会", r"县委常委会|(?<!人大)常委会会议"),
        # Only year/ordinal may sit inside: '党工委书记…主持的会' is not a 党工委会议.
        ("党工委会议", rf"党工委(?:{_YEAR}年)?(?:第{NUM}次)?(?:委员)?(?:（扩大）)?会议?"),
        ("指挥部会议", rf"指挥部(?:{_YEAR}年)?(?:第{NUM}次)?(?:全体|调度|工作)?会议?"),
    )
)

KINDS = ("meeting", "report", "resolution", "other")
_TITLES = (
    "书记|主任|县长|区长|市长|镇长|乡长|局长|处长|主席|巡视员|部长|常委|委员|组长|指挥长|"
    "院长|检察长|专员|领导|理事长|负责人|代表"
)
# A name is the 2-3 characters between an office title and 主持/出席.
_CHAIR = re.compile(f"(?:{_TITLES})([一-龥]{{2,3}}?)(?:出席并)?主持")
_CHAIR_BARE = re.compile(r"(?:^|[，。、；\s])([一-龥]{2,3})(?:出席并)?主持(?=召开|会议|并|[，。])")
_TITLED_NAME = re.compile(f"^.*(?:{_TITLES})([一-龥]{{2,3}})$")
_ATTEND_END = re.compile(r"(?:出席|参加|列席)了?(?:会议)?(?:并[^，。]{0,10})?$")
_NOT_NAMES = {"以及", "部分", "有关", "其他", "同志", "代表", "领导", "委员"}
# '平潭网3月20日讯（记者 X）' or '平潭网2月27日（记者 X）': the publication day, not the meeting's.
_DATELINE = re.compile(r"^[^，。\d]{0,12}?(\d{1,2})月(\d{1,2})日(?:讯\s*(?:[（(][^）)]*[）)])?|\s*[（(][^）)]*[）)])")
_EVENT_DATE = re.compile(f"(?:{_YEAR}年)?(\\d{{1,2}})月(\\d{{1,2}})日(?:上午|下午|晚上?)?(?=[，,、在\\s]|召开|举行)")
_LEAD_CHARS = 300


@dataclass
class MeetingInfo:
    """Identity of the meeting (or report) a document records.

    Attributes:
        body: Normalised body name from the vocabulary in ``BODY_PATTERNS`` (or the cleaned
            raw name for an unknown body).
        body_raw: The body as written, with place prefix, year and ordinal removed.
        number: The ordinal (第N次), None when unknown or not a numbered meeting.
        year: Year of the meeting, None when unknown.
        date: ``YYYY-MM-DD``, ``--MM-DD`` when only month and day are known, else ``""``.
        chair: Who chaired the meeting.
        attendees: Names of other attendees (best effort).
        kind: ``meeting``, ``report``, ``resolution`` or ``other``.
        provenance: Field name -> ``title``/``dateline``/``text``/``filename``.
    """

    body: str = ""
    body_raw: str = ""
    number: int | None = None
    year: int | None = None
    date: str = ""
    chair: str = ""
    attendees: list[str] = field(default_factory=list)
    kind: str = "meeting"
    provenance: dict[str, str] = field(default_factory=dict)

    def label(self) -> str:
        """Human label for citations, built only from known fields.

        Returns:
            E.g. ``管委会2025年第5次主任办公会（2025-03-20）`` or
            ``全面振兴新突破三年行动指挥部第5次会议（10月14日）``.
        """
        base = self.body_raw or self.body or "会议"
        year = f"{self.year}年" if self.year else ""
        when = self.date
        if self.date.startswith("--"):
            month, day = self.date[2:].split("-")
            when = f"{int(month)}月{int(day)}日"
        if self.number and not _ORDINAL.search(base):
            base = _insert_ordinal(base, f"{year}第{self.number}次")
        elif year and not self.date[:4].isdigit():
            when = year + when  # an unnumbered meeting is identified by its year
        return f"{base}（{when}）" if when else base

    def to_metadata(self) -> dict[str, str | int | bool]:
        """Flatten into Chroma-safe metadata (no None, no lists).

        Returns:
            ``meeting_*`` keys; unknown ints are 0 and unknown strings are ``""``.
        """
        return {
            "meeting_body": self.body,
            "meeting_body_raw": self.body_raw,
            "meeting_number": self.number or 0,
            "meeting_year": self.year or 0,
            "meeting_date": self.date,
            "meeting_date_int": int(self.date.replace("-", "")) if self.date[:4].isdigit() else 0,
            "meeting_chair": self.chair,
            "meeting_attendees": "、".join(self.attendees),
            "meeting_kind": self.kind,
            "meeting_label": self.label(),
            "meeting_provenance": json.dumps(self.provenance, ensure_ascii=False, sort_keys=True),
        }

    @classmethod
    def from_metadata(cls, md: dict) -> MeetingInfo:
        """Rebuild from ``to_metadata()`` output; missing keys give empty fields.

        Args:
            md: A metadata dict, possibly with extra non-meeting keys.

        Returns:
            The equivalent MeetingInfo.
        """
        try:
            provenance = json.loads(md.get("meeting_provenance") or "{}")
        except (TypeError, ValueError):
            provenance = {}
        text = {k: str(md.get(f"meeting_{k}") or "") for k in ("body", "body_raw", "date", "chair")}
        return cls(
            **text,
            number=int(md.get("meeting_number") or 0) or None,
            year=int(md.get("meeting_year") or 0) or None,
            attendees=[a for a in str(md.get("meeting_attendees") or "").split("、") if a],
            kind=str(md.get("meeting_kind") or "meeting"),
            provenance=provenance if isinstance(provenance, dict) else {},
        )


def match_body(s: str) -> tuple[str, re.Match[str]] | None:
    """Find the first body of the vocabulary named in ``s`` (pattern priority order).

    Args:
        s: Normalised text, e.g. a title.

    Returns:
        ``(normalised body, match)`` or None.
    """
    for name, pattern in BODY_PATTERNS:
        m = pattern.search(s)
        if m:
            return name, m
    return None


def extract_meeting(title: str, text: str, filename: str = "") -> MeetingInfo:
    """Read meeting identity from a normalised report.

    Args:
        title: The report title (normalised: Simplified, full-width punctuation).
        text: The body text (normalised); a leading copy of the title line is ignored.
        filename: Source file name; only a last resort for year and number.

    Returns:
        The MeetingInfo; unknown fields stay empty.
    """
    info = MeetingInfo()
    prov = info.provenance
    first, _, rest = text.lstrip().partition("\n")
    if title and re.sub(r"\s", "", first) == re.sub(r"\s", "", title):
        text = rest  # callers may pass the whole file; the dateline must open the text
    lead = _lead(text)
    name = _name_from_title(title)
    if name is None:
        m = re.search(r"召开了?([^，。]{2,30}?(?:会议|办公会|常委会))", lead)
        name = (m.group(1), "text") if m else (_strip_place(_clean_title(title)), "title")
    segment, src = name
    found = match_body(segment)
    info.kind = _kind(segment, found)
    # Year and ordinal identify the meeting, not the body; the label puts them back.
    drop = f"{_YEAR}年|第{NUM}次" if info.kind == "meeting" else f"^{_YEAR}年"
    info.body_raw = _strip_place(re.sub(f"{drop}|[（(]{_YEAR}[）)]", "", segment))
    info.body = found[0] if found else info.body_raw
    prov["body"] = src

    # A resolution's title names its session (第三次会议); only meetings fall back further.
    meeting = info.kind == "meeting"
    _set(info, "number", *_number(segment, src, lead if meeting else "", filename if meeting else ""))
    year, year_src = _year(title, lead)
    date, date_src = _date(text, lead)
    if year is None and date[0]:
        year, year_src = date[0], "text"
    if year is None:
        m = re.search(f"(?:^|[-_.\\s]){_YEAR}(?=[-_.\\s]|$)", filename)
        year, year_src = (int(m.group(1)), "filename") if m else (None, "")
    _set(info, "year", year, year_src)
    if date[1]:
        y = date[0] or year
        info.date = f"{y:04d}-{date[1]:02d}-{date[2]:02d}" if y else f"--{date[1]:02d}-{date[2]:02d}"
        prov["date"] = date_src
    if meeting:
        _set(info, "chair", *_chair(text))
        info.attendees = _attendees(text, info.chair)
        if info.attendees:
            prov["attendees"] = "text"
    return info


def _set(info: MeetingInfo, name: str, value: object, source: str) -> None:
    if value:
        setattr(info, name, value)
        info.provenance[name] = source


def _lead(text: str) -> str:
    # The identity sits in the opening sentence that reports the meeting ('…召开'); reading
    # further picks up meetings and dates that are merely cited.
    sentences = re.split(r"。", text.lstrip()[:_LEAD_CHARS])
    return next((s for s in sentences if re.search("召开|主持|举行", s) or _EVENT_DATE.search(s)),
                sentences[0])


def _clean_title(title: str) -> str:
    t = re.sub(r"【[^】]*】|\[[^\]]*\]", "", title).strip()
    t = re.sub(r"(?:胜利|隆重)?(?:召开|举行)$", "", t)
    return re.sub(r"^.*?召开", "", t).strip()


def _name_from_title(title: str) -> tuple[str, str] | None:
    t = _clean_title(title)
    if not match_body(t):
        return None
    # '甲会议暨乙第N次会议': the numbered part is the one that identifies the meeting.
    parts = [p for p in re.split(r"暨|\s+", t) if p]
    numbered = [p for p in parts if _ORDINAL.search(p)]
    named = [p for p in parts if match_body(p)]
    return (numbered or named or [t])[0], "title"


def _strip_place(s: str) -> str:
    # '平潭综合实验区' / '实验区' / '盘山县' are the jurisdiction, not the body; '县委…' is a body.
    return re.sub(r"^(?:[一-龥]{0,6}?实验区|[一-龥]{2,4}?[县市](?![委政人长]))", "", s).strip()


def _kind(segment: str, found: tuple[str, re.Match[str]] | None) -> str:
    if found and found[0] == "决议" or re.search(r"决议|决定$", segment):
        return "resolution"
    if found and found[0] == "政府工作报告" or segment.endswith("报告"):
        return "report"
    if found or re.search(r"会议?$|常委会$", segment):
        return "meeting"
    return "other"


def _number(segment: str, src: str, lead: str, filename: str) -> tuple[int | None, str]:
    # In the lead only an ordinal glued to a meeting word counts (not 第四十五次全体会议 cited).
    for m, where in ((_ORDINAL.search(segment), src),
                     (re.search(f"第({NUM})次(?:主任办公会|委员会议|常务会议|会议)", lead), "text")):
        if m:
            return parse_cn_int(m.group(1)), where
    m = re.search(r"(?:^|[-_])no\.?(\d{1,3})(?=[-_.]|$)", filename, re.IGNORECASE)
    return (int(m.group(1)), "filename") if m else (None, "")


def _year(title: str, lead: str) -> tuple[int | None, str]:
    m = re.search(f"{_YEAR}年第{NUM}次", title) or re.search(f"{_YEAR}(?:年|）|\\))", title)
    if m:
        return int(m.group(1)), "title"
    m = re.search(f"{_YEAR}年第{NUM}次", lead)
    return (int(m.group(1)), "text") if m else (None, "")


def _date(text: str, lead: str) -> tuple[tuple[int | None, int, int], str]:
    dateline = _DATELINE.match(text.lstrip())
    body = lead[dateline.end():] if dateline and lead.startswith(dateline.group(0)) else lead
    m = _EVENT_DATE.search(body)
    if m:
        found, src = (m.group(1), m.group(2), m.group(3)), "text"
    # The dateline is the publication day; 近日/日前 says the meeting was some other day.
    elif dateline and not re.search("近日|日前|近期", body):
        found, src = (None, dateline.group(1), dateline.group(2)), "dateline"
    else:
        return (None, 0, 0), ""
    year, month, day = (int(x) if x else None for x in found)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return (None, 0, 0), ""
    return (year, month, day), src


def _chair(text: str) -> tuple[str, str]:
    m = _CHAIR.search(text[:1500]) or _CHAIR_BARE.search(text[:1500])
    return (m.group(1), "text") if m else ("", "")


def _attendees(text: str, chair: str) -> list[str]:
    names: list[str] = []
    # '？' too: a GBK round trip can turn '。' into '?' (doc 000).
    for sentence in re.split(r"[。；！？?\n]", text):
        m = _ATTEND_END.search(sentence.strip())
        if not m:
            continue
        for group in re.split(r"[，,]", sentence.strip()[: m.start()]):
            group = re.sub(r"(?:在[^、]{1,8}|等[人同志]*)$", "", group)
            in_list = False  # bare names count only after a 'title+name' opened the list
            for item in group.split("、"):
                titled = _TITLED_NAME.match(item)
                if titled:
                    name, in_list = titled.group(1), True
                elif in_list and re.fullmatch(r"[一-龥]{2,3}", item) and item not in _NOT_NAMES:
                    name = item
                else:
                    continue
                if name != chair and name not in names:
                    names.append(name)
    return names


def _insert_ordinal(base: str, ordinal: str) -> str:
    for suffix in ("主任办公会", "常务会议", "委员会议", "会议", "办公会"):
        if base.endswith(suffix):
            return base[: -len(suffix)] + ordinal + suffix
    return base + ordinal + ("会议" if base.endswith(("常委会", "指挥部")) else "")
