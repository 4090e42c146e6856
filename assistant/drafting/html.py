"""HTML for the drafting views (search hits, basket, department list, report viewer).

Plain strings, no gradio: the web app only places them. Every piece of report
text is escaped before any markup is added.
"""

from __future__ import annotations

import html

from assistant.drafting.basket import Basket
from assistant.drafting.departments import DepartmentRequirement
from assistant.drafting.highlight import mark_html
from assistant.drafting.search import SearchHits
from assistant.drafting.viewer import ReportView

_KIND_CLASS = {"required": "kind-req", "reported": "kind-rep", "all": "kind-all"}


def _e(text) -> str:
    return html.escape(str(text or ""))


def _br(text) -> str:
    """Escaped, line breaks kept (a whole passage may span paragraphs)."""
    return _e(text).replace("\r", "").replace("\n", "<br>")


def meeting_name(meeting: dict) -> str:
    """The label with the date as people write it appended (「10月30日」, never
    ``--10-30``) when the label lacks it."""
    from assistant.citations import label_with_date

    return label_with_date(meeting.get("label") or "", meeting.get("date") or "",
                           meeting.get("date_label") or "")


def _file(source: str | None) -> str:
    return (source or "").replace("\\", "/").rsplit("/", 1)[-1]


def hit_source(row: dict) -> str:
    page = f"　第{_e(row['page'])}页" if row.get("page") not in (None, "") else ""
    return (f"报道：{_e(row.get('title'))}　文件：{_e(_file(row.get('source')))}{page}")


def render_hits(hits: SearchHits) -> str:
    """Result cards: meeting and date, report, file (page), passage with terms marked."""
    if hits.unmatched:
        return f"<p><b>{_e(hits.unmatched)}</b></p>"
    if not hits.rows:
        return "<p>没有找到符合条件的段落。</p>"
    return "".join(
        f"<div class='hit' data-id='{_e(r['id'])}'><div class='hit-head'>[{r['rank']}] "
        f"{_e(meeting_name(r['meeting']))}</div><div class='hit-src'>{hit_source(r)}</div>"
        f"<div class='hit-text'>{mark_html(r['text'], hits.terms)}</div></div>"
        for r in hits.rows)


def render_basket(basket: Basket, by: str) -> str:
    """The basket as it will be exported: groups, numbered quotes, provenance."""
    if not basket.items:
        return "<p class='basket-empty'>素材篮是空的：在查找结果、问答出处或部门要求中选择条目加入。</p>"
    out, n = [], 0
    for g in basket.groups(by):
        out.append(f"<div class='basket-group'><p class='basket-head'>{_e(g.heading)}</p>")
        for item in g.items:
            n += 1
            kind = "整段" if item.whole_passage else "引句"
            out.append(f"<div class='basket-item'><span class='basket-n'>{n}.</span> "
                       f"<span class='basket-kind'>[{kind}]</span> "
                       f"<span class='basket-quote'>{_br(item.quote)}</span>"
                       f"<div class='hit-src'>来源：{_e(item.provenance.line())}</div></div>")
        out.append("</div>")
    return "".join(out)


def render_requirements(reqs: list[DepartmentRequirement]) -> str:
    if not reqs:
        return "<p>记录中没有向该部门提出的要求。</p>"
    rows = []
    for n, r in enumerate(reqs, 1):
        p = r.provenance
        rows.append(
            f"<div class='hit'><div class='hit-head'>[{n}] <span class='{_KIND_CLASS[r.kind]}'>"
            f"{_e(r.label)}</span> {_e(p.meeting_name)}</div>"
            f"<div class='hit-src'>报道：{_e(p.title)}　文件：{_e(p.file_name)}</div>"
            f"<div class='hit-text'>「{_e(r.sentence)}」</div></div>")
    return "".join(rows)


def render_report(view: ReportView | None) -> str:
    """The whole report, its identity above it, the cited sentence in <mark id=cited>."""
    if view is None:
        return "<p>找不到这篇报道（可能已被更新或删除）。</p>"
    m = view.meeting
    ident = [("会议", m.get("body")), ("次数", f"第{m['number']}次" if m.get("number") else ""),
             ("年份", m.get("year") or ""), ("日期", m.get("date")), ("标题", view.title),
             ("文件", _file(view.source))]
    head = "".join(f"<span class='view-field'><b>{k}：</b>{_e(v) or '（未注明）'}</span>"
                   for k, v in ident)
    if view.found:
        body = (_e(view.text[:view.start]) + f"<mark id='cited'>{_e(view.text[view.start:view.end])}"
                f"</mark>" + _e(view.text[view.end:]))
    else:
        body = _e(view.text)
    body = body.replace("\r", "").replace("\n", "<br>")
    return (f"<div class='view-head'><p class='view-label'>{_e(meeting_name(m))}</p>{head}</div>"
            f"<div class='view-text' id='view-text'>{body}</div>")
