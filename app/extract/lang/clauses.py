"""Words the clause helpers test: hedges, negations, filler and money words."""

from __future__ import annotations

# Words that make a statement not (yet) a fact: negations, refusals and doubts.
HEDGE_LEMMAS = frozenset(
    [
        "refuse",
        "decline",
        "reject",
        "resist",
        "oppose",
        "consider",
        "weigh",
        "mull",
        "debate",
        "deny",
        "doubt",
        "question",
        "urge",
        "demand",
        "call",
        "press",
        "push",
        "ask",
        "pressure",
        "criticize",
        "criticise",
        "fail",
        "hesitate",
        "balk",
        "rule",
        "threaten",
        "warn",
        "fear",
        "hope",
        "wish",
        "suggest",
        "may",
        "might",
        "could",
    ]
)

HEDGE_MODALS = frozenset({"may", "might", "could"})

MEMBERSHIP = frozenset(
    {
        "member states",
        "members",
        "member countries",
        "member nations",
        "allies",
        "member governments",
        "partners",
    }
)

DROP_WORDS = frozenset(
    [
        "additional",
        "new",
        "extra",
        "annual",
        "total",
        "further",
        "more",
        "another",
        "current",
        "overall",
        "its",
        "their",
        "his",
        "her",
        "our",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
    ]
)

GENERIC_HEADS = frozenset({"package", "packages", "plan", "programme", "program", "deal"})

# Evaluative adjectives that say how big or new a figure is, not what it funds.
EVALUATIVE = frozenset(
    [
        "record",
        "unprecedented",
        "historic",
        "fresh",
        "massive",
        "huge",
        "whopping",
        "landmark",
        "mammoth",
        "hefty",
        "ambitious",
        "sweeping",
        "big",
        "bigger",
        "biggest",
        "largest",
        "major",
        "modest",
        "initial",
        "extra",
        "further",
        "so-called",
        "immediate",
    ]
)

# Currency and scale words: never part of what is funded ("8.7 trillion *yen* defence budget").
MONEY_WORDS = frozenset(
    [
        "dollar",
        "dollars",
        "euro",
        "euros",
        "pound",
        "pounds",
        "sterling",
        "yen",
        "yuan",
        "renminbi",
        "rupee",
        "rupees",
        "won",
        "franc",
        "francs",
        "crown",
        "crowns",
        "kronor",
        "krona",
        "krone",
        "kroner",
        "peso",
        "pesos",
        "rouble",
        "roubles",
        "ruble",
        "rubles",
        "rand",
        "lira",
        "shekel",
        "shekels",
        "riyal",
        "riyals",
        "dirham",
        "dirhams",
        "zloty",
        "hryvnia",
        "hryvnias",
        "reais",
        "thousand",
        "million",
        "billion",
        "trillion",
        "lakh",
        "crore",
        "bn",
        "mn",
        "tn",
        "m",
    ]
)

# Negating determiners: "*no* commitment to spend", "*never* pledged".
NEGATING = frozenset({"no", "never", "neither", "nor"})
