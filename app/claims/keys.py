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

Sources: an article's outlet is the registrable domain of its URL, else its
`source`, else the article itself: the SQL function `claim_outlet` (see the
claims migration), so that counting distinct outlets stays in the database.
`outlet` is the same function in Python, for the URLs on which the two are sure
to agree (ASCII, no user part): the write path spares the database its regular
expressions, which cost more than the rest of joining a statement.

Events: the group is (type, week of the event's date, or of the report's date when
the event is undated); within a group, statements that share a participant entity
form one claim (connected components, so a chain of overlaps joins).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from decimal import Decimal

from app.claims.lexicon import metric_class
from app.entities.names import normalise_name

_LOG_STEP = math.log(1.02)


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


def event_key(group: str, entity_ids: Collection[int], statement_ids: Iterable[int]) -> str:
    """An event claim's key: its group, then its smallest participant entity; a claim
    whose events name none takes its smallest statement id (`x` and the id)."""
    anchor = str(min(entity_ids)) if entity_ids else f"x{min(statement_ids)}"
    return f"{group}|{anchor}"


def week_of(day: date) -> date:
    """The Monday of the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def event_group(event_type: str, day: date) -> str:
    return f"e|{event_type}|{week_of(day).isoformat()}"


def value_bucket(amount: Decimal | None, gdp_to: Decimal | None) -> int | None:
    """Amounts in steps of 2% (a log scale), shares of GDP in steps of 0.1 points:
    statements whose values share a bucket agree without comparing them pairwise
    (neighbouring buckets are merged when their values are within tolerance)."""
    if amount is not None:
        return round(math.log(max(float(amount), 1.0)) / _LOG_STEP)
    if gdp_to is not None:
        return round(float(gdp_to) * 10)
    return None


def text_hash(paragraph: str | None) -> str | None:
    """The cited paragraph's text, hashed: two outlets citing the very same paragraph
    are one source (a syndicated copy)."""
    if paragraph is None:
        return None
    return hashlib.md5(paragraph.encode(), usedforsecurity=False).hexdigest()


_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)")
_UNDER_COUNTRY = re.compile(
    r"([^.]+\.(?:co|com|net|org|gov|ac|edu|gob|govt|nic|ltd|plc|sch|mil|nhs)\.[a-z]{2})\Z"
)
_LAST_TWO = re.compile(r"([^.]+\.[^.]+)\Z")


def outlet(url: str | None, source: str | None, article_id: int) -> str | None:
    """`claim_outlet(url, source, article_id)`, or None where only the SQL function
    is sure to give it: text that is not printable ASCII (whose lower case depends
    on the database's locale) and URLs with a user part (`user@host`)."""
    for value in (url, source):
        if value is not None and not (value.isascii() and value.isprintable()):
            return None
    if url is not None:
        if "@" in url:
            return None
        found = _HOST.match(url)
        host = found.group(1).rstrip(".").lower() if found else ""
        if host:
            domain = _UNDER_COUNTRY.search(host) or _LAST_TWO.search(host)
            return domain.group(1) if domain else host
    if source is not None and source.strip(" "):
        return source.strip(" ").lower()
    return f"article {article_id}"
