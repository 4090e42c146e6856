"""Issue 10 at the web edge: logins, libraries per user, audit — the real Gradio server.

One server over two libraries (gov, cmd) with a users file serves the module;
everything stays on 127.0.0.1. The login back-off test runs last: it blocks the
loopback address for a few seconds.
"""

from __future__ import annotations

import json
import socket

import httpx
import pytest

import app
from tests.office_fixtures import CMD_ONLY, GOV_ONLY, two_library_db

PASSWORDS = {"alice": "alice password", "bob": "bob password", "root": "root password"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from assistant.users import Role, UsersFile

    root = tmp_path_factory.mktemp("office-app")
    users = UsersFile(root / "users.json")
    users.add("alice", Role.READER, ["cmd"], PASSWORDS["alice"])
    users.add("bob", Role.READER, ["gov"], PASSWORDS["bob"])
    users.add("root", Role.ADMIN, [], PASSWORDS["root"])
    svc, _ = two_library_db(root, auth_file=root / "users.json",
                            audit_file=root / "audit.jsonl")
    port = _free_port()
    demo = app.launch(svc, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", svc, root
    finally:
        demo.close()


def _client(url: str, user: str | None):
    from gradio_client import Client

    auth = (user, PASSWORDS[user]) if user else None
    return Client(url, auth=auth, verbose=False, download_files=False)


def test_anonymous_client_is_refused(server):
    url, _, _ = server
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error
        _client(url, None).predict("招商引资", api_name="/ask")
    # The API routes themselves, not only the page, need the login cookie.
    for path in ("config", "gradio_api/info"):
        assert httpx.get(url + path).status_code == 401
    r = httpx.post(url + "gradio_api/call/ask", json={"data": ["招商引资"]})
    assert r.status_code == 401
    page = httpx.get(url).text
    assert "招商引资" not in page and "开工率" not in page


def test_wrong_password_is_refused(server):
    from gradio_client import Client

    url, _, _ = server
    with pytest.raises(Exception):  # noqa: B017
        Client(url, auth=("alice", "not her password"), verbose=False)


def test_reader_gets_only_their_librarys_passages(server):
    url, _, _ = server
    alice, bob = _client(url, "alice"), _client(url, "bob")
    try:
        html_out, quotes, export = bob.predict(GOV_ONLY, 20, api_name="/search")
        assert GOV_ONLY in html_out and "2026-03-standing-no03.txt" in html_out
        html_out, quotes, export = alice.predict(GOV_ONLY, 50, api_name="/search")
        assert "standing-no03" not in html_out and "standing-no05.md" not in html_out
        assert GOV_ONLY not in quotes
        assert "2025-10-command-no05" in html_out or "2026-05-standing-no05" in html_out

        out = alice.predict("开工率要达到多少？", api_name="/ask")
        assert GOV_ONLY not in json.dumps([out["citations"], out["sources"]],
                                          ensure_ascii=False)
        out = bob.predict("第五次会议对商务局提出了什么要求？", api_name="/ask")
        assert all("/gov/" in c["source"] for c in out["citations"])
        assert CMD_ONLY not in json.dumps(out["citations"], ensure_ascii=False)

        history, _ = alice.predict("开工率要达到多少？", [], api_name="/chat")
        reply = history[-1]["content"]
        reply = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
        assert "standing-no03" not in reply and "60%" not in reply
    finally:
        alice.close()
        bob.close()


def test_admin_sees_every_library(server):
    url, _, _ = server
    root = _client(url, "root")
    try:
        html_out, _, _ = root.predict(GOV_ONLY, 5, api_name="/search")
        assert GOV_ONLY in html_out
        html_out, _, _ = root.predict(CMD_ONLY, 5, api_name="/search")
        assert CMD_ONLY in html_out
    finally:
        root.close()


def test_a_removed_user_sees_nothing(server):
    url, svc, _ = server
    from assistant.users import Role

    svc.users.add("carol", Role.READER, ["gov"], "carol password")
    PASSWORDS["carol"] = "carol password"
    carol = _client(url, "carol")
    try:
        assert GOV_ONLY in carol.predict(GOV_ONLY, 5, api_name="/search")[0]
        svc.users.remove("carol")
        html_out, _, _ = carol.predict(GOV_ONLY, 5, api_name="/search")
        assert "class='hit'" not in html_out
    finally:
        carol.close()


def test_login_logout_and_the_page(server):
    url, _, _ = server
    with httpx.Client(base_url=url, follow_redirects=False) as h:
        assert h.post("login", data={"username": "bob", "password": "bad"}).status_code == 400
        r = h.post("login", data={"username": "bob", "password": PASSWORDS["bob"]})
        assert r.status_code == 200
        assert h.get("config").status_code == 200
        assert "退出登录" in h.get("config").text  # the logout button
        assert "本机上的任何人" not in h.get("config").text
        h.get("logout")
        h.cookies.clear()  # the browser drops the cookie the logout response deleted
        assert h.get("config").status_code == 401


def test_audit_names_the_logged_in_user(server):
    url, _, root = server
    alice = _client(url, "alice")
    try:
        alice.predict("外资外贸有什么要求？", api_name="/ask")
        alice.predict("😀", api_name="/ask")
    finally:
        alice.close()
    events = [json.loads(line) for line in (root / "audit.jsonl").read_text("utf-8").splitlines()]
    asks = [e for e in events if e["event"] == "ask" and e["user"] == "alice"]
    assert asks and asks[-1]["question"] == "外资外贸有什么要求？" and asks[-1]["via"] == "web:ask"
    assert all("/cmd/" in s for s in asks[-1]["cited"])
    assert any(e["event"] == "refused" and e["user"] == "alice" for e in events)
    logins = [e for e in events if e["event"] == "login"]
    assert any(e["user"] == "bob" and e["ok"] is False for e in logins)
    assert any(e["user"] == "alice" and e["ok"] is True for e in logins)
    raw = (root / "audit.jsonl").read_text("utf-8")
    assert not any(p in raw for p in PASSWORDS.values())


def test_failed_logins_back_off(server):
    url, _, _ = server
    with httpx.Client(base_url=url) as h:
        codes = [h.post("login", data={"username": "alice", "password": f"guess{i}"}).status_code
                 for i in range(6)]
        assert codes[:3] == [400, 400, 400] and 429 in codes[3:], codes
        r = h.post("login", data={"username": "alice", "password": PASSWORDS["alice"]})
        assert r.status_code == 429 and "秒后再试" in r.json()["detail"]


def test_throttle_backoff_grows_and_success_clears():
    from assistant.users import LoginThrottle

    t = LoginThrottle(free=2, cap=10)
    t.failed("k", now=100.0)
    assert t.wait("k", now=100.0) == 0.0  # one free failure left
    t.failed("k", now=100.0)
    assert t.wait("k", now=100.0) == 2.0 and t.wait("k", now=102.0) == 0.0
    t.failed("k", now=102.0)
    assert t.wait("k", now=102.0) == 4.0
    assert t.wait("other", now=102.0) == 0.0  # per key
    for _ in range(10):
        t.failed("k", now=200.0)
    assert t.wait("k", now=200.0) == 10.0  # capped
    t.succeeded("k")
    assert t.wait("k") == 0.0


def test_open_binding_needs_allow_open(examples_service):
    from meetings_errors import ConfigError

    with pytest.raises(ConfigError, match="--allow-open"):
        app.launch(examples_service, host="0.0.0.0", port=_free_port(),
                   prevent_thread_lock=True, quiet=True)


def test_a_users_file_without_users_is_an_error(tmp_path, examples_service):
    from assistant.service import MeetingsService
    from meetings_errors import ConfigError

    svc = MeetingsService(examples_service.settings.model_copy(
        update={"auth_file": tmp_path / "missing.json"}))
    with pytest.raises(ConfigError, match="has no users"):
        app.launch(svc, host="127.0.0.1", port=_free_port(), prevent_thread_lock=True,
                   quiet=True)


def test_library_tab_uploads_and_deletes_are_audited(tmp_path):
    """Through the app's service proxy (as the 资料库 tab uses it): upload and delete events."""
    from app_access import UserScopedService
    from assistant.library import Library
    from tests.conftest import EXAMPLES, make_service

    log = tmp_path / "audit.jsonl"
    svc = UserScopedService(make_service(tmp_path / "db", audit_file=log))
    src = EXAMPLES / "2026-03-standing-no03.txt"
    up = tmp_path / src.name
    up.write_bytes(src.read_bytes())
    lib = Library(svc)
    assert lib.store_uploads([up]).ingest.count("added") == 1
    doc_id = svc.catalog.records()[0].doc_id
    lib.delete_report(doc_id)
    events = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(e["event"], e["via"], e["library"]) for e in events] == [
        ("upload", "web:library", "default"), ("delete", "web:library", "default")]
    assert all(e["file"].endswith(src.name) for e in events)
