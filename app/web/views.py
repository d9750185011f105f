"""HTML pages of the explorer.  They read through the same repositories as the API.

Every value reaches the page through Jinja autoescaping; the only markup taken as it
is is a search snippet, which the search endpoint builds by escaping the paragraph
text and adding `<mark>` itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel

from app.api.deps import ReadAccess, SessionDep
from app.articles import repository as articles
from app.articles.schemas import ArticleDetail, ArticleOut
from app.core.pagination import PageParams
from app.core.types import CleanStr, Id
from app.facts import repository as facts
from app.facts.schemas import ArticleFacts, CommitmentOut, EntityOut, EventOut, MentionOut
from app.search.endpoints import SearchHit, search_hits
from app.web import formatting

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(
    amount=formatting.amount, share=formatting.share, fact_date=formatting.fact_date
)

router = APIRouter(include_in_schema=False, dependencies=[ReadAccess])
LIST_LIMIT = 100
# The pages load their script and style from /static only; no inline code, no other origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, context, status_code=status, headers={"Content-Security-Policy": PAGE_CSP}
    )


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "not_found.html", status=404, what=what)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: SessionDep,
    q: Annotated[CleanStr | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """The search box; with `q`, matching entities and paragraphs."""
    q = (q or "").strip() or None
    few = PageParams(limit=20, cursor=None)
    if q is None:
        entities, _ = await facts.list_entities(session, few, q=None, type_=None)
        recent, _ = await articles.list_articles(
            session, few, source=None, since=None, until=None, entity_id=None, q=None
        )
        return _page(
            request,
            "home.html",
            q=None,
            entities=_parsed(EntityOut, entities),
            articles=_parsed(ArticleOut, recent),
        )
    entities, _ = await facts.list_entities(session, few, q=q, type_=None)
    hits, _ = await search_hits(session, few, q, request.app.state.settings.search_window)
    return _page(
        request,
        "home.html",
        q=q,
        entities=_parsed(EntityOut, entities),
        # Snippets come HTML-escaped from the search, with <mark> around matches.
        hits=[(Markup(hit.snippet), hit) for hit in _parsed(SearchHit, hits)],
    )


M = TypeVar("M", bound=BaseModel)


def _parsed(model: type[M], documents: list[str]) -> list[M]:
    """Response models from the JSON documents the repository reads."""
    return [model.model_validate_json(document) for document in documents]


def _timeline(events: list[EventOut], commitments: list[CommitmentOut]) -> list[dict[str, Any]]:
    """Events by date and commitments by target year, oldest first; undated last."""
    rows: list[dict[str, Any]] = [
        {"when": e.date.value if e.date else None, "kind": "event", "fact": e} for e in events
    ]
    rows += [
        {"when": str(c.target_year) if c.target_year else None, "kind": "commitment", "fact": c}
        for c in commitments
    ]
    return sorted(rows, key=lambda r: (r["when"] is None, r["when"] or "", r["kind"]))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
async def entity_page(entity_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    """An entity: its timeline of events and commitments, and where it is mentioned."""
    entity = await facts.get_entity(session, entity_id)
    if entity is None:
        return _not_found(request, f"entity {entity_id}")
    many = PageParams(limit=LIST_LIMIT, cursor=None)
    mentions, _ = await facts.list_mentions(session, many, entity_id=entity_id)
    events, _ = await facts.list_events(session, many, entity_id=entity_id)
    commitments, _ = await facts.list_commitments(session, many, actor_id=entity_id)
    return _page(
        request,
        "entity.html",
        entity=EntityOut.model_validate_json(entity),
        mentions=_parsed(MentionOut, mentions),
        timeline=_timeline(_parsed(EventOut, events), _parsed(CommitmentOut, commitments)),
    )


@router.get("/commitments", response_class=HTMLResponse)
async def commitments_page(
    request: Request,
    session: SessionDep,
    q: Annotated[CleanStr | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> HTMLResponse:
    """Spending commitments with amounts and years, newest first, paged."""
    q = (q or "").strip() or None
    items, next_cursor = await facts.list_commitments(
        session, PageParams(limit=LIST_LIMIT, cursor=cursor), q=q
    )
    return _page(
        request,
        "commitments.html",
        q=q,
        commitments=_parsed(CommitmentOut, items),
        next_cursor=next_cursor,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(article_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    """An article with its facts; choosing a citation highlights its quote."""
    detail = await articles.article_detail(session, article_id)
    if detail is None:
        return _not_found(request, f"article {article_id}")
    mentions = await facts.article_mentions(session, article_id)
    found = await facts.article_facts(session, article_id)
    if found is None:
        # Reads run in autocommit, a statement each: the article was deleted between them.
        return _not_found(request, f"article {article_id}")
    return _page(
        request,
        "article.html",
        article=ArticleDetail.model_validate_json(detail),
        facts=ArticleFacts.model_validate_json(found),
        mentions=_parsed(MentionOut, mentions),
    )


def install_explorer(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
