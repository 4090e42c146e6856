"""The lists a report runs through, item by item, for questions asking the N-th item.

「营商环境有五个，第四个是什么」「安全生产紧盯了一大串，排第一的是啥」「七项重点任务，第三项是啥」
ask for one item by its place. Reports list in four ways, all read here in the report's order:

- ordinal heads: 「一是提消费。…二是稳投资。…」, 「（一）大力提振消费…」, 「一要…二要…」;
- items repeating one word (assistant/enumeration.py): 「要压实责任…。要聚焦重点…」, 「“地要合”…；
  “海要腾”…」;
- clauses of one chain opening alike: 「紧盯消防安全，…；紧盯道路安全，…；紧盯海上安全，…」;
- a series inside one clause: 「打造公平有序的市场环境、公正透明的法治环境、…和创新发展的涉台营商
  环境」, 「听取了关于化解…问题、整治…乱堆放、…等工作成效汇报」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from assistant import lexicon
from assistant.enumeration import ITEM_WORD, ORDINAL_HEAD, SHORT_HEAD, is_item, item_runs
from ingest.numerals import parse_cn_int


class ListKind(Enum):
    ORDINAL = "ordinal"
    MARKER = "marker"
    ANAPHORA = "anaphora"
    SERIES = "series"


@dataclass(frozen=True)
class ListedItem:
    """One item: its sentence, the clause of it that is the item (None: the whole
    sentence), its words, and the sentences that explain a short head."""

    sentence: int
    span: tuple[int, int] | None
    text: str
    more: tuple[int, ...] = ()


@dataclass(frozen=True)
class ItemList:
    """A list; ``opener`` is the word its items repeat (要, 紧盯), if any."""

    kind: ListKind
    items: tuple[ListedItem, ...]
    opener: str = ""

    @property
    def first(self) -> int:
        return self.items[0].sentence

    @property
    def sentences(self) -> tuple[int, ...]:
        """Every sentence quoting the list, in order."""
        return tuple(sorted({i for it in self.items for i in (it.sentence, *it.more)}))


# A chain of clauses is this long or more when three of them open with the same words.
_MIN_ANAPHORA = 3
_OPENER = 2
# A series names at least this many things (two are a pair, not a list).
_MIN_SERIES = 3
_CLAUSE_END = re.compile("[，；。：！？,;:]")
_SERIES_LAST = re.compile("(?:以及|和|及|与)")
_SERIES_TAIL = re.compile("等.*$")


def _ordinal(text: str) -> int | None:
    m = ORDINAL_HEAD.match(text)
    if not m:
        return None
    return parse_cn_int(m.group("paren") or m.group("said") or m.group("nth"))


def _explained(texts: list[str], i: int, is_head) -> tuple[int, ...]:
    """The sentence after a short head (「一是提消费。」) that explains it."""
    if len(texts[i]) <= SHORT_HEAD and i + 1 < len(texts) and not is_head(texts[i + 1]):
        return (i + 1,)
    return ()


def ordinal_lists(texts: list[str]) -> list[ItemList]:
    """Runs of heads numbered 一, 二, 三 … in order (a new 一 starts a new list)."""
    lists: list[ItemList] = []
    current: list[ListedItem] = []

    def close() -> None:
        if len(current) >= 2:
            lists.append(ItemList(ListKind.ORDINAL, tuple(current)))

    for i, text in enumerate(texts):
        n = _ordinal(text)
        if n is None:
            continue
        if n == len(current) + 1 and current:
            current.append(ListedItem(i, None, text, _explained(texts, i, _ordinal)))
        elif n == 1:
            close()
            current = [ListedItem(i, None, text, _explained(texts, i, _ordinal))]
    close()
    return lists


def _clauses(text: str, sep: str = "；") -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(sep, text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip("；。 ")]


def _item_clause(clause: str, marker: str) -> bool:
    # 「要着力培养“红色的下一代”」: the 要 of a first item is no part of its head.
    return is_item(clause, marker) or (clause.startswith("要") and is_item(clause[1:], marker))


def _item_clauses(text: str, marker: str) -> list[tuple[int, int]]:
    """The clauses of a sentence that are items, cut at 「；」 (at 「、」 too when that finds none:
    「“地要合、海要腾”」)."""
    for sep in ("；", "[；、]"):
        parts = [(a, b) for a, b in _clauses(text, sep) if _item_clause(text[a:b], marker)]
        if len(parts) > 1:
            return parts
    return []


def marker_lists(texts: list[str], marker: str) -> list[ItemList]:
    """The lists repeating ``marker`` (enumeration.item_runs), one item per clause or head;
    a sentence holding several is a list of its own too (「赖军强调，要突出抓好重点任务。」
    then 「做到“地要合”…；“海要腾”…」: the five 要 are that sentence's, ay124)."""
    lists = []
    for run in item_runs(texts, marker):
        items: list[ListedItem] = []
        for i in run.items:
            parts = _item_clauses(texts[i], marker)
            if parts:
                inline = tuple(ListedItem(i, (a, b), texts[i][a:b]) for a, b in parts)
                items += inline
                if len(run.items) > 1:
                    lists.append(ItemList(ListKind.MARKER, inline, marker))
            else:
                items.append(ListedItem(i, None, texts[i],
                                        _explained(texts, i, lambda t: is_item(t, marker))))
        if len(items) >= 2:
            lists.append(ItemList(ListKind.MARKER, tuple(items), marker))
    return lists


def anaphora_lists(texts: list[str]) -> list[ItemList]:
    """Chains of 「；」 clauses, across sentences the store cut at 「；」, of which three or
    more open with the same words (紧盯…；紧盯…；紧盯…): every clause of the chain from the
    first such to the last is an item (「聚焦人群密集场所」 among the 紧盯 is one too)."""
    lists = []
    chain: list[tuple[int, int, int]] = []

    def close() -> None:
        openers: dict[str, list[int]] = {}
        for k, (i, a, _b) in enumerate(chain):
            head = texts[i][a:a + _OPENER]
            if re.fullmatch("[\u4e00-\u9fff]{2}", head):
                openers.setdefault(head, []).append(k)
        for head, ks in openers.items():
            if len(ks) >= _MIN_ANAPHORA:
                part = chain[ks[0]:ks[-1] + 1]
                lists.append(ItemList(ListKind.ANAPHORA, tuple(
                    ListedItem(i, (a, b), texts[i][a:b]) for i, a, b in part), head))

    for i, text in enumerate(texts):
        if chain and not texts[chain[-1][0]].endswith("；"):
            close()
            chain = []
        chain += [(i, a, b) for a, b in _clauses(text)]
    close()
    return lists


def series_lists(texts: list[str]) -> list[ItemList]:
    """Things named one after another in a clause (「A、B、C和D」), three or more."""
    lists = []
    for i, text in enumerate(texts):
        start = 0
        for m in [*_CLAUSE_END.finditer(text), None]:
            end = m.start() if m else len(text)
            clause = text[start:end]
            start = end + 1
            parts = clause.split("、")
            if len(parts) < 2:
                continue
            last = _SERIES_LAST.split(parts[-1], maxsplit=1)
            parts = parts[:-1] + [p for p in last if p]
            if len(parts) < _MIN_SERIES:
                continue
            cue = list(lexicon.series_cues().finditer(parts[0]))
            first = parts[0][cue[-1].end():] if cue else parts[0]
            parts = [first, *parts[1:-1], _SERIES_TAIL.sub("", parts[-1])]
            lists.append(ItemList(ListKind.SERIES, tuple(
                ListedItem(i, None, p) for p in parts if p)))
    return lists


def report_lists(texts: list[str], marker: str | None = None) -> list[ItemList]:
    """Every list of a report; only those repeating ``marker`` when the question names it."""
    if marker:
        return marker_lists(texts, marker)
    return [*ordinal_lists(texts), *marker_lists(texts, ITEM_WORD), *anaphora_lists(texts),
            *series_lists(texts)]


# Numbered heads are announced from further back: 「三、2025年政府工作任务」「今年经济社会发展任务
# 十分繁重。」「我们要…着重抓好以下几个方面工作。」 then 「（一）…」 (084).
_ANNOUNCING_WIDE = 3


def list_context(lst: ItemList, texts: list[str], wide: bool = False) -> str:
    """What a list is about: its own sentences and the one either side, or three before when
    ``wide`` (numbered heads). 「会议听取了关于A、B、C等工作成效汇报。会议指出，推动解决群众
    反映的民生热点问题…」 says after the list what it is (bench/answers_dev56.jsonl ay078).
    Not wider: a report's opening sentence names every matter of the meeting, so it is on the
    topic of every list near it."""
    own = lst.sentences
    first, last = own[0], own[-1]
    before = _ANNOUNCING_WIDE if wide else 1
    return "".join(texts[max(0, first - before):first]) + "".join(texts[i] for i in own) + \
        "".join(texts[last + 1:last + 2])
