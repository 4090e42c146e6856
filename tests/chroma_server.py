"""A real Chroma server for the tests: `chroma run` on a free 127.0.0.1 port (no pytest here).

The venv's own ``chroma`` executable (chromadb ships it) is started with
telemetry off and its data in a temp dir, polled until its heartbeat answers,
and stopped at the end. Tests sharing one server keep apart by collection name:
:func:`collection_for` gives every database folder its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerUnavailable(RuntimeError):
    """`chroma run` is missing or did not come up (the message says why)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def chroma_executable() -> Path | None:
    """The ``chroma`` beside this interpreter (the venv's), else one on PATH."""
    exe = Path(sys.executable).with_name("chroma")
    if exe.exists():
        return exe
    found = shutil.which("chroma")
    return Path(found) if found else None


def heartbeat(port: int, host: str = HOST) -> bool:
    try:
        with _NO_PROXY.open(f"http://{host}:{port}/api/v2/heartbeat", timeout=1) as r:
            return r.status == 200 and "nanosecond heartbeat" in json.loads(r.read())
    except (OSError, ValueError):
        return False


def collection_for(db_dir: Path) -> str:
    """A Chroma collection name of its own for one database folder.

    The same folder always gets the same name (a second service over it sees
    the same store, as in embedded mode); two folders never share one.
    """
    return "t" + hashlib.sha1(str(Path(db_dir).resolve()).encode()).hexdigest()[:20]


def client_env(**extra: str) -> dict[str, str]:
    """Environment for a process talking to the server: telemetry off, no proxy."""
    return {**os.environ, "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1", "NO_PROXY": "*", "no_proxy": "*", **extra}


@dataclass
class ChromaServer:
    host: str
    port: int
    path: Path
    log: Path
    proc: subprocess.Popen

    def alive(self) -> bool:
        return self.proc.poll() is None and heartbeat(self.port, self.host)

    def log_tail(self, n: int = 2000) -> str:
        return self.log.read_text("utf-8", "replace")[-n:]


@contextmanager
def running_chroma(root: Path, timeout: float = 60.0):
    """Start `chroma run --path root/data` on a free port; yield a :class:`ChromaServer`.

    Raises:
        ServerUnavailable: no ``chroma`` executable, or no heartbeat within ``timeout``.
    """
    exe = chroma_executable()
    if exe is None:
        raise ServerUnavailable(f"no `chroma` executable beside {sys.executable} or on PATH")
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = root / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(exe), "run", "--path", str(root / "data"), "--host", HOST, "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=client_env(),
            cwd=root, start_new_session=True,
        )
    server = ChromaServer(HOST, port, root / "data", log_path, proc)
    try:
        deadline = time.monotonic() + timeout
        while not heartbeat(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ServerUnavailable(
                    f"`chroma run` did not answer on {HOST}:{port} (exit code {proc.poll()}):\n"
                    f"{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        stop(proc)


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Terminate a process this module (or a test) started, then kill it if it lingers."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
