"""From a posted body to the paragraphs and metadata that will be stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.articles.html_extraction import extract_page
from app.articles.schemas import ArticleIn
from app.articles.splitting import ParagraphDraft, paragraphs_from_list, split_text
from app.core.config import Settings
from app.core.errors import Unprocessable
from app.core.types import in_accepted_range


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    url: str | None
    title: str | None
    standfirst: str | None
    source: str | None
    language: str | None
    published_at: datetime | None
    paragraphs: list[ParagraphDraft]

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def duplicate_of(self) -> list[int | None]:
        return [p.duplicate_of for p in self.paragraphs]


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _latest_publication(settings: Settings) -> datetime:
    """The latest publication time a post may state.  Lists are newest first, so an
    article dated in the future would stay at the top of every list until that date;
    a small margin lets embargoed and scheduled stories and clock skew through."""
    return datetime.now(UTC) + timedelta(hours=settings.max_future_hours)


def parse_article(payload: ArticleIn, settings: Settings) -> ParsedArticle:
    title, standfirst = payload.title, None
    published_at, language, source = _utc(payload.published_at), payload.language, payload.source
    latest = _latest_publication(settings)
    if published_at is not None and published_at > latest:
        raise Unprocessable(
            f"published_at is later than {latest.isoformat(timespec='seconds')}: at most"
            f" {settings.max_future_hours} hours ahead of the server's clock",
            errors=[
                {
                    "loc": ["body", "published_at"],
                    "msg": "publication time in the future",
                    "type": "future",
                }
            ],
        )
    if payload.text is not None:
        split = split_text(payload.text, title)
        title, standfirst, paragraphs = split.title, split.standfirst, split.paragraphs
    elif payload.html is not None:
        page = extract_page(payload.html)
        title = title or page.title
        found = _utc(page.published_at)
        if published_at is None and found and in_accepted_range(found) and found <= latest:
            # A page's own date in the future is a misread, not a reason to refuse it.
            published_at = found
        language = language or page.language
        source = source or page.source
        paragraphs = page.paragraphs
    else:
        paragraphs = paragraphs_from_list(payload.paragraphs or [])
        empty = [i for i, p in enumerate(paragraphs) if not p.text]
        if empty:
            raise Unprocessable(
                f"paragraphs must not be blank (index {', '.join(map(str, empty[:10]))})",
                errors=[
                    {"loc": ["body", "paragraphs", i], "msg": "blank paragraph", "type": "blank"}
                    for i in empty
                ],
            )
    if not paragraphs:
        raise Unprocessable("the article has no body text")
    if len(paragraphs) > settings.max_paragraphs:
        raise Unprocessable(
            f"the article has {len(paragraphs)} paragraphs; at most {settings.max_paragraphs}"
        )
    too_long = [i for i, p in enumerate(paragraphs) if len(p.text) > settings.max_paragraph_chars]
    if too_long:
        raise Unprocessable(
            f"paragraph {too_long[0]} is longer than {settings.max_paragraph_chars} characters"
        )
    return ParsedArticle(
        url=str(payload.url) if payload.url else None,
        title=title,
        standfirst=standfirst,
        source=source,
        language=language,
        published_at=published_at,
        paragraphs=paragraphs,
    )
