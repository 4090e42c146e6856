"""The web app end to end: the real Gradio server driven with gradio_client.

One server (over the shipped examples) serves the whole module and is closed at
the end; everything stays on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app
from tests.conftest import served_app

QUESTION = "第五次會(huì)議對商務(wù)局提出了什麼要求？"
COMMAND_MEETING = "全面振兴三年行动指挥部2025年第5次会议"
REQUIREMENT = "县商务局要紧盯外资外贸目标"


@pytest.fixture(scope="module")
def client(examples_service):
    with served_app(examples_service) as c:
        yield c


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def test_endpoints_are_named(client):
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    # The drafting tab's events (basket, export, viewer) stay private: session UI, not API.
    # The 资料库 tab's upload, list, delete and re-ingest are API too (tests/test_library.py).
    assert names == {"/chat", "/ask", "/search", "/library_upload", "/library_reports",
                     "/library_delete", "/library_reingest"}


def test_chat_answer_cites_meeting_and_quote(client):
    history, box = client.predict(QUESTION, [], api_name="/chat")
    assert box == ""
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert _text(history[0]) == QUESTION
    reply = _text(history[1])
    # Citation list: meeting label (with date) and the quoted sentence, expandable.
    assert "<details>" in reply and "<summary>" in reply
    summaries = reply.split("<summary>")[1:]
    cited = [s for s in summaries if REQUIREMENT in s.split("</summary>")[0]]
    assert cited, reply
    head = cited[0].split("</summary>")[0]
    assert COMMAND_MEETING in head and "2025-10-14" in head and "「" in head
    # Inside: the surrounding passage with the sentence marked, and the published original.
    body = cited[0].split("</details>")[0]
    assert f"<mark>会议要求，{REQUIREMENT}" in body
    assert "貿(mào)" in body and "2025-10-command-no05-traditional.txt" in body

    # The conversation goes on: history is passed back and extended.
    history2, _ = client.predict("会议对教育局提出了什么要求？", history, api_name="/chat")
    assert len(history2) == 4
    # The follow-up is about the meetings just discussed: none names 教育局, which the
    # answer says (their requirements to all departments may follow as context).
    follow = _text(history2[3])
    assert "没有提到教育局" in follow and "第5次" in follow.split("没有提到教育局")[0]


def test_chat_prompts_for_blank_input(client):
    history, box = client.predict("   ", [], api_name="/chat")
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    assert "请输入问题" in _text(history[1]) and "记录中没有" not in _text(history[1])


@pytest.mark.parametrize("question, why", [
    ("", "请输入问题"), ("招商引资" * 200, "问题太长（800 字）"),
    ("😀😀😀", "没有文字"), ("？？！！……", "没有文字"), ("2025 10 14", "没有文字")])
def test_bad_input_is_refused_at_every_endpoint(client, question, why):
    history, _ = client.predict(question, [], api_name="/chat")
    assert why in _text(history[-1]) and "<details>" not in _text(history[-1])
    out = client.predict(question, api_name="/ask")
    assert out["found"] is False and not out["citations"] and why in out["error"]
    html_out, quotes, export = client.predict(question, 5, api_name="/search")
    assert "class='hit'" not in html_out and quotes == "" and export is None
    if question:
        assert why in html_out


def test_html_typed_into_the_chat_is_shown_as_text(client):
    typed = "<img src=x onerror=alert(1)><b>招商引资</b>"
    history, _ = client.predict(typed, [], api_name="/chat")
    shown = _text(history[0])
    assert "<img" not in shown and "<b>" not in shown
    assert shown == "&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;招商引资&lt;/b&gt;"
    assert "<img" not in _text(history[1]) and "<b>招商" not in _text(history[1])
    # The follow-up history given back to the core is the text as typed, not its escape.
    history2, _ = client.predict("那商务局呢？", history, api_name="/chat")
    assert len(history2) == 4


def test_open_app_says_so(client):
    config = client.config if hasattr(client, "config") else {}
    assert "本机上的任何人都能打开本页" in json.dumps(config, ensure_ascii=False)


def test_ask_returns_cited_json(client):
    out = client.predict(QUESTION, api_name="/ask")
    assert out["found"] is True
    assert COMMAND_MEETING + "（2025-10-14）" in out["meetings"]
    cites = [c for c in out["citations"] if REQUIREMENT in c["quote"]]
    assert cites and cites[0]["meeting"]["label"].startswith(COMMAND_MEETING)
    assert cites[0]["meeting"]["date"] == "2025-10-14"
    assert "會(huì)議" in cites[0]["original"] or "貿(mào)" in cites[0]["original"]
    for c in out["citations"]:
        assert f"[{c['n']}]" in out["answer"]


def test_ask_unanswerable_is_not_found(client):
    out = client.predict("会议对教育局提出了什么要求？", api_name="/ask")
    assert out["found"] is False and not out["citations"]
    out = client.predict("2024年第9次常务会议研究了什么？", api_name="/ask")
    assert out["found"] is False and "没有" in out["answer"]


def test_search_lists_passages_with_provenance_and_exports(client):
    html_out, quotes, export = client.predict("外资外贸", 3, api_name="/search")
    assert html_out.count("class='hit'") == 3
    assert COMMAND_MEETING in html_out and "2025-10-command-no05-traditional.txt" in html_out
    assert "报道原文" in html_out  # the published (Traditional) form is one click away
    assert "「" in quotes and f"（{COMMAND_MEETING}" in quotes and ".txt）" in quotes

    path = Path(export["path"] if isinstance(export, dict) else export)
    data = json.loads(path.read_text("utf-8"))
    assert data["query"] == "外资外贸" and len(data["results"]) == 3
    for r in data["results"]:
        assert set(r) >= {"rank", "score", "source", "title", "meeting", "text", "original"}
        assert r["source"] and r["meeting"]["label"]
    assert any(REQUIREMENT in r["text"] for r in data["results"])


def test_search_unmatched_meeting_says_so(client):
    html_out, quotes, _ = client.predict("2024年第9次常务会议", 5, api_name="/search")
    assert "记录中没有" in html_out and quotes == ""


def test_render_answer_escapes_source_html():
    from assistant.answer import Answer
    from assistant.citations import Citation

    cite = Citation(n=1, source="/x/a.txt", title="标题", meeting={"label": "某会议", "date": "2025-01-02"},
                    quote="会议要求<script>x</script>落实。", original="會議要求<b>落實</b>。",
                    passage="前文。\n会议要求<script>x</script>落实。\n\n后文。", passage_id="p")
    out = app.render_answer(Answer("q", "**某会议**\n- 会议要求<script>x</script>落实。[1]\n*标签*",
                                   True, [cite]))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "某会议（2025年1月2日）" in out and "<mark>会议要求&lt;script&gt;" in out
    assert "\n\n后文" not in out  # the citation HTML stays one block (no blank lines)
    assert "[1]\n\n*标签*" in out  # the list ends before the next label


def test_chat_history_in_content_blocks_still_carries_follow_ups(examples_service):
    # Gradio 6 sends history messages as lists of content blocks, not strings.
    blocks = [{"type": "text", "text": "2025年第5次常务会议强调了什么？"}]
    assert app.message_text(blocks) == "2025年第5次常务会议强调了什么？"
    assert app.message_text("x") == "x" and app.message_text(None) == ""
    a = examples_service.answerer.answer("那2026年的呢？", history=[app.message_text(blocks)])
    assert a.found and all("2026年第5次" in m for m in a.meetings)
