"""Run the Alembic migrations from code (the CLI and the tests do this before serving)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from alembic import command
from alembic.config import Config

# The top-level `migrations/` folder, installed as `app.migrations` (pyproject.toml).
SCRIPT_LOCATION = Path(import_module("app.migrations").__file__ or "").parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    # Alembic's config is an INI parser: a literal % must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate synchronously; call it outside a running event loop (or in a thread)."""
    command.upgrade(alembic_config(url), revision)
