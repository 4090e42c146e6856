"""The web chat with a model: the real Gradio server, the real ChatOpenAI, a local stub model.

The stub (tests/openai_stub.py) streams its reply as server-sent events; the
chat handler is a generator, so gradio_client sees the answer grow, then the
verified answer with its sources. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from assistant.service import MeetingsService
from tests.conftest import served_app
from tests.openai_stub import no_proxy, openai_stub

QUESTION = "2025年第5次常务会议对防汛有什么要求？"
FLOOD = "各部门要在汛期来临前完成隐患排查"
REPLY = f"会议强调，{FLOOD}[2]。县水利局要落实48小时值班制度[2]。"


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


@pytest.fixture(scope="module")
def stub():
    with openai_stub(REPLY, chunk=3, delay=0.02) as server:
        yield server


@pytest.fixture(scope="module")
def client(examples_service, stub):
    pytest.importorskip("langchain_openai")
    mp = pytest.MonkeyPatch()
    no_proxy(mp)
    settings = examples_service.settings.model_copy(update={
        "llm_base_url": stub.base_url, "llm_model": "stub", "llm_retries": 0,
        "llm_timeout": 10.0})
    service = MeetingsService(settings)
    try:
        with served_app(service) as c:
            yield c
    finally:
        mp.undo()


def test_chat_streams_the_reply_then_shows_the_verified_answer(client, stub):
    stub.fail = False
    job = client.submit(QUESTION, [], api_name="/chat")
    final_history, box = job.result(timeout=60)
    updates = [_text(h[-1]) for h, _ in job.outputs() if h]
    partial = [u for u in updates if "<details>" not in u]
    assert len(partial) >= 3, updates
    grown = [u.rstrip(" ▍") for u in partial if u != "…"]
    assert all(len(a) <= len(b) for a, b in zip(grown, grown[1:], strict=False))
    assert box == "", "the input box is cleared and stays usable"
    reply = _text(final_history[-1])
    # Verified: the unsupported claim is gone, with a short note; sources shown.
    assert f"会议强调，{FLOOD}[1]。" in reply and "48小时" not in reply.split("<div")[0]
    assert "已删除1条无法由原文支持的内容" in reply
    assert "<details>" in reply and FLOOD in reply.split("<div class='cite-list'>")[1]
    assert stub.requests[-1][2]["stream"] is True


def test_model_error_shows_a_message_and_the_quotes(client, stub):
    stub.fail = True
    try:
        history, box = client.predict(QUESTION, [], api_name="/chat")
    finally:
        stub.fail = False
    reply = _text(history[-1])
    assert box == ""
    assert reply.startswith("（语言模型暂时不可用")
    assert "<details>" in reply and FLOOD in reply, "the extractive answer is shown"
