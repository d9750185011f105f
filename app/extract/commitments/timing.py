"""When a commitment falls due (target year) and over what period it runs.

Target year: "by/until/before/in/from YEAR", a window "between 2022 and 2028" ->
its end year, a fiscal year "by 2030-31" -> none (the phrase is the period, as
the annotated corpus records it), "by the end of the decade" -> the next year
ending in 0, "this (fiscal) year", "next year".  Period: "over five years", "over the next decade",
"within 18 months", "a 10-year plan" -> "5 years", "10 years", "18 months";
"annually"/"a year"/"per year" -> "annual"; a period goes to the figure nearest
to it.  The vocabulary is in `lang.periods`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from spacy.tokens import Token

from ..lang.periods import (
    ANNUAL,
    DECADE_END,
    FISCAL_WINDOW,
    NEXT_YEAR,
    PERIOD,
    STRONG_YEAR,
    THIS_YEAR,
    WEAK_YEAR,
    WINDOW,
    WORD_NUMBERS,
)

_CALENDAR = re.compile(r"^(?:19|20)\d\d$")


def _year_of(match: re.Match[str]) -> int | None:
    """The calendar year a match names; a fiscal year "2030/31" names none."""
    return None if match.group(2) else int(match.group(1))


# What joins a year's noun to the figure it is worth: "a budget for 2031 *worth* €5m".
_WORTH = re.compile(
    r"^\s*,?\s*(?:worth|valued\s+at|totall?ing|amounting\s+to|of)\s+"
    r"(?:(?:some|about|around|nearly|almost|over|more\s+than|up\s+to)\s+)?$",
    re.IGNORECASE,
)


def target_year(
    text: str, after: int, published_at: datetime | None, figure: int | None = None
) -> int | None:
    """The target year a sentence states for the figure ending at `after` (starting at
    `figure`).

    A window of calendar years gives its end ("between 2022 and 2028" -> 2028); a
    fiscal-year window ("by 2020-21") gives none, and is the period instead. A year
    before the figure counts when it names what the figure is worth ("the budget for
    2031 worth €5m").
    """
    window = WINDOW.search(text)
    if window:
        return int(window.group(1))
    for pattern in (STRONG_YEAR, WEAK_YEAR):
        matches = list(pattern.finditer(text))
        later = [m for m in matches if m.start() >= after]
        if pattern is WEAK_YEAR and figure is not None:
            later += [
                m for m in matches if m.end() <= figure and _WORTH.match(text[m.end() : figure])
            ]
        for m in later or matches[:1] if pattern is STRONG_YEAR else later:
            return _year_of(m)
        if pattern is STRONG_YEAR and published_at is not None and DECADE_END.search(text):
            return (published_at.year // 10 + 1) * 10
    if published_at is not None:
        if THIS_YEAR.search(text):
            return published_at.year
        if NEXT_YEAR.search(text):
            return published_at.year + 1
    return None


def _nearest(pos: int, figures: Sequence[int]) -> int:
    return min(figures, key=lambda f: abs(f - pos)) if figures else pos


def period_of(text: str, figure: int = 0, figures: Sequence[int] = ()) -> str | None:
    """The period of the figure at `figure`; one nearer another figure is that one's.

    "CHF 5bn for the army over four years, while Hong Kong earmarked HK$10bn":
    the four years belong to the first figure only.
    """
    fiscal = FISCAL_WINDOW.search(text)
    if fiscal and _nearest(fiscal.start(), figures) == _nearest(figure, figures):
        return " ".join(fiscal.group(0).split())
    match = PERIOD.search(text)
    if match and _nearest(match.start(), figures) != _nearest(figure, figures):
        match = None
    if match:
        groups = [g for g in match.groups() if g is not None]
        if not groups:
            return "10 years"
        raw, unit = groups[0].lower(), groups[1].lower().removesuffix("s")
        count = int(WORD_NUMBERS.get(raw, raw))
        return f"{count} {unit}{'s' if count != 1 else ''}"
    if ANNUAL.search(text):
        return "annual"
    return None


def noun_year(trigger: Token, article: str) -> int | None:
    """The year a pledge noun carries: "an aid package *in 2017* worth €40m".

    Without one in its own sentence, the year the article gives the same noun
    elsewhere: "the *2007* defense budget request ..." then "the $439bn budget
    request" is that year's request, when the article names only one such year.
    """
    if trigger.pos_ != "NOUN":
        return None
    for child in trigger.children:
        if child.dep_ in {"nummod", "compound", "amod"} and _CALENDAR.match(child.text):
            return int(child.text)
        if child.dep_ == "prep" and child.lower_ in {"in", "for"}:
            for pobj in child.children:
                if _CALENDAR.match(pobj.text):
                    return int(pobj.text)
    named = re.compile(
        rf"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){{0,3}}?{re.escape(trigger.text)}\b", re.IGNORECASE
    )
    years = {int(m.group(1)) for m in named.finditer(article)}
    return years.pop() if len(years) == 1 else None
