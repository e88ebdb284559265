"""Making many objects that live as long as the build, without the cyclic garbage collector in the way.

Parsing 10,000 listings, or loading them from a cache or another process, makes about a million small objects with
no cycle among them (refcounting frees what is dropped). While they are made the collector would scan the growing
heap again and again: measured, a quarter of validation time, and three times as long to unpickle 5,000 validated
listings (0.94 s against 0.3 s). So it is paused while they are made, and they are then frozen out of later
collections (`gc.freeze`), else the first collection after resuming scans all of them. Refcounting still frees them.

The same goes for steps that make many objects and keep some (the search index's postings, the data files, 0.35 s
of collection at 10,000 listings): were the collector merely resumed after them, its next run would scan everything
they made that is still alive.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def long_lived():
    """Pause the cyclic collector for the block; freeze what exists at its end (see above)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()

