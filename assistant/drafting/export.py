"""The basket as a document: Markdown, or a Word file in the usual government layout.

Each quote is printed verbatim and followed by its provenance; a source list
ends the document. The Word layout follows GB/T 9704 habits: A4, margins
37/35/28/26 mm, 仿宋 三号 (16 pt) body, 黑体 first-level and 楷体 second-level
headings, page numbers in the footer. Fonts are named, never shipped: Word and
WPS substitute their own FangSong/SimHei/KaiTi.

python-docx's ``font.name`` sets only the Latin font slots; Chinese text is
drawn with the ``w:eastAsia`` font, so that attribute is set on every run
(python-docx issue #1139), and on the Normal style as a fallback.
"""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.basket import Basket, BasketItem

DOC_TITLE = "会议记录摘编"
BODY_FONT, H1_FONT, H2_FONT, TITLE_FONT, PAGE_FONT = "仿宋", "黑体", "楷体", "黑体", "宋体"
BODY_PT, TITLE_PT, SOURCE_PT, PAGE_PT = 16, 22, 14, 14
_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (headings beyond 99 keep Arabic digits)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    if n < 20:
        return "十" + _NUMERALS[n - 11]
    if n < 100:
        return _NUMERALS[n // 10 - 1] + "十" + (_NUMERALS[n % 10 - 1] if n % 10 else "")
    return str(n)


def _subgroups(items: list[BasketItem], by: str) -> list[tuple[str, list[BasketItem]]]:
    """Second level: by department → the meeting; by meeting → the part (指出, 强调 ...)."""
    out: dict[str, list[BasketItem]] = {}
    for i in items:
        key = i.provenance.meeting_name if by == "department" else (i.section or "")
        out.setdefault(key, []).append(i)
    return list(out.items())


def outline(basket: Basket, by: str = "meeting"):
    """(level-1 heading, [(level-2 heading or '', [items])]) — shared by both formats."""
    return [(f"{chinese_number(n)}、{g.heading}", [
        (f"（{chinese_number(m)}）{sub}" if sub else "", items)
        for m, (sub, items) in enumerate(_subgroups(g.items, by), 1)])
        for n, g in enumerate(basket.groups(by), 1)]


def source_lines(basket: Basket) -> list[str]:
    return [f"{n}. {p.line()}" for n, p in enumerate(basket.sources(), 1)]


def _blockquote(text: str) -> list[str]:
    """``> `` before every line, so a multi-line passage stays one quote, verbatim."""
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


def to_markdown(basket: Basket, by: str = "meeting", title: str = DOC_TITLE) -> str:
    """The basket as Markdown: headings, ``>`` quotes each followed by 来源, a source list."""
    lines = [f"# {title}", ""]
    for h1, subs in outline(basket, by):
        lines += [f"## {h1}", ""]
        for h2, items in subs:
            if h2:
                lines += [f"### {h2}", ""]
            for item in items:
                lines += [*_blockquote(item.quote), "", f"来源：{item.provenance.line()}", ""]
    lines += ["## 来源清单", "", *source_lines(basket), ""]
    return "\n".join(lines)


def _fonts(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: float, *, align=None, indent: bool = False,
               outline_level: int | None = None, bold: bool = False):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # fixed 28 pt: about 22 lines a page, as 公文 are set
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters
    if align is not None:
        p.alignment = align
    if outline_level is not None:  # shows in Word's navigation pane without Heading styles
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline_level))
        p._p.get_or_add_pPr().append(lvl)
    _fonts(p.add_run(text), font, size, bold)
    return p


def _page_number_footer(section) -> None:
    """Centred 「— N —」 in the footer, N a PAGE field (Word/WPS fill it in)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run("— "), PAGE_FONT, PAGE_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        run = p.add_run()
        _fonts(run, PAGE_FONT, PAGE_PT)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    _fonts(p.add_run(" —"), PAGE_FONT, PAGE_PT)


def to_docx(basket: Basket, path: str | Path, by: str = "meeting", title: str = DOC_TITLE) -> Path:
    """Write the basket as a .docx at ``path`` (A4, 公文 fonts, page numbers); returns the path."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _paragraph(doc, title, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
               outline_level=0)
    _paragraph(doc, "", BODY_FONT, BODY_PT)
    for h1, subs in outline(basket, by):
        _paragraph(doc, h1, H1_FONT, BODY_PT, indent=True, outline_level=0)
        for h2, items in subs:
            if h2:
                _paragraph(doc, h2, H2_FONT, BODY_PT, indent=True, outline_level=1)
            for item in items:
                # A whole passage may hold line breaks: one paragraph per line, so that
                # justification does not stretch the line before a break.
                for line in item.quote.split("\n"):
                    if line.strip():
                        _paragraph(doc, line, BODY_FONT, BODY_PT, indent=True,
                                   align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                _paragraph(doc, f"（来源：{item.provenance.line()}）", BODY_FONT, SOURCE_PT,
                           align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, f"{chinese_number(len(outline(basket, by)) + 1)}、来源清单", H1_FONT, BODY_PT,
               indent=True, outline_level=0)
    for line in source_lines(basket):
        _paragraph(doc, line, BODY_FONT, SOURCE_PT, indent=True)
    _page_number_footer(sec)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def export(basket: Basket, path: str | Path, by: str = "meeting") -> Path:
    """Write ``path`` as .docx or .md, chosen by its suffix."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return to_docx(basket, path, by)
    if path.suffix.lower() in (".md", ".markdown"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(basket, by), encoding="utf-8")
        return path
    from meetings_errors import MeetingsError

    raise MeetingsError(f"{path.name}: export writes .docx or .md files")
