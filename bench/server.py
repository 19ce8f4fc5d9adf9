"""A real service process for benchmarks and end-to-end tests: `python -m app serve` on a free loopback
port against a given database, with an API key, stopped (SIGTERM) on exit."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    key: str
    process: subprocess.Popen[bytes]
    log: Path


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "RATE_LIMIT_PER_MINUTE": "0",
        "SECRET_KEY": "benchmark-secret-key-not-for-production",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def create_key(database_url: str, role: str = "system") -> str:
    out = subprocess.run(
        [sys.executable, "-m", "app", "keys", "create", "--role", role, "--name", "load"],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return out.stdout.strip().splitlines()[-1]


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready")


@contextmanager
def serve(database_url: str, workdir: Path, workers: int = 1, **env: str) -> Iterator[Server]:
    key = create_key(database_url)
    port = free_port()
    log = workdir / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT,
            env=environment(database_url, CACHE_DIR=str(workdir / "cache"), **env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        yield Server(url, key, process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
