"""Citations: a quoted sentence, the meeting it comes from, and where it stands."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.offsets import decode_offset
from ingest.sentences import split_sentences


@dataclass
class Citation:
    """One cited source sentence.

    Attributes:
        n: The citation's number as shown in the answer ([n]).
        source: Path of the ingested file.
        title: Title of the report.
        meeting: body, number, year, date and label of the meeting.
        quote: The sentence, normalised (Simplified, clean punctuation).
        original: The same sentence as published in the source file.
        passage: The surrounding passage (normalised), for context.
        passage_id: Id of that passage in the store.
        section: Part of the meeting (指出, 强调, 要求 ...) where known.
        label: Optional grouping label (e.g. 面向各部门的要求).
        page: The page the passage is on (pdf, ofd, scans), where known.
        paragraph: The paragraph it starts at (docx), where known.
    """

    n: int
    source: str
    title: str
    meeting: dict
    quote: str
    original: str
    passage: str
    passage_id: str
    section: str = ""
    label: str = ""
    page: int | None = None
    paragraph: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Sentence:
    """A candidate sentence inside a retrieved passage."""

    text: str
    passage_id: str
    metadata: dict
    start: int  # offset inside the passage
    end: int
    passage_text: str
    rank: int = 0
    score: float = 0.0
    extra: dict = field(default_factory=dict)
    # Part of the meeting the sentence stands in (ingest.sections labels: 导语, 指出,
    # 强调, 要求, 听取汇报, 审议, 讲话 …), when read from the whole report.
    section: str = ""

    @property
    def doc_id(self) -> str:
        return self.metadata.get("doc_id", "")

    def part(self, a: int, b: int, section: str | None = None) -> Sentence:
        """Characters ``[a, b)`` of this sentence, as a sentence of the same passage.

        The part stays an exact span of its source (quotable as published); it
        keeps the section unless ``section`` says otherwise.
        """
        return Sentence(self.passage_text[self.start + a:self.start + b], self.passage_id,
                        self.metadata, self.start + a, self.start + b, self.passage_text,
                        self.rank, self.score, dict(self.extra),
                        self.section if section is None else section)

    def through(self, after: Sentence) -> Sentence | None:
        """This sentence and ``after`` as one span, when they stand together in one passage
        (a short head and its meaning: 「三是兴产业。推动航运…」), else None."""
        if after.passage_id != self.passage_id or after.start < self.end or \
                self.passage_text[self.end:after.start].strip():
            return None
        return self.part(0, after.end - self.start)

    @property
    def doc_start(self) -> int:
        return int(self.metadata.get("start", 0)) + self.start

    @property
    def key(self) -> tuple[str, int, int]:
        """Where it stands in its report: the same sentence from two passages is one."""
        return (self.doc_id, self.doc_start, self.doc_start + len(self.text))

    def original(self) -> str:
        md = self.metadata
        enc, orig = md.get("offsets"), md.get("original", "")
        if not enc:
            return self.text
        return orig[decode_offset(enc, self.start) : decode_offset(enc, self.end)].strip()

    def cite(self, n: int, label: str = "") -> Citation:
        return Citation(
            n=n, source=self.metadata.get("source", ""), title=self.metadata.get("title", ""),
            meeting=meeting_of(self.metadata), quote=self.text, original=self.original(),
            passage=self.passage_text, passage_id=self.passage_id,
            section=self.metadata.get("section", ""), label=label,
            page=_unit(self.metadata, "page"), paragraph=_unit(self.metadata, "paragraph"),
        )


def _unit(md: dict, key: str) -> int | None:
    value = md.get(key)
    return int(value) if isinstance(value, int | float) and value else None


def display_date(value: str) -> str:
    """``2025-02-11`` → 「2025年2月11日」, ``--10-14`` (no year) → 「10月14日」, else ``""``."""
    parts = (value or "").split("-")
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2].isdigit():
        return f"{parts[0]}年{int(parts[1])}月{int(parts[2])}日"
    if value.startswith("--") and len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
        return f"{int(parts[2])}月{int(parts[3])}日"
    return ""


def label_with_date(label: str, iso: str, date_label: str = "") -> str:
    """``label`` with its date as people write it appended (「10月30日」, never ``--10-30``),
    unless the label already shows it."""
    d = date_label or display_date(iso) or iso
    shown = iso[-5:].lstrip("-")  # the label may hold MM-DD already
    return f"{label}（{d}）" if d and d not in label and shown not in label else label


def unique(sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` without repeats (by position in the report), order kept."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for s in sentences:
        if s.key not in seen:
            seen.add(s.key)
            out.append(s)
    return out


def meeting_of(md: dict) -> dict:
    """The meeting identity fields of passage or report metadata, for display and JSON.

    ``date`` is ISO (``--MM-DD`` when the year is not stated); ``date_label`` is
    the same date as people write it (「10月14日」), never ``--10-14``.
    """
    date = md.get("meeting_date") or ""
    return {
        "body": md.get("meeting_body") or "",
        "number": md.get("meeting_number") or None,
        "year": md.get("meeting_year") or None,
        "date": date,
        "date_label": display_date(date),
        "label": md.get("meeting_label") or md.get("title", ""),
    }


def sentences_of(text: str, passage_id: str, metadata: dict, rank: int = 0) -> list[Sentence]:
    """Split a passage into candidate sentences."""
    return [
        Sentence(text[s:e], passage_id, metadata, s, e, text, rank)
        for s, e in split_sentences(text)
    ]


def sentence_at(passages_store, doc_id: str, start: int, end: int) -> Sentence | None:
    """The stored passage holding doc offsets ``[start, end)``, as a citable sentence.

    Reads the report's passages by ``doc_id`` alone and picks in Python: a
    where clause with ``start``/``end`` ranges took ~280 ms a call at 10k
    passages (bench/scale.py), the equality lookup a few ms.
    """
    return sentences_at(passages_store, [(doc_id, start, end)])[0]


# Reports per Chroma read when many are fetched at once (list-all answers).
_DOC_BATCH = 100


def passages_by_doc(passages_store, doc_ids) -> dict[str, list]:
    """The stored passages of many reports, by report id, 100 reports per Chroma read.

    Every id asked for has an entry (empty when the report has no passages).
    """
    docs = sorted(set(doc_ids))
    by_doc: dict[str, list] = {d: [] for d in docs}
    for i in range(0, len(docs), _DOC_BATCH):
        for h in passages_store.of_docs(docs[i:i + _DOC_BATCH]):
            by_doc.setdefault(h.metadata.get("doc_id", ""), []).append(h)
    return by_doc


def sentences_at(passages_store, spans: list[tuple[str, int, int]]) -> list[Sentence | None]:
    """:func:`sentence_at` for many ``(doc_id, start, end)`` at once, in order.

    Why: a list-all answer cites one sentence per matching meeting; one Chroma
    read each was most of its time at 10k passages (bench/scale.py). The
    passages of up to 100 reports are read per call instead.
    """
    by_doc = passages_by_doc(passages_store, [d for d, _, _ in spans])
    out: list[Sentence | None] = []
    for doc_id, start, end in spans:
        h = next((h for h in by_doc.get(doc_id, [])
                  if int(h.metadata["start"]) <= start < int(h.metadata["end"])), None)
        if h is None:
            out.append(None)
            continue
        md = dict(h.metadata, id=h.id)
        s = start - int(md["start"])
        e = min(end, int(md["end"])) - int(md["start"])
        out.append(Sentence(h.text[s:e], h.id, md, s, e, h.text))
    return out
