"""A commit that fails after the handler succeeded: the client gets the one problem
shape (a 503 with `Retry-After`), never the success the store did not keep.

The failure is real: a deferred constraint trigger in a scratch database refuses
the transaction at COMMIT, as a serialization failure would.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.errors import Problem
from tests.fixtures.app import MakeApp

_REFUSE_AT_COMMIT = [
    "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'refused at commit' USING ERRCODE = '40001'; END $$",
    "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON articles"
    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    " WHEN (NEW.source = 'refused at commit') EXECUTE FUNCTION refuse_at_commit()",
]


async def test_a_failed_commit_answers_503_problem_and_stores_nothing(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    async with make_app(commits=True) as served:
        setup = create_async_engine(served.database_url)
        try:
            async with setup.begin() as conn:
                for statement in _REFUSE_AT_COMMIT:
                    await conn.execute(text(statement))
            client = served.client
            # With an Idempotency-Key a post is the request's own transaction, which
            # the session middleware commits; without one, concurrent posts are
            # committed together by the group writer.  Both must answer the problem.
            for headers, detail in (
                ({**admin_headers, "Idempotency-Key": "refused-1"}, "committed"),
                (admin_headers, "unavailable"),
            ):
                response = await client.post(
                    "/v1/articles?extract=false",
                    json={"source": "refused at commit", "paragraphs": ["Kept nowhere."]},
                    headers=headers,
                )
                assert response.status_code == 503, response.text
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["retry-after"] == "5"
                problem = Problem.model_validate_json(response.content)
                assert problem.type == "/problems/database-unavailable"
                assert problem.status == 503
                assert detail in problem.detail

            kept = await client.post(
                "/v1/articles?extract=false",
                json={"source": "kept", "paragraphs": ["Kept."]},
                headers=admin_headers,
            )
            assert kept.status_code == 201, kept.text
            async with setup.connect() as conn:
                sources = (await conn.execute(text("SELECT source FROM articles"))).scalars().all()
            assert sources == ["kept"]
        finally:
            await setup.dispose()
