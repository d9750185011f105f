"""Full-text search over the paragraphs of the latest article revisions."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, String, bindparam, case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import ReadAccess, SessionDep
from app.articles.documents import article_document, paragraph_document
from app.articles.schemas import ArticleOut, ParagraphOut
from app.core.pagination import JsonPage, Keyset, Page, PageDep, PageParams
from app.core.reads import fetch_rows
from app.core.types import CleanStr
from app.exports.routing import ListRoute
from app.facts.documents import as_text, constant, json_object
from app.models import Article, Paragraph

router = APIRouter(prefix="/v1", tags=["search"], dependencies=[ReadAccess], route_class=ListRoute)

# Private-use sentinels mark matches; the snippet is HTML-escaped, then they become <mark>.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15"
# ts_headline drops anything that looks like an HTML tag; hide angle brackets from it
# behind sentinels too, so the snippet shows the paragraph's text as it is.
_LT, _GT = "\ue002", "\ue003"
# What html.escape(quote=True) replaces, `&` first.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))
SEARCH_CANDIDATES = 1000
_ENGLISH: ColumnElement[str] = literal_column("'english'::regconfig")


class SearchHit(BaseModel):
    score: float = Field(description="Relevance (higher is better).")
    snippet: str = Field(
        description="HTML-escaped excerpt with the matched words in <mark>…</mark>."
    )
    paragraph: ParagraphOut
    article: ArticleOut


def _html_snippet(headline: ColumnElement[str]) -> ColumnElement[str]:
    """The headline HTML-escaped as `html.escape` does, then the sentinels made markup."""
    for old, new in (
        *_ESCAPES,
        (_START, "<mark>"),
        (_STOP, "</mark>"),
        (_LT, "&lt;"),
        (_GT, "&gt;"),
    ):
        headline = func.replace(headline, constant(old), constant(new))
    return headline


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
) -> JsonPage:
    """Paragraphs matching `q`, best first (among the 1,000 newest matches), each with its
    article and a highlighted snippet."""
    return JsonPage(*await search_hits(session, page, q))


async def search_hits(
    session: AsyncSession, page: PageParams, q: str
) -> tuple[list[str], str | None]:
    """A page of `SearchHit` documents, and the cursor after it."""
    stmt, order = _search_statement(after=page.cursor is not None)
    rows = await fetch_rows(session, stmt, {"q": q, **order.bound_values(page)})
    items, cursor = order.page(rows, page, lambda row: (row[0], row[1]))
    return [row[2] for row in items], cursor


@cache
def _search_statement(*, after: bool) -> tuple[Select[tuple[float, int, str]], Keyset]:
    """The search statement, built once (it is large, and building it per request
    cost more than running it), with `q` and the page as bind parameters."""
    query = func.websearch_to_tsquery(_ENGLISH, bindparam("q", type_=String))
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
    rank = func.ts_rank(candidates.c.tsv, query).label("rank")
    order = Keyset("search", (rank, float), (candidates.c.id, int))
    ranked = order.bound(select(candidates.c.id, rank), after=after).subquery("ranked")
    # Snippets for the page's rows only.
    text = case(
        (
            Paragraph.text.regexp_match(constant("[<>]")),
            func.translate(Paragraph.text, constant("<>"), constant(_LT + _GT)),
        ),
        else_=Paragraph.text,
    )
    headline = func.ts_headline(_ENGLISH, text, query, constant(_HEADLINE_OPTIONS))
    hit = json_object(
        score=ranked.c.rank,
        snippet=_html_snippet(headline),
        paragraph=paragraph_document(),
        article=article_document(),
    )
    stmt = (
        select(ranked.c.rank, Paragraph.id, as_text(hit))
        .join(ranked, ranked.c.id == Paragraph.id)
        .join(Article, Article.id == Paragraph.article_id)
        .order_by(ranked.c.rank.desc(), Paragraph.id.desc())
    )
    return stmt, order
