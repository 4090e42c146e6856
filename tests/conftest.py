"""Shared fixtures: all state in temp dirs, real components throughout."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "assistant" / "examples"


def corpus_docs() -> Path:
    docs = CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip(f"shared corpus not found at {docs} (tests that need it are skipped)")
    return docs


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """Point every MEETINGS_* default at a temp dir so no test touches real data."""
    monkeypatch.setenv("MEETINGS_DB_DIR", str(tmp_path / "db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for var in ("MEETINGS_LLM_BASE_URL", "MEETINGS_CHROMA_HOST", "MEETINGS_EMBEDDING_MODEL"):
        monkeypatch.delenv(var, raising=False)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (tests only talk to this machine)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_app(service):
    """The real web app over ``service`` on 127.0.0.1, and a gradio_client for it."""
    from gradio_client import Client

    import app

    port = free_port()
    demo = app.launch(service, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    c = None
    try:
        c = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        yield c
    finally:
        if c is not None:
            c.close()
        demo.close()


# Set by ``server_backend`` (tests/test_server_mode.py): while it is, make_service
# builds services over that Chroma server, one collection per database folder.
_SERVER = None


def make_service(db_dir: Path, **overrides):
    from assistant.service import MeetingsService
    from assistant.settings import Settings

    if _SERVER is not None and "chroma_host" not in overrides:
        from tests.chroma_server import collection_for

        overrides = {"chroma_host": _SERVER.host, "chroma_port": _SERVER.port,
                     "collection": collection_for(db_dir), **overrides}
    return MeetingsService(Settings(db_dir=db_dir, **overrides))


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on 127.0.0.1 for the whole session (tests/chroma_server.py).

    Skips the tests that need it when the ``chroma`` executable is absent or the
    server does not come up. Tests share it by using collections of their own.
    """
    from tests.chroma_server import ServerUnavailable, running_chroma

    try:
        with running_chroma(tmp_path_factory.mktemp("chroma-server")) as server:
            yield server
    except ServerUnavailable as e:
        pytest.skip(f"chroma server tests skipped: {e}")


@pytest.fixture(scope="module")
def server_backend(chroma_server):
    """While a module uses this, make_service builds services over ``chroma_server``."""
    global _SERVER
    _SERVER = chroma_server
    try:
        yield chroma_server
    finally:
        _SERVER = None


@pytest.fixture(scope="session")
def examples_service(tmp_path_factory):
    """A service over the shipped illustrative examples (ingested once)."""
    svc = make_service(tmp_path_factory.mktemp("examples-db"))
    report = svc.ingestor.ingest([EXAMPLES])
    assert not report.failed, report.failed
    return svc


@pytest.fixture(scope="session")
def corpus_service(tmp_path_factory):
    """A service over all of ../shared/corpus/docs (ingested once per session: minutes)."""
    docs = corpus_docs()
    svc = make_service(tmp_path_factory.mktemp("corpus-db"))
    report = svc.ingestor.ingest([docs])
    assert not report.failed, [(r.path, r.detail) for r in report.failed]
    svc.first_report = report
    return svc
