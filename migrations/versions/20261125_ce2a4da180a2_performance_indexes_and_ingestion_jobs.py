"""performance indexes and ingestion jobs

The procrastinate job queue lives in this database: its schema (the one shipped
by the installed procrastinate, pinned in pyproject.toml) is applied here, so
`factstore serve`, `factstore worker` and the tests all find it.  A procrastinate
upgrade that changes its schema comes with a new migration applying
procrastinate's own migration script.

Revision ID: ce2a4da180a2
Revises: 091817f2b432
Create Date: 2026-11-25 05:26:35.831133
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from procrastinate.schema import SchemaManager
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

revision: str = "ce2a4da180a2"
down_revision: str | None = "091817f2b432"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _run_script(sql: str) -> None:
    """Run a multi-statement script in the migration's transaction (asyncpg's simple
    query protocol: SQLAlchemy would prepare it as one statement)."""
    op.execute("SELECT 1")  # opens the driver-level transaction first
    driver = op.get_bind().connection.dbapi_connection.driver_connection  # type: ignore[union-attr]
    await_only(driver.execute(sql))


def upgrade() -> None:
    op.create_index(
        "ix_mentions_entity_article_current",
        "mentions",
        ["entity_id", "article_id"],
        unique=False,
        postgresql_where=sa.text("is_current"),
    )
    op.create_table(
        "ingest_job_results",
        sa.Column("job_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.BigInteger(), nullable=True),
        sa.Column("problem", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_ingest_job_results_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_ingest_job_results")),
    )
    _run_script(SchemaManager.get_schema())


def downgrade() -> None:
    _run_script(
        """
        DO $$
        DECLARE object record;
        BEGIN
            FOR object IN SELECT p.oid::regprocedure AS name FROM pg_proc p
                WHERE p.proname LIKE 'procrastinate%' LOOP
                EXECUTE 'DROP FUNCTION IF EXISTS ' || object.name || ' CASCADE';
            END LOOP;
            FOR object IN SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%'
                LOOP
                EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(object.tablename) || ' CASCADE';
            END LOOP;
            FOR object IN SELECT typname FROM pg_type
                WHERE typname LIKE 'procrastinate%' AND typtype IN ('e', 'c') LOOP
                EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(object.typname) || ' CASCADE';
            END LOOP;
        END $$;
        """
    )
    op.drop_table("ingest_job_results")
    op.drop_index(
        "ix_mentions_entity_article_current",
        table_name="mentions",
        postgresql_where=sa.text("is_current"),
    )
