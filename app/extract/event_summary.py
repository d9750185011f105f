"""An event's summary text and its date, read from the trigger's parse."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from spacy.tokens import Span, Token

from .dates import normalize_date
from .lang.event_triggers import LIGHT_NOUN_TYPES, NOT_EVENT_DATE
from .types import FactDate

_PRUNE = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "appos", "punct", "cc", "conj", "mark", "parataxis"}
)


_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "conj"})


_MAX_SUMMARY_TOKENS = 24


_SUMMARY_DEPS = frozenset(
    {"dobj", "dative", "prep", "prt", "attr", "oprd", "acomp", "agent", "xcomp"}
)


def _summary_tokens(tok: Token, out: list[Token]) -> None:
    """`tok`'s phrase without subordinate clauses; a clause keeps only its subject."""
    if tok.pos_ == "VERB" and tok.dep_ in {"pcomp", "acl"}:
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                _summary_tokens(child, out)
        return
    for child in tok.lefts:
        if child.dep_ not in _PRUNE:
            _summary_tokens(child, out)
    out.append(tok)
    for child in tok.rights:
        if child.dep_ not in _PRUNE:
            _summary_tokens(child, out)


def join_tokens(words: list[Token]) -> str:
    """Tokens as text: original spacing between neighbours, hyphens inside names kept,
    and one space where dropped words leave a gap ("crore, including" -> "crore including")."""
    parts: list[str] = []
    for a, b in pairwise(words):
        gap = a.doc[a.i + 1 : b.i]
        if not len(gap):
            parts.append(a.text_with_ws)
        elif not a.whitespace_ and all(
            t.is_punct and not t.whitespace_ and t.text in "-–/'" for t in gap
        ):
            parts.append(a.text + "".join(t.text for t in gap))  # "Jean-Yves"
        else:
            parts.append(a.text + " ")
    if words:
        parts.append(words[-1].text)
    return "".join(parts)


def summary(trigger: Token, agent_name: str | None) -> str:
    tokens: list[Token] = []
    # "The announcement was made by X": the event noun opens the summary, which then
    # names its agent in the "by" phrase.
    noun = next(
        (
            c
            for c in trigger.lefts
            if c.dep_ == "nsubjpass" and c.lemma_.lower() in LIGHT_NOUN_TYPES
        ),
        None,
    )
    if noun is not None:
        _summary_tokens(noun, tokens)
        agent_name = None
    for child in trigger.lefts:
        if child.dep_ in {"aux", "auxpass", "neg"} and (
            agent_name or noun is not None or child.dep_ == "neg"
        ):
            tokens.append(child)
    tokens.append(trigger)
    for child in trigger.rights:
        if child.dep_ in _SUMMARY_DEPS:
            _summary_tokens(child, tokens)
        elif child.dep_ == "advcl":
            mark = next((m for m in child.children if m.dep_ == "mark"), None)
            if mark is not None and mark.lower_ == "for":  # "called for Russia to end the war"
                tokens.append(mark)
                _summary_tokens(child, tokens)
    if trigger.pos_ != "VERB":
        tokens = []
        _summary_tokens(trigger, tokens)
    tokens.sort(key=lambda t: t.i)
    words = tokens[:_MAX_SUMMARY_TOKENS]
    while words and (words[-1].is_punct or words[-1].dep_ in {"prep", "cc", "det"}):
        words.pop()
    while words and (words[0].is_punct or words[0].dep_ in {"det", "prep"}):
        words.pop(0)
    body = join_tokens(words).strip()
    if agent_name and trigger.pos_ == "VERB":
        body = f"{agent_name} {body}"
    return body[:1].upper() + body[1:]


def event_date(sent: Span, trigger: Token, published_at: datetime | None) -> FactDate | None:
    inside: list[FactDate] = []
    other: list[FactDate] = []
    for ent in sent.doc.ents:
        if ent.start < sent.start or ent.end > sent.end:
            continue
        if ent.label_ != "DATE" or (
            ent.start > 0 and ent.doc[ent.start - 1].lower_ in NOT_EVENT_DATE
        ):
            continue
        ancestors = list(ent.root.ancestors)
        if trigger in ancestors:
            # Only a date of the trigger's own clause: in "X, which signed a treaty
            # in 2019, approved the deal on Tuesday" 2019 belongs to "signed".
            between = ancestors[: ancestors.index(trigger)]
            # The clause a trigger governs ("voted *to exempt ...*") is its own event's.
            if any(
                (a.pos_ in {"VERB", "AUX"} or a.dep_ in _CLAUSE_DEPS) and a.dep_ != "xcomp"
                for a in between
            ):
                continue
            value = normalize_date(ent.text, published_at)
            if value is not None:
                inside.append(value)
        elif trigger.dep_ == "ROOT" and not any(a.pos_ in {"VERB", "AUX"} for a in ancestors):
            value = normalize_date(ent.text, published_at)  # a fragment the parser left apart
            if value is not None:
                other.append(value)
    if inside:
        return inside[0]
    return other[0] if other else None
