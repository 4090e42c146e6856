"""Decide a file's format from its first bytes, falling back to its name.

Why magic bytes: county archives are full of misnamed files (a .doc that is
really .docx or HTML, a .txt that is a PNG); the name alone sends them to the
wrong reader and the error would blame the wrong thing.
"""

from __future__ import annotations

import io
import zipfile

from ingest.formats.base import Kind

SUFFIX_KINDS = {
    ".txt": Kind.TEXT, ".text": Kind.TEXT,
    ".md": Kind.MARKDOWN, ".markdown": Kind.MARKDOWN,
    ".html": Kind.HTML, ".htm": Kind.HTML, ".shtml": Kind.HTML,
    ".docx": Kind.DOCX,
    ".doc": Kind.WORD_BINARY, ".wps": Kind.WORD_BINARY,
    ".pdf": Kind.PDF,
    ".ofd": Kind.OFD,
    ".png": Kind.IMAGE, ".jpg": Kind.IMAGE, ".jpeg": Kind.IMAGE,
    ".tif": Kind.IMAGE, ".tiff": Kind.IMAGE,
    ".zip": Kind.ZIP,
}

# Formats a county office keeps that we recognise but do not read: skipped with a reason.
KNOWN_UNSUPPORTED = {
    ".xlsx": "spreadsheet", ".xls": "spreadsheet", ".et": "spreadsheet", ".csv": "spreadsheet",
    ".pptx": "slides", ".ppt": "slides", ".dps": "slides",
    ".rar": "rar archive", ".7z": "7z archive",
    ".mp3": "audio", ".mp4": "video", ".gif": "image (not a scan format)",
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_NOT_WORD = (".xls", ".ppt", ".et", ".dps", ".msg")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def kind_by_name(name: str) -> Kind:
    """The format a file name promises (``UNSUPPORTED`` when it promises none we read)."""
    dot = name.rfind(".")
    return SUFFIX_KINDS.get(name[dot:].lower(), Kind.UNSUPPORTED) if dot >= 0 else Kind.UNSUPPORTED


def detect(name: str, head: bytes, data: bytes | None = None, path: str | None = None) -> Kind:
    """The format of a file whose first bytes are ``head``.

    Args:
        name: The file name (its suffix is the fallback).
        head: At least the first 8 bytes (more helps HTML sniffing).
        data: The whole content, when in memory (to look inside zip containers).
        path: The file on disk, when not in memory (same purpose).
    """
    if head.startswith(b"%PDF"):
        return Kind.PDF
    if head.startswith(_OLE2):
        # The compound-file container also holds .xls/.ppt (and WPS's .et/.dps).
        return Kind.UNSUPPORTED if name.lower().endswith(_OLE2_NOT_WORD) else Kind.WORD_BINARY
    if head.startswith(_IMAGE_MAGIC):
        return Kind.IMAGE
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(name, data, path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html")) and kind_by_name(name) != Kind.MARKDOWN:
        return Kind.HTML
    return kind_by_name(name)


def _zip_kind(name: str, data: bytes | None, path: str | None) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return kind_by_name(name)  # the reader for its name reports it corrupt
    if "word/document.xml" in names:
        return Kind.DOCX
    if "OFD.xml" in names:
        return Kind.OFD
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        return Kind.UNSUPPORTED
    return Kind.ZIP
