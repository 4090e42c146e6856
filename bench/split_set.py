"""Split a blind question set into a dev part and a held-out part (about a third).

Usage:
    python bench/split_set.py SET.jsonl DEV.jsonl HOLDOUT.jsonl

Stratified by (answerable, unanswerable kind or intent) with the seed every earlier
split used (``random.Random(20261202)``), so each stratum keeps its share in both parts.
The held-out part is run whole for the tables only; nothing is tuned on it.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261202


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    strata: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["answerable"], row["unanswerable_kind"] or row["intent"])
        strata[key].append(row)
    rng = random.Random(SEED)
    held: set[str] = set()
    for key in sorted(strata, key=str):
        group = strata[key]
        rng.shuffle(group)
        held.update(r["id"] for r in group[: round(len(group) / 3)])
    return ([r for r in rows if r["id"] not in held], [r for r in rows if r["id"] in held])


def main() -> None:
    source, dev_path, holdout_path = map(Path, sys.argv[1:4])
    rows = [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    dev, holdout = split(rows)
    for path, part in ((dev_path, dev), (holdout_path, holdout)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8")
        print(f"{path}: {len(part)} questions")


if __name__ == "__main__":
    main()
