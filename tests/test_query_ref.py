"""Meeting references read out of questions, matching against report metadata, Chroma filters."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.query_ref import MeetingRef, chroma_where, meeting_matches, parse_question
from ingest.metadata import MeetingInfo

N = None


@pytest.mark.parametrize(
    ("question", "number", "year", "month", "day", "body", "list_all"),
    [
        ("第五次会议对商务局提出了什么要求？", 5, N, N, N, "", False),
        ("2025年第5次主任办公会审议了哪些文件", 5, 2025, N, N, "主任办公会", False),
        ("管委会第十九次主任办公会", 19, N, N, N, "主任办公会", False),
        ("管委会2024年第19次主任办公会研究了什么？", 19, 2024, N, N, "主任办公会", False),
        ("10月14日的指挥部会议", N, N, 10, 14, "指挥部会议", False),
        ("人大常委会第二十三次会议", 23, N, N, N, "人大常委会", False),
        ("十八届人大常委会第二十七次会议听取了哪些报告？", 27, N, N, N, "人大常委会", False),
        ("2025年召开了哪几次党工委会议", N, 2025, N, N, "党工委会议", True),
        ("2025年召开了哪几次党工委委员会议？", N, 2025, N, N, "党工委会议", True),
        ("党工委2026年第3次委员会议传达学习了哪个条例？", 3, 2026, N, N, "党工委会议", False),
        ("三年行动指挥部第五次会议要求在哪些方面下功夫？", 5, N, N, N, "指挥部会议", False),
        ("全面振兴新突破三年行动进展如何", N, N, N, N, "", False),
        ("2025年政府工作报告提出了哪些目标", N, 2025, N, N, "政府工作报告", False),
        ("关于政府工作报告的决议", N, N, N, N, "决议", False),
        ("2025年1月召开的党工委经济工作会议部署了哪七项重点任务？", N, 2025, 1, N, "经济工作会议", False),
        ("党工委一季度工作会议对各片区管理局有什么要求？", N, N, N, N, "季度工作会议", False),
        ("2024年召开的两会中共党员负责同志会议", N, 2024, N, N, "两会党员负责同志会议", False),
        ("主任办公会传达了中央经济工作会议精神吗", N, N, N, N, "主任办公会", False),
        ("哪次会议审议了2025年预算调整方案？", N, N, N, N, "", False),
        ("哪次会议传达了第十九次集体学习时的重要讲话精神", N, N, N, N, "", False),
        ("党工委书记赖军主持了哪些会议？", N, N, N, N, "", True),
        ("二级警务专员蒋政平参加了哪些会议？", N, N, N, N, "", True),
        ("列出所有主任办公会", N, N, N, N, "主任办公会", True),
        ("第5次会议审议了哪些文件", 5, N, N, N, "", False),
        ("２０２５年第５次主任办公会", 5, 2025, N, N, "主任办公会", False),
        ("二〇二五年三月二十日的会议", N, 2025, 3, 20, "", False),
        ("去年第5次主任办公会", 5, N, N, N, "主任办公会", False),
        # Two-digit years, as staff type them; a number of years is no year.
        ("25年第9次办公会法院检察院来的是谁", 9, 2025, N, N, "主任办公会", False),
        ("26年第17次主任办公会审议河湖长制工作要点了吗", 17, 2026, N, N, "主任办公会", False),
        ("24年那次两会中共党员负责同志会议", N, 2024, N, N, "两会党员负责同志会议", False),
        ("2025年那次经济工作会议哪天开的", N, 2025, N, N, "经济工作会议", False),
        ("在平潭工作25年的同志", N, N, N, N, "", False),
        ("1.5年第3次主任办公会", 3, N, N, N, "主任办公会", False),
    ],
)
def test_parse_question(question, number, year, month, day, body, list_all):
    ref = parse_question(question)
    assert (ref.number, ref.year, ref.month, ref.day, ref.body, ref.list_all) == (
        number, year, month, day, body, list_all)


def test_relative_years_resolve_only_against_today():
    today = date(2026, 3, 1)
    assert parse_question("去年第5次主任办公会", today=today).year == 2025
    assert parse_question("今年召开了哪几次党工委会议", today=today).year == 2026
    assert parse_question("会议如何总结去年工作", today=today).year is None


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (MeetingRef(number=5, year=2025, body="主任办公会"), "2025年第5次主任办公会"),
        (MeetingRef(number=23, body="人大常委会"), "人大常委会第23次会议"),
        (MeetingRef(month=10, day=14, body="指挥部会议"), "10月14日的指挥部会议"),
        (MeetingRef(number=5), "第5次会议"),
        (MeetingRef(year=2025, body="党工委会议", list_all=True), "2025年所有党工委会议"),
        (MeetingRef(), ""),
    ],
)
def test_describe(ref, text):
    assert ref.describe() == text


def test_is_empty_ignores_list_all():
    assert MeetingRef().is_empty() and MeetingRef(list_all=True).is_empty()
    assert not MeetingRef(year=2025).is_empty() and not MeetingRef(body="决议").is_empty()


def _md(**fields) -> dict:
    return MeetingInfo(**fields).to_metadata()


def test_meeting_matches_tells_years_apart():
    ref = parse_question("2025年第19次主任办公会")
    assert meeting_matches(ref, _md(body="主任办公会", number=19, year=2025, date="2025-09-12"))
    assert not meeting_matches(ref, _md(body="主任办公会", number=19, year=2024, date="2024-11-08"))
    assert not meeting_matches(ref, _md(body="党工委会议", number=19, year=2025))
    assert not meeting_matches(ref, _md(body="主任办公会", number=9, year=2025))


def test_unknown_fields_never_match_a_specified_one():
    unknown = _md(body="人大常委会", number=20)
    assert meeting_matches(parse_question("人大常委会第二十次会议"), unknown)
    assert not meeting_matches(parse_question("2025年人大常委会第二十次会议"), unknown)
    assert not meeting_matches(parse_question("2月26日的人大常委会会议"), unknown)
    assert meeting_matches(MeetingRef(), unknown)


def test_meeting_matches_dates_with_and_without_year():
    ref = parse_question("10月14日的指挥部会议")
    assert meeting_matches(ref, _md(body="指挥部会议", number=5, date="--10-14"))
    assert meeting_matches(ref, _md(body="指挥部会议", date="2024-10-14", year=2024))
    assert not meeting_matches(ref, _md(body="指挥部会议", date="--10-15"))
    assert meeting_matches(MeetingRef(month=10), _md(date="--10-15"))


def test_chroma_where():
    assert chroma_where(MeetingRef()) is None
    assert chroma_where(MeetingRef(list_all=True, month=3)) is None
    assert chroma_where(MeetingRef(number=5)) == {"meeting_number": {"$eq": 5}}
    assert chroma_where(parse_question("2025年第5次主任办公会")) == {
        "$and": [
            {"meeting_number": {"$eq": 5}},
            {"meeting_year": {"$eq": 2025}},
            {"meeting_body": {"$eq": "主任办公会"}},
        ]
    }


def test_year_before_a_department_dates_the_meetings():
    assert parse_question("2025年对商务局的所有要求").year == 2025
    assert parse_question("2025年各部门要做什么").year == 2025
    assert parse_question("2025年对外开放有哪些举措").year is None


def test_ordinal_before_a_sentence_particle():
    # 「那上一次，第二十四次呢，听了哪些报告？」 (bench/answers_dev3.jsonl follow-up)
    assert parse_question("上一次，第二十四次呢，听了哪些报告？").number == 24
    assert parse_question("第24次呢").number == 24


def test_shorthand_ordinals_and_spans_of_years():
    # bench/answers_dev12.jsonl v013 / answers_dev13.jsonl w031, w138, w012.
    ref = parse_question("人大21次会听取了哪几个报告")
    assert (ref.number, ref.body) == (21, "人大常委会")
    assert parse_question("下一次，第13次讲了啥？").number == 13
    assert parse_question("土地承包到期再延30年那个事").year is None
    ref = parse_question("2023年国务院报告专项债安排了多少")
    assert (ref.year, ref.body) == (2023, "政府工作报告")


def test_ordinals_without_di_after_a_year_or_body():
    # Staff drop 第 (「党工委13次会」「25年9次办公会」); a count (开了九次会), the congress's
    # own sessions (十八届人大四次会议) and spans of years (干了30年) are not meetings named.
    assert (parse_question("党工委13次会研究了啥").number, parse_question("党工委13次会研究了啥").body) \
        == (13, "党工委会议")
    ref = parse_question("25年9次办公会定了啥")
    assert (ref.year, ref.number, ref.body) == (2025, 9, "主任办公会")
    assert parse_question("2025年九次主任办公会").year == 2025
    assert parse_question("2025年度第9次主任办公会").year == 2025
    assert parse_question("开了九次会").number is None
    assert parse_question("十八届人大四次会议").number is None
    assert parse_question("干了30年").year is None


@pytest.mark.parametrize(
    ("question", "year", "months"),
    [
        # bench/answers_dev61.jsonl (eighteenth session): spans of months that hold meetings.
        ("2025年3月到5月开了哪些主任办公会", 2025, (3, 5)),
        ("2025年3、4月党工委开了几次会", 2025, (3, 4)),
        ("2025年第一季度党工委开了几次会", 2025, (1, 3)),
        ("上半年党工委开了几次", N, (1, 6)),
    ],
)
def test_runs_of_months_quarters_and_halves_of_meetings(question, year, months):
    ref = parse_question(question, today=date(2026, 12, 7))
    assert (ref.year, ref.months, ref.month) == (year, months, N)


def test_quarters_and_halves_that_are_topics_stay_topics():
    """「一季度地区生产总值」「保一季度的措施」「25年一季度开局」 are matters, not months
    (bench/answers_dev*.jsonl w093, c065, ae085 were lost when every 季度 was read as months)."""
    for text in ("一季度地区生产总值增速是多少", "2026年开局那几条保一季度的措施是哪次会定的",
                 "25年一季度开局的措施是哪次会过的", "二季度安全生产工作是哪次主任办公会部署的"):
        assert parse_question(text).months is None, text
    assert parse_question("党工委一季度工作会议").quarter == 1


def test_a_day_to_check_is_not_the_meetings_name():
    from assistant.query_ref import claimed_day

    text = "24年第6次主任办公会是4月17号开的吧？"
    ref = parse_question(text)
    assert (ref.number, ref.year, ref.month, ref.day) == (6, 2024, N, N)
    assert claimed_day(text) == (4, 17)
    assert claimed_day("2025年3月20日开了哪些会") is None
    # 「第4次不是3月开的吗」: the ordinal with a month said of it (bench/answers_dev61.jsonl bd005).
    assert parse_question("第4次不是3月开的吗？").number == 4
    assert claimed_day("第4次不是3月开的吗？") == (3, None)
    assert parse_question("人大那边听过地下水的报告吗").body == "人大常委会"
    assert parse_question("储备粮轮换方案去年是哪天审的", today=date(2026, 12, 7)).year == 2025
