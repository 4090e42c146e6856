"""Ingest report files into the passage store and keep the keyword index in step.

Re-runnable by construction: a document's id is the hash of its text, passage
ids derive from it, and writes are upserts. A file whose text is unchanged is
skipped before any embedding; an edited file's old passages are replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import chunk_text
from ingest.departments import extract_requirements
from ingest.loaders import iter_report_files, load_file
from ingest.metadata import extract_meeting
from ingest.normalize import normalize_document, normalize_text
from ingest.offsets import encode_offsets
from ingest.sections import find_sections, section_at
from meetings_errors import ConfigError, LoadError

# Bump when normalisation, chunking or extraction change what is stored: a
# re-run then reprocesses every file instead of calling it unchanged.
PIPELINE_VERSION = 2

ADDED, UPDATED, UNCHANGED, DUPLICATE, FAILED = "added", "updated", "unchanged", "duplicate", "failed"
REMOVED = "removed"
STATUSES = (ADDED, UPDATED, UNCHANGED, DUPLICATE, REMOVED, FAILED)


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    status: str
    detail: str = ""
    passages: int = 0


@dataclass
class IngestReport:
    """The summary of one ingest run."""

    results: list[FileResult] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == FAILED]

    def detail_for(self, path) -> str:
        """The detail recorded for ``path`` (any status), for messages and tests."""
        want = str(path.resolve()) if hasattr(path, "resolve") else str(path)
        return next((r.detail for r in self.results if r.path == want), "")

    @property
    def changed(self) -> bool:
        return any(r.status in (ADDED, UPDATED, REMOVED) for r in self.results)

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        parts = [f"{self.count(s)} {verb}{s}" for s in STATUSES
                 if s != REMOVED or self.count(s)]
        return f"{len(self.results)} files: " + ", ".join(parts)

    def to_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "counts": {s: self.count(s) for s in STATUSES},
            "files": [r.__dict__ for r in self.results],
        }


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


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def prepare(path: Path, chunk_chars: int = 260) -> PreparedDocument:
    """Load and analyse one file (no embedding, no writes).

    Raises:
        LoadError: the file cannot be read as a report.
    """
    loaded = load_file(path)
    doc_id = content_id(loaded.text)
    norm = normalize_document(loaded.text)
    title = normalize_text(loaded.title)
    meeting = extract_meeting(title, norm.text, path.name)
    sections = find_sections(norm.text)
    chunks = chunk_text(norm.text, chunk_chars)
    if not chunks:
        raise LoadError(path, "no sentences found after cleaning")
    requirements = extract_requirements(norm.text)
    meeting_md = meeting.to_metadata()
    base = {"source": str(path), "file_name": path.name, "doc_id": doc_id, "title": title,
            "title_original": loaded.title, "n_chunks": len(chunks),
            "pipeline_version": PIPELINE_VERSION, **meeting_md}
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
        })
    reqs = [{"addressee": r.addressee, "kind": r.kind, "start": r.start, "end": r.end,
             "sentence": r.sentence, "section": r.section} for r in requirements]
    doc_md = {**base, "requirements": json.dumps(reqs, ensure_ascii=False),
              "text_chars": len(norm.text)}
    return PreparedDocument(doc_id, str(path), title, ids, texts, embed_texts, metadatas, doc_md)


class Ingestor:
    """Adds report files to a :class:`~assistant.service.MeetingsService`'s stores.

    Example:
        .. code-block:: python

            report = Ingestor(service).ingest([Path("reports/")])
            print(report.summary())
    """

    def __init__(self, service) -> None:
        self.service = service

    def _state(self, source: str) -> tuple[str | None, bool]:
        """The stored report id for ``source``, and whether it is complete and current."""
        hits = self.service.docs.get_where({"source": source}, limit=1)
        if not hits:
            return None, False
        md = hits[0].metadata
        doc_id = md.get("doc_id")
        stored = len(self.service.passages.ids_where({"doc_id": doc_id}))
        current = md.get("pipeline_version") == PIPELINE_VERSION and stored == md.get("n_chunks")
        return doc_id, current

    def ingest(self, paths: list[Path], dry_run: bool = False,
               on_file: Callable[[FileResult], None] | None = None,
               on_start: Callable[[int], None] | None = None,
               prune: bool = False) -> IngestReport:
        """Ingest files and folders (recursively); one bad file never stops the rest.

        Args:
            paths: Files and folders.
            dry_run: Report what would change, write nothing.
            on_file: Called with each file's result (progress).
            on_start: Called once with the number of files.
            prune: Also remove reports ingested from these folders whose files
                no longer exist (a folder is then mirrored exactly).
        """
        report = IngestReport(dry_run=dry_run)
        files, errors = iter_report_files(paths)
        if on_start:
            on_start(len(files) + len(errors))
        for err in errors:
            self._record(report, FileResult(err.path, FAILED, err.reason), on_file)
        for path in files:
            try:
                result = self._ingest_one(path, dry_run)
            except LoadError as e:
                result = FileResult(str(path), FAILED, e.reason)
            except ConfigError:
                raise  # the same for every file: stop and say so once
            except Exception as e:  # an unexpected failure on one file loses no other
                result = FileResult(str(path), FAILED, f"internal error: {type(e).__name__}: {e}")
            self._record(report, result, on_file)
        if prune:
            for gone in self._missing_under([p for p in paths if p.is_dir()]):
                if not dry_run:
                    self._remove(gone)
                self._record(report, FileResult(gone, REMOVED, "file no longer exists"), on_file)
        if report.changed and not dry_run:
            self.service.keyword_index.sync(self.service.passages)
            self.service.sentence_index.sync(self.service.passages)
        return report

    def _missing_under(self, folders: list[Path]) -> list[str]:
        roots = [str(f.resolve()) + "/" for f in folders]
        return sorted({
            r.source for r in self.service.catalog.records()
            if any(r.source.startswith(root) for root in roots) and not Path(r.source).exists()
        })

    def _remove(self, source: str) -> None:
        svc = self.service
        svc.passages.delete(svc.passages.ids_where({"source": source}))
        svc.docs.delete(svc.docs.ids_where({"source": source}))

    @staticmethod
    def _record(report: IngestReport, result: FileResult, on_file) -> None:
        report.results.append(result)
        if on_file:
            on_file(result)

    def _ingest_one(self, path: Path, dry_run: bool) -> FileResult:
        source = str(path)
        doc = prepare(path, self.service.settings.chunk_chars)
        old_id, current = self._state(source)
        detail = ""
        if old_id == doc.doc_id:
            if current:
                return FileResult(source, UNCHANGED, passages=len(doc.ids))
            detail = "reprocessed (passages missing or stored by an older version)"
        twin = self.service.docs.get([doc.doc_id])
        if twin and twin[0].metadata.get("source") != source:
            elsewhere = twin[0].metadata.get("source", "")
            if Path(elsewhere).exists():
                return FileResult(source, DUPLICATE, f"same text as {elsewhere}")
            # The file was moved or renamed: same passages, new provenance.
            old_id, detail = old_id or doc.doc_id, f"moved from {elsewhere}"
        status = UPDATED if old_id else ADDED
        if dry_run:
            return FileResult(source, status, detail, passages=len(doc.ids))
        svc = self.service
        vectors = svc.embeddings.embed_documents(doc.embed_texts)
        svc.passages.upsert(doc.ids, doc.texts, vectors, doc.metadatas)
        title_vec = svc.embeddings.embed_documents([doc.title])
        svc.docs.upsert([doc.doc_id], [doc.title], title_vec, [doc.doc_metadata])
        if old_id:  # new passages are in before the old ones go: no window with neither
            keep = set(doc.ids)
            svc.passages.delete([i for i in svc.passages.ids_where({"source": source})
                                 if i not in keep])
            if old_id != doc.doc_id:
                svc.docs.delete([old_id])
        return FileResult(source, status, detail, passages=len(doc.ids))
