"""Sign-in sessions of the explorer's browsers (when reads need a key)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ExplorerSession(Base):
    """One signed-in browser.  The cookie holds a random token; only its digest is kept,
    so a copy of this table opens no session.  A session ends with its key: revoking
    the key (or changing the admin key) ends it at once."""

    __tablename__ = "explorer_sessions"
    __table_args__ = (
        CheckConstraint("(key_id IS NULL) <> (admin_digest IS NULL)", name="one_principal"),
    )

    token_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    key_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("api_keys.id", ondelete="CASCADE"), index=True
    )
    # For the configured admin key (no row of its own): the digest of the key signed in with.
    admin_digest: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
