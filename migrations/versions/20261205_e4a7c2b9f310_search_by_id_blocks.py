"""search by blocks of paragraph ids

Search ranks the newest matches of a query (a window of them).  The GIN index
over `tsv` alone finds every match of a word wherever it is, so finding the newest
ones read all of a word's matches (a word in half the articles: half the store),
and a scan of the paragraphs newest first finds few matches of a rare word in a
great many rows.  The index is replaced by one over `tsv` with a lexeme per
aligned block of paragraph ids at each of six sizes (4,096 to 4,194,304 ids, every
4 times larger), `~12.30` for ids 122,880-126,975: a query ANDed with the block
lexemes of an id range reads, in the index, only the matches in that range (GIN
skips the rest of a word's postings), and `search_window` widens the range newest
first, step by step, until the window is filled.  User queries
never hold such a lexeme (`websearch_to_tsquery` drops the `~`), and `tsv` itself
is unchanged, so ranking and snippets see the same words as before.

Revision ID: e4a7c2b9f310
Revises: e5a1c7d9b3f4
Create Date: 2026-12-05 12:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e4a7c2b9f310"
down_revision: str | None = "e5a1c7d9b3f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A single SQL expression, so that PostgreSQL inlines it into the statements using
# it and matches them to the index built on it.
_VECTOR_FUNCTION = r"""
CREATE FUNCTION paragraph_search_vector(tsv tsvector, id bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT tsv || array_to_tsvector(ARRAY[
    '~12.' || (id >> 12)::text, '~14.' || (id >> 14)::text,
    '~16.' || (id >> 16)::text, '~18.' || (id >> 18)::text,
    '~20.' || (id >> 20)::text, '~22.' || (id >> 22)::text])
$$
"""

# The newest `size` current, non-duplicate paragraphs matching `query`.  Each step
# reads the matches in one range of ids (as few aligned blocks as cover it, ANDed
# with the query in the index), newest first, and returns them; the first range is
# the newest one or two blocks of 4,096 ids, and each next one as wide as the
# matches still missing take at the density seen so far (a quarter more), at most
# 16 times the ids read so far.  The steps' statements keep one plan per
# connection: the same for every query (the block lexemes lead the index scan,
# whatever the words), and planning them anew cost more than running them.
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
    op.execute(_VECTOR_FUNCTION)
    op.execute(
        "CREATE INDEX ix_paragraphs_search ON paragraphs "
        "USING gin (paragraph_search_vector(tsv, id))"
    )
    op.drop_index("ix_paragraphs_tsv", table_name="paragraphs", postgresql_using="gin")
    op.execute(_WINDOW_FUNCTION)


def downgrade() -> None:
    op.execute("DROP FUNCTION search_window(tsquery, integer)")
    op.create_index("ix_paragraphs_tsv", "paragraphs", ["tsv"], postgresql_using="gin")
    op.drop_index("ix_paragraphs_search", table_name="paragraphs")
    op.execute("DROP FUNCTION paragraph_search_vector(tsvector, bigint)")
