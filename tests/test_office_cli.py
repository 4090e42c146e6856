"""Issue 10 at the CLI edge: bad input, missing databases, users, libraries, audit."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from tests.office_fixtures import CMD_ONLY, GOV_ONLY, two_library_db


def run(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), obj={}, input=input, env=env,
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def libs(tmp_path_factory):
    root = tmp_path_factory.mktemp("office-cli")
    svc, _ = two_library_db(root)
    return svc, str(root / "db")


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", ["ask", "search"])
def test_empty_question_is_prompted_not_searched(libs, cmd):
    _, db = libs
    for q in ("", "   \n"):
        r = run(cmd, q, "--db", db)
        assert r.exit_code == 2 and "请输入问题" in r.output and "记录中没有" not in r.output


@pytest.mark.parametrize("cmd", ["ask", "search"])
def test_long_question_is_refused_with_the_limit(libs, cmd):
    _, db = libs
    r = run(cmd, "招商引资" * 200, "--db", db)
    assert r.exit_code == 2 and "问题太长（800 字）" in r.output and "500 字以内" in r.output
    r = run(cmd, "招商引资" * 10, "--db", db, env={"MEETINGS_MAX_QUESTION_CHARS": "20"})
    assert r.exit_code == 2 and "20 字以内" in r.output


@pytest.mark.parametrize("cmd", ["ask", "search"])
def test_symbols_and_emoji_are_not_answered(libs, cmd):
    _, db = libs
    for q in ("😀😀😀", "？？？！！", "123 456", "…… ——"):
        r = run(cmd, q, "--db", db, "--json")
        assert r.exit_code == 2 and "没有文字" in r.output and '"results"' not in r.output


@pytest.mark.parametrize("cmd", ["ask", "search", "export"])
def test_missing_database_is_an_error_and_is_not_created(tmp_path, cmd):
    missing = tmp_path / "typo-db"
    args = ["x.docx"] if cmd == "export" else []
    r = run(cmd, "招商引资", *(["-o", str(tmp_path / "x.md")] if cmd == "export" else []),
            "--db", str(missing), *args[:0])
    assert r.exit_code != 0 and "does not exist" in r.output
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run(cmd, "招商引资", *(["-o", str(tmp_path / "x.md")] if cmd == "export" else []),
            "--db", str(empty))
    assert r.exit_code != 0 and "holds no database" in r.output
    assert list(empty.iterdir()) == []


# --- libraries ---------------------------------------------------------------------------

def test_search_and_ask_stay_inside_the_library(libs):
    _, db = libs
    mine = json.loads(run("search", GOV_ONLY, "--db", db, "--library", "gov", "--json").output)
    assert any(GOV_ONLY in r["text"] for r in mine["results"])
    other = json.loads(run("search", GOV_ONLY, "--db", db, "--library", "cmd", "--json",
                           "-k", "50").output)
    assert other["results"], "cmd has passages of its own"
    assert all("standing-no03" not in r["source"] and "standing-no05.md" not in r["source"]
               for r in other["results"])
    assert GOV_ONLY not in json.dumps(other["results"], ensure_ascii=False)
    ans = json.loads(run("ask", "开工率要达到多少？", "--db", db, "--library", "cmd",
                         "--json").output)
    assert GOV_ONLY not in json.dumps([ans["citations"], ans["sources"]], ensure_ascii=False)
    assert all("/cmd/" in c["source"] for c in ans["citations"])
    assert all("/cmd/" in s for s in ans["sources"])
    ans = json.loads(run("ask", "会议对商务局外资外贸提出了什么要求？", "--db", db,
                         "--library", "gov", "--json").output)
    assert CMD_ONLY not in json.dumps([ans["citations"], ans["sources"]], ensure_ascii=False)
    assert all("/gov/" in c["source"] for c in ans["citations"])
    both = json.loads(run("search", GOV_ONLY, "--db", db, "--json").output)  # no --library: all
    assert any(GOV_ONLY in r["text"] for r in both["results"])


def test_export_refuses_another_librarys_passage(libs, tmp_path):
    _, db = libs
    gov = json.loads(run("search", GOV_ONLY, "--db", db, "--library", "gov", "--json").output)
    pid = gov["results"][0]["id"]
    out = tmp_path / "draft.md"
    r = run("export", pid, "-o", str(out), "--db", db, "--library", "cmd")
    assert r.exit_code == 2 and "unknown passage id" in r.output and not out.exists()
    r = run("export", pid, "-o", str(out), "--db", db, "--library", "gov")
    assert r.exit_code == 0 and GOV_ONLY in out.read_text("utf-8")


def test_reingest_into_another_library_moves_the_report(tmp_path):
    from tests.office_fixtures import two_library_db

    svc, folders = two_library_db(tmp_path)
    db = str(tmp_path / "db")
    r = run("ingest", str(folders["gov"]), "--db", db, "--library", "cmd")
    assert r.exit_code == 0 and "2 updated" in r.output
    hits = json.loads(run("search", GOV_ONLY, "--db", db, "--library", "cmd", "--json").output)
    assert any(GOV_ONLY in h["text"] for h in hits["results"])
    hits = json.loads(run("search", GOV_ONLY, "--db", db, "--library", "gov", "--json").output)
    assert hits["results"] == []


# --- users ---------------------------------------------------------------------------------

def test_user_add_list_passwd_remove(tmp_path):
    users = tmp_path / "conf" / "users.json"
    env = {"MEETINGS_AUTH_FILE": str(users)}
    r = run("user", "add", "alice", "--role", "reader", "--library", "gov", "--password-stdin",
            input="correct horse 1\n", env=env)
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(os.stat(users).st_mode) == 0o600
    raw = users.read_text("utf-8")
    assert "correct horse 1" not in raw and "alice" in raw and "scrypt" in raw
    assert run("user", "add", "root", "--role", "admin", "--password-stdin",
               input="another secret\n", env=env).exit_code == 0
    again = run("user", "add", "alice", "--library", "gov", "--password-stdin",
                input="whatever123\n", env=env)
    assert again.exit_code == 2 and "已存在" in again.output
    short = run("user", "add", "bob", "--library", "gov", "--password-stdin", input="short\n",
                env=env)
    assert short.exit_code == 2 and "至少 8 位" in short.output
    nolib = run("user", "add", "bob", "--password-stdin", input="long enough\n", env=env)
    assert nolib.exit_code == 2 and "资料库" in nolib.output
    rows = json.loads(run("user", "list", "--json", env=env).output)
    assert rows == [{"name": "alice", "role": "reader", "libraries": ["gov"]},
                    {"name": "root", "role": "admin", "libraries": []}]
    assert "hash" not in run("user", "list", env=env).output

    from assistant.users import UsersFile

    f = UsersFile(users)
    assert f.authenticate("alice", "correct horse 1") and not f.authenticate("alice", "wrong")
    salt1 = json.loads(raw)["users"]["alice"]["salt"]
    assert run("user", "passwd", "alice", "--password-stdin", input="new password 2\n",
               env=env).exit_code == 0
    f = UsersFile(users)
    assert f.authenticate("alice", "new password 2") and not f.authenticate("alice",
                                                                            "correct horse 1")
    assert json.loads(users.read_text("utf-8"))["users"]["alice"]["salt"] != salt1
    assert run("user", "remove", "alice", env=env).exit_code == 0
    assert run("user", "remove", "alice", env=env).exit_code == 2
    assert [u["name"] for u in json.loads(run("user", "list", "--json", env=env).output)] == [
        "root"]
    assert not [p for p in users.parent.iterdir() if p.name.startswith(".users-")]


def test_same_password_gets_different_hashes(tmp_path):
    from assistant.users import UsersFile

    f = UsersFile(tmp_path / "u.json")
    a = f.add("a", _role("reader"), ["x"], "same password")
    b = f.add("b", _role("reader"), ["x"], "same password")
    assert a.salt != b.salt and a.hash != b.hash


def _role(name):
    from assistant.users import Role

    return Role(name)


def test_user_commands_need_the_users_file_setting():
    r = CliRunner().invoke(cli, ["user", "list"], obj={}, env={"MEETINGS_AUTH_FILE": ""})
    assert r.exit_code == 2 and "MEETINGS_AUTH_FILE" in r.output


def test_serve_refuses_an_open_network_bind(libs):
    _, db = libs
    r = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"], obj={})
    assert r.exit_code == 2 and "--allow-open" in r.output and "MEETINGS_AUTH_FILE" in r.output


# --- audit ---------------------------------------------------------------------------------

def test_audit_log_records_asks_searches_exports_and_refusals(libs, tmp_path):
    _, db = libs
    log = tmp_path / "audit" / "audit.jsonl"
    env = {"MEETINGS_AUDIT_FILE": str(log)}
    run("ask", "开工率要达到多少？", "--db", db, "--library", "gov", env=env)
    rows = json.loads(run("search", GOV_ONLY, "--db", db, "--json", env=env).output)["results"]
    run("export", rows[0]["id"], "-o", str(tmp_path / "d.md"), "--db", db, env=env)
    run("ask", "😀", "--db", db, env=env)
    events = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [e["event"] for e in events] == ["ask", "search", "export", "refused"]
    assert all(e["user"].startswith("cli") and e["ts"] for e in events)
    assert events[0]["question"] == "开工率要达到多少？" and events[0]["found"]
    assert any("2026-03-standing-no03.txt" in s for s in events[0]["cited"])
    assert events[2]["file"].endswith("d.md") and events[2]["sources"]
    assert events[3]["reason"].startswith("问题里没有文字")


def test_audit_log_records_uploads_and_deletes(tmp_path):
    from tests.conftest import EXAMPLES

    log = tmp_path / "audit.jsonl"
    env = {"MEETINGS_AUDIT_FILE": str(log)}
    reports = tmp_path / "reports"
    reports.mkdir()
    src = EXAMPLES / "2026-03-standing-no03.txt"
    (reports / src.name).write_bytes(src.read_bytes())
    db = str(tmp_path / "db")
    assert run("ingest", str(reports), "--db", db, "--library", "gov", env=env).exit_code == 0
    run("ingest", str(reports), "--db", db, "--library", "gov", env=env)  # unchanged: no event
    (reports / src.name).unlink()
    run("ingest", str(reports), "--db", db, "--library", "gov", "--prune", env=env)
    events = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(e["event"], e["library"]) for e in events] == [("upload", "gov"), ("delete", "gov")]
    assert events[0]["file"].endswith(src.name) and events[0]["status"] == "added"


def test_audit_log_rotates_and_keeps_whole_lines(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from assistant.audit import AuditLog

    log = AuditLog(tmp_path / "a.jsonl", max_bytes=4000, backups=3)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: log.record("ask", f"u{i}", question="招商引资" * 10), range(200)))
    files = sorted(tmp_path.glob("a.jsonl*"))
    assert 2 <= len(files) <= 4  # rotated, at most 3 backups kept
    for f in files:
        for line in f.read_text("utf-8").splitlines():
            assert json.loads(line)["event"] == "ask"
