"""Figures under a pledge signal that are still not commitments, by class.

- past money: "has *already* made €159m available", "made available in 2016"
  (a year before publication), money sent or received in a simple past or past
  passive ("the agency sent $5m", "was funded by a $3m grant"), "over the last
  20 years", "since 2009";
- running totals: "*bringing* the total to $40bn", "increasing its response to
  $3.5m", "$14m since October", "to date"; money a new sum comes "on top of";
- appeals, goals, needs and damage, fines and court orders, tax, trade and
  company finance: the figure measures or is governed by such a noun or verb
  ("fell short of its $5bn goal", "was ordered to pay $2m", "a £50bn tax cut",
  "a £250m contract", "investment from carmaker X");
- a share of GDP in a past year ("6.2 percent of GDP in 1986").
"""

from __future__ import annotations

import re
from datetime import datetime

from spacy.tokens import Token

from ..lang.commitment_words import (
    COMPANY_WORDS,
    COURT_LEMMAS,
    COURT_NOUNS,
    NOT_PLEDGE_LEMMAS,
    NOT_PLEDGE_NOUNS,
    PAST_ADVERBS,
    PAST_SPAN_WORDS,
    RECEIVING_LEMMAS,
    RUNNING_PHRASES,
    RUNNING_PREPS,
    SHORT_WORDS,
    SPENDING_LEMMAS,
    STATISTIC_LEMMAS,
    TOTAL_WORDS,
    TOTALLING_LEMMAS,
)

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TIME_NOUNS = frozenset({"year", "years", "decade", "decades", "month", "months"})


def _path(root: Token, trigger: Token) -> list[Token]:
    """The figure's root and its ancestors up to the trigger (or the sentence root)."""
    path = [root]
    for tok in root.ancestors:
        path.append(tok)
        if tok == trigger:
            break
    return path


def _is_past(tok: Token) -> bool:
    if tok.tag_ == "VBD":
        return True
    return tok.tag_ == "VBN" and any(c.lemma_ == "have" for c in tok.children)


def _past_money(path: list[Token], published_at: datetime | None) -> bool:
    verbs = [t for t in (*path, *path[-1].ancestors) if t.pos_ in {"VERB", "AUX"}]
    for tok in path:
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "advmod" and low in PAST_ADVERBS and tok.pos_ != "NOUN":
                return True
            if child.dep_ == "prep" and low in RUNNING_PREPS:
                return True
            if child.dep_ == "advcl" and any(  # "since the war began"
                m.dep_ == "mark" and m.lower_ in RUNNING_PREPS for m in child.children
            ):
                return True
            if child.dep_ == "prep" and low in {"over", "in", "during"}:
                for pobj in child.children:
                    if pobj.lower_ in _TIME_NOUNS and any(
                        m.lower_ in PAST_SPAN_WORDS for m in pobj.children
                    ):
                        return True
                    if (
                        published_at is not None
                        and _YEAR.match(pobj.text)
                        and int(pobj.text) < published_at.year
                        and any(_is_past(v) for v in verbs)
                    ):
                        return True
    trigger = path[-1]
    text = trigger.doc[trigger.left_edge.i : trigger.right_edge.i + 1].text.lower()
    return any(phrase in text for phrase in RUNNING_PHRASES)


def _earlier_money(root: Token) -> bool:
    """ "comes on top of €159m ...": the figure is money given before."""
    of = root.head
    return root.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ == "top"


def _running_total(root: Token, is_share: bool) -> bool:
    """ "brings its total to $14m", "increasing the response to $3.5m".

    A share of GDP is a level, not a sum: "raising spending to 5% of GDP" pledges it.
    """
    if is_share or root.dep_ != "pobj" or root.head.lower_ != "to":
        return False
    verb = next((t for t in root.ancestors if t.pos_ in {"VERB", "AUX"}), root)
    if verb.lemma_.lower() not in TOTALLING_LEMMAS:
        return False
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "acl", "conj"}:
        return True
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubj"}:
            words = {t.lower_ for t in child.subtree}
            if words & TOTAL_WORDS or child.lower_ in {"this", "which", "that"}:
                return True
    return False


def _court(verb: Token) -> bool:
    """ "was ordered to pay", "was fined", "a judge ordered the firm to pay"."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in COURT_LEMMAS:
        return False
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lemma_.lower() in COURT_NOUNS


def _not_pledge_words(path: list[Token]) -> bool:
    below = path[-1]
    for tok in below.ancestors:  # above the trigger: "was ordered to pay", "fell short of"
        if below.dep_ in {"ccomp", "parataxis"}:
            break  # "estimates that it will reach 4%": a clause with a pledge of its own
        if tok.pos_ == "VERB" and (tok.lemma_.lower() in NOT_PLEDGE_LEMMAS or _court(tok)):
            return True
        if tok.lower_ in SHORT_WORDS:
            return True
        below = tok
    for tok in path:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (lemma in NOT_PLEDGE_NOUNS or tok.lower_ in NOT_PLEDGE_NOUNS):
            return True
        if tok.pos_ in {"NOUN", "ADJ"} and any(
            c.dep_ in {"compound", "amod"} and c.lemma_.lower() in NOT_PLEDGE_NOUNS
            for c in tok.children
        ):
            return True  # "a £50bn *tax* cut", "the *appeal* target"
        if tok.pos_ == "VERB" and lemma in NOT_PLEDGE_LEMMAS:
            return True
        if _court(tok):
            return True
        if tok.lower_ in SHORT_WORDS:
            return True
    return False


def is_company(actor: Token | None) -> bool:
    """ "automotive giant X", "the firm", "X Ltd": a business, not a donor."""
    if actor is None:
        return False
    words = {actor.lower_, *(c.lower_ for c in actor.children if c.dep_ in {"compound", "amod"})}
    for child in actor.children:
        if child.dep_ == "appos":
            words.add(child.lower_)
    head = actor.head
    if actor.dep_ == "pobj" and head.dep_ == "prep":
        words.add(head.head.lower_)  # "giant X" parsed as "giant" -> "X"
    return bool(words & COMPANY_WORDS)


def _delivered(path: list[Token]) -> bool:
    """ "The agency sent $5m", "was funded by a $3m grant", "researchers received
    a $1m grant": money moved in the past, in a simple past or past passive."""
    trigger = path[-1]
    above = next((t for t in trigger.ancestors if t.pos_ == "VERB"), None)
    verbs = [*path, above] if trigger.pos_ == "NOUN" and above is not None else path
    for tok in verbs:  # "received a $1m *grant*": the verb above a pledge noun counts
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in SPENDING_LEMMAS | RECEIVING_LEMMAS:
            continue
        if tok.tag_ == "VBD":
            return True
        if tok.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.lower_ in {"was", "were"} for c in tok.children
        ):
            return True
        if lemma in RECEIVING_LEMMAS and _is_past(tok):
            return True
    return False


def _not_pledge_subject(trigger: Token) -> bool:
    """ "*Sales* of the drug reached $1.2bn": what grew is not spending; "the fund
    reached $2bn" in a simple past is a statistic."""
    if trigger.tag_ == "VBD" and trigger.lemma_.lower() in STATISTIC_LEMMAS:
        return True
    subj = next((c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and subj.lemma_.lower() in NOT_PLEDGE_NOUNS


def excluded(
    root: Token, trigger: Token, published_at: datetime | None, is_share: bool = False
) -> bool:
    """Whether the figure at `root`, under `trigger`, is one of the classes above."""
    path = _path(root, trigger)
    return (
        _running_total(root, is_share)
        or _delivered(path)
        or _not_pledge_subject(trigger)
        or _earlier_money(root)
        or _past_money(path, published_at)
        or _not_pledge_words(path)
    )
