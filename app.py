"""The web chat (Gradio): a thin shell over the core in `assistant/`.

Run ``python app.py`` or ``meetings serve``. On an empty database the
illustrative example reports shipped in ``assistant/examples`` are ingested so
that a first run has something to answer from.

Only presentation lives here: answers, citations and search results come from
the core (``service.answerer``, ``service.retriever``), which never imports
gradio. Citations are rendered as ``<details>`` blocks inside the chat bubble;
Gradio's chat sanitiser keeps ``details``/``summary``/``mark`` and ``class``
attributes (checked in tests/test_screenshot.py against the rendered page).
"""

from __future__ import annotations

import atexit
import html
import json
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

EXAMPLES_DIR = Path(__file__).resolve().parent / "assistant" / "examples"
EXAMPLE_QUESTIONS = [
    "第五次会议对商务局提出了什么要求？",
    "2026年第3次常务会议研究了哪些事项？",
    "哪些会议研究了招商引资？",
]
CSS = """
#chat .cite-list { margin-top: 10px; padding-top: 6px; border-top: 1px solid var(--border-color-primary); }
#chat .cite-head { font-weight: 600; margin: 0 0 4px; }
#chat .cite-list details, .hit details { margin: 4px 0; }
#chat .cite-list summary, .hit summary { cursor: pointer; }
.cite-body { font-size: 0.92em; padding: 4px 10px; margin: 4px 0 8px;
             border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary); }
.cite-body .cite-label { font-weight: 600; margin: 6px 0 2px; }
.cite-body .cite-src { color: var(--body-text-color-subdued); margin-top: 6px; }
.hit { padding: 8px 12px; margin: 0 0 10px; border: 1px solid var(--border-color-primary);
       border-radius: 6px; }
.hit .hit-head { font-weight: 600; }
.hit .hit-src { color: var(--body-text-color-subdued); font-size: 0.9em; }
.hit .hit-text { margin-top: 6px; }
"""


def _esc(text: str | None) -> str:
    """Escape for HTML, keeping line breaks (inside one HTML block: no blank lines)."""
    return html.escape(text or "").replace("\r", "").replace("\n", "<br>")


def _meeting_name(meeting: dict) -> str:
    """Meeting label, with the date appended when the label lacks it."""
    from assistant.drafting.html import meeting_name

    return meeting_name(meeting)


def _file_name(source: str | None) -> str:
    return Path(source).name if source else ""


def _where(c) -> str:
    """「　第N页」 (pdf/ofd) or 「　第N段」 (docx) for a citation that knows it."""
    page, paragraph = getattr(c, "page", None), getattr(c, "paragraph", None)
    return f"　第{page}页" if page else f"　第{paragraph}段" if paragraph else ""


def render_citation(c) -> str:
    """One citation: summary line (meeting, quote) expanding to passage and original."""
    quote = html.escape(c.quote)
    passage = html.escape(c.passage or "")
    if quote and quote in passage:
        passage = passage.replace(quote, f"<mark>{quote}</mark>", 1)
    passage = passage.replace("\r", "").replace("\n", "<br>")
    original = ""
    if c.original and c.original != c.quote:
        original = f"<p class='cite-label'>原文（报道原样）</p><p>{_esc(c.original)}</p>"
    return (
        f"<details><summary><b>[{c.n}]</b> {html.escape(_meeting_name(c.meeting))}："
        f"「{quote}」</summary><div class='cite-body'>"
        f"<p class='cite-label'>上下文</p><p>{passage}</p>{original}"
        f"<p class='cite-src'>报道：{html.escape(c.title)}　文件：{html.escape(_file_name(c.source))}"
        f"{_where(c)}</p></div></details>"
    )


def _markdown(text: str) -> str:
    """The core's answer text made safe for the chat's Markdown renderer.

    HTML in quoted source text is escaped (its Markdown is kept), and a list
    ends with a blank line before a following non-item line (such as the italic
    group labels), which Markdown would otherwise fold into the last item.
    """
    lines: list[str] = []
    for line in html.escape(text, quote=False).split("\n"):
        if lines and lines[-1].startswith("- ") and line.strip() and not line.startswith("- "):
            lines.append("")
        lines.append(line)
    return "\n".join(lines)


def render_answer(answer) -> str:
    """Answer text (Markdown) plus a citation list whose items expand to the passage."""
    text = _markdown(answer.answer)
    if not answer.citations:
        return text
    items = "".join(render_citation(c) for c in answer.citations)
    return (f"{text}\n\n<div class='cite-list'><p class='cite-head'>来源（点击条目查看上下文和报道原文）"
            f"</p>{items}</div>")


def render_passages(rows: list[dict], note: str = "") -> str:
    """Search results as HTML cards with provenance."""
    head = f"<p><b>{html.escape(note)}</b></p>" if note else ""
    if not rows:
        return head + "<p>没有找到相关段落。</p>"
    cards = []
    for r in rows:
        original = ""
        if r.get("original") and r["original"] != r["text"]:
            original = (f"<details><summary>报道原文</summary><div class='cite-body'>"
                        f"{_esc(r['original'])}</div></details>")
        cards.append(
            f"<div class='hit'><div class='hit-head'>[{r['rank']}] "
            f"{html.escape(_meeting_name(r['meeting']))}</div>"
            f"<div class='hit-src'>报道：{html.escape(r.get('title') or '')}　"
            f"文件：{html.escape(_file_name(r.get('source')))}</div>"
            f"<div class='hit-text'>{_esc(r['text'])}</div>{original}</div>"
        )
    return head + "".join(cards)


def drafting_text(rows: list[dict]) -> str:
    """Quotes with provenance, ready to paste into a draft."""
    return "\n\n".join(f"「{r['text'].strip()}」（{_meeting_name(r['meeting'])}，"
                       f"{_file_name(r.get('source'))}）" for r in rows)


def message_text(content) -> str:
    """The text of a chat message: Gradio 6 sends a string or a list of content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list | tuple):
        return "".join(message_text(part) for part in content)
    return ""


def reply_updates(service, message: str, asked: list[str]):
    """The chat reply as it grows: ``(HTML, citations, Answer or None)`` tuples.

    First the model's text as it arrives (unverified, no sources yet), then the
    verified answer with its sources and the note on removed claims. A failing,
    slow or busy model already falls back to the quotes inside the answerer;
    anything else becomes a one-line message, never a stack trace.
    """
    try:
        for part in service.answerer.stream(message, history=asked):
            if isinstance(part, str):
                yield _markdown(part) + " ▍", [], None
            else:
                yield render_answer(part), list(part.citations), part
    except Exception as e:  # shown to the user, never a stack trace
        yield f"出错了：{html.escape(str(e))}", [], None


def search_rows(service, question: str, k: int):
    """Ranked passages as plain dicts (same shape as ``meetings search --json``)."""
    result = service.retriever.search(question, k=k)
    return result, result.rows()


def build_app(service):
    """The Gradio Blocks app for a MeetingsService."""
    import gradio as gr

    import app_access
    import app_drafting as drafting_ui
    import app_library as library_ui
    from assistant.drafting.basket import Basket

    export_dir = Path(tempfile.mkdtemp(prefix="meetings-export-"))
    atexit.register(shutil.rmtree, export_dir, ignore_errors=True)

    def chat(message: str, history: list, cites: list | None = None):
        """One turn, streamed (see ``reply_updates``); citations also go to a State for the basket.

        A generator, so Gradio shows each partial reply; the input box is
        cleared at once and stays usable whatever the model does.
        """
        history = list(history or [])
        shown = html.escape(message or "", quote=False)  # typed HTML is shown as text
        if (bad := app_access.refusal(service, message, "web:chat")) is not None:
            yield history + [{"role": "user", "content": shown},
                             {"role": "assistant", "content": html.escape(bad)}], "", []
            return
        asked = [html.unescape(text) for m in history if m.get("role") == "user"
                 for text in [message_text(m.get("content"))] if text]
        history += [{"role": "user", "content": shown}, {"role": "assistant", "content": "…"}]
        yield history, "", []  # the question shows at once, the box is free again
        for reply, cites, answer in reply_updates(service, message, asked):
            history[-1] = {"role": "assistant", "content": reply}
            if answer is not None:
                service.audit.asked(app_access.current_username(), message, answer, "web:chat")
            yield history, "", cites

    def ask(question: str) -> dict:
        """The answer as JSON: text, found, meetings, and citations with quotes."""
        if (bad := app_access.refusal(service, question, "web:ask")) is not None:
            return {"answer": bad, "found": False, "citations": [], "meetings": [],
                    "sources": [], "error": bad}
        answer = service.answerer.answer(question)
        service.audit.asked(app_access.current_username(), question, answer, "web:ask")
        return answer.to_dict()

    def search(question: str, top_k: float):
        if not (question or "").strip():
            return "<p>请输入要查找的问题或关键词。</p>", "", None
        if (bad := app_access.refusal(service, question, "web:search")) is not None:
            return f"<p>{html.escape(bad)}</p>", "", None
        result, rows = search_rows(service, question, int(top_k))
        service.audit.searched(app_access.current_username(), question, rows, "web:search")
        note = f"记录中没有{result.ref.describe()}。" if result.unmatched else ""
        fd, name = tempfile.mkstemp(prefix="meeting-quotes-", suffix=".json", dir=export_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"query": question, "normalized_query": result.query,
                       "meetings_matched": [m.label for m in result.meetings],
                       "unmatched_reference": result.unmatched, "results": rows},
                      f, ensure_ascii=False, indent=2)
        return render_passages(rows, note), drafting_text(rows), name

    def status() -> str:
        try:
            n = len(service.catalog.records())
        except Exception:
            return ""
        return f"已收录 {n} 篇会议报道。"

    # One queue for every core event; its width is MEETINGS_CONCURRENCY (BENCHMARKS.md).
    core = {"concurrency_id": "core", "concurrency_limit": service.settings.concurrency}
    private = {"api_visibility": "private", **core}
    with gr.Blocks(title="会议记录助手", delete_cache=(3600, 86400)) as demo:
        gr.Markdown("## 会议记录助手\n依据已收录的会议报道回答问题，每条回答都注明出处：会议、日期和原句，"
                    "点击出处可查看上下文和报道原文。")
        counts = gr.Markdown()
        app_access.access_banner(gr, service)
        demo.load(status, None, counts, api_visibility="private")
        basket = gr.State(Basket())  # the draft basket: one per browser session
        cites = gr.State([])  # the last answer's citations
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="chat-tab"):
                chatbot = gr.Chatbot(label="对话", height="62vh", min_height=420, elem_id="chat",
                                     buttons=["copy"], sanitize_html=True,
                                     placeholder="请在下方输入问题，例如某次会议对某个部门提出了什么要求。")
                with gr.Row():
                    box = gr.Textbox(placeholder="例如：第五次会议对商务局提出了什么要求？（按回车发送）",
                                     show_label=False, elem_id="question", scale=6)
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80)
                with gr.Row():
                    gr.Examples(EXAMPLE_QUESTIONS, inputs=box, label="示例问题")
                    gr.ClearButton([chatbot, box], value="清空对话", size="sm", scale=0)
                chat_add = drafting_ui.citation_picker(gr)
            with gr.Tab("查找原文", id="search-tab"):
                gr.Markdown("按问题或关键词查找报道原文段落，可复制引文（含出处）或导出 JSON。")
                with gr.Row():
                    q = gr.Textbox(label="查找", placeholder="输入问题或关键词，按回车查找",
                                   elem_id="search-box", scale=6)
                    k = gr.Slider(1, 50, value=10, step=1, label="段落数", scale=2)
                    go = gr.Button("查找", variant="primary", scale=1, min_width=80)
                with gr.Row():
                    with gr.Column(scale=3):
                        results = gr.HTML(elem_id="hits")
                    with gr.Column(scale=2):
                        quotes = gr.Textbox(label="引文（含出处，可复制）", lines=12, max_lines=30,
                                            buttons=["copy"], elem_id="quotes")
                        download = gr.File(label="导出 JSON", elem_id="export")
            with gr.Tab("起草", id="drafting-tab"):
                draft = drafting_ui.drafting_tab(gr, service)
            with gr.Tab("部门要求", id="department-tab"):
                dept = drafting_ui.department_tab(gr, service)
            with gr.Tab("原文", id="viewer-tab"):
                viewer = gr.HTML("<p>在问答出处、查找结果、部门要求或素材篮中选择条目，点“查看原文”。</p>",
                                 elem_id="viewer")
            library_ui.library_tab(gr, service, core)  # the 资料库 tab (upload, list, delete)
        box.submit(chat, [box, chatbot, cites], [chatbot, box, cites], api_name="chat",
                   **core).then(drafting_ui.citation_choices, cites, chat_add.pick,
                                api_visibility="private")
        send.click(chat, [box, chatbot, cites], [chatbot, box, cites], **private).then(
            drafting_ui.citation_choices, cites, chat_add.pick, api_visibility="private")
        gr.api(ask, api_name="ask", **core)
        q.submit(search, [q, k], [results, quotes, download], api_name="search", **core)
        go.click(search, [q, k], [results, quotes, download], **private)
        drafting_ui.wire(gr, service, export_dir, basket=basket, cites=cites, tabs=tabs,
                         viewer=viewer, chat_add=chat_add, draft=draft, dept=dept,
                         private=private)
    return demo


def drafting_css() -> str:
    from app_drafting import CSS as DRAFTING_CSS

    return DRAFTING_CSS


def seed_examples(service) -> None:
    """Ingest the shipped illustrative reports into an empty database."""
    if service.settings.seed_examples and service.passages.count() == 0 and EXAMPLES_DIR.exists():
        service.ingestor.ingest([EXAMPLES_DIR])


def launch(service, host: str | None = None, port: int | None = None,
           allow_open: bool = False, **kwargs):
    """Seed if empty, then serve the app; returns the Blocks (call ``.close()`` to stop).

    With a users file (MEETINGS_AUTH_FILE) every page and API call needs a login
    and each user sees only their libraries; without one only 127.0.0.1 may be
    bound unless ``allow_open``. Blocks until interrupted unless
    ``prevent_thread_lock=True`` is passed.
    """
    import gradio as gr
    from starlette.middleware import Middleware

    import app_access
    from assistant.users import LoginThrottle

    host = host or service.settings.host
    app_access.check_binding(host, service.users, allow_open)
    seed_examples(service)
    service.keyword_index  # noqa: B018 - load the index before the first question
    demo = build_app(app_access.UserScopedService(service, service.users))
    kwargs.setdefault("footer_links", ["api"])
    if service.users is not None:
        throttle = LoginThrottle()
        kwargs.setdefault("auth", app_access.make_auth(service, throttle))
        kwargs.setdefault("auth_message", app_access.AUTH_MESSAGE)
        kwargs.setdefault("app_kwargs", {"middleware": [
            Middleware(app_access.LoginThrottleMiddleware, throttle=throttle)]})
    demo.launch(server_name=host,
                server_port=port or service.settings.port, css=CSS + drafting_css(),
                theme=gr.themes.Default(), **kwargs)
    return demo


def main() -> None:
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    launch(MeetingsService(Settings()))


if __name__ == "__main__":
    main()
