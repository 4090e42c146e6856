"""The catalogue of ingested meetings: one record per report, from the docs collection.

Small (one row per report, hundreds at most), so it is held in memory and
answers meeting-identity and list-all questions completely, without top-k.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from assistant.citations import passages_by_doc
from assistant.query_ref import MeetingRef, meeting_matches, metadata_int
from vectorstore.memory import release_freed_memory


@dataclass
class MeetingRecord:
    """One ingested report and what was extracted from it."""

    doc_id: str
    metadata: dict
    requirements: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.metadata.get("meeting_label") or self.metadata.get("title", "")

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def source(self) -> str:
        return self.metadata.get("source", "")

    @property
    def date_int(self) -> int:
        return int(self.metadata.get("meeting_date_int") or 0)


class Catalog:
    """Meeting records, reloaded whenever the docs store changes.

    Every write to the store leaves a new stamp (``PassageStore.stamp``), read
    per call instead of every report id: at 100k passages listing the ids on
    each of the several calls a question makes was what grew (bench/scale.py).
    """

    def __init__(self, docs_store, passages_store) -> None:
        self._store = docs_store
        self._passages = passages_store
        self._texts: dict[str, str] = {}
        self._records: dict[str, MeetingRecord] = {}
        self._sorted: list[MeetingRecord] = []
        # Records by meeting number and by year (0: not stated), in date order:
        # matching a question's meeting scanned all 13k records at 100k
        # passages, ~26 ms a question (bench/scale.py).
        self._by_number: dict[int, list[MeetingRecord]] = {}
        self._by_year: dict[int, list[MeetingRecord]] = {}
        self._by_body: dict[str, list[MeetingRecord]] = {}
        self._stamp: tuple[str, int] | None = None
        # Called from the web app's worker threads: a reload builds the new dict
        # aside and swaps it in, so no caller sees a half-filled catalogue.
        self._lock = threading.Lock()

    def records(self) -> list[MeetingRecord]:
        stamp = self._store.stamp()  # read before loading: a write meanwhile reloads next time
        with self._lock:
            if stamp != self._stamp:
                records = {}
                for hit in self._store.iter_all():
                    md = dict(hit.metadata)
                    reqs = json.loads(md.pop("requirements", "[]") or "[]")
                    records[hit.id] = MeetingRecord(hit.id, md, reqs)
                # Sorted once per load, not per call (thousands of reports at 100k passages).
                # Meetings dated alike (or not at all: the 人大常委会 reports state no year)
                # go by their number, not by title, whose Chinese numerals sort 二十七 before
                # 二十三 (bench/answers_dev82.jsonl by006 listed them out of order).
                ordered = sorted(records.values(), key=lambda r: (
                    r.date_int, metadata_int(r.metadata.get("meeting_number")), r.title))
                by_number: dict[int, list[MeetingRecord]] = {}
                by_year: dict[int, list[MeetingRecord]] = {}
                by_body: dict[str, list[MeetingRecord]] = {}
                for r in ordered:
                    by_number.setdefault(metadata_int(r.metadata.get("meeting_number")), []).append(r)
                    by_year.setdefault(metadata_int(r.metadata.get("meeting_year")), []).append(r)
                    by_body.setdefault(r.metadata.get("meeting_body") or "", []).append(r)
                self._sorted, self._by_number, self._by_year = ordered, by_number, by_year
                self._by_body = by_body
                self._records, self._stamp = records, stamp
                release_freed_memory()  # what the read left behind (vectorstore/memory.py)
            current = self._sorted
        return list(current)

    def matching(self, ref: MeetingRef, year_unknown: bool = False) -> list[MeetingRecord]:
        """Records fitting ``ref`` (``meeting_matches``), in date order.

        ``year_unknown``: instead, the records that state no year and fit every
        other field (candidates the caller must flag as unconfirmed).
        """
        everything = self.records()
        with self._lock:
            by_number, by_year, by_body = self._by_number, self._by_year, self._by_body
        # The smallest bucket that must hold every match; meeting_matches decides.
        pools = [by_year.get(0, [])] if year_unknown else []
        if ref.number is not None:
            pools.append(by_number.get(ref.number, []))
        if ref.year is not None and not year_unknown:
            pools.append(by_year.get(ref.year, []))
        if ref.body:
            pools.append(by_body.get(ref.body, []))
        pool = min(pools, key=len) if pools else everything
        if year_unknown:
            pool = [r for r in pool if not metadata_int(r.metadata.get("meeting_year"))]
        return [r for r in pool if meeting_matches(ref, r.metadata, unknown_year_ok=year_unknown)]

    def get(self, doc_id: str) -> MeetingRecord | None:
        self.records()
        return self._records.get(doc_id)  # swapped whole, so never half-filled

    def prefetch(self, doc_ids: list[str]) -> None:
        """Rebuild the texts of many reports at once (100 reports per Chroma read).

        Why: a list-all answer reads every report's text; one read per report
        took ~50 s at 10k passages on the benchmark box (bench/scale.py).
        """
        todo = [d for d in doc_ids if d not in self._texts]
        for d, hits in passages_by_doc(self._passages, todo).items():
            self._texts[d] = _assemble(hits)
        if len(todo) > 100:
            release_freed_memory()

    def text(self, doc_id: str) -> str:
        """The normalised text of a report, rebuilt from its passages (cached by content id).

        Each passage stands at its own offset (the whitespace between passages
        becomes line breaks), so an offset into this text is an offset into the
        normalised document and can be cited with :func:`sentence_at` directly.
        """
        if doc_id not in self._texts:
            self._texts[doc_id] = _assemble(self._passages.of_docs([doc_id]))
        return self._texts[doc_id]


def _assemble(hits) -> str:
    """A report's text from its passages, each at its own offset (in stored order)."""
    chars: list[str] = []
    for h in hits:
        start = int(h.metadata.get("start", 0))
        if len(chars) < start + len(h.text):
            chars.extend("\n" * (start + len(h.text) - len(chars)))
        chars[start : start + len(h.text)] = h.text
    return "".join(chars)
