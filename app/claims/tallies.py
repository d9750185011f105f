"""A claim's tallies, kept as statements join: what the claim is summarised from.

Statements that join a claim are *added*: the write path has them at hand, so
their counts, first reports, values and labels are summed here, in Python, and
merged into the stored tallies by set-based statements: one (`_TALLIES`) for a
commitment claim's buckets (`claim_buckets`), an event claim's labels
(`claim_labels`), and for both each cited text's origin (the outlet that carried
it first, see `planning`: `claim_texts`); then one for the sources those origins
make (`claim_sources`, each statement's `claim_source`: what a claim's detail
lists and `source_count` counts).  The claims are then written in one more
(`_WRITE`).  Each statement returns what the claim is then
rendered from, so a claim costs the same to update at its thousandth report as at
its second, and a batch of statements costs a handful of statements whatever its
size.  Claims that lose statements (revisions, deletes, moves) are *recounted*
where their statements are, in the database (`_RECOUNT`): the same sums over their
current statements, one statement per kind of claim, brought into the stored
tallies by difference, so that the API does not read a large claim's statements
back (a test checks that a report added and then deleted leaves every tally as
it was: the two ways of summing agree).  A text found to have been carried first
by another outlet moves its statements to that outlet's source, and the two
sources are brought up to date from their tallies and the moved statements
(`_MOVE_SOURCES`), not counted again from every statement they hold.  All of it
runs under the groups' locks (`joining`).

A claim of one statement keeps no tallies: its statement is its source, and what
it is rendered from is made from that statement alone (most claims are one
outlet's report, and their tally rows would double what joining writes).  Its
tallies are written when it gains a second statement, its first read back and
added again with the new ones, and cleared when a recount leaves it one; the
claim's detail reads such a claim's source from its statement (`repository`).

The sums are order-independent: counts add, first reports are minima, and ties
(the earliest statement's metric, a text's first outlet, the label most given)
break by code point, as `COLLATE "C"` compares UTF-8.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.lifecycle import PLEDGED
from app.claims.planning import (
    Bucket,
    CommitmentClaim,
    EventLabels,
    Rendered,
    Totals,
    render_commitment,
    render_event,
)
from app.core import driver
from app.events.schemas import DateOut

NO_BUCKET = -1  # the bucket of statements without a value

# The columns of a claim the write path reads and writes (`State`).
CLAIM_COLUMNS = (
    "id, key, kind, group_key, actor_entity_id, metric_class, basis, currency, target_year,"
    " event_type, statement_count, source_count, first_reported, last_reported, metric,"
    " actor_name, named_at, entity_ids"
)


@dataclass(slots=True)
class State:
    """A claim as stored, then as the statements joining it make it."""

    id: int
    key: str
    kind: str
    group_key: str
    actor_entity_id: int | None
    metric_class: str | None
    basis: str | None
    currency: str | None
    target_year: int | None
    event_type: str | None
    statement_count: int = 0
    source_count: int = 0
    first_reported: datetime | None = None
    last_reported: datetime | None = None
    metric: str | None = None
    actor_name: str | None = None
    named_at: datetime | None = None
    entity_ids: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, row: Any) -> State:
        state = cls(*row[:10])
        (
            state.statement_count,
            state.source_count,
            state.first_reported,
            state.last_reported,
            state.metric,
            state.actor_name,
            state.named_at,
        ) = row[10:17]
        state.entity_ids = list(row[17] or [])
        return state

    def reset(self) -> None:
        self.statement_count = self.source_count = 0
        self.first_reported = self.last_reported = self.named_at = None
        self.metric = self.actor_name = None
        self.entity_ids = []


@dataclass(frozen=True, slots=True)
class EventStatement:
    """An event statement's claim columns and its participants (entity id, name)."""

    row: dict[str, Any]
    participants: Sequence[tuple[int, str]]


# The statement of a claim of one statement that gains more, read back (as a
# recount reads a claim's, `_RECOUNT`): each claim's through its index, on its own
# (a lateral subquery kept apart by `OFFSET 0`), whatever the planner knows of the
# table: as one join, a store without statistics had every current statement
# hashed against the claims.
_COMMITMENTS = text(
    "SELECT s.* FROM unnest(CAST(:ids AS bigint[])) AS c(id) CROSS JOIN LATERAL"
    " (SELECT id, article_id, claim_id, claim_source, lifecycle, value_bucket, amount_value,"
    " gdp_from, gdp_to, reported_at, metric, actor_name, text_hash, outlet FROM commitments"
    " WHERE claim_id = c.id AND is_current OFFSET 0) s"
)
# An event's (`s`) participant entities and their names, in order.  Events join by
# shared participant entities: a described participant ("protesters", entity_id
# null) is no entity, and two events that both have protesters are not thereby one
# event.
EVENT_PARTICIPANTS = (
    " (SELECT coalesce(array_agg(ep.entity_id ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id AND ep.entity_id IS NOT NULL)"
    " AS entity_ids,"
    " (SELECT coalesce(array_agg(ep.name ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id AND ep.entity_id IS NOT NULL)"
    " AS names"
)
# The current events (`s`) of the claims `:ids`, each claim's through its index.
EVENTS_OF_CLAIMS = (
    " FROM unnest(CAST(:ids AS bigint[])) AS c(id) CROSS JOIN LATERAL"
    " (SELECT * FROM events WHERE claim_id = c.id AND is_current OFFSET 0) s"
)
# An event statement's columns as `add` takes it (`_stored_event`).
_EVENT_STATEMENT = (
    "SELECT s.id, s.article_id, s.claim_id, s.claim_source, s.reported_at, s.text_hash, s.outlet,"
    " s.summary, s.date_value, s.date_precision," + EVENT_PARTICIPANTS
)
_EVENTS = text(_EVENT_STATEMENT + EVENTS_OF_CLAIMS)
_EVENTS_BY_ID = text(
    _EVENT_STATEMENT + " FROM events s WHERE s.id IN (SELECT unnest(CAST(:ids AS bigint[])))"
)

# The statements are built once, as clauses: building one parses its parameters.

# In the statements below, `OFFSET 0` keeps a lateral subquery a probe of the
# primary key per outer row, which a generic plan could otherwise turn into a scan
# of the whole tally table.

# Three tallies merged in one statement (they do not depend on each other), which
# returns one row of three arrays:
# - `buckets`: the buckets added, merged into the stored ones; then every bucket of
#   the claims `:bucket_claims`, as they now are (the stored ones not merged into,
#   read from the statement's snapshot, and the merged ones as the upsert returns
#   them);
# - `labels`: the labels added, merged into the stored ones; then each claim's most
#   given label of each kind, of the claims `:label_claims`.  Counts only grow here,
#   so a kind's top (`top`) can only be the stored top or a label added: those are
#   compared (`lwin`), the winners marked as the upsert writes them, and stored tops
#   that lost (not added to themselves) unmarked; no other label is read;
# - `texts`: each text's first report merged into the stored one; returned: the
#   texts whose stored origin stays (an outlet carried them before these rows did)
#   or changes (these rows came first: their statements change source).  Most texts
#   are new to their claim: they are inserted without being looked up first; only
#   those already stored are read (the statement's snapshot holds the stored texts,
#   not those it inserts) and, when these rows came first, updated.
_TALLIES = text(
    """
WITH bd AS (
  SELECT * FROM unnest(CAST(:bucket_of AS bigint[]), CAST(:stages AS text[]),
    CAST(:buckets AS int[]), CAST(:bucket_ns AS int[]), CAST(:bucket_firsts AS timestamptz[]),
    CAST(:mins AS numeric[]), CAST(:maxs AS numeric[]), CAST(:froms AS numeric[]),
    CAST(:tos AS numeric[]))
  AS d(claim_id, lifecycle, bucket, n, first, min_amount, max_amount, gdp_from, gdp_to)
), bup AS (
  INSERT INTO claim_buckets AS b (claim_id, lifecycle, bucket, n, first, min_amount,
    max_amount, gdp_from, gdp_to)
  SELECT * FROM bd
  ON CONFLICT (claim_id, lifecycle, bucket) DO UPDATE SET n = b.n + excluded.n,
    first = least(b.first, excluded.first),
    min_amount = least(b.min_amount, excluded.min_amount),
    max_amount = greatest(b.max_amount, excluded.max_amount),
    gdp_from = least(b.gdp_from, excluded.gdp_from), gdp_to = least(b.gdp_to, excluded.gdp_to)
  RETURNING b.*
), ld AS MATERIALIZED (
  SELECT * FROM unnest(CAST(:label_of AS bigint[]), CAST(:kinds AS text[]),
    CAST(:labels AS text[]), CAST(:label_ns AS int[])) AS d(claim_id, kind, label, n)
), lk AS MATERIALIZED (
  SELECT DISTINCT claim_id, kind FROM ld
), ltop AS MATERIALIZED (
  SELECT l.* FROM unnest(CAST(:label_claims AS bigint[])) AS c(id) CROSS JOIN LATERAL
  (SELECT claim_id, kind, label, n FROM claim_labels WHERE claim_id = c.id AND top OFFSET 0) l
), lwin AS MATERIALIZED (
  SELECT DISTINCT ON (claim_id, kind) claim_id, kind, label FROM (
    SELECT ld.claim_id, ld.kind, ld.label, ld.n + coalesce(l.n, 0) AS n FROM ld
    LEFT JOIN LATERAL (SELECT n FROM claim_labels l WHERE l.claim_id = ld.claim_id
      AND l.kind = ld.kind AND l.label = ld.label OFFSET 0) l ON true
    UNION ALL
    SELECT t.* FROM ltop t JOIN lk USING (claim_id, kind)
  ) c ORDER BY claim_id, kind, n DESC, label COLLATE "C"
), lup AS (
  INSERT INTO claim_labels AS l (claim_id, kind, label, n, top)
  SELECT ld.claim_id, ld.kind, ld.label, ld.n, w.label IS NOT NULL FROM ld
  LEFT JOIN lwin w USING (claim_id, kind, label)
  ON CONFLICT (claim_id, kind, label) DO UPDATE SET n = l.n + excluded.n, top = excluded.top
), ldown AS (
  -- A set difference, which is hashed: anti-joins of these CTEs were planned as
  -- nested loops, since the planner expects ten rows of an unnest.
  UPDATE claim_labels l SET top = false FROM (
    SELECT t.claim_id, t.kind, t.label FROM ltop t JOIN lk USING (claim_id, kind)
    EXCEPT SELECT claim_id, kind, label FROM ld
    EXCEPT SELECT claim_id, kind, label FROM lwin
  ) t
  WHERE l.claim_id = t.claim_id AND l.kind = t.kind AND l.label = t.label
), td AS (
  SELECT * FROM unnest(CAST(:text_of AS bigint[]), CAST(:text_keys AS text[]),
    CAST(:text_firsts AS timestamptz[]), CAST(:origins AS text[]))
  AS d(claim_id, text_key, first_at, origin)
), tins AS (
  INSERT INTO claim_texts AS t (claim_id, text_key, first_at, origin) SELECT * FROM td
  ON CONFLICT (claim_id, text_key) DO NOTHING
  RETURNING t.claim_id, t.text_key
), trest AS MATERIALIZED (
  SELECT * FROM td WHERE NOT EXISTS (SELECT 1 FROM tins
    WHERE tins.claim_id = td.claim_id AND tins.text_key = td.text_key)
), told AS (
  SELECT trest.*, t.origin AS stored,
    (trest.first_at, trest.origin COLLATE "C") < (t.first_at, t.origin COLLATE "C") AS earlier
  FROM trest CROSS JOIN LATERAL (SELECT t.first_at, t.origin FROM claim_texts t
    WHERE t.claim_id = trest.claim_id AND t.text_key = trest.text_key OFFSET 0) t
), tup AS (
  UPDATE claim_texts t SET first_at = told.first_at, origin = told.origin FROM told
  WHERE told.earlier AND t.claim_id = told.claim_id AND t.text_key = told.text_key
)
SELECT ARRAY(
  SELECT ROW(claim_id, lifecycle, nullif(bucket, -1), first, n, min_amount, max_amount,
    gdp_from, gdp_to) FROM bup
  UNION ALL
  SELECT ROW(b.claim_id, b.lifecycle, nullif(b.bucket, -1), b.first, b.n, b.min_amount,
    b.max_amount, b.gdp_from, b.gdp_to)
  FROM unnest(CAST(:bucket_claims AS bigint[])) AS c(id)
  CROSS JOIN LATERAL (SELECT * FROM claim_buckets b WHERE b.claim_id = c.id OFFSET 0) b
  WHERE NOT EXISTS (SELECT 1 FROM bd WHERE bd.claim_id = b.claim_id
    AND bd.lifecycle = b.lifecycle AND bd.bucket = b.bucket)
) AS buckets,
ARRAY(
  SELECT ROW(claim_id, kind, label) FROM lwin
  UNION ALL
  SELECT ROW(t.claim_id, t.kind, t.label) FROM ltop t
  WHERE NOT EXISTS (SELECT 1 FROM lk WHERE lk.claim_id = t.claim_id AND lk.kind = t.kind)
) AS labels,
ARRAY(
  SELECT ROW(CAST('kept' AS text), claim_id, text_key, stored, CAST(NULL AS text)) FROM told
  WHERE NOT earlier AND stored <> origin
  UNION ALL
  SELECT ROW(CAST('moved' AS text), claim_id, text_key, origin, stored) FROM told
  WHERE earlier AND stored <> origin
) AS texts
"""
)

# Sources added, merged into the stored ones: counts add, syndicating outlets
# unite.  Articles added are new to the source: a statement only joins by the add
# of its article's new revision, once the old one's have left.  A source's
# syndicating outlets travel as a JSON array, null when none (most sources), since
# `unnest` cannot carry an array per row.  Returned: how many sources each claim
# gained.
_SOURCES = text(
    """
WITH up AS (
  INSERT INTO claim_sources AS s (claim_id, origin, statement_count, article_count,
    first_reported, syndicated)
  SELECT claim_id, origin, statement_count, article_count, first_reported,
    CASE WHEN syndicated IS NULL THEN '{}'
      ELSE ARRAY(SELECT jsonb_array_elements_text(CAST(syndicated AS jsonb))) END
  FROM unnest(CAST(:claims AS bigint[]), CAST(:origins AS text[]), CAST(:statements AS int[]),
    CAST(:articles AS int[]), CAST(:firsts AS timestamptz[]), CAST(:syndicated AS text[]))
    AS d(claim_id, origin, statement_count, article_count, first_reported, syndicated)
  ON CONFLICT (claim_id, origin) DO UPDATE SET
    statement_count = s.statement_count + excluded.statement_count,
    article_count = s.article_count + excluded.article_count,
    first_reported = least(s.first_reported, excluded.first_reported),
    syndicated = CASE WHEN cardinality(excluded.syndicated) = 0 THEN s.syndicated
      ELSE ARRAY(SELECT o FROM (SELECT DISTINCT o FROM unnest(s.syndicated || excluded.syndicated)
      AS u(o)) AS u ORDER BY o COLLATE "C") END
  RETURNING s.claim_id, (s.xmax = 0) AS inserted
)
SELECT claim_id, count(*) AS n FROM up WHERE inserted GROUP BY claim_id
"""
)

# Texts whose first carrier changed move their stored statements to their new
# source.  The sources they leave and join are deleted (returned: how many, per
# claim, with a null origin) and returned as they are after the move, from their
# deleted tallies and the moved statements: counts add and subtract; an article
# counts while any statement of it is in the source, and an outlet is syndicated
# while any statement from it is, both looked up through their index (the moved
# statements' articles, the outlets that may have left); a first report is read
# again (the first statement of the source's index) only when a moved one may
# have been it.  The statement sees the tables as they were before it: a stored
# statement in a source after the move is one there before and not moved.  The
# moving statements, the sources they leave and join, and the moved statements'
# articles' statements are each found by an index probe per row (`OFFSET 0`): as
# joins, they were planned as scans of the whole table, which grow with the store.
_MOVE_SOURCES_SQL = """
WITH m AS (
  SELECT * FROM unnest(CAST(:claims AS bigint[]), CAST(:keys AS text[]),
    CAST(:froms AS text[]), CAST(:tos AS text[])) AS m(claim_id, text_hash, before, after)
), moved AS (
  UPDATE {table} s SET claim_source = m.after FROM m CROSS JOIN LATERAL (
    SELECT id FROM {table} x WHERE x.claim_id = m.claim_id AND x.claim_source = m.before
      AND x.text_hash = m.text_hash AND x.is_current OFFSET 0) x
  WHERE s.id = x.id
  RETURNING s.id, s.claim_id, s.article_id, s.reported_at, s.outlet, m.before, m.after
), flow AS (
  SELECT id, claim_id, article_id, reported_at, outlet, before AS origin, false AS joins
  FROM moved
  UNION ALL
  SELECT id, claim_id, article_id, reported_at, outlet, after, true FROM moved
), p AS (
  SELECT DISTINCT claim_id, origin FROM (SELECT claim_id, before FROM m
    UNION ALL SELECT claim_id, after FROM m) AS p(claim_id, origin)
), gone AS (
  DELETE FROM claim_sources c WHERE c.ctid = ANY(ARRAY(SELECT x.at FROM p CROSS JOIN LATERAL
    (SELECT ctid AS at FROM claim_sources WHERE claim_id = p.claim_id AND origin = p.origin
    OFFSET 0) x))
  RETURNING c.*
), f AS (
  SELECT p.claim_id, p.origin, count(flow.id) FILTER (WHERE flow.joins) AS joined,
    count(flow.id) FILTER (WHERE NOT flow.joins) AS left,
    min(flow.reported_at) FILTER (WHERE flow.joins) AS joined_first,
    min(flow.reported_at) FILTER (WHERE NOT flow.joins) AS left_first
  FROM p LEFT JOIN flow ON flow.claim_id = p.claim_id AND flow.origin = p.origin
  GROUP BY p.claim_id, p.origin
), kin AS MATERIALIZED (
  -- The stored statements of the moved statements' articles, read by article.
  SELECT s.article_id, s.claim_id, s.claim_source, s.id IN (SELECT id FROM moved) AS moves
  FROM (SELECT DISTINCT article_id FROM moved) a CROSS JOIN LATERAL
  (SELECT id, article_id, claim_id, claim_source FROM {table}
    WHERE article_id = a.article_id AND is_current OFFSET 0) s
), fa AS (
  -- Each moved article, in each source it leaves or joins: whether it was there
  -- before the move and is after it.
  SELECT fa.claim_id, fa.origin,
    fa.joins OR coalesce(bool_or(NOT kin.moves), false) AS after,
    count(kin.article_id) > 0 AS before
  FROM (SELECT claim_id, origin, article_id, bool_or(joins) AS joins FROM flow
    GROUP BY claim_id, origin, article_id) fa
  LEFT JOIN kin ON kin.article_id = fa.article_id AND kin.claim_id = fa.claim_id
    AND kin.claim_source = fa.origin
  GROUP BY fa.claim_id, fa.origin, fa.article_id, fa.joins
), a AS (
  SELECT claim_id, origin, sum(after::int - before::int) AS delta FROM fa
  GROUP BY claim_id, origin
), fo AS (
  SELECT claim_id, origin, outlet, bool_or(joins) AS joins FROM flow
  GROUP BY claim_id, origin, outlet
), cand AS (
  -- The outlets syndicated before: sure to stay unless all their moved statements
  -- left (and none joined).
  SELECT g.claim_id, g.origin, o, fo.outlet IS NULL OR fo.joins AS sure
  FROM gone g CROSS JOIN unnest(g.syndicated) AS o
  LEFT JOIN fo ON fo.claim_id = g.claim_id AND fo.origin = g.origin AND fo.outlet = o
), present AS (
  -- The outlets of the statements staying in the sources where that is unsure:
  -- each such source read once, through its index.
  SELECT DISTINCT c.claim_id, c.origin, s.outlet
  FROM (SELECT DISTINCT claim_id, origin FROM cand WHERE NOT sure) c
  CROSS JOIN LATERAL (SELECT s.outlet FROM {table} s WHERE s.claim_id = c.claim_id
    AND s.claim_source = c.origin AND s.is_current AND s.id NOT IN (SELECT id FROM moved)
    OFFSET 0) s
), syndicated AS (
  SELECT claim_id, origin, array_agg(DISTINCT o) AS outlets FROM (
    SELECT claim_id, origin, o FROM cand WHERE sure OR EXISTS (SELECT 1 FROM present pr
      WHERE pr.claim_id = cand.claim_id AND pr.origin = cand.origin AND pr.outlet = cand.o)
    UNION ALL
    SELECT claim_id, origin, outlet FROM fo WHERE joins AND outlet <> origin
  ) u
  GROUP BY claim_id, origin
), now AS (
  SELECT f.claim_id, f.origin, coalesce(g.statement_count, 0) + f.joined - f.left AS statements,
    coalesce(g.article_count, 0) + coalesce(a.delta, 0) AS articles,
    least(f.joined_first, CASE WHEN g.first_reported < f.left_first
        OR (f.left_first IS NULL AND g.first_reported IS NOT NULL) THEN g.first_reported
      ELSE (SELECT s.reported_at FROM {table} s WHERE s.claim_id = f.claim_id
        AND s.claim_source = f.origin AND s.is_current AND s.id NOT IN (SELECT id FROM moved)
        ORDER BY s.reported_at LIMIT 1) END) AS first,
    coalesce(y.outlets, '{{}}') AS syndicated
  FROM f
  LEFT JOIN gone g ON g.claim_id = f.claim_id AND g.origin = f.origin
  LEFT JOIN a ON a.claim_id = f.claim_id AND a.origin = f.origin
  LEFT JOIN syndicated y ON y.claim_id = f.claim_id AND y.origin = f.origin
)
SELECT claim_id, origin, statements, articles, first, syndicated FROM now WHERE statements > 0
UNION ALL
SELECT claim_id, NULL, count(*), 0, NULL, '{{}}' FROM gone GROUP BY claim_id
"""
_MOVE_SOURCES = {t: text(_MOVE_SOURCES_SQL.format(table=t)) for t in ("commitments", "events")}

# Stored statements read back whose source changed.
_RESOURCE_SQL = """
UPDATE {table} SET claim_source = u.claim_source
FROM unnest(CAST(:ids AS bigint[]), CAST(:sources AS text[])) AS u(id, claim_source)
WHERE {table}.id = u.id
"""
_RESOURCE = {t: text(_RESOURCE_SQL.format(table=t)) for t in ("commitments", "events")}


# The claims rendered again, written in one statement: those stored updated, the
# new ones inserted, those left without statements deleted.  The inserts have no
# `ON CONFLICT`: their ids are already their statements' (see `joining.join_new`),
# so a key taken by another transaction must fail this one, not be merged.
_WRITE = text(
    """
WITH updated AS (
  UPDATE claims SET key = u.key, status = u.status,
    entity_ids = CAST(u.entity_ids AS bigint[]), statement_count = u.statement_count,
    source_count = u.source_count, first_reported = u.first_reported,
    last_reported = u.last_reported, metric = u.metric, actor_name = u.actor_name,
    named_at = u.named_at, document = u.document, updated_at = now()
  FROM unnest(CAST(:ids AS bigint[]), CAST(:keys AS text[]), CAST(:status AS text[]),
    CAST(:entity_ids AS text[]), CAST(:statement_count AS int[]), CAST(:source_count AS int[]),
    CAST(:first AS timestamptz[]), CAST(:last AS timestamptz[]), CAST(:metric AS text[]),
    CAST(:actor_name AS text[]), CAST(:named_at AS timestamptz[]), CAST(:document AS text[]))
    AS u(id, key, status, entity_ids, statement_count, source_count, first_reported,
    last_reported, metric, actor_name, named_at, document)
  WHERE claims.id = u.id
), inserted AS (
  INSERT INTO claims (id, key, kind, group_key, actor_entity_id, metric_class, basis, currency,
    target_year, event_type, status, entity_ids, statement_count, source_count, first_reported,
    last_reported, metric, actor_name, named_at, document)
  SELECT id, key, kind, group_key, actor_entity_id, metric_class, basis, currency, target_year,
    event_type, status, CAST(entity_ids AS bigint[]), statement_count, source_count,
    first_reported, last_reported, metric, actor_name, named_at, document
  FROM unnest(CAST(:new_ids AS bigint[]), CAST(:new_keys AS text[]), CAST(:kinds AS text[]),
    CAST(:groups AS text[]), CAST(:actors AS bigint[]), CAST(:classes AS text[]),
    CAST(:bases AS text[]), CAST(:currencies AS text[]), CAST(:years AS int[]),
    CAST(:types AS text[]), CAST(:new_status AS text[]), CAST(:new_entity_ids AS text[]),
    CAST(:new_statement_count AS int[]), CAST(:new_source_count AS int[]),
    CAST(:new_first AS timestamptz[]), CAST(:new_last AS timestamptz[]),
    CAST(:new_metric AS text[]), CAST(:new_actor_name AS text[]),
    CAST(:new_named_at AS timestamptz[]), CAST(:new_document AS text[]))
    AS u(id, key, kind, group_key, actor_entity_id, metric_class, basis, currency, target_year,
    event_type, status, entity_ids, statement_count, source_count, first_reported,
    last_reported, metric, actor_name, named_at, document)
), deleted AS (
  DELETE FROM claims WHERE id IN (SELECT unnest(CAST(:empty AS bigint[])))
)
SELECT 1
"""
)


def _brought_to(
    table: str, given: str, keys: Sequence[str], values: Sequence[str], prefix: str
) -> str:
    """CTEs that bring the rows of `table` (a tally) of the claims `:ids` to the rows
    of the CTE `given` by difference: `{prefix}x`, the stored rows (each claim's
    through its index); `{prefix}del`, those whose key `given` lacks, deleted by row
    address; `{prefix}put`, the rows of `given` not stored alike, upserted."""
    key = ("claim_id", *keys)
    columns = ", ".join((*key, *values))
    same = " AND ".join(f"x.{k} = g.{k}" for k in key)
    alike = ", ".join(f"x.{v}" for v in values), ", ".join(f"g.{v}" for v in values)
    return f"""{prefix}x AS MATERIALIZED (
  SELECT x.* FROM unnest(CAST(:ids AS bigint[])) AS c(id) CROSS JOIN LATERAL
  (SELECT ctid AS at, {columns} FROM {table} WHERE claim_id = c.id OFFSET 0) x
), {prefix}del AS (
  DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT x.at FROM {prefix}x x
    WHERE NOT EXISTS (SELECT 1 FROM {given} g WHERE {same})))
), {prefix}put AS (
  INSERT INTO {table} ({columns}) SELECT {", ".join(f"g.{c}" for c in (*key, *values))}
  FROM {given} g WHERE NOT EXISTS (SELECT 1 FROM {prefix}x x WHERE {same}
    AND ({alike[0]}) IS NOT DISTINCT FROM ({alike[1]}))
  ON CONFLICT ({", ".join(key)}) DO UPDATE SET
    {", ".join(f"{v} = excluded.{v}" for v in values)}
)"""


# Claims recounted from their current statements where those are, in one statement
# per kind: what `add` sums from statements at hand, summed in the database, so that
# recounting a claim of thousands of statements costs the API what one of two does.
# The statements (`s`, each claim's through its index, as `_COMMITMENTS`; an
# event's participants through theirs, `p`) give:
# - each text's first report and origin (`t`; ties by outlet, by code point, as
#   `_first_reports`), and so each statement's source, updated where it changed;
# - the sources (`so`, as `_Source`), and a commitment claim's buckets (as
#   `_bucket_sums`) or an event claim's labels (as `_label_counts`), tallied only for
#   claims of more than one statement (see the module's doc).
# Each tally is brought to what the statements give by difference with what is
# stored (`_brought_to`): rows no longer given are deleted, rows given otherwise or
# anew are upserted, and the others (most texts and sources of a claim that lost a
# statement) are left as they are.  The rows deleted and those upserted are
# disjoint, as the parts of one statement need.
# Returned, a row per claim left with statements: its totals and source count,
# then what it is rendered from (`_render`): a commitment claim's earliest
# statement's metric and actor name (ties as `_count`) and its buckets; an event
# claim's most given label of each kind (ties as `_TALLIES`) and its participant
# entities.
_RECOUNT_SQL = (
    """
WITH s AS MATERIALIZED (
  SELECT s.* FROM unnest(CAST(:ids AS bigint[])) AS c(id) CROSS JOIN LATERAL
  (SELECT id, article_id, claim_id, claim_source, reported_at, outlet,
    coalesce(text_hash, '@' || outlet) AS text_key, {columns}
    FROM {table} WHERE claim_id = c.id AND is_current OFFSET 0) s
), n AS MATERIALIZED (
  SELECT claim_id, count(*) AS n, min(reported_at) AS first, max(reported_at) AS last
  FROM s GROUP BY claim_id
), t AS MATERIALIZED (
  SELECT DISTINCT ON (claim_id, text_key) claim_id, text_key, reported_at AS first_at,
    outlet AS origin
  FROM s ORDER BY claim_id, text_key, reported_at, outlet COLLATE "C"
), st AS MATERIALIZED (
  SELECT s.*, t.origin FROM s JOIN t USING (claim_id, text_key)
), resourced AS (
  UPDATE {table} c SET claim_source = st.origin FROM st
  WHERE c.id = st.id AND st.claim_source IS DISTINCT FROM st.origin
), tn AS (
  SELECT t.* FROM t JOIN n USING (claim_id) WHERE n.n > 1
), so AS MATERIALIZED (
  SELECT st.claim_id, st.origin, count(*) AS statement_count,
    count(DISTINCT st.article_id) AS article_count, min(st.reported_at) AS first_reported,
    coalesce(array_agg(DISTINCT st.outlet COLLATE "C" ORDER BY st.outlet COLLATE "C")
      FILTER (WHERE st.outlet <> st.origin), '{{}}') AS syndicated
  FROM st JOIN n USING (claim_id) WHERE n.n > 1 GROUP BY st.claim_id, st.origin
), """
    + _brought_to("claim_texts", "tn", ["text_key"], ["first_at", "origin"], "t")
    + ", "
    + _brought_to(
        "claim_sources",
        "so",
        ["origin"],
        ["statement_count", "article_count", "first_reported", "syndicated"],
        "s",
    )
    + """, {tallies}
SELECT n.claim_id, n.n, n.first, n.last,
  CASE WHEN n.n > 1 THEN (SELECT count(*) FROM so WHERE so.claim_id = n.claim_id) ELSE 1 END,
  {rendered}
FROM n
"""
)

_BUCKETS = """b AS MATERIALIZED (
  SELECT claim_id, lifecycle, bucket, count(*) AS n, min(reported_at) AS first,
    min(amount_value) AS min_amount, max(amount_value) AS max_amount, min(gdp_from) AS gdp_from,
    min(gdp_to) AS gdp_to
  FROM s GROUP BY claim_id, lifecycle, bucket
), bn AS (
  SELECT b.* FROM b JOIN n USING (claim_id) WHERE n.n > 1
), named AS (
  SELECT DISTINCT ON (claim_id) claim_id, reported_at, metric, actor_name FROM s
  ORDER BY claim_id, reported_at, metric COLLATE "C", coalesce(actor_name, '') COLLATE "C"
), """ + _brought_to(
    "claim_buckets",
    "bn",
    ["lifecycle", "bucket"],
    ["n", "first", "min_amount", "max_amount", "gdp_from", "gdp_to"],
    "b",
)

_BUCKETS_RENDERED = """(SELECT ROW(named.reported_at, named.metric, named.actor_name) FROM named
    WHERE named.claim_id = n.claim_id),
  ARRAY(SELECT ROW(b.lifecycle, nullif(b.bucket, -1), b.first, b.n, b.min_amount, b.max_amount,
    b.gdp_from, b.gdp_to) FROM b WHERE b.claim_id = n.claim_id)"""

_LABELS = """p AS MATERIALIZED (
  SELECT s.claim_id, s.id AS event_id, ep.entity_id, ep.name FROM s CROSS JOIN LATERAL
  (SELECT entity_id, name FROM event_participants
    WHERE event_id = s.id AND entity_id IS NOT NULL OFFSET 0) ep
), l AS MATERIALIZED (
  SELECT claim_id, 's' AS kind, summary AS label, count(*) AS n FROM s GROUP BY claim_id, summary
  UNION ALL
  SELECT claim_id, 'd' || lpad(CAST(99 - length(date_value) AS text), 2, '0'),
    date_value || '|' || date_precision, count(*)
  FROM s WHERE date_value <> '' AND date_precision <> ''
  GROUP BY claim_id, date_value, date_precision
  UNION ALL
  SELECT claim_id, 'n' || entity_id, name, count(*) FROM p GROUP BY claim_id, entity_id, name
), chosen AS MATERIALIZED (
  SELECT DISTINCT ON (claim_id, kind) claim_id, kind, label FROM l
  ORDER BY claim_id, kind, n DESC, label COLLATE "C"
), ln AS (
  SELECT l.*, EXISTS (SELECT 1 FROM chosen c WHERE c.claim_id = l.claim_id
    AND c.kind = l.kind AND c.label = l.label) AS top
  FROM l JOIN n USING (claim_id) WHERE n.n > 1
), """ + _brought_to("claim_labels", "ln", ["kind", "label"], ["n", "top"], "l")

_LABELS_RENDERED = """ARRAY(SELECT ROW(chosen.kind, chosen.label) FROM chosen
    WHERE chosen.claim_id = n.claim_id),
  ARRAY(SELECT DISTINCT p.entity_id FROM p WHERE p.claim_id = n.claim_id ORDER BY 1)"""

_RECOUNT = {
    "commitment": text(
        _RECOUNT_SQL.format(
            table="commitments",
            columns="coalesce(lifecycle, :pledged) AS lifecycle,"
            " coalesce(value_bucket, -1) AS bucket, amount_value, gdp_from, gdp_to, metric,"
            " actor_name",
            tallies=_BUCKETS,
            rendered=_BUCKETS_RENDERED,
        )
    ),
    "event": text(
        _RECOUNT_SQL.format(
            table="events",
            columns="summary, date_value, date_precision",
            tallies=_LABELS,
            rendered=_LABELS_RENDERED,
        )
    ),
}


async def recount(session: AsyncSession, states: Mapping[int, State]) -> None:
    """Count the claims' tallies again from their current statements (`_RECOUNT`), and
    store the claims rendered again; claims left with none are deleted."""
    for kind in ("commitment", "event"):
        chosen = {i: s for i, s in states.items() if s.kind == kind}
        if chosen:
            await _recount(session, kind, chosen)


async def _recount(session: AsyncSession, kind: str, states: Mapping[int, State]) -> None:
    buckets: dict[int, list[Bucket]] = {}
    labels: dict[int, dict[str, str]] = {}
    for state in states.values():
        state.reset()
    params: dict[str, Any] = {"ids": sorted(states)}
    if kind == "commitment":
        params["pledged"] = PLEDGED
    for claim_id, n, first, last, sources, given, found in await driver.execute(
        session, _RECOUNT[kind], params
    ):
        state = states[claim_id]
        state.statement_count, state.first_reported, state.last_reported = n, first, last
        state.source_count = sources
        if kind == "commitment":
            state.named_at, state.metric, state.actor_name = given
            buckets[claim_id] = [Bucket(*fields) for fields in found]
        else:
            labels[claim_id] = dict(given)
            state.entity_ids = list(found)
    live = {i: s for i, s in states.items() if s.statement_count > 0}
    rendered = [
        _render(state, buckets.get(i, []), labels.get(i, {})) for i, state in sorted(live.items())
    ]
    await _write(session, live, rendered, (), sorted(i for i in states if i not in live))


# Marks a statement read back from the store (that of a claim of one statement
# gaining more): its source is updated where it changed, where a new statement's is
# set before it is written.
_STORED = "_stored"


async def _stored(
    session: AsyncSession, states: Mapping[int, State]
) -> tuple[list[dict[str, Any]], list[EventStatement]]:
    """The claims' current statements, read back."""
    params = {"ids": sorted(states)}
    kinds = {s.kind for s in states.values()}
    commitments = (
        [{**r, _STORED: True} for r in await driver.execute(session, _COMMITMENTS, params)]
        if "commitment" in kinds
        else []
    )
    events = (
        [_stored_event(r) for r in await driver.execute(session, _EVENTS, params)]
        if "event" in kinds
        else []
    )
    return commitments, events


def _stored_event(row: Mapping[str, Any]) -> EventStatement:
    """An event read back (`_EVENT_STATEMENT`), marked as stored."""
    return EventStatement(
        {**row, _STORED: True}, tuple(zip(row["entity_ids"], row["names"], strict=True))
    )


async def add_moved_events(
    session: AsyncSession, states: Mapping[int, State], moved: Sequence[int]
) -> None:
    """Add events `moved` into the claims of `states` (already in them, and counted in
    the claims they left, which are recounted) to those claims' tallies, as `add`
    adds new ones.  The claims lost no statement, so their tallies count all the
    others.  A claim of one statement keeps no tallies: `add` reads all of its
    statements back, the moved ones with them, so those are not given again."""
    lone = {i for i, s in states.items() if s.statement_count == 1}
    rows = await driver.execute(session, _EVENTS_BY_ID, {"ids": sorted(moved)})
    events = [_stored_event(r) for r in rows if r["claim_id"] not in lone]
    await add(session, states, [], events)


async def add(
    session: AsyncSession,
    states: Mapping[int, State],
    commitments: Sequence[dict[str, Any]],
    events: Sequence[EventStatement],
    *,
    created: Collection[int] = (),
) -> None:
    """Add the statements (each naming its claim, one of `states`) to their claims'
    tallies, and store every claim of `states` rendered again (deleting those left
    without statements).  Every statement is given its source (`claim_source`) on the
    way; those read back from the store (`_stored`) have it updated where it
    changed.  The claims of `created` are not in the table yet: they are inserted,
    rendered.  Claims left with one statement keep no tallies (see the module's
    doc)."""
    # A claim of one statement keeps no tallies: when it gains statements, its
    # stored one is read back and added again with them, so that its tallies are
    # written whole.
    lone = {i: s for i, s in states.items() if s.statement_count == 1 and i not in created}
    if lone:
        more, more_events = await _stored(session, lone)
        for state in lone.values():
            state.reset()
        commitments = [*more, *commitments]
        events = [*more_events, *events]
    for row in commitments:
        _count(states[row["claim_id"]], row, named=True)
    for event in events:
        state = states[event.row["claim_id"]]
        _count(state, event.row, named=False)
        known = set(state.entity_ids)
        state.entity_ids += sorted({e for e, _ in event.participants} - known)
    live = {i: s for i, s in states.items() if s.statement_count > 0}
    single = {i for i, s in live.items() if s.statement_count == 1}
    buckets, labels = await _add_single(
        session,
        states,
        [r for r in commitments if r["claim_id"] in single],
        [e for e in events if e.row["claim_id"] in single],
    )
    commitments = [r for r in commitments if r["claim_id"] not in single]
    events = [e for e in events if e.row["claim_id"] not in single]
    tallied = {i: s for i, s in live.items() if i not in single}
    first = _first_reports([*commitments, *(e.row for e in events)])
    origins, moved, tallied_buckets, tallied_labels = await _add_tallies(
        session,
        commitments,
        events,
        first,
        [i for i, s in tallied.items() if s.kind == "commitment"],
        [i for i, s in tallied.items() if s.kind == "event"],
    )
    buckets.update(tallied_buckets)
    labels.update(tallied_labels)
    by_table = {"commitments": commitments, "events": [e.row for e in events]}
    gained = await _add_sources(session, by_table, origins, moved)
    for claim_id, n in gained.items():
        states[claim_id].source_count += n
    rendered = [
        _render(state, buckets.get(claim_id, []), labels.get(claim_id, {}))
        for claim_id, state in sorted(live.items())
    ]
    unjoined = set(created) - set(live)
    if unjoined:
        raise RuntimeError(f"new claims {sorted(unjoined)} were given no statement")
    await _write(session, live, rendered, created, sorted(i for i in states if i not in live))


def _count(state: State, row: Mapping[str, Any], *, named: bool) -> None:
    reported = row["reported_at"]
    state.statement_count += 1
    if state.first_reported is None or reported < state.first_reported:
        state.first_reported = reported
    if state.last_reported is None or reported > state.last_reported:
        state.last_reported = reported
    if not named:
        return
    # The metric and actor name shown are the earliest statement's.
    candidate = (reported, row["metric"], row["actor_name"] or "")
    if state.named_at is None or candidate < (
        state.named_at,
        state.metric or "",
        state.actor_name or "",
    ):
        state.named_at, state.metric, state.actor_name = reported, row["metric"], row["actor_name"]


def _text_key(row: Mapping[str, Any]) -> tuple[int, str]:
    return (row["claim_id"], row["text_hash"] or "@" + row["outlet"])


def _first_reports(
    rows: Iterable[Mapping[str, Any]],
) -> dict[tuple[int, str], tuple[datetime, str]]:
    """Each text's (claim, text) first report among the rows and its outlet: its origin."""
    first: dict[tuple[int, str], tuple[datetime, str]] = {}
    for row in rows:
        key = _text_key(row)
        seen = (row["reported_at"], row["outlet"])
        if key not in first or seen < first[key]:
            first[key] = seen
    return first


async def _add_tallies(
    session: AsyncSession,
    commitments: Sequence[Mapping[str, Any]],
    events: Sequence[EventStatement],
    first: Mapping[tuple[int, str], tuple[datetime, str]],
    bucket_claims: Sequence[int],
    label_claims: Sequence[int],
) -> tuple[
    dict[tuple[int, str], str],
    list[tuple[int, str, str, str]],
    dict[int, list[Bucket]],
    dict[int, dict[str, str]],
]:
    """Merge the rows' texts (`first`: their first reports, `_first_reports`), the
    commitments' buckets and the events' labels into their claims' tallies, in one
    statement (`_TALLIES`).
    Returns each text's origin; the stored texts whose origin changed (claim, text,
    origin before, after); every bucket of `bucket_claims`; the labels of
    `label_claims`."""
    origins = {key: outlet for key, (_, outlet) in first.items()}
    if not (first or bucket_claims or label_claims):
        return origins, [], {}, {}
    texts = sorted(first)
    sums = _bucket_sums(commitments)
    kept = sorted(sums)
    counts = _label_counts(events)
    given = sorted(counts)
    ((found_buckets, found_labels, found_texts),) = await driver.execute(
        session,
        _TALLIES,
        {
            "bucket_of": [k[0] for k in kept],
            "stages": [k[1] for k in kept],
            "buckets": [k[2] for k in kept],
            "bucket_ns": [sums[k][0] for k in kept],
            "bucket_firsts": [sums[k][1] for k in kept],
            "mins": [sums[k][2] for k in kept],
            "maxs": [sums[k][3] for k in kept],
            "froms": [sums[k][4] for k in kept],
            "tos": [sums[k][5] for k in kept],
            "bucket_claims": list(bucket_claims),
            "label_of": [k[0] for k in given],
            "kinds": [k[1] for k in given],
            "labels": [k[2] for k in given],
            "label_ns": [counts[k] for k in given],
            "label_claims": list(label_claims),
            "text_of": [c for c, _ in texts],
            "text_keys": [k for _, k in texts],
            "text_firsts": [first[k][0] for k in texts],
            "origins": [first[k][1] for k in texts],
        },
    )
    buckets: dict[int, list[Bucket]] = {}
    # Unpacked by position (each is the claim, then `Bucket`'s fields): a named
    # lookup per field costs more than the rest.
    for claim_id, *fields in found_buckets:
        buckets.setdefault(claim_id, []).append(Bucket(*fields))
    labels: dict[int, dict[str, str]] = {}
    for claim_id, kind, label in found_labels:
        labels.setdefault(claim_id, {})[kind] = label
    moved: list[tuple[int, str, str, str]] = []
    for what, claim_id, text_key, origin, before in found_texts:
        if what == "kept":  # an outlet carried it before these rows did
            origins[(claim_id, text_key)] = origin
        else:
            moved.append((claim_id, text_key, before, origin))
    return origins, moved, buckets, labels


@dataclass(slots=True)
class _Source:
    statements: int = 0
    first: datetime | None = None
    articles: set[int] = field(default_factory=set)
    syndicated: set[str] = field(default_factory=set)
    # Counted in the database: the stored statements' articles (none of the rows').
    stored_articles: int = 0

    def count(self, row: Mapping[str, Any], origin: str) -> None:
        self.statements += 1
        if self.first is None or row["reported_at"] < self.first:
            self.first = row["reported_at"]
        self.articles.add(row["article_id"])
        if row["outlet"] != origin:
            self.syndicated.add(row["outlet"])

    def count_stored(self, row: Any) -> None:
        self.statements += row["statements"]
        self.stored_articles += row["articles"]
        if self.first is None or row["first"] < self.first:
            self.first = row["first"]
        self.syndicated.update(row["syndicated"])


async def _give_sources(
    session: AsyncSession, table: str, rows: Sequence[dict[str, Any]], sources: Sequence[str]
) -> None:
    """Give each row (of `table`) its source; those read back (`_STORED`) whose
    stored source differs are updated."""
    changed: dict[int, str] = {}
    for row, source in zip(rows, sources, strict=True):
        if row.get(_STORED) and row["claim_source"] != source:
            changed[row["id"]] = source
        row["claim_source"] = source
    if changed:
        await driver.execute(
            session,
            _RESOURCE[table],
            {"ids": list(changed), "sources": list(changed.values())},
        )


async def _add_sources(
    session: AsyncSession,
    rows: Mapping[str, Sequence[dict[str, Any]]],
    origins: Mapping[tuple[int, str], str],
    moved: Sequence[tuple[int, str, str, str]],
) -> dict[int, int]:
    """Give the rows (of each table) their source and add them to it.  Rows read back
    (`_STORED`) whose source changed are updated; the stored statements of `moved`
    texts (claim, text, source before, after) move, and the sources they leave and
    join are brought up to date (`_MOVE_SOURCES`).  Returns how many sources each
    claim gains (or loses)."""
    sources: defaultdict[tuple[int, str], _Source] = defaultdict(_Source)
    gained: Counter[int] = Counter()
    for table, table_rows in rows.items():
        await _give_sources(session, table, table_rows, [origins[_text_key(r)] for r in table_rows])
        for row in table_rows:
            sources[(row["claim_id"], row["claim_source"])].count(row, row["claim_source"])
        claims = {row["claim_id"] for row in table_rows}
        here = [m for m in moved if m[0] in claims]
        if here:
            result = await driver.execute(
                session,
                _MOVE_SOURCES[table],
                {
                    "claims": [m[0] for m in here],
                    "keys": [m[1] for m in here],
                    "froms": [m[2] for m in here],
                    "tos": [m[3] for m in here],
                },
            )
            for r in result:
                if r["origin"] is None:
                    gained[r["claim_id"]] -= r["statements"]  # sources deleted
                else:
                    sources[(r["claim_id"], r["origin"])].count_stored(r)
    if sources:
        keys = sorted(sources)
        chosen = [sources[k] for k in keys]
        result = await driver.execute(
            session,
            _SOURCES,
            {
                "claims": [k[0] for k in keys],
                "origins": [k[1] for k in keys],
                "statements": [c.statements for c in chosen],
                "articles": [c.stored_articles + len(c.articles) for c in chosen],
                "firsts": [c.first for c in chosen],
                "syndicated": [
                    json.dumps(sorted(c.syndicated)) if c.syndicated else None for c in chosen
                ],
            },
        )
        for claim_id, n in result:
            gained[claim_id] += n
    return gained


def _bucket_sums(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[int, str, int], list[Any]]:
    """The rows' buckets (claim, stage, bucket): count, first report, least and
    greatest amount, least shares of GDP."""
    sums: dict[tuple[int, str, int], list[Any]] = {}
    for row in rows:
        key = (
            row["claim_id"],
            row["lifecycle"] or PLEDGED,
            NO_BUCKET if row["value_bucket"] is None else row["value_bucket"],
        )
        values = (
            row["reported_at"],
            row["amount_value"],
            row["amount_value"],
            row["gdp_from"],
            row["gdp_to"],
        )
        if key not in sums:
            sums[key] = [1, *values]
            continue
        s = sums[key]
        s[0] += 1
        s[1] = min(s[1], values[0])
        s[2] = _least(s[2], values[1])
        s[3] = _greatest(s[3], values[2])
        s[4] = _least(s[4], values[3])
        s[5] = _least(s[5], values[4])
    return sums


async def _add_single(
    session: AsyncSession,
    states: Mapping[int, State],
    commitments: Sequence[dict[str, Any]],
    events: Sequence[EventStatement],
) -> tuple[dict[int, list[Bucket]], dict[int, dict[str, str]]]:
    """Claims of one statement, which keep no tallies: the statement is its own
    source, and what the claim is rendered from is made from it alone, as the
    tallies would hold it.  Returns the claims' buckets and labels."""
    for table, rows in (("commitments", commitments), ("events", [e.row for e in events])):
        await _give_sources(session, table, rows, [row["outlet"] for row in rows])
        for row in rows:
            states[row["claim_id"]].source_count = 1
    buckets: dict[int, list[Bucket]] = {}
    for (claim_id, stage, bucket), (n, first, low, high, gdp_from, gdp_to) in sorted(
        _bucket_sums(commitments).items()
    ):
        buckets.setdefault(claim_id, []).append(
            Bucket(
                stage,
                None if bucket == NO_BUCKET else bucket,
                first,
                n,
                low,
                high,
                gdp_from,
                gdp_to,
            )
        )
    labels: dict[int, dict[str, str]] = {}
    # The label most given of each kind, ties to the least by code point (as `_TALLIES`).
    chosen: dict[tuple[int, str], tuple[int, str]] = {}
    for (claim_id, kind, label), n in _label_counts(events).items():
        if (claim_id, kind) not in chosen or (-n, label) < chosen[(claim_id, kind)]:
            chosen[(claim_id, kind)] = (-n, label)
    for (claim_id, kind), (_, label) in chosen.items():
        labels.setdefault(claim_id, {})[kind] = label
    return buckets, labels


def _least(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return b if a is None else a if b is None else min(a, b)


def _greatest(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return b if a is None else a if b is None else max(a, b)


def date_kind(value: str) -> str:
    """Dates are labels of kinds that sort most precise (longest) first."""
    return f"d{99 - len(value):02d}"


def _label_counts(events: Iterable[EventStatement]) -> Counter[tuple[int, str, str]]:
    """How often each label (claim, kind, label) is given: summaries, dates,
    participants' names."""
    counts: Counter[tuple[int, str, str]] = Counter()
    for event in events:
        row = event.row
        claim_id = row["claim_id"]
        counts[(claim_id, "s", row["summary"])] += 1
        if row["date_value"] and row["date_precision"]:
            label = f"{row['date_value']}|{row['date_precision']}"
            counts[(claim_id, date_kind(row["date_value"]), label)] += 1
        for entity_id, name in event.participants:
            counts[(claim_id, f"n{entity_id}", name)] += 1
    return counts


def _render(state: State, buckets: Sequence[Bucket], labels: Mapping[str, str]) -> Rendered:
    assert state.first_reported is not None and state.last_reported is not None
    totals = Totals(
        state.statement_count,
        state.source_count,
        state.first_reported,
        state.last_reported,
        state.metric,
        state.actor_name,
    )
    if state.kind == "commitment":
        claim = CommitmentClaim(
            state.id,
            state.actor_entity_id,
            state.metric_class,
            state.basis,
            state.currency,
            state.target_year,
        )
        return render_commitment(claim, totals, buckets)
    dates = sorted(k for k in labels if k.startswith("d"))
    day = None
    if dates:
        value, precision = labels[dates[0]].rsplit("|", 1)
        day = DateOut(value=value, precision=precision)
    names = {int(k[1:]): v for k, v in labels.items() if k.startswith("n")}
    event = EventLabels(state.event_type or "", labels.get("s", ""), day, names)
    return render_event(state.id, event, totals)


def _rendered_columns(
    states: Mapping[int, State], rendered: Sequence[Rendered], prefix: str = ""
) -> dict[str, list[Any]]:
    """Parameters of `_WRITE`: the claims' rendered columns (`prefix`ed)."""
    chosen = [states[r.claim_id] for r in rendered]
    columns: dict[str, list[Any]] = {
        "ids": [r.claim_id for r in rendered],
        "keys": [s.key for s in chosen],
        "status": [r.status for r in rendered],
        "entity_ids": ["{" + ",".join(map(str, r.entity_ids)) + "}" for r in rendered],
        "statement_count": [r.statement_count for r in rendered],
        "source_count": [r.source_count for r in rendered],
        "first": [r.first_reported for r in rendered],
        "last": [r.last_reported for r in rendered],
        "metric": [s.metric for s in chosen],
        "actor_name": [s.actor_name for s in chosen],
        "named_at": [s.named_at for s in chosen],
        "document": [r.document for r in rendered],
    }
    return {prefix + name: values for name, values in columns.items()}


async def _write(
    session: AsyncSession,
    states: Mapping[int, State],
    rendered: Sequence[Rendered],
    created: Collection[int],
    empty: Sequence[int],
) -> None:
    """Store the claims rendered (inserting those `created`, with their join keys) and
    delete the `empty` ones, in one statement (`_WRITE`)."""
    if not rendered and not empty:
        return
    stored = [r for r in rendered if r.claim_id not in created]
    new = [r for r in rendered if r.claim_id in created]
    chosen = [states[r.claim_id] for r in new]
    await driver.execute(
        session,
        _WRITE,
        {
            **_rendered_columns(states, stored),
            **_rendered_columns(states, new, "new_"),
            "kinds": [s.kind for s in chosen],
            "groups": [s.group_key for s in chosen],
            "actors": [s.actor_entity_id for s in chosen],
            "classes": [s.metric_class for s in chosen],
            "bases": [s.basis for s in chosen],
            "currencies": [s.currency for s in chosen],
            "years": [s.target_year for s in chosen],
            "types": [s.event_type for s in chosen],
            "empty": list(empty),
        },
    )
