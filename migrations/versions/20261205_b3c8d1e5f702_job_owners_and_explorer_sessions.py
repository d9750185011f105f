"""job owners and explorer sessions

`ingest_jobs` gives each queued post a random public id and its owner (the caller's
principal), so a job is no longer read by guessing the queue's sequential ids, and
only by the key that made it (or an admin).  Jobs queued before this migration get
a public id and belong to the admin.

`explorer_sessions` keeps the explorer's sign-in sessions: the digest of the
cookie's random token, the key signed in with, and when it expires.

Revision ID: b3c8d1e5f702
Revises: 4d2b8e6f1a37
Create Date: 2026-12-05 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b3c8d1e5f702"
down_revision: str | None = "4d2b8e6f1a37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_jobs")),
        sa.UniqueConstraint("public_id", name=op.f("uq_ingest_jobs_public_id")),
    )
    op.execute(
        "INSERT INTO ingest_jobs (id, public_id, owner)"
        " SELECT id, gen_random_uuid(), 'admin' FROM procrastinate_jobs"
        " WHERE task_name = 'factstore.ingest_article'"
    )
    op.create_table(
        "explorer_sessions",
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("key_id", sa.BigInteger(), nullable=True),
        sa.Column("admin_digest", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(key_id IS NULL) <> (admin_digest IS NULL)",
            name=op.f("ck_explorer_sessions_one_principal"),
        ),
        sa.ForeignKeyConstraint(
            ["key_id"],
            ["api_keys.id"],
            name=op.f("fk_explorer_sessions_key_id_api_keys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_explorer_sessions")),
    )
    op.create_index(
        op.f("ix_explorer_sessions_key_id"), "explorer_sessions", ["key_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_explorer_sessions_key_id"), table_name="explorer_sessions")
    op.drop_table("explorer_sessions")
    op.drop_table("ingest_jobs")
