"""Claim verification on hand-written claims: faithful kept vs adversarial removed.

Each line of tests/data/llm_claims.jsonl gives the sentences a model was shown
(``{n: "（meeting label）sentence"}``, from the examples and the corpus) and one
claim a model might write: a faithful paraphrase, or an adversarial one (wrong
number, swapped department, wrong meeting, invented document, invented claim
citing an unrelated sentence, injected text). Both sides are reported: a
verifier that removes everything would score perfectly on adversarial claims.

Run: ``python bench/verify_claims.py [--verbose]`` (no index or model needed).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.verify import MIN_OVERLAP, RECITE_MARGIN, verify

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "llm_claims.jsonl"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    out = run(verbose=args.verbose)
    f, a = out["totals"]["faithful"], out["totals"]["adversarial"]
    print(f"thresholds: MIN_OVERLAP={MIN_OVERLAP} RECITE_MARGIN={RECITE_MARGIN}")
    print(f"faithful:    {f['kept']}/{f['n']} kept ({f['kept'] / f['n']:.0%}), "
          f"{f['recited']} re-cited")
    print(f"adversarial: {a['removed']}/{a['n']} removed ({a['removed'] / a['n']:.0%})")
    for name, c in sorted(out["attacks"].items()):
        print(f"  {name:20} {c['removed']}/{c['n']} removed")


if __name__ == "__main__":
    main()
