"""Normalising date expressions against an article's publication time.

Handles absolute dates ("3 March 2025", "March 3, 2025", "June 2024", "2019"),
dates missing the year ("on 3 March", "in June": the latest such date not after
publication), weekdays ("on Monday": the latest such day not after publication),
and relative words ("yesterday", "today", "last week" -> month of a week before,
"this week" -> the month, unless the week began in the previous one, "last month",
"last year", "this year", "earlier this year", "next year", "three days ago" -> day,
"two weeks ago" -> month, "six months ago" -> month, "two years ago" -> year).
Without a publication time only expressions that carry their own year are resolved.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .types import FactDate

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?(?:\s+(?:of\s+)?(\d{{4}}))?\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 0, "few": 0}  # fmt: skip
_AGO = re.compile(
    r"\b(\d{1,2}|" + "|".join(_COUNTS) + r")\s+(day|week|month|year)s?\s+(?:ago|earlier)\b", re.I
)


def _day(d: date) -> FactDate:
    return FactDate(d.isoformat(), "day")


def _month(year: int, month: int) -> FactDate:
    return FactDate(f"{year:04d}-{month:02d}", "month")


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _relative(low: str, anchor: date) -> FactDate | None:
    if "yesterday" in low:
        return _day(anchor - timedelta(days=1))
    if "today" in low or "tonight" in low or "this morning" in low:
        return _day(anchor)
    if match := _AGO.search(low):
        raw, unit = match.group(1), match.group(2)
        count = int(raw) if raw.isdigit() else _COUNTS[raw]
        if count == 0:
            return None  # "a few days ago": too vague
        if unit == "day":
            return _day(anchor - timedelta(days=count))
        if unit == "week":
            earlier = anchor - timedelta(days=7 * count)
            return _month(earlier.year, earlier.month)
        if unit == "month":
            months = anchor.year * 12 + anchor.month - 1 - count
            return _month(months // 12, months % 12 + 1)
        return FactDate(str(anchor.year - count), "year")
    if "this week" in low:
        monday = anchor - timedelta(days=anchor.weekday())
        return _month(anchor.year, anchor.month) if monday.month == anchor.month else None
    if "last week" in low or "past week" in low:
        earlier = anchor - timedelta(days=7)
        return _month(earlier.year, earlier.month)
    if "last month" in low:
        earlier = anchor.replace(day=1) - timedelta(days=1)
        return _month(earlier.year, earlier.month)
    if "this month" in low:
        return _month(anchor.year, anchor.month)
    if "last year" in low:
        return FactDate(str(anchor.year - 1), "year")
    if "this year" in low:
        return FactDate(str(anchor.year), "year")
    if "next year" in low:
        return FactDate(str(anchor.year + 1), "year")
    if match := _WEEKDAY.search(low):
        back = (anchor.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
        if "next" in low:
            back = back - 7 if back else -7
        return _day(anchor - timedelta(days=back))
    return None


def normalize_date(expression: str, published_at: datetime | None) -> FactDate | None:
    """The date `expression` denotes, with its precision, or None if unsure."""
    anchor = published_at.date() if published_at else None
    low = expression.lower()
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if match := pattern.search(expression):
            day, month = int(match.group(day_group)), _MONTHS[match.group(month_group).lower()]
            if match.group(3):
                found = _valid_day(int(match.group(3)), month, day)
                return _day(found) if found else None
            if anchor is None:
                return None
            found = _valid_day(anchor.year, month, day)
            if found and found > anchor:
                found = _valid_day(anchor.year - 1, month, day)
            return _day(found) if found else None
    if anchor is not None and (relative := _relative(low, anchor)):
        return relative
    if match := _MONTH_YEAR.search(expression):
        month = _MONTHS[match.group(1).lower()]
        if match.group(1).lower() == "may" and not match.group(2) and not expression.istitle():
            return None
        if match.group(2):
            return _month(int(match.group(2)), month)
        if anchor is not None:
            year = anchor.year if month <= anchor.month else anchor.year - 1
            return _month(year, month)
        return None
    if match := _YEAR.search(expression):
        return FactDate(match.group(1), "year")
    return None
