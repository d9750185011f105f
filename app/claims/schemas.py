"""Response models of claims."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.commitments.schemas import ActorOut, AmountOut, CommitmentOut, ShareOfGdpOut
from app.events.schemas import DateOut, EventOut, ParticipantOut

# The caps of a claim's detail, so that it costs the same at its thousandth report
# as at its second: the rest of its statements are paged (`/statements`), its counts
# are full counts.
STATEMENTS_SHOWN = 20
SOURCES_SHOWN = 50
IDS_SHOWN = 20

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
        description="Other outlets that carried the same paragraphs (not counted again),"
        " alphabetically."
    )
    article_count: int = Field(description="The source's articles in this claim (all of them).")
    statement_count: int = Field(description="The source's statements in this claim (all of them).")
    article_ids: list[int] = Field(
        description=f"Its first {IDS_SHOWN} articles at most, oldest report first."
    )
    statement_ids: list[int] = Field(
        description=f"Its first {IDS_SHOWN} statements at most, oldest report first."
    )
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
    sources: list[SourceOut] = Field(
        description=f"The first {SOURCES_SHOWN} sources at most, by first report"
        " (`source_count` counts them all)."
    )
    statements: list[CommitmentOut] | list[EventOut] = Field(
        description=f"Each article's own fact, oldest report first: the first"
        f" {STATEMENTS_SHOWN} at most (`statement_count` counts them all)."
    )
    statements_next_cursor: str | None = Field(
        description="Pass as `cursor` to `/v1/claims/{id}/statements` for the statements"
        " after these; null when these are all."
    )


class TimelineOut(BaseModel):
    claim_id: int
    status: ClaimStatus | None = Field(description="The claim's, over all its statements.")
    pledged: AmountOut | None = Field(description="The claim's, over all its statements.")
    disbursed: AmountOut | None = Field(description="The claim's, over all its statements.")
    gap: AmountOut | None = Field(description="The claim's, over all its statements.")
    steps: list[TimelineStep] = Field(description="One page of steps, oldest report first.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page of steps; null on the last page."
    )
