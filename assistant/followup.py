"""Chat follow-ups, resolved by rules (the extractive mode's carry-over).

Two shapes:

- Elliptical: a short question ending in 呢 or starting with 那 names only what
  changes (「那2024年的呢？」「商务局呢？」); the rest is carried over from the
  previous question, the new part first so it wins when the question is parsed.
- Back-referring: 「他们还要求了啥？」「这次会哪天开的？」 names no meeting but points
  at the one just discussed; the previous question's meeting reference is put
  in front of it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from assistant import lexicon

_FOLLOWUP = re.compile(r"^(?:那|那么|还有)?.{0,16}?(?:呢|的呢)[？?]?$|^(?:那|那么)")
# Words pointing into one part of what was just discussed (「安全生产那块」).
_POINTERS = "那块|这块|这方面|那方面|那部分|这部分"
# 那块/这块/那边 (「食品安全那块强调了啥」「黄建波那边部署了啥」) and 除了 point into the
# meeting just discussed too, as do 那部分 and 具体 (「对三农有啥具体要求」) — the follow-up
# chains of bench/answers_dev2.jsonl and answers_dev3.jsonl.
# 「那两次黄建波做了什么」 after 「经济工作会议是谁主持的」: both meetings just meant
# (bench/answers_dev47.jsonl ap025).
_BACK_REFERENCE = re.compile(r"他们|它们|^它(?!们)|这次|那次|该次|这个会|那个会|该会|本次|上述|刚才|其中|^还|在会上|会上"
                             f"|{_POINTERS}|那边|^除了|具体|[那这][两几]次")
# 「党工委会议上是怎么表述的」 right after 「哪些会议提到过…」: of those meetings, the body's
# (bench/answers_dev21.jsonl u072).
_ON_BODY = re.compile(r"会议上")
_MAX_CHARS = 20
# What an elliptical follow-up may hold besides its meeting's name (那次, 的会).
_MAX_BARE_REST = 4
# A back-reference this short asks nothing of its own (「具体咋说的」「详细说说」).
_MAX_BARE_CHARS = 8
# 「具体咋说的」「具体怎么要求的」: asks for the words on the matter under discussion.
_DETAIL_ASK = re.compile(r"^(?:那)?具体(?:是)?(?:咋|怎么|如何|怎样)(?:说|讲|要求|部署|安排|写)")
# 「对二轮车提了什么要求」「對國有企業有什麼要求」 right after a question about one meeting
# name no meeting because they mean that one (bench/answers_dev5.jsonl h002, h099): a
# requirement asked of an addressee, with nothing saying it is about other meetings.
_ADDRESSED_ASK = re.compile(r"^对.{1,16}?(?:提了?|有)(?:啥|什么|哪些)(?:具体)?要求|"
                            r"^对.{1,16}?(?:怎么|如何)要求")
# The addressee of a requirement question (「赖军对法院提了啥要求」).
_ADDRESSEE = re.compile(r"对(.{1,16}?)(?=提|有(?:啥|什么|哪些)|的要求|怎么要求|如何要求)")
# The topic a question points into (「安全生产那块怎么要求的」).
_POINTED_TOPIC = re.compile(
    rf"(?:^|(?<=\s))(?:那|那么)?([^，。？、\s]{{2,12}}?)(?:{_POINTERS}|方面)")


def _swap_department(core: str, last: str) -> str | None:
    """「那对公安局呢」「公安局呢」 after 「…文旅局汇报了啥」: the new department takes the old
    one's place, or the answer would be about both (seen in the web chat, 2026-12-02)."""
    from ingest.departments import find_departments

    target = core[1:] if core.startswith("对") else core
    new = [d for d in find_departments(target) if not d.collective]
    if len(new) != 1 or new[0].start != 0 or new[0].end != len(target):
        return None
    old = [d for d in find_departments(last) if not d.collective]
    if len(old) != 1 or old[0].name == new[0].name:
        return None
    return last[:old[0].start] + target + last[old[0].end:]


def _asks_its_own(core: str) -> bool:
    """Whether the follow-up's remainder asks something of its own (「对商务局提了啥要求」)."""
    return bool(re.search(r"提|要求|啥|什么|哪些|怎么|如何", core))


# 「2025年第16次主任办公会上也学过吧，咋说的」: 也 says the matter is the last question's
# (bench/answers_dev41.jsonl aj106).
_ALSO_DONE = re.compile(r"也(?:学|讲|说|提|研究|审|部署|听|通过|议)")
# 「哪次会…」: it asks which meetings, so it is not about the one just discussed.
# 「传达了哪些会议精神」 asks what was relayed, not which meetings (bench/answers_dev65.jsonl bh098).
ASKS_WHICH = re.compile(r"哪次|哪一次|哪几次|哪个会(?!议?精神)|哪些会(?!议?精神)|哪场|什么会|几次")
# What asks which meetings in a question (「哪些会提过」), dropped when a follow-up picks one.
_WHICH_MEETINGS = re.compile(r"(?:哪些|哪几次|哪几个|哪次|哪个|什么)会(?:议)?(?:上)?|都?有哪些|"
                             r"(?:提|说|讲|研究)过|[？?]")
# 「还有哪几次会…」「别的会…」: meetings besides the one just discussed.
_OTHER_MEETINGS = re.compile(r"还有|其他|其它|别的|另外")
# 「年底那次」「年初那次」: the month of a follow-up's meeting (bench/answers_dev.jsonl d110).
_SEASON = re.compile(r"年底|年末|年初|年中")
# 「年底那次」 of the meetings of a body just listed (bench/answers_dev60.jsonl bc089).
_SEASON_POINTER = re.compile(r"^(?:那么|那)?(年底|年末|年初|年中)(?:的|那)一?(?:次|个|场)(?:会议?)?")
# 「这两次隔了多少天」: the meetings of the last two questions (bench/answers_dev61.jsonl bd047).
_TWO_ASKED = re.compile(r"^(?:那么|那)?(?:这|那)(?:两次|两个会|俩会|两场)(?:会议?)?")
# 「再往后一个月呢」: the month after the conversation's (bench/answers_dev61.jsonl bd003).
_MONTH_STEP = re.compile(r"往?([前后上下])(?:一个|个)月")
# 「那下半年呢」「三季度呢」 after a span of months (bench/answers_dev61.jsonl bd030).
_PART_OF_YEAR = re.compile(r"([上下])半年|第?([一二三四1-4])季度")
# 「三季度的呢」 after 「党工委一季度工作会议哪天开的」: the quarter alone names the meeting
# (bench/answers_dev17.jsonl q140).
_BARE_QUARTER = re.compile(r"^([一二三四1-4])季度的?$")
_SEASON_MONTH = {"年底": 12, "年末": 12, "年初": 1, "年中": 6}


# 「那24年的呢？检察长是谁去的？」: an elliptical meeting, then a question of its own
# (bench/answers_dev12.jsonl v111).
_ELLIPSIS_THEN_ASK = re.compile(r"^((?:那么|那)?[^？?，,。]{1,14}?)的?呢[？?，,]\s*(\S.*)$")
_TWO_DIGIT_OR_FULL_YEAR = re.compile(r"(?<!\d)((?:19|20)?\d{2})年")


# 「那上一次呢」「下一次呢」: the meeting before or after the one just discussed, same body
# and year (bench/answers_dev13.jsonl w097).
_NEIGHBOUR = re.compile(r"(上|前|下|后)一?次")
_NEIGHBOUR_STEP = {"上": -1, "前": -1, "下": 1, "后": 1}
# What may open a bare step: 「那上一次呢」, and 「再往前一次呢」, which steps once more from the
# meeting the last turn moved to (bench/answers_dev38.jsonl ai140).
# 「同一年的下一次呢」 steps within the year under discussion (bench/answers_dev48.jsonl aq097).
_STEP_LEAD = r"(?:那么|那)?(?:同一?年的?)?再?往?"
_NEIGHBOUR_THEN_ASK = re.compile(r"^(?:那么|那)?再?往?(上|前|下|后)一次(?:的)?(?:会议?|会上)?(.*)$")


# 「2025年那次比…」「第14次那个会跟…」: a meeting of the conversation by its year or number.
_POINTER_THEN_OTHER = re.compile(r"^(?:那)?((?:\d{2,4}年|第\d{1,2}次))的?那一?(?:次|个|场)会?")


def _matter_of(question: str) -> str:
    """What ``question`` asks about, without its meeting and its asking words (「审计反馈问题
    整改」 of 「审计反馈问题整改，主任办公会研究过几次」); "" when it names no matter."""
    from assistant.query_ref import strip_references

    rest = strip_references(question)
    clauses = [c for c in re.split(r"[，,。？?]", rest) if c.strip() and _own_topic(c)]
    return clauses[0].strip() if clauses else ""


def _names_department(text: str) -> bool:
    from ingest.departments import find_departments

    return any(not d.collective for d in find_departments(text))


def _without_departments(text: str) -> str:
    """The last question without its addressee: 「那2025年对商务局呢」 after 「…对公安局有啥
    要求」 asks about the 商务局 only (seen while checking bench/answers_dev15.jsonl y046)."""
    from ingest.departments import find_departments

    for d in sorted(find_departments(text), key=lambda d: -d.start):
        if not d.collective:
            start = d.start - 1 if d.start and text[d.start - 1] == "对" else d.start
            text = text[:start] + text[d.end:]
    return text


def _own_topic(q: str) -> bool:
    """Whether ``q`` names a matter of its own (「26年那次对酒驾醉驾咋说」), not only a
    meeting and how to answer (「2026年那次具体咋说的」): bench/answers_dev32.jsonl aa076."""
    from assistant.question import topic_words

    return bool(topic_words(_BACK_REFERENCE.sub(" ", q)))


def _names_whole_meeting(ref) -> bool:
    """Whether a reference names one meeting by itself: body, year, and number or date."""
    return bool(ref.body) and ref.year is not None and (
        ref.number is not None or ref.month is not None)


def _own_matter(core: str) -> bool:
    """Whether an elliptical follow-up names a matter besides its meeting and addressee
    (「那2026年的供地计划呢」, not 「那2024年的呢」「那2025年对商务局呢」)."""
    from assistant.query_ref import RELATIVE_YEARS, strip_references
    from ingest.departments import find_departments

    rest = strip_references(core)
    for d in find_departments(rest):
        rest = rest.replace(d.raw, "")
    for word in (*RELATIVE_YEARS, *_SEASON_MONTH):
        rest = rest.replace(word, "")
    rest = _NEIGHBOUR.sub("", rest)
    # 「那2026年同一次呢」: 同一次 is the same meeting of that year (answers_dev25.jsonl b005).
    rest = rest.replace("同一", "")
    return len(re.sub(r"[的那这对呢次个场回会上里年\s，,？?]", "", rest)) >= 2


def _merged(core: str, new, old):
    """The follow-up's meeting: the fields it names replace the last question's, the rest
    carry over (None when either names no meeting)."""
    from assistant.query_ref import RELATIVE_YEARS, MeetingRef, strip_references

    year = _TWO_DIGIT_OR_FULL_YEAR.search(core)
    if year and new.year is None:
        # In 「那2024年的…呢」「那24年的呢」 the year can only mean the meeting's.
        digits = year.group(1)
        new.year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    season = _SEASON.search(core)
    if season and new.month is None:
        # 「年底那次呢」 after a question about 1月3日's meeting: December, any day.
        new.month = _SEASON_MONTH[season.group()]
    part = _PART_OF_YEAR.search(core)
    if part and (new.month, new.months, new.quarter) == (None, None, None) \
            and (old.months or old.month is not None) and not old.quarter:
        # 「那下半年呢」 after 「2025年上半年人大常委会开了几次会」: the conversation is about
        # a span of months, so half a year or a quarter is another span (bench/answers_dev61.jsonl
        # bd030); after 「三季度工作会议」 it is that meeting's quarter (_BARE_QUARTER).
        from assistant.query_ref import SPANS, quarter_months
        from ingest.numerals import parse_cn_int

        new.months = SPANS[part.group(1) + "半年"] if part.group(1) \
            else quarter_months(parse_cn_int(part.group(2)))
    month_step = _MONTH_STEP.search(core)
    if month_step and (new.month, new.months) == (None, None) and old.month is not None \
            and 1 <= old.month + _NEIGHBOUR_STEP[month_step.group(1)] <= 12:
        # 「再往后一个月呢」 after 「那5月呢」: June (bench/answers_dev61.jsonl bd003).
        new.month = old.month + _NEIGHBOUR_STEP[month_step.group(1)]
    quarter = _BARE_QUARTER.match(core.strip())
    if quarter and new.quarter is None and old.quarter:
        from ingest.numerals import parse_cn_int

        new.quarter = parse_cn_int(quarter.group(1))
    relative = next((w for w in RELATIVE_YEARS if RELATIVE_YEARS[w] and w in core), None)
    if relative and old.year is not None and new.year == old.year:
        # 「那去年第13次呢？」 right after a question about 2025: read against today it
        # names the same year again, which nobody asks twice; the year before the one
        # under discussion is meant (bench/answers_dev8.jsonl n096).
        new.year = old.year + RELATIVE_YEARS[relative]
    # 「那下一次委员会议呢」 names the body under discussion again (bench/answers_dev40.jsonl
    # ai017 stayed on 党工委2025年第6次委员会议).
    same_body = (bool(new.body) and new.body == old.body
                 and (new.number, new.year, new.month) == (None, None, None))
    bare = re.sub(rf"^{_STEP_LEAD}|的?(?:会议?|会上)?$", "",
                  re.sub(r"\s", "", strip_references(core)) if same_body else core)
    neighbour = _NEIGHBOUR.fullmatch(bare)
    if neighbour and (new.is_empty() or same_body) and old.number:
        new.number = old.number + _NEIGHBOUR_STEP[neighbour.group(1)]
    if new.is_empty() or old.is_empty():
        return None
    # 「那2026年的…是哪次会过的」 asks for the number; 「那2026年的供地计划呢」 names a matter
    # of its own, which any of that year's meetings may have taken up: neither carries the
    # last meeting's number over (bench/answers_dev15.jsonl y046).
    asks_which = bool(re.search(r"哪次|哪一次|哪几次|哪个会|哪场", core)) or _own_matter(core)
    return MeetingRef(
        number=new.number if new.number is not None or asks_which else old.number,
        year=new.year if new.year is not None else old.year,
        month=new.month if new.month is not None else (
            old.month if new.number is None or old.number is not None else None),
        # A new month makes the old day meaningless (1月3日 → 年底).
        day=new.day if new.day is not None else (old.day if new.month is None else None),
        body=new.body or old.body, quarter=new.quarter or old.quarter,
        # 「第13次是哪天开的」 after 「那三季度呢」: the number names the meeting, the months
        # it was looked for in do not (bench/answers_dev61.jsonl bd012).
        months=new.months if new.months or new.month is not None or new.number is not None
        else old.months)


# 「这两个月里党工委一共开了几次」 after 「2025年3月实验区开过哪些会」「那4月呢？」: the months the
# conversation went through (bench/answers_dev60.jsonl bc006).
_THESE_MONTHS = re.compile(r"[这那](?:两|几|[二三四五六])个月|这段时间|这期间|这阵子")


def _months_of_conversation(q: str, previous: list[str], today: date | None) -> str | None:
    """``q`` with 「这两个月」 written out as the run of months its conversation named
    (「2025年3月到4月」); None when it says no such thing or the conversation named fewer
    than two months of one year."""
    from assistant.query_ref import parse_question

    pointer = _THESE_MONTHS.search(q)
    if not pointer:
        return None
    months: list[int] = []
    years: set[int] = set()
    for text in previous:
        ref = parse_question(text, today)
        if ref.year is not None:
            years.add(ref.year)
        if ref.month is not None:
            months.append(ref.month)
        elif ref.months:
            months.extend(ref.months)
    if len(set(months)) < 2 or len(years) != 1:
        return None
    span = f"{next(iter(years))}年{min(months)}月到{max(months)}月"
    return q[:pointer.start()] + span + q[pointer.end():]


def _calendar_followup(q: str, previous: list[str], today: date | None,
                       ends_open: bool) -> str | None:
    """A follow-up placed by the calendar of its conversation: the months it went through,
    another month of its year, the part of the year of a body's meetings just listed, or the
    meetings of its last two questions set side by side. None when ``q`` is none of these."""
    from assistant.query_ref import MeetingRef, parse_question, strip_references

    months = _months_of_conversation(q, previous, today)
    if months:
        return months
    own, last = parse_question(q, today), parse_question(previous[-1], today)
    if (own.month is not None and (own.year, own.number, own.body) == (None, None, "")
            and not ends_open and last.year is not None
            and (last.month is not None or last.months)):
        # 「3月有吗？3月那次研究了啥」 after 「2026年1月党工委开了哪些委员会议」「2月的呢」:
        # another month of the year and body the conversation is going through
        # (bench/answers_dev61.jsonl bd026).
        own.year, own.body = last.year, last.body
        return f"{own.describe()} {' '.join(_MONTH_STEP.sub(' ', strip_references(q)).split())}"
    season = _SEASON_POINTER.match(q)
    if season and last.list_all and last.body and own.is_empty():
        # 「年底那次部署的是哪一年的经济工作」 after 「党工委经济工作会议开过几次？分别哪天？」.
        pointed = MeetingRef(body=last.body, year=last.year, month=_SEASON_MONTH[season.group(1)])
        return f"{pointed.describe()} {q[season.end():].strip()}"
    both = _TWO_ASKED.match(q)
    if both and lexicon.date_order().search(q) and own.is_empty():
        # 「这两次隔了多少天」 after 「2025年第一次主任办公会哪天开的」「26年的第一次呢」.
        refs = [parse_question(text, today) for text in previous[-2:]]
        if len(refs) == 2 and all(_names_whole_meeting(r) and not r.list_all for r in refs) \
                and refs[0] != refs[1]:
            return f"{refs[0].describe()}和{refs[1].describe()} {q[both.end():]}"
    return None


# 「那第三季度的呢？哪天开的会」 after 「2025年二季度的安全生产是哪次会部署的」: a part of the
# year alone, perhaps with its year (「26年一季度的呢」), then perhaps a question of its own.
_PART_SWAP = re.compile(r"^(?:那么|那)?((?:\d{2,4}年)?)((?:第?[一二三四1-4]季度|[上下]半年))的?呢[？?，,]?\s*(.*)$")


def _swapped_part_of_year(q: str, last: str, today: date | None) -> str | None:
    """``last`` with the quarter or half of the year it asks about as a topic (not the
    months its meetings were held in) replaced by the one ``q`` names, and its year by
    ``q``'s if it names one; None when ``q`` is not such a follow-up."""
    from assistant.query_ref import parse_question

    swap = _PART_SWAP.match(q)
    old = _PART_OF_YEAR.search(last)
    if not swap or not old:
        return None
    ref = parse_question(last, today)
    if ref.months or ref.quarter or ref.number is not None:
        return None  # a span of meetings or a quarter's work meeting: _merged reads it
    year, part, ask = swap.groups()
    text = last[:old.start()] + part + last[old.end():]
    if year:
        full = year if len(year) == 5 else f"20{year}"
        old_year = _TWO_DIGIT_OR_FULL_YEAR.search(text)
        text = (text[:old_year.start()] + full + text[old_year.end():] if old_year
                else full + text)
    return f"{text} {ask}".strip() if ask else text


# 「那老鼠多的事呢，有没有部署灭鼠？」「那公租房的办法呢」: another matter, perhaps with a
# question of its own (bench/answers_dev64.jsonl bg033, answers_dev65.jsonl bh036).
_OTHER_MATTER = re.compile(r"^(?:那么|那|还有)?([^，,？?。！!]{2,14}?)(?:的事|这事|那事|这块|那块|的)?呢"
                           r"[？?，,。]?\s*(.*)$")


def _other_matter(q: str, last: str, today: date | None) -> str | None:
    """``q`` as a question of its own when it names a matter that shares none of the last
    question's topic words (kind words such as 办法 aside): the new matter, with ``q``'s
    own ask or else the last question's without its matter. None otherwise."""
    from assistant.query_ref import parse_question
    from assistant.question import topic_words
    from ingest.departments import find_departments

    m = _OTHER_MATTER.match(q)
    # 「第五个呢」 asks for another item of the last answer's list (bench/answers_dev56.jsonl ay092).
    if (not m or m.group(1).startswith("第") or not parse_question(m.group(1), today).is_empty()
            or find_departments(m.group(1))):
        return None
    kinds = lexicon.kind_words()
    new = {w for w in topic_words(m.group(1)) if w not in kinds}
    old = [w for w in topic_words(last) if w not in kinds]
    shared = {w for w in new if w in last} | {w for w in old if w in m.group(1)}
    aspects = lexicon.aspect_words()
    # 「垃圾分类呢」 after 「建筑垃圾讲过吗」: half the words shared, yet each matter has one
    # of its own, so they are siblings, not one matter narrowed (bench/answers_dev68.jsonl bk038).
    # Whose matter (全国 of 「那全国2025年的目标呢」, bench/answers_dev49.jsonl au082) is the
    # same matter asked of another issuer, not a sibling.
    whose = {*lexicon.issuers(), *lexicon.places()}
    sibling = (any(w not in last and w not in whose for w in new)
               and any(w not in m.group(1) and w not in aspects for w in old))
    if (not new or not old or (2 * len(shared) >= len(new) and not sibling)
            or all(w in aspects for w in new)):
        return None
    ask = m.group(2).strip()
    if len(ask) >= 2:
        return f"{m.group(1)} {ask}"
    rest = last
    for word in sorted(old, key=len, reverse=True):
        rest = rest.replace(word, " ")
    return f"{m.group(1)} {' '.join(rest.split())}"


def _about_listed_meetings(q: str, last: str, today: date | None) -> str | None:
    """「这几次分别是几号开的」 after 「审计反馈问题整改在哪几个会上研究过」: the same
    meetings, asked something new, so the last question is asked again with it (the
    question alone read as every meeting in the records: bench/answers_dev76.jsonl bs022)."""
    from assistant.query_ref import parse_question

    pointer = lexicon.meetings_pointer().search(q)
    if pointer is None or not (ASKS_WHICH.search(last) or parse_question(last, today).list_all):
        return None
    own = parse_question(q[:pointer.start()] + q[pointer.end():], today)
    if own.number is not None or own.year is not None or own.body:
        return None  # 「这几次里2026年那次…」 names one of them: read below
    return f"{last} {q}"


def _with_matter_of(last: str, q: str) -> str:
    """``q`` with the matter of ``last``, a question that asked which meetings (that part
    dropped): the meeting ``q`` names, asked about the same matter."""
    return f"{q} {_WHICH_MEETINGS.sub(' ', last).strip()}"


def _other_body_on_matter(q: str, last: str, today: date | None) -> str:
    """「人大那边是哪次审议的？」「人大那边也审了吗」 after 「2025年预算调整方案是哪次主任办公会
    审的？」: which of another body's meetings took up the same matter, or whether one did
    (bench/answers_dev83.jsonl bz079, answers_dev82.jsonl by031: every 人大常委会 meeting was
    listed); "" for any other question."""
    from assistant.query_ref import parse_question

    new, old = parse_question(q, today), parse_question(last, today)
    # 「人大那次批准了什么？」 after 「村干部天天填表迎检…有没有给基层减负？」, which named no
    # meeting: that body's meeting on the matter (bench/answers_dev80.jsonl bw074).
    points = ASKS_WHICH.search(q) or _ALSO_DONE.search(q) or (
        old.is_empty() and _THAT_ONE.search(q))
    if (not new.body or (new.number, new.year, new.month) != (None, None, None)
            or not points or _own_topic(q)):
        return ""
    matter = _matter_of(last)
    return f"{q} {matter}" if matter and old.body != new.body else ""


def _names_no_meeting(ref) -> bool:
    """No meeting, or a body alone: 「…人大哪次听的报告」 searches the body's meetings (bench/
    answers_dev49.jsonl ar067, once 人大哪次 named the body)."""
    # A body's meetings listed (「两会党员负责同志会议一共有几次」) are that body's meetings: 「2026年
    # 的那次」 picks one of them (tests/test_question.py, bench/answers_dev66.jsonl bi114).
    return replace(ref, body="").is_empty() and not (ref.body and ref.list_all)


def _on_its_matter(meeting: str, q: str, last: str) -> str:
    """``q`` asked of ``meeting``; 「具体咋说的」 also on the matter of ``last`` (「巡视整改那块呢」
    on 党工委2026年第4次), whose words it asks for, not the meeting's whole agenda (bench/
    answers_dev84.jsonl ca146)."""
    from assistant.query_ref import strip_references
    from assistant.question import topic_words

    matter = " ".join(topic_words(strip_references(last))) \
        if _DETAIL_ASK.match(q) and not _own_topic(q) else ""
    return " ".join(p for p in (meeting, matter, q) if p)


def _several_meetings(core: str, last: str, today: date | None) -> str | None:
    """``core`` naming two meetings or more, each completed from the last question's
    meetings (its year, body), with the last question's ask; None otherwise."""
    from assistant.query_ref import parse_references, strip_references

    news, olds = parse_references(core, today), parse_references(last, today)
    if len(news) < 2 or len(olds) < 2:
        return None
    body = next((r.body for r in olds if r.body), "")
    year = next((r.year for r in olds if r.year is not None), None)
    for ref in news:
        ref.body = ref.body or body
        ref.year = ref.year if ref.year is not None else year
    ask = " ".join(strip_references(last).split())
    return f"{'和'.join(r.describe() for r in news)} {ask}".strip()


# 「2025年的呢？」: a question left open, to be completed from the conversation.
_ENDS_OPEN = re.compile(r"呢[？?]?$")


def contextualize(question: str, previous: list[str] | None, today: date | None = None) -> str:
    """The question to answer, with context from the conversation where it is elliptical.

    Args:
        question: What the user just typed (normalised).
        previous: Earlier user questions in this conversation, oldest first (normalised).
        today: Resolves 今年/去年 in the previous question's reference.

    Returns:
        ``question`` unchanged unless it reads as a follow-up.
    """
    from assistant.query_ref import parse_question, strip_references

    q = question.strip()
    if not previous:
        return question
    last = previous[-1]
    ends_open = bool(_ENDS_OPEN.search(q))
    corrected = _corrected(q, previous, today)
    if corrected:
        return corrected
    listed = _about_listed_meetings(q, last, today)
    if listed:
        return listed
    calendar = _calendar_followup(q, previous, today, ends_open)
    if calendar:
        return calendar
    swapped_part = _swapped_part_of_year(q, last, today)
    if swapped_part:
        return swapped_part
    other = _other_matter(q, last, today)
    if other:
        return other
    pointed = _POINTER_THEN_OTHER.match(q)
    if pointed and lexicon.date_order().search(q):
        # 「2025年那次比政府工作报告早几天」 after 「两会党员负责同志会议2024和2025年各是哪天
        # 开的」: that year's meeting of the conversation, set beside the one named
        # (bench/answers_dev60.jsonl bc092).
        current, own = conversation_meeting(previous, today), parse_question(pointed.group(1), today)
        if current is not None and current.body:
            current.year = own.year if own.year is not None else current.year
            current.number = own.number if own.number is not None else current.number
            return f"{current.describe()}{q[pointed.end():]}"
    if not ends_open and _BACK_REFERENCE.search(q):
        # 「那次人大的会听取了哪些报告」 in a conversation about 人大常委会第19次: the body
        # named again is the conversation meeting's (bench/answers_dev47.jsonl ap012).
        new, current = parse_question(q, today), conversation_meeting(previous, today)
        if (current is not None and new.body and new.body == current.body
                and (new.number, new.year, new.month) == (None, None, None)
                and not current.list_all and not ASKS_WHICH.search(q)
                and (current.number is not None or current.month is not None)):
            return f"{current.describe()} {' '.join(strip_references(q).split())}"
    if (not ends_open and _BACK_REFERENCE.search(q) and parse_question(q, today).is_empty()
            and not (ASKS_WHICH.search(q) and _OTHER_MEETINGS.search(q))):
        # 「那次会上对…提了什么要求」 asks its own question about the last meeting; 「还有
        # 哪几次会提到过闽超」 asks for the others (bench/answers_dev44.jsonl am134).
        ref = parse_question(last, today)
        if not ref.is_empty():
            return _on_its_matter(ref.describe(), q, last)
    if ((_BACK_REFERENCE.search(q) or _ON_BODY.search(q)) and not ends_open
            and _names_no_meeting(parse_question(last, today))
            and (ASKS_WHICH.search(last) or _own_topic(last))):
        # 「开会提过没有」 asks about the meetings on a matter as much as 「哪些会提过」 does
        # (bench/answers_dev64.jsonl bg002).
        new = parse_question(q, today)
        # 「最早是哪次会上说的」 after 「开会提过飞线充电没有」: the first meeting on that matter
        # (bench/answers_dev68.jsonl bk002).
        ordered = new.earliest or new.latest
        if ((not new.is_empty() or ordered) and new.number is None
                and (not ASKS_WHICH.search(q) or ordered) and not _own_topic(q)):
            # 「2026年那次具体咋说的？」 after 「电动车乱拉线充电的事，哪些会提过？」: that
            # year's meeting on the matter just asked about (bench/answers_dev13.jsonl w015).
            return _with_matter_of(last, q)
    if (_ALSO_DONE.search(q) and ASKS_WHICH.search(last)
            and _names_no_meeting(parse_question(last, today))
            and not parse_question(q, today).is_empty()):
        # 「2025年第16次主任办公会上也学过吧，咋说的」 after 「哪次会集体学习了法治政府建设」:
        # that meeting, on the matter just asked about (bench/answers_dev41.jsonl aj106).
        return _with_matter_of(last, q)
    step = _NEIGHBOUR_THEN_ASK.match(q)
    if (step and step.group(2).strip("，,？? ") and not ends_open
            and parse_question(step.group(2), today).is_empty()):
        # 「那下一次是哪天？」 after 「2025年第9次主任办公会是哪天开的？」: the next meeting of
        # that body and year, asked its own question (bench/answers_dev33.jsonl ab134).
        current = conversation_meeting(previous, today)
        if current is not None and current.number is not None:
            current.number += _NEIGHBOUR_STEP[step.group(1)]
            return f"{current.describe()} {step.group(2).strip('，, ')}"
    other_body = _other_body_on_matter(q, last, today)
    if other_body:
        return other_body
    split = _ELLIPSIS_THEN_ASK.match(q)
    if split:
        merged = _merged(split.group(1), parse_question(split.group(1), today),
                         parse_question(last, today))
        if merged is not None:
            matter = _matter_of(last) if merged.number is None and not _own_topic(split.group(2)) \
                else ""
            # 「党工委那边呢？哪几次」 after 「审计反馈问题整改，主任办公会研究过几次」: the
            # other body's meetings on the same matter (bench/answers_dev60.jsonl bc054).
            return " ".join(p for p in (merged.describe(), matter, split.group(2)) if p)
    if (q.startswith("那") or _NEIGHBOUR.match(q)) and not ends_open:
        # 「那第15次会上又汇报了哪些…」 after 「26年第8次主任办公会…」: the number is new,
        # the year and body are the conversation's (bench/answers_dev12.jsonl v052).
        new, old = parse_question(q, today), parse_question(last, today)
        if not new.is_empty() and (new.year is None or not new.body) and not ASKS_WHICH.search(q):
            merged = _merged(q, new, old)
            if merged is not None:
                return f"{merged.describe()} {_NEIGHBOUR.sub('', strip_references(q))}"
    core = re.sub(r"^(?:那么|那|还有)|的?呢[？?]?$", "", q).strip("，, ")
    several = _several_meetings(core, last, today) if ends_open else None
    if several:
        # 「那2023年的第5次和第6次呢？」 after 「2024年第5次和第6次主任办公会隔了几天」: each
        # meeting takes what it leaves out from the last question's, which asked of two
        # (bench/answers_dev60.jsonl bc021).
        return several
    # 「那2025年12月31日那次经济工作会议呢」 is long only for its meeting's name
    # (bench/answers_dev23.jsonl w073).
    only_meeting = len("".join(strip_references(core).split())) <= _MAX_BARE_REST
    if (len(q) <= _MAX_CHARS or only_meeting) and _FOLLOWUP.search(q):
        new, old = parse_question(core, today), parse_question(last, today)
        if old.is_empty() and _NEIGHBOUR.search(core):
            # 「那下一次委员会议呢」 after a question on a matter of the meeting named a turn
            # before: the next one after that meeting (bench/answers_dev40.jsonl ai017).
            old = conversation_meeting(previous, today) or old
        if (_names_whole_meeting(new) and _asks_its_own(core) and not ends_open
                and not _ALSO_DONE.search(core)):
            # 「那2023年第6次主任办公会讲了啥」 after 「零散业态数据归集具体咋部署的」: a
            # meeting named in full with a question of its own carries nothing over
            # (bench/answers_dev32.jsonl aa044).
            return question
        merged = _merged(core, new, old)
        if merged is not None and not merged.body:
            # 「2022年第5次呢」 after 「2024年第5次呢，审议通过了什么」: the body is the
            # conversation's, named turns before (bench/answers_dev25.jsonl b133).
            merged.body = (conversation_meeting(previous, today) or old).body
        if merged is not None:
            # 「那2025年的第19次呢？」 after 「2024年第19次主任办公会审议了什么」: the new
            # fields replace the old ones in one reference, the old question's rest stays.
            rest = " ".join(_NEIGHBOUR.sub("", strip_references(core)).replace("的", " ").split())
            if merged.months and not new.quarter:
                rest = _PART_OF_YEAR.sub("", rest)  # read into the months above
            rest = _MONTH_STEP.sub("", rest)
            before = _without_departments(strip_references(last)) if _names_department(core) \
                else strip_references(last)
            return f"{merged.describe()} {rest} {' '.join(before.split())}".strip()
        # 「那规范性文件清理有啥要求」 two turns after the meeting was named (a topic
        # question in between): the conversation's meeting (bench/answers_dev5.jsonl h109).
        current = conversation_meeting(previous, today) or old
        if (core and not ends_open and new.is_empty() and ASKS_WHICH.search(core)
                and not _BACK_REFERENCE.search(q)):
            # 「那公租房办法是哪次会通过的？」 asks which meeting: not the one just discussed
            # (bench/answers_dev44.jsonl am053); 「那次会是哪天开的？同时合并开了什么会？」
            # is about it (answers_dev19.jsonl s026).
            return core
        if core and not ends_open and new.is_empty() and not current.is_empty():
            # 「那地区生产总值目标定的多少？」 asks its own question (no 呢): only the
            # meeting carries over, not what the last question asked (谁主持).
            return _on_its_matter(current.describe(), core, last)
        if (core and not ends_open and new.is_empty() and current.is_empty()
                and _asks_its_own(core) and _own_topic(core) and not core.startswith("对")
                and not _names_department(core) and not _BACK_REFERENCE.search(q)):
            # 「那群众反映的这些问题具体有哪些？」 after 「建筑垃圾那件事牵头单位是哪个局？」,
            # no meeting named yet: a matter and an ask of its own carry nothing over (the
            # last question's 牵头单位 was asked again: bench/answers_dev83.jsonl bz046).
            return core
        addressee = _ADDRESSEE.search(last)
        if core.startswith("对") and addressee and not _asks_its_own(core):
            # 「那对欠薪呢」 after 「赖军对法院提了啥要求」: the new 对… takes the old one's
            # place, or both would be asked (bench/answers_dev10.jsonl t090).
            return last[:addressee.start(1)] + core[1:] + last[addressee.end(1):]
        swapped = _swap_department(core, last)
        if swapped:
            return swapped
        pointed = _POINTED_TOPIC.search(last)
        if (pointed and core and not _asks_its_own(core)
                and parse_question(core, today).is_empty()):
            # 「那双拥工作呢」 after 「安全生产那块怎么要求的」: the new topic takes the old
            # one's place (bench/answers_dev11.jsonl u106).
            return last[:pointed.start(1)] + core + last[pointed.end(1):]
        return f"{core} {last}" if core else last
    if ((_BACK_REFERENCE.search(q) or _ADDRESSED_ASK.search(q)) and not ASKS_WHICH.search(q)
            and parse_question(q, today).is_empty()):
        ref = parse_question(last, today)
        if not ref.is_empty():
            return _on_its_matter(ref.describe(), q, last)
        if len(re.sub(r"[\s，。？！?!,]", "", q)) <= _MAX_BARE_CHARS:
            # 「具体咋说的？」 after 「停车难这事有没有会研究过？」: no meeting to carry,
            # so the matter asked about is (bench/answers_dev13.jsonl w136).
            return f"{last} {q}"
    return _with_conversation_body(q, previous, today) or question


_BARE_ORDINAL = re.compile(r"^(?:那|那么)?(?:年底|年末|年初|年中)?(?:的)?第([0-9一二三四五六七八九十]+)次")
# 「2025年那次」: a year that points at one of the conversation's meetings.
_THAT_ONE = re.compile(r"那次|那个|那场|那回|同一次|这次")


def _with_conversation_body(q: str, previous: list[str], today: date | None) -> str:
    """「2025年那次公安局有人参加吗」「2025年第5次审议的方案叫什么」 in a conversation about the
    两会党员负责同志会议 or the 主任办公会: a year or number without a body means the
    conversation's body (bench/answers_dev25.jsonl b032, b133), else ""."""
    from assistant.query_ref import parse_question, strip_references

    new = parse_question(q, today)
    bare = _BARE_ORDINAL.search(q)
    if new.number is None and bare and not new.body:
        # 「第3次那个研究了啥」: an ordinal alone, which only the conversation gives a body.
        from ingest.numerals import parse_cn_int

        new.number = parse_cn_int(bare.group(1))
    if new.body or new.list_all or not (new.number is not None or (
            new.year is not None and _THAT_ONE.search(q))):
        return ""
    # 「第3次那个研究了啥」 right after 「2025年党工委一共开了哪几次委员会议」: of the meetings
    # just listed (bench/answers_dev25.jsonl b005).
    current = conversation_meeting(previous, today) or _listed_meetings(previous, today)
    if current is None or not current.body:
        return ""
    merged = _merged(q, new, current)
    if merged is None:
        return ""
    if (_THAT_ONE.search(q) and new.number is None and merged.number is None
            and current.number is not None and (new.year in (None, current.year)
                                                or current.year is None)):
        # 「26年那次讲安全生产了吗」 in a conversation about 2026年第1次: that year's meeting
        # is the one the conversation is about (bench/answers_dev32.jsonl aa022); after
        # 「党工委第二次会议研究了什么」, which named no year, the year picks one of them
        # (bench/answers_dev47.jsonl ap014).
        merged.number = current.number
    return f"{merged.describe()} {' '.join(strip_references(q).split())}"


# 「我问的是人大常委会那个，哪天开的？」: the last meeting, corrected (bench/answers_dev47.jsonl
# ap011); what follows the comma is the question, else the last one is asked again.
_CORRECTION = re.compile(r"^(?:不是[，,]?\s*)?我(?:问|说|指)的是([^，,？?]{1,24}?)(?:那个|那次|那场|的)?"
                         r"(?:[，,]\s*(.*))?[？?]?$")


def _corrected(q: str, previous: list[str], today: date | None) -> str:
    """The question a correction of the conversation's meeting asks, else ""."""
    from assistant.query_ref import parse_question, strip_references

    m = _CORRECTION.match(q)
    if m is None:
        return ""
    old = conversation_meeting(previous, today)
    new = parse_question(m.group(1), today)
    if old is None or new.is_empty():
        return ""
    merged = _merged(m.group(1), new, old)
    if merged is None:
        return ""
    ask = (m.group(2) or "").strip() or strip_references(previous[-1])
    return f"{merged.describe()} {' '.join(ask.split())}"


def _listed_meetings(previous: list[str], today: date | None):
    """The meetings the last question listed (「2025年党工委开了哪几次」), as one reference."""
    from assistant.query_ref import parse_question

    ref = parse_question(previous[-1], today) if previous else None
    return replace(ref, list_all=False) if ref is not None and ref.list_all and ref.body else None


# 「上一次会有没有提到殡葬」「那次会…」: a question that moves along or stays on the meeting.
_MEETING_POINTER = re.compile(r"[上下前后]一?次|同一次|那次|这次|上次|该次")


def swap_base(question: str, previous: list[str], today: date | None = None) -> int | None:
    """Where an elliptical meeting swap takes its question from, when not the last turn.

    「2025年第20次呢？」 after 「2024年第20次主任办公会研究了哪些事」「殡葬那块每户补多少钱」
    asks the first question of the other meeting: five blind writers meant so (bench/
    answers_dev38.jsonl ai079, ai057, ai062; answers_dev44.jsonl am037, am101). The last turn
    asked a matter of that meeting in words of its own; a chain of swaps (「公安局呢」) or
    a turn that itself moved (「上一次会有没有提到殡葬」) is carried as before.

    Args:
        question: The follow-up (normalised).
        previous: Earlier questions as typed (normalised), oldest first.

    Returns:
        The index of the turn that named the meeting, or None to use the last turn.
    """
    from assistant.query_ref import parse_question

    q = question.strip()
    if len(previous) < 2 or len(q) > _MAX_CHARS or not _ENDS_OPEN.search(q):
        return None
    core = re.sub(r"^(?:那么|那|还有|再)|的?呢[？?]?$", "", q).strip("，, ")
    new = parse_question(core, today)
    if (new.is_empty() and not _NEIGHBOUR.fullmatch(re.sub(f"^{_STEP_LEAD}", "", core))) \
            or _own_matter(core) or _names_department(core):
        return None
    last = previous[-1].strip()
    if (_ENDS_OPEN.search(last) or _MEETING_POINTER.search(last)
            or not parse_question(last, today).is_empty() or ASKS_WHICH.search(last)):
        return None
    for i in range(len(previous) - 2, -1, -1):
        ref = parse_question(previous[i], today)
        if not ref.is_empty():
            return None if ref.list_all else i
    return None


def conversation_meeting(previous: list[str], today: date | None = None):
    """The meeting the conversation is about: the latest one an earlier question named
    (a list question, 「哪几次主任办公会…」, names no one meeting).

    Returns:
        Its :class:`~assistant.query_ref.MeetingRef`, or None.
    """
    from assistant.query_ref import parse_question

    for i in range(len(previous) - 1, -1, -1):
        ref = parse_question(previous[i], today)
        if not ref.is_empty() and not ref.list_all:
            if i and _CORRECTION.match(previous[i].strip()):
                # 「我问的是人大常委会那个」 names only what it corrects: the meeting is the
                # corrected one (bench/answers_dev47.jsonl ap012).
                resolved = parse_question(contextualize(previous[i], previous[:i], today), today)
                return resolved if not resolved.is_empty() else ref
            return ref
    return None
