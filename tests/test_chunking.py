from __future__ import annotations

from ingest.chunking import chunk_text
from ingest.offsets import decode_offset, encode_offsets
from ingest.sentences import split_sentences


def test_sentences_keep_terminal_punctuation_and_spans():
    text = "标题一行\n会议指出，形势向好。会议要求：一要抓落实；二要防风险！还有吗？"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "标题一行", "会议指出，形势向好。", "会议要求：一要抓落实；二要防风险！", "还有吗？"]


def test_chunks_cover_all_sentences_and_never_leave_title_alone():
    text = "示例县召开第1次常务会议\n" + "会议要求各部门抓好落实工作。" * 40
    chunks = chunk_text(text, 100)
    assert chunks[0].text.startswith("示例县召开第1次常务会议\n会议要求")
    assert all(c.text == text[c.start:c.end] for c in chunks)
    assert all(len(c.text) <= 120 for c in chunks)
    joined = "".join(c.text for c in chunks).replace("\n", "")
    assert joined == text.replace("\n", "")


def test_overlong_sentence_is_cut_at_clauses():
    text = "会议要求，" + "；".join(["各部门要抓好安全生产和防汛备汛各项工作"] * 40) + "。"
    chunks = chunk_text(text, 260)
    assert len(chunks) > 1 and all(len(c.text) <= 330 for c in chunks)


def test_offsets_roundtrip():
    offsets = [0, 1, 2, 7, 8, 9, 12, 13]
    enc = encode_offsets(offsets)
    assert [decode_offset(enc, i) for i in range(len(offsets))] == offsets


def test_no_passage_straddles_a_page_break():
    text = "第一句话在第一页。第二句话也在第一页。第三句话在第二页。第四句话在第二页。"
    brk = text.index("第三句")
    chunks = chunk_text(text, 200, breaks=[brk])
    assert [c.text for c in chunks] == [text[:brk], text[brk:]]
    assert len(chunk_text(text, 200)) == 1
