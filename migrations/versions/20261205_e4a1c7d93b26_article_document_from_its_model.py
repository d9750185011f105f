"""article document from its model

The trigger function `articles_document()` keeps `articles.document` (an article's
`ArticleOut`).  Its first body was written by hand, with a timestamp formula of its
own; this body is the one `app.articles.documents.article_document_trigger_body()`
renders from the response model, with the timestamp format the reads use, held here
as text so that this migration does the same whatever the model later becomes
(`tests/api/test_documents.py` fails when the installed body and the model's part,
and prints the body to install).  Both bodies write the same document, so stored
documents stay as they are.

Revision ID: e4a1c7d93b26
Revises: b7c1e9a4d2f0
Create Date: 2026-12-05 12:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e4a1c7d93b26"
down_revision: str | None = "b7c1e9a4d2f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BODY = (
    "BEGIN NEW.document := CAST(json_build_object('id', \"new\".id, 'url', \"new\".url,"
    " 'title', \"new\".title, 'standfirst', \"new\".standfirst, 'source', \"new\".source,"
    " 'language', \"new\".language, 'published_at', CASE WHEN (date_trunc('second',"
    ' "new".published_at) = "new".published_at) THEN to_char(timezone(\'UTC\','
    ' "new".published_at), \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') ELSE to_char(timezone(\'UTC\','
    ' "new".published_at), \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') END, \'revision\','
    " \"new\".revision, 'paragraph_count', \"new\".paragraph_count, 'created_at', CASE"
    ' WHEN (date_trunc(\'second\', "new".created_at) = "new".created_at) THEN'
    ' to_char(timezone(\'UTC\', "new".created_at), \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') ELSE'
    ' to_char(timezone(\'UTC\', "new".created_at), \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'
    " END, 'updated_at', CASE WHEN (date_trunc('second', \"new\".updated_at) ="
    ' "new".updated_at) THEN to_char(timezone(\'UTC\', "new".updated_at),'
    ' \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') ELSE to_char(timezone(\'UTC\', "new".updated_at),'
    ' \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') END) AS TEXT); RETURN NEW; END'
)


def _timestamp(column: str) -> str:
    return (
        f"replace(to_char(timezone('UTC', NEW.{column}),"
        f" 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z')"
    )


# The body of 4d2b8e6f1a37 (articles carry their document), for the downgrade.
_PREVIOUS_BODY = (
    "BEGIN NEW.document := json_build_object("
    "'id', NEW.id, 'url', NEW.url, 'title', NEW.title, 'standfirst', NEW.standfirst,"
    " 'source', NEW.source, 'language', NEW.language,"
    f" 'published_at', {_timestamp('published_at')},"
    " 'revision', NEW.revision, 'paragraph_count', NEW.paragraph_count,"
    f" 'created_at', {_timestamp('created_at')}, 'updated_at', {_timestamp('updated_at')}"
    ")::text; RETURN NEW; END"
)


def _install(body: str) -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION articles_document() RETURNS trigger LANGUAGE plpgsql"
        f" AS $${body}$$"
    )


def upgrade() -> None:
    _install(_BODY)


def downgrade() -> None:
    _install(_PREVIOUS_BODY)
