"""The `factstore` command line."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from app.core.config import Settings, get_settings

app = typer.Typer(help="factstore: a news fact store.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def database_url(settings: Settings) -> str:
    """The configured database, or the embedded one; migrated either way."""
    from app.core.embedded import start_embedded
    from app.core.migrate import upgrade

    url = settings.database_url or start_embedded(settings.data_dir)
    upgrade(url)
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
    url = database_url(settings)
    typer.echo(f"factstore serving on http://{host}:{port} (docs at /docs)")
    uvicorn.run(create_app(settings, url), host=host, port=port, proxy_headers=False)


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
        typer.echo(f"{key.id}\t{key.prefix}…\t{','.join(key.scopes)}\t{state}\t{key.name or ''}")


@keys_app.command("revoke")
def keys_revoke(key_id: int) -> None:
    """Revoke an API key by id; it is refused at once."""
    from app.keys.service import revoke_key

    url = database_url(get_settings())
    if not asyncio.run(_with_session(url, lambda s: revoke_key(s, key_id))):
        typer.echo(f"no key {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked key {key_id}")


def main() -> None:
    app()
