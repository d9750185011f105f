"""search reads few matches straight from the index

`search_page` finds a query's window (its newest matches) one range of ids at a
time, ANDing the query with the range's block lexemes in the GIN index.  That
reads the blocks' postings over the whole range, so its cost follows the ids the
walk covers: for words with fewer matches than the window, every id in the store
(a query with 172 matches in 200,000 articles cost 6 times what it did in 20,000).
After its first range, `search_page` now estimates the matches left below the
walk from the density seen so far; when they are few next to the ids the walk
would still cover, it reads them straight from the index over the query alone
and keeps the newest, at a cost that follows the matches.  The window, its order
and the pages are unchanged: the same newest matches, ranked the same.  A word
whose matches all lie far back (news words come in bursts) can look few from the
newest ranges and then has all its matches read; the walk's ranges, each 16 times
wider than an empty one before it, read most of them in such a case too.

Revision ID: c7f2a9e4d1b8
Revises: b3e8d1f4a6c9
Create Date: 2026-12-06 03:00:00.000000
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "c7f2a9e4d1b8"
down_revision: str | None = "b3e8d1f4a6c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As migration b3e8d1f4a6c9 made it, but for the switch to the index over the query
# alone.  Its factor weighs a match read from the heap against an id of the walk's
# range read in the block lexemes' postings (each about 400 times the other, measured
# on 200,000 articles).
_PAGE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION search_page(
  query tsquery, size integer, page integer, after_rank real, after_id bigint
) RETURNS TABLE (
  id bigint, rank real, text text, article_id bigint, index integer, kind text,
  document text
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  newest bigint;
  hi bigint;
  lo bigint;
  top bigint;
  b bigint;
  s integer;
  span bigint := greatest(256, size * 2);
  found integer := 0;
  got integer;
  blocks text;
  ids bigint[] := '{}';
  ranks real[] := '{}';
  step_ids bigint[];
  step_ranks real[];
  density float8;
  indexable boolean;
BEGIN
  IF numnode(query) = 0 OR size < 1 OR page < 1 THEN
    RETURN;
  END IF;
  SELECT max(p.id) + 1 INTO newest FROM paragraphs p;
  IF newest IS NULL THEN
    RETURN;
  END IF;
  hi := newest;
  lo := newest;
  indexable := querytree(query) <> 'T';
  WHILE hi > 0 AND found < size LOOP
    -- After the first range: when the matches below `hi`, at the density seen so
    -- far, are few next to the ids the walk would still cover, read them all
    -- straight from the index and keep the newest.  The walk's cost follows the ids
    -- it covers (the block lexemes' postings are read over the whole range), the
    -- index's the matches: a word with fewer matches than the window would have
    -- the walk cover the whole store.  `density` counts one match more than seen,
    -- so a range without any does not make the rest look empty.  A query the
    -- index cannot narrow alone (`-word`, `a or -b`: `querytree` is `T`) would
    -- read every posting, so it stays on the walk.
    IF hi < newest AND indexable THEN
      density := (found + 1)::float8 / (newest - hi);
      IF density * hi * 400 < least(hi, (size - found) * (newest - hi) / greatest(found, 1)) THEN
        -- The fence keeps the index on the query alone: a generic plan could
        -- otherwise read the paragraphs newest first by their primary key.
        SELECT array_agg(w.id), array_agg(ts_rank(w.tsv, query))
          INTO step_ids, step_ranks
          FROM (
            SELECT m.id, m.tsv FROM (
              SELECT p.id, p.tsv FROM paragraphs p
              WHERE paragraph_search_vector(p.tsv, p.id) @@ query
                AND p.is_current AND p.duplicate_of_id IS NULL
              OFFSET 0
            ) m
            WHERE m.id < hi
            ORDER BY m.id DESC
            LIMIT size - found
          ) w;
        IF cardinality(step_ids) > 0 THEN
          ids := ids || step_ids;
          ranks := ranks || step_ranks;
        END IF;
        EXIT;
      END IF;
    END IF;
    lo := greatest(0, least(lo, hi - span)) >> 8 << 8;
    top := (((hi - 1) >> 8) + 1) << 8;
    blocks := NULL;
    b := lo;
    WHILE b < top LOOP
      s := 22;
      WHILE s > 8 AND ((b & ((1::bigint << s) - 1)) <> 0 OR b + (1::bigint << s) > top) LOOP
        s := s - 2;
      END LOOP;
      blocks := concat_ws(' | ', blocks, format('''~%s.%s''', s, b >> s));
      b := b + (1::bigint << s);
    END LOOP;
    -- Ranked after the limit (the sub-select is not flattened): only the matches
    -- the window keeps.
    SELECT array_agg(w.id), array_agg(ts_rank(w.tsv, query))
      INTO step_ids, step_ranks
      FROM (
        SELECT p.id, p.tsv FROM paragraphs p
        WHERE paragraph_search_vector(p.tsv, p.id) @@ blocks::tsquery
          AND paragraph_search_vector(p.tsv, p.id) @@ query
          AND p.id < hi
          AND p.is_current AND p.duplicate_of_id IS NULL
        ORDER BY p.id DESC
        LIMIT size - found
      ) w;
    got := coalesce(cardinality(step_ids), 0);
    IF got > 0 THEN
      ids := ids || step_ids;
      ranks := ranks || step_ranks;
    END IF;
    found := found + got;
    hi := lo;
    span := (newest - lo) * 16;
    IF found > 0 THEN
      span := least(span, greatest(256, (size - found) * (newest - lo) * 5 / (4 * found)));
    END IF;
  END LOOP;
  RETURN QUERY
    SELECT p.id, w.rank, p.text, p.article_id, p.index, p.kind, a.document
    FROM (
      SELECT u.id, u.rank FROM unnest(ids, ranks) AS u(id, rank)
      WHERE after_id IS NULL OR (u.rank, u.id) < (after_rank, after_id)
      ORDER BY u.rank DESC, u.id DESC
      LIMIT page
    ) w
    JOIN paragraphs p ON p.id = w.id
    JOIN articles a ON a.id = p.article_id
    ORDER BY w.rank DESC, w.id DESC;
END
$$
"""


def upgrade() -> None:
    op.execute(_PAGE_FUNCTION)


def downgrade() -> None:
    # The function as the previous revision made it, from that revision's file.
    path = Path(__file__).with_name("20261206_b3e8d1f4a6c9_finer_search_blocks.py")
    spec = importlib.util.spec_from_file_location("finer_search_blocks_revision", path)
    assert spec is not None and spec.loader is not None
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    op.execute(previous._PAGE_FUNCTION)
