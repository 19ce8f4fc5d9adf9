"""The cyclic garbage collector held off while long-lived data is made.

Loading the lexicon and rules makes some 400,000 objects that live as long as the process. While they are
made, every full collection walks all those made so far: about 0.4 s of a worker's start-up goes to
collections that find nothing to free (2,338 objects, measured). The service's lifespan then collects once
and puts the loaded data out of the collector's sight (`gc.freeze()`, app/main.py).
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside the block; the collector as it was after it (explicit gc.collect()
    calls still run)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
