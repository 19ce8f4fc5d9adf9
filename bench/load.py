"""Load test: N screenings from C concurrent clients against a real service process, then a check that
every 200 answer is in the database exactly once.

    python bench/load.py [--database sqlite|postgresql|both] [--requests 20000] [--clients 50]
                         [--max-seconds 600] [--resend 0.05]

Loopback only. Each client sends declarations with its own references (a mix of Chinese, Russian and English
goods from the evaluation corpus); a share `--resend` are identical copies of one sent before, which must come
back as the same screening. Sending stops after --max-seconds even if fewer requests were sent. Prints
throughput, answers by status, latency percentiles, and the database check; exits 1 if the check fails.
PostgreSQL: a fresh database on the local server (TEST_POSTGRES_URL's server), dropped afterwards.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import serve  # noqa: E402

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # reference -> screening id (200s)
    mismatched_resends: int = 0
    seconds: float = 0.0


def descriptions() -> list[str]:
    from tests.evaluation import load_cases

    return [c.text for c in load_cases()]


async def client(
    number: int,
    todo: asyncio.Queue[int],
    url: str,
    key: str,
    texts: list[str],
    out: Outcome,
    deadline: float,
    resend: float,
) -> None:
    import httpx2

    rng = random.Random(number)
    sent: list[dict[str, object]] = []
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx2.AsyncClient(base_url=url, timeout=60) as http:
        while time.monotonic() < deadline:
            try:
                todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            if sent and rng.random() < resend:
                body = rng.choice(sent)
            else:
                body = {
                    "reference": f"LOAD-{number}-{len(sent)}",
                    "origin_country": "CN",
                    "items": [{"description": rng.choice(texts)} for _ in range(rng.choice((1, 1, 2, 3)))],
                }
                sent.append(body)
            started = time.perf_counter()
            try:
                response = await http.post("/v1/screenings", json=body, headers=headers)
                status = response.status_code
            except httpx2.HTTPError:
                status = 0  # no answer at all
            out.latencies.append(time.perf_counter() - started)
            out.sent += 1
            out.statuses[status] += 1
            if status == 200:
                reference, screening_id = str(body["reference"]), response.json()["id"]
                known = out.answers.setdefault(reference, screening_id)
                out.mismatched_resends += known != screening_id


async def drive(
    url: str, key: str, requests: int, clients: int, max_seconds: float, resend: float
) -> Outcome:
    todo: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        todo.put_nowait(i)
    out = Outcome()
    texts = descriptions()
    started = time.monotonic()
    deadline = started + max_seconds
    await asyncio.gather(*(client(n, todo, url, key, texts, out, deadline, resend) for n in range(clients)))
    out.seconds = time.monotonic() - started
    return out


def check_database(database_url: str, out: Outcome) -> dict[str, int]:
    """Every answered screening is stored, once; nothing is stored that nobody got an answer for."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, reference FROM screenings WHERE reference LIKE 'LOAD-%'")).all()
    engine.dispose()
    ids = Counter(r.id for r in rows)
    references = Counter(r.reference for r in rows)
    answered = set(out.answers.values())
    return {
        "stored": len(rows),
        "answered_distinct": len(answered),
        "answered_missing": len(answered - set(ids)),
        "stored_twice": sum(1 for n in references.values() if n > 1),
        "stored_unanswered": len(set(ids) - answered),
        "resends_answered_differently": out.mismatched_resends,
    }


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def run(kind: str, requests: int, clients: int, max_seconds: float, resend: float) -> dict[str, object]:
    from tests.conftest import create_database, drop_database

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = (
            f"sqlite:///{workdir / 'load.db'}" if kind == "sqlite" else create_database(f"load_{os.getpid()}")
        )
        try:
            from app.db.migrate import upgrade

            upgrade(url)
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            self_before = resource.getrusage(resource.RUSAGE_SELF)
            with serve(url, workdir) as server:
                out = asyncio.run(drive(server.url, server.key, requests, clients, max_seconds, resend))
            cpu = {  # the server's CPU is known once it has exited (it is a child process)
                "server_cpu_s": round(
                    _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(children_before), 1
                ),
                "client_cpu_s": round(_cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(self_before), 1),
            }
            check = check_database(url, out)
        finally:
            if kind == "postgresql":
                drop_database(url)
    lat = out.latencies
    report: dict[str, object] = {
        "database": kind,
        "requests": out.sent,
        "clients": clients,
        "seconds": round(out.seconds, 1),
        "per_second": round(out.sent / out.seconds, 1) if out.seconds else 0,
        "statuses": dict(sorted(out.statuses.items())),
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "max_ms": round(max(lat, default=0) * 1000, 1),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else 0,
        **cpu,
        "check": check,
    }
    report["ok"] = (
        check["answered_missing"] == 0
        and check["stored_twice"] == 0
        and check["stored_unanswered"] == 0
        and check["resends_answered_differently"] == 0
        and check["stored"] == check["answered_distinct"]
    )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--resend", type=float, default=0.05)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    ok = True
    for kind in kinds:
        report = run(kind, args.requests, args.clients, args.max_seconds, args.resend)
        print(json.dumps(report, ensure_ascii=False))
        ok &= bool(report["ok"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
