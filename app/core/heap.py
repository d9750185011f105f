"""Keep the garbage collector off the objects a process holds for its whole life."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Exempt every object alive now (modules, the app, a loaded model) from collection.

    CPython's full collections traverse every tracked object.  Start-up leaves a few
    hundred thousand that live as long as the process, and ingestion, which makes
    many short-lived objects per article, triggers full collections that scanned
    them all again: a fifth of the API's CPU in bulk ingestion.  Frozen, they are
    skipped; objects made later are collected as before.
    """
    gc.collect()
    gc.freeze()
