"""claims

One claim gathers every article's statement of the same commitment or event
(`app.claims`).  Commitments and events get the claim they belong to
(`claim_id`), the group of claims they are settled with (`claim_group`, indexed:
joining reads a group, never every claim), and commitments their stage in the aid
vocabulary (`lifecycle`).  Existing statements are given their columns and join
their claims after the migrations, by the code ingestion uses at head
(`app.claims.rebuild`, recorded in `claims_rebuild`).

Revision ID: b7c1e9a4d2f0
Revises: b3c8d1e5f702
Create Date: 2026-12-05 07:40:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b7c1e9a4d2f0"
down_revision: str | None = "b3c8d1e5f702"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# An article's outlet: the registrable domain of its URL (the last two labels, or
# three under a country's second-level label such as co.uk), else its `source`,
# else the article itself.  In SQL so that sources are counted in the database;
# single expressions, so that PostgreSQL inlines them into the statements using them.
_HOST_FUNCTION = r"""
CREATE FUNCTION claim_host(url text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(rtrim(substring(url from
    '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)'), '.'))
$$
"""
_OUTLET_FUNCTION = r"""
CREATE FUNCTION claim_outlet(url text, source text, article_id bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN coalesce(claim_host(url), '') <> '' THEN coalesce(
      substring(claim_host(url) from
        '([^.]+\.(?:co|com|net|org|gov|ac|edu|gob|govt|nic|ltd|plc|sch|mil|nhs)\.[a-z]{2})$'),
      substring(claim_host(url) from '([^.]+\.[^.]+)$'),
      claim_host(url))
    WHEN coalesce(btrim(source), '') <> '' THEN lower(btrim(source))
    ELSE 'article ' || article_id
  END
$$
"""


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("group_key", sa.Text(), nullable=False),
        sa.Column("actor_entity_id", sa.BigInteger(), nullable=True),
        sa.Column("metric_class", sa.Text(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.Text(), nullable=True),
        sa.Column(
            "entity_ids",
            postgresql.ARRAY(sa.BigInteger()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("metric", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("statement_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("source_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_reported", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reported", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("kind IN ('commitment', 'event')", name=op.f("ck_claims_kind_known")),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('pledged', 'committed', 'allocated', 'disbursed',"
            " 'revised', 'withdrawn')",
            name=op.f("ck_claims_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_entity_id"],
            ["entities.id"],
            name=op.f("fk_claims_actor_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("key", name=op.f("uq_claims_key")),
    )
    op.create_index("ix_claims_group_key", "claims", ["group_key"])
    op.create_index("ix_claims_kind_id", "claims", ["kind", "id"])
    op.create_index("ix_claims_currency_id", "claims", ["currency", "id"])
    op.create_index("ix_claims_target_year_id", "claims", ["target_year", "id"])
    op.create_index("ix_claims_event_type_id", "claims", ["event_type", "id"])
    op.create_index("ix_claims_first_reported_id", "claims", ["first_reported", "id"])
    op.create_index("ix_claims_entity_ids", "claims", ["entity_ids"], postgresql_using="gin")
    _tally(
        "claim_buckets",
        ["lifecycle", "bucket"],
        sa.Column("lifecycle", sa.Text(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("first", sa.DateTime(timezone=True), nullable=False),
        sa.Column("min_amount", sa.Numeric(), nullable=True),
        sa.Column("max_amount", sa.Numeric(), nullable=True),
        sa.Column("gdp_from", sa.Numeric(), nullable=True),
        sa.Column("gdp_to", sa.Numeric(), nullable=True),
    )
    _tally(
        "claim_texts",
        ["text_key"],
        sa.Column("text_key", sa.Text(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
    )
    _tally(
        "claim_origins",
        ["origin"],
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("texts", sa.Integer(), nullable=False),
    )
    for table in ("commitments", "events"):
        op.add_column(table, sa.Column("claim_id", sa.BigInteger(), nullable=True))
        op.add_column(table, sa.Column("claim_group", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("text_hash", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("outlet", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
        op.create_foreign_key(
            op.f(f"fk_{table}_claim_id_claims"),
            table,
            "claims",
            ["claim_id"],
            ["id"],
            ondelete="SET NULL",
        )
        op.create_index(
            f"ix_{table}_claim_id", table, ["claim_id"], postgresql_where=sa.text("is_current")
        )
    op.add_column("commitments", sa.Column("lifecycle", sa.Text(), nullable=True))
    op.add_column("commitments", sa.Column("value_bucket", sa.Integer(), nullable=True))
    op.create_index(
        "ix_commitments_unjoined",
        "commitments",
        ["claim_group"],
        postgresql_where=sa.text("is_current AND claim_id IS NULL"),
    )
    op.create_index(
        "ix_commitments_undated",
        "commitments",
        ["claim_group"],
        postgresql_where=sa.text("is_current AND target_year IS NULL"),
    )
    op.create_index(
        "ix_events_claim_group", "events", ["claim_group"], postgresql_where=sa.text("is_current")
    )
    # Colons escaped: a `:name` in text() would be a bind parameter.
    for function in (_HOST_FUNCTION, _OUTLET_FUNCTION):
        op.execute(sa.text(function.replace(":", "\\:")))
    _backfill()


def _tally(name: str, key: list[str], *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f(f"fk_{name}_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", *key, name=op.f(f"pk_{name}")),
    )


def _backfill() -> None:
    """Record that the stored statements' claims are to be built (`app.claims.rebuild`):
    the joining code follows the schema at head, so it runs once the schema is there,
    not here."""
    op.execute(
        "CREATE TABLE IF NOT EXISTS claims_rebuild"
        " (scope text CONSTRAINT pk_claims_rebuild PRIMARY KEY)"
    )
    op.execute(
        "INSERT INTO claims_rebuild (scope) SELECT 'keys'"
        " WHERE EXISTS (SELECT 1 FROM commitments) OR EXISTS (SELECT 1 FROM events)"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS claims_rebuild")
    for table in ("claim_origins", "claim_texts", "claim_buckets"):
        op.drop_table(table)
    op.execute("DROP FUNCTION claim_outlet(text, text, bigint)")
    op.execute("DROP FUNCTION claim_host(text)")
    op.drop_index("ix_events_claim_group", table_name="events")
    op.drop_index("ix_commitments_undated", table_name="commitments")
    op.drop_index("ix_commitments_unjoined", table_name="commitments")
    op.drop_column("commitments", "value_bucket")
    op.drop_column("commitments", "lifecycle")
    for table in ("events", "commitments"):
        op.drop_index(f"ix_{table}_claim_id", table_name=table)
        op.drop_constraint(op.f(f"fk_{table}_claim_id_claims"), table, type_="foreignkey")
        op.drop_column(table, "reported_at")
        op.drop_column(table, "outlet")
        op.drop_column(table, "text_hash")
        op.drop_column(table, "claim_group")
        op.drop_column(table, "claim_id")
    op.drop_table("claims")
