"""search page in one function call

`search_window` returned the whole window (every column of its newest matching
paragraphs, text and `tsv` included) for the search statement to rank, filter by
the cursor, sort and join to the articles; two statements, for the first page and
for the next ones.  `search_page` does all of it in one call, with the cursor's
keys as nullable arguments, so every page of every query runs one statement:
it finds the window as `search_window` did (the same id-block steps, so the same
paragraphs), ranks only the paragraphs the window keeps (a step's id range can
hold more matches than the window still takes; they are dropped before they are
ranked), keeps just their ids and ranks, and reads the text and the article of
the page's hits alone.  The window and its order are unchanged: the newest `size`
matches, by `ts_rank` then id, both descending.

Revision ID: a9d4f2c6e815
Revises: a9d3f1c7e5b2
Create Date: 2026-12-06 00:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a9d4f2c6e815"
down_revision: str | None = "a9d3f1c7e5b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The window's steps are `search_window`'s (migration e4a7c2b9f310): one range of
# ids at a time, newest first, its aligned blocks ANDed with the query in the
# index, each next range as wide as the matches still missing take at the density
# seen so far.  The statements keep one plan per connection: the same for every
# query (the block lexemes lead the index scan), and planning them anew cost more
# than running them.  A page is the hits after (`after_rank`, `after_id`), or from
# the best when they are null, `page` of them at most.
_PAGE_FUNCTION = r"""
CREATE FUNCTION search_page(
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
  span bigint := 4096;
  found integer := 0;
  got integer;
  blocks text;
  ids bigint[] := '{}';
  ranks real[] := '{}';
  step_ids bigint[];
  step_ranks real[];
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
  WHILE hi > 0 AND found < size LOOP
    lo := greatest(0, least(lo, hi - span)) >> 12 << 12;
    top := (((hi - 1) >> 12) + 1) << 12;
    blocks := NULL;
    b := lo;
    WHILE b < top LOOP
      s := 22;
      WHILE s > 12 AND ((b & ((1::bigint << s) - 1)) <> 0 OR b + (1::bigint << s) > top) LOOP
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
      span := least(span, greatest(4096, (size - found) * (newest - lo) * 5 / (4 * found)));
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

# `search_window` as migration e4a7c2b9f310 made it, for the downgrade.
_WINDOW_FUNCTION = r"""
CREATE FUNCTION search_window(query tsquery, size integer) RETURNS SETOF paragraphs
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  newest bigint;
  hi bigint;
  lo bigint;
  top bigint;
  b bigint;
  s integer;
  span bigint := 4096;
  found integer := 0;
  got integer;
  blocks text;
BEGIN
  IF numnode(query) = 0 OR size < 1 THEN
    RETURN;
  END IF;
  SELECT max(p.id) + 1 INTO newest FROM paragraphs p;
  IF newest IS NULL THEN
    RETURN;
  END IF;
  hi := newest;
  lo := newest;
  WHILE hi > 0 AND found < size LOOP
    lo := greatest(0, least(lo, hi - span)) >> 12 << 12;
    top := (((hi - 1) >> 12) + 1) << 12;
    blocks := NULL;
    b := lo;
    WHILE b < top LOOP
      s := 22;
      WHILE s > 12 AND ((b & ((1::bigint << s) - 1)) <> 0 OR b + (1::bigint << s) > top) LOOP
        s := s - 2;
      END LOOP;
      blocks := concat_ws(' | ', blocks, format('''~%s.%s''', s, b >> s));
      b := b + (1::bigint << s);
    END LOOP;
    RETURN QUERY
      SELECT p.* FROM paragraphs p
      WHERE paragraph_search_vector(p.tsv, p.id) @@ blocks::tsquery
        AND paragraph_search_vector(p.tsv, p.id) @@ query
        AND p.id < hi
        AND p.is_current AND p.duplicate_of_id IS NULL
      ORDER BY p.id DESC
      LIMIT size - found;
    GET DIAGNOSTICS got = ROW_COUNT;
    found := found + got;
    hi := lo;
    span := (newest - lo) * 16;
    IF found > 0 THEN
      span := least(span, greatest(4096, (size - found) * (newest - lo) * 5 / (4 * found)));
    END IF;
  END LOOP;
END
$$
"""


def upgrade() -> None:
    op.execute(_PAGE_FUNCTION)
    op.execute("DROP FUNCTION search_window(tsquery, integer)")


def downgrade() -> None:
    op.execute(_WINDOW_FUNCTION)
    op.execute("DROP FUNCTION search_page(tsquery, integer, integer, real, bigint)")
