"""The cyclic garbage collector held off while long-lived data is made.

Loading the lexicon and rules makes some 400,000 objects that live as long as the process. While they are
made, every full collection walks all those made so far: about 0.4 s of a worker's start-up goes to
collections that find nothing to free (2,338 objects, measured). Once loaded they are put out of the
collector's sight (`refreeze()`, beside start-up: app/main.py), and again after a reload has replaced them
(app/background.py).
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


def refreeze() -> None:
    """Everything alive now out of the collector's sight (a full collection of the loaded data takes 0.13 s,
    and would otherwise come back at intervals and stop every request). What was frozen before and is
    garbage now (the data a reload replaced, held in cycles) is collected first, or it would never be."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
