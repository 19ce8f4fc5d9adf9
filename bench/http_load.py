"""HTTP benchmark: POST /v1/screenings under load, beside three floors served the same way.

    python bench/http_load.py [--database sqlite|postgresql|both] [--seconds 10] [--rounds 3]
                              [--connections 16 64] [--mix realistic|one]

For each database: the bare echo, the durable echo and the lean durable echo (bench/floors.py) and the
service (`python -m app serve`, one worker each), loaded in turn by wrk (Debian package `wrk`; loopback only,
--seconds per run), each request a new reference (so the service screens and stores every one rather than
finding it stored). The declarations: `realistic` (issue 20's mix, the default): 1-10 items (3 on average),
descriptions of 40-300 characters made of the evaluation corpus's, a third of the goods lines repeating one
sent earlier, with a consignee and a crossing; `one`: one corpus description per declaration. The servers take
turns, --rounds times, so that drifting background load on a shared machine touches all alike; each figure is
the median of its rounds. On the realistic mix every run sends declarations of its own (seeded per run) and
wrk's threads take turns through them, so that the service never gets a declaration twice: its repeats are
the mix's third and no more.
Prints req/s, p50 and p99 per server and concurrency, and the service's ratios to the lean and the durable
echo (issue 20's goal, against the lean one: throughput >= 60 %, p99 <= 2x at concurrency 16).
"""

import argparse
import itertools
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import environment, free_port, serve, wait_ready  # noqa: E402

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}
SERVERS = ("bare", "durable", "lean", "service")


def lua_script(key: str, bodies: list[str]) -> str:
    """wrk's script: the declarations in turn, each given a reference never sent before."""
    quoted = ",\n".join(f"[==[{b[1:]}]==]" for b in bodies)  # each body without its opening brace
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
local bodies = {{ {quoted} }}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local run = ""
local stride = 1
function init(args)
  run = args[1]
  stride = tonumber(args[2])
end
local n = 0
function request()
  n = n + 1
  -- thread t sends bodies t, t + stride, t + 2 stride...: the threads never send the same declaration
  local body = '{{"reference":"BENCH-' .. run .. '-' .. tid .. '-' .. n .. '",'
    .. bodies[((n - 1) * stride + tid - 1) % #bodies + 1]
  return wrk.format(nil, nil, nil, body)
end
"""


ITEMS_WEIGHTS = (30, 20, 14, 10, 8, 6, 4, 3, 3, 2)  # 1 to 10 items a declaration: 3.0 on average
# Declarations in one run's script: more than the service answers in a run (about 3,000 in 10 s at the most
# seen), so that it never receives the same declaration twice; the floors, faster, go round them again.
BODIES_PER_RUN = 6000


def one_item_bodies(texts: list[str]) -> list[str]:
    return [
        json.dumps({"origin_country": "CN", "items": [{"description": t}]}, ensure_ascii=False) for t in texts
    ]


def realistic_bodies(texts: list[str], count: int = 2000, seed: int = 5) -> list[str]:
    """Declarations as clearance systems send them (issue 20): 1-10 items, descriptions of 40-300 characters
    (corpus descriptions joined), about a third of the goods lines repeating one sent earlier."""
    rng = random.Random(seed)
    sent: list[dict[str, Any]] = []
    bodies = []
    for i in range(count):
        items = []
        for _ in range(rng.choices(range(1, 11), weights=ITEMS_WEIGHTS)[0]):
            if sent and rng.random() < 1 / 3:
                items.append(rng.choice(sent))
                continue
            target, parts = rng.randint(40, 300), [rng.choice(texts)]
            while len("; ".join(parts)) < target:
                parts.append(rng.choice(texts))
            while len("; ".join(parts)) > 300 and len(parts) > 1:
                parts.pop()
            item = {"description": "; ".join(parts), "net_weight_kg": rng.randint(50, 20000)}
            sent.append(item)
            items.append(item)
        body = {
            "direction": "import",
            "origin_country": "CN",
            "crossing": rng.choice(["Khorgos", "Torugart", "Irkeshtam", "Kulma"]),
            "consignee": {"name": f"Company {i % 60} LLP", "country": rng.choice(["KZ", "KG", "TJ"])},
            "items": items,
        }
        bodies.append(json.dumps(body, ensure_ascii=False))
    return bodies


def write_script(workdir: Path, key: str, corpus: list[str], mix: str, seeds: Iterator[int]) -> Path:
    """A new script for each run: on the realistic mix, declarations never sent before (the service's memory
    of items sees the mix's own repeats only, none of an earlier run's)."""
    seed = next(seeds)
    bodies = (
        realistic_bodies(corpus, count=BODIES_PER_RUN, seed=seed)
        if mix == "realistic"
        else one_item_bodies(corpus[::25][:40])
    )
    path = workdir / f"post-{seed}.lua"
    path.write_text(lua_script(key, bodies), encoding="utf-8")
    return path


def parse_wrk(output: str) -> dict[str, float]:
    def latency(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return round(float(m.group(1)) * _UNITS[m.group(2)], 2) if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if sock else 0.0,
    }


def load(url: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"{url}/v1/screenings",
            "--",
            uuid.uuid4().hex[:12],  # a new run: its references were never sent before (no resends)
            str(threads),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 120,
    ).stdout
    return parse_wrk(out)


def floor(app: str, database_url: str) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            f"bench.floors:{app}",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # up once it answers (the lean floor answers a GET with 422)
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=1)
            return url, process
        except urllib.error.HTTPError:
            return url, process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the {app} floor did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over the rounds (figures taken one by one)."""
    row = dict(runs[0])
    for field in ("rps", "p50_ms", "p99_ms"):
        row[field] = statistics.median(r[field] for r in runs)
    row["non_2xx"] = sum(r["non_2xx"] for r in runs)
    row["rounds"] = len(runs)
    return row


def run(
    kind: str, seconds: int, rounds: int, connections: list[int], mix: str, workers: int = 1
) -> list[dict[str, Any]]:
    from app.db.migrate import upgrade
    from tests.conftest import create_database, drop_database
    from tests.evaluation import load_cases

    corpus = [c.text for c in load_cases()]
    seeds = itertools.count(1)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = (
            f"sqlite:///{workdir / 'bench.db'}"
            if kind == "sqlite"
            else create_database(f"bench_{os.getpid()}")
        )
        try:
            upgrade(url)
            with serve(url, workdir, workers=workers) as server:
                script = partial(write_script, workdir, server.key, corpus, mix, seeds)
                targets = {"service": server.url}
                floors = {name: floor(name, url) for name in SERVERS[:-1]}
                targets |= {name: u for name, (u, _) in floors.items()}
                wait_ready(server.url, server.process)
                for c in connections:
                    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in SERVERS}
                    for n in runs:
                        load(targets[n], script(), c, 2)  # warm-up
                    for _ in range(rounds):
                        for n, done in runs.items():
                            done.append({"database": kind, "server": n, "connections": c})
                            done[-1] |= load(targets[n], script(), c, seconds)
                            print(json.dumps(done[-1]), flush=True)
                    rows += [median_row(done) for done in runs.values()]
                for _, process in floors.values():
                    stop(process)
        finally:
            if kind == "postgresql":
                drop_database(url)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--mix", choices=("realistic", "one"), default="realistic")
    parser.add_argument("--workers", type=int, default=1, help="the service's workers (the floors keep one)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    rows = [
        row
        for kind in kinds
        for row in run(kind, args.seconds, args.rounds, args.connections, args.mix, args.workers)
    ]
    setup = f"{args.mix} mix, service with {args.workers} worker(s)"
    print(f"\n{setup}: medians of {args.rounds} rounds of {args.seconds} s")
    print(f"{'database':<11}{'server':<9}{'conn':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for r in rows:
        print(
            f"{r['database']:<11}{r['server']:<9}{r['connections']:>5}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['non_2xx']:>9.0f}"
        )
    for floor_name in ("lean", "durable"):
        print(f"\nservice / {floor_name} echo:")
        for kind in kinds:
            for c in args.connections:
                pick = {r["server"]: r for r in rows if r["database"] == kind and r["connections"] == c}
                s, d = pick["service"], pick[floor_name]
                ratio, p99 = s["rps"] / d["rps"], s["p99_ms"] / d["p99_ms"]
                print(f"  {kind:<11} c{c:<3} throughput {ratio:.0%}  p99 {p99:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
