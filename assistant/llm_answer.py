"""An LLM writes the answer from numbered source sentences; every [n] is checked."""

from __future__ import annotations

import re

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.citations import Sentence, meeting_of

SYSTEM_PROMPT = (
    "你是县政府会议记录助手。只能依据下面编号的会议原文句子回答，不得使用其他知识。"
    "每一个事实后面用方括号标注所依据句子的编号，如[1]或[2][3]；只能使用给出的编号。"
    "如果问题涉及多次会议，按会议分别说明，并写明会议名称。"
    "如果给出的句子不能回答问题，只回答：记录中没有找到能回答这个问题的内容。"
)
_CITE = re.compile(r"\[(\d{1,3})\]")


def build_messages(question: str, sentences: list[Sentence]) -> list:
    lines = []
    for n, s in enumerate(sentences, 1):
        lines.append(f"[{n}]（{meeting_of(s.metadata)['label']}）{s.text}")
    user = "会议原文句子：\n" + "\n".join(lines) + f"\n\n问题：{question}"
    return [SystemMessage(SYSTEM_PROMPT), HumanMessage(user)]


def answer_with_llm(answerer, question: str, result, sentences: list[Sentence]):
    """Ask the chat model; keep only citations that point to a given sentence.

    A reply that cites nothing valid is not trusted: the extractive answer is
    returned instead, so no claim reaches the user without a source.
    """
    from assistant.answer import NOT_FOUND, Answer

    reply = answerer.llm.invoke(build_messages(question, sentences))
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    used: list[int] = []
    for m in _CITE.finditer(text):
        n = int(m.group(1))
        if 1 <= n <= len(sentences) and n not in used:
            used.append(n)
    # Invented numbers are removed from the text, never shown as if sourced.
    text = _CITE.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= len(sentences) else "", text)
    if NOT_FOUND[:8] in text and not used:
        return Answer(question, NOT_FOUND, False, mode="llm")
    if not used:
        picked, _ = answerer.select(result)
        ans = answerer.compose(question, result, [(s, "") for s in picked],
                               lead="（语言模型的回答没有标注来源，以下为原文摘录。）")
        return ans
    renumber = {old: new for new, old in enumerate(used, 1)}
    text = _CITE.sub(lambda m: f"[{renumber[int(m.group(1))]}]", text)
    citations = [sentences[old - 1].cite(new) for old, new in renumber.items()]
    labels = list(dict.fromkeys(c.meeting["label"] for c in citations))
    return Answer(question, text.strip(), True, citations, labels, mode="llm")
