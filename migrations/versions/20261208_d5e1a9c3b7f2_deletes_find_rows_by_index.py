"""deletes find rows by index: every foreign key's referencing rows are indexed

Deleting a row makes PostgreSQL look up the rows whose foreign keys name it.  Six
of those look-ups had no index to use and read their whole table, once for each
row deleted, so deleting an article grew with the store:

- a fact's revision (commitments, events, mentions) and a paragraph's repeat of an
  earlier one are now keyed with the article's id as well, which every one of
  those tables indexes (and which pins the revision and the repeated paragraph to
  the same article);
- the actors of claims, the article of a job's result, and the actor of retired
  commitments get an index.

The new keys are added unvalidated, then validated, so that the tables are not
locked against writes while their rows are checked.

Revision ID: d5e1a9c3b7f2
Revises: b6d2f8a4c1e9
Create Date: 2026-12-08 02:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d5e1a9c3b7f2"
down_revision: str | None = "b6d2f8a4c1e9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ("commitments", "events", "mentions")


def _validated(name: str, table: str) -> None:
    op.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")


def upgrade() -> None:
    op.create_unique_constraint(
        "uq_article_revisions_id_article_id", "article_revisions", ["id", "article_id"]
    )
    for table in FACTS:
        op.drop_constraint(f"fk_{table}_revision_id_article_revisions", table, type_="foreignkey")
        op.create_foreign_key(
            f"fk_{table}_revision_article",
            table,
            "article_revisions",
            ["revision_id", "article_id"],
            ["id", "article_id"],
            ondelete="CASCADE",
            postgresql_not_valid=True,
        )
        _validated(f"fk_{table}_revision_article", table)
    op.drop_constraint("fk_paragraphs_duplicate_of_id_paragraphs", "paragraphs", type_="foreignkey")
    op.create_foreign_key(
        "fk_paragraphs_duplicate_of",
        "paragraphs",
        "paragraphs",
        ["duplicate_of_id", "article_id"],
        ["id", "article_id"],
        ondelete="CASCADE",
        postgresql_not_valid=True,
    )
    _validated("fk_paragraphs_duplicate_of", "paragraphs")
    op.create_index(
        "ix_claims_actor_entity_id",
        "claims",
        ["actor_entity_id"],
        postgresql_where=sa.text("actor_entity_id IS NOT NULL"),
    )
    op.create_index(
        "ix_ingest_job_results_article_id",
        "ingest_job_results",
        ["article_id"],
        postgresql_where=sa.text("article_id IS NOT NULL"),
    )
    op.drop_index("ix_commitments_actor_id", "commitments")
    op.create_index("ix_commitments_actor_id", "commitments", ["actor_entity_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_actor_id", "commitments")
    op.create_index(
        "ix_commitments_actor_id",
        "commitments",
        ["actor_entity_id", "id"],
        postgresql_where=sa.text("is_current"),
    )
    op.drop_index("ix_ingest_job_results_article_id", "ingest_job_results")
    op.drop_index("ix_claims_actor_entity_id", "claims")
    op.drop_constraint("fk_paragraphs_duplicate_of", "paragraphs", type_="foreignkey")
    op.create_foreign_key(
        "fk_paragraphs_duplicate_of_id_paragraphs",
        "paragraphs",
        "paragraphs",
        ["duplicate_of_id"],
        ["id"],
        ondelete="CASCADE",
    )
    for table in FACTS:
        op.drop_constraint(f"fk_{table}_revision_article", table, type_="foreignkey")
        op.create_foreign_key(
            f"fk_{table}_revision_id_article_revisions",
            table,
            "article_revisions",
            ["revision_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.drop_constraint("uq_article_revisions_id_article_id", "article_revisions", type_="unique")
