"""OpenAPI adjustments: error responses are documented as `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.core.errors import PROBLEM_MEDIA_TYPE

# Marks an operation that needs a scope (`api.routing.ScopedRoute` sets it).
SCOPE_EXTENSION = "x-required-scope"


def _document_scopes(schema: dict[str, Any], open_reads: bool) -> None:
    """Each operation's security names the scope it needs (OpenAPI 3.1 lets a
    requirement of a non-OAuth scheme list roles): `ScopedRoute` marks an operation
    that needs one with `x-required-scope`.  Other keyed operations are reads; they
    need a key only when the server requires read keys, else `{}` ("no credentials")
    comes first.  A read that needs a scope (polling a job needs `ingest`) never
    gets `{}`."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or not operation.get("security"):
                continue
            schemes = [name for requirement in operation["security"] for name in requirement]
            scope = operation.get(SCOPE_EXTENSION)
            if scope is None:
                operation["security"] = [{name: ["read"]} for name in schemes]
                if open_reads:
                    operation["security"].insert(0, {})
                continue
            operation["security"] = [{name: [scope]} for name in schemes]
            needs = f"Needs an API key with scope `{scope}`."
            description = operation.get("description")
            operation["description"] = f"{description}\n\n{needs}" if description else needs


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if status[:1] in "45" and len(content) == 1:
                            # Errors are problems whatever the route's own media type.
                            (media_type,) = content
                            content[PROBLEM_MEDIA_TYPE] = content.pop(media_type)
            _document_scopes(schema, open_reads=not app.state.settings.require_read_key)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
