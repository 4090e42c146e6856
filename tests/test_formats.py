"""Real files of every format, built from corpus text, ingested into a real Chroma.

One folder mixes good files of every format with every kind of bad file a
county archive holds: each bad file gets exactly one named error or skip, and
every good file lands with its text verbatim and the right page.
"""

from __future__ import annotations

import builtins
import difflib
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingest.formats.ocr as ocr
import ingest.scan as scan_module
from ingest.normalize import normalize_text
from ingest.offsets import decode_offset
from tests.conftest import make_service
from tests.format_files import (
    BOILERPLATE,
    HEADER,
    MARKER,
    corpus_report,
    layout_pages,
    portal_html,
    render_page,
    wrap,
    write_doc,
    write_docx,
    write_ofd,
    write_pdf,
    write_scanned_pdf,
)

LIMIT_MB = 0.2  # small, so the oversize file costs 300 KB, not 60 MB
HAS_OCR = ocr.available()


def _flat(s: str) -> str:
    return "".join(s.split())


def _big5_text(r) -> str:
    import opencc

    text = opencc.OpenCC("s2t").convert("\n".join([r.title, *r.paragraphs]))
    return text.encode("big5", errors="ignore").decode("big5")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The mixed folder, ingested once with OCR switched off (a scan must say so)."""
    root = tmp_path_factory.mktemp("formats")
    d = root / "archive"
    d.mkdir()
    reports = [corpus_report(i) for i in range(1, 12)]
    files: dict[str, object] = {}
    write_docx(d / "docx_report.docx", reports[0],
               table=[["责任单位", "工作任务"], ["县商务局", "加快推进招商引资项目落地"]])
    files["docx"] = reports[0]
    try:
        write_doc(d / "word97_report.doc", reports[1], root)
        files["doc"] = reports[1]
        # Kingsoft .wps is mostly the same binary format.
        write_doc(root / "kingsoft.doc", reports[10], root).rename(d / "kingsoft_report.wps")
        files["wps"] = reports[10]
    except pytest.skip.Exception:
        pass
    pages = layout_pages(reports[2])
    write_pdf(d / "pdf_report.pdf", pages)
    files["pdf"] = (reports[2], pages)
    write_ofd(d / "ofd_report.ofd", [[reports[3].title, *wrap(reports[3].sentence)],
                                     [MARKER, *wrap(reports[3].paragraphs[0])]])
    files["ofd"] = reports[3]
    (d / "gbk_report.txt").write_bytes("\n".join([reports[4].title, *reports[4].paragraphs])
                                       .encode("gbk", errors="ignore"))
    files["gbk"] = reports[4]
    big5 = _big5_text(reports[5])
    (d / "big5_report.txt").write_bytes(big5.encode("big5"))
    files["big5"] = big5
    (d / "portal_report.html").write_bytes(portal_html(reports[6], "gbk"))
    files["html"] = reports[6]
    (d / "md_report.md").write_text(f"# {reports[7].title}\n\n" + "\n\n".join(
        f"**{p[:4]}**{p[4:]}" for p in reports[7].paragraphs), "utf-8")
    files["md"] = reports[7]
    # Good despite damage: a stray NUL and a last character cut in half.
    cut = "\n".join([reports[8].title, *reports[8].paragraphs]).encode("utf-8")
    (d / "cut_tail.txt").write_bytes(cut[:200] + b"\x00" + cut[200:] + "会".encode()[:2])
    files["cut"] = reports[8]
    with zipfile.ZipFile(d / "bundle.zip", "w") as zf:
        buf = io.BytesIO()
        write_docx(buf, reports[9])
        zf.writestr("2024/会议纪要.docx", buf.getvalue())
        files["zip"] = reports[9]
        zf.writestr("../evil.txt", "示例县会议")
        zf.writestr("sheet.xlsx", b"PK")
    # The bad ones.
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\t\n ")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    img = io.BytesIO()
    render_page(["示例"]).save(img, "PNG")
    (d / "picture.txt").write_bytes(img.getvalue())
    docx_bytes = (d / "docx_report.docx").read_bytes()
    (d / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (d / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    write_scanned_pdf(d / "scanned.pdf", reports[0])
    with zipfile.ZipFile(d / "budget.xlsx", "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    os.symlink(d / "gone.txt", d / "dangling.txt")
    (d / "unreadable.txt").write_text(reports[0].title, "utf-8")
    (d / "unreadable.txt").chmod(0)
    rng = random.Random(7)
    (d / "undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    (d / "oversize.txt").write_bytes(("会议要求。" * 25000).encode())
    (d / "english.txt").write_text("Minutes of nothing in particular.", "utf-8")
    (d / ".hidden.txt").write_text(reports[0].title, "utf-8")
    (d / "README.md").write_text("# 说明\n本文件夹是测试。", "utf-8")
    with zipfile.ZipFile(d / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"\x00" * (8 * 2**20))

    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        # Tests run as root, which chmod 000 does not stop: simulate the refusal.
        if str(file).endswith("unreadable.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    svc = make_service(root / "db", max_file_mb=LIMIT_MB)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "available", lambda: False)
        mp.setattr(scan_module, "open", guarded_open, raising=False)
        report = svc.ingestor.ingest([d])
    return svc, d, report, files


def _passages(svc, path: Path | str):
    return svc.passages.get_where({"source": str(path)})


def _holding(svc, source, sentence: str):
    hits = [h for h in _passages(svc, source) if normalize_text(sentence) in h.text]
    assert hits, f"{sentence!r} not in the passages of {source}"
    return hits[0]


BAD = {
    "empty.txt": ("failed", "EmptyDocument", "empty"),
    "blank.txt": ("failed", "EmptyDocument", "empty"),
    "binary.txt": ("failed", "UndecodableText", "binary"),
    "picture.txt": ("failed", "OcrUnavailable", "content is image"),
    "truncated.docx": ("failed", "CorruptFile", "not a readable .docx"),
    "corrupt.pdf": ("failed", "CorruptFile", "not a readable PDF"),
    "scanned.pdf": ("failed", "OcrUnavailable", "pip install 'meetings-assistant[ocr]'"),
    "budget.xlsx": ("skipped", "", "spreadsheet"),
    "dangling.txt": ("failed", "UnreadableFile", "broken symbolic link"),
    "unreadable.txt": ("failed", "UnreadableFile", "Permission denied"),
    "undecodable.txt": ("failed", "UndecodableText", "cannot decode"),
    "oversize.txt": ("skipped", "", "too large"),
    "english.txt": ("failed", "EmptyDocument", "no Chinese"),
    ".hidden.txt": ("skipped", "", "hidden"),
    "README.md": ("skipped", "", "folder note"),
    "bomb.zip": ("failed", "UnsafeArchive", "uncompressed in total"),
    "bundle.zip!/../evil.txt": ("failed", "UnsafeArchive", "unsafe member path"),
    "bundle.zip!/sheet.xlsx": ("skipped", "", "unsupported file type .xlsx"),
}


def test_every_file_is_accounted_for_once(archive):
    svc, d, report, files = archive
    by_name = {}
    for r in report.results:
        name = r.path.split(str(d) + "/", 1)[-1]
        assert name not in by_name, f"{name} reported twice"
        by_name[name] = r
    on_disk = {p.name for p in d.iterdir()} - {"bundle.zip"}
    members = {"bundle.zip!/2024/会议纪要.docx", "bundle.zip!/../evil.txt", "bundle.zip!/sheet.xlsx"}
    assert set(by_name) == on_disk | members
    for name, (status, error, reason) in BAD.items():
        r = by_name[name]
        assert (r.status, r.error) == (status, error), (name, r)
        assert reason in r.detail, (name, r.detail)
    good = set(by_name) - set(BAD)
    assert all(by_name[n].status == "added" for n in good), [
        (n, by_name[n].detail) for n in good if by_name[n].status != "added"]
    assert len(good) == len(files)
    assert report.count("failed") == sum(s == "failed" for s, _, _ in BAD.values())


def test_docx_paragraphs_and_table_in_order_without_header(archive):
    svc, d, _, files = archive
    r = files["docx"]
    hit = _holding(svc, d / "docx_report.docx", r.sentence)
    assert r.sentence in hit.metadata["original"]
    expected = 2 + r.paragraphs.index(next(p for p in r.paragraphs if r.sentence in p))
    expected += 1 if expected > 2 else 0  # the table sits after the first paragraph
    assert hit.metadata["paragraph"] <= expected <= hit.metadata["paragraph_end"]
    texts = [h.metadata["original"] for h in _passages(svc, d / "docx_report.docx")]
    joined = "".join(texts)
    assert "县商务局\t加快推进招商引资项目落地" in joined
    assert joined.index(r.paragraphs[0][-10:]) < joined.index("县商务局")
    if len(r.paragraphs) > 1:
        assert joined.index("县商务局") < joined.index(r.paragraphs[1][:10])
    assert HEADER not in joined


def test_word97_doc_through_antiword_or_libreoffice(archive):
    svc, d, _, files = archive
    if "doc" not in files:
        pytest.skip("LibreOffice not installed: no .doc could be built")
    r = files["doc"]
    hit = _holding(svc, d / "word97_report.doc", r.sentence)
    # antiword wraps at 80 columns, even inside numbers: the lines came back together.
    assert r.sentence in hit.metadata["original"]
    assert hit.metadata["format"] == "doc"


def test_kingsoft_wps(archive):
    svc, d, _, files = archive
    if "wps" not in files:
        pytest.skip("LibreOffice not installed: no .wps could be built")
    assert files["wps"].sentence in _holding(svc, d / "kingsoft_report.wps",
                                             files["wps"].sentence).metadata["original"]


def test_doc_falls_back_to_libreoffice_without_antiword(archive, monkeypatch):
    import shutil

    import ingest.formats.word_binary as wb
    from ingest.formats import load_bytes

    svc, d, _, files = archive
    if "doc" not in files or not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice not installed")
    real = shutil.which
    monkeypatch.setattr(wb.shutil, "which", lambda name: None if name == "antiword" else real(name))
    f = d / "word97_report.doc"
    loaded = load_bytes(str(f), f.name, f.read_bytes())
    assert loaded.encoding == "libreoffice" and files["doc"].sentence in loaded.text


def test_pdf_pages_headers_and_digit_spacing(archive):
    svc, d, _, files = archive
    r, pages = files["pdf"]
    src = d / "pdf_report.pdf"
    marker = _holding(svc, src, MARKER)
    assert marker.metadata["page"] == 2 and marker.text.startswith(normalize_text(MARKER))
    hit = _holding(svc, src, r.sentence)
    page_of = next(i for i, paras in enumerate(pages, 1) if any(r.sentence in p for p in paras))
    assert hit.metadata["page"] == page_of
    assert r.sentence in hit.metadata["original"].replace("\n", "")
    # The offset map still leads from the cleaned passage back into the extracted text.
    i = hit.text.index(normalize_text(r.sentence))
    o = decode_offset(hit.metadata["offsets"], i)
    assert hit.metadata["original"][o:].replace("\n", "").startswith(r.sentence[:20])
    everything = "".join(h.metadata["original"] for h in _passages(svc, src))
    assert HEADER not in everything and "- 1 -" not in everything and "- 2 -" not in everything
    title = r.title
    assert any(title in h.metadata["original"] for h in _passages(svc, src))  # digits unspaced


def test_ofd_reading_order_and_pages(archive):
    svc, d, _, files = archive
    r = files["ofd"]
    src = d / "ofd_report.ofd"
    assert _holding(svc, src, MARKER).metadata["page"] == 2
    hit = _holding(svc, src, r.sentence)
    assert hit.metadata["page"] == 1
    assert r.sentence in hit.metadata["original"].replace("\n", "")
    assert not any(HEADER in h.text for h in _passages(svc, src))  # the template page


def test_gbk_and_big5_text(archive):
    svc, d, _, files = archive
    gbk = _holding(svc, d / "gbk_report.txt", files["gbk"].sentence)
    assert gbk.metadata["encoding"] == "gb18030"
    big5 = files["big5"]
    sentence = max((s for s in big5.split("。") if len(s) < 90), key=len) + "。"
    hits = [h for h in _passages(svc, d / "big5_report.txt") if sentence in h.metadata["original"]]
    assert hits and hits[0].metadata["encoding"] in ("cp950", "big5hkscs")
    assert normalize_text(sentence) in hits[0].text  # Simplified for search


def test_portal_html_keeps_article_drops_portal(archive):
    svc, d, _, files = archive
    r = files["html"]
    src = d / "portal_report.html"
    hit = _holding(svc, src, r.sentence)
    assert hit.metadata["published"] == "2024-03-05" and hit.metadata["title"] == normalize_text(
        r.title)
    everything = "".join(h.metadata["original"] for h in _passages(svc, src))
    assert [b for b in BOILERPLATE if b in everything] == []


def test_markdown_and_damaged_text(archive):
    svc, d, _, files = archive
    md = _holding(svc, d / "md_report.md", files["md"].sentence)
    assert "**" not in md.metadata["original"]
    _holding(svc, d / "cut_tail.txt", files["cut"].sentence)
    assert not any("\x00" in h.metadata["original"] or "\ufffd" in h.metadata["original"]
                   for h in _passages(svc, d / "cut_tail.txt"))


def test_zip_member_is_its_own_report(archive):
    svc, d, _, files = archive
    src = f"{d / 'bundle.zip'}!/2024/会议纪要.docx"
    hit = _holding(svc, src, files["zip"].sentence)
    assert hit.metadata["file_name"] == "会议纪要.docx"


def test_rerun_is_unchanged_and_search_json_names_the_page(archive):
    from assistant.cli import cli

    svc, d, first, _ = archive
    db = str(svc.settings.db_dir)
    env = {"MEETINGS_MAX_FILE_MB": str(LIMIT_MB)}
    runner = CliRunner()
    out = runner.invoke(cli, ["ingest", str(d), "--db", db, "--json"], obj={}, env=env)
    assert out.exit_code == 1  # bad files still fail the run
    again = {f["path"]: f["status"] for f in json.loads(out.stdout)["files"]}
    # (OCR and the file permissions are real this time: those two files may now land.)
    assert all(again[r.path] == "unchanged" for r in first.results if r.status == "added")
    assert all(again[r.path] == "skipped" for r in first.results if r.status == "skipped")
    res = runner.invoke(cli, ["search", MARKER, "--json", "--db", db, "-k", "20"], obj={})
    rows = json.loads(res.stdout)["results"]
    pdf = [row for row in rows if row["source"].endswith("pdf_report.pdf")
           and _flat(MARKER) in _flat(row["text"])]
    assert pdf and pdf[0]["page"] == 2
    verbose = runner.invoke(cli, ["ingest", str(d), "--db", db, "--verbose"], obj={}, env=env)
    assert "skipped:" in verbose.output and "budget.xlsx" in verbose.output
    assert "failed:" in verbose.output and "dangling.txt" in verbose.output


@pytest.mark.skipif(not HAS_OCR, reason="rapidocr not installed (pip install '.[ocr]')")
def test_scans_are_read_with_ocr(tmp_path):
    r = corpus_report(2)
    d = tmp_path / "scans"
    d.mkdir()
    write_scanned_pdf(d / "scan.pdf", r)
    render_page([r.title, MARKER]).save(d / "page.png")
    other = corpus_report(4)
    first, second = render_page([other.title]), render_page([MARKER])
    first.save(d / "pages.tif", save_all=True, append_images=[second])  # one frame a page
    svc = make_service(tmp_path / "db")
    report = svc.ingestor.ingest([d])
    assert report.count("added") == 3, [(x.path, x.detail) for x in report.results]
    png = _holding(svc, d / "page.png", MARKER)
    assert png.metadata["page"] == 1
    assert _holding(svc, d / "pages.tif", MARKER).metadata["page"] == 2
    text = "".join(h.text for h in _passages(svc, d / "scan.pdf"))
    ratio = difflib.SequenceMatcher(None, _flat(normalize_text(r.sentence)), _flat(text)).ratio()
    best = max(difflib.SequenceMatcher(None, _flat(normalize_text(r.sentence)),
                                       _flat(text)[i: i + len(r.sentence)]).ratio()
               for i in range(0, max(1, len(_flat(text)) - len(r.sentence) + 1)))
    assert best >= 0.9, (ratio, text)


def test_pdf_with_some_scanned_pages_says_which_were_not_read(tmp_path, monkeypatch):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from ingest.formats import load_bytes

    r = corpus_report(3)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    f = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("STSong-Light", 12)
    for n, line in enumerate([r.title, *wrap(r.sentence, 30)]):
        c.drawString(72, 760 - 18 * n, line)
    c.showPage()
    c.drawImage(ImageReader(render_page([MARKER])), 0, 400, 595, 100)
    c.showPage()
    c.save()
    monkeypatch.setattr(ocr, "available", lambda: False)
    loaded = load_bytes(str(f), f.name, f.read_bytes())
    assert r.title in loaded.text and MARKER not in loaded.text
    assert loaded.notes and "page(s) 2 have no text layer" in loaded.notes[0]
    assert "[ocr]" in loaded.notes[0]


def test_ask_citations_name_the_page(archive):
    from assistant.cli import cli

    svc, d, _, files = archive
    r, pages = files["pdf"]
    question = f"{r.title}研究了什么？"
    res = CliRunner().invoke(cli, ["ask", question, "--json", "--db", str(svc.settings.db_dir)],
                             obj={})
    cites = [c for c in json.loads(res.stdout)["citations"]
             if c["source"].endswith("pdf_report.pdf")]
    assert cites and all(isinstance(c["page"], int) and c["page"] >= 1 for c in cites)
    text = CliRunner().invoke(cli, ["ask", question, "--db", str(svc.settings.db_dir)], obj={})
    assert "pdf_report.pdf，第" in text.stdout


@pytest.mark.parametrize("writer", [write_pdf, write_ofd], ids=["pdf", "ofd"])
def test_a_title_laid_out_over_lines_is_one_title(tmp_path, writer):
    """Found trying ``meetings ingest`` on an .ofd: a title cut inside 「2026」 gave the
    label 「6年2026年第16次主任办公会」. Cut inside the year and before 办公会 here."""
    from ingest.pipeline import prepare

    r = corpus_report(3)
    for cut in (3, len(r.title) - 3):
        pages = layout_pages(r)
        pages[0] = [r.title[:cut], r.title[cut:], *pages[0][1:]]
        doc = prepare(writer(tmp_path / f"cut{cut}.{writer.__name__[-3:]}", pages))
        assert doc.title == normalize_text(r.title)
        assert not doc.texts[0].startswith(normalize_text(r.title[cut:]))


def test_join_wrapped_title_keeps_body_lines_apart():
    from ingest.formats.layout import join_wrapped_title

    assert join_wrapped_title(["平潭综合实验区管委会", "2025年第5次主任办公会", "3月5日，会议指出。"]) == [
        "平潭综合实验区管委会2025年第5次主任办公会", "3月5日，会议指出。"]
    whole = ["平潭综合实验区召开管委会第5次主任办公会", "3月5日，会议指出。"]
    assert join_wrapped_title(whole) == whole
    heading = ["关于加快项目建设的会议", "一、关于项目建设的工作会"]
    assert join_wrapped_title(heading) == heading
    too_long = ["平潭综合实验区" * 9, "主任办公会"]
    assert join_wrapped_title(too_long) == too_long
