"""Memory and speed of the format readers and of ingestion, one JSON line.

Usage: python bench/ingest_formats.py [--mb 60] [--pages 300] [--files 12]

- Peak RSS (``resource.getrusage``) of loading a 60 MB UTF-8 text and a 300-page
  text PDF, each in a fresh child process, minus that process's RSS after imports,
  so the figure is what the reader itself holds.
- Ingestion throughput (passages/s, everything: read, normalise, embed, store)
  against the embedder's own passages/s on the same passages, so the overhead of
  reading and storing is visible. Files: corpus reports written as .docx, .pdf,
  .ofd, .html and GBK .txt (``tests/format_files.py``).
- Re-ingesting the same files after moving them: embedder calls saved.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

CHILD = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from ingest.formats import load_bytes
import ingest.formats.text, ingest.formats.pdf, pypdfium2, charset_normalizer  # imports first
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path = {path!r}
t = time.perf_counter()
data = open(path, "rb").read()
loaded = load_bytes(path, path.rsplit("/", 1)[-1], data)
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base, peak, dt, len(loaded.text), len(loaded.unit_starts))
"""


def _child_load(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, check=True).stdout.split()
    base, peak, dt, chars, units = int(out[0]), int(out[1]), float(out[2]), int(out[3]), int(out[4])
    return {"file_mb": round(path.stat().st_size / 2**20, 1), "load_s": round(dt, 2),
            "peak_rss_mb": round(peak / 1024, 1), "reader_rss_mb": round((peak - base) / 1024, 1),
            "chars": chars, "units": units}


def _corpus_texts() -> list[str]:
    docs = sorted((ROOT.parent / "shared" / "corpus" / "docs").glob("*.txt"))
    if not docs:
        sys.exit("needs ../shared/corpus/docs")
    return [d.read_text("utf-8") for d in docs]


def big_text(path: Path, mb: int) -> Path:
    texts = "\n".join(_corpus_texts()).encode("utf-8")
    with open(path, "wb") as f:
        while f.tell() < mb * 2**20:
            f.write(texts)
    return path


def big_pdf(path: Path, pages: int) -> Path:
    from tests.format_files import corpus_report, layout_pages, write_pdf

    flowed: list[list[str]] = []
    i = 0
    while len(flowed) < pages:
        flowed.extend(layout_pages(corpus_report(i)))
        i += 1
    return write_pdf(path, flowed[:pages])


def build_mixed(folder: Path, n: int) -> None:
    from tests.format_files import (
        corpus_report,
        layout_pages,
        portal_html,
        wrap,
        write_docx,
        write_ofd,
        write_pdf,
    )

    folder.mkdir(parents=True)
    for i in range(n):
        r = corpus_report(i)
        kind = i % 5
        if kind == 0:
            write_docx(folder / f"r{i}.docx", r)
        elif kind == 1:
            write_pdf(folder / f"r{i}.pdf", layout_pages(r))
        elif kind == 2:
            lines = [r.title, *[ln for p in r.paragraphs for ln in wrap(p, 40)]]
            write_ofd(folder / f"r{i}.ofd", [lines[j : j + 30] for j in range(0, len(lines), 30)])
        elif kind == 3:
            (folder / f"r{i}.html").write_bytes(portal_html(r, "gbk"))
        else:
            (folder / f"r{i}.txt").write_bytes("\n".join([r.title, *r.paragraphs])
                                               .encode("gbk", errors="ignore"))


class _TimedEmbedder:
    """The real embedder, timed: the share of ingest spent embedding, measured in place
    (the machine is shared, so a separate embedder run would see other load)."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds, self.texts = inner, 0.0, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        t = time.perf_counter()
        out = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - t
        self.texts += len(texts)
        return out


class _TimedIndex:
    """A derived index whose building and sync are timed (the sentence index embeds every
    sentence; the service builds an index by syncing it on first use)."""

    def __init__(self, factory, seconds: dict, name: str) -> None:
        self.factory, self.seconds, self.name = factory, seconds, name

    def sync(self, passages):
        t = time.perf_counter()
        out = self.factory().sync(passages)
        self.seconds[self.name] = self.seconds.get(self.name, 0.0) + time.perf_counter() - t
        return out


def ingest_speed(tmp: Path, n: int) -> dict:
    from assistant.service import MeetingsService
    from assistant.settings import Settings
    from ingest.pipeline import IngestOptions, Ingestor, prepare
    from ingest.scan import Candidate, load_candidate, scan

    folder = tmp / "mixed"
    build_mixed(folder, n)
    warm = tmp / "warm"
    build_mixed(warm, 5)
    # Model load and the readers' first imports are start-up, not throughput.
    MeetingsService(Settings(db_dir=tmp / "warm-db")).ingestor.ingest([warm])
    svc = MeetingsService(Settings(db_dir=tmp / "db"))
    timed = _TimedEmbedder(svc.embeddings)
    sync_s: dict[str, float] = {}
    ingestor = Ingestor(timed, svc.passages, svc.docs,
                        [lambda: _TimedIndex(lambda: svc.keyword_index, sync_s, "keyword"),
                         lambda: _TimedIndex(lambda: svc.sentence_index, sync_s, "sentence")],
                        IngestOptions(chunk_chars=svc.settings.chunk_chars))
    t = time.perf_counter()
    report = ingestor.ingest([folder])
    ingest_s = time.perf_counter() - t
    passages = sum(r.passages for r in report.results)
    inside_s, inside_n = timed.seconds, timed.texts
    sync_s = dict(sync_s)
    embed_texts = []
    for e in scan([folder], 2**30):
        if isinstance(e, Candidate):
            doc = prepare(load_candidate(e, 2**30))
            embed_texts.extend([*doc.embed_texts, doc.title])  # the title vector too
    t = time.perf_counter()
    svc.embeddings.embed_documents(embed_texts)
    embed_s = time.perf_counter() - t
    moved = tmp / "moved"
    shutil.move(folder, moved)
    t = time.perf_counter()
    timed.texts = 0
    again = ingestor.ingest([moved])
    move_s = time.perf_counter() - t
    return {"files": n, "failed": report.count("failed"), "passages": passages,
            "texts_embedded": inside_n, "ingest_s": round(ingest_s, 2),
            "ingest_passages_per_s": round(passages / ingest_s, 1),
            "embedder_passages_per_s_in_ingest": round(inside_n / inside_s, 1),
            "embedder_passages_per_s_one_batch": round(len(embed_texts) / embed_s, 1),
            "embedding_share_of_ingest": round(inside_s / ingest_s, 2),
            "index_sync_s": {k: round(v, 2) for k, v in sync_s.items()},
            "reading_and_storing_share": round(
                1 - (inside_s + sum(sync_s.values())) / ingest_s, 2),
            "moved_reingest_s": round(move_s, 2),
            "moved_updated": again.count("updated"), "moved_embedded": timed.texts}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=60)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--files", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        out = {"bench": "ingest_formats", "python": sys.version.split()[0],
               "text": _child_load(big_text(tmp / "big.txt", args.mb)),
               "pdf": _child_load(big_pdf(tmp / "big.pdf", args.pages)),
               "ingest": ingest_speed(tmp, args.files),
               "self_peak_rss_mb": round(
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
