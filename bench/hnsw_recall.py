"""Recall@10 of Chroma's HNSW against exact search, default vs our settings.

Usage: python bench/hnsw_recall.py [--n 20000] [--queries 200]

Data: 384-d unit vectors, uniform random and clustered (meeting passages are
near-duplicates of each other, which is the clustered case). Both configs are
measured in the same run, side by side.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time

import numpy as np

os.environ["ANONYMIZED_TELEMETRY"] = "False"

CONFIGS = {
    "chroma default": {"space": "cosine"},
    "200/200/32": {"space": "cosine", "ef_search": 200, "ef_construction": 200,
                          "max_neighbors": 32},
    "ours (400/400/32)": {"space": "cosine", "ef_search": 400, "ef_construction": 400,
                   "max_neighbors": 32},
}


def make_data(kind: str, n: int, d: int, rng) -> np.ndarray:
    if kind == "random":
        x = rng.standard_normal((n, d))
    else:
        centers = rng.standard_normal((n // 100, d))
        x = centers[rng.integers(0, len(centers), n)] + 0.15 * rng.standard_normal((n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def measure(name: str, config: dict, data: np.ndarray, queries: np.ndarray, k: int = 10):
    import chromadb
    from chromadb.config import Settings

    with tempfile.TemporaryDirectory() as d:
        client = chromadb.PersistentClient(d, settings=Settings(anonymized_telemetry=False))
        col = client.create_collection("bench", embedding_function=None,
                                       configuration={"hnsw": config})
        t0 = time.perf_counter()
        ids = [str(i) for i in range(len(data))]
        for i in range(0, len(data), 5000):
            col.add(ids=ids[i:i + 5000], embeddings=data[i:i + 5000])
        add_s = time.perf_counter() - t0
        exact = np.argsort(-(queries @ data.T), axis=1)[:, :k]
        recalls, lat = [], []
        for q, truth in zip(queries, exact, strict=True):
            t = time.perf_counter()
            res = col.query(query_embeddings=[q], n_results=k, include=[])
            lat.append((time.perf_counter() - t) * 1000)
            recalls.append(len({int(i) for i in res["ids"][0]} & set(truth.tolist())) / k)
        return add_s, statistics.mean(recalls), statistics.median(lat)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"# HNSW recall@10 vs exact, n={args.n}, d=384, {args.queries} queries")
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| data | config | add s | recall@10 | query p50 ms |")
    print("| --- | --- | --- | --- | --- |")
    for kind in ("random", "clustered"):
        data = make_data(kind, args.n, 384, rng)
        # Queries near stored passages, as real questions are.
        q = data[rng.choice(len(data), args.queries, replace=False)]
        q = q + 0.1 * rng.standard_normal(q.shape).astype(np.float32)
        queries = (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)
        for name, cfg in CONFIGS.items():
            add_s, rec, p50 = measure(name, cfg, data, queries)
            print(f"| {kind} | {name} | {add_s:.1f} | {rec:.3f} | {p50:.1f} |", flush=True)


if __name__ == "__main__":
    main()
