"""python -m app purge-bodies: remove raw request bodies past the retention period."""

import argparse

from app import access_and_retention
from app.cli.common import Subparsers
from app.config import get_settings
from app.db import audit
from app.db.session import Database


def cmd_purge_bodies(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = settings.body_retention_days if args.days is None else args.days
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            purged = access_and_retention.purge_request_bodies(session, audit.cli_author(), days)
    finally:
        db.dispose()
    print(
        f"removed the request bodies of {purged} screenings older than {days} days"
        if days > 0
        else "retention is 0: request bodies are kept"
    )
    return 0


def register(sub: Subparsers) -> None:
    purge = sub.add_parser(
        "purge-bodies",
        help="remove raw request bodies past the retention period (results and statistics stay)",
    )
    purge.add_argument("--days", type=int, default=None, help="override BODY_RETENTION_DAYS")
    purge.set_defaults(func=cmd_purge_bodies)
