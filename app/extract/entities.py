"""Named entities of one article: clean NER spans, fix their types, merge aliases.

Stages, all within one article:

1. *Mentions*: spaCy entities are trimmed of a leading "the", of honorifics and
   titles ("President", "Secretary General", "Mr."), and of a possessive "'s".
   Labels map to our types (PERSON -> person, ORG -> organization,
   GPE/LOC/FAC -> location, NORP -> group, PRODUCT/EVENT/LAW/WORK_OF_ART ->
   other); numeric and temporal labels are dropped.  A nationality adjective
   ("British", "Ukrainian") is only kept when it stands for the state ("the
   British government", "Ukrainian forces") and then names the country; plural
   group nouns ("Republicans", "Ukrainians") stay groups.  All-caps tokens the
   tagger missed but that the article or the gazetteer knows ("NATO", "U.S.")
   are added.  A person span continues over lower-case name particles and the
   capitalised words after them ("Ursula von" + "der" + "Leyen" tagged as a
   place -> one person "Ursula von der Leyen"; the merged span wins over the
   tail's type), and particles before a lone surname make it a person ("von
   der Leyen said").  "The Commission", "the Fed" are mentioned even when the
   tagger skips them, if the gazetteer knows the word or it is the head noun of
   exactly one multi-word organization in the article.
2. *Clusters*: mentions merge when they share a gazetteer entry or a normalised
   name; an acronym joins its expansion (from "X (ACR)" or from the initials of
   a name seen in the article); a surname-only mention (with or without its
   particles) joins the full name when exactly one multi-word person in the
   article has that surname; a one-word organization ("the Bank") joins the
   only multi-word organization with that head noun ("World Bank", "Bank of
   England"), and stays apart when two share it.
3. *Types*: voted across a cluster's mentions; a title before a name counts as
   strong evidence for a person; the gazetteer overrides the vote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, KnownEntity, name_key
from .spans import char_range, trim
from .types import EntityFact, EntityType
from .types import Span as Citation

LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "NORP": "group",
    "PRODUCT": "other",
    "EVENT": "other",
    "LAW": "other",
    "WORK_OF_ART": "other",
}

# Lower-cased words that, before a name, are honorifics or office titles.
TITLES = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "general",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
        "dame",
        "lord",
        "lady",
        "chancellor",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "ceo",
        "cfo",
        "coo",
        "chairman",
        "chairwoman",
        "chair",
        "chief",
        "executive",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "finance",
        "interior",
        "premier",
        "ambassador",
        "commissioner",
        "judge",
        "justice",
        "mayor",
        "speaker",
        "emir",
        "crown",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "commander",
        "gen",
        "gen.",
        "col",
        "col.",
        "lt",
        "lt.",
        "maj",
        "maj.",
        "capt",
        "capt.",
        "adm",
        "adm.",
        "treasury",
        "trade",
        "home",
        "high",
        "former",
        "ex",
        "acting",
        "interim",
        "financial",
        "officer",
        "operating",
        "board",
        "member",
        "sheikh",
        "first",
        "state",
        "leader",
        "head",
    ]
)

# Nouns after which a nationality adjective denotes the state itself.
STATE_NOUNS = frozenset(
    [
        "government",
        "administration",
        "forces",
        "troops",
        "military",
        "army",
        "navy",
        "air",
        "officials",
        "authorities",
        "ministry",
        "embassy",
        "parliament",
        "cabinet",
        "delegation",
        "diplomats",
        "diplomat",
        "leaders",
        "leader",
        "president",
        "prime",
        "minister",
        "chancellor",
        "counterpart",
        "regime",
        "state",
        "lawmakers",
        "legislators",
        "parliamentarians",
        "negotiators",
        "mps",
    ]
)

# Lower-case particles inside personal names: "Ursula von der Leyen", "Gerard ter Horst".
NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "des",
        "du",
        "la",
        "le",
        "bin",
        "bint",
        "ibn",
        "ben",
        "al",
        "el",
        "ter",
        "ten",
        "zu",
        "y",
    ]
)

# Particles that may open a surname standing alone ("von der Leyen said").
_LEAD_PARTICLES = NAME_PARTICLES - {"y", "la", "le", "do", "das", "dos", "des", "ben", "el"}

_NOT_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "INTJ"})

_TYPE_ORDER: tuple[EntityType, ...] = ("person", "location", "organization", "group", "other")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "on", "in", "&"})
_TITLE_WEIGHT = 5
_REGION_WEIGHT = 3
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_THE_WORD = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
_ALL_CAPS = re.compile(r"(?<![\w.])[A-Z][A-Z.]*[A-Z]\.?(?![\w])")
# All-caps units that are not names: "2,400 MW".
_UNITS = frozenset({"MW", "GW", "KW", "TW", "MWH", "GWH", "KWH", "KM", "KG", "BPD", "MPH", "PPM"})


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


@dataclass(slots=True)
class _Cluster:
    mentions: list[Mention] = field(default_factory=list)
    known: KnownEntity | None = None
    region: bool = False  # its name is a state or province in the gazetteer


class ArticleEntities:
    """The entities of one article and which tokens mention them."""

    def __init__(self, facts: list[EntityFact], by_token: list[dict[int, EntityFact]]) -> None:
        self.facts = facts
        self._by_token = by_token
        self._persons: list[tuple[int, int, EntityFact]] = sorted(
            (pos, i, fact)
            for pos, tokens in enumerate(by_token)
            for i, fact in tokens.items()
            if fact.type == "person"
        )

    def at(self, doc_pos: int, token_i: int) -> EntityFact | None:
        """The entity whose mention covers token `token_i` of document `doc_pos`."""
        return self._by_token[doc_pos].get(token_i)

    def person_tokens(self, doc_pos: int) -> frozenset[int]:
        """Indexes of the tokens of document `doc_pos` that mention a person."""
        return frozenset(i for i, f in self._by_token[doc_pos].items() if f.type == "person")

    def by_name(self, name: str) -> EntityFact | None:
        return next((f for f in self.facts if f.name == name), None)

    def most_mentioned(self, etype: EntityType) -> EntityFact | None:
        candidates = [f for f in self.facts if f.type == etype]
        return max(candidates, key=lambda f: len(f.mentions)) if candidates else None

    def last_person_before(self, doc_pos: int, token_i: int) -> EntityFact | None:
        """The most recently mentioned person before a token: the referent of "he"/"she"."""
        best: EntityFact | None = None
        for pos, i, fact in self._persons:
            if (pos, i) >= (doc_pos, token_i):
                break
            best = fact
        return best


def _is_title(token: Token) -> bool:
    return token.lower_ in TITLES and (token.is_title or token.is_upper or token.lower_ == "former")


def _is_determiner(token: Token) -> bool:
    """A determiner to drop: "the United States", but not the name "The Hague"."""
    if token.lower_ in {"a", "an"}:
        return True
    return token.lower_ == "the" and (token.text == "the" or bool(token.is_sent_start))


def _clean_bounds(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, bool]:
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
        and not _is_title(doc[start - 1])
        and doc[start - 1].ent_type_ == ""
    ):
        start -= 1
    while start < end and (_is_determiner(doc[start]) or doc[start].is_punct):
        start += 1
    if label == "PERSON":
        last_title = -1
        for i in range(start, end - 1):
            if _is_title(doc[i]):
                last_title = i
        if last_title >= 0:
            start, titled = last_title + 1, True
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_lower
    ):
        end -= 1
    if start > 0 and not titled:
        prev = doc[start - 1]
        titled = _is_title(prev) and prev.lower_ not in {"former", "first", "state"}
    return start, end, titled


def _demonym_mention(token: Token, gaz: Gazetteer) -> KnownEntity | None:
    """The country a nationality adjective stands for, when it modifies a state noun."""
    country = gaz.country_for_demonym(token.text)
    if country is None:
        return None
    head = token.head
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    for cand in (head, nxt):
        if cand is not None and (cand.lower_ in STATE_NOUNS or _is_title(cand)):
            return country
    return None


def _is_name_word(token: Token) -> bool:
    """A capitalised word that can continue a personal name ("Leyen", "Horst")."""
    return (
        token.is_title
        and token.is_alpha
        and not _is_title(token)
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


def _is_particle(token: Token) -> bool:
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
    while i < len(doc) and _is_particle(doc[i]):
        i += 1
    particles_end = i
    # The particle may already be the last word of the person span ("Ursula von").
    if i == end and not _is_particle(doc[end - 1]):
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
        if start > ent.start and _is_particle(doc[start]) and doc[start].lower_ in _LEAD_PARTICLES:
            named = doc[start : ent.end]
            named.label_ = "PERSON"
            out.append(named)
            skip_until = ent.end
            continue
        start = ent.start
        while (
            start > 0 and _is_particle(doc[start - 1]) and doc[start - 1].lower_ in _LEAD_PARTICLES
        ):
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


def _joined_ents(doc: Doc) -> list[Span]:
    """Entities, re-joining names the tagger split at a connective ("X and" + "Y")."""
    ents = _merge_particle_names(doc, list(doc.ents))
    joined: list[Span] = []
    for ent in ents:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.end == ent.start
            and prev.label_ == ent.label_ == "ORG"
            and prev[-1].lower_ in _SMALL_WORDS
        ):
            joined[-1] = doc[prev.start : ent.end]
            joined[-1].label_ = "ORG"
        else:
            joined.append(ent)
    return joined


def _only_titles(tokens: Span, gaz: Gazetteer) -> bool:
    """ "British Defence" is a title fragment, not an organization."""
    return all(t.lower_ in TITLES or gaz.country_for_demonym(t.text) for t in tokens)


def _collect_mentions(
    docs: Sequence[Doc], texts: Sequence[str], paragraph_indexes: Sequence[int], gaz: Gazetteer
) -> list[Mention]:
    mentions: list[Mention] = []
    for pos, doc in enumerate(docs):
        text = texts[pos]
        for ent in _joined_ents(doc):
            etype = LABEL_TYPES.get(ent.label_)
            if etype is None:
                continue
            known: KnownEntity | None = None
            if ent.label_ == "NORP":
                if len(ent) == 1 and (country := _demonym_mention(ent[0], gaz)):
                    etype, known = "location", country
                elif ent[-1].tag_ not in {"NNPS", "NNS"} and gaz.lookup(ent.text) is None:
                    continue
            a, b, titled = _clean_bounds(doc, ent.start, ent.end, ent.label_)
            if a >= b or (ent.label_ == "ORG" and _only_titles(doc[a:b], gaz)):
                continue
            start, end = trim(text, *char_range(doc, a, b))
            surface = text[start:end]
            if not surface or not any(ch.isupper() for ch in surface) or surface.isdigit():
                continue
            if surface.upper() in _UNITS:
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


def _acronym_links(
    docs: Sequence[Doc], texts: Sequence[str], mentions: list[Mention]
) -> dict[str, str]:
    """Acronym key -> expansion key, from "Name (ACR)" patterns and from initials."""
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
        letters = "".join(w[0] for w in surface.split() if w.lower() not in _SMALL_WORDS)
        if len(letters) >= 2 and letters.isupper():
            initials.setdefault(letters.casefold(), []).append(key)
    for m in mentions:
        compact = m.text.replace(".", "")
        key = name_key(m.text)
        if compact.isupper() and key not in links and len(initials.get(key, [])) == 1:
            links[key] = initials[key][0]
    return links


def _add_missed_acronyms(
    docs: Sequence[Doc],
    texts: Sequence[str],
    paragraph_indexes: Sequence[int],
    mentions: list[Mention],
    links: dict[str, str],
    gaz: Gazetteer,
) -> None:
    """Mention all-caps tokens the tagger skipped but the article or gazetteer names."""
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


def _cluster(mentions: list[Mention], links: dict[str, str], gaz: Gazetteer) -> list[_Cluster]:
    clusters: dict[str, _Cluster] = {}
    for m in mentions:
        key = f"gaz:{m.known.name}" if m.known else links.get(name_key(m.text), name_key(m.text))
        cluster = clusters.setdefault(key, _Cluster(known=m.known))
        cluster.mentions.append(m)
        cluster.region = cluster.region or (m.known is None and gaz.is_region(m.text))
    # A linked acronym's expansion may itself be a gazetteer name.
    for key in list(clusters):
        target = links.get(key)
        if target in clusters and target != key:
            clusters[target].mentions.extend(clusters.pop(key).mentions)
    _merge_org_tails(clusters)
    _merge_person_names(clusters)
    return sorted(clusters.values(), key=lambda c: (c.mentions[0].doc_pos, c.mentions[0].start))


def _org_name(cluster: _Cluster) -> str | None:
    """The multi-word organization name of a cluster, if it is one."""
    if cluster.known is not None:
        name = cluster.known.name
        return name if cluster.known.type == "organization" and " " in name else None
    if _vote(cluster)[0] != "organization":
        return None
    longest = max((m.text for m in cluster.mentions), key=lambda t: len(t.split()))
    return longest if " " in longest else None


def org_tails(names: list[str]) -> dict[str, list[str]]:
    """Head word key -> the multi-word organization names with that head noun."""
    tails: dict[str, list[str]] = {}
    for name in names:
        # The head noun: "Bank" in "Bank of England", "Commission" in "European Commission".
        last = re.split(r"\s+(?:of|for|on)\s+", name)[0].split()[-1]
        if last[:1].isupper() and last.lower() not in _SMALL_WORDS:
            tails.setdefault(name_key(last), []).append(name)
    return tails


def _merge_org_tails(clusters: dict[str, _Cluster]) -> None:
    """Join "the Commission" to "European Commission" when no other org ends in "Commission"."""
    names = {key: name for key, c in clusters.items() if (name := _org_name(c)) is not None}
    tails = org_tails(list(names.values()))
    by_name = {name: key for key, name in names.items()}
    for key in list(clusters):
        cluster = clusters[key]
        if cluster.known is not None or " " in key or key not in tails:
            continue
        if any(m.type == "person" or m.titled for m in cluster.mentions):
            continue
        owners = tails[key]
        if len(owners) == 1 and by_name[owners[0]] != key:
            clusters[by_name[owners[0]]].mentions.extend(clusters.pop(key).mentions)


def _add_missed_tails(
    docs: Sequence[Doc],
    texts: Sequence[str],
    paragraph_indexes: Sequence[int],
    mentions: list[Mention],
    gaz: Gazetteer,
) -> None:
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


def _merge_person_names(clusters: dict[str, _Cluster]) -> None:
    """Join "Rutte" to "Mark Rutte" and "Donald J. Trump" to "Donald Trump"."""
    full: dict[str, list[str]] = {}
    for key, cluster in clusters.items():
        words = key.split()
        if cluster.known is None and len(words) >= 2 and _vote(cluster)[0] == "person":
            full.setdefault(f"{words[0]} {words[-1]}", []).append(key)
    for keys in full.values():
        for other in keys[1:]:
            if other in clusters:
                clusters[keys[0]].mentions.extend(clusters.pop(other).mentions)
    surnames: dict[str, list[str]] = {}
    for key, cluster in clusters.items():
        words = key.split()
        if words and words[0] in NAME_PARTICLES:
            continue  # a surname with its particles, not a full name
        if cluster.known is None and len(words) >= 2 and _vote(cluster)[0] == "person":
            surnames.setdefault(words[-1], []).append(key)
    for key in list(clusters):
        cluster = clusters[key]
        joinable = all(m.type in {"person", "organization"} for m in cluster.mentions)
        words = key.split()
        while len(words) > 1 and words[0] in NAME_PARTICLES:
            words = words[1:]  # "von der Leyen" is the surname "Leyen" with its particles
        bare = words[0] if len(words) == 1 else None
        if (
            cluster.known is None
            and bare is not None
            and len(surnames.get(bare, [])) == 1
            and surnames[bare][0] != key
            and joinable
        ):
            clusters[surnames[bare][0]].mentions.extend(clusters.pop(key).mentions)


def _vote(cluster: _Cluster) -> tuple[EntityType, float]:
    """Winning type and its share of the (title- and region-weighted) votes."""
    if cluster.known is not None:
        return cluster.known.type, 1.0
    votes: Counter[EntityType] = Counter()
    for m in cluster.mentions:
        votes[m.type] += 1
        if m.titled:
            votes["person"] += _TITLE_WEIGHT
    if cluster.region:
        votes["location"] += _REGION_WEIGHT
    best = max(_TYPE_ORDER, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))
    return best, votes[best] / sum(votes.values())


def _canonical_name(cluster: _Cluster) -> str:
    if cluster.known is not None:
        return cluster.known.name
    counts = Counter(m.text for m in cluster.mentions)
    first = {m.text: i for i, m in reversed(list(enumerate(cluster.mentions)))}
    return max(counts, key=lambda t: (not t.isupper(), len(t.split()), counts[t], -first[t]))


def resolve_entities(
    docs: Sequence[Doc], texts: Sequence[str], paragraph_indexes: Sequence[int], gaz: Gazetteer
) -> ArticleEntities:
    """Extract the entities of one article's parsed paragraphs (`texts` are their texts)."""
    mentions = _collect_mentions(docs, texts, paragraph_indexes, gaz)
    links = _acronym_links(docs, texts, mentions)
    _add_missed_acronyms(docs, texts, paragraph_indexes, mentions, links, gaz)
    _add_missed_tails(docs, texts, paragraph_indexes, mentions, gaz)
    facts: list[EntityFact] = []
    by_token: list[dict[int, EntityFact]] = [{} for _ in docs]
    for cluster in _cluster(mentions, links, gaz):
        etype, share = _vote(cluster)
        name = _canonical_name(cluster)
        surfaces = dict.fromkeys(m.text for m in cluster.mentions if m.text != name)
        extra = cluster.known.aliases if cluster.known else ()
        aliases = list(dict.fromkeys([*surfaces, *(a for a in extra if a != name)]))
        ordered = sorted(cluster.mentions, key=lambda m: (m.doc_pos, m.start))
        confidence = 0.97 if cluster.known else round(0.5 + 0.45 * share, 3)
        fact = EntityFact(
            name=name,
            type=etype,
            mentions=[Citation(m.paragraph_index, m.start, m.end) for m in ordered],
            aliases=aliases,
            confidence=confidence,
        )
        facts.append(fact)
        for m in cluster.mentions:
            for i in range(m.token_start, m.token_end):
                by_token[m.doc_pos][i] = fact
    return ArticleEntities(facts, by_token)
