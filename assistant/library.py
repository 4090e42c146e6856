"""The report library: upload files into a managed folder, list, delete and re-ingest reports.

What the web app's 资料库 tab calls (it holds no logic of its own, and this
module never imports gradio). Uploads go through the same :class:`Ingestor` as
``meetings ingest``, so every file gets the same status and reason the CLI
prints. Why copy uploads into ``Settings.uploads_dir`` (under the database
folder): a report's provenance is its file path, and a browser upload lives in
a temporary folder that is cleaned away; the managed copy keeps citations,
the viewer and re-ingest pointing at a file that stays.

A file's type is decided by its content (magic bytes, :func:`ingest.formats.detect.detect`)
before it is copied, never by the MIME type the browser sends.
"""

from __future__ import annotations

import filecmp
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.citations import display_date
from ingest.formats import reader_for
from ingest.formats.archive import split_source
from ingest.formats.base import Kind
from ingest.formats.detect import KNOWN_UNSUPPORTED, detect
from ingest.pipeline import (
    ADDED,
    DUPLICATE,
    FAILED,
    SKIPPED,
    STATUSES,
    UNCHANGED,
    UPDATED,
    FileResult,
    IngestReport,
)
from ingest.scan import source_exists
from meetings_errors import MeetingsError

# How the tab names each status (the CLI's own word is shown beside it).
STATUS_LABELS = {ADDED: "已收录", UPDATED: "已更新", UNCHANGED: "未变（已收录过）",
                 DUPLICATE: "重复（内容已收录）", SKIPPED: "跳过", FAILED: "失败",
                 "removed": "已移除"}
_KEPT = (ADDED, UPDATED, UNCHANGED)  # a stored copy with one of these results stays


class UnknownReport(MeetingsError):
    """No ingested report has this id."""


@dataclass(frozen=True)
class ReportRow:
    """One ingested report, as the library table lists it.

    Attributes:
        doc_id: The report's id (content hash).
        label: The meeting label (or the title when no meeting was recognised).
        date: ISO date (``--MM-DD`` when the year is not stated), or ``""``.
        date_label: The date as people write it (「2025年2月11日」, 「10月14日」).
        body: The meeting body (常务会议, 指挥部 …).
        file_name: The file's base name.
        source: Its provenance (path, or ``archive!/member``).
        format: ``txt``, ``docx``, ``pdf`` …
        pages: Page count for paged formats (pdf, ofd, scans), else ``None``.
        passages: Passages stored.
        added_at: When it was (last) ingested, ISO UTC, or ``""`` when not recorded.
        uploaded: Whether the file lives in the managed uploads folder.
    """

    doc_id: str
    label: str
    date: str
    date_label: str
    body: str
    file_name: str
    source: str
    format: str
    pages: int | None
    passages: int
    added_at: str
    uploaded: bool


@dataclass(frozen=True)
class UploadResult:
    """What happened to one uploaded file (or one member of an uploaded zip).

    Attributes:
        name: The name shown: the uploaded name, ``name.zip!/member`` for a member.
        status: One of :data:`ingest.pipeline.STATUSES` (exactly the CLI's).
        detail: The reason (exactly the CLI's), or why the upload was refused.
        source: The stored provenance, ``""`` when the file was refused before copying.
        format: The detected format, once read.
        passages: Passages stored.
        error: The error type for a failure.
    """

    name: str
    status: str
    detail: str = ""
    source: str = ""
    format: str = ""
    passages: int = 0
    error: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class UploadReport:
    """Every uploaded file's result, in upload order (zip members in archive order)."""

    results: list[UploadResult] = field(default_factory=list)
    ingest: IngestReport | None = None

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def summary(self) -> str:
        """The CLI's summary line over every result (refused files count as skipped)."""
        parts = [f"{self.count(s)} {s}" for s in STATUSES if s != "removed" or self.count(s)]
        return f"{len(self.results)} files: " + ", ".join(parts)

    @property
    def changed(self) -> bool:
        return bool(self.ingest and self.ingest.changed)


@dataclass(frozen=True)
class DeleteResult:
    """A deleted report: what was removed."""

    doc_id: str
    label: str
    source: str
    passages: int
    file_removed: bool


def content_kind(path: Path, name: str) -> Kind:
    """The format of a file by its content (magic bytes), its name only as a fallback."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    return detect(name, head, path=str(path))


def refusal(path: Path, name: str, max_bytes: int) -> str:
    """Why an uploaded file is not taken (``""`` when it is): its size, then its content type.

    Worded as ``meetings ingest`` words the same skip.
    """
    size = path.stat().st_size
    if size > max_bytes:
        return (f"too large ({_mb(size)} > {_mb(max_bytes)} limit; "
                "raise MEETINGS_MAX_FILE_MB to read it)")
    kind = content_kind(path, name)
    if kind is Kind.ZIP or reader_for(kind) is not None:
        return ""
    suffix = Path(name).suffix.lower()
    what = KNOWN_UNSUPPORTED.get(suffix, "")
    return (f"unsupported file type {suffix or '(no extension)'}" + (f" ({what})" if what else "")
            + " (checked by content)")


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


class Library:
    """The reports of one service: upload, list, delete, re-ingest.

    Example:
        .. code-block:: python

            lib = Library(service)
            report = lib.store_uploads([Path("/tmp/a.docx"), Path("/tmp/reports.zip")])
            for r in report.results:
                print(r.name, r.status, r.detail)
            lib.delete_report(lib.list_reports()[0].doc_id)
    """

    def __init__(self, service) -> None:
        self.service = service
        self.settings = service.settings

    @property
    def uploads_dir(self) -> Path:
        return Path(self.settings.uploads_dir).resolve()

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_file_mb * 1024 * 1024)

    # -- listing ---------------------------------------------------------------
    def list_reports(self) -> list[ReportRow]:
        """Every ingested report, newest meeting first."""
        rows = [self._row(r.doc_id, r.metadata) for r in self.service.catalog.records()]
        return sorted(rows, key=lambda r: (r.date.lstrip("-"), r.label), reverse=True)

    def _row(self, doc_id: str, md: dict) -> ReportRow:
        source = md.get("source", "")
        date = md.get("meeting_date") or ""
        pages = md.get("pages")
        label = md.get("meeting_label") or md.get("title", "")
        label = label.removesuffix(f"（{date}）") if date else label  # the date has its column
        return ReportRow(
            doc_id=doc_id, label=label, date=date,
            date_label=display_date(date), body=md.get("meeting_body") or "",
            file_name=md.get("file_name") or Path(source).name, source=source,
            format=md.get("format", ""), pages=int(pages) if pages else None,
            passages=int(md.get("n_chunks") or 0), added_at=md.get("ingested_at", ""),
            uploaded=self._managed(source),
        )

    def _managed(self, source: str) -> bool:
        split = split_source(source)
        path = Path(split[0] if split else source)
        return path.is_relative_to(self.uploads_dir)

    # -- upload ----------------------------------------------------------------
    def store_uploads(self, paths: Sequence[Path | str | tuple[Path | str, str]],
                      on_start: Callable[[int], None] | None = None,
                      on_file: Callable[[FileResult], None] | None = None) -> UploadReport:
        """Copy uploaded files into the uploads folder and ingest them.

        Args:
            paths: Uploaded files, each a path (its name is the upload name) or
                ``(path, name)`` when the temporary file's name differs.
            on_start: Called once with the number of files the ingestor found.
            on_file: Called with each file's ingest result (progress).

        Returns:
            One result per uploaded file (per member for a zip), in upload order.
            Files over the count or size limit or of an unsupported type are
            refused (status ``skipped``) and never copied; a copy whose every
            result is failed, skipped or duplicate is removed again.
        """
        items = [(Path(p[0]), p[1]) if isinstance(p, tuple) else (Path(p), Path(p).name)
                 for p in paths]
        limit = self.settings.max_upload_files
        slots: list[UploadResult | tuple[Path, bool]] = []  # a refusal, or (copy, is_new)
        for i, (path, name) in enumerate(items):
            name = Path(str(name).replace("\\", "/")).name
            name = name if name.strip(". ") else "upload"  # never "", "." or ".."
            if i >= limit:
                slots.append(UploadResult(name, SKIPPED, f"over the {limit}-file upload limit "
                                          "(raise MEETINGS_MAX_UPLOAD_FILES to take more)"))
                continue
            why = refusal(path, name, self.max_bytes)
            slots.append(UploadResult(name, SKIPPED, why) if why else self._copy(path, name))
        copies = [s[0] for s in slots if isinstance(s, tuple)]
        ingest = None
        if copies:
            try:
                ingest = self.service.ingestor.ingest(copies, on_file=on_file, on_start=on_start)
            except BaseException:  # e.g. a ConfigError: no copy is left without its report
                for slot in slots:
                    if isinstance(slot, tuple) and slot[1]:
                        slot[0].unlink(missing_ok=True)
                raise
        out = UploadReport(ingest=ingest)
        for slot in slots:
            if isinstance(slot, UploadResult):
                out.results.append(slot)
                continue
            copy, new = slot
            mine = [r for r in ingest.results
                    if r.path == str(copy) or r.path.startswith(f"{copy}!/")]
            out.results.extend(self._result(r) for r in mine)
            if new and not any(r.status in _KEPT for r in mine):
                copy.unlink(missing_ok=True)
        return out

    def _copy(self, path: Path, name: str) -> tuple[Path, bool]:
        """The managed copy of ``path`` named ``name`` (an identical earlier upload is reused)."""
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        stem, suffix = Path(name).stem, Path(name).suffix
        n = 1
        while True:
            target = self.uploads_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
            if not target.exists():
                shutil.copyfile(path, target)
                return target, True
            if filecmp.cmp(path, target, shallow=False):
                return target, False
            n += 1

    def _result(self, r: FileResult) -> UploadResult:
        shown = r.path
        root = f"{self.uploads_dir}/"
        if shown.startswith(root):
            shown = shown[len(root):]
        return UploadResult(shown, r.status, r.detail, r.path, r.format, r.passages, r.error)

    # -- delete and re-ingest --------------------------------------------------
    def _record(self, doc_id: str):
        record = self.service.catalog.get(doc_id)
        if record is None:
            raise UnknownReport(f"no report with id {doc_id}")
        return record

    def delete_report(self, doc_id: str) -> DeleteResult:
        """Remove a report: its passages, its docs record, and the derived index entries.

        An uploaded file (or zip) is removed too once no other report comes from it;
        files outside the uploads folder are never touched.
        """
        record = self._record(doc_id)
        svc = self.service
        ids = svc.passages.ids_where({"doc_id": doc_id})
        svc.passages.delete(ids)
        svc.docs.delete([doc_id])
        for index in svc.ingestor.indexes:  # keyword and sentence index follow the store
            index().sync(svc.passages)
        source = record.source
        split = split_source(source)
        path = Path(split[0] if split else source)
        removed = False
        if self._managed(source) and path.is_file():
            others = [s for s in (r.source for r in svc.catalog.records())
                      if s == str(path) or s.startswith(f"{path}!/")]
            if not others:
                path.unlink()
                removed = True
        return DeleteResult(doc_id, record.label, source, len(ids), removed)

    def reingest_report(self, doc_id: str) -> UploadReport:
        """Ingest a report's file again (its zip, for a member), as ``meetings ingest`` would.

        Unchanged text is reported ``unchanged``; an edited file or one stored by an
        older pipeline is ``updated``.
        """
        source = self._record(doc_id).source
        if not source_exists(source):
            raise UnknownReport(f"the file of this report no longer exists: {source}")
        split = split_source(source)
        ingest = self.service.ingestor.ingest([Path(split[0] if split else source)])
        return UploadReport([self._result(r) for r in ingest.results], ingest)
