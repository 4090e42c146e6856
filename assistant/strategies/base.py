"""The strategy interface, and what every strategy may read.

An answer strategy looks at the analysed question and the retrieval result and
either answers (returns an :class:`~assistant.answer_types.Answer`, found or
not) or passes (returns None) to the next one in the registry. Strategies never
call each other or the answerer; shared reading lives in :class:`AnswerContext`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.answerability import thresholds
from assistant.catalog import MeetingRecord
from assistant.citations import Sentence
from assistant.enumeration import ORDINAL_HEAD
from assistant.evidence import DocSentences
from assistant.query_ref import strip_references
from assistant.question import Question
from assistant.retriever import SearchResult
from ingest.departments import find_departments

# The head of a numbered list item in a report (一是…, （三）…, 第二，…, 三要…).
ENUMERATION = ORDINAL_HEAD


# A question asking who (谁主持的, 哪位领导): a person the quotes must name.
ASKS_WHO = re.compile(r"谁|哪位")


@dataclass
class AnswerContext:
    """Read access to the stores, for strategies.

    Attributes:
        catalog: The meeting catalogue (records, full texts).
        passages: The passage store.
        doc_sentences: Every sentence of a report, cached.
        sentence_index: Sentence vectors (None when not built).
        embeddings: The embedder (for the question's topic vector).
    """

    catalog: object
    passages: object
    doc_sentences: DocSentences
    sentence_index: object | None = None
    embeddings: object | None = None
    keyword_index: object | None = None
    _vectors: dict[str, list[float]] = field(default_factory=dict)
    _departments: dict[str, frozenset[str]] = field(default_factory=dict)

    def topic_vector(self, q: Question) -> list[float] | None:
        """The question without its meeting reference, embedded once per question."""
        if self.embeddings is None:
            return None
        text = " ".join(strip_references(q.text).split()) or q.text
        if text not in self._vectors:
            if len(self._vectors) > 64:
                self._vectors.clear()
            self._vectors[text] = self.embeddings.embed_query(text)
        return self._vectors[text]

    def semantic(self, q: Question, doc_ids: list[str] | None, k: int) -> dict[tuple[str, int],
                                                                           float]:
        """Cosine of the question to the nearest ``k`` sentences (within ``doc_ids``)."""
        if self.sentence_index is None:
            return {}
        vec = self.topic_vector(q)
        if vec is None:
            return {}
        return {(h.passage_id, h.start): h.similarity
                for h in self.sentence_index.search(vec, k, doc_ids, passages=self.passages)}

    def sentence_count(self) -> int:
        """How many sentences the sentence index holds (0 without one)."""
        return self.sentence_index.size() if self.sentence_index is not None else 0

    def departments_in(self, doc_id: str) -> frozenset[str]:
        """Normalised names of every department a report names (cached per report)."""
        if doc_id not in self._departments:
            text = self.catalog.text(doc_id)
            self._departments[doc_id] = frozenset(d.name for d in find_departments(text))
        return self._departments[doc_id]

    def sentences(self, records: list[MeetingRecord]) -> list[Sentence]:
        return [s for r in records for s in self.doc_sentences(r.doc_id)]


def opening_sentence(sentences: list[Sentence]) -> Sentence | None:
    """The first sentence (of the first four) that says who met and what they took up."""
    cue = lexicon.report_cues()["opening"]
    return next((s for s in sentences[:4] if cue.search(s.text)), None)


def overview(ctx: AnswerContext, records: list[MeetingRecord], label: str, *,
             first_if_no_cue: bool = True) -> list[Quote]:
    """Each meeting's opening sentence (of the first three), quoted for orientation."""
    out = []
    for rec in records[:3]:
        sentences = ctx.doc_sentences(rec.doc_id)
        first = opening_sentence(sentences)
        if first is None and first_if_no_cue and sentences:
            first = sentences[0]
        if first is not None:
            out.append(Quote(first, QuoteKind.CONTEXT, label))
    return out


class AnswerStrategy(ABC):
    """One way of answering; the registry tries them in order."""

    name: str = "strategy"

    @abstractmethod
    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        """An answer, or None to let the next strategy try."""


# Meetings above this many are too many to read whole (a body alone: 48 主任办公会): the
# question is a search over them, answered from the retrieved passages.
MAX_SCOPED_DOCS = 12


def scope_notes(q: Question, result: SearchResult, quoted_docs: set[str]) -> list[str]:
    """What the answer covers: missing meetings, unconfirmed years, several matches."""
    notes = [f"记录中没有{m.describe()}。" for m in result.missing]
    unsure = [r for r in result.year_unconfirmed if r.doc_id in quoted_docs]
    if unsure:
        notes.append("注意：" + "、".join(r.label for r in unsure)
                     + f"的报道没有写明年份，无法确认是否为{q.ref.year}年，已一并列出。")
    if len(result.meetings) <= 1 or q.list_all or (q.topic and len(result.meetings) > MAX_SCOPED_DOCS):
        # A body alone with a matter (「党工委分别哪天传达的」) is a search of its meetings:
        # the meetings found are the answer's headings, not a choice to offer.
        return notes
    cap = thresholds().max_meetings_listed_in_note
    names = "、".join(r.label for r in result.meetings[:cap])
    more = f"等{len(result.meetings)}次" if len(result.meetings) > cap else ""
    asked = "".join(f"「{r.describe()}」" for r in q.refs) if len(q.refs) > 1 else \
        f"「{q.ref.describe()}」"
    if len(q.refs) > 1 and len(result.meetings) == len(q.refs):
        # 「第14次跟第12次隔了多久」 names each of them: nothing to choose between.
        return notes + [f"问题中的{asked}对应{len(result.meetings)}次会议：{names}。"]
    return notes + [f"问题中的{asked}对应{len(result.meetings)}次会议：{names}{more}。"
                    "以下按会议分别列出；如只问其中一次，请注明年份和会议名称。"]
