"""Join keys: which claim a statement belongs to, as a pure function of the statement.

Keys are strings built only from what a statement says and from the resolved
entity ids, never from what else is stored, so equal keys meet in one claim in
whatever order the articles arrive.

Commitments: the group is (actor, metric class, basis) where the basis is the
amount's currency, `gdp` for a share-of-GDP target, or `none`; the claim within a
group is the target year.  A statement without a target year joins the group's
one dated claim when there is exactly one, else the group's undated claim (this
depends on the group's statements, and is settled again whenever they change).
Different amounts do not split a claim: they are revisions or a dispute of it
(`planning`).  An actor that is not a named entity joins by its normalised name;
a commitment without an actor stands alone with its article's other statements.

Events: the group is (type, week of the event's date, or of the report's date when
the event is undated); within a group, statements that share a participant entity
form one claim (connected components, so a chain of overlaps joins).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from app.claims.lexicon import metric_class
from app.entities.names import normalise_name

# Second-level labels under which registrable domains take three labels (bbc.co.uk).
_SECOND_LEVEL = frozenset(
    [
        "co",
        "com",
        "net",
        "org",
        "gov",
        "ac",
        "edu",
        "gob",
        "govt",
        "nic",
        "ltd",
        "plc",
        "sch",
        "mil",
        "nhs",
    ]
)


def commitment_basis(currency: str | None, gdp_to: object, gdp_from: object) -> str:
    if currency is not None:
        return currency
    if gdp_to is not None or gdp_from is not None:
        return "gdp"
    return "none"


def commitment_group(
    *,
    actor_entity_id: int | None,
    actor_name: str | None,
    metric: str,
    currency: str | None,
    gdp_to: object,
    gdp_from: object,
    article_id: int,
) -> str:
    if actor_entity_id is not None:
        actor = str(actor_entity_id)
    elif actor_name and normalise_name(actor_name):
        actor = "n:" + normalise_name(actor_name)
    else:
        actor = f"a:{article_id}"
    return f"c|{actor}|{metric_class(metric)}|{commitment_basis(currency, gdp_to, gdp_from)}"


def commitment_key(group: str, target_year: int | None) -> str:
    return f"{group}|{target_year if target_year is not None else '-'}"


def week_of(day: date) -> date:
    """The Monday of the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def event_group(event_type: str, day: date) -> str:
    return f"e|{event_type}|{week_of(day).isoformat()}"


def outlet(url: str | None, source: str | None, article_id: int) -> str:
    """Who published an article: the registrable domain of its URL, else its
    `source`, else the article itself (an outlet of its own)."""
    if url:
        host = (urlsplit(url).hostname or "").rstrip(".").casefold()
        labels = [label for label in host.split(".") if label]
        if labels and labels[0] in {"www", "m", "amp", "mobile"}:
            labels = labels[1:]
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
            return ".".join(labels[-3:])
        if len(labels) >= 2:
            return ".".join(labels[-2:])
        if labels:
            return labels[0]
    if source and source.strip():
        return source.strip().casefold()
    return f"article {article_id}"
