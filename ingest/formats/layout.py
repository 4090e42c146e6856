"""Text put back together from fixed-layout pages (PDF, OFD).

A page lays a long title out over two or three centred lines, so the first
text line is only part of it (「2024年平潭综合实验区召开管委会第6次主任」 /
「办公会」), and a number can be cut in two (「202」 / 「4年…」). Both would make a
wrong title and a wrong meeting label, so the leading lines are joined when they
only together end the way a report title ends (``data/title_endings.txt``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_MAX_TITLE_LINES = 3
_MAX_TITLE_CHARS = 60  # the longest corpus title is 41 characters
_SENTENCE_MARKS = frozenset("。，；：！？")
# A numbered heading (一、 （一） 1.) opens the body, never continues a title.
_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")


@cache
def title_endings() -> tuple[str, ...]:
    text = resources.files("ingest").joinpath("data", "title_endings.txt").read_text("utf-8")
    words = (ln.strip() for ln in text.splitlines())
    return tuple(w for w in words if w and not w.startswith("#"))


def _ends_title(line: str) -> bool:
    return line.endswith(title_endings())


def _title_like(line: str) -> bool:
    return bool(line) and not _SENTENCE_MARKS.intersection(line)


def join_wrapped_title(lines: list[str]) -> list[str]:
    """The first page's lines with a title laid out over several lines made one line.

    The leading lines are joined when, together, they end the way a report title
    ends, contain no sentence punctuation and stay title-sized; a first line that is
    a whole title is kept alone unless the next line also ends like one (a subtitle
    such as 「2025年第5次会议」 belongs to it).
    """
    if not lines or not _title_like(lines[0]):
        return lines
    for n in range(2, min(_MAX_TITLE_LINES, len(lines)) + 1):
        head = lines[:n]
        if not _title_like(head[-1]) or _NUMBERED_HEADING.match(head[-1]) \
                or sum(map(len, head)) > _MAX_TITLE_CHARS:
            return lines
        if _ends_title(head[-1]):
            return ["".join(head), *lines[n:]]
    return lines
