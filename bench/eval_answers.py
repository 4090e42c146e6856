"""Answer quality as the user reads it: the answer, its citations and its quotes.

Usage:
    python bench/eval_answers.py [--questions FILE ...] [--db DIR] [--legacy REV] [--failures]

Runs every question through the same code path as ``meetings ask`` and scores
what comes back, side by side in one run:

- ``new``: the answerer in this checkout.
- ``legacy``: the answerer of an earlier commit (``--legacy REV``, default the
  last commit before the answer-layer rewrite), run from a ``git archive`` of
  that commit in a subprocess over the same database.
- ``top-5 passages``: a baseline that always answers by quoting the top 5
  passages of our retriever whole.

Answerable questions: found rate (and its complement, answerable declined),
gold report cited, evidence recall (share of gold fragments inside the cited
quotes, both sides normalised), citation precision (share of citations from a
gold report), quotes per answer (outside list-all). Unanswerable questions:
declined rate (and unanswerable answered). Every quote is also checked to be an
exact span of its passage and its ``original`` an exact span of the raw file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
CORPUS = REPO.parent / "shared" / "corpus" / "docs"
# The answer layer before issue 6 (the extractive token-coverage gate).
LEGACY_REV = "a752881"


def load_questions(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    for q in rows:
        q.setdefault("history", [])
        q.setdefault("answerable", q.get("type") != "unanswerable")
        q.setdefault("intent", "list_all" if q.get("type") == "list_all" else q.get("type", ""))
    return rows


def ensure_db(db: Path, corpus: Path) -> None:
    sys.path.insert(0, str(REPO))
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    MeetingsService(Settings(db_dir=db)).ingestor.ingest([corpus])


def answer_rows(questions: list[dict], db: Path, mode: str) -> list[dict]:
    """Answer every question; one row per question with what the user saw."""
    sys.path.insert(0, os.environ.get("EVAL_CODE_ROOT", str(REPO)))
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    svc = MeetingsService(Settings(db_dir=db, llm_base_url=None))
    rows = []
    for q in questions:
        t = time.perf_counter()
        if mode == "top5":
            effective = q["question"]
            if q["history"]:
                effective = q["history"][-1] + " " + q["question"]
            res = svc.retriever.search(effective, k=5)
            cites = [{"source": d.metadata.get("source", ""), "quote": d.page_content,
                      "original": d.metadata.get("original", ""), "passage": d.page_content}
                     for d in res.passages]
            found, sources = bool(cites), [c["source"] for c in cites]
        else:
            ans = svc.answerer.answer(q["question"], q["history"] or None)
            cites = [{"source": c.source, "quote": c.quote, "original": c.original,
                      "passage": c.passage} for c in ans.citations]
            found, sources = ans.found, list(ans.sources)
        ms = (time.perf_counter() - t) * 1000
        effective = " ".join([*q["history"][-1:], q["question"]])
        res = svc.retriever.search(effective if q["history"] else q["question"], k=10)
        ranked = list(dict.fromkeys(Path(d.metadata.get("source", "")).name
                                    for d in res.passages))
        rows.append({"id": q["id"], "found": found, "citations": cites, "sources": sources,
                     "ms": ms, "ranked": ranked, "names_meeting": not res.ref.is_empty()})
    return rows


def legacy_rows(questions: list[dict], db: Path, rev: str) -> list[dict]:
    """Run the answerer of commit ``rev`` in a subprocess over the same database."""
    root = Path(tempfile.mkdtemp(prefix="legacy-"))
    data = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(root, filter="data")
    qfile = root / "questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), "utf-8")
    env = dict(os.environ, PYTHONPATH=str(root), EVAL_CODE_ROOT=str(root))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--rows-only",
                          str(qfile), "--db", str(db)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def score(questions: list[dict], rows: list[dict], raw: dict[str, str]) -> dict:
    sys.path.insert(0, str(REPO))
    from ingest.normalize import normalize_text

    by_id = {r["id"]: r for r in rows}
    ans = [q for q in questions if q["answerable"]]
    un = [q for q in questions if not q["answerable"]]
    out: dict[str, object] = {"answerable": len(ans), "unanswerable": len(un)}

    def gold_hit(q, c) -> bool:
        return Path(c["source"]).name in q["gold_docs"]

    found = [by_id[q["id"]]["found"] for q in ans]
    out["found"] = statistics.mean(found) if ans else 0.0
    out["answerable declined"] = 1 - out["found"]
    out["gold report cited"] = statistics.mean(
        any(gold_hit(q, c) for c in by_id[q["id"]]["citations"]) or (
            q["intent"] == "list_all" and bool({Path(s).name for s in by_id[q["id"]]["sources"]}
                                               & set(q["gold_docs"])))
        for q in ans) if ans else 0.0
    recalls, precisions, counts = [], [], []
    for q in ans:
        r = by_id[q["id"]]
        quotes = [normalize_text(c["quote"]) for c in r["citations"]]
        if q["evidence"]:
            recalls.append(statistics.mean(
                any(normalize_text(e) in qt for qt in quotes) for e in q["evidence"]))
        if r["citations"]:
            precisions.append(statistics.mean(gold_hit(q, c) for c in r["citations"]))
        if q["intent"] != "list_all":
            counts.append(len(r["citations"]))
    out["evidence recall"] = statistics.mean(recalls) if recalls else 0.0
    out["citation precision"] = statistics.mean(precisions) if precisions else 0.0
    out["quotes per answer"] = statistics.mean(counts) if counts else 0.0
    lists = [q for q in ans if q["intent"] == "list_all"]
    if lists:
        recs = [len({Path(s).name for s in by_id[q["id"]]["sources"]} & set(q["gold_docs"]))
                / len(q["gold_docs"]) for q in lists]
        out["lists complete"] = f"{sum(x == 1.0 for x in recs)}/{len(lists)}"
    docq = [q for q in ans if q["intent"] != "list_all"]
    if docq:
        out["doc hit@1"] = statistics.mean(bool(set(by_id[q["id"]]["ranked"][:1])
                                                & set(q["gold_docs"])) for q in docq)
        out["doc hit@5"] = statistics.mean(bool(set(by_id[q["id"]]["ranked"][:5])
                                                & set(q["gold_docs"])) for q in docq)
        para = [q for q in docq if q["intent"] in ("topic", "paraphrase")
                and not by_id[q["id"]]["names_meeting"]]
        if para:
            out["no meeting named: doc hit@5"] = statistics.mean(
                bool(set(by_id[q["id"]]["ranked"][:5]) & set(q["gold_docs"])) for q in para)
            out["no meeting named: n"] = len(para)
    declined = [not by_id[q["id"]]["found"] for q in un]
    out["unanswerable declined"] = statistics.mean(declined) if un else 1.0
    out["unanswerable answered"] = f"{sum(not d for d in declined)}/{len(un)}"
    bad_spans = 0
    for r in rows:
        for c in r["citations"]:
            text = raw.get(Path(c["source"]).name)
            if c["quote"] not in c["passage"] or (text is not None and c["original"]
                                                  and c["original"] not in text):
                bad_spans += 1
    out["quotes not exact spans"] = bad_spans
    ms = sorted(r["ms"] for r in rows)
    out["ask p50 ms"] = statistics.median(ms)
    out["ask p95 ms"] = ms[max(0, int(0.95 * len(ms)) - 1)]
    return out


def failures(questions: list[dict], rows: list[dict]) -> list[str]:
    from ingest.normalize import normalize_text

    by_id = {r["id"]: r for r in rows}
    lines = []
    for q in questions:
        r = by_id[q["id"]]
        quotes = [normalize_text(c["quote"]) for c in r["citations"]]
        cited = sorted({Path(c["source"]).name[:3] for c in r["citations"]})
        gold = sorted(d[:3] for d in q["gold_docs"])
        if not q["answerable"]:
            if r["found"]:
                lines.append(f"ANSWERED {q['id']} [{q.get('unanswerable_kind', '')}] "
                             f"{q['question']} cited={cited}")
            continue
        missing = [e for e in q["evidence"] if not any(normalize_text(e) in x for x in quotes)]
        if not r["found"]:
            lines.append(f"DECLINED {q['id']} [{q['intent']}] {q['question']} gold={gold}")
        elif q["intent"] == "list_all":
            listed = sorted({Path(x).name[:3] for x in r["sources"]})
            if not set(gold) <= set(listed):
                lines.append(f"LIST     {q['id']} {q['question']} gold={gold} listed={listed}")
        elif missing or not set(cited) & set(gold):
            lines.append(f"MISSED   {q['id']} [{q['intent']}] {q['question']} gold={gold} "
                         f"cited={cited} missing={missing[:2]}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=Path, nargs="+",
                    default=[REPO / "bench" / "questions.jsonl",
                             REPO / "bench" / "questions_holdout.jsonl"])
    ap.add_argument("--db", type=Path, default=None, help="an ingested corpus database")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--legacy", default=LEGACY_REV, help="commit of the earlier answerer; '' skips")
    ap.add_argument("--failures", action="store_true", help="print what the new answerer misses")
    ap.add_argument("--rows-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rows_only:
        questions = json.loads(args.rows_only.read_text("utf-8"))
        print(json.dumps(answer_rows(questions, args.db, "new"), ensure_ascii=False))
        return
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}")
    db = args.db or Path(tempfile.mkdtemp()) / "db"
    ensure_db(db, args.corpus)
    raw = {p.name: p.read_text("utf-8") for p in args.corpus.glob("*.txt")}
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for path in args.questions:
        questions = load_questions(path)
        systems = {"new": answer_rows(questions, db, "new")}
        if args.legacy:
            systems["legacy"] = legacy_rows(questions, db, args.legacy)
        systems["top-5 passages"] = answer_rows(questions, db, "top5")
        results = {name: score(questions, rows, raw) for name, rows in systems.items()}
        print(f"\n## {path.name}: {len(questions)} questions")
        print("| metric | " + " | ".join(results) + " |")
        print("| --- | " + " | ".join("---" for _ in results) + " |")
        for k in results["new"]:
            vals = [results[n].get(k, "") for n in results]
            print(f"| {k} | " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v)
                                          for v in vals) + " |")
        if args.failures:
            print("\n".join(failures(questions, systems["new"])))


if __name__ == "__main__":
    main()
