"""Screenshot of the 资料库 tab after an upload, taken in headless Chromium.

Starts the app over a temporary database seeded with the shipped examples,
opens the 资料库 tab, puts files into the upload box through the DevTools
protocol (``DOM.setFileInputFiles``, as if chosen in the file dialog), presses
上传并导入, waits for the per-file results and saves a PNG. Reuses the helpers
of scripts/screenshot.py; everything stays on 127.0.0.1.

    python scripts/screenshot_library.py [--out docs/screenshot-library.png] FILE...

Without files it uploads a small made-up set (a .txt, a .docx, a zip of two
reports and a PNG named .txt). ``take_library_screenshot`` is what
tests/test_library_browser.py calls; it returns what it saw on the page.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS_PNG = REPO / "docs" / "screenshot-library.png"


def _helpers():
    spec = importlib.util.spec_from_file_location("meetings_screenshot_helpers",
                                                  REPO / "scripts" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shot = _helpers()

_RESULTS = """(() => {
  const t = document.querySelector('#lib-results');
  if (!t) return null;
  const rows = Array.from(t.querySelectorAll('[role=row].virtual-row')).map(r =>
      Array.from(r.querySelectorAll('[role=gridcell]')).map(td => td.innerText.trim()));
  return rows.filter(r => r.some(c => c)).length ? rows : null;
})()"""
_REPORTS = """Array.from(document.querySelectorAll('#lib-reports [role=row].virtual-row'))
  .map(r => Array.from(r.querySelectorAll('[role=gridcell]')).map(td => td.innerText.trim()))
  .filter(r => r.some(c => c))"""


def upload_in_browser(cdp, files: list[Path], timeout: float = 180) -> dict:
    """Open the 资料库 tab, choose ``files`` in the upload box, import, wait for the results."""
    cdp.wait_for("!!document.querySelector('#question textarea')", 60, "the app")
    cdp.js("""(() => { const b = Array.from(document.querySelectorAll('button[role=tab]'))
        .find(b => b.innerText.trim() === '资料库'); b.click(); return true; })()""")
    cdp.wait_for("!!document.querySelector('#lib-files input[type=file]')", 30, "the upload box")
    cdp.call("DOM.enable")
    root = cdp.call("DOM.getDocument", depth=-1, pierce=True)["root"]["nodeId"]
    node = cdp.call("DOM.querySelector", nodeId=root, selector="#lib-files input[type=file]")
    cdp.call("DOM.setFileInputFiles", nodeId=node["nodeId"], files=[str(f) for f in files])
    names = [f.stem for f in files]  # shown as stem and suffix on separate lines
    cdp.wait_for(f"(() => {{ const t = document.querySelector('#lib-files').innerText;"
                 f" return {json.dumps(names)}.every(n => t.includes(n)); }})()", 60,
                 "the files in the upload box")
    cdp.js("document.querySelector('#lib-upload').click()")
    rows = cdp.wait_for(_RESULTS, timeout, "the per-file results")
    time.sleep(1.0)  # let the reports table re-render
    cdp.js("document.querySelector('button[role=tab]').scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    return {"results": cdp.js(_RESULTS) or rows, "reports": cdp.js(_REPORTS),
            "summary": cdp.js("document.querySelector('#lib-summary').innerText")}


def delete_in_browser(cdp, file_name: str, timeout: float = 60) -> dict:
    """Click the report row of ``file_name``, press 删除, wait for the table without it."""
    clicked = cdp.js(f"""(() => {{
      const row = Array.from(document.querySelectorAll('#lib-reports [role=row].virtual-row'))
        .find(r => r.innerText.includes({json.dumps(file_name)}));
      if (!row) return null;
      const c = row.querySelector('[role=gridcell]'); c.scrollIntoView({{block: 'center'}});
      const r = c.getBoundingClientRect(); return {{x: r.x + r.width / 2, y: r.y + r.height / 2}};
    }})()""")
    if not clicked:
        raise RuntimeError(f"no report row for {file_name}")
    for kind in ("mousePressed", "mouseReleased"):  # a real click, as the table listens for
        cdp.call("Input.dispatchMouseEvent", type=kind, x=clicked["x"], y=clicked["y"],
                 button="left", clickCount=1)
    chosen = cdp.wait_for("(() => { const i = document.querySelector('#lib-chosen input');"
                          " return i && i.value ? i.value : null; })()", 20, "the chosen report")
    cdp.js("document.querySelector('#lib-delete').click()")
    done = cdp.wait_for("(() => { const t = document.querySelector('#lib-done').innerText;"
                        " return t.includes('已删除') ? t : null; })()", timeout, "the deletion")
    time.sleep(1.0)
    return {"chosen": chosen, "done": done, "reports": cdp.js(_REPORTS)}


def take_library_screenshot(out: Path, files: list[Path] | None = None,
                            chromium_path: str | None = None, delete: str | None = None) -> dict:
    """Start the app, upload ``files`` (default: a made-up set) in Chromium, save a PNG.

    With ``delete`` (a file name), that report is then deleted through the tab (after the PNG).
    """
    tmp = Path(tempfile.mkdtemp(prefix="meetings-libshot-"))
    try:
        if not files:
            sys.path.insert(0, str(REPO))
            from tests.library_files import make_files

            made = make_files(tmp / "files")
            files = [made[k] for k in ("txt", "docx", "zip", "bad")]
        with shot.running_app(tmp / "db") as url, shot.chromium(url, chromium_path) as cdp:
            state = upload_in_browser(cdp, files)
            state["fonts"] = shot.fonts_used(cdp, "#lib-results [role=gridcell] span, #lib-reports [role=gridcell] span, #lib-summary p")
            png = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
            if delete:
                state["deleted"] = delete_in_browser(cdp, delete)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(png["data"]))
        state.update(url=url, png=str(out))
        return state
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=DOCS_PNG, help="PNG to write")
    p.add_argument("files", nargs="*", type=Path, help="files to upload")
    args = p.parse_args(argv)
    state = take_library_screenshot(args.out, [f.resolve() for f in args.files])
    print(f"saved {args.out}: {len(state['results'])} results, {len(state['reports'])} reports;"
          f" fonts {state['fonts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
