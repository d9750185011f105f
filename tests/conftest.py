"""The suite's fixtures live in tests/fixtures: the databases (`database.py`) and the
app under test (`app.py`).

`slow` marks the tests a developer skips while working (`pytest -m "not slow"`):
those that start servers, browsers, process pools or PostgreSQL clusters, kill
processes, race dozens of requests or feed big inputs.  A test that uses a server in
a subprocess or the browser is marked here, by its fixtures; the others carry the
mark themselves.  The full suite, slow tests included, is what CI runs.

Under pytest-xdist (`-n auto`), the tests on servers in subprocesses go to one worker
(`--dist loadgroup`, pyproject.toml), which starts the session's server once, not once
per worker.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fixtures.database", "tests.fixtures.app"]

SLOW_FIXTURES = frozenset({"live_server", "keyed_server", "browser"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("servers"))
