"""All mapped tables; importing this package registers them on `Base.metadata`."""

from app.models.api_key import ApiKey
from app.models.article import Article, ArticleRevision, Paragraph
from app.models.base import Base
from app.models.citation import Citation
from app.models.claim import (
    Claim,
    ClaimBucket,
    ClaimLabel,
    ClaimSource,
    ClaimsRebuild,
    ClaimText,
)
from app.models.commitment import Commitment
from app.models.entity import Entity, EntityAlias, Mention
from app.models.event import Event, EventParticipant
from app.models.explorer_session import ExplorerSession
from app.models.idempotency import IdempotencyRecord
from app.models.ingest_job import IngestJob, IngestJobResult

__all__ = [
    "ApiKey",
    "Article",
    "ArticleRevision",
    "Base",
    "Citation",
    "Claim",
    "ClaimBucket",
    "ClaimLabel",
    "ClaimSource",
    "ClaimText",
    "ClaimsRebuild",
    "Commitment",
    "Entity",
    "EntityAlias",
    "Event",
    "EventParticipant",
    "ExplorerSession",
    "IdempotencyRecord",
    "IngestJob",
    "IngestJobResult",
    "Mention",
    "Paragraph",
]
