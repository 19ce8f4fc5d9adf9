"""python -m app serve: migrate, then serve the API with uvicorn."""

import argparse
import sys

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
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=get_settings().log_level.lower(),
        timeout_graceful_shutdown=30,
    )
    return 0


def register(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
