"""Readers and encodings on small files, and the scan's verdict for each kind of path."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.formats import Kind, load_bytes
from ingest.formats.base import Unit
from ingest.formats.detect import detect
from ingest.formats.pdf import strip_running_lines
from ingest.formats.text import decode_bytes
from ingest.formats.word_binary import join_antiword
from ingest.scan import Candidate, Failed, Skipped, scan
from meetings_errors import LoadError, UndecodableText

REPORT = "示例县召开第1次常务会议\n3月1日，会议要求县商务局加快招商引资。\n"
TRADITIONAL = ("示例縣召開第1次常務會議\n3月1日，會議強調，各鄉鎮各部門要壓實森林防火責任，"
               "加強巡查值守，堅決防範各類火災事故發生。會議要求，縣商務局要加快招商引資步伐。\n")


def load(tmp_path: Path, name: str, data: bytes):
    f = tmp_path / name
    f.write_bytes(data)
    return load_bytes(str(f), name, data)


def test_txt_utf8_title_is_first_line(tmp_path):
    loaded = load(tmp_path, "a.txt", ("\n\n" + REPORT).encode())
    assert loaded.title == "示例县召开第1次常务会议" and "招商引资" in loaded.text
    assert loaded.kind is Kind.TEXT and loaded.unit is Unit.NONE


def test_txt_gbk_is_decoded(tmp_path):
    loaded = load(tmp_path, "gbk.txt", REPORT.encode("gbk"))
    assert loaded.encoding == "gb18030" and "县商务局" in loaded.text


def test_txt_big5_is_not_read_as_gb18030(tmp_path):
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030 (to garbage)
    loaded = load(tmp_path, "big5.txt", data)
    assert loaded.encoding in ("cp950", "big5hkscs") and loaded.text == TRADITIONAL


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "gb18030"])
def test_other_encodings_without_bom(codec):
    text, used = decode_bytes("x", TRADITIONAL.encode(codec))
    assert text == TRADITIONAL and used.replace("_", "-").startswith(codec[:6])


def test_txt_utf8_bom_and_crlf(tmp_path):
    loaded = load(tmp_path, "bom.txt", codecs.BOM_UTF8 + REPORT.replace("\n", "\r\n").encode())
    assert loaded.title == "示例县召开第1次常务会议" and "\r" not in loaded.text


def test_stray_nul_and_cut_last_character_cost_nothing_else():
    data = REPORT.encode()
    text, _ = decode_bytes("x", data[:10] + b"\x00" + data[10:] + "会".encode()[:2])
    assert text == REPORT
    text, used = decode_bytes("x", TRADITIONAL.encode("big5") + "會".encode("big5")[:1])
    assert text == TRADITIONAL and used != "utf-8"


def test_html_title_and_text_without_scripts(tmp_path):
    loaded = load(tmp_path, "a.html", (
        "<html><head><title>站点标题</title><script>var x='会议';</script></head>"
        "<body><nav>首页</nav><h1>第2次常务会议</h1><p>会议要求，各部门&nbsp;要抓落实。</p>"
        "</body></html>").encode())
    assert loaded.title == "第2次常务会议"
    assert "各部门" in loaded.text and "var x" not in loaded.text and "首页" not in loaded.text


def test_markdown_heading_is_title(tmp_path):
    loaded = load(tmp_path, "a.md", "# 第3次常务会议\n\n会议**强调**，要[落实](http://x)责任。\n"
                                    "\n- 一是`抓`项目\n".encode())
    assert loaded.title == "第3次常务会议"
    assert "会议强调，要落实责任。" in loaded.text and "一是抓项目" in loaded.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x01\x02\x00\x00\x00" * 40, "binary"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "content is image"),
        ("bad.txt", "会议".encode() + b"\x80\x80abc", "decode"),
        ("english.txt", b"just some english text", "no Chinese"),
        ("bad.docx", b"PK\x03\x04broken", "not a readable .docx"),
        ("bad.pdf", b"%PDF-1.4 nothing", "not a readable PDF"),
        ("bad.ofd", b"PK\x03\x04broken", "not a readable OFD"),
    ],
)
def test_bad_files_raise_clear_error(tmp_path, name, data, reason):
    with pytest.raises(LoadError) as e:
        load(tmp_path, name, data)
    assert name in str(e.value) and reason in str(e.value)


def test_garbage_is_a_named_error():
    with pytest.raises(UndecodableText):
        decode_bytes("x", bytes(range(0x80, 0x100)) * 20)


def test_detect_trusts_content_over_name():
    assert detect("report.doc", b"%PDF-1.7") is Kind.PDF
    assert detect("report.txt", b"\x89PNG\r\n\x1a\n") is Kind.IMAGE
    assert detect("report.doc", b"<!DOCTYPE html><html>") is Kind.HTML
    assert detect("report", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") is Kind.WORD_BINARY
    assert detect("table.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") is Kind.UNSUPPORTED


def test_antiword_wrapping_is_undone():
    raw = ("\n标题\n\n" + "会" * 38 + "第1\n6次会议研究了English words that\nwrap at spaces。\n\n"
           "|部门 |任务 |\n|商务局 |招商 |\n")
    text, starts = join_antiword(raw)
    assert "会第16次会议研究了English words that wrap at spaces。" in text
    assert "|部门 |任务 |\n|商务局 |招商 |" in text and len(starts) == 3


def test_running_heads_and_page_numbers_go_title_stays():
    pages = [["县政府文件", "示例县第1次会议", "正文一。", "- 1 -"],
             ["县政府文件", "正文二。", "第 2 页 共 3 页"],
             ["县政府文件", "正文三。", "3"]]
    assert strip_running_lines(pages) == [["示例县第1次会议", "正文一。"], ["正文二。"], ["正文三。"]]


def test_scan_gives_every_path_a_verdict(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "sub" / "b.md").write_text(REPORT, "utf-8")
    (tmp_path / "a.txt").write_text(REPORT, "utf-8")
    (tmp_path / "README.md").write_text("说明", "utf-8")
    (tmp_path / "sub" / ".hidden" / "c.txt").write_text(REPORT, "utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    (tmp_path / "noext").write_bytes(b"%PDF-1.4")
    entries = scan([tmp_path, tmp_path / "x.pdf", tmp_path / "missing.txt"], max_bytes=1000)
    verdict = {Path(e.source).name: type(e) for e in entries}
    assert verdict == {"a.txt": Candidate, "b.md": Candidate, "x.pdf": Candidate,
                       "noext": Candidate, "README.md": Skipped, ".hidden": Skipped,
                       "big.txt": Skipped, "sheet.xlsx": Skipped, "missing.txt": Failed}


def test_doc_without_antiword_or_libreoffice_names_the_package(tmp_path, monkeypatch):
    import ingest.formats.word_binary as wb
    from meetings_errors import MissingTool

    monkeypatch.setattr(wb.shutil, "which", lambda name: None)
    with pytest.raises(MissingTool) as e:
        load(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "apt-get install antiword" in str(e.value) and "libreoffice" in str(e.value)


def test_scan_names_links_and_special_files(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(REPORT, "utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "0link.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path, tmp_path / "loop")
    entries = {Path(e.source).name: e for e in scan([tmp_path], max_bytes=10**6)}
    assert isinstance(entries["a.txt"], Candidate)
    assert "same file as" in entries["link.txt"].reason
    assert "same file as" in entries["0link.txt"].reason
    assert "not a regular file" in entries["pipe.txt"].reason
    assert "not followed" in entries["loop"].reason


def test_ingest_and_vectorstore_import_nothing_above_them():
    import ast

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for f in [*root.glob("ingest/**/*.py"), *root.glob("vectorstore/**/*.py")]:
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{f.relative_to(root)}: {n}" for n in names
                          if n.split(".")[0] in ("assistant", "app")]
    assert offenders == []


def test_zip_member_that_lies_about_its_size_is_stopped(tmp_path):
    import zipfile

    from ingest.formats.archive import read_member
    from meetings_errors import UnsafeArchive

    z = tmp_path / "lie.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "会议" * 50000)
    raw = bytearray(z.read_bytes())
    # Understate the uncompressed size in the central directory (a classic bomb trick).
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (1000).to_bytes(4, "little")
    z.write_bytes(bytes(raw))
    with pytest.raises((UnsafeArchive, LoadError)):
        read_member(str(z), "a.txt", 10_000, f"{z}!/a.txt")


def test_text_no_report_is_written_in_is_a_damaged_file():
    """Random bytes named .wps: LibreOffice reads them as UTF-16, which is no text (a Hangul,
    private-use and control character soup); the file fails, named, and nothing is stored."""
    from ingest.formats.base import finish, not_text_share
    from meetings_errors import CorruptFile

    soup = "楛麇ꆇ휿쩼ၒ̼昦芪\ue8da褣\ue515墠츽ⲋꜻ끜架쎐廲웤\uf519\ufb0e醽ꒃ\uf0dd" * 4
    assert not_text_share(soup) > 0.2
    with pytest.raises(CorruptFile) as e:
        finish("damaged.wps", "damaged.wps", soup, Kind.WORD_BINARY, "libreoffice")
    assert "damaged.wps" in str(e.value) and "not text" in str(e.value)
    # Traditional text with pinyin after characters is text.
    assert not_text_share("實驗區召開會(huì)議，研究了經濟運行工作。") == 0
