"""Building a large answer without the cyclic garbage collector's full passes.

CPython runs a full collection, which walks every live object, each time the objects
that survived earlier collections grow by a quarter; while one large answer is built
(the stored results of 60,000 cases: millions of tuples, lists and dicts) that is a
full walk of an ever larger heap over and over: 16 of them in one catalogue, which
took 16.3-17.3 s with them and 10.2-10.7 s without. Reference counting still frees
everything as usual; only cycles made meanwhile wait for the first collection after.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (and restore it as it was)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
