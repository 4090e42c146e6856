"""Basket items from what the user sees: a stored passage, a chat citation, a requirement.

Everything goes through the stored passage (looked up by id), so an item's
provenance comes from the passage metadata however it was found, and a quote
that is not in its passage is refused rather than exported unverifiable.
"""

from __future__ import annotations

from assistant.drafting.basket import BasketItem, Provenance
from ingest.departments import COLLECTIVE, find_departments
from ingest.sentences import split_sentences
from meetings_errors import MeetingsError


class UnknownPassage(MeetingsError):
    """A passage id that is not in the store (named in the message)."""

    def __init__(self, passage_id: str) -> None:
        super().__init__(f"unknown passage id: {passage_id} (ids come from `meetings search --json`)")
        self.passage_id = passage_id


def passage_departments(text: str, metadata: dict) -> tuple[str, ...]:
    """Departments the words are addressed to: named ones first, 各部门 last."""
    named = [d.name for d in find_departments(text)]
    if not named:
        named = [d for d in (metadata.get("departments") or "").split("|") if d]
    order = list(dict.fromkeys(n for n in named if n != COLLECTIVE))
    return tuple(order + ([COLLECTIVE] if COLLECTIVE in named else []))


def get_passage(service, passage_id: str):
    hits = service.passages.get([passage_id])
    if not hits:
        raise UnknownPassage(passage_id)
    return hits[0]


def item_from_hit(hit, quote: str | None = None, whole: bool = False) -> BasketItem:
    """An item for a stored passage hit: the whole passage or one quote inside it."""
    md = hit.metadata
    text = hit.text
    if whole or not quote:
        quote, at = text.strip(), text.find(text.strip())
    else:
        quote = quote.strip()
        at = text.find(quote)
        if at < 0:
            raise QuoteNotFound(f"quote not found in passage {hit.id}: {quote[:30]}")
    base = int(md.get("start", 0))
    return BasketItem(
        passage_id=hit.id, quote=quote, provenance=Provenance.from_metadata(md),
        whole_passage=bool(whole or quote == text.strip()), start=base + at,
        end=base + at + len(quote), departments=passage_departments(quote, md),
        section=md.get("section", ""))


def item_for_passage(service, passage_id: str, quote: str | None = None,
                     whole: bool = False) -> BasketItem:
    return item_from_hit(get_passage(service, passage_id), quote, whole)


class QuoteNotFound(MeetingsError):
    """A quote that is in neither its passage nor its report: it cannot be verified."""


def item_for_citation(service, citation, whole: bool = False) -> BasketItem:
    """An item for a chat citation (the quote, or its whole passage).

    A quote cited by span may run past its passage's end; it is then located
    in the whole report, so its offsets still point at the cited words.
    """
    hit = get_passage(service, citation.passage_id)
    if whole or citation.quote.strip() in hit.text:
        return item_from_hit(hit, citation.quote, whole)
    quote = citation.quote.strip()
    doc_id = hit.metadata.get("doc_id", "")
    at = service.catalog.text(doc_id).find(quote) if doc_id else -1
    if at < 0:
        raise QuoteNotFound(f"quote not found in report {doc_id}: {quote[:30]}")
    return BasketItem(passage_id=hit.id, quote=quote,
                      provenance=Provenance.from_metadata(hit.metadata), start=at,
                      end=at + len(quote), departments=passage_departments(quote, hit.metadata),
                      section=hit.metadata.get("section", ""))


def best_sentence(text: str, terms: list[str]) -> str:
    """The sentence of a passage that holds the most query terms (the 'cited quote')."""
    spans = split_sentences(text) or [(0, len(text))]
    scored = [(sum(t in text[s:e] for t in terms), -n, text[s:e]) for n, (s, e) in enumerate(spans)]
    return max(scored)[2].strip()
