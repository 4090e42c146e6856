"""Hybrid retrieval: meeting-identity filtering, BM25 ⊕ vector rank fusion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant import lexicon
from assistant.catalog import MeetingRecord
from assistant.query_ref import MeetingRef, Relation, metadata_int
from assistant.question import Question, analyze
from ingest.normalize import normalize_text

_RRF_K = 60
_DEPT_BOOST = {"convex": 0.15, "rrf": 1.0 / _RRF_K}


def fuse(vhits, khits: list[tuple[str, float]], method: str = "convex",
         vector_weight: float = 0.3, keyword_weight: float = 0.7) -> dict[str, float]:
    """Fuse vector hits (with cosine distances) and BM25 hits (id, score).

    ``convex``: a weighted sum of BM25 scores scaled by the best one and cosine
    similarities min-max scaled over the candidates. Unlike reciprocal rank
    fusion it keeps the *size* of BM25's lead: a passage that contains every
    rare word of the question is not outvoted by several that share one.
    ``rrf``: reciprocal rank fusion (k=60), kept for comparison.
    """
    scores: dict[str, float] = {}
    if method == "rrf":
        for rank, h in enumerate(vhits):
            scores[h.id] = scores.get(h.id, 0.0) + vector_weight / (_RRF_K + rank)
        for rank, (pid, _) in enumerate(khits):
            scores[pid] = scores.get(pid, 0.0) + keyword_weight / (_RRF_K + rank)
        return scores
    if vhits:
        sims = [1.0 - h.distance for h in vhits]
        lo, hi = min(sims), max(sims)
        for h, sim in zip(vhits, sims, strict=True):
            scores[h.id] = vector_weight * ((sim - lo) / (hi - lo) if hi > lo else 1.0)
    if khits:
        top = khits[0][1] or 1.0
        for pid, sc in khits:
            scores[pid] = scores.get(pid, 0.0) + keyword_weight * sc / top
    return scores


@dataclass
class SearchResult:
    """Everything a question's retrieval found out.

    Attributes:
        query: The normalised question.
        ref: The meeting reference read from the question.
        meetings: Reports matching that reference (empty when it names none).
        unmatched: True when the question names a meeting that is not in the
            records; then ``passages`` is empty rather than a neighbour's.
        departments: Normalised department names the question mentions.
        passages: Ranked passages as LangChain documents.
    """

    query: str
    ref: MeetingRef
    meetings: list[MeetingRecord] = field(default_factory=list)
    unmatched: bool = False
    # Reports that match only because their year is not stated in the text.
    year_unconfirmed: list[MeetingRecord] = field(default_factory=list)
    # References in a question naming several meetings that match none.
    missing: list[MeetingRef] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    # The meeting was picked by what the question says it discussed (「讲法治政府那次会」).
    described: bool = False
    # The meeting was picked as the latest of those the reference matches (「党工委上次会」).
    latest: bool = False
    # The meeting a relative follow-up counts from (「这事后来又在哪些会上提过」): only
    # meetings held after (or before) it were searched.
    relative_anchor: MeetingRecord | None = None
    relative_pool: frozenset[str] = frozenset()
    passages: list[Document] = field(default_factory=list)
    # The analysed question every answer strategy reads.
    question: Question | None = None

    def rows(self) -> list[dict]:
        """The passages as plain dicts with provenance (``meetings search --json``).

        ``id`` is the passage id that ``meetings export`` and the draft basket take.
        """
        from assistant.citations import meeting_of

        return [{
            "id": d.id or d.metadata.get("id"),
            "rank": d.metadata["rank"], "score": d.metadata["score"],
            "source": d.metadata.get("source"), "doc_id": d.metadata.get("doc_id"),
            "title": d.metadata.get("title"), "meeting": meeting_of(d.metadata),
            "text": d.page_content, "original": d.metadata.get("original", ""),
            **({"page": d.metadata["page"]} if d.metadata.get("page") not in (None, "") else {}),
        } for d in self.passages]


class MeetingRetriever(BaseRetriever):
    """Retrieves passages of meeting reports for a question in any script.

    The question is normalised (Traditional, pinyin-annotated and Simplified
    forms alike), its meeting reference (number, year, date, body) restricts
    the search to the matching reports, and BM25 over jieba tokens and e5
    vectors are fused by reciprocal rank.

    Example:
        .. code-block:: python

            retriever = MeetingRetriever(service=MeetingsService(settings), k=5)
            docs = retriever.invoke("2025年第五次主任办公会审议了哪些文件？")
            docs[0].metadata["meeting_label"], docs[0].page_content
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    service: Any
    k: int = 8
    candidates: int = 80
    fusion: str = "convex"
    # Swept 0.0-0.5 with the meeting filter off (BENCHMARKS.md): 0.2-0.3 best.
    vector_weight: float = 0.3
    keyword_weight: float = 0.7
    use_meeting_filter: bool = True  # off only for ablation benchmarks

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        return self.search(query, k=k).passages

    def analyze(self, query: str, history: list[str] | None = None) -> Question:
        """The question as understood (normalised, references, intent, weighted topic)."""
        refresh = getattr(self.service, "refresh_keyword_index", None)
        if refresh is not None:  # once per question: what another process ingested counts
            refresh()
        index = self.service.keyword_index
        return analyze(query, history, idf=index.idf, known=index.known)

    def read_pinyin(self, text: str) -> str:
        """``text`` read as characters when typed in toneless pinyin, with the reports'
        words (「shehai lvyou」 → 涉海旅游); else unchanged."""
        from assistant.pinyin_input import as_hanzi

        stamp, corpus = self._report_words()
        return as_hanzi(text, corpus, stamp, written=self._written)

    def mend_slips(self, text: str) -> str:
        """``text`` with homophone slips of known names mended (主任办工会 → 主任办公会),
        normalised as questions are; unchanged when it holds none."""
        from assistant.typing_slips import mender
        from ingest.normalize import normalize_text

        stamp, corpus = self._report_words()
        plain = normalize_text(text)
        mended = mender(corpus, stamp).mend(plain)
        return mended if mended != plain else text

    def _report_words(self) -> tuple[str, dict[str, int]]:
        """The keyword index's version and its words with their passage counts (none for an
        index that does not list them)."""
        words = getattr(self.service.keyword_index, "words", None)
        return words() if words is not None else ("", {})

    def _written(self, phrase: str) -> bool:
        """Whether a report holds ``phrase`` as written (only quoted pinyin asks: the
        reports' texts are read, and cached, then)."""
        catalog = self.service.catalog
        return any(phrase in catalog.text(r.doc_id) for r in catalog.records())

    def search(self, query: str | Question, k: int | None = None) -> SearchResult:
        """Retrieve passages and the meeting context for ``query``."""
        k = k or self.k
        svc = self.service
        q = query if isinstance(query, Question) else self.analyze(query)
        qn, ref = q.text, q.ref
        result = SearchResult(query=qn, ref=ref, question=q)
        result.departments = list(q.departments)
        allowed_docs: set[str] | None = None
        if q.other_body and self.use_meeting_filter and not any(
                q.other_body in r.title for r in svc.catalog.records()):
            # 「政协常委会议开过哪些会」: no report is that body's meeting.
            result.unmatched = True
            return result
        if not ref.is_empty() and self.use_meeting_filter:
            refs = list(q.refs)
            seen, unsure_seen = set(), set()
            for one in refs:
                matched = svc.catalog.matching(one)
                if one.year is not None:
                    # Some reports never state their year (only 「近日」 or a month and
                    # day): keep them as candidates, flagged, rather than drop a match.
                    unsure = svc.catalog.matching(one, year_unknown=True)
                    result.year_unconfirmed += [r for r in unsure if r.doc_id not in unsure_seen]
                    unsure_seen.update(r.doc_id for r in unsure)
                    matched += unsure
                if not matched and len(refs) > 1:
                    result.missing.append(one)
                for r in matched:
                    if r.doc_id not in seen:
                        seen.add(r.doc_id)
                        result.meetings.append(r)
            if ref.latest and ref.number is None and (ref.body or ref.year) \
                    and len(result.meetings) > 1 and not q.seen_topic:
                # With a matter (「主任办公会最近一次研究督察整改是哪次」) the latest is of
                # the meetings that took it up: the topic answer picks it.
                result.meetings, result.latest = [_latest(result.meetings)], True
            placed = _only_meeting_of(q.place, svc.catalog.records()) if q.place else None
            if placed in result.meetings:
                # 「盘山县第五次会议…」: of the seven 第5次 meetings, the one held there
                # (bench/answers_dev17.jsonl q006). 平潭, in eight titles, picks none.
                result.meetings = [placed]
            if len(result.meetings) > 1:
                # The issuer the user typed first: 「那全国2025年的目标呢」 after a question
                # about 平潭's report asks the State Council's (bench/answers_dev52.jsonl au082).
                for said in (normalize_text(q.raw), q.text):
                    kept = _issued_by(said, result.meetings, svc.catalog.text)
                    if kept != result.meetings:
                        result.meetings = kept
                        break
            if not result.meetings:
                result.unmatched = True
                return result
            allowed_docs = {r.doc_id for r in result.meetings}
        elif q.place and self.use_meeting_filter:
            # 「盘山那次会议…」: the one meeting whose title holds the place, if only one does.
            placed = _only_meeting_of(q.place, svc.catalog.records())
            if placed is not None:
                result.meetings = [placed]
                allowed_docs = {placed.doc_id}
        if q.relative_to is not None and self.use_meeting_filter:
            around = _relative_pool(q, svc.catalog)
            if around is not None:
                result.relative_anchor, pool = around
                result.relative_pool = frozenset(pool)
                result.meetings = [r for r in result.meetings if r.doc_id in pool]
                allowed_docs = pool if allowed_docs is None else allowed_docs & pool
                if not allowed_docs:
                    return result
        described_in: set[str] | None = allowed_docs
        if q.described and self.use_meeting_filter and ref.number is None:
            pool = result.meetings or ([] if not ref.is_empty() else svc.catalog.records())
            chosen = _described_meeting(q, pool, svc.catalog.text)
            if chosen is not None:
                result.meetings, result.described = [chosen], True
                allowed_docs = {chosen.doc_id}
        vec = svc.embeddings.embed_query(q.text)
        ranked, scores, by_id = self._ranked(q, vec, result, allowed_docs, k)
        if result.described:
            # The description is a guess at the meeting meant: its passages lead, and the
            # best passage of each next report follows, so a wrong pick still shows the
            # report that was meant (a search, not the answer: strategies read the meeting).
            others, other_scores, more = self._ranked(q, vec, result, described_in, k)
            report_of = svc.passages.reports_of(others)
            shown, runners = set(allowed_docs), []
            for pid in others:
                if len(runners) < min(_RUNNERS_UP, k // 3) and report_of.get(pid) not in shown:
                    shown.add(report_of.get(pid))
                    runners.append(pid)
            by_id.update(more)
            scores.update({p: other_scores[p] for p in runners})
            ranked = ranked[:max(k - len(runners), 1)] + runners
        top = ranked[:k]
        by_id.update({h.id: h for h in svc.passages.get([p for p in top if p not in by_id])})
        top = [p for p in top if p in by_id]  # (a passage deleted meanwhile is left out)
        result.passages = [
            _to_document(by_id[pid], rank + 1, scores[pid]) for rank, pid in enumerate(top)
        ]
        return result

    def _ranked(self, q: Question, vec: list[float], result: SearchResult,
                allowed_docs: set[str] | None, k: int) -> tuple[list[str], dict[str, float], dict]:
        """Passage ids best first within ``allowed_docs`` (all when None) for the question and
        its embedding ``vec``, their fused scores, and the passages already read (by id)."""
        svc = self.service
        where = {"doc_id": {"$in": sorted(allowed_docs)}} if allowed_docs else None
        ids = svc.passages.ids_of_docs(allowed_docs) if allowed_docs else None
        # Ids and distances only: text and metadata are read below for the few
        # passages that can still make the top k (most of a query's cost at 100k).
        vhits = svc.passages.query(vec, self.candidates, where=where, ids=ids, content=False)
        khits = svc.keyword_index.search(q.search_text, self.candidates,
                                         allowed=set(ids) if ids is not None else None)
        scores = fuse(vhits, khits, self.fusion, self.vector_weight, self.keyword_weight)
        ranked = sorted(scores, key=lambda p: -scores[p])
        by_id: dict = {}
        if result.departments and ranked:
            # A passage that names the department the question asks about
            # outranks one that only shares the topic; one whose score plus the
            # boost cannot reach the k-th stays where it is, unread.
            boost = _DEPT_BOOST[self.fusion]
            floor = scores[ranked[min(k, len(ranked)) - 1]] - boost * len(result.departments)
            pool = [p for p in ranked if scores[p] >= floor]
            by_id.update({h.id: h for h in svc.passages.get(pool)})
            for dept in result.departments:
                for pid, h in by_id.items():
                    if dept in h.text or f"|{dept}|" in h.metadata.get("departments", ""):
                        scores[pid] = scores.get(pid, 0.0) + boost
            ranked = sorted(scores, key=lambda p: -scores[p])
        if len(result.meetings) > 1:
            ranked = _interleave_by_doc(ranked, svc.passages.reports_of(ranked))
        return ranked, scores, by_id


# Share of the describing words' weight a meeting's report must hold to be the one meant;
# chosen on bench/answers_dev24.jsonl (a044: 大批 of 「人大批乡镇职责清单」 is a cut of 批).
_DESCRIBED_HELD = 0.6
# Occurrences of a describing word counted at most, and how far the meeting meant must lead
# the next one (a044: 45.6 against 34.5 for 「乡镇职责清单」; 法治 alone ties four reports).
_MAX_COUNTED = 5
_DESCRIBED_LEAD = 1.25
# Documents that are no meeting's record (ingest.metadata kinds): a work report.
NOT_MEETING_KINDS = frozenset({"report"})


def is_meeting(metadata: dict) -> bool:
    """Whether a record's or passage's metadata is a meeting's (not a work report's)."""
    return metadata.get("meeting_kind", "meeting") not in NOT_MEETING_KINDS

# Reports other than the described meeting shown after its passages (one passage each),
# at most a third of those shown.
_RUNNERS_UP = 3
# Beyond this many candidate reports, reading each one's text costs more than it is worth.
_MAX_DESCRIBED_POOL = 400


def _relative_pool(q: Question, catalog) -> tuple[MeetingRecord, set[str]] | None:
    """The meeting ``q`` counts from and the meetings held after (or before) it. A meeting
    whose report states no year (the standing committee's sittings) is kept only when the
    question names its body (「后来在人大常委会上又提过吗」, bench/answers_dev48.jsonl aq084):
    it cannot be placed in time otherwise. None when the meeting is not one dated report."""
    anchors = [r for r in catalog.matching(q.relative_to) if r.date_int]
    if len(anchors) != 1:
        return None
    anchor = anchors[0]
    after = q.relation is Relation.AFTER
    pool = {r.doc_id for r in catalog.records()
            if r.doc_id != anchor.doc_id
            and is_meeting(r.metadata)
            and ((r.date_int > anchor.date_int if after else 0 < r.date_int < anchor.date_int)
                 or (not r.date_int and q.ref.body
                     and r.metadata.get("meeting_body") == q.ref.body))}
    return anchor, pool


def _latest(records: list[MeetingRecord]) -> MeetingRecord:
    """The latest meeting: by date, then by number, for reports that state no year
    (the standing committee's 第19–27次 sittings say only 4月23日)."""
    return max(records, key=lambda r: (r.date_int, metadata_int(r.metadata.get("meeting_year")),
                                       metadata_int(r.metadata.get("meeting_number"))))


def _described_meeting(q: Question, pool: list[MeetingRecord], text_of) -> MeetingRecord | None:
    """「2026年讲法治政府那次会」: the one meeting among ``pool`` whose report holds most of the
    describing words (by weight, at least :data:`_DESCRIBED_HELD` of them), and of those
    that hold as many, says them most often by a lead of :data:`_DESCRIBED_LEAD`; else None
    (the question is answered as before)."""
    from assistant.evidence import has_word
    from assistant.topic_match import whole_words

    # Words no report holds, or outside the description proper (大批 cut from 人大批), tell none apart.
    words = whole_words([w for w in q.described if w not in q.unseen and w in q.describing])
    # 「…那次会」 is a meeting: a long work report holds every word more often.
    pool = [r for r in pool if is_meeting(r.metadata)]
    if not words or not pool or len(pool) > _MAX_DESCRIBED_POOL:
        return None
    texts = [text_of(r.doc_id) for r in pool]
    holds = [{w for w in words if has_word(q, w, text)} for text in texts]
    # A word no report of the pool holds (吃拿卡要, quoted as the user says it) tells none apart.
    total = sum(q.topic.get(w, 0.0) for w in set().union(*holds))
    scored = []
    for i, text in enumerate(texts):
        held = sum(q.topic.get(w, 0.0) for w in holds[i])
        if total and held >= _DESCRIBED_HELD * total:
            # The meeting that discussed it says it more than once (法治政府 in the one on
            # 法治政府建设, once in others): weight times occurrences, up to a few.
            scored.append((held, sum(q.topic.get(w, 0.0) * min(text.count(w), _MAX_COUNTED)
                                     for w in words), i))
    scored.sort(reverse=True)
    if not scored:
        return None
    if len(scored) > 1 and scored[0][0] == scored[1][0] and \
            scored[0][1] < _DESCRIBED_LEAD * scored[1][1]:
        return None  # as many words, said about as often: no one meeting is meant
    return pool[scored[0][2]]


# How much of a report's text says whose it is (its title line and the line under it).
_ISSUER_HEAD = 200


def _issued_by(text: str, meetings: list[MeetingRecord], full_text) -> list[MeetingRecord]:
    """「平潭2025年政府工作报告」: of the reports a reference matched, those whose opening
    names the issuer the question names (data/issuers.txt), when some but not all do and the
    others are another issuer's (084 opens with 国务院, which 081 never names).

    A word the question uses in passing does not split one issuer's meetings: 「2025年两会党员
    会议传达了全国两会精神吗」 keeps the 2024 meeting too, which opens with 平潭 as the 2025
    one does, though without 全国."""
    heads = {r.doc_id: r.title + full_text(r.doc_id)[:_ISSUER_HEAD] for r in meetings}
    issuers = lexicon.issuers()
    for word in issuers:
        if word not in text:
            continue
        kept = [r for r in meetings if word in heads[r.doc_id]]
        if not 0 < len(kept) < len(meetings):
            continue
        theirs = {w for w in issuers if any(w in heads[r.doc_id] for r in kept)}
        if all(any(w in heads[r.doc_id] and w not in theirs for w in issuers)
               for r in meetings if r not in kept):
            return kept
    return meetings


def _only_meeting_of(place: str, records) -> MeetingRecord | None:
    """The meeting whose title names ``place``, when exactly one does."""
    named = [r for r in records if place in r.title]
    return named[0] if len(named) == 1 else None


def _interleave_by_doc(ranked: list[str], report_of: dict[str, str]) -> list[str]:
    """Round-robin over reports so every meeting an ambiguous question matches is shown."""
    queues: dict[str, list[str]] = {}
    for pid in ranked:
        queues.setdefault(report_of.get(pid, ""), []).append(pid)
    out: list[str] = []
    while any(queues.values()):
        for q in queues.values():
            if q:
                out.append(q.pop(0))
    return out


def _to_document(hit, rank: int, score: float) -> Document:
    md = dict(hit.metadata)
    md.update(id=hit.id, rank=rank, score=round(score, 6))
    return Document(page_content=hit.text, metadata=md, id=hit.id)
