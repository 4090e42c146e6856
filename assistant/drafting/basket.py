"""The draft basket (素材篮): quotes collected across searches, with their provenance.

Every item keeps where its words come from (meeting, date, report, file,
page), so an exported draft can always be traced back to the record. The
basket is a plain dataclass so the browser session (gr.State) and the CLI share
one model, and it round-trips through ``to_dict`` / ``from_dict`` as JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.citations import meeting_of

GROUP_BY = ("meeting", "department")
NO_DEPARTMENT = "未指明部门"


@dataclass(frozen=True)
class Provenance:
    """Where a quote stands in the records (what the export prints after it)."""

    doc_id: str
    meeting_label: str
    meeting_body: str = ""
    meeting_number: int | None = None
    meeting_year: int | None = None
    meeting_date: str = ""
    date_int: int = 0
    title: str = ""
    source: str = ""
    page: str = ""  # metadata key ``page``, when a loader records it

    @property
    def file_name(self) -> str:
        return Path(self.source).name if self.source else ""

    @property
    def meeting_name(self) -> str:
        """The label with the date appended when the label lacks it."""
        from assistant.citations import label_with_date

        return label_with_date(self.meeting_label, self.meeting_date)

    def line(self) -> str:
        """One-line provenance: meeting (with its date), report title, file, page."""
        parts = [self.meeting_name]
        if self.title:
            parts.append(f"报道：{self.title}")
        if self.file_name:
            parts.append(f"文件：{self.file_name}")
        if self.page:
            parts.append(f"第{self.page}页")
        return "；".join(parts)

    @classmethod
    def from_metadata(cls, md: dict) -> Provenance:
        m = meeting_of(md)
        page = md.get("page")
        return cls(doc_id=md.get("doc_id", ""), meeting_label=m["label"], meeting_body=m["body"],
                   meeting_number=m["number"], meeting_year=m["year"], meeting_date=m["date"],
                   date_int=int(md.get("meeting_date_int") or 0), title=md.get("title", ""),
                   source=md.get("source", ""), page="" if page in (None, "") else str(page))


@dataclass(frozen=True)
class BasketItem:
    """One collected quote.

    Attributes:
        passage_id: The stored passage the quote comes from.
        quote: The words, verbatim (normalised: Simplified, clean punctuation).
        provenance: Meeting, date, report, file, page.
        whole_passage: True when the whole passage was taken, not one sentence.
        start, end: Offsets of the quote in the report's normalised text
            (``catalog.text(doc_id)``), for the citation viewer; -1 if unknown.
        departments: Departments the quote is addressed to (for grouping).
        section: Part of the meeting (指出, 强调, 要求 ...) where known.
    """

    passage_id: str
    quote: str
    provenance: Provenance
    whole_passage: bool = False
    start: int = -1
    end: int = -1
    departments: tuple[str, ...] = ()
    section: str = ""

    @property
    def key(self) -> str:
        """Stable id of the item: the same words from the same passage are one item."""
        digest = hashlib.sha1(f"{self.passage_id}\n{self.quote}".encode()).hexdigest()[:10]
        return f"{self.passage_id}:{digest}"

    def group_key(self, by: str) -> str:
        if by == "department":
            return self.departments[0] if self.departments else NO_DEPARTMENT
        return self.provenance.doc_id

    def default_heading(self, by: str) -> str:
        return self.group_key(by) if by == "department" else self.provenance.meeting_name

    def to_dict(self) -> dict:
        d = asdict(self)
        d["departments"] = list(self.departments)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> BasketItem:
        d = dict(d)
        d["provenance"] = Provenance(**d["provenance"])
        d["departments"] = tuple(d.get("departments") or ())
        return cls(**d)


@dataclass
class Group:
    """Items under one heading, in basket order."""

    key: str
    heading: str
    items: list[BasketItem]


@dataclass
class Basket:
    """An ordered list of items plus the user's headings for groups.

    Headings are kept per grouping (``meeting`` / ``department``) and group
    key, so renaming a meeting's heading survives switching the grouping back
    and forth.
    """

    items: list[BasketItem] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)  # "by:key" -> heading

    def add(self, item: BasketItem) -> bool:
        """Append ``item``; False (and no change) when the same quote is already in."""
        if any(i.key == item.key for i in self.items):
            return False
        self.items.append(item)
        return True

    def extend(self, items) -> int:
        return sum(self.add(i) for i in items)

    def remove(self, key: str) -> None:
        self.items = [i for i in self.items if i.key != key]

    def move(self, key: str, step: int) -> None:
        """Move an item up (step -1) or down (+1); stops at either end."""
        idx = next((n for n, i in enumerate(self.items) if i.key == key), None)
        if idx is None:
            return
        to = max(0, min(len(self.items) - 1, idx + step))
        self.items.insert(to, self.items.pop(idx))

    def set_heading(self, by: str, key: str, heading: str) -> None:
        if heading.strip():
            self.headings[f"{by}:{key}"] = heading.strip()
        else:
            self.headings.pop(f"{by}:{key}", None)

    def groups(self, by: str = "meeting") -> list[Group]:
        """Groups in order of their first item; items keep basket order inside."""
        if by not in GROUP_BY:
            raise ValueError(f"group by one of {', '.join(GROUP_BY)}, not {by!r}")
        out: dict[str, Group] = {}
        for item in self.items:
            k = item.group_key(by)
            if k not in out:
                heading = self.headings.get(f"{by}:{k}") or item.default_heading(by)
                out[k] = Group(k, heading, [])
            out[k].items.append(item)
        return list(out.values())

    def sources(self) -> list[Provenance]:
        """Distinct reports quoted, in order of first use (the export's source list)."""
        seen: dict[str, Provenance] = {}
        for i in self.items:
            seen.setdefault(i.provenance.doc_id or i.provenance.source, i.provenance)
        return list(seen.values())

    def to_dict(self) -> dict:
        return {"items": [i.to_dict() for i in self.items], "headings": dict(self.headings)}

    @classmethod
    def from_dict(cls, d: dict | None) -> Basket:
        d = d or {}
        return cls([BasketItem.from_dict(i) for i in d.get("items", [])],
                   dict(d.get("headings", {})))
