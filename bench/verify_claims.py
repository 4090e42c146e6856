"""Claim verification on hand-written claims: faithful kept vs adversarial removed.

Each line of tests/data/llm_claims.jsonl gives the sentences a model was shown
(``{n: "（meeting label）sentence"}``, from the examples and the corpus) and one
claim a model might write: a faithful paraphrase, or an adversarial one (wrong
number, swapped department, wrong meeting, invented document, invented claim
citing an unrelated sentence, injected text). Both sides are reported: a
verifier that removes everything would score perfectly on adversarial claims.

The thresholds were set on llm_claims.jsonl (the dev set); llm_claims_holdout.jsonl
was written afterwards over other reports and is reported as it came out.

Run: ``python bench/verify_claims.py [--holdout] [--verbose] [--sweep]`` (no index or model needed).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant import verify as verify_module
from assistant.verify import MIN_OVERLAP, RECITE_MARGIN, verify

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "llm_claims.jsonl"
# Written after the thresholds were set, over other reports, and run once: the honest figure.
HOLDOUT = DATA.with_name("llm_claims_holdout.jsonl")


def run(path: Path = DATA, verbose: bool = False) -> dict:
    """``{kind: {"n", "kept", "removed", "recited"}}`` plus per-attack removal counts."""
    totals: dict[str, Counter] = {"faithful": Counter(), "adversarial": Counter()}
    attacks: dict[str, Counter] = {}
    for line in path.read_text("utf-8").splitlines():
        case = json.loads(line)
        sentences = {int(k): v for k, v in case["sentences"].items()}
        result = verify(case["claim"], sentences)
        kept = bool(result.supported) and not result.removed
        t = totals[case["kind"]]
        t["n"] += 1
        t["kept" if kept else "removed"] += 1
        t["recited"] += any(v.recited for v in result.verdicts)
        if case["attack"]:
            attacks.setdefault(case["attack"], Counter())["n"] += 1
            attacks[case["attack"]]["removed"] += not kept
        wrong = kept != (case["kind"] == "faithful")
        if verbose or wrong:
            v = result.verdicts[0]
            print(f"{'WRONG ' if wrong else ''}{case['id']} {case['kind']:11} "
                  f"{'kept' if kept else 'removed':7} overlap={v.overlap:.2f} {v.reason}  "
                  f"{case['claim']}")
    return {"totals": totals, "attacks": attacks}


def run_quiet(path: Path = DATA) -> dict:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        return run(path)["totals"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--sweep", action="store_true", help="Both rates at other thresholds.")
    parser.add_argument("--holdout", action="store_true", help="Run the held-out claims.")
    args = parser.parse_args()
    path = HOLDOUT if args.holdout else DATA
    if args.sweep:
        for t in (0.3, 0.4, 0.5, 0.6, 0.7):
            verify_module.MIN_OVERLAP = t
            quiet = run_quiet(path)
            f, a = quiet["faithful"], quiet["adversarial"]
            print(f"MIN_OVERLAP={t}: faithful kept {f['kept']}/{f['n']}, "
                  f"adversarial removed {a['removed']}/{a['n']}")
        verify_module.MIN_OVERLAP = MIN_OVERLAP
    out = run(path, verbose=args.verbose)
    print(f"claims: {path.name}")
    f, a = out["totals"]["faithful"], out["totals"]["adversarial"]
    print(f"thresholds: MIN_OVERLAP={MIN_OVERLAP} RECITE_MARGIN={RECITE_MARGIN}")
    print(f"faithful:    {f['kept']}/{f['n']} kept ({f['kept'] / f['n']:.0%}), "
          f"{f['recited']} re-cited")
    print(f"adversarial: {a['removed']}/{a['n']} removed ({a['removed'] / a['n']:.0%})")
    for name, c in sorted(out["attacks"].items()):
        print(f"  {name:20} {c['removed']}/{c['n']} removed")


if __name__ == "__main__":
    main()
