"""Normalise scraped meeting reports and user queries, keeping an exact map back to the raw text.

Pipeline (each step records, per output character, the raw span it came from):

1. licence footer removal (documents only): Wikisource ``本作品…公有领域`` blocks and the
   ``Public domain`` / ``false`` metadata lines left at the very end;
2. mojibake repair, see below;
3. pinyin-annotation stripping: ``會(huì)`` / ``議（yì）`` -> ``會``/``議``, only for a valid lowercase
   pinyin syllable right after a CJK character, so ``（送审稿）``, ``(2023—2025年)``, ``（GDP）`` stay;
4. width and quote folding: full-width letters/digits/symbols and odd spaces to ASCII, but the CJK
   punctuation ``！（），：；？`` stays full-width; ``「」『』`` -> ``“”‘’``; zero-width chars and BOM go;
5. Traditional -> Simplified with OpenCC ``t2s``;
6. whitespace: a single line break inside a sentence is joined, blank lines become one ``\\n``
   paragraph break, space runs collapse, no space is left between CJK characters;
7. ASCII ``, ; : ? ! ( ) "`` next to CJK text -> ``，；：？！（）“”``.

Mojibake. Doc 000 went through GBK and its byte stream was re-read one byte out of phase in a few
spots. The out-of-phase pairs are real GBK characters, which the site then treated as text:
``。縣`` = A1A3 BF68 was read as [A1 lost] ``？`` (A3|BF) ``h`` (68), and ``？`` folded to ``?``,
giving ``??h``; ``向實`` = CFF2 8C8D produced the phantom ``驅`` (F2|8C), annotated ``(qū)``, with
8C and 8D lost as ``?``; ``新擔當`` = D0C2 93FA AE94 produced ``聯`` (C2|93), annotated ``(lián)``.

* Generic, ``??X``: the phantom ``？`` fixes the next lead byte at BF and ``X`` is its trail byte,
  so the character is decoded from the bytes (``bf 68`` -> ``縣``); the lost char before it kept
  only its trail A3, and ``。`` (A1A3) is the one sentence-boundary reading of that.
* Table, :data:`_MOJIBAKE_TABLE`: where a phantom character was annotated, only its pinyin survives
  and the real character's other byte is gone: recovering it would need a pinyin dictionary and a
  language model, so these two spots are listed explicitly.
* Generic, UTF-8 read as GBK (the usual ``鍚戝疄`` kind, not in this corpus): a run of non-ASCII
  characters whose GBK bytes are valid UTF-8 is decoded back when the result is plainer Chinese
  (jieba character frequencies); a trailing ``?``/U+FFFD stands for one lost continuation byte,
  which is chosen by jieba word frequency with the preceding characters.
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
_RUN_RE = re.compile(r"[^\x00-\x7f\s\ufffd]+[?\ufffd]?")
_PINYIN_RE = re.compile(rf"([{_CJK}])[(（]([a-z\u00e0-\u024f\u1e3f]{{1,7}})[)）]")
_SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:i(?:ang|ong|an|ao|ng|a|e|n|u|o)?|u(?:ang|ai|an|ei|en|ng|a|e|i|n|o)?|v(?:an|e|n)?"
    r"|a(?:ng|i|n|o)?|e(?:ng|i|n|r)?|o(?:ng|u)?)"
)
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]|\r(?=\n)")
_EDGE_SPACES_RE = re.compile(r" +(?=\n)|(?<=\n) +")
_MULTI_SPACE_RE = re.compile(r" {2,}")
_JOIN_RE = re.compile(rf"(?<=[^\n{_FINAL}])\n(?=[{_ANCHOR}])")
_BLANKS_RE = re.compile(r"\n{2,}")
_CJK_SPACE_RE = re.compile(rf"(?<=[{_ANCHOR}]) (?=[{_ANCHOR}])")
_PUNCT_RE = re.compile(rf"(?<=[{_ANCHOR}])[,;:?!()]|[,;:?!()](?=[{_ANCHOR}])")
_QUOTE_RE = re.compile('"')
_PAREN_PAIR_RE = re.compile(r"\(([^()\n]*)\)")
_ANCHOR_CHAR = re.compile(f"[{_ANCHOR}]")
_PUNCT = dict(zip(",;:?!()", "，；：？！（）", strict=True))
_CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
_FOOTER_RE = re.compile(r"(?:^|\n)本作品[^\n]*(?:\n[^\n]*)*\Z")
_TRAILER_RE = re.compile(r"(?:\s*\n(?:Public domain|false|true)[ \t]*)+\s*\Z")

_KEEP_WIDE = set("！（），：；？")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_WIDE}
_FOLD.update({ord(c): " " for c in "\t\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u202f\u205f"})
_FOLD.update(dict(zip(map(ord, "「」『』〝〞\r\u2028\u2029\x0b\x0c"), "“”‘’“”\n\n\n\n\n", strict=True)))

_converter = None
_word_freq: dict[str, int] | None = None


def _t2s():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def _freq() -> dict[str, int]:
    # jieba's dictionary (~0.5 s) is only read when a UTF-8-as-GBK candidate turns up.
    global _word_freq
    if _word_freq is None:
        try:
            import jieba

            with jieba.get_dict_file() as f:
                _word_freq = {w: int(n) for w, n, *_ in (ln.decode("utf-8").split(" ") for ln in f)}
        except Exception:  # pragma: no cover - jieba is a declared dependency
            _word_freq = {}
    return _word_freq


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


def _is_pinyin(s: str) -> bool:
    d = unicodedata.normalize("NFD", s).replace("u\u0308", "v")
    base = "".join(c for c in d if not unicodedata.combining(c))
    toned = len(base) < len(d.replace("\u0308", ""))
    # A bare one-letter "(a)" is far more often a list marker than a neutral-tone syllable.
    return base.isascii() and (toned or len(base) > 1) and _SYLLABLE.fullmatch(base) is not None


def _char_score(text: str) -> float:
    freq = _freq()
    hans = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(math.log1p(freq.get(c, 0)) for c in hans) / len(hans) if hans else 0.0


def _plain(text: str) -> bool:
    return bool(re.fullmatch(rf"[\x20-\x7e{_ANCHOR}]+", text)) and bool(re.search(f"[{_CJK}]", text))


def _fix_utf8_as_gbk(m: re.Match) -> str | None:
    run = m.group()
    marker = run[-1] if run[-1] in "?\ufffd" else ""
    body = run[: len(run) - len(marker)]
    try:
        raw = body.encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(raw) < 6:  # shorter runs of real text pass the byte test too often
        return None
    try:
        fixed, tail = raw.decode("utf-8"), marker
    except UnicodeDecodeError as e:
        # Only a sequence cut short at the very end can be completed from the lost-byte marker.
        if not marker or len(raw) < 8 or e.end != len(raw) or e.reason != "unexpected end of data":
            return None
        cands = []
        for x in range(0x80, 0xC0):
            try:
                cands.append((raw + bytes([x])).decode("utf-8"))
            except UnicodeDecodeError:
                pass
        freq = _freq()
        cands = [c for c in cands if _plain(c)]
        if not cands:
            return None
        fixed = max(cands, key=lambda c: (max(freq.get(c[-k:], 0) for k in (2, 3, 4)),
                                          freq.get(c[-1], 0)))
        tail = ""
    if fixed == body or not _plain(fixed) or _char_score(fixed) <= _char_score(body):
        return None
    return fixed + tail


def _repair_mojibake(buf: _Buf) -> None:
    buf.sub(_TABLE_RE, lambda m: _MOJIBAKE_TABLE[m.group()])

    def phase(m: re.Match) -> str | None:
        ch = bytes([0xBF, ord(m.group(1))]).decode("gbk", "replace")
        return "。" + ch if re.fullmatch(f"[{_CJK}]", ch) else None

    buf.sub(_PHASE_RE, phase)
    buf.sub(_RUN_RE, _fix_utf8_as_gbk)


def _to_simplified(buf: _Buf) -> None:
    cc = _t2s()
    converted = cc.convert(buf.text)
    if len(converted) == len(buf.text):  # the usual case: a 1:1 map keeps offsets as they are
        buf.text = converted
        return

    def run(m: re.Match) -> str:
        # Phrase-level conversion where it keeps the length, else char by char (exact per char).
        whole = cc.convert(m.group())
        return whole if len(whole) == len(m.group()) else "".join(cc.convert(c) for c in m.group())

    buf.sub(_CJK_RUN_RE, run)


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
    buf.sub(_PINYIN_RE, lambda m: m.group(1) if _is_pinyin(m.group(2)) else None)
    buf.text = buf.text.translate(_FOLD)
    _to_simplified(buf)
    buf.sub(_EDGE_SPACES_RE, "")
    buf.sub(_MULTI_SPACE_RE, " ")
    buf.strip()
    first = buf.text.find("\n") if keep_first_line else -1
    buf.sub(_JOIN_RE, lambda m: None if m.start() == first else "")
    buf.sub(_BLANKS_RE, "\n")
    _fold_punct(buf)
    buf.sub(_CJK_SPACE_RE, "")
    buf.strip()


def _footer_start(raw: str) -> int:
    end = len(raw)
    trailer = _TRAILER_RE.search(raw)
    if trailer:
        end = trailer.start()
    # Only a short licence block at the very end counts, so a body sentence with 本作品 stays.
    m = _FOOTER_RE.search(raw, max(0, end - 2000), end)
    if m and re.search("公有领域|著作权法|Public domain|许可协议", m.group()[:300]):
        end = m.start()
    return end


def normalize_document(raw: str) -> Normalized:
    """Normalise a whole report, keeping a map from every output character back to ``raw``.

    Removes licence footers, repairs mojibake, strips pinyin annotations, converts to Simplified
    Chinese and folds punctuation, width and whitespace (see the module docstring). Paragraph
    breaks are kept as a single ``\\n``; a line break inside a sentence is joined, except the one
    after the first (title) line.

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
    # Rare context effects (a join that makes a bracket adjacent to CJK) settle in a second round.
    for _ in range(4):
        buf = _Buf(text)
        _fold(buf, keep_first_line=False)
        if buf.text == text:
            break
        text = buf.text
    return text
