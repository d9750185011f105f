"""OpenAPI adjustments: error responses are documented as `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.core.errors import PROBLEM_MEDIA_TYPE


def _document_open_reads(schema: dict[str, Any]) -> None:
    """Reads take a key but do not need one: say so (`{}` is "no credentials")."""
    for path in schema.get("paths", {}).values():
        operation = path.get("get")
        if operation and operation.get("security") and {} not in operation["security"]:
            operation["security"] = [{}, *operation["security"]]


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
            if not app.state.settings.require_read_key:
                _document_open_reads(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
