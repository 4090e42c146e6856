"""The drafting tab in real headless Chromium, driven over the DevTools protocol.

Search with a filter, add passages from two searches and from a chat citation,
remove one, open the viewer, export .docx and .md, and check that the files
hold exactly the kept quotes with provenance. Saves docs/screenshot-drafting.png.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import time
import urllib.parse

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "screenshot.py"
DOCS_PNG = REPO / "docs" / "screenshot-drafting.png"


def _load_script():
    spec = importlib.util.spec_from_file_location("meetings_screenshot_drafting", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shot = _load_script()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not shot.find_chromium():
        pytest.skip("chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
    db = tmp_path_factory.mktemp("drafting-db")
    with shot.running_app(db) as url, shot.chromium(url) as cdp:
        cdp.wait_for("!!document.querySelector('#question textarea')", 60, "the app")
        yield url, cdp


def _tab(cdp, name: str) -> None:
    cdp.js(f"""(() => {{ const b = Array.from(document.querySelectorAll('button[role=tab]'))
        .find(b => b.innerText.trim() === {json.dumps(name)}); b.click(); return true; }})()""")
    time.sleep(0.4)


def _type(cdp, elem_id: str, text: str) -> None:
    sel = f"#{elem_id} textarea, #{elem_id} input"
    cdp.wait_for(f"!!document.querySelector({json.dumps(sel)})", 20, elem_id)
    cdp.js(f"(() => {{ const e = document.querySelector({json.dumps(sel)}); e.focus(); e.select();"
           f" return true; }})()")
    if text:
        cdp.call("Input.insertText", text=text)
    else:
        cdp.key("Backspace", 8)


def _enter(cdp) -> None:
    cdp.key("Enter", 13, "\r")


def _click(cdp, elem_id: str) -> None:
    cdp.js(f"document.querySelector('#{elem_id}').click()")


def _count(cdp, selector: str) -> int:
    return cdp.js(f"document.querySelectorAll({json.dumps(selector)}).length")


def _check(cdp, elem_id: str, n: int = 0, kind: str = "checkbox") -> None:
    sel = f"#{elem_id} input[type={kind}]"
    cdp.wait_for(f"document.querySelectorAll({json.dumps(sel)}).length > {n}", 30, elem_id)
    cdp.js(f"document.querySelectorAll({json.dumps(sel)})[{n}].click()")
    time.sleep(0.3)


def _search(cdp, query: str, before: str) -> list[str]:
    """Run a search; returns the result cards' text once they replace ``before``."""
    _type(cdp, "draft-query", query)
    _enter(cdp)
    return cdp.wait_for(
        "(() => { const h = Array.from(document.querySelectorAll('#draft-hits .hit'))"
        ".map(e => e.innerText); return h.length && h.join('|') !== " + json.dumps(before)
        + " ? h : null; })()", 60, f"results for {query}")


def _note(cdp, elem_id: str, n: int) -> str:
    return cdp.wait_for(f"(() => {{ const t = document.querySelector('#{elem_id}').innerText;"
                        f" return t.includes('素材篮共 {n} 条') ? t : null; }})()", 60,
                        f"basket of {n}")


def _basket(cdp) -> list[dict]:
    return cdp.js("Array.from(document.querySelectorAll('#basket .basket-item')).map(e => ({"
                  "quote: e.querySelector('.basket-quote').innerText,"
                  "src: e.querySelector('.hit-src').innerText}))")


def _download(cdp, url: str, elem_id: str) -> bytes:
    href = cdp.wait_for(f"(() => {{ const a = document.querySelector('#{elem_id} a[href]');"
                        " return a ? a.href : null; })()", 60, f"{elem_id} link")
    with shot._NO_PROXY.open(urllib.parse.urljoin(url, href), timeout=30) as r:
        return r.read()


def test_collect_remove_view_and_export(page):
    import docx

    url, cdp = page
    _tab(cdp, "起草")
    # 1. A filtered search: only meetings from 2026 on.
    _type(cdp, "draft-from", "2026-01-01")
    hits = _search(cdp, "招商引资", "")
    assert hits and all("2026-" in h.split("\n")[0] for h in hits), hits
    assert _count(cdp, "#draft-hits mark") > 0  # query terms highlighted
    _check(cdp, "draft-pick", 0)
    _click(cdp, "draft-add-quote")
    _note(cdp, "draft-note", 1)

    # 2. A second search (no date filter) adds a whole passage.
    _type(cdp, "draft-from", "")
    hits2 = _search(cdp, "外资外贸", "|".join(hits))
    assert "2025-10-14" in hits2[0]
    _check(cdp, "draft-pick", 0)
    _click(cdp, "draft-add-passage")
    _note(cdp, "draft-note", 2)

    # The viewer opens the whole report with the sentence marked, identity above.
    _click(cdp, "draft-view")
    cited = cdp.wait_for("(() => { const m = document.querySelector('#viewer mark#cited');"
                         " return m && m.offsetParent ? m.innerText : null; })()", 30, "viewer")
    head = cdp.js("document.querySelector('#viewer .view-head').innerText")
    assert "外资外贸" in cited and "2025-10-14" in head and "指挥部会议" in head
    assert "2025-10-command-no05-traditional.txt" in head
    # The drafting CSS is served: the report scrolls inside its own box.
    assert cdp.js("getComputedStyle(document.querySelector('#viewer .view-text')).overflowY") == "auto"

    in_view = ("(() => { const m = document.querySelector('#viewer mark#cited');"
               " const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
    assert cdp.wait_for(in_view, 10, "the cited sentence scrolled into view")

    # 3. A chat citation (opened in the viewer too).
    _tab(cdp, "问答")
    cdp.js("document.querySelector('#question textarea').focus()")
    cdp.call("Input.insertText", text="2026年第3次常务会议对商务局提出了什么要求？")
    _enter(cdp)
    cdp.wait_for("document.querySelectorAll('#cite-pick input[type=checkbox]').length > 0", 120,
                 "the answer's citations")
    _check(cdp, "cite-pick", 0)
    _click(cdp, "cite-add-quote")
    _note(cdp, "cite-note", 3)
    _click(cdp, "cite-view")
    cdp.wait_for("(() => { const m = document.querySelector('#viewer mark#cited');"
                 " return m && m.offsetParent && document.querySelector('#viewer .view-head')"
                 ".innerText.includes('2026-03-12'); })()", 30, "the citation in the viewer")

    # 4. Back in the drafting tab the basket survived; remove the first item.
    _tab(cdp, "起草")
    items = _basket(cdp)
    assert len(items) == 3, items
    _check(cdp, "basket-pick", 0, kind="radio")
    _click(cdp, "basket-remove")
    cdp.wait_for("document.querySelectorAll('#basket .basket-item').length === 2", 30, "removal")
    kept, removed = _basket(cdp), items[0]
    assert removed["quote"] not in [k["quote"] for k in kept]
    # Reorder: the second item moves up; then rename the first group's heading.
    _check(cdp, "basket-pick", 1, kind="radio")
    _click(cdp, "basket-up")
    cdp.wait_for("document.querySelector('#basket .basket-quote').innerText === "
                 + json.dumps(kept[1]["quote"]), 30, "the move")
    kept = _basket(cdp)
    _type(cdp, "basket-heading", "招商引资工作要求")
    _click(cdp, "basket-set-heading")
    cdp.wait_for("document.querySelector('#basket .basket-head').innerText === '招商引资工作要求'",
                 30, "the new heading")

    DOCS_PNG.parent.mkdir(exist_ok=True)
    cdp.js("document.querySelector('#draft-query').scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    png = cdp.call("Page.captureScreenshot", format="png")["data"]
    DOCS_PNG.write_bytes(base64.b64decode(png))
    fonts = shot.fonts_used(cdp, "#basket .basket-quote")
    assert any("wqy" in f.lower() or "wenquanyi" in f.lower() for f in fonts), fonts

    # 5. Export both formats and read them back.
    _click(cdp, "export-docx-btn")
    data = _download(cdp, url, "export-docx")
    _click(cdp, "export-md-btn")
    md = _download(cdp, url, "export-md").decode("utf-8")
    paras = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    text = "\n".join(paras)
    for k in kept:
        lines = [x for x in k["quote"].split("\n") if x.strip()]
        assert all(line in paras for line in lines), (lines, paras)
        assert k["src"].removeprefix("来源：") in text and k["src"] in md
        assert lines[0] in md
    assert removed["quote"].split("\n")[0] not in text and removed["quote"].split("\n")[0] not in md
    assert "一、招商引资工作要求" in paras and "## 一、招商引资工作要求" in md
    order = [next(n for n, p in enumerate(paras) if p == k["quote"].split("\n")[0]) for k in kept]
    assert order == sorted(order)  # the basket's order, after the move
    quotes_in_docx = [p for p in paras if p.startswith("（来源：")]
    assert len(quotes_in_docx) == 2 and md.count("\n来源：") == 2


def test_department_view_lists_and_adds(page):
    _, cdp = page
    _tab(cdp, "部门要求")
    _click(cdp, "dept-show")
    rows = cdp.wait_for("(() => { const h = Array.from(document.querySelectorAll('#dept-list .hit'))"
                        ".map(e => e.innerText); return h.length ? h : null; })()", 30, "the list")
    heads = [r.split("\n")[0] for r in rows]
    assert any("仅汇报" in h for h in heads) and any("] 要求" in h for h in heads)
    assert any("面向各部门" in h for h in heads)
    dates = [h[h.rindex("（") + 1:h.rindex("）")] for h in heads]
    assert dates == sorted(dates), dates
    assert any("县商务局要紧盯外资外贸目标" in r for r in rows)
    _check(cdp, "dept-pick", 1)
    before = len(_basket(cdp))
    _click(cdp, "dept-add")
    _note(cdp, "dept-note", before + 1)
