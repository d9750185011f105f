"""Money amounts and shares of GDP written in news prose.

Amounts: a currency before the number ("$1.5 billion", "€2bn", "£500m",
"US$3 trillion", "A$3 billion", "C$9 billion", "NZ$", "HK$", "¥200 billion",
"USD 40 million", "JPY95.2 billion", "CHF 2 billion", "Rs 76,200 crore",
"₹26,000 crore", "R15 billion" for rand) or after it ("2 trillion yen", "13.4 billion
pounds", "100 billion U.S. dollars", "120 million USD", "a 40 billion-peso package"),
also with number words ("two billion dollars", "half a billion euros", "a
half-billion dollar loan", "a quarter of a billion pounds", "three-quarters of a
billion euros", "one and a half billion dollars") and with a hyphenated scale ("a
$2.4-billion grant").
A bare "$" is the article's dollar (`dollar_currency`: US dollars unless the
article is about a country with its own dollar) and "¥" is yen.  An ISO code
before the number needs a scaled or large number ("COP29" is a summit); "crowns",
"kroner" and "pesos" take the currency of the country the article names first,
else the amount is skipped; a number followed by a foreign scale word ("R$ 10
bilhões", "5 Mrd") is skipped, not misread.  Values are in units of the currency
(Decimal), scale words applied (thousand, million/m/mn, billion/bn, trillion/tn,
lakh, crore, lakh crore).  The vocabulary is in `lang.currencies`.

Shares of GDP: a percentage followed by "of GDP", "of gross domestic product",
"of (national) output/economy" or written "percent-of-GDP"; in "from 2% to 5% of
GDP" the first figure is the starting share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lang.currencies import (
    AMBIGUOUS_CODE,
    AMBIGUOUS_CURRENCIES,
    DOLLAR_COUNTRIES,
    FOREIGN_SCALE,
    FRACTIONS,
    GDP_NOUN,
    NUM,
    NUMBER_WORDS,
    OWNER_WORDS,
    PERCENT_SIGN,
    PREFIX,
    PREFIX_CURRENCIES,
    SCALE,
    SCALES,
    SUFFIX,
    SUFFIX_CURRENCIES,
    UNITED_STATES_NAMES,
    WORD_NUM,
    WORD_NUM_FILLERS,
    WORD_SCALE,
)

_AMOUNT_RE = re.compile(
    rf"(?<![\w$])(?P<cur>{PREFIX})\s?(?P<num>{NUM})(?:[\s-]?(?P<scale>{SCALE})\b)?"
    # a redundant currency word after a symbol: "$4.5 billion dollars"
    r"(?:\s+(?:U\.?S\.?\s+)?dollars\b)?"
    rf"|(?<![\w.])(?P<num2>{NUM})(?:[\s-]?(?P<scale2>{SCALE})\b)?[\s-]+(?P<word>{SUFFIX})\b"
    rf"|(?<![\w.-])(?P<wnum>{WORD_NUM})[\s-]+(?P<wscale>{WORD_SCALE})[\s-]+"
    rf"(?P<wword>{SUFFIX})\b",
    re.IGNORECASE,
)
_FOREIGN_SCALE = re.compile(FOREIGN_SCALE, re.IGNORECASE)
_PERCENT_RE = re.compile(
    rf"(?<![\w.])(?P<num>{NUM}|{'|'.join(NUMBER_WORDS)})[\s-]?(?:{PERCENT_SIGN})",
    re.IGNORECASE,
)
_GDP_AFTER = re.compile(
    rf"\s*-?\s*of[\s-]+(?:(?:{OWNER_WORDS})\s+)?(?:annual\s+|national\s+|economic\s+)?"
    rf"(?:{GDP_NOUN})\b",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?$", re.IGNORECASE)
_FROM_AFTER = re.compile(
    r"(?:\s+(?:by|in)\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+)?[\w/\-–]+)?\s*,?\s*(?:up\s+)?from\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|just\s+(?:over|under)\s+)?",
    re.IGNORECASE,
)
# "3.5% of GDP on core defence *and 1.5% on* resilience": a share with "of GDP" left
# unsaid after a share that states it, spent on something of its own.
_ELLIPTIC_BETWEEN = re.compile(
    r"^[^.;%]{0,80}?(?:,\s*|\s)(?:and|plus|with|while)\s+"
    r"(?:another\s+|a\s+further\s+|an\s+additional\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_ELLIPTIC_AFTER = re.compile(r"\s+(?:on|for|to)\s", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"^\s*(?:of\s+GDP\s+)?(?:to|up\s+to)\s+(?:about\s+|around\s+)?$", re.I)


def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # "US" inside "US$" is a currency sign, not a mention of the country.
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?![\w$])")


_DOLLAR_COUNTRY_RES = {code: _names_pattern(names) for code, names in DOLLAR_COUNTRIES.items()}
_UNITED_STATES_RE = _names_pattern(UNITED_STATES_NAMES)


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class GdpShare:
    start: int
    end: int
    share_from: Decimal | None
    share_to: Decimal


def dollar_currency(context: str) -> str:
    """The currency a bare "$" stands for in an article: its issuer's dollar.

    A release of the Australian, Canadian, New Zealand, Hong Kong or Singapore
    government, or a story about their budget, names that country more often
    than the United States; there "$" is that country's dollar.
    """
    us = len(_UNITED_STATES_RE.findall(context))
    counts = {code: len(p.findall(context)) for code, p in _DOLLAR_COUNTRY_RES.items()}
    code, count = max(counts.items(), key=lambda item: item[1])
    return code if count > us else "USD"


def _number(text: str) -> Decimal:
    """A figure ("1,250.5") or a number word ("two")."""
    return Decimal(NUMBER_WORDS.get(text.lower(), text).replace(",", ""))


def _word_number(text: str) -> Decimal:
    """The value of the words before a scale: "a" 1, "two" 2, "half a" 0.5, "a
    quarter of a" 0.25, "three-quarters of a" 0.75, "one and a half" 1.5."""
    whole, _, part = text.lower().rpartition(" and ")
    value = Decimal(NUMBER_WORDS[whole.strip()]) if whole else Decimal(0)
    words = [w for w in re.split(r"[\s-]+", part) if w and w not in WORD_NUM_FILLERS]
    count = Decimal(NUMBER_WORDS[words[0]]) if words and words[0] in NUMBER_WORDS else Decimal(1)
    fraction = next((FRACTIONS[w] for w in words if w in FRACTIONS), None)
    return value + (count * fraction if fraction is not None else count)


def _units(value: Decimal) -> Decimal:
    """Drop a meaningless fractional part: 1.5 billion is 1500000000, not 1500000000.0."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _scale(word: str | None, attached: bool) -> Decimal | None:
    if not word:
        return Decimal(1)
    key = " ".join(word.lower().split())
    if key in {"m", "b", "k"} and not attached:
        return None  # "$5 m" is too ambiguous; "$5m" is not
    return SCALES[key]


def _prefix_currency(symbol: str, dollar: str) -> str:
    key = symbol.lower().replace(" ", "")
    if key == "$":
        return dollar
    return PREFIX_CURRENCIES.get(key) or symbol.upper()


def _suffix_currency(word: str) -> str:
    if word.isupper() and len(word) == 3:
        return word  # an ISO code after the figure: "120 million USD"
    key = " ".join(word.lower().split())
    if key.startswith("pounds sterling") or key.startswith("pound sterling"):
        return "GBP"
    for form in (key, key.removesuffix("s")):
        if form in SUFFIX_CURRENCIES:
            return SUFFIX_CURRENCIES[form]
    last = key.split()[-1]
    for form in (last, last.removesuffix("s")):
        if form in AMBIGUOUS_CURRENCIES:
            return AMBIGUOUS_CODE
        if form in SUFFIX_CURRENCIES:
            return SUFFIX_CURRENCIES[form]
    return "USD"


def _iso_amount(m: re.Match[str]) -> bool:
    """ "CHF 2 billion", "USD 40,000": a code, a space, and a scaled or large number.

    "COP29" and "COP 29" are summits, not Colombian pesos.
    """
    spaced = m.end("cur") < m.start("num")
    num = m.group("num")
    scaled = bool(m.group("scale"))
    return (spaced or scaled) and (scaled or "," in num or len(num.split(".")[0]) >= 4)


def _resolve_ambiguous(word: str, context: str) -> str | None:
    """The currency of "crowns"/"pesos" from the country the context names first."""
    last = word.lower().split()[-1]
    options = AMBIGUOUS_CURRENCIES.get(last) or AMBIGUOUS_CURRENCIES.get(last.removesuffix("s"))
    if not options:
        return None
    low = context.lower()
    hits = [(low.find(stem), code) for stem, code in options.items() if stem in low]
    return min(hits)[1] if hits else None


def find_amounts(text: str, context: str = "", dollar: str = "USD") -> list[Amount]:
    """Every money amount in `text`, in order.

    `context` (e.g. the whole article) resolves currency words several countries
    use ("crowns", "pesos"); an amount whose currency stays unknown is skipped.
    `dollar` is the currency of a bare "$" (see `dollar_currency`).
    """
    found: list[Amount] = []
    for m in _AMOUNT_RE.finditer(text):
        if m.group("cur"):
            scale_word, num, attached = m.group("scale"), m.group("num"), m.end("num")
            currency = _prefix_currency(m.group("cur"), dollar)
            if not scale_word and _FOREIGN_SCALE.match(text, m.end()):
                continue
            if m.group("cur").isalpha() and m.group("cur").isupper() and not _iso_amount(m):
                continue
            if m.group("cur").lower() == "r" and (m.group("cur") != "R" or not scale_word):
                continue  # "R2" is a road or a model, "R15 billion" is money
            scale_key = "scale"
        elif m.group("num2"):
            scale_word, num, attached = m.group("scale2"), m.group("num2"), m.end("num2")
            currency = _suffix_currency(m.group("word"))
            scale_key = "scale2"
        else:
            scale_word, num, attached = m.group("wscale"), m.group("wnum"), -2
            currency = _suffix_currency(m.group("wword"))
            scale_key = "wscale"
        if currency == AMBIGUOUS_CODE:
            word = m.group("word") or m.group("wword")
            resolved = _resolve_ambiguous(word, f"{context} {text}")
            if resolved is None:
                continue
            currency = resolved
        scale_end = m.start(scale_key) if scale_word else -1
        hyphen = scale_end == attached + 1 and text[attached] == "-"
        scale = _scale(scale_word, scale_end == attached or hyphen)
        if scale is None:
            continue
        value = _word_number(num) if scale_key == "wscale" else _number(num)
        found.append(Amount(m.start(), m.end(), _units(value * scale), currency))
    return found


def _elliptic(text: str, after: int, m: re.Match[str]) -> bool:
    between = _ELLIPTIC_BETWEEN.match(text[after : m.start()])
    return between is not None and _ELLIPTIC_AFTER.match(text, m.end()) is not None


def find_gdp_shares(text: str) -> list[GdpShare]:
    """Shares of GDP in `text`, pairing "from X% to Y% of GDP" into one.

    A baseline after the target ("to 2.4% of GDP by 2033-34, from about 2% now")
    is the starting share too, and is not a share of its own.  A second share
    spent on something else, "of GDP" left unsaid ("3.5% of GDP on defence and
    1.5% on resilience"), is a share of GDP too.
    """
    percents = list(_PERCENT_RE.finditer(text))
    shares: list[GdpShare] = []
    used: set[int] = set()
    last_end = -1
    for i, m in enumerate(percents):
        if i in used:
            continue
        gdp = _GDP_AFTER.match(text, m.end())
        if not gdp:
            if last_end >= 0 and _elliptic(text, last_end, m):
                shares.append(GdpShare(m.start(), m.end(), None, _number(m.group("num"))))
            continue
        last_end = gdp.end()
        share_from: Decimal | None = None
        start = m.start()
        if i > 0:
            prev = percents[i - 1]
            between = text[prev.end() : m.start()]
            if _TO_BETWEEN.match(between) and _FROM_BEFORE.search(text, 0, prev.start()):
                share_from, start = _number(prev.group("num")), prev.start()
        if share_from is None and i + 1 < len(percents):
            nxt = percents[i + 1]
            if _FROM_AFTER.fullmatch(text, gdp.end(), nxt.start()):
                share_from = _number(nxt.group("num"))
                used.add(i + 1)
        shares.append(GdpShare(start, m.end(), share_from, _number(m.group("num"))))
    return shares
