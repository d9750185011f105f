"""How news prose states when a commitment falls due and over what period."""

from __future__ import annotations

import re

# A year, or a fiscal year split over two ("2030/31", "2033-34", "FY2026-27"); the
# dash may be a hyphen, an en dash or a non-breaking hyphen (U+2011).
YEAR_DASH = "/\\-–\u2011"
SPLIT_YEAR = rf"((?:19|20)\d\d)(?:[{YEAR_DASH}](\d\d(?:\d\d)?)\b)?"
STRONG_YEAR = re.compile(
    r"\b(?:by|until|before|no later than|through)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:fiscal\s+(?:year\s+)?)?(?:FY\s?)?{SPLIT_YEAR}\b",
    re.IGNORECASE,
)
WEAK_YEAR = re.compile(
    r"\b(?:in|from|starting(?:\s+in)?|for)\s+(?:fiscal\s+(?:year\s+)?)?(?:FY\s?)?(?:April\s+)?"
    rf"{SPLIT_YEAR}\b",
    re.IGNORECASE,
)
# A window of calendar years: "between 2022 and 2028", "from 2025 to 2030" -> its end.
WINDOW = re.compile(
    rf"\b(?:between|from)\s+(?:(?:19|20)\d\d)\s+(?:and|to|until|through)\s+((?:19|20)\d\d)\b"
    rf"(?![{YEAR_DASH}]\d)",
    re.IGNORECASE,
)
# Fiscal-year windows ("by 2020-21", "from 2016-17 to 2025-26") are kept as the
# period, copied from the text; no calendar year is read into them.
FISCAL_WINDOW = re.compile(
    rf"\b(?:(?:over\s+\w+\s+years\s+)?from\s+(?:19|20)\d\d[{YEAR_DASH}]\d\d(?:\d\d)?\s+"
    rf"(?:to|until|through)\s+|by\s+|to\s+|until\s+|through\s+|in\s+|for\s+)"
    rf"(?:fiscal\s+(?:year\s+)?)?(?:FY\s?)?(?:19|20)\d\d[{YEAR_DASH}]\d\d(?:\d\d)?\b"
    r"(?:\s+and\s+beyond)?",
    re.IGNORECASE,
)
DECADE_END = re.compile(
    r"\b(?:by|before|until)\s+(?:the\s+end\s+of\s+(?:the|this)\s+decade|decade'?s\s+end)\b",
    re.IGNORECASE,
)
THIS_YEAR = re.compile(
    r"\b(?:this|the\s+current)\s+(?:fiscal\s+|financial\s+|calendar\s+)?year\b", re.I
)
NEXT_YEAR = re.compile(r"\bnext\s+(?:fiscal\s+|financial\s+)?year\b", re.I)
WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUMBER_ALT = r"(\d+|" + "|".join(WORD_NUMBERS) + r")"
PERIOD = re.compile(
    r"\b(?:over|during|within|across|in)\s+(?:the\s+(?:next|coming|following)\s+|a\s+)"
    + _NUMBER_ALT
    + r"[\s-]+(years?|months?)\b|\b(?:over|during|within)\s+"
    + _NUMBER_ALT
    + r"[\s-]+(years?|months?)\b"
    + r"|\b(?:over|during|within|across|in)\s+(?:the\s+(?:next|coming)\s+|a\s+)decade\b"
    + r"|(?<![\w-])"
    + _NUMBER_ALT
    + r"-(year|month)(?![\w-])",
    re.IGNORECASE,
)
ANNUAL = re.compile(r"\b(?:annually|a year|per year|each year|every year|per annum|yearly)\b", re.I)
