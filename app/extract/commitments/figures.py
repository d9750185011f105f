"""The money amounts and GDP shares of one sentence, and where they sit in its parse."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..lang.commitment_words import HEDGING_PREPS, THRESHOLD_PREPS, TRIGGERS
from ..money import Amount, GdpShare, find_amounts, find_gdp_shares

# A figure right after these restates or baselines the previous one:
# "40 billion euros ($41.6 billion)", "to $1 trillion, up from $800 billion".
_SECONDARY_BEFORE = re.compile(
    r"(?:\(|\bor\s+|\bequivalent\s+to\s+|\b(?:up|down)\s+from\s+|\bcompared\s+with\s+)"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)


# Every amount or share has a digit, a scale word ("half a billion euros") or a
# percent word ("two per cent of GDP").
_MAY_HAVE_FIGURE = re.compile(r"\d|illion|per\s?cent", re.IGNORECASE)


def may_have_figure(text: str) -> bool:
    """Whether `text` can hold an amount or a share: the stage's cheap pre-filter."""
    return _MAY_HAVE_FIGURE.search(text) is not None


@dataclass(slots=True)
class Figure:
    """One amount or share, by its character range in the paragraph."""

    start: int
    end: int
    amount: Amount | None = None
    share: GdpShare | None = None


def sentence_figures(
    text: str, sent_start: int, sent_end: int, context: str, dollar: str
) -> list[Figure]:
    """The figures of `text[sent_start:sent_end]`, without restated equivalents."""
    chunk = text[sent_start:sent_end]
    if not may_have_figure(chunk):
        return []
    figures: list[Figure] = []
    for amount in find_amounts(chunk, context, dollar):
        if _SECONDARY_BEFORE.search(chunk, 0, amount.start) and figures:
            continue
        figures.append(Figure(sent_start + amount.start, sent_start + amount.end, amount=amount))
    for share in find_gdp_shares(chunk):
        figures.append(Figure(sent_start + share.start, sent_start + share.end, share=share))
    return figures


def figure_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def figure_tokens(doc: Doc, fig: Figure, root: Token) -> range:
    """The token indexes of the figure's words."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(root.i, root.i + 1)


def is_threshold(root: Token, is_share: bool) -> bool:
    """A figure after "above"/"over" on a noun or on a verb that moves no money.

    Before a sum of money "over" and "under" are mostly hedges ("an uplift of over
    KES 140m"), so only a share takes them as a threshold.
    """
    head = root.head
    preps = THRESHOLD_PREPS if is_share else THRESHOLD_PREPS - HEDGING_PREPS
    if root.dep_ == "pobj" and head.lower_ in preps:
        owner = head.head
        return owner.pos_ in {"NOUN", "PROPN"} or (
            owner.pos_ == "VERB" and owner.lemma_.lower() not in TRIGGERS
        )
    return False
