"""Request and response models of articles, their paragraphs and facts, and of an
asynchronous ingestion's job."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

from app.commitments.schemas import CommitmentIn, CommitmentOut
from app.core.types import CLEAN, DATETIME_RANGE, CleanStr, DateTimeParam, SourceText
from app.entities.schemas import EntityIn, EntityOut
from app.events.schemas import EventIn, EventOut

SAMPLE_TEXT = (
    "**NATO allies agree to new spending goal**\n"
    "NATO members agreed to raise defense spending from 2% to 5% of GDP by 2035."
)


class FactsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[EntityIn] = Field(default_factory=list, max_length=5000)
    events: list[EventIn] = Field(default_factory=list, max_length=5000)
    commitments: list[CommitmentIn] = Field(default_factory=list, max_length=5000)


class ArticleFacts(BaseModel):
    entities: list[EntityOut]
    events: list[EventOut]
    commitments: list[CommitmentOut]


class ArticleIn(BaseModel):
    """One news story.  Give exactly one of `text`, `html` or `paragraphs`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://example.com/news/nato-summit",
                    "source": "Example News",
                    "published_at": "2025-06-25T09:00:00Z",
                    "text": SAMPLE_TEXT,
                    "facts": {
                        "commitments": [
                            {
                                "actor": {"name": "NATO members"},
                                "metric": "defense spending",
                                "share_of_gdp": {"from": 2, "to": 5},
                                "target_year": 2035,
                                "status": "agreed",
                                "citations": [
                                    {
                                        "paragraph_index": 0,
                                        "quote": "raise defense spending from 2% to 5% of GDP",
                                    }
                                ],
                            }
                        ]
                    },
                }
            ]
        },
    )

    url: AnyHttpUrl | None = Field(default=None, description="The story's identity when given.")
    title: Annotated[str, Field(max_length=1000), CLEAN] | None = None
    source: SourceText | None = None
    published_at: DateTimeParam | None = Field(
        default=None,
        description="ISO 8601 (`2025-06-25T09:00:00Z`, or a date); a time without offset is"
        " taken as UTC.  Numbers (Unix times) are refused.  Accepted from "
        f"{DATETIME_RANGE}.",
    )
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    text: Annotated[str, Field(min_length=1), CLEAN] | None = Field(
        default=None, description="Plain text or Markdown; paragraphs separated by line breaks."
    )
    html: Annotated[str, Field(min_length=1), CLEAN] | None = Field(
        default=None, description="A whole page; body, title and date are taken from it."
    )
    paragraphs: list[CleanStr] | None = Field(
        default=None, min_length=1, description="The body, one string per paragraph."
    )
    facts: FactsIn | None = Field(default=None, description="Facts supplied by the client.")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        given = [name for name in ("text", "html", "paragraphs") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'text', 'html' or 'paragraphs'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


class ParagraphOut(BaseModel):
    id: int
    article_id: int
    index: int = Field(description="0-based position among the article's body paragraphs.")
    text: str
    kind: str = Field(description="'body', or 'heading' for a heading inside the body.")
    duplicate_of: int | None = Field(
        description="Id of the earlier paragraph this one repeats; facts cite that one."
    )


class ArticleOut(BaseModel):
    id: int
    url: str | None
    title: str | None
    standfirst: str | None = Field(description="Lead or subtitle lines that open the text.")
    source: str | None
    language: str | None
    published_at: datetime | None
    revision: int = Field(description="1 for the first version; +1 for each changed re-post.")
    paragraph_count: int
    created_at: datetime
    updated_at: datetime


class ArticleDetail(ArticleOut):
    paragraphs: list[ParagraphOut]


class IngestedArticle(ArticleDetail):
    facts: ArticleFacts


class ArticleStatus(BaseModel):
    """One line of a bulk answer."""

    line: int
    status: int
    article_id: int | None = None
    revision: int | None = None
    problem: dict[str, object] | None = None


# The state of an asynchronous ingestion (`?wait=false`), as `GET /v1/jobs/{id}` shows it.
JobState = Literal["queued", "running", "done", "failed"]


class JobOut(BaseModel):
    id: str = Field(description="The job's random public id (a UUID).")
    status: JobState
    url: str = Field(description="This job's URL.")
    article_id: int | None = Field(default=None, description="Once done: the stored article.")
    article_url: str | None = None
    created: bool | None = Field(
        default=None, description="Once done: a new story or revision (false: unchanged)."
    )
    problem: dict[str, object] | None = Field(
        default=None, description="When failed: why, as the synchronous post would answer."
    )


def job_out(public_id: uuid.UUID, state: JobState) -> JobOut:
    return JobOut(id=str(public_id), status=state, url=f"/v1/jobs/{public_id}")
