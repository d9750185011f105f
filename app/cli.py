"""The `factstore` command line."""

from __future__ import annotations

import asyncio
import sys
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, Literal

import httpx
import typer

from app.core.config import Settings, get_settings

if TYPE_CHECKING:
    from app.client import AsyncFactstoreClient

ExportKind = Literal["entities", "events", "commitments"]
ExportFormat = Literal["csv", "ndjson"]

app = typer.Typer(help="factstore: a news fact store.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
claims_app = typer.Typer(help="Maintain claims.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")


def database_url(settings: Settings) -> str:
    """The configured database, or the embedded one; migrated either way, with the
    claims rebuild the migrations made due done."""
    from app.claims.rebuild import run_due_at
    from app.core.embedded import start_embedded
    from app.core.migrate import upgrade

    url = settings.database_url or start_embedded(settings.data_dir)
    upgrade(url)
    if (scope := run_due_at(url)) is not None:
        typer.echo(f"claims rebuilt after the migrations ({scope})", err=True)
    return url


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Migrate the database and serve the API."""
    import uvicorn

    from app.main import create_app

    settings = get_settings()
    if settings.public_base_url is None:
        # Absolute URLs the server hands out name the address it serves on.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        shown = f"[{shown}]" if ":" in shown else shown
        settings = settings.model_copy(update={"public_base_url": f"http://{shown}:{port}"})
    url = database_url(settings)
    from app.observability.logs import configure_json_logging

    configure_json_logging()
    typer.echo(f"factstore serving on http://{host}:{port} (docs at /docs)")
    uvicorn.run(
        create_app(settings, url),
        host=host,
        port=port,
        proxy_headers=False,
        log_config=None,  # JSON lines (configure_json_logging); one per request
        access_log=False,  # the app logs each request itself, with its request id
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Jobs run at once by this worker.")] = 1,
) -> None:
    """Migrate the database, then run queued ingestion jobs (`POST /v1/articles?wait=false`)."""
    from app.jobs.worker import run_worker

    settings = get_settings()
    url = database_url(settings)
    typer.echo(f"factstore worker taking ingestion jobs (concurrency {concurrency})")
    asyncio.run(run_worker(settings, url, concurrency=concurrency))


async def _with_session(url: str, work):  # type: ignore[no-untyped-def]
    from app.core.db import create_engine, create_sessionmaker

    settings = get_settings()
    engine = create_engine(settings, url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


@keys_app.command("create")
def keys_create(
    scope: Annotated[list[str], typer.Option("--scope", help="read, ingest or admin; repeatable.")],
    name: Annotated[str | None, typer.Option(help="A label for the key.")] = None,
) -> None:
    """Create an API key and print it (it is shown only once)."""
    from app.keys.service import create_key

    url = database_url(get_settings())
    try:
        key = asyncio.run(_with_session(url, lambda s: create_key(s, scope, name)))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(key)


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (never their secret)."""
    from app.keys.service import list_keys

    url = database_url(get_settings())
    for key in asyncio.run(_with_session(url, list_keys)):
        state = "revoked" if key.revoked_at else "active"
        used = f"used {key.last_used_at:%Y-%m-%d %H:%M}Z" if key.last_used_at else "never used"
        typer.echo(
            f"{key.id}\t{key.prefix}…\t{','.join(key.scopes)}\t{state}\t{used}\t{key.name or ''}"
        )


@keys_app.command("revoke")
def keys_revoke(key_id: int) -> None:
    """Revoke an API key by id; it is refused at once."""
    from app.keys.service import revoke_key

    url = database_url(get_settings())
    if not asyncio.run(_with_session(url, lambda s: revoke_key(s, key_id))):
        typer.echo(f"no key {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked key {key_id}")


@claims_app.command("rebuild")
def claims_rebuild(
    keys: Annotated[
        bool,
        typer.Option(
            "--keys/--no-keys",
            help="Also compute every statement's claim group, stage and value bucket again"
            " (after an upgrade whose joining rules changed).",
        ),
    ] = True,
) -> None:
    """Rebuild every claim from the stored statements with this version's rules."""
    from app.claims.rebuild import rebuild_at

    url = database_url(get_settings())
    rekeyed, groups = rebuild_at(url, "keys" if keys else "groups")
    typer.echo(f"rebuilt the claims of {groups} groups ({rekeyed} statements rekeyed)")


ApiOption = Annotated[
    str | None,
    typer.Option(
        "--api",
        envvar="FACTSTORE_API_URL",
        help="A factstore server (http://host:port); without it, the local store.",
    ),
]
KeyOption = Annotated[
    str | None, typer.Option("--key", envvar="FACTSTORE_API_KEY", help="API key for --api.")
]


def _client(api: str | None, key: str | None) -> AbstractAsyncContextManager[AsyncFactstoreClient]:
    """The server's client, or one of the local store (migrated first)."""
    from app.client import AsyncFactstoreClient
    from app.commands.local import local_client

    if api is not None:
        return AsyncFactstoreClient(api, key)
    settings = get_settings()
    return local_client(settings, database_url(settings))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursed).")],
    api: ApiOption = None,
    key: KeyOption = None,
    extract: Annotated[
        bool | None,
        typer.Option("--extract/--no-extract", help="Run the built-in extractor (server default)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=1000, help="Articles per request.")] = 50,
    concurrency: Annotated[
        int, typer.Option(min=1, max=16, help="Requests in flight at a time.")
    ] = 2,
) -> None:
    """Post .txt/.md (as text), .html, .json (an article or a list) and .ndjson files.

    Exits with 1 when any file or line was rejected."""
    from rich.console import Console

    from app.client import ProblemError
    from app.commands.files import collect, read_items
    from app.commands.ingest import Result, ingest_items, summary_tables

    console = Console(stderr=True)
    items = [item for path in collect(paths) for item in read_items(path)]

    connection = _client(api, key)  # migrates first, so outside the event loop

    async def run() -> list[Result]:
        async with connection as client:
            return await ingest_items(
                client,
                items,
                extract=extract,
                batch_size=batch_size,
                console=console,
                concurrency=concurrency,
            )

    try:
        results = asyncio.run(run())
    except (ProblemError, httpx.HTTPError) as exc:
        console.print(f"[bold red]ingest failed:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(2) from exc
    for table in summary_tables(results):
        Console().print(table)
    if any(r.outcome == "rejected" for r in results):
        raise typer.Exit(1)


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Option(help="Which facts.")] = "commitments",
    format: Annotated[ExportFormat, typer.Option("--format", help="csv or ndjson.")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """Write every entity, event or commitment as CSV or NDJSON."""
    from app.client import ProblemError

    connection = _client(api, key)  # migrates first, so outside the event loop

    async def run(out: BinaryIO) -> None:
        async with connection as client:
            async for chunk in client.export(kind, format):
                out.write(chunk)

    try:
        if output is None:
            asyncio.run(run(sys.stdout.buffer))
        else:
            with output.open("wb") as out:
                asyncio.run(run(out))
    except (ProblemError, httpx.HTTPError) as exc:
        typer.echo(f"export failed: {exc}", err=True)
        raise typer.Exit(2) from exc


def main() -> None:
    app()
