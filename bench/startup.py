"""A worker's start-up, from outside: uvicorn started on `app.main:app` (one worker, a migrated SQLite file)
until `/readyz` answers 200, as a load balancer would first see it; then where its time went inside.

    python bench/startup.py [--rounds 5]

Each round is a new process: the interpreter, `import app.main` (the libraries), the lexicon and rules loaded
and indexed, the warm-up screening, the database opened. "ready" is the median of the rounds' wall times from
the process's start to the first 200 from /readyz (polled every 20 ms); the phases come from one more process
that times them in turn. Issues 18 and 20 ask for a start-up under 3 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import environment, free_port  # noqa: E402

_POLL = 0.02
_GIVE_UP = 120.0


def ready_seconds(database_url: str) -> float:
    """Seconds from starting a worker to its first 200 from /readyz."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=environment(database_url),
    )
    try:
        while time.perf_counter() - started < _GIVE_UP:
            if process.poll() is not None:
                raise SystemExit(f"the worker exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(_POLL)
        raise SystemExit(f"not ready after {_GIVE_UP:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


_PHASES = """
import time
t0 = time.perf_counter()
import app.main
t1 = time.perf_counter()
from pathlib import Path
from app.main import warm_up
from app.screening.pipeline import load_resources
res = load_resources(cache_dir=Path("var/cache"))
t2 = time.perf_counter()
warm_up(res)
t3 = time.perf_counter()
print(f"{t1 - t0:.2f} {t2 - t1:.2f} {t3 - t2:.2f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/startup.db"
        subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=ROOT, env=environment(url), check=True)
        times = [ready_seconds(url) for _ in range(args.rounds)]
    print(f"ready (/readyz 200) in s, {args.rounds} rounds: {', '.join(f'{t:.2f}' for t in times)}")
    print(f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s")
    phases = subprocess.run(
        [sys.executable, "-c", _PHASES],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print(
        f"inside one more process: import app.main {phases[0]} s, data loaded {phases[1]} s, "
        f"warm-up {phases[2]} s"
    )


if __name__ == "__main__":
    main()
