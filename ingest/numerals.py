"""Parse the integers that appear in meeting ordinals and years (第5次, 第二十三次, 二〇二五年)."""

from __future__ import annotations

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "０": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_DIGITS.update({str(d): d for d in range(10)})

_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
# 廿/卅/卌 are single-character tens; expanding them first keeps the main loop simple.
_TENS_CHARS = {"廿": "二十", "卅": "三十", "卌": "四十"}

#: Characters that can make up a numeral; handy for building regexes.
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS) + "".join(_TENS_CHARS)


def parse_cn_int(s: str) -> int | None:
    """Parse an integer written in Arabic, full-width or Chinese numerals.

    Handles positional Chinese numerals (五, 十, 十九, 二十三, 一百零二, 两千),
    the tens characters 廿/卅, and digit-by-digit forms such as 二〇二五.

    Args:
        s: The numeral, e.g. ``"19"``, ``"１９"``, ``"十九"`` or ``"二〇二五"``.

    Returns:
        The value, or None when ``s`` is empty or not a well-formed numeral.
    """
    if not s:
        return None
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    for ch, repl in _TENS_CHARS.items():
        s = s.replace(ch, repl)
    if any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in s):
        return None
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in s):
        # No place-value characters: a year-style digit string (二〇二五 -> 2025).
        return int("".join(str(_DIGITS[ch]) for ch in s))
    return _parse_positional(s)


def _parse_positional(s: str) -> int | None:
    total = 0  # everything above the current 万/亿 section
    section = 0  # value of the current section below 万
    digit: int | None = None  # pending digit not yet bound to a unit
    last_small = 10_000  # units inside a section must strictly decrease
    for ch in s:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None  # two bare digits in a row, e.g. 一二十
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if digit is None or digit == 0:
                if unit != 10:
                    return None
                # A bare 十 means 一十: 十九 = 19, and 一百零十 is the colloquial 一百一十.
                digit = 1
            section += digit * unit
            digit = None
            last_small = unit
        else:
            unit = _BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and not total:
                return None
            # 亿 scales everything before it (三万亿); 万 only scales its own section.
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit, last_small = 0, None, 10_000
    return total + section + (digit or 0)
