#!/usr/bin/env python3
"""Validate a question-set JSONL file against the corpus (stdlib only).

Written, with the question sets bench/answers_dev.jsonl and bench/answers_holdout.jsonl,
by a helper that saw only ../shared/corpus and the rules of issue 6, never the code.
usage: python3 bench/check_questions.py [file.jsonl ...]   (default: both answer sets)"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.environ.get("CORPUS_DOCS", os.path.join(HERE, "..", "..", "shared", "corpus", "docs"))
REQ = {
    "id": str,
    "question": str,
    "history": list,
    "intent": str,
    "form": str,
    "answerable": bool,
    "unanswerable_kind": str,
    "gold_docs": list,
    "evidence": list,
    "note": str,
}
INTENTS = {"fact", "agenda", "decision", "department", "topic", "list_all", "followup"}
FORMS = {"simplified", "traditional", "pinyin"}
KINDS = {
    "missing_meeting",
    "topic_absent",
    "department_absent",
    "detail_absent",
    "other_meeting",
    "out_of_scope",
}
_cache = {}


def doc(name):
    if name not in _cache:
        with open(os.path.join(DOCS, name), encoding="utf-8") as f:
            _cache[name] = f.read()
    return _cache[name]


def check(path):
    errs, ids = [], set()
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().split("\n") if line.strip()]
    for n, line in enumerate(lines, 1):
        where = f"{os.path.basename(path)}:{n}"
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"{where}: bad json {e}")
            continue
        for k, t in REQ.items():
            if k not in o:
                errs.append(f"{where}: missing {k}")
            elif not isinstance(o[k], t):
                errs.append(f"{where}: {k} not {t.__name__}")
        if any(k not in o for k in REQ):
            continue
        where += f" [{o['id']}]"
        if o["id"] in ids:
            errs.append(f"{where}: duplicate id")
        ids.add(o["id"])
        if not o["question"].strip():
            errs.append(f"{where}: empty question")
        if o["intent"] not in INTENTS:
            errs.append(f"{where}: bad intent {o['intent']}")
        if o["form"] not in FORMS:
            errs.append(f"{where}: bad form {o['form']}")
        if o["intent"] == "followup" and not o["history"]:
            errs.append(f"{where}: followup without history")
        if not all(isinstance(h, str) and h.strip() for h in o["history"]):
            errs.append(f"{where}: history must be non-empty strings")
        for g in o["gold_docs"]:
            if not isinstance(g, str) or not os.path.isfile(os.path.join(DOCS, g)):
                errs.append(f"{where}: gold doc missing {g}")
        if len(set(o["gold_docs"])) != len(o["gold_docs"]):
            errs.append(f"{where}: duplicate gold doc")
        if o["answerable"]:
            if o["unanswerable_kind"]:
                errs.append(f"{where}: answerable but kind set")
            if not o["gold_docs"]:
                errs.append(f"{where}: answerable without gold_docs")
            if not (1 <= len(o["evidence"]) <= 6):
                errs.append(f"{where}: evidence count {len(o['evidence'])}")
            golds = [doc(g) for g in o["gold_docs"] if os.path.isfile(os.path.join(DOCS, g))]
            for e in o["evidence"]:
                if not isinstance(e, str):
                    errs.append(f"{where}: evidence not str")
                    continue
                if not (6 <= len(e) <= 40):
                    errs.append(f"{where}: evidence length {len(e)}: {e}")
                if not any(e in t for t in golds):
                    errs.append(f"{where}: evidence not in gold docs: {e}")
        else:
            if o["unanswerable_kind"] not in KINDS:
                errs.append(f"{where}: bad kind {o['unanswerable_kind']}")
            if o["evidence"]:
                errs.append(f"{where}: unanswerable with evidence")
            if len(o["gold_docs"]) > 1:
                errs.append(f"{where}: unanswerable with >1 gold doc")
    return len(lines), errs


def main():
    paths = sys.argv[1:] or [
        os.path.join(HERE, n) for n in ("answers_dev.jsonl", "answers_holdout.jsonl")
    ]
    bad = 0
    for p in paths:
        n, errs = check(p)
        for e in errs:
            print(e)
        print(f"{p}: {n} lines, {len(errs)} errors")
        bad += len(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
