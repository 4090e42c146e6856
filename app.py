"""The web chat (Gradio): a thin shell over the core in `assistant/`.

Run ``python app.py`` or ``meetings serve``. On an empty database the
illustrative example reports shipped in ``assistant/examples`` are ingested so
that a first run has something to answer from.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

EXAMPLES_DIR = Path(__file__).resolve().parent / "assistant" / "examples"
EXAMPLE_QUESTIONS = [
    "第五次会议对商務(wù)局提出了什么要求？",
    "2026年第3次常务会议研究了哪些事项？",
    "哪些会议研究了招商引资？",
]
CSS = """
.cite-list details { margin: 2px 0; }
.cite-list summary { cursor: pointer; }
.cite-passage { color: #555; font-size: 0.92em; padding: 4px 8px; border-left: 3px solid #ccc; }
"""


def render_answer(answer) -> str:
    """Answer text plus a citation list whose items expand to the surrounding passage."""
    parts = [answer.answer]
    if answer.citations:
        parts.append("\n\n**来源**\n")
        items = []
        for c in answer.citations:
            m = c.meeting
            passage = html.escape(c.passage).replace(
                html.escape(c.quote), f"<mark>{html.escape(c.quote)}</mark>", 1)
            items.append(
                f"<details><summary>[{c.n}] {html.escape(m['label'])}：「{html.escape(c.quote)}」"
                f"</summary><div class='cite-passage'>{passage}<br>"
                f"<small>原文：{html.escape(c.original)}<br>文件：{html.escape(c.source)}</small>"
                f"</div></details>"
            )
        parts.append("<div class='cite-list'>" + "".join(items) + "</div>")
    return "".join(parts)


def render_passages(rows: list[dict]) -> str:
    if not rows:
        return "没有找到相关段落。"
    out = []
    for r in rows:
        out.append(f"**[{r['rank']}] {r['meeting']['label']}**  \n`{r['source']}`\n\n> {r['text']}\n")
    return "\n".join(out)


def drafting_text(rows: list[dict]) -> str:
    """Quotes with provenance, ready to paste into a draft."""
    return "\n\n".join(f"「{r['text']}」（{r['meeting']['label']}，{Path(r['source']).name}）"
                       for r in rows)


def build_app(service):
    """The Gradio Blocks app for a MeetingsService."""
    import gradio as gr

    from assistant.citations import meeting_of

    def chat(message: str, history: list):
        history = list(history or [])
        if not (message or "").strip():
            return history, ""
        try:
            answer = service.answerer.answer(message)
            reply = render_answer(answer)
        except Exception as e:  # shown to the user, never a stack trace
            reply = f"出错了：{e}"
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
        return history, ""

    def ask(question: str) -> dict:
        return service.answerer.answer(question).to_dict()

    def search(question: str, top_k: float):
        result = service.retriever.search(question, k=int(top_k))
        rows = [{"rank": d.metadata["rank"], "score": d.metadata["score"],
                 "source": d.metadata.get("source"), "title": d.metadata.get("title"),
                 "meeting": meeting_of(d.metadata), "text": d.page_content,
                 "original": d.metadata.get("original", "")} for d in result.passages]
        note = f"记录中没有{result.ref.describe()}。\n\n" if result.unmatched else ""
        export = Path(tempfile.mkdtemp()) / "meeting-quotes.json"
        export.write_text(json.dumps({"query": question, "results": rows}, ensure_ascii=False,
                                     indent=2), "utf-8")
        return note + render_passages(rows), drafting_text(rows), str(export)

    with gr.Blocks(title="会议记录助手") as demo:
        gr.Markdown("## 会议记录助手\n依据已收录的会议报道回答问题，每句回答都注明出处。")
        with gr.Tab("问答"):
            chatbot = gr.Chatbot(label="对话", height=520, elem_id="chat")
            box = gr.Textbox(placeholder="例如：第五次会议对商务局提出了什么要求？", show_label=False,
                             elem_id="question")
            gr.Examples(EXAMPLE_QUESTIONS, inputs=box)
            box.submit(chat, [box, chatbot], [chatbot, box], api_name="chat")
            hidden_q = gr.Textbox(visible=False)
            hidden_a = gr.JSON(visible=False)
            hidden_q.submit(ask, hidden_q, hidden_a, api_name="ask")
        with gr.Tab("查找原文"):
            q = gr.Textbox(label="查找", placeholder="输入问题或关键词", elem_id="search-box")
            k = gr.Slider(1, 50, value=10, step=1, label="段落数")
            results = gr.Markdown()
            quotes = gr.Textbox(label="引文（含出处，可复制）", lines=8, buttons=["copy"])
            download = gr.File(label="导出 JSON")
            q.submit(search, [q, k], [results, quotes, download], api_name="search")
    return demo


def seed_examples(service) -> None:
    """Ingest the shipped illustrative reports into an empty database."""
    if service.settings.seed_examples and service.passages.count() == 0 and EXAMPLES_DIR.exists():
        service.ingestor.ingest([EXAMPLES_DIR])


def launch(service, host: str | None = None, port: int | None = None, **kwargs):
    """Seed if empty, then serve the app (blocking unless prevent_thread_lock=True)."""
    import gradio as gr

    seed_examples(service)
    service.keyword_index  # noqa: B018 - load the index before the first question
    demo = build_app(service)
    return demo.launch(server_name=host or service.settings.host,
                       server_port=port or service.settings.port, css=CSS,
                       theme=gr.themes.Default(), footer_links=["api"], **kwargs)


def main() -> None:
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    launch(MeetingsService(Settings()))


if __name__ == "__main__":
    main()
