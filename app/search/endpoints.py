"""Full-text search over the paragraphs of the latest article revisions."""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from app.api.deps import ReadAccess, SessionDep
from app.articles.presenters import article_out, paragraph_out
from app.articles.schemas import ArticleOut, ParagraphOut
from app.core.pagination import Keyset, Page, PageDep
from app.core.types import CleanStr
from app.exports.routing import ListRoute
from app.models import Article, Paragraph

router = APIRouter(prefix="/v1", tags=["search"], dependencies=[ReadAccess], route_class=ListRoute)

# Private-use sentinels mark matches; the snippet is HTML-escaped, then they become <mark>.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15"
# ts_headline drops anything that looks like an HTML tag; hide angle brackets from it
# behind sentinels too, so the snippet shows the paragraph's text as it is.
_LT, _GT = "\ue002", "\ue003"
SEARCH_CANDIDATES = 1000


class SearchHit(BaseModel):
    score: float = Field(description="Relevance (higher is better).")
    snippet: str = Field(
        description="HTML-escaped excerpt with the matched words in <mark>…</mark>."
    )
    paragraph: ParagraphOut
    article: ArticleOut


def _html_snippet(raw: str) -> str:
    return (
        html.escape(raw)
        .replace(_START, "<mark>")
        .replace(_STOP, "</mark>")
        .replace(_LT, "&lt;")
        .replace(_GT, "&gt;")
    )


@router.get("/search", response_model=Page[SearchHit])
async def search(
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        CleanStr,
        Query(
            min_length=1,
            max_length=500,
            description='Web-search syntax: words, "a phrase", -excluded, or.',
        ),
    ],
) -> Page[SearchHit]:
    """Paragraphs matching `q`, best first (among the 1,000 newest matches), each with its
    article and a highlighted snippet."""
    query = func.websearch_to_tsquery("english", q)
    # Rank the newest matches only: a common word matches a large share of the store,
    # and ranking every match would grow with it.  Newest first is an index scan that
    # stops early for common words; rare words come from the GIN index.
    candidates = (
        select(Paragraph.id, Paragraph.tsv)
        .where(Paragraph.is_current, Paragraph.duplicate_of_id.is_(None))
        .where(Paragraph.tsv.bool_op("@@")(query))
        .order_by(Paragraph.id.desc())
        .limit(SEARCH_CANDIDATES)
        .subquery("candidates")
    )
    rank = func.ts_rank_cd(candidates.c.tsv, query).label("rank")
    order = Keyset("search", (rank, float), (candidates.c.id, int))
    ranked = order.apply(select(candidates.c.id, rank), page).subquery("ranked")
    stmt = (
        select(
            Paragraph,
            Article,
            ranked.c.rank,
            # Snippets for the page's rows only.
            func.ts_headline(
                "english",
                func.translate(Paragraph.text, "<>", _LT + _GT),
                query,
                _HEADLINE_OPTIONS,
            ),
        )
        .join(ranked, ranked.c.id == Paragraph.id)
        .join(Article, Article.id == Paragraph.article_id)
        .order_by(ranked.c.rank.desc(), Paragraph.id.desc())
    )
    rows = (await session.execute(stmt)).all()
    items, cursor = order.page(rows, page, lambda r: (r[2], r[0].id))
    return Page(
        items=[
            SearchHit(
                score=score,
                snippet=_html_snippet(headline),
                paragraph=paragraph_out(paragraph),
                article=article_out(article),
            )
            for paragraph, article, score, headline in items
        ],
        next_cursor=cursor,
    )
