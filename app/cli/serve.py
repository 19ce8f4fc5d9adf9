"""python -m app serve: migrate, then serve the API with uvicorn."""

import argparse
import os
import shutil
import sys
import tempfile

from app.cli.common import Subparsers
from app.config import get_settings
from app.db.migrate import upgrade
from app.db.session import is_sqlite


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    url = get_settings().database_url
    if args.workers < 1:
        print("serve: --workers must be 1 or more", file=sys.stderr)
        return 2
    if args.workers > 1 and is_sqlite(url):
        print(
            f"serve: {args.workers} workers on SQLite ({url}): one process writes a SQLite file; serve one "
            "worker, or set DATABASE_URL to PostgreSQL for more (docs/operations.md)",
            file=sys.stderr,
        )
        return 2
    upgrade(url)
    # several workers: prometheus-client keeps the metrics in files they all write (app/metrics.py), in a
    # directory of this run's own (unless the deployment names one), set before the workers start
    own_dir = None
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        own_dir = tempfile.mkdtemp(prefix="screening-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    try:
        uvicorn.run(
            "app.main:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=get_settings().log_level.lower(),
            timeout_graceful_shutdown=30,
        )
    finally:
        if own_dir is not None:
            shutil.rmtree(own_dir, ignore_errors=True)
    return 0


def register(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
