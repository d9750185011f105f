"""`GET` a mention, or every citation of an event or commitment, as Web Annotations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from app.annotations.presenters import ANNOTATION_MEDIA_TYPE, annotation, collection, textual_body
from app.api.deps import ReadAccess, SessionDep
from app.commitments import repository as commitment_reads
from app.commitments.schemas import CommitmentOut
from app.core.config import Settings
from app.core.errors import NotFound, Problem
from app.core.types import Id
from app.entities import repository as entity_reads
from app.entities.schemas import MentionOut
from app.events import repository as event_reads
from app.events.schemas import EventOut
from app.facts.schemas import CitationOut
from app.models import Article

router = APIRouter(prefix="/v1", tags=["annotations"], dependencies=[ReadAccess])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {ANNOTATION_MEDIA_TYPE: {"schema": {"type": "object"}}},
        "description": "W3C Web Annotation JSON-LD (TextQuoteSelector and TextPositionSelector).",
    },
    404: {"model": Problem},
}


class AnnotationResponse(JSONResponse):
    media_type = ANNOTATION_MEDIA_TYPE


def _base(request: Request) -> str:
    """The configured public base URL: the request's Host header is the client's to
    choose, and an id minted from it would point wherever that client likes."""
    settings: Settings = request.app.state.settings
    return settings.base_url


async def _article_url(session: SessionDep, article_id: int) -> str | None:
    return await session.scalar(select(Article.url).where(Article.id == article_id))


async def _collection(
    request: Request,
    session: SessionDep,
    label: str,
    body: dict[str, Any],
    citations: list[CitationOut],
) -> AnnotationResponse:
    base, own = _base(request), f"{_base(request)}{request.url.path}"
    article_url = await _article_url(session, citations[0].article_id) if citations else None
    items = [
        annotation(
            citation,
            base_url=base,
            annotation_id=f"{own}#{n}",
            body=body,
            motivation="describing",
            article_url=article_url,
        )
        for n, citation in enumerate(citations)
    ]
    return AnnotationResponse(collection(own, label, items))


@router.get(
    "/mentions/{mention_id}/annotation",
    response_class=AnnotationResponse,
    responses=_RESPONSES,
)
async def mention_annotation(
    mention_id: Id, request: Request, session: SessionDep
) -> AnnotationResponse:
    """A mention of an entity: the annotation's body is the entity."""
    document = await entity_reads.get_mention(session, mention_id)
    if document is None:
        raise NotFound(f"mention {mention_id} does not exist")
    mention = MentionOut.model_validate_json(document)
    base = _base(request)
    return AnnotationResponse(
        annotation(
            mention,
            base_url=base,
            annotation_id=f"{base}{request.url.path}",
            body=f"{base}/v1/entities/{mention.entity_id}",
            motivation="identifying",
            article_url=await _article_url(session, mention.article_id),
        )
    )


@router.get(
    "/events/{event_id}/annotations",
    response_class=AnnotationResponse,
    responses=_RESPONSES,
)
async def event_annotations(
    event_id: Id, request: Request, session: SessionDep
) -> AnnotationResponse:
    """Each citation of the event; the body is its summary."""
    document = await event_reads.get_event(session, event_id)
    if document is None:
        raise NotFound(f"event {event_id} does not exist")
    event = EventOut.model_validate_json(document)
    body = textual_body(event.summary)
    return await _collection(request, session, f"event {event_id}", body, event.citations)


@router.get(
    "/commitments/{commitment_id}/annotations",
    response_class=AnnotationResponse,
    responses=_RESPONSES,
)
async def commitment_annotations(
    commitment_id: Id, request: Request, session: SessionDep
) -> AnnotationResponse:
    """Each citation of the commitment; the body names its metric."""
    document = await commitment_reads.get_commitment(session, commitment_id)
    if document is None:
        raise NotFound(f"commitment {commitment_id} does not exist")
    commitment = CommitmentOut.model_validate_json(document)
    actor = commitment.actor.name if commitment.actor and commitment.actor.name else None
    body = textual_body(f"{actor}: {commitment.metric}" if actor else commitment.metric)
    label = f"commitment {commitment_id}"
    return await _collection(request, session, label, body, commitment.citations)
