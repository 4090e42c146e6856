"""Questions typed in toneless pinyin (「2025 nian di 1 ci zhuren bangonghui yanjiu le shenme」).

Staff without a Chinese input method at hand type the syllables. The reader turns them into
characters the way an input method does, with no model: every syllable string a word can be
read as (jieba's dictionary, read by pypinyin) is a candidate, the words the question analysis
knows (its scaffold, bodies, terms and ``data/pinyin_words.txt``) are preferred, and the
most probable sequence of words wins (unigram maximum likelihood, as jieba segments).
A syllable before a number (di → 第) or after one (ci → 次, nian → 年) reads as the counter
meetings are named with (``data/pinyin_numbers.tsv``).

Built on first use (about a second): a question with no typed pinyin never pays for it.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from assistant import lexicon
from ingest.normalize import pinyin_annotations

# jieba words rarer than this are left out: they cost build time and only win against
# common words by accident (「sha」 is 啥 or 沙, not 魦).
_MIN_FREQ = 50
# Longest word read, in syllables (主任办公会 is five).
_MAX_SYLLABLES = 8
# A word the question analysis knows counts as this frequent: above every general word
# that reads the same (啥 3,651 against 杀 17,552 in jieba's dictionary).
_KNOWN_FREQ = 200_000
# A report word counts as this frequent per passage holding it.
_CORPUS_FREQ = 2_000
# Share of letters (of letters and characters) above which a question is typed in pinyin,
# and the fewest letters: 「2025年No.5」 and 「APP」 are not.
_LETTER_SHARE = 0.6
_MIN_LETTERS = 6

# A character read its rarer way costs as much as being 20 times rarer: 的 is read di in 目的
# only, so 「di 13 ci」 stays 第 (tests/test_lexicon.py).
_OTHER_READING_COST = math.log(20)
_SYLLABLE_APOSTROPHE = re.compile(r"(?<=[a-zA-Z])['’](?=[a-zA-Z])")
_TOKEN = re.compile(r"[a-zA-Z]+|\d+|[^\sa-zA-Z\d]+|\s+")
# Letters with tone marks (「zhǔrèn」「lǜ」): typed pinyin for certain, in any question.
_TONED = re.compile(r"[a-zA-Z]*[\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f][a-zA-Z\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f]*")
# A syllable run in a question typed mostly in characters is read when it has this many
# syllables or more (「zhihuibu 第五次会议」): one syllable alone may be a letter or a unit.
_MIN_MIXED_SYLLABLES = 2
_OPENING_QUOTES = "“\"「‘'『"
# Capitals up to this long are an acronym (GDP, PPP, CPI), never pinyin.
_MAX_ACRONYM = 4


@dataclass(frozen=True)
class _Word:
    text: str
    cost: float


@cache
def known_words() -> dict[str, int]:
    """Words the analysis knows, each with how much it is preferred: the words questions
    are typed with (data/pinyin_words.txt) twice as much as the rest."""
    from ingest.departments import department_names

    words = set(lexicon.scaffold()) | set(lexicon.convening_bodies()) | set(lexicon.terms())
    words |= set(department_names())
    out = {w: _KNOWN_FREQ for w in words}
    out |= {w: 2 * _KNOWN_FREQ for w in lexicon.pinyin_words()}
    return {w: n for w, n in out.items() if re.fullmatch(r"[\u4e00-\u9fff]+", w)}


@cache
def toneless(reading: str) -> str:
    """「lǜ」 → 「lv」: the syllable as typed without tones (ü as v)."""
    plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in plain if not unicodedata.combining(c))


def reading(word: str) -> tuple[str, ...] | None:
    """How ``word`` is read (pypinyin's phrase readings, else each character's first)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    phrase = PHRASES_DICT.get(word)
    if phrase is not None and len(phrase) == len(word):
        return tuple(toneless(r[0]) for r in phrase)
    out = []
    for char in word:
        readings = PINYIN_DICT.get(ord(char))
        if readings is None:
            return None  # a letter or symbol in the word
        out.append(toneless(readings.split(",")[0]))
    return tuple(out)


def _other_readings(char: str) -> tuple[str, ...]:
    """A character's readings after its first (谁 is shéi as well as shuí)."""
    from pypinyin.constants import PINYIN_DICT

    readings = PINYIN_DICT.get(ord(char), "").split(",")[1:]
    return tuple(dict.fromkeys(toneless(r) for r in readings if r))


def _keys(words: dict[str, int], total: float) -> dict[tuple[str, ...], _Word]:
    """Each syllable string to its most probable word."""
    out: dict[tuple[str, ...], _Word] = {}
    for word, count in words.items():
        key = reading(word)
        if key is None or not count:
            continue
        cost = -math.log(count / total)
        # A one-character word is typed with any of its readings (「shei zhuchi de」).
        keys = [(key, cost)]
        if len(word) == 1:
            keys += [((r,), cost + _OTHER_READING_COST) for r in _other_readings(word)]
        for k, c in keys:
            if k not in out or c < out[k].cost:
                out[k] = _Word(word, c)
    return out


@cache
def jieba_counts() -> dict[str, int]:
    """Every word of jieba's dictionary with its count (read once: the pinyin reader and the
    slip mender both weigh words by it)."""
    import jieba

    out: dict[str, int] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            out[word] = int(count)
    return out


@cache
def _general() -> tuple[dict[tuple[str, ...], _Word], float]:
    """jieba's dictionary with the analysis's own words first, and its total count."""
    freq = {word: count for word, count in jieba_counts().items()
            if count >= _MIN_FREQ and len(word) <= _MAX_SYLLABLES}
    for word, boost in known_words().items():
        # Known words keep their order among themselves (那个 before 哪个, as jieba counts them).
        freq[word] = freq.get(word, 0) + boost
    total = float(sum(freq.values()))
    return _keys(freq, total), total


class PinyinReader:
    """Reads toneless pinyin as Chinese words (see the module docstring).

    Args:
        corpus: Words of the reports and the number of passages holding each (the keyword
            index): 涉海 and 公租房 are read as the reports write them.
    """

    def __init__(self, corpus: dict[str, int] | None = None) -> None:
        general, total = _general()
        local = _keys({w: n * _CORPUS_FREQ for w, n in (corpus or {}).items()
                       if re.fullmatch(r"[\u4e00-\u9fff]+", w)}, total)
        self._local = local
        self._words = dict(general)
        for key, word in local.items():
            if key not in self._words or word.cost < self._words[key].cost:
                self._words[key] = word

    def words(self, syllables: list[str], only_reports: bool = False) -> str:
        """The most probable characters for a run of syllables (of the reports' words only,
        with ``only_reports``)."""
        words = self._local if only_reports else self._words
        n = len(syllables)
        best: list[tuple[float, str] | None] = [None] * (n + 1)
        best[0] = (0.0, "")
        for i in range(n):
            if best[i] is None:
                continue
            for j in range(i + 1, min(n, i + _MAX_SYLLABLES) + 1):
                word = words.get(tuple(syllables[i:j]))
                if word is None:
                    continue
                cand = (best[i][0] + word.cost, best[i][1] + word.text)
                if best[j] is None or cand[0] < best[j][0]:
                    best[j] = cand
        return best[n][1] if best[n] is not None else "".join(syllables)

    def read(self, text: str, mixed: bool = False,
             written: Callable[[str], bool] | None = None) -> str:
        """``text`` with its pinyin runs read as characters; the rest kept as typed.

        ``mixed``: the question is typed mostly in characters, so only runs that are
        pinyin for certain are read (tone marks, or lower case of two syllables or more);
        「GDP」「No」 and pinyin in brackets after characters stay as typed.
        ``written``: whether the reports hold a phrase as written. A run in quotes
        (「“zhu yinqing”」) quotes the reports, so it is read as their words where they
        hold it (主引擎, not 住引擎: bench/answers_dev57.jsonl az002, az016, az039).
        """
        before, after = lexicon.pinyin_counters()
        # 「gong'an ju」: the apostrophe only parts syllables (bench/answers_dev40.jsonl ai097
        # read 共'安居); a space of the same length keeps offsets.
        text = _SYLLABLE_APOSTROPHE.sub(" ", text)
        # Untoning keeps every length (ǔ → u, ǜ → v), so token offsets index ``text`` too.
        plain = untoned(text)
        annotated = _annotated(plain)
        tokens, starts, at = _TOKEN.findall(plain), [], 0
        for tok in tokens:
            starts.append(at)
            at += len(tok)
        out: list[str] = []
        run: list[str] = []  # syllables of consecutive pinyin tokens

        def flush() -> None:
            if run:
                reading = self.words(run)
                quoted = out and out[-1][-1:] in _OPENING_QUOTES
                if quoted and written is not None:
                    theirs = self.words(run, only_reports=True)
                    if theirs != reading and written(theirs):
                        reading = theirs
                out.append(reading)
                run.clear()

        in_run = _in_pinyin_runs(tokens) if mixed else set()
        opened_in_pinyin: bool | None = None  # whether the first word was typed in pinyin
        for n, tok in enumerate(tokens):
            if tok.isspace():
                continue  # spaces only separate syllables
            syllables = _splits(tok.lower()) if tok.isascii() and tok.isalpha() else None
            if syllables is not None and mixed:
                sure = not text[starts[n]:starts[n] + len(tok)].isascii() or (
                    tok.islower() and (len(syllables) >= _MIN_MIXED_SYLLABLES or n in in_run))
                if not sure or starts[n] in annotated:
                    syllables = None
            if opened_in_pinyin is None:
                opened_in_pinyin = syllables is not None
            if syllables is None:
                flush()
                out.append(tok)
                continue
            prev = next((t for t in reversed(tokens[:n]) if not t.isspace()), "")
            nxt = next((t for t in tokens[n + 1:] if not t.isspace()), "")
            if prev.isdigit() and syllables[0] in after:
                flush()
                out.append(after[syllables[0]])
                syllables = syllables[1:]
            tail = ""
            if nxt.isdigit() and syllables and syllables[-1] in before:
                tail = before[syllables[-1]]
                syllables = syllables[:-1]
            run.extend(syllables)
            if tail:
                flush()
                out.append(tail)
        flush()
        read = "".join(out)
        # Only a 哪 the reader chose is re-read: 「哪个会讲了 jiuzhu 啥」 typed in characters stays.
        return _pointing_back(read) if opened_in_pinyin else read


def _in_pinyin_runs(tokens: list[str]) -> set[int]:
    """Indexes of lower-case pinyin words typed one after another, spaces between, that
    hold enough syllables together: 「县18届人大常委会 di shiba ci huiyi」 reads di and ci
    too, though each is one syllable (bench/answers_dev47.jsonl ap045)."""
    out: set[int] = set()
    group: list[int] = []
    count = 0

    def close() -> None:
        if len(group) >= 2 and count >= _MIN_MIXED_SYLLABLES + 1:
            out.update(group)
        group.clear()

    for n, tok in enumerate(tokens):
        if tok.isspace():
            continue
        syllables = _splits(tok) if tok.isascii() and tok.isalpha() and tok.islower() else None
        if syllables is None:
            close()
            count = 0
            continue
        group.append(n)
        count += len(syllables)
    close()
    return out


# 「na ci hui shi na tian kai de」 is 那次会是哪天开的: na ci before a meeting word reads as 哪次
# (the question word) only when nothing later asks (bench/answers_dev34.jsonl ac011).
_WHICH_MEETING_OPENING = re.compile(r"^哪(?=(?:次|个|场)会)")
# 怎么 too: 「na ci hui shenyi de … zenme shuo」 (bench/answers_dev52.jsonl au116).
_LATER_ASK = re.compile(r"哪|谁|什么|啥|几|多少|吗|没有|怎么|咋")


def _pointing_back(read: str) -> str:
    m = _WHICH_MEETING_OPENING.match(read)
    if m and _LATER_ASK.search(read, 3):
        return "那" + read[1:]
    return read


def untoned(text: str) -> str:
    """``text`` with its tone-marked pinyin typed plain (「zhǔrèn bàngōnghuì」 → 「zhuren
    bangonghui」); characters and everything else unchanged."""
    return _TONED.sub(lambda m: toneless(m.group()), text)


def _annotated(plain: str) -> set[int]:
    """Where pinyin in brackets after a character starts (「报告(baogao)」): an annotation
    normalisation drops, never pinyin typed for characters of its own."""
    return {start + 1 for start, _ in pinyin_annotations(plain)}


def _latin_short_forms_upper(text: str) -> str:
    """「gdp mubiao shi duoshao」: a Latin short form the analysis knows (GDP, from
    data/abbreviations.tsv) typed in lower case is that short form, not pinyin it cannot
    read (bench/answers_dev49.jsonl ar082)."""
    known = {ab.short for ab in lexicon.abbreviations() if ab.short.isascii()}
    return re.sub(r"(?<![a-zA-Z])[a-z]{2,4}(?![a-zA-Z])",
                  lambda m: m.group().upper() if m.group().upper() in known
                  and not _splits(m.group()) else m.group(), text)


def typed_in_pinyin(text: str) -> bool:
    """Whether ``text`` is mostly letters that all read as pinyin syllables."""
    # Pinyin in brackets after characters (「會(huì)議」) annotates them; it is not typed pinyin.
    text = untoned(text)
    for start, end in reversed(pinyin_annotations(text)):
        text = text[:start] + text[end:]
    letters = sum(c.isascii() and c.isalpha() for c in text)
    hanzi = len(re.findall(r"[\u4e00-\u9fff]", text))
    if letters < _MIN_LETTERS or letters < _LETTER_SHARE * (letters + hanzi):
        return False
    # 「… GDP zengzhang mubiao …」: an acronym in capitals is kept as typed, not a reason to
    # read none of it (bench/answers_dev47.jsonl ap125).
    return all(_splits(r.lower()) for r in re.findall(r"[a-zA-Z]+", text)
               if not (r.isupper() and len(r) <= _MAX_ACRONYM))


def has_pinyin_runs(text: str) -> bool:
    """Whether a question typed mostly in characters holds pinyin for certain: tone marks,
    or a lower-case run of two syllables or more, not in brackets after a character."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return False  # no characters at all: English (「What did the meeting decide?」)
    plain = untoned(text)
    annotated = _annotated(plain)
    for m in re.finditer(r"[a-zA-Z]+", plain):
        if m.start() in annotated:
            continue
        if not text[m.start():m.end()].isascii():
            return True
        syllables = _splits(m.group()) if m.group().islower() else None
        if syllables and len(syllables) >= _MIN_MIXED_SYLLABLES:
            return True
    # 「da si zheng 教育体系…」: one-syllable words typed one after another (_in_pinyin_runs).
    return bool(_in_pinyin_runs(_TOKEN.findall(plain)))


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (pypinyin's readings, ü typed as v)."""
    from pypinyin.constants import PINYIN_DICT

    out = {toneless(r) for readings in PINYIN_DICT.values() for r in readings.split(",")}
    return frozenset(s for s in out if s.isascii() and s.isalpha())


def _splits(letters: str) -> list[str] | None:
    """``letters`` as the fewest syllables, or None when they are not pinyin."""
    syllables = _syllables()
    longest = 6  # zhuang, shuang
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for i in range(len(letters)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(letters), i + longest) + 1):
            if letters[i:j] in syllables:
                path = [*best[i], letters[i:j]]
                if best[j] is None or len(path) < len(best[j]):
                    best[j] = path
    return best[-1]


_readers: dict[str, PinyinReader] = {}


_NUMERAL_SYLLABLES = {"yi": "一", "er": "二", "san": "三", "si": "四", "wu": "五", "liu": "六",
                      "qi": "七", "ba": "八", "jiu": "九"}
_ITEM_SYLLABLES = {"yao": "要", "shi": "是"}
_ONE_ITEM = f"(?:{'|'.join(_NUMERAL_SYLLABLES)})[ ']?(?:{'|'.join(_ITEM_SYLLABLES)})"
# 「yi yao er yao san yao」: two or more counted items in a row are 一要二要三要, not 医药…
# (bench/answers_dev53.jsonl av137); one alone (yi shi) may be a word (意识).
_ITEM_RUN = re.compile(rf"\b{_ONE_ITEM}(?:[ ,、，]+{_ONE_ITEM})+\b")
_ITEM_PARTS = re.compile(rf"({'|'.join(_NUMERAL_SYLLABLES)})[ ']?({'|'.join(_ITEM_SYLLABLES)})")


def _ordinal_items(text: str) -> str:
    return _ITEM_RUN.sub(lambda m: "".join(
        _NUMERAL_SYLLABLES[a] + _ITEM_SYLLABLES[b] for a, b in _ITEM_PARTS.findall(m.group())),
        text)


def as_hanzi(text: str, corpus: dict[str, int] | None = None, stamp: str = "",
             written: Callable[[str], bool] | None = None) -> str:
    """``text`` read as characters when it is typed in pinyin, else unchanged.

    ``corpus`` (report words and their passage counts) and ``stamp`` (its version: the
    keyword index fingerprint) keep one reader per version of the reports; ``written``
    says whether the reports hold a phrase (see :meth:`PinyinReader.read`)."""
    text = _ordinal_items(_latin_short_forms_upper(text))
    mixed = not typed_in_pinyin(text)
    if mixed and not has_pinyin_runs(text):
        return text
    # Held in a local: another thread may replace the cached reader meanwhile (an ingest
    # changes the stamp), and this question still reads with the one it got.
    reader = _readers.get(stamp)
    if reader is None:
        reader = PinyinReader(corpus)
        _readers.clear()
        _readers[stamp] = reader
    return reader.read(text, mixed=mixed, written=written)
