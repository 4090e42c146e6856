"""The web app's drafting parts: filtered search, draft basket, department view, viewer.

Presentation only (layout and event wiring): filtering, basket operations,
export and HTML come from ``assistant/drafting``. Kept apart from app.py so
the chat shell stays short. The basket lives in a ``gr.State``: one per
browser session, kept while the user moves between tabs.
"""

from __future__ import annotations

import html
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from assistant.drafting import departments as dv
from assistant.drafting.basket import Basket
from assistant.drafting.export import export
from assistant.drafting.html import (
    meeting_name,
    render_basket,
    render_hits,
    render_report,
    render_requirements,
)
from assistant.drafting.items import best_sentence, item_for_citation, item_for_passage
from assistant.drafting.search import SearchFilters, meeting_bodies, meeting_years, search
from assistant.drafting.viewer import report_view
from meetings_errors import MeetingsError

GROUP_CHOICES = [("按会议", "meeting"), ("按部门", "department")]
COLLECTIVE_CHOICES = [("含同次会议面向各部门的要求", "same_meeting"), ("只看点名的", "none"),
                      ("含所有会议面向各部门的要求", "every_meeting")]
# After the viewer is filled, bring the cited sentence into view inside its scroll box.
SCROLL_JS = ("() => { setTimeout(() => { const m = document.querySelector('#viewer mark#cited');"
             " if (m) m.scrollIntoView({block: 'center'}); }, 500); }")
CSS = """
#viewer .view-head { padding: 8px 12px; margin-bottom: 8px; border: 1px solid var(--border-color-primary);
                     border-radius: 6px; background: var(--background-fill-secondary); }
#viewer .view-label { font-weight: 600; font-size: 1.1em; margin: 0 0 4px; }
#viewer .view-field { margin-right: 14px; display: inline-block; }
#viewer .view-text { max-height: 62vh; overflow-y: auto; line-height: 1.8; padding: 4px 8px; }
#viewer mark#cited { background: #ffe08a; }
#draft-hits { max-height: 52vh; overflow-y: auto; }
#basket { max-height: 40vh; overflow-y: auto; }
#basket .basket-head { font-weight: 600; margin: 8px 0 4px; }
#basket .basket-item { margin: 0 0 8px 8px; }
#basket .basket-kind, .kind-rep, .kind-all { color: var(--body-text-color-subdued); }
.kind-req { color: #b42318; font-weight: 600; }
"""


def _int(text) -> int | None:
    digits = "".join(ch for ch in str(text or "") if ch.isdigit())
    return int(digits) if digits else None


def _short(text: str, n: int = 36) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"


def citation_picker(gr) -> SimpleNamespace:
    """Under the chat: the last answer's citations, to add to the basket or open."""
    with gr.Accordion("把本次回答的出处加入素材篮", open=True):
        pick = gr.CheckboxGroup(label="出处", choices=[], elem_id="cite-pick")
        with gr.Row():
            add_quote = gr.Button("加入引句", size="sm", elem_id="cite-add-quote")
            add_passage = gr.Button("加入整段", size="sm", elem_id="cite-add-passage")
            view = gr.Button("查看原文", size="sm", elem_id="cite-view")
        note = gr.Markdown(elem_id="cite-note")
    return SimpleNamespace(pick=pick, add_quote=add_quote, add_passage=add_passage, view=view,
                           note=note)


def citation_choices(cites: list):
    import gradio as gr

    return gr.update(choices=[(f"[{c.n}] {meeting_name(c.meeting)}：「{_short(c.quote)}」", str(i))
                              for i, c in enumerate(cites or [])], value=[])


def drafting_tab(gr, service) -> SimpleNamespace:
    """Filtered search with add/view buttons, then the basket with its controls and export."""
    records = service.catalog.records()
    gr.Markdown("在记录中查找段落，把需要的原句或整段加入素材篮，整理后导出 Word 或 Markdown（每条引文附出处）。")
    with gr.Row():
        query = gr.Textbox(label="查找", placeholder="关键词或问题，按回车查找", scale=4,
                           elem_id="draft-query")
        body = gr.Dropdown([("全部", "")] + meeting_bodies(records), value="", label="会议类别",
                           allow_custom_value=True, scale=2, elem_id="draft-body")
        year = gr.Dropdown([("全部", "")] + [(str(y), str(y)) for y in meeting_years(records)],
                           value="", label="年份", scale=1, elem_id="draft-year")
        number = gr.Textbox(label="第几次", placeholder="如 5", scale=1, elem_id="draft-number")
    with gr.Row():
        date_from = gr.Textbox(label="起始日期", placeholder="2025-01-01", scale=1,
                               elem_id="draft-from")
        date_to = gr.Textbox(label="截止日期", placeholder="2026-12-31", scale=1, elem_id="draft-to")
        department = gr.Dropdown([("全部", "")] + dv.departments(records), value="", label="部门",
                                 allow_custom_value=True, scale=2, elem_id="draft-dept")
        sort = gr.Radio([("相关度", "relevance"), ("日期（新在前）", "date")], value="relevance",
                        label="排序", scale=2, elem_id="draft-sort")
        k = gr.Slider(1, 50, value=10, step=1, label="段落数", scale=1)
        go = gr.Button("查找", variant="primary", scale=1, min_width=80, elem_id="draft-go")
    with gr.Row():
        with gr.Column(scale=3):
            hits_html = gr.HTML(elem_id="draft-hits")
            hits = gr.State({})
            pick = gr.CheckboxGroup(label="选择段落", choices=[], elem_id="draft-pick")
            with gr.Row():
                add_quote = gr.Button("加入关键句", size="sm", elem_id="draft-add-quote")
                add_passage = gr.Button("加入整段", size="sm", elem_id="draft-add-passage")
                view = gr.Button("查看原文", size="sm", elem_id="draft-view")
            note = gr.Markdown(elem_id="draft-note")
        with gr.Column(scale=2, elem_id="basket-panel"):
            gr.Markdown("### 素材篮")
            basket_html = gr.HTML(render_basket(Basket(), "meeting"), elem_id="basket")
            group_by = gr.Radio(GROUP_CHOICES, value="meeting", label="分组", elem_id="group-by")
            item = gr.Radio([], label="选择条目", elem_id="basket-pick")
            with gr.Row():
                up = gr.Button("上移", size="sm", elem_id="basket-up")
                down = gr.Button("下移", size="sm", elem_id="basket-down")
                remove = gr.Button("移除", size="sm", variant="stop", elem_id="basket-remove")
                view_item = gr.Button("查看原文", size="sm", elem_id="basket-view")
            group = gr.Dropdown([], label="分组标题", elem_id="basket-group")
            with gr.Row():
                heading = gr.Textbox(label="新标题", scale=3, elem_id="basket-heading")
                set_heading = gr.Button("改标题", size="sm", scale=1, elem_id="basket-set-heading")
            with gr.Row():
                to_docx = gr.Button("导出 Word", variant="primary", elem_id="export-docx-btn")
                to_md = gr.Button("导出 Markdown", elem_id="export-md-btn")
            docx_file = gr.File(label="Word 文档", elem_id="export-docx")
            md_file = gr.File(label="Markdown", elem_id="export-md")
    return SimpleNamespace(**{k_: v for k_, v in locals().items()
                              if k_ not in ("gr", "service", "records")})


def department_tab(gr, service) -> SimpleNamespace:
    """One department's requirements across meetings, in date order."""
    names = dv.departments(service.catalog.records())
    gr.Markdown("选择部门，查看历次会议向它提出的要求（按日期排列，标明要求 / 仅汇报 / 面向各部门），可加入素材篮。")
    with gr.Row():
        name = gr.Dropdown(names, value=names[0] if names else None, label="部门",
                           allow_custom_value=True, scale=2, elem_id="dept-name")
        collective = gr.Radio(COLLECTIVE_CHOICES, value="same_meeting", label="面向各部门的要求",
                              scale=3, elem_id="dept-collective")
        show = gr.Button("查看", variant="primary", scale=1, elem_id="dept-show")
    listing = gr.HTML(elem_id="dept-list")
    reqs = gr.State([])
    pick = gr.CheckboxGroup(label="选择条目", choices=[], elem_id="dept-pick")
    with gr.Row():
        add_all = gr.Button("全部加入素材篮", size="sm", elem_id="dept-add-all")
        add_some = gr.Button("加入所选", size="sm", elem_id="dept-add")
        view = gr.Button("查看原文", size="sm", elem_id="dept-view")
    note = gr.Markdown(elem_id="dept-note")
    return SimpleNamespace(name=name, collective=collective, show=show, listing=listing, reqs=reqs,
                           pick=pick, add_all=add_all, add_some=add_some, view=view, note=note)


def wire(gr, service, export_dir: Path, *, basket, cites, tabs, viewer, chat_add, draft, dept,
         private: dict) -> None:
    """Connect the drafting components (all events private: the API stays /chat /ask /search)."""
    d = draft
    shown = [basket, d.basket_html, d.item, d.group]

    def refresh(b: Basket, by: str, selected: str | None = None):
        groups = b.groups(by)
        keys = [i.key for i in b.items]
        return (b, render_basket(b, by),
                gr.update(choices=[(f"{n}. {_short(i.quote, 28)}", i.key)
                                   for n, i in enumerate(b.items, 1)],
                          value=selected if selected in keys else None),
                gr.update(choices=[(g.heading, g.key) for g in groups],
                          value=groups[0].key if groups else None))

    def added(b: Basket, by: str, make) -> tuple:
        """Add the items ``make()`` builds; a lookup error is shown, not raised."""
        try:
            items = make()
        except MeetingsError as e:
            return (*refresh(b, by), f"未能加入：{html.escape(str(e))}")
        n = b.extend(items)
        dup = f"（{len(items) - n} 条已在素材篮中）" if len(items) > n else ""
        return (*refresh(b, by), f"已加入 {n} 条{dup}；素材篮共 {len(b.items)} 条。")

    # -- search ---------------------------------------------------------------
    def do_search(query, body, year, number, date_from, date_to, department, sort, k):
        if not (query or "").strip():
            return "<p>请输入关键词或问题。</p>", {}, gr.update(choices=[], value=[])
        filters = SearchFilters(body=body or None, year=_int(year), number=_int(number),
                                date_from=date_from or None, date_to=date_to or None,
                                department=department or None, sort=sort or "relevance")
        found = search(service, query, filters, int(k))
        state = {"terms": found.terms, "rows": {r["id"]: r for r in found.rows}}
        choices = [(f"[{r['rank']}] {meeting_name(r['meeting'])}：{_short(r['text'], 30)}", r["id"])
                   for r in found.rows]
        return render_hits(found), state, gr.update(choices=choices, value=[])

    inputs = [d.query, d.body, d.year, d.number, d.date_from, d.date_to, d.department, d.sort, d.k]
    for ev in (d.query.submit, d.go.click):
        ev(do_search, inputs, [d.hits_html, d.hits, d.pick], **private)

    def hit_item(state: dict, pid: str, whole: bool):
        row = state["rows"][pid]
        quote = None if whole else best_sentence(row["text"], state["terms"])
        return item_for_passage(service, pid, quote, whole)

    def add_hits(b, by, state, picked, whole):
        return added(b, by, lambda: [hit_item(state, pid, whole) for pid in picked or []])

    for btn, whole in ((d.add_quote, False), (d.add_passage, True)):
        btn.click(lambda b, by, s, p, w=whole: add_hits(b, by, s, p, w),
                  [basket, d.group_by, d.hits, d.pick], [*shown, d.note], **private)

    # -- chat citations -------------------------------------------------------
    def add_cites(b, by, cs, picked, whole):
        return added(b, by, lambda: [item_for_citation(service, cs[int(i)], whole)
                                     for i in picked or []])

    for btn, whole in ((chat_add.add_quote, False), (chat_add.add_passage, True)):
        btn.click(lambda b, by, cs, p, w=whole: add_cites(b, by, cs, p, w),
                  [basket, d.group_by, cites, chat_add.pick], [*shown, chat_add.note], **private)

    # -- the viewer -------------------------------------------------------------
    def open_view(doc_id: str, start: int, end: int, quote: str = ""):
        view = report_view(service.catalog, doc_id, start, end, quote)
        return render_report(view), gr.Tabs(selected="viewer-tab")

    def first_item(items):
        return items[0] if items else None

    def view_hit(state, picked):
        if not picked:
            return gr.update(), gr.update()
        it = hit_item(state, picked[0], False)
        return open_view(it.provenance.doc_id, it.start, it.end, it.quote)

    def view_cite(cs, picked):
        if not picked:
            return gr.update(), gr.update()
        it = item_for_citation(service, cs[int(picked[0])])
        return open_view(it.provenance.doc_id, it.start, it.end, it.quote)

    def view_basket(b, key):
        it = first_item([i for i in b.items if i.key == key])
        if it is None:
            return gr.update(), gr.update()
        return open_view(it.provenance.doc_id, it.start, it.end, it.quote)

    def view_req(reqs, picked):
        r = first_item([q for q in reqs if q.key in (picked or [])])
        if r is None:
            return gr.update(), gr.update()
        return open_view(r.provenance.doc_id, r.start, r.end, r.sentence)

    for btn, fn, ins in ((d.view, view_hit, [d.hits, d.pick]),
                         (chat_add.view, view_cite, [cites, chat_add.pick]),
                         (d.view_item, view_basket, [basket, d.item]),
                         (dept.view, view_req, [dept.reqs, dept.pick])):
        btn.click(fn, ins, [viewer, tabs], **private).then(None, js=SCROLL_JS)

    # -- basket editing and export ---------------------------------------------
    def move(b, by, key, step):
        if key:
            b.move(key, step)
        return refresh(b, by, key)

    d.up.click(lambda b, by, key: move(b, by, key, -1), [basket, d.group_by, d.item], shown,
               **private)
    d.down.click(lambda b, by, key: move(b, by, key, 1), [basket, d.group_by, d.item], shown,
                 **private)

    def remove(b, by, key):
        if key:
            b.remove(key)
        return refresh(b, by)

    d.remove.click(remove, [basket, d.group_by, d.item], shown, **private)
    d.group_by.change(refresh, [basket, d.group_by], shown, **private)

    def rename(b, by, key, text):
        if key:
            b.set_heading(by, key, text or "")
        return (*refresh(b, by), "")

    d.set_heading.click(rename, [basket, d.group_by, d.group, d.heading], [*shown, d.heading],
                        **private)

    def write(b, by, suffix):
        if not b.items:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = Path(tempfile.mkdtemp(prefix="draft-", dir=export_dir))
        path = export(b, folder / f"会议记录摘编-{stamp}{suffix}", by=by)
        from app_access import current_username

        service.audit.exported(current_username(), path, [p.source for p in b.sources()],
                               "web:export")
        return str(path)

    d.to_docx.click(lambda b, by: write(b, by, ".docx"), [basket, d.group_by], d.docx_file,
                    **private)
    d.to_md.click(lambda b, by: write(b, by, ".md"), [basket, d.group_by], d.md_file, **private)

    # -- department view -------------------------------------------------------------
    def show_dept(name, collective):
        if not name:
            return "<p>请选择部门。</p>", [], gr.update(choices=[], value=[])
        reqs = dv.requirements_for(service.catalog.records(), name, collective)
        choices = [(f"[{n}] {r.label} {r.provenance.meeting_name}：{_short(r.sentence, 30)}", r.key)
                   for n, r in enumerate(reqs, 1)]
        return render_requirements(reqs), reqs, gr.update(choices=choices, value=[])

    for ev in (dept.show.click, dept.name.change, dept.collective.change):
        ev(show_dept, [dept.name, dept.collective], [dept.listing, dept.reqs, dept.pick], **private)

    def add_reqs(b, by, reqs, picked, everything):
        chosen = reqs if everything else [r for r in reqs if r.key in (picked or [])]
        return added(b, by, lambda: [dv.requirement_item(service, r) for r in chosen])

    dept.add_all.click(lambda b, by, r, p: add_reqs(b, by, r, p, True),
                       [basket, d.group_by, dept.reqs, dept.pick], [*shown, dept.note], **private)
    dept.add_some.click(lambda b, by, r, p: add_reqs(b, by, r, p, False),
                        [basket, d.group_by, dept.reqs, dept.pick], [*shown, dept.note], **private)
