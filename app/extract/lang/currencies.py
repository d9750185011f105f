"""Currencies, scale words and number words as news prose writes them.

Data only: `money` builds its patterns from these tables, so a new currency or
spelling is one line here.
"""

from __future__ import annotations

from decimal import Decimal

SCALES: dict[str, Decimal] = {
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

PREFIX_CURRENCIES: dict[str, str] = {
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
ISO_CODES = (
    "USD", "EUR", "GBP", "JPY", "CNY", "INR", "AUD", "CAD", "CHF", "KRW", "RUB", "BRL", "SEK",
    "NOK", "DKK", "PLN", "TRY", "ZAR", "SGD", "HKD", "NZD", "MXN", "SAR", "AED", "ILS", "UAH",
    "CZK", "HUF", "RON", "ARS", "CLP", "COP", "IDR", "MYR", "THB", "NGN", "EGP", "PKR", "QAR",
    "KWD", "TWD", "BDT", "KES", "VND", "ISK",
)  # fmt: skip

SUFFIX_CURRENCIES: dict[str, str] = {
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
AMBIGUOUS_CURRENCIES: dict[str, dict[str, str]] = {
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
AMBIGUOUS_CODE = "?"

# Countries whose own currency is written with a bare "$": in an article issued by
# or about their government, "$" is that currency, not the US dollar.
DOLLAR_COUNTRIES: dict[str, tuple[str, ...]] = {
    "AUD": ("Australia", "Australian", "Canberra"),
    "CAD": ("Canada", "Canadian", "Ottawa"),
    "NZD": ("New Zealand", "Wellington"),
    "HKD": ("Hong Kong",),
    "SGD": ("Singapore", "Singaporean"),
}
# Names of the United States: an article that names it as often keeps "$" as USD.
UNITED_STATES_NAMES = ("United States", "U.S.", "US", "American", "America", "Washington")

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"lakh\s+crore|trillion|billion|million|thousand|crore|lakh|bn|mn|mln|bln|tn|trn|m|b|k"
PREFIX = (
    r"US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₩|₱|₺|₽|₴|₪|₦|Rs\.?|RMB|R(?=\d)|"
    + "|".join(ISO_CODES)
)
# An ISO code after the figure is matched case-sensitively: "2 million try" is a verb.
ISO_SUFFIX = "(?-i:" + "|".join(ISO_CODES) + ")"
SUFFIX = (
    r"(?:US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|New\s+Zealand|Singapore|Taiwan)"
    r"\s+dollars?|dollars?|euros?|"
    r"pounds?\s+sterling|pounds?|sterling|yen|yuan|renminbi|rupees?|won|(?:Swiss\s+)?francs?|"
    r"roubles?|rubles?|rand|lira|shekels?|hryvnias?|zloty(?:s)?|dirhams?|riyals?|naira|rupiah|"
    r"ringgit|baht|reais|koruna|forints?|"
    r"(?:(?:Swedish|Norwegian|Danish|Czech|Icelandic)\s+)?(?:crowns?|kronor|krona|kroner|krone)|"
    r"(?:(?:Mexican|Argentine|Philippine|Chilean|Colombian)\s+)?pesos?|" + ISO_SUFFIX
)
WORD_SCALE = r"trillion|billion|million"
NUMBER_WORDS = {
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
# Fractions of a scale word: "half a billion", "a quarter of a billion",
# "three-quarters of a billion", "a quarter-billion", "one and a half billion".
FRACTIONS: dict[str, Decimal] = {
    "half": Decimal("0.5"),
    "quarter": Decimal("0.25"),
    "quarters": Decimal("0.25"),
}
_NUMBER_ALT = "|".join(NUMBER_WORDS)
_FRACTION_ALT = "|".join(FRACTIONS)
# Number words before a scale.  A bare "a" after "of" is left alone: in "two-thirds
# of a billion" the fraction is one this table does not know, so no amount is read.
WORD_NUM = (
    rf"(?:(?:{_NUMBER_ALT})\s+and\s+)?(?:an?|{_NUMBER_ALT})[\s-]+(?:{_FRACTION_ALT})"
    r"(?:\s+of)?(?:\s+an?)?(?=[\s-])"
    rf"|(?:{_FRACTION_ALT})(?:\s+of)?\s+an?|half|(?<!of\s)an?|{_NUMBER_ALT}"
)
# Words of `WORD_NUM` that carry no value of their own.
WORD_NUM_FILLERS = frozenset({"a", "an", "of", "and"})
# Scale words of other languages: "R$ 10 bilhões" is not ten reais, so it is skipped.
FOREIGN_SCALE = (
    r"\s?(?:bilh\w*|milh\w*|mil\b|mill[oó]n\w*|miliard\w*|milliard\w*|mrd\b|md[s]?\b|"
    r"bi\b|tri\b|Mio\b|Mrd\b)"
)
# Percent signs and words: "2%", "2 per cent", "two percent", "2pc".
PERCENT_SIGN = r"%|per\s?cent\b|percent\b|pc\b"
# What a share is of, to be a share of GDP ("of the country's gross domestic product").
GDP_NOUN = r"GDP|gross[\s-]+domestic[\s-]+product|economic\s+output|output|economy"
OWNER_WORDS = r"the|its|their|our|his|her|the\s+country's"

# Rough US-dollar value of one unit, only to recognise the same pledge restated in
# another currency in another paragraph ("£850,000" then "KES 140 million"); the
# tolerance in `merge` absorbs years of drift.  Currencies too volatile for that
# are left out.
APPROX_USD: dict[str, float] = {
    "USD": 1.0, "EUR": 1.1, "GBP": 1.27, "JPY": 0.0075, "CNY": 0.14, "INR": 0.013,
    "AUD": 0.7, "CAD": 0.75, "CHF": 1.05, "KRW": 0.00078, "SEK": 0.1, "NOK": 0.1,
    "DKK": 0.15, "PLN": 0.25, "ZAR": 0.06, "SGD": 0.74, "HKD": 0.128, "NZD": 0.63,
    "MXN": 0.055, "SAR": 0.267, "AED": 0.272, "ILS": 0.27, "CZK": 0.044, "HUF": 0.003,
    "RON": 0.22, "CLP": 0.0011, "COP": 0.00025, "IDR": 0.000065, "MYR": 0.23,
    "THB": 0.029, "PKR": 0.004, "QAR": 0.275, "KWD": 3.25, "TWD": 0.032, "BDT": 0.009,
    "KES": 0.0078, "VND": 0.00004, "ISK": 0.0074, "PHP": 0.018,
}  # fmt: skip
