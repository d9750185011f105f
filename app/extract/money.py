"""Money amounts and shares of GDP written in news prose.

Amounts: a currency before the number ("$1.5 billion", "€2bn", "£500m",
"US$3 trillion", "A$3 billion", "C$9 billion", "NZ$", "HK$", "¥200 billion",
"USD 40 million", "CHF 2 billion", "Rs 76,200 crore", "₹26,000 crore", "R15 billion"
for rand, "₺", "₽", "₴", "₪", "₦") or after it ("2 trillion yen", "13.4 billion
pounds", "100 billion U.S. dollars", "50 billion kronor", "15 billion rand"), also
with a number word ("two billion dollars", "half a billion euros").  A bare "$" is
taken as US dollars and "¥" as yen.  An ISO code needs a scaled or large number
("COP29" is a summit); "crowns", "kroner" and "pesos" take the currency of the
country the article names first, else the amount is skipped; a number followed
by a foreign scale word ("R$ 10 bilhões", "5 Mrd") is skipped, not misread.
Values are in units of the currency (Decimal), scale words applied
(thousand, million/m/mn, billion/bn, trillion/tn, lakh, crore, lakh crore).

Shares of GDP: a percentage followed by "of GDP", "of gross domestic product",
"of (national) output/economy" or written "percent-of-GDP"; in "from 2% to 5% of
GDP" the first figure is the starting share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "lakh": Decimal(10) ** 5,
    "million": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "trn": Decimal(10) ** 12,
    "lakh crore": Decimal(10) ** 12,
}

_PREFIX_CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "u.s.$": "USD",
    "$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "r": "ZAR",  # "R15 billion": rand, only with a scale word
    "₩": "KRW",
    "₱": "PHP",
    "₺": "TRY",
    "₽": "RUB",
    "₴": "UAH",
    "₪": "ILS",
    "₦": "NGN",
    "rmb": "CNY",
}
_ISO_CODES = (
    "USD", "EUR", "GBP", "JPY", "CNY", "INR", "AUD", "CAD", "CHF", "KRW", "RUB", "BRL", "SEK",
    "NOK", "DKK", "PLN", "TRY", "ZAR", "SGD", "HKD", "NZD", "MXN", "SAR", "AED", "ILS", "UAH",
    "CZK", "HUF", "RON", "ARS", "CLP", "COP", "IDR", "MYR", "THB", "NGN", "EGP", "PKR", "QAR",
    "KWD", "TWD", "BDT", "KES", "VND", "ISK",
)  # fmt: skip

_SUFFIX_CURRENCIES: dict[str, str] = {
    "dollar": "USD",
    "us dollar": "USD",
    "u.s. dollar": "USD",
    "american dollar": "USD",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "euro": "EUR",
    "pound": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "won": "KRW",
    "swiss franc": "CHF",
    "franc": "CHF",
    "rouble": "RUB",
    "ruble": "RUB",
    "rand": "ZAR",
    "lira": "TRY",
    "shekel": "ILS",
    "hryvnia": "UAH",
    "zloty": "PLN",
    "zlotys": "PLN",
    "dirham": "AED",
    "riyal": "SAR",
    "naira": "NGN",
    "rupiah": "IDR",
    "ringgit": "MYR",
    "baht": "THB",
    "reai": "BRL",
    "koruna": "CZK",
    "forint": "HUF",
    "swedish crown": "SEK",
    "swedish krona": "SEK",
    "krona": "SEK",
    "kronor": "SEK",
    "norwegian crown": "NOK",
    "norwegian krone": "NOK",
    "danish crown": "DKK",
    "danish krone": "DKK",
    "czech crown": "CZK",
    "icelandic krona": "ISK",
    "mexican peso": "MXN",
    "argentine peso": "ARS",
    "philippine peso": "PHP",
    "chilean peso": "CLP",
    "colombian peso": "COP",
    "hong kong dollar": "HKD",
    "new zealand dollar": "NZD",
    "singapore dollar": "SGD",
    "taiwan dollar": "TWD",
}
# Currency words shared by several countries: resolved from a country named in
# the surrounding text ("Sweden ... 300 billion crowns"), else the amount is dropped.
_AMBIGUOUS_CURRENCIES: dict[str, dict[str, str]] = {
    "crown": {"swed": "SEK", "norw": "NOK", "denmark": "DKK", "danish": "DKK", "czech": "CZK"},
    "krone": {"norw": "NOK", "denmark": "DKK", "danish": "DKK"},
    "kroner": {"norw": "NOK", "denmark": "DKK", "danish": "DKK"},
    "peso": {
        "mexic": "MXN",
        "argentin": "ARS",
        "philippin": "PHP",
        "chile": "CLP",
        "colombia": "COP",
    },
}
_AMBIGUOUS_CODE = "?"

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"lakh\s+crore|trillion|billion|million|thousand|crore|lakh|bn|mn|mln|bln|tn|trn|m|b|k"
_PREFIX = (
    r"US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₩|₱|₺|₽|₴|₪|₦|Rs\.?|RMB|R(?=\d)|"
    + "|".join(_ISO_CODES)
)
_SUFFIX = (
    r"(?:US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|New\s+Zealand|Singapore|Taiwan)"
    r"\s+dollars?|dollars?|euros?|"
    r"pounds?\s+sterling|pounds?|sterling|yen|yuan|renminbi|rupees?|won|(?:Swiss\s+)?francs?|"
    r"roubles?|rubles?|rand|lira|shekels?|hryvnias?|zloty(?:s)?|dirhams?|riyals?|naira|rupiah|"
    r"ringgit|baht|reais|koruna|forints?|"
    r"(?:(?:Swedish|Norwegian|Danish|Czech|Icelandic)\s+)?(?:crowns?|kronor|krona|kroner|krone)|"
    r"(?:(?:Mexican|Argentine|Philippine|Chilean|Colombian)\s+)?pesos?"
)
_WORD_NUM = r"half\s+an?|a\s+half|an?|one|two|three|four|five|six|seven|eight|nine|ten"
_AMOUNT_RE = re.compile(
    rf"(?<![\w$])(?P<cur>{_PREFIX})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"|(?<![\w.])(?P<num2>{_NUM})(?:[\s-]?(?P<scale2>{_SCALE})\b)?\s+(?P<word>{_SUFFIX})\b"
    rf"|(?<![\w.])(?<!of\s)(?P<wnum>{_WORD_NUM})\s+(?P<wscale>trillion|billion|million)\s+"
    rf"(?P<wword>{_SUFFIX})\b",
    re.IGNORECASE,
)
# Scale words of other languages: "R$ 10 bilhões" is not ten reais, so it is skipped.
_FOREIGN_SCALE = re.compile(
    r"\s?(?:bilh\w*|milh\w*|mil\b|mill[oó]n\w*|miliard\w*|milliard\w*|mrd\b|md[s]?\b|"
    r"bi\b|tri\b|Mio\b|Mrd\b)",
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_PERCENT_RE = re.compile(
    rf"(?<![\w.])(?P<num>{_NUM}|{'|'.join(_NUMBER_WORDS)})\s?(?:%|per\s?cent\b|percent\b|pc\b)",
    re.IGNORECASE,
)
_GDP_AFTER = re.compile(
    r"\s*-?\s*of[\s-]+(?:the\s+|its\s+|their\s+|our\s+|his\s+|her\s+|the\s+country's\s+)?"
    r"(?:annual\s+|national\s+|economic\s+)?"
    r"(?:GDP|gross[\s-]+domestic[\s-]+product|economic\s+output|output|economy)\b",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?$", re.IGNORECASE)
_FROM_AFTER = re.compile(
    r"(?:\s+(?:by|in)\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+)?[\w/\-–]+)?\s*,?\s*(?:up\s+)?from\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|just\s+(?:over|under)\s+)?",
    re.IGNORECASE,
)
_TO_BETWEEN = re.compile(r"^\s*(?:of\s+GDP\s+)?(?:to|up\s+to)\s+(?:about\s+|around\s+)?$", re.I)


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


def _number(text: str) -> Decimal:
    key = " ".join(text.lower().split())
    if key in {"half a", "half an", "a half"}:
        return Decimal("0.5")
    if key in {"a", "an"}:
        return Decimal(1)
    return Decimal(_NUMBER_WORDS.get(key, text).replace(",", ""))


def _units(value: Decimal) -> Decimal:
    """Drop a meaningless fractional part: 1.5 billion is 1500000000, not 1500000000.0."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _scale(word: str | None, attached: bool) -> Decimal | None:
    if not word:
        return Decimal(1)
    key = " ".join(word.lower().split())
    if key in {"m", "b", "k"} and not attached:
        return None  # "$5 m" is too ambiguous; "$5m" is not
    return _SCALES[key]


def _prefix_currency(symbol: str) -> str:
    key = symbol.lower().replace(" ", "")
    return _PREFIX_CURRENCIES.get(key) or symbol.upper()


def _suffix_currency(word: str) -> str:
    key = " ".join(word.lower().split())
    if key.startswith("pounds sterling") or key.startswith("pound sterling"):
        return "GBP"
    for form in (key, key.removesuffix("s")):
        if form in _SUFFIX_CURRENCIES:
            return _SUFFIX_CURRENCIES[form]
    last = key.split()[-1]
    for form in (last, last.removesuffix("s")):
        if form in _AMBIGUOUS_CURRENCIES:
            return _AMBIGUOUS_CODE
        if form in _SUFFIX_CURRENCIES:
            return _SUFFIX_CURRENCIES[form]
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
    options = _AMBIGUOUS_CURRENCIES.get(last) or _AMBIGUOUS_CURRENCIES.get(last.removesuffix("s"))
    if not options:
        return None
    low = context.lower()
    hits = [(low.find(stem), code) for stem, code in options.items() if stem in low]
    return min(hits)[1] if hits else None


def find_amounts(text: str, context: str = "") -> list[Amount]:
    """Every money amount in `text`, in order.

    `context` (e.g. the whole article) resolves currency words several countries
    use ("crowns", "pesos"); an amount whose currency stays unknown is skipped.
    """
    found: list[Amount] = []
    for m in _AMOUNT_RE.finditer(text):
        if m.group("cur"):
            scale_word, num, attached = m.group("scale"), m.group("num"), m.end("num")
            currency = _prefix_currency(m.group("cur"))
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
        if currency == _AMBIGUOUS_CODE:
            word = m.group("word") or m.group("wword")
            resolved = _resolve_ambiguous(word, f"{context} {text}")
            if resolved is None:
                continue
            currency = resolved
        scale_end = m.start(scale_key) if scale_word else -1
        scale = _scale(scale_word, scale_end == attached)
        if scale is None:
            continue
        found.append(Amount(m.start(), m.end(), _units(_number(num) * scale), currency))
    return found


def find_gdp_shares(text: str) -> list[GdpShare]:
    """Shares of GDP in `text`, pairing "from X% to Y% of GDP" into one.

    A baseline after the target ("to 2.4% of GDP by 2033-34, from about 2% now")
    is the starting share too, and is not a share of its own.
    """
    percents = list(_PERCENT_RE.finditer(text))
    shares: list[GdpShare] = []
    used: set[int] = set()
    for i, m in enumerate(percents):
        if i in used:
            continue
        gdp = _GDP_AFTER.match(text, m.end())
        if not gdp:
            continue
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
