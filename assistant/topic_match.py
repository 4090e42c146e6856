"""Does a report discuss a topic? For list-all questions, where recall is the point.

A topic is the question's content words. A report matches when one of its
sentences covers enough of their weight (IDF), where a word also matches its
common abbreviation form: Chinese abbreviations keep characters in order
(环保 ← 环境保护, 电动车 ← 电动自行车), so a word matches an in-order
character run within a short window. Words the user put in quotes
(“飞线充电”) must all be present, and then suffice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.clauses import topic_clauses
from ingest.sentences import split_sentences

_GAP = "[^，。；！？、]{0,2}"  # at most two characters dropped between kept ones
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]{2,20})[”\"」』’]")


def whole_words(words) -> list[str]:
    """``words`` without those inside another of them, in order: search-mode tokens include
    the parts of compounds (招商 ⊂ 招商引资, 一季 ⊂ 一季度), and the whole stands for them."""
    words = list(words)
    return [w for w in words if not any(w != o and w in o for o in words)]


@dataclass
class Topic:
    """Weighted words of a question's topic, and the quoted phrases it requires."""

    weights: dict[str, float]
    required: list[str]

    def __bool__(self) -> bool:
        return bool(self.weights or self.required)

    def words(self) -> list[str]:
        return self.required + [w for w in self.weights if w not in self.required]


def quoted_phrases(question: str) -> list[str]:
    return _QUOTED.findall(question)


def word_in(word: str, text: str) -> bool:
    """Exact, or as an abbreviation of an in-order character run (window 2×len+1)."""
    if word in text:
        return True
    if len(word) < 2:
        return False
    pattern = "".join(re.escape(ch) + _GAP for ch in word[:-1])
    m = re.search(pattern + re.escape(word[-1]), text)
    return bool(m) and len(m.group()) <= 2 * len(word) + 1


def best_coverage(topic: Topic, text: str) -> tuple[float, tuple[int, int] | None]:
    """The highest share of topic weight one sentence of ``text`` covers, and its span."""
    if topic.required and not all(word_in(p, text) for p in topic.required):
        return 0.0, None
    total = sum(topic.weights.values())
    best, span = (1.0 if not total else 0.0), None
    for s, e in split_sentences(text):
        sent = text[s:e]
        if topic.required and not all(word_in(p, sent) for p in topic.required):
            continue
        if not total or topic.required:
            # Quoted words are the user's own statement of the topic: enough.
            return 1.0, _clauses_on_topic(topic, text, s, e)
        cov = sum(w for t, w in topic.weights.items() if word_in(t, sent)) / total
        if cov > best:
            best, span = cov, (s, e)
    return best, (_clauses_on_topic(topic, text, *span) if span else span)


def _clauses_on_topic(topic: Topic, text: str, start: int, end: int) -> tuple[int, int]:
    """The clauses of a long sentence carrying the topic: it was quoted from its start and
    cut at the passage's end, before the clause asked about (bench/answers_dev13.jsonl
    w081, w106). A quoted phrase (“闽超”) is the user's own statement of the topic and
    outweighs the rest."""
    if not topic:
        return start, end

    def weigh(clause: str) -> float:
        return (sum(w for t, w in topic.weights.items() if word_in(t, clause))
                + sum(1000 for p in topic.required if word_in(p, clause)))

    span = topic_clauses(text[start:end], weigh)
    return (start + span[0], start + span[1]) if span else (start, end)
