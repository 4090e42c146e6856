"""Lists a report runs through by repeating one word (assistant/enumeration.py)."""

from datetime import date

from assistant.enumeration import best_run, item_runs, items_in, run_sentences
from assistant.question import analyze

TODAY = date(2026, 12, 7)

# 039 (2026年第7次主任办公会), shortened: four short 要 heads, each with its explanation,
# then a separate list under 会议要求 whose heads are long.
SAFETY = ["会议强调，安全生产无小事。", "要压实责任，汲取教训。", "严格落实安全生产“一岗双责”要求。",
          "要聚焦重点，做细工作。", "紧盯消防安全；紧盯道路安全。", "要提升能力，彻查隐患。",
          "加大安全生产培训与应急演练力度。", "要加强值守，快速响应。", "严格落实值班值守制度。",
          "会议要求，要细化安排，将年度供应计划细化分解到各季度，分批有序供地。",
          "实验区领导参加会议。"]
# 076: one long sentence the store cut at 「；」, four 带头 over two sentences.
LEADING = ["各位党员负责同志要充分发挥模范带头作用。",
           "赖军强调，要带头讲党性、顾大局，坚持党的领导；要带头建真言、献良策，聚焦主题；",
           "要带头作表率、善团结，坚持党性原则；要带头正风气、树形象，严守纪律。"]


def test_short_heads_with_their_explanations_are_one_list():
    runs = item_runs(SAFETY, "要")
    assert [r.count for r in runs] == [4]  # the long 会议要求 head is not the fifth item
    assert run_sentences(runs[0], SAFETY, "要") == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_list_carried_over_a_cut_sentence_and_inline_items():
    runs = item_runs(LEADING, "带头")
    assert len(runs) == 1 and runs[0].items == (1, 2) and runs[0].count == 4
    assert items_in("做到“地要合”，深化改革；“海要腾”，加快清退；“人要移”，推进市民化", "要") == 3
    # 要求 is no item of a list of 要.
    assert items_in("要求各部门落实；要求各片区配合", "要") == 0


def test_other_items_of_the_same_list_carry_a_marked_run_on():
    texts = ["要全力冲刺关键指标提升。", "要全力实现产业能级跨越。", "要准确把握重大机遇。",
             "要强化要素保障支撑。", "要全力保障民生福祉增进。", "会议听取了汇报。"]
    runs = item_runs(texts, "全力")
    assert len(runs) == 1 and runs[0].items == (0, 1, 4) and runs[0].count == 3


def test_the_list_on_the_questions_topic_and_count_is_chosen():
    q = analyze("会上安全生产那四个“要”是啥", today=TODAY)
    assert q.items is not None and (q.items.marker, q.items.count) == ("要", 4)
    key, run = best_run(q, SAFETY, q.items.marker, q.items.count)
    assert key[0] and key[1] and run.items[0] == 1
    # A phrase the user quoted must be the list's as written.
    quoted = analyze("会上“提高政治站位”那四个“要”是啥", today=TODAY)
    assert best_run(quoted, SAFETY, "要", 4) is None


def test_a_longer_word_may_follow_an_adverb_and_要求_is_no_item():
    texts = ["要着力培养“红色的下一代”，运用红色资源；着力培养“文明的下一代”，涵养品德；"
             "着力培养“开放的下一代”，拓宽视野；着力培养“融合的下一代”，促进交流。"]
    runs = item_runs(texts, "培养")
    assert len(runs) == 1 and runs[0].inline and runs[0].count == 4
    assert item_runs(["主要任务是招商。", "需要加强统筹。"], "要") == []


def test_a_numbered_head_may_run_long_before_the_next():
    texts = ["会议强调，一要提高思想认识，克服麻痹大意。", "当前形势严峻。", "各部门要全力以赴。",
             "全面开展渔排加固作业。", "重点防范地质灾害。", "滚动发布台风动态。",
             "二要聚焦重点领域，抓实抓细安全防范。", "全面排查隐患。", "三要压紧压实责任，严明作风。"]
    runs = item_runs(texts, "要")
    assert runs and runs[0].items[0] == 0 and 8 in runs[0].items
