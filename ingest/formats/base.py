"""Typed records shared by the format readers and the pipeline."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum

from meetings_errors import CorruptFile, EmptyDocument

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{CJK}]")


class Kind(Enum):
    """A file format, as detected from magic bytes first and the name second."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"
    WORD_BINARY = "doc"  # .doc and Kingsoft .wps: the OLE2 compound-file format
    PDF = "pdf"
    OFD = "ofd"
    IMAGE = "image"
    ZIP = "zip"
    UNSUPPORTED = "unsupported"


class Unit(Enum):
    """What a document's provenance units are: printed pages or paragraphs."""

    NONE = "none"
    PAGE = "page"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class LoadedFile:
    """A report as read from disk.

    Attributes:
        source: Where it came from: a path, or ``archive.zip!/member`` for a zip member.
        name: The file name (for a member, its base name), used for metadata hints.
        text: The exact extracted text; quotes and ``original`` are sliced from it.
        title: The best title found (HTML title, a Markdown heading, else the first line).
        kind: The detected format.
        encoding: How the bytes became text (a codec, or the tool/library used).
        unit: What ``unit_starts`` delimit.
        unit_starts: Offset in ``text`` where each page/paragraph begins (ascending;
            unit ``i`` is numbered ``i + 1``).
        published: Publication date found in the file's metadata (HTML), else ``""``.
        notes: What a reader could not do but did not fail on (pages left unread…),
            for the ingest summary.
    """

    source: str
    name: str
    text: str
    title: str
    kind: Kind
    encoding: str
    unit: Unit = Unit.NONE
    unit_starts: tuple[int, ...] = ()
    published: str = ""
    notes: tuple[str, ...] = ()

    def unit_at(self, offset: int) -> int:
        """The 1-based page/paragraph holding ``offset`` of ``text`` (0 when there are none)."""
        if not self.unit_starts:
            return 0
        return max(1, bisect.bisect_right(self.unit_starts, offset))


@dataclass
class TextBuilder:
    """Joins blocks (pages, paragraphs) into one text and remembers where each began.

    Why: provenance must survive the join, and the pipeline maps passages back
    through offsets into exactly this text.
    """

    sep: str = "\n"
    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    _len: int = 0

    def add(self, block: str) -> None:
        if self.parts:
            self.parts.append(self.sep)
            self._len += len(self.sep)
        self.starts.append(self._len)
        self.parts.append(block)
        self._len += len(block)

    def text(self) -> str:
        return "".join(self.parts)


def has_chinese(text: str) -> bool:
    return bool(_HAS_CJK.search(text))


def first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


# Characters no meeting report holds in number: private use, Hangul syllables, the
# specials block and C0/C1 controls. Random bytes read as UTF-16 (what LibreOffice makes of a
# damaged .wps) are a fifth or more of them: 3,000 random bytes read as 1,484 characters,
# 27 % of them these. Real reports of ../shared/corpus hold none (0 %).
_NOT_TEXT = re.compile("[\ue000-\uf8ff\uac00-\ud7a3\ufff0-\uffff\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_NOT_TEXT_SHARE = 0.05


def not_text_share(text: str) -> float:
    """Share of the visible characters that no report is written in (see ``_NOT_TEXT``)."""
    visible = len(text) - sum(c.isspace() for c in text)
    return len(_NOT_TEXT.findall(text)) / visible if visible else 0.0


def finish(source: str, name: str, text: str, kind: Kind, encoding: str, *, title: str = "",
           unit: Unit = Unit.NONE, unit_starts: tuple[int, ...] | list[int] = (),
           published: str = "", notes: tuple[str, ...] = ()) -> LoadedFile:
    """Validate extracted text and wrap it; every reader ends here.

    Raises:
        EmptyDocument: no text, or no Chinese text (not a meeting report).
    """
    # Unit offsets index this exact text, so readers unify line ends per block first.
    assert "\r" not in text, "readers must hand over \\n line ends"
    if not text.strip():
        raise EmptyDocument(source, "file is empty (no text)")
    if not has_chinese(text):
        raise EmptyDocument(source, "no Chinese text found; not a meeting report?")
    share = not_text_share(text)
    if share > _MAX_NOT_TEXT_SHARE:
        raise CorruptFile(source, f"what it reads as is not text ({share:.0%} private-use, Hangul "
                                  "or control characters): the file is damaged or not of its type")
    return LoadedFile(source=source, name=name, text=text, title=title.strip() or first_line(text),
                      kind=kind, encoding=encoding, unit=unit, unit_starts=tuple(unit_starts),
                      published=published, notes=notes)


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
