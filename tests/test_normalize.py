"""Tests for ingest.normalize: folding rules, mojibake repair, offsets, and the shared corpus."""

from __future__ import annotations

import random
import re
import time
import unicodedata
from pathlib import Path

import pytest

import ingest.normalize as nz
from ingest.normalize import Normalized, normalize_document, normalize_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DOCS = CORPUS / "docs"
DOC000 = DOCS / "000_d78b0069c544502b.txt"
needs_corpus = pytest.mark.skipif(
    not DOCS.is_dir(), reason=f"shared corpus not found at {CORPUS} (tests that read it are skipped)"
)
ANNOTATION = re.compile(r"[\u3400-\u9fff][(（][a-zA-Z\u00c0-\u024f]+[)）]")
QUESTION = "第五次会议对商务局提出了什么要求？"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _corpus() -> list[tuple[str, str]]:
    return [(p.name, _read(p)) for p in sorted(DOCS.glob("*.txt"))]


def _check_offsets(raw: str, norm: Normalized) -> None:
    """Each normalised char's source starts with that char, its Traditional/full-width/ASCII form,
    or is a repaired mojibake span."""
    text, offs = norm.text, norm.offsets
    assert len(offs) == len(text) + 1
    assert offs == sorted(offs) and all(0 <= o <= len(raw) for o in offs)
    folded = set(zip(",;:?!()\"\"「」", "，；：？！（）“”“”", strict=True))
    cc = nz._t2s()
    for i, ch in enumerate(text):
        src = raw[offs[i]]
        ostart, oend = norm.original_span(i, i + 1)
        assert ostart == offs[i] and oend > ostart
        if ch == src or (src, ch) in folded or ch in (cc.convert(src), unicodedata.normalize("NFKC", src)):
            continue
        assert "?" in raw[ostart:oend] or "\ufffd" in raw[ostart:oend], (i, ch, raw[ostart:oend])


# --- queries and short strings -------------------------------------------------------------


@pytest.mark.parametrize("query", [
    QUESTION,
    "第五次會議對商務局提出了什麼要求?",
    "第五次會(huì)議對商務(wù)局提出了什麼要求？",
    "第五次會（huì）議對商務（wù）局提出了什麼要求？",
    "\ufeff 第五次会议对商务局提出了\u200b什么要求 ? ",
])
def test_question_forms_agree(query: str) -> None:
    assert normalize_text(query) == QUESTION


@pytest.mark.parametrize(("raw", "expected"), [
    ("會(huì)議", "会议"),
    ("商務(wù)局", "商务局"),
    ("會（huì）議", "会议"),
    ("綠(lǜ)色", "绿色"),
    ("的(de)工作", "的工作"),
    # real parentheticals stay (converted to full-width next to Chinese, but not removed)
    ("《实施方案（送审稿）》", "《实施方案（送审稿）》"),
    ("三年行动(2023—2025年)", "三年行动（2023—2025年）"),
    ("地区生产总值（GDP）增长", "地区生产总值（GDP）增长"),
    ("总值(GDP)增长", "总值（GDP）增长"),
    ("协定(RCEP)生效", "协定（RCEP）生效"),
    ("条款(a)适用", "条款（a）适用"),
    ("比较(café)一下", "比较（café）一下"),
    ("（融媒体记者 周寒冰）", "（融媒体记者周寒冰）"),
])
def test_pinyin_annotations(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("10月14日,我縣召開會議;要求:抓落實!", "10月14日，我县召开会议；要求：抓落实！"),
    ("增长6.5%,总额3,000亿元", "增长6.5%，总额3,000亿元"),
    ("Hello, world! (a) 10:30", "Hello, world! (a) 10:30"),
    ("２０２５年ＧＤＰ增长５．２％", "2025年GDP增长5.2%"),
    ("「两重」『两新』", "“两重”‘两新’"),
    ('提出"双碳"目标', "提出“双碳”目标"),
    ("融媒体记者 周寒冰\u3000报道", "融媒体记者周寒冰报道"),
    ("a  \t b", "a b"),
    ("会议召开 。 会议强调", "会议召开。会议强调"),
    ("推动\n区域全面经济伙伴关系协定\n（RCEP）生效", "推动区域全面经济伙伴关系协定（RCEP）生效"),
    ("第一段。\n\n\n第二段。\r\n第三段", "第一段。\n第二段。\n第三段"),
])
def test_folding(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_no_space_between_cjk() -> None:
    out = normalize_text("盤山 縣  全面\u3000振興 ， 新 突破 （ 三年 ） “ 行动 ”")
    assert not re.search(r"[\u3400-\u9fff，（）“”] |\s[\u3400-\u9fff，（）“”]", out), out


def test_mojibake_phase_shift_rules() -> None:
    # The three shapes from doc 000, in context.
    assert normalize_text("攻堅(jiān)之戰(zhàn)??h委副書記") == "攻坚之战。县委副书记"
    assert normalize_text("向深向?qū)?,為打好") == "向深向实，为打好"
    assert normalize_text("展現(xiàn)新?lián)?dāng)、實(shí)現(xiàn)新作為") == "展现新担当、实现新作为"
    # A genuine "??" is not mojibake.
    assert normalize_text("真的吗??hello") == "真的吗？？hello"


def test_mojibake_utf8_read_as_gbk() -> None:
    # GB18030 decodes GBK's user-defined pairs to private-use chars, so nothing is lost there.
    for orig, codec in [("向实", "gbk"), ("县委副书记县长出席会议并讲话", "gb18030")]:
        garbled = orig.encode("utf-8").decode(codec)
        assert garbled != orig and normalize_text(garbled) == orig
    # Lost bytes: what is byte-complete comes back exactly, the cut-short char becomes U+FFFD.
    garbled = "推进项目建设落实,确保".encode().decode("gbk", "replace")
    assert normalize_text(garbled).startswith("推进项目建")
    # Real text whose GBK bytes are not UTF-8 is never touched.
    assert normalize_text("鄞州区召开会议") == "鄞州区召开会议"


def test_idempotent_examples() -> None:
    samples = [
        "年),abc", 'x"(年"y', "a,)年", "(\n年)", "总值 ( GDP ) 增长", "会议 ,增长", '"a"年"b"',
        "標題\n正文內容", "會(huì)(yì)", "??h委", "  \n\n  ", "", "1,2;3:4?5!6(7)8", "（送审稿)",
    ]
    for s in samples:
        once = normalize_text(s)
        assert normalize_text(once) == once, (s, once)


def test_idempotent_fuzz() -> None:
    rng = random.Random(20251014)
    alphabet = list("會議县局的,;:?!()\"'「」 \n\u3000，。（）ＡＢ１２ab12(huì)?h") + ["\n\n"]
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        once = normalize_text(s)
        assert normalize_text(once) == once, (s, once)


def test_document_offsets_and_spans_synthetic() -> None:
    raw = "標題 會議\n\ufeff10月14日,會(huì)議強調??h委要\n抓落實?qū)?。\n\n\n本段(GDP)結束。\n"
    norm = normalize_document(raw)
    assert norm.text == "标题会议\n10月14日，会议强调。县委要抓落实实。\n本段（GDP）结束。"
    _check_offsets(raw, norm)
    i = norm.text.index("会议强调")
    ostart, oend = norm.original_span(i, i + 4)
    assert raw[ostart:oend] == "會(huì)議強調"
    j = norm.text.index("县委")
    assert raw[slice(*norm.original_span(j, j + 2))] == "??h委"
    k = norm.text.index("结束。")
    assert norm.original_span(k, len(norm.text)) == (raw.index("結束"), raw.rindex("。") + 1)
    assert norm.offsets[-1] == raw.rindex("。") + 1
    assert norm.original_span(3, 3) == (norm.offsets[3],) * 2
    with pytest.raises(ValueError):
        norm.original_span(2, len(norm.text) + 1)


def test_offsets_through_quotes_and_width() -> None:
    raw = '標題\n提出"雙碳"目標,「兩重」ＧＤＰ增長５％。'
    norm = normalize_document(raw)
    assert norm.text == "标题\n提出“双碳”目标，“两重”GDP增长5%。"
    _check_offsets(raw, norm)


def test_title_line_not_joined() -> None:
    assert normalize_document("会议标题\n正文内容\n接着").text == "会议标题\n正文内容接着"


def test_t2s_length_change_keeps_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    # No Traditional phrase in this OpenCC build changes length, so simulate one.
    class Stub:
        def convert(self, s: str) -> str:
            return s.replace("甲乙", "丙").replace("丁", "戊戊")

    monkeypatch.setattr(nz, "_converter", Stub())
    raw = "前甲乙後，丁字。甲乙"
    norm = normalize_document(raw)
    assert norm.text == "前甲乙後，戊戊字。甲乙"
    assert [raw[o] for o in norm.offsets[:-1]] == list("前甲乙後，丁丁字。甲乙")
    assert norm.original_span(5, 7) == (5, 6)
    assert norm.original_span(6, 8) == (5, 7)


def test_normalized_without_ends_falls_back_to_offsets() -> None:
    norm = Normalized("ab", [0, 5, 6])
    assert norm.original_span(0, 1) == (0, 5)


# --- the shared corpus ----------------------------------------------------------------------


@needs_corpus
def test_doc000_repairs() -> None:
    raw = _read(DOC000)
    text = normalize_document(raw).text
    assert "?" not in text and "\ufffd" not in text
    assert text.count("。县委") == 2 and "。县直各部门" in text
    assert "向深向实，为打好" in text and "展现新担当、实现新作为" in text
    assert "会议听取了县发改局、县工信局、县财政局、县商务局等相关工作汇报。县直各部门" in text
    assert not re.search(r"[A-Za-z\u00c0-\u024f]", text)  # no pinyin or stray latin left
    assert "10月14日，我县召开" in text


@needs_corpus
def test_doc000_no_annotation_survives_line_by_line() -> None:
    lines = _read(DOC000).splitlines()
    assert sum(len(ANNOTATION.findall(line)) for line in lines) > 100  # the doc really is annotated
    for line in lines:
        assert ANNOTATION.findall(normalize_text(line)) == [], line


@needs_corpus
def test_footers_removed_body_kept() -> None:
    endings = {"082": "美丽的社会主义现代化强国不懈奋斗！", "083": "民族复兴伟业不懈奋斗！",
               "084": "民族复兴伟业不懈奋斗！", "085": "共同书写中国式现代化新篇章！"}
    for name, raw in _corpus():
        if name[:3] not in endings:
            continue
        text = normalize_document(raw).text
        for footer in ["本作品", "公有领域", "Public domain", "维基文库", "false", "本模板"]:
            assert footer not in text, (name, footer)
        assert text.endswith(endings[name[:3]]), (name, text[-40:])
        assert len(text) > 0.9 * len(raw.split("本作品")[0].replace("\n", "").replace(" ", ""))


@needs_corpus
def test_stray_line_breaks_joined() -> None:
    docs = dict((name[:3], normalize_document(raw).text) for name, raw in _corpus())
    assert "推动区域全面经济伙伴关系协定（RCEP）生效实施" in docs["082"]
    assert "李强所作的政府工作报告。会议充分肯定" in docs["085"]
    assert "\n\n" not in docs["082"] and docs["082"].startswith("2023年中华人民共和国国务院政府工作报告\n")


@needs_corpus
def test_corpus_offsets_spans_and_cleanliness() -> None:
    rng = random.Random(7)
    for name, raw in _corpus():
        norm = normalize_document(raw)
        _check_offsets(raw, norm)
        text = norm.text
        assert text and text == text.strip() and "\n\n" not in text, name
        assert not re.search(r"[\u3400-\u9fff] +[\u3400-\u9fff]", text), name
        assert not re.search(r"[\u3400-\u9fff][,;:?!()]|[,;:?!()][\u3400-\u9fff]", text), name
        assert not re.search("[\u200b\ufeff\u3000]", text), name
        # Round trip: a span of Chinese characters maps back to raw text that normalises to it.
        runs = [m for m in re.finditer(r"[\u3400-\u9fff]{2,}", text)]
        for m in rng.sample(runs, min(20, len(runs))):
            a = rng.randrange(m.start(), m.end() - 1)
            b = rng.randrange(a + 1, m.end() + 1)
            ostart, oend = norm.original_span(a, b)
            if "?" in raw[ostart:oend]:
                continue  # a repaired mojibake span only decodes in its context
            assert normalize_text(raw[ostart:oend]) == text[a:b], (name, text[a:b])


@needs_corpus
def test_corpus_idempotent_and_fast() -> None:
    docs = [raw for _, raw in _corpus()]
    normalize_document(docs[0])  # OpenCC start-up is not what is measured
    t0 = time.perf_counter()
    texts = [normalize_document(raw).text for raw in docs]
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, f"normalising the corpus took {elapsed:.2f}s"
    for t in texts:
        assert normalize_text(t) == normalize_text(normalize_text(t))
