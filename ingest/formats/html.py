"""Web pages saved from a county portal: the article, not the portal around it.

Why trafilatura: TRS-style government pages wrap a report in navigation,
breadcrumbs, 字号/分享 widgets, 上一篇/下一篇 links and a footer; trafilatura
removed all 9 such markers where readability-lxml left 3 (MEASUREMENTS.md), and
it also reads the title and publication date.
"""

from __future__ import annotations

import codecs
import re

from ingest.formats.base import Kind, LoadedFile, finish, first_line, unify_newlines
from ingest.formats.text import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def decode_html(source: str, data: bytes) -> tuple[str, str]:
    """Decode a page by its BOM, else its declared ``<meta charset>``, else by detection."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared
            try:
                return data.decode(codec), codec
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall back to the bytes
    return decode_bytes(source, data)


# Only dates the page states (meta tags, "发布时间"); the default extensive search
# turns a "2026年" in the body into 2026-01-01.
_DATES = {"extensive_search": False, "original_date": True}


def load_html(source: str, name: str, data: bytes) -> LoadedFile:
    import trafilatura

    html, encoding = decode_html(source, data)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True,
                                      date_extraction_params=_DATES)
    if doc is None or not (doc.text or "").strip():
        # Very short pages fall under trafilatura's size floor; recall mode keeps them.
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True,
                                          date_extraction_params=_DATES)
    body = unify_newlines((doc.text if doc else "") or "").strip()
    title = _page_title(html, doc)
    if title and body and not body.startswith(title):
        body = f"{title}\n{body}"
    published = (doc.date if doc else "") or ""
    return finish(source, name, body, Kind.HTML, encoding, title=title or first_line(body),
                  published=published)


def _page_title(html: str, doc) -> str:
    # The page's single <h1> is the report's own title; <title> often carries
    # the portal's name ("…_某某县人民政府").
    import lxml.html
    from lxml.etree import ParserError

    try:
        h1s = lxml.html.fromstring(html).xpath("//h1")
    except (ParserError, ValueError):
        h1s = []
    if len(h1s) == 1:
        text = re.sub(r"\s+", " ", h1s[0].text_content()).strip()
        if text:
            return text
    return ((doc.title if doc else "") or "").strip()
