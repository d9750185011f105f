"""Evidence in the text about what kind of thing a name is, beyond the tagger's label.

The small tagger often types an unfamiliar name wrongly ("Garissa" a person, "Marghalla
Towers" an organization).  The words around a name say more: its last word ("...
Towers", "... Developments"), a noun in apposition ("Jhpiego, a health
organization"), "the city of X", "the X camp", the noun a list hangs from ("counties
including A, B and C"), and the other members of a list ("Mosul, Telafar and
Hawidja" share a type).  A cue counts for more than a tagger label in the vote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .lang.names import (
    FOREIGN_ORG_ENDINGS,
    ORG_HEADS,
    ORG_NOUNS,
    PLACE_HEADS,
    PLACE_NOUNS,
    PLACE_SUFFIXES,
    WATER_WORDS,
)
from .types import EntityType

# Heads that make even a name the tagger calls a person a company ("... Developments").
_CORPORATE = frozenset({"group", "inc", "ltd", "plc", "llc", "corp", "corporation", "company"})
_PLACE_PREPS = frozenset({"in", "into", "near", "outside"})
_REACH_VERBS = frozenset({"reach", "enter", "evacuate", "shell", "bomb"})
_LIST_PREPS = frozenset({"including", "like", "as", "in", "across", "throughout"})


def _noun_kind(tok: Token) -> EntityType | None:
    lemma, low = tok.lemma_.lower(), tok.lower_
    if low in PLACE_NOUNS or lemma in PLACE_NOUNS:
        return "location"
    if low in ORG_NOUNS or lemma in ORG_NOUNS:
        return "organization"
    return None


def head_word_cue(doc: Doc, start: int, end: int, label: str) -> EntityType | None:
    """The kind a multi-word name's last word gives it: "X Towers", "Y Therapeutics"."""
    if end - start < 2:
        return None
    # The head noun comes before "of": "Ministry of Defence", "Committee of the Red Cross".
    end = next((i for i in range(start + 1, end) if doc[i].lower_ == "of"), end)
    last = doc[end - 1].lower_
    if any(t.lower_.endswith(FOREIGN_ORG_ENDINGS) and t.is_title for t in doc[start:end]):
        return "organization"  # "Technisches Hilfswerk": German nouns name bodies too
    if label == "PERSON" and last in PLACE_SUFFIXES - {"valley", "delta", "basin", "state"}:
        return "location"  # "Kiambu County", "Herat Province": no surname ends so
    if label == "PERSON":
        # Surnames such as "Hill", "Park" or "Power" are also place and company words.
        corporate = last in _CORPORATE or (last in ORG_HEADS and last.endswith("s"))
        return "organization" if corporate else None
    if last in PLACE_HEADS:
        return "location"
    if last in ORG_HEADS:
        return "organization"
    return None


def water_cue(doc: Doc, start: int, end: int) -> EntityType | None:
    """A sea named by its kind word alone: "crossing the Channel", "in the Gulf"."""
    if end - start != 1 or start == 0 or doc[start - 1].lower_ != "the":
        return None
    word = doc[start]
    after = doc[end] if end < len(doc) else None
    if not word.is_title or word.lower_ not in WATER_WORDS:
        return None
    if after is not None and (after.is_title or after.like_num):
        return None  # "the Channel Tunnel", "Channel 4": a longer name
    return "location"


def list_root(tok: Token) -> Token:
    """The first member of the coordination `tok` belongs to ("A" of "A, B and C")."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def context_cue(root: Token) -> EntityType | None:
    """The kind the words around a name's root token give it."""
    for child in root.children:
        if child.dep_ == "appos" and (kind := _noun_kind(child)):
            return kind  # "Jhpiego, a health organization"
    first = list_root(root)
    head = first.head
    if first.dep_ == "appos" and (kind := _noun_kind(head)):
        return kind  # "a city, Tacloban"
    if first.dep_ == "compound" and head.lower_ in PLACE_NOUNS:
        return "location"  # "the Qayaarah camp"
    if first.dep_ == "pobj" and head.head is not head:
        noun = head.head
        if head.lower_ == "of" and noun.lower_ in PLACE_NOUNS:
            return "location"  # "the province of Punjab"
        listed = head.lower_ in _LIST_PREPS and noun.tag_ == "NNS"
        if listed and (kind := _noun_kind(noun)):
            return kind  # "counties including A, B and C"
    return None


def place_cue(root: Token, label: str) -> EntityType | None:
    """A name the tagger calls a person where only a place fits: "in X", "into X",
    "reached X and Y" (often a town spelled in a way the tagger has not seen)."""
    if label != "PERSON" or any(c.dep_ == "case" for c in root.children):
        return None
    first = list_root(root)
    head = first.head
    if first.dep_ == "pobj" and head.lower_ in _PLACE_PREPS:
        return "location"
    if first.dep_ == "dobj" and head.lemma_.lower() in _REACH_VERBS:
        return "location"
    return None


def list_types(members: Sequence[tuple[Token, EntityType]]) -> dict[int, EntityType]:
    """Root token index -> the type a list of three or more names shares, by majority.

    `members` are the root tokens of a paragraph's mentions with their types so far.
    """
    groups: dict[int, list[tuple[Token, EntityType]]] = {}
    for tok, etype in members:
        groups.setdefault(list_root(tok).i, []).append((tok, etype))
    shared: dict[int, EntityType] = {}
    for group in groups.values():
        if len(group) < 3:
            continue
        counts = Counter(etype for _, etype in group).most_common()
        if len(counts) > 1 and counts[0][1] > counts[1][1] and counts[0][1] >= 2:
            for tok, _ in group:
                shared[tok.i] = counts[0][0]
    return shared
