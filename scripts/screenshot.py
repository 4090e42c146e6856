"""Screenshot of the web chat answering a question, taken in headless Chromium.

Starts the app over a temporary database seeded with the shipped examples
(``assistant/examples``), opens it in headless Chromium, types a question into
the chat box and presses Enter through the DevTools protocol (a websocket), waits
for the answer with its citations, expands one citation and saves a PNG.
Everything stays on 127.0.0.1.

    python scripts/screenshot.py [--out docs/screenshot-chat.png] [--question ...]

Run as a script it also writes docs/screenshot-chat.png. ``take_screenshot`` is
what tests/test_screenshot.py calls; it returns what it saw on the page.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
DOCS_PNG = REPO / "docs" / "screenshot-chat.png"
QUESTION = "2025年第5次指挥部会议对商务局提出了什么要求？"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
# Privacy/offline flags: nothing but the app on 127.0.0.1 is contacted.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
    "--metrics-recording-only", "--no-default-browser-check", "--hide-scrollbars",
    "--lang=zh-CN", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
]
WIDTH, HEIGHT = 1280, 1200

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the app ------------------------------------------------------------------
@contextmanager
def running_app(db_dir: Path, port: int | None = None):
    """The real app over ``db_dir`` (seeded with the examples when empty); yields its URL."""
    sys.path.insert(0, str(REPO))
    import app
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    port = port or free_port()
    service = MeetingsService(Settings(db_dir=db_dir, seed_examples=True))
    demo = app.launch(service, host="127.0.0.1", port=port, prevent_thread_lock=True,
                      quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


# -- Chromium over the DevTools protocol --------------------------------------
class DevTools:
    """A minimal synchronous DevTools-protocol client for one page."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self._id = 0

    def call(self, method: str, timeout: float = 60, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression: str):
        """Evaluate a JavaScript expression in the page; returns its (JSON) value."""
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                        awaitPromise=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"JS error: {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.25)
        raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")

    def key(self, key: str, code: int, text: str = "") -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code, nativeVirtualKeyCode=code,
                      **({"text": text} if kind == "keyDown" and text else {}))


@contextmanager
def chromium(url: str, chromium_path: str | None = None):
    """Headless Chromium showing ``url``; yields a DevTools client for the page."""
    path = chromium_path or find_chromium()
    if not path:
        raise FileNotFoundError("chromium not found (apt-get install chromium fonts-wqy-microhei)")
    profile = Path(tempfile.mkdtemp(prefix="meetings-chromium-"))
    proc = subprocess.Popen(
        [path, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and active.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(active.read_text().split()[0])
        with _NO_PROXY.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        from websockets.sync.client import connect

        with connect(pages[0]["webSocketDebuggerUrl"], max_size=64 * 2**20, open_timeout=20,
                     proxy=None) as ws:
            cdp = DevTools(ws)
            cdp.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                     deviceScaleFactor=1, mobile=False)
            # A Chinese-language browser, as county staff use: Gradio's own labels follow it.
            agent = cdp.call("Browser.getVersion")["userAgent"].replace("HeadlessChrome", "Chrome")
            cdp.call("Emulation.setUserAgentOverride", userAgent=agent, acceptLanguage="zh-CN")
            cdp.call("Emulation.setLocaleOverride", locale="zh-CN")
            cdp.call("Page.enable")
            cdp.call("Page.navigate", url=url)
            yield cdp
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


# What the page shows of the last answer (read back for the test).
_ANSWER_STATE = """(() => {
  const chat = document.querySelector('#chat');
  if (!chat) return null;
  const bots = chat.querySelectorAll('.message.bot, [data-testid="bot"]');
  const last = bots[bots.length - 1];
  if (!last) return null;
  const details = last.querySelectorAll('details');
  return {
    text: last.innerText,
    details: details.length,
    summaries: Array.from(last.querySelectorAll('details > summary')).map(s => s.innerText),
    marks: last.querySelectorAll('mark').length,
    open: Array.from(details).filter(d => d.open).length,
    rect: (() => { const r = last.getBoundingClientRect();
                   return {x: r.x, y: r.y, width: r.width, height: r.height}; })(),
  };
})()"""


def ask_in_browser(cdp: DevTools, question: str, timeout: float = 120) -> dict:
    """Type ``question`` into the chat box, press Enter, wait for the cited answer."""
    cdp.wait_for("!!document.querySelector('#question textarea')", 60, "the chat box")
    previous = (cdp.js(_ANSWER_STATE) or {}).get("text", "")
    cdp.js("document.querySelector('#question textarea').focus()")
    cdp.call("Input.insertText", text=question)
    cdp.key("Enter", 13, "\r")
    # A follow-up: wait for a new answer, not the previous one still on the page.
    state = cdp.wait_for(
        f"(() => {{ const s = {_ANSWER_STATE}; if (!s || s.text === {json.dumps(previous)}) "
        "return null; return (s.details > 0 || s.text.includes('没有')) ? s : null; })()",
        timeout, "the answer")
    if state["details"]:
        # Expand the first citation, as a reader would, to show passage and original.
        cdp.js("(() => { const b = document.querySelectorAll('#chat .message.bot');"
               " const d = b[b.length - 1].querySelector('details');"
               " d.querySelector('summary').click(); return d.open; })()")
        time.sleep(0.3)
        # Bring the question and the start of its answer into view in the chat's scroll area.
        cdp.js("(() => { const u = document.querySelectorAll('#chat .message.user');"
               " u[u.length - 1].scrollIntoView({block: 'start'}); })()")
        time.sleep(0.5)
        state = cdp.js(_ANSWER_STATE)
    return state


def fonts_used(cdp: DevTools, selector: str) -> dict[str, int]:
    """Glyphs per platform font that Chromium used for the text of nodes matching ``selector``.

    This is the proof that Chinese was drawn with a real CJK font (not boxes).
    """
    cdp.call("DOM.enable")
    cdp.call("CSS.enable")
    root = cdp.call("DOM.getDocument", depth=0)["root"]["nodeId"]
    counts: dict[str, int] = {}
    for node in cdp.call("DOM.querySelectorAll", nodeId=root, selector=selector)["nodeIds"]:
        for f in cdp.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]:
            counts[f["familyName"]] = counts.get(f["familyName"], 0) + f["glyphCount"]
    return counts


def take_screenshot(out: Path, question: str | list[str] = QUESTION, db_dir: Path | None = None,
                    chromium_path: str | None = None) -> dict:
    """Start the app, ask ``question`` (or a chain of follow-ups) in Chromium, save a PNG.

    Returns the page state of the last answer.
    """
    tmp = Path(tempfile.mkdtemp(prefix="meetings-shot-"))
    questions = [question] if isinstance(question, str) else list(question)
    try:
        with running_app(db_dir or tmp / "db") as url, chromium(url, chromium_path) as cdp:
            for q in questions:
                state = ask_in_browser(cdp, q)
            state["fonts"] = fonts_used(cdp, "#chat .message.bot details > summary")
            shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(shot["data"]))
        state.update(url=url, png=str(out), question=questions[-1])
        return state
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=DOCS_PNG, help="PNG to write")
    p.add_argument("--question", action="append", default=None,
                   help="question to ask; repeat for a follow-up chain")
    p.add_argument("--db", type=Path, default=None,
                   help="an ingested database (default: a temporary one with the examples)")
    args = p.parse_args(argv)
    state = take_screenshot(args.out, args.question or QUESTION, db_dir=args.db)
    print(f"saved {args.out} ({args.out.stat().st_size} bytes): {state['details']} citations; "
          f"fonts {state['fonts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
