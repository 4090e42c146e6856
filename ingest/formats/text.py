"""Decode plain-text reports: BOM, strict UTF-8, then charset detection.

Why this order: a BOM is proof; strict UTF-8 almost never accepts non-UTF-8
Chinese; only then is guessing worth it, and GBK/GB18030 is not a safe default
because Big5 bytes mostly decode as GB18030 too (to garbage). charset-normalizer
tells them apart (19/19 samples, MEASUREMENTS.md). Whatever decodes must still
read like text, so binary data and mis-guesses become a named error, never an
indexed report.
"""

from __future__ import annotations

import codecs
import re

from ingest.formats.base import Kind, LoadedFile, finish, unify_newlines
from meetings_errors import EmptyDocument, UndecodableText

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What a detector's answer is mapped to: the widest codec of each family, so a
# rare character outside GBK or plain Big5 still decodes.
_FAMILY = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "gb18030": ("gb18030",), "hz": ("gb18030",),
    "big5": ("cp950", "big5hkscs"), "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs",),
    "utf_16": ("utf-16",), "utf_16_le": ("utf-16-le",), "utf_16_be": ("utf-16-be",),
    "utf_32": ("utf-32",), "utf_32_le": ("utf-32-le",), "utf_32_be": ("utf-32-be",),
    "utf_8": ("utf-8",), "ascii": ("utf-8",),
}
_SAMPLE = 256 * 1024
_STRAY_NULS = 4
# Characters a Chinese report is made of: ASCII, common CJK, CJK and full-width punctuation.
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2160-\u217f\u2460-\u24ff"
                    r"\u25a0-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                    r"\ufe30-\ufe4f\uff00-\uffef]")


def decode_bytes(source: str, data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text and name the codec used.

    A stray NUL byte (a few in a file) is dropped, and a last multi-byte
    character cut short by truncation is dropped; nothing else is ever
    replaced or guessed.

    Raises:
        UndecodableText: binary data, or bytes that decode only as garbage.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(source, data[len(bom):], codec)
            return text.replace("\x00", ""), codec + "-sig" if codec == "utf-8" else codec
    nuls = data.count(b"\x00")
    if 0 < nuls <= max(_STRAY_NULS, len(data) // 10000):
        data = data.replace(b"\x00", b"")
        nuls = 0
    if not nuls:
        try:
            text = _drop_cut_tail(data, "utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _controls(text):
                raise UndecodableText(source, "binary file (control bytes), not a text report")
            return text, "utf-8"
    guess = _guess(data)
    if guess is None or (nuls and not guess.startswith("utf-")):
        what = "binary file (contains NUL bytes)" if nuls else "cannot decode text"
        raise UndecodableText(source, f"{what}: not UTF-8, GB18030, Big5 or UTF-16 text")
    text = _strict(source, data, guess)
    if not _reads_as_text(text):
        raise UndecodableText(source, f"cannot decode text: as {guess} it is garbage "
                                      "(binary data or an unknown encoding)")
    return text, guess


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE]
    if len(data) > _SAMPLE and (cut := sample.rfind(b"\n")) > _SAMPLE // 2:
        sample = sample[:cut]  # never hand the detector half a character
    best = None
    for cut_tail in range(4):  # a last character cut short must not spoil the guess
        if len(sample) > cut_tail:
            best = from_bytes(sample[: len(sample) - cut_tail]).best()
        if best is not None:
            break
    if best is None:
        return None
    family = _FAMILY.get(best.encoding)
    if family is None:
        return None
    for codec in family:
        try:
            _drop_cut_tail(sample, codec)
            return codec
        except UnicodeDecodeError:
            continue
    return family[0]


def _strict(source: str, data: bytes, codec: str) -> str:
    try:
        return _drop_cut_tail(data, codec)
    except UnicodeDecodeError as e:
        raise UndecodableText(source, f"cannot decode text as {codec} (bad byte at {e.start})") from e


def _drop_cut_tail(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        if e.start < len(data) - 3:
            raise
        return data[: e.start].decode(codec)  # only the last character was cut short


def _controls(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for c in sample if c < " " and c not in "\t\n\r\f" or c == "\x7f")
    return bad > max(1, len(sample) // 100)


def _reads_as_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    plain = len(_PLAIN.findall(sample))
    return plain / len(sample) >= 0.95


def load_text(source: str, name: str, data: bytes) -> LoadedFile:
    """A .txt report: decoded, line ends unified, first line as title."""
    text, encoding = decode_bytes(source, data)
    text = unify_newlines(text)
    if not text.strip():
        raise EmptyDocument(source, "file is empty (no text)")
    return finish(source, name, text, Kind.TEXT, encoding)
