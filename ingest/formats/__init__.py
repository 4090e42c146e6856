"""One entry point, :func:`load_bytes`, over one small reader module per format.

The format is detected from the content (magic bytes) first and the name second
(:mod:`ingest.formats.detect`), so a misnamed file reaches the reader that can read it.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.formats.base import Kind, LoadedFile, Unit
from ingest.formats.detect import detect, kind_by_name
from meetings_errors import LoadError

__all__ = ["Kind", "LoadedFile", "Unit", "load_bytes", "reader_for"]

Reader = Callable[[str, str, bytes], LoadedFile]


def reader_for(kind: Kind) -> Reader | None:
    """The reader function for ``kind`` (imported lazily: most runs need two or three)."""
    if kind is Kind.TEXT:
        from ingest.formats.text import load_text as reader
    elif kind is Kind.MARKDOWN:
        from ingest.formats.markdown import load_markdown as reader
    elif kind is Kind.HTML:
        from ingest.formats.html import load_html as reader
    elif kind is Kind.DOCX:
        from ingest.formats.docx import load_docx as reader
    elif kind is Kind.WORD_BINARY:
        from ingest.formats.word_binary import load_word_binary as reader
    elif kind is Kind.PDF:
        from ingest.formats.pdf import load_pdf as reader
    elif kind is Kind.OFD:
        from ingest.formats.ofd import load_ofd as reader
    elif kind is Kind.IMAGE:
        from ingest.formats.ocr import load_image as reader
    else:
        return None
    return reader


def load_bytes(source: str, name: str, data: bytes) -> LoadedFile:
    """Read one report from its bytes.

    Args:
        source: Its provenance (path, or ``archive!/member``), used in errors and metadata.
        name: Its file name (fallback for format detection, hints for metadata).
        data: The whole content.

    Raises:
        LoadError: a subclass naming what is wrong (see :mod:`meetings_errors`).
    """
    kind = detect(name, data[:512], data=data)
    reader = reader_for(kind)
    if reader is None:
        raise LoadError(source, f"unsupported content ({kind.value}); not a report format")
    named = kind_by_name(name)
    try:
        return reader(source, name, data)
    except LoadError as e:
        if named in (kind, Kind.UNSUPPORTED):
            raise
        # Say so when the content is not what the name promised (a PNG called .txt).
        raise type(e)(source, f"content is {kind.value}, not {named.value} as its name says; "
                              f"{e.reason}") from e
