"""Search with filters (meeting body, year, dates, number, department) and sorting.

The retriever ranks; the filters here narrow its results. Meeting filters
(body, year, dates, number) name reports up front, so those reports' passages
are ranked directly (Chroma ``where`` + BM25 allow-list) and none is missed;
the department filter is applied over a wide candidate pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.catalog import MeetingRecord
from assistant.drafting.highlight import query_terms
from ingest.departments import find_departments, normalize_department
from ingest.normalize import normalize_text

SORTS = ("relevance", "date")
WIDE_CANDIDATES = 400


def _date_int(text: str | None) -> int | None:
    """'2025-10-14' / '20251014' / '2025-10' → 20251014 / 20251014 / 20251000."""
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    if not digits:
        return None
    return int((digits + "0000")[:8])


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to; ``None`` / empty means no restriction.

    Dates are ISO (``2025-10-14``, or ``2025-10`` for a month). A report whose
    full date is unknown is left out as soon as a date range is given: it
    cannot be shown to fall inside it.
    """

    body: str | None = None
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    number: int | None = None
    department: str | None = None
    sort: str = "relevance"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort by one of {', '.join(SORTS)}, not {self.sort!r}")

    @property
    def restricts_meetings(self) -> bool:
        return any(v not in (None, "") for v in (self.body, self.year, self.date_from,
                                                  self.date_to, self.number))

    def matches_meeting(self, md: dict) -> bool:
        if self.body:
            want = normalize_text(self.body)
            if want not in (md.get("meeting_body") or "") and \
                    want not in (md.get("meeting_body_raw") or ""):
                return False
        if self.year and int(md.get("meeting_year") or 0) != int(self.year):
            return False
        if self.number and int(md.get("meeting_number") or 0) != int(self.number):
            return False
        lo, hi = _date_int(self.date_from), _date_int(self.date_to)
        if lo or hi:
            d = int(md.get("meeting_date_int") or 0)
            if not d or (lo and d < lo) or (hi and d > (hi if hi % 100 else hi + 99)):
                return False
        return True

    def matches_department(self, text: str, md: dict) -> bool:
        if not self.department:
            return True
        want = normalize_department(self.department)
        if f"|{want}|" in (md.get("departments") or ""):
            return True
        return any(d.name == want for d in find_departments(text))


@dataclass
class SearchHits:
    """Filtered, sorted result rows (``SearchResult.rows`` shape) and the marked terms."""

    query: str
    filters: SearchFilters
    terms: list[str]
    rows: list[dict] = field(default_factory=list)
    unmatched: str = ""  # the question names a meeting that is not in the records
    normalized_query: str = ""
    meetings: list[MeetingRecord] = field(default_factory=list)  # meetings the question names


def meeting_bodies(records: list[MeetingRecord]) -> list[str]:
    """Distinct meeting bodies in the catalogue, most reports first (filter choices)."""
    counts: dict[str, int] = {}
    for r in records:
        b = r.metadata.get("meeting_body") or ""
        if b:
            counts[b] = counts.get(b, 0) + 1
    return sorted(counts, key=lambda b: (-counts[b], b))


def meeting_years(records: list[MeetingRecord]) -> list[int]:
    return sorted({int(r.metadata.get("meeting_year") or 0) for r in records} - {0}, reverse=True)


def search(service, query: str, filters: SearchFilters | None = None, k: int = 10) -> SearchHits:
    """Passages for ``query`` that pass ``filters``, best first or newest first."""
    filters = filters or SearchFilters()
    narrowed = filters.restricts_meetings or filters.department
    retriever = service.retriever
    if narrowed:
        retriever = retriever.model_copy(
            update={"candidates": max(retriever.candidates, WIDE_CANDIDATES)})
    result = retriever.search(query, k=WIDE_CANDIDATES if narrowed else k)
    hits = SearchHits(query, filters, query_terms(query), normalized_query=result.query,
                      meetings=result.meetings)
    if result.unmatched:
        hits.unmatched = f"记录中没有{result.ref.describe()}。"
        return hits
    if filters.restricts_meetings:
        allowed = {r.doc_id for r in service.catalog.records()
                   if filters.matches_meeting(r.metadata)}
        if result.meetings:  # the question itself names a meeting: both must hold
            allowed &= {r.doc_id for r in result.meetings}
        result.passages = _ranked_within(service, retriever, result.query, allowed)
    by_id = {d.id: d.metadata for d in result.passages}
    rows = [r for r in result.rows()
            if filters.matches_meeting(by_id[r["id"]])
            and filters.matches_department(r["text"], by_id[r["id"]])][:k]
    for r in rows:
        r["date_int"] = int(by_id[r["id"]].get("meeting_date_int") or 0)
        r["section"] = by_id[r["id"]].get("section", "")
    if filters.sort == "date":
        rows.sort(key=lambda r: (-r["date_int"], r["rank"]))
    for n, r in enumerate(rows, 1):
        r["rank"] = n
    hits.rows = rows
    return hits


def _ranked_within(service, retriever, qn: str, doc_ids: set[str]):
    """Fused BM25 + vector ranking over the passages of ``doc_ids`` only.

    A filter names reports up front, so they are searched directly (a Chroma
    ``where`` and the BM25 allow-list) rather than hoping they reach the
    global top candidates.
    """
    from langchain_core.documents import Document

    from assistant.retriever import fuse

    if not doc_ids:
        return []
    where = {"doc_id": {"$in": sorted(doc_ids)}}
    ids = service.passages.ids_of_docs(doc_ids)
    allowed = set(ids)
    vhits = service.passages.query(service.embeddings.embed_query(qn), retriever.candidates,
                                   where=where, ids=ids)
    khits = service.keyword_index.search(qn, retriever.candidates, allowed=allowed)
    scores = fuse(vhits, khits, retriever.fusion, retriever.vector_weight,
                  retriever.keyword_weight)
    by_id = {h.id: h for h in vhits}
    by_id.update({h.id: h for h in service.passages.get([p for p, _ in khits if p not in by_id])})
    ranked = sorted(scores, key=lambda p: -scores[p])
    return [Document(page_content=by_id[p].text, id=p,
                     metadata={**by_id[p].metadata, "id": p, "rank": n, "score": round(scores[p], 6)})
            for n, p in enumerate(ranked, 1)]
