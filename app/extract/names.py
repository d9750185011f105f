"""Token-level repairs of the tagger's name spans.

Determiners, office titles and possessives are trimmed; a person span continues
over lower-case name particles and the capitalised words after them ("Ursula
von" + "der" + "Leyen"); organisation spans split at a connective are re-joined.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, KnownEntity
from .lang.names import (
    GOVERNMENT_NOUNS,
    HYPHEN_SUFFIXES,
    LEAD_PARTICLES,
    NAME_PARTICLES,
    ORG_HEADS,
    PERSON_ROLE_NOUNS,
    PORTFOLIO_WORDS,
    SMALL_WORDS,
    TITLES,
)

_NOT_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "INTJ"})


def is_title(token: Token) -> bool:
    return token.lower_ in TITLES and (token.is_title or token.is_upper or token.lower_ == "former")


def _is_determiner(token: Token) -> bool:
    """A determiner to drop: "the United States", but not the name "The Hague"."""
    if token.lower_ in {"a", "an"} or token.tag_ == "PRP$":
        return True  # "her Democratic Party": the possessive is not part of the name
    return token.lower_ == "the" and (token.text == "the" or bool(token.is_sent_start))


def clean_bounds(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, bool]:
    """Token bounds of an entity without determiners, titles and possessives.

    Capitalised name parts the tagger left out on the left ("Dennis" in "Chief
    Executive Dennis Muilenburg") are taken in; lower-case words it ran into on
    the right ("House of Commons days") are dropped.
    """
    titled = False
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].is_title
        and not is_title(doc[start - 1])
        and doc[start - 1].ent_type_ == ""
    ):
        start -= 1
    while start < end and (_is_determiner(doc[start]) or doc[start].is_punct):
        start += 1
    # "World Health Organization (WHO": the acronym in brackets is a name of its own.
    end = next((i for i in range(start + 1, end) if doc[i].text == "("), end)
    if label in {"PERSON", "ORG"} and (cut := _portfolio_end(doc, start, end)) > start:
        start, titled = cut, True
    if label == "PERSON":
        last_title = -1
        for i in range(start, end - 1):
            if is_title(doc[i]):
                last_title = i
        if last_title >= 0:
            start, titled = last_title + 1, True
    if label == "ORG":
        end = _office_end(doc, start, end)
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or (doc[end - 1].is_punct and not _glued_hyphen(doc, end - 1))
        or (doc[end - 1].is_lower and not _glued_hyphen(doc, end - 2))
    ):
        end -= 1
    if end > start:
        start, end = _hyphen_head(doc, start), _hyphen_tail(doc, end, label)
    if start > 0 and not titled:
        prev = doc[start - 1]
        titled = is_title(prev) and prev.lower_ not in {"former", "first", "state"}
        # "relief chief Ann Roe", "spokesman John Doe": a role word in lower case.
        titled = titled or (
            prev.is_lower
            and prev.lower_ in PERSON_ROLE_NOUNS
            and end - start >= 2
            and all(t.is_title or is_particle(t) for t in doc[start:end])
        )
    return start, end, titled


def _office_end(doc: Doc, start: int, end: int) -> int:
    """End of an organization's name before the office its member holds there:
    "[Agency for Development] Administrator Ann Roe", "[Bank] Governor Ed Poe".
    Title words the tagger ran into the body's span are cut when a person's name
    follows; a title word that is also a body's head ("Board") stays."""
    if end >= len(doc) or doc[end].ent_type_ != "PERSON":
        return end
    cut = end
    while cut > start + 1 and is_title(doc[cut - 1]) and doc[cut - 1].lower_ not in ORG_HEADS:
        cut -= 1
    return cut


_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether token `i` is a hyphen written inside a word ("Ying-jeou", "Rolls-Royce")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in _HYPHENS
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
    )


def _hyphen_tail(doc: Doc, end: int, label: str) -> int:
    """End of a name continued by hyphenated parts: "Lai Ching" + "-te", "Rolls" + "-Royce".

    A lower-case part continues only a person's given name ("Moon Jae-in") and is
    never a common suffix ("Trump-backed"); a capitalised part that the tagger
    names as an entity of its own stays apart ("Russia-Ukraine war").
    """
    while end < len(doc) - 1 and _glued_hyphen(doc, end):
        part = doc[end + 1]
        if part.is_lower:
            if label != "PERSON" or part.lower_ in HYPHEN_SUFFIXES or not doc[end - 1].is_title:
                break
        elif not part.is_title or part.ent_iob_ == "B":
            break
        end += 2
    return end


def _hyphen_head(doc: Doc, start: int) -> int:
    """Start of a name with a hyphenated particle or part before it: "al-" + "Bashir"."""
    while start > 1 and _glued_hyphen(doc, start - 1):
        part = doc[start - 2]
        if not (is_particle(part) or (part.is_title and part.ent_iob_ == "I")):
            break
        start -= 2
    return start


def _portfolio_end(doc: Doc, start: int, end: int) -> int:
    """Where the name starts after an office's portfolio: "[Foreign Affairs] Penny Wong".

    The tagger runs "Minister for Foreign Affairs Penny Wong" or "Commissioner for
    Crisis Management Ann Roe" into one span.  The portfolio words are cut when an
    office title stands just before them and at least two name words remain.
    """
    i = start
    while i < end and doc[i].lower_ in PORTFOLIO_WORDS and not doc[i].is_lower:
        i += 1
    if i == start or end - i < 2 or not all(t.is_title for t in doc[i:end]):
        return start
    before = doc[max(0, start - 6) : start]
    return i if any(is_title(t) for t in before) else start


def demonym_mention(token: Token, gaz: Gazetteer) -> KnownEntity | None:
    """The country a nationality adjective stands for, when it modifies a state noun."""
    country = gaz.country_for_demonym(token.text)
    if country is None:
        return None
    head = token.head
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    for cand in (head, nxt):
        # "the British government", "Ukrainian forces"; not "the Saudi foreign minister",
        # where the adjective says who a person works for.
        if cand is not None and cand.lower_ in GOVERNMENT_NOUNS:
            return country
    return None


def _is_name_word(token: Token) -> bool:
    """A capitalised word that can continue a personal name ("Leyen", "Horst")."""
    return (
        token.is_title
        and token.is_alpha
        and not is_title(token)
        and token.ent_type_
        not in {
            "DATE",
            "TIME",
            "CARDINAL",
            "ORDINAL",
            "MONEY",
            "PERCENT",
            "QUANTITY",
        }
    )


def is_particle(token: Token) -> bool:
    """A lower-case name particle: "von", "der", "ter", "bin", or "al-" joined to the next word."""
    low = token.text.lower()
    return token.text == low and (low in NAME_PARTICLES or low.rstrip("-") in {"al", "el"})


def _person_tail(doc: Doc, end: int) -> int:
    """End of a personal name continued past `end` by particles and capitalised words.

    "Ursula von" + "der" + "Leyen" and "Gerard" + "ter" + "Horst": the small
    model splits such names; a name only continues when at least one particle
    is followed by a capitalised word.
    """
    i = end
    while i < len(doc) and is_particle(doc[i]):
        i += 1
    particles_end = i
    # The particle may already be the last word of the person span ("Ursula von").
    if i == end and not is_particle(doc[end - 1]):
        return end
    while i < len(doc) and _is_name_word(doc[i]):
        i += 1
    return i if i > particles_end else end


def _merge_particle_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Merge a person span with the particles and name words after it; the merge wins."""
    out: list[Span] = []
    skip_until = -1
    for ent in ents:
        if ent.start < skip_until:
            continue
        start = ent.start
        while start < ent.end - 1 and doc[start].is_sent_start and doc[start].pos_ in _NOT_NAME_POS:
            start += 1  # "Later van der Meer said": the adverb is not part of the name
        if start > ent.start and is_particle(doc[start]) and doc[start].lower_ in LEAD_PARTICLES:
            named = doc[start : ent.end]
            named.label_ = "PERSON"
            out.append(named)
            skip_until = ent.end
            continue
        start = ent.start
        while start > 0 and is_particle(doc[start - 1]) and doc[start - 1].lower_ in LEAD_PARTICLES:
            start -= 1
        if (
            start < ent.start
            and ent.label_ in {"PERSON", "GPE", "ORG", "NORP", "LOC"}
            and (start == 0 or doc[start - 1].pos_ != "PROPN")
        ):
            # "... said von der Leyen": a surname with its particles is a person.
            named = doc[start : ent.end]
            named.label_ = "PERSON"
            out.append(named)
            skip_until = ent.end
            continue
        if ent.label_ == "PERSON":
            end = _person_tail(doc, ent.end)
            if end > ent.end:
                merged = doc[ent.start : end]
                merged.label_ = "PERSON"
                out.append(merged)
                skip_until = end
                continue
        out.append(ent)
    return out


def _split_lines(doc: Doc, ents: list[Span]) -> list[Span]:
    """One entity per line: a list of names, one a line, is never one name."""
    out: list[Span] = []
    for ent in ents:
        if "\n" not in ent.text_with_ws:
            out.append(ent)
            continue
        start = ent.start
        for i in range(ent.start, ent.end):
            if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
                piece_end = i if "\n" in doc[i].text else i + 1
                if piece_end > start:
                    out.append(Span(doc, start, piece_end, label=ent.label_))
                start = i + 1
        if start == ent.start:
            out.append(ent)
        elif start < ent.end:
            out.append(Span(doc, start, ent.end, label=ent.label_))
    return out


def joined_ents(doc: Doc) -> list[Span]:
    """Entities, re-joining names the tagger split at a connective ("X and" + "Y")."""
    ents = _merge_particle_names(doc, _split_lines(doc, list(doc.ents)))
    joined: list[Span] = []
    for ent in ents:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "ORG"
            and (
                (prev.end == ent.start and prev[-1].lower_ in SMALL_WORDS)
                or _body_for_field(doc, prev, ent)
            )
        ):
            joined[-1] = doc[prev.start : ent.end]
            joined[-1].label_ = "ORG"
        elif prev is not None and (cut := _field_in_person(doc, prev, ent)):
            # "[Agency] for [Disaster Relief Coordinator Ann Roe]": the field is the body's.
            joined[-1] = Span(doc, prev.start, cut, label="ORG")
            joined.append(Span(doc, cut, ent.end, label="PERSON"))
        else:
            joined.append(_acronym_head(doc, _field_tail(doc, ent)))
    return joined


def _serves_field(doc: Doc, body: Span) -> bool:
    """A body's span ends in its head noun and "for" or "of" follows: "Agency for"."""
    return (
        body.label_ == "ORG"
        and body.end + 1 < len(doc)
        and body[-1].lower_ in ORG_HEADS
        and body[-1].is_title
        and doc[body.end].lower_ in {"for", "of"}
    )


def _field_tail(doc: Doc, ent: Span) -> Span:
    """ "[the Agency] for Disaster Relief": the capitalised field the tagger left out of a
    body's name.  It ends at a word the tagger gave to another name or a lower-case word."""
    if not _serves_field(doc, ent):
        return ent
    end = ent.end + 1
    while end < len(doc) and doc[end].ent_type_ == "" and doc[end].is_title and doc[end].is_alpha:
        end += 1
    if end == ent.end + 1:
        return ent
    return Span(doc, ent.start, end, label="ORG")


def _field_in_person(doc: Doc, prev: Span, ent: Span) -> int:
    """Where the person starts in a span the tagger ran from a body's field through an
    office to a name: "[Agency] for [Disaster Relief Coordinator Ann Roe]" gives the
    office's index; 0 when the span is no such thing."""
    if ent.label_ != "PERSON" or prev.end + 1 != ent.start or not _serves_field(doc, prev):
        return 0
    office = next((i for i in range(ent.start + 1, ent.end - 1) if is_title(doc[i])), 0)
    if not office or not all(t.is_title and t.is_alpha for t in doc[ent.start : office]):
        return 0
    return office


def _body_for_field(doc: Doc, prev: Span, ent: Span) -> bool:
    """ "[United States Agency] for [International Development]": a body's head noun,
    then "for" or "of" left outside both spans, then the capitalised field it serves.
    The tagger splits such names at the connective."""
    return (
        prev.end + 1 == ent.start
        and doc[prev.end].lower_ in {"for", "of"}
        and prev[-1].lower_ in ORG_HEADS
        and prev[-1].is_title
        and ent[0].is_title
    )


def _acronym_head(doc: Doc, ent: Span) -> Span:
    """An organization acronym that opens a longer name the tagger left untagged:
    "U.N." + "High Commissioner for Refugees".  An office before a person's name
    ("NATO Secretary General Mark Rutte") is not such a name."""
    acronym = ent.text.replace(".", "")
    if ent.label_ != "ORG" or len(ent) != 1 or not (acronym.isupper() and acronym.isalpha()):
        return ent
    end = ent.end
    while end < len(doc) and doc[end].ent_type_ == "" and "\n" not in doc[end - 1].whitespace_:
        tok = doc[end]
        joiner = tok.lower_ in {"for", "of", "on", "to"}
        if (tok.is_title and tok.is_alpha) or (
            joiner and end + 1 < len(doc) and doc[end + 1].is_title
        ):
            end += 1
        else:
            break
    words = [t.lower_ for t in doc[ent.end : end]]
    named = any(w in ORG_HEADS or w in {"for", "of"} for w in words)
    office = all(w in TITLES for w in words)
    before_person = end < len(doc) and doc[end].ent_type_ == "PERSON"
    if len(words) < 2 or not named or office or before_person:
        return ent
    return Span(doc, ent.start, end, label="ORG")


def only_titles(tokens: Span, gaz: Gazetteer) -> bool:
    """ "British Defence" is a title fragment, not an organization."""
    return all(t.lower_ in TITLES or gaz.country_for_demonym(t.text) for t in tokens)
