"""Recognise departments in meeting reports and extract what was asked of them.

The question staff ask most is 「某次会议对某部门提出了什么要求」, so every
mention is reduced to one comparable name (县商务局 / 商务局 / 商務局 → 商务局,
发展和改革局 → 发改局) and collective forms (各级各部门, 各单位 …) to 各部门.

Recognition is rule based: a lexicon of county bureaus plus a generic「2–10 CJK
characters + 局/办/中心/委员会 …」pattern trimmed of leading verbs and place
prefixes, rejecting idioms with the same endings (大局, 格局, 中心工作 …). Rules
are fast (whole corpus in ~0.2 s; jieba's dictionary load alone costs more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from ingest.normalize import normalize_text
from ingest.sections import find_sections, section_at
from ingest.sentences import split_sentences

COLLECTIVE = "各部门"

_C = "\u4e00-\u9fff"


def _load_names() -> tuple[dict[str, str], frozenset[str]]:
    """Aliases (full title → short form) and every name found as written (data file)."""
    text = resources.files("ingest").joinpath("data", "department_names.tsv").read_text("utf-8")
    aliases: dict[str, str] = {}
    names: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, canonical = line.strip().partition("\t")
        names.add(name)
        if canonical:
            aliases[name] = canonical
            names.add(canonical)
    return aliases, frozenset(names)


# Full titles → the short form staff use; anything else keeps its written form.
# Names found as written even where the generic rule would not (委/部/院, no suffix).
_ALIASES, _LEXICON = _load_names()
# 「财政部门」「公安部门」 name the bureau by its sector; so do 「文旅那边」「公安那头」, as staff
# type it (bench/answers_dev83.jsonl bz012), which no report writes.
_SECTOR_WORDS = ("部门", "那边", "那头")
_SECTOR_RE = re.compile("(?:" + "|".join(sorted(
    (re.escape(n[:-1]) for n in _LEXICON if n.endswith("局")), key=len, reverse=True))
    + ")(?:" + "|".join(_SECTOR_WORDS) + ")")
_PLACE = r"平潭综合实验区|实验区|平潭县|平潭|盘山县|盘山|县直|区直|市直|[县区市](?!场|域|委|政府)"
# A listed name that ends another word: 工会 in 全体员工会议 / 职工会 is no department.
_LEX_NOT_AFTER = {"工会": "员职"}
_LEX_RE = re.compile("|".join(
    (f"(?<![{_LEX_NOT_AFTER[n]}])" if n in _LEX_NOT_AFTER else "") + re.escape(n)
    for n in sorted(_LEXICON, key=len, reverse=True)))
_SUFFIX_RE = re.compile(r"委员会|管委会|办公室|分局|局|办|中心|署|厅|集团|公司")
_PLACE_TAIL = re.compile(f"(?:{_PLACE})+$")
_PLACE_HEAD = re.compile(f"^(?:{_PLACE})+")
_UNIT = (
    r"各级各部门|各级各单位|各地各部门|各有关部门|各相关部门|各有关单位|各相关单位|各责任单位|"
    r"各职能部门|各行业部门|各成员单位|各部门|各单位|有关部门|相关部门|有关单位|相关单位|"
    r"各片区（乡镇、街道）|各片区乡镇（街道）|各片区(?!管理局|局)|各乡镇（街道）|各乡镇|各镇街|"
    r"各街道|各地区"
)
_COLLECTIVE_RE = re.compile(
    f"(?:(?:{_PLACE})*(?:全县|全区)?)(?:{_UNIT})(?:[、和及与]?(?:{_UNIT}))*"
)
# Words a mention's preceding run is cut after (「会议听取了|县发改局」). 和/与/对
# are safe cuts only because full titles with them are in the lexicon.
_CUT = re.compile(
    r"要求|会同|牵头|督促|指导|听取|责成|配合|支持|推动|依托|联合|组织|通过|按照|关于|加强|"
    r"会议|会上|以及|包括|参加|出席|列席|发挥|成立|设立|强化|落实|围绕|充分|主持|召开|审议|研究|"
    r"打造|建成|建设|推进|组建|建立|实现|处置|培育|引进|发展|提升|完善|优化|争创|创建|申报|一批|"
    r"(?<!自)由|对(?!台|外)|为(?!民)|[了的在是把将让被给从按向请和与及同等以并也都又已于就即经届年个]|"
    # A question's 「哪些局」「什么单位」 asks for departments; it names none.
    r"哪|什么|啥"
)
# Idioms sharing a suffix: 大局/格局/开局, 部署/签署, 大厅/展厅.
_BAD_BEFORE = {"局": set("格大全结当布开新变时治残僵胜定终败危困乱棋好破谋赌骗饭邮"),
               "署": set("部签公"), "厅": set("客大餐展舞门")}
# A generic 「X办」 is a department only after the noun of an office's remit
# (政府办, 网信办, 创城办); otherwise 办 is the verb (办实事, 现场办, 网上可办).
_OFFICE_BEFORE = set("政信台侨外治城明黑贸拥迁革查防安协编委府")
_BAD_AFTER = re.compile(
    r"会议|第|公|面|势|限|长|主任|工作|组|城|任务|大局|环节|地位|思想|化|实事|事|理|法|好|成|学|证|案"
)
_BAD_AFTER_COMMITTEE = re.compile(r"会议|议|第")
_TITLE_AFTER = re.compile(r"主任|副主任|20\d\d年|第")  # 管委会主任…, 管委会2025年第3次
# Atomic groups: 「…公安局等应询部门负责人逐一回答」 must not fall back to 等 + 应.
_REQ_AFTER = re.compile(
    r"(?>等(?:[\u4e00-\u9fff]{0,4}?(?:部门|单位))?)?(?:（[^）]{0,12}）)?"
    r"(?>党组|党委|主要负责同志|主要负责人|负责同志|负责人|“一把手”|一把手|领导班子)?"
    r"(?:要|务必|必须|须|需|应当|应(?!询|对|用|急)|负责(?!人|同志)|牵头|会同|抓紧|尽快|立即|切实|加快|加强|进一步|全力)"
)
_REQ_BEFORE = re.compile(r"(?:要求|请|由|责成|交由|委托|督促|会同|配合)$")
_REP_AFTER = re.compile(
    r"(?:等[\u4e00-\u9fff]{0,6}?)?(?:党组)?(?:汇报|通报|报告|作了?[^，。；]{0,20}?(?:汇报|报告)|"
    r"就[^，。；]{0,30}?(?:作|进行)了?(?:汇报|报告)|关于[^。；]{0,60}?(?:报告|汇报))"
)
_HEARD = re.compile(r"听取(?:了)?[^；。]{0,20}$")
_REPORT_WORD = re.compile(r"汇报|报告")
_JOIN = re.compile(r"(?:党组|党委)?(?:、|和|及|与|以及|会同)?")
_REQ_CUE = re.compile(r"(?<![重主纪只概摘首显紧需政必])要(?![素点义件害闻务领])|务必|必须|确保")
_ATTENDANCE = re.compile(r"(?:参加|出席|列席)了?(?:会议|本次会议)?[。！]?$|设分会场|收听收看")
_BOOK = re.compile(r"《[^》]*》")


@dataclass(frozen=True)
class Department:
    """A department mention.

    Attributes:
        name: Normalised name (see :func:`normalize_department`), or 各部门.
        raw: The mention as written.
        start: Offset of the mention in the text.
        end: Offset just past the mention.
        collective: True for 各部门, 各级各部门, 县直各部门, 各单位 ….
    """

    name: str
    raw: str
    start: int
    end: int
    collective: bool


@dataclass(frozen=True)
class Requirement:
    """One thing a meeting asked of, or heard from, one addressee.

    Attributes:
        addressee: Normalised department name, or 各部门.
        kind: ``'required'`` (a named department must act), ``'reported'``
            (the meeting heard its report) or ``'all'`` (addressed to every
            department).
        start: Offset of the sentence in the text.
        end: Offset just past the sentence.
        sentence: ``text[start:end]``.
        section: Label of the section the sentence opens in.
    """

    addressee: str
    kind: str
    start: int
    end: int
    sentence: str
    section: str


def department_names() -> frozenset[str]:
    """Every department name the recogniser knows as written (data/department_names.tsv)."""
    return _LEXICON


def normalize_department(name: str) -> str:
    """Reduce a department name to the form used for comparison.

    Args:
        name: A name as written, possibly with a county or zone prefix,
            Traditional characters or pinyin annotations.

    Returns:
        The short name: ``'县商务局'``, ``'商務局'``, ``'商务局'`` → ``'商务局'``;
        ``'平潭县发展和改革局'`` → ``'发改局'``; collective forms → ``'各部门'``.
    """
    # The project normaliser also strips pinyin (商務(wù)局) and repairs mojibake.
    return _canonical(normalize_text(name).strip())


def find_departments(text: str) -> list[Department]:
    """Find department mentions in normalised text.

    Args:
        text: Normalised (Simplified, full-width punctuation) text.

    Returns:
        Non-overlapping mentions in text order. Mentions inside 《…》 titles,
        idioms (大局, 格局, 中心工作 …) and the convening 管委会 are left out.
    """
    books = [m.span() for m in _BOOK.finditer(text)]
    convening = bool(re.search(r"召开管委会|管委会20\d\d年|管委会第", text))
    found: list[Department] = []
    for m in _COLLECTIVE_RE.finditer(text):
        found.append(Department(COLLECTIVE, m.group(), m.start(), m.end(), True))
    taken = [(d.start, d.end) for d in found]
    for start, end in _named_spans(text, convening):
        if any(start < e and s < end for s, e in taken + books):
            continue
        raw = text[start:end]
        found.append(Department(_canonical(raw), raw, start, end, False))
        taken.append((start, end))
    return sorted(found, key=lambda d: d.start)


def extract_requirements(text: str) -> list[Requirement]:
    """Extract who was asked (or heard) what, sentence by sentence.

    Args:
        text: Normalised report text.

    Returns:
        Records in text order; one sentence may give several (one per
        addressee and kind). Attendance sentences give none.
    """
    sections = find_sections(text)
    depts = find_departments(text)
    out: list[Requirement] = []
    for s, e in split_sentences(text):
        sentence = text[s:e]
        if _ATTENDANCE.search(sentence):
            continue
        label = section_at(sections, s)
        found: dict[tuple[str, str], None] = {}
        for group in _groups([d for d in depts if s <= d.start and d.end <= e], text):
            kind = _group_kind(text, s, e, group)
            if kind == "reported":
                found.update({(d.name, kind): None for d in group if not d.collective})
            elif kind == "required":
                found.update({
                    (COLLECTIVE, "all") if d.collective else (d.name, kind): None for d in group
                })
        if not found and _addresses_everyone(text, sections, s, label, sentence):
            found[(COLLECTIVE, "all")] = None
        out.extend(Requirement(a, k, s, e, sentence, label) for a, k in found)
    return out


def _named_spans(text: str, convening: bool):
    lex = [m.span() for r in (_LEX_RE, _SECTOR_RE) for m in r.finditer(text)]
    spans = list(lex)
    for m in _SUFFIX_RE.finditer(text):
        suffix, s, e = m.group(), m.start(), m.end()
        if any(a < e and s < b for a, b in lex):
            continue
        if suffix == "管委会":
            # The convening body (管委会主任办公会) and titles (管委会主任) are no addressee.
            if convening or _TITLE_AFTER.match(text, e):
                continue
            start: int | None = s
        else:
            start = _generic_start(text, s, e, suffix)
        if start is not None:
            spans.append((start, e))
    for start, end in sorted(spans):
        tail = _PLACE_TAIL.search(text, max(0, start - 8), start)
        yield (tail.start() if tail else start), end


def _generic_start(text: str, s: int, e: int, suffix: str) -> int | None:
    run = s
    while run > max(0, s - 12) and re.match(f"[{_C}]", text[run - 1]):
        run -= 1
    pre = text[run:s]
    cuts = [c.end() for c in _CUT.finditer(pre)]
    core_at = cuts[-1] if cuts else 0
    head = _PLACE_HEAD.match(pre, core_at)
    core = pre[head.end() if head else core_at :]
    if len(core) < 2 or len(core) > 10 or core[-1] in _BAD_BEFORE.get(suffix, ()):
        return None
    if suffix == "办" and core[-1] not in _OFFICE_BEFORE:
        return None
    if (_BAD_AFTER_COMMITTEE if suffix == "委员会" else _BAD_AFTER).match(text, e):
        return None
    if re.search(r"人民代表大会|中央|常务|省委|市委", core):
        return None
    return run + core_at


def _groups(depts: list[Department], text: str) -> list[list[Department]]:
    # 「县发改局、县工信局等」 and 「人民法院党组和人民检察院党组」 are one addressee list.
    groups: list[list[Department]] = []
    for d in depts:
        if groups and _JOIN.fullmatch(text, groups[-1][-1].end, d.start):
            groups[-1].append(d)
        else:
            groups.append([d])
    return groups


def _group_kind(text: str, s: int, e: int, group: list[Department]) -> str | None:
    start, end = group[0].start, group[-1].end
    if _REP_AFTER.match(text, end, e) or (
        _HEARD.search(text, s, start) and _REPORT_WORD.search(text, end, e)
    ):
        return "reported"
    if _REQ_AFTER.match(text, end, e) or _REQ_BEFORE.search(text, s, start):
        return "required"
    return None


def _addresses_everyone(text: str, sections, s: int, label: str, sentence: str) -> bool:
    # The brief: a requirement with no named addressee in a 会议要求/强调 block
    # is meant for everyone. A leader's 强调/要求 block counts the same way.
    if label == "讲话":
        sec = next(x for x in reversed(sections) if x.start <= s)
        if not re.search(r"强调|要求", text[sec.start : min(sec.end, sec.start + 24)]):
            return False
    elif label not in ("要求", "强调"):
        return False
    return bool(_REQ_CUE.search(sentence))


def _canonical(name: str) -> str:
    if _COLLECTIVE_RE.fullmatch(name):
        return COLLECTIVE
    name = _ALIASES.get(name, name)
    head = _PLACE_HEAD.match(name)
    if head and len(name) - head.end() >= 2:
        name = name[head.end() :]
    for sector in _SECTOR_WORDS:
        if name.endswith(sector) and name[:-len(sector)] + "局" in _LEXICON:
            name = name[:-len(sector)] + "局"
    return _ALIASES.get(name, name)
