"""Chat follow-ups: 「那2024年的呢？」 after 「2025年第5次主任办公会审议了什么？」.

A short question that ends in 呢 (or starts with 那) names only what changes;
the rest is carried over from the previous question. The new reference is put
first, so it wins over the old one when the question is parsed.
"""

from __future__ import annotations

import re

_FOLLOWUP = re.compile(r"^(?:那|那么|还有)?.{0,16}?(?:呢|的呢)[？?]?$|^(?:那|那么)")
_MAX_CHARS = 20


def contextualize(question: str, previous: list[str] | None) -> str:
    """The question to answer, with the last question's topic added to a follow-up.

    Args:
        question: What the user just typed.
        previous: Earlier user questions in this conversation, oldest first.

    Returns:
        ``question`` unchanged unless it reads as an elliptical follow-up.
    """
    q = question.strip()
    if not previous or len(q) > _MAX_CHARS or not _FOLLOWUP.search(q):
        return question
    core = re.sub(r"^(?:那么|那|还有)|的?呢[？?]?$", "", q).strip("，, ")
    return f"{core} {previous[-1]}" if core else previous[-1]
