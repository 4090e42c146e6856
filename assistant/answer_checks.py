"""Checks of an answer against what its question asks, run after a strategy answers.

A strategy finds the sentences; these say when they do not answer what was asked — a detail
not stated (data/details.tsv), a place, a numbered name or a year the quotes do not hold, the
part of a question about a described meeting that its report does not cover — and then the
answer is not "found", says so first, and keeps its quotes as context.
"""

from __future__ import annotations

import re

from assistant import lexicon
from assistant.answer_types import Answer
from assistant.query_ref import strip_references
from assistant.question import Intent
from ingest.normalize import normalize_text

# A document named by title (《…》).
DOCUMENT_TITLE = re.compile(r"《[^《》]{2,80}》")


def _not_covered(ans: Answer, missing: list[str], said: str) -> None:
    """The answer lacks ``missing``: not "found", said first, its quotes kept as context."""
    ans.found = False
    ans.uncovered = list(dict.fromkeys([*ans.uncovered, *missing]))
    ans.confidence = min(ans.confidence, 0.4)
    ans.answer = f"{said}；以下是相关内容。\n" + ans.answer


def require_details(q, ans: Answer) -> None:
    """A detail asked for (an amount, a deadline …) must be in a quoted sentence.

    Otherwise the records are silent on it: the answer says so first, keeps its
    quotes as related context, and is not "found".
    """
    if not q.details or not ans.found:
        return

    cited = ans.citations
    period = _PERIOD.search(strip_references(q.text))
    # 「政府投资基金规模多少亿」: where the answer's own passages write the matter as the
    # question does (政府投资基金), a figure is the matter's only in a sentence that names it
    # so; 「社保基金，储备规模…2.5万亿元」 shares only 基金 (bench/answers_dev24.jsonl a075,
    # answers_dev46.jsonl ao020). A phrase the reports never write (所得税减按) asks nothing more.
    phrase = q.anchor_phrase
    if len(phrase) <= len(q.anchor) or not any(phrase in c.passage for c in cited):
        phrase = ""
    # Read as the question is: a Traditional, pinyin-annotated report quotes 「縣商務(wù)局等相關(guān)
    # 工作匯報(bào)」 (bench/answers_dev88.jsonl ce014).
    quotes = [normalize_text(c.quote) for c in cited]
    on_matter = [_on_matter(q, t, period.group() if period else "", phrase) for t in quotes]
    # A sentence stating the detail is on the matter when it is, or when it goes on from the
    # quote before it in the same report: 「会议指出，推动解决群众反映的民生热点问题…。要…，
    # 确保年底兑现」 (bench/answers_dev43.jsonl al042). Not for the catch-all 多少, which any
    # number states (「确保不漏一船、不落一人」 after the typhoon's sentence is no count of people
    # moved: bench/answers_dev42.jsonl ak143, answers_dev18.jsonl r046).
    # Two quotes on, too: 「会议听取了…整治建筑垃圾乱堆放、城市居民停车不便利问题…汇报。会议指出，
    # 推动解决群众反映的民生热点问题…。要…，确保年底兑现」 (bench/answers_dev86.jsonl cc066).
    def goes_on(i: int) -> bool:
        return any(i - k >= 0 and all(cited[j].source == cited[i].source for j in range(i - k, i))
                   and on_matter[i - k] for k in (1, 2))

    missing = [r.label for r in lexicon.detail_rules() if r.name in q.details
               and not any(r.stated.search(quotes[i]) and _figure_of_matter(q, r, quotes[i]) and (
                   on_matter[i] or (not r.catch_all and goes_on(i)))
                           for i in range(len(cited)))
               and not (r.name == _COUNT and (_enumerates(ans, q.has(Intent.REQUIREMENTS))
                                             or _titles_counted(q, ans)))]
    if missing:
        _not_covered(ans, missing, f"记录中没有写明{'、'.join(missing)}")


_COUNT = "count"
# Quotes of one report that open alike, at least this many, are a list whose length is the count.
_MIN_LISTED = 3
# Characters that tell a clause's verb: 传达学习, 听取实验.
_CLAUSE_OPENING = 4
# 「一共审议通过了几个文件？都是啥」: the documents quoted by title are the count (bench/
# answers_dev30.jsonl o139).
# 「审议通过了几个工作报告」: a few characters may name the kind (answers_dev33.jsonl ab023).
_DOCUMENTS_COUNTED = re.compile(
    # Not 「清理了多少件规范性文件」: a count of things handled, not of titles quoted (o144).
    r"(?:几|多少)(?:个|份|项|部)?(?!件)[\u4e00-\u9fff]{0,4}?(?:文件|方案|办法|规划|报告|材料|稿子|制度)")


# 「听取了…关于A的报告、B的报告、C的报告」: documents listed by kind, with no 《》 (bench/
# answers_dev43.jsonl al094, 「听了管委会几个报告」).
_KINDS_LISTED = re.compile(r"(?:报告|方案|办法|规划|意见|决定|计划|要点|细则)、")


def _titles_counted(q, ans: Answer) -> bool:
    return bool(_DOCUMENTS_COUNTED.search(q.text)) and any(
        DOCUMENT_TITLE.search(c.quote) or _KINDS_LISTED.search(c.quote) for c in ans.citations)


def _enumerates(ans: Answer, requirements: bool = False) -> bool:
    """「说了…几条，原话能给我吗」: the quoted items (要有态度…。要有路线…。要有办法…。) are
    the count, told by listing them (bench/answers_dev24.jsonl a020)."""
    from collections import Counter

    from assistant.enumeration import ITEM_WORD, is_item
    from assistant.strategies.base import ENUMERATION

    # Requirements asked, their items open with 要 and differ after it: 「要提高站位，压实责任。
    # 要以案为鉴，举一反三。…」 (bench/answers_dev53.jsonl av072). Not the count of a document's
    # measures, which the meeting's 要 are not (answers_dev32.jsonl aa059).
    def opening(quote: str) -> str:
        if ENUMERATION.match(quote):
            return "一"
        return ITEM_WORD if requirements and is_item(quote, ITEM_WORD) else quote[:2]

    openings = Counter((c.source, opening(c.quote)) for c in ans.citations)
    # Or one sentence runs through them: 「…，传达学习…精神；传达学习…双拥工作…精神；传达学习…
    # 事故…精神」 (bench/answers_dev53.jsonl av064).
    return any(n >= _MIN_LISTED for n in openings.values()) or any(
        n >= _MIN_LISTED - 1 for c in ans.citations
        for n in Counter(part[:_CLAUSE_OPENING] for part in c.quote.split("；")[1:]).values())


# Share of the topic's recorded weight a quote without the anchor must cover to be on the matter.
_ON_MATTER = 0.5


def _on_matter(q, quote: str, period: str = "", phrase: str = "") -> bool:
    """A quote states a detail of the matter asked about only if it names that matter:
    「赖军主持并讲话」 names a person, not the 代表 whose resignation was accepted
    (bench/answers_dev22.jsonl v109); 「10月22日，…召开」 dates the meeting, not a visit.
    A figure asked for a ``period`` of the year is that period's: 「一季度地区生产总值增速是多少」
    is not answered by the year's growth (bench/answers_dev23.jsonl w093, answers_dev33 ab118)."""
    from assistant.evidence import coverage, has_word

    if period and period not in quote:
        return False
    if phrase:
        return phrase in quote
    # Its rarest recorded word, or half its weight: 「政府投资基金规模多少亿」 is not answered by
    # 「中央预算内投资拟安排7350亿元」, which shares only 投资 (bench/answers_dev24.jsonl a075).
    return not q.seen_topic or has_word(q, q.anchor, quote) or coverage(q, quote) >= _ON_MATTER


# Clauses of a sentence listing figures: 「地区生产总值增长3%，…，一般公共预算收入增幅保持在
# 合理区间，社会消费品零售总额增长3%」.
_FIGURE_CLAUSE = re.compile(r"[，；。：]")
# A clause that goes on with the figure of the clause before it: 「…收入完成80亿元，增长5%」.
_GOES_ON = re.compile(r"^(?:增长|下降|增加|减少|同比|比上年|较上年|占|达到?)")


# Details a work report states for many matters in one sentence (data/details.tsv names): the
# growth rates of its targets. Not counts, which the matter's clause seldom holds itself
# (「强化公平竞争审查，…，废止…文件89件、重新修订25件」: bench/answers_dev43.jsonl al029).
_LISTED_FIGURES = frozenset({"growth"})


def _figure_of_matter(q, rule, quote: str) -> bool:
    """In a sentence that lists several figures, the one asked for is in the matter's own
    clause (or the clause going on from it): 「一般公共预算收入增长多少」 is not answered by
    the 3% of 地区生产总值 beside a revenue that is only 「保持在合理区间」
    (bench/answers_dev54.jsonl aw114)."""
    if rule.name not in _LISTED_FIGURES or not q.seen_topic or len(rule.stated.findall(quote)) < 2:
        return True
    clauses = _FIGURE_CLAUSE.split(quote)
    on = [_on_matter(q, clause) for clause in clauses]
    for i, clause in enumerate(clauses):
        if not on[i]:
            continue
        following = clauses[i + 1] if i + 1 < len(clauses) else ""
        if rule.stated.search(clause) or (_GOES_ON.match(following)
                                          and rule.stated.search(following)):
            return True
    return not any(on)


# A part of the year a figure is asked for (一季度, 上半年, 前三季度).
_PERIOD = re.compile(r"[一二三四1-4]季度|前三季度|[上下]半年")


# IDF from which a word names a matter: 防汛 4.02, 台风 4.45, 食品安全 5.21 are; 意义 3.45,
# 结果 3.86, 重点 1.32 are not (bench/answers_dev21.jsonl u044, answers_dev24.jsonl a013, a062).
_SPECIFIC_IDF = 4.0


def say_rest(q, rest, ans: Answer) -> None:
    """The lead names what the meeting lacks (「防台风防汛」), not the words that picked it
    (法治 of 「讲法治政府那次会」, seen in the web chat)."""
    from assistant.strategies.topic import topic_phrases

    asked, lacking = "、".join(topic_phrases(q)), "、".join(topic_phrases(rest))
    if asked and lacking:
        ans.answer = ans.answer.replace(f"「{asked}」", f"「{lacking}」", 1)


def require_rest(rest, ans: Answer, report) -> None:
    """「2026年讲法治政府那次会，对防台风防汛提了什么要求」: the meeting was picked by its
    法治政府; what is asked of it (防台风, 防汛) must be in its ``report`` (sentences), or
    that meeting is silent on it (bench/answers_dev24.jsonl a062, a089)."""
    # Only words specific enough to be a matter (台风, 防汛; not 意义, 重点, 地方).
    specific = [w for w, wt in rest.seen_topic.items() if wt >= _SPECIFIC_IDF]
    if not ans.found or not specific:
        return
    from assistant.evidence import has_word

    if not any(has_word(rest, w, s.text) for s in report for w in specific):
        from assistant.strategies.topic import topic_phrases

        missing = topic_phrases(rest)
        _not_covered(ans, missing, "记录中没有提到" + "、".join(f"「{m}」" for m in missing))


def require_place(q, ans: Answer, meetings, text_of) -> None:
    """「决议对平潭有什么要求」: a place the named reports never name, under any of its names
    (data/place_aliases.tsv), is another jurisdiction's matter (bench/answers_dev22.jsonl v135).
    The reports' texts are read only for a question that names a place."""
    if not ans.found or not q.place or not meetings:
        return

    texts = [text_of(r.doc_id) for r in meetings]
    names = lexicon.place_aliases().get(q.place, (q.place,))
    if not any(n in t for t in texts for n in names):
        _not_covered(ans, [q.place], f"记录中没有提到「{q.place}」")


def require_numbered_names(q, ans: Answer) -> None:
    """A name told apart by its number (五次全会) must be in a quoted sentence as asked.

    A near-identical one (四次全会) in the same meeting is another thing: the answer
    says the records do not mention the one asked about and is not "found".
    """
    if not ans.found:
        return

    names = list(dict.fromkeys(m.group() for m in lexicon.numbered_names().finditer(q.text)))
    missing = [n for n in names if not any(_names_same(n, c.quote) for c in ans.citations)]
    if missing:
        _not_covered(ans, missing, "记录中没有提到" + "、".join(f"「{n}」" for n in missing))


# Only 「YYYY年度」: a bare 「2024年」 is often the year the quote calls 今年 or 全年
# (「2024年平潭一年来了多少游客」), which the rule then wrongly declined (bench/answers_dev*.jsonl).
# 「2024年决算报告」 names a document by its year as 年度 does (bench/answers_dev18.jsonl r085:
# the 2026 meeting reviewed the 2025 决算).
_TOPIC_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:度|(?=(?:的)?(?:决算|预算|财政决算)))")
_OUTCOME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_YEAR_MATTER = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:度)?([\u4e00-\u9fff]{2})")


def require_topic_years(q, ans: Answer) -> None:
    """A year the question gives its topic (「2023年度政府债务管理情况报告」), not the
    meeting, must be in a quoted sentence: the 2024年 report heard at the named meeting
    is another one (bench/answers_dev11.jsonl u019)."""
    outcome = "actual" in q.details
    if not ans.found or not (q.names_meeting or outcome):
        return
    meeting_years = {r.year for r in q.refs} | {q.ref.year}
    # An outcome asked for a year (「2025年GDP最后实际增长了多少」) is that year's, not the
    # 2024年 one a report gives (bench/answers_dev16.jsonl p137).
    asked = (_OUTCOME_YEAR if outcome else _TOPIC_YEAR).findall(q.raw)
    # 「2024年第20次主任办公会研究的2026年省重点项目申报」: the quotes name the matter with
    # another year (「2025年省重点项目申报」), so it is another year's (bench/answers_dev29.jsonl
    # l130). A year the quotes do not name at all stays unchecked (reports say 明年).
    asked += [y for y, words in _YEAR_MATTER.findall(q.raw) if not any(
        y in c.quote for c in ans.citations) and any(
        re.search(rf"(?:19|20)\d{{2}}年(?:度)?{re.escape(words)}", c.quote) for c in ans.citations)]
    years = [y for y in dict.fromkeys(asked) if int(y) not in meeting_years or outcome]
    missing = [y for y in years if not any(y in c.quote for c in ans.citations)]
    if missing:
        _not_covered(ans, [f"{y}年" for y in missing],
                     "记录中没有提到" + "、".join(f"{y}年的相关内容" for y in missing))


_STORM_GRADE = re.compile(r"(?:超强|强)(?=台风)")
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千\d]+")


def _names_same(name: str, text: str) -> bool:
    """Whether ``text`` holds ``name`` with the same numbers in any numeral form
    (第19次集体学习 is 第十九次集体学习)."""
    if name in text:
        return True
    from ingest.numerals import parse_cn_int

    # 「第9号台风巴威」 is the report's 第9号超强台风“巴威” (bench/answers_dev12.jsonl v149):
    # the storm's grade is no part of its number.
    name, text = (_STORM_GRADE.sub("", x) for x in (name, text))

    parts = _NUMERAL.split(name)
    numbers = [parse_cn_int(n) for n in _NUMERAL.findall(name)]
    pattern = "".join(re.escape(p) + (f"({_NUMERAL.pattern})" if i < len(numbers) else "")
                      for i, p in enumerate(parts))
    return any([parse_cn_int(g) for g in m.groups()] == numbers
               for m in re.finditer(pattern, text))
