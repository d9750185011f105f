"""Fixtures for the reliability tests: those of the API tests, shared.

Apps that commit for real (races, timeouts, a pool running dry) come from
`make_app(commits=True)`, each on a scratch database of its own (tests/fixtures).
"""

from __future__ import annotations

from tests.api.conftest import make_key, post_article

__all__ = ["ENTITY_PREFIX", "URL_PREFIX", "make_key", "post_article"]  # shared fixtures

# The stories these tests post live under this URL, and their actors carry this name.
URL_PREFIX = "https://reliability.example/"
ENTITY_PREFIX = "Reliant "
