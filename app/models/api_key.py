"""API keys, stored as SHA-256 digests; the plaintext is shown once at creation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ARRAY, DateTime, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedAtMixin, IdMixin


class ApiKey(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "api_keys"

    name: Mapped[str | None] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, nullable=False)
    key_hash: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
