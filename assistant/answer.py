"""Answers with citations: extractive by default, written by an LLM when one is configured."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.citations import Citation, Sentence, meeting_of, sentences_of
from assistant.retriever import SearchResult
from vectorstore.keyword_index import tokenize

# Words that say *which meeting* or *what kind of question*, not *what about*:
# they must not count as topic evidence when deciding whether records answer.
_SCAFFOLD = frozenset(
    "会议 会 提出 要求 召开 研究 审议 听取 部署 工作 讲话 内容 主要 哪 几次 几 次 第 年 月 日 号 "
    "主任 办公 办公会 主任办公会 党工委 工委 委员 委员会 人大 常委 常委会 管委会 管委 县委 县政府 "
    "常务 指挥部 指挥 实验区 平潭 综合 县 区 市 召开会议 提了 说了 讲了 讲 说 对 给 "
    "通过 决定 安排 强调 指出 明确 议定 事项 时 期间 本次 这次 那次 上次 今年 去年 "
    "不同 区别 差别 异同 对比 比较 相比 分别 各自 一样 相同 谁 哪位 哪个 哪些人 什么人 汇报 情况 "
    "请 全部 列出 列出来 列举 一下 帮 帮我 告诉 有没有 是否 哪些 有哪些 过 曾 曾经 相关 有关".split()
)
_INTENT_CUES = {
    "审议": ("审议", "通过", "《"),
    "听取": ("听取", "汇报"),
    "汇报": ("汇报", "听取"),
    "要求": ("要求", "要", "必须", "务必", "强调"),
    "强调": ("强调", "要"),
    "部署": ("部署", "要"),
    "指出": ("指出", "认为"),
    "讲话": ("讲话", "指出", "强调"),
}
# The meeting reference itself (第五次, 2025年, 10月14日) is not topic either.
_REFERENCE = re.compile(
    r"第?[0-9〇零一二两三四五六七八九十百]+次|(?:19|20)\d{2}年?|[0-9一二三四五六七八九十]{1,3}月"
    r"(?:[0-9一二三四五六七八九十]{1,3}[日号])?"
)
# Characters too frequent in meeting reports to signal a shared topic.
_COMMON_CHARS = frozenset("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发"
                          "年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如"
                          "水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前"
                          "外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气"
                          "第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象"
                          "员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她"
                          "手角期根论运农指几九区强放决西被干做必战先回则任取据处府研究保障推落加快")
NOT_FOUND = "记录中没有找到能回答这个问题的内容。"


@dataclass
class Answer:
    """An answer and the sentences it rests on."""

    question: str
    answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    mode: str = "extractive"
    # Files of the meetings the answer covers (complete for list-all questions).
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "question": self.question, "answer": self.answer, "found": self.found,
            "mode": self.mode, "meetings": self.meetings, "sources": self.sources,
            "citations": [c.to_dict() for c in self.citations],
        }


_LONG_SENTENCE = 120


def _narrow_to_clauses(s: Sentence, weights: dict[str, float]) -> None:
    """Quote only the 「；」-clauses of a long sentence that carry the topic.

    The quote stays one exact, contiguous span of the source (first to last
    matching clause), so it can still be found and shown as published.
    """
    if len(s.text) <= _LONG_SENTENCE or "；" not in s.text:
        return
    spans, pos = [], 0
    for part in s.text.split("；"):
        spans.append((pos, pos + len(part) + 1))
        pos += len(part) + 1
    weight = [sum(w for t, w in weights.items() if t in s.text[a:b]) for a, b in spans]
    # A clause sharing only a common word (安全, 工作) with the question is not on topic.
    hits = [sp for sp, w in zip(spans, weight, strict=True) if w and w >= 0.6 * max(weight)]
    if not hits or len(hits) == len(spans):
        return
    a, b = hits[0][0], min(hits[-1][1], len(s.text))
    s.start, s.end = s.start + a, s.start + b
    s.text = s.passage_text[s.start:s.end]


class Answerer:
    """Turns retrieved passages into a cited answer.

    Example:
        .. code-block:: python

            answer = Answerer(service).answer("2025年第五次主任办公会审议了什么？")
            print(answer.answer); answer.citations[0].quote
    """

    def __init__(self, service, llm=None, max_sentences: int = 6, passages: int = 20) -> None:
        self.service = service
        self.llm = llm
        self.max_sentences = max_sentences
        # Sentences are chosen from more passages than a search shows: the
        # sentence scorer, not the passage ranking, decides what is quoted.
        self.passages = passages

    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer ``question``; ``history`` (earlier user questions) resolves follow-ups."""
        from assistant.followup import contextualize

        effective = contextualize(question, history)
        result = self.service.retriever.search(effective, k=self.passages)
        return self.answer_from(question, result)

    def answer_from(self, question: str, result: SearchResult) -> Answer:
        if result.unmatched:
            return Answer(question, f"记录中没有{result.ref.describe()}。已收录的会议中没有与之对应的一次，"
                          "请核对会议名称、年份和次数。", False)
        from assistant.departments_answer import answer_departments
        from assistant.list_answer import answer_list, is_list_question

        if is_list_question(result):
            return answer_list(self.service, question, result)
        if result.departments:
            dept_answer = answer_departments(self, question, result)
            if dept_answer is not None:
                return dept_answer
        picked, found = self.select(result)
        if not found:
            return Answer(question, NOT_FOUND, False, meetings=self._labels(result))
        if self.llm is not None:
            from assistant.llm_answer import answer_with_llm

            return answer_with_llm(self, question, result, self.rank_sentences(result)[:12])
        return self.compose(question, result, [(s, "") for s in picked])

    # -- selecting sentences -------------------------------------------------
    def content_tokens(self, result: SearchResult) -> list[str]:
        query = _REFERENCE.sub(" ", result.query)
        return [t for t in dict.fromkeys(tokenize(query))
                if t not in _SCAFFOLD and not t.isdigit() and t not in result.departments
                and not any(t in d for d in result.departments)]

    def rank_sentences(self, result: SearchResult) -> list[Sentence]:
        """Score every sentence of the retrieved passages by topic coverage."""
        index = self.service.keyword_index
        toks = self.content_tokens(result)
        weights = {t: index.idf(t) for t in toks}
        total = sum(weights.values())
        cues = [c for w, cs in _INTENT_CUES.items() if w in result.query for c in cs]
        topic_chars = {ch for t in toks for ch in t if ch not in _COMMON_CHARS}
        out: list[Sentence] = []
        for doc in result.passages:
            md = doc.metadata
            for s in sentences_of(doc.page_content, md["id"], md, md.get("rank", 99)):
                if len(s.text) < 6 or s.text == md.get("title"):
                    continue
                hit = sum(w for t, w in weights.items() if t in s.text)
                s.extra["coverage"] = hit / total if total else 0.0
                if hit:
                    _narrow_to_clauses(s, weights)
                s.extra["cue"] = any(c in s.text for c in cues)
                s.extra["chars"] = (len(topic_chars & set(s.text)) / len(topic_chars)
                                    if topic_chars else 0.0)
                s.score = (s.extra["coverage"] + 0.25 * s.extra["cue"]
                           + 0.3 * any(d in s.text for d in result.departments)
                           + 0.15 / s.rank)
                out.append(s)
        out.sort(key=lambda s: -s.score)
        return out

    def select(self, result: SearchResult) -> tuple[list[Sentence], bool]:
        """The sentences to quote, and whether they answer the question."""
        ranked = self.rank_sentences(result)
        if not ranked:
            return [], False
        has_topic = bool(self.content_tokens(result))
        best = ranked[0].extra["coverage"]
        if has_topic and best < 0.5:
            return [], False
        if not has_topic and not result.meetings:
            return [], False
        floor = 0.5 * best if has_topic else 0.0
        # Within one named meeting, a requirement that shares the topic's rarer
        # characters (防汛 → 汛期, 度汛) is on topic though no word matches.
        related = bool(result.meetings) and len(result.meetings) <= 3 and has_topic
        keep = [s for s in ranked if s.extra["coverage"] >= floor
                or (related and s.extra.get("chars", 0.0) >= 0.5 and s.extra.get("cue"))]
        per_meeting = max(2, self.max_sentences // max(1, len(result.meetings)))
        picked: list[Sentence] = []
        counts: dict[str, int] = {}
        for s in keep:
            if counts.get(s.doc_id, 0) >= per_meeting or any(p.text == s.text for p in picked):
                continue
            counts[s.doc_id] = counts.get(s.doc_id, 0) + 1
            picked.append(s)
            if len(picked) >= max(self.max_sentences, len(result.meetings)):
                break
        return picked, True

    # -- composing -----------------------------------------------------------
    def compose(self, question: str, result: SearchResult,
                picked: list[tuple[Sentence, str]], lead: str = "") -> Answer:
        """An extractive answer: the sentences grouped by meeting, each cited."""
        groups: dict[str, list[tuple[Sentence, str]]] = {}
        for s, label in picked:
            groups.setdefault(s.doc_id, []).append((s, label))
        lines: list[str] = self._ambiguity_note(result, groups)
        if lead:
            lines.append(lead)
        citations: list[Citation] = []
        for items in groups.values():
            md = items[0][0].metadata
            lines.append(f"\n**{meeting_of(md)['label']}**")
            current_label = None
            # Labels keep the caller's priority (explicit requirements first);
            # within a label, sentences follow the report's order.
            order = {label: i for i, label in reversed(list(enumerate(x[1] for x in items)))}
            for s, label in sorted(items, key=lambda x: (order[x[1]], x[0].doc_start)):
                if label and label != current_label:
                    # A blank line first: Markdown folds a line after a list item into it.
                    lines.append(f"\n*{label}*")
                current_label = label
                c = s.cite(len(citations) + 1, label)
                citations.append(c)
                lines.append(f"- {s.text}[{c.n}]")
        labels = [meeting_of(items[0][0].metadata)["label"] for items in groups.values()]
        sources = [items[0][0].metadata.get("source", "") for items in groups.values()]
        return Answer(question, "\n".join(lines).strip(), True, citations, labels,
                      sources=sources)

    def _ambiguity_note(self, result: SearchResult, groups: dict) -> list[str]:
        notes = [f"记录中没有{m.describe()}。" for m in result.missing]
        # Only the unconfirmed-year meetings this answer actually quotes.
        unsure = [r for r in result.year_unconfirmed if r.doc_id in groups]
        if unsure:
            notes.append("注意：" + "、".join(r.label for r in unsure)
                         + f"的报道没有写明年份，无法确认是否为{result.ref.year}年，已一并列出。")
        if len(result.meetings) <= 1 or result.ref.list_all:
            return notes
        names = "、".join(r.label for r in result.meetings[:12])
        more = f"等{len(result.meetings)}次" if len(result.meetings) > 12 else ""
        return notes + [f"问题中的「{result.ref.describe()}」对应{len(result.meetings)}次会议：{names}{more}。"
                "以下按会议分别列出；如只问其中一次，请注明年份和会议名称。"]

    @staticmethod
    def _labels(result: SearchResult) -> list[str]:
        return [r.label for r in result.meetings]
