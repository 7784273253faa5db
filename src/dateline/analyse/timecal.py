"""Calendar arithmetic for TIMEX3 values: value ↔ interval, shifting by units.

Values follow TimeML: ``2016-11-03``, ``2016-11``, ``2016``, ``2016-W44``,
``2016-SU``, ``2017-Q1``, ``2017-H1``, ``199`` (a decade), ``20`` (a century),
``2016-11-03TNI`` (a part of day), ``FY2017``. Every resolvable value has a
calendar interval ``(earliest, latest)`` of dates, both inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import relativedelta

# A month written out or cut short ("February", "Feb."), as chronologies and timelines write it.
MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

Interval = tuple[dt.date, dt.date]

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_FISCAL = re.compile(r"^FY(\d{4})$")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def value_interval(value: str | None) -> Interval | None:
    """The calendar interval a TIMEX3 value denotes, or ``None`` when it is not anchored."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), month_end(y, mo)
        if m := _YEAR.match(value):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _WEEK.match(value):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := _SEASON.match(value):
            y = int(m[1])
            first, last = SEASON_MONTHS[m[2]]
            if m[2] == "WI":
                return dt.date(y, 12, 1), month_end(y + 1, 2)
            return dt.date(y, first, 1), month_end(y, last)
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            return dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        if m := _HALF.match(value):
            y, h = int(m[1]), int(m[2])
            return dt.date(y, 6 * h - 5, 1), month_end(y, 6 * h)
        if m := _DECADE.match(value):
            y = int(m[1]) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if m := _CENTURY.match(value):
            y = int(m[1]) * 100
            return dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)
        if m := _FISCAL.match(value):
            y = int(m[1])  # US federal convention: FY2017 = Oct 2016 – Sep 2017
            return dt.date(y - 1, 10, 1), dt.date(y, 9, 30)
    except ValueError:
        return None
    return None


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar units (day, week, month, year, decade, century)."""
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return d + relativedelta(months=n)
    if unit in ("year", "season"):
        return d + relativedelta(years=n)
    if unit == "quarter":
        return d + relativedelta(months=3 * n)
    if unit == "decade":
        return d + relativedelta(years=10 * n)
    if unit == "century":
        return d + relativedelta(years=100 * n)
    raise ValueError(unit)


def value_at(d: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit``-sized period containing ``d``."""
    if unit in ("day", "hour", "minute", "second"):
        return d.isoformat()
    if unit == "week":
        return iso_week(d)
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(unit)


def interval_union(a: Interval | None, b: Interval | None) -> Interval | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def interval_intersection(a: Interval, b: Interval) -> Interval | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None
