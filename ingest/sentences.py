"""Sentence splitting for normalised Chinese text, with character spans."""

from __future__ import annotations

import re

# A sentence ends at full-width terminal punctuation (optionally followed by
# closing quotes/brackets) or at a line break. Semicolons are not ends: in
# meeting reports a 「要求…；…；…。」 list is one requirement sentence.
_END = re.compile(r"[。！？!?…]+[”’」』）)]*|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split normalised text into sentences.

    Args:
        text: Normalised (Simplified, full-width punctuation) text.

    Returns:
        ``(start, end)`` spans into ``text``, whitespace-trimmed, non-empty,
        in order; ``text[start:end]`` includes the terminal punctuation.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        _append(text, start, end, spans)
        start = m.end()
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
