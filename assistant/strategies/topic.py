"""Topic questions: what the records say about X, within named meetings or across all.

The sentences to quote are chosen by lexical coverage and semantic similarity
together (assistant/evidence.py); whether they answer is decided by the same
two measures (assistant/answerability.py), and a detail the question asks for
(an amount, a deadline …) must be stated in a quoted sentence. When a named
meeting does not cover the topic, the answer says so, says what that meeting
did take up, and points to the meetings where the topic does appear.
"""

from __future__ import annotations

import re
from itertools import pairwise

from assistant import lexicon
from assistant.answer_types import Answer, Quote, QuoteKind
from assistant.answerability import thresholds, topic_confidence, topic_found
from assistant.citations import Sentence, meeting_of, sentences_of
from assistant.compose import compose, not_found
from assistant.enumeration import ITEM_WORD, SAYER, item_runs, on_topic, run_sentences
from assistant.evidence import (
    Evidence,
    coverage,
    equivalent_words,
    has_word,
    narrow,
    passage_sentences,
    score,
)
from assistant.query_ref import strip_references
from assistant.question import Intent, Question
from assistant.retriever import SearchResult, is_meeting
from assistant.strategies.base import (
    ASKS_WHO,
    ENUMERATION,
    MAX_SCOPED_DOCS,
    AnswerContext,
    AnswerStrategy,
    opening_sentence,
    overview,
    scope_notes,
)
from assistant.topic_match import whole_words
from ingest.numerals import parse_cn_int
from vectorstore.keyword_index import tokenize

_SEMANTIC_K_SCOPED = 400
_SEMANTIC_K_OPEN = 60
_PASSAGES = 20


def _sentences_of_hits(ctx: AnswerContext, semantic: dict[tuple[str, int], float],
                       have: set[str]) -> list[Sentence]:
    """Sentences of passages the sentence leg found that retrieval did not return."""
    extra = sorted({pid for pid, _ in semantic} - have)
    out = []
    for h in ctx.passages.get(extra):
        md = dict(h.metadata, id=h.id)
        out += [s for s in sentences_of(h.text, h.id, md, 50) if len(s.text) >= 6]
    return out


def gather(q: Question, result: SearchResult, ctx: AnswerContext) -> list[Evidence]:
    """Score the candidate sentences for a topic question, best first."""
    scoped = result.meetings if 0 < len(result.meetings) <= MAX_SCOPED_DOCS else []
    if scoped:
        doc_ids = [r.doc_id for r in scoped]
        candidates = ctx.sentences(scoped)
        semantic = ctx.semantic(q, doc_ids, _SEMANTIC_K_SCOPED) if q.topic else {}
    else:
        candidates = passage_sentences(result.passages[:_PASSAGES])
        # Too many meetings to read whole, or no meeting named in a large archive:
        # the sentence leg looks within the reports retrieval reached (a search
        # among 156 meetings' sentences was most of the slowest questions' time at
        # 100k passages; one over all 442k sentences holds their whole HNSW index
        # in memory, ~1 GB: bench/scale.py).
        # A relative follow-up searched only the meetings after (or before) its own.
        reached = result.meetings or result.relative_anchor is not None or \
            ctx.sentence_count() > thresholds().open_sentence_search_max_sentences
        doc_ids = sorted({p.metadata.get("doc_id", "") for p in result.passages[:_PASSAGES]}
                         if reached else set()) or None
        semantic = ctx.semantic(q, doc_ids, _SEMANTIC_K_OPEN) if q.topic else {}
        have = {s.passage_id for s in candidates}
        candidates += _sentences_of_hits(ctx, semantic, have)
    return score(q, candidates, semantic)


def _elsewhere(q: Question, ctx: AnswerContext, exclude: set[str]) -> list[Quote]:
    """Where else the topic is discussed: the best sentence outside the named meetings."""
    if ctx.keyword_index is None or not q.topic:
        return []
    hits = ctx.keyword_index.search(" ".join(q.topic), 10)
    docs = [d for d in ctx.passages.get([pid for pid, _ in hits])
            if d.metadata.get("doc_id") not in exclude]
    best: tuple[float, Sentence] | None = None
    for h in docs:
        md = dict(h.metadata, id=h.id)
        for s in sentences_of(h.text, h.id, md):
            c = coverage(q, s.text)
            if c >= thresholds().topic_lexical_found and (best is None or c > best[0]):
                best = (c, s)
    return [Quote(best[1], QuoteKind.CONTEXT, "该内容见于其他会议")] if best else []




# A sentence that opens a new point of the meeting (会议强调，… / 赖军指出，…).
_POINT_OPENS = re.compile(f"^(?:会议|会上|{SAYER})")
# How far a passage asked for whole reaches either side of the sentence found.
_PASSAGE_REACH = 3


def _with_neighbours(quotes: list[Quote], ctx: AnswerContext) -> list[Quote]:
    """The first quote with the rest of its passage: back to the sentence opening its point
    of the meeting (「会议强调，…」) and on to the next point, at most three sentences either
    side (or the sentence either side where no point opens). What a drafter asking for
    「上下文」 or 「那段」 reads around it (bench/answers_dev57.jsonl az015)."""
    first = quotes[0].sentence
    doc = ctx.doc_sentences(first.doc_id)
    at = next((i for i, s in enumerate(doc)
               if s.doc_start <= first.doc_start < s.doc_start + len(s.text)), None)
    if at is None:
        return quotes
    start = at
    while start > max(0, at - _PASSAGE_REACH) and not _POINT_OPENS.match(doc[start].text):
        start -= 1
    if not _POINT_OPENS.match(doc[start].text):
        start = max(0, at - 1)
    end = at + 1
    while end < min(len(doc), at + 1 + _PASSAGE_REACH) and not _POINT_OPENS.match(doc[end].text):
        end += 1
    if end == at + 1 + _PASSAGE_REACH:
        end = min(len(doc), at + 2)
    have = {x.sentence.key for x in quotes}
    around = [Quote(doc[i], QuoteKind.TOPIC) for i in range(start, end)
              if i != at and doc[i].key not in have]
    return quotes[:1] + around + quotes[1:]


def _departments_absent(q: Question, quotes: list[Quote], ctx: AnswerContext) -> list[str]:
    """The departments asked about, when no quoted report names any of them."""
    if not q.departments or not quotes:
        return []
    named = set().union(*(ctx.departments_in(d) for d in {x.sentence.doc_id for x in quotes}))
    return [] if named & set(q.departments) else list(q.departments)


def _with_presider(quotes: list[Quote], ctx: AnswerContext) -> list[Quote]:
    """「…是谁在什么会上提的」: the sentence saying who presided or spoke, for the first meeting."""
    doc = ctx.doc_sentences(quotes[0].sentence.doc_id)
    have = {x.sentence.key for x in quotes}
    for s in doc[:6]:
        if re.search(r"主持|并(?:作)?讲话", s.text) and s.key not in have:
            return [Quote(s, QuoteKind.FACT), *quotes]
    return quotes


_CONVENED = re.compile(r"召开|主持|举行")
_MAX_NAMED_MEETINGS = 3


def _with_meeting_sentences(quotes: list[Quote], ctx: AnswerContext) -> list[Quote]:
    """「…是哪次会通过的」: the answer is a meeting, so the sentence that names it (who
    convened which meeting, and when) is quoted for each meeting found, up to three
    (bench/answers_dev12.jsonl v062, v072, v116: the meeting was right, its name unquoted)."""
    have = {x.sentence.key for x in quotes}
    added: list[Quote] = []
    for doc_id in list(dict.fromkeys(x.sentence.doc_id for x in quotes))[:_MAX_NAMED_MEETINGS]:
        opening = next((s for s in ctx.doc_sentences(doc_id)[:4] if _CONVENED.search(s.text)),
                       None)
        # The headline names the meeting as the report is cited by (bench/answers_dev55.jsonl
        # ax001, ax015, ax044, ax086: 「实验区召开管委会2026年第7次主任办公会」).
        headline = ctx.doc_sentences.headline(doc_id)
        if headline is not None and headline.key not in have:
            added.append(Quote(headline, QuoteKind.FACT))
        if opening is not None and opening.key not in have:
            added.append(Quote(opening, QuoteKind.FACT))
    # A clause of the opening sentence (its 审议并原则通过…) is already quoted by it.
    kept = [x for x in quotes if not any(a.sentence.doc_id == x.sentence.doc_id
                                         and x.sentence.text in a.sentence.text for a in added)]
    return added + kept


def _body_search(q: Question, named: list) -> bool:
    """A question naming a body (and perhaps a year) but no one meeting of it: several of
    its meetings are searched."""
    return len(named) > 1 and q.ref.number is None and q.ref.day is None


_BLOCK_SECTIONS = frozenset({"强调", "要求", "讲话", "指出"})
_MAX_FOLLOWING = 2


def _expand_blocks(quotes: list[Quote], evidence: list[Evidence], ctx: AnswerContext,
                   cap: int, topic_words: tuple[str, ...] = (),
                   detail_stated: tuple[re.Pattern[str], ...] = (),
                   asks_requirements: bool = False) -> list[Quote]:
    """Within a named meeting, the sentences that continue a quoted requirement.

    A block 「会议要求，要抓投资…。要抓招商…。」 names its topic once: the sentences
    after the one that matched carry on the same point without repeating its
    words. Up to two following sentences of the same section are added when they
    share something with the question (a word or a semantic margin); an
    enumeration (一是…二是…) is followed to its end. A sentence stating the detail the
    question asks for (``detail_stated``: 「…确保年底兑现」 for 「啥时候之前要解决」) goes on
    with the point too.
    """
    by_key = {e.sentence.key: e for e in evidence}
    out = list(quotes)
    have = {x.sentence.key for x in out}
    for x in quotes:
        doc = ctx.doc_sentences(x.sentence.doc_id)
        keys = [d.key for d in doc]
        if x.sentence.key not in keys:
            continue
        i = keys.index(x.sentence.key)
        # The report's own sentence carries the section (a retrieved passage's does not).
        s = doc[i]
        if (_AGENDA_ITEM.match(s.text) and i + 1 < len(doc) and not _NOT_AN_ITEM.search(s.text)
                and _REQUIREMENT_OPENS.match(doc[i + 1].text) and len(out) < cap):
            # (Not after the opening, 「…主持召开…，审议…《A》《B》」: the block after it is
            # about A, while the question may be about B: bench/answers_dev20.jsonl t123.)
            # 「会议研究了2026年区重点项目计划。会议要求，要强化项目管理…。」: the block
            # right after an item is its discussion (bench/answers_dev18.jsonl r098).
            i, s = i + 1, doc[i + 1]
            if s.key not in have:
                out.append(Quote(s, x.kind, x.label))
                have.add(s.key)
        before = doc[i - 1] if i > 0 else None
        if (before is not None and s.section in _BLOCK_SECTIONS and before.section == s.section
                and before.key not in have and len(out) < cap
                and by_key.get(before.key) is not None and by_key[before.key].lexical > 0):
            # 「会议强调，…进一步强化防雷安全数字化监管…。加强雷电灾害防御工作，广泛开展防雷
            # 减灾知识宣传…。」: the block's sentence before the quoted one, sharing a topic
            # word, is the same point begun (bench/answers_dev21.jsonl u010).
            out.append(Quote(before, x.kind, x.label))
            have.add(before.key)
        # 「会议研究了…有关事宜，强调要…。要…。」: an agenda item that goes on to charges.
        charges = bool(_CHARGE_OPENS.match(s.text) or _CHARGE_IN.search(s.text))
        if s.section not in _BLOCK_SECTIONS and not ENUMERATION.match(s.text) and not charges:
            continue
        # 「黄建波在会上部署了啥」: the question names the speaker, so his whole speech answers.
        speaker = s.section == "讲话" and any(s.text.startswith(w) for w in topic_words)
        followed = 0
        listing = False
        rest = doc[i + 1:]
        for j, nxt in enumerate(rest):
            if nxt.section != s.section or len(out) >= cap:
                break
            ev = by_key.get(nxt.key)
            enumerated = bool(ENUMERATION.match(nxt.text))
            listing = listing or enumerated
            if listing and not enumerated and any(
                    ENUMERATION.match(d.text) for d in rest[j + 1:j + 3]
                    if d.section == s.section):
                # 「一是提消费。进一步围绕…。二是稳投资。…」: between the items of a list,
                # the items are quoted, the explanations skipped (bench/questions.jsonl q019).
                continue
            # 「要坚持司法为民…。要坚持从严治警…。」: a 要-sentence goes on with the same charge.
            # So does 「会议指出，要…。要…。」: the block's opening charge (answers_dev8 n084).
            # 「…有啥要求」: 「会议指出，…关乎群众切身利益。要提高站位…」 — the 要 after what
            # the meeting observed is the requirement asked for (bench/answers_dev88.jsonl ce133).
            goes_on = nxt.text.startswith("要") and (charges or (
                asks_requirements and s.section == "指出" and not followed))
            # 「会议指出，推动解决群众反映的民生热点问题…。要提高站位…，确保年底兑现」: the
            # deadline asked is in the sentence after (bench/answers_dev43.jsonl al042).
            states_detail = any(p.search(nxt.text) for p in detail_stated)
            related = speaker or goes_on or states_detail or (
                ev is not None and (ev.lexical > 0 or ev.semantic_gain > 0.02))
            if not (enumerated or related) or (
                    # A run of 要-sentences is one block of charges: followed to its end
                    # (bench/answers_dev2.jsonl e116: the sixth 要 of 食品安全 was cut).
                    followed >= _MAX_FOLLOWING and not (enumerated or speaker or goes_on)):
                break
            if nxt.key not in have:
                out.append(Quote(nxt, x.kind, x.label))
                have.add(nxt.key)
            followed = followed + 1
    return out


_CLAUSE_END = re.compile(r"[，；。]")
_REQUIREMENT_OPENS = lexicon.report_cues()["requirement_opens"]
_CHARGE_OPENS = re.compile(f"(?:(?:{_REQUIREMENT_OPENS.pattern})[，,])?要")
_CHARGE_IN = re.compile(r"[，,](?:并)?(?:强调|要求|指出)[，,]?要")
_NOT_AN_ITEM = re.compile(r"主持|召开|讯")
_AGENDA_ITEM = re.compile(r"会议(?:还|并|先后|同时)?(?:研究|审议|听取)")
# A word shared between a quoted sentence and an opening clause ties them when it
# is rarer than half the rarest possible (IDF of a word in one passage): 殡葬, 巴威,
# 下一代, not 工作 or 会议. Chosen on bench/answers_dev2.jsonl (BENCHMARKS.md).
_RARE_SHARE = 0.5
_MAX_ITEM_DOCS = 3


def _item_words(q: Question, index, item: str) -> tuple[set[str], float]:
    """What ties an agenda item to its discussion, and the weight a match must pass: its
    rare words, any weight; else (部署一季度安全生产工作, all common) the question's words
    in it, of which the discussion's opening must hold :data:`_ITEM_WORDS_HELD`."""
    rare = _rare_words(index, item)
    if rare:
        return rare, 0.0
    words = {w for w in q.topic if w in item}
    # 一季 and 季度 are parts of 一季度 (search-mode tokens): weighed once, as the whole.
    return words, _ITEM_WORDS_HELD * sum(index.idf(w) for w in whole_words(words))


def _rare_words(index, text: str) -> set[str]:
    """Words of ``text`` rarer than the :data:`_RARE_SHARE` bound: what ties two passages."""
    rare = _RARE_SHARE * index.idf("\u0000")
    return {t for t in tokenize(text) if len(t) >= 2 and index.idf(t) >= rare}


# 「审议并原则通过《A》《B》」 names two items in one clause: each title is an item of its own
# (bench/answers_dev20.jsonl t123: the discussion of A was quoted for a question about B).
_TITLES_MEET = re.compile(r"》(?=《)")


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    split = []
    for a, b in spans:
        cuts = [a, *(m.end() for m in _TITLES_MEET.finditer(text, a, b)), b]
        split += list(pairwise(cuts))
    return [(a, b) for a, b in split if b - a >= 4]


def _agenda_items(q: Question, quotes: list[Quote], ctx: AnswerContext) -> list[Quote]:
    """「哪次会研究过X」: the item of the meeting's opening that a quoted sentence belongs to.

    A report's opening lists what the meeting took up (「…研究…，以及落实殡葬服务普惠
    政策有关事宜」); the sentences quoted for the topic discuss one of those items.
    The clause of the opening that shares the quoted sentences' rare words is that
    item, and it is what says the meeting took the matter up.
    """
    index = ctx.keyword_index
    if index is None or not quotes:
        return []
    have = {x.sentence.key for x in quotes}
    out = []
    for doc_id in list(dict.fromkeys(x.sentence.doc_id for x in quotes))[:_MAX_ITEM_DOCS]:
        opening = opening_sentence(ctx.doc_sentences(doc_id))
        if opening is None or opening.key in have:
            continue
        words = set().union(*(_rare_words(index, x.sentence.text) for x in quotes
                               if x.sentence.doc_id == doc_id))
        best = None
        for a, b in _clauses(opening.text):
            clause = opening.text[a:b]
            if _NOT_AN_ITEM.search(clause):
                continue
            weight = sum(index.idf(t) for t in set(tokenize(clause)) if t in words)
            # Of the items the quoted discussion shares words with, the one the question names.
            weight += weight and sum(w for t, w in q.seen_topic.items() if has_word(q, t, clause))
            if weight and (best is None or weight > best[0]):
                best = (weight, a, b)
        if best:
            _w, a, b = best
            item = opening.part(a, b)
            # An opening that is a single item is quoted already as the sentence itself.
            if not any(item.text in x.sentence.text for x in quotes):
                out.append(Quote(item, QuoteKind.AGENDA))
    return out


_DISCUSSION_SECTIONS = frozenset({"指出", "强调", "要求", "讲话"})
# Share of an item's (common) words' weight that the opening of its discussion holds: 安全 +
# 生产 of 一季度 + 安全 + 生产 is 0.50 (bench/answers_dev17.jsonl q017).
_ITEM_WORDS_HELD = 0.4


def _item_discussion(q: Question, quotes: list[Quote], ctx: AnswerContext,
                     cap: int) -> list[Quote]:
    """「政法工作那部分怎么要求的」: the topic is named only in the opening's list of items;
    the meeting's discussion of that item follows in a 指出/强调/要求 section that does not
    repeat its words. The section whose opening sentence shares the item's rare words
    (第十九次集体学习 in both) is that discussion (bench/answers_dev3.jsonl f099)."""
    index = ctx.keyword_index
    if index is None or not quotes:
        return []
    out: list[Quote] = []
    for doc_id in dict.fromkeys(x.sentence.doc_id for x in quotes):
        doc = ctx.doc_sentences(doc_id)
        opening = opening_sentence(doc)
        mine = [x for x in quotes if x.sentence.doc_id == doc_id]
        if opening is None or any(x.sentence.key != opening.key and x.sentence.section != "导语"
                                  for x in mine):
            continue
        clauses = [opening.text[a:b] for a, b in _clauses(opening.text)]
        top = max((coverage(q, c) for c in clauses), default=0.0)
        if not top:
            continue
        # Items that match equally all count: 「传达全省一季度安全生产例会精神，…，部署一季度
        # 安全生产工作」 — the second is what the 强调 block discusses (answers_dev17 q017).
        items = [_item_words(q, index, c) for c in clauses if coverage(q, c) == top]
        best: tuple[float, int] | None = None
        for i, sent in enumerate(doc):
            # A second 「会议强调，…」 in one 强调 section opens a discussion of its own
            # (bench/answers_dev7.jsonl m069: 政府投资基金 after 重点项目).
            opens = i == 0 or doc[i - 1].section != sent.section or bool(
                _REQUIREMENT_OPENS.match(sent.text))
            if not opens or sent.section not in _DISCUSSION_SECTIONS:
                continue
            tokens = set(tokenize(sent.text))
            weight = max((w for w, floor in ((sum(index.idf(t) for t in tokens if t in words),
                                              floor) for words, floor in items) if w > floor),
                         default=0.0)
            if weight and (best is None or weight > best[0]):
                best = (weight, i)
        if best is None:
            continue
        start = best[1]
        block = [d for d in doc[start:] if d.section == doc[start].section]
        run = []
        for d in block:
            if d.key != doc[start].key and not d.text.startswith("要") and not ENUMERATION.match(
                    d.text):
                break
            run.append(d)
        out += [Quote(d, QuoteKind.TOPIC) for d in run[:cap]]
    return out


def measure(q: Question, evidence: list[Evidence]) -> dict[str, float]:
    """What the answerability decision reads, from the scored candidates."""
    if not evidence:
        return {"lexical": 0.0, "semantic": 0.0, "anchor": 0.0, "unseen": 1.0}
    top = evidence[:3]
    anchor = q.anchor
    seen = sum(q.seen_topic.values())
    # Search-mode parts of one word (公益, 益性 of 公益性) weigh once, as the whole word:
    # counted thrice, 公益性 + 建设 outweighed the unseen 公墓/骨灰堂 of 「公益性公墓、骨灰堂的
    # 建设」 (bench/answers_dev19.jsonl s049).
    whole = sum(q.seen_topic[w] for w in whole_words(q.seen_topic))
    lexical = max(e.lexical for e in evidence)
    # Words in no passage all carry the top IDF: the matched weight in that unit
    # does not change with the size of the archive.
    unit = max((q.topic[w] for w in q.unseen), default=0.0)
    best = max(evidence, key=lambda e: e.lexical)
    # A quoted enumeration (有态度、有路线、有办法) is one unit: a sentence states one part.
    grouped = q.alternative_words
    units = [{w} for w in q.seen_topic if w not in grouped] + [
        set(g) & set(q.seen_topic) for g in q.alternatives if set(g) & set(q.seen_topic)]
    held = sum(any(has_word(q, w, best.sentence.text) for w in unit) for unit in units)
    return {
        # One word of a three-word topic (垃圾 of 生活垃圾分类, in 建筑垃圾) is a
        # different matter more often than the same one said otherwise.
        # So is one word of a compound the user typed as one (生产 of 安全生产, in 生产力:
        # bench/answers_dev6.jsonl k019).
        "lone_word": float(held <= 1 and (len(units) >= 3 or (
            len(units) == 2 and len(topic_phrases(q)) == 1))),
        "matched_vs_unseen": lexical * whole / unit if unit else 0.0,
        "lexical": lexical,
        "top_lexical": evidence[0].lexical,
        "semantic": max(e.semantic_gain for e in top),
        "anchor": float(any(has_word(q, anchor, e.sentence.text) for e in top)),
        "unseen": 1 - seen / q.topic_weight if q.topic_weight else 1.0,
        # The best sentence holds the documents' form of an everyday one the question typed.
        "everyday": float(bool(q.everyday_words & equivalent_words(q, best.sentence.text))),
    }




def _from_meetings(q: Question, evidence: list[Evidence]) -> list[Evidence]:
    """「是哪次会议研究的」 is answered by a meeting: a work report that uses the same
    words gives way when some meeting's sentences answer too (bench/questions_holdout.jsonl
    h013: three 政府工作报告 outscored the 主任办公会 that took the matter up)."""
    meetings = [e for e in evidence if is_meeting(e.sentence.metadata)]
    if meetings and len(meetings) < len(evidence) and topic_found(measure(q, meetings),
                                                                  scoped=False):
        return meetings
    return evidence


def _other_mentions(q: Question, evidence: list[Evidence], quotes: list[Quote],
                    most: int) -> list[Quote]:
    """「台湾小镇提升改造的原话帮我找下」: the best quotes say 台湾小镇提升改造; other reports say
    台湾小镇 only, scored below the floor, and a drafter wants them too (bench/answers_dev34.jsonl
    ac099). One sentence from each of ``most`` more reports holding the anchor phrase."""
    from assistant.evidence import has_word

    anchor = q.anchor_phrase
    if not anchor:
        return []
    have_docs = {x.sentence.doc_id for x in quotes}
    have = {x.sentence.text for x in quotes}
    out: list[Quote] = []
    for ev in evidence:
        if len(out) >= most:
            break
        s = ev.sentence
        if s.doc_id in have_docs or s.text in have or not (
                anchor in s.text if len(anchor) > len(q.anchor) else has_word(q, anchor, s.text)):
            continue
        have_docs.add(s.doc_id)
        out.append(Quote(narrow(s, q), QuoteKind.TOPIC))
    return out


# A list item led by a slogan in quotes: 「做到“地要合”，深化土地制度改革…」「“海要腾”，…」.
_SLOGAN_ITEM = re.compile(r"^(?:做到|实现|坚持)?“[\u4e00-\u9fff]{1,3}要[\u4e00-\u9fff]{1,3}”")
# Sentences between two items of one list at most (an item's own sentences).
_ITEM_GAP = 3
# A head this short (「五是促融合。」) is quoted with the sentence that says what it means.
_SHORT_HEAD = 12


def _whole_list(q: Question, quotes: list[Quote], ctx: AnswerContext) -> list[Quote]:
    """「一共几项重点任务」「“地要合”那几条都是啥」: ``quotes`` with every item of the numbered
    list they touch (its announcing sentence, 「突出把握七项重点任务」, or one of its items), in
    the first quoted report; a short head comes with its next sentence (bench/answers_dev49.jsonl
    ar049, answers_dev48.jsonl aq013)."""
    doc_id = quotes[0].sentence.doc_id
    doc = ctx.doc_sentences(doc_id)
    heads = [i for i, s in enumerate(doc)
             if ENUMERATION.match(s.text) or _SLOGAN_ITEM.match(s.text)]
    runs: list[list[int]] = []
    for i in heads:
        if runs and i - runs[-1][-1] <= _ITEM_GAP + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    have = {x.sentence.key for x in quotes}
    quoted = [i for i, s in enumerate(doc) if s.key in have]
    run = next((r for r in runs if len(r) > 1
                and any(r[0] - 2 <= i <= r[-1] + _ITEM_GAP for i in quoted)), None)
    picked: list[int] = []
    if run is None:
        # Unnumbered, the items repeat 要: 「要加强经济运行监测分析。…要持续扩大有效投资。…」
        # (bench/answers_dev53.jsonl av099).
        # The list must be the topic's: 046's 要 of 食品安全 sit beside its opening, and are
        # no answer to 「民生热点问题那几个汇报」 (av135).
        texts = [s.text for s in doc]
        near = next((r for r in item_runs(texts, ITEM_WORD) if not r.inline and any(
            r.items[0] - 2 <= i <= r.items[-1] + _ITEM_GAP for i in quoted)
            and on_topic(q, r, texts, ITEM_WORD)), None)
        picked = run_sentences(near, texts, ITEM_WORD) if near else _announced_items(doc, quoted)
    joined: dict[int, Sentence] = {}
    for h in run or ():
        picked.append(h)
        if len(doc[h].text) < _SHORT_HEAD and h + 1 < len(doc):
            picked.append(h + 1)
            # 「一是提消费。」 and what it means, as one quote: the head alone says little
            # (bench/answers_dev57.jsonl az063).
            both = doc[h].through(doc[h + 1])
            if both is not None:
                joined[h] = both
    kind, label = quotes[0].kind, quotes[0].label
    added = [Quote(joined.get(i, doc[i]), kind, label) for i in dict.fromkeys(picked)
             if doc[i].key not in have and i - 1 not in joined]
    # A head already quoted alone gives way to the head with its meaning.
    replaced = {doc[h].key for h in joined}
    kept = [x for x in quotes if x.sentence.key not in replaced]
    rejoined = [Quote(joined[h], kind, label) for h in joined if doc[h].key in have]
    return kept + rejoined + added


# 「重点抓好六个方面工作」: a sentence announcing how many items follow.
_ANNOUNCED = re.compile(r"([二三四五六七八九十])(?:个方面|个|项|条|点)")
# The announced items start within this many sentences of the announcement.
_ANNOUNCED_FIRST_WITHIN = 3


def _announced_items(doc: list[Sentence], quoted: list[int]) -> list[int]:
    """The heads of the list a quoted sentence announces, however long each item runs:
    「重点抓好六个方面工作。」 then 「（一）强化先行示范促融合。」 … 「（六）…」, pages apart in a
    work report (bench/answers_dev53.jsonl av110). Heads only: the sections are long."""
    for i in quoted:
        m = _ANNOUNCED.search(doc[i].text)
        if not m:
            continue
        wanted = parse_cn_int(m.group(1)) or 0
        first = next((j for j in range(i + 1, min(len(doc), i + 1 + _ANNOUNCED_FIRST_WITHIN))
                      if ENUMERATION.match(doc[j].text)), None)
        if first is None:
            continue
        style = _head_style(doc[first].text)
        heads = [j for j in range(first, len(doc)) if _head_style(doc[j].text) == style]
        if len(heads) >= wanted:
            return heads[:wanted]
    return []


def _head_style(text: str) -> str:
    """「（三）」 → 「（N）」, 「三是」 → 「N是」: how a list numbers its items ("" if not an item)."""
    m = ENUMERATION.match(text)
    return re.sub("[一二三四五六七八九十]+", "N", m.group()) if m else ""


def _details_stated(q: Question) -> tuple[re.Pattern[str], ...]:
    """How a report states the details ``q`` asks for; not the catch-all 多少, which any
    number states (answer_checks.require_details)."""
    return tuple(r.stated for r in lexicon.detail_rules()
                 if r.name in q.details and not r.catch_all)


# 「河湖长制工作要点是哪次会审议的」: 「审议《…工作要点》」 states it passed as much as 「审议并原则
# 通过《…》」 does (bench/answers_dev35.jsonl ad079).
_PASSED = re.compile(f"{lexicon.report_cues()['decision'].pattern}"
                     f"|{lexicon.report_cues()['reviewed'].pattern}")


def _passing_meetings(q: Question, quotes: list[Quote]) -> list[Quote]:
    """The quotes of the reports whose quotes state the matter passed (「审议并原则通过
    《…共享电动自行车管理办法》」), when some do: 「共享电单车办法是哪天的会通过的」 is not
    answered by the meetings that only speak of it (bench/answers_dev86.jsonl cc072)."""
    words = [w for w in q.seen_topic if len(w) > 1]
    passed = {x.sentence.doc_id for x in quotes if _PASSED.search(x.sentence.text)
              and any(w in x.sentence.text for w in words)}
    if not passed or passed == {x.sentence.doc_id for x in quotes}:
        return quotes
    return [x for x in quotes if x.sentence.doc_id in passed]


def _first_or_last(q: Question, evidence: list[Evidence], quotes: list[Quote],
                   floor: float) -> tuple[list[Quote], str]:
    """The latest (or earliest) dated meeting of those whose sentences carry the matter,
    its quotes, and a line naming it and the others; unchanged with fewer than two."""
    best: dict[str, Evidence] = {}
    for ev in evidence:
        md = ev.sentence.metadata
        if ev.score >= floor and ev.lexical > 0 and is_meeting(md) \
                and int(md.get("meeting_date_int") or 0) > 10_000_000:  # a full date, with year
            best.setdefault(ev.sentence.doc_id, ev)
    if len(best) < 2:
        return quotes, ""
    order = sorted(best.values(), key=lambda ev: int(ev.sentence.metadata["meeting_date_int"]))
    pick = order[-1] if q.ref.latest else order[0]
    mine = [x for x in quotes if x.sentence.doc_id == pick.sentence.doc_id]
    mine = mine or [Quote(narrow(pick.sentence, q), QuoteKind.TOPIC)]
    if lexicon.series_rest()["latest" if q.ref.latest else "earliest"].search(q.text):
        # 「…最早哪次会提的？后来又怎么部署的」: each other meeting's sentence too, in date
        # order (bench/answers_dev87.jsonl cd144).
        rest = [Quote(narrow(ev.sentence, q), QuoteKind.TOPIC) for ev in order if ev is not pick]
        mine = [*mine, *rest] if not q.ref.latest else [*rest, *mine]
    others = "、".join(meeting_of(ev.sentence.metadata)["label"] for ev in order if ev is not pick)
    which, rest = ("最近", "此前") if q.ref.latest else ("最早", "此后")
    label = meeting_of(pick.sentence.metadata)["label"]
    return mine, f"讲到这件事的{len(order)}次会议中，{which}的一次是{label}；{rest}还有：{others}。"


def topic_phrases(q: Question) -> list[str]:
    """The topic as the user wrote it: adjacent topic words joined (「生活垃圾分类」,
    not 「生活、垃圾、分类」), in the order of the question."""
    words = whole_words(q.topic)
    text = strip_references(q.text)
    spans = sorted((text.find(w), text.find(w) + len(w)) for w in words if w in text)
    out: list[str] = []
    end = -1
    for a, b in spans:
        if out and a <= end:
            out[-1] += text[end:b] if b > end else ""
        else:
            out.append(text[a:b])
        end = max(end, b)
    out += [w for w in words if w not in text]
    return list(dict.fromkeys(out))


class TopicAnswer(AnswerStrategy):
    """The general strategy: sentences on the question's topic, each cited."""

    name = "topic"

    def answer(self, q: Question, result: SearchResult, ctx: AnswerContext) -> Answer | None:
        t = thresholds()
        if not q.topic:
            return not_found(q.raw, "问题里没有可查找的内容。请说明想了解哪次会议或哪方面的事项，"
                             "例如「2025年第5次主任办公会研究了什么」。")
        evidence = gather(q, result, ctx)
        # A body alone (「哪次办公会…」) names dozens of meetings: that is a search
        # over them, not a question about particular ones.
        named = result.meetings if 0 < len(result.meetings) <= MAX_SCOPED_DOCS else []
        if q.asks_meeting and not named:
            evidence = _from_meetings(q, evidence)
        signals = measure(q, evidence)
        best = evidence[0] if evidence else None
        found = best is not None and topic_found(signals, scoped=bool(named))
        confidence = topic_confidence(signals)
        if not found:
            ans = self._not_covered(q, result, ctx, named, confidence)
            ans.signals = signals
            return ans
        floor = t.topic_keep_ratio * best.score
        per_meeting = max(2, t.max_quotes // max(1, len(named)))
        per_meeting = min(per_meeting, t.max_quotes_per_meeting) if not named else per_meeting
        quotes: list[Quote] = []
        counts: dict[str, int] = {}
        for ev in evidence:
            if ev.score < floor or (ev.lexical == 0 and ev.semantic_gain < t.topic_semantic_found):
                continue
            s = narrow(ev.sentence, q)
            if counts.get(s.doc_id, 0) >= per_meeting or any(x.sentence.text == s.text
                                                             for x in quotes):
                continue
            counts[s.doc_id] = counts.get(s.doc_id, 0) + 1
            quotes.append(Quote(s, QuoteKind.TOPIC))
            if len(quotes) >= max(t.max_quotes, len(named)):
                break
        first_or_last = ""
        if (q.ref.latest or q.ref.earliest) and not named and quotes:
            # 「上回讲防汛是哪天」「十五五规划最早是哪次会提的」: one meeting of those on the
            # matter, by date (bench/answers_dev58.jsonl ba006, answers_dev60.jsonl bc047).
            quotes, first_or_last = _first_or_last(q, evidence, quotes, floor)
        # A topic found in one meeting only is that meeting's: its block is followed
        # as if the meeting had been named (bench/questions_holdout.jsonl h008).
        one_meeting = len({x.sentence.doc_id for x in quotes}) == 1
        if not named and not one_meeting and quotes and q.has(Intent.REQUIREMENTS):
            # 「大食物观那个方案提了哪些要求」: the requirements are the block the best quote
            # opens in its meeting; other reports only share the words (answers_dev17 q021).
            top = quotes[0].sentence.doc_id
            mine = [x for x in quotes if x.sentence.doc_id == top]
            grown = _expand_blocks(mine, evidence, ctx, len(mine) + _MAX_FOLLOWING)
            quotes = mine + [x for x in quotes if x.sentence.doc_id != top] + grown[len(mine):]
        stated = _details_stated(q)
        if named or one_meeting:
            quotes = _expand_blocks(quotes, evidence, ctx, t.max_quotes + 2, tuple(q.topic),
                                    stated, q.has(Intent.REQUIREMENTS))
            # The same for an item named only in the opening: its discussion follows
            # (「政府投资基金实施细则啥时候过的，有啥要求」: bench/answers_dev7.jsonl m069).
            have = {x.sentence.key for x in quotes}
            quotes += [x for x in _item_discussion(q, quotes, ctx, t.max_quotes)
                       if x.sentence.key not in have]
            if quotes and lexicon.items_asked().search(strip_references(q.text)):
                quotes = _whole_list(q, quotes, ctx)
        elif stated and quotes and not any(p.search(x.sentence.text)
                                           for p in stated for x in quotes):
            # 「建筑垃圾、停车难这些民生问题，对相关部门啥时候要办完」: found in several
            # meetings, the detail may be stated in the block after a quote (「…确保年底兑现」,
            # bench/answers_dev86.jsonl cc066).
            quotes = _expand_blocks(quotes, evidence, ctx, len(quotes) + 2, tuple(q.topic),
                                    stated)
        quotes = _agenda_items(q, quotes, ctx) + quotes
        if quotes and lexicon.context_request().search(q.text):
            quotes = _with_neighbours(quotes, ctx)
        searched = _body_search(q, named)
        if ASKS_WHO.search(strip_references(q.text)) and quotes:
            quotes = _with_presider(quotes, ctx)
        elif (q.asks_meeting or first_or_last or q.has(Intent.DATE) or searched) \
                and (not named or searched) and quotes:
            # 「共享电动自行车这事人大那边提过吗」: a body's meetings searched, so which sitting
            # it was is named and dated too (bench/answers_dev62.jsonl be019, be049).
            # The latest or earliest on a matter is a meeting, and 「分别是哪天的会」 asks each
            # one's day: named and dated as well (bench/answers_dev60.jsonl bc052).
            quotes = _with_meeting_sentences(quotes, ctx)
        if not named and (q.wants_quotes or q.list_all):
            # 「拥军优属这些，哪些会议讲过」 asks for every meeting, as a drafter does: one
            # that the list could not match word for word is here only if it says the anchor
            # (bench/answers_dev49.jsonl ar054).
            quotes += _other_mentions(q, evidence, quotes, t.drafting_other_reports)
        if not named and not q.list_all and lexicon.passing_asked().search(q.text):
            quotes = _passing_meetings(q, quotes)
        notes = scope_notes(q, result, {x.sentence.doc_id for x in quotes})
        if q.asks_meeting and not named and quotes and not any(
                is_meeting(x.sentence.metadata) for x in quotes):
            # 「家庭医生签约的事哪次会研究过」 asks for a meeting; only a work report says it,
            # which is no meeting's answer: say so, and show what the report says
            # (bench/answers_dev46.jsonl ao009, answers_dev37.jsonl af034).
            lead = f"会议记录中没有找到研究「{'、'.join(topic_phrases(q))}」的会议；以下是工作报告中的相关内容。"
            ans = compose(q.raw, quotes, found=False, notes=notes, lead=lead)
            ans.confidence, ans.signals = 1 - confidence, signals
            return ans
        absent = _departments_absent(q, quotes, ctx)
        if absent:
            # 「宅基地确权发证方案里，资源生态局要干啥」: the matter is found, but its reports
            # never name the bureau, so they do not say what it is to do (issue 6: a
            # department never named is unanswerable; bench/answers_dev55.jsonl ax119).
            where = "、".join(dict.fromkeys(meeting_of(x.sentence.metadata)["label"] for x in quotes))
            lead = f"{where}的记录中没有提到{'、'.join(absent)}；以下是关于该事项的内容。"
            ans = compose(q.raw, quotes, found=False, notes=notes, lead=lead)
            ans.uncovered = absent
            ans.confidence, ans.signals = 1 - confidence, signals
            return ans
        ans = compose(q.raw, quotes, notes=notes, lead=first_or_last)
        ans.confidence, ans.signals = confidence, signals
        return ans

    def _not_covered(self, q: Question, result: SearchResult, ctx: AnswerContext, named,
                     confidence: float) -> Answer:
        topic = "、".join(topic_phrases(q))
        labels = [r.label for r in result.meetings]
        if not named:
            ans = not_found(q.raw, f"记录中没有找到关于「{topic}」的内容。", labels)
            ans.confidence = 1 - confidence
            return ans
        where = "、".join(r.label for r in named[:5])
        context = overview(ctx, named, "该会议研究的内容", first_if_no_cue=False)
        context += _elsewhere(q, ctx, {r.doc_id for r in named})
        ans = not_found(q.raw, f"{where}的报道中没有关于「{topic}」的内容。", labels, context)
        ans.confidence = 1 - confidence
        ans.uncovered = [topic]
        return ans
