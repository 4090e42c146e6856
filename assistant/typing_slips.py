"""Homophone slips of a pinyin input method (主任办工会, 人大常为会, 党公委, 商物局, 汇抱).

Staff type Chinese by its pinyin and pick the characters from a list; in a hurry the wrong
homophone is picked, and the slip reads exactly as the word meant (办工会 is ban-gong-hui like
办公会). Meetings and departments are found by their names, so a slip in a name loses the
meeting. There is no list of slips: from each word of three characters or more that the
analysis knows (its bodies, departments, scaffold and asking words: ``known_words``), and each
two-character asking word (汇报, 通过, 几号 of ``data/pinyin_words.txt``), every form with one
character swapped for a common homophone is a slip of it, unless it is a word itself (jieba's
dictionary, the reports' words, the analysis's words) or swaps a pair ``data/never_slips.txt``
keeps apart (那/哪, 的/得). A slip is mended only where the typed text's words begin and end
(jieba's cut), so the end of one word and the start of the next is never read as one.

Other two-character words are left out: a two-character stretch that is no word is most often
two words side by side (年第 of 2025年第5次 would read 年底). Checked on every question of
``bench/answers_dev*.jsonl`` and ``bench/questions*.jsonl`` (7,902 texts): 14 mended, each a
true slip (BENCHMARKS.md "Seventeenth session").
"""

from __future__ import annotations

import re
from functools import cache

from assistant import lexicon
from assistant.pinyin_input import jieba_counts, known_words, reading

# A form jieba's dictionary counts at least this often is a word, never a slip; rarer entries
# are the dictionary's accidents.
_WORD_FREQ = 50
_COMMON_CHAR = 1000  # jieba's count of a character picked by slip
_SHORTEST = 3  # a two-character slip is too often two words side by side (年第 of 2025年第5次)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@cache
def _homophones() -> dict[str, tuple[str, ...]]:
    """Each toneless reading to the common characters read so (a slip is picked from these)."""
    from pypinyin.constants import PINYIN_DICT

    from assistant.pinyin_input import toneless

    common = {w: n for w, n in jieba_counts().items() if len(w) == 1 and n >= _COMMON_CHAR}
    out: dict[str, list[str]] = {}
    for char in common:
        readings = PINYIN_DICT.get(ord(char))
        if readings:
            out.setdefault(toneless(readings.split(",")[0]), []).append(char)
    return {k: tuple(v) for k, v in out.items()}


class SlipMender:
    """Mends homophone slips of the words the analysis knows.

    Args:
        corpus: Words of the reports (the keyword index's tokens) with their passage counts:
            a form the reports use is never a slip.
    """

    def __init__(self, corpus: dict[str, int] | None = None) -> None:
        corpus = corpus or {}
        words = jieba_counts()
        homophones = _homophones()
        never = lexicon.never_slips()
        self._slips: dict[str, str] = {}
        own = known_words()
        ends, starts = lexicon.function_chars()
        # Two-character asking words are read too (汇抱, 通国, 几好), unless half of one is a
        # linking character (定的, 开的): a slip of it would be one character of meaning,
        # and 盯的, 开得 are what was typed, not slips.
        asking = {w for w in lexicon.pinyin_words()
                  if len(w) > 2 or (w[-1] not in ends and w[0] not in starts)}
        for word in own:
            shortest = 2 if word in asking else _SHORTEST
            if len(word) < shortest or not _CJK_RUN.fullmatch(word):
                continue
            key = reading(word)
            if key is None:
                continue
            for i, (char, syllable) in enumerate(zip(word, key, strict=True)):
                for other in homophones.get(syllable, ()):
                    slip = word[:i] + other + word[i + 1:]
                    if (other == char or frozenset((char, other)) in never
                            or slip in corpus or slip in own
                            or words.get(slip, 0) >= _WORD_FREQ):
                        continue
                    self._slips.setdefault(slip, word)
        self._longest = max(map(len, self._slips), default=0)

    def mend(self, text: str) -> str:
        """``text`` with each slip replaced by the word meant; the longest stretch first."""
        return _CJK_RUN.sub(lambda m: self._mend_run(m.group()), text)

    def _mend_run(self, run: str) -> str:
        import jieba

        # A slip is typed as a word, so it starts and ends where the typed text's words do:
        # 什么任 of 什么任务 is no slip of 什么人.
        bounds, at = {0}, 0
        for token in jieba.cut(run, HMM=False):
            at += len(token)
            bounds.add(at)
        out, i = [], 0
        while i < len(run):
            for size in range(min(self._longest, len(run) - i), 1, -1):
                word = self._slips.get(run[i:i + size]) if i in bounds and i + size in bounds else None
                if word is not None:
                    out.append(word)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)


_menders: dict[str, SlipMender] = {}


def mender(corpus: dict[str, int], stamp: str) -> SlipMender:
    """One mender per version of the reports (``stamp``: the keyword index fingerprint)."""
    # Held in a local: another thread may replace the cached one meanwhile (an ingest).
    found = _menders.get(stamp)
    if found is None:
        found = SlipMender(corpus)
        _menders.clear()
        _menders[stamp] = found
    return found
