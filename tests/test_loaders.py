"""Real files of every supported format, and a clear error for each kind of bad file."""

from __future__ import annotations

import pytest

from ingest.loaders import iter_report_files, load_file
from meetings_errors import LoadError

REPORT = "示例县召开第1次常务会议\n3月1日，会议要求县商务局加快招商引资。\n"


def test_txt_utf8_title_is_first_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\n\n" + REPORT, "utf-8")
    loaded = load_file(f)
    assert loaded.title == "示例县召开第1次常务会议"
    assert "招商引资" in loaded.text


def test_txt_gbk_is_decoded(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes(REPORT.encode("gbk"))
    loaded = load_file(f)
    assert loaded.encoding == "gb18030" and "县商务局" in loaded.text


def test_txt_utf8_bom_and_crlf(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + REPORT.replace("\n", "\r\n").encode())
    loaded = load_file(f)
    assert loaded.title == "示例县召开第1次常务会议" and "\r" not in loaded.text


def test_html_title_and_text_without_scripts(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<html><head><title>站点标题</title><script>var x='会议';</script></head>"
                 "<body><nav>首页</nav><h1>第2次常务会议</h1><p>会议要求，各部门&nbsp;要抓落实。</p>"
                 "</body></html>", "utf-8")
    loaded = load_file(f)
    assert loaded.title == "第2次常务会议"
    assert "各部门" in loaded.text and "var x" not in loaded.text and "首页" not in loaded.text


def test_markdown_heading_is_title(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# 第3次常务会议\n\n会议**强调**，要[落实](http://x)责任。\n", "utf-8")
    loaded = load_file(f)
    assert loaded.title == "第3次常务会议"
    assert "会议强调，要落实责任。" in loaded.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("bad.txt", "会议".encode() + b"\x80\x80abc", "decode"),
        ("english.txt", b"just some english text", "no Chinese"),
    ],
)
def test_bad_files_raise_clear_error(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(LoadError) as e:
        load_file(f)
    assert name in str(e.value) and reason in str(e.value)


def test_iter_report_files_recurses_and_reports_bad_paths(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "sub" / "b.md").write_text(REPORT, "utf-8")
    (tmp_path / "a.txt").write_text(REPORT, "utf-8")
    (tmp_path / "README.md").write_text("说明", "utf-8")
    (tmp_path / "sub" / ".hidden" / "c.txt").write_text(REPORT, "utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    files, errors = iter_report_files([tmp_path, tmp_path / "x.pdf", tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    assert {str(e.path).rsplit("/", 1)[-1] for e in errors} == {"x.pdf", "missing.txt"}
