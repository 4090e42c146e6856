"""Many users at once: N gradio_client users asking for a bounded time, against a
running app on 127.0.0.1 (only loopback traffic; other addresses are refused).

    python bench/concurrency.py --db /path/to/db --users 20 50 --seconds 60
    python bench/concurrency.py --url http://127.0.0.1:7860/ --users 20

Without ``--url`` the app is started in a subprocess (``meetings serve``, no
seeding) with ``MEETINGS_CONCURRENCY`` from ``--concurrency``, so the clients
and the server do not share a GIL. Each user is a thread with its own
``gradio_client.Client`` that asks questions from bench/questions.jsonl (each
user starting at a different one) through ``/ask`` — or ``/search`` with
``--endpoint search`` — back to back until the time is up; requests in flight
then finish. Reports requests, errors, p50/p95/max latency and throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _questions() -> list[str]:
    rows = [json.loads(line) for line in (HERE / "questions.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    return [r["question"] for r in rows]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float = 300.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "config", timeout=5).status_code in (200, 401):
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit(f"no app answered at {url} within {timeout:.0f} s")


def start_server(db: Path, concurrency: int, port: int) -> subprocess.Popen:
    env = {**os.environ, "MEETINGS_CONCURRENCY": str(concurrency),
           "MEETINGS_SEED_EXAMPLES": "false", "PYTHONPATH": str(REPO)}
    env.pop("MEETINGS_AUTH_FILE", None)
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--db", str(db),
                             "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_users(url: str, users: int, seconds: float, endpoint: str,
              auth: tuple[str, str] | None = None) -> dict:
    """``users`` threads asking back to back for ``seconds``; latency figures."""
    from gradio_client import Client

    questions = _questions()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(users + 1)
    stop_at: list[float] = [0.0]

    def user(n: int) -> None:
        try:
            client = Client(url, auth=auth, verbose=False, download_files=False)
        except Exception as e:  # counted, the run goes on
            with lock:
                errors.append(f"connect: {e.__class__.__name__}: {e}")
            start_gate.wait()
            return
        start_gate.wait()
        i = n * 7
        try:
            while time.monotonic() < stop_at[0]:
                q = questions[i % len(questions)]
                i += 1
                t0 = time.perf_counter()
                try:
                    if endpoint == "search":
                        client.predict(q, 8, api_name="/search")
                    else:
                        out = client.predict(q, api_name="/ask")
                        if "answer" not in out:
                            raise RuntimeError(f"no answer: {out!r:.80}")
                    dt = time.perf_counter() - t0
                    with lock:
                        latencies.append(dt)
                except Exception as e:
                    with lock:
                        errors.append(f"{e.__class__.__name__}: {e}"[:200])
        finally:
            client.close()

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + 10**9  # set for real once every client is connected
    start_gate.wait()
    t_start = time.monotonic()
    stop_at[0] = t_start + seconds
    for t in threads:
        t.join()
    wall = time.monotonic() - t_start
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else float("nan")

    return {"users": users, "seconds": seconds, "wall_s": round(wall, 1),
            "requests": len(lat), "errors": len(errors), "error_samples": errors[:5],
            "p50_s": round(statistics.median(lat), 3) if lat else float("nan"),
            "p95_s": pct(0.95), "max_s": round(lat[-1], 3) if lat else float("nan"),
            "throughput_rps": round(len(lat) / wall, 2) if wall else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running app (loopback only)")
    ap.add_argument("--db", type=Path, help="start the app over this database")
    ap.add_argument("--users", type=int, nargs="+", default=[20, 50])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--concurrency", type=int, default=2, help="MEETINGS_CONCURRENCY")
    ap.add_argument("--endpoint", choices=["ask", "search"], default="ask")
    ap.add_argument("--json", dest="as_json", action="store_true")
    args = ap.parse_args()

    server = None
    if args.url:
        url = args.url.rstrip("/") + "/"
        host = urllib.parse.urlparse(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("only loopback addresses are benchmarked (127.0.0.1)")
    elif args.db:
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        server = start_server(args.db, args.concurrency, port)
    else:
        raise SystemExit("give --url or --db")
    try:
        _wait_for(url)
        results = []
        for n in args.users:
            r = run_users(url, n, args.seconds, args.endpoint)
            r.update(concurrency=args.concurrency if server else None, endpoint=args.endpoint)
            results.append(r)
            if not args.as_json:
                print(f"{n:>3} users, {args.seconds:.0f} s, /{args.endpoint}: "
                      f"{r['requests']} requests, {r['errors']} errors, p50 {r['p50_s']} s, "
                      f"p95 {r['p95_s']} s, max {r['max_s']} s, {r['throughput_rps']} req/s",
                      flush=True)
                for e in r["error_samples"]:
                    print(f"      error: {e}")
        env = {"python": platform.python_version(), "cpus": os.cpu_count(),
               "load_average": [round(x, 2) for x in os.getloadavg()]}
        if args.as_json:
            print(json.dumps({"env": env, "runs": results}, ensure_ascii=False, indent=2))
        else:
            print(f"env: {env}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
