"""Whose report a question means (assistant/retriever._issued_by, data/issuers.txt)."""


def test_the_issuer_a_question_names_picks_among_reports_only_of_another_issuer():
    """assistant/retriever._issued_by (data/issuers.txt): 081 vs 084, not one body's two years."""
    from types import SimpleNamespace

    from assistant.retriever import _issued_by

    def rec(doc_id, title):
        return SimpleNamespace(doc_id=doc_id, title=title)

    heads = {"081": "政府工作报告（2025）—2025年1月7日在平潭综合实验区人大工作会议上",
             "084": "2025年中华人民共和国国务院政府工作报告 各位代表",
             "2024": "实验区召开两会中共党员负责同志会议 平潭网讯",
             "2025": "实验区召开两会中共党员负责同志会议 平潭网讯 贯彻全国两会精神"}
    reports = [rec("081", "政府工作报告（2025）"), rec("084", "2025年中华人民共和国国务院政府工作报告")]
    assert [r.doc_id for r in _issued_by("平潭2025年政府工作报告", reports, heads.get)] == ["081"]
    assert [r.doc_id for r in _issued_by("国务院2025年政府工作报告", reports, heads.get)] == ["084"]
    sessions = [rec("2024", "两会中共党员负责同志会议"), rec("2025", "两会中共党员负责同志会议")]
    assert _issued_by("两会党员会议对全国两会怎么说的", sessions, heads.get) == sessions
