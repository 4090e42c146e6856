"""The core suites again, against a real Chroma server instead of the embedded store.

The tests of tests/test_answers.py (department and list-all answers among them),
tests/test_pipeline.py (ingest idempotency, moves, lost passages, prune) and
tests/test_libraries.py (two libraries, uploads and deletes through a view) are
imported here and run unchanged: while this module runs, ``make_service`` builds
every service over conftest's ``chroma_server``, each database folder in a
collection of its own (tests/chroma_server.py: ``collection_for``). They skip
when the ``chroma`` executable is absent.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, make_service
from tests.test_answers import *  # noqa: F403 - the same tests, collected here
from tests.test_libraries import *  # noqa: F403 - and their ``svc`` fixture
from tests.test_pipeline import *  # noqa: F403 - and their ``ingested`` fixture


@pytest.fixture(scope="module", autouse=True)
def _over_the_server(server_backend):
    """Every service this module builds talks to the server (before any module fixture)."""
    yield server_backend


@pytest.fixture(scope="module")
def examples_service(_over_the_server, tmp_path_factory):
    """conftest's examples_service (session-wide, embedded), rebuilt over the server."""
    svc = make_service(tmp_path_factory.mktemp("server-examples-db"))
    assert svc.settings.chroma_host == _over_the_server.host
    report = svc.ingestor.ingest([EXAMPLES])
    assert not report.failed, report.failed
    return svc


def test_services_here_use_the_server(examples_service, svc, ingested):
    """The imported fixtures really built server-backed services, in separate collections."""
    services = [examples_service, svc, ingested[0]]
    assert all(type(s.client).__name__ != "PersistentClient" for s in services)
    assert all(not (s.settings.db_dir / "chroma").exists() for s in services)
    names = {s.settings.collection for s in services}
    assert len(names) == 3 and "meetings" not in names
