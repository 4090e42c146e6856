"""What the answer layer returns: typed values, no logic beyond serialisation.

Kept apart from the strategies and the composer so that every module of the
answer layer (and the app, the CLI, the benchmarks) can import them without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from assistant.citations import Citation, Sentence

NOT_FOUND = "记录中没有找到能回答这个问题的内容。"


class QuoteKind(Enum):
    """Why a sentence is quoted; the composer shows a label for some kinds.

    Logic reads the kind, never the Chinese label shown beside it.
    """

    FACT = "fact"                  # the date / chair / attendance sentence
    AGENDA = "agenda"              # an item the meeting studied, reviewed or heard
    DECISION = "decision"          # a document or matter approved
    TOPIC = "topic"                # a sentence on the question's topic
    REQUIRED = "required"          # a requirement addressed to the department by name
    REPORTED = "reported"          # the department only reported
    ALL_DEPARTMENTS = "all"        # a requirement to all departments (applies to it too)
    MENTION = "mention"            # a sentence naming a department
    CONTEXT = "context"            # shown for orientation when the answer is "not found"


@dataclass
class Quote:
    """A sentence chosen for an answer, why, and the label to show above it."""

    sentence: Sentence
    kind: QuoteKind = QuoteKind.TOPIC
    label: str = ""


@dataclass
class Answer:
    """An answer and the sentences it rests on.

    Attributes:
        question: What the user asked.
        answer: The text shown (Markdown), every claim followed by its [n].
        found: Whether the records answer the question.
        citations: The quoted sentences, numbered as in ``answer``.
        meetings: Labels of the meetings the answer covers.
        mode: ``extractive`` or ``llm``.
        sources: Files of those meetings (complete for list-all questions).
        confidence: 0–1, how strongly the evidence supports ``found`` (see
            ``assistant/answerability.py``; calibrated in BENCHMARKS.md).
        uncovered: Parts of the question the records do not cover (a department,
            a detail such as 金额), said in the answer too.
        strategy: Which answer strategy produced it (for logs and benchmarks).
    """

    question: str
    answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    mode: str = "extractive"
    sources: list[str] = field(default_factory=list)
    confidence: float = 0.0
    uncovered: list[str] = field(default_factory=list)
    strategy: str = ""
    # Claims of a model's reply removed by verification: claim, cited, reason.
    unsupported: list[dict] = field(default_factory=list)
    # The follow-up as the model rewrote it into a standalone question ("" if not).
    standalone: str = ""
    # The measures the answerability decision read (for calibration and logs).
    signals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "question": self.question, "answer": self.answer, "found": self.found,
            "confidence": round(self.confidence, 3), "uncovered": self.uncovered,
            "mode": self.mode, "strategy": self.strategy, "meetings": self.meetings,
            "sources": self.sources, "citations": [c.to_dict() for c in self.citations],
            "unsupported": self.unsupported, "standalone": self.standalone,
            "signals": self.signals,
        }
