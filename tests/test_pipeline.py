"""Re-runs are idempotent and self-repairing: moved files, lost passages, new versions."""

from __future__ import annotations

import shutil

import pytest

import ingest.pipeline as pipeline
from tests.conftest import EXAMPLES, make_service


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipe")
    reports = root / "reports"
    shutil.copytree(EXAMPLES, reports)
    svc = make_service(root / "db")
    assert svc.ingestor.ingest([reports]).count("added") == 4
    return svc, reports


def test_duplicate_text_under_another_name_is_not_stored_twice(ingested):
    svc, reports = ingested
    copy = reports / "copy.txt"
    shutil.copy(reports / "2026-03-standing-no03.txt", copy)
    before = svc.passages.count()
    report = svc.ingestor.ingest([reports])
    assert report.count("duplicate") == 1 and "same text as" in report.detail_for(copy)
    assert svc.passages.count() == before
    copy.unlink()


def test_moved_file_keeps_passages_with_new_provenance(ingested):
    svc, reports = ingested
    old = reports / "2025-04-standing-no05.md"
    new = reports / "renamed.md"
    old.rename(new)
    before = svc.passages.count()
    report = svc.ingestor.ingest([reports])
    moved = [r for r in report.results if r.path == str(new.resolve())]
    assert moved[0].status == "updated" and "moved from" in moved[0].detail
    assert moved[0].embedded == 0  # the stored vectors were reused, not re-embedded
    assert svc.passages.count() == before
    sources = {h.metadata["source"] for h in svc.passages.iter_all()}
    assert str(new.resolve()) in sources and str(old.resolve()) not in sources
    assert svc.ingestor.ingest([reports]).count("unchanged") == 4


def test_lost_passage_is_restored_on_rerun(ingested):
    svc, reports = ingested
    victim = next(iter(svc.passages.iter_all()))
    svc.passages.delete([victim.id])
    report = svc.ingestor.ingest([reports])
    assert report.count("updated") == 1 and "reprocessed" in " ".join(
        r.detail for r in report.results)
    assert svc.passages.get([victim.id])
    assert victim.id in svc.keyword_index.ids  # the keyword index followed


def test_new_pipeline_version_reprocesses_everything(ingested, monkeypatch):
    svc, reports = ingested
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + 1)
    report = svc.ingestor.ingest([reports], dry_run=True)
    assert report.count("updated") == 4


def test_prune_removes_reports_whose_files_are_gone(ingested):
    svc, reports = ingested
    victim = reports / "2026-05-standing-no05.html"
    kept = victim.read_bytes()
    victim.unlink()
    assert svc.ingestor.ingest([reports]).count("removed") == 0  # only with prune
    dry = svc.ingestor.ingest([reports], prune=True, dry_run=True)
    assert dry.count("removed") == 1 and svc.passages.ids_where({"source": str(victim.resolve())})
    report = svc.ingestor.ingest([reports], prune=True)
    assert report.count("removed") == 1
    assert not svc.passages.ids_where({"source": str(victim.resolve())})
    assert not any(str(victim.resolve()) == r.source for r in svc.catalog.records())
    assert all(svc.passages.get([i]) for i in svc.keyword_index.ids)
    victim.write_bytes(kept)
    assert svc.ingestor.ingest([reports]).count("added") == 1


def test_unexpected_error_on_one_file_loses_no_other(ingested, monkeypatch):
    svc, reports = ingested
    real = pipeline.extract_meeting

    def flaky(title, text, filename=""):
        if filename.startswith("2026-03"):
            raise ValueError("boom")
        return real(title, text, filename)

    monkeypatch.setattr(pipeline, "extract_meeting", flaky)
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + 1)
    report = svc.ingestor.ingest([reports])
    assert report.count("failed") == 1 and "internal error: ValueError: boom" in " ".join(
        r.detail for r in report.failed)
    assert report.count("updated") == 3


def test_zip_members_are_reports_and_prune_follows_the_archive(tmp_path):
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {p.name: p.read_bytes() for p in sorted(EXAMPLES.glob("*.txt"))}
    archive = folder / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in texts.items():
            zf.writestr(f"2025/{name}", data)
    svc = make_service(tmp_path / "db")
    first = svc.ingestor.ingest([folder])
    assert first.count("added") == len(texts) == 2
    kept, dropped = sorted(texts)
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"2025/{kept}", texts[kept])
    again = svc.ingestor.ingest([folder], prune=True)
    assert again.count("unchanged") == 1 and again.count("removed") == 1
    assert again.results[-1].path == f"{archive.resolve()}!/2025/{dropped}"
    assert not svc.passages.ids_where({"source": f"{archive.resolve()}!/2025/{dropped}"})
