"""`factstore worker`: take ingestion jobs from the queue until stopped."""

from __future__ import annotations

from app.articles.extraction import get_pool, shutdown_pools
from app.articles.tasks import QUEUE
from app.core.config import Settings
from app.core.db import create_engine, create_sessionmaker
from app.core.heap import freeze_startup_objects
from app.jobs.queue import make_queue


async def run_worker(settings: Settings, url: str, *, concurrency: int, wait: bool = True) -> None:
    """Run jobs (`wait=False`: only those queued now, then return).

    Unless `FACTSTORE_EXTRACT_WORKERS` says otherwise, a worker extracts in its own
    process: one worker is one core's worth of extraction; start one per core.
    """
    if settings.extract_workers is None:
        settings = settings.model_copy(update={"extract_workers": 0})
    if settings.extract_default:
        get_pool(settings).warm_up()  # load the model before the first job
    engine = create_engine(settings, url)
    queue = make_queue(url)
    freeze_startup_objects()
    try:
        async with queue.open_async():
            await queue.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                wait=wait,
                additional_context={
                    "sessionmaker": create_sessionmaker(engine),
                    "settings": settings,
                },
            )
    finally:
        shutdown_pools()
        await engine.dispose()
