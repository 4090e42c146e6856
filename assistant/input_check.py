"""One check of what a person typed, called at every edge (CLI, web UI, web API).

Why here and not in the answerer: the edges must answer bad input at once with
a clear message, before any search runs; a 50 000-character paste would
otherwise be tokenised, embedded and searched, and an emoji would be answered
with unrelated passages. Keeping the rule in one function keeps the CLI and the
app saying the same thing.
"""

from __future__ import annotations

import unicodedata

from meetings_errors import InputError

EMPTY = "请输入问题。"


def _has_word(text: str) -> bool:
    """True if any character is a letter (Han characters are letters, category Lo)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def check_question(text: str | None, max_chars: int) -> str:
    """The question stripped of surrounding whitespace, or :class:`InputError`.

    Raises:
        InputError: empty or blank (「请输入问题。」); longer than ``max_chars``;
            no Chinese character or letter at all (only digits, symbols, emoji).
    """
    question = (text or "").strip()
    if not question:
        raise InputError(EMPTY)
    if len(question) > max_chars:
        raise InputError(f"问题太长（{len(question)} 字），请控制在 {max_chars} 字以内，"
                         f"只写要问的事。")
    if not _has_word(question):
        raise InputError("问题里没有文字，请用中文（或字母）写出要问的事。")
    return question
