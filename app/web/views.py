"""HTML pages of the explorer.  They read through the same repositories as the API.

Every value reaches the page through Jinja autoescaping; the only markup taken as it
is is a search snippet, which the search endpoint builds by escaping the paragraph
text and adding `<mark>` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy import select

from app.api.deps import SessionDep, SettingsDep
from app.articles import repository as articles
from app.articles.schemas import ArticleDetail, ArticleFacts, ArticleOut
from app.commitments import repository as commitment_reads
from app.commitments.schemas import CommitmentOut
from app.core.bulk_insert import any_of
from app.core.errors import problem_response
from app.core.pagination import PageParams
from app.core.types import Id, SearchBox
from app.entities import repository as entity_reads
from app.entities.schemas import EntityOut, MentionOut
from app.events import repository as event_reads
from app.events.schemas import EventOut
from app.keys.service import authenticate, record_use
from app.models import Claim
from app.search.endpoints import search_hits
from app.search.schemas import SearchHit
from app.web import formatting
from app.web.sessions import (
    SESSION_COOKIE,
    SESSION_LIFETIME,
    SignInRequired,
    browser_read_access,
    close_session,
    open_session,
    same_origin,
    secure_cookies,
)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(
    amount=formatting.amount, share=formatting.share, fact_date=formatting.fact_date
)

ExplorerAccess = browser_read_access(lambda settings: settings.require_read_key)
router = APIRouter(include_in_schema=False, dependencies=[ExplorerAccess])
# Sign-in and sign-out must be reachable without a session.
sign_in_router = APIRouter(include_in_schema=False)
LIST_LIMIT = 100
# The pages load their script and style from /static only; no inline code, no other origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _page(
    request: Request,
    name: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    context.setdefault("signed_in", SESSION_COOKIE in request.cookies)
    return templates.TemplateResponse(
        request,
        name,
        context,
        status_code=status,
        headers={**(headers or {}), "Content-Security-Policy": PAGE_CSP},
    )


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "not_found.html", status=404, what=what)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: SessionDep,
    q: Annotated[SearchBox | None, Query()] = None,
) -> HTMLResponse:
    """The search box; with `q`, matching entities and paragraphs."""
    q = (q or "").strip() or None
    few = PageParams(limit=20, cursor=None)
    if q is None:
        entities, _ = await entity_reads.list_entities(session, few, q=None, type_=None)
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
    entities, _ = await entity_reads.list_entities(session, few, q=q, type_=None)
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


async def _source_counts(session: SessionDep, claim_ids: Iterable[int | None]) -> dict[int, int]:
    """How many outlets back each claim (for the mark beside each fact)."""
    wanted = sorted({i for i in claim_ids if i is not None})
    if not wanted:
        return {}
    rows = await session.execute(
        select(Claim.id, Claim.source_count).where(any_of(Claim.id, wanted))
    )
    return {row.id: row.source_count for row in rows}


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
    entity = await entity_reads.get_entity(session, entity_id)
    if entity is None:
        return _not_found(request, f"entity {entity_id}")
    many = PageParams(limit=LIST_LIMIT, cursor=None)
    mentions, _ = await entity_reads.list_mentions(session, many, entity_id=entity_id)
    events, _ = await event_reads.list_events(session, many, entity_id=entity_id)
    commitments, _ = await commitment_reads.list_commitments(session, many, actor_id=entity_id)
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
    q: Annotated[SearchBox | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> HTMLResponse:
    """Spending commitments with amounts and years, newest first, paged."""
    q = (q or "").strip() or None
    items, next_cursor = await commitment_reads.list_commitments(
        session, PageParams(limit=LIST_LIMIT, cursor=cursor), q=q
    )
    commitments = _parsed(CommitmentOut, items)
    return _page(
        request,
        "commitments.html",
        q=q,
        commitments=commitments,
        sources=await _source_counts(session, (c.claim_id for c in commitments)),
        next_cursor=next_cursor,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(article_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    """An article with its facts; choosing a citation highlights its quote."""
    detail = await articles.article_detail(session, article_id)
    if detail is None:
        return _not_found(request, f"article {article_id}")
    mentions = await entity_reads.article_mentions(session, article_id)
    found = await articles.article_facts(session, article_id)
    if found is None:
        # Reads run in autocommit, a statement each: the article was deleted between them.
        return _not_found(request, f"article {article_id}")
    article_facts = ArticleFacts.model_validate_json(found)
    claim_ids = [c.claim_id for c in article_facts.commitments]
    claim_ids += [e.claim_id for e in article_facts.events]
    return _page(
        request,
        "article.html",
        article=ArticleDetail.model_validate_json(detail),
        facts=article_facts,
        mentions=_parsed(MentionOut, mentions),
        sources=await _source_counts(session, claim_ids),
    )


# Paths that are not the explorer's pages: their errors stay problem details.
_NOT_PAGES = ("/v1/", "/static/")
_NOT_PAGE_PATHS = frozenset(
    {"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
)


def _wants_page(request: Request) -> bool:
    path = request.url.path
    if path.startswith(_NOT_PAGES) or path in _NOT_PAGE_PATHS:
        return False
    return "text/html" in request.headers.get("accept", "")


def error_page(
    request: Request, status: int, detail: str, headers: dict[str, str] | None
) -> HTMLResponse | None:
    """The explorer's errors as a page, for a browser (one that asks for HTML)."""
    if not _wants_page(request):
        return None
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return _page(request, "error.html", status=status, headers=headers, title=title, detail=detail)


def _local_path(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    if (
        not target
        or len(target) > 2000
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ord(c) < 0x20 for c in target)
    ):
        return "/"
    return target


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    """A browser with no key and no session goes to the sign-in form, then back."""
    browser = _wants_page(request) or (
        request.url.path in ("/docs", "/redoc") and "text/html" in request.headers.get("accept", "")
    )
    if browser and request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?{urlencode({'next': target})}", status_code=303)
    assert isinstance(exc, SignInRequired)
    return problem_response(
        401, exc.detail, slug=exc.slug, instance=request.url.path, headers=exc.headers
    )


def _no_key_in_url(request: Request) -> HTMLResponse | None:
    if "key" in request.query_params:
        return _page(
            request,
            "error.html",
            status=400,
            title="Bad Request",
            detail="keys are never taken from a URL (it ends up in histories and logs);"
            " enter the key in the form instead",
        )
    return None


@sign_in_router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_form(
    request: Request, next: Annotated[str | None, Query(max_length=2000)] = None
) -> HTMLResponse:
    return _no_key_in_url(request) or _page(
        request, "sign_in.html", next=_local_path(next), error=None
    )


@sign_in_router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Take the key from the posted form; answer with a session cookie and go on."""
    refused = _no_key_in_url(request)
    if refused is not None:
        return refused
    if not same_origin(request):
        return _page(
            request, "error.html", status=403, title="Forbidden",
            detail="the sign-in form was posted from another site",
        )  # fmt: skip
    form = await _form(request)
    target = _local_path(form.get("next"))
    principal = None
    if form.get("key"):
        principal = await authenticate(session, form["key"].strip(), settings.admin_key)
    if principal is None or not principal.has("read"):
        error = "That key is unknown or revoked." if principal is None else (
            "That key lacks scope 'read'."
        )  # fmt: skip
        status = 401 if principal is None else 403
        return _page(request, "sign_in.html", status=status, next=target, error=error)
    await record_use(request.app.state.sessionmaker, principal)
    token = await open_session(session, principal, settings)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        secure=secure_cookies(request, settings),
        httponly=True,
        samesite="strict",
    )
    return response


@sign_in_router.post("/sign-out", response_class=HTMLResponse)
async def sign_out(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    if not same_origin(request):
        return _page(
            request, "error.html", status=403, title="Forbidden",
            detail="the sign-out form was posted from another site",
        )  # fmt: skip
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await close_session(session, token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        secure=secure_cookies(request, settings),
        httponly=True,
        samesite="strict",
    )
    return response


MAX_FORM_BYTES = 4096


async def _form(request: Request) -> dict[str, str]:
    """The posted `application/x-www-form-urlencoded` fields (first value of each)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != (
        "application/x-www-form-urlencoded"
    ):
        return {}
    body = b""
    async for chunk in request.stream():  # read no more than a sign-in form can be
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=8)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {name: values[0] for name, values in fields.items() if values}


def install_explorer(app: FastAPI) -> None:
    app.include_router(sign_in_router)
    app.include_router(router)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.state.html_error_page = error_page
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
