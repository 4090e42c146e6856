"""Section recovery for single-paragraph meeting reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.sections import LABELS, find_sections, section_at

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _doc(prefix: str) -> str:
    """A Pingtan report; these are already Simplified with full-width punctuation."""
    docs = CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"shared corpus not found at {docs}; corpus tests skipped")
    (path,) = docs.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _assert_contiguous(text, sections):
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))
    assert all(s.start < s.end and s.label in LABELS for s in sections)


def _starts(text, sections):
    """(label, first characters) per section, for readable assertions."""
    return [(s.label, text[s.start:s.start + 6]) for s in sections]


SINGLE = (
    "3月31日，实验区党工委副书记、管委会主任黄建波主持召开主任办公会，审议并原则通过《方案》。"
    "会议指出，新总规重在落实。要明确配套政策。"
    "会议强调，要统筹城乡一体化发展。要加强地下水保护。"
    "会议要求，各部门要压实责任。"
    "会议还研究了其他事项。"
    "实验区领导何杰民、郑晓东参加会议。"
)


def test_single_paragraph_blocks():
    sections = find_sections(SINGLE)
    _assert_contiguous(SINGLE, sections)
    assert [s.label for s in sections] == ["导语", "指出", "强调", "要求", "会议还", "其他"]
    assert section_at(sections, SINGLE.index("要明确")) == "指出"
    assert section_at(sections, SINGLE.index("要加强地下水")) == "强调"
    assert section_at(sections, SINGLE.index("何杰民")) == "其他"


def test_section_at_edges():
    sections = find_sections(SINGLE)
    assert section_at(sections, 0) == "导语"
    assert section_at(sections, len(SINGLE) + 10) == "其他"
    assert section_at([], 3) == "其他"
    assert find_sections("") == []


@pytest.mark.parametrize(("text", "label"), [
    ("张三主持会议。张三强调，要抓好落实。", "讲话"),
    ("会议由副县长主持。县委书记李四在讲话中指出，要抓好落实。", "讲话"),
    ("会议召开。会上，县发改局汇报了项目进展。", "听取汇报"),
    ("会议召开。会议听取了县财政局工作汇报。", "听取汇报"),
    ("会议召开。会议审议了《实施方案》。", "审议"),
    ("会议召开。会议认为，形势总体向好。", "指出"),
    ("会议召开。会议提出，要抓好落实。", "要求"),
    ("会议召开。会议还强调，要抓好落实。", "强调"),
])
def test_markers(text, label):
    sections = find_sections(text)
    _assert_contiguous(text, sections)
    assert [s.label for s in sections] == ["导语", label]


def test_unintroduced_name_is_not_a_speaker():
    # 效果 is no one named in the opening: 「效果强调，」 is not a speech.
    assert [s.label for s in find_sections("会议召开。效果强调，要抓好落实。")] == ["导语"]


def test_chained_items_after_semicolon():
    text = "会议召开。会议审议了有关事项；听取了区管委会关于债务管理情况的报告。"
    assert [s.label for s in find_sections(text)] == ["导语", "审议", "听取汇报"]


def test_opening_agenda_list_stays_in_the_opening():
    text = "3月8日，赖军主持召开会议，研究贯彻意见；听取工作情况汇报；审议有关方案。会议指出，要抓落实。"
    assert [s.label for s in find_sections(text)] == ["导语", "指出"]


def test_pingtan_2023_no5():
    text = _doc("001")
    sections = find_sections(text)
    _assert_contiguous(text, sections)
    assert _starts(text, sections) == [
        ("导语", "2023年平"), ("指出", "会议指出，新"), ("强调", "会议强调，加"),
        ("强调", "会议强调，实"), ("其他", "实验区领导何")]


def test_pingtan_2025_no20_request_block():
    text = _doc("027")
    sections = find_sections(text)
    _assert_contiguous(text, sections)
    assert [s.label for s in sections] == ["导语", "要求", "强调", "强调", "会议还", "其他"]
    assert section_at(sections, text.index("国有企业要勇挑重担")) == "要求"
    assert section_at(sections, text.index("要严格执行节假日值班值守制度")) == "强调"


def test_pingtan_party_committee_2026_no1():
    text = _doc("062")
    sections = find_sections(text)
    _assert_contiguous(text, sections)
    assert [s.label for s in sections] == ["导语", "指出", "强调", "要求", "会议还", "其他"]
    assert text[sections[1].start:].startswith("会议指出，习近平总书记在二十届")
    assert section_at(sections, text.index("要坚持司法为民")) == "强调"


def test_pingtan_econ_conference_speeches():
    text = _doc("080")
    labels = [s.label for s in find_sections(text)]
    assert labels == ["导语", "讲话", "讲话", "讲话", "讲话", "要求", "其他"]


def test_whole_corpus_is_covered():
    docs = CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"shared corpus not found at {docs}; corpus tests skipped")
    for path in sorted(docs.glob("0[0-8]*.txt")):
        text = path.read_text(encoding="utf-8")
        sections = find_sections(text)
        _assert_contiguous(text, sections)
        # Every 会议强调 that opens a sentence opens a 强调 block.
        for i in (j for j in range(len(text)) if text.startswith("会议强调，", j)):
            if i == 0 or text[i - 1] in "。！？\n":
                assert section_at(sections, i) == "强调", (path.name, i)
                assert any(s.start == i for s in sections), (path.name, i)
