"""The 资料库 tab end to end: real Chroma in a temp dir, the real Gradio server, real files.

Uploads a .txt, a .docx, a zip holding two reports and a PNG renamed .txt
through the app's API (gradio_client ``handle_file``), then checks each file's
result against what ``meetings ingest`` says, that the good reports are
searchable and listed, and that deleting one removes it from search and table.
"""

from __future__ import annotations

import socket
import zipfile

import pytest

import app
from assistant.library import Library, content_kind, refusal
from ingest.formats.base import Kind
from tests.conftest import make_service
from tests.library_files import make_files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rows(frame) -> list[dict]:
    """A Dataframe value from gradio_client as a list of dicts keyed by header."""
    headers, data = frame["headers"], frame["data"]
    return [dict(zip(headers, row, strict=True)) for row in data]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from gradio_client import Client

    db = tmp_path_factory.mktemp("library-db")
    service = make_service(db, seed_examples=False)
    files = make_files(tmp_path_factory.mktemp("uploads-src"))
    port = _free_port()
    demo = app.launch(service, host="127.0.0.1", port=port, prevent_thread_lock=True,
                      quiet=True)
    client = None
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        yield service, client, files
    finally:
        if client is not None:
            client.close()
        demo.close()


@pytest.fixture(scope="module")
def uploaded(served):
    from gradio_client import handle_file

    service, client, files = served
    summary, results, reports, _ = client.predict(
        [handle_file(str(files[k])) for k in ("txt", "docx", "zip", "bad")], "", "date_desc",
        api_name="/library_upload")
    return summary, _rows(results), _rows(reports)


def _search(client, query: str) -> str:
    html_out, _, _ = client.predict(query, 5, api_name="/search")
    return html_out


def test_upload_reports_each_file_as_the_cli_does(served, uploaded, tmp_path):
    service, _, files = served
    summary, results, _ = uploaded
    by_name = {r["文件"]: r for r in results}
    assert set(by_name) == {"第2次常务会议.txt", "第7次常务会议.docx", "两次会议.zip!/第8次常务会议.txt",
                            "两次会议.zip!/第9次常务会议.txt", "扫描件.txt"}, results
    for name in ("第2次常务会议.txt", "第7次常务会议.docx", "两次会议.zip!/第8次常务会议.txt",
                 "两次会议.zip!/第9次常务会议.txt"):
        assert by_name[name]["status"] == "added" and by_name[name]["结果"] == "已收录"
        assert int(by_name[name]["段落数"]) >= 1
    assert by_name["第7次常务会议.docx"]["格式"] == "docx"
    bad = by_name["扫描件.txt"]
    assert bad["status"] == "failed" and bad["结果"] == "失败"
    # The reason is the CLI's, word for word: the same Ingestor on the same bytes.
    probe = tmp_path / "扫描件.txt"
    probe.write_bytes(files["bad"].read_bytes())
    cli = service.ingestor.ingest([probe], dry_run=True).results[0]
    assert cli.status == "failed" and bad["原因"] == cli.detail
    assert "content is image, not text" in bad["原因"]
    assert "5 files: 4 added" in summary and "1 failed" in summary and "新收录 4" in summary
    # Copies live in the managed uploads folder (provenance); the failed one was not kept.
    kept = sorted(p.name for p in service.settings.uploads_dir.iterdir())
    assert kept == ["两次会议.zip", "第2次常务会议.txt", "第7次常务会议.docx"]
    sources = {r.source for r in service.catalog.records()}
    assert str(service.settings.uploads_dir.resolve() / "第2次常务会议.txt") in sources


def test_uploaded_reports_are_searchable_and_listed(served, uploaded):
    _, client, _ = served
    _, _, reports = uploaded
    assert "第2次常务会议.txt" in _search(client, "松材线虫病防控")
    assert "第7次常务会议.docx" in _search(client, "冰雪旅游季")
    assert "第9次常务会议.txt" in _search(client, "城乡居民医保集中缴费")
    assert len(reports) == 4
    row = next(r for r in reports if r["文件"] == "第2次常务会议.txt")
    assert row["日期"] == "2025年2月11日" and row["格式"] == "text" and row["机构"]
    assert "第2次" in row["会议"] and int(row["段落数"]) >= 1 and row["添加时间（UTC）"].startswith("20")
    assert [r["文件"] for r in reports] == ["第9次常务会议.txt", "第8次常务会议.txt",
                                         "第7次常务会议.docx", "第2次常务会议.txt"]  # newest first
    assert "2025-02-11" not in row["会议"]  # dates as people write them, in the 日期 column
    # Filtering and sorting through the API.
    only = _rows(client.predict("docx", "date_desc", api_name="/library_reports"))
    assert [r["文件"] for r in only] == ["第7次常务会议.docx"]
    both = _rows(client.predict("常务会议 2025年8月", "date_asc", api_name="/library_reports"))
    assert [r["文件"] for r in both] == ["第8次常务会议.txt"]
    ordered = _rows(client.predict("", "date_asc", api_name="/library_reports"))
    assert ordered[0]["文件"] == "第2次常务会议.txt" and ordered[-1]["文件"] == "第9次常务会议.txt"


def test_docx_citation_knows_its_paragraph(served, uploaded):
    from assistant.citations import sentence_at

    service, _, _ = served
    rec = next(r for r in service.catalog.records() if r.source.endswith(".docx"))
    text = service.catalog.text(rec.doc_id)
    start = text.index("县文旅局要精心筹办")
    cite = sentence_at(service.passages, rec.doc_id, start, start + 8).cite(1)
    assert cite.paragraph and cite.page is None
    assert f"第{cite.paragraph}段" in app.render_citation(cite)


def test_reingest_is_unchanged_and_upload_again_is_unchanged(served, uploaded):
    from gradio_client import handle_file

    service, client, files = served
    doc_id = next(r["编号"] for r in uploaded[2] if r["文件"] == "第2次常务会议.txt")
    summary, results, _ = client.predict(doc_id, "", "date_desc", api_name="/library_reingest")
    assert [(r["文件"], r["status"]) for r in _rows(results)] == [("第2次常务会议.txt", "unchanged")]
    # The same file uploaded again reuses its managed copy: unchanged, not a second report.
    _, results, reports, _ = client.predict([handle_file(str(files["txt"]))], "", "date_desc",
                                            api_name="/library_upload")
    assert [r["status"] for r in _rows(results)] == ["unchanged"] and len(_rows(reports)) == 4


def test_delete_removes_report_from_search_and_table(served, uploaded):
    service, client, _ = served
    uploads = service.settings.uploads_dir
    doc_id = next(r["编号"] for r in uploaded[2] if r["文件"] == "第7次常务会议.docx")
    n_passages = len(service.passages.ids_where({"doc_id": doc_id}))
    msg, reports, _ = client.predict(doc_id, "", "date_desc", api_name="/library_delete")
    assert "已删除" in msg and f"{n_passages} 个段落" in msg
    assert "第7次常务会议.docx" not in [r["文件"] for r in _rows(reports)]
    assert "第7次常务会议.docx" not in _search(client, "冰雪旅游季")
    assert not service.passages.ids_where({"doc_id": doc_id}) and not service.docs.get([doc_id])
    assert not (uploads / "第7次常务会议.docx").exists()
    # Keyword and sentence index follow the store.
    assert not any(i.startswith(doc_id) for i in service.keyword_index.ids)
    assert not service.sentence_index.store.ids_where({"doc_id": doc_id})
    # One member of the zip: the archive stays while the other member is still a report.
    member = next(r["编号"] for r in _rows(reports) if r["文件"] == "第8次常务会议.txt")
    client.predict(member, "", "date_desc", api_name="/library_delete")
    assert (uploads / "两次会议.zip").exists()
    assert "第9次常务会议.txt" in _search(client, "城乡居民医保集中缴费")
    left = _rows(client.predict("", "date_desc", api_name="/library_reports"))
    assert sorted(r["文件"] for r in left) == ["第2次常务会议.txt", "第9次常务会议.txt"]
    msg, _, _ = client.predict(doc_id, "", "date_desc", api_name="/library_delete")
    assert "未能删除" in msg


def test_type_is_checked_by_content_not_name(tmp_path):
    files = make_files(tmp_path / "f")
    big = 50 * 2**20
    # A PNG named .txt is an image (read by OCR), a docx named .txt is a docx.
    assert content_kind(files["bad"], "扫描件.txt") is Kind.IMAGE
    renamed = tmp_path / "报告.txt"
    renamed.write_bytes(files["docx"].read_bytes())
    assert content_kind(renamed, "报告.txt") is Kind.DOCX and refusal(renamed, "报告.txt", big) == ""
    # A spreadsheet dressed as .docx, and an executable, are refused before copying.
    sheet = tmp_path / "表格.docx"
    with zipfile.ZipFile(sheet, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "unsupported file type .docx" in refusal(sheet, "表格.docx", big)
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + bytes(200))
    assert refusal(exe, "setup.exe", big) == "unsupported file type .exe (checked by content)"
    assert refusal(files["txt"], "a.txt", 10).startswith("too large (")
    assert refusal(files["zip"], "两次会议.zip", big) == ""


def test_limits_refuse_without_copying(served, uploaded, tmp_path, monkeypatch):
    service, _, files = served
    lib = Library(service)
    monkeypatch.setattr(service.settings, "max_upload_files", 1)
    sheet = tmp_path / "表格.docx"
    with zipfile.ZipFile(sheet, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    report = lib.store_uploads([sheet, files["txt"]])
    assert [(r.name, r.status) for r in report.results] == [("表格.docx", "skipped"),
                                                             ("第2次常务会议.txt", "skipped")]
    assert "unsupported file type .docx" in report.results[0].detail
    assert "over the 1-file upload limit" in report.results[1].detail
    assert report.ingest is None and not (service.settings.uploads_dir / "表格.docx").exists()


def test_citation_shows_page_where_the_passage_has_one():
    from assistant.citations import Sentence

    text = "会议要求，县商务局要紧盯外资外贸目标。"
    md = {"source": "/x/第3次会议.pdf", "title": "标题", "page": 3, "page_end": 3}
    cite = Sentence(text, "p1", md, 0, len(text), text).cite(1)
    assert (cite.page, cite.paragraph) == (3, None) and cite.to_dict()["page"] == 3
    assert "文件：第3次会议.pdf　第3页</p>" in app.render_citation(cite)
    plain = Sentence(text, "p2", {"source": "/x/a.txt", "title": "标题"}, 0, len(text), text).cite(2)
    assert plain.page is None and plain.paragraph is None
    assert "文件：a.txt</p>" in app.render_citation(plain)


def test_upload_name_stays_inside_and_duplicate_copy_is_dropped(served, uploaded):
    service, _, files = served
    uploads = service.settings.uploads_dir
    report = Library(service).store_uploads([(files["txt"], "../../别处.txt")])
    [r] = report.results
    assert r.name == "别处.txt" and r.status == "duplicate" and r.detail.startswith("same text as ")
    assert not (uploads / "别处.txt").exists() and not (uploads.parent.parent / "别处.txt").exists()
