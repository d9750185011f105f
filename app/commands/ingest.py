"""Post items in batches through the bulk endpoint, with a progress bar, and sum up."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.articles.schemas import ArticleStatus
from app.client import AsyncFactstoreClient
from app.commands.files import Item
from app.observability.metrics import ingest_outcome

OUTCOMES = ("new", "revised", "unchanged", "rejected")
_STYLES = {"new": "green", "revised": "cyan", "unchanged": "dim", "rejected": "bold red"}
DETAILED_ROWS = 100


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    outcome: str
    article_id: int | None = None
    reason: str = ""


def _reason(problem: dict[str, object] | None) -> str:
    if not problem:
        return ""
    reason = str(problem.get("detail", ""))
    errors = problem.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, dict):
            where = ".".join(str(p) for p in first.get("loc", []))
            reason += f" ({where}: {first.get('msg', '')})" if where else f" ({first.get('msg')})"
    return reason


def result_of(item: Item, status: ArticleStatus) -> Result:
    outcome = ingest_outcome(status.status, status.revision)
    return Result(item.label, outcome, status.article_id, _reason(status.problem))


async def ingest_items(
    client: AsyncFactstoreClient,
    items: Sequence[Item],
    *,
    extract: bool | None,
    batch_size: int,
    console: Console,
    concurrency: int = 2,
) -> list[Result]:
    """Post the items in batches, `concurrency` requests at a time (so the server
    parses and extracts one batch while it writes another); results keep the
    items' order.  A failed request cancels the others and is raised."""
    results = [Result(i.label, "rejected", reason=i.error) for i in items if i.error is not None]
    postable = [i for i in items if i.body is not None]
    progress = Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    batches = [postable[i : i + batch_size] for i in range(0, len(postable), batch_size)]
    window = asyncio.Semaphore(concurrency)
    with progress:
        task = progress.add_task("ingest", total=len(postable))

        async def post(batch: Sequence[Item]) -> list[ArticleStatus]:
            async with window:
                statuses = await client.post_bulk(
                    [i.body for i in batch if i.body], extract=extract
                )
            progress.advance(task, len(batch))
            return statuses

        try:
            async with asyncio.TaskGroup() as group:
                posts = [group.create_task(post(batch)) for batch in batches]
        except ExceptionGroup as failed:  # the first failure is the one to report
            raise failed.exceptions[0] from None
    for batch, posted in zip(batches, posts, strict=True):
        results += [result_of(i, s) for i, s in zip(batch, posted.result(), strict=True)]
    return results


def summary_tables(results: Sequence[Result]) -> list[Table]:
    """Counts by outcome, then the files: all of them, or past `DETAILED_ROWS` only
    the revised and rejected ones."""
    counts = Counter(r.outcome for r in results)
    totals = Table(title="Ingested")
    for outcome in OUTCOMES:
        totals.add_column(outcome, justify="right", style=_STYLES[outcome])
    totals.add_row(*(str(counts[o]) for o in OUTCOMES))
    shown = (
        list(results)
        if len(results) <= DETAILED_ROWS
        else [r for r in results if r.outcome in ("revised", "rejected")]
    )
    files = Table(title="Files")
    files.add_column("file", overflow="fold")
    files.add_column("outcome")
    files.add_column("article", justify="right")
    files.add_column("reason", overflow="fold")
    for r in shown:
        files.add_row(
            escape(r.label),
            f"[{_STYLES[r.outcome]}]{r.outcome}[/]",
            "" if r.article_id is None else str(r.article_id),
            escape(r.reason),
        )
    return [totals, files]
