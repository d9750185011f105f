"""One settings object, read from the environment, that refuses unsafe values."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import platformdirs
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIN_ADMIN_KEY_LENGTH = 24
# Where a server started without `FACTSTORE_PUBLIC_BASE_URL` is reached by default.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("factstore", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FACTSTORE_", extra="ignore")

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "FACTSTORE_DATABASE_URL")
    )
    data_dir: Path = Field(default_factory=_default_data_dir)
    admin_key: str | None = None
    require_read_key: bool = False
    # With `require_read_key`: whether /docs, /redoc and /openapi.json stay open (the
    # contract is no secret), and whether /metrics does (unset: only when reads are open).
    public_docs: bool = True
    public_metrics: bool | None = None
    # The server's address as its clients reach it: absolute URLs it hands out (Web
    # Annotation ids and targets) start with it, never with the request's Host header.
    public_base_url: str | None = None

    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    db_pool_timeout: float = Field(default=10.0, gt=0, le=300)
    db_statement_timeout_ms: int = Field(default=30_000, ge=100, le=3_600_000)

    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_paragraphs: int = Field(default=2_000, ge=1)
    max_paragraph_chars: int = Field(default=50_000, ge=100)
    # The built-in extractor's work per article (characters of its unique paragraphs
    # and title): its cost grows with the text, and one request must not hold it long.
    max_extract_chars: int = Field(default=100_000, ge=100)
    # How far ahead of the server's clock a stated publication time may be.
    max_future_hours: int = Field(default=48, ge=0, le=24 * 366)
    write_rate_per_minute: int = Field(default=0, ge=0, le=1_000_000)  # per key; 0 = off
    write_rate_burst: int = Field(default=20, ge=1, le=1_000_000)

    extract_default: bool = True
    # Join commitments and events into claims as they are written (off: benchmarks only).
    join_claims: bool = True
    spacy_model: str = "en_core_web_sm"
    # Extractor processes per API or worker process; unset: one per core, 0: a thread.
    extract_workers: int | None = Field(default=None, ge=0, le=64)
    # Ended ingestion jobs (and their results) are removed this long after they end.
    job_retention_hours: int = Field(default=168, ge=1, le=24 * 366)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Search ranks this many of the newest matching paragraphs (its hits end there).
    search_window: int = Field(default=500, ge=50, le=10_000)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("FACTSTORE_PUBLIC_BASE_URL must be an http(s) URL")
        if parts.query or parts.fragment:
            raise ValueError("FACTSTORE_PUBLIC_BASE_URL must have no query or fragment")
        return value.strip().rstrip("/")

    @property
    def base_url(self) -> str:
        """The public base URL (no trailing slash)."""
        return self.public_base_url or DEFAULT_BASE_URL

    @property
    def metrics_open(self) -> bool:
        """/metrics needs no key: as configured, else only while reads need none."""
        if self.public_metrics is not None:
            return self.public_metrics
        return not self.require_read_key

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        """Accept the usual `postgres://` spellings and pin the asyncpg driver."""
        if not value:
            return None
        for prefix in ("postgres://", "postgresql://", "postgresql+psycopg://"):
            if value.startswith(prefix):
                return "postgresql+asyncpg://" + value[len(prefix) :]
        if not value.startswith("postgresql+asyncpg://"):
            raise ValueError("DATABASE_URL must be a PostgreSQL URL")
        return value

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.admin_key is not None and len(self.admin_key) < MIN_ADMIN_KEY_LENGTH:
            raise ValueError(
                f"FACTSTORE_ADMIN_KEY must be at least {MIN_ADMIN_KEY_LENGTH} characters long"
            )
        if "*" in self.cors_origins and len(self.cors_origins) > 1:
            raise ValueError("FACTSTORE_CORS_ORIGINS: '*' cannot be combined with other origins")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
