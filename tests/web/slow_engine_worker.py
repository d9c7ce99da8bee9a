"""A queue worker whose runs are slow: started by the tests as a subprocess, killed
mid-run. The slowness is a fake random source (each draw of the robustness test takes
a while), not a sleep in onetext: ``python slow_engine_worker.py DATABASE_URL``."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from onetext.service.engine_queue import WorkerSettings, run_worker
from onetext.store.database import open_database

#: seconds each perturbed problem's draw takes
DRAW_SECONDS = 0.25


class SlowRandomness(np.random.Generator):
    """A seeded generator whose normal draws take ``DRAW_SECONDS`` each."""

    def normal(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(DRAW_SECONDS)
        return super().normal(*args, **kwargs)


def main() -> None:
    database = open_database(sys.argv[1])
    settings = WorkerSettings(heartbeat=0.5, stalled_after=2.0, name="slow-worker")
    run_worker(database, settings, randomness=lambda: SlowRandomness(np.random.PCG64(7)))


if __name__ == "__main__":
    main()
