"""Entity mentions of one article: the tagger's spans, cleaned, plus the ones it missed.

All-caps tokens the tagger skipped but that the article or the gazetteer knows
("NATO", "U.S.") are added; so are "the Commission", "the Fed" when the
gazetteer knows the word or it is the head noun of exactly one multi-word
organization in the article.  Acronyms are linked to their expansions from
"Name (ACR)" and from a name's initials.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .context import ArticleContext
from .gazetteer import Gazetteer, KnownEntity, name_key
from .lang.names import (
    BROADCAST_WORDS,
    DRAINAGE_WORDS,
    LABEL_TYPES,
    SMALL_WORDS,
    SPEECH_LEMMAS,
    UNITS,
)
from .mention import Mention
from .name_filters import (
    government_of,
    headline_end,
    is_name_list,
    list_mentions,
    not_an_entity,
)
from .names import clean_bounds, demonym_mention, joined_ents, only_titles
from .spans import char_range, trim
from .type_cues import context_cue, head_word_cue, list_types, place_cue, water_cue
from .types import EntityType

_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


_THE_WORD = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")


_ALL_CAPS = re.compile(r"(?<![\w.])[A-Z][A-Z.]*[A-Z]\.?(?![\w])")
# Mixed-case short forms with small words in lower case: "DoD", "MoD", "DfID".
_MIXED_ACRONYM = re.compile(r"(?<![\w.])[A-Z][a-z]{1,2}[A-Z][A-Za-z]?(?![\w])")


def collect_mentions(ctx: ArticleContext, gaz: Gazetteer) -> list[Mention]:
    """The tagger's entity spans as mentions, cleaned and typed."""
    mentions: list[Mention] = []
    for pos, doc in enumerate(ctx.docs):
        text = ctx.texts[pos]
        if is_name_list(text):
            mentions.extend(list_mentions(doc, text, ctx.indexes[pos], pos, gaz))
            continue
        found: list[Mention] = []
        for ent in joined_ents(doc):
            mention = _mention(doc, text, ent, gaz)
            if mention is not None:
                mention.doc_pos, mention.paragraph_index = pos, ctx.indexes[pos]
                found.append(mention)
        if len(found) < 3:
            mentions.extend(found)
            continue  # no list of three names
        roots = [(doc[m.token_start : m.token_end].root, _known_type(m)) for m in found]
        shared = list_types(roots)
        for m, (root, _) in zip(found, roots, strict=True):
            # A list corrects the guesses of the tagger for unfamiliar one-word names
            # ("Garissa" as a person); a longer name keeps its own label.
            guessed = m.type == "person" or m.token_end - m.token_start == 1
            if m.cue is None and guessed:
                m.cue = shared.get(root.i)
        mentions.extend(found)
    return mentions


def _known_type(m: Mention) -> EntityType:
    return m.known.type if m.known else m.cue or m.type


def _mention(doc: Doc, text: str, ent: Span, gaz: Gazetteer) -> Mention | None:
    """One tagger span as a mention, or None when it names nothing under the conventions."""
    etype = LABEL_TYPES.get(ent.label_)
    if etype is None:
        return None
    known: KnownEntity | None = None
    if ent.label_ == "NORP":
        if len(ent) == 1 and (country := demonym_mention(ent[0], gaz)):
            etype, known = "location", country
        elif gaz.is_region(ent.text):
            etype = "location"  # "Punjab" read as a nationality
        elif gaz.lookup(ent.text) is None:
            return None  # nationality and party words are not entities
    a, b, titled = clean_bounds(doc, ent.start, ent.end, ent.label_)
    b = headline_end(doc, a, b) if a < b else b
    if a >= b or (ent.label_ == "ORG" and only_titles(doc[a:b], gaz)):
        return None
    if not_an_entity(doc, a, b, ent.label_, gaz):
        return None
    if b - a > 2 and doc[b - 1].lower_ in BROADCAST_WORDS and doc[b - 2].is_title:
        b -= 1  # "Al Jazeera TV" is the broadcaster Al Jazeera
    if etype == "location" and b < len(doc) and doc[b].is_lower and doc[b].lower_ in DRAINAGE_WORDS:
        b += 1  # "the Lake Volta basin": the region a lake or river drains
    government = government_of(doc, a, b, gaz)
    if government is not None:
        a, b, etype, found_known = government
        known = found_known or known
    start, end = trim(text, *char_range(doc, a, b))
    surface = text[start:end]
    if not surface or not any(ch.isupper() for ch in surface) or surface.isdigit():
        return None
    if surface.upper() in UNITS:
        return None
    if text[end : end + 1] == "." and (state := gaz.state_for_abbreviation(surface + ".")):
        known = state  # "Atlanta, Ga."
    known = known or gaz.lookup(surface)
    if etype == "person" and any(ch.isdigit() for ch in surface):
        etype = "other"  # "COP29", "737 MAX": names of people have no digits
    root = doc[a:b].root
    cue = head_word_cue(doc, a, b, ent.label_) or context_cue(root) or place_cue(root, ent.label_)
    cue = water_cue(doc, a, b) or cue
    speaker = root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_LEMMAS
    acts = root.dep_ in {"nsubj", "poss"}
    return Mention(0, a, b, 0, start, end, surface, etype, titled, known, cue, speaker, acts)


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
            if (
                target is not None
                and acr.is_upper
                and acr.is_alpha
                and len(acr.text) >= 2
                and _fits(acr.text, target.text)
            ):
                links[name_key(acr.text)] = name_key(target.text)
    names = {name_key(m.text): m.text for m in mentions if " " in m.text}
    # A gazetteer entry's other names abbreviate it too ("DoD" beside "the Pentagon").
    for m in mentions:
        if m.known is not None:
            for other in (m.known.name, *m.known.aliases):
                if " " in other:
                    names.setdefault(name_key(other), other)
    initials: dict[str, list[str]] = {}
    for key, surface in names.items():
        for letters in _initials(surface):
            if len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2:
                initials.setdefault(letters.casefold(), []).append(key)
    forms = [m.text for m in mentions]
    forms += [f.group() for text in texts for f in _MIXED_ACRONYM.finditer(text)]
    for form in forms:
        compact = form.replace(".", "")
        key = name_key(form)
        if _is_acronym(compact) and key not in links and len(set(initials.get(key, []))) == 1:
            links[key] = initials[key][0]
    return links


def _fits(acronym: str, name: str) -> bool:
    """Whether an acronym can abbreviate a name: it starts with the name's first
    letter and its letters appear, in order, among the name's letters ("UNHCR" for "U.N.
    High Commissioner for Refugees"); a bracketed acronym of something else does not."""
    letters = [ch for ch in name.upper() if ch.isalpha()]
    if not letters or acronym[0] != letters[0]:
        # "U.S. Department of Homeland Security (DHS)": the country before the name.
        first, _, rest = name.partition(" ")
        return "." in first and " " in rest and _fits(acronym, rest)
    pos = 0
    for ch in acronym:
        while pos < len(letters) and letters[pos] != ch:
            pos += 1
        if pos == len(letters):
            return False
        pos += 1
    return True


def _initials(name: str) -> set[str]:
    """Acronyms a name may go by: "USGS" for "U.S. Geological Survey" (a dotted word
    gives all its letters), "DoD" for "Department of Defense" (small words in lower case)."""
    words = name.replace("-", " ").split()
    big = [w for w in words if w.lower() not in SMALL_WORDS]
    plain = "".join(w[0] for w in big)
    dotted = "".join(w.replace(".", "") if "." in w else w[0] for w in big)
    mixed = "".join(w[0] for w in words)
    found = {plain, dotted, mixed}
    if "." in words[0] and len(big) > 2:  # "DHS" for "U.S. Department of Homeland Security"
        found |= {plain[1:], mixed[1:]}
    return found


def _is_acronym(compact: str) -> bool:
    """ "NATO", "USAID", or a mixed-case short form such as "DoD" or "DfID"."""
    if compact.isupper():
        return True
    return (
        " " not in compact
        and len(compact) <= 6
        and compact[:1].isupper()
        and compact[-1:].isupper()
        and sum(ch.isupper() for ch in compact) >= 2
    )


def add_missed_acronyms(
    ctx: ArticleContext, mentions: list[Mention], links: dict[str, str], gaz: Gazetteer
) -> None:
    """Mention all-caps tokens the tagger skipped but the article or gazetteer names."""
    docs, texts, paragraph_indexes = ctx.docs, ctx.texts, ctx.indexes
    covered = {(m.doc_pos, i) for m in mentions for i in range(m.token_start, m.token_end)}
    seen = {name_key(m.text): m.type for m in mentions if m.text.replace(".", "").isupper()}
    for pos, doc in enumerate(docs):
        words = [*_ALL_CAPS.finditer(texts[pos])]
        # A mixed-case short form counts only as the short form of a name in the article.
        words += [w for w in _MIXED_ACRONYM.finditer(texts[pos]) if name_key(w.group()) in links]
        for word in words:
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


_STREET_HEADS = "Street|Square|Avenue|Road|Lane|Palace|Bridge|Tower|Towers|Hall|Airport|Memorial"
_NAMED_PLACE = re.compile(rf"\b(?:[A-Z][a-z]+\s){{1,3}}(?:{_STREET_HEADS})\b")


def add_missed_places(ctx: ArticleContext, mentions: list[Mention]) -> None:
    """Mention streets, squares and buildings the tagger skipped ("in Downing Street"):
    capitalised words before a street or building word, not at a sentence's start."""
    covered = {(m.doc_pos, i) for m in mentions for i in range(m.token_start, m.token_end)}
    for pos, doc in enumerate(ctx.docs):
        for found in _NAMED_PLACE.finditer(ctx.texts[pos]):
            span = doc.char_span(found.start(), found.end())
            if span is None or span[0].is_sent_start or span[0].lower_ in SMALL_WORDS:
                continue
            if any((pos, i) in covered for i in range(span.start, span.end)):
                continue
            start, end = found.start(), found.end()
            mentions.append(
                Mention(
                    pos,
                    span.start,
                    span.end,
                    ctx.indexes[pos],
                    start,
                    end,
                    ctx.texts[pos][start:end],
                    "location",
                    False,
                    None,
                    "location",
                )
            )


def add_missed_surnames(ctx: ArticleContext, mentions: list[Mention]) -> None:
    """Mention a person's surname standing alone where the tagger skipped it ("Mark
    Halvorsen met ... Halvorsen later flew to Seoul"): the capitalised surname of
    exactly one person the article names in full, not inside a longer name."""
    owners: dict[str, set[str]] = {}
    for m in mentions:
        words = m.text.split()
        if m.type == "person" and len(words) > 1 and words[-1][:1].isupper():
            owners.setdefault(words[-1], set()).add(m.text)
    surnames = sorted(w for w, names in owners.items() if len(names) == 1 and len(w) > 2)
    if not surnames:
        return
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    covered = {(m.doc_pos, i) for m in mentions for i in range(m.token_start, m.token_end)}
    for pos, doc in enumerate(ctx.docs):
        text = ctx.texts[pos]
        for found in pattern.finditer(text):
            span = doc.char_span(found.start(), found.end())
            if span is None or len(span) != 1 or (pos, span.start) in covered:
                continue
            tok = span[0]
            before = doc[tok.i - 1] if tok.i > 0 else None
            after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            # Part of a longer name ("Halvorsen Shipping", "Anna Halvorsen"): not his.
            if (before is not None and before.is_title and not before.is_sent_start) or (
                after is not None and after.is_title and after.pos_ == "PROPN"
            ):
                continue
            mentions.append(
                Mention(
                    pos,
                    tok.i,
                    tok.i + 1,
                    ctx.indexes[pos],
                    found.start(),
                    found.end(),
                    found.group(),
                    "person",
                    False,
                    None,
                    "person",
                )
            )
