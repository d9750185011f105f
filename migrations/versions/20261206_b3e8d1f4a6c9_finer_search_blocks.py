"""finer search blocks

`search_page` reads a query's newest matches one range of paragraph ids at a time,
and a range is made of aligned blocks, the smallest of 4,096 ids.  Every match in
a range is fetched from the heap and sorted before the window keeps its newest
ones, so a query whose words are in most paragraphs fetched several times the
matches its window of 500 keeps (its first range alone held thousands).  Two finer
block sizes (256 and 1,024 ids) let the first range be about twice the window in
ids and each next one as wide as the density seen so far asks, so a dense query
fetches about as many matches as it keeps.  The window, its order and the pages
are unchanged: the same newest matches, ranked the same.

Revision ID: b3e8d1f4a6c9
Revises: a9d4f2c6e815
Create Date: 2026-12-06 02:00:00.000000
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "b3e8d1f4a6c9"
down_revision: str | None = "a9d4f2c6e815"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A single SQL expression, so that PostgreSQL inlines it into the statements using
# it and matches them to the index built on it.
_VECTOR_FUNCTION = r"""
CREATE OR REPLACE FUNCTION paragraph_search_vector(tsv tsvector, id bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT tsv || array_to_tsvector(ARRAY[
    '~8.' || (id >> 8)::text, '~10.' || (id >> 10)::text,
    '~12.' || (id >> 12)::text, '~14.' || (id >> 14)::text,
    '~16.' || (id >> 16)::text, '~18.' || (id >> 18)::text,
    '~20.' || (id >> 20)::text, '~22.' || (id >> 22)::text])
$$
"""

_OLD_VECTOR_FUNCTION = r"""
CREATE OR REPLACE FUNCTION paragraph_search_vector(tsv tsvector, id bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT tsv || array_to_tsvector(ARRAY[
    '~12.' || (id >> 12)::text, '~14.' || (id >> 14)::text,
    '~16.' || (id >> 16)::text, '~18.' || (id >> 18)::text,
    '~20.' || (id >> 20)::text, '~22.' || (id >> 22)::text])
$$
"""

# As migration a9d4f2c6e815 made it, but for the block sizes: ranges aligned to
# 256 ids, the first about twice the window wide.
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


def _rebuild(vector_function: str) -> None:
    # The index is built on the function: replacing it leaves the index stale.
    op.drop_index("ix_paragraphs_search", table_name="paragraphs")
    op.execute(vector_function)
    op.execute(
        "CREATE INDEX ix_paragraphs_search ON paragraphs "
        "USING gin (paragraph_search_vector(tsv, id))"
    )


def upgrade() -> None:
    _rebuild(_VECTOR_FUNCTION)
    op.execute(_PAGE_FUNCTION)


def downgrade() -> None:
    _rebuild(_OLD_VECTOR_FUNCTION)
    # The function as the previous revision made it, from that revision's file.
    path = Path(__file__).with_name("20261206_a9d4f2c6e815_search_page.py")
    spec = importlib.util.spec_from_file_location("search_page_revision", path)
    assert spec is not None and spec.loader is not None
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    op.execute("DROP FUNCTION search_page(tsquery, integer, integer, real, bigint)")
    op.execute(previous._PAGE_FUNCTION)
