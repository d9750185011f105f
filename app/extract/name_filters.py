"""Spans that name no entity under the news conventions, and names the tagger misreads.

Not entities: vessels ("HMS Illustrious"), diseases, a title without a name ("Kenya
Representative"), and any name that is only the start of a longer capitalised
name of a plan, law, weapon, conference or disaster ("Paris" in "Paris
Agreement", "Advanced Short Range Air" in "... Air to Air Missiles").  A
government named after its country is the country ("the Australian Government",
"Government of India"); one named after its leader gives the leader ("the
Smith Government").  A paragraph that is a bare list of names, one a line, gives
one entity a line.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from .gazetteer import Gazetteer, KnownEntity
from .lang.event_triggers import VERB_TYPES
from .lang.names import (
    DISEASES,
    ECONOMIC_MEASURES,
    GOVERNMENT_KINDS,
    HEADLINE_VERBS,
    INDEX_COUNTS,
    LABEL_TYPES,
    MARKET_INDEXES,
    NOT_ENTITY_HEADS,
    ORG_HEADS,
    PORTFOLIO_WORDS,
    SHIP_PREFIXES,
    SURNAME_TITLES,
    TITLES,
    WEAPON_NOUNS,
)
from .mention import Mention
from .spans import trim
from .types import EntityType

_JOINERS = frozenset({"to", "of", "and", "for", "on", "&"})
_NAMED_HAZARDS = frozenset({"typhoon", "cyclone", "hurricane", "storm", "tropical", "operation"})
_LIST_LINE = re.compile(r"^[^\s.!?:;][^.!?:;]{0,60}$")


def _phrase_end(doc: Doc, end: int) -> int:
    """End of the capitalised phrase a name runs into: "Paris" -> "Paris Agreement"."""
    j = end
    while j < len(doc):
        tok = doc[j]
        if (
            tok.is_title
            or (tok.is_upper and tok.is_alpha)
            or (tok.lower_ in _JOINERS and j + 1 < len(doc) and doc[j + 1].is_title)
        ):
            j += 1
        else:
            break
    return j


def _weapon(doc: Doc, start: int, end: int, label: str) -> bool:
    """A weapon or craft type: "four more Patriot systems", "20 HIMARS launchers".

    The noun after the name says it; a counted name or one the tagger calls a
    product or a person is the type, while "Boeing jets" stays the maker.
    """
    if end >= len(doc) or doc[end].lower_ not in WEAPON_NOUNS:
        return False
    before = doc[start - 1] if start > 0 else None
    counted = before is not None and (before.like_num or before.lower_ in {"more", "additional"})
    return counted or label in {"PRODUCT", "PERSON"}


def _market_index(doc: Doc, start: int, end: int) -> bool:
    """A share index: a known index name ("the Kospi gained 1%"), or a one-word name
    followed by its count of shares ("FTSE 100", "Nikkei 225")."""
    if doc[start:end].text.lower() in MARKET_INDEXES:
        return True
    counted = end < len(doc) and doc[end].text in INDEX_COUNTS and end - start == 1
    return counted and not doc[start].like_num


def _only_office(doc: Doc, start: int, end: int) -> bool:
    return all(t.lower_ in TITLES or t.ent_type_ == "GPE" for t in doc[start:end])


def _portfolio(doc: Doc, start: int, end: int) -> bool:
    """The field of an office, after its title and with no name after it: "X,
    Commissioner for Rural Development", "the Minister of Finance".  After "for" any
    field counts unless a body's head noun or an acronym names one ("Minister for the
    Cabinet Office"); after "of", which also names employers ("President of
    Microsoft"), only portfolio words do."""
    field = start
    while field < end - 1 and doc[field].is_title and doc[field].lower_ in TITLES:
        field += 1  # the tagger took the office in too: "the Minister of Finance"
    if field > start:
        joiner = doc[field]
        if joiner.lower_ not in {"for", "of"}:
            return False
        field += 1
    elif start < 2 or doc[start - 1].lower_ not in {"for", "of"}:
        return False
    else:
        joiner, office = doc[start - 1], doc[start - 2]
        if not (office.is_title and office.lower_ in TITLES) or office.lower_ in SURNAME_TITLES:
            return False
    words = doc[field:end]
    if not len(words) or any(t.lower_ in ORG_HEADS or (t.is_upper and len(t) > 1) for t in words):
        return False
    return joiner.lower_ == "for" or all(
        t.lower_ in PORTFOLIO_WORDS or t.lower_.removesuffix("s") in PORTFOLIO_WORDS for t in words
    )


def not_an_entity(doc: Doc, start: int, end: int, label: str, gaz: Gazetteer) -> bool:
    """Whether tokens `[start, end)` name a vessel, disease, bare title or a thing
    that the conventions do not count as an entity."""
    first, last = doc[start], doc[end - 1]
    text = doc[start:end].text
    before = doc[start - 1].text if start > 0 else ""
    if first.text in SHIP_PREFIXES or before in SHIP_PREFIXES or text.lower() in DISEASES:
        return True
    if start > 0 and doc[start - 1].lower_ in _NAMED_HAZARDS and doc[start - 1].is_title:
        return True  # "Typhoon Haiyan"
    office_word = last.is_title and last.lower_ in TITLES and last.lower_ not in SURNAME_TITLES
    # "UNICEF Kenya Representative": an office, not a person.
    if office_word and (label == "PERSON" or (label == "ORG" and _only_office(doc, start, end))):
        return True
    if text.lower() in ECONOMIC_MEASURES:
        return True  # "Gross Domestic Product (GDP)": a statistic
    if gaz.lookup(text) is not None:
        return False
    if _weapon(doc, start, end, label) or _market_index(doc, start, end):
        return True
    if label == "ORG" and _portfolio(doc, start, end):
        return True
    phrase_end = _phrase_end(doc, end)
    # The head noun comes before "of" or "on": "the Lagos Compact on Water".
    head_end = next(
        (i for i in range(start + 1, phrase_end) if doc[i].lower_ in {"of", "on", "for"}),
        phrase_end,
    )
    return doc[phrase_end - 1].lower_ in NOT_ENTITY_HEADS or (
        head_end > start + 1 and doc[head_end - 1].lower_ in NOT_ENTITY_HEADS
    )


def government_of(
    doc: Doc, start: int, end: int, gaz: Gazetteer
) -> tuple[int, int, EntityType, KnownEntity | None] | None:
    """Bounds, type and known entity of a government named after a country or a leader."""
    words = doc[start:end]
    if len(words) < 2:
        return None
    if words[-1].lower_ == "government":
        owner = doc[start : end - 1]
    elif words[0].lower_ == "government" and words[1].lower_ == "of" and len(words) > 2:
        owner = doc[start + 2 : end]
    else:
        return None
    country = gaz.country_for_demonym(owner.text) or gaz.lookup(owner.text)
    country = country or gaz.region_for_demonym(owner.text)  # "the Welsh Government"
    if country is not None and country.type == "location":
        return start, end, "location", country
    leader = owner[0]
    if (
        len(owner) == 1
        and owner.start == start
        and leader.is_title
        and leader.lower_ not in GOVERNMENT_KINDS
        and not gaz.is_region(leader.text)
        and leader.ent_type_ != "NORP"
    ):
        return start, start + 1, "person", None  # "the Smith Government"
    return None


def is_name_list(text: str) -> bool:
    """A paragraph of three or more short lines with no sentence punctuation."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) >= 3 and all(_LIST_LINE.match(line) for line in lines)


def list_mentions(doc: Doc, text: str, index: int, pos: int, gaz: Gazetteer) -> list[Mention]:
    """One mention a line of a bare list of names, all of the list's majority type."""
    labels = Counter(
        LABEL_TYPES[e.label_]
        for e in doc.ents
        if LABEL_TYPES.get(e.label_) in {"person", "organization", "location"}
    )
    etype: EntityType = labels.most_common(1)[0][0] if labels else "organization"
    out: list[Mention] = []
    offset = 0
    for line in text.split("\n"):
        start, end = trim(text, offset, offset + len(line))
        offset += len(line) + 1
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is None or not any(ch.isupper() for ch in text[start:end]):
            continue
        surface = text[start:end]
        known = gaz.lookup(surface)
        out.append(
            Mention(
                pos, span.start, span.end, index, start, end, surface, etype, False, known, etype
            )
        )
    return out


def is_headline_verb(word: str) -> bool:
    """Whether a title-case word is a verb of a headline ("Unveils", "Announces")."""
    low = word.lower()
    forms = {low, low.removesuffix("s"), low.removesuffix("es"), low.removesuffix("d")}
    forms.add(low.removesuffix("ed"))
    return bool(forms & (HEADLINE_VERBS | VERB_TYPES.keys()))


def headline_end(doc: Doc, start: int, end: int) -> int:
    """End of a name in a title-case headline, before the verb the tagger ran into.

    "Pentagon Unveils New Drone Plan" gives "Pentagon"; in a sentence that is not
    in title case nothing is cut.
    """
    cut = next((i for i in range(start + 1, end) if is_headline_verb(doc[i].text)), end)
    if cut == end:
        return end
    sent = doc[start].sent
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sum(t.is_title or t.is_upper for t in words) < 0.8 * len(words):
        return end
    return cut
