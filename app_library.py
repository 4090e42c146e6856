"""The web app's 资料库 tab: upload reports (many files or a zip), list, delete, re-ingest.

Presentation only: uploading, listing and deleting are :class:`assistant.library.Library`,
which uses the same Ingestor as ``meetings ingest`` — so each file's status and
reason here are the CLI's. Writes share the app's ``core`` concurrency group, so
an upload never runs beside a question.
"""

from __future__ import annotations

import html

from assistant.library import Library, ReportRow, UploadReport
from meetings_errors import MeetingsError

RESULT_HEADERS = ["文件", "结果", "status", "原因", "格式", "段落数"]
REPORT_HEADERS = ["会议", "日期", "机构", "文件", "格式", "页数", "段落数", "添加时间（UTC）", "编号"]
SORTS = [("会议日期（新→旧）", "date_desc"), ("会议日期（旧→新）", "date_asc"),
         ("添加时间（新→旧）", "added_desc"), ("文件名", "file")]
CSS = """
#lib-summary p { margin: 4px 0; }
"""


def _frame(headers: list[str], rows: list[list]):
    import pandas as pd

    return pd.DataFrame(rows, columns=headers)


def result_rows(report: UploadReport) -> list[list]:
    return [[r.name, r.status_label, r.status, r.detail, r.format, r.passages or ""]
            for r in report.results]


def summary_text(report: UploadReport) -> str:
    """Counts in Chinese, then the CLI's own summary line."""
    counts = [f"{label} {report.count(s)}" for s, label in
              (("added", "新收录"), ("updated", "更新"), ("unchanged", "未变"),
               ("duplicate", "重复"), ("skipped", "跳过"), ("failed", "失败")) if report.count(s)]
    return (f"共 {len(report.results)} 个文件：{'，'.join(counts) or '无'}。  \n"
            f"`{html.escape(report.summary())}`")


def _added(value: str) -> str:
    return value[:16].replace("T", " ") if value else ""  # minutes are enough


def filter_reports(rows: list[ReportRow], text: str = "", sort: str = "date_desc"
                   ) -> list[ReportRow]:
    """Rows whose label, date, body, file or format contain every word of ``text``, sorted."""
    words = (text or "").split()
    rows = [r for r in rows if all(
        w.lower() in " ".join((r.label, r.date_label, r.date, r.body, r.file_name, r.format,
                               r.doc_id)).lower() for w in words)]
    if sort == "date_asc":
        return sorted(rows, key=lambda r: (r.date.lstrip("-"), r.label))
    if sort == "added_desc":
        return sorted(rows, key=lambda r: r.added_at, reverse=True)
    if sort == "file":
        return sorted(rows, key=lambda r: r.file_name)
    return sorted(rows, key=lambda r: (r.date.lstrip("-"), r.label), reverse=True)


def report_rows(rows: list[ReportRow]) -> list[list]:
    return [[r.label, r.date_label, r.body, r.file_name, r.format, r.pages or "", r.passages,
             _added(r.added_at), r.doc_id] for r in rows]


def library_tab(gr, service, core: dict):
    """Add the 资料库 tab (call inside ``gr.Tabs``) and wire its events."""
    lib = Library(service)
    s = service.settings

    def table(text: str = "", sort: str = "date_desc"):
        return _frame(REPORT_HEADERS, report_rows(filter_reports(lib.list_reports(), text, sort)))

    def choices():
        return [(f"{r.label}（{r.date_label or '日期不详'}，{r.file_name}）", r.doc_id)
                for r in lib.list_reports()]

    tracker = gr.Progress()  # Gradio fills in a live tracker for a Progress default

    def upload(files, text: str, sort: str, progress=tracker):
        paths = [f if isinstance(f, str) else getattr(f, "name", f) for f in (files or [])]
        if not paths:
            return ("请先选择要上传的文件。", _frame(RESULT_HEADERS, []), table(text, sort),
                    gr.update(choices=choices()))
        total = {"n": 0, "done": 0}
        progress(0, desc="检查并复制文件…")

        def on_start(n: int) -> None:
            total["n"] = n
            progress((0, n), desc="导入中", unit="个文件")

        def on_file(_result) -> None:
            total["done"] += 1
            progress((total["done"], max(total["n"], 1)), desc="导入中", unit="个文件")

        try:
            report = lib.store_uploads(paths, on_start=on_start, on_file=on_file)
        except MeetingsError as e:  # the same for every file (a configuration error)
            return (f"导入出错：{html.escape(str(e))}", _frame(RESULT_HEADERS, []), table(text, sort),
                    gr.update(choices=choices()))
        return (summary_text(report), _frame(RESULT_HEADERS, result_rows(report)),
                table(text, sort), gr.update(choices=choices()))

    def delete(doc_id: str, text: str, sort: str):
        if not doc_id:
            return "请先在上表中点选一篇报道，或在下拉框中选择。", table(text, sort), gr.update()
        try:
            d = lib.delete_report(doc_id)
            msg = (f"已删除：{html.escape(d.label)}（{d.passages} 个段落）"
                   + ("，上传的文件已一并移除。" if d.file_removed else "。"))
        except MeetingsError as e:
            msg = f"未能删除：{html.escape(str(e))}"
        return msg, table(text, sort), gr.update(choices=choices(), value=None)

    def reingest(doc_id: str, text: str, sort: str):
        if not doc_id:
            return "请先选择一篇报道。", _frame(RESULT_HEADERS, []), table(text, sort)
        try:
            report = lib.reingest_report(doc_id)
        except MeetingsError as e:
            return f"未能重新导入：{html.escape(str(e))}", _frame(RESULT_HEADERS, []), table(text, sort)
        return summary_text(report), _frame(RESULT_HEADERS, result_rows(report)), table(text, sort)

    def pick(evt: gr.SelectData, frame):
        """A clicked row's report id (its last column; the row as shown, even if header-sorted)."""
        if evt.row_value:
            return str(evt.row_value[-1])
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        try:
            return frame.iloc[row]["编号"]
        except (IndexError, KeyError, TypeError):
            return gr.update()

    # A real class, not the string postponed annotations would leave: Gradio looks it up.
    pick.__annotations__["evt"] = gr.SelectData

    with gr.Tab("资料库", id="library-tab") as tab:
        gr.Markdown(
            f"上传会议报道（可一次选多个文件，或一个 zip 压缩包），导入后即可在问答和查找中使用。"
            f"支持 txt、md、html、docx、doc/wps、pdf、ofd、图片扫描件及其 zip；文件类型按内容判断。"
            f"每次最多 {s.max_upload_files} 个文件，每个不超过 {s.max_file_mb:g} MB。"
            f"每个文件的结果和原因与命令行 `meetings ingest` 相同。")
        with gr.Row():
            files = gr.File(label="选择文件（可多选）或 zip", file_count="multiple",
                            type="filepath", elem_id="lib-files", scale=4)
            go = gr.Button("上传并导入", variant="primary", elem_id="lib-upload", scale=1,
                           min_width=120)
        summary = gr.Markdown(elem_id="lib-summary")
        results = gr.Dataframe(headers=RESULT_HEADERS, label="本次导入结果", interactive=False,
                               wrap=True, elem_id="lib-results", max_height=320,
                               column_widths=["24%", "10%", "9%", "39%", "8%", "10%"])
        gr.Markdown("#### 已收录的报道")
        with gr.Row():
            query = gr.Textbox(label="筛选", placeholder="会议、日期、机构、文件名或格式，空格分隔多个词",
                               elem_id="lib-filter", scale=4)
            sort = gr.Dropdown(SORTS, value="date_desc", label="排序", elem_id="lib-sort", scale=2)
        reports = gr.Dataframe(table(), headers=REPORT_HEADERS, label="报道（点表头也可排序）",
                               interactive=False, wrap=True, elem_id="lib-reports",
                               max_height=480, show_search="none",
                               column_widths=["21%", "11%", "8%", "19%", "6%", "5%", "6%", "11%",
                                              "13%"])
        with gr.Row():
            # value=None: nothing is chosen until the user picks (Gradio would pick the first).
            chosen = gr.Dropdown(choices(), value=None, label="选中的报道", elem_id="lib-chosen",
                                 scale=4, allow_custom_value=True)
            remove = gr.Button("删除", variant="stop", elem_id="lib-delete", scale=1)
            again = gr.Button("重新导入", elem_id="lib-reingest", scale=1)
        done = gr.Markdown(elem_id="lib-done")

    tab_inputs = [query, sort]
    go.click(upload, [files, *tab_inputs], [summary, results, reports, chosen],
             api_name="library_upload", **core)
    query.submit(table, tab_inputs, reports, api_name="library_reports", **core)
    sort.change(table, tab_inputs, reports, api_visibility="private", **core)
    remove.click(delete, [chosen, *tab_inputs], [done, reports, chosen],
                 api_name="library_delete", **core)
    again.click(reingest, [chosen, *tab_inputs], [summary, results, reports],
                api_name="library_reingest", **core)
    reports.select(pick, reports, chosen, api_visibility="private")
    # Refreshed whenever the tab is opened: reports ingested by the CLI meanwhile show up.
    tab.select(lambda text, order: (table(text, order), gr.update(choices=choices())),
               tab_inputs, [reports, chosen], api_visibility="private", **core)
    return tab
