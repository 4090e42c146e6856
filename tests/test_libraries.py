"""Library views: every read path of a scoped service stays inside its libraries.

The CLI and web tests cover ask/search/export at the edges; these cover the
paths in between that the drafting tab, the 部门要求 tab and the viewer use.
"""

from __future__ import annotations

import json

import pytest

from tests.office_fixtures import CMD_ONLY, GOV_ONLY, two_library_db


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    service, _ = two_library_db(tmp_path_factory.mktemp("libs"))
    return service


def _sources(rows) -> set[str]:
    return {r["source"].split("/")[-2] for r in rows}


def test_stores_catalogue_and_indexes_are_scoped(svc):
    gov, cmd = svc.scoped({"gov"}), svc.scoped({"cmd"})
    assert svc.scoped(None) is svc and svc.scoped({"gov"}) is gov  # cached per library set
    assert {r.metadata["library"] for r in gov.catalog.records()} == {"gov"}
    assert len(gov.catalog.records()) == len(cmd.catalog.records()) == 2
    assert len(svc.catalog.records()) == 4
    other = cmd.catalog.records()[0]
    assert gov.catalog.get(other.doc_id) is None and gov.catalog.text(other.doc_id) == ""
    all_ids = [h.id for h in svc.passages.iter_all()]
    gov_ids = {h.id for h in gov.passages.iter_all()}
    assert gov_ids and gov_ids < set(all_ids)
    assert {h.id for h in gov.passages.get(all_ids)} == gov_ids
    assert set(gov.passages.ids_where({"chunk_index": 0})) <= gov_ids
    vec = svc.embeddings.embed_query(CMD_ONLY)
    assert all(h.id in gov_ids for h in gov.passages.query(vec, 50))
    assert all(pid in gov_ids for pid, _ in gov.keyword_index.search(CMD_ONLY, 50))
    assert svc.keyword_index.search(CMD_ONLY, 50)  # the shared index does have it
    assert {h.doc_id for h in gov.sentence_index.search(vec, 50)} <= {
        r.doc_id for r in gov.catalog.records()}
    assert gov.sentence_index.search(vec, 5, doc_ids=[other.doc_id]) == []


def test_an_empty_view_sees_nothing(svc):
    none = svc.scoped(frozenset())
    assert none.catalog.records() == [] and list(none.passages.iter_all()) == []
    assert none.retriever.search(GOV_ONLY).passages == []
    assert not none.answerer.answer("开工率要达到多少？").citations


def test_drafting_paths_stay_inside_the_library(svc):
    from assistant.drafting import departments as dv
    from assistant.drafting.items import UnknownPassage, item_for_passage
    from assistant.drafting.search import SearchFilters, search
    from assistant.drafting.viewer import report_view

    cmd = svc.scoped({"cmd"})
    hits = search(cmd, GOV_ONLY, SearchFilters(year=2026), k=50)
    assert _sources(hits.rows) <= {"cmd"}
    assert GOV_ONLY not in json.dumps(hits.rows, ensure_ascii=False)
    gov_pid = next(h.id for h in svc.scoped({"gov"}).passages.iter_all())
    with pytest.raises(UnknownPassage):
        item_for_passage(cmd, gov_pid)
    gov_doc = svc.scoped({"gov"}).catalog.records()[0].doc_id
    assert report_view(cmd.catalog, gov_doc) is None
    reqs = dv.requirements_for(cmd.catalog.records(), "商务局")
    assert reqs and all("/cmd/" in r.provenance.source for r in reqs)


def test_answers_cite_only_the_library(svc):
    for lib, foreign in (("gov", CMD_ONLY), ("cmd", GOV_ONLY)):
        view = svc.scoped({lib})
        for q in ("第五次会议对商务局提出了什么要求？", f"{foreign}有什么要求？",
                  "哪些会议研究了招商引资？", "2026年第3次常务会议研究了哪些事项？"):
            a = view.answerer.answer(q)
            assert all(f"/{lib}/" in c.source for c in a.citations), (lib, q)
            assert all(f"/{lib}/" in s for s in a.sources), (lib, q)


def test_views_follow_a_later_ingest(svc, tmp_path):
    """The cached id set of a library view is refreshed when the shared index is rebuilt."""
    from dataclasses import replace

    gov = svc.scoped({"gov"})
    word = "鲲鹏湾湿地防汛物资"
    before = {p for p, _ in gov.keyword_index.search(word, 50)}
    report = tmp_path / "late.txt"
    report.write_text("示例县召开2026年第9次县政府常务会议\n会议要求，县应急局要做好鲲鹏湾湿地"
                      "防汛物资储备，六月底前完成检查。\n", "utf-8")
    svc.ingestor.options = replace(svc.ingestor.options, library="gov")
    assert svc.ingestor.ingest([report]).count("added") == 1
    new = set(svc.passages.ids_where({"source": str(report)}))
    assert new and not new & before
    assert new <= {p for p, _ in gov.keyword_index.search(word, 50)}
    assert not new & {p for p, _ in svc.scoped({"cmd"}).keyword_index.search(word, 50)}
    assert any("第9次" in r.label for r in gov.catalog.records())


def test_uploads_and_deletes_through_a_view(svc, tmp_path):
    """The 资料库 tab over a user's view: editors write into their library, readers cannot,
    and a delete through a view never shrinks the shared indexes to that library."""
    from assistant.library import Library
    from meetings_errors import AccessDenied

    reader, editor = svc.scoped({"gov"}), svc.scoped({"gov"}, "gov")
    upload = tmp_path / "up.txt"
    upload.write_text("示例县召开2026年第8次县政府常务会议\n会议要求，县林业局要做好松材线虫病"
                      "普查，九月底前完成。\n", "utf-8")
    with pytest.raises(AccessDenied):
        Library(reader).store_uploads([upload])
    report = Library(editor).store_uploads([upload])
    assert report.ingest.count("added") == 1
    rec = next(r for r in editor.catalog.records() if "第8次" in r.label)
    assert rec.metadata["library"] == "gov"
    with pytest.raises(AccessDenied):
        Library(reader).delete_report(rec.doc_id)
    cmd_before = [p for p, _ in svc.scoped({"cmd"}).keyword_index.search(CMD_ONLY, 5)]
    assert cmd_before
    Library(editor).delete_report(rec.doc_id)
    assert svc.catalog.get(rec.doc_id) is None
    assert len(svc.keyword_index) == svc.passages.count()  # still the whole store
    assert [p for p, _ in svc.scoped({"cmd"}).keyword_index.search(CMD_ONLY, 5)] == cmd_before
    cmd_doc = svc.scoped({"cmd"}).catalog.records()[0].doc_id
    with pytest.raises(Exception):  # noqa: B017 - UnknownReport: not in the editor's view
        Library(editor).delete_report(cmd_doc)
    assert svc.catalog.get(cmd_doc) is not None
