"""Claim verification on the corpus's own evidence: mechanical faithful and adversarial replies.

For every answerable question of bench/answers_dev.jsonl, the extractive answer's
cited sentences (as the model would be shown them) are turned into replies a model
might write, and verified:

- faithful: each sentence restated without its report scaffolding (「会议要求，」
  「要」「进一步」 dropped), cited to itself: should be kept;
- wrong number: the sentence's first number changed (×2, or +1 for a year): removed;
- swapped department: its first named department replaced by another one: removed;
- unrelated: a sentence from another question's evidence, cited to this one's [1]
  (the true source not given): removed.

Complements the hand-written claims of bench/verify_claims.py at scale; the
mutations are mechanical, so they test facts and overlap, not subtle wording.

Run: ``python bench/verify_corpus.py --db DB`` (an ingested ../shared/corpus).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "bench" / "answers_dev.jsonl"
_OTHER_DEPTS = ["商务局", "财政局", "教育局", "民政局", "交通运输局", "自然资源局", "卫健委"]


def restate(sentence: str) -> str:
    """A mechanical paraphrase: scaffolding and filler dropped, content kept."""
    s = re.sub(r"^(?:会议(?:要求|强调|指出|认为|提出)|[^，]{1,8}(?:强调|指出|要求))，", "", sentence)
    parts = re.split(r"(《[^》]*》)", s)  # titles are quoted exactly, never paraphrased
    s = "".join(p if p.startswith("《") else re.sub(r"进一步|切实|扎实|全力|持续|要", "", p)
                for p in parts)
    return s.strip("，。") + "。"


def wrong_number(sentence: str) -> str | None:
    m = re.search(r"\d+(?:\.\d+)?", sentence)
    if not m:
        return None
    value = m.group(0)
    new = str(int(value) + 1) if len(value) == 4 and value.isdigit() else (
        str(float(value) * 2).rstrip("0").rstrip(".") if "." in value else str(int(value) * 2))
    return sentence[:m.start()] + new + sentence[m.end():]


def swapped_department(sentence: str) -> str | None:
    from ingest.departments import find_departments

    named = [d for d in find_departments(sentence) if not d.collective]
    if not named:
        return None
    present = {d.name for d in named}
    other = next(o for o in _OTHER_DEPTS if o not in present and o not in sentence)
    d = named[0]
    return sentence[:d.start] + other + sentence[d.end:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--failures", action="store_true", help="Print the claims judged wrongly.")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from assistant.llm_answer import shown_sentences
    from assistant.service import MeetingsService
    from assistant.settings import Settings
    from assistant.verify import verify

    svc = MeetingsService(Settings(db_dir=args.db, llm_base_url=None))
    evidence: list[dict[int, str]] = []
    for line in args.questions.read_text("utf-8").splitlines():
        q = json.loads(line)
        if not q["answerable"]:
            continue
        ans = svc.answerer.answer(q["question"], q["history"] or None)
        if ans.found and ans.citations:
            evidence.append(shown_sentences(ans, 4000))
    counts: dict[str, Counter] = {k: Counter() for k in
                                  ("faithful", "wrong_number", "swapped_department", "unrelated")}
    label = re.compile(r"^（[^（）]*(?:（[^（）]*）[^（）]*)*）")
    for i, shown in enumerate(evidence):
        other = evidence[(i + len(evidence) // 2) % len(evidence)]
        for n, line in shown.items():
            text = line[label.match(line).end():]
            cases = {"faithful": restate(text), "wrong_number": wrong_number(text),
                     "swapped_department": swapped_department(text)}
            for kind, claim in cases.items():
                if claim is None:
                    continue
                result = verify(f"{claim.rstrip('。')}[{n}]。", shown)
                kept = not result.removed
                if args.failures and kept != (kind == "faithful"):
                    why = result.removed[0].reason if result.removed else "kept"
                    print(f"{kind}: {why} | {claim[:90]}")
                counts[kind]["n"] += 1
                counts[kind]["kept"] += kept
        unrelated = [o[label.match(o).end():] for o in other.values()
                     if o[label.match(o).end():] not in {s[label.match(s).end():]
                                                         for s in shown.values()}]
        if unrelated:
            kept = not verify(unrelated[0].rstrip("。") + "[1]。", shown).removed
            counts["unrelated"]["n"] += 1
            counts["unrelated"]["kept"] += kept
    print(f"questions with evidence: {len(evidence)}")
    for kind, c in counts.items():
        rate = c["kept"] / c["n"] if c["n"] else 0.0
        side = "kept" if kind == "faithful" else "removed"
        value = c["kept"] if kind == "faithful" else c["n"] - c["kept"]
        print(f"{kind:20} {value}/{c['n']} {side} "
              f"({(rate if kind == 'faithful' else 1 - rate):.0%})")


if __name__ == "__main__":
    main()
