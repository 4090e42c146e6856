"""Sentence-aware chunking of normalised Chinese reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.sentences import split_sentences

# A sentence longer than this is cut at clause punctuation so that no passage
# is dominated by one run-on sentence (Pingtan reports run 300+ chars).
_MAX_SENTENCE = 320
_CLAUSE_END = re.compile(r"[；;]")


@dataclass(frozen=True)
class Chunk:
    """A passage of a document.

    Attributes:
        index: Position of the chunk in its document (0-based).
        start: Start offset in the normalised document text.
        end: End offset (exclusive) in the normalised document text.
        text: ``normalised_text[start:end]``.
    """

    index: int
    start: int
    end: int
    text: str


def chunk_text(text: str, target_chars: int = 260, breaks: list[int] | tuple[int, ...] = ()
               ) -> list[Chunk]:
    """Group whole sentences into passages of about ``target_chars`` characters.

    Sentences are never split unless one alone exceeds the limit; the title
    line is kept with the sentences that follow it (a bare-title passage
    attracts every question naming the meeting and answers none of them).

    Args:
        text: Normalised document text.
        target_chars: Soft size of a passage in characters.
        breaks: Offsets (ascending) no passage may straddle, e.g. page starts; a
            sentence running across one stays whole, in the passage where it starts.

    Returns:
        Chunks in document order, covering every sentence once.
    """
    units = [u for s, e in split_sentences(text) for u in _split_long(text, s, e)]
    chunks: list[Chunk] = []
    cur_start: int | None = None
    cur_end = 0
    pending = list(breaks)
    for s, e in units:
        crossed = False
        while pending and pending[0] <= s:
            crossed = crossed or (cur_start is not None and pending[0] > cur_start)
            pending.pop(0)
        if cur_start is None:
            cur_start, cur_end = s, e
            continue
        size = cur_end - cur_start
        # Keep adding while under target, or while the passage is only a title.
        if not crossed and (size + (e - s) <= target_chars or size < target_chars // 4):
            cur_end = e
        else:
            chunks.append(Chunk(len(chunks), cur_start, cur_end, text[cur_start:cur_end]))
            cur_start, cur_end = s, e
    if cur_start is not None:
        chunks.append(Chunk(len(chunks), cur_start, cur_end, text[cur_start:cur_end]))
    return chunks


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= _MAX_SENTENCE:
        return [(start, end)]
    parts = []
    s = start
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.end() - s >= _MAX_SENTENCE // 3:
            parts.append((s, m.end()))
            s = m.end()
    if s < end:
        parts.append((s, end))
    out = []
    for ps, pe in parts:
        while pe - ps > _MAX_SENTENCE:  # no clause break at all: hard cut
            out.append((ps, ps + _MAX_SENTENCE))
            ps += _MAX_SENTENCE
        out.append((ps, pe))
    return out
