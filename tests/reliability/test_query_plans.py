"""Reads are planned for the values they run with, never with a generic plan.

A generic plan guesses how many paragraphs a full-text query matches; guessing
"few" for a common word makes search read every match.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.fixtures.app import MakeApp
from tests.reliability.conftest import URL_PREFIX

PLANS = """
SELECT generic_plans, custom_plans FROM pg_prepared_statements
WHERE statement LIKE '%search_page%' AND statement NOT LIKE '%pg_prepared_statements%'
"""


async def test_search_is_planned_for_each_query(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    async with make_app(commits=True, db_pool_size=1, db_max_overflow=0) as live:
        client, engines = live.client, live.engines
        article = {
            "url": URL_PREFIX + "plans",
            "paragraphs": ["Drones over the border.", "Tanks at the border."],
        }
        posted = await client.post(
            "/v1/articles", params={"extract": "false"}, json=article, headers=admin_headers
        )
        assert posted.status_code == 201, posted.text
        for word in ["drones", "tanks", "border"] * 4:
            found = await client.get("/v1/search", params={"q": word})
            assert found.status_code == 200, found.text
            assert len(found.json()["items"]) == (2 if word == "border" else 1)
        # The read pool's one connection served every search; its prepared statement
        # says how each run was planned.
        async with engines.reads.connect() as conn:
            plans = (await conn.execute(text(PLANS))).one()
        assert tuple(plans) == (0, 12)
