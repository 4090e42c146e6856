"""Department recognition and requirement extraction: unit examples and the real corpus."""

from __future__ import annotations

import csv
import re
import time
from functools import cache
from pathlib import Path

import pytest

from ingest.departments import (
    extract_requirements,
    find_departments,
    normalize_department,
)
from ingest.normalize import normalize_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SAMPLE = Path(__file__).resolve().parent / "data" / "requirements_sample.tsv"
DOC_000 = "000_d78b0069c544502b.txt"


def _docs() -> Path:
    docs = CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"shared corpus not found at {docs}; corpus tests skipped")
    return docs


@cache
def normalised(name: str) -> str:
    """The normalised text of one corpus document (doc 000 is Traditional with pinyin)."""
    return normalize_document((_docs() / name).read_text(encoding="utf-8")).text


def records(text: str) -> set[tuple[str, str]]:
    return {(r.addressee, r.kind) for r in extract_requirements(text)}


# --- normalisation -----------------------------------------------------------


@pytest.mark.parametrize("written", ["县商务局", "商务局", "商務局", "商務(wù)局", "平潭县商务局",
                                     "实验区商务局", " 县商务局 "])
def test_commerce_bureau_variants_normalise_alike(written):
    assert normalize_department(written) == "商务局"


@pytest.mark.parametrize(("written", "expected"), [
    ("县发展和改革局", "发改局"),
    ("发展改革局", "发改局"),
    ("住房和城乡建设局", "住建局"),
    ("盘山县自然资源和规划局", "自然资源局"),
    ("县市场监督管理局", "市场监管局"),  # 市 of 市场 is not a city prefix
    ("区旅文局", "文旅局"),
    ("实验区人民法院", "人民法院"),
    ("各级各部门", "各部门"),
    ("县直各部门", "各部门"),
    ("各乡镇（街道）", "各部门"),
])
def test_normalize_department_aliases_and_prefixes(written, expected):
    assert normalize_department(written) == expected


# --- recognition -------------------------------------------------------------


def test_mentions_carry_raw_text_and_offsets():
    text = "会议要求，县商务局、县发展和改革局要加强协调。"
    found = find_departments(text)
    assert [(d.name, d.raw, d.collective) for d in found] == [
        ("商务局", "县商务局", False), ("发改局", "县发展和改革局", False)]
    assert all(text[d.start:d.end] == d.raw for d in found)


def test_leading_verbs_are_trimmed_from_unknown_departments():
    found = find_departments("会议听取了实验区老龄工作委员会工作情况汇报。")
    assert [d.name for d in found] == ["老龄工作委员会"]


@pytest.mark.parametrize("text", [
    "要维护社会大局，构建新格局，顾全局，当局，结局，实现良好开局，优化产业布局，于变局中开新局。",
    "传达学习中共中央政治局会议精神。",
    "实验区召开管委会2025年第3次主任办公会，管委会主任黄建波主持。",
    "本次会议办得很成功，为民办实事项目全部办结。",
    "县委常委、副县长赵天久主持会议。",
    "坚持以人民为中心，围绕中心工作，开展党工委理论学习中心组学习，研究部署下一步工作。",
    "审议《平潭综合实验区人民法院工作报告》。",
    # A question asking for departments names none (bench/answers_dev7.jsonl m049).
    "盘山那次会议听取了哪些局的汇报？",
    "这事归什么单位管，啥局牵头？",
])
def test_false_positives_are_rejected(text):
    assert [d.raw for d in find_departments(text) if not d.collective] == []


@pytest.mark.parametrize("text", [
    "各部门要", "各级各部门要", "县直各部门要", "各单位要", "各有关部门要", "各相关部门要",
    "区直各部门要", "各乡镇（街道）要", "各片区、各部门要", "各片区各部门要",
])
def test_collective_forms_are_one_collective_mention(text):
    found = find_departments(text)
    assert [(d.name, d.collective) for d in found] == [("各部门", True)]
    assert found[0].raw == text[:-1]


# --- requirements ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("会议要求，县商务局要加强外贸运行监测。", {("商务局", "required")}),
    ("要求县住建局抓紧完成危房排查。", {("住建局", "required")}),
    ("请县住建局于月底前完成排查。", {("住建局", "required")}),
    ("由县发改局牵头，会同县财政局制定方案。", {("发改局", "required"), ("财政局", "required")}),
    ("县应急管理局负责安全检查。", {("应急局", "required")}),
    ("会议听取了县发改局、县工信局等相关工作汇报。", {("发改局", "reported"), ("工信局", "reported")}),
    ("县财政局汇报了今年预算执行情况。", {("财政局", "reported")}),
    ("会议听取区旅文局关于旅游环境综合治理工作情况的报告。", {("文旅局", "reported")}),
])
def test_required_and_reported(text, expected):
    assert records(text) == expected


def test_one_sentence_yields_a_record_per_department():
    text = "会议要求，县市场监督管理局、县卫生健康局要加强食品安全监管。"
    reqs = extract_requirements(text)
    assert {(r.addressee, r.kind) for r in reqs} == {("市场监管局", "required"), ("卫健局", "required")}
    assert all(r.sentence == text[r.start:r.end] and r.section == "要求" for r in reqs)


@pytest.mark.parametrize("text", [
    "各级各部门要提高政治站位。", "县直各部门、各乡镇（街道）要压实责任。", "各单位“一把手”要切实扛起责任。",
])
def test_collective_addressees_give_all(text):
    assert records(text) == {("各部门", "all")}


def test_unaddressed_requirement_in_emphasis_or_request_block_is_for_all():
    assert records("会议强调，要加快项目建设。") == {("各部门", "all")}
    assert records("会议要求，要压实安全生产责任。") == {("各部门", "all")}
    # Not a requirement (no 要), and not a 强调/要求 block: nothing.
    assert records("会议强调，这是关系全局的大事。") == set()
    assert records("3月31日，黄建波主持召开主任办公会。会议还研究了其他事项。") == set()


def test_attendance_is_not_a_requirement():
    assert records("会议强调，要抓实安全。县公安局常务副局长张三、县直各部门负责同志参加会议。") == {
        ("各部门", "all")}
    assert [r.sentence for r in extract_requirements("县直各部门主要负责同志参加会议。")] == []


def test_zone_bureaus_are_a_named_addressee():
    # 片区管理局 are a kind of body staff ask about by name (「对各片区局提出了什么要求」).
    assert records("各部门和各片区管理局要各司其职、紧密配合。") == {
        ("各部门", "all"), ("片区管理局", "required")}
    assert [d.name for d in find_departments("对各片区局提出了什么要求？")] == ["片区管理局"]


def test_sector_departments_name_the_bureau():
    assert records("会议要求，财政部门要加强预算绩效管理。") == {("财政局", "required")}


def test_named_addressee_suppresses_the_blanket_record():
    assert records("会议强调，县商务局要加强外贸监测。") == {("商务局", "required")}


# --- corpus ------------------------------------------------------------------


def test_doc_000_names_its_bureaus():
    # The report names four bureaus, all in 「会议听取了县发改局、县工信局、县财政局、县商务局等
    # 相关工作汇报」: the meeting heard them, it did not give them tasks by name.
    reqs = extract_requirements(normalised(DOC_000))
    named = {(r.addressee, r.kind) for r in reqs if r.addressee != "各部门"}
    assert named == {(b, "reported") for b in ("发改局", "工信局", "财政局", "商务局")}
    assert {r.section for r in reqs if r.kind == "reported"} == {"听取汇报"}
    assert sum(r.kind == "all" and "各级各部门要" in r.sentence for r in reqs) == 2


def _sample_rows():
    if not SAMPLE.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SAMPLE} not written yet"))]
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [pytest.param(r, id=f"{r['file'][:3]}-{r['addressee']}-{r['kind']}") for r in rows]


@pytest.mark.parametrize("row", _sample_rows())
def test_sample_requirement_is_extracted(row):
    reqs = extract_requirements(normalised(row["file"]))
    hits = [r for r in reqs if r.addressee == row["addressee"] and r.kind == row["kind"]
            and row["sentence_fragment"] in r.sentence]
    assert hits, (row, [(r.addressee, r.kind, r.sentence[:40]) for r in reqs])


def test_corpus_has_no_idiom_departments_and_is_fast():
    names = sorted(p.name for p in _docs().glob("*.txt"))
    texts = [normalised(n) for n in names]
    t0 = time.perf_counter()
    depts = [d for t in texts for d in find_departments(t)]
    reqs = [r for t in texts for r in extract_requirements(t)]
    assert time.perf_counter() - t0 < 2.0
    idioms = re.compile(r"(?:大|格|全|布|开|变|结|当)局$|中心组$|部署$|主任办$")
    assert [d.raw for d in depts if idioms.search(d.name)] == []
    # Titles and the roll of attendees never turn into tasks.
    assert not [r for r in reqs if re.search(r"参加会议。?$", r.sentence)]
    assert {r.kind for r in reqs} == {"required", "reported", "all"}


def test_department_names_are_data_with_their_source():
    from importlib import resources

    text = resources.files("ingest").joinpath("data", "department_names.tsv").read_text("utf-8")
    assert any(line.startswith("#") and "Source" in line for line in text.splitlines())
    assert [d.name for d in find_departments("是交警牵头吗")] == ["交警"]
    assert [d.name for d in find_departments("县发展和改革局")] == ["发改局"]
