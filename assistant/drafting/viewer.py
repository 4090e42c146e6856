"""The citation viewer's content: a whole report with one sentence located in it.

The report is rebuilt from its passages (``catalog.text``), whose offsets are
the ones citations and requirement records carry, so the cited sentence is
found by position; a quote is searched for only when no offsets are known.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.citations import meeting_of


@dataclass
class ReportView:
    """A report's identity, its full normalised text and the span to highlight."""

    doc_id: str
    meeting: dict  # body, number, year, date, label
    title: str
    source: str
    text: str
    start: int = -1
    end: int = -1

    @property
    def found(self) -> bool:
        return 0 <= self.start < self.end <= len(self.text)


def report_view(catalog, doc_id: str, start: int = -1, end: int = -1,
                quote: str = "") -> ReportView | None:
    """The view of report ``doc_id`` with ``[start, end)`` (or ``quote``) located; None if unknown."""
    rec = catalog.get(doc_id)
    if rec is None:
        return None
    text = catalog.text(doc_id)
    quote = (quote or "").strip()
    if quote and not (0 <= start < end <= len(text) and text[start:end].strip() == quote):
        at = text.find(quote)
        start, end = (at, at + len(quote)) if at >= 0 else (-1, -1)
    return ReportView(doc_id, meeting_of(rec.metadata), rec.title, rec.source, text, start, end)
