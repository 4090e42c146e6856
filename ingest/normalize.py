"""Normalise scraped meeting reports and user queries, keeping an exact map back to the raw text.

Steps, each recording per output char the raw span it came from: licence-footer removal (documents
only); mojibake repair; pinyin-annotation stripping (``會(huì)``, ``議（yì）``: a valid lowercase pinyin
syllable in brackets right after a CJK char, so ``（送审稿）``, ``(2023—2025年)``, ``（GDP）`` stay);
width/quote folding (full-width letters, digits, symbols and odd spaces to ASCII, but ``！（），：；？``
stay; ``「」『』`` -> ``“”‘’``; zero-width chars and BOM go); OpenCC ``t2s``; whitespace (a line
break inside a sentence is joined, blank lines become one ``\\n``, no space between CJK chars);
ASCII ``, ; : ? ! ( ) "`` in Chinese context -> ``，；：？！（）“”``.

Mojibake in doc 000: its GBK byte stream was re-read one byte out of phase in a few spots. The
out-of-phase pairs are real GBK chars, which the site then treated as text: ``。縣`` (A1A3 BF68)
became [A1 lost] ``？`` (A3|BF, later folded to ``?``) ``h`` (68) = ``??h``; ``向實`` (CFF2 8C8D)
gave a phantom ``驅`` (F2|8C), annotated ``(qū)``, with 8C and 8D lost as ``?``; ``新擔當`` (D0C2
93FA AE94) gave ``聯`` (C2|93), annotated ``(lián)``.

* Generic ``??X`` rule: the phantom ``？`` fixes the next lead byte at BF and ``X`` is its trail, so
  that char is decoded from its bytes (BF 68 -> ``縣``); the char before kept only its trail A3, and
  ``。`` (A1A3) is the one sentence-boundary reading of that.
* :data:`_MOJIBAKE_TABLE`: where the phantom was annotated, only its pinyin survives and one byte
  of the real char is gone; inferring it would take a pinyin dictionary and a language model.
* Generic UTF-8-read-as-GBK/GB18030 repair (``鍚戝疄`` -> ``向实``; none in this corpus): a
  non-ASCII run whose GB18030 bytes are valid UTF-8 is decoded back when the result is plainer
  Chinese by jieba char frequency. A char cut short by a lost byte (a trailing ``?``/U+FFFD) is
  never guessed: the rest comes back exactly and that char becomes U+FFFD.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# CJK punctuation, full-width forms and the curly quotes count as "Chinese context" for folding.
_ANCHOR = _CJK + "\u3001-\u303f\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026"
_FINAL = "。！？；：…!?;:”’」』"

_MOJIBAKE_TABLE = {"?qū)?": "實", "?lián)?dāng)": "擔當"}
_TABLE_RE = re.compile(rf"(?<=[{_CJK}])(?:{'|'.join(map(re.escape, _MOJIBAKE_TABLE))})")
_PHASE_RE = re.compile(rf"(?<=[{_CJK})）])\?\?([\x40-\x7e])(?=[{_CJK}])")
_RUN_RE = re.compile(r"[^\x00-\x7f\s\ufffd]+[?\ufffd]*")
# Pinyin in brackets after a character (「會(huì)議」): the character's annotation.
_PINYIN_RE = re.compile(rf"(?<=[{_CJK}])[(（]([a-z\u00e0-\u024f\u1e3f]{{1,7}})[)）]")
_SYLLABLE = re.compile(r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?(?:i(?:ang|ong|an|ao|ng|a|e|n|u|o)?"
                       r"|u(?:ang|ai|an|ei|en|ng|a|e|i|n|o)?|v(?:an|e|n)?|a(?:ng|i|n|o)?|e(?:ng|i|n|r)?|o(?:ng|u)?)")
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]|\r(?=\n)")
_SPACES_RE = re.compile(r"(?P<edge> +(?=\n)|(?<=\n) +)| {2,}")
_JOIN_RE = re.compile(rf"(?<=[^\n{_FINAL}])\n(?=[{_ANCHOR}])")
_BLANKS_RE = re.compile(r"\n{2,}")
_WIDE_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60“”‘’"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_ANCHOR}]) (?=[{_ANCHOR}])|(?<=[{_WIDE_PUNCT}]) | (?=[{_WIDE_PUNCT}])")
_PUNCT_RE = re.compile(rf"(?:(?<=[{_ANCHOR}])|(?<=[{_ANCHOR}] ))[,;:?!()]|[,;:?!()](?= ?[{_ANCHOR}])")
_QUOTE_RE = re.compile('"')
_PAREN_PAIR_RE = re.compile(r"\(([^()\n]*)\)")
_ANCHOR_CHAR = re.compile(f"[{_ANCHOR}]")
_PUNCT = dict(zip(",;:?!()", "，；：？！（）", strict=True))
_CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
_CJK_CHAR_RE = re.compile(rf"[{_CJK}]")
_FOOTER_RE = re.compile(r"(?:^|\n)本作品[^\n]*(?:\n[^\n]*)*\Z")
_TRAILER_RE = re.compile(r"(?:\s*\n(?:Public domain|false|true)[ \t]*)+\s*\Z")

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "！（），：；？"}
_FOLD |= {cp: " " for cp in [9, 0xA0, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)]}
_FOLD |= dict(zip(map(ord, "「」『』〝〞\r\u2028\u2029\x0b\x0c"), "“”‘’“”\n\n\n\n\n", strict=True))

_converter = None
_char_freq: dict[str, int] | None = None


def _t2s():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def _freq() -> dict[str, int]:
    # jieba's dictionary (~0.3 s) is only read once a run really decodes as UTF-8.
    global _char_freq
    if _char_freq is None:
        import jieba

        with jieba.get_dict_file() as f:
            pairs = (line.decode("utf-8").split(" ", 2) for line in f)
            _char_freq = {w: int(n) for w, n, *_ in pairs if len(w) == 1}
    return _char_freq


@dataclass(frozen=True)
class Normalized:
    """A normalised document and where each of its characters came from.

    Attributes:
        text: The normalised text.
        offsets: ``len(text) + 1`` entries; ``offsets[i]`` is the index in the original string of
            the source of normalised character ``i`` (its first character, e.g. the ``會`` of
            ``會(huì)``); ``offsets[len(text)]`` is the end of the last character's source.
        ends: Per character, the end of its source in the original (covers stripped annotations
            and mojibake bytes). May be empty when built by hand; then ``offsets`` is used.
    """

    text: str
    offsets: list[int]
    ends: list[int] = field(default_factory=list, repr=False, compare=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to the original span that covers it.

        Args:
            start: Start index in ``text``.
            end: End index (exclusive) in ``text``.

        Returns:
            ``(ostart, oend)`` in the original, including pinyin annotations or mojibake bytes
            inside the span, but not whitespace or footers removed after its last character.

        Raises:
            ValueError: if the span is not within ``text``.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        ostart = self.offsets[start]
        if end == start:
            return ostart, ostart
        return ostart, self.ends[end - 1] if self.ends else self.offsets[end]


class _Buf:
    """Text plus, per character, the ``[start, end)`` of its source in the raw string."""

    def __init__(self, text: str) -> None:
        self.text, self.st, self.en = text, list(range(len(text))), list(range(1, len(text) + 1))

    def sub(self, pattern: re.Pattern, repl) -> bool:
        s, out, st, en, last = self.text, [], [], [], 0
        for m in pattern.finditer(s):
            r = repl(m) if callable(repl) else repl
            a, b = m.span()
            if r is None or r == m.group() or a == b:
                continue
            out.append(s[last:a])
            st += self.st[last:a]
            en += self.en[last:a]
            if len(r) == b - a:
                st += self.st[a:b]
                en += self.en[a:b]
            else:  # every output char covers the whole replaced source
                st += [self.st[a]] * len(r)
                en += [self.en[b - 1]] * len(r)
            out.append(r)
            last = b
        if not out:
            return False
        out.append(s[last:])
        self.text = "".join(out)
        self.st, self.en = st + self.st[last:], en + self.en[last:]
        return True

    def strip(self) -> None:
        a = len(self.text) - len(self.text.lstrip())
        b = len(self.text.rstrip())
        self.text, self.st, self.en = self.text[a:b], self.st[a:b], self.en[a:b]


def pinyin_annotations(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin annotations in ``text``: 「(huì)」 in 「會(huì)議」, the brackets
    included. Normalisation drops them; the question reader must not read them as pinyin
    typed for characters of their own (assistant/pinyin_input.py)."""
    return [m.span() for m in _PINYIN_RE.finditer(text) if _is_pinyin(m.group(1))]


def _is_pinyin(s: str) -> bool:
    d = unicodedata.normalize("NFD", s).replace("u\u0308", "v")
    base = "".join(c for c in d if not unicodedata.combining(c))
    toned = len(base) < len(d.replace("\u0308", ""))
    # A bare one-letter "(a)" is far more often a list marker than a neutral-tone syllable.
    return base.isascii() and (toned or len(base) > 1) and _SYLLABLE.fullmatch(base) is not None


def _char_score(text: str) -> float:
    hans = [math.log1p(_freq().get(c, 0)) for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(hans) / len(hans) if hans else 0.0


def _plain(text: str) -> bool:
    return bool(re.fullmatch(rf"[\x20-\x7e{_ANCHOR}]+", text)) and bool(re.search(f"[{_CJK}]", text))


def _fix_utf8_as_gbk(m: re.Match) -> str | None:
    body = m.group().rstrip("?\ufffd")
    marks = m.group()[len(body) :]
    raw = body.encode("gb18030", "replace")
    if len(raw) < 6 or b"?" in raw:  # shorter runs of real text pass the byte test too often
        return None
    try:
        fixed = raw.decode("utf-8") + marks
    except UnicodeDecodeError as e:
        # A last char cut short by a lost byte (the ? after it): keep what decodes exactly and
        # mark that char unknown rather than guess it.
        if not marks or e.reason != "unexpected end of data" or e.start < 6:
            return None
        fixed = raw[: e.start].decode("utf-8") + "\ufffd"
    core = fixed.rstrip("?\ufffd")
    if not _plain(core) or _char_score(core) <= _char_score(body):
        return None
    return fixed


def _phase_shift(m: re.Match) -> str | None:
    ch = bytes([0xBF, ord(m.group(1))]).decode("gbk", "replace")  # see "??X" in the module doc
    return "。" + ch if _CJK_CHAR_RE.fullmatch(ch) else None


def _repair_mojibake(buf: _Buf) -> None:
    buf.sub(_TABLE_RE, lambda m: _MOJIBAKE_TABLE[m.group()])
    buf.sub(_PHASE_RE, _phase_shift)
    buf.sub(_RUN_RE, _fix_utf8_as_gbk)


def _to_simplified(buf: _Buf) -> None:
    cc = _t2s()
    converted = cc.convert(buf.text)
    if len(converted) == len(buf.text):  # the usual case: a 1:1 map keeps offsets as they are
        buf.text = converted
        return

    def run(m: re.Match) -> str | None:
        whole = cc.convert(m.group())
        return whole if len(whole) == len(m.group()) else None

    # Phrase-level conversion for every run that keeps its length; the rest char by char, so each
    # output char still maps to the exact char it came from.
    buf.sub(_CJK_RUN_RE, run)
    buf.sub(_CJK_CHAR_RE, lambda m: cc.convert(m.group()))


def _quote_replacer(s: str):
    state = {"line": -2, "open": True}

    def repl(m: re.Match) -> str | None:
        i = m.start()
        line = s.rfind("\n", 0, i)
        if line != state["line"]:  # pairing restarts with each paragraph
            state.update(line=line, open=True)
        r = "“" if state["open"] else "”"
        state["open"] = not state["open"]
        near = (i > 0 and _ANCHOR_CHAR.match(s, i - 1)) or _ANCHOR_CHAR.match(s, i + 1)
        return r if near else None

    return repl


def _paren_pair(m: re.Match) -> str | None:
    # Brackets go together: Chinese inside or right outside a pair makes both full-width.
    s, a, b = m.string, m.start(), m.end()
    a -= a > 0 and s[a - 1] == " "
    b += s[b : b + 1] == " "
    near = (a > 0 and _ANCHOR_CHAR.match(s, a - 1)) or _ANCHOR_CHAR.match(s, b)
    return f"（{m.group(1)}）" if near or re.search(f"[{_CJK}]", m.group(1)) else None


def _fold_punct(buf: _Buf) -> None:
    buf.sub(_PAREN_PAIR_RE, _paren_pair)
    # A converted mark is itself Chinese context for its neighbour: repeat until nothing changes.
    for _ in range(8):
        changed = buf.sub(_PUNCT_RE, lambda m: _PUNCT[m.group()])
        if not (buf.sub(_QUOTE_RE, _quote_replacer(buf.text)) or changed):
            break


def _fold(buf: _Buf, keep_first_line: bool) -> None:
    buf.sub(_INVISIBLE_RE, "")
    _repair_mojibake(buf)
    buf.sub(_PINYIN_RE, lambda m: "" if _is_pinyin(m.group(1)) else None)
    buf.text = buf.text.translate(_FOLD)
    _to_simplified(buf)
    buf.sub(_SPACES_RE, lambda m: "" if m.group("edge") else " ")
    buf.strip()
    first = buf.text.find("\n") if keep_first_line else -1
    buf.sub(_JOIN_RE, lambda m: None if m.start() == first else "")
    buf.sub(_BLANKS_RE, "\n")
    _fold_punct(buf)
    buf.sub(_CJK_SPACE_RE, "")
    buf.strip()


def _footer_start(raw: str) -> int:
    trailer = _TRAILER_RE.search(raw)
    end = trailer.start() if trailer else len(raw)
    # Only a short licence block at the very end counts, so a body sentence with 本作品 stays.
    m = _FOOTER_RE.search(raw, max(0, end - 2000), end)
    if m and re.search("公有领域|著作权法|Public domain|许可协议", m.group()[:300]):
        end = m.start()
    return end


def normalize_document(raw: str) -> Normalized:
    """Normalise a whole report (all steps in the module docstring), mapping back to ``raw``.

    Paragraph breaks stay as one ``\\n``; a line break inside a sentence is joined, except the
    one after the first (title) line.

    Args:
        raw: The document text as loaded (first line is the title).

    Returns:
        The normalised text with offsets into ``raw``.
    """
    buf = _Buf(raw[: _footer_start(raw)])
    _fold(buf, keep_first_line=True)
    offsets = buf.st + [buf.en[-1] if buf.en else 0]
    return Normalized(buf.text, offsets, buf.en)


def normalize_text(text: str) -> str:
    """Normalise a query or short string the same way as documents (no footer removal).

    Idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``.

    Args:
        text: Any string, e.g. a user question in Traditional or pinyin-annotated form.

    Returns:
        The normalised string.
    """
    # A rare context effect (a join putting a bracket next to CJK) settles in a second round.
    for _ in range(4):
        buf = _Buf(text)
        _fold(buf, keep_first_line=False)
        if buf.text == text:
            break
        text = buf.text
    return text
