"""HTTP benchmark: POST /v1/screenings under load, beside two floors served the same way.

    python bench/http_load.py [--database sqlite|postgresql|both] [--seconds 10] [--rounds 3]
                              [--connections 16 64]

For each database: the bare echo and the durable echo (bench/floors.py) and the service (`python -m app
serve`, one worker each), loaded in turn by wrk (Debian package `wrk`; loopback only, --seconds per run) with
declarations of the evaluation corpus, each request a new reference (so the service screens and stores every
one rather than finding it stored). The three take turns, --rounds times, so that drifting background load
on a shared machine touches all three alike; each figure is the median of its rounds. Prints req/s, p50 and
p99 per server and concurrency, and the service's ratios to the durable echo (goal: throughput >= 60%,
p99 <= 2x at concurrency 16).
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import environment, free_port, serve, wait_ready  # noqa: E402

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def lua_script(key: str, texts: list[str]) -> str:
    bodies = ",\n".join(f"[==[{json.dumps(t, ensure_ascii=False)[1:-1]}]==]" for t in texts)
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
local texts = {{ {bodies} }}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local run = ""
function init(args)
  run = args[1]
end
local n = 0
function request()
  n = n + 1
  local body = '{{"reference":"BENCH-' .. run .. '-' .. tid .. '-' .. n ..
    '","origin_country":"CN","items":[{{"description":"' .. texts[n % #texts + 1] .. '"}}]}}'
  return wrk.format(nil, nil, nil, body)
end
"""


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
    while time.monotonic() < deadline:  # up once its OpenAPI page answers
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=1)
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


def run(kind: str, seconds: int, rounds: int, connections: list[int]) -> list[dict[str, Any]]:
    from app.db.migrate import upgrade
    from tests.conftest import create_database, drop_database
    from tests.evaluation import load_cases

    texts = [c.text for c in load_cases()][::25][:40]
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
            with serve(url, workdir) as server:
                script = workdir / "post.lua"
                script.write_text(lua_script(server.key, texts), encoding="utf-8")
                targets = {"service": server.url}
                floors = {name: floor(name, url) for name in ("bare", "durable")}
                targets |= {name: u for name, (u, _) in floors.items()}
                wait_ready(server.url, server.process)
                for c in connections:
                    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in ("bare", "durable", "service")}
                    for n in runs:
                        load(targets[n], script, c, 2)  # warm-up
                    for _ in range(rounds):
                        for n, done in runs.items():
                            done.append({"database": kind, "server": n, "connections": c})
                            done[-1] |= load(targets[n], script, c, seconds)
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
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    rows = [row for kind in kinds for row in run(kind, args.seconds, args.rounds, args.connections)]
    print(f"\nmedians of {args.rounds} rounds of {args.seconds} s")
    print(f"{'database':<11}{'server':<9}{'conn':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for r in rows:
        print(
            f"{r['database']:<11}{r['server']:<9}{r['connections']:>5}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['non_2xx']:>9.0f}"
        )
    print("\nservice / durable echo:")
    for kind in kinds:
        for c in args.connections:
            pick = {r["server"]: r for r in rows if r["database"] == kind and r["connections"] == c}
            s, d = pick["service"], pick["durable"]
            ratio, p99 = s["rps"] / d["rps"], s["p99_ms"] / d["p99_ms"]
            print(f"  {kind:<11} c{c:<3} throughput {ratio:.0%}  p99 {p99:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
