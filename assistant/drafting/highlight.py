"""Query terms marked in escaped text: what the search results show.

The terms are the keyword index's own tokens of the question, so what is
marked is what BM25 matched on. Escaping happens before marking, so report
text can never inject HTML.
"""

from __future__ import annotations

import html
import re

from ingest.normalize import normalize_text


def query_terms(query: str) -> list[str]:
    """Distinct search tokens of the question, longest first (single characters dropped)."""
    from vectorstore.keyword_index import tokenize

    toks = {t for t in tokenize(normalize_text(query)) if len(t) > 1}
    return sorted(toks, key=lambda t: (-len(t), t))


def mark_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``terms`` in ``text`` (longer terms win)."""
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def mark_html(text: str, terms: list[str]) -> str:
    """``text`` HTML-escaped with each term in ``<mark>``; line breaks kept as <br>."""
    out, last = [], 0
    for s, e in mark_spans(text, terms):
        out.append(html.escape(text[last:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\r", "").replace("\n", "<br>")
