"""Lists a report runs through by repeating one word.

Reports enumerate without numbers as often as with them: 「要压实责任，汲取教训。…要聚焦重点，
做细工作。…」 (four 要, each a short head and its explanation), 「要抓具体，…。要抓落地，…。」
(seven 抓 in a row), or inside one sentence, 「做到“地要合”，…；“海要腾”，…；“人要移”，…」.
A question naming such a list by its count (「“五要”是哪五个」「三个“要”」) asks for every item,
and no single item's wording is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.answerability import thresholds
from assistant.evidence import coverage
from assistant.question import Question

# A head this short (「要压实责任，汲取教训。」「要加强经济运行监测分析。」) is a title: its
# explanation follows in up to this many sentences before the next head; a longer head is its
# own explanation and the next item follows at once (「要抓具体，认真分析…。要抓落地，…。」).
SHORT_HEAD = 20
_GAP_AFTER_SHORT_HEAD = 3
# A head that numbers itself (「一要提高思想认识，…。」 then five sentences, then 「二要…」) cannot be
# mistaken for another list's: its explanation may run this long (bench/answers_dev53.jsonl av137).
_GAP_AFTER_NUMBERED_HEAD = 8
_NUMBERED = re.compile("^[一二三四五六七八九十]+(?:要|是)")
# The head of a numbered list item in a report (一是…, （三）…, 第二，…, 三要…); the group that
# matched holds its number.
_N = "[一二三四五六七八九十]+"
ORDINAL_HEAD = re.compile(f"^(?:（(?P<paren>{_N})）|(?P<said>{_N})(?:是|要)|第(?P<nth>{_N})[，、])")
# What may open an item before its word: who says it (会议要求，赖军强调，), an ordinal (一是, 二要),
# the 要 of 「要抓具体」 and the 做到 of 「做到“地要合”」.
SAYER = r"[\u4e00-\u9fff]{2,4}(?:强调|要求|指出|提出)，"
_LEAD = f"(?:{SAYER})?(?:[一二三四五六七八九十]+是|[一二三四五六七八九十](?=要))?"
# The sentences before a list that may say what it is about (「会议强调，第四季度是…关键节点。
# 全县上下要…。要全力冲刺…」: bench/answers_dev53.jsonl av108).
_ANNOUNCING = 2
# The word every unnumbered list item may open with (要加强…, 要抓具体…, 要全力…).
ITEM_WORD = "要"
_CLAUSE = re.compile(r"[；、]")
_SAYS = re.compile("^" + SAYER)


@dataclass(frozen=True)
class ItemRun:
    """One list: the sentence index of each item, or one sentence holding them all.

    Attributes:
        items: Indexes (into the report's sentences) of the items' heads, in order.
        count: How many items the list has.
    """

    items: tuple[int, ...]
    count: int

    @property
    def inline(self) -> bool:
        """The items are clauses of the one sentence ``items[0]`` (a run has two or more)."""
        return len(self.items) == 1


@cache
def _head(marker: str) -> re.Pattern[str]:
    word = re.escape(marker) + ("(?!求)" if marker == ITEM_WORD else "")
    # A word of two characters or more may follow an adverb (「着力培养“红色的下一代”」:
    # bench/answers_dev10.jsonl o097); 要 alone may not (需要, 主要 are no items).
    adverb = "(?:[\u4e00-\u9fff]{1,2})?" if len(marker) > 1 else ""
    return re.compile(f"^{_LEAD}(?:要)?{adverb}{word}"
                      f"|^[\u4e00-\u9fff]{{0,4}}“[^”]{{0,4}}{word}[^”]{{0,3}}”")


def is_item(text: str, marker: str) -> bool:
    """Whether a sentence or clause opens with the list's word (要抓具体, “海要腾”)."""
    return bool(_head(marker).match(text.strip()))


def items_in(text: str, marker: str) -> int:
    """How many items a sentence holds: its clauses (「；」「、」) opening with the word."""
    return sum(is_item(c, marker) for c in _CLAUSE.split(text))


def item_runs(texts: list[str], marker: str) -> list[ItemRun]:
    """Every list of two or more items repeating ``marker`` in one report's sentences.

    Items follow one another in adjacent sentences, or with a short head's explanation
    between; a long sentence the store cut at 「；」 carries its items on (「赖军强调，要带头讲
    党性…；要带头建真言…」 then 「要带头作表率…；要带头正风气…」: bench/answers_dev53.jsonl av109).
    """
    runs: list[ItemRun] = []
    current: list[int] = []
    total = 0

    def close() -> None:
        if total >= 2:
            runs.append(ItemRun(tuple(current), total))

    last = -1
    for i, text in enumerate(texts):
        n = items_in(text, marker)
        if not n:
            if current and marker != ITEM_WORD and i - last == 1 and is_item(text, ITEM_WORD):
                # 「要全力冲刺…。要全力实现…。要准确把握…。…要全力保障…」: the 全力 items
                # are some of one list of 要; its other items carry the run on (av108).
                last = i
            continue
        # 「会议要求，要细化安排…」 announces a list of its own (039: the land supply's, after
        # the four 要 of safety).
        if current and i - last <= _allowed_gap(texts[last]) and not _SAYS.match(text):
            current.append(i)
            total += n
            last = i
            continue
        close()
        current, total, last = [i], n, i
    close()
    return runs


def _short(head: str) -> bool:
    """A title-like head, not counting the 「会议强调，」 that opens the first item."""
    return len(_SAYS.sub("", head)) <= SHORT_HEAD


def _allowed_gap(head: str) -> int:
    if _NUMBERED.match(_SAYS.sub("", head)):
        return 1 + _GAP_AFTER_NUMBERED_HEAD
    return 1 + (_GAP_AFTER_SHORT_HEAD if _short(head) else 0)


def run_sentences(run: ItemRun, texts: list[str], marker: str) -> list[int]:
    """The sentences that quote a list: each head, and a short head's explanation."""
    if run.inline:
        return list(run.items)
    out: list[int] = []
    for i in run.items:
        out.append(i)
        if _short(texts[i]) and i + 1 < len(texts) and not is_item(texts[i + 1], marker):
            out.append(i + 1)
    return out


def run_context(run: ItemRun, texts: list[str], marker: str) -> str:
    """What a list is about: the sentence that announces it and the items themselves."""
    first = run.items[0]
    before = "".join(texts[max(0, first - _ANNOUNCING):first])
    return before + "".join(texts[i] for i in run_sentences(run, texts, marker))


def best_run(q: Question, texts: list[str], marker: str,
             count: int | None = None) -> tuple[tuple[bool, bool, float], ItemRun] | None:
    """The report's list on the question's topic: ((on topic, of the count asked, coverage), run).

    On topic is the topic strategy's bar (``topic_lexical_found``) over the list and the
    sentences announcing it; a phrase the user quoted must be there as written (av070).
    """
    best = None
    for run in item_runs(texts, marker):
        context = run_context(run, texts, marker)
        if not all(p in context for p in q.quoted):
            continue
        covered = coverage(q, context) if q.seen_topic else 1.0
        key = (covered >= thresholds().topic_lexical_found, run.count == count, covered)
        if best is None or key > best[0]:
            best = (key, run)
    return best


def on_topic(q: Question, run: ItemRun, texts: list[str], marker: str) -> bool:
    """Whether a list (with the sentences announcing it) covers the question's topic."""
    return not q.seen_topic or coverage(q, run_context(run, texts, marker)) >= thresholds().topic_lexical_found
