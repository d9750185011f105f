"""Entity mentions of one article: the tagger's spans, cleaned, plus the ones it missed.

All-caps tokens the tagger skipped but that the article or the gazetteer knows
("NATO", "U.S.") are added; so are "the Commission", "the Fed" when the
gazetteer knows the word or it is the head noun of exactly one multi-word
organization in the article.  Acronyms are linked to their expansions from
"Name (ACR)" and from a name's initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import ArticleContext
from .gazetteer import Gazetteer, KnownEntity, name_key
from .lang.names import LABEL_TYPES, SMALL_WORDS, UNITS
from .names import clean_bounds, demonym_mention, joined_ents, only_titles
from .spans import char_range, trim
from .types import EntityType

_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


_THE_WORD = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")


_ALL_CAPS = re.compile(r"(?<![\w.])[A-Z][A-Z.]*[A-Z]\.?(?![\w])")


@dataclass(slots=True)
class Mention:
    doc_pos: int
    token_start: int
    token_end: int
    paragraph_index: int
    start: int
    end: int
    text: str
    type: EntityType
    titled: bool
    known: KnownEntity | None = None


def collect_mentions(ctx: ArticleContext, gaz: Gazetteer) -> list[Mention]:
    """The tagger's entity spans as mentions, cleaned and typed."""
    docs, texts, paragraph_indexes = ctx.docs, ctx.texts, ctx.indexes
    mentions: list[Mention] = []
    for pos, doc in enumerate(docs):
        text = texts[pos]
        for ent in joined_ents(doc):
            etype = LABEL_TYPES.get(ent.label_)
            if etype is None:
                continue
            known: KnownEntity | None = None
            if ent.label_ == "NORP":
                if len(ent) == 1 and (country := demonym_mention(ent[0], gaz)):
                    etype, known = "location", country
                elif ent[-1].tag_ not in {"NNPS", "NNS"} and gaz.lookup(ent.text) is None:
                    continue
            a, b, titled = clean_bounds(doc, ent.start, ent.end, ent.label_)
            if a >= b or (ent.label_ == "ORG" and only_titles(doc[a:b], gaz)):
                continue
            start, end = trim(text, *char_range(doc, a, b))
            surface = text[start:end]
            if not surface or not any(ch.isupper() for ch in surface) or surface.isdigit():
                continue
            if surface.upper() in UNITS:
                continue
            known = known or gaz.lookup(surface)
            if etype == "person" and any(ch.isdigit() for ch in surface):
                etype = "other"  # "COP29", "737 MAX": names of people have no digits
            mentions.append(
                Mention(
                    pos, a, b, paragraph_indexes[pos], start, end, surface, etype, titled, known
                )
            )
    return mentions


def acronym_links(ctx: ArticleContext, mentions: list[Mention]) -> dict[str, str]:
    """Acronym key -> expansion key, from "Name (ACR)" patterns and from initials."""
    docs, texts = ctx.docs, ctx.texts
    links: dict[str, str] = {}
    by_end = {(m.doc_pos, m.token_end): m for m in mentions}
    for pos, doc in enumerate(docs):
        for paren in _ACRONYM_IN_PARENS.finditer(texts[pos]):
            acr_span = doc.char_span(paren.start(1), paren.end(1))
            if acr_span is None or len(acr_span) != 1:
                continue
            acr = acr_span[0]
            tok = doc[acr.i - 1]
            target = by_end.get((pos, tok.i))
            if target is not None and acr.is_upper and acr.is_alpha and len(acr.text) >= 2:
                links[name_key(acr.text)] = name_key(target.text)
    names = {name_key(m.text): m.text for m in mentions if " " in m.text}
    initials: dict[str, list[str]] = {}
    for key, surface in names.items():
        letters = "".join(w[0] for w in surface.split() if w.lower() not in SMALL_WORDS)
        if len(letters) >= 2 and letters.isupper():
            initials.setdefault(letters.casefold(), []).append(key)
    for m in mentions:
        compact = m.text.replace(".", "")
        key = name_key(m.text)
        if compact.isupper() and key not in links and len(initials.get(key, [])) == 1:
            links[key] = initials[key][0]
    return links


def add_missed_acronyms(
    ctx: ArticleContext, mentions: list[Mention], links: dict[str, str], gaz: Gazetteer
) -> None:
    """Mention all-caps tokens the tagger skipped but the article or gazetteer names."""
    docs, texts, paragraph_indexes = ctx.docs, ctx.texts, ctx.indexes
    covered = {(m.doc_pos, i) for m in mentions for i in range(m.token_start, m.token_end)}
    seen = {name_key(m.text): m.type for m in mentions if m.text.replace(".", "").isupper()}
    for pos, doc in enumerate(docs):
        for word in _ALL_CAPS.finditer(texts[pos]):
            found = doc.char_span(word.start(), word.end())
            if found is None or len(found) != 1 or (pos, found.start) in covered:
                continue
            tok = found[0]
            key = name_key(tok.text)
            known = gaz.lookup(tok.text)
            etype = known.type if known else seen.get(key)
            if etype is None and key in links:
                etype = "organization"
            if etype is None:
                continue
            start = tok.idx
            end = start + len(tok.text)
            mentions.append(
                Mention(
                    pos,
                    tok.i,
                    tok.i + 1,
                    paragraph_indexes[pos],
                    start,
                    end,
                    tok.text,
                    etype,
                    False,
                    known,
                )
            )


def org_tails(names: list[str]) -> dict[str, list[str]]:
    """Head word key -> the multi-word organization names with that head noun."""
    tails: dict[str, list[str]] = {}
    for name in names:
        # The head noun: "Bank" in "Bank of England", "Commission" in "European Commission".
        last = re.split(r"\s+(?:of|for|on)\s+", name)[0].split()[-1]
        if last[:1].isupper() and last.lower() not in SMALL_WORDS:
            tails.setdefault(name_key(last), []).append(name)
    return tails


def add_missed_tails(ctx: ArticleContext, mentions: list[Mention], gaz: Gazetteer) -> None:
    """Mention "the Commission"/"the Fed" the tagger skipped.

    A capitalised word after "the" is an organization when the gazetteer knows
    it ("the Fed") or when it ends exactly one multi-word organization named in
    the article ("the Commission" after "European Commission").
    """
    orgs = {m.text for m in mentions if m.type == "organization" and " " in m.text}
    orgs |= {m.known.name for m in mentions if m.known and m.known.type == "organization"}
    tails = {k for k, v in org_tails(sorted(orgs)).items() if len(v) == 1}
    words = tails | gaz.single_word_orgs
    if not words:
        return
    docs, texts, paragraph_indexes = ctx.docs, ctx.texts, ctx.indexes
    covered = {(m.doc_pos, i) for m in mentions for i in range(m.token_start, m.token_end)}
    for pos, doc in enumerate(docs):
        for found in _THE_WORD.finditer(texts[pos]):
            word = found.group(1)
            if name_key(word) not in words:
                continue
            span = doc.char_span(found.start(1), found.end(1))
            if span is None or len(span) != 1 or (pos, span.start) in covered:
                continue
            tok = span[0]
            if tok.pos_ not in {"PROPN", "NOUN"}:
                continue
            known = gaz.lookup(word)
            if known is not None and known.type != "organization":
                continue
            mentions.append(
                Mention(
                    pos,
                    tok.i,
                    tok.i + 1,
                    paragraph_indexes[pos],
                    tok.idx,
                    tok.idx + len(word),
                    word,
                    "organization",
                    False,
                    known,
                )
            )
