"""Names in headings typed from the body.

A small tagger reads headline case poorly: "Brazil's Lula Pledges ..." gives an
organization "Lula Pledges", "Mbeki Meets Tsvangirai In Harare" a person "Tsvangirai
In Harare" or nothing at all.  The body names the same people and places in
ordinary sentences, where the tagger does better.  So in a heading paragraph (a
Markdown heading or bold line kept in the body, which the caller marks in
`Document.headings`, or a title-case or all-caps line without sentence
punctuation):

- a tagger's name that the body names too takes the type the body gives it;
- a body name the tagger missed or ran into other words is mentioned on its own,
  with the body's type; a surname the body uses only in a full name counts where
  the tagger saw a name, as the person's;
- a heading name the body never names is left as the tagger read it.
"""

from __future__ import annotations

import re
from collections import Counter

from .context import ArticleContext
from .gazetteer import name_key
from .lang.names import ORG_HEADS, SMALL_WORDS
from .mention import Mention
from .name_filters import is_headline_verb
from .types import EntityType

_MAX_WORDS = 20
# Words a title-case heading capitalises between names ("Meets X In Y", "X As Y").
_HEADING_SMALL_WORDS = frozenset({"as", "at", "to", "with", "after", "over", "by", "from", "amid"})
_SENTENCE_END = re.compile(r"[.!:;,]['\"’”)]?$")


def is_heading(text: str) -> bool:
    """A line in headline style: short, one line, no closing punctuation, every
    longer word capitalised (or the whole line in capitals)."""
    text = text.strip()
    if not text or "\n" in text or _SENTENCE_END.search(text):
        return False
    words = text.split()
    if len(words) < 2 or len(words) > _MAX_WORDS:
        return False
    if text.isupper():
        return True
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return len(long_words) >= 2 and all(w[:1].isupper() for w in long_words)


def _kind(m: Mention) -> EntityType:
    return m.known.type if m.known else m.cue or m.type


def _body_types(body: list[Mention]) -> tuple[dict[str, EntityType], set[str]]:
    """Lower-case surface -> the type the body gives it most often (a person's for the
    surname of one person named in full); and the surnames of the body's people
    that the body never uses alone, one person each."""
    votes: dict[str, Counter[EntityType]] = {}
    surnames: dict[str, set[str]] = {}
    for m in body:
        kind = _kind(m)
        if kind not in {"person", "organization", "location"}:
            continue
        votes.setdefault(m.text.casefold(), Counter())[kind] += 1
        words = m.text.split()
        if kind == "person" and len(words) > 1 and len(words[-1]) > 2:
            surnames.setdefault(words[-1].casefold(), set()).add(name_key(m.text))
    types = {text: count.most_common(1)[0][0] for text, count in votes.items()}
    single = {s for s, owners in surnames.items() if len(owners) == 1}
    # "Lagarde" alone, which the tagger may call a place, is the one person so named.
    types.update(dict.fromkeys(single & types.keys(), "person"))
    return types, single - types.keys()


def _pattern(surfaces: list[str]) -> re.Pattern[str]:
    ordered = sorted(surfaces, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in ordered)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _keeps_own_name(m: Mention, found: re.Match[str]) -> bool:
    """A tagger's longer name around a body name is its own name when its other words
    make an organization ("Bank of England" around the person "England")."""
    rest = (m.text[: found.start() - m.start] + " " + m.text[found.end() - m.start :]).lower()
    return any(w in ORG_HEADS or w in SMALL_WORDS for w in re.findall(r"[\w&]+", rest))


_NEXT_WORD = re.compile(r"\s*(['’]s\b|[^\w\s]|\w+|$)")


def _stands_alone(ctx: ArticleContext, text: str, found: re.Match[str]) -> bool:
    """Whether a surname the tagger missed in a heading stands there as a name: the
    article never writes it in lower case ("green"), and a headline verb, a small
    word, a possessive or punctuation follows it ("Okafor Wins", "Meets Okoye In")."""
    word = found.group().casefold()
    if any(re.search(rf"\b{re.escape(word)}\b", t) for t in ctx.texts):
        return False
    nxt = _NEXT_WORD.match(text, found.end())
    follower = nxt.group(1) if nxt else ""
    return (
        not follower
        or not follower[0].isalnum()
        or follower.lower() in SMALL_WORDS | _HEADING_SMALL_WORDS
        or is_headline_verb(follower)
    )


def type_heading_names(ctx: ArticleContext, mentions: list[Mention]) -> None:
    """Retype, cut or add the names of heading paragraphs from the body's names."""
    headings = ctx.headings | {pos for pos, text in enumerate(ctx.texts) if is_heading(text)}
    if not headings or len(headings) == len(ctx.texts):
        return
    types, surnames = _body_types([m for m in mentions if m.doc_pos not in headings])
    types.update(dict.fromkeys(surnames, "person"))
    if not types:
        return
    pattern = _pattern(list(types))
    for pos in sorted(headings):
        text, doc = ctx.texts[pos], ctx.docs[pos]
        own = [m for m in mentions if m.doc_pos == pos]
        for found in pattern.finditer(text):
            start, end = found.start(), found.end()
            if not text[start].isupper():
                continue  # "may" in "Talks May Resume" is no name here
            etype = types.get(found.group().casefold())
            if etype is None:
                continue  # a case-insensitive match whose case folding differs
            pieces = [m for m in own if m.start < end and start < m.end]
            same = next((m for m in pieces if (m.start, m.end) == (start, end)), None)
            if same is not None:
                if same.known is None:
                    same.type, same.cue = etype, None
                continue
            if any(_keeps_own_name(m, found) for m in pieces if m.start <= start and end <= m.end):
                continue
            if (
                not pieces
                and found.group().casefold() in surnames
                and not _stands_alone(ctx, text, found)
            ):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for m in pieces:
                mentions.remove(m)
                own.remove(m)
            added = Mention(
                pos, span.start, span.end, ctx.indexes[pos], start, end, found.group(), etype, False
            )
            mentions.append(added)
            own.append(added)
