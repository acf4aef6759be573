"""Penalty articles of the Safety Law (安全生产法, 2021 revision, in force 2021-09-01) as data.

Amounts are in 万元 and are closed intervals: statutory "以上" and "以下" include the number.
``low`` is None where the law says only "…以下". A stage whose sanction is not a fine in 万元
(an order, a suspension, a share of income) carries ``high=None`` and says what applies in text.

Stages: ``initial`` is the first sanction (责令限期改正 and its fine); ``not_corrected`` is the
escalation the article attaches to 逾期未改正, 拒不执行 (Art 102) or 拒不改正 (Art 108).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SAFETY_LAW = "《中华人民共和国安全生产法》（2021年修正）"

STAGES = ("initial", "not_corrected")
WHO = ("unit", "person")

# Art 114 para 1 (万元) and Art 95 (% of the previous year's income), by accident grade.
ART114_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "一般": (Decimal(30), Decimal(100)),
    "较大": (Decimal(100), Decimal(200)),
    "重大": (Decimal(200), Decimal(1000)),
    "特别重大": (Decimal(1000), Decimal(2000)),
}
ART114_MULTIPLIER = (Decimal(2), Decimal(5))
ART95_PERCENT: dict[str, int] = {"一般": 40, "较大": 60, "重大": 80, "特别重大": 100}


@dataclass(frozen=True)
class Sanction:
    low: Decimal | None
    high: Decimal | None
    text: str

    @property
    def computable(self) -> bool:
        return self.high is not None


@dataclass(frozen=True)
class Article:
    number: int
    paragraph: int
    summary: str
    unit: dict[str, Sanction] = field(default_factory=dict)
    person: dict[str, Sanction] = field(default_factory=dict)
    note: str = ""


def _fine(low: int | None, high: int, text: str = "") -> Sanction:
    return Sanction(None if low is None else Decimal(low), Decimal(high), text)


def _text(text: str) -> Sanction:
    return Sanction(None, None, text)


_SUSPEND = "责令停产停业整顿"
_PERSONS = "直接负责的主管人员和其他直接责任人员"

ARTICLES: dict[tuple[int, int], Article] = {
    (93, 1): Article(
        93,
        1,
        "决策机构、主要负责人或者个人经营的投资人未保证安全生产所必需的资金投入",
        unit={
            "initial": _text("责令限期改正，提供必需的资金"),
            "not_corrected": _text(_SUSPEND),
        },
        note="导致发生生产安全事故的，对主要负责人给予撤职处分，"
        "对个人经营的投资人处二万元以上二十万元以下的罚款（第二款）",
    ),
    (94, 1): Article(
        94,
        1,
        "主要负责人未履行安全生产管理职责",
        unit={"not_corrected": _text(_SUSPEND)},
        person={
            "initial": _fine(2, 5, "对主要负责人责令限期改正"),
            "not_corrected": _fine(5, 10, "对主要负责人（同时责令生产经营单位停产停业整顿）"),
        },
        note="导致发生生产安全事故的，给予撤职处分；五年内不得担任任何生产经营单位的主要负责人，"
        "对重大、特别重大事故负有责任的，终身不得担任本行业生产经营单位的主要负责人",
    ),
    (95, 1): Article(
        95,
        1,
        "主要负责人未履行安全生产管理职责，导致发生生产安全事故",
        person={
            "initial": _text(
                "按事故等级处上一年年收入百分之四十、六十、八十、一百的罚款"
                "（一般、较大、重大、特别重大），见 accident.principal_fine_percent"
            )
        },
    ),
    (96, 1): Article(
        96,
        1,
        "其他负责人和安全生产管理人员未履行安全生产管理职责",
        person={"initial": _fine(1, 3, "责令限期改正")},
        note="导致发生生产安全事故的，暂停或者吊销其与安全生产有关的资格，"
        "并处上一年年收入百分之二十以上百分之五十以下的罚款",
    ),
    (97, 1): Article(
        97,
        1,
        "未设置安全生产管理机构或配备管理人员、注册安全工程师；主要负责人和管理人员未经考核；"
        "未按规定教育培训或如实记录；隐患排查治理未记录或未通报；未制定应急预案或未定期演练；"
        "特种作业人员无证上岗",
        unit={
            "initial": _fine(None, 10, "责令限期改正"),
            "not_corrected": _fine(10, 20, _SUSPEND),
        },
        person={"not_corrected": _fine(2, 5, f"对{_PERSONS}")},
    ),
    (98, 1): Article(
        98,
        1,
        "矿山、金属冶炼和危险物品建设项目未进行安全评价、安全设施设计未审查、"
        "未按设计施工或安全设施未经验收（三同时）",
        unit={
            "initial": _fine(10, 50, "责令停止建设或者停产停业整顿，限期改正"),
            "not_corrected": _fine(50, 100),
        },
        person={
            "initial": _fine(2, 5, f"对{_PERSONS}"),
            "not_corrected": _fine(5, 10, f"对{_PERSONS}"),
        },
    ),
    (99, 1): Article(
        99,
        1,
        "未设置安全警示标志；安全设备安装使用检测改造报废不符合标准或未维护检测；"
        "关闭破坏监控报警设备或篡改数据；未提供劳动防护用品；危险物品容器等未经检测检验投入使用；"
        "使用应当淘汰的工艺设备；餐饮等行业使用燃气未安装可燃气体报警装置",
        unit={
            "initial": _fine(None, 5, "责令限期改正"),
            "not_corrected": _fine(5, 20, f"情节严重的，{_SUSPEND}"),
        },
        person={"not_corrected": _fine(1, 2, f"对{_PERSONS}")},
    ),
    (101, 1): Article(
        101,
        1,
        "危险物品未建立专门安全管理制度；重大危险源未登记建档、检测评估监控、制定应急预案或告知"
        "应急措施；危险作业无专人现场管理；未建立风险分级管控制度；未建立隐患排查治理制度"
        "或重大事故隐患未报告",
        unit={
            "initial": _fine(None, 10, "责令限期改正"),
            "not_corrected": _fine(10, 20, _SUSPEND),
        },
        person={"not_corrected": _fine(2, 5, f"对{_PERSONS}")},
    ),
    (102, 1): Article(
        102,
        1,
        "未采取措施消除事故隐患",
        unit={
            "initial": _fine(None, 5, "责令立即消除或者限期消除"),
            "not_corrected": _text(f"生产经营单位拒不执行的，{_SUSPEND}"),
        },
        person={"not_corrected": _fine(5, 10, f"生产经营单位拒不执行的，对{_PERSONS}")},
    ),
    (103, 1): Article(
        103,
        1,
        "将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人",
        unit={
            "initial": _fine(
                10,
                20,
                "责令限期改正，没收违法所得；没有违法所得或者违法所得不足十万元的，"
                "单处或者并处该罚款；违法所得十万元以上的，并处违法所得二倍以上五倍以下的罚款",
            )
        },
        person={"initial": _fine(1, 2, f"对{_PERSONS}")},
    ),
    (103, 2): Article(
        103,
        2,
        "未与承包、承租单位签订安全生产管理协议或未明确各自职责，或者未统一协调、管理",
        unit={
            "initial": _fine(None, 5, "责令限期改正"),
            "not_corrected": _text(_SUSPEND),
        },
        person={"initial": _fine(None, 1, f"对{_PERSONS}")},
    ),
    (104, 1): Article(
        104,
        1,
        "两个以上生产经营单位在同一作业区域内作业，未签订安全生产管理协议或未指定专职人员检查协调",
        unit={
            "initial": _fine(None, 5, "责令限期改正"),
            "not_corrected": _text("责令停产停业"),
        },
        person={"initial": _fine(None, 1, f"对{_PERSONS}")},
    ),
    (105, 1): Article(
        105,
        1,
        "危险物品车间、商店、仓库与员工宿舍在同一座建筑内或距离不符合要求；"
        "出口、疏散通道不符合要求或被占用、锁闭、封堵",
        unit={
            "initial": _fine(None, 5, "责令限期改正"),
            "not_corrected": _text(_SUSPEND),
        },
        person={"initial": _fine(None, 1, f"对{_PERSONS}")},
    ),
    (106, 1): Article(
        106,
        1,
        "与从业人员订立协议免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任",
        person={"initial": _fine(2, 10, "协议无效；对主要负责人、个人经营的投资人")},
    ),
    (108, 1): Article(
        108,
        1,
        "拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查",
        unit={
            "initial": _text("责令改正"),
            "not_corrected": _fine(2, 20, "拒不改正的"),
        },
        person={"not_corrected": _fine(1, 2, f"拒不改正的，对{_PERSONS}")},
    ),
    (109, 1): Article(
        109,
        1,
        "高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险",
        unit={
            "initial": _fine(5, 10, "责令限期改正"),
            "not_corrected": _fine(10, 20),
        },
    ),
    (110, 1): Article(
        110,
        1,
        "主要负责人在事故时不立即组织抢救、擅离职守或者逃匿，或者对事故隐瞒不报、谎报、迟报",
        person={
            "initial": _text(
                "给予降级、撤职的处分，并处上一年年收入百分之六十至百分之一百的罚款；"
                "对逃匿的处十五日以下拘留"
            )
        },
    ),
    (114, 1): Article(
        114,
        1,
        "对生产安全事故负有责任的生产经营单位",
        unit={"initial": _text("按事故等级罚款，须给出事故等级 grade")},
        note="第二款：情节特别严重、影响特别恶劣的，按第一款数额的二倍以上五倍以下罚款",
    ),
}
