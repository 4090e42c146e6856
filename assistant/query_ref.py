"""Read a meeting reference (2025年第5次主任办公会, 10月14日的指挥部会议) out of a question.

The reference restricts retrieval to the matching reports, so a number is only taken from a
meeting ordinal (第N次…会议), never from 三年行动 or 十八届, and a year only when it qualifies
a meeting (2025年第5次, 2025年召开的, 2025年政府工作报告), not a topic (2025年预算).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from assistant import lexicon
from ingest.metadata import BODY_PATTERNS, NUM
from ingest.numerals import parse_cn_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_STOP = "，。？！?!；;、\\s"

# Question-only shorthands; titles always spell the body out, questions often do not.
_ALIASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # 「对政府工作报告咋决议的」 (answers_dev15.jsonl y139): the resolution, not the report.
        ("决议", r"(?:(?:关于)?政府工作报告[^，。？]{0,4}?)?决议"),
        # 「25年第7次主任会」 (answers_dev27.jsonl i059): the director's office meeting, short.
        ("主任办公会", r"办公会|主任会(?![议见商谈晤])"),
        ("党工委会议", r"党工委(?!副?书记|委员(?!会))|委员会议"),
        # 「重点项目建设总指挥部要起啥作用」 names an office the reports task, not a
        # meeting (bench/answers_dev46.jsonl ao045): no meeting body here is a 总指挥部.
        ("指挥部会议", r"(?<!总)指挥部"),
        # 「人大第十九次会议」: a numbered sitting is the standing committee's (the congress
        # itself is 「十八届人大四次会议」, no 第; bench/answers_dev8.jsonl n123).
        # 「人大那边听过地下水的报告吗」 (bench/answers_dev62.jsonl be049): the county's
        # standing committee, whose sittings are the records' 人大 meetings.
        ("人大常委会", r"人大工委|人大[^，。？]{0,4}?常委会|(?<!届)(?<!全国)人大(?=第|[0-9一二三四五六七八九十]+次"
                   r"|那边|那头|那里|方面"
                   # 「人大那次批准了什么」 (bench/answers_dev80.jsonl bw074).
                   r"|那次|那回|那个会|开会|的会"
                   # 「…是在人大哪次会上报告的」 (bench/answers_dev83.jsonl bz031).
                   r"|哪[一几]?次|哪个会|几次)"),
        # 「24年两会那个会检察院是谁参加的」 (answers_dev15.jsonl y120): the only 两会 meeting.
        ("两会党员负责同志会议", r"党员负责同志|两会(?:那个|那次|的)?会"),
        # 「2023年国务院报告专项债安排了多少」 (answers_dev13.jsonl w012).
        ("政府工作报告", r"国务院(?:的|那个)?(?:工作)?报告"),
    )
)
_ORDINAL = re.compile(
    # 「人大第二十五次专题询问」 (answers_dev.jsonl d069): the 专题询问 of that sitting.
    # 「党工委25年第7次会对关工委说了啥」: 会 alone (answers_dev10.jsonl t053), not 会见/会商.
    # 「第5次公安局也有人参会吗」 (bench/answers_dev40.jsonl ai131): who sat in names the meeting.
    f"第({NUM})次(?=[^{_STOP}]{{0,12}}?(?:会议|办公会|主任会|常务会|常委会|委员会|专题询问|参会|与会)"
    f"|[的呢吧吗嘛{_STOP}]|会(?![见商谈晤])|$"
    # 「26年第一次党工委会审议通过了哪些报告」: the body's 会 for 会议 (bench/answers_dev69.jsonl bl098).
    f"|(?:党工委|管委会)会(?![见商谈晤])"
    # 「下一次，第13次讲了啥」 (answers_dev13.jsonl w031): what the meeting did follows it.
    # 「25年第21次到底研究的啥」 (bench/answers_dev85.jsonl cb023).
    f"|(?:又|还|都|上|也|到底|究竟|具体|主要)?(?:讲|说|研究|审|部署|通过|定|听|议|学|传达|提|开|要求)"
    # 「那第23次又是怎么要求的？」 (bench/answers_dev83.jsonl bz062).
    f"|(?:又|还|都|也)?是?(?:怎么|咋|如何|怎样)"
    # 「那第二十二次是谁主持的」 (bench/answers_dev40.jsonl ai032).
    f"|是(?:谁|哪|什么|几)"
    # 「党工委25年第1次 几号开的」「第15次哪天开的」 (bench/answers_dev59.jsonl bb094).
    f"|几[号月日点]|哪天|哪一天|(?:什么|啥)时候"
    # 「跟第12次隔了多久」「第5次比第6次早几天」: its date set beside another's (data/date_order.txt).
    f"|隔|相隔|间隔|相差|差了|比|早了?几|晚了?几"
    # 「第4次不是3月开的吗」: a day said of it, to be checked (bench/answers_dev61.jsonl bd005).
    f"|(?:不是|是不是|是)(?:\\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
    f")"
    # 「人大21次会听取了哪几个报告」 (answers_dev12.jsonl v013): no 第, 会 alone.
    f"|(?<=常委会)({NUM})次(?!会[见商谈晤])|(?<=人大)(?<!届人大)(?<!全国人大)({NUM})次(?!会[见商谈晤])"
    # 「党工委13次会」「25年9次办公会」「二十五次人大常委会」: no 第, right after a year or a
    # body, or opening the question, and a meeting word follows (not 开了九次会).
    # 「二十四次人大常委会会议有没有…」 opens the question (answers_dev33.jsonl ab103).
    # 「2023年两次主任办公会第5次、第6次」: 两次 counts meetings, it never names one (answers_dev76 bs073).
    f"|(?:(?<=年)|(?<=党工委)|(?<![^\\s，,。？?]))(?!两)({NUM})次"
    f"(?=会(?![见商谈晤])|主任办公会|主任会|办公会|委员会议?|常委会|人大|党工委)"
    # 「党工委2号会 日期」: typed tersely, N号 right after the body numbers its meeting
    # (bench/answers_dev78.jsonl bu004); 「党工委3月2号会」 is a day (月 before it).
    f"|(?<=党工委)({NUM})号会(?![见商谈晤])"
)
_MD = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_DATE = re.compile(f"(?<!\\d)({_MD})月份?(?:({_MD})[日号])?")
# 「24年第6次主任办公会是4月17号开的吧」「第4次不是3月开的吗」: a day said of a meeting named by
# its number, to be checked (bench/answers_dev61.jsonl bd052, bd005).
_CLAIMED = re.compile(r"(?:\d{1,2}[日号])?(?:开的|召开的)(?:吧|吗|嘛|么|\?|？|$)")
# 「2025年No.17主任办公会」 (bench/answers_dev29.jsonl l013): No.17 is 第17次.
_NO_ORDINAL = re.compile(r"(?<![A-Za-z])[Nn][Oo]\.?\s*(\d{1,3})(?!\d)")
# A date the news was published on (bench/answers_dev30.jsonl o074), not the meeting's.
_PUBLISHED = re.compile(r"[^，。？]{0,2}?(?:发的|发布|发稿|见报|刊发|登的|报道的)")
# 「25年第9次办公会」: staff write the year in two digits too (2010–2039 only,
# and, like a four-digit year, only where a meeting follows: 工作25年 is no year).
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年|(今年|去年|前年|明年)"
                        # 「再延30年」「满20年」 are spans of time (answers_dev13.jsonl w138).
                        r"|(?<![\d.延满近超达约逾了去过长期])([1-3]\d)年")
# What may follow 'YYYY年' when the year dates a meeting rather than a topic.
# A part of the year stands for its meetings only where meetings held in it follow
# (「一季度开了哪些会」「上半年党工委开了几次」); 「一季度地区生产总值」「保一季度的措施」 are topics
# (bench/answers_dev*.jsonl w093, c065 were lost when every 季度 was read as months).
_HELD_AFTER = r"(?=[里内]?(?:都|一共|总共|共)?(?:开[了过的会]|召开|党工委|人大|管委会|主任))"
_YEAR_FOLLOW = re.compile(
    # 「26年到现在开了几次」 (answers_dev10.jsonl t073): from that year on.
    # 「25年初那个经济工作会议」「25年底那次」 (answers_dev15.jsonl y123, y126).
    f"(?:度?的?第|[上下]半年|第?[一二三四1-4]季度{_HELD_AFTER}|{_MD}月?份?(?:到|至|、){_MD}月|[0-9一二三四五六七八九十两]+次|的?最[后近新]一?[次场个回]|年?[初底末](?=那|的)|的?那[次个场]|{_MD}月|哪|几|所有|全部|历次|各次|共|一共|总共|先后|期间|以来|[内里]|召开|举行|开了|开过|开的"
    f"|(?:到|至)(?:现在|今|目前)"
    # 「2026年会议 区重点项目计划…」: how describe() writes a year's meetings, as a follow-up
    # rewrites 「那26年的呢」 (bench/answers_dev85.jsonl cb051).
    f"|会议"
    # 「储备粮轮换方案去年是哪天审的」: the year it was held in (bench/answers_dev61.jsonl bd099).
    f"|是(?=哪[天次个场]|几[号月]|什么时候|啥时候)"
    # 「25年、26年分别是哪次办公会通过的」「2026年各在哪次会研究」: each year's meeting
    # (bench/answers_dev76.jsonl bs008, bs037).
    f"|分别|各(?=[在是由于])"
    # 「2026年赖军主持的党工委委员会议都有哪些」「2026年黄建波主持了哪些会」: the year of the
    # meetings someone chaired (bench/answers_dev84.jsonl ca045).
    f"|[\u4e00-\u9fff]{{2,4}}主持(?:召开)?[的了过]"
    f"|的[^{_STOP}]{{0,8}}?(?:会|报告|决议)|[{_STOP}]|$"
    # 「2026年讲法治政府那次会」: the year of the meeting its subject describes (answers_dev24 a062).
    f"|(?:讲|说|研究|审议|听|部署|学习|批|通过)[^{_STOP}]{{1,16}}?那[次个场回](?=[^{_STOP}]{{0,4}}会)"
    # 「2023年国务院报告专项债安排了多少」 (answers_dev13.jsonl w012): the report's year.
    f"|(?:国务院|政府)(?:政府)?(?:工作)?报告"
    # 「2025年对商务局的要求」「2025年各部门…」: requirements made at that year's meetings.
    f"|对[^{_STOP}]{{1,12}}?(?:局|委|办|部门|单位|中心)|各(?:部门|单位|级))"
)
# 「党工委上次会说啥了」「人大最后一次常委会」「最近一次主任办公会」 with no conversation
# before it: the latest such meeting in the records (bench/answers_dev35.jsonl, 「党工委上次会
# 说啥了」 was answered with all 17 of them). 上个月 is a month, not a meeting.
# 「十五五规划最早是哪次会提的」「头一回讲台湾小镇是哪天」: the first meeting on a matter
# (bench/answers_dev60.jsonl bc047). 「第一次主任办公会」 is an ordinal, not this.
# 「头一回是哪次会、哪天」 after 「…前后上过几次会」 asks the first of them, not meeting No. 1
# (bench/answers_dev85.jsonl cb025).
_EARLIEST = re.compile(r"最早|最先|首次|头一[次回](?=[^，。？]{0,2}(?:提|讲|说|研究|部署|审|听|出现))"
                       r"|(?:头一[次回]|第一回)(?=是?(?:哪[次回天个]|啥时|什么时候|几月|在哪))"
                       # 「主任办公会第一次专门听汇报是哪次」 (bench/answers_dev85.jsonl cb028).
                       r"|第一[次回](?=(?:专门|单独|正式)?(?:提|讲|说|研究|部署|出现|听取?汇报))")
# 「跟第一次比有啥新提法」 compares with the first meeting on the matter, names no meeting
# (bench/answers_dev85.jsonl cb009); 「跟第一次主任办公会比」 keeps its ordinal.
_COMPARED_FIRST = re.compile(r"(?:跟|和|与|同|比起)(?:头一|第一)[次回](?:那次|的)?(?:比|相比|比较|对比)"
                             r"(?![^，。？]{0,6}会)")
_LATEST = re.compile(r"(?:最近|最新|最后|末)的?一?[次回场个]|上一?[次回场](?![^，。？]{0,3}(?:提到|说到|讲到|说的|讲的))")
# 「2026年头一次党工委委员会议」 says 第1次 the everyday way (bench/answers_dev38.jsonl ag023).
_FIRST_ONE = re.compile(r"头一[次回](?=[^，。？]{0,10}会)")
_YEAR_END = re.compile(r"年[底末](?=那|的)")
# Spans of a year that stand for its meetings' months: 「25年下半年开的」「2025年初的经济工作会议」
# (the January one, not December's of the same year: bench/answers_dev15.jsonl y123).
SPANS = {"上半年": (1, 6), "下半年": (7, 12), "年初": (1, 3)}


def quarter_months(n: int) -> tuple[int, int]:
    """The first and last month of the year's ``n``-th quarter."""
    return 3 * n - 2, 3 * n


_SPAN_NAMES = {span: word.removeprefix("年") for word, span in SPANS.items()} | {
    quarter_months(n): f"{'一二三四'[n - 1]}季度" for n in (2, 3, 4)}
_SPAN = re.compile(r"(?<=年)([上下]半年)|年(初)(?=那|的|开|召开|党工委|人大|管委会|主任|经济)"
                   # 「上半年党工委开了几次」 with no year: that half of every year, said so.
                   r"|(?<![^\s，,。？?那这])([上下]半年)" + _HELD_AFTER)
# 「2025年3月到5月」「3、4月份」: a run of months (a meeting in any of them).
_MONTH_RANGE = re.compile(f"(?<!\\d)({_MD})月?份?(?:到|至|—|–|-|~|～|、)({_MD})月份?")
# 「今年一季度开了哪些会」「2025年第一季度」: the quarter's months, not its 季度工作会议
# (_QUARTER, _LOOSE_QUARTER).
_QUARTER_OF_YEAR = re.compile(r"第?([一二三四1-4])季度" + _HELD_AFTER)
# 「党工委第9次委员会议（2025）」: the year in brackets after the meeting's name
# (bench/answers_dev32.jsonl aa125).
_BRACKET_YEAR = re.compile(r"(?<=[会议次])[（(]((?:19|20)\d{2})年?[)）]")
# 「2026第2次会议」: typed in pinyin without 年 (「danggongwei 2026 di2ci huiyi」, bench/answers_dev59.jsonl
# bb088), a year straight before the ordinal is the meeting's.
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?=第)")
_QUARTER = re.compile(r"([一二三四1-4])季度(?:工作)?会")
# 「党工委那个三季度的会」 says 三季度工作会议 loosely (bench/answers_dev22.jsonl v043).
# 「三季度的会」「三季度那次」 (bench/answers_dev28.jsonl j122): the quarter's work meeting.
_LOOSE_QUARTER = re.compile(r"([一二三四1-4])季度(?:(?:的|那个|那次)会(?:议)?|那次|那场|那个(?!季))")
RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
# Years counted from the meeting a conversation is about, not from today: 「上一年的同一天」
# (assistant/answer.py), 「那上一年第2次的呢」 (assistant/question.py).
YEARS_FROM_MEETING = {"上一年": -1, "前一年": -1, "头一年": -1, "下一年": 1, "后一年": 1}
_LIST_ALL = re.compile(
    # 「传达学习了哪些会议精神」 asks what was relayed, not which meetings (answers_dev32 aa125).
    # 「库里有哪几年的国务院政府工作报告」 asks for each year's report (answers_dev54 aw126).
    # 「哪些部门在会上做了汇报」 asks who at one meeting (bench/answers_dev88.jsonl ce014).
    f"哪些(?![^{_STOP}]{{1,6}}?在会上)[^{_STOP}]{{0,6}}?会(?!议?精神)|哪几年|哪些年份|哪几次|哪几个会(?!议?精神)|多少次|(?<!第)几次|(?<!第)几回|所有|全部(?!(?:完成|发完|办完|建成|到位|落实|完工|交付|投用|实现|覆盖|纳入|清零|拆除))|列出|列举|历次|各次|每次|每一次"
    # 「人大常委会开过的会都给我列一下」 (bench/answers_dev82.jsonl by006).
    "|开过的会|会议?都?(?:给我|帮我)?列一下"
    # 「2026年赖军主持的党工委委员会议都有哪些」 (bench/answers_dev84.jsonl ca045).
    "|会议?都?有哪些[？?。!！]?$"
)


class Relation(Enum):
    """Meetings held after or before the one a follow-up is about (「这事后来又在哪些会上
    提过」, data/relative_cues.tsv)."""

    AFTER = "after"
    BEFORE = "before"


@dataclass
class MeetingRef:
    """A meeting named in a question; every field is optional.

    Attributes:
        number: Meeting ordinal (第N次).
        year: Year of the meeting.
        month: Month of the meeting.
        day: Day of the month.
        body: Normalised body name (the ``ingest.metadata`` vocabulary), ``""`` if unnamed.
        list_all: The question asks for every matching meeting (哪些会议, 哪几次, 所有, 列出).
        latest: The question asks for the latest of the matching meetings (「党工委上次会」
            「人大最后一次常委会」); it narrows only a reference that names a body or a year.
            With a matter (「上回讲防汛是哪天」) it asks for the latest meeting that took it up.
        earliest: The question asks for the first meeting that took a matter up (「十五五规划
            最早是哪次会提的」「首次」).
    """

    number: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    body: str = ""
    list_all: bool = False
    quarter: int | None = None  # 二季度工作会议
    latest: bool = False
    earliest: bool = False
    # 「2025年下半年开的人大常委会」: the first and last month of a span of the year
    # (bench/answers_dev29.jsonl l063 was declined: the half year was not read).
    months: tuple[int, int] | None = None

    def is_empty(self) -> bool:
        """True when the question names no meeting (``list_all`` alone does not count).

        Returns:
            Whether number, year, month, day and body are all unset.
        """
        return (self.number, self.year, self.month, self.day, self.quarter, self.months) \
            == (None,) * 6 and not self.body

    def describe(self) -> str:
        """Chinese description for messages, e.g. ``2025年第5次主任办公会``.

        Returns:
            The description, ``""`` for an empty reference.
        """
        if self.is_empty():
            return "所有会议" if self.list_all else ""
        when = f"{self.year}年" if self.year else ""
        if self.month:
            when += f"{self.month}月" + (f"{self.day}日" if self.day else "")
        elif self.months:
            when += _SPAN_NAMES.get(self.months, f"{self.months[0]}—{self.months[1]}月")
        what = (f"第{self.number}次" if self.number else "") + (self.body or "会议")
        if self.quarter:
            what = "一二三四"[self.quarter - 1] + what
        if self.body.endswith("常委会"):  # 人大常委会第23次会议, not 第23次人大常委会
            what = self.body + (f"第{self.number}次" if self.number else "") + "会议"
        if self.list_all:
            what = "所有" + what
        return f"{when}的{what}" if self.month and not self.number else when + what


# Dates typed with digits and dots, slashes or dashes: 「3.20开的是啥会」「4.29开的主任办公会」
# 「25年12.29那次会」「2025-03-20开的会」 (bench/answers_dev88.jsonl ce110, ce112). A month and
# day alone must be followed by what dates a meeting, so 「增长5.2」「3.5亿」 stay numbers.
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-./．／]\s*(\d{1,2})\s*[-./．／]\s*(\d{1,2})(?!\d)")
_SHORT_DATE = re.compile(r"(?<![\d.．/／\-长降高达约占为超了比率])(\d{1,2})[.．/／](\d{1,2})"
                         r"(?![\d.．/／%％])[号日]?"
                         r"(?=那天|那次|那回|这天|当天|开|召开|举行|的会|的主任|的党工委|的人大"
                         r"|的常|的经济|会|$|[？?])")


def _as_date(m: re.Match[str], year: str = "") -> str:
    month, day = int(m.group(m.lastindex - 1)), int(m.group(m.lastindex))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m.group(0)
    return f"{year}{month}月{day}日"


def spell_dates(q: str) -> str:
    """``q`` with dates typed in digits (2025-03-20, 3.20) written as 2025年3月20日, 3月20日."""
    q = _FULL_DATE.sub(lambda m: _as_date(m, f"{m.group(1)}年"), q)
    return _SHORT_DATE.sub(_as_date, q)


def with_order(q: str, order: str) -> str | None:
    """The question ``q`` that asked the earliest (or latest) meeting on a matter, asking the
    ``order`` one instead (``"latest"`` or ``"earliest"``); None when ``q`` asked neither.
    「治理欠薪最早是在哪次会上提的」 then 「最近一次是哪次」 (bench/answers_dev85.jsonl cb009)."""
    word = "最近一次" if order == "latest" else "最早"
    for pattern in (_EARLIEST, _LATEST):
        hit = pattern.search(q)
        if hit:
            return q[:hit.start()] + word + q[hit.end():]
    return None


def _first_one(q: str) -> str:
    """「头一次党工委委员会议」 as 第1次, unless it asks the first meeting on a matter
    (「头一回讲台湾小镇是哪次会」, _EARLIEST)."""
    return q if _EARLIEST.search(q) else _FIRST_ONE.sub("第1次", q)


def parse_question(q: str, today: date | None = None) -> MeetingRef:
    """Read the meeting a question refers to.

    Args:
        q: The normalised (Simplified Chinese) question.
        today: Resolves 今年/去年/前年/明年; without it relative years are ignored.

    Returns:
        The reference; fields the question does not state stay unset.
    """
    q = _LOOSE_QUARTER.sub(r"\1季度工作会议", q.translate(_FULLWIDTH))
    q = _COMPARED_FIRST.sub("", q)
    earliest = bool(_EARLIEST.search(q))
    q = _first_one(_NO_ORDINAL.sub(r"第\1次", q))
    ref = MeetingRef(list_all=bool(_LIST_ALL.search(q)))
    ref.latest = not ref.list_all and bool(_LATEST.search(q))
    ref.earliest = not ref.list_all and not ref.latest and earliest
    ordinal = _ORDINAL.search(q)
    if ordinal:
        ref.number = parse_cn_int(next(g for g in ordinal.groups() if g))
    ref.year = _year(q, today)
    if ref.number is not None and ref.year is not None:
        # 「最近一次主任办公会是2026年第18次吧？」 names the meeting it means: that one, which
        # may not be in the records, not the latest there is (bench/answers_dev85.jsonl cb125).
        ref.latest = ref.earliest = False
    run = _MONTH_RANGE.search(q)
    if run:
        first, last = parse_cn_int(run.group(1)), parse_cn_int(run.group(2))
        if first and last and 1 <= first < last <= 12:
            ref.months = (first, last)
    for m in _DATE.finditer(q) if ref.months is None else ():
        if ordinal and _CLAIMED.match(q, m.end()):
            continue  # 「第6次是4月17号开的吧」: a day to check, not the meeting's name
        if _PUBLISHED.match(q, m.end()):
            continue  # 「新闻是3月2号发的」: the report's publication, not the meeting's day
        month, day = parse_cn_int(m.group(1)), parse_cn_int(m.group(2) or "")
        if month and 1 <= month <= 12:
            ref.month = month
            ref.day = day if day and 1 <= day <= 31 else None
            break
    year_end = _YEAR_END.search(q) if ref.month is None else None
    # 「年底那次经济工作会议」 with no year: December's still (bench/answers_dev40.jsonl ai040).
    if year_end and (ref.year is not None or _season_then_body(q, year_end.start() + 1)):
        # 「25年底那个经济工作会议」: December's (answers_dev15.jsonl y126; the January
        # one is the same year's too). 年初 is a span of months, read below (SPANS).
        ref.month = 12
    span = _SPAN.search(q) if ref.month is None and ref.months is None else None
    if span and (ref.year is not None or span.group(3)):
        ref.months = SPANS[span.group(1) or span.group(3) or "年" + span.group(2)]
    quarter_of_year = _QUARTER_OF_YEAR.search(q) if ref.month is None and ref.months is None else None
    if quarter_of_year:
        ref.months = quarter_months(parse_cn_int(quarter_of_year.group(1)))
    quarter = _QUARTER.search(q)
    # 「党工委那个三季度工作会议」: the body glued to the quarter is the one asked about.
    ref.body = _body(q, ordinal.end() if ordinal else (quarter.start() if quarter else None))
    if quarter:
        ref.quarter = parse_cn_int(quarter.group(1))
    return ref


def claimed_day(q: str) -> tuple[int, int | None] | None:
    """The day a question says a meeting it names by number was held, to be checked
    (「24年第6次主任办公会是4月17号开的吧」 → (4, 17)); None when it says none.

    Args:
        q: The normalised question.

    Returns:
        ``(month, day)`` with ``day`` None for a month alone, or None.
    """
    q = q.translate(_FULLWIDTH)
    if not _ORDINAL.search(q):
        return None
    for m in _DATE.finditer(q):
        if _CLAIMED.match(q, m.end()):
            month, day = parse_cn_int(m.group(1)), parse_cn_int(m.group(2) or "")
            if month and 1 <= month <= 12:
                return month, (day if day and 1 <= day <= 31 else None)
    return None


def meeting_matches(ref: MeetingRef, md: dict, unknown_year_ok: bool = False) -> bool:
    """Whether report metadata fits every field the reference specifies.

    Args:
        ref: The question's reference.
        md: ``MeetingInfo.to_metadata()`` output (other keys are ignored).
        unknown_year_ok: Let a report whose year is not stated match a question's
            year (the caller must then say the year is unconfirmed).

    Returns:
        True when all specified fields agree; a field the report leaves unknown never
        matches a specified one, so an empty reference matches everything.
    """
    if ref.number is not None and metadata_int(md.get("meeting_number")) != ref.number:
        return False
    year = metadata_int(md.get("meeting_year"))
    if ref.year is not None and year != ref.year and not (unknown_year_ok and not year):
        return False
    if ref.body and md.get("meeting_body") != ref.body:
        return False
    if ref.quarter and "一二三四"[ref.quarter - 1] + "季度" not in str(md.get("title", "")):
        return False
    if ref.month is None and ref.day is None and ref.months is None:
        return True
    m = re.fullmatch(r"(?:\d{4}|-)-(\d{2})-(\d{2})", str(md.get("meeting_date") or ""))
    if not m:
        return False
    if ref.months and not ref.months[0] <= int(m.group(1)) <= ref.months[1]:
        return False
    return ref.month in (None, int(m.group(1))) and ref.day in (None, int(m.group(2)))


def chroma_where(ref: MeetingRef) -> dict | None:
    """Chroma ``where`` filter for number, year and body (dates are checked in Python).

    Args:
        ref: The question's reference.

    Returns:
        One equality, an ``$and`` of several, or None when nothing is specified.
    """
    conditions = [
        {key: {"$eq": value}}
        for key, value in (
            ("meeting_number", ref.number),
            ("meeting_year", ref.year),
            ("meeting_body", ref.body or None),
        )
        if value is not None
    ]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def _year(q: str, today: date | None) -> int | None:
    for m in _YEAR_WORD.finditer(q):
        if not (_YEAR_FOLLOW.match(q, m.end()) or _body_at(q, m.end())
                or _season_then_body(q, m.end())):
            continue  # 2025年预算, 2024年度…: a topic, not the meeting's year
        if m.group(1):
            return parse_cn_int(m.group(1))
        if m.group(3):
            return 2000 + int(m.group(3))
        if today is not None and m.group(2):
            return today.year + RELATIVE_YEARS[m.group(2)]
    bracketed = _BRACKET_YEAR.search(q) or _BARE_YEAR.search(q)
    return int(bracketed.group(1)) if bracketed else None


def _candidates(q: str) -> list[tuple[int, int, str]]:
    found = []
    for name, pattern in (*BODY_PATTERNS, *_ALIASES):
        for m in pattern.finditer(q):
            found.append((m.start(), -(m.end() - m.start()), name))
    return sorted(found)


def _season_then_body(q: str, pos: int) -> bool:
    """「25年初党工委经济工作会议」: 年初/年底 and a meeting body within a few characters
    (bench/answers_dev18.jsonl r122, r124: the year was lost, and both 经济工作会议 answered)."""
    if pos >= len(q) or q[pos] not in "初底末":
        return False
    return any(pos < start <= pos + _SEASON_TO_BODY and not re.search(f"[{_STOP}]", q[pos:start])
               for start, _, _ in _candidates(q))


# 年初 …党工委… 经济工作会议: the body may start a word or two after 初.
_SEASON_TO_BODY = 6


def _body_at(q: str, pos: int) -> bool:
    return any(start == pos for start, _, _ in _candidates(q))


def _body(q: str, after_ordinal: int | None) -> str:
    found = _candidates(q)
    if not found:
        return ""
    if after_ordinal is not None:
        # '第5次主任办公会': the body glued to the ordinal is the one asked about.
        glued = [c for c in found if after_ordinal <= c[0] <= after_ordinal + 2]
        if glued:
            return glued[0][2]
    return found[0][2]  # else the earliest mention, the longest at the same place


def metadata_int(value: object) -> int:
    """A metadata number (meeting_number, meeting_year); 0 when absent or not a number."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# Not the 同 of 负责同志 (「2025年两会党员负责同志会议和2024年…」 was cut inside the body's
# name: bench/answers_dev48.jsonl aq130), nor of 同一次/同年.
JOIN = re.compile(r"和|与|及|、|跟|同(?![志一年])|以及|还有|对比|相比|比较")
_JOIN = JOIN
# 「经济工作会议比政府工作报告早几天」: 比 sets two meetings side by side only in a date comparison.
# 「26年第12次主任办公会之后，隔了多久才开第14次」 (bench/answers_dev61.jsonl bd061): 之后 too.
_COMPARED_JOIN = re.compile(f"{JOIN.pattern}|比|之后|以后|之前|以前")


def parse_references(q: str, today: date | None = None) -> list[MeetingRef]:
    """All meetings a question names: 「2024年第19次和2025年第19次主任办公会」 names two.

    The question is split at conjunctions between meeting references; a part
    that leaves out the body or number takes it from the other parts
    (「2024年和2025年第19次主任办公会」), as readers do.

    Args:
        q: The normalised (Simplified Chinese) question.
        today: Resolves relative years (see :func:`parse_question`).

    Returns:
        One reference per meeting named, at least one (possibly empty).
    """
    q = _YEAR_SHARED.sub(r"\1年", _first_one(q))
    whole = parse_question(q, today)
    # 「一季度工作会议和党工委第13次委员会议是同一天吗」: set side by side, a meeting named by
    # its body alone is one of those compared (data/date_order.txt).
    compared = lexicon.date_order().search(q) is not None

    def names(part: str) -> bool:
        # 「一季度工作会议和三季度工作会议分别是哪天开的」: a quarter's work meeting is one
        # meeting (bench/answers_dev61.jsonl bd056).
        read = parse_question(part, today)
        return _names_meeting(part) or (compared and bool(read.body)) or bool(read.quarter)

    def bodies_both(m: re.Match[str]) -> bool:
        # 「主任办公会和党工委会分别哪天审的」: two bodies, each a search of its own meetings.
        first, second = parse_question(q[:m.start()], today), parse_question(q[m.end():], today)
        return bool(first.body and second.body and first.body != second.body)

    join = _COMPARED_JOIN if compared else _JOIN
    cuts = [m for m in join.finditer(q)
            if (names(q[:m.start()]) and names(q[m.end():])) or bodies_both(m)]
    if not cuts:
        return [whole]
    bounds = [0] + [c.end() for c in cuts]
    ends = [c.start() for c in cuts] + [len(q)]
    parts = [parse_question(q[s:e], today) for s, e in zip(bounds, ends, strict=True)]
    numbers = {p.number for p in parts if p.number is not None}
    bodies = {p.body for p in parts if p.body}
    numbered_bodies = {p.body for p in parts if p.number is not None}
    years = {p.year for p in parts if p.year is not None}
    refs: list[MeetingRef] = []
    for p in parts:
        if p.year is None and len(years) == 1 and (p.number is not None or compared):
            # 「2026年第1次党工委会议和第1次主任办公会」: the one year stated is both's
            # (bench/answers_dev38.jsonl ag023).
            p.year = next(iter(years))
        if p.number is None and len(numbers) == 1 and (not p.body or p.body in numbered_bodies):
            # Not to another body's meeting: 「第1次主任办公会和党工委经济工作会议哪个先开」.
            p.number = next(iter(numbers))
        if not p.body and len(bodies) == 1:
            p.body = next(iter(bodies))
        p.list_all = whole.list_all
        if not p.is_empty() and p not in refs:
            refs.append(p)
    return refs if len(refs) > 1 else [whole]


# 「2025、2026年各在哪次会研究」: the first year shares the second's 年 (bench/answers_dev76.jsonl
# bs037).
_YEAR_SHARED = re.compile(r"(?<![\d.])((?:19|20)?[1-3]\d)(?=[、和与及](?:19|20)?[1-3]\d年)")
# 「用地供应计划，25年、26年分别是哪次办公会通过的」: two-digit years set side by side at the
# join (bench/answers_dev76.jsonl bs008); 「工作25年」 is no year, as in _YEAR_WORD.
# 「两会…会议24年和25年分别哪天开的」 (bs013) glues the first to the meeting's name.
_TWO_DIGIT_YEAR_AT_JOIN = re.compile(r"(?<![\d.延满近超达约逾了去过长期])[1-3]\d年的?$|^[1-3]\d年(?!度)")


def _names_meeting(text: str) -> bool:
    # 「25年和26年的第5次主任办公会」 writes both years in two digits (bench/answers_dev47.jsonl
    # ap004).
    return bool(_ORDINAL.search(text) or re.search(r"(?:19|20)\d{2}年", text)
                or _TWO_DIGIT_YEAR_AT_JOIN.search(text.strip()))


def reference_spans(q: str) -> list[tuple[int, int]]:
    """Where a question names its meeting (ordinal, year, month/day, body): not topic.

    Args:
        q: The normalised question.

    Returns:
        ``(start, end)`` spans, possibly overlapping, in no particular order.
    """
    qt = q.translate(_FULLWIDTH)
    spans = [m.span() for m in _ORDINAL.finditer(qt)]
    spans += [m.span() for m in _YEAR_WORD.finditer(qt)]
    spans += [m.span() for m in _DATE.finditer(qt)]
    spans += [m.span() for m in _BRACKET_YEAR.finditer(qt)]
    spans += [m.span() for m in _SPAN.finditer(qt)]
    spans += [m.span() for m in _MONTH_RANGE.finditer(qt)]
    spans += [m.span() for m in _QUARTER_OF_YEAR.finditer(qt)]
    for start, neg, _ in _candidates(qt):
        end = start - neg
        # 常务会 is how the body pattern names 常务会议: the 议 is the reference too.
        spans.append((start, end + 1 if qt[end:end + 1] == "议" else end))
    spans += [m.span() for m in _QUARTER.finditer(qt)]
    spans += [m.span() for m in _LOOSE_QUARTER.finditer(qt)]
    # 县十八届人大常委会: the term of the congress belongs to the body's name.
    spans += [m.span() for m in re.finditer(f"第?{NUM}届", qt)]
    return spans


def _same_length_ordinal(m: re.Match[str]) -> str:
    """「No.17」 as 「第17次」, padded to its length: spans found after it stay in place."""
    return f"第{m.group(1)}次".ljust(len(m.group()))


def strip_references(q: str) -> str:
    """``q`` with every meeting-reference span blanked out (overlaps handled)."""
    q = _NO_ORDINAL.sub(_same_length_ordinal, q)
    keep = [True] * len(q)
    for start, end in reference_spans(q):
        for i in range(start, min(end, len(q))):
            keep[i] = False
    return "".join(ch if k else " " for ch, k in zip(q, keep, strict=True))
