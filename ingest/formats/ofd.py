"""OFD (GB/T 33190-2016), China's fixed-layout format: a zip of XML parts.

Why our own reader: the one pure-Python library (ofdkit) is an alpha read 46 of
57 public samples, and the others pull in PyMuPDF (AGPL). Text lives in
``ofd:TextObject``/``ofd:TextCode`` elements with page coordinates, so this
reader only walks OFD.xml → Document.xml → each page's Content.xml and puts the
text codes back in reading order. Template pages (running heads) are left out,
like .docx headers. Glyph-index fonts without a text layer cannot be read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from ingest.formats.base import Kind, LoadedFile, TextBuilder, Unit, finish
from ingest.formats.layout import join_wrapped_title
from meetings_errors import CorruptFile, EmptyDocument, UnsafeArchive

_PART_LIMIT = 64 * 1024 * 1024  # one XML part; a real page is kilobytes


@dataclass(frozen=True)
class _Glyphs:
    y: float
    x: float
    size: float
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name: str):
    return [c for c in el.iter() if _local(c.tag) == name]


def _floats(value: str | None, n: int) -> list[float]:
    parts = (value or "").replace(",", " ").split()
    try:
        nums = [float(p) for p in parts[:n]]
    except ValueError:
        nums = []
    return nums + [0.0] * (n - len(nums))


class _Package:
    def __init__(self, source: str, zf: zipfile.ZipFile) -> None:
        self.source, self.zf = source, zf
        self.names = {n.lstrip("/"): n for n in zf.namelist()}

    def xml(self, part: str):
        name = self.names.get(posixpath.normpath(part).lstrip("/"))
        if name is None:
            raise CorruptFile(self.source, f"OFD part {part!r} is missing")
        info = self.zf.getinfo(name)
        if info.file_size > _PART_LIMIT:
            raise UnsafeArchive(self.source, f"OFD part {part!r} is {info.file_size} bytes")
        try:
            return ElementTree.fromstring(self.zf.read(name))
        except ElementTree.ParseError as e:
            raise CorruptFile(self.source, f"OFD part {part!r} is not valid XML ({e})") from e


def _resolve(base_dir: str, loc: str) -> str:
    return loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)


def load_ofd(source: str, name: str, data: bytes) -> LoadedFile:
    """Read every page's text in reading order, one provenance unit per page."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise CorruptFile(source, f"not a readable OFD package ({e})") from e
    with zf:
        pkg = _Package(source, zf)
        out = TextBuilder()
        first_page = True
        for root_loc in [el.text.strip() for el in _children(pkg.xml("OFD.xml"), "DocRoot")
                         if el.text and el.text.strip()]:
            doc_dir = posixpath.dirname(root_loc.lstrip("/"))
            document = pkg.xml(root_loc)
            for page in _children(document, "Page"):
                loc = page.get("BaseLoc")
                if loc:
                    lines = page_lines(pkg.xml(_resolve(doc_dir, loc)))
                    if first_page and lines:
                        lines, first_page = join_wrapped_title(lines), False
                    out.add("\n".join(lines))
    if not out.starts:
        raise EmptyDocument(source, "OFD package has no pages")
    return finish(source, name, out.text(), Kind.OFD, "ofd", unit=Unit.PAGE,
                  unit_starts=out.starts)


def page_lines(page) -> list[str]:
    """The text lines of one page's content XML, top to bottom and left to right."""
    glyphs: list[_Glyphs] = []
    for obj in _children(page, "TextObject"):
        bx, by, _, _ = _floats(obj.get("Boundary"), 4)
        size = _floats(obj.get("Size"), 1)[0] or 3.5
        for code in _children(obj, "TextCode"):
            if code.text:
                x, y = _floats(code.get("X"), 1)[0], _floats(code.get("Y"), 1)[0]
                glyphs.append(_Glyphs(by + y, bx + x, size, code.text))
    glyphs.sort(key=lambda g: (g.y, g.x))
    lines: list[list[_Glyphs]] = []
    for g in glyphs:
        if lines and abs(g.y - lines[-1][0].y) < max(g.size, lines[-1][0].size) / 2:
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for line in lines:
        text = ""
        for g in sorted(line, key=lambda g: g.x):
            # Words in separate runs need their space back; a number cut into runs does not.
            left, right = text[-1:], g.text[:1]
            sep = " " if left.isascii() and left.isalnum() and right.isascii() \
                and right.isalnum() and not (left.isdigit() and right.isdigit()) else ""
            text += sep + g.text
        if text.strip():
            out.append(text.strip())
    return out
