"""Keyset pagination with opaque cursors.

A cursor encodes the sort key of the last item served (plus the name of the
ordering, so a cursor from one list is refused by another).  The next page is
`WHERE (k1, k2) < (:v1, :v2) ORDER BY k1 DESC, k2 DESC LIMIT n + 1` (`>` and `ASC`
for an ascending ordering), which an index on `(k1, k2)` answers at the same cost
for page 1 and page 1,000.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Integer, Select, bindparam, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from starlette.responses import Response

from app.core.documents import JsonTemplate
from app.core.errors import InvalidCursor
from app.core.reads import fetch_built, fetch_rows
from app.core.schemas import Page as Page
from app.core.types import CursorText, in_accepted_range

T = TypeVar("T")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])
Row = TypeVar("Row")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


_PAGE_JSON = JsonTemplate(Page)


class JsonDocument(Response):
    """A JSON body rendered elsewhere (by the database), sent as it is."""

    media_type = "application/json"


class JsonPage(JsonDocument):
    """A `Page` whose items are JSON documents rendered by the database.

    The body is assembled, not serialised again; `next_cursor` stays readable for
    the formats and `Link` header that `ListRoute` adds.
    """

    def __init__(self, items: Sequence[str], next_cursor: str | None) -> None:
        self.next_cursor = next_cursor
        super().__init__(
            _PAGE_JSON.render(items=f"[{','.join(items)}]", next_cursor=json.dumps(next_cursor))
        )


class PageParams(BaseModel):
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        CursorText | None, Query(description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    return value


BIGINT_MAX = 2**63 - 1
REAL_MAX = 3.4e38  # a little under PostgreSQL's largest `real`


def _decode_value(value: Any, expected: type) -> Any:
    if expected is datetime:
        if isinstance(value, dict) and set(value) == {"t"} and isinstance(value["t"], str):
            decoded = datetime.fromisoformat(value["t"])
            # Out of the accepted range, PostgreSQL may not hold it: no list reaches it.
            if decoded.tzinfo is not None and in_accepted_range(decoded):
                return decoded
        raise ValueError("bad timestamp in cursor")
    if expected is int:
        if type(value) is int and -BIGINT_MAX <= value <= BIGINT_MAX:
            return value
        raise ValueError("bad integer in cursor")
    if expected is float:
        # Float columns of an ordering are `real` (search's rank): a larger bound value
        # overflows it in PostgreSQL.
        if type(value) in (int, float) and abs(value) <= REAL_MAX:
            return float(value)
        raise ValueError("bad number in cursor")
    if isinstance(value, str) and "\x00" not in value and len(value) <= 1000:
        return value
    raise ValueError("bad text in cursor")


def encode_cursor(ordering: str, values: Sequence[Any]) -> str:
    raw = json.dumps([ordering, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(ordering: str, cursor: str, types: Sequence[type]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, values = json.loads(raw)
        if name != ordering or not isinstance(values, list) or len(values) != len(types):
            raise ValueError("cursor of another list")
        return [_decode_value(v, t) for v, t in zip(values, types, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("the cursor is malformed or belongs to another list") from exc


class Keyset:
    """An ordering by columns, all descending (newest or highest first), or all
    ascending with `ascending=True` (oldest first: a claim's statements).

    Each column comes with the Python type of its values, so a tampered cursor is
    refused here instead of failing in the database.
    """

    def __init__(
        self,
        name: str,
        *columns: tuple[ColumnElement[Any] | InstrumentedAttribute[Any], type],
        ascending: bool = False,
    ) -> None:
        self.name = name
        self.columns = [column for column, _ in columns]
        self.types = [kind for _, kind in columns]
        self.ascending = ascending

    def _after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """The rows after a cursor's `values`, in this ordering."""
        keys, bound = tuple_(*self.columns), tuple_(*values)
        return keys > bound if self.ascending else keys < bound

    def _order(self) -> list[ColumnElement[Any]]:
        return [c.asc() if self.ascending else c.desc() for c in self.columns]

    def apply(self, stmt: S, params: PageParams) -> S:
        if params.cursor is not None:
            values = decode_cursor(self.name, params.cursor, self.types)
            stmt = stmt.where(self._after(values))
        return stmt.order_by(*self._order()).limit(params.limit + 1)

    def bound(self, stmt: S, *, after: bool) -> S:
        """`apply` with bind parameters in place of the page's values, so a statement
        built once serves every page; `bound_values` gives the values to execute it with."""
        if after:
            keys = (
                bindparam(f"{self.name}_after_{i}", type_=c.type)
                for i, c in enumerate(self.columns)
            )
            stmt = stmt.where(self._after(list(keys)))
        limit = bindparam(f"{self.name}_limit", type_=Integer)
        return stmt.order_by(*self._order()).limit(limit)

    def bound_values(self, params: PageParams) -> dict[str, Any]:
        values: dict[str, Any] = {f"{self.name}_limit": params.limit + 1}
        if params.cursor is not None:
            cursor = decode_cursor(self.name, params.cursor, self.types)
            values.update((f"{self.name}_after_{i}", v) for i, v in enumerate(cursor))
        return values

    async def documents(
        self, session: AsyncSession, stmt: Select[*tuple[Any, ...]], params: PageParams
    ) -> tuple[list[str], str | None]:
        """One page of `stmt`, whose rows are this ordering's values then a JSON
        document: the page's documents, and the cursor after them."""
        return self._documents(await fetch_rows(session, self.apply(stmt, params)), params)

    async def bound_documents(
        self,
        session: AsyncSession,
        stmt: Select[*tuple[Any, ...]],
        values: Mapping[str, Any],
        params: PageParams,
    ) -> tuple[list[str], str | None]:
        """`documents` of a statement built once with `bound`, run with `values` (its
        filters') and the page's."""
        rows = await fetch_built(session, stmt, {**values, **self.bound_values(params)})
        return self._documents(rows, params)

    def _documents(
        self, rows: Sequence[Sequence[Any]], params: PageParams
    ) -> tuple[list[str], str | None]:
        items, cursor = self.page(rows, params, lambda row: tuple(row[: len(self.columns)]))
        return [row[-1] for row in items], cursor

    def page(
        self,
        rows: Sequence[Row],
        params: PageParams,
        key: Callable[[Row], Sequence[Any]],
    ) -> tuple[list[Row], str | None]:
        """Trim the extra row fetched by `apply` and make the next cursor from the last kept."""
        items = list(rows[: params.limit])
        has_more = len(rows) > params.limit
        return items, (encode_cursor(self.name, key(items[-1])) if has_more else None)


PageDep = Annotated[PageParams, Depends(page_params)]
