"""Homophone slips of a pinyin input method (assistant/typing_slips.py)."""

from __future__ import annotations

import pytest

from assistant import lexicon
from assistant.typing_slips import SlipMender


@pytest.fixture(scope="module")
def mender():
    # The reports' words as the keyword index holds them (a few): a form they use is no slip.
    return SlipMender({"工会": 12, "办公会": 40, "常委会": 30, "商务局": 2})


@pytest.mark.parametrize("typed, meant", [
    ("25年第11次主任办工会定了啥", "25年第11次主任办公会定了啥"),
    ("人大常为会第二十次会议听了哪些报告", "人大常委会第二十次会议听了哪些报告"),
    ("党公委2025年第11次委员会议哪天开的", "党工委2025年第11次委员会议哪天开的"),
    ("5次办公会要求商物局干啥", "5次办公会要求商务局干啥"),
    # Two-character asking words (data/pinyin_words.txt).
    ("25年第13次主任办公会几好开的听了啥汇抱", "25年第13次主任办公会几号开的听了啥汇报"),
    ("储备粮轮换方按一共哪几次主任办公会审过", "储备粮轮换方案一共哪几次主任办公会审过"),
])
def test_a_slip_in_a_name_is_read_as_the_name(mender, typed, meant):
    assert mender.mend(typed) == meant


@pytest.mark.parametrize("typed", [
    "那次会谁主持的？",          # 那 points back; 哪 asks which (data/never_slips.txt)
    "哪几次会议讲过防汛",
    "2025年第19次主任办公会审议了什么报告？",  # 年第 is two words, never 年底
    "七项重点任务是什么任务",    # 什么任 crosses two words: no slip of 什么人
    "总工会的工作报告",          # a word of its own
    "他会意了",                  # 会意 is a word, though it reads as 会议
    "这次会开得好不好",          # 的/得: grammar, not a slip (data/never_slips.txt)
    "重点盯的是哪些地方",        # 定的 is only half an asking word
])
def test_words_and_stretches_across_words_are_kept(mender, typed):
    assert mender.mend(typed) == typed


def test_never_slips_lists_pairs_with_its_source():
    assert {frozenset("那哪"), frozenset("的得")} <= lexicon.never_slips()
    assert all(len(pair) == 2 for pair in lexicon.never_slips())
