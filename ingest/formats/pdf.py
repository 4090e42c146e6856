"""PDF with a text layer through pypdfium2 (Apache-2.0/BSD; PyMuPDF is AGPL), page by page.

Why the clean-up here and not in the normaliser: running headers, footers and
page numbers are a property of paged layout, found by comparing pages; and
pdfium's habit of spacing digits inside CJK text ("关于 2024 年") comes from how
it reads glyph runs. Pages without a text layer go to OCR when it is installed.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ingest.formats import ocr
from ingest.formats.base import CJK, Kind, LoadedFile, TextBuilder, Unit, finish, unify_newlines
from ingest.formats.layout import join_wrapped_title
from meetings_errors import CorruptFile, EmptyDocument, OcrUnavailable

_CJK_DIGIT_SPACE = re.compile(
    rf"(?<=[{CJK}\u3000-\u303f\uff01-\uff60])[ \u00a0]+(?=[0-9])"
    rf"|(?<=[0-9%])[ \u00a0]+(?=[{CJK}\u3000-\u303f\uff01-\uff60])"
)
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·]*(第\s*)?[0-9一二三四五六七八九十百]+\s*(页)?\s*"
    r"([/／]\s*[0-9]+|共\s*[0-9]+\s*页)?[\s\-—–－·]*$|^[Pp]age\s*\d+(\s*of\s*\d+)?$"
)
_EDGE = 2  # lines at the top and bottom of a page that may be running heads/feet
_MIN_PAGE_CHARS = 8  # fewer extracted characters: treat the page as a scan


def load_pdf(source: str, name: str, data: bytes) -> LoadedFile:
    """Read a PDF's text layer; scanned pages are OCR'd (or a named error without OCR)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise CorruptFile(source, f"not a readable PDF ({e})") from e
    try:
        pages: list[list[str]] = []
        scanned: list[int] = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_bounded()
            finally:
                textpage.close()
            lines = [ln.strip() for ln in unify_newlines(raw).split("\n")]
            lines = [ln for ln in lines if ln]
            if sum(map(len, lines)) < _MIN_PAGE_CHARS:
                scanned.append(i)
                lines = []
            pages.append(lines)
            page.close()
        used_ocr = False
        notes: tuple[str, ...] = ()
        if scanned:
            if len(scanned) == len(pages) and not ocr.available():
                raise OcrUnavailable(source, "scanned PDF (no text layer) and OCR is not "
                                             f"installed; {ocr.HOW_TO_ENABLE}")
            if ocr.available():
                for i in scanned:
                    pages[i] = ocr.pdf_page_lines(pdf, i)
                used_ocr = True
            else:
                listed = ", ".join(str(i + 1) for i in scanned[:10])
                notes = (f"page(s) {listed}{'…' if len(scanned) > 10 else ''} have no text layer "
                         f"and were not read; {ocr.HOW_TO_ENABLE}",)
    finally:
        pdf.close()
    if not any(pages):
        raise EmptyDocument(source, "PDF has no text on any page")
    pages = strip_running_lines(pages)
    first = next(i for i, lines in enumerate(pages) if lines)
    pages[first] = join_wrapped_title(pages[first])
    out = TextBuilder()
    for lines in pages:
        out.add(_CJK_DIGIT_SPACE.sub("", "\n".join(lines)))
    return finish(source, name, out.text(), Kind.PDF,
                  "pypdfium2+rapidocr" if used_ocr else "pypdfium2",
                  unit=Unit.PAGE, unit_starts=out.starts, notes=notes)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages.

    A line counts as running when, digits ignored, it sits in the first or last
    two lines of at least half the pages (and of two or more); a report's own
    title, on page 1 only, stays.
    """
    n = sum(1 for p in pages if p)
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = set(lines[:_EDGE]) | set(lines[-_EDGE:])
        counts.update({_key(ln) for ln in edge})
    need = max(2, math.ceil(n / 2))
    running = {k for k, c in counts.items() if c >= need} if n >= 2 else set()
    cleaned = []
    for lines in pages:
        keep = list(lines)
        for _ in range(_EDGE):  # peel from the top while running
            if keep and (_key(keep[0]) in running or _PAGE_NUMBER.match(keep[0])):
                keep.pop(0)
        for _ in range(_EDGE):
            if keep and (_key(keep[-1]) in running or _PAGE_NUMBER.match(keep[-1])):
                keep.pop()
        cleaned.append(keep)
    return cleaned
