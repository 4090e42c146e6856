"""Read report files (.txt, .md, .html) into text, with a clear error per bad file."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from meetings_errors import LoadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LoadedFile:
    """A report as read from disk.

    Attributes:
        path: The file's resolved path.
        text: The text as published (decoded, markup removed for HTML/Markdown);
            quotes are shown from this text.
        title: The best title found (HTML ``<title>``/``<h1>``, a Markdown
            heading, else the first non-empty line).
        encoding: The encoding the bytes were decoded with.
    """

    path: Path
    text: str
    title: str
    encoding: str


def iter_report_files(paths: list[Path]) -> tuple[list[Path], list[LoadError]]:
    """Expand files and folders (recursively) into supported report files.

    Returns:
        The files in a stable order, and an error for each path that does not
        exist or is a file of an unsupported type named explicitly.
    """
    files: list[Path] = []
    errors: list[LoadError] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not _is_folder_note(f)
            )
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(p)
            else:
                errors.append(LoadError(p, f"unsupported file type {p.suffix or '(none)'!r}; "
                                           f"supported: {', '.join(SUPPORTED_SUFFIXES)}"))
        else:
            errors.append(LoadError(p, "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(r)
    return unique, errors


def _is_folder_note(f: Path) -> bool:
    # A folder of reports often carries its own README; it is not a report.
    return f.stem.upper() in ("README", "LICENSE", "LICENCE", "CHANGELOG")


def load_file(path: Path) -> LoadedFile:
    """Read one report file.

    Raises:
        LoadError: unreadable, too large, binary, undecodable or empty files.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot read file ({e.strerror or e})") from e
    if len(data) > MAX_BYTES:
        raise LoadError(path, f"file is too large ({len(data) // 1024 // 1024} MB > 20 MB)")
    text, encoding = _decode(path, data)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        text, title = _html_to_text(text)
    elif suffix in (".md", ".markdown"):
        text, title = _markdown_to_text(text)
    else:
        title = ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(path, "file is empty (no text)")
    if not re.search(r"[\u3400-\u9fff]", text):
        raise LoadError(path, "no Chinese text found; not a meeting report?")
    first_line = next(line.strip() for line in text.split("\n") if line.strip())
    return LoadedFile(path=path, text=text, title=title or first_line, encoding=encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise LoadError(path, f"invalid UTF-16 text at byte {e.start}") from e
    if b"\x00" in data[:8192]:
        raise LoadError(path, "binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Chinese government sites still publish GBK; gb18030 is its superset.
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise LoadError(
                path, f"cannot decode text as UTF-8 or GB18030 (bad byte at {utf8_error.start})"
            ) from utf8_error


_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "section", "article", "table", "ul", "ol", "blockquote", "title"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "footer"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.h1 = ""
        self._skip = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)


def _html_to_text(html: str) -> tuple[str, str]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    title = (parser.h1 or parser.title).strip()
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return text, title


def _markdown_to_text(md: str) -> tuple[str, str]:
    title = ""
    out = []
    for line in md.splitlines():
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            line = m.group(1)
            title = title or line
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"(\*\*|__|`)", "", line)
        line = re.sub(r"^\s*([-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        out.append(line)
    return "\n".join(out), title
