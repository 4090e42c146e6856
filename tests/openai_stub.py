"""A local OpenAI-compatible chat server for tests (127.0.0.1 only, stdlib).

Speaks ``POST /v1/chat/completions`` both ways ChatOpenAI calls it: a JSON
completion, or with ``stream: true`` server-sent events, one
``chat.completion.chunk`` per few characters and ``data: [DONE]``. What it
replies is ``server.respond(body)``; every request is kept in
``server.requests`` as ``(path, headers, body)``; ``server.fail = True``
answers 500.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        headers = {k.lower(): v for k, v in self.headers.items()}
        server = self.server
        server.requests.append((self.path, headers, body))
        if server.fail:
            self.send_error(500, "model crashed")
            return
        text = server.respond(body)
        if body.get("stream"):
            self._stream(body, text)
            return
        payload = json.dumps({
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0,
            "model": body.get("model", ""),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, body: dict, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        step = self.server.chunk
        pieces = [text[i:i + step] for i in range(0, len(text), step)]
        for i, piece in enumerate(pieces):
            delta = {"content": piece, **({"role": "assistant"} if i == 0 else {})}
            self._event({"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0,
                         "model": body.get("model", ""),
                         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
            time.sleep(self.server.delay)
        self._event({"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0,
                     "model": body.get("model", ""),
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, obj: dict) -> None:
        self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode() + b"\n\n")
        self.wfile.flush()

    def log_message(self, *args):
        pass


@contextmanager
def openai_stub(respond: Callable[[dict], str] | str = "", chunk: int = 3,
                delay: float = 0.0) -> Iterator[ThreadingHTTPServer]:
    """Serve on a free port of 127.0.0.1; ``server.base_url`` is the ``…/v1`` to configure."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []
    server.respond = respond if callable(respond) else (lambda body: respond)
    server.chunk, server.delay, server.fail = chunk, delay, False
    host, port = server.server_address
    server.base_url = f"http://{host}:{port}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def no_proxy(monkeypatch) -> None:
    """Loopback requests must not go through a proxy set in the environment."""
    monkeypatch.setenv("NO_PROXY", "*")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)
