"""Working days: weekends, statutory holidays and 调休 makeup working days, as data per year.

行政处罚法 (2021) Art 85: "二日""三日""五日""七日" are working days, statutory holidays excluded;
行政强制法 Art 69: periods of ten days or less are working days; 安全生产法 Art 78 counts
"七个工作日". The State Council's 办公厅 publishes each year's holidays and makeup days, so the
calendar is a table per year that a deployment can extend or replace (``calendar_from_data``).

Years in the built-in table (confidence high: each checked day by day against the notice's text
as carried by 新华社, e.g. https://m.gmw.cn/2024-11/12/content_1303894933.htm and
https://politics.gmw.cn/2025-11/04/content_38391083.htm):
- 2025: 《国务院办公厅关于2025年部分节假日安排的通知》(国办发明电〔2024〕12号, 2024-11-12), the
  first year with 除夕 and 5月2日 as statutory holidays.
- 2026: 《国务院办公厅关于2026年部分节假日安排的通知》 (2025-11-04; its document number was not
  seen, so it is not cited).
- 2027 is not in the table: its notice was not found when the table was written. A deployment
  adds it through ``calendar_from_data``; until then a 2027 date raises ``StandardsError`` unless
  the caller passes ``assume_weekends_only=True``.

Counting follows 民法典 Art 201: the start day is not counted, so ``add_working_days(d, 1)`` is
the first working day after ``d``. These helpers return plain values (bool, date, int); the
enforcement clocks built on them carry the explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from anjian.standards.base import StandardsError, to_count, to_date

__all__ = [
    "BUILT_IN",
    "HolidayYear",
    "WorkdayCalendar",
    "add_working_days",
    "calendar_from_data",
    "is_working_day",
    "next_working_day",
    "working_day_before",
    "working_days_between",
]


@dataclass(frozen=True)
class HolidayYear:
    """One year's 节假日安排: rest days on weekdays and makeup working days on weekends."""

    year: int
    source: str
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]


@dataclass(frozen=True)
class WorkdayCalendar:
    """A set of years; a date in a year outside it is unknown, not assumed ordinary."""

    years: Mapping[int, HolidayYear]

    def source(self, year: int) -> str:
        return self.years[year].source if year in self.years else "未收录该年度节假日安排"


def _span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def _year(
    year: int, source: str, spans: Iterable[tuple[str, str]], makeup: Iterable[str]
) -> HolidayYear:
    holidays: set[date] = set()
    for first, last in spans:
        holidays |= _span(date.fromisoformat(first), date.fromisoformat(last))
    return HolidayYear(
        year, source, frozenset(holidays), frozenset(date.fromisoformat(d) for d in makeup)
    )


BUILT_IN = WorkdayCalendar(
    {
        2025: _year(
            2025,
            "《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）",
            [
                ("2025-01-01", "2025-01-01"),  # 元旦
                ("2025-01-28", "2025-02-04"),  # 春节
                ("2025-04-04", "2025-04-06"),  # 清明节
                ("2025-05-01", "2025-05-05"),  # 劳动节
                ("2025-05-31", "2025-06-02"),  # 端午节
                ("2025-10-01", "2025-10-08"),  # 国庆节、中秋节
            ],
            ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
        ),
        2026: _year(
            2026,
            "《国务院办公厅关于2026年部分节假日安排的通知》（2025年11月4日）",
            [
                ("2026-01-01", "2026-01-03"),  # 元旦
                ("2026-02-15", "2026-02-23"),  # 春节
                ("2026-04-04", "2026-04-06"),  # 清明节
                ("2026-05-01", "2026-05-05"),  # 劳动节
                ("2026-06-19", "2026-06-21"),  # 端午节
                ("2026-09-25", "2026-09-27"),  # 中秋节
                ("2026-10-01", "2026-10-07"),  # 国庆节
            ],
            ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
        ),
    }
)


def calendar_from_data(
    data: Mapping[Any, Any], *, base: WorkdayCalendar | None = None
) -> WorkdayCalendar:
    """Build a calendar from plain data, e.g. a deployment's imported table::

        {"2027": {"source": "…", "holidays": ["2027-01-01", …], "makeup_workdays": […]}}

    Years given replace those of ``base`` (the built-in table when omitted; pass an empty
    ``WorkdayCalendar({})`` to start from nothing). A holiday must not be a makeup day too.
    """
    years = dict((BUILT_IN if base is None else base).years)
    for key, entry in data.items():
        year = _year_number(key)
        if not isinstance(entry, Mapping):
            raise StandardsError("holidays", f"{year}年的节假日安排应为对象，收到「{entry}」。")
        holidays = _dates(entry.get("holidays", ()), year, "holidays")
        makeup = _dates(entry.get("makeup_workdays", ()), year, "makeup_workdays")
        both = sorted(holidays & makeup)
        if both:
            raise StandardsError("makeup_workdays", f"{both[0]} 不能既是放假日又是调休上班日。")
        source = str(entry.get("source") or f"{year}年节假日安排（本地导入）")
        years[year] = HolidayYear(year, source, holidays, makeup)
    return WorkdayCalendar(years)


def _year_number(value: Any) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not 1949 < year < 2200:
        raise StandardsError("year", f"年度应为四位数年份，收到「{value}」。")
    return year


def _dates(values: Any, year: int, field: str) -> frozenset[date]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise StandardsError(field, '应为日期列表，如 ["2027-01-01"]。')
    days = frozenset(to_date(value, field) for value in values)
    stray = sorted(day for day in days if day.year != year)
    if stray:
        raise StandardsError(field, f"{stray[0]} 不属于{year}年的节假日安排。")
    return days


def is_working_day(
    d: Any, calendar: WorkdayCalendar | None = None, *, assume_weekends_only: bool = False
) -> bool:
    """A weekday that is not a holiday, or a weekend day declared a makeup working day."""
    day = to_date(d, "date")
    table = (calendar or BUILT_IN).years.get(day.year)
    if table is None:
        if not assume_weekends_only:
            raise StandardsError(
                "date",
                f"节假日安排未收录{day.year}年，无法判断 {day} 是否为工作日；"
                f"请导入国务院办公厅发布的{day.year}年节假日安排，或明确按仅排除周末计算。",
            )
        return day.weekday() < 5
    if day in table.makeup_workdays:
        return True
    return day.weekday() < 5 and day not in table.holidays


def add_working_days(
    start: Any,
    n: Any,
    calendar: WorkdayCalendar | None = None,
    *,
    assume_weekends_only: bool = False,
) -> date:
    """The ``n``-th working day after ``start`` (the start day itself is not counted)."""
    day = to_date(start, "start")
    remaining = to_count(n, "n")
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, calendar, assume_weekends_only=assume_weekends_only):
            remaining -= 1
    return day


def working_day_before(
    end: Any,
    n: Any,
    calendar: WorkdayCalendar | None = None,
    *,
    assume_weekends_only: bool = False,
) -> date:
    """The ``n``-th working day before ``end``: the latest day ``d`` from which
    ``add_working_days(d, n)`` does not pass ``end``."""
    day = to_date(end, "end")
    remaining = to_count(n, "n")
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day, calendar, assume_weekends_only=assume_weekends_only):
            remaining -= 1
    return day


def next_working_day(
    d: Any, calendar: WorkdayCalendar | None = None, *, assume_weekends_only: bool = False
) -> date:
    """``d`` itself when it is a working day, else the first working day after it
    (民法典 Art 203: a period ending on a rest day ends on the day after the rest)."""
    day = to_date(d, "date")
    while not is_working_day(day, calendar, assume_weekends_only=assume_weekends_only):
        day += timedelta(days=1)
    return day


def working_days_between(
    a: Any, b: Any, calendar: WorkdayCalendar | None = None, *, assume_weekends_only: bool = False
) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    So ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    first, last = to_date(a, "a"), to_date(b, "b")
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count = sum(
        is_working_day(
            first + timedelta(days=i), calendar, assume_weekends_only=assume_weekends_only
        )
        for i in range(1, (last - first).days + 1)
    )
    return sign * count
