"""Full-text search over the paragraphs of the latest article revisions."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from sqlalchemy import (
    REAL,
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import ReadAccess, SessionDep
from app.articles.documents import unique_paragraph_json
from app.core.documents import JsonTemplate, json_string
from app.core.pagination import JsonPage, Keyset, Page, PageDep, PageParams
from app.core.reads import fetch_built
from app.core.types import SearchQuery
from app.exports.routing import ListRoute
from app.search.schemas import SearchHit
from app.search.snippets import query_lexemes, snippets

router = APIRouter(prefix="/v1", tags=["search"], dependencies=[ReadAccess], route_class=ListRoute)

_ENGLISH: ColumnElement[str] = literal_column("'english'::regconfig")


_HIT_JSON = JsonTemplate(SearchHit)


@router.get("/search", response_model=Page[SearchHit])
async def search(
    request: Request,
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        SearchQuery,
        Query(description='Web-search syntax: words, "a phrase", -excluded, or.'),
    ],
) -> JsonPage:
    """Paragraphs matching `q`, best first among the newest matches (500 unless the
    server sets `FACTSTORE_SEARCH_WINDOW`), each with its article and a highlighted
    snippet."""
    window = request.app.state.settings.search_window
    return JsonPage(*await search_hits(session, page, q, window))


async def search_hits(
    session: AsyncSession, page: PageParams, q: str, window: int
) -> tuple[list[str], str | None]:
    """A page of `SearchHit` documents among the `window` newest matches, and the
    cursor after it."""
    stmt, order = _search_statement()
    rows = await fetch_built(session, stmt, _search_values(order, page, q, window))
    items, cursor = order.page(rows, page, lambda row: (row[0], row[1]))
    lexemes = query_lexemes(items[0][2]) if items else frozenset()
    texts = [row[3] for row in items]
    if sum(map(len, texts)) > SNIPPETS_IN_THREAD_CHARS:
        # Snippets cost in proportion to the text: a page of long paragraphs would
        # hold the event loop (and every other request) while they are made.
        marked = await anyio.to_thread.run_sync(snippets, texts, lexemes)
    else:
        marked = snippets(texts, lexemes)
    return [
        _HIT_JSON.render(
            score=score,
            snippet=json_string(snippet),
            paragraph=unique_paragraph_json(id_, article_id, index, text, kind),
            article=article,
        )
        for snippet, (_, id_, _, text, score, article_id, index, kind, article) in zip(
            marked, items, strict=True
        )
    ], cursor


# A page's paragraphs longer than this in all get their snippets made in a thread; an
# ordinary page (50 hits of a few hundred characters) costs less than the hand-over.
SNIPPETS_IN_THREAD_CHARS = 20_000


_SearchRow = tuple[float, int, str, str, str, int, int, str, str]


def _search_values(order: Keyset, page: PageParams, q: str, window: int) -> dict[str, Any]:
    """The search statement's values; the cursor's keys are null on the first page
    (`search_page` starts from the best hit)."""
    values: dict[str, Any] = {"search_after_0": None, "search_after_1": None}
    return {**values, "q": q, "window": window, **order.bound_values(page)}


@cache
def _search_statement() -> tuple[Select[_SearchRow], Keyset]:
    """The search statement, built once (it is large, and building it per request
    cost more than running it), with `q` and the page as bind parameters: one
    statement for every page, the cursor's keys null on the first.

    Its rows are the hit's parts, which Python assembles: the paragraph's columns
    and the article's stored document come from `search_page` (migration
    a9d4f2c6e815), which reads them for the page's hits alone.
    """
    query = func.websearch_to_tsquery(_ENGLISH, bindparam("q", type_=String))
    # Rank the newest matches only (`window` of them): a common word matches a large
    # share of the store, and ranking every match would grow with it.  `search_page`
    # finds the window one id range at a time, newest first, widening the range
    # until the window is filled, through an index over `tsv` and the paragraph's
    # id blocks: it reads about as many matches as the window holds, whether the
    # words are in every paragraph or in few, and however large the store.  It
    # ranks the window, keeps the hits after the cursor, best first, and returns
    # the page's.  Duplicates are not searched, so every hit's `duplicate_of` is null.
    hits = (
        func.search_page(
            query,
            bindparam("window", type_=Integer),
            bindparam("search_limit", type_=Integer),
            # SQLAlchemy binds a `REAL` as double precision; ranks are `real`.
            cast(bindparam("search_after_0", type_=REAL), REAL),
            bindparam("search_after_1", type_=BigInteger),
        )
        .table_valued(
            column("id", BigInteger),
            # Untyped: the driver's float as it is (a typed `real` result column
            # would take SQLAlchemy's result processing).
            column("rank"),
            column("text", Text),
            column("article_id", BigInteger),
            column("index", Integer),
            column("kind", Text),
            column("document", Text),
        )
        .alias("hits")
    )
    found = hits.c
    order = Keyset("search", (found.rank, float), (found.id, int))
    # With the query as PostgreSQL parsed it: its lexemes mark the snippets, which
    # are made in Python (`app/search/snippets.py`).
    stmt = select(
        found.rank,
        found.id,
        cast(query, String),
        found.text,
        cast(found.rank, Text),
        found.article_id,
        found.index,
        found.kind,
        found.document,
    ).order_by(found.rank.desc(), found.id.desc())
    return stmt, order
