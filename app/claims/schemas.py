"""Response models of claims."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.commitments.schemas import ActorOut, AmountOut, CommitmentOut, ShareOfGdpOut
from app.events.schemas import DateOut, EventOut, ParticipantOut

ClaimStatus = Literal["pledged", "committed", "allocated", "disbursed", "revised", "withdrawn"]


class DisputedValue(BaseModel):
    amount: AmountOut | None
    share_of_gdp: ShareOfGdpOut | None
    first_reported: datetime
    report_count: int = Field(description="Statements that give this value.")


class DisputedOut(BaseModel):
    """Statements reported within a few days of each other that disagree on the amount."""

    values: list[DisputedValue]


class ClaimOut(BaseModel):
    id: int
    kind: Literal["commitment", "event"]
    # A commitment claim's canonical fields.
    actor: ActorOut | None = None
    metric: str | None = Field(default=None, description="The metric as the first report words it.")
    metric_class: str | None = Field(
        default=None, examples=["defence"], description="What commitments join on."
    )
    amount: AmountOut | None = Field(default=None, description="The amount now pledged.")
    share_of_gdp: ShareOfGdpOut | None = None
    target_year: int | None = None
    # An event claim's canonical fields.
    type: str | None = None
    summary: str | None = None
    date: DateOut | None = None
    participants: list[ParticipantOut] = Field(default_factory=list)
    # A commitment's life (aid vocabulary) and the money so far.
    status: ClaimStatus | None = Field(default=None, description="The furthest stage reached.")
    pledged: AmountOut | None = None
    allocated: AmountOut | None = None
    disbursed: AmountOut | None = Field(
        default=None, description="The largest amount a statement says was disbursed."
    )
    gap: AmountOut | None = Field(default=None, description="Pledged minus disbursed.")
    disputed: DisputedOut | None = None
    statement_count: int
    source_count: int = Field(description="Distinct outlets; syndicated copies count once.")
    first_reported: datetime
    last_reported: datetime


class SourceOut(BaseModel):
    outlet: str = Field(examples=["reuters.com"], description="Registrable domain, or `source`.")
    syndicated: list[str] = Field(
        description="Other outlets that carried the same paragraphs (not counted again)."
    )
    article_ids: list[int]
    statement_ids: list[int]
    first_reported: datetime


class TimelineStep(BaseModel):
    statement_id: int
    article_id: int
    reported_at: datetime
    status: ClaimStatus | None
    amount: AmountOut | None
    share_of_gdp: ShareOfGdpOut | None
    quote: str | None = Field(description="The statement's first citation.")


class ClaimDetail(ClaimOut):
    sources: list[SourceOut]
    statements: list[CommitmentOut] | list[EventOut] = Field(
        description="Each article's own fact, oldest report first (at most 500)."
    )


class TimelineOut(BaseModel):
    claim_id: int
    status: ClaimStatus | None
    pledged: AmountOut | None
    disbursed: AmountOut | None
    gap: AmountOut | None
    steps: list[TimelineStep]
