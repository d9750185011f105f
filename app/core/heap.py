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
    gc.set_threshold(*YOUNG_COLLECTIONS)


# CPython collects its youngest generation every 700 container allocations (net).
# A bulk batch makes hundreds of thousands of rows, facts and dicts that all live
# until the batch is written, so nearly every young collection finds only live
# objects, moves them up, and the older generations traverse them again later:
# work that frees nothing, since these objects die by reference counting.  Rarer
# young collections (and older ones after more of them) leave that work undone;
# the garbage that only a collection frees (reference cycles) waits longer for it.
YOUNG_COLLECTIONS = (20_000, 20, 10)
