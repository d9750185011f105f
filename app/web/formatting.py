"""Jinja filters that turn facts into short readable text."""

from __future__ import annotations

from app.commitments.schemas import AmountOut, ShareOfGdpOut
from app.events.schemas import DateOut


def amount(value: AmountOut | None) -> str:
    if value is None:
        return ""
    number = value.value
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(number) >= size:
            return f"{value.currency} {number / size:,.4g} {word}"
    return f"{value.currency} {number:,.0f}"


def percent(value: float | None) -> str:
    return "?" if value is None else f"{value:g}%"


def share(value: ShareOfGdpOut | None) -> str:
    if value is None:
        return ""
    if value.from_ is None:
        return f"{percent(value.to)} of GDP"
    return f"{percent(value.from_)} → {percent(value.to)} of GDP"


def fact_date(value: DateOut | None) -> str:
    return "" if value is None else value.value
