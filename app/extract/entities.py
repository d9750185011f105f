"""Named entities of one article: clean NER spans, fix their types, merge aliases.

Stages, all within one article (one `ArticleContext`):

1. *Mentions* (`mentions`, `names`): spaCy entities trimmed of a leading "the",
   of honorifics and titles, and of a possessive; labels mapped to our types
   (`lang.names.LABEL_TYPES`); a nationality adjective kept only when it stands
   for the state ("the British government"); names the tagger split or missed
   repaired or added.
2. *Clusters* (`clusters`): mentions merged by gazetteer entry, normalised name,
   acronym, surname and head noun.
3. *Types and names*: voted across a cluster; the gazetteer overrides the vote.
"""

from __future__ import annotations

from .clusters import canonical_name, cluster_mentions, vote
from .context import ArticleContext, ArticleEntities
from .gazetteer import Gazetteer, name_key
from .headlines import type_heading_names
from .lang.names import BARE_BODY_NOUNS, STATE_NOUNS, TITLES
from .mentions import (
    acronym_links,
    add_missed_acronyms,
    add_missed_places,
    add_missed_surnames,
    add_missed_tails,
    collect_mentions,
)
from .place_names import keep_place_names_whole, split_routes, type_coordinated_places
from .types import EntityFact, ParagraphSpan

__all__ = ["STATE_NOUNS", "TITLES", "ArticleEntities", "resolve_entities"]


def resolve_entities(ctx: ArticleContext, gaz: Gazetteer) -> ArticleEntities:
    """The entities of one parsed article; also stored on `ctx.entities`."""
    mentions = collect_mentions(ctx, gaz)
    keep_place_names_whole(ctx, mentions, gaz)
    split_routes(ctx, mentions, gaz)
    type_coordinated_places(ctx, mentions)
    type_heading_names(ctx, mentions)
    links = acronym_links(ctx, mentions)
    add_missed_acronyms(ctx, mentions, links, gaz)
    add_missed_tails(ctx, mentions, gaz)
    add_missed_places(ctx, mentions)
    add_missed_surnames(ctx, mentions)
    facts: list[EntityFact] = []
    by_token: list[dict[int, EntityFact]] = [{} for _ in ctx.docs]
    for cluster in cluster_mentions(mentions, links, gaz):
        if cluster.known is None and all(
            name_key(m.text) in BARE_BODY_NOUNS for m in cluster.mentions
        ):
            continue  # "the Government" that joined no named one: a title without a name
        etype, share = vote(cluster)
        name = canonical_name(cluster)
        surfaces = dict.fromkeys(m.text for m in cluster.mentions if m.text != name)
        extra = cluster.known.aliases if cluster.known else ()
        aliases = list(dict.fromkeys([*surfaces, *(a for a in extra if a != name)]))
        ordered = sorted(cluster.mentions, key=lambda m: (m.doc_pos, m.start))
        confidence = 0.97 if cluster.known else round(0.5 + 0.45 * share, 3)
        fact = EntityFact(
            name=name,
            type=etype,
            mentions=[ParagraphSpan(m.paragraph_index, m.start, m.end) for m in ordered],
            aliases=aliases,
            confidence=confidence,
        )
        facts.append(fact)
        for m in cluster.mentions:
            for i in range(m.token_start, m.token_end):
                by_token[m.doc_pos][i] = fact
    ctx.entities = ArticleEntities(facts, by_token)
    return ctx.entities
