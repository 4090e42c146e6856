"""Two app processes on one Chroma server stay consistent after an ingest in one of them.

Process A and process B are real ``meetings serve`` subprocesses (distinct
ports, distinct MEETINGS_DB_DIR, the same MEETINGS_CHROMA_HOST/PORT and
collection), driven over HTTP with gradio_client. A report uploaded through A's
资料库 endpoint, and one ingested by a third process (``meetings ingest``, the
cron job beside the apps), must be found and cited by B within a bounded time
and without a restart; a report deleted in A must disappear from B.

The two reports are invented (示例材料) and hold words no shipped example has
(斑头雁, 翠鹭湾; 青蛳河), so a question asking for those words only has one
possible source — and it reaches it only if B's keyword (BM25) index and
question analysis know the new passages.

The keyword checks were a staleness bug found by this test (B's BM25 index never
saw passages another process wrote); MeetingsService.refresh_keyword_index now
syncs it when the store's stamp changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.chroma_server import HOST, client_env, collection_for, free_port, stop
from tests.conftest import EXAMPLES, REPO, make_service

QUESTION = "第五次会议对商务局提出了什么要求？"
REQUIREMENT = "县商务局要紧盯外资外贸目标"

# 示例材料，内容虚构 — an invented report, uploaded through process A.
UPLOADED_NAME = "示例-2026年第11次常务会议.txt"
UPLOADED = ("示例县召开2026年第11次县政府常务会议\n\n"
            "11月4日，县长王明主持召开2026年第11次县政府常务会议。\n\n"
            "会议研究了候鸟保护工作。会议要求，县林业局要加强翠鹭湾湿地候鸟观测站建设，"
            "十二月底前完成斑头雁栖息地巡护。\n\n（示例材料，内容虚构。）\n")
UPLOADED_MEETING = "2026年第11次常务会议研究了什么？"
UPLOADED_RARE = "斑头雁栖息地巡护有什么要求？"  # only the uploaded report has 斑头雁
UPLOADED_QUOTE = "斑头雁栖息地巡护"

# 示例材料，内容虚构 — an invented report, ingested by `meetings ingest` (a third process).
CLI_NAME = "示例-2026年第12次常务会议.txt"
CLI_REPORT = ("示例县召开2026年第12次县政府常务会议\n\n"
              "12月2日，县长王明主持召开2026年第12次县政府常务会议。\n\n"
              "会议研究了水利设施管护工作。会议要求，县水利局要抓紧完成青蛳河补水闸门检修，"
              "明年汛前完成验收。\n\n（示例材料，内容虚构。）\n")
CLI_MEETING = "2026年第12次常务会议研究了什么？"
CLI_RARE = "青蛳河补水闸门检修有什么要求？"  # only this report has 青蛳河
CLI_QUOTE = "青蛳河补水闸门检修"

BOUND = 10.0  # seconds another process's write may take to show up
STARTUP = 180.0  # seconds an app process may take to come up (imports, model, index)
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))



def _env(root: Path, server, collection: str, db: str) -> dict[str, str]:
    env = {k: v for k, v in client_env().items() if not k.startswith("MEETINGS_")}
    path = [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(PYTHONPATH=os.pathsep.join(path), MEETINGS_DB_DIR=str(root / db),
               MEETINGS_CHROMA_HOST=server.host, MEETINGS_CHROMA_PORT=str(server.port),
               MEETINGS_COLLECTION=collection, XDG_DATA_HOME=str(root / "xdg"))
    return env


def _up(port: int) -> bool:
    try:
        with _NO_PROXY.open(f"http://{HOST}:{port}/config", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


class App:
    """One ``meetings serve`` subprocess and a gradio_client for it."""

    def __init__(self, name: str, root: Path, env: dict[str, str]) -> None:
        self.name, self.port = name, free_port()
        self.log = root / f"app-{name}.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "serve", "--host", HOST,
                 "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                cwd=REPO, start_new_session=True)
        self.client = None

    def wait(self, deadline: float) -> None:
        from gradio_client import Client

        while not _up(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text("utf-8", "replace")[-3000:]
                pytest.fail(f"app {self.name} did not come up on {HOST}:{self.port} "
                            f"(exit code {self.proc.poll()}):\n{tail}")
            time.sleep(0.3)
        self.client = Client(f"http://{HOST}:{self.port}/", verbose=False, download_files=False)

    def ask(self, question: str) -> dict:
        return self.client.predict(question, api_name="/ask")

    def search(self, question: str, k: int = 5) -> str:
        return self.client.predict(question, k, api_name="/search")[0]

    def reports(self) -> list[dict]:
        frame = self.client.predict("", "date_desc", api_name="/library_reports")
        return [dict(zip(frame["headers"], row, strict=True)) for row in frame["data"]]

    def files(self) -> set[str]:
        return {r["文件"] for r in self.reports()}

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        stop(self.proc)


@pytest.fixture(scope="module")
def apps(chroma_server, tmp_path_factory):
    """(A, B, env for a third process): two app processes over one server collection."""
    root = tmp_path_factory.mktemp("two-apps")
    collection = collection_for(root)
    # The shipped examples, ingested before either app starts (so neither seeds them).
    seed = make_service(root / "seed", chroma_host=chroma_server.host,
                        chroma_port=chroma_server.port, collection=collection)
    assert seed.ingestor.ingest([EXAMPLES]).count("added") == 4
    started = [App(name, root, _env(root, chroma_server, collection, f"db-{name}"))
               for name in ("a", "b")]
    try:
        deadline = time.monotonic() + STARTUP
        for app in started:
            app.wait(deadline)
        yield started[0], started[1], _env(root, chroma_server, collection, "db-cli"), root
    finally:
        for app in started:
            app.close()


def eventually(check, timeout: float = BOUND):
    """``check()`` until it is truthy or ``timeout`` passes; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def _cites(answer: dict, file_name: str) -> bool:
    return answer["found"] and any(Path(c["source"]).name == file_name
                                   for c in answer["citations"])


def _citing(app: App, question: str, file_name: str) -> dict | None:
    """``app``'s answer to ``question`` if it is found and cites ``file_name``."""
    out = app.ask(question)
    return out if _cites(out, file_name) else None


def test_both_apps_answer_from_the_shared_store(apps):
    a, b, _, _ = apps
    for app in (a, b):
        out = app.ask(QUESTION)
        assert out["found"] and any(REQUIREMENT in c["quote"] for c in out["citations"]), app.name
        assert len(app.reports()) == 4
        assert not app.ask(UPLOADED_MEETING)["found"]  # not in the records yet
    history, _ = b.client.predict(QUESTION, [], api_name="/chat")
    assert REQUIREMENT in str(history[-1]["content"])


def test_upload_in_a_is_listed_and_cited_in_b(apps):
    from gradio_client import handle_file

    a, b, _, root = apps
    path = root / "src" / UPLOADED_NAME
    path.parent.mkdir(exist_ok=True)
    path.write_text(UPLOADED, "utf-8")
    _, results, _, _ = a.client.predict([handle_file(str(path))], "", "date_desc",
                                        api_name="/library_upload")
    rows = [dict(zip(results["headers"], row, strict=True)) for row in results["data"]]
    assert [(r["文件"], r["status"]) for r in rows] == [(UPLOADED_NAME, "added")]
    # The writer itself answers every kind of question on it at once (the control).
    assert _cites(a.ask(UPLOADED_RARE), UPLOADED_NAME)
    assert _cites(a.ask(UPLOADED_MEETING), UPLOADED_NAME)

    # B: the catalogue (资料库 table, meeting questions) and the vector leg follow.
    started = time.monotonic()
    assert eventually(lambda: UPLOADED_NAME in b.files()), b.files()
    assert eventually(lambda: _cites(b.ask(UPLOADED_MEETING), UPLOADED_NAME))
    assert UPLOADED_QUOTE in b.search("翠鹭湾湿地斑头雁栖息地巡护")
    assert time.monotonic() - started < BOUND
    assert b.proc.poll() is None  # no restart


def test_keyword_leg_of_b_sees_the_upload(apps):
    a, b, _, _ = apps
    # A question whose only match is a rare word of the new report.
    out = eventually(lambda: _citing(b, UPLOADED_RARE, UPLOADED_NAME))
    assert out, b.ask(UPLOADED_RARE)
    assert any(UPLOADED_QUOTE in c["quote"] for c in out["citations"])


def test_list_all_in_b_names_only_the_uploaded_meeting(apps):
    a, b, _, _ = apps
    question = "哪些会议研究了候鸟保护？"
    assert "共1次会议" in a.ask(question)["answer"]  # the writer: right
    # Today B answers 「共5次会议：…」, every meeting in the records, and cites none.
    listed = eventually(lambda: (lambda o: o if "共1次会议" in o["answer"] else None)(
        b.ask(question)))
    assert listed and _cites(listed, UPLOADED_NAME), b.ask(question)["answer"]


def test_delete_in_a_disappears_from_b(apps):
    a, b, _, _ = apps
    doc_id = next(r["编号"] for r in a.reports() if r["文件"] == UPLOADED_NAME)
    msg, _, _ = a.client.predict(doc_id, "", "date_desc", api_name="/library_delete")
    assert "已删除" in msg
    assert eventually(lambda: UPLOADED_NAME not in b.files()), b.files()
    assert eventually(lambda: not b.ask(UPLOADED_MEETING)["found"])
    for question in (UPLOADED_RARE, UPLOADED_MEETING, "哪些会议研究了候鸟保护？"):
        out = b.ask(question)
        assert not any(Path(c["source"]).name == UPLOADED_NAME for c in out["citations"])
        # The not-found answer repeats the topic as asked (「斑头雁栖息地巡护」), never a quote.
        assert not out["found"] or question == "哪些会议研究了候鸟保护？"
        assert UPLOADED_QUOTE not in out["answer"].replace(f"「{UPLOADED_QUOTE}」", "")
    assert UPLOADED_QUOTE not in b.search("翠鹭湾湿地斑头雁栖息地巡护", 20)
    # B still answers the rest (nothing half-removed breaks it).
    assert any(REQUIREMENT in c["quote"] for c in b.ask(QUESTION)["citations"])
    assert len(b.reports()) == 4


def test_cli_ingest_reaches_both_apps(apps):
    a, b, env, root = apps
    path = root / "src" / CLI_NAME
    path.write_text(CLI_REPORT, "utf-8")
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(path)],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and "1 added" in done.stdout + done.stderr, done.stderr[-2000:]
    for app in (a, b):
        assert eventually(lambda app=app: CLI_NAME in app.files()), app.name
        assert eventually(lambda app=app: _cites(app.ask(CLI_MEETING), CLI_NAME)), app.name
        assert CLI_QUOTE in app.search("青蛳河补水闸门检修")


def test_keyword_leg_of_both_apps_sees_the_cli_ingest(apps):
    a, b, _, _ = apps
    for app in (a, b):
        assert eventually(lambda app=app: _cites(app.ask(CLI_RARE), CLI_NAME)), app.name
