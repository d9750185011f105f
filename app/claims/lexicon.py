"""Metric classes: the kind of spending a commitment is about, from its metric words.

Outlets name the same budget line differently ("defence spending", "military
budget", "spending on the armed forces"), so commitments join on a small class,
not on the metric text.  The first class with a word in the metric wins, so the
specific classes come before the generic ones.  A metric with none of these words
falls back to its own normalised content words (`~words`): such commitments join
only when they are worded alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# (class, word stems) in order of precedence; a stem matches at the start of a word.
METRIC_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "defence",
        (
            "defence",
            "defense",
            "military",
            "armed forces",
            "army",
            "weapon",
            "arms",
            "munition",
            "rearm",
            "nato",
        ),
    ),
    (
        "humanitarian",
        ("humanitarian", "relief", "emergency aid", "food aid", "refugee", "famine"),
    ),
    (
        "climate",
        (
            "climate",
            "emission",
            "adaptation",
            "renewable",
            "clean energy",
            "net zero",
            "net-zero",
            "carbon",
            "green",
        ),
    ),
    ("health", ("health", "vaccin", "hospital", "pandemic", "medical", "medicine")),
    (
        "development",
        ("development", "oda", "official development assistance", "poverty"),
    ),
    ("reconstruction", ("reconstruct", "rebuild", "recovery")),
    ("infrastructure", ("infrastructure", "rail", "road", "transport", "broadband", "bridge")),
    ("education", ("education", "school", "universit", "teacher")),
    ("energy", ("energy", "power grid", "electricity", "nuclear")),
    ("research", ("research", "innovation", "r&d", "science")),
    ("aid", ("aid", "assistance", "support")),
    ("budget", ("budget", "spending", "spend", "expenditure", "investment", "funding", "fund")),
)

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "for",
        "to",
        "in",
        "by",
        "and",
        "or",
        "its",
        "their",
        "his",
        "her",
        "our",
        "from",
        "with",
        "at",
        "as",
        "per",
    ]
)
_WORD = re.compile(r"[\w&'-]+")
_PATTERNS = tuple(
    (name, re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")", re.IGNORECASE))
    for name, stems in METRIC_CLASSES
)


def _plain(text: str) -> str:
    value = unicodedata.normalize("NFKD", text)
    return "".join(c for c in value if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)
def metric_class(metric: str) -> str:
    """The class of a metric, e.g. "defense spending" -> "defence".  Cached: outlets
    name the same metrics again and again, and every pattern is tried on a miss."""
    plain = _plain(metric)
    for name, pattern in _PATTERNS:
        if pattern.search(plain):
            return name
    words = [w for w in _WORD.findall(plain) if w not in _STOP]
    return "~" + " ".join(words[:4]) if words else "~"
