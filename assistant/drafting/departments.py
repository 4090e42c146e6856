"""The department view: every requirement addressed to one department, across meetings.

Read from the catalogue's requirement records (extracted at ingest), not from
the answer layer, so the list is complete rather than top-k: a clerk drafting
a 督办 list for 商务局 sees every meeting that asked something of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.catalog import MeetingRecord
from assistant.drafting.basket import Provenance
from ingest.departments import COLLECTIVE, normalize_department

KIND_LABELS = {"required": "要求", "reported": "仅汇报", "all": "面向各部门"}
# Which 面向各部门 records a department's view includes.
COLLECTIVE_SCOPES = ("none", "same_meeting", "every_meeting")


@dataclass(frozen=True)
class DepartmentRequirement:
    """One requirement record, with the meeting it was made at."""

    department: str
    kind: str
    sentence: str
    start: int
    end: int
    section: str
    provenance: Provenance

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def key(self) -> str:
        return f"{self.provenance.doc_id}:{self.start}:{self.kind}"


def departments(records: list[MeetingRecord]) -> list[str]:
    """Departments named in any requirement record, most meetings first."""
    meetings: dict[str, set[str]] = {}
    for r in records:
        for req in r.requirements:
            if req.get("addressee") and req["addressee"] != COLLECTIVE:
                meetings.setdefault(req["addressee"], set()).add(r.doc_id)
    return sorted(meetings, key=lambda d: (-len(meetings[d]), d))


def requirements_for(records: list[MeetingRecord], department: str,
                     collective: str = "same_meeting") -> list[DepartmentRequirement]:
    """Requirements addressed to ``department``, in date order (document order within one).

    Args:
        records: The catalogue's meeting records.
        department: Any written form (县商务局, 商務局 ...).
        collective: Which 面向各部门 records to include: ``none``; ``same_meeting``
            (default: those of meetings that name the department, where they
            plainly apply to it); ``every_meeting`` (all of them, which across
            counties and bodies is mostly noise).

    A sentence both asking something of the department and hearing its report
    is listed once, as 要求.
    """
    if collective not in COLLECTIVE_SCOPES:
        raise ValueError(f"collective must be one of {COLLECTIVE_SCOPES}, not {collective!r}")
    want = normalize_department(department)
    out: list[DepartmentRequirement] = []
    for rec in records:
        named = [q for q in rec.requirements if q.get("addressee") == want]
        if not named and collective != "every_meeting":
            continue
        chosen = named + ([q for q in rec.requirements if q.get("kind") == "all"]
                          if collective != "none" else [])
        by_sentence: dict[int, dict] = {}
        for q in chosen:
            prev = by_sentence.get(q["start"])
            if prev is None or (prev["kind"] != "required" and q["kind"] == "required"):
                by_sentence[q["start"]] = q
        prov = Provenance.from_metadata({**rec.metadata, "doc_id": rec.doc_id})
        out += [DepartmentRequirement(want, q["kind"], q["sentence"], int(q["start"]),
                                      int(q["end"]), q.get("section", ""), prov)
                for q in by_sentence.values()]
    return sorted(out, key=lambda r: (r.provenance.date_int, r.provenance.meeting_date,
                                      r.provenance.title, r.start))


def requirement_item(service, req: DepartmentRequirement):
    """A basket item for a requirement: its sentence, cited through the stored passage."""
    from assistant.citations import sentence_at
    from assistant.drafting.basket import BasketItem

    sent = sentence_at(service.passages, req.provenance.doc_id, req.start, req.end)
    quote = req.sentence.strip()
    passage_id = sent.passage_id if sent else ""
    prov = Provenance.from_metadata(sent.metadata) if sent else req.provenance
    return BasketItem(passage_id=passage_id, quote=quote, provenance=prov, start=req.start,
                      end=req.end, departments=(req.department,), section=req.section)
