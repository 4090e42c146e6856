"""Builders of real report files of every format, from a corpus report's own text.

Each builder writes with the format's usual writer (python-docx, LibreOffice,
reportlab, PIL, zipfile) so the readers are tested on what such tools emit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import corpus_docs

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
MARKER = "本页标记句：示例县档案馆核对第二页内容无误。"
HEADER = "示例县人民政府办公室文件"


@dataclass(frozen=True)
class Report:
    """A corpus report cut into parts a builder can lay out."""

    name: str
    title: str
    paragraphs: list[str]
    sentence: str  # a long body sentence, to find verbatim after ingestion


def corpus_report(index: int = 1) -> Report:
    """The ``index``-th Simplified-script corpus report (skips when the corpus is absent)."""
    docs = sorted(corpus_docs().glob("*.txt"))
    simplified = [d for d in docs if "(" not in d.read_text("utf-8")[:400]]
    doc = simplified[index % len(simplified)]
    lines = [ln.strip() for ln in doc.read_text("utf-8").splitlines() if ln.strip()]
    title, body = lines[0], lines[1:]
    sentences = [s for p in body for s in re.findall(r"[^。！？]*[。！？]", p)]
    sentence = max((s for s in sentences if 30 <= len(s) <= 90 and "，" in s),
                   key=len, default=sentences[0]).strip()
    return Report(doc.stem, title, body, sentence)


def write_docx(path: Path, r: Report, table: list[list[str]] | None = None) -> Path:
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = HEADER  # must not reach the text
    d.add_heading(r.title, level=1)
    for i, p in enumerate(r.paragraphs):
        d.add_paragraph(p)
        if i == 0 and table:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for ri, row in enumerate(table):
                for ci, cell in enumerate(row):
                    t.cell(ri, ci).text = cell
    d.save(path)
    return path


def write_doc(path: Path, r: Report, tmp: Path) -> Path:
    """A Word 97 .doc converted by LibreOffice from a .docx (skips without LibreOffice)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
    src = write_docx(tmp / (path.stem + ".docx"), r)
    out = tmp / "lo-out"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    shutil.move(out / (path.stem + ".doc"), path)
    src.unlink()
    return path


def layout_pages(r: Report, per_line: int = 32, lines_per_page: int = 38) -> list[list[str]]:
    """Paragraphs flowed onto pages (a paragraph too long for one page is cut at a
    sentence end); :data:`MARKER` opens page 2, the title opens page 1."""
    parts = []
    for p in r.paragraphs:
        while len(p) > per_line * (lines_per_page - 4):
            cut = p.rfind("。", 0, per_line * (lines_per_page - 4)) + 1 or per_line * 20
            parts.append(p[:cut])
            p = p[cut:]
        if p:
            parts.append(p)
    pages, cur, used = [], [r.title], 2
    for p in parts:
        need = -(-len(p) // per_line)
        if used + need > lines_per_page:
            pages.append(cur)
            cur, used = ([MARKER] if len(pages) == 1 else []), (2 if len(pages) == 1 else 0)
        cur.append(p)
        used += need
    pages.append(cur)
    if len(pages) == 1:
        pages.append([MARKER])
    return pages


def write_pdf(path: Path, pages: list[list[str]], per_line: int = 32) -> Path:
    """A text PDF (reportlab, CID font STSong-Light) with a running header and a page
    number on every page; ``pages`` as from :func:`layout_pages`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for n, paras in enumerate(pages, start=1):
        c.setFont("STSong-Light", 9)
        c.drawString(72, height - 40, HEADER)
        c.drawCentredString(width / 2, 30, f"- {n} -")
        c.setFont("STSong-Light", 12)
        y = height - 80
        for p in paras:
            for i in range(0, len(p), per_line):
                c.drawString(72, y, p[i : i + per_line])
                y -= 18
        c.showPage()
    c.save()
    return path


def render_page(lines: list[str]):
    """A white A4-ish page image with ``lines`` in a CJK font (skips without the font)."""
    from PIL import Image, ImageDraw, ImageFont

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} not installed (fonts-wqy-microhei)")
    font = ImageFont.truetype(str(CJK_FONT), 36)
    img = Image.new("RGB", (1654, 120 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((100, 60 + 70 * i), line, font=font, fill="black")
    return img


def wrap(text: str, n: int = 36) -> list[str]:
    return [text[i : i + n] for i in range(0, len(text), n)]


def write_scanned_pdf(path: Path, r: Report) -> Path:
    """A PDF with no text layer: one page image (PIL renders, PIL writes the PDF)."""
    img = render_page([r.title, *wrap(r.sentence)])
    img.save(path, "PDF", resolution=200)
    return path


def write_ofd(path: Path, pages: list[list[str]]) -> Path:
    """A minimal GB/T 33190 package: OFD.xml → Doc_0/Document.xml → one Content.xml a page.

    Lines are written as TextObjects in shuffled order (reading order must come
    from the coordinates), with a template page carrying a running head."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} '
                    'Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x'
                    '</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                    '</ofd:DocBody></ofd:OFD>')
        page_refs = "".join(f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                            for i in range(len(pages)))
        zf.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                    f'<ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
                    '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                    '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
                    f'</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", _ofd_page([HEADER], ns))
        for i, lines in enumerate(pages):
            zf.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", _ofd_page(lines, ns))
    return path


def _ofd_page(lines: list[str], ns: str) -> str:
    objs = []
    for i, line in enumerate(lines):
        # Each line in two TextObjects (second half first) to test x ordering too.
        half = len(line) // 2
        y = 30 + 8 * i
        for x, part in ((20 + 4.2 * half, line[half:]), (20, line[:half])):
            if part:
                objs.append(f'<ofd:TextObject ID="{len(objs) + 100}" Boundary="{x:.1f} {y} 170 8" '
                            f'Font="3" Size="4.2"><ofd:TextCode X="0" Y="6">{_esc(part)}'
                            '</ofd:TextCode></ofd:TextObject>')
    objs.reverse()
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
            f'<ofd:Layer ID="1">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def portal_html(r: Report, charset: str = "utf-8") -> bytes:
    """A TRS-style government portal page around the report."""
    body = "".join(f"<p>{_esc(p)}</p>" for p in r.paragraphs)
    page = f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{_esc(r.title)}_示例县人民政府</title><meta name="PubDate" content="2024-03-05 10:00">
</head><body><div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府会议</div>
<div class="article"><h1>{_esc(r.title)}</h1>
<div class="info">发布时间：2024-03-05 来源：县政府办公室 字号：[大 中 小] 分享到：微信 微博</div>
<div class="content">{body}</div>
<div class="pager">上一篇：关于开展安全检查的通知 下一篇：县政府召开廉政工作会议</div></div>
<div class="footer">主办单位：示例县人民政府办公室 版权所有 网站标识码1234567890 闽ICP备12345678号</div>
</body></html>"""
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


BOILERPLATE = ("网站首页", "当前位置", "字号", "分享到", "上一篇", "下一篇", "版权所有",
               "主办单位", "办事服务")
