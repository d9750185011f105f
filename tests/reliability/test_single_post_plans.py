"""Single posts are written with each connection's cached (generic) plans: their
statements carry a post's few rows, and planning them anew on every run cost
PostgreSQL more than running them.  The setting lasts the write's transaction:
the group writer's, or with an Idempotency-Key the request's own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text

from tests.fixtures.app import MakeApp


async def test_single_posts_are_written_with_cached_plans_and_the_pool_keeps_its_own(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    async with make_app(commits=True) as served:
        writes = served.engines.writes.sync_engine
        modes: list[str] = []

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            # What the write's own statements run under: the ids drawn for its rows.
            if "nextval" in statement:
                cursor.execute("SHOW plan_cache_mode")
                modes.append(cursor.fetchone()[0])

        event.listen(writes, "before_cursor_execute", before)
        try:
            grouped = await served.client.post(
                "/v1/articles?extract=false",
                json={"source": "example.org", "paragraphs": ["One paragraph, stored."]},
                headers=admin_headers,
            )
            in_group = len(modes)
            own = await served.client.post(
                "/v1/articles?extract=false",
                json={"source": "example.net", "paragraphs": ["Another one, stored."]},
                headers={**admin_headers, "Idempotency-Key": "cached-plans-1"},
            )
        finally:
            event.remove(writes, "before_cursor_execute", before)
        assert grouped.status_code == 201, grouped.text
        assert own.status_code == 201, own.text
        assert 0 < in_group < len(modes), modes
        assert all(mode == "force_generic_plan" for mode in modes), modes

        for response in (grouped, own):
            stored = await served.client.get(f"/v1/articles/{response.json()['id']}")
            assert stored.status_code == 200
        # Every pooled connection is back to the server's own choice.
        connections = [await served.engines.writes.connect() for _ in range(3)]
        try:
            for connection in connections:
                assert await connection.scalar(text("SHOW plan_cache_mode")) == "auto"
        finally:
            for connection in connections:
                await connection.close()
