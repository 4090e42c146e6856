"""Claim-level verification of a model-written answer against the sentences it cites. Pure.

A language model can write a fluent sentence that its citation does not say: a
wrong number, another department, an invented document. So the reply is split
into claims (sentences and clauses, each with its [n] markers) and every claim
is measured against the text it cites:

- *overlap*: the share of the claim's character bigrams (normalised, stop
  characters and punctuation left out) found in the cited text;
- *facts*: every number, date, amount, percentage, 《title》 and department in
  the claim must appear in the cited text (its meeting label included, since
  the model was shown it).

A claim that fails is tried against the other given sentences and re-cited
when one supports it; a claim that passes but is supported clearly better by
another sentence is re-cited too. Claims supported by nothing are removed and
reported. Sentences that address the assistant (「忽略之前的所有指令」「系统：」)
are report text, never evidence: a claim resting only on them is removed.

Thresholds are measured in bench/verify_claims.py (BENCHMARKS.md, "Claim
verification").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.departments import find_departments
from ingest.normalize import normalize_text

# bench/verify_claims.py (content bigrams, departments and scaffolding removed):
# faithful paraphrases score >= 0.67 but one loose one (0.36); invented claims
# citing an unrelated sentence score <= 0.06, half-invented ones 0.33-0.45.
# Facts (numbers, titles, departments) are checked separately, not by overlap.
MIN_OVERLAP = 0.5
# Re-cite a supported claim only when another sentence is clearly better.
RECITE_MARGIN = 0.25
# Every comma clause of a claim must share this much with the cited text, so a
# true clause cannot carry an invented one (「建立跟踪调度机制，并对落实不力的单位通报问责」).
# bench/verify_claims.py: invented clauses share <= 0.09; faithful ones >= 0.25
# (one loose paraphrase), most >= 0.6. Added after the held-out run (BENCHMARKS.md).
CLAUSE_MIN_OVERLAP = 0.25
# Below this many content bigrams a piece is connective text (「具体如下：」), not a claim.
MIN_CLAIM_BIGRAMS = 3

_MARK = re.compile(r"\[(\d{1,3})\]")
_SPLIT = re.compile(r"(?<=[。；！？;!?\n])")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
# Characters that carry no topic: function words.
STOP_CHARS = frozenset("的了和与及在是要对将等把被并也都而且其之为以于从向由就这那有个中上下")
# Report scaffolding: a piece made of these alone (「会议要求如下：」) says nothing checkable.
SCAFFOLD_BIGRAMS = frozenset(
    "会议 议要 要求 议强 强调 议指 指出 如下 以下 具体 体如 议审 审议 议研 研究 议听 听取 主要 包括 "
    "方面 几点 下几 以下 内容 情况 总结 综上 此外 另外 同时 其次 首先 最后 议还".split())
_BOOK = re.compile(r"《([^》]{1,60})》")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|--(\d{1,2})-(\d{1,2})")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"
# A number is a fact when it counts, dates or measures something: a unit follows,
# or 第 / 百分之 precedes. Bare Chinese numerals (一些, 统一) are words.
_UNIT = (r"%|％|个百分点|倍|元|年|月|日|号|次|个|项|家|名|人|户|座|台|辆|公里|千米|米|亩|公顷|吨|"
         r"天|小时|周|季度|批|条|件|所|村|镇|处|套|间|场")
_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?P<ord>第)?(?P<num>\d+(?:\.\d+)?|[{_CN}]+)"
    rf"(?P<mag>万亿|亿|万|千)?(?P<unit>{_UNIT})?")
# The meeting label the prompt puts before each sentence; it may hold a (date).
_LABEL = re.compile(r"^（([^（）]*(?:（[^（）]*）[^（）]*)*)）")
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.、)）]|[（(][一二三四五六七八九十\d]{1,2}[）)]|[-*•·]|"
                        r"[一二三四五六七八九十]、|第[一二三四五六七八九十]，)\s*", re.M)
# Remarks about the answer itself, which cite nothing and state no fact.
_META = re.compile(r"^(?:以上|上述)(?:内容|信息|回答|要求|情况)|(?:如需|如有|如果需要).{0,12}(?:查看|了解|"
                   r"核实|咨询)|(?:均|都)(?:来自|摘自|出自)")
_FREQUENCY = re.compile(r"每(?:半月|月|周|季度|年|天|日|旬)")
# Where a report sentence passes from one addressee to the next: at ；, or at
# a comma right before a department (「…全覆盖；县财政局要…」「…排查，县水利局要…」).
_CLAUSE = re.compile(r"(?<=[；;])|，(?=(?:县|区|市|实验区)?[\u4e00-\u9fff]{1,10}?(?:局|委|办)(?:要|牵头|负责|会同))")
# Report scaffolding phrases: shared by every requirement, they say nothing checkable.
_SCAFFOLD = re.compile(r"会议(?:要求|强调|指出|听取了?|审议|研究|认为|提出|决定)?|要求|强调")
_INSTRUCTION = re.compile(
    r"忽略(?:之前|以上|上述|前面|此前)?的?(?:所有|全部)?(?:指令|指示|提示|要求|规则)|"
    r"(?:^|[（()）\s。；！？，,])(?:系统|system|assistant|助手|AI)\s*[:：]|"
    r"你(?:现在)?(?:是|必须|应该|只能|处于)|(?:必须|请|只)(?:回答|输出|回复)|"
    r"(?:回答|输出|回复)[:：]|prompt|指令[:：]", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One sentence or clause of a reply, with the sentence numbers it cites."""

    text: str                   # as written, markers included
    cited: tuple[int, ...]      # [n] in order, repeats removed
    start: int = 0              # offset in the reply

    @property
    def body(self) -> str:
        """The claim without its markers."""
        return _MARK.sub("", self.text)


@dataclass(frozen=True)
class Support:
    """How well a text supports a claim."""

    overlap: float
    missing: tuple[str, ...]    # facts of the claim absent from the text
    weakest: str = ""           # a clause sharing too little with the text, if any

    @property
    def ok(self) -> bool:
        return self.overlap >= MIN_OVERLAP and not self.missing and not self.weakest


@dataclass
class Verdict:
    """What verification decided for one claim."""

    claim: Claim
    kept: bool
    cited: tuple[int, ...]      # the citation after verification (may be re-cited)
    reason: str = ""
    overlap: float = 0.0
    recited: bool = False
    connective: bool = False    # no content of its own: kept as written

    def to_dict(self) -> dict:
        return {"claim": self.claim.body.strip(), "cited": list(self.claim.cited),
                "reason": self.reason}


@dataclass
class Verification:
    """A verified reply: the kept text and every claim's verdict."""

    text: str
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def removed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.kept]

    @property
    def supported(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.kept and not v.connective]

    @property
    def unsupported(self) -> list[dict]:
        """For ``Answer.unsupported`` and ``ask --json``: claim, cited, reason."""
        return [v.to_dict() for v in self.removed]


def split_claims(reply: str) -> list[Claim]:
    """Split on 。；！？ and newlines; markers just after a terminator stay with its claim."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for part in _SPLIT.split(reply):
        if not part:
            continue
        # 「……排查。[1]」: a marker after the full stop belongs to the claim before it.
        lead = re.match(r"(?:\s*\[\d{1,3}\])+", part)
        if lead and pieces:
            start, prev = pieces[-1]
            pieces[-1] = (start, prev + lead.group(0))
            pos += len(lead.group(0))
            part = part[len(lead.group(0)):]
            if not part.strip():  # the line break after 「…。[1]」 ends that claim too
                start, prev = pieces[-1]
                pieces[-1] = (start, prev + part)
                pos += len(part)
                continue
        pieces.append((pos, part))
        pos += len(part)
    out = []
    for start, text in pieces:
        cited = tuple(dict.fromkeys(int(m) for m in _MARK.findall(text)))
        out.append(Claim(text, cited, start))
    return out


def _norm(text: str) -> str:
    return normalize_text(text)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the content characters (punctuation and stop chars removed)."""
    chars = [c for c in _PUNCT.sub("", _norm(text)) if c not in STOP_CHARS]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def _cn_value(s: str) -> float | None:
    if s.isdigit() or re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if all(c in _CN_DIGITS for c in s) and len(s) > 1:
        if len(s) != 4:  # 二〇二五 is a year; 五六 (five or six) is no one number
            return None
        return float("".join(str(_CN_DIGITS[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


_MAG = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, None: 1}
_UNIT_FOLD = {"％": "%", "个百分点": "%", "号": "日", "千米": "公里"}


def numbers(text: str) -> dict[str, str]:
    """Numbers as ``value unit`` facts, each with how it was written.

    「一亿元」 and 「1亿元」 are both ``1e+08元``; 「每月」 is a frequency fact of its
    own. Numbers inside 《titles》 are left to the title check.
    """
    text = _BOOK.sub("《》", _ISO_DATE.sub(_spell_date, _norm(text)))
    out: dict[str, str] = {}
    for m in _FREQUENCY.finditer(text):
        out[m.group(0)] = m.group(0)
    for m in _NUMBER.finditer(text):
        num, unit, mag = m.group("num"), m.group("unit"), m.group("mag")
        is_cn = not num[0].isdigit()
        if is_cn and not (unit or m.group("pct") or m.group("ord") or mag):
            continue  # a word such as 统一, 一些
        if is_cn and len(num) == 1 and num in "十百千" and not (m.group("ord") or m.group("pct")):
            continue
        value = _cn_value(num)
        if value is None:
            continue
        value *= _MAG[mag]
        unit = "%" if m.group("pct") else _UNIT_FOLD.get(unit or "", unit or "")
        if m.group("ord") and not unit:
            unit = "第"
        out.setdefault(f"{value:g}{unit}", m.group(0))
    return out


def _spell_date(m: re.Match) -> str:
    if m.group(1):
        return f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"
    return f"{int(m.group(4))}月{int(m.group(5))}日"


def _number_present(fact: str, have: set[str]) -> bool:
    if fact in have:
        return True
    value = re.match(r"[\d.e+]+", fact)
    bare = value.group(0) if value else fact
    # 「第5次」 in a claim and 「5次」 / 「第五次」 in the text are the same fact.
    return any(re.match(r"[\d.e+]+", h) and re.match(r"[\d.e+]+", h).group(0) == bare
               and (fact[len(bare):] in ("", "第") or h[len(bare):] in ("", "第")
                    or fact[len(bare):] == h[len(bare):]) for h in have)


def facts(text: str) -> tuple[dict[str, str], set[str], set[str]]:
    """(numbers, 《titles》, departments) stated in ``text``."""
    norm = _norm(text)
    titles = {_PUNCT.sub("", t) for t in _BOOK.findall(norm)}
    depts = {d.name for d in find_departments(norm) if not d.collective}
    return numbers(norm), titles, depts


def _content(text: str) -> set[str]:
    """Bigrams that carry the claim's content: department names and scaffolding removed.

    Departments are checked as facts; without removing them 「县商务局要做好冬季供暖」
    would share 县商/商务/务局 with any sentence about 商务局.
    """
    norm = _norm(text)
    for d in find_departments(norm):
        norm = norm.replace(d.raw, "，")
    return bigrams(_SCAFFOLD.sub("，", norm))


def _segments(evidence: str, depts: set[str]) -> str:
    """The parts of ``evidence`` about the claim's departments (all of it if it names none).

    In 「县商务局要紧盯外资外贸目标…；县财政局要加快资金拨付进度」 the first part is
    not evidence for a claim about 财政局: a swapped addressee fails here.
    """
    if not depts:
        return evidence
    keep = []
    for line in evidence.split("\n"):
        label = _LABEL.match(line)
        prefix = label.group(0) if label else ""
        parts = [p for p in _CLAUSE.split(line[len(prefix):]) if p]
        mine = [p for p in parts if {d.name for d in find_departments(_norm(p))} & depts]
        keep.append(prefix + "".join(mine or parts))
    return "\n".join(keep)


def support(claim_text: str, evidence: str) -> Support:
    """How well ``evidence`` (cited sentences with their meeting labels) supports a claim."""
    nums, titles, depts = facts(claim_text)
    evidence = _segments(evidence, depts)
    mine = _content(claim_text)
    overlap = len(mine & _content(evidence)) / len(mine) if mine else 1.0
    e_nums, e_titles, e_depts = facts(evidence)
    e_flat = _PUNCT.sub("", _norm(evidence))
    missing = [raw for n, raw in sorted(nums.items()) if not _number_present(n, set(e_nums))]
    missing += [f"《{t}》" for t in sorted(titles) if t not in e_flat and t not in e_titles]
    missing += [d for d in sorted(depts) if d not in e_depts and d not in e_flat]
    return Support(round(overlap, 3), tuple(missing), _weakest_clause(claim_text, evidence))


def _weakest_clause(claim_text: str, evidence: str) -> str:
    """A comma clause of the claim the evidence hardly shares (``""`` if none)."""
    clauses = [c for c in re.split(r"[，,]", _MARK.sub("", claim_text)) if c.strip()]
    if len(clauses) < 2:
        return ""
    have = _content(evidence)
    for clause in clauses:
        mine = _content(clause)
        if len(mine) >= MIN_CLAIM_BIGRAMS and len(mine & have) / len(mine) < CLAUSE_MIN_OVERLAP:
            return clause.strip()
    return ""


def addresses_assistant(sentence: str) -> bool:
    """Whether report text speaks to the assistant (an injection), so cannot be evidence."""
    text = _norm(sentence)
    label = _LABEL.match(text)
    return bool(_INSTRUCTION.search(text[label.end():] if label else text))


def verify(reply: str, sentences: dict[int, str]) -> Verification:
    """Keep the claims of ``reply`` that the sentences they cite support.

    Args:
        reply: The model's text with [n] markers.
        sentences: ``{n: "（meeting label）sentence"}`` exactly as the model was shown.

    Returns:
        The reply without unsupported claims (markers rewritten where re-cited),
        and a verdict per claim.
    """
    usable = {n: s for n, s in sentences.items() if not addresses_assistant(s)}
    verdicts: list[Verdict] = []
    kept_text: list[str] = []
    for claim in split_claims(reply):
        v = _judge(claim, sentences, usable)
        verdicts.append(v)
        if v.kept:
            kept_text.append(_recite(claim, v.cited) if v.recited else claim.text)
    text = "".join(kept_text).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return Verification(text, verdicts)


def _judge(claim: Claim, sentences: dict[int, str], usable: dict[int, str]) -> Verdict:
    # 「1. 」「- 」「（一）」 and Markdown emphasis are layout, not content (a list's 1 is no fact).
    body = _LIST_MARK.sub("", claim.body).replace("**", "")
    nums, titles, depts = facts(body)
    has_facts = bool(nums or titles or depts)
    if not claim.cited and _connective(body, has_facts, sentences, usable):
        return Verdict(claim, True, (), connective=True)
    if claim.cited and not has_facts and len(bigrams(body) - SCAFFOLD_BIGRAMS) < MIN_CLAIM_BIGRAMS:
        # A marker on text that says nothing (「而[3]」, a lone 「[1]」) is no supported claim:
        # the text is kept as connective, the marker dropped (bench/llama_real.py).
        return Verdict(claim, True, (), connective=True, recited=True)
    valid = tuple(n for n in claim.cited if n in sentences)
    cited_ok = tuple(n for n in valid if n in usable)
    here = support(body, "\n".join(usable[n] for n in cited_ok)) if cited_ok else None
    best_n, best = None, None
    for n, s in usable.items():
        sup = support(body, s)
        if sup.ok and (best is None or sup.overlap > best.overlap):
            best_n, best = n, sup
    if here is not None and here.ok:
        if best is not None and best_n not in cited_ok and best.overlap >= here.overlap + RECITE_MARGIN:
            return Verdict(claim, True, (best_n,), "re-cited", best.overlap, recited=True)
        recited = cited_ok != claim.cited
        return Verdict(claim, True, cited_ok, "", here.overlap, recited=recited)
    if best is not None:
        return Verdict(claim, True, (best_n,), "re-cited", best.overlap, recited=True)
    return Verdict(claim, False, claim.cited, _reason(claim, valid, cited_ok, here),
                   here.overlap if here else 0.0)


def _connective(body: str, has_facts: bool, sentences: dict[int, str],
                usable: dict[int, str]) -> bool:
    """Uncited text that states nothing to check: a heading, a list intro, a closing remark.

    A list intro (「2025年第5次常务会议对防汛提出了以下要求：」) may name the meeting:
    its facts must still be in the evidence; the items after it carry the claims.
    """
    if _is_heading(body, sentences):
        return True
    if not has_facts and (_META.search(body)
                          or len(bigrams(body) - SCAFFOLD_BIGRAMS) < MIN_CLAIM_BIGRAMS):
        return True
    if re.search(r"[：:]\s*$", body):
        return not support(body, "\n".join(usable.values())).missing
    return False


def _is_heading(body: str, sentences: dict[int, str]) -> bool:
    """A line that only names a meeting shown with the evidence (「**县政府…常务会议**」)."""
    flat = _PUNCT.sub("", _norm(body))
    labels = {_PUNCT.sub("", m.group(1)) for s in sentences.values()
              if (m := _LABEL.match(s))}
    return bool(flat) and any(flat in label or label in flat for label in labels)


def _reason(claim: Claim, valid: tuple[int, ...], usable: tuple[int, ...],
            here: Support | None) -> str:
    if not claim.cited:
        return "没有标注来源，且没有任何给出的原文支持"
    if not valid:
        return "引用的编号不存在"
    if not usable:
        return "引用的是报道中针对助手的文字（可能是注入），不是事实依据"
    assert here is not None
    if here.missing:
        return "原文中没有：" + "、".join(here.missing)
    if here.weakest and here.overlap >= MIN_OVERLAP:
        return f"其中「{here.weakest}」原文中没有"
    return f"与所引原文的重合度过低（{here.overlap:.2f}）"


def _recite(claim: Claim, cited: tuple[int, ...]) -> str:
    """The claim with its markers replaced by ``cited`` (placed where the first one was)."""
    marks = "".join(f"[{n}]" for n in cited)
    first = _MARK.search(claim.text)
    if first is None:
        stripped = claim.text.rstrip()
        tail = claim.text[len(stripped):]
        m = re.search(r"[。；！？;!?]$", stripped)
        if m:
            return stripped[:-1] + marks + stripped[-1] + tail
        return stripped + marks + tail
    without = _MARK.sub("", claim.text)
    return without[:first.start()] + marks + without[first.start():]
