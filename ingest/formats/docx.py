"""Word .docx: body paragraphs and tables in document order, one unit per block.

Why ``iter_inner_content()``: ``doc.paragraphs`` and ``doc.tables`` are two
separate lists, so a table would land after all the text it sat between.
Headers and footers (running titles, page numbers) are left out on purpose.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import ParseError

from ingest.formats.base import Kind, LoadedFile, TextBuilder, Unit, finish, unify_newlines
from meetings_errors import CorruptFile


def load_docx(source: str, name: str, data: bytes, encoding: str = "python-docx") -> LoadedFile:
    """Read a .docx; each non-empty paragraph or table is one provenance unit."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, ParseError, OSError) as e:
        raise CorruptFile(source, f"not a readable .docx ({type(e).__name__}: {e})") from e
    except Exception as e:  # python-docx raises its own types for broken packages
        if type(e).__module__.startswith("docx"):
            raise CorruptFile(source, f"not a readable .docx ({e})") from e
        raise
    out = TextBuilder()
    title = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            text = _table_text(block)
        else:
            text = unify_newlines(block.text).strip()
            style = (block.style.name if block.style is not None else "") or ""
            if text and not title and style.lower() in ("title", "heading 1", "标题", "标题 1"):
                title = text
        if text:
            out.add(text)
    return finish(source, name, out.text(), Kind.DOCX, encoding, title=title,
                  unit=Unit.PARAGRAPH, unit_starts=out.starts)


def _table_text(table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the span
                continue
            seen.add(id(cell._tc))
            cells.append(unify_newlines(cell.text).strip().replace("\n", " "))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)
