"""Answer strategies, tried in order; the first that answers wins.

Order matters and is the whole policy: a meeting that is not in the records is
said so before anything else; a question about the asker's own
affairs is out of scope; list-all questions are answered from the
catalogue; questions about a named meeting itself (facts, departments named,
agenda, decisions) come before department requirements and topics; one item asked for
by its place (「第四个是什么」) and a list asked for by its count (「“五要”是哪五个」) come
before the agenda; the topic strategy always answers (found or not), so it is last.
"""

from __future__ import annotations

from assistant.strategies.base import AnswerContext, AnswerStrategy
from assistant.strategies.departments import DepartmentRequirements
from assistant.strategies.items import ListedItems, PlacedItem
from assistant.strategies.listing import ListAll
from assistant.strategies.meeting import MeetingAgenda, MeetingDepartments, MeetingFacts
from assistant.strategies.personal import PersonalQuestion
from assistant.strategies.topic import TopicAnswer
from assistant.strategies.unmatched import UnmatchedMeeting


def default_strategies() -> list[AnswerStrategy]:
    """A fresh registry in priority order."""
    return [UnmatchedMeeting(), PersonalQuestion(), ListAll(), MeetingFacts(), MeetingDepartments(),
            DepartmentRequirements(), PlacedItem(), ListedItems(), MeetingAgenda(), TopicAnswer()]


__all__ = ["AnswerContext", "AnswerStrategy", "default_strategies"]
