"""The lists a report runs through, and the place a question asks for (assistant/positions.py)."""

from assistant.positions import (
    ListKind,
    anaphora_lists,
    list_context,
    marker_lists,
    ordinal_lists,
    report_lists,
    series_lists,
)
from assistant.question import ItemPosition, analyze, item_position


def test_ordinal_heads_make_one_list_each_run_from_one():
    texts = ["突出把握三项重点任务。", "一是提消费。", "进一步围绕文旅业态升级。", "二是稳投资。",
             "推动现有项目落地。", "三是兴产业。", "推动航运转型升级。", "（一）另一组。", "（二）第二项。"]
    lists = ordinal_lists(texts)
    assert [len(x.items) for x in lists] == [3, 2]
    first = lists[0]
    assert first.kind is ListKind.ORDINAL
    # A short head's explanation goes with it.
    assert first.items[2].sentence == 5 and first.items[2].more == (6,)


def test_a_chain_of_clauses_opening_alike_is_a_list_across_a_cut_sentence():
    texts = ["要聚焦重点，做细工作。", "紧盯消防安全，加强巡查；紧盯道路安全，严查超载；",
             "紧盯海上安全，严管船舶；聚焦人群密集场所，强化管理；紧盯森林防火安全，制止用火。",
             "要提升能力。"]
    (chain,) = anaphora_lists(texts)
    assert chain.opener == "紧盯" and len(chain.items) == 5
    assert chain.items[3].text.startswith("聚焦人群")
    # Each item is its clause, an exact span of its sentence.
    item = chain.items[1]
    assert texts[item.sentence][slice(*item.span)] == item.text


def test_a_series_is_trimmed_to_its_things():
    texts = ["会议听取了关于化解历史遗留问题、整治建筑垃圾乱堆放、解决群众线缆类诉求等工作成效汇报。",
             "努力打造公平有序的市场环境、公正透明的法治环境和创新发展的涉台营商环境，提供保障。"]
    heard, built = series_lists(texts)
    assert [i.text for i in heard.items] == ["化解历史遗留问题", "整治建筑垃圾乱堆放", "解决群众线缆类诉求"]
    assert [i.text for i in built.items][-1] == "创新发展的涉台营商环境"
    assert heard.kind is ListKind.SERIES


def test_a_list_of_one_word_in_one_sentence_is_a_list_of_its_own_too():
    texts = ["赖军强调，要突出抓好重点任务。",
             "做到“地要合”，深化改革；“海要腾”，清退养殖；“人要移”，市民化；“村要并”，调整建制；“业要转”，转产转业。"]
    lists = marker_lists(texts, "要")
    assert sorted(len(x.items) for x in lists) == [5, 6]
    assert {x.kind for x in report_lists(texts)} >= {ListKind.MARKER}


def test_the_context_of_a_list_is_its_neighbours_not_the_opening_sentence():
    texts = ["会议研究了民生热点问题，审议了方案。", "会议强调，食品安全事关民生。", "要把好源头关口。",
             "要紧盯重点人群。", "会议指出，要抓落实。"]
    (lst,) = [x for x in marker_lists(texts, "要") if len(x.items) == 2]
    context = list_context(lst, texts)
    assert "民生热点" not in context and "抓落实" in context


def test_the_place_asked_for_is_read_from_what_was_typed():
    assert item_position("营商环境有五个，第四个是什么") == ItemPosition(4, 5)
    assert item_position("安全生产紧盯了一大串，排第一的是啥") == ItemPosition(1, None)
    assert item_position("研究了哪几件事，最后一件是什么").index == -1
    assert item_position("七項重點任務，第三項是啥".replace("項", "项").replace("務", "务")) == ItemPosition(3, 7)
    # A meeting's number is no place.
    assert item_position("2025年第5次主任办公会研究了啥") is None
    assert item_position("县十八届人大常委会第二十一次会议") is None


def test_a_place_is_no_topic_and_no_count_asked():
    q = analyze("26年第7次主任办公会安全生产紧盯了一大串，排第一的是啥")
    assert q.position == ItemPosition(1, None)
    assert not {"第一", "一大", "一大串"} & set(q.topic)
    q = analyze("25年第22次主任办公会提了好几个“抓”，第五个是啥")
    assert q.position.index == 5 and "count" not in q.details
    # 「第八个“抓”」 is a place, not a list of eight.
    q = analyze("第八个“抓”呢", ["25年第22次主任办公会提了好几个“抓”，第五个是啥"])
    assert q.position.index == 8 and q.items is not None and q.items.count is None
    # A place asked turns before is no place now.
    assert analyze("里面说的所得税优惠是百分之几", ["第八个“抓”呢"]).position is None
