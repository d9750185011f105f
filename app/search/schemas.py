"""The response model of search."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.articles.schemas import ArticleOut, ParagraphOut


class SearchHit(BaseModel):
    score: float = Field(description="Relevance (higher is better).")
    snippet: str = Field(
        description="The paragraph HTML-escaped, with the words matching the query in "
        "<mark>…</mark>; of a paragraph over 240 characters, a window of about that "
        "many around the matches, cut at spaces and marked with …"
    )
    paragraph: ParagraphOut
    article: ArticleOut
