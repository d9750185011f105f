"""Place names the tagger cuts or joins wrongly, kept whole or split apart.

- Names with "and"/"of" inside that a gazetteer knows ("Trinidad and Tobago",
  "Port of Spain"): one place, not "Trinidad" plus an organization "Tobago".
- Names whose parts hyphens and lower-case particles join ("Rostov-on-Don",
  "Stratford-upon-Avon", "Aix-en-Provence"): always one place.
- Names with spaced particles ("Newcastle upon Tyne", "San Cristóbal de las
  Casas"): one place when the tagger calls what it found of them places; people's
  names use the same particles ("Luis de Guindos").
- "from X to Y" read as one name ("Kherson to Mykolaiv"): two places.
- "the towns of A and B", "in A and B": a member the tagger calls a person, beside
  a place, is a place too.

The vocabulary is in `lang.places`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .context import ArticleContext
from .gazetteer import Gazetteer
from .lang.places import HYPHEN_PLACE_PARTICLES, SETTLEMENT_NOUNS, SPACED_PLACE_PARTICLES
from .mention import Mention

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][\w'’]*"
_HYPHENED = re.compile(
    rf"(?<![\w-]){_WORD}(?:-{_WORD})*(?:-(?:{'|'.join(HYPHEN_PLACE_PARTICLES)}))+-{_WORD}"
    rf"(?:-{_WORD})*(?![\w-])"
)
_SPACED_PARTICLE = "|".join(p.replace(" ", r"\s") for p in SPACED_PLACE_PARTICLES)
_SPACED = re.compile(rf"(?<![\w-]){_WORD}(?:\s{_WORD})?\s(?:{_SPACED_PARTICLE})\s{_WORD}(?![\w-])")
_ROUTE = re.compile(rf"^({_WORD}(?:\s{_WORD})*)\s+to\s+({_WORD}(?:\s{_WORD})*)$")
# Cheap tests that a paragraph may hold a hyphenated or spaced particle name: they
# start with a literal character, which the regex engine scans for quickly.
_HYPHEN_HINT = re.compile("-(?:" + "|".join(HYPHEN_PLACE_PARTICLES) + ")-")
_SPACED_HINT = re.compile(" (?:" + "|".join(SPACED_PLACE_PARTICLES) + ") ")
_CAPITALISED = re.compile(rf"(?<![\w-]){_WORD}")


@lru_cache(maxsize=4)
def _joined_by_first_word(forms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The gazetteer's joined place names by their first word, longest first."""
    table: dict[str, list[str]] = {}
    for form in sorted(forms, key=len, reverse=True):
        table.setdefault(re.split(r"[\s-]", form, maxsplit=1)[0], []).append(form)
    return {word: tuple(names) for word, names in table.items()}


def _joined_places(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Where `text` names a place the gazetteer knows with "and"/"of" inside."""
    table = _joined_by_first_word(gaz.joined_places)
    found: list[tuple[int, int]] = []
    for word in _CAPITALISED.finditer(text):
        for form in table.get(word.group().rstrip("'’"), ()):
            end = word.start() + len(form)
            if text.startswith(form, word.start()) and not _continues(text, end):
                found.append((word.start(), end))
                break
    return found


def _continues(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] in "_-")


def _place(pos: int, index: int, doc: Doc, start: int, end: int, gaz: Gazetteer) -> Mention | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    text = doc.text[start:end]
    known = gaz.lookup(text)
    return Mention(
        pos, span.start, span.end, index, start, end, text, "location", False, known, "location"
    )


def _overlapping(mentions: list[Mention], pos: int, start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.doc_pos == pos and m.start < end and start < m.end]


def _all_places(found: list[Mention]) -> bool:
    """Whether the tagger's pieces of a spaced name are all places (and there are some)."""
    kinds = {m.known.type if m.known else m.cue or m.type for m in found}
    return kinds == {"location"}


def _extend_owner(
    text: str, pieces: list[Mention], mentions: list[Mention], start: int, end: int, doc: Doc
) -> bool:
    """ "Bank of Trinidad" + "Tobago": a name that ends with "of" and the first part of
    the place runs on to the place's end ("Bank of Trinidad and Tobago")."""
    owner = next((m for m in pieces if m.start < start and m.end <= end), None)
    if owner is None or not text[owner.start : start].endswith(" of "):
        return False
    span = doc.char_span(owner.start, end, alignment_mode="expand")
    if span is None:
        return False
    for m in pieces:
        if m is not owner:
            mentions.remove(m)
    owner.end, owner.token_end, owner.text = end, span.end, text[owner.start : end]
    return True


def _candidates(text: str, gaz: Gazetteer) -> list[tuple[int, int, bool]]:
    """Spans that may be one place name, with whether the tagger must agree."""
    spans = [(a, b, False) for a, b in _joined_places(text, gaz)]
    if _HYPHEN_HINT.search(text):
        spans += [(m.start(), m.end(), False) for m in _HYPHENED.finditer(text)]
    if _SPACED_HINT.search(text):
        spans += [(m.start(), m.end(), True) for m in _SPACED.finditer(text)]
    return spans


def keep_place_names_whole(ctx: ArticleContext, mentions: list[Mention], gaz: Gazetteer) -> None:
    """Replace the tagger's pieces of multi-part place names by the whole name."""
    for pos, doc in enumerate(ctx.docs):
        text = ctx.texts[pos]
        taken: list[tuple[int, int]] = []
        for start, end, needs_places in _candidates(text, gaz):
            if any(a < end and start < b for a, b in taken):
                continue
            pieces = _overlapping(mentions, pos, start, end)
            if _extend_owner(text, pieces, mentions, start, end, doc):
                taken.append((start, end))
                continue
            if any(m.start < start or m.end > end for m in pieces):
                continue  # part of a longer name the tagger found whole
            if needs_places and not (pieces and _all_places(pieces)):
                continue
            if len(pieces) == 1 and (pieces[0].start, pieces[0].end) == (start, end):
                pieces[0].cue = "location"
                taken.append((start, end))
                continue
            place = _place(pos, ctx.indexes[pos], doc, start, end, gaz)
            if place is None:
                continue
            for m in pieces:
                mentions.remove(m)
            mentions.append(place)
            taken.append((start, end))


def split_routes(ctx: ArticleContext, mentions: list[Mention], gaz: Gazetteer) -> None:
    """ "from Kherson to Mykolaiv" read as one name: the two places it joins."""
    for m in list(mentions):
        if " to " not in m.text:
            continue
        route = _ROUTE.match(m.text)
        doc = ctx.docs[m.doc_pos]
        if route is None or m.token_start == 0 or doc[m.token_start - 1].lower_ != "from":
            continue
        ends = [_place(m.doc_pos, m.paragraph_index, doc, m.start + a, m.start + b, gaz)
                for a, b in (route.span(1), route.span(2))]  # fmt: skip
        if None in ends:
            continue
        mentions.remove(m)
        mentions.extend(e for e in ends if e is not None)


def _kind(m: Mention) -> str:
    return m.known.type if m.known else m.cue or m.type


_PLACE_PREPS = frozenset({"in", "near", "from", "to", "between", "across", "around"})


def type_coordinated_places(ctx: ArticleContext, mentions: list[Mention]) -> None:
    """ "the towns of A and B", "in A and B": a one-word member the tagger calls a
    person or an organization, coordinated with a place, is a place too."""
    by_token = {(m.doc_pos, i): m for m in mentions for i in range(m.token_start, m.token_end)}
    for m in mentions:
        if _kind(m) == "location" or m.titled or m.known or m.token_end - m.token_start != 1:
            continue
        doc = ctx.docs[m.doc_pos]
        tok = doc[m.token_start]
        if tok.dep_ == "conj":  # the second member: its partner heads the pair
            first, other = tok.head, tok.head
        else:
            first = tok
            other = next((c for c in tok.children if c.dep_ == "conj"), tok)
        partner = by_token.get((m.doc_pos, other.i))
        if partner is None or partner is m or _kind(partner) != "location":
            continue
        head = first.head
        if head.lower_ in _PLACE_PREPS or (
            head.lower_ == "of" and head.head.lemma_.lower() in SETTLEMENT_NOUNS
        ):
            m.cue = "location"
