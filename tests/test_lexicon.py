"""The answer layer's word lists and thresholds are data: each loads, names its source, parses."""

from __future__ import annotations

from importlib import resources

import pytest

from assistant import lexicon
from assistant.answerability import thresholds
from ingest.normalize import normalize_text

DATA = resources.files("assistant").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".txt", ".tsv")))


@pytest.mark.parametrize("name", FILES)
def test_every_word_list_states_its_source(name):
    header = [line for line in DATA.joinpath(name).read_text("utf-8").splitlines()
              if line.startswith("#")]
    assert any("Source" in line or "source" in line for line in header), name


def test_lists_load_and_hold_the_words_the_answers_rely_on():
    assert {"啥", "拍板", "哪天", "都"} <= lexicon.scaffold()
    assert "的" in lexicon.common_chars() and "汛" not in lexicon.common_chars()
    assert {"管委会", "党工委"} <= lexicon.convening_bodies()
    assert lexicon.list_request().search("请全部列出来")


@pytest.mark.parametrize(("question", "intent"), [
    ("党工委2026年第2次委员会议哪天开的？", "date"),
    ("这次会是谁主持的", "chair"),
    ("哪些领导参加了会议", "attendees"),
    ("检察院是谁去的", "attendees"),
    ("公安局谁来参会了", "attendees"),
    ("2026年第1次主任办公会提到了哪些部门？", "departments"),
    ("管委会2026年第4次主任办公会拍板了哪些事？", "decisions"),
    ("2023年第6次主任办公会原则同意了什么？", "decisions"),
    ("管委会2025年第14次主任办公会都研究了啥？", "agenda"),
    ("对商务局提出了什么要求", "requirements"),
    ("这个工作方案是哪次会议上定的？", "decisions"),
])
def test_intent_cues(question, intent):
    found = [name for name, pattern in lexicon.intent_patterns() if pattern.search(question)]
    assert found and found[0] == intent


def test_detail_rules_pair_a_question_pattern_with_its_evidence():
    rules = {r.name: r for r in lexicon.detail_rules()}
    assert rules["amount"].asked.search("拨了多少钱") and rules["amount"].stated.search("安排500万元")
    assert not rules["amount"].stated.search("加快项目建设")
    assert rules["amount"].asked.search("基金规模定了多少")
    assert rules["score"].asked.search("满意度测评打了多少分")
    assert not rules["score"].stated.search("十分重要，分类推进")
    assert rules["count"].stated.search("全年共接待游客1050万人次")  # bench/answers_dev8.jsonl n060
    assert lexicon.numbered_names().search("二十届中央纪委五次全会").group() == "二十届中央纪委五次全会"
    assert lexicon.documents_asked().search("审议通过了哪些文件")
    assert not lexicon.documents_asked().search("拍板了哪些事")
    assert {"游客", "基金"} <= lexicon.detail_subjects()  # bench/answers_dev7.jsonl m126
    assert rules["quantity"].asked.search("轮换多少吨") and rules["quantity"].stated.search("3000吨")
    assert all(r.label for r in rules.values())


def test_abbreviations_match_their_full_form_with_gaps():
    欠薪 = [a for a in lexicon.abbreviations() if a.short == "欠薪"]
    assert any(a.full.search("拖欠农民工工资") for a in 欠薪)


def test_report_cues_and_thresholds_are_complete():
    cues = lexicon.report_cues()
    assert {"agenda", "decision", "attendance", "place", "chair", "opening"} <= set(cues)
    assert cues["decision"].search("审议并原则通过《方案》")
    t = thresholds()
    assert 0 < t.topic_lexical_with_semantic < t.topic_lexical_found <= 1
    assert t.max_quotes >= 1


def test_a_count_needs_its_classifier_and_places_need_names():
    rules = {r.name: r for r in lexicon.detail_rules()}
    count, places = rules["count"], rules["places"]
    assert count.asked.search("一共报了多少个") and not count.asked.search("选了哪几个村")
    assert count.stated.search("共申报32个项目") and count.stated.search("新建三所学校")
    # a year is not a count, and neither is 「一批」
    assert not count.stated.search("2026年省重点项目") and not count.stated.search("谋划一批大项目")
    assert places.asked.search("选了哪几个村") and places.stated.search("在北厝村、敖东村开展试点")
    assert not places.stated.search("促进农村和谐稳定")


def test_an_event_date_is_not_the_meeting_date():
    rules = {r.name: r for r in lexicon.detail_rules()}
    assert rules["event_date"].asked.search("台风巴威是几号登陆的")
    date_cue = dict(lexicon.intent_patterns())["date"]
    assert not date_cue.search("台风巴威是几号登陆的") and date_cue.search("是几号开的")


@pytest.mark.parametrize(("question", "asks"), [
    ("清理妨碍公平竞争的政策文件，是哪次会议研究的？", True),
    ("哪个会上部署过防台风？", True),
    ("是在什么会上提的", True),
    ("2025年第5次主任办公会研究了啥", False),
    ("政府工作报告里怎么说就业的", False),
])
def test_meeting_request(question, asks):
    assert bool(lexicon.meeting_request().search(question)) is asks


@pytest.mark.parametrize(("question", "personal"), [
    ("那我家里蚊子多，用什么灭最有效？", True),
    ("我孩子明年中考，哪所高中比较好？", True),
    ("帮我写一份个人年终工作总结", True),
    ("哪次会议部署了蚊媒传染病防控？", False),
    ("我区2025年第5次主任办公会研究了啥", False),
])
def test_personal_cues(question, personal):
    assert bool(lexicon.personal_cues().search(question)) is personal


def test_counts_and_deadlines_in_colloquial_forms():
    rules = {r.name: r for r in lexicon.detail_rules()}
    assert rules["count"].asked.search("全区欠薪案子有多少件")
    assert rules["count"].asked.search("假期景区预计接待多少游客")
    assert rules["deadline"].asked.search("基本思路啥时候交稿")


def test_fragments_of_asking_words():
    assert lexicon.is_fragment("局有") and lexicon.is_fragment("过防") and lexicon.is_fragment("对防")
    assert not lexicon.is_fragment("赴台") and not lexicon.is_fragment("集资")


def test_outcomes_report_contents_and_results_are_details():
    """bench/answers_dev16.jsonl p009/p104 and answers_dev17.jsonl q123."""
    rules = {r.name: r for r in lexicon.detail_rules()}
    assert rules["actual"].asked.search("前三季度地区生产总值实际增长了多少")
    assert not rules["actual"].stated.search("围绕全年地区生产总值增长6%以上的目标")
    assert not rules["actual"].stated.search("预期目标是：地区生产总值增长3%")
    assert rules["actual"].stated.search("2024年实验区地区生产总值增长1%")
    assert rules["score"].asked.search("满意度测评结果咋样")
    assert rules["report_content"].asked.search("它汇报的具体内容是啥")
    assert not rules["report_content"].asked.search("听取了哪些部门的汇报")
    assert not rules["report_content"].stated.search("会议听取了县财政局、县商务局等相关工作汇报")
    assert rules["report_content"].stated.search("会议听取了关于化解历史遗留不动产登记问题等工作成效汇报")
    assert not rules["fulltext"].asked.search("会上对营商环境的原话是怎么说的")
    assert rules["value"].asked.search("企业所得税优惠按多少征")
    assert not rules["value"].asked.search("储备粮轮换方案开了多少次会")
    assert rules["value"].stated.search("减按15%征收企业所得税")
    assert not rules["value"].stated.search("要推动政策落地见效，用好企业所得税优惠政策")
    # A date, a year or an ordinal is no value (answers_dev18 r046, dev19 s116).
    assert not rules["value"].stated.search("全力以赴做好第9号超强台风“巴威”防御")
    assert not rules["value"].stated.search("研究实验区2024年城镇基准地价更新有关事宜")
    assert not rules["value"].stated.search("7月7日，黄建波主持召开会议")
    assert rules["value"].stated.search("再延长30年")
    assert rules["meeting_year"].asked.search("指挥部第五次会议是哪一年开的")
    assert not rules["meeting_year"].stated.search("10月14日，我县召开第五次会议")


@pytest.mark.parametrize(("question", "yes_no"), [
    ("有没有提防汛？", True), ("提没提停车", True), ("说到安全生产了吗", True),
    ("停车难这事有没有会研究过？", False), ("是否有哪次会提到", False),
])
def test_yes_no_cues(question, yes_no):
    assert bool(lexicon.yes_no_cues().search(question)) is yes_no


def test_same_day_needs_a_meeting_word():
    assert lexicon.same_day().search("同一天还开了什么会")
    assert lexicon.same_day().search("当天还有别的会议吗")
    assert lexicon.same_day().search("同一天党工委是不是也开了会")
    assert not lexicon.same_day().search("同一天登陆的台风")
    assert not lexicon.same_day().search("那天的会上对商务局提了什么要求")


def test_eighth_session_details():
    """bench/answers_dev20-23.jsonl (t024, t101, u011, u112, u119, v058, v066, v109, w009, w080)."""
    rules = {r.name: r for r in lexicon.detail_rules()}
    # a visit's day is not the meeting's own date
    assert rules["event_date"].asked.search("中央安全生产考核巡查组哪天进驻")
    assert rules["event_date"].asked.search("那省长来岚调研是哪天")
    assert not rules["event_date"].stated.search("10月22日，实验区党工委副书记黄建波主持召开会议")
    assert not rules["event_date"].stated.search("平潭网10月22日讯")
    assert rules["event_date"].stated.search("巡查组于10月15日进驻平潭")
    assert rules["deadline"].asked.search("要求哪天之前完成提升改造")
    assert rules["deadline"].stated.search("沿海渔港经济区建设规划（2025—2035年）")
    # a person is named after a post or before 同志; not the presider, not 会议强调
    assert rules["person"].asked.search("审计整改的责任人具体是谁")
    assert rules["person"].asked.search("接受辞职的是哪位代表")
    assert not rules["person"].stated.search("会议强调，抓好审计反馈问题整改")
    assert not rules["person"].stated.search("严格按整改时限要求")
    assert not rules["person"].stated.search("管委会主任黄建波主持召开管委会2025年第23次主任办公会")
    assert rules["person"].stated.search("实验区人民检察院检察长王桦")
    assert rules["name"].asked.search("台风是第几号、叫啥名") and not rules["person"].asked.search(
        "台风是第几号、叫啥名")
    assert rules["name"].stated.search("第9号超强台风“巴威”")
    assert rules["places"].asked.search("具体先在哪些片区或村试")
    assert rules["provisions"].asked.search("这个通知具体规定了片区财政怎么管")
    assert not rules["provisions"].stated.search("审议通过《关于加强片区财政管理的通知》")
    assert rules["growth"].asked.search("“三公”经费减少了多少")
    assert not rules["amount"].asked.search("“三公”经费减少了多少")
    assert rules["amount"].asked.search("专项资金安排了多少")
    # 「原文怎么表述的」 asks for the report's words, which every quote is
    assert not rules["fulltext"].asked.search("原文怎么表述的")
    assert rules["fulltext"].asked.search("誓词全文是什么")


def test_prediction_live_figures_and_characterisation():
    """bench/answers_dev20.jsonl t070, t072 and answers_dev21.jsonl u027."""
    assert lexicon.future_cues().search("盘山县今年能不能完成6%的增长目标")
    assert lexicon.live_cues().search("今天人民币兑美元汇率多少")
    assert lexicon.live_cues().search("台风巴威现在到哪了")
    assert not lexicon.live_cues().search("现在要抓好哪些工作")
    kinds = lexicon.asked_kinds()
    assert kinds.sub("", "是怎么给平潭营商环境定位的") == "是怎么给平潭营商环境的"
    assert kinds.sub("", "是怎么定位营商环境的") == "是怎么营商环境的"
    assert kinds.search("功能定位是什么") is None
    assert kinds.search("要求和哪些上级部门加强对接")
    assert kinds.sub("", "原话给我，我要贴进总结") == "原话给我，"
    assert lexicon.quote_request().search("是什么意思？原话给我")


def test_place_aliases():
    aliases = lexicon.place_aliases()
    assert "实验区" in aliases["平潭"] and "平潭" in aliases["平潭"]


def test_questions_typed_in_toneless_pinyin_are_read_as_characters():
    """Staff without an input method type syllables (bench/answers_dev27-31.jsonl)."""
    from assistant.pinyin_input import as_hanzi, typed_in_pinyin

    assert as_hanzi("2025 nian di 1 ci zhuren bangonghui yanjiu le shenme") == \
        "2025年第1次主任办公会研究了什么"
    assert as_hanzi("dang gongwei 2025 nian di 13 ci weiyuan huiyi chuanda le naxie zhishi "
                    "jingshen?") == "党工委2025年第13次委员会议传达了哪些指示精神?"
    assert as_hanzi("renda di ershisan ci huiyi na tian kai de") == "人大第二十三次会议哪天开的"
    assert as_hanzi("na 2025 nian de ne") == "那2025年的呢"
    # The reports' own words win where the dictionary reads otherwise (涉海, not 设还).
    assert "涉海旅游" in as_hanzi("2024 nian di 6 ci zhuren bangonghui shehai lvyou anquan",
                                  {"涉海": 4, "旅游": 30}, "test")
    # Not pinyin: a meeting name with letters, English, Chinese with a few letters.
    for text in ("2025年No.5主任办公会", "What did the meeting decide?", "PPP项目咋推进的",
                 "第5次会议 GDP 目标"):
        assert not typed_in_pinyin(text) and as_hanzi(text) == text


def test_ninth_session_words():
    """bench/answers_dev26-31.jsonl (dev parts): live facts, errands, deadlines, areas."""
    live = lexicon.live_cues()
    for text in ("现在美元兑人民币汇率多少？", "請問明天台北天氣如何？", "福州到平潭的动车最早几点？",
                 "闽超今年总冠军是哪个队？"):
        assert live.search(normalize_text(text)), text
    assert not live.search("2026年第2次主任办公会对天气预警有什么要求")
    assert lexicon.personal_cues().search("平潭城区哪里停车方便，推荐个停车场")
    assert not lexicon.personal_cues().search("会议推荐了哪些项目")
    deadline = next(r for r in lexicon.detail_rules() if r.name == "deadline")
    assert deadline.asked.search("宅基地确权发证要求哪年底前干完？")
    assert deadline.asked.search("审计整改具体几月几号前完成？")
    person = next(r for r in lexicon.detail_rules() if r.name == "person")
    assert not person.stated.search("实验区党工委书记赖军主持召开党工委2025年第8次委员会议")
    assert person.stated.search("党工委书记赖军强调")
    assert not person.stated.search("传达学习习近平总书记在中共中央政治局第十九次集体学习时的讲话")
    areas = lexicon.department_areas()
    from ingest.departments import department_names

    assert set(areas) <= department_names()  # every row names a department the recogniser knows
    assert "财源" in areas["财政局"] and "食品安全" in areas["市场监管局"]
    pre = lexicon.asking_phrases()
    assert pre.sub(" ", "说错了，我是想问公租房管理办法").strip() == "公租房管理办法"


def test_tenth_session_pinyin_and_words():
    """bench/answers_dev32-35.jsonl (dev parts): pinyin with tone marks, mixed with characters,
    any reading of a one-character word; errands; asking phrases; counted kinds."""
    from assistant.pinyin_input import as_hanzi, has_pinyin_runs, typed_in_pinyin

    assert as_hanzi("2026 nián dì 9 cì zhǔrèn bàngōnghuì yánjiū le shénme?") == \
        "2026年第9次主任办公会研究了什么?"
    assert as_hanzi("zhǐhuībù 第五次会议主要部署啥") == "指挥部第五次会议主要部署啥"
    assert as_hanzi("shéi zhǔchí de?") == "谁主持的?"
    assert as_hanzi("shei zhuchi de") == "谁主持的"  # 谁 read shéi as well as shuí
    assert as_hanzi("na ci hui shi na tian kai de") == "那次会是哪天开的"
    assert as_hanzi("na ci hui yanjiu le zhufang").startswith("哪次会")
    assert as_hanzi("哪个会讲了 jiuzhu 的事？谁讲的").startswith("哪个会")  # typed 哪 stays
    # Pinyin after a character is an annotation normalisation drops; letters that are no pinyin stay.
    for text in ("會(huì)議研究了啥", "2025年第5次主任办公会PPP项目", "APP推广", "2025年No.5主任办公会",
                 "2025年第1次主(zhǔ)任辦(bàn)公會(huì)審(shěn)議(yì)通過(guò)了什麼(me)規(guī)劃(huà)？"):
        assert not has_pinyin_runs(text) and as_hanzi(text) == text, text
    assert not typed_in_pinyin("2025年第1次主(zhǔ)任辦(bàn)公會(huì)審(shěn)議(yì)通過(guò)了什麼(me)")
    personal = lexicon.personal_cues()
    for text in ("今年春节放几天假", "蓝眼泪一般几月份最好看", "个税专项附加扣除怎么填？"):
        assert personal.search(text), text
    assert not personal.search("2026年第2次主任办公会对春节期间安全生产有啥要求")
    asking = lexicon.asking_phrases()
    assert asking.sub(" ", "会上有提蓝眼泪吗").strip() == "会上 蓝眼泪吗"
    assert "摘" not in asking.sub(" ", "飞线充电哪些会上讲过？原文摘给我")
    assert {"酒驾", "醉驾"} <= set(lexicon.terms())


@pytest.mark.parametrize("name", ["colloquial.tsv", "colloquial_more.tsv", "colloquial_third.tsv",
                                  "colloquial_residents.tsv"])
def test_colloquial_thesaurus_is_well_formed_and_holds_to_the_corpus(name):
    """data/colloquial.tsv and its second pass: everyday form (2–8 characters, no punctuation) to a documents'
    form whose parts are ≥ 2 characters; no pair twice. Where ../shared/corpus is present,
    every documents' form occurs in some report and no everyday form does."""
    import re

    from tests.conftest import corpus_docs

    pairs = [tuple(line.split("\t")) for line in
             DATA.joinpath(name).read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(pairs) > 200 and len(set(pairs)) == len(pairs)
    for everyday, official in pairs:
        assert 2 <= len(everyday) <= 8 and re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z]+", everyday), everyday
        assert all(len(part) >= 2 for part in official.split("…")), official
    texts = [normalize_text(p.read_text("utf-8")).replace("\n", "")
             for p in sorted(corpus_docs().glob("*.txt"))]  # skips where the corpus is absent
    by_short = {ab.short: ab for ab in lexicon.abbreviations()}
    for everyday, official in pairs:
        pattern = ".{0,6}".join(re.escape(part) for part in official.split("…"))
        assert any(re.search(pattern, t) for t in texts), official
        assert not any(everyday in t for t in texts), everyday
        assert everyday in by_short


def test_eleventh_session_words():
    """bench/answers_dev36–39.jsonl (dev parts): who reported is a detail; a follow-up that
    asks yes or no, in any script, is about the conversation's meeting."""
    from assistant.question import analyze

    for text in ("2026年第15次主任办公会食品安全工作情况是谁汇报的？",
                 "第二十七次人大常委会涉渔船舶安全的报告是哪个局作的？",
                 "人大25次会议那个无人岛旅游的问题具体是哪个局答的？"):
        assert "reporter" in analyze(text).details, text
    assert "lead_unit" in analyze("2025年第3次主任办公会剩余砂石土由哪个局负责处置？").details
    stated = next(r for r in lexicon.detail_rules() if r.name == "reporter").stated
    assert stated.search("会议听取区旅文局关于旅游环境综合治理工作情况的报告")
    assert stated.search("听取和审议了国务院总理李强所作的政府工作报告")
    assert not stated.search("会议听取实验区食品安全工作情况汇报")
    assert not stated.search("区旅文局、交建局、资源生态局、公安局等应询部门负责人逐一回答询问")
    cues = lexicon.yes_no_cues()
    for text in ("财政局有人来汇报吗", normalize_text("有沒有講安全生產")):
        assert cues.search(text), text


def test_a_latin_short_form_is_a_word_of_its_own():
    """「zhenggai」 holds no AI (bench/answers_dev39.jsonl ah145): pinyin is no abbreviation."""
    assert not lexicon.short_form_in("AI", "shuo shenji zhenggai yao gen na ge bumen")
    assert lexicon.short_form_in("AI", "ai产业发展咋部署的") and lexicon.short_form_in("GDP", "gdp增速")
    assert lexicon.short_form_in("小电驴", "共享小电驴怎么管")


def test_thirteenth_session_data_files():
    """data/answered_order.tsv, typos.tsv and body_equivalents.tsv parse into what the code reads."""
    orders = lexicon.answered_order()
    assert set(orders) == {"latest", "earliest"}
    assert orders["latest"].search("最近的那次是啥时候开的") and orders["latest"].search("后面那次还听了啥")
    assert orders["earliest"].search("最早的那次是哪天") and not orders["earliest"].search("那次会说啥")
    typos = {p.pattern: meant for p, meant in lexicon.typos()}
    assert typos["办工会"] == "办公会" and all(typed != meant for typed, meant in typos.items())
    # A slip's correction is never itself a slip, so reading them is order-free.
    assert not any(p.search(meant) for p, _ in lexicon.typos() for meant in typos.values())
    from assistant.question import analyze

    # 那 for 哪 only where the question ends: 「那天开的会」 mid-question is that day's meeting.
    assert analyze("24年第6次主任辦(bàn)公會(huì)那天開的").text.endswith("哪天开的")
    assert "那天开的会" in analyze("那天开的会研究了啥").text
    equivalents = lexicon.body_equivalents()
    assert equivalents["常务会议"] == "主任办公会"
    from assistant.query_ref import parse_question

    # Each body asked is what a question naming it parses to, so the lookup meets it.
    assert parse_question("最近一次常务会开的啥").body in equivalents
    assert equivalents[parse_question("县委常委会最近一次研究了啥").body] == "党工委会议"


def test_fourteenth_session_relative_cues():
    """data/relative_cues.tsv and mention_verbs.txt: the order of meetings, not a date or a matter."""
    cues = lexicon.relative_cues()
    assert set(cues) == {"after", "before"}
    assert cues["after"].search("治理欠薪这事后来又在哪些会上提过")
    assert cues["before"].search("统计这事之前哪次会专门研究过")
    # A deadline, a contract's term and what followed an inspection are not meetings' order.
    for text in ("要求哪天之前完成提升改造", "种地的合同到期以后再续三十年", "督察之后的整改是哪次会部署的"):
        assert not any(p.search(text) for p in cues.values()), text
    assert lexicon.mention_verbs().search("党工委后来也审了吗")


def test_fourteenth_session_reporting_unit_and_pinyin_words():
    """details.tsv reporting_unit: asked by 「是哪个局作的」, stated by a unit before 关于/应询;
    「听取了哪些部门的汇报」 is the agenda's, not this detail."""
    rule = next(r for r in lexicon.detail_rules() if r.name == "reporting_unit")
    assert rule.asked.search("涉渔船舶安全的报告是哪个局作的")
    assert rule.asked.search("专题询问是哪些部门回答的")
    assert not rule.asked.search("会议听取了哪些部门的汇报")
    assert rule.stated.search("会议听取区旅文局关于旅游环境综合治理工作情况的报告")
    assert rule.stated.search("区交通运输局等部门负责同志到会应询")
    assert not rule.stated.search("会议听取了涉渔船舶安全管理工作情况的报告")
    words = lexicon.pinyin_words()
    assert {"几月几日", "哪个会", "到期后", "承包"} <= words


def test_fourteenth_session_items_asked():
    """data/items_asked.txt: a question for every item of a numbered list, not for one item."""
    asked = lexicon.items_asked()
    for text in ("2025年初那次经济工作会议一共几项重点任务", "“地要合”那几条都是啥", "一共提了哪几个“要”",
                 "“五要”是哪五个"):
        assert asked.search(text), text
    for text in ("第三项具体说了啥", "哪天开的", "对商务局提了什么要求", "审议的文件都是啥"):
        assert not asked.search(text), text


def test_fifteenth_session_item_labels_and_issuers():
    """data/item_labels.txt: a list named by count and repeated word, with both groups;
    data/issuers.txt: whose report; scaffold 库里."""
    found = {}
    for text in ("“五要”是哪五个", "那「七个抓」分别是哪七个", "法治政府建设的三个“要”", "提了哪几个“要”",
                 "一季度收尾那几条“要”都是啥", "四季度“全力”干哪几件事"):
        m = next((p.search(text) for p in lexicon.item_labels() if p.search(text)), None)
        assert m is not None, text
        found[text] = (m.group("count"), m.group("marker"))
    assert found["“五要”是哪五个"] == ("五", "要") and found["那「七个抓」分别是哪七个"] == ("七", "抓")
    assert found["四季度“全力”干哪几件事"] == ("哪几", "全力")
    # A quoted slogan or title is no list label.
    for text in ("“地要合、海要腾”是啥意思", "《共享电动自行车管理办法》啥时候过的", "“三管三必须”咋说的"):
        assert not any(p.search(text) for p in lexicon.item_labels()), text
    assert lexicon.issuers()[0] == "全国人民代表大会" and "平潭" in lexicon.issuers()
    assert "库里" in lexicon.scaffold()


def test_fifteenth_session_other_bodies():
    """data/other_bodies.tsv: a body's own meeting asked for, not a mention of the body."""
    bodies = lexicon.other_bodies()
    assert bodies["政协"].search("列一下政协工委常委会议开过的会")
    assert bodies["纪委"].search("2025年纪工委全会部署了啥")
    assert not bodies["政协"].search("政协工委主任参加了哪些会")


def test_sixteenth_session_quoted_pinyin_and_places():
    """Quoted pinyin quotes the reports (bench/answers_dev57.jsonl az039); places asked for
    (data/item_positions.txt) and list sizes (scaffold) are read."""
    from assistant.pinyin_input import as_hanzi
    from assistant.question import item_position

    words = {"零": 1, "容忍": 1, "食品": 9, "安全": 40}
    assert "“另容忍”" in as_hanzi("shipin anquan “ling rongren” na ju yuanhua", words, "q1")
    # The reports' reading, where a report holds it as written.
    read = as_hanzi("shipin anquan “ling rongren” na ju yuanhua", words, "q1",
                    written=lambda phrase: phrase == "零容忍")
    assert "“零容忍”" in read
    # Unquoted, the general reading stands; and so does a reading no report holds.
    assert "零容忍" not in as_hanzi("shipin anquan ling rongren", words, "q1",
                                   written=lambda phrase: True)
    assert "零容忍" not in as_hanzi("shipin anquan “ling rongren”", words, "q1",
                                   written=lambda phrase: False)
    assert as_hanzi("yuanhua zenme xie") == "原话怎么写"
    for typed, index in (("第四个是什么", 4), ("排第一的是啥", 1), ("最后一件是啥", -1),
                         ("头一项呢", 1), ("第三项是啥", 3)):
        assert item_position(typed).index == index
    for typed in ("第5次会议", "第一季度", "第一要务是什么", "最后一道防线", "哪次会说把安全放在第一位",
                  "摆在首位的是啥", "第三方评估"):
        assert item_position(typed) is None
    assert {"一大串", "好几个", "讨论过", "老大难"} <= lexicon.scaffold()
    assert lexicon.context_request().search("“月月有新进展”那句的上下文")
    assert not lexicon.context_request().search("那次会研究了啥")
    # What a list is of is scaffold too: no topic word.
    assert lexicon.list_nouns() <= lexicon.scaffold() | {"重点任务", "重点工作", "举措", "措施", "事项"}


def test_nineteenth_session_data_files():
    """data/aspect_words.txt, kind_words.txt, not_glosses.txt: loaded once, words only."""
    from assistant import lexicon

    assert {"资金", "进度", "规模"} <= lexicon.aspect_words()
    assert {"办法", "方案", "工作"} <= lexicon.kind_words()
    assert {"送审稿", "修订"} <= lexicon.not_glosses()
    for words in (lexicon.aspect_words(), lexicon.kind_words(), lexicon.not_glosses()):
        assert all(len(w) >= 1 and not any(c in w for c in "#（）()") for w in words)
