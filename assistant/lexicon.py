"""The answer layer's word lists, loaded once from ``assistant/data``.

Every list is a data file that names its source in its header comments
(``#`` lines), so a change to what counts as scaffold or as an intent cue is a
reviewed data change with its own tests (tests/test_lexicon.py), not an edit
buried in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("assistant").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _words(name: str) -> set[str]:
    """A data file of words separated by whitespace."""
    return {w for line in _lines(name) for w in line.split()}


def _keyed_patterns(name: str) -> dict[str, re.Pattern[str]]:
    """A data file of a key, a tab and a regular expression per line."""
    rows = [line.split("\t") for line in _lines(name)]
    return {key: re.compile(pattern) for key, pattern in rows}


def _alternatives(name: str) -> re.Pattern[str]:
    """A data file of regular expressions, one per line, as one pattern."""
    return re.compile("|".join(_lines(name)))


@cache
def scaffold() -> frozenset[str]:
    """Words that say which meeting or what kind of question, never what about."""
    return frozenset(_words("scaffold.txt"))


@cache
def common_chars() -> frozenset[str]:
    """Characters too frequent in reports to signal a shared topic on their own."""
    return frozenset("".join(_lines("common_chars.txt")))


@cache
def convening_bodies() -> frozenset[str]:
    """Bodies that convene meetings; as a question's subject they are not addressees."""
    return frozenset(_lines("convening_bodies.txt"))


@cache
def list_request() -> re.Pattern[str]:
    """How people ask for a list (「请全部列出来」), removed before reading the topic."""
    return _alternatives("list_request.txt")


@cache
def series_rest() -> dict[str, re.Pattern[str]]:
    """「最早哪次会提的？后来又怎么部署的」: the rest of a series asked after its first (or
    last) meeting (data/series_rest.tsv: ``earliest`` or ``latest``, then a regex)."""
    return _keyed_patterns("series_rest.tsv")


@cache
def passing_asked() -> re.Pattern[str]:
    """「…办法是哪天的会通过的」「…区划通过了没」: where or whether a document passed
    (data/passing_asked.txt)."""
    return _alternatives("passing_asked.txt")


@cache
def matter_named() -> re.Pattern[str]:
    """Where a user names the matter after describing it (「这种飞线充电」「殡葬这块」
    「地下水的事」, data/matter_named.txt)."""
    return _alternatives("matter_named.txt")


@cache
def function_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters that make an unseen two-character word a fragment (data/function_chars.txt):
    those it may end with, and those it may start with."""
    rows = dict(line.split("\t", 1) for line in _lines("function_chars.txt"))
    return frozenset(rows["end"].strip()), frozenset(rows["start"].strip())


def is_fragment(word: str) -> bool:
    """「局有」「过防」: an asking or linking character glued to a neighbour's half."""
    ends, starts = function_chars()
    return len(word) == 2 and (word[1] in ends or word[0] in starts)


@cache
def generic_heads() -> tuple[str, ...]:
    """Heads after a matter (问题, 方面 …) that a report may word otherwise (data/generic_heads.txt)."""
    return tuple(sorted(_words("generic_heads.txt"), key=len, reverse=True))


@cache
def kind_words() -> frozenset[str]:
    """Words saying what kind of thing a matter is (办法, 方案, 工作 …), which different matters
    share (data/kind_words.txt)."""
    return frozenset(_words("kind_words.txt"))


@cache
def aspect_words() -> frozenset[str]:
    """Words naming a side of a matter (资金, 进度, 责任 …), not a matter (data/aspect_words.txt)."""
    return frozenset(_words("aspect_words.txt"))


@cache
def not_glosses() -> frozenset[str]:
    """Draft markers in brackets (送审稿, 修订 …), which gloss nothing (data/not_glosses.txt)."""
    return frozenset(_words("not_glosses.txt"))


@cache
def terms() -> frozenset[str]:
    """Record terms a question may hold that the tokenizer can cut apart (data/terms.txt)."""
    return frozenset(_words("terms.txt"))


@cache
def asked_kinds() -> re.Pattern[str]:
    """「什么方案」「哪些文件」: the kind of thing asked for, removed before reading the topic."""
    return _alternatives("asked_kinds.txt")


@cache
def document_author() -> re.Pattern[str]:
    """After a department's name, what makes it a document's author (data/document_author.txt)."""
    return _alternatives("document_author.txt")


@cache
def documents_asked() -> re.Pattern[str]:
    """「审议通过了哪些文件」: a question asking which documents passed (data/documents_asked.txt)."""
    return _alternatives("documents_asked.txt")


@cache
def numbered_names() -> re.Pattern[str]:
    """「五次全会」「第十九次集体学习」: names told apart by their number (data/numbered_names.txt)."""
    return _alternatives("numbered_names.txt")


@cache
def exclusion() -> re.Pattern[str]:
    """「除了安全生产，还有别的…」: what the user leaves out (data/exclusion.txt, group 1)."""
    return _alternatives("exclusion.txt")


@cache
def places() -> tuple[str, ...]:
    """Jurisdiction names, longest first (data/places.txt)."""
    return tuple(sorted(_words("places.txt"), key=len, reverse=True))


@cache
def place_aliases() -> dict[str, tuple[str, ...]]:
    """Each place with the names its own reports may use instead (data/place_aliases.tsv)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines("place_aliases.tsv"):
        place, alias = line.split("\t")
        out[place] = (*out.get(place, (place,)), alias)
    return out


@cache
def asking_phrases() -> re.Pattern[str]:
    """How a question asks, corrects or restates (「说错了，我是想问…」「有没有提…」), removed
    before the topic is read."""
    return _alternatives("asking_phrases.txt")


@cache
def meeting_pointer() -> re.Pattern[str]:
    """「那次会议」: a question pointing at one meeting (data/meeting_pointer.txt)."""
    return _alternatives("meeting_pointer.txt")


@cache
def meetings_pointer() -> re.Pattern[str]:
    """「这几次」「那两次会」: a follow-up pointing at the meetings the last answer listed
    (data/meetings_pointer.txt)."""
    return _alternatives("meetings_pointer.txt")


@cache
def meeting_request() -> re.Pattern[str]:
    """A question asking which meeting took something up (「是哪次会议研究的」)."""
    return _alternatives("meeting_request.txt")


@cache
def personal_cues() -> re.Pattern[str]:
    """A question about the asker's own affairs (「我家里蚊子多」): out of the records' scope."""
    return _alternatives("personal_cues.txt")


@cache
def future_cues() -> re.Pattern[str]:
    """A question about a meeting still to come (「下一次…啥时候开」): out of the records' scope."""
    return _alternatives("future_cues.txt")


@cache
def body_equivalents() -> dict[str, str]:
    """A body named in questions and the one these records hold instead (data/body_equivalents.tsv)."""
    return dict(tuple(line.split("\t")) for line in _lines("body_equivalents.tsv"))


@cache
def typos() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Input-method slips and what was meant (data/typos.tsv: a regex, then the text)."""
    return tuple((re.compile(typed), meant)
                 for typed, meant in (line.split("\t") for line in _lines("typos.tsv")))


@cache
def answered_order() -> dict[str, re.Pattern[str]]:
    """「最近的那次」「前面那次」: which of the meetings the last answer found, by date
    (data/answered_order.tsv: ``latest`` or ``earliest``, then a regex)."""
    return _keyed_patterns("answered_order.tsv")


@cache
def other_bodies() -> dict[str, re.Pattern[str]]:
    """「政协常委会」「纪委全会」: bodies whose own meetings a question asks for, by name
    (data/other_bodies.tsv)."""
    return _keyed_patterns("other_bodies.tsv")


@cache
def relative_cues() -> dict[str, re.Pattern[str]]:
    """「后来又在哪些会上提过」「之前哪次会研究过」: meetings after or before the one under
    discussion (data/relative_cues.tsv: ``after`` or ``before``, then a regex)."""
    return _keyed_patterns("relative_cues.tsv")


@cache
def mention_verbs() -> re.Pattern[str]:
    """「提过」「审过」: what a relative follow-up asks the other meetings did with the matter
    (data/mention_verbs.txt)."""
    return _alternatives("mention_verbs.txt")


@cache
def items_asked() -> re.Pattern[str]:
    """「一共几项重点任务」「那几条都是啥」: every item of a numbered list (data/items_asked.txt)."""
    return _alternatives("items_asked.txt")


@cache
def issuers() -> tuple[str, ...]:
    """Words naming whose report a question means (国务院, 平潭; data/issuers.txt), longest first."""
    return tuple(sorted(_words("issuers.txt"), key=lambda w: (-len(w), w)))


@cache
def item_labels() -> tuple[re.Pattern[str], ...]:
    """「“五要”」「三个“要”」「七个抓」: a list named by its count and the word its items repeat
    (data/item_labels.txt; groups ``count`` and ``marker``)."""
    return tuple(re.compile(line) for line in _lines("item_labels.txt"))


@cache
def item_positions() -> tuple[re.Pattern[str], ...]:
    """「第四个」「排第一的」「最后一件」: one item of a list asked for by its place
    (data/item_positions.txt; group ``pos``)."""
    return tuple(re.compile(line) for line in _lines("item_positions.txt"))


@cache
def series_cues() -> re.Pattern[str]:
    """「打造」 of 「打造A、B、C」: what a series' first thing follows (data/series_cues.txt)."""
    return _alternatives("series_cues.txt")


@cache
def list_nouns() -> frozenset[str]:
    """「任务」 of 「任务第一项」: what a list asked into is of (data/list_nouns.txt)."""
    return frozenset(_words("list_nouns.txt"))


@cache
def same_meeting() -> re.Pattern[str]:
    """「同一次」「那次会上」: the meeting the last answer found (data/same_meeting.txt)."""
    return _alternatives("same_meeting.txt")


@cache
def same_day() -> re.Pattern[str]:
    """「同一天还开了什么会」: the meetings held on the day of the one under discussion
    (data/same_day.txt)."""
    return _alternatives("same_day.txt")


@cache
def yes_no_cues() -> re.Pattern[str]:
    """「有没有提…」「提没提…」: whether a meeting spoke of something (data/yes_no_cues.txt)."""
    return _alternatives("yes_no_cues.txt")


@cache
def asking_words() -> re.Pattern[str]:
    """Words that make a part of a question ask something (data/asking_words.txt)."""
    return _alternatives("asking_words.txt")


@cache
def explain_cues() -> re.Pattern[str]:
    """A question asking what a thing is or how it works (「…到底是啥」): the reports never
    explain; out of scope unless a meeting is named (data/explain_cues.txt)."""
    return _alternatives("explain_cues.txt")


@cache
def live_cues() -> re.Pattern[str]:
    """A question about a live fact of the moment (今天的汇率, 台风现在到哪了): out of scope
    (data/live_cues.txt)."""
    return _alternatives("live_cues.txt")


@cache
def context_request() -> re.Pattern[str]:
    """「那句的上下文」「那段原话」: the words around the passage found
    (data/context_request.txt)."""
    return _alternatives("context_request.txt")


@cache
def quote_request() -> re.Pattern[str]:
    """A request for the report's own words (原话给我), which no explain cue makes out of
    scope (data/quote_request.txt)."""
    return _alternatives("quote_request.txt")


@cache
def drafting_purpose() -> re.Pattern[str]:
    """Why a drafter asks (写材料要用): taken out before the question is read, and a request
    for the reports' own words (data/drafting_purpose.txt)."""
    return _alternatives("drafting_purpose.txt")


@cache
def intent_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(intent name, pattern)`` in priority order (see data/intents.tsv)."""
    out = []
    for line in _lines("intents.tsv"):
        name, pattern = line.split("\t", 1)
        out.append((name, re.compile(pattern)))
    return tuple(out)


@dataclass(frozen=True)
class DetailRule:
    """A detail a question asks for and what a sentence stating it contains."""

    name: str
    label: str  # how an answer names it (「记录中没有写明金额」)
    asked: re.Pattern[str]
    stated: re.Pattern[str]

    @property
    def catch_all(self) -> bool:
        """The row any 多少 asks (data/details.tsv «value»): any number states it."""
        return self.name == ANY_VALUE


# The detail row that any 多少 asks (data/details.tsv «value»).
ANY_VALUE = "value"
# The row of a completion deadline (多久, 期限): not asked when two meetings' dates are compared.
DEADLINE = "deadline"
# The row of who holds a post (「管委会主任是谁」): the post is what the reports are searched for.
ROLE_HOLDER = "role_holder"


@cache
def detail_subjects() -> frozenset[str]:
    """Nouns a detail's question pattern takes in that stay topic words (data/detail_subjects.txt)."""
    return frozenset(_words("detail_subjects.txt"))


@cache
def detail_rules() -> tuple[DetailRule, ...]:
    """Details (amount, deadline, count, person) and their evidence patterns."""
    out = []
    for line in _lines("details.tsv"):
        name, label, asked, stated = line.split("\t")
        out.append(DetailRule(name, label, re.compile(asked), re.compile(stated)))
    return tuple(out)


@cache
def pinyin_words() -> frozenset[str]:
    """Words questions are typed with, read first from toneless pinyin (data/pinyin_words.txt)."""
    return frozenset(_words("pinyin_words.txt"))


@cache
def date_order() -> re.Pattern[str]:
    """Questions setting meetings' dates side by side (data/date_order.txt)."""
    return re.compile("|".join(_lines("date_order.txt")))


@cache
def never_slips() -> frozenset[frozenset[str]]:
    """Pairs of characters never a typing slip of each other (data/never_slips.txt)."""
    return frozenset(frozenset(line.split()) for line in _lines("never_slips.txt"))


@cache
def pinyin_counters() -> tuple[dict[str, str], dict[str, str]]:
    """Syllables read as a counter before a number (di → 第) and after one (ci → 次)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for line in _lines("pinyin_numbers.tsv"):
        where, syllable, char = line.split("\t")
        (before if where == "before" else after)[syllable] = char
    return before, after


@cache
def department_areas() -> dict[str, tuple[str, ...]]:
    """Each department's area in the reports' words (data/department_areas.tsv)."""
    out = {}
    for line in _lines("department_areas.tsv"):
        dept, _, words = line.partition("\t")
        out[dept] = tuple(words.split())
    return out


@cache
def report_cues() -> dict[str, re.Pattern[str]]:
    """How reports state agenda items, decisions, attendance, place (data/report_cues.tsv)."""
    out = {}
    for line in _lines("report_cues.tsv"):
        name, pattern = line.split("\t", 1)
        out[name] = re.compile(pattern)
    return out


@dataclass(frozen=True)
class Abbreviation:
    """A short form and a pattern for its full form (data/abbreviations.tsv)."""

    short: str
    full: re.Pattern[str]
    # The full form's literal parts (拖欠…工资 → 拖欠, 工资): words a keyword search can use.
    parts: tuple[str, ...] = ()


def short_form_in(short: str, lowered: str) -> bool:
    """Whether lower-cased ``lowered`` holds the short form: a Latin one (AI, GDP) as a
    word of its own, never inside pinyin (「zhenggai」 holds no AI: bench/answers_dev39.jsonl
    ah145)."""
    latin = _latin_word(short.lower())
    return latin.search(lowered) is not None if latin else short.lower() in lowered


@cache
def _latin_word(short: str) -> re.Pattern[str] | None:
    # Compiled once per form: it is tested against every sentence an answer scores.
    return re.compile(rf"(?<![a-z]){re.escape(short)}(?![a-z])") if short.isascii() else None


@cache
def abbreviations() -> tuple[Abbreviation, ...]:
    """Short and everyday forms with the documents' forms: abbreviations.tsv, and the
    everyday words people type for the reports' terms (colloquial.tsv)."""
    return _abbreviations_of("abbreviations.tsv", "colloquial.tsv", "colloquial_more.tsv",
                             "colloquial_third.tsv", "colloquial_residents.tsv")


@cache
def search_only_abbreviations() -> tuple[Abbreviation, ...]:
    """Everyday forms naming something narrower than the documents' form (家电补贴 → 以旧换新):
    searched for, never taken as matched by it (data/colloquial_search_only.tsv)."""
    return _abbreviations_of("colloquial_search_only.tsv")


def _abbreviations_of(*names: str) -> tuple[Abbreviation, ...]:
    out = []
    for line in [line for name in names for line in _lines(name)]:
        short, full = line.split("\t")
        pattern = ".{0,6}".join(re.escape(part) for part in full.split("…"))
        parts = tuple(part for part in full.split("…") if part)
        out.append(Abbreviation(short, re.compile(pattern), parts))
    return tuple(out)
